/** Fields that stand for another field: present only sometimes (Conditional), or of a type chosen per packet (MultipleType). */
import { Field, type AnyField, type Measured } from "../field.ts";
import type { Packet } from "../packet.ts";
import type { Writer } from "../writer.ts";

/** Passes every operation to the field that applies to the packet. */
abstract class DelegatingField<N extends string, In, Get> extends Field<N, In, Get> {
  abstract pick(pkt: Packet | null, value?: unknown): AnyField;
  override fromUser(value: unknown, pkt: Packet | null): unknown {
    return this.pick(pkt, value).fromUser(value, pkt);
  }
  override toUser(value: unknown): Get {
    return this.pick(null).toUser(value) as Get;
  }
  override readFixed(buf: Uint8Array, byteOffset: number, bitOffset: number): unknown {
    return this.pick(null).readFixed(buf, byteOffset, bitOffset);
  }
  override measure(pkt: Packet, buf: Uint8Array, off: number, end: number): number | Measured {
    return this.pick(pkt).measure(pkt, buf, off, end);
  }
  override decode(pkt: Packet, buf: Uint8Array, off: number, end: number): unknown {
    return this.pick(pkt).decode(pkt, buf, off, end);
  }
  override write(w: Writer, value: unknown, pkt: Packet): void {
    this.pick(pkt, value).write(w, value, pkt);
  }
  override toBits(value: unknown, pkt: Packet): number {
    return this.pick(pkt, value).toBits(value, pkt);
  }
  override repr(value: unknown, pkt: Packet): string {
    return this.pick(pkt, value).repr(value, pkt);
  }
  override literal(value: unknown, pkt: Packet): string {
    return this.pick(pkt, value).literal(value, pkt);
  }
  override lengthOf(value: unknown, pkt: Packet): number {
    return this.pick(pkt, value).lengthOf(value, pkt);
  }
  override countOf(value: unknown): number {
    return this.pick(null).countOf(value);
  }
  override resolve(pkt: Packet): Field {
    return this.pick(pkt).resolve(pkt);
  }
  override defaultFor(pkt: Packet): unknown {
    return this.pick(pkt).defaultFor(pkt);
  }
}

/** A field that exists only when cond(pkt) holds (ICMP's id/seq, gw...). */
export class ConditionalField<N extends string, In, Get> extends DelegatingField<N, In, Get> {
  readonly kindName: string;
  override conditional = true;

  constructor(
    readonly inner: Field<N, In, Get>,
    readonly cond: (pkt: Packet) => boolean,
  ) {
    super(inner.name, inner.defaultValue);
    this.kindName = inner.kindName;
    this.bits = inner.bits;
    this.bitPacked = inner.bitPacked;
    this.isList = inner.isList;
    this.holdsPackets = inner.holdsPackets;
    this.lenient = inner.lenient;
    this.mutable = inner.mutable;
    this.wrapsValue = inner.wrapsValue;
    this.dynamic = inner.dynamic;
  }

  pick(): AnyField {
    return this.inner;
  }

  override present(pkt: Packet): boolean {
    try {
      return !!this.cond(pkt);
    } catch {
      return false;
    }
  }

  override describe(): string {
    return `${this.inner.describe()} (Cond)`;
  }
}

/** Condition of one alternative; `value` is given when a value is being set or written. */
export type TypeCondition = (pkt: Packet | null, value?: unknown) => boolean;

/** Chooses the field type per packet (ARP addresses by hwtype/ptype; DNS rdata by type). */
export class MultipleTypeField<N extends string, In, Get> extends DelegatingField<N, In, Get> {
  readonly kindName = "MultipleTypeField";

  constructor(
    readonly choices: ReadonlyArray<readonly [AnyField, TypeCondition]>,
    readonly fallback: Field<N, In, Get>,
  ) {
    super(fallback.name, fallback.defaultValue);
    const sizes = new Set([fallback, ...choices.map((c) => c[0])].map((f) => (f.lenient ? -1 : f.bits)));
    this.bits = sizes.size === 1 ? [...sizes][0]! : -1;
    this.isList = fallback.isList;
    this.holdsPackets = fallback.holdsPackets || choices.some((c) => c[0].holdsPackets);
    this.mutable = fallback.mutable || choices.some((c) => c[0].mutable);
    this.lenient = this.bits < 0;
    this.dynamic = true;
  }

  pick(pkt: Packet | null, value?: unknown): AnyField {
    if (pkt) {
      for (const [f, cond] of this.choices) {
        try {
          if (cond(pkt, value)) return f;
        } catch {
          /* a condition that cannot be evaluated does not apply */
        }
      }
    }
    return this.fallback;
  }

  override describe(): string {
    const names: string[] = [];
    for (const f of [...this.choices.map((c) => c[0]), this.fallback]) if (!names.includes(f.kindName)) names.push(f.kindName);
    return `MultipleTypeField (${names.join(", ")})`;
  }
}

export const conditional = <const N extends string, In, Get>(field: Field<N, In, Get>, cond: (pkt: Packet) => boolean) =>
  new ConditionalField<N, In, Get>(field, cond);

export const multipleType = <const N extends string, In, Get>(
  choices: ReadonlyArray<readonly [AnyField, TypeCondition]>,
  fallback: Field<N, In, Get>,
) => new MultipleTypeField<N, In, Get>(choices, fallback);
