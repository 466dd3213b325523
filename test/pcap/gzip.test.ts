import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { gzipSync } from "node:zlib";
import { bytesHex, CaptureError, PcapReader, raw, rdpcap, rdpcapAsync, readPcapBytes } from "../../src/index.ts";
import { fixture, tempDir, writeBigGzCapture } from "./helpers.ts";

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

test("cut gzip data: the whole packets before the cut and a warning, synchronously and streaming; strict throws", async () => {
  const gz = readFileSync(gzipped("scapy-le.pcap"));
  const path = join(dir, "cut.gz");
  writeFileSync(path, gz.subarray(0, gz.length - 30));
  const warnings: string[] = [];
  const onWarning = (w: string) => warnings.push(w);
  assert.equal(rdpcap(path, { onWarning }).length, 4);
  assert.equal((await rdpcapAsync(path, { onWarning })).length, 4);
  assert.equal(warnings.length, 2);
  for (const w of warnings) {
    assert.match(w, /cut\.gz: the gzip data stops before its end \(the file was cut short\) at compressed byte \d+; file ends in the middle of a record .*; 4 whole packets were read \(at byte offset 317 of the decompressed data\)/);
  }
  assert.throws(() => rdpcap(path, { strict: true }), (e: unknown) => e instanceof CaptureError && e.packets!.length === 4 && /the 4 whole packets before it were read/.test(e.message));
});

test("a .gz cut only in its trailer gives every packet, with a warning", () => {
  const gz = readFileSync(gzipped("scapy-le.pcap"));
  const path = join(dir, "no-trailer.pcap.gz");
  writeFileSync(path, gz.subarray(0, gz.length - 8));
  const warnings: string[] = [];
  assert.deepEqual(hexes(rdpcap(path, { onWarning: (w) => warnings.push(w) })), hexes(rdpcap(fixture("scapy-le.pcap"))));
  assert.equal(warnings.length, 1);
  assert.match(warnings[0]!, /no-trailer\.pcap\.gz: the gzip data stops before its end \(the file was cut short\) at compressed byte \d+; 5 whole packets were read/);
});

test("damaged gzip data (a wrong checksum) is said, after the packets it held", () => {
  const gz = readFileSync(gzipped("scapy-le.pcap"));
  gz[gz.length - 6]! ^= 0xff; // in the CRC-32 of the trailer
  const warnings: string[] = [];
  assert.equal(readPcapBytes(gz, { onWarning: (w) => warnings.push(w) }).length, 5);
  assert.match(warnings[0]!, /bytes: the gzip data is damaged \(incorrect data check\) at compressed byte/);
});

test("several gzip members in one file read as one capture (as gzip -d gives them)", () => {
  const whole = readFileSync(fixture("scapy-le.pcap"));
  const parts = [whole.subarray(0, 100), whole.subarray(100, 250), whole.subarray(250)].map((p) => gzipSync(p));
  const path = join(dir, "members.pcap.gz");
  writeFileSync(path, Buffer.concat(parts));
  assert.deepEqual(hexes(rdpcap(path, { onWarning: assert.fail })), hexes(rdpcap(fixture("scapy-le.pcap"))));
  // A member boundary at a read boundary too.
  assert.deepEqual(hexes(rdpcap(path, { chunkSize: parts[0]!.length, onWarning: assert.fail })), hexes(rdpcap(fixture("scapy-le.pcap"))));
});

test("the first packet of a big .pcap.gz comes without decompressing the whole file (constant memory)", () => {
  // 600,000 copies of one 54-byte frame: 42 MB of pcap, a few hundred KB of gzip.
  const path = join(dir, "big.pcap.gz");
  const record = writeBigGzCapture(path, 600_000);
  const before = process.memoryUsage().arrayBuffers;
  const r = new PcapReader(path);
  const first = r.read();
  const grew = process.memoryUsage().arrayBuffers - before;
  r.close();
  assert.equal(bytesHex(raw(first!)), bytesHex(record.subarray(16)));
  assert.ok(grew < 8 << 20, `reading one packet took ${grew} bytes of buffers`);
  let n = 0;
  for (const _ of new PcapReader(path)) n++;
  assert.equal(n, 600_000);
});
