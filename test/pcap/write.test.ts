import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import {
  bytesHex,
  CookedLinux,
  Ether,
  ICMP,
  IP,
  LoopbackBE,
  PcapReader,
  PcapWriter,
  pcapBytes,
  pcapChunks,
  Raw,
  raw,
  rdpcap,
  UDP,
  wrpcap,
  wrpcapng,
  type CaptureMeta,
  type Packet,
} from "../../src/index.ts";
import { capinfos, epochText, fixture, tempDir, tshark } from "./helpers.ts";

const dir = tempDir();
const meta = (p: Packet) => p.meta as CaptureMeta;

/** Packets with capture metadata set the way a reader or sniffer sets it. */
function captured(p: Packet, m: CaptureMeta): Packet {
  p.meta = { ...m };
  return p;
}

const NS_TIME = 1_700_000_000_123_456_789n;

/** Seconds to nanoseconds, the fraction taken apart from the integer so it stays exact. */
const exactNs = (t: number) => BigInt(Math.floor(t)) * 1_000_000_000n + BigInt(Math.round((t - Math.floor(t)) * 1e9));

function mixedPackets(): Packet[] {
  const e = { src: "00:11:22:33:44:55", dst: "66:77:88:99:aa:bb" };
  return [
    captured(Ether(e).div(IP({ src: "10.0.0.1", dst: "10.0.0.2" }), UDP({ sport: 1000, dport: 53 })), {
      time: 1700000000.123456789,
      timeNs: NS_TIME,
      sniffedOn: "eth0",
      comment: "two\nlines",
      linktype: 1,
    }),
    captured(Ether(e).div(IP({ src: "10.0.0.2", dst: "10.0.0.1" }), ICMP()), { time: 1700000001.5, sniffedOn: "eth1", comment: "été ✓" }),
    captured(CookedLinux({ pkttype: 4, lladdrtype: 772, lladdrlen: 6, proto: 0x800 }).div(IP({ src: "127.0.0.1", dst: "127.0.0.1" }), UDP()), {
      time: 1700000002,
      sniffedOn: "any",
      linktype: 113,
    }),
    captured(IP({ src: "10.9.9.9", dst: "10.8.8.8" }).div(ICMP()), { time: 1700000003.25, linktype: 101, wirelen: 500 }),
  ];
}

test("rdpcap then wrpcap gives back Scapy's file byte for byte (LE, BE, nanoseconds)", () => {
  for (const [name, options] of [
    ["scapy-le.pcap", {}],
    ["scapy-be.pcap", { byteOrder: "big" }],
    ["scapy-nano.pcap", {}],
  ] as const) {
    const out = join(dir, `copy-${name}`);
    wrpcap(out, rdpcap(fixture(name)), options);
    assert.equal(bytesHex(readFileSync(out)), bytesHex(readFileSync(fixture(name))), name);
  }
});

test("an unknown link type is kept: Raw packets written back as they were", () => {
  const out = join(dir, "user0.pcap");
  wrpcap(out, rdpcap(fixture("user0-147.pcap")));
  assert.equal(bytesHex(readFileSync(out)), bytesHex(readFileSync(fixture("user0-147.pcap"))));
});

test("pcapng we write: tshark reads the same bytes, times, lengths, comments and interfaces", () => {
  const packets = mixedPackets();
  const out = join(dir, "mixed.pcapng");
  wrpcapng(out, packets);
  const frames = tshark(out);
  assert.equal(frames.length, packets.length);
  frames.forEach((f, i) => {
    const p = packets[i]!;
    assert.equal(f.hex, bytesHex(raw(p)), `frame ${i} bytes`);
    assert.equal(f.caplen, raw(p).length);
    assert.equal(f.len, meta(p).wirelen ?? raw(p).length);
  });
  assert.equal(frames[0]!.time, epochText(NS_TIME), "nanoseconds kept");
  assert.deepEqual(
    frames.map((f) => f.time),
    [epochText(NS_TIME), "1700000001.500000000", "1700000002.000000000", "1700000003.250000000"],
  );
  assert.deepEqual(
    frames.map((f) => f.comments),
    [["two\nlines"], ["été ✓"], [], []],
  );
  assert.deepEqual(
    frames.map((f) => [f.interfaceId, f.interfaceName]),
    [
      [0, "eth0"],
      [1, "eth1"],
      [2, "any"],
      [3, "unknown"],
    ],
  );
  assert.deepEqual(
    frames.map((f) => f.protocols),
    ["eth:ethertype:ip:udp", "eth:ethertype:ip:icmp", "sll:ethertype:ip:udp", "raw:ip:icmp"],
  );
  const info = capinfos(out);
  assert.equal(info["Number of packets"], "4");
  // capinfos counts the bytes on the wire.
  assert.equal(info["Data size (bytes)"], String(packets.reduce((n, p) => n + (meta(p).wirelen ?? raw(p).length), 0)));
  assert.equal(info["Capture application"], "packetry");
});

test("pcapng round trip: what we read back is what we wrote", () => {
  const packets = mixedPackets();
  const out = join(dir, "again.pcapng");
  wrpcapng(out, packets);
  const back = rdpcap(out);
  assert.deepEqual(
    back.map((p) => [bytesHex(raw(p)), meta(p).timeNs, p.comment, p.sniffedOn, meta(p).linktype, p.wirelen]),
    packets.map((p) => [bytesHex(raw(p)), meta(p).timeNs ?? exactNs(p.time), p.comment, p.sniffedOn, meta(p).linktype ?? 1, meta(p).wirelen ?? raw(p).length]),
  );
  // Writing what was read gives the same file.
  const twice = join(dir, "twice.pcapng");
  wrpcapng(twice, back);
  assert.equal(bytesHex(readFileSync(twice)), bytesHex(readFileSync(out)));
});

test("big-endian pcapng: tshark and our reader agree", () => {
  const out = join(dir, "be.pcapng");
  wrpcapng(out, mixedPackets(), { byteOrder: "big" });
  assert.equal(readFileSync(out).readUInt32BE(8), 0x1a2b3c4d);
  const frames = tshark(out);
  const back = rdpcap(out);
  assert.equal(new PcapReader(out).open().read() !== null, true);
  assert.deepEqual(
    back.map((p) => [bytesHex(raw(p)), epochText(meta(p).timeNs!), p.comment ?? null]),
    frames.map((f) => [f.hex, f.time, f.comments[0] ?? null]),
  );
});

test("if_tsresol as a power of two: tshark and our reader agree on every timestamp", () => {
  const out = join(dir, "pow2.pcapng");
  const times = [1_700_000_000_000_000_000n, 1_700_000_000_500_000_000n, 1_700_000_001_999_999_046n, 1_999_999_999_000_953_674n];
  // 2^-20 s units (about a microsecond); the writer describes the interface with if_tsresol 0x94.
  wrpcapng(
    out,
    times.map((t) => captured(Ether().div(Raw({ load: "x" })), { timeNs: t, time: Number(t) / 1e9, tsresol: 0x80 | 20 })),
  );
  const r = new PcapReader(out);
  const back = [...r];
  assert.equal(r.interfaces[0]!.tsresol, 0x94);
  const frames = tshark(out);
  assert.deepEqual(
    back.map((p) => epochText(meta(p).timeNs!)),
    frames.map((f) => f.time),
  );
  // Within half a unit of what was asked.
  back.forEach((p, i) => assert.ok(Math.abs(Number(meta(p).timeNs! - times[i]!)) <= 2 ** -21 * 1e9 + 1));
});

test("classic pcap of built packets: Scapy's header, µs by default, nanoseconds when the time needs them", () => {
  const out = join(dir, "built.pcap");
  const p = captured(Ether().div(IP(), UDP()), { time: 1700000000.25 });
  wrpcap(out, [p]);
  const bytes = readFileSync(out);
  assert.equal(bytesHex(bytes.subarray(0, 24)), "d4c3b2a1020004000000000000000000ffff000001000000");
  assert.equal(tshark(out)[0]!.time, "1700000000.250000000");
  const nano = join(dir, "nano.pcap");
  wrpcap(nano, [captured(Ether().div(IP()), { time: 1.500000001, timeNs: 1_500_000_001n })]);
  assert.equal(readFileSync(nano).readUInt32LE(0), 0xa1b23c4d);
  assert.equal(tshark(nano)[0]!.time, "1.500000001");
});

test("the link type follows the first packet; --linktype overrides it", () => {
  const ipOnly = join(dir, "ip.pcap");
  wrpcap(ipOnly, [IP({ dst: "10.0.0.1" }).div(ICMP())]);
  assert.equal(new PcapReader(ipOnly).open().linktype, 228);
  assert.equal(tshark(ipOnly)[0]!.protocols, "ip:icmp");
  const forced = join(dir, "forced.pcap");
  wrpcap(forced, [Raw({ load: "abc" })], { linktype: 147 });
  assert.equal(new PcapReader(forced).open().linktype, 147);
  const loop = join(dir, "loop.pcap");
  wrpcap(loop, [LoopbackBE({ type: 2 }).div(IP({ src: "1.2.3.4", dst: "5.6.7.8" }), ICMP())]);
  assert.equal(new PcapReader(loop).open().linktype, 108);
  assert.equal(tshark(loop)[0]!.protocols, "null:ip:icmp");
  assert.deepEqual(rdpcap(loop)[0]!.layers().map((l) => l.name), ["LoopbackBE", "IP", "ICMP"]);
});

test("appending: classic keeps its header, pcapng adds to the last section", () => {
  const a = join(dir, "append.pcap");
  const first = mixedPackets().slice(0, 2);
  wrpcap(a, first);
  wrpcap(a, mixedPackets().slice(1, 2), { append: true, format: "pcapng" });
  assert.equal(rdpcap(a).length, 3);
  assert.equal(tshark(a).length, 3);
  // Still classic pcap, in nanoseconds as the first packet needed.
  assert.equal(readFileSync(a).readUInt32LE(0), 0xa1b23c4d);
  assert.equal(tshark(a)[2]!.time, "1700000001.500000000");

  const b = join(dir, "append.pcapng");
  wrpcapng(b, mixedPackets().slice(0, 1), { byteOrder: "big" });
  wrpcapng(b, mixedPackets(), { append: true });
  const frames = tshark(b);
  assert.equal(frames.length, 5);
  assert.deepEqual(
    frames.map((f) => f.interfaceName),
    ["eth0", "eth0", "eth1", "any", "unknown"],
  );
  const r = new PcapReader(b);
  assert.equal([...r].length, 5);
  assert.equal(r.sections.length, 1, "no new section");
  assert.equal(r.sections[0]!.littleEndian, false, "appended in the file's byte order");
});

test("a packet longer than the snaplen raises the header's snaplen so readers keep it whole", () => {
  const out = join(dir, "jumbo.pcap");
  const big = Ether({ type: 0x88b5 }).div(Raw({ load: new Uint8Array(70000).fill(0x61) }));
  wrpcap(out, [big]);
  assert.equal(new PcapReader(out).open().header!.snaplen, 70014);
  const f = tshark(out)[0]!;
  assert.equal(f.caplen, 70014);
  const viaTcpdump = execFileSync("tcpdump", ["-r", out, "-nn", "-e"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
  assert.match(viaTcpdump, /length 70014/);
});

test("for browsers: whole bytes and chunk streams give the file we write to disk", () => {
  const packets = mixedPackets();
  const out = join(dir, "disk.pcapng");
  wrpcapng(out, packets);
  const onDisk = bytesHex(readFileSync(out));
  assert.equal(bytesHex(pcapBytes(packets, { format: "pcapng" })), onDisk);
  const chunks = [...pcapChunks(packets, { format: "pcapng" })];
  assert.equal(chunks.map((c) => bytesHex(c)).join(""), onDisk);
  const sink: Uint8Array[] = [];
  const w = new PcapWriter({ write: (c) => sink.push(c) }, { format: "pcapng" });
  for (const p of packets) w.write(p);
  w.flush();
  assert.ok(sink.length > 0, "flush hands the bytes over");
  w.close();
  assert.equal(sink.map((c) => bytesHex(c)).join(""), onDisk);
});

test("an empty capture is a valid file with its header", () => {
  const out = join(dir, "empty.pcap");
  wrpcap(out, []);
  assert.equal(readFileSync(out).length, 24);
  assert.equal(capinfos(out)["Number of packets"], "0");
  const ng = join(dir, "empty.pcapng");
  wrpcapng(ng, []);
  assert.equal(capinfos(ng)["Number of packets"], "0");
  assert.equal(rdpcap(ng).length, 0);
});

test("a packet standing for several (a list of values) writes each, as Scapy", () => {
  const out = join(dir, "gen.pcap");
  wrpcap(out, IP({ dst: "10.0.0.1", ttl: [1, 2, 3] }).div(ICMP()));
  assert.deepEqual(
    rdpcap(out).map((p) => (p as unknown as { ttl: number }).ttl),
    [1, 2, 3],
  );
});

test("raw frames with their own metadata", () => {
  const out = join(dir, "rawframes.pcap");
  const w = new PcapWriter(out);
  const frame = raw(Ether().div(IP(), UDP()));
  w.writeRaw(frame, { time: 1700000000.000001, wirelen: 1000 });
  w.write(frame);
  w.close();
  const [a, b] = tshark(out);
  assert.equal(a!.time, "1700000000.000001000");
  assert.equal(a!.len, 1000);
  assert.equal(b!.hex, bytesHex(frame));
});

test("read, change some packets, write: changes are kept, untouched packets are copied as they were", () => {
  const pl = rdpcap(fixture("scapy-le.pcap"));
  (pl[0]!.getLayer(IP) as unknown as { ttl: number }).ttl = 9; // deep change (goes through .payload)
  (pl[2]! as unknown as { dst: string }).dst = "ff:ff:ff:ff:ff:ff"; // top-level change
  const out = join(dir, "changed.pcap");
  wrpcap(out, pl);
  assert.equal(pl[1]!._s.payload, undefined, "an untouched packet is written without being dissected");
  const back = rdpcap(out);
  assert.equal((back[0]!.getLayer(IP) as unknown as { ttl: number }).ttl, 9);
  assert.equal((back[2]! as unknown as { dst: string }).dst, "ff:ff:ff:ff:ff:ff");
  const original = rdpcap(fixture("scapy-le.pcap"));
  for (const i of [1, 3, 4]) assert.equal(bytesHex(raw(back[i]!)), bytesHex(raw(original[i]!)));
  assert.equal(tshark(out)[0]!.hex, bytesHex(raw(back[0]!)));
});
