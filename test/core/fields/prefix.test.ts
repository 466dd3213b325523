import assert from "node:assert/strict";
import { test } from "node:test";
import { bytesHex, EIGRPIntRoute, EIGRPv6IntRoute, raw } from "../../../src/index.ts";

// PrefixBytesAddressField, through EIGRP's routes (Scapy's EigrpIPField and EigrpIP6Field rules).

test("an IPv4 destination takes 1, 2, 3 or 4 bytes by its prefix length and reads back with zeros", () => {
  for (const [plen, bytes, dst, hex] of [
    [0, 1, "10.0.0.0", "0a"],
    [8, 1, "10.0.0.0", "0a"],
    [9, 2, "10.128.0.0", "0a80"],
    [24, 3, "192.168.1.0", "c0a801"],
    [25, 4, "192.168.1.128", "c0a80180"],
  ] as const) {
    const route = EIGRPIntRoute({ prefixlen: plen, dst });
    const wire = raw(route);
    assert.equal(wire.length, 25 + bytes, `/${plen}`);
    assert.equal(bytesHex(wire.subarray(25)), hex);
    assert.equal(EIGRPIntRoute(wire).dst, dst);
    assert.equal(EIGRPIntRoute(wire).len, 25 + bytes);
  }
});

test("the bytes written follow the prefix length as it is when built, not when the address was set", () => {
  const route = EIGRPIntRoute({ dst: "10.1.2.3" });
  route.prefixlen = 32;
  assert.equal(EIGRPIntRoute(raw(route)).dst, "10.1.2.3");
  route.prefixlen = 16;
  assert.equal(EIGRPIntRoute(raw(route)).dst, "10.1.0.0");
});

test("an IPv6 destination takes prefix length // 8 bytes, one more below 16, as Scapy's", () => {
  for (const [plen, bytes, dst, read] of [
    [0, 1, "::", undefined],
    [16, 3, "2001:db8::", "2001:d00::"], // the third byte is written: half of db8 comes back
    [64, 9, "2001:db8:1:2::", undefined],
    [128, 16, "2001:db8::1", undefined],
  ] as const) {
    const wire = raw(EIGRPv6IntRoute({ prefixlen: plen, dst }));
    assert.equal(wire.length, 37 + bytes, `/${plen}`);
    assert.equal(EIGRPv6IntRoute(wire).dst, read ?? dst);
  }
});

test("a destination cut short or a prefix length past 128 keep their bytes; a bad address is a clear error", () => {
  const wire = raw(EIGRPIntRoute({ prefixlen: 32, dst: "10.1.2.3" }));
  const cut = wire.subarray(0, wire.length - 2);
  assert.equal(bytesHex(raw(EIGRPIntRoute(cut))), bytesHex(cut));
  assert.doesNotThrow(() => EIGRPIntRoute(cut).show2({ dump: true }));
  const long = raw(EIGRPv6IntRoute({ prefixlen: 200, dst: "2001:db8::1" }));
  assert.equal(long.length, 37 + 16, "at most the address's 16 bytes are written");
  assert.equal(bytesHex(raw(EIGRPv6IntRoute(long))), bytesHex(long));
  assert.throws(() => EIGRPIntRoute({ dst: "not an address" }), /EIGRPIntRoute\.dst/);
});
