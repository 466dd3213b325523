/**
 * The neighbour cache and getmacbyip (Scapy's conf.netcache.arp_cache and l2.getmacbyip).
 * Lookups that need no traffic (multicast, broadcast, loopback, cached) are synchronous, so the
 * build of Ether()/IP() can use them; getmacbyip() asks with an ARP who-has (solicit.ts) when it must.
 * L3 sends and srp() resolve before building, so the build finds the answer in the cache.
 */
import { parseIPv4, parseIPv6 } from "../core/addr.ts";
import { conf } from "../core/conf.ts";
import { strictOptions } from "../core/options.ts";
import { ARP, Ether } from "../layers/l2.ts";
import { IPv6 } from "../layers/inet6.ts";
import { ICMPv6ND_NA, ICMPv6ND_NS } from "../layers/icmpv6Nd.ts";
import { ICMPv6NDOptDstLLAddr, ICMPv6NDOptSrcLLAddr } from "../layers/ndOptions.ts";
import { getInterface, isLoopback } from "./interfaces.ts";
import { routeTable, route6Table } from "./tables.ts";
import { solicit } from "./solicit.ts";
import { warn } from "./output.ts";

export const BROADCAST_MAC = "ff:ff:ff:ff:ff:ff";

/** IP (v4 or v6) → MAC, each entry living conf.netcacheTimeout seconds. */
export class NeighborCache {
  private entries = new Map<string, { mac: string; expires: number }>();

  get(ip: string): string | undefined {
    const e = this.entries.get(ip);
    if (!e) return undefined;
    if (Date.now() > e.expires) {
      this.entries.delete(ip);
      return undefined;
    }
    return e.mac;
  }

  set(ip: string, mac: string, ttlSeconds: number = conf.netcacheTimeout): void {
    this.entries.set(ip, { mac, expires: Date.now() + ttlSeconds * 1000 });
  }

  delete(ip: string): void {
    this.entries.delete(ip);
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }

  toString(): string {
    return [...this.entries].map(([ip, e]) => `${ip} ${e.mac}`).join("\n");
  }
}

export const arpCache = new NeighborCache();
export const ndCache = new NeighborCache();

const hex2 = (n: number) => n.toString(16).padStart(2, "0");

/** 224.0.0.0/4 → 01:00:5e + the low 23 bits. */
export function multicastMac4(ip: string): string | null {
  const n = parseIPv4(ip);
  if (n < 0 || n >>> 28 !== 0xe) return null;
  return `01:00:5e:${hex2((n >>> 16) & 0x7f)}:${hex2((n >>> 8) & 0xff)}:${hex2(n & 0xff)}`;
}

/** ff00::/8 → 33:33 + the low 32 bits. */
export function multicastMac6(ip: string): string | null {
  const b = parseIPv6(ip);
  if (!b || b[0] !== 0xff) return null;
  return `33:33:${hex2(b[12]!)}:${hex2(b[13]!)}:${hex2(b[14]!)}:${hex2(b[15]!)}`;
}

/** Where an IPv4 destination's frames go: [iface, next hop] ... or a MAC known without asking. */
function plan4(ip: string): { iface: string; hop: string; mac?: string } {
  const multicast = multicastMac4(ip);
  const [iface, , gw] = routeTable().route(ip);
  if (multicast) return { iface, hop: ip, mac: multicast };
  if (ip === "255.255.255.255" || isLoopback(getInterface(iface)) || routeTable().isLinkBroadcast(ip)) return { iface, hop: ip, mac: BROADCAST_MAC };
  const hop = gw !== "0.0.0.0" ? gw : ip;
  return { iface, hop, mac: arpCache.get(hop) };
}

function plan6(ip: string): { iface: string; hop: string; mac?: string } {
  const multicast = multicastMac6(ip);
  const [iface, , hop] = route6Table().route(ip, conf.iface);
  if (multicast) return { iface, hop: ip, mac: multicast };
  if (isLoopback(getInterface(iface))) return { iface, hop: ip, mac: BROADCAST_MAC };
  const next = hop !== "::" ? hop : ip;
  return { iface, hop: next, mac: ndCache.get(next) };
}

/** The MAC to reach ip if it is known without sending anything (undefined: it must be asked). */
export function knownMacFor(ip: string): string | undefined {
  return (ip.includes(":") ? plan6(ip) : plan4(ip)).mac;
}

const inflight = new Map<string, Promise<string | null>>();
const checkMac = strictOptions<{ timeout?: number }>("getmacbyip", { timeout: true }, { chainCC: "" });
const checkMac6 = strictOptions<{ timeout?: number }>("getmacbyip6", { timeout: true }, { chainCC: "" });

/**
 * MAC address to reach `ip` (through its gateway when it is not on the link), asking with an
 * ARP who-has when it is not known. null when nobody answers within `timeout` seconds.
 */
export function getmacbyip(ip: string, options: { timeout?: number } = {}): Promise<string | null> {
  checkMac(options);
  const plan = plan4(ip);
  if (plan.mac) return Promise.resolve(plan.mac);
  const key = `${plan.iface} ${plan.hop}`;
  let pending = inflight.get(key);
  if (!pending) {
    pending = (async () => {
      try {
        const reply = await solicit(Ether({ dst: BROADCAST_MAC }).div(ARP({ op: "who-has", pdst: plan.hop })), {
          iface: plan.iface,
          timeout: options.timeout ?? 2,
          filter: "arp",
          isAnswer: (p) => {
            const arp = p.getLayer(ARP);
            return arp !== undefined && Number(arp.op) === 2 && arp.psrc === plan.hop;
          },
        });
        const mac = reply?.getLayer(ARP)?.hwsrc;
        if (typeof mac !== "string") return null;
        arpCache.set(plan.hop, mac);
        return mac;
      } finally {
        inflight.delete(key);
      }
    })();
    inflight.set(key, pending);
  }
  return pending;
}

/** IPv6: multicast mapping, the cache, else a neighbour solicitation to the solicited-node group. */
export function getmacbyip6(ip: string, options: { timeout?: number } = {}): Promise<string | null> {
  checkMac6(options);
  const plan = plan6(ip);
  if (plan.mac) return Promise.resolve(plan.mac);
  const key = `${plan.iface} ${plan.hop}`;
  let pending = inflight.get(key);
  if (!pending) {
    pending = (async () => {
      try {
        const target = parseIPv6(plan.hop)!;
        const group = `ff02::1:ff${hex2(target[13]!)}:${hex2(target[14]!)}${hex2(target[15]!)}`;
        const ownMac = getInterface(plan.iface)?.mac ?? "00:00:00:00:00:00";
        const ns = Ether({ dst: multicastMac6(group)!, src: ownMac }).div(IPv6({ dst: group, hlim: 255 }), ICMPv6ND_NS({ tgt: plan.hop }), ICMPv6NDOptSrcLLAddr({ lladdr: ownMac }));
        // The advertisement comes from the neighbour's own address, not the group: matched on its target.
        const reply = await solicit(ns, {
          iface: plan.iface,
          timeout: options.timeout ?? 2,
          filter: "icmp6",
          isAnswer: (p) => p.getLayer(ICMPv6ND_NA)?.getFieldValue("tgt") === plan.hop,
        });
        if (!reply) return null;
        const mac = (reply!.getLayer(ICMPv6NDOptDstLLAddr)?.getFieldValue("lladdr") as string | undefined) ?? (reply!.getLayer(Ether)!.src as string);
        ndCache.set(plan.hop, mac);
        return mac;
      } finally {
        inflight.delete(key);
      }
    })();
    inflight.set(key, pending);
  }
  return pending;
}

/** MAC for a destination, asking if needed; broadcast (with Scapy's warning) when nobody answers. */
export async function resolveMac(ip: string): Promise<string> {
  const mac = ip.includes(":") ? await getmacbyip6(ip) : await getmacbyip(ip);
  if (mac) return mac;
  warn("MAC address to reach destination not found. Using broadcast.");
  return BROADCAST_MAC;
}
