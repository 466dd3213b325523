/** Precise differences between what Scapy gave and what packetry gives, one line each. */
import { isDeepStrictEqual } from "node:util";
import type { Json } from "./spec.ts";

/** "" when equal, else where the hex strings first differ, with a little context. */
export function diffHex(what: string, expected: string, actual: string): string {
  if (expected === actual) return "";
  let i = 0;
  while (i < expected.length && i < actual.length && expected[i] === actual[i]) i++;
  const offset = i >> 1;
  const at = (hex: string) => hex.slice(offset * 2, offset * 2 + 2) || "(end)";
  const around = (hex: string) => hex.slice(Math.max(0, offset - 6) * 2, (offset + 10) * 2);
  return (
    `${what}: first difference at byte ${offset} (0x${offset.toString(16)}): expected ${at(expected)}, got ${at(actual)}; ` +
    `lengths expected ${expected.length / 2}, got ${actual.length / 2}\n` +
    `    expected ...${around(expected)}...\n    actual   ...${around(actual)}...`
  );
}

/** "" when equal, else the first differing line of two texts. */
export function diffText(what: string, expected: string, actual: string): string {
  if (expected === actual) return "";
  const e = expected.split("\n");
  const a = actual.split("\n");
  let i = 0;
  while (i < e.length && i < a.length && e[i] === a[i]) i++;
  const line = (l: string | undefined) => (l === undefined ? "(no line)" : JSON.stringify(l));
  if (e.length === 1 && a.length === 1) return `${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`;
  return `${what}: line ${i + 1} differs (of ${e.length} expected, ${a.length} actual lines)\n    expected ${line(e[i])}\n    actual   ${line(a[i])}`;
}

export const show = (v: unknown): string => {
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 300 ? s.slice(0, 300) + "..." : s;
};

/**
 * Differences between two JSON values, by path ("IP.options[0].IPOption_RR.routers"): packet
 * lists and tuples are compared item by item so the first differing element is named.
 */
export function diffJson(path: string, expected: Json, actual: Json, out: string[], limit = 12): void {
  if (out.length >= limit || isDeepStrictEqual(expected, actual)) return;
  if (Array.isArray(expected) && Array.isArray(actual) && expected.length === actual.length) {
    expected.forEach((x, i) => diffJson(`${path}[${i}]`, x, actual[i]!, out, limit));
    return;
  }
  const pe = pktOf(expected);
  const pa = pktOf(actual);
  if (pe && pa) {
    diffLayers(path, pe, pa, out, limit);
    return;
  }
  out.push(`${path}: expected ${show(expected)}, got ${show(actual)}`);
}

type LayerList = Array<[string, Record<string, Json>]>;

function pktOf(v: Json): LayerList | null {
  return v !== null && typeof v === "object" && !Array.isArray(v) && "$pkt" in v ? (v.$pkt as unknown as LayerList) : null;
}

/** Layer names first, then every expected field of each layer (extra actual fields are ignored). */
export function diffLayers(path: string, expected: LayerList, actual: LayerList, out: string[], limit = 12): void {
  const en = expected.map((l) => l[0]);
  const an = actual.map((l) => l[0]);
  if (!isDeepStrictEqual(en, an)) out.push(`${path || "layers"}: expected ${show(en)}, got ${show(an)}`);
  expected.forEach(([name, fields], i) => {
    const got = actual[i];
    if (!got || got[0] !== name) return;
    const prefix = `${path ? path + "." : ""}${name}`;
    for (const [field, value] of Object.entries(fields)) {
      if (out.length >= limit) return;
      if (!(field in got[1])) out.push(`${prefix}.${field}: expected ${show(value)}, but packetry's ${name} has no field ${field} here (it has: ${Object.keys(got[1]).join(", ")})`);
      else diffJson(`${prefix}.${field}`, value, got[1][field]!, out, limit);
    }
  });
}
