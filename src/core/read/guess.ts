/**
 * Which class a layer's payload is: the layer's own guess, then the bindings of the layer and its
 * ancestors (Scapy's payload_guess), then its default payload (Raw). The bindings are compiled
 * into one lookup per layer — nested maps over the values of the fields they read — rebuilt when
 * bindings change.
 */
import type { Packet } from "../packet.ts";
import { registry, type CompiledBinding, type GuessTable, type LayerSpec } from "../state.ts";
import { stateValue } from "./values.ts";

const EMPTY = new Uint8Array(0);

/** The payload class of p, whose payload is buf[start, end). */
export function guessPayloadSpec(p: Packet, buf: Uint8Array, start: number, end: number): LayerSpec {
  const spec = p._s.spec;
  const hook = spec.hooks.guessPayload;
  if (hook) {
    const cls = spec.hooksTakeBytes.guessPayload ? hook(p, buf.subarray(start, end)) : hook(p, EMPTY);
    if (cls !== undefined) return cls === null ? registry.raw! : cls.spec;
  }
  return guessTable(spec).pick(p) ?? defaultPayloadSpec(spec);
}

export function defaultPayloadSpec(spec: LayerSpec): LayerSpec {
  const dflt = spec.hooks.defaultPayload;
  return dflt ? dflt().spec : registry.raw!;
}

/** Can this layer's payload be anything but Raw or Padding? (A walk looking for another layer can stop here.) */
export function isTerminal(spec: LayerSpec): boolean {
  const links = spec.links;
  if (links.terminalVersion !== registry.bindingsVersion) {
    const dflt = defaultPayloadSpec(spec);
    links.terminal = spec.hooks.guessPayload === undefined && guessTable(spec).bindings.length === 0 && (dflt === registry.raw || dflt === registry.padding);
    links.terminalVersion = registry.bindingsVersion;
  }
  return links.terminal;
}

export function guessTable(spec: LayerSpec): GuessTable {
  const links = spec.links;
  if (links.guessVersion === registry.bindingsVersion && links.guessTable !== null) return links.guessTable;
  const table = compileGuessTable(spec);
  links.guessTable = table;
  links.guessVersion = registry.bindingsVersion;
  return table;
}

/** Flattens the bindings of a layer and its aliases into slots of the fields they read, and one lookup. */
function compileGuessTable(spec: LayerSpec): GuessTable {
  const fields: number[] = [];
  const bindings: CompiledBinding[] = [];
  for (const alias of spec.aliases) {
    for (const b of alias.links.payloadGuess) {
      const indexes = b.match.map(([name]) => spec.layout.fieldIndex.get(name) ?? -1);
      if (indexes.includes(-1)) continue;
      const slots = indexes.map((i) => {
        const at = fields.indexOf(i);
        return at >= 0 ? at : fields.push(i) - 1;
      });
      bindings.push({ slots, values: b.match.map(([, v]) => v), upper: b.upper });
    }
  }
  return { fields, bindings, pick: bindings.length === 0 ? () => null : lookup(fields, bindings) };
}

interface Hit {
  readonly order: number;
  readonly upper: LayerSpec;
}

const MATCH_ALL = Symbol("any payload");
const NOT_READ = Symbol("not read");

/** A function giving the first binding (in declaration order) that p's field values match. */
function lookup(fields: readonly number[], bindings: readonly CompiledBinding[]): (p: Packet) => LayerSpec | null {
  const read = (p: Packet): unknown[] => {
    const s = p._s;
    const values = new Array<unknown>(fields.length);
    for (let j = 0; j < fields.length; j++) values[j] = stateValue(p, s, fields[j]!);
    return values;
  };
  // Bytes cannot be map keys: such bindings are compared one by one.
  if (bindings.some((b) => b.values.some((v) => v !== null && typeof v === "object"))) {
    return (p) => {
      const values = read(p);
      for (const b of bindings) if (b.slots.every((slot, j) => sameValue(values[slot], b.values[j]))) return b.upper;
      return null;
    };
  }
  // A field every binding reads (IP's protocol): one lookup on it gives the few bindings left to
  // compare, in declaration order, each field read once at most.
  const keySlot = bindings[0]!.slots.find((slot) => bindings.every((b) => b.slots.includes(slot)));
  if (keySlot !== undefined && bindings.length > 1) return keyedLookup(fields, bindings, keySlot);
  // Bindings reading the same fields share one nested map from values to their first binding.
  const groups: Array<{ slots: readonly number[]; index: Map<unknown, unknown> }> = [];
  bindings.forEach((b, order) => {
    const key = b.slots.join(",");
    let group = groups.find((g) => g.slots.join(",") === key);
    if (!group) groups.push((group = { slots: b.slots, index: new Map() }));
    if (b.values.length === 0) {
      if (!group.index.has(MATCH_ALL)) group.index.set(MATCH_ALL, { order, upper: b.upper } satisfies Hit);
      return;
    }
    let node = group.index;
    b.values.forEach((v, j) => {
      if (j === b.values.length - 1) {
        if (!node.has(v)) node.set(v, { order, upper: b.upper } satisfies Hit);
      } else {
        if (!node.has(v)) node.set(v, new Map());
        node = node.get(v) as Map<unknown, unknown>;
      }
    });
  });
  if (groups.length === 1 && groups[0]!.slots.length === 1) {
    // The common case (Ether's type, a port): one field, one map.
    const index = groups[0]!.index;
    const slot = fields[groups[0]!.slots[0]!]!;
    return (p) => (index.get(stateValue(p, p._s, slot)) as Hit | undefined)?.upper ?? null;
  }
  // Fields are read as the maps are walked, each once: a binding on IP's destination (IGMPv3's)
  // costs nothing for a TCP segment, whose protocol number ends the walk first.
  return (p) => {
    const s = p._s;
    const values: unknown[] = [];
    for (let j = 0; j < fields.length; j++) values.push(NOT_READ);
    let best: Hit | null = null;
    for (const group of groups) {
      let node: unknown = group.slots.length === 0 ? group.index.get(MATCH_ALL) : group.index;
      for (let j = 0; j < group.slots.length && node !== undefined; j++) {
        const slot = group.slots[j]!;
        let v = values[slot];
        if (v === NOT_READ) v = values[slot] = stateValue(p, s, fields[slot]!);
        node = (node as Map<unknown, unknown>).get(v);
      }
      const hit = node as Hit | undefined;
      if (hit !== undefined && (best === null || hit.order < best.order)) best = hit;
    }
    return best?.upper ?? null;
  };
}

/** The bindings by their value of the key field; the rest of each binding compared as it comes. */
function keyedLookup(fields: readonly number[], bindings: readonly CompiledBinding[], keySlot: number): (p: Packet) => LayerSpec | null {
  const byKey = new Map<unknown, Array<{ slots: number[]; values: unknown[]; upper: LayerSpec }>>();
  for (const b of bindings) {
    const j = b.slots.indexOf(keySlot);
    const key = b.values[j];
    const rest = { slots: b.slots.filter((_, m) => m !== j), values: b.values.filter((_, m) => m !== j), upper: b.upper };
    const list = byKey.get(key);
    if (list) list.push(rest);
    else byKey.set(key, [rest]);
  }
  const keyField = fields[keySlot]!;
  return (p) => {
    const s = p._s;
    const candidates = byKey.get(stateValue(p, s, keyField));
    if (candidates === undefined) return null;
    // Few candidates with few fields each: a field two of them compare is simply read twice.
    for (const c of candidates) {
      let match = true;
      for (let j = 0; j < c.slots.length && match; j++) match = stateValue(p, s, fields[c.slots[j]!]!) === c.values[j];
      if (match) return c.upper;
    }
    return null;
  };
}

function sameValue(actual: unknown, wanted: unknown): boolean {
  if (actual === wanted) return true;
  if (!(actual instanceof Uint8Array && wanted instanceof Uint8Array) || actual.length !== wanted.length) return false;
  for (let i = 0; i < actual.length; i++) if (actual[i] !== wanted[i]) return false;
  return true;
}
