/**
 * IPv6 neighbour tools: neighsol (one neighbour solicitation, its answer) and computeNIGroupAddr
 * (the multicast group a node listens on for ICMPv6 node information queries about its name).
 */
import { createHash } from "node:crypto";
import { formatIPv6, parseIPv6 } from "../core/addr.ts";
import { strictOptions } from "../core/options.ts";
import type { Packet } from "../core/packet.ts";
import { ICMPv6ND_NS } from "../layers/icmpv6Nd.ts";
import { IPv6 } from "../layers/inet6.ts";
import { Ether } from "../layers/l2.ts";
import { ICMPv6NDOptSrcLLAddr } from "../layers/ndOptions.ts";
import { getIfHwaddr } from "../live/ifutil.ts";
import { multicastMac6 } from "../live/neighbor.ts";
import { srp1 } from "../live/sr.ts";

/**
 * The node information group of a name (RFC 4620 §4): ff02::2: then the first 32 bits of the
 * MD5 of the name's first label, lowercased, in DNS form (a length byte, then the label).
 * (Scapy 2.5 prints the last group without its leading zeros as "60 2" where RFC 4620 has 6002.)
 */
export function computeNIGroupAddr(name: string): string {
  const label = name.split(".")[0]!.toLowerCase();
  const encoded = new TextEncoder().encode(label);
  if (encoded.length > 63) throw new RangeError(`computeNIGroupAddr: the label ${JSON.stringify(label)} is longer than 63 bytes`);
  const digest = createHash("md5").update(Uint8Array.of(encoded.length, ...encoded)).digest();
  const addr = parseIPv6("ff02::2:0:0")!;
  addr.set(digest.subarray(0, 4), 12);
  return formatIPv6(addr, 0);
}

/** The solicited-node multicast address of an IPv6 address (ff02::1:ffXX:XXXX). */
export function solicitedNode(addr: string): string {
  const b = parseIPv6(addr);
  if (!b) throw new TypeError(`not an IPv6 address: ${JSON.stringify(addr)}`);
  const out = parseIPv6("ff02::1:ff00:0")!;
  out.set(b.subarray(13), 13);
  return formatIPv6(out, 0);
}

const check = strictOptions<{ timeout?: number }>("neighsol", { timeout: true }, { chainCC: "" });

/**
 * Sends one neighbour solicitation for addr from src on iface (to addr's solicited-node group)
 * and resolves with the first answer, a neighbour advertisement, or undefined (Scapy's neighsol).
 */
export async function neighsol(addr: string, src: string, iface: string, options: { timeout?: number } = {}): Promise<Packet | undefined> {
  check(options);
  const group = solicitedNode(addr);
  const ns = Ether({ dst: multicastMac6(group)! })
    .div(IPv6({ src, dst: group, hlim: 255 }))
    .div(ICMPv6ND_NS({ tgt: addr }))
    .div(ICMPv6NDOptSrcLLAddr({ lladdr: getIfHwaddr(iface) }));
  return srp1(ns, { iface, timeout: options.timeout ?? 1, verbose: 0, filter: "ip6" });
}
