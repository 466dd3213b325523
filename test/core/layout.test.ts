import { test } from "node:test";
import assert from "node:assert/strict";
import { DNS, DNSQR, Ether, ICMP, IP, IPOption_NOP, packetLayout, raw, TCP } from "../../src/index.ts";

test("a built packet is laid out from its rebuilt bytes: every field at its byte offsets", () => {
  const layout = packetLayout(Ether({ dst: "00:11:22:33:44:55", src: "66:77:88:99:aa:bb" }).div(IP({ src: "10.0.0.1", dst: "10.0.0.2" }), ICMP(), "hello"));
  assert.deepEqual(layout.layers.map((l) => [l.layer.spec.name, l.start, l.headerEnd]), [["Ether", 0, 14], ["IP", 14, 34], ["ICMP", 34, 42], ["Raw", 42, 47]]);
  const ip = layout.layers[1]!;
  const at = (name: string) => ip.fields.find((f) => f.name === name)!;
  assert.deepEqual([at("version").bitStart, at("version").bitEnd, at("ihl").bitStart], [112, 116, 116]);
  assert.deepEqual([at("ttl").start, at("ttl").end, at("ttl").value], [22, 23, 64]);
  assert.deepEqual([at("src").start, at("src").end, at("src").value], [26, 30, "10.0.0.1"]);
  assert.equal(at("chksum").value, (layout.bytes[24]! << 8) | layout.bytes[25]!);
});

test("absent fields are left out, and packets held by a field are laid out as children", () => {
  const echo = packetLayout(IP().div(ICMP({ type: 3 })));
  assert.ok(!echo.layers[1]!.fields.some((f) => f.name === "id"));
  const withOptions = packetLayout(IP({ options: [IPOption_NOP(), IPOption_NOP()] }).div(TCP()));
  const options = withOptions.layers[0]!.fields.find((f) => f.name === "options")!;
  assert.deepEqual([options.start, options.end], [20, 24]);
  assert.deepEqual(options.children.slice(0, 2).map((c) => [c.layer.spec.name, c.start, c.headerEnd]), [["IPOption_NOP", 20, 21], ["IPOption_NOP", 21, 22]]);
  const dns = packetLayout(DNS(raw(DNS({ qd: DNSQR({ qname: "a.test" }) }))));
  const qd = dns.layers[0]!.fields.find((f) => f.name === "qd")!;
  assert.deepEqual(qd.children[0]!.fields.map((f) => [f.name, f.start, f.end]), [["qname", 12, 20], ["qtype", 20, 22], ["unicastresponse", 22, 23], ["qclass", 22, 24]]);
});

test("a dissected packet is described as it was read, unless asked to rebuild", () => {
  const bytes = raw(IP({ ttl: 9 }).div(TCP()));
  const p = IP(bytes);
  assert.equal(packetLayout(p).packet, p);
  assert.notEqual(packetLayout(p, { rebuild: true }).packet, p);
});
