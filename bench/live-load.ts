/**
 * Live figures under load, in the lab (root; `sudo npx packetry lab up` first), beside Debian's
 * Scapy doing the same in the same namespaces:
 *  1. sr() of 100,000 ICMP echo requests to the server: how many are answered, the wall clock,
 *     the CPU time, and the kernel's counters of the capture;
 *  2. sniff of a 1,000,000-frame burst from the server namespace (srv-c0 → cli0), unpaced (as
 *     fast as the sender goes) and paced at 200,000/s: loss, CPU time, and the drops the kernel
 *     reports (said when there are any).
 * CPU time is this process's (user + system; Scapy's is its process's too): on a shared machine
 * the wall clock also counts the other processes.
 *   npm run bench -- live-load          (PACKETRY_BENCH_NO_SCAPY=1: packetry alone)
 */
import { spawn, spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { findLab, LAB_ADDRESSES } from "../src/lab/names.ts";
import { AsyncSniffer, conf, enterNetns, ICMP, IP, nativeAvailable, sr } from "../src/index.ts";
import { scapyAvailable } from "./measure.ts";

const lab = findLab(fileURLToPath(new URL("..", import.meta.url)).replace(/\/$/, ""));
if (process.getuid?.() !== 0 || !nativeAvailable() || !lab) {
  console.log("live-load benchmarks skipped: they need root, the libpcap addon and the lab (sudo npx packetry lab up)");
  process.exit(0);
}
const CLIENT = lab.clientNs;
const SERVER_NS = lab.serverNs;
const SERVER = LAB_ADDRESSES.server;
const PROBES = 100_000;
/** Scapy's sr of 100,000 did not end within 15 minutes on this machine: it does 10,000, compared per CPU second. */
const SCAPY_PROBES = 10_000;
const BURST = 1_000_000;
const withScapy = scapyAvailable() && !process.env.PACKETRY_BENCH_NO_SCAPY;
const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
const cpuSeconds = (since: NodeJS.CpuUsage) => {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1e6;
};
const flood = fileURLToPath(new URL("./live-flood.ts", import.meta.url));

enterNetns(CLIENT);
conf.verb = 0;

/** Runs Python in the client namespace; its last stdout line is JSON. */
function scapy(code: string, timeoutSeconds: number): Record<string, number> | null {
  const r = spawnSync("ip", ["netns", "exec", CLIENT, "/usr/bin/python3", "-c", code], { encoding: "utf8", timeout: timeoutSeconds * 1000 });
  try {
    return JSON.parse(r.stdout.trim().split("\n").at(-1) ?? "");
  } catch {
    console.log(`  (Scapy's run failed: ${(r.error?.message ?? r.stderr).trim().split("\n").at(-1)})`);
    return null;
  }
}

/** Sends `count` frames from the server namespace at `rate` a second (Infinity: unpaced); resolves with what it sent. */
function burst(count: number, rate: number): Promise<{ sent: number; seconds: number }> {
  const child = spawn("ip", ["netns", "exec", SERVER_NS, process.execPath, "--import", "tsx", flood, "srv-c0", String(Number.isFinite(rate) ? rate : 1e9), "3600", String(count)], { stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  child.stdout.on("data", (d) => (out += d));
  return new Promise((resolve, reject) =>
    child.on("exit", (code) => {
      try {
        resolve(JSON.parse(out.trim()));
      } catch {
        reject(new Error(`the flood failed (exit ${code}): ${out}`));
      }
    }),
  );
}

// 1. sr() of 100,000 echo requests.
{
  await sr(IP({ dst: SERVER }).div(ICMP()), { timeout: 2 }); // the server's MAC in the cache
  const probes = Array.from({ length: PROBES }, (_, i) => IP({ dst: SERVER }).div(ICMP({ id: 1 + (i >> 16), seq: i & 0xffff })));
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const result = await sr(probes, { timeout: 3 });
  const wall = (performance.now() - t0) / 1000;
  const cpu = cpuSeconds(c0);
  const [ans] = result;
  const s = result.captureStats;
  console.log(
    `sr() of ${fmt(PROBES)} ICMP echo requests: ${fmt(ans.length)} answered, ${wall.toFixed(2)} s wall, ${cpu.toFixed(2)} s CPU (${fmt(PROBES / cpu)} probes per CPU second); ` +
      `kernel: received ${fmt(s.received)}, dropped ${fmt(s.dropped)}  |  target all answered ${ans.length === PROBES ? "met" : "NOT met"}`,
  );
  if (withScapy) {
    const code = `
import json, time
from scapy.all import IP, ICMP, sr, conf
conf.verb = 0
sr(IP(dst="${SERVER}")/ICMP(), timeout=1)
probes = [IP(dst="${SERVER}")/ICMP(id=1 + (i >> 16), seq=i & 0xffff) for i in range(${SCAPY_PROBES})]
c, t = time.process_time(), time.time()
ans, unans = sr(probes, timeout=3, threaded=True)
print(json.dumps({"answered": len(ans), "wall": time.time() - t, "cpu": time.process_time() - c}))`;
    const r = scapy(code, 600);
    if (r)
      console.log(
        `  Scapy sr(threaded=True) of ${fmt(SCAPY_PROBES)} of them: ${fmt(r.answered!)} answered (${((100 * r.answered!) / SCAPY_PROBES).toFixed(1)}%), ${r.wall!.toFixed(2)} s wall, ${r.cpu!.toFixed(2)} s CPU (${fmt(SCAPY_PROBES / r.cpu!)} probes per CPU second)  |  packetry ${((PROBES / cpu) / (SCAPY_PROBES / r.cpu!)).toFixed(1)}x the probes per CPU second`,
      );
  }
}

// 2. sniff of a 1,000,000-frame burst from the server namespace.
for (const rate of [Infinity, 200_000]) {
  const offered = Number.isFinite(rate) ? `paced at ${fmt(rate)}/s` : "unpaced";
  let count = 0;
  const sniffer = new AsyncSniffer({ iface: "cli0", filter: "ether proto 0x88b5", store: false, prn: () => void count++ });
  sniffer.start();
  const c0 = process.cpuUsage();
  const { sent, seconds } = await burst(BURST, rate);
  // The last frames in the ring: wait until they are in, or nothing more has come for a second.
  for (let last = -1, idle = 0; count < sent && idle < 20; last = count) {
    await new Promise((r) => setTimeout(r, 50));
    idle = count === last ? idle + 1 : 0;
  }
  const kernel = sniffer.stats()["cli0"]!;
  sniffer.stop();
  const cpu = cpuSeconds(c0);
  const loss = 1 - count / sent;
  console.log(
    `sniff of a ${fmt(sent)}-frame burst, ${offered} (sent at ${fmt(sent / seconds)}/s): captured ${fmt(count)}, loss ${(loss * 100).toFixed(2)}%, ${cpu.toFixed(2)} s CPU; ` +
      `kernel: received ${fmt(kernel.received)}, dropped ${fmt(kernel.dropped)}${kernel.dropped ? " (reported: sniff warned and its result has it)" : ""}  |  target < 1% loss ${loss < 0.01 ? "met" : "NOT met"}`,
  );
  if (withScapy) {
    const py = spawn("ip", ["netns", "exec", CLIENT, "/usr/bin/python3", "-c", `
import json, sys, time
from scapy.all import AsyncSniffer, conf
n = [0]
def count(p): n[0] += 1
s = AsyncSniffer(iface="cli0", filter="ether proto 0x88b5", store=False, prn=count, started_callback=lambda: print("started", flush=True))
c = time.process_time()
s.start()
sys.stdin.readline()
time.sleep(2)
s.stop()
print(json.dumps({"captured": n[0], "cpu": time.process_time() - c}))`], { stdio: ["pipe", "pipe", "inherit"] });
    let out = "";
    py.stdout.on("data", (d) => (out += d));
    while (!out.includes("started") && py.exitCode === null) await new Promise((r) => setTimeout(r, 50));
    const theirs = await burst(BURST, rate);
    py.stdin.end("done\n");
    await new Promise((r) => py.on("exit", r));
    try {
      const { captured, cpu: theirCpu } = JSON.parse(out.trim().split("\n").at(-1)!) as { captured: number; cpu: number };
      console.log(`  Scapy's sniff of the same burst (sent ${fmt(theirs.sent)} at ${fmt(theirs.sent / theirs.seconds)}/s): captured ${fmt(captured)}, loss ${((1 - captured / theirs.sent) * 100).toFixed(2)}%, ${theirCpu.toFixed(2)} s CPU (it reports no drops)`);
    } catch {
      console.log(`  (Scapy's sniff failed: ${out.trim().split("\n").at(-1)})`);
    }
  }
}
