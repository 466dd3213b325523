/**
 * Scapy's afterglow(): sources, events (by default the destination port) and destinations as
 * three ranks of nodes sized by their packet counts, edges source → event → destination.
 */
import type { Packet } from "../../core/packet.ts";
import { PacketList } from "../../core/plist.ts";
import { dotAttrs, dotId } from "./dot.ts";
import { renderGraph, type GraphOptions } from "./render.ts";

export interface AfterglowOptions extends GraphOptions {
  src?: (p: Packet) => unknown;
  event?: (p: Packet) => unknown;
  dst?: (p: Packet) => unknown;
}

declare module "../../core/plist.ts" {
  interface PacketList<T> {
    /** Scapy's afterglow graph; resolves to the file written. */
    afterglow(options?: AfterglowOptions): Promise<string>;
  }
}

function l3(p: Packet): Packet {
  const l = p.getLayer("IP") ?? p.getLayer("IPv6");
  if (!l) throw new Error("no IP layer");
  return l;
}

const defaults = {
  src: (p: Packet) => l3(p).getFieldValue("src"),
  dst: (p: Packet) => l3(p).getFieldValue("dst"),
  /** The destination port (TCP, UDP), else the protocol number. */
  event: (p: Packet) => {
    const l4 = p.getLayer("TCP") ?? p.getLayer("UDP");
    if (l4) return l4.getFieldValue("dport");
    const ip = l3(p);
    return ip.spec.name === "IP" ? `proto ${String(ip.getFieldValue("proto"))}` : `nh ${String(ip.getFieldValue("nh"))}`;
  },
};

type Tally = Map<string, number>;
const bump = (m: Tally, k: string) => m.set(k, (m.get(k) ?? 0) + 1);

/** Node side in inches, from 0.3 to 1.2 by the square root of its share of the traffic. */
function side(count: number, max: number): string {
  return (0.3 + 0.9 * Math.sqrt(count / max)).toFixed(2);
}

export function afterglowDot(packets: Iterable<Packet>, options: AfterglowOptions = {}): string {
  const fs = { src: options.src ?? defaults.src, event: options.event ?? defaults.event, dst: options.dst ?? defaults.dst };
  const srcs: Tally = new Map();
  const events: Tally = new Map();
  const dsts: Tally = new Map();
  const se: Tally = new Map();
  const ed: Tally = new Map();
  for (const p of packets) {
    let s: string, e: string, d: string;
    try {
      s = String(fs.src(p));
      e = String(fs.event(p));
      d = String(fs.dst(p));
    } catch {
      continue; // as Scapy: packets the functions cannot read are left out
    }
    bump(srcs, s);
    bump(events, e);
    bump(dsts, d);
    bump(se, `${s}\u0000${e}`);
    bump(ed, `${e}\u0000${d}`);
  }
  if (srcs.size === 0) throw new Error("afterglow: no packet gave a source, an event and a destination");
  const max = Math.max(...srcs.values(), ...events.values(), ...dsts.values());
  // Sources, events and destinations may share a value (a host both sends and receives): prefix the ids.
  let dot = 'digraph "afterglow" {\n\trankdir=LR;\n\tnode [style=filled, fixedsize=true, fontsize=9];\n';
  const nodes = (prefix: string, tally: Tally, shape: string, fill: string) => {
    for (const [k, n] of tally) dot += `\t${dotId(prefix + k)}${dotAttrs({ label: k, shape, fillcolor: fill, width: side(n, max), height: side(n, max), tooltip: `${n} packets` })}\n`;
  };
  nodes("s:", srcs, "box", "#ff8080");
  nodes("e:", events, "ellipse", "#80d080");
  nodes("d:", dsts, "box", "#8080ff");
  for (const [k, n] of se) {
    const [s, e] = k.split("\u0000") as [string, string];
    dot += `\t${dotId("s:" + s)} -> ${dotId("e:" + e)}${dotAttrs({ label: String(n) })}\n`;
  }
  for (const [k, n] of ed) {
    const [e, d] = k.split("\u0000") as [string, string];
    dot += `\t${dotId("e:" + e)} -> ${dotId("d:" + d)}${dotAttrs({ label: String(n) })}\n`;
  }
  return dot + "}\n";
}

Object.defineProperty(PacketList.prototype, "afterglow", {
  configurable: true,
  writable: true,
  value: function afterglow(this: PacketList<unknown>, options: AfterglowOptions = {}) {
    return Promise.resolve().then(() => renderGraph(afterglowDot(this.packets(), options), options));
  },
});
