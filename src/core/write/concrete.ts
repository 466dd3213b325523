/**
 * The concrete packets a packet stands for: one per combination of a field's alternatives (lists,
 * ranges, networks: Scapy's generators), with volatile values drawn (Scapy fixes them once per
 * build, for the whole packet, so lengths and checksums agree with what is written).
 */
import type { Packet } from "../packet.ts";
import { convertUserValue } from "../read/values.ts";
import { Alternatives, Volatile } from "../values.ts";

/** Cartesian product of every alternative: outer layers vary slowest, payloads fastest. */
export function* expandPacket(p: Packet): Generator<Packet> {
  const layers: Packet[] = [];
  for (let q: Packet | null = p; q !== null; q = q.payload) layers.push(q);
  const slots: Array<{ layer: number; field: number; values: readonly unknown[] }> = [];
  layers.forEach((q, li) => {
    if (!q._s.gen || q._s.values === null) return;
    // Within a layer the last-declared field varies slowest, as in Scapy.
    for (let fi = q._s.values.length - 1; fi >= 0; fi--) {
      const v = q._s.values[fi];
      if (v instanceof Alternatives) slots.push({ layer: li, field: fi, values: v.values });
    }
  });
  if (slots.length === 0) {
    yield p;
    return;
  }
  const counters = new Array<number>(slots.length).fill(0);
  for (;;) {
    const c = p.copy();
    const copies: Packet[] = [];
    for (let q: Packet | null = c; q !== null; q = q.payload) copies.push(q);
    slots.forEach((s, k) => {
      const q = copies[s.layer]!;
      q._s.values![s.field] = s.values[counters[k]!];
      q._s.gen = false;
    });
    yield c;
    // Advance: the last slot (innermost layer, last field) varies fastest.
    let k = slots.length - 1;
    while (k >= 0 && ++counters[k]! >= slots[k]!.values.length) counters[k--] = 0;
    if (k < 0) return;
  }
}

/** The first packet p stands for (p itself when no field holds alternatives). */
export function expandFirst(p: Packet): Packet {
  for (let q: Packet | null = p; q !== null; q = q._s.payload ?? null) if (q._s.gen) return expandPacket(p).next().value as Packet;
  return p;
}

/** A copy of p's chain with every volatile value drawn and converted (p itself when it holds none). */
export function drawVolatiles<T extends Packet>(p: T): T {
  let any = false;
  for (let q: Packet | null = p; q !== null; q = q._s.payload ?? null) if (q._s.vol) any = true;
  if (!any) return p;
  const c = p.copy();
  for (let q: Packet | null = c; q !== null; q = q._s.payload ?? null) {
    const s = q._s;
    if (!s.vol || s.values === null) continue;
    const fields = s.spec.layout.fields;
    for (let i = 0; i < s.values.length; i++) {
      const v = s.values[i];
      if (v instanceof Volatile) s.values[i] = convertUserValue(q, fields[i]!, v.draw());
    }
    s.vol = false;
  }
  return c;
}
