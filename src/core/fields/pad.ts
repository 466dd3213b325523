/**
 * Scapy's PadField: another field followed by the bytes that align it. The padding is written
 * after the value and skipped when read (as far as the bytes go); the value's own length (what a
 * length field counts, Scapy's i2len) leaves it out, so SCTP's and IKE's lengths stay unpadded.
 */
import { Field, Measured, type AnyField, type FieldBehaviour } from "../field.ts";
import type { Packet } from "../packet.ts";
import type { Writer } from "../writer.ts";

export class PadField<N extends string = string, In = unknown, Get = unknown> extends Field<N, In, Get> {
  kindName: string;
  /** Length rules read the wrapped value, not the bytes written (see computed.lengthOf). */
  readonly padded = true;

  constructor(
    readonly inner: Field<N, In, Get>,
    readonly align: number,
    readonly padWith: number = 0,
  ) {
    super(inner.name, inner.defaultValue);
    this.kindName = inner.kindName;
    this.isList = inner.isList;
    this.holdsPackets = inner.holdsPackets;
    this.mutable = inner.mutable;
    this.refs = inner.refs;
    this.lengthFrom = inner.lengthFrom;
    this.countFrom = inner.countFrom;
  }

  /** The layer's rules apply to the wrapped field. */
  override withBehaviour(b: FieldBehaviour): this {
    const copy = super.withBehaviour(b);
    (copy as { inner: AnyField }).inner = this.inner.withBehaviour(b);
    return copy;
  }

  /** Bytes that align `n` bytes of value. */
  padFor(n: number): number {
    return (this.align - (n % this.align)) % this.align;
  }

  override fromUser(value: unknown, pkt: Packet | null): unknown {
    return this.inner.fromUser(value, pkt);
  }
  override toUser(value: unknown): Get {
    return this.inner.toUser(value);
  }
  override measure(pkt: Packet, buf: Uint8Array, off: number, end: number): number | Measured {
    // A fixed-size value the bytes cannot hold cuts the layer there (Scapy's struct error).
    if (this.inner.bits >= 0 && !this.inner.lenient && (end - off) * 8 < this.inner.bits) return -1;
    const m = this.inner.measure(pkt, buf, off, end);
    const n = m instanceof Measured ? m.length : m;
    if (n < 0) return -1;
    const value = m instanceof Measured ? m.value : this.inner.decode(pkt, buf, off, off + n);
    // Padding the bytes do not hold is simply missing (Scapy slices past the end).
    return new Measured(Math.min(end - off, n + this.padFor(n)), value);
  }
  override decode(pkt: Packet, buf: Uint8Array, off: number, end: number): unknown {
    const m = this.inner.measure(pkt, buf, off, end);
    if (m instanceof Measured) return m.value;
    return this.inner.decode(pkt, buf, off, off + Math.max(0, m));
  }
  override write(w: Writer, value: unknown, pkt: Packet): void {
    const at = w.pos;
    this.inner.write(w, value, pkt);
    const pad = this.padFor(w.pos - at);
    for (let i = 0; i < pad; i++) w.u8(i === 0 ? this.padWith : 0);
  }
  override repr(value: unknown, pkt: Packet): string {
    return this.inner.repr(value, pkt);
  }
  override literal(value: unknown, pkt: Packet): string {
    return this.inner.literal(value, pkt);
  }
  /** The value's own length, without the padding (Scapy's i2len goes to the wrapped field). */
  override lengthOf(value: unknown, pkt: Packet): number {
    return this.inner.lengthOf(value, pkt);
  }
  override countOf(value: unknown): number {
    return this.inner.countOf(value);
  }
  override defaultFor(pkt: Packet): unknown {
    return this.inner.defaultFor(pkt);
  }
  /** ls() names the container, as Scapy's does (the value's own kind is the inner field's). */
  override describeKind(): string {
    return "PadField";
  }
}

/** `padded(strLen("data", ""), 4)`: the field, then zeros up to a multiple of `align` bytes. */
export const padded = <const N extends string, In, Get>(inner: Field<N, In, Get>, align: number, padWith = 0) => new PadField<N, In, Get>(inner, align, padWith);
