/** computeNIGroupAddr (RFC 4620) and the solicited-node address neighsol sends to. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { normalizeIPv6 } from "../../src/core/addr.ts";
import { computeNIGroupAddr, solicitedNode } from "../../src/index.ts";
import { scapy } from "./scapy.ts";

test("the group is ff02::2: and the first 32 bits of the MD5 of the first label, lowercased, in DNS form", () => {
  const names = ["example.com", "Example", "www.lab.test", "zzz", "a"];
  // Python's hashlib for the digest, and Scapy's answer for the same names: Scapy 2.5 writes the
  // last bytes space-padded ("60 2" for 6002); with the spaces read as zeros, the addresses agree.
  const out = scapy(`import hashlib\nfor n in ${JSON.stringify(names)}:\n  l = n.split('.')[0].lower().encode()\n  print(hashlib.md5(bytes([len(l)]) + l).hexdigest()[:8], computeNIGroupAddr(n))`).trim().split("\n");
  names.forEach((n, i) => {
    const [digest, scapyAddr] = [out[i]!.slice(0, 8), out[i]!.slice(9)];
    const ours = computeNIGroupAddr(n);
    assert.equal(ours, `ff02::2:${digest.slice(0, 4).replace(/^0+(?=.)/, "")}:${digest.slice(4).replace(/^0+(?=.)/, "")}`, n);
    assert.equal(normalizeIPv6(scapyAddr.replace(/ /g, "0")), ours, n);
  });
});

test("solicited-node addresses", () => {
  assert.equal(solicitedNode("fd77::1"), "ff02::1:ff00:1");
  assert.equal(solicitedNode("fe80::2fc:ff:fe00:1"), "ff02::1:ff00:1");
  assert.equal(solicitedNode("2001:db8::abcd:ef12"), "ff02::1:ffcd:ef12");
  assert.throws(() => solicitedNode("10.0.0.1"), /not an IPv6 address/);
});
