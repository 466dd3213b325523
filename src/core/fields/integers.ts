/** Fixed-width integer fields: 1, 2, 3, 4 and 8 bytes, signed or not, big- or little-endian, shown plain, hex or by name. */
import { POW2 } from "../bytes.ts";
import { Field, invalid } from "../field.ts";
import type { Packet } from "../packet.ts";
import type { Writer } from "../writer.ts";
import { type EnumSource, enumName, enumValue } from "./enums.ts";

export type IntSize = 1 | 2 | 3 | 4 | 8;

export interface IntOptions {
  signed?: boolean;
  littleEndian?: boolean;
  /** Show as 0x.. (Scapy's X... fields). */
  hex?: boolean;
  /** Names for values; then names are accepted as input and shown instead of numbers. */
  enum?: EnumSource;
  kindName?: string;
}

const SIZE_NAMES: Record<IntSize, string> = { 1: "Byte", 2: "Short", 3: "ThreeBytes", 4: "Int", 8: "Long" };

/** Scapy's name for a kind of integer field ("XShortEnumField", "LEIntField"). */
function kindNameOf(size: IntSize, o: IntOptions): string {
  if (size === 3) return o.hex ? "X3BytesField" : o.enum ? "ThreeBytesEnumField" : "ThreeBytesField";
  return (o.hex ? "X" : "") + (o.littleEndian ? "LE" : "") + (o.signed ? "Signed" : "") + SIZE_NAMES[size] + (o.enum ? "EnumField" : "Field");
}

export class IntField<N extends string = string, In = number, Get = number, R extends string = never> extends Field<N, In, Get, R> {
  kindName: string;
  readonly min: number | bigint;
  readonly max: number | bigint;

  constructor(
    name: N,
    defaultValue: number | bigint | null,
    readonly size: IntSize,
    readonly options: IntOptions = {},
  ) {
    super(name, defaultValue);
    this.bits = size * 8;
    this.littleEndian = !!options.littleEndian;
    this.kindName = options.kindName ?? kindNameOf(size, options);
    if (size === 8) {
      this.min = options.signed ? -(2n ** 63n) : 0n;
      this.max = options.signed ? 2n ** 63n - 1n : 2n ** 64n - 1n;
    } else {
      const span = 2 ** (size * 8);
      this.min = options.signed ? -span / 2 : 0;
      this.max = options.signed ? span / 2 - 1 : span - 1;
    }
  }

  override fromUser(value: unknown, pkt: Packet | null): unknown {
    if (typeof value === "string" && this.options.enum) {
      const v = enumValue(this.options.enum, value, pkt);
      if (v !== undefined) return v;
      if (!/^(0x[0-9a-f]+|\d+)$/i.test(value)) invalid(`unknown name ${JSON.stringify(value)}`);
    }
    return checkInteger(value, this.min, this.max, this.size === 8);
  }

  override readFixed(buf: Uint8Array, off: number): unknown {
    const o = this.options;
    let v: number;
    switch (this.size) {
      case 1:
        v = buf[off]!;
        break;
      case 2:
        v = o.littleEndian ? buf[off]! | (buf[off + 1]! << 8) : (buf[off]! << 8) | buf[off + 1]!;
        break;
      case 4:
        v = o.littleEndian
          ? (buf[off]! | (buf[off + 1]! << 8) | (buf[off + 2]! << 16) | (buf[off + 3]! << 24)) >>> 0
          : ((buf[off]! << 24) | (buf[off + 1]! << 16) | (buf[off + 2]! << 8) | buf[off + 3]!) >>> 0;
        break;
      case 3:
        v = o.littleEndian ? buf[off]! | (buf[off + 1]! << 8) | (buf[off + 2]! << 16) : (buf[off]! << 16) | (buf[off + 1]! << 8) | buf[off + 2]!;
        break;
      default:
        return read64(buf, off, !!o.littleEndian, !!o.signed);
    }
    if (o.signed) {
      const half = POW2[this.size * 8 - 1]!;
      if (v >= half) v -= half * 2;
    }
    return v;
  }

  override write(w: Writer, value: unknown): void {
    const v = value === null || value === undefined ? 0 : value;
    if (this.size === 8) {
      w.u64(BigInt(v as number | bigint), this.options.littleEndian);
      return;
    }
    let n = v as number;
    if (n < 0) n += POW2[this.size * 8]!;
    if (this.size === 1) w.u8(n);
    else if (this.size === 2 && !this.options.littleEndian) w.u16(n);
    else if (this.size === 4 && !this.options.littleEndian) w.u32(n);
    else w.uint(n, this.size, this.options.littleEndian);
  }

  override repr(value: unknown, pkt: Packet): string {
    if (value === null || value === undefined) return "None";
    if (this.options.enum && typeof value === "number") {
      const name = enumName(this.options.enum, value, pkt);
      if (name !== undefined) return name;
    }
    return this.options.hex ? hexRepr(value as number | bigint) : String(value);
  }
}

/** Scapy's lhex: 0x1f. */
export function hexRepr(value: number | bigint): string {
  return (value < 0 ? "-0x" : "0x") + (typeof value === "bigint" ? (value < 0n ? -value : value) : Math.abs(value)).toString(16);
}

/** Accepts an integer (number, bigint, or numeric text) within [min, max]. */
export function checkInteger(value: unknown, min: number | bigint, max: number | bigint, wide: boolean): number | bigint {
  let v: number | bigint;
  if (typeof value === "number") v = value;
  else if (typeof value === "bigint") v = value;
  else if (typeof value === "boolean") v = value ? 1 : 0;
  else if (typeof value === "string" && /^\s*-?(0x[0-9a-f]+|\d+)\s*$/i.test(value)) v = value.trim().startsWith("-") ? -Number(value.trim().slice(1)) : Number(value);
  else if (value && typeof value === "object" && typeof (value as { valueOf(): unknown }).valueOf() === "number") v = (value as { valueOf(): number }).valueOf();
  else return invalid(`expected an integer, got ${describe(value)}`);
  if (typeof v === "number" && !Number.isInteger(v)) invalid(`expected an integer, got ${v}`);
  if (v < min || v > max) invalid(`${v} is out of range ${min}..${max}`);
  if (wide) {
    const n = Number(v);
    return Number.isSafeInteger(n) ? n : BigInt(v);
  }
  return Number(v);
}

export function describe(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "string") return JSON.stringify(value);
  if (value instanceof Uint8Array) return `${value.length} bytes`;
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? (value.constructor?.name ?? "an object") : String(value);
}

function read64(buf: Uint8Array, off: number, le: boolean, signed: boolean): number | bigint {
  let x = 0n;
  for (let i = 0; i < 8; i++) x = (x << 8n) | BigInt(buf[off + (le ? 7 - i : i)]!);
  if (signed) x = BigInt.asIntN(64, x);
  const n = Number(x);
  return Number.isSafeInteger(n) ? n : x;
}

// ---- declaration helpers (the names layer files use) ----

type IntDefault = number | null;
type EnumIn = number | string;
/** Reading a field whose default is null gives null until it is set or built. */
export type OrNull<D> = null extends D ? null : never;

export const byte = <const N extends string, const D extends IntDefault>(name: N, d: D) => new IntField<N, number, number | OrNull<D>>(name, d, 1);
export const xbyte = <const N extends string, const D extends IntDefault>(name: N, d: D) => new IntField<N, number, number | OrNull<D>>(name, d, 1, { hex: true });
export const signedByte = <const N extends string, const D extends IntDefault>(name: N, d: D) => new IntField<N, number, number | OrNull<D>>(name, d, 1, { signed: true });
export const short = <const N extends string, const D extends IntDefault>(name: N, d: D) => new IntField<N, number, number | OrNull<D>>(name, d, 2);
export const xshort = <const N extends string, const D extends IntDefault>(name: N, d: D) => new IntField<N, number, number | OrNull<D>>(name, d, 2, { hex: true });
export const signedShort = <const N extends string, const D extends IntDefault>(name: N, d: D) => new IntField<N, number, number | OrNull<D>>(name, d, 2, { signed: true });
export const leShort = <const N extends string, const D extends IntDefault>(name: N, d: D) => new IntField<N, number, number | OrNull<D>>(name, d, 2, { littleEndian: true });
export const threeBytes = <const N extends string, const D extends IntDefault>(name: N, d: D) => new IntField<N, number, number | OrNull<D>>(name, d, 3);
export const xthreeBytes = <const N extends string, const D extends IntDefault>(name: N, d: D) => new IntField<N, number, number | OrNull<D>>(name, d, 3, { hex: true });
export const int = <const N extends string, const D extends IntDefault>(name: N, d: D) => new IntField<N, number, number | OrNull<D>>(name, d, 4);
export const xint = <const N extends string, const D extends IntDefault>(name: N, d: D) => new IntField<N, number, number | OrNull<D>>(name, d, 4, { hex: true });
export const signedInt = <const N extends string, const D extends IntDefault>(name: N, d: D) => new IntField<N, number, number | OrNull<D>>(name, d, 4, { signed: true });
export const leInt = <const N extends string, const D extends IntDefault>(name: N, d: D) => new IntField<N, number, number | OrNull<D>>(name, d, 4, { littleEndian: true });
export const long = <const N extends string>(name: N, d: number | bigint | null) => new IntField<N, number | bigint, number | bigint>(name, d, 8);
export const xlong = <const N extends string>(name: N, d: number | bigint | null) => new IntField<N, number | bigint, number | bigint>(name, d, 8, { hex: true });
export const leLong = <const N extends string>(name: N, d: number | bigint | null) => new IntField<N, number | bigint, number | bigint>(name, d, 8, { littleEndian: true });

export const byteEnum = <const N extends string, const D extends IntDefault>(name: N, d: D, e: EnumSource) => new IntField<N, EnumIn, number | OrNull<D>>(name, d, 1, { enum: e });
export const xbyteEnum = <const N extends string, const D extends IntDefault>(name: N, d: D, e: EnumSource) => new IntField<N, EnumIn, number | OrNull<D>>(name, d, 1, { enum: e, hex: true });
export const shortEnum = <const N extends string, const D extends IntDefault>(name: N, d: D, e: EnumSource) => new IntField<N, EnumIn, number | OrNull<D>>(name, d, 2, { enum: e });
export const xshortEnum = <const N extends string, const D extends IntDefault>(name: N, d: D, e: EnumSource) => new IntField<N, EnumIn, number | OrNull<D>>(name, d, 2, { enum: e, hex: true });
export const leShortEnum = <const N extends string, const D extends IntDefault>(name: N, d: D, e: EnumSource) => new IntField<N, EnumIn, number | OrNull<D>>(name, d, 2, { enum: e, littleEndian: true });
export const leIntEnum = <const N extends string, const D extends IntDefault>(name: N, d: D, e: EnumSource) => new IntField<N, EnumIn, number | OrNull<D>>(name, d, 4, { enum: e, littleEndian: true });
export const intEnum = <const N extends string, const D extends IntDefault>(name: N, d: D, e: EnumSource) => new IntField<N, EnumIn, number | OrNull<D>>(name, d, 4, { enum: e });
export const xintEnum = <const N extends string, const D extends IntDefault>(name: N, d: D, e: EnumSource) => new IntField<N, EnumIn, number | OrNull<D>>(name, d, 4, { enum: e, hex: true });
export const threeBytesEnum = <const N extends string, const D extends IntDefault>(name: N, d: D, e: EnumSource) => new IntField<N, EnumIn, number | OrNull<D>>(name, d, 3, { enum: e });

/** An organisationally unique identifier (3 bytes), shown as 00:00:0c (Scapy's OUIField). */
export class OUIField<N extends string = string> extends IntField<N> {
  constructor(name: N, defaultValue: number) {
    super(name, defaultValue, 3, { kindName: "OUIField" });
  }
  override repr(value: unknown): string {
    const v = value as number;
    return [v >>> 16, (v >>> 8) & 0xff, v & 0xff].map((b) => b.toString(16).padStart(2, "0")).join(":");
  }
}
export const oui = <const N extends string>(name: N, d: number) => new OUIField<N>(name, d);

/** An int in the capturing host's byte order (little-endian here), by name (Scapy's LoIntEnumField, BSD loopback). */
export const loIntEnum = <const N extends string, const D extends IntDefault>(name: N, d: D, e: EnumSource) =>
  new IntField<N, EnumIn, number | OrNull<D>>(name, d, 4, { enum: e, littleEndian: true, kindName: "LoIntEnumField" });
