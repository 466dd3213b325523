/**
 * Issue 15's targets: the SVG of one packet in under 5 ms, pdfdump of a 1,000-packet list in
 * under 10 s; with the other outputs for scale. (Scapy needs PyX and LaTeX for these, which
 * Debian's python3-scapy does not bring, so there is no side-by-side figure.)
 */
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Ether, IP, PacketList, rdpcap, TCP, type Packet } from "packetry";

const dhcp = rdpcap(new URL("../test/fixtures/captures/dhcp.pcap", import.meta.url).pathname);
const http = rdpcap(new URL("../test/fixtures/captures/http.pcap", import.meta.url).pathname);
const small = Ether().div(IP({ dst: "10.0.0.1" }), TCP({ dport: 80, flags: "S" }));

/** Median milliseconds of fn over `runs` calls, after a warm-up. */
function medianMs(fn: () => unknown, runs: number): number {
  for (let i = 0; i < Math.min(50, runs); i++) fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return times[times.length >> 1]!;
}

const line = (label: string, value: string, target?: string) => console.log(`${label.padEnd(44)} ${value.padStart(10)}${target ? `  |  ${target}` : ""}`);
const ms = (v: number) => `${v.toFixed(2)} ms`;

const svgSmall = medianMs(() => small.canvasDump().svg(), 300);
line("SVG of Ether/IP/TCP", ms(svgSmall), `target 5 ms ${svgSmall < 5 ? "met" : "NOT met"}`);
const svgDhcp = medianMs(() => dhcp[3]!.canvasDump({ layerShift: 1 }).svg(), 200);
line("SVG of a DHCP offer (342 bytes), layer_shift=1", ms(svgDhcp), `target 5 ms ${svgDhcp < 5 ? "met" : "NOT met"}`);
line("EPS of a DHCP offer", ms(medianMs(() => dhcp[3]!.canvasDump().eps(), 100)));
line("PNG of a DHCP offer (144 dpi)", ms(medianMs(() => dhcp[3]!.canvasDump().png(), 20)));

const packets: Packet[] = [];
for (let i = 0; packets.length < 1000; i++) packets.push(...http.slice(0, Math.min(http.length, 1000 - packets.length)));
const list = new PacketList(packets, "1000 packets of http.pcap");
const dir = mkdtempSync(join(tmpdir(), "packetry-bench-"));
try {
  const t = performance.now();
  const file = await list.pdfdump(join(dir, "list.pdf"));
  const s = (performance.now() - t) / 1000;
  line("pdfdump of 1,000 packets", `${s.toFixed(2)} s`, `target 10 s ${s < 10 ? "met" : "NOT met"}  |  ${(statSync(file).size / 1e6).toFixed(1)} MB`);
  const t2 = performance.now();
  list.psdump(join(dir, "list.ps"));
  line("psdump of 1,000 packets", `${((performance.now() - t2) / 1000).toFixed(2)} s`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
