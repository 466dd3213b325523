/** Fletcher-16, against Scapy's fletcher16_checksum and fletcher16_checkbytes. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { fletcher16Checkbytes, fletcher16Checksum } from "../../src/index.ts";
import { seededRandom } from "../helpers.ts";
import { scapy } from "./scapy.ts";

test("checksums and check bytes equal Scapy's for random buffers (the check bytes' place zero or not: Scapy zeroes it)", () => {
  const rand = seededRandom(16);
  const cases = Array.from({ length: 40 }, () => {
    const n = 2 + Math.floor(rand() * 300);
    const buf = Uint8Array.from({ length: n }, () => Math.floor(rand() * 256));
    const at = Math.floor(rand() * (n - 1));
    if (rand() < 0.5) {
      buf[at] = 0;
      buf[at + 1] = 0;
    }
    return { buf, at };
  });
  const code = cases.map((c) => `print(fletcher16_checksum(bytes.fromhex('${Buffer.from(c.buf).toString("hex")}')), fletcher16_checkbytes(bytes.fromhex('${Buffer.from(c.buf).toString("hex")}'), ${c.at}).hex())`).join("\n");
  const expected = scapy(code).trim().split("\n");
  cases.forEach((c, i) => assert.equal(`${fletcher16Checksum(c.buf)} ${Buffer.from(fletcher16Checkbytes(c.buf, c.at)).toString("hex")}`, expected[i]));
});

test("check bytes make the whole buffer sum to zero", () => {
  const buf = Uint8Array.from([1, 2, 3, 4, 0, 0, 7, 8]);
  buf.set(fletcher16Checkbytes(buf, 4), 4);
  assert.equal(fletcher16Checksum(buf), 0);
});

test("no room for the check bytes is an error naming the sizes", () => {
  assert.throws(() => fletcher16Checkbytes(Uint8Array.of(1, 2), 5), /the buffer \(2 bytes\) has no room for 2 check bytes at offset 5/);
});
