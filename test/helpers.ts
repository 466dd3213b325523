/** Shared test helpers. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { bytesHex, fromHex, raw, type Packet } from "../src/index.ts";
import { liveOutput } from "../src/live/output.ts";

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

/** A small seeded generator (mulberry32) of numbers in [0, 1): fuzz tests replay their failures from the seed. */
export function seededRandom(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A packet as Scapy builds and prints it: the expression, our build, and Scapy's bytes, summary and repr. */
export interface ScapyCase {
  scapy: string;
  build: () => Packet;
  hex: string;
  summary: string;
  repr: string;
}

/** Two tests per case: it builds as Scapy (bytes, summary, repr), and it dissects and rebuilds identically. */
export function scapyCaseTests(label: string, cases: readonly ScapyCase[]): void {
  for (const c of cases) {
    test(`${label}builds as Scapy: ${c.scapy}`, () => {
      const p = c.build();
      assertBytes(p, c.hex);
      assert.equal(p.summary(), c.summary);
      assert.equal(String(p), c.repr);
    });
    test(`${label}dissects and rebuilds identically: ${c.scapy}`, () => {
      const d = roundTrip(c.build().layers()[0]!, c.hex);
      assert.equal(bytesHex(raw(d.rebuilt())), c.hex);
    });
  }
}

/** Runs `fn` with the text live functions print (sr's progress, machines' lines) captured instead of shown. */
export async function captureLiveOutput(fn: () => Promise<unknown>): Promise<string> {
  const write = liveOutput.write;
  let text = "";
  liveOutput.write = (chunk) => {
    text += chunk;
  };
  try {
    await fn();
  } finally {
    liveOutput.write = write;
  }
  return text;
}
