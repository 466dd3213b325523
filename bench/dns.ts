/**
 * DNS dissection speed (issue 3): dissect Ether/IP/UDP/DNS responses with 4 answers (compressed
 * names, as servers send them) and read the question name and every rdata. The same runs with
 * Debian's Scapy when it is installed, and the ratio is printed.
 *
 *   node --import tsx bench/dns.ts      (or: npm run bench -- dns)
 */
import { spawnSync } from "node:child_process";
import { DNS, DNSQR, DNSRR, dnsCompress, Ether, IP, raw, toHex, UDP } from "packetry";
import { measure, report, scapyAvailable, scapyPython } from "./measure.ts";

const response = (id: number) =>
  raw(
    dnsCompress(
      Ether({ dst: "00:11:22:33:44:55", src: "66:77:88:99:aa:bb" }).div(
        IP({ src: "10.0.0.53", dst: "10.0.0.2" }),
        UDP({ sport: 53, dport: 33000 + id }),
        DNS({
          id,
          qr: 1,
          rd: 1,
          ra: 1,
          qd: [DNSQR({ qname: "www.example.com" })],
          an: [
            DNSRR({ rrname: "www.example.com", type: "CNAME", ttl: 300, rdata: "web.example.com" }),
            DNSRR({ rrname: "web.example.com", ttl: 300, rdata: "93.184.216.34" }),
            DNSRR({ rrname: "web.example.com", ttl: 300, rdata: "93.184.216.35" }),
            DNSRR({ rrname: "web.example.com", type: "AAAA", ttl: 300, rdata: "2606:2800:220:1:248:1893:25c8:1946" }),
          ],
        }),
      ),
    ),
  );

// Several frames, so nothing is cached between two iterations.
const frames = [1, 2, 3, 4].map(response);
let k = 0;
let sink: unknown;

function dissectAndRead(): void {
  const dns = Ether(frames[(k = (k + 1) & 3)]!).getLayer(DNS)!;
  const out: unknown[] = [dns.qd[0]!.qname];
  for (const rr of dns.an) out.push(rr.rdata);
  sink = out;
}

// Check once that the frames read back as expected before timing them.
dissectAndRead();
const read = sink as unknown[];
if (read.length !== 5 || read[2] !== "93.184.216.34" || read[4] !== "2606:2800:220:1:248:1893:25c8:1946") throw new Error(`bench/dns.ts: unexpected values ${String(read)}`);

const ours = { dns: measure(dissectAndRead) };
let scapy: Record<string, number> | null = null;
if (scapyAvailable()) {
  const r = spawnSync(...scapyPython([new URL("./scapy_dns.py", import.meta.url).pathname, ...frames.map(toHex)]), { encoding: "utf8" });
  if (r.status === 0) scapy = JSON.parse(r.stdout.trim().split("\n").pop()!);
  else console.error("scapy bench failed:", r.stderr.slice(-500));
}
void sink;
report([["dissect DNS response (4 answers) + read", "dns", 500_000]], ours, scapy);
