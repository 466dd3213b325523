/** Field kinds that only DNS uses: names, character-string lists, type bitmaps and times. */
import { pyBytesRepr, pyStrRepr, pySliceLength, toBytes } from "../core/bytes.ts";
import { Field, invalid } from "../core/field.ts";
import { describe, IntField } from "../core/fields/integers.ts";
import { bytesFromUser, type BytesInput } from "../core/fields/strings.ts";
import type { Packet } from "../core/packet.ts";
import { dissectedFieldBytes } from "../core/read/measure.ts";
import type { Writer } from "../core/writer.ts";
import { DNS_TYPES } from "./data/dnsTables.ts";
import { dnsMessageOf, encodeName, endsInPointer, isWireName, readName, scanName } from "./dnsName.ts";

const EMPTY = new Uint8Array(0);

/**
 * A domain name (Scapy's DNSStrField): b"www.example.com." in, labels on the wire, pointers
 * followed into the message when read. A name from an untouched dissected record is written as
 * it came (compressed or not), so such a record rebuilds byte for byte. The layer's lengthFrom
 * rule bounds it (an rdata within rdlen); otherwise it may take the rest of the layer.
 */
export class DNSStrField<N extends string = string> extends Field<N, BytesInput, Uint8Array> {
  readonly kindName = "DNSStrField";
  override total = true;

  constructor(name: N, defaultValue: BytesInput) {
    super(name, toName(toBytes(defaultValue)));
  }

  override fromUser(value: unknown): unknown {
    return toName(bytesFromUser(value));
  }

  override measure(pkt: Packet, buf: Uint8Array, off: number, end: number): number {
    const len = this.lengthFrom?.(pkt);
    const limit = len === null || len === undefined ? end : off + pySliceLength(end - off, len);
    return scanName(buf, off, limit);
  }

  override decode(pkt: Packet, buf: Uint8Array, off: number, end: number): unknown {
    return readName(buf, off, end, endsInPointer(buf, off, end) ? dnsMessageOf(pkt) : null);
  }

  override write(w: Writer, value: unknown, pkt: Packet): void {
    const original = pkt._s.dirty ? null : dissectedFieldBytes(pkt, this.name);
    w.bytes(original ?? encodeName((value as Uint8Array | null) ?? EMPTY));
  }

  override repr(value: unknown): string {
    return value instanceof Uint8Array ? pyBytesRepr(value) : "None";
  }

  override literal(value: unknown): string {
    return this.repr(value);
  }
}

/** Scapy's rule: an empty name is the root "."; a name gets its final dot unless it is already in wire form. */
function toName(v: Uint8Array): Uint8Array {
  if (v.length === 0) return Uint8Array.of(0x2e);
  if (v[v.length - 1] === 0x2e || isWireName(v)) return v;
  const out = new Uint8Array(v.length + 1);
  out.set(v);
  out[v.length] = 0x2e;
  return out;
}

/** TXT data and ALPN ids: a list of byte strings, each a length byte and up to 255 bytes (Scapy's DNSTextField). */
export class DNSTextField<N extends string = string> extends Field<N, BytesInput | readonly BytesInput[], Uint8Array[]> {
  readonly kindName = "DNSTextField";
  override isList = true;
  override mutable = true;

  override total = true;

  constructor(name: N, defaultValue: readonly BytesInput[]) {
    super(name, defaultValue.map((v) => toBytes(v)));
  }

  override defaultFor(): unknown {
    return (this.defaultValue as Uint8Array[]).map((v) => v.slice());
  }

  override fromUser(value: unknown): unknown {
    if (Array.isArray(value)) return value.map((v) => bytesFromUser(v));
    return [bytesFromUser(value)];
  }

  override measure(pkt: Packet, _buf: Uint8Array, off: number, end: number): number {
    const len = this.lengthFrom?.(pkt);
    return len === null || len === undefined ? end - off : pySliceLength(end - off, len);
  }

  override decode(_pkt: Packet, buf: Uint8Array, off: number, end: number): unknown {
    const out: Uint8Array[] = [];
    while (off < end) {
      const len = buf[off]!;
      out.push(buf.slice(off + 1, Math.min(off + 1 + len, end)));
      off += 1 + len;
    }
    return out;
  }

  override write(w: Writer, value: unknown): void {
    for (let text of (value as Uint8Array[] | null) ?? []) {
      if (text.length === 0) {
        w.u8(0);
        continue;
      }
      // Longer strings are split into 255-byte pieces.
      while (text.length >= 255) {
        w.u8(255);
        w.bytes(text.subarray(0, 255));
        text = text.subarray(255);
      }
      if (text.length) {
        w.u8(text.length);
        w.bytes(text);
      }
    }
  }

  override repr(value: unknown): string {
    return `[${((value as Uint8Array[] | null) ?? []).map(pyBytesRepr).join(", ")}]`;
  }

  override literal(value: unknown): string {
    return this.repr(value);
  }
}

/** NSEC/NSEC3 type bitmaps: bytes on the wire, a list of types in and shown (Scapy's RRlistField). */
export class RRlistField<N extends string = string> extends Field<N, BytesInput | readonly (number | string)[], Uint8Array> {
  readonly kindName = "RRlistField";
  override isList = true;

  constructor(name: N) {
    super(name, EMPTY);
  }

  override fromUser(value: unknown): unknown {
    if (Array.isArray(value) && value.every((v) => typeof v === "number" || typeof v === "string")) {
      return typesToBitmap(value.map((v) => (typeof v === "number" ? v : typeNumber(v))));
    }
    return bytesFromUser(value);
  }

  override decode(_pkt: Packet, buf: Uint8Array, off: number, end: number): unknown {
    return buf.slice(off, end);
  }

  override write(w: Writer, value: unknown): void {
    if (value) w.bytes(value as Uint8Array);
  }

  override repr(value: unknown): string {
    const v = (value as Uint8Array | null) ?? EMPTY;
    if (v.length === 0) return "[]";
    const types = bitmapToTypes(v);
    if (!types || types.length === 0) return pyBytesRepr(v);
    return `[${types.map((t) => (DNS_TYPES[t] !== undefined ? pyStrRepr(DNS_TYPES[t]!) : String(t))).join(", ")}]`;
  }

  override literal(value: unknown): string {
    return pyBytesRepr((value as Uint8Array | null) ?? EMPTY);
  }
}

function typeNumber(name: string): number {
  for (const [k, v] of Object.entries(DNS_TYPES)) if (v === name) return Number(k);
  return invalid(`unknown DNS type ${JSON.stringify(name)}`);
}

/** RFC 4034 4.1.2: per 256-type window, its number, the bitmap length and the bitmap. */
export function typesToBitmap(types: readonly number[]): Uint8Array {
  const sorted = [...new Set(types.filter((t) => t >= 0 && t <= 65535))].sort((a, b) => a - b);
  const out: number[] = [];
  let k = 0;
  while (k < sorted.length) {
    const window = sorted[k]! >> 8;
    const bits = new Array<number>(32).fill(0);
    let used = 0;
    while (k < sorted.length && sorted[k]! >> 8 === window) {
      const low = sorted[k]! & 0xff;
      bits[low >> 3]! |= 0x80 >> (low & 7);
      used = (low >> 3) + 1;
      k++;
    }
    out.push(window, used, ...bits.slice(0, used));
  }
  return Uint8Array.from(out);
}

/** The types a bitmap lists; null when it is malformed. */
export function bitmapToTypes(bitmap: Uint8Array): number[] | null {
  const types: number[] = [];
  let p = 0;
  while (p < bitmap.length) {
    if (bitmap.length - p < 2) return null;
    const window = bitmap[p]!;
    const len = bitmap[p + 1]!;
    if (len === 0 || len > 32) return null;
    const bytes = bitmap.subarray(p + 2, p + 2 + len);
    bytes.forEach((b, i) => {
      for (let bit = 0; bit < 8; bit++) if (b & (0x80 >> bit)) types.push(window * 256 + i * 8 + bit);
    });
    p += 2 + len;
  }
  return types;
}

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const two = (n: number) => String(n).padStart(2, "0");

/** Seconds since the epoch, shown as a UTC date and the number (Scapy's UTCTimeField). */
export class UTCTimeField<N extends string = string> extends IntField<N> {
  constructor(name: N, defaultValue: number) {
    super(name, defaultValue, 4, { kindName: "UTCTimeField" });
  }

  override repr(value: unknown): string {
    if (typeof value !== "number") return "None";
    const d = new Date(value * 1000);
    const text = `${DAYS[d.getUTCDay()]}, ${two(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} +0000`;
    return `${text} (${value})`;
  }
}

/** TSIG's 48-bit time (seconds since the epoch), shown as a date (Scapy's TimeSignedField). */
export class TimeSignedField<N extends string = string> extends Field<N, number, number> {
  readonly kindName = "TimeSignedField";
  override bits = 48;

  override fromUser(value: unknown): unknown {
    if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0 || value >= 2 ** 48) return invalid(`expected seconds since the epoch, got ${describe(value)}`);
    return value;
  }

  override readFixed(buf: Uint8Array, off: number): unknown {
    const high = (buf[off]! << 8) | buf[off + 1]!;
    const low = ((buf[off + 2]! << 24) | (buf[off + 3]! << 16) | (buf[off + 4]! << 8) | buf[off + 5]!) >>> 0;
    return high * 2 ** 32 + low;
  }

  override write(w: Writer, value: unknown): void {
    const v = (value as number | null) ?? 0;
    w.u16(Math.floor(v / 2 ** 32) & 0xffff);
    w.u32(v % 2 ** 32);
  }

  override repr(value: unknown): string {
    if (typeof value !== "number") return "None";
    const d = new Date(value * 1000);
    return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${two(d.getUTCDate())} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} ${d.getUTCFullYear()}`;
  }
}

export const dnsName = <const N extends string>(name: N, d: BytesInput) => new DNSStrField<N>(name, d);
export const dnsText = <const N extends string>(name: N, d: readonly BytesInput[]) => new DNSTextField<N>(name, d);
export const rrList = <const N extends string>(name: N) => new RRlistField<N>(name);
export const utcTime = <const N extends string>(name: N, d: number) => new UTCTimeField<N>(name, d);
export const timeSigned = <const N extends string>(name: N, d: number) => new TimeSignedField<N>(name, d);
