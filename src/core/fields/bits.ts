/** Fields narrower than a byte or not byte-aligned: bit fields, bit enums and flags. */
import { POW2 } from "../bytes.ts";
import { Field, invalid } from "../field.ts";
import { FlagValue, flagValueClass, parseFlags } from "../flags.ts";
import type { Packet } from "../packet.ts";
import type { Writer } from "../writer.ts";
import { type EnumSource, enumName, enumValue } from "./enums.ts";
import { checkInteger, hexRepr, type OrNull } from "./integers.ts";

/** Reads `bits` bits starting `bitOffset` bits into buf[byteOffset], most significant first. */
export function readBits(buf: Uint8Array, byteOffset: number, bitOffset: number, bits: number): number {
  const total = bitOffset + bits;
  if (total <= 24) {
    // Up to three bytes: plain 32-bit integer arithmetic.
    let acc = buf[byteOffset]!;
    if (total > 8) acc = (acc << 8) | buf[byteOffset + 1]!;
    if (total > 16) acc = (acc << 8) | buf[byteOffset + 2]!;
    const width = total <= 8 ? 8 : total <= 16 ? 16 : 24;
    return (acc >>> (width - total)) & ((1 << bits) - 1);
  }
  const nbytes = (total + 7) >> 3;
  let acc = 0;
  for (let i = 0; i < nbytes; i++) acc = acc * 256 + buf[byteOffset + i]!;
  const drop = nbytes * 8 - total;
  acc = Math.floor(acc / POW2[drop]!);
  return acc % POW2[bits]!;
}

export interface BitOptions {
  enum?: EnumSource;
  hex?: boolean;
}

export class BitField<N extends string = string, In = number, Get = number> extends Field<N, In, Get> {
  readonly kindName: string;
  override bitPacked = true;

  constructor(
    name: N,
    defaultValue: number | null,
    size: number,
    readonly options: BitOptions = {},
  ) {
    super(name, defaultValue);
    this.bits = size;
    this.kindName = options.enum ? "BitEnumField" : options.hex ? "XBitField" : "BitField";
  }

  override fromUser(value: unknown, pkt: Packet | null): unknown {
    if (typeof value === "string" && this.options.enum) {
      const v = enumValue(this.options.enum, value, pkt);
      if (v !== undefined) return v;
    }
    return checkInteger(value, 0, POW2[this.bits]! - 1, false);
  }

  override readFixed(buf: Uint8Array, byteOffset: number, bitOffset: number): unknown {
    return readBits(buf, byteOffset, bitOffset, this.bits);
  }

  override toBits(value: unknown): number {
    return (value as number | null) ?? 0;
  }

  override write(w: Writer, value: unknown): void {
    w.uint((value as number | null) ?? 0, this.bits >> 3);
  }

  override repr(value: unknown, pkt: Packet): string {
    if (value === null || value === undefined) return "None";
    if (this.options.enum) {
      const name = enumName(this.options.enum, value as number, pkt);
      if (name !== undefined) return name;
    }
    return this.options.hex ? hexRepr(value as number) : String(value);
  }

  override describeKind(): string {
    // Scapy's ls() gives the size of plain bit fields only (a BitEnumField is not a BitField there).
    if (this.options.enum) return this.kindName;
    return `${this.kindName}  (${this.bits} bit${this.bits === 1 ? "" : "s"})`;
  }
}

/** Flags: accepts "SA", ["S","A"], a number or a FlagValue; reads back as a FlagValue. */
export class FlagsField<N extends string = string> extends Field<N, number | string | readonly string[] | FlagValue, FlagValue> {
  readonly kindName = "FlagsField";
  override bitPacked = true;
  override wrapsValue = true;
  readonly joined: boolean;
  private readonly Value: new (value: number) => FlagValue;

  constructor(
    name: N,
    defaultValue: number | null,
    size: number,
    /** Bit 0 first: a string of one-letter names ("FSRPAUECN") or a list (["MF", "DF", "evil"]). */
    names: string | readonly string[],
  ) {
    super(name, defaultValue);
    this.bits = size;
    this.names = typeof names === "string" ? [...names] : names;
    this.joined = typeof names !== "string";
    this.Value = flagValueClass(this.names, this.joined);
  }

  readonly names: readonly string[];

  /** Flag texts seen before ("SA") and their numbers. */
  private readonly parsed = new Map<string, number>();

  override fromUser(value: unknown): unknown {
    if (typeof value === "number" && Number.isInteger(value) && value >= 0 && value < POW2[this.bits]!) return value;
    if (typeof value === "string") {
      const known = this.parsed.get(value);
      if (known !== undefined) return known;
    }
    try {
      const v = parseFlags(value as number | string | string[], this.names, this.joined);
      if (typeof value === "string" && this.parsed.size < 256 && v < POW2[this.bits]!) this.parsed.set(value, v);
      if (v >= POW2[this.bits]!) invalid(`${v} does not fit in ${this.bits} bits`);
      return v;
    } catch (e) {
      return invalid((e as Error).message);
    }
  }

  override toUser(value: unknown): FlagValue {
    return (value === null || value === undefined ? value : new this.Value(value as number)) as FlagValue;
  }

  override readFixed(buf: Uint8Array, byteOffset: number, bitOffset: number): unknown {
    return readBits(buf, byteOffset, bitOffset, this.bits);
  }

  override toBits(value: unknown): number {
    return (value as number | null) ?? 0;
  }

  override write(w: Writer, value: unknown): void {
    w.uint((value as number | null) ?? 0, this.bits >> 3);
  }

  override repr(value: unknown, _pkt?: Packet): string {
    if (value === null || value === undefined) return "None";
    return new this.Value(value as number).toString();
  }

  /** A FlagValue for a number (what the getter gives). */
  flagValue(value: number): FlagValue {
    return new this.Value(value);
  }
}

export const bits = <const N extends string, const D extends number | null>(name: N, d: D, size: number) => new BitField<N, number, number | OrNull<D>>(name, d, size);
export const xbits = <const N extends string, const D extends number | null>(name: N, d: D, size: number) =>
  new BitField<N, number, number | OrNull<D>>(name, d, size, { hex: true });
export const bitEnum = <const N extends string, const D extends number | null>(name: N, d: D, size: number, e: EnumSource) =>
  new BitField<N, number | string, number | OrNull<D>>(name, d, size, { enum: e });
export const flags = <const N extends string>(name: N, d: number | null, size: number, names: string | readonly string[]) =>
  new FlagsField<N>(name, d, size, names);

/**
 * Flags in a little-endian integer of whole bytes (Scapy's FlagsField with a negative size, as
 * RadioTap's present bitmap and its flag fields): bit 0 is the least significant bit of the first byte.
 */
export class LEFlagsField<N extends string = string> extends FlagsField<N> {
  override readonly kindName = "FlagsField";
  override bitPacked = false;
  override littleEndian = true;

  constructor(name: N, defaultValue: number | null, readonly size: 1 | 2 | 4, names: string | readonly string[]) {
    super(name, defaultValue, size * 8, names);
  }

  override readFixed(buf: Uint8Array, byteOffset: number): unknown {
    let v = 0;
    for (let i = this.size - 1; i >= 0; i--) v = v * 256 + buf[byteOffset + i]!;
    return v;
  }

  override write(w: Writer, value: unknown): void {
    w.uint((value as number | null) ?? 0, this.size, true);
  }
}

export const leFlags = <const N extends string>(name: N, d: number | null, size: 1 | 2 | 4, names: string | readonly string[]) => new LEFlagsField<N>(name, d, size, names);
