/** overlap_frag: the same fragments as Scapy's. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { bytesHex, ICMP, IP, overlapFrag, raw } from "../../src/index.ts";
import { scapy } from "./scapy.ts";

test("overlap_frag builds Scapy's fragments, with and without overlap_fragsize (by default the overlap is cut by fragsize)", () => {
  const p = () => IP({ src: "10.0.0.1", dst: "10.0.0.2", id: 7 }).div(ICMP()).div("A".repeat(40));
  const expected = scapy(
    `p = IP(src='10.0.0.1', dst='10.0.0.2', id=7)/ICMP()/('A'*40)\n` +
      `for f in overlap_frag(p, b'BBBBBBBB', fragsize=16): print(bytes(f).hex())\n` +
      `print('--')\n` +
      `for f in overlap_frag(p, b'BBBBBBBBCCCCCCCC', fragsize=16, overlap_fragsize=8): print(bytes(f).hex())\n` +
      `print('--')\n` +
      `for f in overlap_frag(p, ICMP()/('y'*16)): print(bytes(f).hex())`,
  ).trim();
  const ours = [...overlapFrag(p(), "BBBBBBBB", 16), "--", ...overlapFrag(p(), "BBBBBBBBCCCCCCCC", 16, 8), "--", ...overlapFrag(p(), ICMP().div("y".repeat(16)))].map((f) => (typeof f === "string" ? f : bytesHex(raw(f))));
  assert.equal(ours.join("\n"), expected);
  assert.equal(String(overlapFrag(p(), "BBBBBBBB", 16)[0]), "<IP  id=7 flags=MF frag=0 src=10.0.0.1 dst=10.0.0.2 |<Raw  load=b'BBBBBBBB' |>>");
});

test("a packet without IP is an error", () => {
  assert.throws(() => overlapFrag(ICMP(), "x"), /overlap_frag\(\): the packet has no IP layer/);
});
