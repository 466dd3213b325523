/** A field whose kind is chosen per packet (Scapy's MultipleTypeField): ARP's addresses by hwtype/ptype, DNS rdata by type. */
import { Field, type AnyField, type FieldBehaviour, type Measured } from "../field.ts";
import type { Packet } from "../packet.ts";
import type { Writer } from "../writer.ts";

type Alternatives = Readonly<Record<string, AnyField>>;
type InOf<A extends Alternatives> = A[keyof A]["__in"];
type GetOf<A extends Alternatives> = A[keyof A]["__get"];

/**
 * Named alternative kinds of one field; the layer's `choose` option names the one that applies to a
 * packet (given the value being set or written, when there is one), `fallback` applies otherwise.
 */
export class MultipleTypeField<N extends string = string, A extends Alternatives = Alternatives> extends Field<N, InOf<A>, GetOf<A>> {
  /** Phantom: the names `choose` may return. */
  declare readonly __choices: keyof A & string;
  kindName = "MultipleTypeField";
  override dynamic = true;
  /** Chooses an alternative by name; null: always the fallback. */
  choose: ((pkt: Packet, value?: unknown) => string) | null = null;

  constructor(
    name: N,
    readonly choices: A,
    readonly fallback: keyof A & string,
  ) {
    const fb = choices[fallback];
    if (!fb) throw new Error(`multipleType ${name}: no alternative named ${fallback}`);
    super(name, fb.defaultValue);
    const all = Object.values(choices);
    const sizes = new Set(all.map((f) => (f.lenient ? -1 : f.bits)));
    this.bits = sizes.size === 1 ? [...sizes][0]! : -1;
    this.isList = fb.isList;
    this.holdsPackets = all.some((f) => f.holdsPackets);
    this.mutable = all.some((f) => f.mutable);
    this.lenient = this.bits < 0;
    this.refs = all.flatMap((f) => f.refs);
  }

  override withBehaviour(b: FieldBehaviour): this {
    const copy = super.withBehaviour(b);
    if (b.choose !== undefined) copy.choose = b.choose;
    // The alternatives share the layer's length and count rules (ARP's bytes by hwlen).
    const inner: FieldBehaviour = { lengthFrom: b.lengthFrom, countFrom: b.countFrom };
    (copy as { choices: Alternatives }).choices = Object.fromEntries(Object.entries(this.choices).map(([k, f]) => [k, f.withBehaviour(inner)]));
    return copy;
  }

  /** The alternative that applies (a value given when one is being set or written). */
  pick(pkt: Packet | null, value?: unknown): AnyField {
    if (pkt === null || this.choose === null) return this.choices[this.fallback]!;
    const name = this.choose(pkt, value);
    const f = this.choices[name];
    if (!f) throw new Error(`${this.name}: the layer chose ${JSON.stringify(name)}, which is not one of ${Object.keys(this.choices).join(", ")}`);
    return f;
  }

  override fromUser(value: unknown, pkt: Packet | null): unknown {
    return this.pick(pkt, value).fromUser(value, pkt);
  }
  override toUser(value: unknown): GetOf<A> {
    return this.pick(null).toUser(value) as GetOf<A>;
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
  override resolve(pkt: Packet): AnyField {
    return this.pick(pkt).resolve(pkt);
  }
  override defaultFor(pkt: Packet): unknown {
    return this.pick(pkt).defaultFor(pkt);
  }

  override describeKind(): string {
    const names: string[] = [];
    for (const f of Object.values(this.choices)) if (!names.includes(f.kindName)) names.push(f.kindName);
    // Scapy lists the default kind last.
    const fb = this.choices[this.fallback]!.kindName;
    const ordered = [...names.filter((n) => n !== fb), fb];
    return `MultipleTypeField (${ordered.join(", ")})`;
  }
}

/** Scapy's MultipleTypeField: `multipleType("psrc", { v4: ipv4(...), v6: ipv6(...), bytes: strFixedLen(...) }, "bytes")`. */
export const multipleType = <const N extends string, const A extends Alternatives>(name: N, choices: A, fallback: keyof A & string) =>
  new MultipleTypeField<N, A>(name, choices, fallback);
