/**
 * A layer's field accessors and its payload getter. Generated as code for this layer alone where
 * possible: V8 keeps one set of inline caches per function literal, so closures made in a loop
 * would share theirs across every layer (megamorphic); each generated literal sees only this
 * layer's packets. Fixed fields of an untouched dissected packet read straight from the bytes at
 * their constant offset.
 */
import type { AnyField } from "../field.ts";
import type { Packet } from "../packet.ts";
import { payloadOf } from "../read/dissect.ts";
import { setValue, stateValue } from "../read/values.ts";
import { setPayloadOf, type LayerLayout } from "../state.ts";
import { Alternatives, Volatile } from "../values.ts";
import { warnOnce } from "../warn.ts";
import { canGenerateCode, generate } from "./generate.ts";

/** What a property read gives for an internal value: alternatives as a list, flags wrapped, volatiles as they are. */
export function userValue(f: AnyField, v: unknown): unknown {
  if (v === null || typeof v !== "object") return f.wrapsValue && v !== null ? f.toUser(v) : v;
  if (v instanceof Alternatives) return v.values.map((x) => f.toUser(x));
  if (v instanceof Volatile) return v;
  return f.wrapsValue ? f.toUser(v) : v;
}

/**
 * Can field i be read from the bytes at a constant offset with no packet context? The fixed
 * fields before the first variable one can, in a layer with offsets too (IP's addresses before
 * its options), unless the layer marked them absent.
 */
function directlyReadable(layout: LayerLayout, i: number): boolean {
  return layout.fixedStart[i]! >= 0 && layout.directRead[i] === 1 && !layout.fields[i]!.mutable;
}

export function compileAccessors(layout: LayerLayout, layer: string): PropertyDescriptorMap {
  const map = canGenerateCode() ? generatedAccessors(layout) : closureAccessors(layout);
  for (const [old, [current, since]] of layout.deprecated) {
    const warn = () => warnOnce(`${layer}.${old}`, `DeprecationWarning: ${old} has been deprecated in favor of ${current} since ${since} !`);
    map[old] = {
      get(this: Record<string, unknown>) {
        warn();
        return this[current];
      },
      set(this: Record<string, unknown>, v: unknown) {
        warn();
        this[current] = v;
      },
      enumerable: false,
      configurable: true,
    };
  }
  return map;
}

function generatedAccessors(layout: LayerLayout): PropertyDescriptorMap {
  const parts: string[] = [];
  layout.fields.forEach((f, i) => {
    const start = layout.fixedStart[i]!;
    const read = `F[${i}].readFixed(s.buf, s.start + ${start >> 3}, ${start & 7})`;
    // Other fields' cached values (an options list read while measuring) do not stop a direct read of this one.
    const present = layout.needsOffsets ? ` && (s.offs === null || s.offs[${2 * i}] >= 0)` : "";
    const fast = directlyReadable(layout, i) ? `if (${i} < s.nf && (s.values === null || s.values[${i}] === undefined)${present}) return ${f.wrapsValue ? `F[${i}].toUser(${read})` : read};` : "";
    parts.push(`${JSON.stringify(f.name)}: {
      get: function () { const s = this._s; ${fast} return user(F[${i}], stateValue(this, s, ${i})); },
      set: function (v) { setValue(this, ${i}, v); },
      enumerable: true, configurable: true }`);
  });
  parts.push(`payload: {
    get: function () { const s = this._s; const pl = s.payload; return pl === undefined ? payloadOf(this) : pl; },
    set: SET_PAYLOAD,
    enumerable: false, configurable: true }`);
  return generate<PropertyDescriptorMap>(`return {${parts.join(",\n")}};`, {
    F: layout.fields,
    stateValue,
    setValue,
    user: userValue,
    payloadOf,
    SET_PAYLOAD: payloadSetter,
  });
}

function closureAccessors(layout: LayerLayout): PropertyDescriptorMap {
  const map: PropertyDescriptorMap = {};
  layout.fields.forEach((f, i) => {
    map[f.name] = {
      get(this: Packet) {
        return userValue(f, stateValue(this, this._s, i));
      },
      set(this: Packet, v: unknown) {
        setValue(this, i, v);
      },
      enumerable: true,
      configurable: true,
    };
  });
  map.payload = {
    get(this: Packet) {
      return payloadOf(this);
    },
    set: payloadSetter,
    enumerable: false,
    configurable: true,
  };
  return map;
}

/** The payload setter of every layer (it refuses cycles). */
function payloadSetter(this: Packet, p: Packet | null): void {
  setPayloadOf(this, p);
}
