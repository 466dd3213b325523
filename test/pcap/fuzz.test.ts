/**
 * Damaged captures never crash or hang the reader: random byte changes and cuts in real files
 * give packets, a warning, or a CaptureError — nothing else.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { CaptureError, readPcapBytes } from "../../src/index.ts";
import { fixture } from "./helpers.ts";
import { seededRandom } from "../helpers.ts";


for (const name of ["scapy-le.pcap", "scapy-be.pcap", "scapy.pcapng", "tshark-nrb.pcapng"]) {
  test(`${name}: 400 random damages give packets, a warning or a CaptureError`, () => {
    const original = readFileSync(fixture(name));
    const rnd = seededRandom(name.length * 7919);
    for (let round = 0; round < 400; round++) {
      const bytes = new Uint8Array(original);
      const changes = 1 + Math.floor(rnd() * 4);
      for (let c = 0; c < changes; c++) bytes[Math.floor(rnd() * bytes.length)] = Math.floor(rnd() * 256);
      const cut = rnd() < 0.3 ? Math.floor(rnd() * bytes.length) : bytes.length;
      const damaged = bytes.subarray(0, cut);
      try {
        const packets = readPcapBytes(damaged, { onWarning: () => undefined });
        for (const p of packets) p.build();
      } catch (e) {
        assert.ok(e instanceof CaptureError, `round ${round}: ${(e as Error).stack}`);
      }
    }
  });
}
