/**
 * packetry side by side with the JavaScript decoders its users already have, in one process, on
 * the repo's real captures (HTTP, DNS, ICMP and ARP frames recorded in namespaces):
 *   - node_pcap's pure-JS decoders (`require("pcap/decode")`: eager, every field),
 *   - a `binary-parser` compiled parser of the same headers,
 *   - a hand-written DataView parse of the same five values (the floor),
 *   - `dns-packet` for DNS messages,
 * and Debian's Scapy (in its own process) where it is installed. Printed as rates and ratios.
 *
 *   npm run bench -- peers
 *
 * What each reads: the 5-tuple is (src, dst, proto, sport, dport) of every frame that has them.
 * packetry gives addresses as text (Scapy's values); node_pcap as address objects; binary-parser
 * and the floor as 32-bit numbers — the peers do less work per frame than packetry does.
 */
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { DNS, Ether, IP, Raw, raw, rdpcap, TCP, toHex, UDP, type Packet } from "packetry";
import { measure, scapyAvailable, scapyPython } from "./measure.ts";

const require = createRequire(import.meta.url);
const capture = (name: string) => new URL(`../test/fixtures/captures/${name}`, import.meta.url).pathname;

// ---------- the frames ----------

const frames: Uint8Array[] = ["http.pcap", "dns.pcap", "icmp-arp.pcap"].flatMap((name) => rdpcap(capture(name)).map((p) => p._s.buf!.slice(p._s.start, p._s.end)));
const buffers = frames.map((f) => Buffer.from(f));
/** DNS messages: the UDP payloads of the DNS capture. */
const dnsMessages: Uint8Array[] = rdpcap(capture("dns.pcap"))
  .map((p) => p.getLayer(UDP)?.payload)
  .filter((d): d is Packet => d !== undefined && d !== null && d.spec === DNS.spec)
  .map((d) => d._s.buf!.slice(d._s.start, d._s.end));
const dnsBuffers = dnsMessages.map((m) => Buffer.from(m));

let sink: unknown;
let k = 0;
const nextIndex = (n: number) => (k = k + 1 >= n ? 0 : k + 1);

// ---------- dissect + 5-tuple ----------

function packetry5(): void {
  const p = Ether(frames[nextIndex(frames.length)]!);
  const ip = p.getLayer(IP);
  if (ip === undefined) return void (sink = null);
  const l4 = ip.payload;
  if (l4 !== null && (l4.spec === TCP.spec || l4.spec === UDP.spec)) {
    const t = l4 as ReturnType<typeof TCP>;
    sink = [ip.src, ip.dst, ip.proto, t.sport, t.dport];
  } else sink = [ip.src, ip.dst, ip.proto, 0, 0];
}

const { EthernetPacket } = require("pcap/decode") as { EthernetPacket: new () => { decode(b: Buffer, o: number): NodePcapEther } };
interface NodePcapEther {
  ethertype: number;
  payload: { saddr: unknown; daddr: unknown; protocol: number; payload: { sport?: number; dport?: number } | null } | null;
}
function nodePcap5(): void {
  const eth = new EthernetPacket().decode(buffers[nextIndex(buffers.length)]!, 0);
  const ip = eth.ethertype === 0x800 ? eth.payload : null;
  if (ip === null) return void (sink = null);
  const l4 = ip.payload;
  sink = [ip.saddr, ip.daddr, ip.protocol, l4?.sport ?? 0, l4?.dport ?? 0];
}

// The peers' own console.log for frames they cannot decode would be timed too: silence it.
const quiet = <T>(fn: () => T): T => {
  const log = console.log;
  console.log = () => undefined;
  try {
    return fn();
  } finally {
    console.log = log;
  }
};

/** The part of binary-parser's builder used here (its typings do not resolve under NodeNext). */
interface BinaryParser {
  bit3(name: string): BinaryParser;
  bit4(name: string): BinaryParser;
  bit13(name: string): BinaryParser;
  uint8(name: string): BinaryParser;
  uint16(name: string): BinaryParser;
  uint32(name: string): BinaryParser;
  array(name: string, options: { type: string; length: number }): BinaryParser;
  skip(length: (this: { ihl: number }) => number): BinaryParser;
  choice(name: string, options: { tag: string; choices: Record<number, BinaryParser>; defaultChoice: BinaryParser }): BinaryParser;
  parse(buf: Uint8Array): unknown;
}
const { Parser } = require("binary-parser") as { Parser: new () => BinaryParser };
const ports = new Parser().uint16("sport").uint16("dport");
const ipv4 = new Parser()
  .bit4("version")
  .bit4("ihl")
  .uint8("tos")
  .uint16("len")
  .uint16("id")
  .bit3("flags")
  .bit13("frag")
  .uint8("ttl")
  .uint8("proto")
  .uint16("chksum")
  .uint32("src")
  .uint32("dst")
  .skip(function (this: { ihl: number }) {
    return Math.max(0, (this.ihl - 5) * 4);
  })
  .choice("l4", { tag: "proto", choices: { 6: ports, 17: ports }, defaultChoice: new Parser() });
const ether = new Parser()
  .array("dst", { type: "uint8", length: 6 })
  .array("src", { type: "uint8", length: 6 })
  .uint16("type")
  .choice("l3", { tag: "type", choices: { 0x800: ipv4 }, defaultChoice: new Parser() });
interface ParsedFrame {
  type: number;
  l3: { src: number; dst: number; proto: number; l4: { sport?: number; dport?: number } };
}
function binaryParser5(): void {
  const f = ether.parse(buffers[nextIndex(buffers.length)]!) as ParsedFrame;
  if (f.type !== 0x800) return void (sink = null);
  sink = [f.l3.src, f.l3.dst, f.l3.proto, f.l3.l4.sport ?? 0, f.l3.l4.dport ?? 0];
}

function floor5(): void {
  const b = frames[nextIndex(frames.length)]!;
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (b.length < 34 || v.getUint16(12) !== 0x800) return void (sink = null);
  const ihl = (b[14]! & 15) * 4;
  const proto = b[23]!;
  const l4 = 14 + ihl;
  const hasPorts = (proto === 6 || proto === 17) && b.length >= l4 + 4;
  sink = [v.getUint32(26), v.getUint32(30), proto, hasPorts ? v.getUint16(l4) : 0, hasPorts ? v.getUint16(l4 + 2) : 0];
}

// ---------- DNS: every question and answer ----------

function packetryDns(): void {
  const d = DNS(dnsMessages[nextIndex(dnsMessages.length)]!);
  const out: unknown[] = [];
  for (const q of d.qd) out.push(q.qname, q.qtype);
  for (const rr of d.an) out.push(rr.rrname, rr.type, rr.rdata);
  sink = out;
}

const dnsPacket = require("dns-packet") as { decode(b: Buffer): { questions?: Array<{ name: string; type: string }>; answers?: Array<{ name: string; type: string; data: unknown }> } };
function dnsPacketDns(): void {
  const m = dnsPacket.decode(dnsBuffers[nextIndex(dnsBuffers.length)]!);
  const out: unknown[] = [];
  for (const q of m.questions ?? []) out.push(q.name, q.type);
  for (const a of m.answers ?? []) out.push(a.name, a.type, a.data);
  sink = out;
}

// ---------- build ----------

const load = new Uint8Array(100).fill(0x78);
function packetryBuild(): void {
  sink = raw(
    Ether({ dst: "00:11:22:33:44:55", src: "66:77:88:99:aa:bb" }).div(
      IP({ src: "10.0.0.1", dst: "10.0.0.2" }),
      TCP({ sport: 1234, dport: 80, flags: "PA", seq: 1000, ack: 2000 }),
      Raw({ load }),
    ),
  );
}

// ---------- run ----------

/** Each peer must read what packetry reads (checked once, before timing). */
function checkAgreement(): void {
  const ours: unknown[] = [];
  const theirs: unknown[] = [];
  for (let i = 0; i < frames.length; i++) {
    k = i === 0 ? frames.length - 1 : i - 1;
    packetry5();
    ours.push(sink === null ? null : (sink as unknown[]).slice(2).join(","));
    k = i === 0 ? frames.length - 1 : i - 1;
    floor5();
    theirs.push(sink === null ? null : (sink as unknown[]).slice(2).join(","));
  }
  if (JSON.stringify(ours) !== JSON.stringify(theirs)) throw new Error("bench/peers.ts: packetry and the floor disagree on the frames' protocols and ports");
}

const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}x`;

function scapyRates(): Record<string, number> | null {
  if (!scapyAvailable()) return null;
  const r = spawnSync(...scapyPython([new URL("./scapy_peers.py", import.meta.url).pathname]), {
    input: JSON.stringify({ frames: frames.map(toHex), dns: dnsMessages.map(toHex) }),
    encoding: "utf8",
  });
  if (r.status !== 0) {
    console.error("scapy bench failed:", r.stderr.slice(-500));
    return null;
  }
  return JSON.parse(r.stdout.trim().split("\n").pop()!) as Record<string, number>;
}

checkAgreement();
console.log(`frames: ${frames.length} real frames (HTTP, DNS, ICMP, ARP), ${dnsMessages.length} DNS messages; ${process.version}`);
const r = {
  packetry5: measure(packetry5),
  nodePcap5: quiet(() => measure(nodePcap5)),
  binaryParser5: measure(binaryParser5),
  floor5: measure(floor5),
  packetryDns: measure(packetryDns),
  dnsPacketDns: measure(dnsPacketDns),
  packetryBuild: measure(packetryBuild),
};
const scapy = scapyRates();
void sink;

const rows: string[][] = [["work", "packetry", "peer", "ratio", "target"]];
const met = (ok: boolean) => (ok ? "met" : "NOT met");
rows.push(["dissect + 5-tuple", fmt(r.packetry5), `node_pcap ${fmt(r.nodePcap5)}`, ratio(r.packetry5, r.nodePcap5), `>= 2x: ${met(r.packetry5 >= 2 * r.nodePcap5)}`]);
rows.push(["", "", `binary-parser ${fmt(r.binaryParser5)}`, ratio(r.packetry5, r.binaryParser5), ""]);
rows.push(["", "", `DataView floor ${fmt(r.floor5)}`, ratio(r.packetry5, r.floor5), `>= 0.25x: ${met(r.packetry5 >= 0.25 * r.floor5)}`]);
rows.push(["DNS, every question and answer", fmt(r.packetryDns), `dns-packet ${fmt(r.dnsPacketDns)}`, ratio(r.packetryDns, r.dnsPacketDns), `>= 1.5x: ${met(r.packetryDns >= 1.5 * r.dnsPacketDns)}`]);
rows.push(["build Ether/IP/TCP/Raw(100)", fmt(r.packetryBuild), "", "", `>= 1,000,000/s: ${met(r.packetryBuild >= 1_000_000)}`]);
if (scapy) {
  rows.push(["dissect + 5-tuple (Scapy)", fmt(r.packetry5), `Scapy ${fmt(scapy.dissect5!)}`, ratio(r.packetry5, scapy.dissect5!), `>= 500x: ${met(r.packetry5 >= 500 * scapy.dissect5!)}`]);
  rows.push(["DNS (Scapy)", fmt(r.packetryDns), `Scapy ${fmt(scapy.dns!)}`, ratio(r.packetryDns, scapy.dns!), ""]);
  rows.push(["build (Scapy)", fmt(r.packetryBuild), `Scapy ${fmt(scapy.build!)}`, ratio(r.packetryBuild, scapy.build!), `>= 500x: ${met(r.packetryBuild >= 500 * scapy.build!)}`]);
} else rows.push(["(Scapy not installed: apt-get install python3-scapy for its column)", "", "", "", ""]);
const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => row[c]!.length)));
for (const row of rows) console.log(row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join("  |  "));
console.log("(packets per CPU second, best of 5 rounds; `npm run bench -- pcap` streams a 1,000,000-packet capture beside tcpdump)");
