/**
 * IP prefixes written on as many bytes (or 32-bit words) as their length needs (Scapy's
 * IP6PrefixField / IPPrefixField): OSPFv3's address prefixes. The value is [address, length]
 * (Scapy's tuple); "2001:db8::/64" is accepted. The length comes from another field, which
 * `prefixLengthOf` computes from the value.
 */
import { formatIPv4, formatIPv6, parseIPv4, parseIPv6 } from "../addr.ts";
import { pyStrRepr } from "../bytes.ts";
import { Field, invalid, Measured, siblingValue } from "../field.ts";
import type { Packet } from "../packet.ts";
import type { Computed } from "../state.ts";
import type { Writer } from "../writer.ts";
import { describe } from "./integers.ts";
import { IP6Field, IPField } from "./address.ts";

export type Prefix = readonly [address: string, length: number];

export class IPPrefixField<N extends string = string> extends Field<N, string | Prefix, Prefix> {
  kindName: string;
  override mutable = true;
  override isTuple = true;
  private readonly maxBytes: number;

  constructor(
    name: N,
    defaultValue: string,
    readonly family: 4 | 6,
    /** Bytes are written in units of this many (OSPFv3: 32-bit words). */
    readonly wordBytes = 1,
  ) {
    super(name, null);
    this.kindName = family === 6 ? "IP6PrefixField" : "IPPrefixField";
    this.maxBytes = family === 6 ? 16 : 4;
    (this as { defaultValue: unknown }).defaultValue = this.fromUser(defaultValue);
  }

  private bytesFor(bits: number): number {
    const wordBits = this.wordBytes * 8;
    return Math.min(this.maxBytes, Math.ceil(Math.max(bits, 0) / wordBits) * this.wordBytes);
  }

  private parse(address: string): Uint8Array | null {
    if (this.family === 6) return parseIPv6(address);
    const n = parseIPv4(address);
    return n < 0 ? null : Uint8Array.of(n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff);
  }

  override fromUser(value: unknown): unknown {
    if (Array.isArray(value) && value.length === 2 && typeof value[0] === "string" && Number.isInteger(value[1])) {
      if (this.parse(value[0]) === null) invalid(`${JSON.stringify(value[0])} is not an IPv${this.family} address`);
      return [value[0], value[1]] as Prefix;
    }
    if (typeof value !== "string") return invalid(`expected a prefix such as ${this.family === 6 ? '"2001:db8::/64"' : '"10.0.0.0/8"'}, got ${describe(value)}`);
    const slash = value.indexOf("/");
    const address = slash < 0 ? value : value.slice(0, slash);
    const length = slash < 0 ? NaN : Number(value.slice(slash + 1));
    if (!Number.isInteger(length) || length < 0 || length > 8 * this.maxBytes) return invalid(`${JSON.stringify(value)} is not a prefix (address/length)`);
    if (this.parse(address) === null) return invalid(`${JSON.stringify(address)} is not an IPv${this.family} address`);
    return [address, length] as Prefix;
  }

  private lengthIn(pkt: Packet): number {
    return this.lengthFrom?.(pkt) ?? 0;
  }

  // Decoded when measured: the value keeps the length read with it, whatever the length field becomes.
  override measure(pkt: Packet, buf: Uint8Array, off: number, end: number): number | Measured {
    const length = this.lengthIn(pkt);
    const n = this.bytesFor(length);
    return off + n <= end ? new Measured(n, this.read(buf, off, off + n, length)) : -1;
  }

  override decode(pkt: Packet, buf: Uint8Array, off: number, end: number): unknown {
    return this.read(buf, off, end, this.lengthIn(pkt));
  }

  private read(buf: Uint8Array, off: number, end: number, length: number): Prefix {
    const bytes = new Uint8Array(this.maxBytes);
    bytes.set(buf.subarray(off, end));
    return [this.family === 6 ? formatIPv6(bytes, 0) : formatIPv4(bytes, 0), length];
  }

  override write(w: Writer, value: unknown): void {
    const [address, length] = value as Prefix;
    w.bytes((this.parse(address) ?? new Uint8Array(this.maxBytes)).subarray(0, this.bytesFor(length)));
  }

  override repr(value: unknown): string {
    const [address, length] = value as Prefix;
    return pyStrRepr(`${address}/${length}`);
  }

  override literal(value: unknown): string {
    const [address, length] = value as Prefix;
    return `(${pyStrRepr(address)}, ${length})`;
  }
}

export const ip6Prefix = <const N extends string>(name: N, d: string, wordBytes = 1) => new IPPrefixField<N>(name, d, 6, wordBytes);
export const ipPrefix = <const N extends string>(name: N, d: string, wordBytes = 1) => new IPPrefixField<N>(name, d, 4, wordBytes);

/** The length in bits of the prefix held by field `target` (Scapy's FieldLenField length_of a prefix field). */
export const prefixLengthOf = <const T extends string>(target: T): Computed & { refs: readonly [T] } => ({
  stage: "length",
  describe: `prefix length of ${target}`,
  refs: [target] as const,
  compute: (p) => ((p as unknown as Record<string, Prefix>)[target] ?? ["", 0])[1],
});

/**
 * An address written on only the bytes its prefix length (another field's value) needs, the
 * rest read back as zeros: EIGRP's route destinations (Scapy's EigrpIPField, EigrpIP6Field).
 * The value is the address as text; `bytesFor` maps the prefix length to the bytes written.
 */
export class PrefixBytesAddressField<N extends string = string, R extends string = never> extends Field<N, string, string, R> {
  kindName: string;
  private readonly inner: IPField | IP6Field;
  private readonly size: number;

  constructor(
    name: N,
    defaultValue: string,
    readonly family: 4 | 6,
    readonly lengthField: R,
    readonly bytesFor: (prefixLength: number) => number,
    kindName: string,
    /** Shown as a quoted string (Scapy's EigrpIPField is a StrField) rather than as an address. */
    readonly quoted = false,
  ) {
    super(name, defaultValue);
    this.kindName = kindName;
    this.inner = family === 6 ? new IP6Field(name, defaultValue) : new IPField(name, defaultValue);
    this.size = family === 6 ? 16 : 4;
    this.refs = [lengthField];
  }

  private bytesIn(pkt: Packet): number {
    return this.bytesFor(Number(siblingValue(pkt, this.lengthField) ?? 0));
  }

  override fromUser(value: unknown): unknown {
    return this.inner.fromUser(value);
  }

  override measure(pkt: Packet, buf: Uint8Array, off: number, end: number): number | Measured {
    const n = this.bytesIn(pkt);
    return n <= this.size && off + n <= end ? new Measured(n, this.read(buf, off, n)) : -1;
  }

  override decode(pkt: Packet, buf: Uint8Array, off: number): unknown {
    return this.read(buf, off, Math.min(this.bytesIn(pkt), this.size));
  }

  private read(buf: Uint8Array, off: number, n: number): string {
    const bytes = new Uint8Array(this.size);
    bytes.set(buf.subarray(off, off + n));
    return this.family === 6 ? formatIPv6(bytes, 0) : formatIPv4(bytes, 0);
  }

  override write(w: Writer, value: unknown, pkt: Packet): void {
    const text = String(value ?? this.defaultFor(pkt));
    const full = this.family === 6 ? parseIPv6(text) : ipv4Bytes(text);
    w.bytes((full ?? new Uint8Array(this.size)).subarray(0, Math.min(this.bytesIn(pkt), this.size)));
  }

  override repr(value: unknown, pkt: Packet): string {
    return this.quoted ? pyStrRepr(String(value)) : this.inner.repr(value, pkt);
  }

  override literal(value: unknown): string {
    return value === null ? "None" : pyStrRepr(String(value));
  }
}

function ipv4Bytes(text: string): Uint8Array | null {
  const n = parseIPv4(text);
  return n < 0 ? null : Uint8Array.of(n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff);
}
