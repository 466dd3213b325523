/** Byte-string fields: to the end of the layer, fixed length, length from another field, or NUL-terminated. */
import { copyBytes, pyBytesRepr, pySliceLength, toBytes, toHex } from "../bytes.ts";
import { Field, invalid, siblingValue } from "../field.ts";
import type { Packet } from "../packet.ts";
import type { Writer } from "../writer.ts";
import { describe } from "./integers.ts";

export type BytesInput = Uint8Array | string | number[];
const EMPTY = new Uint8Array(0);

export { pySliceLength };

/** A length rule reading another field's value (`strLen("cpu", "", "cpulen")`): its number, 0 while unset. */
export function lengthFromField(ref: string): (pkt: Packet) => number {
  return (pkt) => Number(siblingValue(pkt, ref) ?? 0);
}

export function bytesFromUser(value: unknown): Uint8Array {
  if (value instanceof Uint8Array || typeof value === "string" || Array.isArray(value) || value instanceof ArrayBuffer) {
    try {
      return toBytes(value as Uint8Array);
    } catch {
      /* falls through */
    }
  }
  return invalid(`expected bytes or a string, got ${describe(value)}`);
}

export interface StrOptions {
  /** Show as hex digits (Scapy's XStr... fields). */
  hex?: boolean;
  kindName?: string;
}

/** The rest of the layer's bytes. */
export class StrField<N extends string = string, R extends string = never> extends Field<N, BytesInput, Uint8Array, R> {
  kindName: string;
  override total = true;
  constructor(
    name: N,
    defaultValue: BytesInput | null,
    readonly options: StrOptions = {},
  ) {
    super(name, defaultValue === null ? null : toBytes(defaultValue));
    this.kindName = options.kindName ?? (options.hex ? "XStrField" : "StrField");
  }

  override fromUser(value: unknown): unknown {
    return bytesFromUser(value);
  }

  override decode(_pkt: Packet, buf: Uint8Array, off: number, end: number): unknown {
    return copyBytes(buf, off, end);
  }

  override write(w: Writer, value: unknown, _pkt?: Packet): void {
    if (value) w.bytes(value as Uint8Array);
  }

  override lengthOf(value: unknown, _pkt?: Packet): number {
    return value ? (value as Uint8Array).length : 0;
  }

  override repr(value: unknown): string {
    if (value === null || value === undefined) return "None";
    return this.options.hex ? toHex(value as Uint8Array) : pyBytesRepr(value as Uint8Array);
  }

  override literal(value: unknown): string {
    return value === null || value === undefined ? "None" : pyBytesRepr(value as Uint8Array);
  }
}

/**
 * Exactly `length` bytes: shorter values are padded with NULs, longer ones cut. A length given as
 * a field name (ARP's hwlen) is that field's value, and the layer's lengthFrom rule overrides both.
 */
export class StrFixedLenField<N extends string = string, R extends string = never> extends StrField<N, R> {
  override lenient = true;
  constructor(
    name: N,
    defaultValue: BytesInput | null,
    readonly length: number | R,
    options: StrOptions = {},
  ) {
    super(name, defaultValue, { kindName: options.kindName ?? (options.hex ? "XStrFixedLenField" : "StrFixedLenField"), ...options });
    if (typeof length === "number") this.bits = length * 8;
    else {
      this.lengthFrom = lengthFromField(length);
      this.refs = [length];
    }
  }

  lengthFor(pkt: Packet): number {
    if (this.lengthFrom !== null) return this.lengthFrom(pkt) ?? 0;
    return this.length as number;
  }

  override measure(pkt: Packet, _buf: Uint8Array, off: number, end: number): number {
    return pySliceLength(end - off, this.lengthFor(pkt));
  }

  override readFixed(buf: Uint8Array, off: number): unknown {
    return copyBytes(buf, off, off + (this.bits >> 3));
  }

  override write(w: Writer, value: unknown, pkt: Packet): void {
    const n = this.lengthFor(pkt);
    const v = (value as Uint8Array | null) ?? EMPTY;
    if (v.length >= n) w.bytes(v.subarray(0, n));
    else {
      w.bytes(v);
      w.zeros(n - v.length);
    }
  }

  override lengthOf(_value: unknown, pkt: Packet): number {
    return this.lengthFor(pkt);
  }

  /** Scapy shows the value without its NUL padding (hex variants show every byte). */
  override repr(value: unknown): string {
    if (this.options.hex || !(value instanceof Uint8Array)) return super.repr(value);
    let n = value.length;
    while (n > 0 && value[n - 1] === 0) n--;
    return super.repr(value.subarray(0, n));
  }
}

/** Length given by another field (Scapy's StrLenField with length_from): a field name, or the layer's lengthFrom rule. */
export class StrLenField<N extends string = string, R extends string = never> extends StrField<N, R> {
  constructor(name: N, defaultValue: BytesInput | null, lengthFrom?: R, options: StrOptions = {}) {
    super(name, defaultValue, { kindName: options.kindName ?? (options.hex ? "XStrLenField" : "StrLenField"), ...options });
    if (lengthFrom !== undefined) {
      this.lengthFrom = lengthFromField(lengthFrom);
      this.refs = [lengthFrom];
    }
  }

  override measure(pkt: Packet, _buf: Uint8Array, off: number, end: number): number {
    const n = this.lengthFrom?.(pkt);
    return n === null || n === undefined ? end - off : pySliceLength(end - off, n);
  }
}

/** Up to a NUL byte (the NUL is written but not part of the value). */
export class StrNullField<N extends string = string> extends StrField<N> {
  constructor(name: N, defaultValue: BytesInput | null) {
    super(name, defaultValue, { kindName: "StrNullField" });
  }

  override measure(_pkt: Packet, buf: Uint8Array, off: number, end: number): number {
    const nul = buf.subarray(off, end).indexOf(0);
    return nul < 0 ? end - off : nul + 1;
  }

  override decode(_pkt: Packet, buf: Uint8Array, off: number, end: number): unknown {
    const v = buf.subarray(off, end);
    return (v.length && v[v.length - 1] === 0 ? v.subarray(0, v.length - 1) : v).slice();
  }

  override write(w: Writer, value: unknown): void {
    if (value) w.bytes(value as Uint8Array);
    w.u8(0);
  }

  override lengthOf(value: unknown): number {
    return (value ? (value as Uint8Array).length : 0) + 1;
  }
}

export const str = <const N extends string>(name: N, d: BytesInput | null) => new StrField<N>(name, d);
export const xstr = <const N extends string>(name: N, d: BytesInput | null) => new StrField<N>(name, d, { hex: true });
/** Scapy's StrFixedLenField: `length` bytes, or as many as field `length` (a name) says. */
export function strFixedLen<const N extends string>(name: N, d: BytesInput | null, length: number): StrFixedLenField<N>;
export function strFixedLen<const N extends string, const R extends string>(name: N, d: BytesInput | null, length: R): StrFixedLenField<N, R>;
export function strFixedLen(name: string, d: BytesInput | null, length: number | string): StrFixedLenField<string, string> {
  return new StrFixedLenField(name, d, length);
}
export function xstrFixedLen<const N extends string>(name: N, d: BytesInput | null, length: number): StrFixedLenField<N>;
export function xstrFixedLen<const N extends string, const R extends string>(name: N, d: BytesInput | null, length: R): StrFixedLenField<N, R>;
export function xstrFixedLen(name: string, d: BytesInput | null, length: number | string): StrFixedLenField<string, string> {
  return new StrFixedLenField(name, d, length, { hex: true });
}
/** Scapy's StrLenField: its length is field `lengthFrom`'s value, or the layer's lengthFrom rule. */
export function strLen<const N extends string>(name: N, d: BytesInput | null): StrLenField<N>;
export function strLen<const N extends string, const R extends string>(name: N, d: BytesInput | null, lengthFrom: R): StrLenField<N, R>;
export function strLen(name: string, d: BytesInput | null, lengthFrom?: string): StrLenField<string, string> {
  return new StrLenField(name, d, lengthFrom);
}
export function xstrLen<const N extends string>(name: N, d: BytesInput | null): StrLenField<N>;
export function xstrLen<const N extends string, const R extends string>(name: N, d: BytesInput | null, lengthFrom: R): StrLenField<N, R>;
export function xstrLen(name: string, d: BytesInput | null, lengthFrom?: string): StrLenField<string, string> {
  return new StrLenField(name, d, lengthFrom, { hex: true });
}
export const strNull = <const N extends string>(name: N, d: BytesInput | null) => new StrNullField<N>(name, d);
