/** Address fields: MAC, IPv4 and IPv6, stored as text, with the source/destination defaults resolved from routes. */
import { formatIPv4, formatIPv6, formatMAC, ipv4FromNumber, normalizeMAC, parseIPv4, parseIPv6, parseMACInto } from "../addr.ts";
import { conf } from "../conf.ts";
import { Field, invalid } from "../field.ts";
import type { Packet } from "../packet.ts";
import type { LayerSpec } from "../state.ts";
import type { Writer } from "../writer.ts";
import { describe } from "./integers.ts";
import { pyStrRepr } from "../bytes.ts";

/** Lowercase "aa:bb:cc:dd:ee:ff": kept as given. */
function isCanonicalMAC(text: string): boolean {
  if (text.length !== 17) return false;
  for (let i = 0; i < 17; i++) {
    const c = text.charCodeAt(i);
    if (i % 3 === 2) {
      if (c !== 58) return false;
    } else if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return false;
  }
  return true;
}

/** A valid dotted quad (already parsed) without leading zeros: kept as given. */
function isCanonicalIPv4(text: string): boolean {
  for (let i = 0; i < text.length - 1; i++) {
    if (text.charCodeAt(i) === 48 && (i === 0 || text.charCodeAt(i - 1) === 46) && text.charCodeAt(i + 1) !== 46) return false;
  }
  return true;
}

export class MACField<N extends string = string> extends Field<N, string | Uint8Array, string> {
  kindName = "MACField";
  override bits = 48;

  override fromUser(value: unknown): unknown {
    if (typeof value === "string" && isCanonicalMAC(value)) return value;
    if (value instanceof Uint8Array && value.length === 6) return formatMAC(value, 0);
    const mac = typeof value === "string" ? normalizeMAC(value) : null;
    return mac ?? invalid(`not a MAC address: ${describe(value)}`);
  }

  override readFixed(buf: Uint8Array, off: number): unknown {
    return formatMAC(buf, off);
  }

  override write(w: Writer, value: unknown, pkt: Packet): void {
    const v = (value as string | null) ?? this.resolveAtBuild(pkt) ?? "00:00:00:00:00:00";
    w.reserve(6);
    if (!parseMACInto(v, w.buf, w.pos)) w.buf.fill(0, w.pos, w.pos + 6);
    w.pos += 6;
  }

  /** Value for a null at build time. */
  resolveAtBuild(_pkt: Packet): string | null {
    return null;
  }

  override literal(value: unknown): string {
    return value === null ? "None" : pyStrRepr(String(value));
  }
}

/** Ether source: the MAC of the interface the payload would leave by. */
export class SourceMACField<N extends string = string> extends MACField<N> {
  override kindName = "SourceMACField";
  override defaultFor(pkt: Packet): unknown {
    return this.defaultValue ?? conf.resolvers.etherSource?.(pkt) ?? "00:00:00:00:00:00";
  }
  override resolveAtBuild(pkt: Packet): string | null {
    return conf.resolvers.etherSource?.(pkt) ?? "00:00:00:00:00:00";
  }
}

/**
 * Destinations a frame has whatever the network says (a multicast group's MAC): layers register
 * a rule here; the first non-null answer wins over the neighbour cache, as in Scapy's getmacbyip.
 */
export const staticDestinationRules: Array<(frame: Packet) => string | null> = [];

/** Ether destination: None until built, then a static rule's MAC, the neighbour's, or broadcast. */
export class DestMACField<N extends string = string> extends MACField<N> {
  override kindName = "DestMACField";
  override resolveAtBuild(pkt: Packet): string | null {
    for (const rule of staticDestinationRules) {
      const mac = rule(pkt);
      if (mac !== null) return mac;
    }
    return conf.resolvers.etherDestination?.(pkt) ?? "ff:ff:ff:ff:ff:ff";
  }
}

/** Expands "10.0.0.0/30", "10.0.0.1-3" and "10.0.0.*" into addresses (Scapy's Net). */
export function expandIPv4Net(text: string): string[] | null {
  const slash = text.indexOf("/");
  if (slash > 0) {
    const base = parseIPv4(text.slice(0, slash));
    const bits = Number(text.slice(slash + 1));
    if (base < 0 || !Number.isInteger(bits) || bits < 0 || bits > 32) return null;
    const size = 2 ** (32 - bits);
    if (size > 1 << 20) return null;
    const first = base - (base % size);
    return Array.from({ length: size }, (_, i) => ipv4FromNumber(first + i));
  }
  const parts = text.split(".");
  if (parts.length !== 4 || !parts.some((p) => p === "*" || p.includes("-"))) return null;
  const ranges: number[][] = [];
  for (const p of parts) {
    if (p === "*") ranges.push(Array.from({ length: 256 }, (_, i) => i));
    else if (/^\d+-\d+$/.test(p)) {
      const [lo, hi] = p.split("-").map(Number) as [number, number];
      if (lo > hi || hi > 255) return null;
      ranges.push(Array.from({ length: hi - lo + 1 }, (_, i) => lo + i));
    } else if (/^\d+$/.test(p) && Number(p) <= 255) ranges.push([Number(p)]);
    else return null;
  }
  const out: string[] = [];
  for (const a of ranges[0]!) for (const b of ranges[1]!) for (const c of ranges[2]!) for (const d of ranges[3]!) out.push(`${a}.${b}.${c}.${d}`);
  return out;
}

export class IPField<N extends string = string> extends Field<N, string, string> {
  kindName = "IPField";
  override bits = 32;

  override fromUser(value: unknown): unknown {
    if (typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= 0xffffffff) return ipv4FromNumber(value);
    if (value instanceof Uint8Array && value.length === 4) return formatIPv4(value, 0);
    if (typeof value !== "string") return invalid(`not an IPv4 address: ${describe(value)}`);
    const n = parseIPv4(value);
    if (n >= 0) return isCanonicalIPv4(value) ? value : ipv4FromNumber(n);
    if (/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*\.?$/i.test(value) && /[a-z]/i.test(value)) {
      const resolved = conf.resolvers.hostnameIPv4?.(value);
      if (resolved) return resolved;
      return invalid(`cannot resolve host name ${JSON.stringify(value)} to an IPv4 address`);
    }
    return invalid(`not an IPv4 address: ${JSON.stringify(value)}`);
  }

  /** "10.0.0.0/30" stands for several packets. */
  override expands = true;

  override alternatives(value: string): unknown[] | null {
    return /[/*-]/.test(value) && parseIPv4(value) < 0 ? expandIPv4Net(value) : null;
  }

  override readFixed(buf: Uint8Array, off: number): unknown {
    return formatIPv4(buf, off);
  }

  override write(w: Writer, value: unknown, pkt: Packet): void {
    const v = (value as string | null) ?? (this.defaultFor(pkt) as string | null) ?? "0.0.0.0";
    w.u32(Math.max(parseIPv4(v), 0));
  }

  override literal(value: unknown): string {
    return value === null ? "None" : pyStrRepr(String(value));
  }
}

/** IP source: the address the route toward the destination field uses. */
export class SourceIPField<N extends string = string> extends IPField<N> {
  override kindName = "SourceIPField";
  constructor(
    name: N,
    readonly dstField: string,
  ) {
    super(name, null);
  }
  override defaultFor(pkt: Packet): unknown {
    const dst = (pkt as unknown as Record<string, unknown>)[this.dstField];
    if (typeof dst !== "string") return "0.0.0.0";
    const resolved = conf.resolvers.sourceIPv4?.(dst);
    if (resolved) return resolved;
    return dst.startsWith("127.") ? "127.0.0.1" : "0.0.0.0";
  }
}

/**
 * Destinations that the layer carried names (Scapy's DestIPField.bind_addr): `IP()/UDP(dport=5353)`
 * goes to mDNS's group by default. One table per address family.
 */
export class DestinationRules {
  private readonly rules = new Map<LayerSpec, Array<[address: string, match: Record<string, number>]>>();

  /** A packet carrying `upper` with these field values goes to `address` by default. */
  add(upper: LayerSpec, address: string, match: Record<string, number>): void {
    this.rules.set(upper, [...(this.rules.get(upper) ?? []), [address, match]]);
  }

  /** The destination the payload of pkt names, if any. */
  pick(pkt: Packet): string | undefined {
    const pl = pkt.payload;
    const rules = pl ? this.rules.get(pl.spec) : undefined;
    if (rules) for (const [address, match] of rules) if (Object.entries(match).every(([k, v]) => Number(pl!.getFieldValue(k)) === v)) return address;
    return undefined;
  }
}

/** IPv4 destination: `fallback` (127.0.0.1) unless the payload's binding names one. */
export class DestIPField<N extends string = string> extends IPField<N> {
  override kindName = "DestIPField";
  constructor(
    name: N,
    readonly fallback: string,
    readonly rules: DestinationRules,
  ) {
    super(name, null);
  }
  override defaultFor(pkt: Packet): unknown {
    return this.rules.pick(pkt) ?? this.fallback;
  }
}

export class IP6Field<N extends string = string> extends Field<N, string, string> {
  kindName = "IP6Field";
  override bits = 128;

  override fromUser(value: unknown): unknown {
    if (value instanceof Uint8Array && value.length === 16) return formatIPv6(value, 0);
    if (typeof value !== "string") return invalid(`not an IPv6 address: ${describe(value)}`);
    const bytes = parseIPv6(value);
    if (bytes) return formatIPv6(bytes, 0);
    if (/^[a-z0-9.-]+$/i.test(value) && /[a-z]/i.test(value)) {
      const resolved = conf.resolvers.hostnameIPv6?.(value);
      if (resolved) return resolved;
      return invalid(`cannot resolve host name ${JSON.stringify(value)} to an IPv6 address`);
    }
    return invalid(`not an IPv6 address: ${JSON.stringify(value)}`);
  }

  override readFixed(buf: Uint8Array, off: number): unknown {
    return formatIPv6(buf, off);
  }

  override write(w: Writer, value: unknown, pkt: Packet): void {
    const v = (value as string | null) ?? (this.defaultFor(pkt) as string | null) ?? "::";
    w.bytes(parseIPv6(v) ?? new Uint8Array(16));
  }

  /** As Scapy shows them, Teredo (2001::/32) and 6to4 (2002::/16) addresses tell what they embed. */
  override repr(value: unknown, pkt: Packet): string {
    const b = typeof value === "string" ? parseIPv6(value) : null;
    if (b === null) return super.repr(value, pkt);
    if (b[0] === 0x20 && b[1] === 0x01 && b[2] === 0 && b[3] === 0) {
      // RFC 4380 §4: server, then the client's port and address with every bit flipped.
      const client = Uint8Array.from(b.subarray(12, 16), (x) => x ^ 0xff);
      const port = ((b[10]! << 8) | b[11]!) ^ 0xffff;
      return `${value} [Teredo srv: ${formatIPv4(b, 4)} cli: ${formatIPv4(client, 0)}:${port}]`;
    }
    if (b[0] === 0x20 && b[1] === 0x02) return `${value} [6to4 GW: ${formatIPv4(b, 2)}]`;
    return value as string;
  }

  override literal(value: unknown): string {
    return value === null ? "None" : pyStrRepr(String(value));
  }
}

/** IPv6 source: the address the route toward the destination field uses. */
export class SourceIP6Field<N extends string = string> extends IP6Field<N> {
  override kindName = "SourceIP6Field";
  constructor(
    name: N,
    readonly dstField: string,
  ) {
    super(name, null);
  }
  override defaultFor(pkt: Packet): unknown {
    const dst = (pkt as unknown as Record<string, unknown>)[this.dstField];
    if (typeof dst !== "string") return "::";
    return conf.resolvers.sourceIPv6?.(dst) ?? (dst === "::1" ? "::1" : "::");
  }
}

export const mac = <const N extends string>(name: N, d: string | null) => new MACField<N>(name, d);
export const sourceMac = <const N extends string>(name: N) => new SourceMACField<N>(name, null);
export const destMac = <const N extends string>(name: N) => new DestMACField<N>(name, null);
export const ipv4 = <const N extends string>(name: N, d: string | null) => new IPField<N>(name, d);
export const sourceIPv4 = <const N extends string>(name: N, dstField: string) => new SourceIPField<N>(name, dstField);
export const ipv6 = <const N extends string>(name: N, d: string | null) => new IP6Field<N>(name, d);
export const sourceIPv6 = <const N extends string>(name: N, dstField: string) => new SourceIP6Field<N>(name, dstField);

/** IPv6 destination: `fallback` (::1) unless the payload's binding names a group (mDNS: ff02::fb). */
export class DestIP6Field<N extends string = string> extends IP6Field<N> {
  override kindName = "DestIP6Field";
  constructor(
    name: N,
    readonly fallback: string,
    readonly rules: DestinationRules,
  ) {
    super(name, null);
  }
  override defaultFor(pkt: Packet): unknown {
    return this.rules.pick(pkt) ?? this.fallback;
  }
}
