/**
 * Issue 2's benchmark: (a) dissect and read the 5-tuple, (b) dissect and read every field of
 * every layer, (c) build Ether/IP/TCP/Raw(100) with checksums from a packet constructed each
 * time — the same operations run with Debian's Scapy when it is installed, and the ratios.
 */
import { spawnSync } from "node:child_process";
import { DNS, DNSQR, DNSRR, Ether, IP, type Packet, Raw, raw, TCP, toHex, UDP } from "packetry";
import { measure, report, scapyAvailable, scapyPython } from "./measure.ts";

const load = new Uint8Array(100).fill(0x78);
const frames: Uint8Array[] = [
  raw(Ether({ dst: "00:11:22:33:44:55", src: "66:77:88:99:aa:bb" }).div(IP({ src: "10.0.0.1", dst: "10.0.0.2" }), TCP({ sport: 40000, dport: 80, flags: "PA", seq: 1000, ack: 2000 }), Raw({ load }))),
  raw(
    Ether({ dst: "00:11:22:33:44:55", src: "66:77:88:99:aa:bb" }).div(
      IP({ src: "10.0.0.53", dst: "10.0.0.2" }),
      UDP({ sport: 53, dport: 33000 }),
      DNS({ id: 7, qr: 1, qd: [DNSQR({ qname: "www.example.com" })], an: [DNSRR({ rrname: "www.example.com", rdata: "93.184.216.34" })] }),
    ),
  ),
];

let sink: unknown;
let k = 0;
const next = () => frames[(k = (k + 1) & 1)]!;

function fiveTuple(): void {
  const p = Ether(next());
  const ip = p.getLayer(IP)!;
  const l4 = (ip.payload as Packet & { sport: number; dport: number }) ?? null;
  sink = [ip.src, ip.dst, ip.proto, l4.sport, l4.dport];
}

function everyField(): void {
  let n = 0;
  for (let layer: Packet | null = Ether(next()); layer !== null; layer = layer.payload) {
    for (const f of layer.spec.layout.fields) {
      sink = (layer as unknown as Record<string, unknown>)[f.name];
      n++;
    }
  }
  sink = n;
}

function buildTcp(): void {
  sink = raw(
    Ether({ dst: "00:11:22:33:44:55", src: "66:77:88:99:aa:bb" }).div(
      IP({ src: "10.0.0.1", dst: "10.0.0.2" }),
      TCP({ sport: 1234, dport: 80, flags: "PA", seq: 1000, ack: 2000 }),
      Raw({ load }),
    ),
  );
}

const ours = {
  dissect5: measure(fiveTuple),
  dissectAll: measure(everyField),
  build: measure(buildTcp),
};
let scapy: Record<string, number> | null = null;
if (scapyAvailable()) {
  const r = spawnSync(...scapyPython([new URL("./scapy_core.py", import.meta.url).pathname, ...frames.map(toHex)]), { encoding: "utf8" });
  if (r.status === 0) scapy = JSON.parse(r.stdout.trim().split("\n").pop()!);
  else console.error("scapy bench failed:", r.stderr.slice(-500));
}
void sink;
report(
  [
    ["(a) dissect + read 5-tuple", "dissect5", 2_000_000],
    ["(b) dissect + read every field", "dissectAll", 700_000],
    ["(c) build Ether/IP/TCP/Raw(100)", "build", 700_000],
  ],
  ours,
  scapy,
);
