/** Number <-> name tables for enum fields ("who-has" <-> 1). */
import { siblingValue } from "../field.ts";
import type { Packet } from "../packet.ts";

export type EnumTable = Readonly<Record<number, string>>;
/** A table, or a function choosing one from the packet (ICMP codes depend on the type). */
export type EnumSource = EnumTable | ((pkt: Packet | null) => EnumTable | undefined);

const reverseCache = new WeakMap<EnumTable, Map<string, number>>();

export function reverseEnum(table: EnumTable): Map<string, number> {
  let rev = reverseCache.get(table);
  if (!rev) {
    rev = new Map();
    for (const [k, v] of Object.entries(table)) if (!rev.has(v)) rev.set(v, Number(k));
    reverseCache.set(table, rev);
  }
  return rev;
}

export function tableFor(source: EnumSource | undefined, pkt: Packet | null): EnumTable | undefined {
  if (!source) return undefined;
  return typeof source === "function" ? source(pkt) : source;
}

/** Name of a value, or undefined. */
export function enumName(source: EnumSource | undefined, value: number, pkt: Packet | null): string | undefined {
  const table = tableFor(source, pkt);
  return table ? table[value] : undefined;
}

/** Number for a name, or undefined. */
export function enumValue(source: EnumSource | undefined, name: string, pkt: Packet | null): number | undefined {
  const table = tableFor(source, pkt);
  return table ? reverseEnum(table).get(name) : undefined;
}

/**
 * Names that depend on another field's value (Scapy's MultiEnumField: ICMP codes by type): one
 * table per value of field `ref`.
 */
export function enumByField(ref: string, tables: Readonly<Record<number, EnumTable>>): EnumSource {
  return (pkt) => (pkt === null ? undefined : tables[Number(siblingValue(pkt, ref))]);
}
