/**
 * Layer bindings, as Scapy's bind_layers: one declaration drives dissection (which class the
 * payload is) and building (the values an upper layer pushes into the one below it).
 */
import { registry, type LayerRef, type LayerSpec } from "./spec.ts";
import { convertUserValue } from "./packet.ts";

type FieldValues = Record<string, unknown>;

function toInternal(spec: LayerSpec, values: FieldValues): Array<[number, unknown]> {
  return Object.entries(values).map(([name, v]) => {
    const i = spec.fieldIndex.get(name);
    if (i === undefined) throw new TypeError(`bind: ${spec.name} has no field ${JSON.stringify(name)}`);
    return [i, convertUserValue(null, spec.fields[i]!, v)];
  });
}

/** Dissection: `lower`'s payload is `upper` when all these fields of `lower` match. */
export function bindBottomUp(lower: LayerRef, upper: LayerRef, fields: FieldValues = {}): void {
  const match = toInternal(lower.spec, fields).map(([i, v]) => [lower.spec.fields[i]!.name, v] as const);
  lower.spec.payloadGuess.push({ match, upper: upper.spec });
  registry.bindingsVersion++;
}

/** Building: `lower / upper` gives `lower` these field values unless set explicitly. */
export function bindTopDown(lower: LayerRef, upper: LayerRef, fields: FieldValues = {}): void {
  const internal: Record<string, unknown> = {};
  for (const [i, v] of toInternal(lower.spec, fields)) internal[lower.spec.fields[i]!.name] = v;
  upper.spec.overloads.set(lower.spec, { ...upper.spec.overloads.get(lower.spec), ...internal });
  overloadCache.delete(upper.spec);
  registry.bindingsVersion++;
}

/** Both directions (Scapy's bind_layers). */
export function bindLayers(lower: LayerRef, upper: LayerRef, fields: FieldValues = {}): void {
  bindBottomUp(lower, upper, fields);
  bindTopDown(lower, upper, fields);
}

/** Removes bindings between two layers (Scapy's split_layers); with fields, only the matching one. */
export function splitLayers(lower: LayerRef, upper: LayerRef, fields: FieldValues = {}): void {
  const guess = lower.spec.payloadGuess;
  const wanted = Object.keys(fields).length ? toInternal(lower.spec, fields).map(([i, v]) => [lower.spec.fields[i]!.name, v]) : null;
  for (let k = guess.length - 1; k >= 0; k--) {
    const b = guess[k]!;
    if (b.upper !== upper.spec) continue;
    if (wanted && JSON.stringify(b.match) !== JSON.stringify(wanted)) continue;
    guess.splice(k, 1);
  }
  upper.spec.overloads.delete(lower.spec);
  overloadCache.delete(upper.spec);
  registry.bindingsVersion++;
}

const overloadCache = new Map<LayerSpec, Map<LayerSpec, Record<string, unknown> | undefined>>();

/** Values `upper` pushes into `lower` (looking through lower's ancestors, as Scapy's aliastypes). */
export function overloadFor(lower: LayerSpec, upper: LayerSpec): Record<string, unknown> | undefined {
  if (upper.overloads.size === 0) return undefined;
  let perUpper = overloadCache.get(upper);
  if (!perUpper) overloadCache.set(upper, (perUpper = new Map()));
  if (perUpper.has(lower)) return perUpper.get(lower);
  let found: Record<string, unknown> | undefined;
  for (const alias of lower.aliases) {
    found = upper.overloads.get(alias);
    if (found) break;
  }
  perUpper.set(lower, found);
  return found;
}

/** Values `upper` pushes into `lower`, by lower's field index (null when none): cached per lower layer. */
export function overloadValues(lower: LayerSpec, upper: LayerSpec): readonly unknown[] | null {
  if (lower.ovUpper === upper && lower.ovVersion === registry.bindingsVersion) return lower.ovValues;
  const found = overloadFor(lower, upper);
  let values: unknown[] | null = null;
  if (found !== undefined) {
    values = new Array(lower.fields.length);
    for (const [name, v] of Object.entries(found)) {
      const i = lower.fieldIndex.get(name);
      if (i !== undefined) values[i] = v;
    }
  }
  lower.ovUpper = upper;
  lower.ovValues = values;
  lower.ovVersion = registry.bindingsVersion;
  return values;
}
