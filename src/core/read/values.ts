/**
 * Field values of a packet: what a read gives (set by the user, read from the bytes, pushed down
 * by the payload's binding, or the default) and how user input is stored.
 */
import { fieldError, FieldValueError } from "../errors.ts";
import type { AnyField } from "../field.ts";
import type { Packet } from "../packet.ts";
import { RESET, registry, type LayerSpec, type PacketState } from "../state.ts";
import { Alternatives, IntRange, Volatile } from "../values.ts";
import { ABSENT, decodeField, measureFields } from "./measure.ts";

/** Internal value of field i. */
export function getValue(p: Packet, i: number): unknown {
  return stateValue(p, p._s, i);
}

/** getValue for callers that already hold the packet's state. */
export function stateValue(p: Packet, s: PacketState, i: number): unknown {
  const vals = s.values;
  if (vals !== null) {
    const v = vals[i];
    if (v !== undefined) return v === RESET ? fallbackValue(p, s, i) : v;
  }
  if (s.buf !== null) {
    if (i >= s.nf && !s.full) measureFields(p, s, i + 1);
    if (i < s.nf) {
      const v = decodeField(p, s, i);
      if (v !== ABSENT) return v;
    }
  }
  return fallbackValue(p, s, i);
}

/** Value when none is set: pushed down by the payload's binding, else the field default. */
export function fallbackValue(p: Packet, s: PacketState, i: number): unknown {
  const pl = s.payload;
  if (pl) {
    const ov = overloadValues(s.spec, pl._s.spec);
    if (ov !== null) {
      const v = ov[i];
      if (v !== undefined) return v;
    }
  }
  return s.spec.layout.fields[i]!.defaultFor(p);
}

/** True when the field was given a value (or dissected): what repr shows. */
export function isSet(p: Packet, i: number): boolean {
  const s = p._s;
  const v = s.values?.[i];
  if (v !== undefined) return v !== RESET;
  if (s.buf === null) return false;
  if (i >= s.nf && !s.full) measureFields(p, s, i + 1);
  if (i >= s.nf) return false;
  return s.offs === null || s.offs[2 * i]! >= 0;
}

/**
 * True when the user gave the field a value (not read from bytes, pushed down by a binding or
 * defaulted): Scapy's `name in pkt.fields` for a field that dissection never reads (MACsec's
 * off-spec type, present only when given).
 */
export function isGiven(p: Packet, name: string): boolean {
  const i = p.spec.layout.fieldIndex.get(name);
  if (i === undefined) throw new TypeError(`isGiven: ${p.spec.name} has no field ${JSON.stringify(name)}`);
  const v = p._s.values?.[i];
  return v !== undefined && v !== RESET;
}

/** True when the value comes from the payload's binding. */
export function isOverloaded(p: Packet, i: number): boolean {
  if (isSet(p, i)) return false;
  const pl = p._s.payload;
  if (!pl) return false;
  const ov = overloadFor(p._s.spec, pl._s.spec);
  return ov !== undefined && ov[p._s.spec.layout.fields[i]!.name] !== undefined;
}

/** Sets field i from user input (null/undefined resets it to its default). */
export function setValue(p: Packet, i: number, value: unknown): void {
  const s = p._s;
  const f = s.spec.layout.fields[i]!;
  let stored: unknown;
  if (value === null || value === undefined) stored = s.buf !== null ? RESET : undefined;
  else {
    stored = convertUserValue(p, f, value);
    if (stored instanceof Alternatives) s.gen = true;
    else if (stored instanceof Volatile) s.vol = true;
  }
  // A dissected packet measures its fields before one changes: their places are those of the bytes.
  if (s.buf !== null && !s.full) measureFields(p, s, s.spec.layout.fields.length);
  (s.values ??= new Array(s.spec.layout.fields.length))[i] = stored;
  if (s.buf !== null) s.dirty = true;
}

/** Converts user input for field f; arrays (non-list fields), ranges and networks become alternatives. */
export function convertUserValue(p: Packet | null, f: AnyField, value: unknown): unknown {
  try {
    if (typeof value === "object") {
      if (value instanceof Alternatives || value instanceof Volatile) return value;
      // A field whose kind depends on the packet (DNS rdata: an address or a list of strings) asks the kind that applies.
      const kind = p && f.dynamic ? f.resolve(p) : f;
      const single = kind.isList || (kind.isTuple && Array.isArray(value) && !Array.isArray(value[0]));
      if (!single && (Array.isArray(value) || value instanceof IntRange)) {
        return new Alternatives([...(value as Iterable<unknown>)].map((v) => f.fromUser(v, p)));
      }
    }
    if (typeof value === "string" && f.expands) {
      const alt = f.alternatives(value);
      if (alt) return new Alternatives(alt.map((v) => f.fromUser(v, p)));
    }
    return f.fromUser(value, p);
  } catch (e) {
    if (e instanceof FieldValueError || e instanceof RangeError) throw fieldError(p ? p._s.spec.name : "?", f.name, e.message);
    throw e;
  }
}

// ---------------------------------------------------------------- values pushed down by bindings

const overloadCache = new Map<LayerSpec, Map<LayerSpec, Record<string, unknown> | undefined>>();
let overloadCacheVersion = -1;

/** Values `upper` pushes into `lower` (looking through lower's ancestors, as Scapy's aliastypes). */
export function overloadFor(lower: LayerSpec, upper: LayerSpec): Record<string, unknown> | undefined {
  if (upper.links.overloads.size === 0) return undefined;
  if (overloadCacheVersion !== registry.bindingsVersion) {
    overloadCache.clear();
    overloadCacheVersion = registry.bindingsVersion;
  }
  let perUpper = overloadCache.get(upper);
  if (!perUpper) overloadCache.set(upper, (perUpper = new Map()));
  if (perUpper.has(lower)) return perUpper.get(lower);
  let found: Record<string, unknown> | undefined;
  for (const alias of lower.aliases) {
    found = upper.links.overloads.get(alias);
    if (found) break;
  }
  perUpper.set(lower, found);
  return found;
}

/** Values `upper` pushes into `lower`, by lower's field index (null when none): cached per lower layer. */
export function overloadValues(lower: LayerSpec, upper: LayerSpec): readonly unknown[] | null {
  const links = lower.links;
  if (links.ovUpper === upper && links.ovVersion === registry.bindingsVersion) return links.ovValues;
  const found = overloadFor(lower, upper);
  let values: unknown[] | null = null;
  if (found !== undefined) {
    values = new Array(lower.layout.fields.length);
    for (const [name, v] of Object.entries(found)) {
      const i = lower.layout.fieldIndex.get(name);
      if (i !== undefined) values[i] = v;
    }
  }
  links.ovUpper = upper;
  links.ovValues = values;
  links.ovVersion = registry.bindingsVersion;
  return values;
}
