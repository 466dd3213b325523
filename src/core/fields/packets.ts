/** Fields holding packets (one, or a list: IP options, DNS records) and lists of plain values. */
import { buildInto } from "../build.ts";
import { dissectLayer } from "../dissect.ts";
import { Field, Measured, invalid, type AnyField } from "../field.ts";
import { Packet } from "../packet.ts";
import { registry, type LayerRef, type LayerSpec } from "../spec.ts";
import type { Writer } from "../writer.ts";
import { describe } from "./integers.ts";
import { pySliceLength } from "./strings.ts";

/**
 * Dissects one element of a packet field at buf[off, end): the element takes its header and
 * payload, and what it leaves as padding is where the next element starts.
 * Returns the element and the offset after it.
 */
export function dissectElement(spec: LayerSpec, buf: Uint8Array, off: number, end: number): [Packet, number] {
  let p = dissectLayer(spec, buf, off, end, null, null, false);
  let used = end;
  for (let q: Packet | null = p; q !== null; q = q.payload) {
    if (q.spec === registry.padding) {
      used = Math.min(used, q._s.start);
      break;
    }
    if (q._s.truncated) break;
    if (q._s.payEnd < used) used = q._s.payEnd;
  }
  if (used < end) {
    if (p._s.hdrEnd === used) {
      // Nothing of its own after the header: drop the trailing bytes in place instead of dissecting again.
      p._s.end = p._s.payEnd = used;
      p._s.payload = undefined;
    } else p = dissectLayer(spec, buf, off, used, null, null, false);
  }
  return [p, used];
}

/** Picks the class of the next element; null stops the list. */
export type ElementChooser = (pkt: Packet, buf: Uint8Array, off: number, end: number, previous: readonly Packet[]) => LayerRef | null;

export interface PacketListOptions {
  countFrom?: (pkt: Packet) => number | null;
  lengthFrom?: (pkt: Packet) => number | null;
}

function packetsFromUser(value: unknown, single: boolean): unknown {
  if (value instanceof Packet) return single ? value : [value];
  if (!single && Array.isArray(value) && value.every((v) => v instanceof Packet)) return [...value];
  return invalid(`expected ${single ? "a packet" : "a list of packets"}, got ${describe(value)}`);
}

/** Packets from buf[off, end), at most `count` of them. */
function dissectList(pkt: Packet, choose: ElementChooser, buf: Uint8Array, off: number, end: number, count: number | null): [Packet[], number] {
  const out: Packet[] = [];
  while (off < end && (count === null || out.length < count)) {
    const cls = choose(pkt, buf, off, end, out);
    if (cls === null) break;
    const [el, next] = dissectElement(cls.spec, buf, off, end);
    el._s.under = null;
    out.push(el);
    if (next <= off) break;
    off = next;
  }
  return [out, off];
}

export class PacketListField<N extends string = string, T extends Packet = Packet> extends Field<N, T | readonly T[], T[]> {
  kindName = "PacketListField";
  override isList = true;
  override holdsPackets = true;
  override mutable = true;
  readonly choose: ElementChooser;

  constructor(
    name: N,
    defaultValue: readonly T[] | null,
    cls: LayerRef | ElementChooser,
    readonly options: PacketListOptions = {},
  ) {
    super(name, defaultValue ?? []);
    this.choose = "spec" in cls ? () => cls as LayerRef : (cls as ElementChooser);
  }

  override defaultFor(): unknown {
    return [];
  }

  override fromUser(value: unknown): unknown {
    return packetsFromUser(value, false);
  }

  private region(pkt: Packet, off: number, end: number): number {
    const len = this.options.lengthFrom?.(pkt);
    return len === null || len === undefined ? end : off + pySliceLength(end - off, len);
  }

  override measure(pkt: Packet, buf: Uint8Array, off: number, end: number): number | Measured {
    const regionEnd = this.region(pkt, off, end);
    const count = this.options.countFrom?.(pkt) ?? null;
    if (count === null && this.options.lengthFrom) return regionEnd - off;
    const [list, next] = dissectList(pkt, this.choose, buf, off, regionEnd, count);
    return new Measured(next - off, list);
  }

  override decode(pkt: Packet, buf: Uint8Array, off: number, end: number): unknown {
    return dissectList(pkt, this.choose, buf, off, end, this.options.countFrom?.(pkt) ?? null)[0];
  }

  override write(w: Writer, value: unknown): void {
    for (const p of (value as Packet[] | null) ?? []) buildInto(p, w);
  }

  override repr(value: unknown): string {
    return `[${((value as Packet[] | null) ?? []).map((p) => p.toString()).join(", ")}]`;
  }

  override literal(value: unknown): string {
    return `[${((value as Packet[] | null) ?? []).map((p) => p.command()).join(",")}]`;
  }
}

/** One packet (Scapy's PacketField / PacketLenField). */
export class PacketField<N extends string = string, T extends Packet = Packet> extends Field<N, T, T> {
  kindName = "PacketField";
  override holdsPackets = true;
  override mutable = true;

  constructor(
    name: N,
    defaultValue: T | null,
    readonly cls: LayerRef,
    readonly lengthFrom?: (pkt: Packet) => number,
  ) {
    super(name, defaultValue);
    if (lengthFrom) this.kindName = "PacketLenField";
  }

  override fromUser(value: unknown): unknown {
    return packetsFromUser(value, true);
  }

  override measure(pkt: Packet, buf: Uint8Array, off: number, end: number): number | Measured {
    const regionEnd = this.lengthFrom ? off + pySliceLength(end - off, this.lengthFrom(pkt)) : end;
    if (regionEnd <= off) return new Measured(0, null);
    const [el, next] = dissectElement(this.cls.spec, buf, off, regionEnd);
    return new Measured((this.lengthFrom ? regionEnd : next) - off, el);
  }

  override decode(_pkt: Packet, buf: Uint8Array, off: number, end: number): unknown {
    return dissectElement(this.cls.spec, buf, off, end)[0];
  }

  override write(w: Writer, value: unknown): void {
    if (value) buildInto(value as Packet, w);
  }

  override repr(value: unknown): string {
    return value ? String(value) : "None";
  }

  override literal(value: unknown): string {
    return value ? (value as Packet).command() : "None";
  }
}

/** A list of plain values of one field kind (DHCP's param_req_list). */
export class FieldListField<N extends string = string, In = unknown, Get = unknown> extends Field<N, readonly In[], Get[]> {
  kindName = "FieldListField";
  override isList = true;
  override mutable = true;

  constructor(
    name: N,
    defaultValue: readonly unknown[] | null,
    readonly item: AnyField,
    readonly options: PacketListOptions = {},
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
    const len = this.options.lengthFrom?.(pkt);
    const regionEnd = len === null || len === undefined ? end : off + pySliceLength(end - off, len);
    const count = this.options.countFrom?.(pkt) ?? null;
    if (count === null) {
      // Fixed-size items must fill the region: a partial last item cannot be read.
      const item = this.item;
      if (item.bits > 0 && !item.lenient && (regionEnd - off) % (item.bits >> 3) !== 0) return -1;
      return regionEnd - off;
    }
    const values: unknown[] = [];
    let at = off;
    while (values.length < count && at < regionEnd) {
      const [v, next] = this.readItem(pkt, buf, at, regionEnd);
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
    const count = this.options.countFrom?.(pkt) ?? null;
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

export const packetList = <const N extends string, T extends Packet = Packet>(
  name: N,
  d: readonly T[] | null,
  cls: LayerRef | ElementChooser,
  options: PacketListOptions = {},
) => new PacketListField<N, T>(name, d, cls, options);
export const packetField = <const N extends string, T extends Packet = Packet>(name: N, d: T | null, cls: LayerRef, lengthFrom?: (pkt: Packet) => number) =>
  new PacketField<N, T>(name, d, cls, lengthFrom);
export const fieldList = <const N extends string, In, Get>(name: N, d: readonly unknown[] | null, item: Field<string, In, Get>, options: PacketListOptions = {}) =>
  new FieldListField<N, In, Get>(name, d, item, options);
