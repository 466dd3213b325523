/**
 * Bit fields inside a little-endian integer of whole bytes (Scapy's BitField with tot_size /
 * end_tot_size negative: 802.11's HT capabilities, RadioTap's L-SIG). The group's bytes are read
 * as one little-endian number and the fields taken from it most significant first, in the order
 * declared. The last field of the group holds the bytes (and writes them all, from its siblings'
 * values); the others take no room and read the group's bytes where it starts.
 */
import { POW2 } from "../bytes.ts";
import { Field, siblingValue } from "../field.ts";
import type { Packet } from "../packet.ts";
import type { Writer } from "../writer.ts";
import { BitField } from "./bits.ts";
import { checkInteger } from "./integers.ts";

interface Group {
  readonly size: number;
  readonly names: readonly string[];
  readonly shifts: readonly number[];
  readonly widths: readonly number[];
}

/** Little-endian bytes as a number (up to 6 bytes) or a bigint. */
function readGroup(buf: Uint8Array, off: number, size: number): number | bigint {
  if (size <= 6) {
    let v = 0;
    for (let i = size - 1; i >= 0; i--) v = v * 256 + (buf[off + i] ?? 0);
    return v;
  }
  let v = 0n;
  for (let i = size - 1; i >= 0; i--) v = (v << 8n) | BigInt(buf[off + i] ?? 0);
  return v;
}

export class LEBitField<N extends string = string, In = number, Get = number> extends Field<N, In, Get> {
  readonly kindName: string;

  constructor(
    readonly inner: BitField<N, In, Get>,
    readonly group: Group,
    /** Position in the group: the last one holds the bytes. */
    readonly index: number,
  ) {
    super(inner.name, inner.defaultValue);
    this.kindName = inner.kindName;
    this.bits = index === group.names.length - 1 ? group.size * 8 : 0;
    const others = group.names.filter((n) => n !== inner.name);
    if (this.bits > 0) this.refs = others;
  }

  get width(): number {
    return this.group.widths[this.index]!;
  }

  override fromUser(value: unknown, pkt: Packet | null): unknown {
    if (this.width <= 53) return this.inner.fromUser(value, pkt);
    const v = checkInteger(value, 0n, (1n << BigInt(this.width)) - 1n, true);
    return v;
  }

  override readFixed(buf: Uint8Array, byteOffset: number): unknown {
    const size = this.group.size;
    const g = readGroup(buf, byteOffset, size);
    const shift = this.group.shifts[this.index]!;
    const width = this.width;
    if (typeof g === "number") return Math.floor(g / POW2[shift]!) % POW2[width]!;
    const v = (g >> BigInt(shift)) & ((1n << BigInt(width)) - 1n);
    return width <= 53 ? Number(v) : Number.isSafeInteger(Number(v)) ? Number(v) : v;
  }

  override write(w: Writer, value: unknown, pkt: Packet): void {
    if (this.bits === 0) return;
    const { size, names, shifts } = this.group;
    let g = 0n;
    names.forEach((name, k) => {
      const v = k === this.index ? value : siblingValue(pkt, name);
      if (v === null || v === undefined) return;
      // A value wider than its field keeps its low bits (Scapy masks: HT's default spacing of 8 in 3 bits writes 0).
      const mask = (1n << BigInt(this.group.widths[k]!)) - 1n;
      g |= (BigInt(typeof v === "bigint" ? v : Number(v)) & mask) << BigInt(shifts[k]!);
    });
    w.reserve(size);
    for (let i = 0; i < size; i++) {
      w.buf[w.pos + i] = Number(g & 0xffn);
      g >>= 8n;
    }
    w.pos += size;
  }

  override repr(value: unknown, pkt: Packet): string {
    if (typeof value === "bigint") return String(value);
    return this.inner.repr(value, pkt);
  }

  override literal(value: unknown, pkt: Packet): string {
    return typeof value === "bigint" ? String(value) : this.inner.literal(value, pkt);
  }

  override describeKind(): string {
    return this.inner.describeKind();
  }
}

type LEBits<T extends readonly BitField<string, any, any>[]> = { -readonly [K in keyof T]: T[K] extends BitField<infer N, infer I, infer G> ? LEBitField<N, I, G> : never };

/**
 * The bit fields of one little-endian integer of `size` bytes, most significant first (their
 * widths add up to size * 8): `...leBits(2, [bits("a", 0, 1), ..., bits("z", 0, 3)])`.
 */
export function leBits<const T extends readonly BitField<string, any, any>[]>(size: number, fields: T): LEBits<T> {
  const widths = fields.map((f) => f.bits);
  const total = widths.reduce((a, b) => a + b, 0);
  if (total !== size * 8) throw new Error(`leBits: ${fields.map((f) => f.name).join(", ")} take ${total} bits, not ${size * 8}`);
  const shifts: number[] = [];
  let left = total;
  for (const w of widths) shifts.push((left -= w));
  const group: Group = { size, names: fields.map((f) => f.name), shifts, widths };
  // Group members read the group where it starts; the holder (last) is at the same place.
  return fields.map((f, i) => new LEBitField(f, group, i)) as unknown as LEBits<T>;
}

/** A bit field wider than 53 bits (HT's 77-bit MCS bitmask): its values are bigints when they need to be. Only inside leBits. */
export const wideBits = <const N extends string>(name: N, d: number, size: number) => new BitField<N, number | bigint, number | bigint>(name, d, size);
