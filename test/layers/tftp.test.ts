/** TFTP: tshark reads what packetry builds, request/reply matching, and TFTPSession's transfer ports. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { Ether, IP, raw, Raw, TFTP, TFTP_ACK, TFTP_DATA, TFTP_ERROR, TFTP_OACK, TFTP_Option, TFTP_Options, TFTP_RRQ, TFTP_WRQ, TFTPSession, tftpTransfers, UDP, type Packet } from "../../src/index.ts";
import { tsharkAvailable, tsharkField, tsharkRead } from "../tshark.ts";

const E = () => Ether({ src: "02:00:00:00:00:01", dst: "02:00:00:00:00:02" });
const to = (sport: number, dport: number, src = "10.0.0.1", dst = "10.0.0.2") => E().div(IP({ src, dst }), UDP({ sport, dport }));

test("tshark reads every TFTP message packetry builds, options included, with no malformed items", { skip: tsharkAvailable() ? false : "tshark is not installed" }, () => {
  const opts = TFTP_Options({ options: [TFTP_Option({ oname: "blksize", value: "1428" }), TFTP_Option({ oname: "tsize", value: "0" })] });
  const frames: Packet[] = [
    to(40000, 69).div(TFTP(), TFTP_RRQ({ filename: "boot.img" }), opts),
    to(40000, 69).div(TFTP({ op: "WRQ" }), TFTP_WRQ({ filename: "up.bin", mode: "netascii" })),
    to(40000, 69).div(TFTP({ op: "DATA" }), TFTP_DATA({ block: 7 }), Raw({ load: new Uint8Array(512) })),
    to(40000, 69).div(TFTP({ op: "ACK" }), TFTP_ACK({ block: 7 })),
    to(40000, 69).div(TFTP({ op: "ERROR" }), TFTP_ERROR({ errorcode: "File not found", errormsg: "nope" })),
    to(40000, 69).div(TFTP({ op: "OACK" }), TFTP_OACK(), opts),
  ];
  const views = tsharkRead(frames);
  const expected: Array<Record<string, string>> = [
    { "tftp.opcode": "1", "tftp.source_file": "boot.img", "tftp.type": "octet", "tftp.option.name": "blksize", "tftp.option.value": "1428" },
    { "tftp.opcode": "2", "tftp.destination_file": "up.bin", "tftp.type": "netascii" },
    { "tftp.opcode": "3", "tftp.block": "7" },
    { "tftp.opcode": "4", "tftp.block": "7" },
    { "tftp.opcode": "5", "tftp.error.code": "1", "tftp.error.message": "nope" },
    { "tftp.opcode": "6", "tftp.option.name": "blksize", "tftp.option.value": "1428" },
  ];
  views.forEach((view, i) => {
    // An ERROR packet is an expert note of its own (not a problem with the bytes).
    assert.deepEqual(view.problems.filter((m) => m !== "TFTP ERROR packet"), [], `frame ${i}`);
    for (const [k, v] of Object.entries(expected[i]!)) assert.equal(tsharkField(view, k), v, `frame ${i}: ${k}`);
  });
});

test("replies answer their requests as in Scapy", () => {
  const rrq = to(40000, 69).div(TFTP(), TFTP_RRQ({ filename: "f" }));
  const data1 = to(50000, 40000, "10.0.0.2", "10.0.0.1").div(TFTP({ op: 3 }), TFTP_DATA({ block: 1 }));
  const ack1 = to(40000, 50000).div(TFTP({ op: 4 }), TFTP_ACK({ block: 1 }));
  assert.ok(data1.getLayer(TFTP_DATA)!.answers(rrq.getLayer(TFTP_RRQ)!));
  assert.ok(ack1.getLayer(TFTP_ACK)!.answers(data1.getLayer(TFTP_DATA)!));
  assert.ok(!TFTP_ACK({ block: 2 }).answers(TFTP_DATA({ block: 1 })));
  assert.ok(TFTP_ACK({ block: 0 }).answers(TFTP_WRQ()));
  assert.ok(TFTP_ERROR().answers(TFTP_RRQ()));
  assert.ok(TFTP_OACK().answers(TFTP_RRQ()));
});

test("TFTPSession reads a transfer on the ports its two ends chose, and nothing else", () => {
  const bytes = (p: Packet) => Ether(raw(p));
  const capture = [
    bytes(to(40000, 69).div(TFTP(), TFTP_RRQ({ filename: "f" }))),
    bytes(to(50000, 40000, "10.0.0.2", "10.0.0.1").div(Raw({ load: Uint8Array.of(0, 3, 0, 1, 0x61) }))),
    bytes(to(40000, 50000).div(Raw({ load: Uint8Array.of(0, 4, 0, 1) }))),
    // Another server port answering the same client port is not this transfer.
    bytes(to(50001, 40000, "10.0.0.2", "10.0.0.1").div(Raw({ load: Uint8Array.of(0, 3, 0, 1) }))),
    // Nor is another client.
    bytes(to(40001, 50000, "10.0.0.3").div(Raw({ load: Uint8Array.of(0, 4, 0, 1) }))),
  ];
  assert.equal(capture[1]!.getLayer(TFTP), undefined);
  const read = tftpTransfers(capture);
  assert.deepEqual(read.map((p) => (p.getLayer(TFTP_DATA) ? "DATA" : p.getLayer(TFTP_ACK) ? "ACK" : p.getLayer(TFTP_RRQ) ? "RRQ" : "other")), ["RRQ", "DATA", "ACK", "other", "other"]);
  assert.equal(String(read[1]!.summary()), "Ether / IP / UDP 10.0.0.2:50000 > 10.0.0.1:40000 / TFTP / DATA 1 / Raw");
  // The capture's packets are left as they were (the session reads copies).
  assert.equal(capture[1]!.getLayer(TFTP), undefined);
  const s = new TFTPSession();
  assert.equal(s.process(capture[0]!), capture[0]);
});
