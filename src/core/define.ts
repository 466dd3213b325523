/**
 * defineLayer: turns a declaration (a name, a field list, a few hooks) into a layer class.
 * Everything else — accessors, dissection, building, text, ls() — is derived from it.
 */
import { dissectLayer, dissectPayload } from "./dissect.ts";
import type { AnyField, Field } from "./field.ts";
import { Packet, PacketState, setValue, stateValue } from "./packet.ts";
import { registry, WRITE_BITS, WRITE_CONDITIONAL, WRITE_DYNAMIC, WRITE_LENGTH, type LayerHooks, type LayerSpec } from "./spec.ts";
import { Alternatives, IntRange, Volatile } from "./values.ts";

type FieldsOf<F extends readonly AnyField[]> = F[number];

/** Property types of a layer's fields: `pkt.ttl` is a number, `pkt.src` a string. */
export type FieldProps<F extends readonly AnyField[]> = {
  -readonly [K in FieldsOf<F> as K["name"]]: K["__get"];
};

/** A field's value as a user may give it: its input type, several of them, or null for the default. */
export type FieldInput<T> = T | readonly T[] | IntRange | Alternatives | Volatile | null | undefined;

/** Keyword arguments of a layer constructor: `IP({dst: "10.0.0.1", ttl: 3})`. */
export type FieldInit<F extends readonly AnyField[]> = {
  [K in FieldsOf<F> as K["name"]]?: FieldInput<K["__in"]>;
};

export type LayerInstance<F extends readonly AnyField[], M = unknown> = Packet & FieldProps<F> & M;

/** A layer class: call it with field values to build, or with bytes to dissect. */
export interface LayerClass<T extends Packet = Packet, I = Record<string, unknown>> {
  (init?: I): T;
  (bytes: Uint8Array): T;
  new (init?: I): T;
  new (bytes: Uint8Array): T;
  readonly name: string;
  readonly spec: LayerSpec;
  /** The field declarations (for ls() and tools). */
  readonly fields: readonly AnyField[];
  /** Scapy's display name ("Ethernet"). */
  readonly displayName: string;
}

export type InstanceOf<L> = L extends LayerClass<infer T, unknown> ? T : never;

export interface DefineOptions extends LayerHooks {
  /** The layer this one specialises (IPerror extends IP): inherits its bindings and hooks. */
  parent?: { readonly spec: LayerSpec };
  /** Layers whose bindings this one also uses, without inheriting their hooks (Dot1Q uses Ether's). */
  aliasOf?: ReadonlyArray<{ readonly spec: LayerSpec }>;
}

/** Declares a layer. Field names and value types of the result are checked by the compiler. */
export function defineLayer<const F extends readonly AnyField[], M = unknown>(
  name: string,
  fields: F,
  options: DefineOptions & { methods?: M & ThisType<LayerInstance<F, M>> } = {},
): LayerClass<LayerInstance<F, M>, FieldInit<F>> {
  const { parent, aliasOf, ...hooks } = options;
  const parentSpec = parent?.spec ?? null;
  const mergedHooks: LayerHooks = normalizeHooks(parentSpec ? { ...parentSpec.hooks, ...hooks } : hooks);
  const spec = compileSpec(name, fields as unknown as AnyField[], mergedHooks, parentSpec);
  for (const a of aliasOf ?? []) for (const s of a.spec.aliases) if (!spec.aliases.includes(s)) spec.aliases.push(s);
  registry.layers.set(name, spec.cls);
  if (name === "Raw") registry.raw = spec;
  if (name === "Padding") registry.padding = spec;
  return spec.cls as unknown as LayerClass<LayerInstance<F, M>, FieldInit<F>>;
}

/**
 * Every layer's hooks object has the same keys in the same order (absent hooks undefined), so
 * reading `spec.hooks.postBuild` in shared code sees one object shape, not one per layer.
 */
function normalizeHooks(h: LayerHooks): LayerHooks {
  const { displayName, showIndent, postBuild, postDissect, extractPadding, guessPayload, defaultPayload, dispatch, dispatchInit, summary, answers, hashret, methods, ...rest } = h;
  const normal: LayerHooks = { displayName, showIndent, postBuild, postDissect, extractPadding, guessPayload, defaultPayload, dispatch, dispatchInit, summary, answers, hashret, methods };
  return Object.keys(rest).length ? Object.assign(normal, rest) : normal;
}

function compileSpec(name: string, fields: AnyField[], hooks: LayerHooks, parent: LayerSpec | null): LayerSpec {
  const n = fields.length;
  const fieldIndex = new Map<string, number>();
  fields.forEach((f, i) => {
    if (fieldIndex.has(f.name)) throw new Error(`${name}: field ${f.name} declared twice`);
    fieldIndex.set(f.name, i);
  });
  // Bit offsets that never move: up to the first field whose size or presence varies.
  const fixedStart = new Int32Array(n).fill(-1);
  let bit = 0;
  let fixed = true;
  let needsOffsets = false;
  let allFixed = true;
  fields.forEach((f, i) => {
    const conditional = isConditional(f);
    if (fixed) fixedStart[i] = bit;
    else needsOffsets = true;
    if (conditional) {
      needsOffsets = true;
      allFixed = false;
      fixed = false;
    } else if (f.bits >= 0 && !f.lenient) bit += f.bits;
    else {
      allFixed = false;
      fixed = false;
      if (i < n - 1) needsOffsets = true;
    }
  });
  let fixedPrefixCount = 0;
  let fixedPrefixBits = 0;
  while (fixedPrefixCount < n) {
    const f = fields[fixedPrefixCount]!;
    if (f.conditional || f.bits < 0 || f.lenient) break;
    fixedPrefixBits += f.bits;
    fixedPrefixCount++;
  }
  // Runs of fixed, always-present fields anywhere in the header (after a name, a conditional
  // field...): where each run starting at a field ends, and its bits, so dissection jumps over it.
  const runEnd = new Int32Array(n);
  const runBits = new Int32Array(n);
  for (let i = n - 1; i >= 0; i--) {
    const f = fields[i]!;
    if (f.conditional || f.bits < 0 || f.lenient) continue;
    runEnd[i] = i + 1 < n && runEnd[i + 1]! > 0 ? runEnd[i + 1]! : i + 1;
    runBits[i] = f.bits + (runEnd[i]! > i + 1 ? runBits[i + 1]! : 0);
  }
  let specOfImpl: LayerSpec;
  // Its own constructor, which knows the spec: a packet's state is made with no lookup.
  class Impl extends Packet {
    constructor(state?: PacketState) {
      super(state ?? new PacketState(specOfImpl));
    }
  }
  const spec: LayerSpec = {
    name,
    displayName: hooks.displayName ?? name,
    fields,
    fieldIndex,
    fixedStart,
    allFixed,
    headerBits: allFixed ? bit : -1,
    fixedPrefixCount,
    fixedPrefixBits,
    runEnd,
    runBits,
    needsOffsets,
    hasLengthFields: fields.some((f) => "target" in f && (f as { target: unknown }).target !== null),
    mutableFields: fields.flatMap((f, i) => (f.mutable ? [i] : [])),
    parent,
    aliases: [],
    hooks,
    payloadGuess: [],
    overloads: new Map(),
    guessTable: null,
    guessVersion: -1,
    ovUpper: null,
    ovValues: null,
    ovVersion: -1,
    hasDynamicFields: fields.some((f) => f.dynamic),
    directRead: Uint8Array.from(fields, (f) => (f.bits >= 0 && !f.lenient && !f.dynamic && !f.conditional ? 1 : 0)),
    writeKinds: Uint8Array.from(fields, (f) =>
      (f.conditional ? WRITE_CONDITIONAL : 0) |
      (f.dynamic ? WRITE_DYNAMIC : 0) |
      (f.bitPacked ? WRITE_BITS : 0) |
      ("target" in f && (f as { target: unknown }).target !== null ? WRITE_LENGTH : 0),
    ),
    Impl,
    cls: null as never,
  };
  specOfImpl = spec;
  spec.aliases.push(spec, ...(parent ? parent.aliases : []));
  Object.defineProperty(Impl.prototype, "spec", { value: spec });
  Object.defineProperties(Impl.prototype, accessors(spec));
  for (const [mname, fn] of Object.entries(hooks.methods ?? {})) {
    Object.defineProperty(Impl.prototype, mname, { value: fn, writable: true, configurable: true });
  }
  spec.cls = makeCallable(spec);
  return spec;
}

function isConditional(f: AnyField): boolean {
  return f.conditional;
}

/**
 * The layer's field accessors and its payload getter, generated as code for this layer alone.
 * V8 keeps one set of inline caches per function literal and parent, so closures made in a loop
 * would share theirs across every layer (megamorphic); each generated literal has its own, and
 * sees only this layer's packets. Fixed fields of an untouched dissected packet read straight
 * from the bytes at their constant offset.
 */
function accessors(spec: LayerSpec): PropertyDescriptorMap {
  const parts: string[] = [];
  spec.fields.forEach((f, i) => {
    const start = spec.fixedStart[i]!;
    const direct = !spec.needsOffsets && start >= 0 && f.bits >= 0 && !f.lenient && !f.mutable && !f.dynamic && !f.conditional;
    const read = `F[${i}].readFixed(s.buf, s.start + ${start >> 3}, ${start & 7})`;
    const fast = direct ? `if (s.values === null && s.buf !== null && ${i} < s.nf) return ${f.wrapsValue ? `F[${i}].toUser(${read})` : read};` : "";
    parts.push(`${JSON.stringify(f.name)}: {
      get: function () { const s = this._s; ${fast} return user(F[${i}], stateValue(this, s, ${i})); },
      set: function (v) { setValue(this, ${i}, v); },
      enumerable: true, configurable: true }`);
  });
  parts.push(`payload: {
    get: function () { const s = this._s; const pl = s.payload; return pl === undefined ? (s.payload = dissectPayload(this)) : pl; },
    set: function (p) { this._s.payload = p; if (p) p._s.under = this; },
    enumerable: false, configurable: true }`);
  const make = new Function("F", "stateValue", "setValue", "user", "dissectPayload", `"use strict"; return {${parts.join(",\n")}};`);
  return make(spec.fields, stateValue, setValue, userValue, dissectPayload) as PropertyDescriptorMap;
}

/** What a property read gives for an internal value: alternatives as a list, flags wrapped. */
function userValue(f: Field, v: unknown): unknown {
  if (v === null || typeof v !== "object") return f.wrapsValue && v !== null ? f.toUser(v) : v;
  if (v instanceof Alternatives) return v.values.map((x) => f.toUser(x));
  if (v instanceof Volatile) return v;
  return f.wrapsValue ? f.toUser(v) : v;
}

function unknownField(spec: LayerSpec, key: string): never {
  throw new TypeError(`${spec.name} has no field ${JSON.stringify(key)} (fields: ${spec.fields.map((f) => f.name).join(", ")})`);
}

function makeCallable(spec: LayerSpec): LayerSpec["cls"] {
  const layer = function (arg?: Uint8Array | Record<string, unknown>): Packet {
    // Empty bytes are no bytes, as Scapy's IP(b""): a packet with its defaults.
    if (arg instanceof Uint8Array) {
      if (arg.length > 0) return dissectLayer(spec, arg, 0, arg.length, null, null, true);
      arg = undefined;
    }
    if (arg !== undefined && arg !== null && (typeof arg !== "object" || Array.isArray(arg))) {
      throw new TypeError(`${spec.name}() takes field values as an object (${spec.name}({${spec.fields[0]?.name ?? "field"}: ...})) or bytes to dissect (a Uint8Array), not ${Array.isArray(arg) ? "an array" : typeof arg}`);
    }
    let target = spec;
    if (arg && spec.hooks.dispatchInit) target = spec.hooks.dispatchInit(arg)?.spec ?? spec;
    const p = new target.Impl();
    if (arg) {
      if (!target.hasDynamicFields) {
        for (const key in arg) {
          const i = target.fieldIndex.get(key);
          if (i === undefined) throw unknownField(target, key);
          setValue(p, i, arg[key]);
        }
      } else {
        // In declaration order: a field's kind may depend on an earlier one (DNSRR's rdata on its type).
        const indexes = Object.keys(arg).map((key) => target.fieldIndex.get(key) ?? unknownField(target, key));
        indexes.sort((a, b) => a - b);
        for (const i of indexes) setValue(p, i, arg[target.fields[i]!.name]);
      }
    }
    return p;
  };
  Object.defineProperty(layer, "name", { value: spec.name });
  Object.defineProperty(layer, "spec", { value: spec });
  Object.defineProperty(layer, "fields", { value: spec.fields });
  Object.defineProperty(layer, "displayName", { value: spec.displayName });
  layer.prototype = spec.Impl.prototype;
  return layer as unknown as LayerSpec["cls"];
}
