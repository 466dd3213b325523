import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { CaptureError, PcapReader, rdpcap, readPcapBytes } from "../../src/index.ts";
import { fixture, tempDir } from "./helpers.ts";

const dir = tempDir();

function file(name: string, bytes: Uint8Array | string): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

const classic = readFileSync(fixture("scapy-le.pcap"));
const ng = readFileSync(fixture("scapy.pcapng"));
// Record offsets in scapy-le.pcap (24-byte header, 16-byte record headers; frames of 54, 71, 42, 62, 60 bytes).
const RECORD = [24, 94, 181, 239, 317];

test("not a capture: one error naming the file and its first bytes", () => {
  const path = file("notes.txt", "#!/bin/sh\necho hello\n");
  assert.throws(
    () => rdpcap(path),
    (e: unknown) => e instanceof CaptureError && e.message === `${path}: file is not a pcap or pcapng capture (it starts with 23 21 2f 62 69 6e 2f 73)`,
  );
});

test("an empty file is an error, not an empty list", () => {
  const path = file("empty.pcap", new Uint8Array(0));
  assert.throws(() => rdpcap(path), (e: unknown) => e instanceof CaptureError && e.message === `${path}: empty file: not a pcap or pcapng capture`);
});

test("a file that is only a header holds no packets, without warnings", () => {
  const warnings: string[] = [];
  assert.equal(rdpcap(file("header.pcap", classic.subarray(0, 24)), { onWarning: (w) => warnings.push(w) }).length, 0);
  const shb = ng.readUInt32LE(4);
  assert.equal(rdpcap(file("header.pcapng", ng.subarray(0, shb)), { onWarning: (w) => warnings.push(w) }).length, 0);
  assert.deepEqual(warnings, []);
});

test("a file header cut short is an error", () => {
  assert.throws(() => rdpcap(file("short.pcap", classic.subarray(0, 10))), /file header cut short \(10 of 24 bytes\)/);
  assert.throws(() => rdpcap(file("tiny.pcap", classic.subarray(0, 3))), /too short to be a capture \(3 bytes: d4 c3 b2\)/);
});

test("a file cut inside a record: the whole packets before it, and a warning saying where", () => {
  for (const [cut, whole] of [
    [RECORD[2]! + 5, 2], // inside a record header
    [RECORD[2]! + 16 + 10, 2], // inside a record's data
    [classic.length - 1, 4], // one byte short
  ]) {
    const warnings: string[] = [];
    const path = file(`cut-${cut}.pcap`, classic.subarray(0, cut));
    const pl = rdpcap(path, { onWarning: (w) => warnings.push(w) });
    assert.equal(pl.length, whole);
    assert.equal(warnings.length, 1);
    const at = RECORD[whole]!;
    assert.match(warnings[0]!, new RegExp(`file ends in the middle of a record .* ${whole} whole packets were read \\(at byte offset ${at}\\)`));
  }
});

test("strict: a cut file throws, still handing over the packets before the cut", () => {
  const path = file("strict.pcap", classic.subarray(0, RECORD[3]! + 20));
  assert.throws(
    () => rdpcap(path, { strict: true }),
    (e: unknown) => e instanceof CaptureError && e.offset === RECORD[3] && e.packets!.length === 3,
  );
});

test("a pcapng file cut inside a block keeps the packets before it", () => {
  const warnings: string[] = [];
  const pl = readPcapBytes(ng.subarray(0, ng.length - 10), { onWarning: (w) => warnings.push(w) });
  assert.equal(pl.length, 4);
  assert.match(warnings[0]!, /file ends in the middle of a block/);
});

test("a caplen of gigabytes: an error with the record's offset, no giant allocation", () => {
  const bad = Buffer.from(classic);
  bad.writeUInt32LE(0xf0000000, RECORD[2]! + 8);
  const path = file("huge.pcap", bad);
  const before = process.memoryUsage().arrayBuffers;
  assert.throws(
    () => rdpcap(path),
    (e: unknown) =>
      e instanceof CaptureError &&
      e.offset === RECORD[2] &&
      /4026531840 captured bytes, more than the 262144/.test(e.message) &&
      e.packets!.length === 2,
  );
  assert.ok(process.memoryUsage().arrayBuffers - before < 64 << 20, "no buffer of the claimed size");
});

test("pcapng: a block whose trailing length disagrees is an error with its offset", () => {
  const bad = Buffer.from(ng);
  const shb = bad.readUInt32LE(4);
  const idb = bad.readUInt32LE(shb + 4);
  const epb = shb + idb;
  const len = bad.readUInt32LE(epb + 4);
  bad.writeUInt32LE(len + 4, epb + len - 4);
  assert.throws(() => readPcapBytes(bad), new RegExp(`block length mismatch: .* starts with length ${len} but ends with ${len + 4} \\(at byte offset ${epb}\\)`));
});

test("pcapng: absurd and misaligned block lengths are errors with their offset", () => {
  const shb = ng.readUInt32LE(4);
  const huge = Buffer.from(ng);
  huge.writeUInt32LE(0x7ffffff0, shb + 4);
  assert.throws(() => readPcapBytes(huge), new RegExp(`claims 2147483632 bytes.*\\(at byte offset ${shb}\\)`));
  const odd = Buffer.from(ng);
  odd.writeUInt32LE(30, shb + 4);
  assert.throws(() => readPcapBytes(odd), new RegExp(`invalid length 30 \\(at byte offset ${shb}\\)`));
});

test("pcapng: a bad byte-order magic is an error", () => {
  const bad = Buffer.from(ng);
  bad.writeUInt32LE(0x11223344, 8);
  assert.throws(() => readPcapBytes(bad), /bad byte-order magic 0x11223344 \(at byte offset 0\)/);
});

test("after an error the reader is closed: no hang, no more packets", () => {
  const bad = Buffer.from(classic);
  bad.writeUInt32LE(0xf0000000, RECORD[1]! + 8);
  const r = new PcapReader(file("closed.pcap", bad));
  assert.notEqual(r.read(), null);
  assert.throws(() => r.read(), CaptureError);
  assert.equal(r.read(), null);
});

test("a missing file, a directory, or no file at all: one clear error each, naming the path", () => {
  const missing = join(dir, "nope.pcap");
  assert.throws(() => rdpcap(missing), (e: unknown) => e instanceof CaptureError && e.message === `${missing}: cannot open the file: no such file or directory (check the path)`);
  assert.throws(() => rdpcap(dir), (e: unknown) => e instanceof CaptureError && e.message === `${dir}: cannot open the file: this is a directory, not a capture file: name a file in it`);
  for (const nothing of [undefined, null, 5, ""]) {
    assert.throws(() => (rdpcap as (x: unknown) => unknown)(nothing), /^TypeError: no capture to read: give a file path, bytes \(Uint8Array or ArrayBuffer\) or a stream/);
  }
});

test("a caplen of 0xFFFFFFF0 in a file whose header allows any snaplen: an error with the offset, the packets before kept", () => {
  const bad = Buffer.from(classic);
  bad.writeUInt32LE(0xffffffff, 16); // the header's snaplen
  bad.writeUInt32LE(0xfffffff0, RECORD[3]! + 8);
  for (const input of [file("huge-snaplen.pcap", bad), bad]) {
    assert.throws(
      () => rdpcap(input),
      (e: unknown) =>
        e instanceof CaptureError &&
        e.offset === RECORD[3] &&
        e.message.includes("record claims 4294967280 captured bytes, more than the 16777216 a pcap record may hold: the file is corrupt from here on; the 3 whole packets before it were read") &&
        e.packets!.length === 3,
    );
  }
});
