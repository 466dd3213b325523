/**
 * Turning what the user gives into frames. Packets with fields that hold several values expand
 * into one packet each. L3 packets (IP, IPv6) leave by their route's interface with an Ether
 * header in front: the next hop's MAC (resolved before building, asking with ARP if needed)
 * and the interface's own; on loopback the header is zeros, as the kernel writes it.
 */
import { PacketryError } from "../core/errors.ts";
import { Packet } from "../core/packet.ts";
import { buildPacket } from "../core/build.ts";
import { parseMACInto } from "../core/addr.ts";
import { conf } from "../core/conf.ts";
import { getInterface, isLoopback } from "./interfaces.ts";
import { resolveMac } from "./neighbor.ts";
import { routeTable, route6Table } from "./tables.ts";

export type PacketsInput = Packet | Iterable<Packet>;

/** Every packet the input stands for, in order. */
export function expandPackets(input: PacketsInput): Packet[] {
  const out: Packet[] = [];
  const items = input instanceof Packet ? [input] : input;
  for (const p of items) {
    if (!(p instanceof Packet)) throw new TypeError(`expected packets, got ${typeof p}`);
    for (const one of p) out.push(one);
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

/** Frames for L3 packets on `iface` (default: the first packet's route). */
export async function l3Frames(pkts: readonly Packet[], iface?: string): Promise<{ iface: string; frames: Uint8Array[] }> {
  if (pkts.length === 0) return { iface: iface ?? conf.iface, frames: [] };
  const out = iface ?? l3Interface(pkts[0]!);
  const info = getInterface(out);
  const loopback = isLoopback(info);
  const srcMac = loopback || !info ? "00:00:00:00:00:00" : info.mac || "00:00:00:00:00:00";
  // Resolve each destination once (asking with ARP where needed), then build synchronously.
  const macs = new Map<string, string>();
  if (!loopback) {
    for (const p of pkts) {
      l3Version(p);
      const dst = p.getFieldValue("dst") as string;
      if (!macs.has(dst)) macs.set(dst, await resolveMac(dst));
    }
  }
  const frames: Uint8Array[] = [];
  for (const p of pkts) {
    const version = l3Version(p);
    const dstMac = loopback ? "00:00:00:00:00:00" : macs.get(p.getFieldValue("dst") as string)!;
    const body = buildPacket(p);
    const frame = new Uint8Array(14 + body.length);
    parseMACInto(dstMac, frame, 0);
    parseMACInto(srcMac, frame, 6);
    frame[12] = version === 4 ? 0x08 : 0x86;
    frame[13] = version === 4 ? 0x00 : 0xdd;
    frame.set(body, 14);
    frames.push(frame);
  }
  return { iface: out, frames };
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
