/**
 * Dissect rate of every committed capture of real traffic (test/fixtures/captures/*.pcap: the
 * workshop's protocols and each protocol family's lab recordings), each frame dissected and every
 * field of every layer read, beside Debian's Scapy reading the same frames the same way.
 *
 *   npm run bench -- protocols [name-filter]
 */
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { PcapReader, toHex, type Packet } from "packetry";
import { measure, scapyAvailable, scapyPython } from "./measure.ts";

const dir = fileURLToPath(new URL("../test/fixtures/captures/", import.meta.url));
const filter = process.argv[2] ?? "";
const files = readdirSync(dir)
  .filter((f) => /\.pcap(ng)?$/.test(f) && f.includes(filter))
  .sort();

let sink: unknown;
/** Dissects a frame and reads every field of every layer (what a user looking at it does). */
function readAll(first: (b: Uint8Array) => Packet, frame: Uint8Array): void {
  let n = 0;
  for (let layer: Packet | null = first(frame); layer !== null; layer = layer.payload) {
    for (const f of layer.spec.layout.fields) {
      sink = (layer as unknown as Record<string, unknown>)[f.name];
      n++;
    }
  }
  sink = n;
}

const SCAPY = `
import json, sys, time
from scapy.all import conf, Ether, CookedLinux, IP, IPv6, Raw
from scapy.layers.l2 import Loopback
try:
    from scapy.all import load_contrib
    for c in json.loads(sys.argv[1]): load_contrib(c)
except Exception: pass
sys.path.insert(0, sys.argv[2])
from scapy_measure import rate
data = json.load(sys.stdin)
out = {}
for name, (lt, frames) in data.items():
    cls = conf.l2types.get(lt, Raw)
    frames = [bytes.fromhex(h) for h in frames]
    state = {"i": 0}
    def read():
        state["i"] = (state["i"] + 1) % len(frames)
        layer = cls(frames[state["i"]])
        while layer:
            for f in layer.fields_desc: getattr(layer, f.name)
            layer = layer.payload
    out[name] = rate(read, 1.0, 3)
print(json.dumps(out))
`;

const CONTRIB = ["lldp", "cdp", "bgp", "ospf", "eigrp", "igmpv3", "pim", "lacp", "macsec", "mpls", "nsh", "geneve", "vxlan", "isis", "bfd", "rip", "vrrp", "hsrp", "ikev2", "mqtt", "coap", "modbus", "rtcp", "radius", "nbns", "snmp", "ntp", "tftp", "sctp", "ppp", "l2tp", "gre", "erspan"];

const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
const rows: Array<{ name: string; frames: number; rate: number; linktype: number; hex: string[] }> = [];
for (const file of files) {
  const packets = [...new PcapReader(dir + file)];
  if (packets.length === 0) continue;
  const linktype = packets[0]!.meta?.linktype ?? 1;
  const frames = packets.map((p) => p.original()!);
  const first = packets[0]!.spec.cls as (b: Uint8Array) => Packet;
  let k = 0;
  const rate = measure(() => readAll(first, frames[(k = k + 1 >= frames.length ? 0 : k + 1)]!), 1, 3);
  rows.push({ name: file, frames: frames.length, rate, linktype, hex: frames.slice(0, 200).map(toHex) });
}
let scapy: Record<string, number> | null = null;
if (scapyAvailable() && rows.length) {
  const input = JSON.stringify(Object.fromEntries(rows.map((r) => [r.name, [r.linktype, r.hex]])));
  const r = spawnSync(...scapyPython(["-c", SCAPY, JSON.stringify(CONTRIB), fileURLToPath(new URL(".", import.meta.url))]), { input, encoding: "utf8", maxBuffer: 1 << 26 });
  if (r.status === 0) scapy = JSON.parse(r.stdout.trim().split("\n").pop()!) as Record<string, number>;
  else console.error("scapy bench failed:", r.stderr.slice(-400));
}
void sink;
const width = Math.max(...rows.map((r) => r.name.length), 8);
for (const r of rows) {
  const theirs = scapy?.[r.name];
  console.log(
    [`${r.name.padEnd(width)} ${String(r.frames).padStart(5)} frames`, `${fmt(r.rate).padStart(10)} pkt/s`, theirs ? `Scapy ${fmt(theirs).padStart(7)} pkt/s  ratio ${fmt(r.rate / theirs)}x` : ""]
      .filter(Boolean)
      .join("  |  "),
  );
}
if (!scapy) console.log("(Scapy not installed: apt-get install python3-scapy for its column)");
