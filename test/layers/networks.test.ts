import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { test } from "node:test";
import { fields, IP, IPv6 } from "../../src/index.ts";

const { MAX_NET_EXPANSION } = fields;

// A network as a destination stands for one packet per address, in Scapy's order (Net, Net6).

const IPV6_NETS = ["2001:db8::/126", "2001:db8::3/127", "fe80::1/126", "::/127", "2001:db8::5/128", "2001:db8:0:0:ffff::7/120", "2001:db8::ff/119"];
const IPV4_NETS = ["10.0.0.0/30", "10.0.0.3/31", "192.168.1.77/29", "10.0.0.5/32"];

/** What Debian's Scapy expands each network into (offline: it may try to resolve names). */
function scapyExpansions(): { v6: string[][]; v4: string[][] } | string {
  const code = `
import json
from scapy.all import IP, IPv6
print(json.dumps({"v6": [[p.dst for p in IPv6(dst=n)] for n in ${JSON.stringify(IPV6_NETS)}],
                  "v4": [[p.dst for p in IP(dst=n)] for n in ${JSON.stringify(IPV4_NETS)}]}))`;
  const r = spawnSync("unshare", ["-n", "/usr/bin/python3", "-c", code], { encoding: "utf8", timeout: 120_000 });
  if (r.status !== 0) return `Scapy could not run offline (${(r.error?.message ?? r.stderr).trim().split("\n").pop()})`;
  return JSON.parse(r.stdout.trim().split("\n").pop()!);
}

const scapy = scapyExpansions();

test("IPv6 and IPv4 networks expand as Scapy's Net6 and Net do: every address, lowest first", { skip: typeof scapy === "string" ? scapy : false }, () => {
  const { v6, v4 } = scapy as { v6: string[][]; v4: string[][] };
  IPV6_NETS.forEach((net, i) => assert.deepEqual([...IPv6({ dst: net })].map((p) => p.dst), v6[i], net));
  IPV4_NETS.forEach((net, i) => assert.deepEqual([...IP({ dst: net })].map((p) => p.dst), v4[i], net));
  assert.equal(v6[5]!.length, 256);
});

test("an IPv6 network as a source expands too", () => {
  assert.deepEqual([...IPv6({ src: "2001:db8::/127", dst: "2001:db8::1" })].map((p) => p.src), ["2001:db8::", "2001:db8::1"]);
});

test("a network too big to expand says the cause is the cap, with the count", () => {
  assert.equal(MAX_NET_EXPANSION, 1 << 20);
  assert.throws(() => IP({ dst: "10.0.0.0/8" }), {
    name: "TypeError",
    message: 'IP.dst: "10.0.0.0/8" stands for 16,777,216 addresses, more than the 1,048,576 one value may expand into (one packet each): use a longer prefix, or loop over smaller networks',
  });
  assert.throws(() => IPv6({ dst: "2001:db8::/64" }), { message: /^IPv6\.dst: "2001:db8::\/64" stands for 18,446,744,073,709,551,616 addresses, more than the 1,048,576/ });
  assert.throws(() => IPv6({ dst: "::/0" }), { message: /stands for 340,282,366,920,938,463,463,374,607,431,768,211,456 addresses/ });
  assert.throws(() => IP({ dst: "10.*.*.*" }), { message: /"10\.\*\.\*\.\*" stands for 16,777,216 addresses/ });
  // At the cap it still expands.
  assert.equal([...IP({ dst: "10.0.0.0/12" })].length, 1 << 20);
});

test("what is not a network is still an address error", () => {
  assert.throws(() => IPv6({ dst: "2001:db8::/129" }), { message: 'IPv6.dst: not an IPv6 address: "2001:db8::/129"' });
  assert.throws(() => IPv6({ dst: "2001:zz::/120" }), { message: 'IPv6.dst: not an IPv6 address: "2001:zz::/120"' });
  assert.throws(() => IP({ dst: "10.0.0.0/33" }), { message: 'IP.dst: not an IPv4 address: "10.0.0.0/33"' });
});
