import assert from "node:assert/strict";
import { test } from "node:test";
import { ARP, CookedLinux, Dot1AD, Dot1Q, Ether, fromHex, Loopback, raw, Raw } from "../../src/index.ts";
import { assertBytes, roundTrip } from "../helpers.ts";

// Bytes below come from Scapy (python3-scapy 2.5) building the same expressions.

test("Ether/ARP who-has builds as Scapy", () => {
  const p = Ether({ src: "00:11:22:33:44:55" }).div(ARP({ pdst: "192.168.1.1", hwsrc: "00:11:22:33:44:55", psrc: "192.168.1.10" }));
  assertBytes(p, "ffffffffffff00112233445508060001080006040001001122334455c0a8010a000000000000c0a80101");
  assert.equal(p.summary(), "Ether / ARP who has 192.168.1.1 says 192.168.1.10");
});

test("ARP op accepts names and reads back numbers", () => {
  const a = ARP({ op: "is-at" });
  assert.equal(a.op, 2);
  assert.throws(() => ARP({ op: "nonsense" }), /ARP\.op/);
});

test("ARP reply answers its request; the request does not answer the reply", () => {
  const req = Ether({ src: "00:00:00:00:00:01" }).div(ARP({ hwsrc: "00:00:00:00:00:01", psrc: "10.0.0.1", pdst: "10.0.0.2" }));
  const rep = Ether(fromHex("00000000000100000000000208060001080006040002000000000002" + "0a000002" + "000000000001" + "0a000001" + "00".repeat(18)));
  assert.equal(rep.summary(), "Ether / ARP is at 00:00:00:00:00:02 says 10.0.0.2 / Padding");
  assert.ok(rep.answers(req));
  assert.ok(!req.answers(rep));
  assert.equal(Buffer.from(rep.hashret()).toString("hex"), Buffer.from(req.hashret()).toString("hex"));
});

test("Dot1Q and Q-in-Q carry what Ether carries", () => {
  const p = Ether({ dst: "ff:ff:ff:ff:ff:ff", src: "00:00:00:00:00:01" }).div(Dot1AD({ vlan: 20 }), Dot1Q({ vlan: 10 }), ARP({ psrc: "1.2.3.4", pdst: "1.2.3.5", hwsrc: "00:00:00:00:00:01" }));
  const d = roundTrip(Ether, Buffer.from(raw(p)).toString("hex"));
  assert.deepEqual(d.layers().map((l) => l.name), ["Ether", "Dot1AD", "Dot1Q", "ARP"]);
  assert.equal(d.getLayer(Dot1Q)!.vlan, 10);
  assert.equal(d.getLayer(ARP)!.pdst, "1.2.3.5");
});

test("Ether with a length is 802.3", () => {
  const d = Ether(fromHex("0180c200000000112233445500260000030000000000"));
  assert.equal(d.layers()[0]!.name, "Dot3");
  assert.equal((d as unknown as { len: number }).len, 0x26);
});

test("cooked linux and loopback headers", () => {
  const sll = CookedLinux(fromHex("00000001000600112233445500000806" + "0001080006040001001122334455c0a8010a000000000000c0a80101"));
  assert.equal(sll.getLayer(ARP)!.psrc, "192.168.1.10");
  const lo = Loopback(fromHex("17000000" + "deadbeef"));
  assert.equal(lo.type, 23);
  assert.ok(lo.payload?.spec === Raw.spec);
});

test("truncated and garbage frames never throw", () => {
  assert.equal(raw(Ether(new Uint8Array(0))).length, 14, "empty bytes are a default packet, as Scapy's Ether(b'')");
  for (let n = 1; n < 60; n++) {
    const bytes = fromHex("ffffffffffff0011223344550806000108000604000100112233445500000000000000000000000000000000000000000000000000000000".slice(0, n * 2));
    const p = Ether(bytes);
    assert.equal(Buffer.from(raw(p)).toString("hex"), Buffer.from(bytes).toString("hex"));
    p.summary();
  }
});
