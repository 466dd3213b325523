import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { bytesHex, CaptureError, PcapReader, raw, rdpcap, rdpcapAsync } from "../../src/index.ts";
import { fixture, tempDir } from "./helpers.ts";

const dir = tempDir();

/** Compressed by the real gzip tool. */
function gzipped(name: string): string {
  const out = join(dir, `${name}.gz`);
  writeFileSync(out, execFileSync("gzip", ["-c", fixture(name)]));
  return out;
}

const hexes = (pl: Iterable<Parameters<typeof raw>[0]>) => Array.from(pl, (p) => bytesHex(raw(p)));

for (const name of ["scapy-le.pcap", "scapy.pcapng"]) {
  test(`${name}.gz reads as ${name}, synchronously and streaming`, async () => {
    const gz = gzipped(name);
    const want = hexes(rdpcap(fixture(name)));
    const sync = rdpcap(gz);
    assert.equal(sync.name, `${name}.gz`);
    assert.deepEqual(hexes(sync), want);
    const r = new PcapReader(gz);
    const streamed = [];
    for await (const p of r) streamed.push(p);
    assert.deepEqual(hexes(streamed), want);
    assert.equal(r.compressed, true);
    // From compressed bytes handed over as a stream (what a browser has).
    const bytes = readFileSync(gz);
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < bytes.length; i += 50) c.enqueue(new Uint8Array(bytes.subarray(i, i + 50)));
        c.close();
      },
    });
    assert.deepEqual(hexes(await rdpcapAsync(stream)), want);
  });
}

test("gzip of something that is not a capture says so", () => {
  const path = join(dir, "text.gz");
  writeFileSync(path, execFileSync("gzip", ["-c"], { input: "hello world, not a capture" }));
  assert.throws(() => rdpcap(path), /text\.gz: gzip-compressed file holds something that is not a pcap or pcapng capture \(it starts with 68 65 6c 6c/);
});

test("cut gzip data is an error, synchronously and streaming", async () => {
  const gz = readFileSync(gzipped("scapy-le.pcap"));
  const path = join(dir, "cut.gz");
  writeFileSync(path, gz.subarray(0, gz.length - 30));
  assert.throws(() => rdpcap(path), (e: unknown) => e instanceof CaptureError && /gzip data is corrupt or cut short/.test(e.message));
  await assert.rejects(rdpcapAsync(path), /gzip data is corrupt or cut short|file ends in the middle/);
});
