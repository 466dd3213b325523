/**
 * Modbus/TCP as Scapy's contrib/modbus has it: the ADUs (ModbusADURequest on TCP 502 as
 * destination, ModbusADUResponse as source; the length computed from the PDU) and the request,
 * response and exception PDUs of every function code Scapy declares (01-08, 0B, 0C, 0F, 10, 11,
 * 14, 15, 16, 17, 18, and 2B/0E read device identification with its objects), chosen by the
 * function code (and the MEI type for 2B) as Scapy's guess_payload_class does; the file record
 * sub-requests and sub-responses follow their PDU as payloads, as Scapy's do. Other codes are
 * Scapy's reserved or user-defined PDUs (the code, then up to 255 bytes).
 */
import { bindLayers } from "../core/bind.ts";
import { defineLayer } from "../core/define.ts";
import type { AnyField } from "../core/field.ts";
import type { EnumTable } from "../core/fields/enums.ts";
import { bits } from "../core/fields/bits.ts";
import { countOf, lengthOf, payloadLength } from "../core/fields/computed.ts";
import { byte, byteEnum, IntField, short, xbyte, xshort, xshortEnum } from "../core/fields/integers.ts";
import { strFixedLen, strLen } from "../core/fields/strings.ts";
import type { Packet } from "../core/packet.ts";
import { fieldList } from "../core/fields/packets.ts";
import type { LayerRef } from "../core/state.ts";
import { TCP } from "./inet.ts";

export const MODBUS_EXCEPTIONS = {
  1: "Illegal Function Code", 2: "Illegal Data Address", 3: "Illegal Data Value", 4: "Server Device Failure", 5: "Acknowledge",
  6: "Server Device Busy", 8: "Memory Parity Error", 10: "Gateway Path Unavailable", 11: "Gateway Target Device Failed to Respond",
};

const REQUESTS = new Map<number, LayerRef>();
const RESPONSES = new Map<number, LayerRef>();
const ERRORS = new Map<number, LayerRef>();

/** Scapy's _ModbusPDUNoPayload: nothing after the PDU is a payload. */
const noPayload = { extractPadding: () => 0 } as const;

function pdu(map: Map<number, LayerRef>, code: number, name: string, displayName: string, fields: readonly AnyField[], opts: Record<string, unknown> = {}): LayerRef {
  const cls = defineLayer(name, [xbyte("funcCode", code), ...fields] as readonly AnyField[], { displayName, ...opts }) as unknown as LayerRef;
  map.set(code, cls);
  return cls;
}

function error(code: number, name: string, displayName: string, plain: boolean): LayerRef {
  return pdu(ERRORS, code | 0x80, name, displayName, [byteEnum("exceptCode", 1, MODBUS_EXCEPTIONS)], plain ? {} : noPayload);
}

/** A byte count computed from a list (Scapy's BitFieldLenField count_of, with its adjust), and the list it counts. */
function counted(count: string, list: string, item: AnyField, itemDefault: number, twice: boolean, size = 8): AnyField[] {
  return [bits(count, null, size).compute(countOf(list, twice ? (n) => n * 2 : undefined)), fieldList(list, [itemDefault], item as never) as AnyField];
}
const countFrom = (list: string, count: string) => ({ countFrom: { [list]: (p: Record<string, unknown>) => p[count] as number } });

const range = () => [xshort("startAddr", 0), xshort("quantity", 1)];

export const ModbusPDU01ReadCoilsRequest = pdu(REQUESTS, 0x01, "ModbusPDU01ReadCoilsRequest", "Read Coils Request", range(), noPayload);
export const ModbusPDU01ReadCoilsResponse = pdu(RESPONSES, 0x01, "ModbusPDU01ReadCoilsResponse", "Read Coils Response", counted("byteCount", "coilStatus", byte("", 0), 0, false), { ...noPayload, ...countFrom("coilStatus", "byteCount") });
export const ModbusPDU01ReadCoilsError = error(0x01, "ModbusPDU01ReadCoilsError", "Read Coils Exception", false);
export const ModbusPDU02ReadDiscreteInputsRequest = pdu(REQUESTS, 0x02, "ModbusPDU02ReadDiscreteInputsRequest", "Read Discrete Inputs", range(), noPayload);
export const ModbusPDU02ReadDiscreteInputsResponse = pdu(RESPONSES, 0x02, "ModbusPDU02ReadDiscreteInputsResponse", "Read Discrete Inputs Response", counted("byteCount", "inputStatus", byte("", 0), 0, false), countFrom("inputStatus", "byteCount"));
export const ModbusPDU02ReadDiscreteInputsError = error(0x02, "ModbusPDU02ReadDiscreteInputsError", "Read Discrete Inputs Exception", true);
export const ModbusPDU03ReadHoldingRegistersRequest = pdu(REQUESTS, 0x03, "ModbusPDU03ReadHoldingRegistersRequest", "Read Holding Registers", range(), noPayload);
export const ModbusPDU03ReadHoldingRegistersResponse = pdu(RESPONSES, 0x03, "ModbusPDU03ReadHoldingRegistersResponse", "Read Holding Registers Response", counted("byteCount", "registerVal", short("", 0), 0, true), countFrom("registerVal", "byteCount"));
export const ModbusPDU03ReadHoldingRegistersError = error(0x03, "ModbusPDU03ReadHoldingRegistersError", "Read Holding Registers Exception", true);
export const ModbusPDU04ReadInputRegistersRequest = pdu(REQUESTS, 0x04, "ModbusPDU04ReadInputRegistersRequest", "Read Input Registers", range(), noPayload);
export const ModbusPDU04ReadInputRegistersResponse = pdu(RESPONSES, 0x04, "ModbusPDU04ReadInputRegistersResponse", "Read Input Registers Response", counted("byteCount", "registerVal", short("", 0), 0, true), countFrom("registerVal", "byteCount"));
export const ModbusPDU04ReadInputRegistersError = error(0x04, "ModbusPDU04ReadInputRegistersError", "Read Input Registers Exception", true);
const coil = () => [xshort("outputAddr", 0), xshort("outputValue", 0)];
export const ModbusPDU05WriteSingleCoilRequest = pdu(REQUESTS, 0x05, "ModbusPDU05WriteSingleCoilRequest", "Write Single Coil", coil());
export const ModbusPDU05WriteSingleCoilResponse = pdu(RESPONSES, 0x05, "ModbusPDU05WriteSingleCoilResponse", "Write Single Coil", coil());
export const ModbusPDU05WriteSingleCoilError = error(0x05, "ModbusPDU05WriteSingleCoilError", "Write Single Coil Exception", true);
const register = () => [xshort("registerAddr", 0), xshort("registerValue", 0)];
export const ModbusPDU06WriteSingleRegisterRequest = pdu(REQUESTS, 0x06, "ModbusPDU06WriteSingleRegisterRequest", "Write Single Register", register(), noPayload);
export const ModbusPDU06WriteSingleRegisterResponse = pdu(RESPONSES, 0x06, "ModbusPDU06WriteSingleRegisterResponse", "Write Single Register Response", register());
export const ModbusPDU06WriteSingleRegisterError = error(0x06, "ModbusPDU06WriteSingleRegisterError", "Write Single Register Exception", true);
export const ModbusPDU07ReadExceptionStatusRequest = pdu(REQUESTS, 0x07, "ModbusPDU07ReadExceptionStatusRequest", "Read Exception Status", [], noPayload);
export const ModbusPDU07ReadExceptionStatusResponse = pdu(RESPONSES, 0x07, "ModbusPDU07ReadExceptionStatusResponse", "Read Exception Status Response", [xbyte("startAddr", 0)]);
export const ModbusPDU07ReadExceptionStatusError = error(0x07, "ModbusPDU07ReadExceptionStatusError", "Read Exception Status Exception", true);
export const ModbusPDU0FWriteMultipleCoilsRequest = pdu(REQUESTS, 0x0f, "ModbusPDU0FWriteMultipleCoilsRequest", "Write Multiple Coils", [xshort("startAddr", 0), xshort("quantityOutput", 1), ...counted("byteCount", "outputsValue", xbyte("", 0), 0, false)], countFrom("outputsValue", "byteCount"));
export const ModbusPDU0FWriteMultipleCoilsResponse = pdu(RESPONSES, 0x0f, "ModbusPDU0FWriteMultipleCoilsResponse", "Write Multiple Coils Response", [xshort("startAddr", 0), xshort("quantityOutput", 1)]);
export const ModbusPDU0FWriteMultipleCoilsError = error(0x0f, "ModbusPDU0FWriteMultipleCoilsError", "Write Multiple Coils Exception", true);
export const ModbusPDU10WriteMultipleRegistersRequest = pdu(
  REQUESTS,
  0x10,
  "ModbusPDU10WriteMultipleRegistersRequest",
  "Write Multiple Registers",
  [xshort("startAddr", 0), bits("quantityRegisters", null, 16).compute(countOf("outputsValue")), ...counted("byteCount", "outputsValue", xshort("", 0), 0, true)],
  countFrom("outputsValue", "byteCount"),
);
export const ModbusPDU10WriteMultipleRegistersResponse = pdu(RESPONSES, 0x10, "ModbusPDU10WriteMultipleRegistersResponse", "Write Multiple Registers Response", [xshort("startAddr", 0), xshort("quantityRegisters", 1)]);
export const ModbusPDU10WriteMultipleRegistersError = error(0x10, "ModbusPDU10WriteMultipleRegistersError", "Write Multiple Registers Exception", true);
export const MODBUS_DIAGNOSTICS = {
  0x0000: "Return Query Data", 0x0001: "Restart Communications Option", 0x0002: "Return Diagnostic Register", 0x0003: "Change ASCII Input Delimiter",
  0x0004: "Force Listen Only Mode", 0x000a: "Clear Counters and Diagnostic Register", 0x000b: "Return Bus Message Count",
  0x000c: "Return Bus Communication Error Count", 0x000d: "Return Bus Exception Error Count", 0x000e: "Return Slave Message Count",
  0x000f: "Return Slave No Response Count", 0x0010: "Return Slave NAK Count", 0x0011: "Return Slave Busy Count",
  0x0012: "Return Bus Character Overrun Count", 0x0014: "Clear Overrun Counter and Flag",
};
const diagnostics = () => [xshortEnum("subFunc", 0, MODBUS_DIAGNOSTICS), fieldList("data", [0], xshort("", 0) as never) as AnyField];
/** Exceptions of 08, 0B and 0C name their code exceptionCode (0C's without names), as Scapy's do. */
const exception = (code: number, name: string, displayName: string, named = true) => pdu(ERRORS, code | 0x80, name, displayName, [named ? byteEnum("exceptionCode", 1, MODBUS_EXCEPTIONS) : xbyte("exceptionCode", 1)], noPayload);
export const ModbusPDU08DiagnosticsRequest = pdu(REQUESTS, 0x08, "ModbusPDU08DiagnosticsRequest", "Diagnostics", diagnostics(), noPayload);
export const ModbusPDU08DiagnosticsResponse = pdu(RESPONSES, 0x08, "ModbusPDU08DiagnosticsResponse", "Diagnostics Response", diagnostics(), noPayload);
export const ModbusPDU08DiagnosticsError = exception(0x08, "ModbusPDU08DiagnosticsError", "Diagnostics Exception");
export const ModbusPDU0BGetCommEventCounterRequest = pdu(REQUESTS, 0x0b, "ModbusPDU0BGetCommEventCounterRequest", "Get Comm Event Counter", [], noPayload);
export const ModbusPDU0BGetCommEventCounterResponse = pdu(RESPONSES, 0x0b, "ModbusPDU0BGetCommEventCounterResponse", "Get Comm Event Counter Response", [xshort("status", 0), xshort("eventCount", 0xffff)], noPayload);
export const ModbusPDU0BGetCommEventCounterError = exception(0x0b, "ModbusPDU0BGetCommEventCounterError", "Get Comm Event Counter Exception");
export const ModbusPDU0CGetCommEventLogRequest = pdu(REQUESTS, 0x0c, "ModbusPDU0CGetCommEventLogRequest", "Get Comm Event Log", [], noPayload);
export const ModbusPDU0CGetCommEventLogResponse = pdu(
  RESPONSES,
  0x0c,
  "ModbusPDU0CGetCommEventLogResponse",
  "Get Comm Event Log Response",
  [byte("byteCount", 8), xshort("status", 0), xshort("eventCount", 0x0108), xshort("messageCount", 0x0121), fieldList("event", [0x20, 0x00], xbyte("", 0) as never) as AnyField],
  noPayload,
);
export const ModbusPDU0CGetCommEventLogError = exception(0x0c, "ModbusPDU0CGetCommEventLogError", "Get Comm Event Log Exception", false);
const mask = () => [xshort("refAddr", 0), xshort("andMask", 0xffff), xshort("orMask", 0)];
export const ModbusPDU16MaskWriteRegisterRequest = pdu(REQUESTS, 0x16, "ModbusPDU16MaskWriteRegisterRequest", "Mask Write Register", mask());
export const ModbusPDU16MaskWriteRegisterResponse = pdu(RESPONSES, 0x16, "ModbusPDU16MaskWriteRegisterResponse", "Mask Write Register Response", mask());
export const ModbusPDU16MaskWriteRegisterError = error(0x16, "ModbusPDU16MaskWriteRegisterError", "Mask Write Register Exception", true);
export const ModbusPDU17ReadWriteMultipleRegistersRequest = pdu(
  REQUESTS,
  0x17,
  "ModbusPDU17ReadWriteMultipleRegistersRequest",
  "Read Write Multiple Registers",
  [xshort("readStartingAddr", 0), xshort("readQuantityRegisters", 1), xshort("writeStartingAddr", 0), bits("writeQuantityRegisters", null, 16).compute(countOf("writeRegistersValue")), ...counted("byteCount", "writeRegistersValue", xshort("", 0), 0, true)],
  countFrom("writeRegistersValue", "byteCount"),
);
export const ModbusPDU17ReadWriteMultipleRegistersResponse = pdu(RESPONSES, 0x17, "ModbusPDU17ReadWriteMultipleRegistersResponse", "Read Write Multiple Registers Response", counted("byteCount", "registerVal", short("", 0), 0, true), countFrom("registerVal", "byteCount"));
export const ModbusPDU17ReadWriteMultipleRegistersError = error(0x17, "ModbusPDU17ReadWriteMultipleRegistersError", "Read Write Multiple Exception", true);


export const ModbusPDU11ReportSlaveIdRequest = pdu(REQUESTS, 0x11, "ModbusPDU11ReportSlaveIdRequest", "Report Slave Id", [], noPayload);
// The ID and the run indicator are there when the byte count (the ID's length) is not 0; left
// unset, when there is an ID (Scapy cannot build it unset: its condition compares None with 0).
const slaveIdThere = (p: { byteCount: number | null; slaveId: Uint8Array }): boolean => (p.byteCount === null ? p.slaveId.length > 0 : p.byteCount > 0);
export const ModbusPDU11ReportSlaveIdResponse = pdu(
  RESPONSES,
  0x11,
  "ModbusPDU11ReportSlaveIdResponse",
  "Report Slave Id Response",
  [bits("byteCount", null, 8).compute(lengthOf("slaveId")), strLen("slaveId", "", "byteCount"), xbyte("runIdicatorStatus", 0)],
  { when: { slaveId: slaveIdThere, runIdicatorStatus: slaveIdThere } },
);
export const ModbusPDU11ReportSlaveIdError = error(0x11, "ModbusPDU11ReportSlaveIdError", "Report Slave Id Exception", true);

/** A sub-request or sub-response after its PDU, each followed by the next (Scapy's guess_payload_class). */
const chained = (self: () => LayerRef) => ({ guessPayload: (_p: unknown, payload: Uint8Array) => (payload.length > 0 ? self() : undefined) });

export const ModbusReadFileSubRequest: LayerRef = defineLayer(
  "ModbusReadFileSubRequest",
  [byte("refType", 0x06), short("fileNumber", 0x0001), short("recordNumber", 0x0000), short("recordLength", 0x0001)],
  { displayName: "Sub-request of Read File Record", ...chained(() => ModbusReadFileSubRequest) },
) as unknown as LayerRef;
export const ModbusReadFileSubResponse: LayerRef = defineLayer(
  "ModbusReadFileSubResponse",
  [bits("respLength", null, 8).compute(countOf("recData", (n) => n * 2 + 1)), byte("refType", 0x06), fieldList("recData", [0], xshort("", 0) as never) as AnyField],
  { displayName: "Sub-response", countFrom: { recData: (p: Record<string, unknown>) => Math.floor(((p.respLength as number) - 1) / 2) }, ...chained(() => ModbusReadFileSubResponse) },
) as unknown as LayerRef;
/** The PDU's byte count is its payload's length (its sub-requests); sub-requests follow when it is not 0. */
const records = (count: string, sub: () => LayerRef) => ({
  guessPayload: (p: Record<string, unknown>, payload: Uint8Array) => ((p[count] as number) > 0 && payload.length > 0 ? sub() : undefined),
});
export const ModbusPDU14ReadFileRecordRequest = pdu(REQUESTS, 0x14, "ModbusPDU14ReadFileRecordRequest", "Read File Record", [byte("byteCount", null).compute(payloadLength())], records("byteCount", () => ModbusReadFileSubRequest));
export const ModbusPDU14ReadFileRecordResponse = pdu(RESPONSES, 0x14, "ModbusPDU14ReadFileRecordResponse", "Read File Record Response", [byte("dataLength", null).compute(payloadLength())], records("dataLength", () => ModbusReadFileSubResponse));
export const ModbusPDU14ReadFileRecordError = error(0x14, "ModbusPDU14ReadFileRecordError", "Read File Record Exception", true);

const writeSubFields = () =>
  [byte("refType", 0x06), short("fileNumber", 0x0001), short("recordNumber", 0x0000), bits("recordLength", null, 16).compute(lengthOf("recordData", (n) => Math.floor(n / 2))), fieldList("recordData", [0], short("", 0) as never) as AnyField] as const;
const recordData = { recordData: (p: Record<string, unknown>) => (p.recordLength as number) * 2 };
export const ModbusWriteFileSubRequest: LayerRef = defineLayer("ModbusWriteFileSubRequest", writeSubFields(), {
  displayName: "Sub request of Write File Record",
  lengthFrom: recordData,
  ...chained(() => ModbusWriteFileSubRequest),
}) as unknown as LayerRef;
export const ModbusWriteFileSubResponse: LayerRef = defineLayer("ModbusWriteFileSubResponse", writeSubFields(), {
  displayName: "Sub response of Write File Record",
  lengthFrom: recordData,
  ...chained(() => ModbusWriteFileSubResponse),
}) as unknown as LayerRef;
export const ModbusPDU15WriteFileRecordRequest = pdu(REQUESTS, 0x15, "ModbusPDU15WriteFileRecordRequest", "Write File Record", [byte("dataLength", null).compute(payloadLength())], records("dataLength", () => ModbusWriteFileSubRequest));
export const ModbusPDU15WriteFileRecordResponse = pdu(RESPONSES, 0x15, "ModbusPDU15WriteFileRecordResponse", "Write File Record Response", [byte("dataLength", null).compute(payloadLength())], records("dataLength", () => ModbusWriteFileSubResponse));
export const ModbusPDU15WriteFileRecordError = error(0x15, "ModbusPDU15WriteFileRecordError", "Write File Record Exception", true);

export const ModbusPDU18ReadFIFOQueueRequest = pdu(REQUESTS, 0x18, "ModbusPDU18ReadFIFOQueueRequest", "Read FIFO Queue", [xshort("FIFOPointerAddr", 0)]);
// As Scapy's, the values are read as many as the byte count says (what is there, at most).
export const ModbusPDU18ReadFIFOQueueResponse = pdu(
  RESPONSES,
  0x18,
  "ModbusPDU18ReadFIFOQueueResponse",
  "Read FIFO Queue Response",
  [bits("byteCount", null, 16).compute(countOf("FIFOVal", (n) => n * 2 + 2)), bits("FIFOCount", null, 16).compute(countOf("FIFOVal")), fieldList("FIFOVal", [], short("", 0) as never) as AnyField],
  countFrom("FIFOVal", "byteCount"),
);
export const ModbusPDU18ReadFIFOQueueError = error(0x18, "ModbusPDU18ReadFIFOQueueError", "Read FIFO Queue Exception", true);

export const MODBUS_DEVICE_ID_CODES = { 1: "Basic", 2: "Regular", 3: "Extended", 4: "Specific" };
export const MODBUS_DEVICE_ID_OBJECTS = { 0x00: "VendorName", 0x01: "ProductCode", 0x02: "MajorMinorRevision", 0x03: "VendorUrl", 0x04: "ProductName", 0x05: "ModelName", 0x06: "UserApplicationName" };
export const MODBUS_DEVICE_ID_CONFORMITY = {
  0x01: "Basic Identification (stream only)", 0x02: "Regular Identification (stream only)", 0x03: "Extended Identification (stream only)",
  0x81: "Basic Identification (stream and individual access)", 0x82: "Regular Identification (stream and individual access)", 0x83: "Extended Identification (stream and individual access)",
};
const MORE_FOLLOWS = { 0x00: "No", 0x01: "Yes" };

/** One object of a device identification response, each followed by the next. */
export const ModbusObjectId: LayerRef = defineLayer(
  "ModbusObjectId",
  [byteEnum("id", 0x00, MODBUS_DEVICE_ID_OBJECTS), bits("length", null, 8).compute(lengthOf("value")), strLen("value", "", "length")],
  { displayName: "Object", ...chained(() => ModbusObjectId) },
) as unknown as LayerRef;
const MEI_REQUESTS = new Map<number, LayerRef>();
const MEI_RESPONSES = new Map<number, LayerRef>();
export const ModbusPDU2B0EReadDeviceIdentificationRequest = defineLayer(
  "ModbusPDU2B0EReadDeviceIdentificationRequest",
  [xbyte("funcCode", 0x2b), xbyte("MEIType", 0x0e), byteEnum("readCode", 1, MODBUS_DEVICE_ID_CODES), byteEnum("objectId", 0x00, MODBUS_DEVICE_ID_OBJECTS)],
  { displayName: "Read Device Identification" },
);
MEI_REQUESTS.set(0x0e, ModbusPDU2B0EReadDeviceIdentificationRequest as unknown as LayerRef);
export const ModbusPDU2B0EReadDeviceIdentificationResponse = defineLayer(
  "ModbusPDU2B0EReadDeviceIdentificationResponse",
  [
    xbyte("funcCode", 0x2b),
    xbyte("MEIType", 0x0e),
    byteEnum("readCode", 4, MODBUS_DEVICE_ID_CODES),
    byteEnum("conformityLevel", 0x01, MODBUS_DEVICE_ID_CONFORMITY),
    byteEnum("more", 0x00, MORE_FOLLOWS),
    byteEnum("nextObjId", 0x00, MODBUS_DEVICE_ID_OBJECTS),
    // Not computed, as Scapy's: the objects follow when it is not 0.
    byte("objCount", 0x00),
  ],
  { displayName: "Read Device Identification", guessPayload: (p, payload) => (p.objCount > 0 && payload.length > 0 ? ModbusObjectId : undefined) },
);
MEI_RESPONSES.set(0x0e, ModbusPDU2B0EReadDeviceIdentificationResponse as unknown as LayerRef);
// Scapy names it so (it copied 07's).
export const ModbusPDU2B0EReadDeviceIdentificationError = error(0x2b, "ModbusPDU2B0EReadDeviceIdentificationError", "Read Exception Status Exception", true);

const reserved = (codes: number[], what: string): EnumTable => Object.fromEntries(codes.map((c) => [c, `0x${c.toString(16).padStart(2, "0")} Unknown Reserved ${what}`]));
const RESERVED_CODES = [0x09, 0x0a, 0x0d, 0x0e, 0x29, 0x2a, 0x5b, 0x7d, 0x7e, 0x7f];
export const MODBUS_RESERVED_REQUESTS: EnumTable = { ...reserved(RESERVED_CODES, "Request"), 0x5a: "Specific Schneider Electric Request" };
export const MODBUS_RESERVED_RESPONSES: EnumTable = { ...reserved(RESERVED_CODES, "Response"), 0x5a: "Specific Schneider Electric Response" };
// Scapy's table, its names as they are (0xA9 and 0xAA say 0x88).
export const MODBUS_RESERVED_ERRORS: EnumTable = {
  ...reserved([0x89, 0x8a, 0x8d, 0x8e, 0xdb, 0xdc, 0xfd, 0xfe, 0xff], "Error"),
  0xa9: "0x88 Unknown Reserved Error",
  0xaa: "0x88 Unknown Reserved Error",
  0xda: "Specific Schneider Electric Error",
};

/** Scapy's ModbusByteEnumField: a byte shown by its name, or by one text for every value the table lacks. */
export class ModbusByteEnumField<N extends string = string> extends IntField<N, number | string, number> {
  constructor(
    name: N,
    defaultValue: number,
    table: EnumTable,
    readonly defaultName: string,
  ) {
    super(name, defaultValue, 1, { enum: table, kindName: "ModbusByteEnumField" });
  }
  override repr(value: unknown, pkt: Packet): string {
    const known = super.repr(value, pkt);
    return typeof value === "number" && !(value in (this.options.enum as EnumTable)) ? this.defaultName : known;
  }
}

/** The function code, then up to 255 bytes in a field Scapy names payload (nothing follows: the PDU is the last layer). */
const other = (name: string, displayName: string, code: AnyField, kind: string) =>
  defineLayer(name, [code, strFixedLen("payload", "", 255)] as const, { displayName, ...noPayload, summary: `Modbus ${kind} %funcCode%` }) as unknown as LayerRef;
export const ModbusPDUReservedFunctionCodeRequest = other("ModbusPDUReservedFunctionCodeRequest", "Reserved Function Code Request", byteEnum("funcCode", 0x00, MODBUS_RESERVED_REQUESTS), "Reserved Request");
export const ModbusPDUReservedFunctionCodeResponse = other("ModbusPDUReservedFunctionCodeResponse", "Reserved Function Code Response", byteEnum("funcCode", 0x00, MODBUS_RESERVED_RESPONSES), "Reserved Response");
export const ModbusPDUReservedFunctionCodeError = other("ModbusPDUReservedFunctionCodeError", "Reserved Function Code Error", byteEnum("funcCode", 0x00, MODBUS_RESERVED_ERRORS), "Reserved Error");
export const ModbusPDUUserDefinedFunctionCodeRequest = other(
  "ModbusPDUUserDefinedFunctionCodeRequest",
  "User-Defined Function Code Request",
  new ModbusByteEnumField("funcCode", 0x00, {}, "Unknown user-defined request function Code"),
  "User-Defined Request",
);
export const ModbusPDUUserDefinedFunctionCodeResponse = other(
  "ModbusPDUUserDefinedFunctionCodeResponse",
  "User-Defined Function Code Response",
  new ModbusByteEnumField("funcCode", 0x00, {}, "Unknown user-defined response function Code"),
  "User-Defined Response",
);
export const ModbusPDUUserDefinedFunctionCodeError = other(
  "ModbusPDUUserDefinedFunctionCodeError",
  "User-Defined Function Code Error",
  new ModbusByteEnumField("funcCode", 0x00, {}, "Unknown user-defined error function Code"),
  "User-Defined Error",
);

/** 2B: by its MEI type (none known: the code's own class); the second byte missing, Raw (Scapy fails there). */
function mei(map: Map<number, LayerRef>, payload: Uint8Array): LayerRef | null | undefined {
  if (payload[0] !== 0x2b) return undefined;
  if (payload.length < 2) return null;
  return map.get(payload[1]!);
}

const aduFields = () => [xshort("transId", 0), xshort("protoId", 0), short("len", null).compute(payloadLength((n) => n + 1)), xbyte("unitId", 0xff)] as const;

export const ModbusADURequest = defineLayer("ModbusADURequest", aduFields(), {
  displayName: "ModbusADU",
  guessPayload: (_p, payload) => {
    if (payload.length === 0) return undefined;
    const code = payload[0]!;
    const m = mei(MEI_REQUESTS, payload);
    if (m !== undefined) return m;
    return REQUESTS.get(code) ?? (code in MODBUS_RESERVED_REQUESTS ? ModbusPDUReservedFunctionCodeRequest : ModbusPDUUserDefinedFunctionCodeRequest);
  },
});

export const ModbusADUResponse = defineLayer("ModbusADUResponse", aduFields(), {
  displayName: "ModbusADU",
  guessPayload: (_p, payload) => {
    if (payload.length === 0) return undefined;
    const code = payload[0]!;
    const m = mei(MEI_RESPONSES, payload);
    if (m !== undefined) return m;
    const known = RESPONSES.get(code) ?? ERRORS.get(code);
    if (known) return known;
    if (code in MODBUS_RESERVED_RESPONSES) return ModbusPDUReservedFunctionCodeResponse;
    if (code in MODBUS_RESERVED_ERRORS) return ModbusPDUReservedFunctionCodeError;
    return code < 0x80 ? ModbusPDUUserDefinedFunctionCodeResponse : ModbusPDUUserDefinedFunctionCodeError;
  },
});

bindLayers(TCP, ModbusADURequest, { dport: 502 });
bindLayers(TCP, ModbusADUResponse, { sport: 502 });
