/**
 * Live figures, in the lab (root; `sudo npx packetry lab up` first):
 *  1. sr() of 1000 ICMP echo requests to the server: answers and wall time, beside Debian's
 *     Scapy in the same namespace (its default and threaded=True);
 *  2. sendp batch rate, 60-byte frames on a veth pair of its own;
 *  3. sniff capacity against a paced flood from the server namespace, with the kernel's drop
 *     counters, beside Scapy's sniff on the same flood.
 */
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { findLab } from "../src/lab/names.ts";
import { AsyncSniffer, conf, enterNetns, Ether, ICMP, IP, nativeAvailable, Raw, sendp, sr, sr1 } from "../src/index.ts";
import { scapyAvailable } from "./measure.ts";

const lab = findLab(fileURLToPath(new URL("..", import.meta.url)).replace(/\/$/, ""));
const CLIENT = lab?.clientNs ?? "";
const SERVER_NS = lab?.serverNs ?? "";
const SERVER = "10.77.0.1";
const fmt = (n: number) => Math.round(n).toLocaleString("en-US");

if (process.getuid?.() !== 0 || !nativeAvailable() || !lab) {
  console.log("live benchmarks skipped: they need root, the libpcap addon and the lab (sudo lab/up.sh)");
  process.exit(0);
}
enterNetns(CLIENT);
conf.verb = 0;

function scapy(code: string): Record<string, number> | null {
  if (!scapyAvailable()) return null;
  const r = spawnSync("ip", ["netns", "exec", CLIENT, "/usr/bin/python3", "-c", code], { encoding: "utf8", timeout: 120_000 });
  try {
    return JSON.parse(r.stdout.trim().split("\n").at(-1) ?? "");
  } catch {
    console.log(`  (scapy run failed: ${r.stderr.trim().split("\n").at(-1)})`);
    return null;
  }
}

// 1. sr() of 1000 echo requests.
{
  await sr1(IP({ dst: SERVER }).div(ICMP()), { timeout: 2 });
  const seqs = Array.from({ length: 1000 }, (_, i) => i);
  const times: number[] = [];
  let got = 0;
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    const [ans] = await sr(IP({ dst: SERVER }).div(ICMP({ id: 100 + i, seq: seqs })), { timeout: 2 });
    times.push((performance.now() - t0) / 1000);
    got = Math.min(got || ans.length, ans.length);
  }
  const best = Math.min(...times);
  console.log(`sr() 1000 ICMP echo requests: ${got}/1000 answered (worst of 3), best ${best.toFixed(3)} s, runs ${times.map((t) => t.toFixed(3)).join(" / ")} s`);
  const code = (threaded: boolean) => `
import json, time
from scapy.all import IP, ICMP, sr, conf
conf.verb = 0
sr(IP(dst="${SERVER}")/ICMP(), timeout=1)
t = time.time()
ans, unans = sr(IP(dst="${SERVER}")/ICMP(id=7, seq=(0, 999)), timeout=2${threaded ? ", threaded=True" : ""})
print(json.dumps({"answered": len(ans), "seconds": time.time() - t}))`;
  for (const threaded of [false, true]) {
    const s = scapy(code(threaded));
    if (s) console.log(`  Scapy 2.5 sr(${threaded ? "threaded=True" : "default"}): ${s.answered}/1000 answered in ${s.seconds!.toFixed(3)} s  |  packetry ${(s.seconds! / best).toFixed(1)}x faster${s.answered! < 1000 ? `, ${got - s.answered!} more answers` : ""}`);
  }
}

// 2. sendp batch rate on a veth pair of its own (the peer drops the frames: no handler for 0x88b5).
{
  const ip = (...a: string[]) => execFileSync("ip", a);
  spawnSync("ip", ["link", "del", "pktbench0"]);
  ip("link", "add", "pktbench0", "type", "veth", "peer", "name", "pktbench1");
  ip("link", "set", "pktbench0", "up");
  ip("link", "set", "pktbench1", "up");
  try {
    const rx = () => (JSON.parse(execFileSync("ip", ["-s", "-j", "link", "show", "pktbench1"], { encoding: "utf8" }))[0].stats64.rx.packets as number);
    const frame = Ether({ dst: "02:00:00:00:00:02", src: "02:00:00:00:00:01", type: 0x88b5 }).div(Raw({ load: new Uint8Array(46) }));
    await sendp(frame, { iface: "pktbench0", count: 10_000 });
    const n = 1_000_000;
    const before = rx();
    const t0 = performance.now();
    await sendp(frame, { iface: "pktbench0", count: n });
    const seconds = (performance.now() - t0) / 1000;
    const arrived = rx() - before;
    console.log(`sendp(count=${fmt(n)}) 60-byte frames: ${fmt(n / seconds)} frames/s (${seconds.toFixed(3)} s); the peer received ${fmt(arrived)}  |  target 500,000 ${n / seconds >= 500_000 ? "met" : "NOT met"}`);
  } finally {
    spawnSync("ip", ["link", "del", "pktbench0"]);
  }
}

// 3. sniff capacity against a paced flood from the server namespace (srv-c0 → cli0).
{
  const flood = fileURLToPath(new URL("./live-flood.ts", import.meta.url));
  for (const rate of [300_000, 500_000]) {
    const seconds = 3;
    let count = 0;
    const sniffer = new AsyncSniffer({ iface: "cli0", filter: "ether proto 0x88b5", store: false, prn: () => void count++, bufferSize: 64 << 20, immediate: process.env.IMMEDIATE === "1" });
    sniffer.start();
    const rxDropped = () => JSON.parse(execFileSync("ip", ["-s", "-j", "link", "show", "cli0"], { encoding: "utf8" }))[0].stats64.rx.dropped as number;
    const dropsBefore = rxDropped();
    const child = spawn("ip", ["netns", "exec", SERVER_NS, process.execPath, "--import", "tsx", flood, "srv-c0", String(rate), String(seconds)], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    await new Promise((r) => child.on("exit", r));
    await new Promise((r) => setTimeout(r, 500));
    const kernel = sniffer.stats()["cli0"]!;
    sniffer.stop();
    const backlog = rxDropped() - dropsBefore;
    const { sent, seconds: took } = JSON.parse(out.trim()) as { sent: number; seconds: number };
    const loss = 1 - count / sent;
    console.log(
      `sniff at ${fmt(rate)} frames/s offered: sent ${fmt(sent)} in ${took.toFixed(2)} s (${fmt(sent / took)}/s), captured ${fmt(count)}, loss ${(loss * 100).toFixed(2)}% ` +
        `(kernel: ring received ${fmt(kernel.received)}, ring full ${fmt(kernel.dropped)}, interface ${fmt(kernel.ifDropped)}, rx backlog dropped ${fmt(backlog)})  |  target 300,000/s with < 1% loss ${sent / took >= 300_000 && loss < 0.01 ? "met" : "NOT met"}`,
    );
  }
}

// Scapy's sniff on the same kind of flood (50,000 frames/s for 3 s).
if (scapyAvailable()) {
  const flood = fileURLToPath(new URL("./live-flood.ts", import.meta.url));
  const py = spawn("ip", ["netns", "exec", CLIENT, "/usr/bin/python3", "-c", `
import json, time
from scapy.all import sniff, conf
n = [0]
def count(p): n[0] += 1
t = time.time()
sniff(iface="cli0", filter="ether proto 0x88b5", store=False, prn=count, timeout=5, started_callback=lambda: print("started", flush=True))
print(json.dumps({"captured": n[0], "seconds": time.time() - t}))`], { stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  py.stdout.on("data", (d) => (out += d));
  while (!out.includes("started")) await new Promise((r) => setTimeout(r, 50));
  const child = spawnSync("ip", ["netns", "exec", SERVER_NS, process.execPath, "--import", "tsx", flood, "srv-c0", "50000", "3"], { encoding: "utf8" });
  await new Promise((r) => py.on("exit", r));
  const { sent } = JSON.parse(child.stdout.trim()) as { sent: number };
  const { captured } = JSON.parse(out.trim().split("\n").at(-1)!) as { captured: number };
  console.log(`  Scapy 2.5 sniff at 50,000 frames/s offered: sent ${fmt(sent)}, captured ${fmt(captured)} (${fmt(captured / 3)}/s over the 3 s flood), loss ${((1 - captured / sent) * 100).toFixed(1)}%`);
}
