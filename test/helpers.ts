/** Shared test helpers. */
import assert from "node:assert/strict";
import { bytesHex, fromHex, raw, type Packet } from "../src/index.ts";

/** Asserts that a packet builds to these bytes (hex). */
export function assertBytes(pkt: Packet, hex: string): void {
  assert.equal(bytesHex(raw(pkt)), hex.replace(/\s/g, "").toLowerCase());
}

/** Dissect with `cls` and check that building gives the same bytes back. */
export function roundTrip<T extends Packet>(cls: (b: Uint8Array) => T, hex: string): T {
  const bytes = fromHex(hex);
  const p = cls(bytes);
  assert.equal(bytesHex(raw(p)), bytesHex(bytes), "dissect then build must give the same bytes");
  return p;
}
