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
  ModbusPDU17ReadWriteMultipleRegistersRequest,
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

test("Modbus from odd bytes: an unknown function code is Raw, a byte count larger than the bytes reads what is there", () => {
  const unknown = ModbusADURequest(Uint8Array.of(0, 1, 0, 0, 0, 3, 1, 0x41, 0xaa));
  assert.deepEqual(unknown.layers().map((l) => l.name), ["ModbusADURequest", "Raw"]);
  const big = ModbusADUResponse(Uint8Array.of(0, 1, 0, 0, 0, 7, 1, 3, 0xfe, 0, 1, 0, 2));
  assert.deepEqual(big.getLayer(ModbusPDU03ReadHoldingRegistersResponse)!.getFieldValue("registerVal"), [1, 2]);
  const empty = ModbusADURequest(Uint8Array.of(0, 1, 0, 0, 0, 1, 1));
  assert.deepEqual(empty.layers().map((l) => l.name), ["ModbusADURequest"]);
});
