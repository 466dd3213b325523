/**
 * Fields holding packets (one, or a list: IP options, DNS records) and lists of plain values.
 * Elements are dissected and built through their layer's codecs (the core's upper parts).
 */
import { pyBytesRepr, pySliceLength } from "../bytes.ts";
import { Field, Measured, invalid, type AnyField } from "../field.ts";
import type { Packet } from "../packet.ts";
import { isPacket, registry, type LayerRef, type LayerSpec } from "../state.ts";
import type { Writer } from "../writer.ts";
import { describe } from "./integers.ts";
import { bytesFromUser } from "./strings.ts";

/** Picks the class of the next element; null stops the list. */
export type ElementChooser = (pkt: Packet, buf: Uint8Array, off: number, end: number, previous: readonly Packet[]) => LayerRef | null;

function packetsFromUser(value: unknown, single: boolean): unknown {
  if (isPacket(value)) return single ? value : [value];
  if (!single && Array.isArray(value) && value.every(isPacket)) return [...value];
  return invalid(`expected ${single ? "a packet" : "a list of packets"}, got ${describe(value)}`);
}

/** Packets from buf[off, end), at most `count` of them. */
function dissectList(pkt: Packet, choose: ElementChooser, buf: Uint8Array, off: number, end: number, count: number | null): [Packet[], number] {
  const out: Packet[] = [];
  while (off < end && (count === null || out.length < count)) {
    const cls = choose(pkt, buf, off, end, out);
    if (cls === null) break;
    const [el, next] = cls.spec.codecs.dissectElement(buf, off, end, pkt);
    out.push(el);
    if (next <= off) break;
    off = next;
  }
  return [out, off];
}

/** The end of a field's region: `lengthFrom` bytes from off (Python slicing), or `end` without a rule. */
function regionEnd(f: AnyField, pkt: Packet, off: number, end: number): number {
  const len = f.lengthFrom?.(pkt);
  return len === null || len === undefined ? end : off + pySliceLength(end - off, len);
}

/** Scapy's PacketListField: packets back to back, as many as the count says or the region holds. */
export class PacketListField<N extends string = string, T extends Packet = Packet, R extends string = never> extends Field<N, T | readonly T[], T[], R> {
  kindName = "PacketListField";
  override isList = true;
  override holdsPackets = true;
  override mutable = true;
  override total = true;
  readonly elementClass: ElementChooser;

  constructor(name: N, defaultValue: readonly T[] | null, cls: LayerRef | ElementChooser) {
    super(name, defaultValue ?? []);
    this.elementClass = "spec" in cls ? () => cls as LayerRef : (cls as ElementChooser);
  }

  /** A copy of the declared default: [] mostly, some lists start with elements (RSN's suites). */
  override defaultFor(): unknown {
    return (this.defaultValue as readonly Packet[]).map((p) => p.copy());
  }

  override fromUser(value: unknown): unknown {
    return packetsFromUser(value, false);
  }

  override measure(pkt: Packet, buf: Uint8Array, off: number, end: number): number | Measured {
    const to = regionEnd(this, pkt, off, end);
    const count = this.countFrom?.(pkt) ?? null;
    if (count === null && this.lengthFrom) return to - off;
    const [list, next] = dissectList(pkt, this.elementClass, buf, off, to, count);
    return new Measured(next - off, list);
  }

  override decode(pkt: Packet, buf: Uint8Array, off: number, end: number): unknown {
    return dissectList(pkt, this.elementClass, buf, off, end, this.countFrom?.(pkt) ?? null)[0];
  }

  override write(w: Writer, value: unknown): void {
    for (const p of (value as Packet[] | null) ?? []) p._s.spec.codecs.buildInto(p, w);
  }

  override repr(value: unknown): string {
    return `[${((value as Packet[] | null) ?? []).map((p) => p.toString()).join(", ")}]`;
  }

  override literal(value: unknown): string {
    return `[${((value as Packet[] | null) ?? []).map((p) => p.command()).join(",")}]`;
  }
}

/** One packet (Scapy's PacketField; PacketLenField when its length comes from another field). */
export class PacketField<N extends string = string, T extends Packet = Packet, In = T, Get = T> extends Field<N, In, Get> {
  kindName: string;
  override holdsPackets = true;
  override mutable = true;
  override total = true;

  constructor(
    name: N,
    defaultValue: T | null,
    readonly cls: LayerRef,
    kindName = "PacketField",
  ) {
    super(name, defaultValue);
    this.kindName = kindName;
  }

  override fromUser(value: unknown): unknown {
    return packetsFromUser(value, true);
  }

  override measure(pkt: Packet, buf: Uint8Array, off: number, end: number): number | Measured {
    const to = regionEnd(this, pkt, off, end);
    if (to <= off) return new Measured(0, null);
    const [el, next] = this.cls.spec.codecs.dissectElement(buf, off, to, pkt);
    return new Measured((this.lengthFrom ? to : next) - off, el);
  }

  override decode(pkt: Packet, buf: Uint8Array, off: number, end: number): unknown {
    // No bytes: no packet (as measure says, and Scapy's PacketLenField gives None).
    if (end <= off) return null;
    return this.cls.spec.codecs.dissectElement(buf, off, end, pkt)[0];
  }

  override write(w: Writer, value: unknown): void {
    if (value) (value as Packet)._s.spec.codecs.buildInto(value as Packet, w);
  }

  override repr(value: unknown): string {
    return value ? String(value) : "None";
  }

  override literal(value: unknown): string {
    return value ? (value as Packet).command() : "None";
  }
}

/**
 * Scapy's PacketField given bytes instead of a packet (MACsec's SCI as MACsecSA sets it): the
 * bytes are kept as given, written as they are and shown as b'..'; dissection reads a packet.
 */
export class PacketOrBytesField<N extends string = string, T extends Packet = Packet> extends PacketField<N, T, T | Uint8Array | string, T | Uint8Array> {
  override total = false;

  /** A packet its bytes cannot hold (cut short: Raw) fails the field, and so the layer (as the exception does in Scapy). */
  override measure(pkt: Packet, buf: Uint8Array, off: number, end: number): number | Measured {
    const m = super.measure(pkt, buf, off, end);
    if (m instanceof Measured && m.value !== null && (m.value as Packet)._s.spec !== this.cls.spec) return -1;
    return m;
  }

  override fromUser(value: unknown): unknown {
    if (value instanceof Uint8Array) return value.slice();
    if (typeof value === "string") return bytesFromUser(value);
    return super.fromUser(value);
  }

  override write(w: Writer, value: unknown): void {
    if (value instanceof Uint8Array) w.bytes(value);
    else super.write(w, value);
  }

  override repr(value: unknown): string {
    return value instanceof Uint8Array ? pyBytesRepr(value) : super.repr(value);
  }

  override literal(value: unknown): string {
    return value instanceof Uint8Array ? pyBytesRepr(value) : super.literal(value);
  }
}

/** A list of plain values of one field kind (DHCP's param_req_list, IP's route addresses). */
export class FieldListField<N extends string = string, In = unknown, Get = unknown> extends Field<N, readonly In[], Get[]> {
  kindName = "FieldListField";
  override isList = true;
  override mutable = true;

  constructor(
    name: N,
    defaultValue: readonly unknown[] | null,
    readonly item: AnyField,
  ) {
    super(name, defaultValue ?? []);
  }

  override defaultFor(): unknown {
    return [...(this.defaultValue as unknown[])];
  }

  override fromUser(value: unknown, pkt: Packet | null): unknown {
    const list = Array.isArray(value) ? value : [value];
    return list.map((v) => this.item.fromUser(v, pkt));
  }

  override measure(pkt: Packet, buf: Uint8Array, off: number, end: number): number | Measured {
    const to = regionEnd(this, pkt, off, end);
    const count = this.countFrom?.(pkt) ?? null;
    if (count === null) {
      // Fixed-size items must fill the region: a partial last item cannot be read.
      const item = this.item;
      if (item.bits > 0 && !item.lenient && (to - off) % (item.bits >> 3) !== 0) return -1;
      return to - off;
    }
    const values: unknown[] = [];
    let at = off;
    const size = this.item.bits > 0 && !this.item.lenient ? this.item.bits >> 3 : 0;
    while (values.length < count && at < to) {
      // A fixed-size item cut short cannot be read (Scapy's struct.unpack fails): the layer is Raw.
      if (size > 0 && at + size > to) return -1;
      const [v, next] = this.readItem(pkt, buf, at, to);
      values.push(v);
      if (next <= at) break;
      at = next;
    }
    return new Measured(at - off, values);
  }

  private readItem(pkt: Packet, buf: Uint8Array, at: number, end: number): [unknown, number] {
    const f = this.item;
    if (f.bits >= 0 && !f.lenient) {
      const size = f.bits >> 3;
      if (at + size > end) return [buf.slice(at, end), end];
      return [f.readFixed(buf, at, 0), at + size];
    }
    const m = f.measure(pkt, buf, at, end);
    if (m instanceof Measured) return [m.value, at + m.length];
    return [f.decode(pkt, buf, at, at + m), at + m];
  }

  override decode(pkt: Packet, buf: Uint8Array, off: number, end: number): unknown {
    const values: unknown[] = [];
    const count = this.countFrom?.(pkt) ?? null;
    let at = off;
    while (at < end && (count === null || values.length < count)) {
      const [v, next] = this.readItem(pkt, buf, at, end);
      values.push(v);
      if (next <= at) break;
      at = next;
    }
    return values;
  }

  override write(w: Writer, value: unknown, pkt: Packet): void {
    for (const v of (value as unknown[] | null) ?? []) this.item.write(w, v, pkt);
  }

  override repr(value: unknown, pkt: Packet): string {
    return `[${((value as unknown[] | null) ?? []).map((v) => this.item.repr(v, pkt)).join(", ")}]`;
  }

  override literal(value: unknown, pkt: Packet): string {
    return `[${((value as unknown[] | null) ?? []).map((v) => this.item.literal(v, pkt)).join(", ")}]`;
  }
}

/**
 * Scapy's PacketListField (a count or length rule comes from the layer's countFrom / lengthFrom).
 * The element type comes from the default's elements (RSN's suites); an empty default (`[]`, whose
 * elements TypeScript infers as never) or null means any packet, so that `CDPv2_HDR({msg: [...]})`
 * type-checks.
 */
export const packetList = <const N extends string, T extends Packet = Packet>(name: N, d: readonly T[] | null, cls: LayerRef | ElementChooser) =>
  new PacketListField<N, [T] extends [never] ? Packet : T>(name, d, cls);
export const packetField = <const N extends string, T extends Packet = Packet>(name: N, d: T | null, cls: LayerRef) => new PacketField<N, T>(name, d, cls);
/** Scapy's PacketLenField: one packet in a region whose length comes from the layer's lengthFrom. */
/** A packet field that also takes bytes (kept as given): Scapy's PacketField given bytes. */
export const packetOrBytesField = <const N extends string, T extends Packet = Packet>(name: N, d: T | Uint8Array | null, cls: LayerRef) =>
  new PacketOrBytesField<N, T>(name, d as T | null, cls);
export const packetLenField = <const N extends string, T extends Packet = Packet>(name: N, d: T | null, cls: LayerRef) => new PacketField<N, T>(name, d, cls, "PacketLenField");
export const fieldList = <const N extends string, In, Get>(name: N, d: readonly unknown[] | null, item: Field<string, In, Get>) => new FieldListField<N, In, Get>(name, d, item);
