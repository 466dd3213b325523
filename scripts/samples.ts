/**
 * Writes samples/, the captures the package ships for the README and the workshop: the
 * workshop's four protocols as recorded from real servers in namespaces (copies of
 * test/fixtures/captures, made by scripts/captures/*.sh), and the same four in one pcapng and
 * one gzip-compressed pcap. Run: npx tsx scripts/samples.ts
 */
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { join } from "node:path";
import { rdpcap, wrpcap, type Packet } from "../src/index.ts";

const root = new URL("..", import.meta.url).pathname;
const from = join(root, "test", "fixtures", "captures");
const to = join(root, "samples");
mkdirSync(to, { recursive: true });

// ARP (with the pings it resolved for), DHCP, DNS, HTTP: the slides' order.
const sources: Array<[string, string]> = [["icmp-arp.pcap", "arp.pcap"], ["dhcp.pcap", "dhcp.pcap"], ["dns.pcap", "dns.pcap"], ["http.pcap", "http.pcap"]];
const all: Packet[] = [];
for (const [src, dst] of sources) {
  copyFileSync(join(from, src), join(to, dst));
  all.push(...rdpcap(join(from, src)));
}
wrpcap(join(to, "workshop.pcapng"), all, { format: "pcapng" });
// One gzip member for the whole file (as gzip(1) writes it), smaller than wrpcap's member per chunk.
wrpcap(join(to, "workshop.pcap"), all);
writeFileSync(join(to, "workshop.pcap.gz"), gzipSync(readFileSync(join(to, "workshop.pcap")), { level: 9 }));
rmSync(join(to, "workshop.pcap"));
console.log(`samples/: ${sources.map((s) => s[1]).join(", ")}, workshop.pcapng and workshop.pcap.gz (${all.length} packets)`);
