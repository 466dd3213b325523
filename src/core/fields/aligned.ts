/**
 * A field preceded by the zero bytes that align it to a multiple of `align` bytes from the start
 * of its layer (Scapy's ReversePadField: RadioTap's fields are aligned to their natural size).
 */
import { Field, Measured, type AnyField, type FieldBehaviour } from "../field.ts";
import type { Packet } from "../packet.ts";
import type { Writer } from "../writer.ts";

export class AlignedField<N extends string = string, In = unknown, Get = unknown> extends Field<N, In, Get> {
  readonly kindName: string;

  constructor(
    readonly inner: Field<N, In, Get>,
    readonly align: number,
  ) {
    super(inner.name, inner.defaultValue);
    this.kindName = inner.kindName;
    this.isList = inner.isList;
    this.holdsPackets = inner.holdsPackets;
    this.mutable = inner.mutable;
    this.wrapsValue = inner.wrapsValue;
    this.littleEndian = inner.littleEndian;
    this.refs = inner.refs;
  }

  /** Padding before a field that would start `at` bytes into its layer. */
  padBefore(at: number): number {
    const r = at % this.align;
    return r === 0 ? 0 : this.align - r;
  }

  override withBehaviour(b: FieldBehaviour): this {
    const copy = super.withBehaviour(b);
    (copy as { inner: AnyField }).inner = this.inner.withBehaviour({ lengthFrom: b.lengthFrom, countFrom: b.countFrom });
    return copy;
  }

  override fromUser(value: unknown, pkt: Packet | null): unknown {
    return this.inner.fromUser(value, pkt);
  }

  override toUser(value: unknown): Get {
    return this.inner.toUser(value);
  }

  override measure(pkt: Packet, buf: Uint8Array, off: number, end: number): number | Measured {
    const pad = this.padBefore(off - pkt._s.start);
    if (off + pad > end) return -1;
    const inner = this.inner;
    if (inner.bits >= 0 && !inner.lenient) {
      const size = inner.bits >> 3;
      return off + pad + size <= end ? pad + size : -1;
    }
    const m = inner.measure(pkt, buf, off + pad, end);
    if (m instanceof Measured) return new Measured(pad + m.length, m.value);
    return m < 0 ? -1 : pad + m;
  }

  override decode(pkt: Packet, buf: Uint8Array, off: number, end: number): unknown {
    const at = off + this.padBefore(off - pkt._s.start);
    const inner = this.inner;
    return inner.bits >= 0 && !inner.lenient ? inner.readFixed(buf, at, 0) : inner.decode(pkt, buf, at, end);
  }

  override write(w: Writer, value: unknown, pkt: Packet): void {
    w.zeros(this.padBefore(w.pos - w.headerStart));
    this.inner.write(w, value, pkt);
  }

  override repr(value: unknown, pkt: Packet): string {
    return this.inner.repr(value, pkt);
  }

  override literal(value: unknown, pkt: Packet): string {
    return this.inner.literal(value, pkt);
  }

  override lengthOf(value: unknown, pkt: Packet): number {
    return this.inner.lengthOf(value, pkt);
  }

  override countOf(value: unknown): number {
    return this.inner.countOf(value);
  }

  override defaultFor(pkt: Packet): unknown {
    return this.inner.defaultFor(pkt);
  }

  override describeKind(): string {
    return this.inner.describeKind();
  }
}

/** `field`, aligned to `align` bytes from its layer's start. */
export const aligned = <N extends string, In, Get>(field: Field<N, In, Get>, align: number) => new AlignedField<N, In, Get>(field, align);

