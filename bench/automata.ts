/**
 * An answering machine under load: DNS_am (joker answers) on a veth pair in namespaces of its
 * own, a client flooding it with 10,000 queries a second for 10 seconds (root; no lab needed).
 * Prints what the client sent and got back, what the machine's capture received and dropped,
 * and how many requests it answered: every request the kernel handed over is answered.
 *   npm run bench -- automata            (RATE=... SECONDS=... to change the load)
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { conf, DNS_am, getIfHwaddr, nativeAvailable } from "../src/index.ts";
import { NET, TestNet } from "../test/automata/netns.ts";

const RATE = Number(process.env.RATE ?? 10000);
const SECONDS = Number(process.env.SECONDS ?? 10);
const fmt = (n: number) => Math.round(n).toLocaleString("en-US");

if (process.getuid?.() !== 0 || !nativeAvailable()) {
  console.log("automata benchmark skipped: it needs root and the libpcap addon");
  process.exit(0);
}
const net = new TestNet("b");
try {
  net.exec("server", "iptables", "-w", "-I", "OUTPUT", "-p", "icmp", "--icmp-type", "port-unreachable", "-j", "DROP");
  net.enterServer();
  conf.verb = 0;
  const am = new DNS_am({ joker: "10.79.0.99", iface: NET.srvIface, verbose: false });
  const run = am.bg();
  const flood = fileURLToPath(new URL("./automata-flood.ts", import.meta.url));
  const client = spawn("ip", ["netns", "exec", net.clientNs, process.execPath, "--import", "tsx", flood, NET.cliIface, NET.server, getIfHwaddr(NET.srvIface), String(RATE), String(SECONDS)], { stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  client.stdout.on("data", (d: Buffer) => (out += d.toString()));
  const cpu0 = process.cpuUsage();
  await new Promise((r) => client.once("close", r));
  const cpu = process.cpuUsage(cpu0);
  await run.stop();
  const c = JSON.parse(out.trim().split("\n").at(-1)!) as { sent: number; sendSeconds: number; answered: number; duplicates: number; clientKernel: { received: number; dropped: number } };
  const k = am.stats.kernel!;
  console.log(`DNS_am under ${fmt(RATE)} queries/s for ${SECONDS} s (sent ${fmt(c.sent)} in ${c.sendSeconds.toFixed(2)} s)`);
  // The kernel's count includes the machine's own replies, which its capture skips (outgoing).
  console.log(`  machine: read ${fmt(am.stats.received)} packets (its capture counted ${fmt(k.received)} with its own replies, kernel dropped ${fmt(k.dropped)}); requests ${fmt(am.stats.requests)}, replies ${fmt(am.stats.replies)}, failures ${am.stats.failures}`);
  console.log(`  client: ${fmt(c.answered)} answered (${((100 * c.answered) / c.sent).toFixed(2)}%), duplicates ${c.duplicates}, its capture dropped ${fmt(c.clientKernel.dropped)}`);
  console.log(`  machine's CPU: ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s for the run (${((cpu.user + cpu.system) / 1e4 / (c.sendSeconds + 1)).toFixed(0)}% of a core)`);
  console.log(`  requests the kernel delivered and the machine did not answer: ${am.stats.received - am.stats.replies}; queries the client sent that got no answer: ${c.sent - c.answered}`);
} finally {
  net.destroy();
}
