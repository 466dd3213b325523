/**
 * Fixed-point numbers (Scapy's FixedPointField): an unsigned integer of `size` bits whose low
 * `fracBits` bits are the fraction. The packet holds the raw integer (Scapy's internal value);
 * a read gives a FixedPointValue, which converts to the number (`+p.delay`) and prints as Scapy's
 * i2h does (a Decimal: the fraction to log10(2**fracBits) significant digits). Given a number, the
 * field takes it as the value itself (seconds), as Scapy's any2i: whole part shifted, fraction
 * truncated to fracBits bits.
 */
import { Field, invalid } from "../field.ts";
import type { Packet } from "../packet.ts";
import type { Writer } from "../writer.ts";
import { describe } from "./integers.ts";

/** A fixed-point field's value as read: the raw integer, its number, and Scapy's text. */
export class FixedPointValue {
  constructor(
    readonly raw: number | bigint,
    readonly fracBits: number,
  ) {}
  valueOf(): number {
    return Number(BigInt(this.raw) >> BigInt(this.fracBits)) + Number(BigInt(this.raw) & ((1n << BigInt(this.fracBits)) - 1n)) / 2 ** this.fracBits;
  }
  [Symbol.toPrimitive](hint: string): number | string {
    return hint === "string" ? this.toString() : this.valueOf();
  }
  /** Scapy's str(i2h(x)). */
  toString(): string {
    return fixedPointText(this.raw, this.fracBits);
  }
}

/** Python's Decimal text of coefficient c and exponent e (str(Decimal)). */
function decimalText(c: bigint, e: number): string {
  const negative = c < 0n;
  const digits = (negative ? -c : c).toString();
  const adjusted = e + digits.length - 1;
  let out: string;
  if (e <= 0 && adjusted >= -6) {
    if (e === 0) out = digits;
    else {
      const point = digits.length + e;
      out = point > 0 ? `${digits.slice(0, point)}.${digits.slice(point)}` : `0.${"0".repeat(-point)}${digits}`;
    }
  } else {
    const mant = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    out = `${mant}E${adjusted >= 0 ? "+" : ""}${adjusted}`;
  }
  return negative ? `-${out}` : out;
}

/** Rounds c×10^e to `prec` significant digits, half to even (Python's default context). */
function roundSignificant(c: bigint, e: number, prec: number): [bigint, number] {
  const digits = c.toString().length;
  if (digits <= prec) return [c, e];
  const drop = digits - prec;
  const p = 10n ** BigInt(drop);
  let q = c / p;
  const r = c % p;
  const half = p / 2n;
  if (r > half || (r === half && q % 2n === 1n)) q += 1n;
  let exp = e + drop;
  if (q.toString().length > prec) {
    q /= 10n;
    exp += 1;
  }
  return [q, exp];
}

/** Scapy's FixedPointField.i2h printed: int_part + (frac / 2**f).normalize(int(log10(2**f))). */
export function fixedPointText(raw: number | bigint, fracBits: number): string {
  const v = BigInt(raw);
  const f = BigInt(fracBits);
  const intPart = v >> f;
  const fracNum = v & ((1n << f) - 1n);
  // frac = fracNum / 2^f = fracNum * 5^f / 10^f exactly.
  let [c, e] = fracNum === 0n ? [0n, 0] : [fracNum * 5n ** f, -fracBits];
  const prec = Math.floor(Math.log10(2 ** fracBits));
  [c, e] = roundSignificant(c, e, Math.max(1, prec));
  // normalize(): trailing zeros go.
  if (c === 0n) e = 0;
  else
    while (c % 10n === 0n) {
      c /= 10n;
      e += 1;
    }
  // int_part + frac in the default context (28 digits): the exponent is the smaller one.
  let sumC = intPart * 10n ** BigInt(Math.max(0, -e)) + (e > 0 ? c * 10n ** BigInt(e) : c);
  let sumE = Math.min(0, e);
  if (intPart === 0n && c === 0n) [sumC, sumE] = [0n, 0];
  [sumC, sumE] = roundSignificant(sumC, sumE, 28);
  return decimalText(sumC, sumE);
}

/** Seconds (a number, or an integer as bigint) to the raw value, as Scapy's any2i. */
export function toFixedPoint(value: number | bigint, fracBits: number): number | bigint {
  if (typeof value === "bigint") return value << BigInt(fracBits);
  const ival = Math.trunc(value);
  const fract = Math.trunc((value - ival) * 2 ** fracBits);
  const raw = BigInt(ival) * 2n ** BigInt(fracBits) + BigInt(fract);
  return raw <= BigInt(Number.MAX_SAFE_INTEGER) && raw >= 0n ? Number(raw) : raw;
}

export class FixedPointField<N extends string = string> extends Field<N, number | bigint | FixedPointValue | Date, FixedPointValue> {
  kindName = "FixedPointField";
  override wrapsValue = true;
  constructor(
    name: N,
    defaultValue: number | null,
    readonly size: 32 | 64,
    readonly fracBits: number,
  ) {
    super(name, defaultValue === null ? null : toFixedPoint(defaultValue, fracBits));
    this.bits = size;
  }

  override fromUser(value: unknown, _pkt: Packet | null): unknown {
    if (value instanceof FixedPointValue) return value.raw;
    if (typeof value === "number" || typeof value === "bigint") {
      if (typeof value === "number" && !Number.isFinite(value)) invalid(`expected a number, got ${value}`);
      const raw = toFixedPoint(value, this.fracBits);
      if (BigInt(raw) < 0n || BigInt(raw) >= 1n << BigInt(this.size)) invalid(`${value} does not fit in ${this.size} bits with ${this.fracBits} of fraction`);
      return raw;
    }
    return invalid(`expected a number, got ${describe(value)}`);
  }

  override toUser(value: unknown): FixedPointValue {
    return value === null || value === undefined ? (value as never) : new FixedPointValue(value as number | bigint, this.fracBits);
  }

  override readFixed(buf: Uint8Array, off: number): unknown {
    if (this.size === 32) return ((buf[off]! << 24) | (buf[off + 1]! << 16) | (buf[off + 2]! << 8) | buf[off + 3]!) >>> 0;
    let v = 0n;
    for (let i = 0; i < 8; i++) v = (v << 8n) | BigInt(buf[off + i]!);
    return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
  }

  /** The raw value written (a null value is the kind's own: see TimeStampField). */
  rawFor(value: unknown): number | bigint {
    return (value as number | bigint | null) ?? 0;
  }

  override write(w: Writer, value: unknown): void {
    const v = BigInt(this.rawFor(value));
    const n = this.size >> 3;
    for (let i = n - 1; i >= 0; i--) w.u8(Number((v >> BigInt(8 * i)) & 0xffn));
  }

  override repr(value: unknown): string {
    if (value === null || value === undefined) return "None";
    return fixedPointText(value as number | bigint, this.fracBits);
  }

  override literal(value: unknown): string {
    return value === null || value === undefined ? "None" : String(value);
  }
}

/** Seconds between 1900-01-01 (NTP's era 0) and 1970-01-01. */
export const NTP_BASETIME = 2208988800;

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/**
 * NTP timestamps (Scapy's TimeStampField): 64 bits, 32 of fraction, seconds since 1900; shown as
 * a date from 1970 on ("Mon, 01 Jan 2024 00:00:00 +0000"), as the number before, "--" when unset.
 * Left unset (null), it is the time of the build; a Date is taken as that time.
 */
export class TimeStampField<N extends string = string> extends FixedPointField<N> {
  override kindName = "TimeStampField";
  constructor(name: N, defaultValue: number | null) {
    super(name, defaultValue, 64, 32);
  }

  override fromUser(value: unknown, pkt: Packet | null): unknown {
    if (value instanceof Date) return toFixedPoint(value.getTime() / 1000 + NTP_BASETIME, 32);
    return super.fromUser(value, pkt);
  }

  override rawFor(value: unknown): number | bigint {
    return value === null || value === undefined ? toFixedPoint(Date.now() / 1000 + NTP_BASETIME, 32) : (value as number | bigint);
  }

  override repr(value: unknown): string {
    if (value === null || value === undefined) return "--";
    const seconds = Number(BigInt(value as number | bigint) >> 32n);
    if (seconds < NTP_BASETIME) return super.repr(value);
    const d = new Date((seconds - NTP_BASETIME) * 1000);
    const two = (n: number) => String(n).padStart(2, "0");
    return `${DAYS[d.getUTCDay()]}, ${two(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} +0000`;
  }
}

export const fixedPoint = <const N extends string>(name: N, d: number | null, size: 32 | 64 = 32, fracBits = 16) => new FixedPointField<N>(name, d, size, fracBits);
export const timeStamp = <const N extends string>(name: N, d: number | null) => new TimeStampField<N>(name, d);
