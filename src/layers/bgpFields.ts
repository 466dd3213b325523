/**
 * Field kinds BGP needs (Scapy's contrib/bgp): the 128-bit marker, prefixes written with their
 * length byte (NLRI), NLRI lists that detect ADD-PATH path identifiers and, at the end of an
 * UPDATE, stop at the next message's marker; a packet whose class the packet holding it chooses
 * (a path attribute by its type code, a capability by its code); an IEEE 754 single float.
 * Dissection never throws: bytes a field cannot hold cut its layer there.
 */
import { formatIPv4, formatIPv6, parseIPv4, parseIPv6 } from "../core/addr.ts";
import { pyBytesRepr, pySliceLength, pyStrRepr } from "../core/bytes.ts";
import { Field, invalid, Measured } from "../core/field.ts";
import { checkInteger, describe, hexRepr } from "../core/fields/integers.ts";
import { PacketListField } from "../core/fields/packets.ts";
import type { Packet } from "../core/packet.ts";
import { isPacket, type LayerRef } from "../core/state.ts";
import type { Writer } from "../core/writer.ts";

export const BGP_MARKER_BYTES = 16;

/** True when buf[off, off + 16) is the all-ones marker that starts every BGP message. */
export function isBgpMarker(buf: Uint8Array, off: number, end: number): boolean {
  if (end - off < BGP_MARKER_BYTES) return false;
  for (let i = 0; i < BGP_MARKER_BYTES; i++) if (buf[off + i] !== 0xff) return false;
  return true;
}

/** Scapy's XBitField of 128 bits: the header's marker, an integer shown in hex. */
export class MarkerField<N extends string = string> extends Field<N, number | bigint | string, bigint> {
  kindName = "XBitField";
  constructor(name: N) {
    super(name, (1n << 128n) - 1n);
    this.bits = 128;
  }
  override fromUser(value: unknown): unknown {
    if (typeof value === "bigint" || typeof value === "number" || typeof value === "string") return BigInt(checkInteger(value, 0n, (1n << 128n) - 1n, true));
    return invalid(`expected an integer, got ${describe(value)}`);
  }
  override readFixed(buf: Uint8Array, at: number): unknown {
    let v = 0n;
    for (let i = 0; i < BGP_MARKER_BYTES; i++) v = (v << 8n) | BigInt(buf[at + i]!);
    return v;
  }
  override write(w: Writer, value: unknown): void {
    const v = BigInt((value as bigint | null) ?? 0n);
    for (let i = BGP_MARKER_BYTES - 1; i >= 0; i--) w.u8(Number((v >> BigInt(8 * i)) & 0xffn));
  }
  override repr(value: unknown): string {
    return hexRepr(value as bigint);
  }
  override describeKind(): string {
    return "XBitField  (128 bits)";
  }
}

/** A prefix and its length byte (Scapy's BGPFieldIPv4/IPv6): [length, address], shown "10.0.0.0/8". */
export type BgpPrefix = readonly [length: number, address: string];

export class BGPPrefixField<N extends string = string> extends Field<N, string | BgpPrefix, BgpPrefix> {
  kindName: string;
  override isTuple = true;
  private readonly maxBytes: number;
  constructor(
    name: N,
    defaultValue: string,
    readonly family: 4 | 6,
  ) {
    super(name, null);
    this.kindName = family === 4 ? "BGPFieldIPv4" : "BGPFieldIPv6";
    this.maxBytes = family === 4 ? 4 : 16;
    (this as { defaultValue: unknown }).defaultValue = this.fromUser(defaultValue);
  }
  private parse(address: string): Uint8Array | null {
    if (this.family === 6) return parseIPv6(address);
    const n = parseIPv4(address);
    return n < 0 ? null : Uint8Array.of(n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff);
  }
  override fromUser(value: unknown): unknown {
    if (Array.isArray(value) && value.length === 2 && Number.isInteger(value[0]) && typeof value[1] === "string") return [value[0], value[1]] as BgpPrefix;
    if (typeof value !== "string" || !value.includes("/")) return invalid(`expected a prefix such as ${this.family === 4 ? '"10.0.0.0/8"' : '"2001:db8::/32"'}, got ${describe(value)}`);
    const [address, bits] = value.split("/") as [string, string];
    const length = Number(bits);
    if (!Number.isInteger(length) || length < 0 || length > 255) return invalid(`${JSON.stringify(value)}: the prefix length is not a byte`);
    if (this.parse(address) === null) return invalid(`${JSON.stringify(address)} is not an IPv${this.family} address`);
    return [length, address] as BgpPrefix;
  }
  override measure(_pkt: Packet, buf: Uint8Array, off: number, end: number): number | Measured {
    if (off >= end) return -1;
    const n = 1 + Math.ceil(buf[off]! / 8);
    if (off + n > end) return -1;
    const bytes = new Uint8Array(this.maxBytes);
    bytes.set(buf.subarray(off + 1, Math.min(off + n, off + 1 + this.maxBytes)));
    return new Measured(n, [buf[off]!, this.family === 4 ? formatIPv4(bytes, 0) : formatIPv6(bytes, 0)] as BgpPrefix);
  }
  override write(w: Writer, value: unknown): void {
    const [length, address] = value as BgpPrefix;
    w.u8(length);
    w.bytes((this.parse(address) ?? new Uint8Array(this.maxBytes)).subarray(0, Math.ceil(length / 8)));
  }
  override repr(value: unknown): string {
    const [length, address] = value as BgpPrefix;
    return `${address}/${length}`;
  }
  override literal(value: unknown): string {
    const [length, address] = value as BgpPrefix;
    return `(${length}, ${pyStrRepr(address)})`;
  }
}

/**
 * Wireshark's test (which Scapy follows) for NLRI carrying ADD-PATH identifiers: read with a
 * 4-byte path identifier before each prefix they are well formed, read without they are not.
 */
export function looksLikeAddPath(buf: Uint8Array, start: number, end: number, maxBits: number): boolean {
  const n = end - start;
  const bad = (i: number, plen: number) => plen % 8 !== 0 && (buf[start + i - 1]! & (0xff >> plen % 8)) !== 0;
  for (let i = 0; i + 4 < n; ) {
    i += 4;
    const plen = buf[start + i]!;
    if (plen > maxBits) return false;
    i += 1 + Math.ceil(plen / 8);
    if (i > n || bad(i, plen)) return false;
  }
  for (let i = 0; i + 4 < n; ) {
    const plen = buf[start + i]!;
    if ((plen === 0 && n > 1) || plen > maxBits) return true;
    i += 1 + Math.ceil(plen / 8);
    if (i > n || bad(i, plen)) return true;
  }
  return false;
}

/**
 * Scapy's BGPNLRIPacketListField: prefixes of one family, with ADD-PATH identifiers when the bytes
 * look so. Without a length rule (an UPDATE's last field) the list stops at the next marker.
 */
export class NLRIListField<N extends string = string> extends PacketListField<N> {
  override kindName = "BGPNLRIPacketListField";
  constructor(
    name: N,
    readonly plain: LayerRef,
    readonly addPath: LayerRef,
    readonly maxBits: number,
  ) {
    super(name, [], plain);
  }
  private regionEnd(pkt: Packet, buf: Uint8Array, off: number, end: number): number {
    const len = this.lengthFrom?.(pkt);
    if (len !== null && len !== undefined) return off + pySliceLength(end - off, len);
    for (let i = off; i + BGP_MARKER_BYTES <= end; i++) if (isBgpMarker(buf, i, end)) return i;
    return end;
  }
  private read(pkt: Packet, buf: Uint8Array, off: number, to: number): Packet[] {
    const cls = looksLikeAddPath(buf, off, to, this.maxBits) ? this.addPath : this.plain;
    const out: Packet[] = [];
    while (off < to) {
      const [el, next] = cls.spec.codecs.dissectElement(buf, off, to, pkt);
      out.push(el);
      if (next <= off) break;
      off = next;
    }
    return out;
  }
  override measure(pkt: Packet, buf: Uint8Array, off: number, end: number): number | Measured {
    const to = this.regionEnd(pkt, buf, off, end);
    return new Measured(to - off, this.read(pkt, buf, off, to));
  }
  override decode(pkt: Packet, buf: Uint8Array, off: number, end: number): unknown {
    return this.read(pkt, buf, off, end);
  }
}

/** Picks the class of a held packet from the packet holding it and the bytes (null: Raw). */
export type HeldClass = (holder: Packet, buf: Uint8Array, off: number, end: number) => LayerRef;

/**
 * One packet whose class the holder chooses (Scapy's PacketField subclasses with their own m2i):
 * it takes the field's region (its lengthFrom, or the rest), what its class leaves being its payload.
 */
export class ChosenPacketField<N extends string = string> extends Field<N, Packet, Packet | null> {
  kindName: string;
  override holdsPackets = true;
  override mutable = true;
  override total = true;
  constructor(
    name: N,
    readonly choose: HeldClass,
    kindName = "PacketField",
    /** Scapy declares some of these with b"" as default: nothing written, shown as b''. */
    defaultValue: Uint8Array | null = null,
  ) {
    super(name, defaultValue);
    this.kindName = kindName;
  }
  override fromUser(value: unknown): unknown {
    if (value instanceof Uint8Array) return value;
    return isPacket(value) ? value : invalid(`expected a packet, got ${describe(value)}`);
  }
  override measure(pkt: Packet, buf: Uint8Array, off: number, end: number): number | Measured {
    const len = this.lengthFrom?.(pkt);
    const to = len === null || len === undefined ? end : off + pySliceLength(end - off, len);
    // Nothing left: the field is not there (Scapy stops reading fields where the bytes end).
    if (to <= off) return new Measured(0, null);
    const [el, next] = this.choose(pkt, buf, off, to).spec.codecs.dissectElement(buf, off, to, pkt);
    // Without a length, what the held packet leaves as padding goes back to the holder (Scapy's PacketField).
    return new Measured((len === null || len === undefined ? next : to) - off, el);
  }
  override decode(pkt: Packet, buf: Uint8Array, off: number, end: number): unknown {
    return this.choose(pkt, buf, off, end).spec.codecs.dissectElement(buf, off, end, pkt)[0];
  }
  override write(w: Writer, value: unknown): void {
    if (value instanceof Uint8Array) w.bytes(value);
    else if (value) (value as Packet)._s.spec.codecs.buildInto(value as Packet, w);
  }
  override repr(value: unknown): string {
    return value instanceof Uint8Array ? pyBytesRepr(value) : value ? String(value) : "None";
  }
  override literal(value: unknown): string {
    return value instanceof Uint8Array ? pyBytesRepr(value) : value ? (value as Packet).command() : "None";
  }
}

/** Scapy's IEEEFloatField: a big-endian IEEE 754 single. */
export class FloatField<N extends string = string> extends Field<N, number, number> {
  kindName = "IEEEFloatField";
  constructor(name: N, d: number) {
    super(name, d);
    this.bits = 32;
  }
  override fromUser(value: unknown): unknown {
    return typeof value === "number" ? Math.fround(value) : invalid(`expected a number, got ${describe(value)}`);
  }
  override readFixed(buf: Uint8Array, at: number): unknown {
    return new DataView(buf.buffer, buf.byteOffset + at, 4).getFloat32(0);
  }
  override write(w: Writer, value: unknown): void {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, Number(value ?? 0));
    w.bytes(b);
  }
  override repr(value: unknown): string {
    const x = Number(value);
    return Number.isInteger(x) && Math.abs(x) < 1e16 ? x.toFixed(1) : String(x);
  }
  override literal(value: unknown): string {
    return this.repr(value);
  }
}

/** Picks the class of the next element and the bytes it takes (Scapy's list fields that cut each element first). */
export type ElementSlicer = (holder: Packet, buf: Uint8Array, off: number, end: number) => readonly [LayerRef, number];

/** Packets back to back, each dissected within the bytes the slicer gives it (what it leaves is its payload). */
export class SlicedPacketListField<N extends string = string> extends PacketListField<N> {
  constructor(
    name: N,
    readonly slicer: ElementSlicer,
  ) {
    super(name, [], () => null);
  }
  private read(pkt: Packet, buf: Uint8Array, off: number, to: number): Packet[] {
    const out: Packet[] = [];
    while (off < to) {
      const [cls, n] = this.slicer(pkt, buf, off, to);
      const next = Math.min(to, off + Math.max(n, 1));
      out.push(cls.spec.codecs.dissectElement(buf, off, next, pkt)[0]);
      off = next;
    }
    return out;
  }
  override measure(pkt: Packet, buf: Uint8Array, off: number, end: number): number | Measured {
    const len = this.lengthFrom?.(pkt);
    const to = len === null || len === undefined ? end : off + pySliceLength(end - off, len);
    return new Measured(to - off, this.read(pkt, buf, off, to));
  }
  override decode(pkt: Packet, buf: Uint8Array, off: number, end: number): unknown {
    return this.read(pkt, buf, off, end);
  }
}
