import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { bytesHex, PcapReader, raw, rdpcap, rdpcapAsync, readPcapBytes, type CaptureMeta } from "../../src/index.ts";
import { decimalToNine, epochText, expected, fixture, tshark } from "./helpers.ts";

// Fixtures were written by Scapy (and tshark); expected.json is what Scapy's rdpcap read back.

const meta = (p: { meta: unknown }) => p.meta as CaptureMeta;

for (const name of ["scapy-le.pcap", "scapy-be.pcap", "scapy-nano.pcap", "scapy.pcapng"]) {
  test(`${name}: bytes, times and lengths as Scapy reads them`, () => {
    const pl = rdpcap(fixture(name));
    const want = expected[name]!;
    assert.equal(pl.name, name);
    assert.equal(pl.length, want.length);
    pl.forEach((p, i) => {
      assert.equal(bytesHex(raw(p)), want[i]!.hex, `packet ${i} bytes`);
      assert.equal(epochText(meta(p).timeNs!), decimalToNine(want[i]!.time), `packet ${i} time`);
      assert.equal(p.wirelen, want[i]!.wirelen, `packet ${i} wirelen`);
      assert.equal(p.time, Number(want[i]!.time), `packet ${i} time as a number`);
    });
  });
}

test("classic headers: byte order, precision, snaplen and link type", () => {
  const le = new PcapReader(fixture("scapy-le.pcap")).open();
  assert.deepEqual(
    { ...le.header, format: le.format },
    { littleEndian: true, nano: false, kuznetzov: false, versionMajor: 2, versionMinor: 4, snaplen: 65535, linktype: 1, format: "pcap" },
  );
  const be = new PcapReader(fixture("scapy-be.pcap")).open();
  assert.equal(be.header!.littleEndian, false);
  assert.equal(new PcapReader(fixture("scapy-nano.pcap")).open().header!.nano, true);
  assert.equal(meta(rdpcap(fixture("scapy-nano.pcap"))[1]!).tsresol, 9);
});

test("caplen and wirelen: a packet cut by the snaplen keeps its wire length", () => {
  const p = rdpcap(fixture("scapy-le.pcap"))[4]!;
  assert.equal(raw(p).length, 60);
  assert.equal(p.wirelen, 142);
});

test("repr counts TCP, UDP, ICMP and Other as Scapy's", () => {
  assert.equal(String(rdpcap(fixture("scapy-le.pcap"))), "<scapy-le.pcap: TCP:1 UDP:1 ICMP:1 Other:2>");
});

test("pcapng comments read as stored (tshark agrees), UTF-8 included", () => {
  const pl = rdpcap(fixture("scapy.pcapng"));
  const frames = tshark(fixture("scapy.pcapng"));
  pl.forEach((p, i) => assert.deepEqual(meta(p).comments ?? [], frames[i]!.comments));
  assert.equal(pl[2]!.comment, "ARP, été\n");
  assert.equal(pl[1]!.comment, undefined);
});

for (const [name, first] of [
  ["raw-101.pcap", ["IP", "IPv6"]],
  ["bsd-12.pcap", ["IP", "IPv6"]],
  ["ipv4-228.pcap", ["IP"]],
  ["ipv6-229.pcap", ["IPv6"]],
  ["sll-113.pcap", ["CookedLinux"]],
  ["sll2-276.pcap", ["CookedLinuxV2"]],
  ["null-0.pcap", ["Loopback"]],
  ["user0-147.pcap", ["Raw"]],
] as const) {
  test(`link type of ${name} picks the first layer as Scapy does`, () => {
    const pl = rdpcap(fixture(name));
    const want = expected[name]!;
    assert.deepEqual(
      pl.map((p) => p.layers()[0]!.name),
      first,
    );
    pl.forEach((p, i) => {
      assert.deepEqual(p.layers().map((l) => l.name), want[i]!.layers, `packet ${i} layers`);
      assert.equal(bytesHex(raw(p)), want[i]!.hex);
      assert.equal(meta(p).linktype, Number(name.split("-")[1]!.split(".")[0]));
    });
  });
}

test("name resolution records written by tshark are exposed", () => {
  // tshark 4.0 writes an NRB for the IPv6 names of its hosts file that it used.
  const r = new PcapReader(fixture("tshark-nrb.pcapng"));
  assert.equal([...r].length, 5);
  assert.deepEqual(r.names, [{ address: "fe80::1", names: ["six.example"] }]);
  assert.match(r.sections[0]!.userAppl!, /^TShark/);
});

test("the same capture from bytes, from a stream and from a file gives the same packets", async () => {
  const bytes = new Uint8Array(readFileSync(fixture("scapy.pcapng")));
  const fromFile = rdpcap(fixture("scapy.pcapng")).map((p) => bytesHex(raw(p)));
  assert.deepEqual(readPcapBytes(bytes).map((p) => bytesHex(raw(p))), fromFile);
  // A stream in 7-byte chunks: records straddle every chunk boundary.
  const chunks = Array.from({ length: Math.ceil(bytes.length / 7) }, (_, i) => bytes.slice(i * 7, i * 7 + 7));
  const stream = new ReadableStream<Uint8Array>({
    pull(c) {
      const next = chunks.shift();
      if (next) c.enqueue(next);
      else c.close();
    },
  });
  const fromStream = await rdpcapAsync(stream);
  assert.deepEqual(fromStream.map((p) => bytesHex(raw(p))), fromFile);
  assert.deepEqual(fromStream.map((p) => p.comment), rdpcap(fixture("scapy.pcapng")).map((p) => p.comment));
});

test("a stream cannot be read synchronously; its header is read with openAsync", async () => {
  const stream = () => new ReadableStream<Uint8Array>({ start: (c) => (c.enqueue(new Uint8Array(readFileSync(fixture("scapy-be.pcap")))), c.close()) });
  assert.throws(() => [...new PcapReader(stream())], /for await/);
  assert.throws(() => new PcapReader(stream()).open(), /for await/);
  const r = await new PcapReader(stream()).openAsync();
  assert.equal(r.header!.littleEndian, false);
  assert.equal((await r.readAllAsync()).length, 5);
});

test("PcapReader streams: sync iteration, async iteration, count, and records without dissection", async () => {
  const all = rdpcap(fixture("scapy-le.pcap"));
  assert.equal([...new PcapReader(fixture("scapy-le.pcap"), { count: 2 })].length, 2);
  const seen: string[] = [];
  for await (const p of new PcapReader(fixture("scapy-le.pcap"))) seen.push(p.summary());
  assert.deepEqual(seen, all.map((p) => p.summary()));
  const recs = [...new PcapReader(fixture("scapy-le.pcap")).records()];
  assert.deepEqual(recs.map((r) => bytesHex(r.data)), all.map((p) => bytesHex(raw(p))));
  assert.deepEqual(recs.map((r) => r.offset), [24, 24 + 16 + 54, 24 + 32 + 54 + 71, 24 + 48 + 54 + 71 + 42, 24 + 64 + 54 + 71 + 42 + 62]);
  assert.equal(recs[4]!.wirelen, 142);
});

test("breaking out of a loop closes the file; reading on gives nothing", () => {
  const r = new PcapReader(fixture("scapy-le.pcap"));
  for (const _ of r) break;
  assert.equal(r.read(), null);
});

test("packets are views of the reader's buffer, dissected lazily", () => {
  const bytes = new Uint8Array(readFileSync(fixture("scapy-le.pcap")));
  const p = readPcapBytes(bytes)[0]!;
  assert.equal(p.original()!.buffer, bytes.buffer, "no copy of the record");
  assert.equal(p._s.payload, undefined, "payload not dissected before it is asked for");
  assert.equal(p.payload!.name, "IP");
});

test("concurrent async reads are refused rather than corrupting each other", async () => {
  const r = new PcapReader(fixture("scapy-le.pcap"));
  const first = r.readAsync();
  await assert.rejects(r.readAsync(), /one read at a time/);
  assert.notEqual(await first, null);
});

test("Kuznetzov's patched-libpcap format (8 more bytes per record header) reads as tcpdump reads it", () => {
  // scapy-le.pcap rewritten with the 0xa1b2cd34 magic and an ifindex/protocol/pkt_type per record.
  const src = readFileSync(fixture("scapy-le.pcap"));
  const parts: Buffer[] = [Buffer.from(src.subarray(0, 24))];
  parts[0]!.writeUInt32LE(0xa1b2cd34, 0);
  for (let at = 24; at < src.length; ) {
    const caplen = src.readUInt32LE(at + 8);
    const extra = Buffer.alloc(8);
    extra.writeUInt32LE(1, 0); // ifindex
    extra.writeUInt16LE(0x0800, 4); // protocol
    parts.push(src.subarray(at, at + 16), extra, src.subarray(at + 16, at + 16 + caplen));
    at += 16 + caplen;
  }
  const path = join(tmpdir(), `kuznetzov-${process.pid}.pcap`);
  writeFileSync(path, Buffer.concat(parts));
  try {
    const pl = rdpcap(path);
    assert.deepEqual(pl.map((p) => bytesHex(raw(p))), rdpcap(fixture("scapy-le.pcap")).map((p) => bytesHex(raw(p))));
    const lines = execFileSync("tcpdump", ["-r", path, "-nn"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim().split("\n");
    assert.equal(lines.length, pl.length);
  } finally {
    rmSync(path);
  }
});
