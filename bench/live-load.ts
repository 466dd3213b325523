/**
 * Live figures under load, on a veth pair of its own (two namespaces made here; root only):
 *  1. sr() of 100,000 ICMP echo requests: how many are answered, and how long it takes;
 *  2. sniff of a 1,000,000-frame flood at the offered rate: loss, and the drops the kernel
 *     reports (said when there are any).
 *   npm run bench -- live-load
 */
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { AsyncSniffer, conf, enterNetns, ICMP, IP, nativeAvailable, sr } from "../src/index.ts";

if (process.getuid?.() !== 0 || !nativeAvailable()) {
  console.log("live-load benchmarks skipped: they need root and the libpcap addon");
  process.exit(0);
}
const A = `pbench${process.pid}a`;
const B = `pbench${process.pid}b`;
const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
const ip = (...args: string[]) => execFileSync("ip", args);
ip("netns", "add", A);
ip("netns", "add", B);
try {
  ip("-n", A, "link", "add", "lb0", "type", "veth", "peer", "name", "lb1", "netns", B);
  ip("-n", A, "addr", "add", "10.198.0.2/24", "dev", "lb0");
  ip("-n", B, "addr", "add", "10.198.0.1/24", "dev", "lb1");
  for (const [ns, dev] of [[A, "lb0"], [B, "lb1"]] as const) ip("-n", ns, "link", "set", dev, "up");
  execFileSync("ip", ["netns", "exec", B, "sysctl", "-qw", "net.ipv4.icmp_ratelimit=0"]);
  enterNetns(A);
  conf.verb = 0;

  // 1. sr() of 100,000 echo requests.
  {
    const n = 100_000;
    const probes = Array.from({ length: n }, (_, i) => IP({ dst: "10.198.0.1" }).div(ICMP({ id: 1 + (i >> 16), seq: i & 0xffff })));
    const t0 = performance.now();
    const result = await sr(probes, { timeout: 3 });
    const seconds = (performance.now() - t0) / 1000;
    const [ans] = result;
    const s = result.captureStats;
    console.log(`sr() of ${fmt(n)} ICMP echo requests: ${fmt(ans.length)} answered in ${seconds.toFixed(2)} s (${fmt(n / seconds)} probes/s); kernel: received ${fmt(s.received)}, dropped ${fmt(s.dropped)}  |  target all answered ${ans.length === n ? "met" : "NOT met"}`);
  }

  // 2. sniff of a 1,000,000-frame flood from the other end, at the offered rate.
  const flood = fileURLToPath(new URL("./live-flood.ts", import.meta.url));
  for (const rate of [200_000, 400_000]) {
    const seconds = 1_000_000 / rate;
    let count = 0;
    const sniffer = new AsyncSniffer({ iface: "lb0", filter: "ether proto 0x88b5", store: false, prn: () => void count++, bufferSize: 64 << 20 });
    sniffer.start();
    const child = spawn("ip", ["netns", "exec", B, process.execPath, "--import", "tsx", flood, "lb1", String(rate), String(seconds), "1000000"], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    await new Promise((r) => child.on("exit", r));
    await new Promise((r) => setTimeout(r, 500));
    const kernel = sniffer.stats()["lb0"]!;
    sniffer.stop();
    const { sent, seconds: took } = JSON.parse(out.trim()) as { sent: number; seconds: number };
    const loss = 1 - count / sent;
    console.log(
      `sniff of ${fmt(sent)} frames offered at ${fmt(rate)}/s (sent at ${fmt(sent / took)}/s): captured ${fmt(count)}, loss ${(loss * 100).toFixed(2)}%; ` +
        `kernel: ring received ${fmt(kernel.received)}, dropped ${fmt(kernel.dropped)}${kernel.dropped ? " (reported)" : ""}  |  target < 1% loss ${loss < 0.01 ? "met" : "NOT met"}`,
    );
  }
} finally {
  spawnSync("ip", ["netns", "del", A]);
  spawnSync("ip", ["netns", "del", B]);
}
