/**
 * Multicast groups and their Ethernet addresses (RFC 2464 §7 for IPv6, RFC 1112 §6.4 for IPv4).
 * Pure functions: the live part uses them to resolve destinations, layers to default Ether.dst.
 */
import { parseIPv4, parseIPv6 } from "../core/addr.ts";
import type { Packet } from "../core/packet.ts";

const hex2 = (n: number) => n.toString(16).padStart(2, "0");

/** ff00::/8. */
export function isIPv6Multicast(addr: string): boolean {
  const b = parseIPv6(addr);
  return b !== null && b[0] === 0xff;
}

/** 224.0.0.0/4. */
export function isIPv4Multicast(addr: string): boolean {
  const n = parseIPv4(addr);
  return n >= 0 && n >>> 28 === 0xe;
}

/** 33:33 followed by the group's last 32 bits (ff02::1 -> 33:33:00:00:00:01); null when not multicast. */
export function ipv6MulticastMac(addr: string): string | null {
  const b = parseIPv6(addr);
  if (b === null || b[0] !== 0xff) return null;
  return `33:33:${hex2(b[12]!)}:${hex2(b[13]!)}:${hex2(b[14]!)}:${hex2(b[15]!)}`;
}

/** 01:00:5e followed by the group's last 23 bits (224.0.0.251 -> 01:00:5e:00:00:fb); null when not multicast. */
export function ipv4MulticastMac(addr: string): string | null {
  const n = parseIPv4(addr);
  if (n < 0 || n >>> 28 !== 0xe) return null;
  return `01:00:5e:${hex2((n >>> 16) & 0x7f)}:${hex2((n >>> 8) & 0xff)}:${hex2(n & 0xff)}`;
}

/** The Ethernet address a datagram to `addr` (IPv4 or IPv6 text) goes to when it is a multicast group. */
export function multicastMac(addr: string): string | null {
  return addr.includes(":") ? ipv6MulticastMac(addr) : ipv4MulticastMac(addr);
}

const VLAN_TAGS = new Set(["Dot1Q", "Dot1AD"]);

/** The first layer above a frame's header and its VLAN tags (what Ether.dst is resolved for). */
export function networkLayerOf(frame: Packet): Packet | null {
  let p = frame.payload;
  while (p !== null && VLAN_TAGS.has(p.spec.name)) p = p.payload;
  return p;
}
