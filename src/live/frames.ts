/**
 * Turning what the user gives into frames. Packets with fields that hold several values expand
 * into one packet each. L3 packets (IP, IPv6) leave by their route's interface with an Ether
 * header in front: the next hop's MAC (resolved before building, asking with ARP if needed)
 * and the interface's own; on loopback the header is zeros, as the kernel writes it.
 */
import { PacketryError } from "../core/errors.ts";
import { Packet } from "../core/packet.ts";
import { buildPacket } from "../core/write/build.ts";
import { drawVolatiles } from "../core/write/concrete.ts";
import { parseMACInto } from "../core/addr.ts";
import { conf } from "../core/conf.ts";
import { getInterface, isLoopback } from "./interfaces.ts";
import { resolveMac } from "./neighbor.ts";
import { sendRawIp, type LiveSocket } from "./socket.ts";
import { routeTable, route6Table } from "./tables.ts";

export type PacketsInput = Packet | Iterable<Packet>;

/** Every packet the input stands for, in order. */
export function expandPackets(input: PacketsInput): Packet[] {
  const out: Packet[] = [];
  const items = input instanceof Packet ? [input] : input;
  for (const p of items) {
    if (!(p instanceof Packet)) throw new TypeError(`expected packets, got ${typeof p}`);
    // Random values are drawn here, once (as Scapy's iteration fixes them): the packet kept to
    // match the answers holds what was sent.
    for (const one of p) out.push(drawVolatiles(one));
  }
  return out;
}

function l3Version(p: Packet): 4 | 6 {
  const name = p.spec.name;
  if (name === "IP") return 4;
  if (name === "IPv6") return 6;
  throw new PacketryError(`send()/sr() work at layer 3 and take IP or IPv6 packets, not ${name}: use sendp()/srp() for frames.`, "EINVAL");
}

/** Interface an L3 packet leaves by. */
export function l3Interface(p: Packet): string {
  const dst = p.getFieldValue("dst") as string;
  return l3Version(p) === 4 ? routeTable().route(dst)[0] : route6Table().route(dst, conf.iface)[0];
}

/**
 * What L3 packets become: Ether frames for an interface, or (on loopback) bare IP packets that
 * go out through raw IP sockets, one per packet in the same order.
 */
export interface L3Batch {
  iface: string;
  loopback: boolean;
  frames: Uint8Array[];
  versions: Array<4 | 6>;
  dsts: string[];
}

/** Builds L3 packets for `iface` (default: the first packet's route), resolving next-hop MACs first. */
export async function l3Frames(pkts: readonly Packet[], iface?: string): Promise<L3Batch> {
  const out = iface ?? (pkts.length ? l3Interface(pkts[0]!) : conf.iface);
  const info = getInterface(out);
  const loopback = isLoopback(info);
  const srcMac = loopback || !info ? "00:00:00:00:00:00" : info.mac || "00:00:00:00:00:00";
  const versions = pkts.map(l3Version);
  const dsts = pkts.map((p) => p.getFieldValue("dst") as string);
  // Resolve each destination once (asking with ARP/ND where needed), then build synchronously.
  const macs = new Map<string, string>();
  if (!loopback) for (const dst of dsts) if (!macs.has(dst)) macs.set(dst, await resolveMac(dst));
  const frames = pkts.map((p, i) => {
    const body = buildPacket(p);
    if (loopback) return body;
    const frame = new Uint8Array(14 + body.length);
    parseMACInto(macs.get(dsts[i]!)!, frame, 0);
    parseMACInto(srcMac, frame, 6);
    frame[12] = versions[i] === 4 ? 0x08 : 0x86;
    frame[13] = versions[i] === 4 ? 0x00 : 0xdd;
    frame.set(body, 14);
    return frame;
  });
  return { iface: out, loopback, frames, versions, dsts };
}

/** Sends packets i of an L3 batch: raw IP sockets on loopback, else the interface's socket. */
export function sendL3(batch: L3Batch, indexes: readonly number[], sock: () => LiveSocket): number {
  if (batch.loopback) return sendRawIp(indexes.map((i) => ({ version: batch.versions[i]!, dst: batch.dsts[i]!, bytes: batch.frames[i]! })));
  return sock().sendMany(indexes.map((i) => batch.frames[i]!));
}

/** Frames for L2 packets: Ether destinations of IP payloads are resolved first, so the build finds them. */
export async function l2Frames(pkts: readonly Packet[]): Promise<Uint8Array[]> {
  const asked = new Set<string>();
  for (const p of pkts) {
    if (p.spec.name !== "Ether" || p.getFieldValue("dst") !== null) continue;
    const l3 = p.payload;
    if (!l3 || (l3.spec.name !== "IP" && l3.spec.name !== "IPv6")) continue;
    const dst = l3.getFieldValue("dst") as string;
    if (asked.has(dst)) continue;
    asked.add(dst);
    await resolveMac(dst);
  }
  return pkts.map((p) => buildPacket(p));
}
