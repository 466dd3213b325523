/**
 * Modbus/TCP as Scapy's contrib/modbus has it, in part: the ADUs (ModbusADURequest on TCP 502 as
 * destination, ModbusADUResponse as source; the length computed from the PDU) and the request,
 * response and exception PDUs of function codes 01-08, 0B, 0C, 0F, 10, 16 and 17, chosen by the
 * function code as Scapy's guess_payload_class does. Other function codes (slave ID 11, file records 14/15, FIFO 18, device identification 2B/0E, reserved and
 * user-defined codes) are not declared yet: their PDUs stay Raw.
 */
import { bindLayers } from "../core/bind.ts";
import { defineLayer } from "../core/define.ts";
import type { AnyField } from "../core/field.ts";
import { bits } from "../core/fields/bits.ts";
import { countOf, payloadLength } from "../core/fields/computed.ts";
import { byte, byteEnum, short, xbyte, xshort, xshortEnum } from "../core/fields/integers.ts";
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

const aduFields = () => [xshort("transId", 0), xshort("protoId", 0), short("len", null).compute(payloadLength((n) => n + 1)), xbyte("unitId", 0xff)] as const;

export const ModbusADURequest = defineLayer("ModbusADURequest", aduFields(), {
  displayName: "ModbusADU",
  guessPayload: (_p, payload) => (payload.length > 0 ? REQUESTS.get(payload[0]!) : undefined),
});

export const ModbusADUResponse = defineLayer("ModbusADUResponse", aduFields(), {
  displayName: "ModbusADU",
  guessPayload: (_p, payload) => (payload.length > 0 ? (RESPONSES.get(payload[0]!) ?? ERRORS.get(payload[0]!)) : undefined),
});

bindLayers(TCP, ModbusADURequest, { dport: 502 });
bindLayers(TCP, ModbusADUResponse, { sport: 502 });
