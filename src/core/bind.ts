/**
 * Layer bindings, as Scapy's bind_layers: one declaration drives dissection (which class the
 * payload is) and building (the values an upper layer pushes into the one below it).
 */
import { convertUserValue } from "./read/values.ts";
import { registry, type LayerRef, type LayerSpec } from "./state.ts";

type FieldValues = Record<string, unknown>;

function toInternal(spec: LayerSpec, values: FieldValues): Array<[number, unknown]> {
  return Object.entries(values).map(([name, v]) => {
    const i = spec.layout.fieldIndex.get(name);
    if (i === undefined) throw new TypeError(`bind: ${spec.name} has no field ${JSON.stringify(name)}`);
    return [i, convertUserValue(null, spec.layout.fields[i]!, v)];
  });
}

/** Dissection: `lower`'s payload is `upper` when all these fields of `lower` match. */
export function bindBottomUp(lower: LayerRef, upper: LayerRef, fields: FieldValues = {}): void {
  const match = toInternal(lower.spec, fields).map(([i, v]) => [lower.spec.layout.fields[i]!.name, v] as const);
  lower.spec.links.payloadGuess.push({ match, upper: upper.spec });
  registry.bindingsVersion++;
}

/** Building: `lower / upper` gives `lower` these field values unless set explicitly. */
export function bindTopDown(lower: LayerRef, upper: LayerRef, fields: FieldValues = {}): void {
  const internal: Record<string, unknown> = {};
  for (const [i, v] of toInternal(lower.spec, fields)) internal[lower.spec.layout.fields[i]!.name] = v;
  const overloads = upper.spec.links.overloads;
  overloads.set(lower.spec, { ...overloads.get(lower.spec), ...internal });
  registry.bindingsVersion++;
}

/** Both directions (Scapy's bind_layers). */
export function bindLayers(lower: LayerRef, upper: LayerRef, fields: FieldValues = {}): void {
  bindBottomUp(lower, upper, fields);
  bindTopDown(lower, upper, fields);
}

/** Removes bindings between two layers (Scapy's split_layers); with fields, only the matching one. */
export function splitLayers(lower: LayerRef, upper: LayerRef, fields: FieldValues = {}): void {
  const guess = lower.spec.links.payloadGuess;
  const wanted = Object.keys(fields).length ? toInternal(lower.spec, fields).map(([i, v]) => [lower.spec.layout.fields[i]!.name, v]) : null;
  for (let k = guess.length - 1; k >= 0; k--) {
    const b = guess[k]!;
    if (b.upper !== upper.spec) continue;
    if (wanted && JSON.stringify(b.match) !== JSON.stringify(wanted)) continue;
    guess.splice(k, 1);
  }
  upper.spec.links.overloads.delete(lower.spec);
  registry.bindingsVersion++;
}
