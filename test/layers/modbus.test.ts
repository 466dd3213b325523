import assert from "node:assert/strict";
import { test } from "node:test";
import {
  Ether,
  IP,
  ModbusADURequest,
  ModbusADUResponse,
  ModbusPDU03ReadHoldingRegistersError,
  ModbusPDU03ReadHoldingRegistersRequest,
  ModbusPDU03ReadHoldingRegistersResponse,
  ModbusPDU0FWriteMultipleCoilsRequest,
  ModbusPDU10WriteMultipleRegistersRequest,
  ModbusPDU11ReportSlaveIdRequest,
  ModbusPDU11ReportSlaveIdResponse,
  ModbusPDU14ReadFileRecordError,
  ModbusPDU14ReadFileRecordRequest,
  ModbusPDU14ReadFileRecordResponse,
  ModbusPDU15WriteFileRecordRequest,
  ModbusPDU17ReadWriteMultipleRegistersRequest,
  ModbusPDU18ReadFIFOQueueRequest,
  ModbusPDU18ReadFIFOQueueResponse,
  ModbusPDU2B0EReadDeviceIdentificationError,
  ModbusPDU2B0EReadDeviceIdentificationRequest,
  ModbusPDU2B0EReadDeviceIdentificationResponse,
  ModbusPDUReservedFunctionCodeRequest,
  ModbusPDUUserDefinedFunctionCodeError,
  ModbusPDUUserDefinedFunctionCodeRequest,
  ModbusObjectId,
  ModbusReadFileSubRequest,
  ModbusReadFileSubResponse,
  ModbusWriteFileSubRequest,
  raw,
  TCP,
  type Packet,
} from "../../src/index.ts";
import { tsharkAvailable, tsharkField, tsharkRead } from "../tshark.ts";

const skip = tsharkAvailable() ? false : "tshark is not installed";

test("tshark reads Modbus/TCP as packetry builds it: requests, responses and exceptions, lengths and counts computed", { skip }, () => {
  let seqA = 1;
  let seqB = 1;
  const req = (pdu: Packet) => {
    const p = Ether({ src: "02:00:00:00:00:01", dst: "02:00:00:00:00:02" }).div(IP({ src: "10.0.0.1", dst: "10.0.0.2" }), TCP({ sport: 40000, dport: 502, flags: "PA", seq: seqA, ack: seqB }), ModbusADURequest({ transId: seqA, unitId: 1 }), pdu);
    seqA += raw(p.getLayer(ModbusADURequest)!).length;
    return p;
  };
  const resp = (pdu: Packet) => {
    const p = Ether({ src: "02:00:00:00:00:02", dst: "02:00:00:00:00:01" }).div(IP({ src: "10.0.0.2", dst: "10.0.0.1" }), TCP({ sport: 502, dport: 40000, flags: "PA", seq: seqB, ack: seqA }), ModbusADUResponse({ transId: seqA - 12, unitId: 1 }), pdu);
    seqB += raw(p.getLayer(ModbusADUResponse)!).length;
    return p;
  };
  const frames = [
    req(ModbusPDU03ReadHoldingRegistersRequest({ startAddr: 0x6b, quantity: 3 })),
    resp(ModbusPDU03ReadHoldingRegistersResponse({ registerVal: [0x022b, 0, 0x64] })),
    req(ModbusPDU10WriteMultipleRegistersRequest({ startAddr: 1, outputsValue: [10, 258] })),
    req(ModbusPDU0FWriteMultipleCoilsRequest({ startAddr: 0x13, quantityOutput: 10, outputsValue: [0xcd, 0x01] })),
    req(ModbusPDU17ReadWriteMultipleRegistersRequest({ readStartingAddr: 3, readQuantityRegisters: 6, writeStartingAddr: 14, writeRegistersValue: [0xff, 0xff, 0xff] })),
    resp(ModbusPDU03ReadHoldingRegistersError({ exceptCode: 2 })),
  ];
  const views = tsharkRead(frames);
  for (const view of views) {
    assert.match(view.protocols, /:tcp:mbtcp:modbus$/);
    assert.deepEqual(view.problems, []);
  }
  assert.equal(tsharkField(views[0]!, "mbtcp.len"), "6");
  assert.equal(tsharkField(views[0]!, "modbus.reference_num"), "107");
  assert.equal(tsharkField(views[1]!, "modbus.byte_cnt"), "6");
  assert.equal(tsharkField(views[2]!, "modbus.word_cnt"), "2");
  assert.equal(tsharkField(views[3]!, "modbus.bit_cnt"), "10");
  assert.equal(tsharkField(views[5]!, "modbus.exception_code"), "2");
});

test("tshark reads the function codes 11, 14, 15, 18 and 2B/0E as packetry builds them: sub-requests, objects, exceptions", { skip }, () => {
  let seqA = 1;
  let seqB = 1;
  const req = (pdu: Packet) => {
    const p = Ether({ src: "02:00:00:00:00:01", dst: "02:00:00:00:00:02" }).div(IP({ src: "10.0.0.1", dst: "10.0.0.2" }), TCP({ sport: 40001, dport: 502, flags: "PA", seq: seqA, ack: seqB }), ModbusADURequest({ transId: 7, unitId: 1 }), pdu);
    seqA += raw(p.getLayer(ModbusADURequest)!).length;
    return p;
  };
  const resp = (pdu: Packet) => {
    const p = Ether({ src: "02:00:00:00:00:02", dst: "02:00:00:00:00:01" }).div(IP({ src: "10.0.0.2", dst: "10.0.0.1" }), TCP({ sport: 502, dport: 40001, flags: "PA", seq: seqB, ack: seqA }), ModbusADUResponse({ transId: 7, unitId: 1 }), pdu);
    seqB += raw(p.getLayer(ModbusADUResponse)!).length;
    return p;
  };
  const frames = [
    req(ModbusPDU11ReportSlaveIdRequest()),
    resp(ModbusPDU11ReportSlaveIdResponse({ slaveId: "PLC", runIdicatorStatus: 0xff })),
    req(ModbusPDU14ReadFileRecordRequest().div(ModbusReadFileSubRequest({ fileNumber: 4, recordNumber: 1, recordLength: 2 }), ModbusReadFileSubRequest({ fileNumber: 3, recordNumber: 9, recordLength: 2 }))),
    resp(ModbusPDU14ReadFileRecordResponse().div(ModbusReadFileSubResponse({ recData: [0xdfe, 0x20] }), ModbusReadFileSubResponse({ recData: [0x33cd, 0x40] }))),
    req(ModbusPDU15WriteFileRecordRequest().div(ModbusWriteFileSubRequest({ fileNumber: 4, recordNumber: 7, recordData: [0x6af, 0x4be, 0x100d] }))),
    req(ModbusPDU18ReadFIFOQueueRequest({ FIFOPointerAddr: 0x4de })),
    resp(ModbusPDU18ReadFIFOQueueResponse({ FIFOVal: [0x1b8, 0x1284] })),
    req(ModbusPDU2B0EReadDeviceIdentificationRequest({ readCode: 1, objectId: 0 })),
    resp(ModbusPDU2B0EReadDeviceIdentificationResponse({ readCode: 1, conformityLevel: 0x81, objCount: 2 }).div(ModbusObjectId({ id: 0, value: "ACME" }), ModbusObjectId({ id: 1, value: "X-1" }))),
    resp(ModbusPDU14ReadFileRecordError({ exceptCode: 2 })),
    resp(ModbusPDU2B0EReadDeviceIdentificationError({ exceptCode: 1 })),
  ];
  const views = tsharkRead(frames);
  for (const view of views) {
    assert.match(view.protocols, /:tcp:mbtcp:modbus$/);
    assert.deepEqual(view.problems, []);
  }
  const mb = (i: number) => views[i]!.layers.modbus as Record<string, unknown>;
  assert.deepEqual(views.map((_, i) => mb(i)["modbus.func_code"]), ["17", "17", "20", "20", "21", "24", "24", "43", "43", "20", "43"]);
  assert.equal(mb(1)["modbus.data"], "03:50:4c:43:ff"); // tshark shows 11's answer as data: the count, the ID, the run indicator
  assert.equal(mb(2)["modbus.byte_cnt"], "14");
  assert.deepEqual(mb(2)["Group 1"], { "modbus.reference_type": "6", "modbus.reference_num_32": String(3 * 65536 + 9), "modbus.word_cnt": "2" });
  assert.equal((mb(3)["Group 1"] as Record<string, string>)["modbus.data"], "33:cd:00:40");
  assert.deepEqual(mb(4)["Group 0"], { "modbus.reference_type": "6", "modbus.reference_num_32": String(4 * 65536 + 7), "modbus.word_cnt": "3", "modbus.data": "06:af:04:be:10:0d" });
  assert.equal(mb(5)["modbus.reference_num"], "1246");
  assert.equal(mb(6)["modbus.byte_cnt_16"], "6");
  assert.equal(mb(6)["modbus.word_cnt"], "2");
  assert.equal(mb(7)["modbus.mei"], "14");
  assert.equal(mb(8)["modbus.conformity_level"], "0x81");
  assert.deepEqual((mb(8)["Objects"] as Record<string, unknown>)["Object #2"], { "modbus.object_id": "1", "modbus.objects_len": "3", "modbus.object_str_value": "X-1" });
  assert.equal(mb(9)["modbus.exception_code"], "2");
  assert.equal(mb(10)["modbus.exception_code"], "1");
});

test("Modbus from odd bytes: unknown codes are Scapy's user-defined or reserved PDUs, a byte count larger than the bytes reads what is there", () => {
  const unknown = ModbusADURequest(Uint8Array.of(0, 1, 0, 0, 0, 3, 1, 0x41, 0xaa));
  assert.deepEqual(unknown.layers().map((l) => l.name), ["ModbusADURequest", "ModbusPDUUserDefinedFunctionCodeRequest"]);
  assert.deepEqual(unknown.getLayer(ModbusPDUUserDefinedFunctionCodeRequest)!.getFieldValue("payload"), Uint8Array.of(0xaa));
  assert.equal(unknown.getLayer(ModbusPDUUserDefinedFunctionCodeRequest)!.summary(), "Modbus User-Defined Request Unknown user-defined request function Code");
  const error = ModbusADUResponse(Uint8Array.of(0, 1, 0, 0, 0, 2, 1, 0xc1));
  assert.deepEqual(error.layers().map((l) => l.name), ["ModbusADUResponse", "ModbusPDUUserDefinedFunctionCodeError"]);
  const reserved = ModbusADURequest(Uint8Array.of(0, 1, 0, 0, 0, 3, 1, 0x5a, 1));
  assert.equal(reserved.getLayer(ModbusPDUReservedFunctionCodeRequest)!.sprintf("%funcCode%"), "Specific Schneider Electric Request");
  // 2B without its MEI type: Raw (Scapy's guess fails on the missing byte).
  assert.deepEqual(ModbusADURequest(Uint8Array.of(0, 1, 0, 0, 0, 2, 1, 0x2b)).layers().map((l) => l.name), ["ModbusADURequest", "Raw"]);
  // More objects announced than there are bytes: the objects read what is there.
  const objects = ModbusADUResponse(Uint8Array.of(0, 1, 0, 0, 0, 12, 1, 0x2b, 0x0e, 1, 1, 0, 0, 9, 0, 0xff, 0x41));
  assert.deepEqual(objects.layers().map((l) => l.name).slice(0, 3), ["ModbusADUResponse", "ModbusPDU2B0EReadDeviceIdentificationResponse", "ModbusObjectId"]);
  // A user-defined PDU's payload field is at most 255 bytes, written padded to them.
  assert.equal(raw(ModbusPDUUserDefinedFunctionCodeRequest({ funcCode: 0x41 })).length, 256);
  assert.throws(() => ModbusPDU11ReportSlaveIdResponse({ slaveId: 5 } as never), /ModbusPDU11ReportSlaveIdResponse\.slaveId/);
  const big = ModbusADUResponse(Uint8Array.of(0, 1, 0, 0, 0, 7, 1, 3, 0xfe, 0, 1, 0, 2));
  assert.deepEqual(big.getLayer(ModbusPDU03ReadHoldingRegistersResponse)!.getFieldValue("registerVal"), [1, 2]);
  const empty = ModbusADURequest(Uint8Array.of(0, 1, 0, 0, 0, 1, 1));
  assert.deepEqual(empty.layers().map((l) => l.name), ["ModbusADURequest"]);
});
