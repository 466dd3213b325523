/**
 * Issue 4's benchmark: a 1,000,000-packet capture of mixed frames (~250 MB, written once under
 * bench/data/), then (a) record iteration alone, (b) iteration plus lazy dissection reading the
 * 5-tuple, (c) the same with `for await`, each in a fresh process so its peak RSS is its own;
 * and, on the same file, `tcpdump -r file -nn > /dev/null` and Scapy's PcapReader on a slice; every
 * rate is per CPU second of its own process (this machine is shared).
 *
 *   npm run bench -- pcap      (or: npm run build && node --import tsx bench/pcap.ts [--packets N])
 *
 * It reads the built package (dist/), as users do: the sources through tsx would time and size the
 * TypeScript loader too.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { ARP, DNS, DNSQR, DNSRR, Ether, ICMP, IP, IPv6, PcapReader, PcapWriter, Raw, raw, TCP, UDP, type Packet } from "packetry";
import { scapyAvailable, scapyPython } from "./measure.ts";

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const PACKETS = Number(args[args.indexOf("--packets") + 1] || 1_000_000) || 1_000_000;
const DATA = join(here, "data");
const FILE = join(DATA, `mixed-${PACKETS}.pcap`);
const SCAPY_SLICE = 20_000;
const fmt = (n: number) => Math.round(n).toLocaleString("en-US");

/** Frames of the kinds a LAN capture holds, with varied addresses, ports and sizes. */
function templates(): Uint8Array[] {
  const out: Uint8Array[] = [];
  const mac = (i: number) => `02:00:00:00:${(i >> 8).toString(16).padStart(2, "0")}:${(i & 255).toString(16).padStart(2, "0")}`;
  for (let i = 0; i < 256; i++) {
    const eth = Ether({ src: mac(i), dst: mac(i + 1000) });
    const v4 = IP({ src: `10.${i >> 4}.${i & 15}.1`, dst: `192.168.${i & 7}.${i}` });
    const size = [0, 16, 60, 120, 250, 500, 1000][i % 7]!;
    switch (i % 8) {
      case 0:
      case 1:
      case 2:
        out.push(raw(eth.div(v4, TCP({ sport: 40000 + i, dport: [80, 443, 22][i % 3]!, flags: size ? "PA" : "A", seq: i * 1000, ack: i }), Raw({ load: new Uint8Array(size).fill(0x61) }))));
        break;
      case 3:
        out.push(raw(eth.div(v4, UDP({ sport: 53, dport: 30000 + i }), DNS({ id: i, qr: 1, qd: [DNSQR({ qname: `host${i}.example.com` })], an: [DNSRR({ rrname: `host${i}.example.com`, rdata: "93.184.216.34" })] }))));
        break;
      case 4:
        out.push(raw(eth.div(v4, UDP({ sport: 5000 + i, dport: 6000 }), Raw({ load: new Uint8Array(size >> 1).fill(0x62) }))));
        break;
      case 5:
        out.push(raw(eth.div(IPv6({ src: `2001:db8::${i.toString(16)}`, dst: "2001:db8::1" }), TCP({ sport: 50000 + i, dport: 443, flags: "PA" }), Raw({ load: new Uint8Array(size).fill(0x63) }))));
        break;
      case 6:
        out.push(raw(eth.div(v4, ICMP({ id: i, seq: i }), Raw({ load: new Uint8Array(56).fill(0x64) }))));
        break;
      default:
        out.push(raw(eth.div(ARP({ hwsrc: mac(i), psrc: `10.0.0.${i}`, pdst: "10.0.0.1" }))));
    }
  }
  return out;
}

function makeCapture(): void {
  if (existsSync(FILE) && statSync(FILE).size > PACKETS * 40) return;
  mkdirSync(DATA, { recursive: true });
  const frames = templates();
  const w = new PcapWriter(FILE);
  const t0 = 1_700_000_000;
  for (let i = 0; i < PACKETS; i++) w.writeRaw(frames[(i * 7919) & 255]!, { time: t0 + i * 0.000_137 });
  w.close();
}

// ---------- the measured runs (each in its own process) ----------

type Result = { packets: number; seconds: number; maxRssMB: number; bytes: number };

/** CPU seconds this process has used: rates are per CPU second on every side (the machine is shared). */
const cpuSeconds = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

function runRecords(): Result {
  const t = cpuSeconds();
  let packets = 0;
  let bytes = 0;
  for (const r of new PcapReader(FILE).records()) {
    packets++;
    bytes += r.data.length;
  }
  return { packets, bytes, seconds: cpuSeconds() - t, maxRssMB: process.resourceUsage().maxRSS / 1024 };
}

let sink: unknown;
function fiveTuple(p: Packet): boolean {
  const l3 = p.payload;
  if (l3 === null) return false;
  let src: string;
  let dst: string;
  let proto: number;
  if (l3.spec === IP.spec) {
    const ip = l3 as ReturnType<typeof IP>;
    src = ip.src;
    dst = ip.dst;
    proto = ip.proto;
  } else if (l3.spec === IPv6.spec) {
    const ip6 = l3 as ReturnType<typeof IPv6>;
    src = ip6.src;
    dst = ip6.dst;
    proto = ip6.nh;
  } else return false;
  let sport = 0;
  let dport = 0;
  if (proto === 6 || proto === 17) {
    const l4 = l3.payload as (Packet & { sport: number; dport: number }) | null;
    if (l4 !== null) {
      sport = l4.sport;
      dport = l4.dport;
    }
  }
  sink = [src, dst, proto, sport, dport];
  return true;
}

function runFiveTuple(): Result {
  const t = cpuSeconds();
  let packets = 0;
  let tuples = 0;
  for (const p of new PcapReader(FILE)) {
    packets++;
    if (fiveTuple(p)) tuples++;
  }
  sink = tuples;
  return { packets, bytes: tuples, seconds: cpuSeconds() - t, maxRssMB: process.resourceUsage().maxRSS / 1024 };
}

async function runAsync(): Promise<Result> {
  const t = cpuSeconds();
  let packets = 0;
  for await (const p of new PcapReader(FILE)) {
    packets++;
    fiveTuple(p);
  }
  return { packets, bytes: 0, seconds: cpuSeconds() - t, maxRssMB: process.resourceUsage().maxRSS / 1024 };
}

function child(mode: string): Result {
  const r = spawnSync(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url), "--run", mode, "--packets", String(PACKETS)], { encoding: "utf8", maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`${mode} run failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split("\n").pop()!) as Result;
}

/** tcpdump's packets per CPU second (user + system, as GNU time counts them). */
function tcpdumpRate(): number | null {
  const r = spawnSync("/usr/bin/time", ["-f", "%U %S", "sh", "-c", `tcpdump -r '${FILE}' -nn > /dev/null 2>/dev/null`], { encoding: "utf8" });
  if (r.status !== 0) return null;
  const [user, system] = r.stderr.trim().split("\n").pop()!.split(" ").map(Number);
  return PACKETS / (user! + system!);
}

/** Debian's Scapy: PcapReader over the first SCAPY_SLICE packets (it reads ~3k packets/s). */
function scapyRate(): number | null {
  if (!scapyAvailable()) return null;
  const code = `
import time, logging
logging.getLogger("scapy").setLevel(logging.ERROR)
from scapy.all import PcapReader
t = time.process_time(); n = 0
with PcapReader(${JSON.stringify(FILE)}) as r:
    for p in r:
        n += 1
        if n >= ${SCAPY_SLICE}: break
print(n / (time.process_time() - t))`;
  const r = spawnSync(...scapyPython(["-c", code]), { encoding: "utf8" });
  return r.status === 0 ? Number(r.stdout.trim()) : null;
}

async function main(): Promise<void> {
  const mode = args[args.indexOf("--run") + 1];
  if (args.includes("--run")) {
    const result =
      mode === "records" ? runRecords() : mode === "five" ? runFiveTuple() : mode === "async" ? await runAsync() : { packets: 0, bytes: 0, seconds: 0, maxRssMB: process.resourceUsage().maxRSS / 1024 };
    console.log(JSON.stringify(result));
    return;
  }
  const t = performance.now();
  makeCapture();
  const size = statSync(FILE).size;
  console.log(`capture: ${FILE} — ${fmt(PACKETS)} packets, ${(size / 1e6).toFixed(0)} MB (ready in ${((performance.now() - t) / 1000).toFixed(1)} s)`);
  const baseline = child("baseline");
  console.log(`process with the library loaded, before reading: peak RSS ${baseline.maxRssMB.toFixed(0)} MB`);
  const records = child("records");
  const five = child("five");
  const asyncRun = child("async");
  const tcpdump = tcpdumpRate();
  const scapy = scapyRate();
  const rate = (r: Result) => r.packets / r.seconds;
  const line = (label: string, r: Result, target?: number) =>
    console.log(
      [
        `${label.padEnd(44)} ${fmt(rate(r)).padStart(11)} pkt/s`,
        `peak RSS ${r.maxRssMB.toFixed(0)} MB${r.maxRssMB < 150 ? "" : " (target < 150 NOT met)"}`,
        target ? `target ${fmt(target)} ${rate(r) >= target ? "met" : "NOT met"}` : "",
        tcpdump ? `${(rate(r) / tcpdump).toFixed(2)}x tcpdump` : "",
        scapy ? `${fmt(rate(r) / scapy)}x Scapy` : "",
      ]
        .filter(Boolean)
        .join("  |  "),
    );
  line("(a) records only (no dissection)", records);
  console.log(`    ${((records.bytes / records.seconds) / 1e6).toFixed(0)} MB/s of packet data`);
  line("(b) records + lazy dissection, 5-tuple", five, 1_500_000);
  line("(c) as (b) with for await", asyncRun);
  if (tcpdump) console.log(`tcpdump -r file -nn > /dev/null            ${fmt(tcpdump).padStart(11)} pkt/s`);
  else console.log("tcpdump not installed");
  if (scapy) console.log(`Scapy 2.5 PcapReader (first ${fmt(SCAPY_SLICE)} packets) ${fmt(scapy).padStart(11)} pkt/s`);
  else console.log("(Scapy not installed: apt-get install python3-scapy for its figure)");
}

await main();
