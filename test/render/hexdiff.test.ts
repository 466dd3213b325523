import { test } from "node:test";
import assert from "node:assert/strict";
import { ICMP, IP, THEMES, alignBytes, hexdiff, hexdiffText } from "../../src/index.ts";
import { seededRandom } from "../helpers.ts";

// Printed by Debian's Scapy 2.5 (hexdiff(raw(a), raw(a)) and an insertion of b"BB" into 40 "A"s).
const SCAPY_SAME = `0000 0000   45 00 00 21 00 01 00 00  40 01 70 DB 00 00 00 00   E..!....@.p.....
0010 0010   0A 00 00 01 08 00 B4 2D  00 00 00 00 68 65 6C 6C   .......-....hell
0020 0020   6F                                                 o`;
const SCAPY_INSERTED = `0000 0000   41 41 41 41 41 41 41 41  41 41 41 41 41 41 41 41   AAAAAAAAAAAAAAAA
0010        41 41 41 41       41 41  41 41 41 41 41 41 41 41   AAAA  AAAAAAAAAA
     0010   41 41 41 41 42 42 41 41  41 41 41 41 41 41 41 41   AAAABBAAAAAAAAAA
0020 0020   41 41 41 41 41 41 41 41  41 41                     AAAAAAAAAA`;

const a = IP({ src: "0.0.0.0", dst: "10.0.0.1", ttl: 64 }).div(ICMP(), "hello");
const b = IP({ src: "0.0.0.0", dst: "10.0.0.2", ttl: 63 }).div(ICMP(), "hellx!");

test("hexdiff prints as Scapy: equal rows once with both offsets, inserted bytes as gaps", () => {
  assert.equal(hexdiff(a, a, { dump: true }), SCAPY_SAME);
  const forty = new Uint8Array(40).fill(0x41);
  const inserted = new Uint8Array([...forty.subarray(0, 20), 0x42, 0x42, ...forty.subarray(20)]);
  assert.equal(hexdiff(forty, inserted, { dump: true }), SCAPY_INSERTED);
});

test("changed bytes pair up in place and an extra byte is kept (Scapy 2.5 drops the last one)", () => {
  const lines = hexdiff(a, b, { dump: true })!.split("\n");
  assert.deepEqual(lines.slice(0, 2), [
    "0000        45 00 00 21 00 01 00 00  40 01 70 DB 00 00 00 00   E..!....@.p.....",
    "     0000   45 00 00 22 00 01 00 00  3F 01 71 D9 00 00 00 00   E..\"....?.q.....",
  ]);
  assert.deepEqual(lines.slice(4), ["0020        6F                                                 o", "     0020   78 21                                              x!"]);
});

test("on a terminal the differing bytes take the theme's left and right colours", () => {
  const text = hexdiffText(a, b, THEMES.DefaultTheme);
  assert.match(text, /^0000        45 00 00 \x1b\[34;7m21\x1b\[0m 00 01/m, "the left side's changed byte in blue, inverted");
  assert.match(text, /^     0000   45 00 00 \x1b\[31;7m22\x1b\[0m 00 01/m, "the right side's in red, inverted");
  assert.doesNotMatch(hexdiffText(a, a, THEMES.DefaultTheme), /\x1b/, "equal rows are not coloured");
});

test("big inputs stay linear: a common prefix and suffix are trimmed, huge middles aligned in place", () => {
  const rnd = seededRandom(7);
  const x = Uint8Array.from({ length: 65_536 }, () => Math.floor(rnd() * 256));
  const y = x.slice();
  y[30_000] ^= 0xff;
  const one = alignBytes(x, y);
  assert.equal(one.length, 65_536);
  assert.equal(hexdiff(x, y, { dump: true })!.split("\n").length, 4096 + 1, "one row shown twice");
  const z = Uint8Array.from({ length: 65_536 }, () => Math.floor(rnd() * 256));
  assert.equal(alignBytes(x, z).length, 65_536, "no quadratic table for 64 KB against 64 KB");
  assert.throws(() => hexdiff(a, 42 as unknown as Uint8Array), /hexdiff compares packets, bytes or strings; its second argument is number/);
});
