import assert from "node:assert/strict";
import { test } from "node:test";
import { ARP, Dot1Q, Ether, FlagValue, fromHex, Padding, range, raw, Raw, bytesHex } from "../../src/index.ts";

test("fields read back as Scapy's internal values", () => {
  const a = ARP({ op: "is-at", psrc: "10.0.0.1", hwsrc: "AA:BB:CC:DD:EE:FF" });
  assert.equal(a.op, 2);
  assert.equal(a.psrc, "10.0.0.1");
  assert.equal(a.hwsrc, "aa:bb:cc:dd:ee:ff");
  assert.equal(a.hwlen, null);
});

test("unknown fields and bad values are TypeErrors naming layer and field", () => {
  // @ts-expect-error: the compiler rejects unknown field names too
  assert.throws(() => Ether({ dts: "x" }), (e: Error) => e instanceof TypeError && /Ether has no field "dts"/.test(e.message));
  assert.throws(() => ARP({ pdst: "300.1.2.3" }), (e: Error) => e instanceof TypeError && /ARP\.pdst/.test(e.message));
  assert.throws(() => Ether({ src: "00:11:22:33:44" }), (e: Error) => e instanceof TypeError && /Ether\.src/.test(e.message));
  assert.throws(() => ARP({ op: 70000 }), (e: Error) => e instanceof TypeError && /ARP\.op: 70000 is out of range/.test(e.message));
  assert.throws(() => Dot1Q({ vlan: 4096 }), /Dot1Q\.vlan/);
});

test("div copies both sides and stacks at the innermost layer", () => {
  const e = Ether({ src: "00:00:00:00:00:01" });
  const a = ARP({ pdst: "10.0.0.9" });
  const p = e.div(a, "tail");
  a.pdst = "10.0.0.1";
  e.src = "00:00:00:00:00:02";
  assert.equal(p.getLayer(ARP)!.pdst, "10.0.0.9");
  assert.equal(p.src, "00:00:00:00:00:01");
  assert.deepEqual(p.layers().map((l) => l.name), ["Ether", "ARP", "Raw"]);
  assert.equal(p.getLayer(ARP)!.underlayer, p);
  assert.equal(new TextDecoder().decode(p.getLayer(Raw)!.load), "tail");
});

test("bindings push values down when building and pick classes when dissecting", () => {
  const p = Ether().div(ARP());
  assert.equal(p.type, 0x806);
  assert.equal(p.toString().startsWith("<Ether  type=ARP |<ARP"), true);
  assert.equal(Ether().type, 0x9000);
});

test("a dissected packet keeps its bytes until a field changes; reset fields are computed again", () => {
  const bytes = raw(Ether({ dst: "ff:ff:ff:ff:ff:ff", src: "00:00:00:00:00:01" }).div(ARP({ hwsrc: "00:00:00:00:00:01", psrc: "10.0.0.1", pdst: "10.0.0.2" })));
  const hacked = bytes.slice();
  hacked[18] = 9; // hwlen says 9: a lie the cache must keep
  const d = Ether(hacked);
  assert.equal(bytesHex(raw(d)), bytesHex(hacked));
  const arp = d.getLayer(ARP)!;
  assert.equal(arp.hwlen, 9);
  arp.hwlen = null; // computed again at build
  arp.hwsrc = "00:00:00:00:00:01";
  const rebuilt = raw(d);
  assert.equal(rebuilt[18], 6);
});

test("copies are deep and independent; equality compares values", () => {
  const d = Ether(raw(Ether({ dst: "ff:ff:ff:ff:ff:ff", src: "00:00:00:00:00:01" }).div(Dot1Q({ vlan: 5 }), ARP())));
  const c = d.copy();
  c.getLayer(Dot1Q)!.vlan = 6;
  assert.equal(d.getLayer(Dot1Q)!.vlan, 5);
  assert.equal(Ether(raw(c)).getLayer(Dot1Q)!.vlan, 6);
  assert.ok(!d.equals(c));
  assert.ok(d.equals(d.copy()));
});

test("lists and ranges expand to several packets, last field slowest, payloads fastest", () => {
  const p = Ether({ src: ["00:00:00:00:00:01", "00:00:00:00:00:02"] }).div(Dot1Q({ vlan: range(1, 3), prio: [0, 1] }));
  const all = p.expand();
  assert.equal(all.length, 12);
  assert.deepEqual(
    all.slice(0, 4).map((x) => [x.src, x.getLayer(Dot1Q)!.vlan, x.getLayer(Dot1Q)!.prio]),
    [
      ["00:00:00:00:00:01", 1, 0],
      ["00:00:00:00:00:01", 1, 1],
      ["00:00:00:00:00:01", 2, 0],
      ["00:00:00:00:00:01", 2, 1],
    ],
  );
  assert.equal(raw(p).length, raw(all[0]!).length);
});

test("flags values print as names and convert to numbers", () => {
  const f = new FlagValue(18, [..."FSRPAUECN"], false);
  assert.equal(String(f), "SA");
  assert.equal(Number(f), 18);
  assert.equal(f.repr(), "<Flag 18 (SA)>");
  assert.ok(f.has("S") && f.has("SA") && !f.has("F"));
  assert.ok(f.is("SA") && f.is(18));
});

test("padding after a layer's declared length is kept and rebuilt after the payload", () => {
  const frame = fromHex("ffffffffffff000000000001" + "8100" + "0005" + "0010" + "00".repeat(16) + "abcd");
  const d = Ether(frame);
  assert.deepEqual(d.layers().map((l) => l.name), ["Ether", "Dot1Q", "LLC", "Raw", "Padding"]);
  assert.equal(bytesHex(d.getLayer(Padding)!.load), "abcd");
  assert.equal(bytesHex(raw(d)), bytesHex(frame));
});

test("a layer called with something that is neither field values nor bytes says what it takes", () => {
  // Scapy's IP(dst="x") typed as JavaScript passes a string: say how to call it instead of guessing.
  assert.throws(() => (Ether as unknown as (x: unknown) => unknown)("00:11:22:33:44:55"), /Ether\(\) takes field values as an object \(Ether\(\{dst: \.\.\.\}\)\) or bytes/);
  assert.throws(() => (Ether as unknown as (x: unknown) => unknown)(5), TypeError);
  assert.throws(() => (Ether as unknown as (x: unknown) => unknown)([1, 2]), TypeError);
});

test("sprintf %.time% shows the packet time to the microsecond", () => {
  const p = Ether();
  p.time = 1700000000.001;
  assert.match(p.sprintf("%.time%"), /^\d\d:\d\d:\d\d\.001000$/);
});
