/**
 * defineLayer: turns a declaration (a name, a field list, what depends on the packet, a few
 * hooks) into a layer class. Everything else — accessors, dissection, building, text, ls() — is
 * derived from it. Hooks and per-field callbacks receive the layer's own typed instance, so a
 * wrong field name or type in them is a compile error.
 */
import { compileAccessors, compileConstructor, compileInit, compileWriter } from "./codegen/index.ts";
import type { AnyField } from "./field.ts";
import { Packet, type HashPart } from "./packet.ts";
import { dissectElement, dissectLayer } from "./read/dissect.ts";
import {
  PacketState,
  registry,
  WRITE_BITS,
  WRITE_COMPUTED,
  WRITE_CONDITIONAL,
  WRITE_DYNAMIC,
  type BuiltLayer,
  type ComputedSlot,
  type LayerHooks,
  type LayerLayout,
  type LayerRef,
  type LayerSpec,
  type SummaryResult,
} from "./state.ts";
import type { Alternatives, IntRange, Volatile } from "./values.ts";
import { buildInto } from "./write/build.ts";

type FieldsOf<F extends readonly AnyField[]> = F[number];
/** The names of a layer's fields. */
export type FieldNames<F extends readonly AnyField[]> = FieldsOf<F>["name"];

/** Property types of a layer's fields: `pkt.ttl` is a number, `pkt.src` a string. */
export type FieldProps<F extends readonly AnyField[]> = {
  -readonly [K in FieldsOf<F> as K["name"]]: K["__get"];
};

/** A field's value as a user may give it: its input type, several of them, a volatile, or null for the default. */
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
  /** The field declarations, as compiled for this layer (for ls() and tools). */
  readonly fields: readonly AnyField[];
  /** Scapy's display name ("Ethernet"). */
  readonly displayName: string;
}

export type InstanceOf<L> = L extends LayerClass<infer T, infer _I> ? T : never;

/** Names the fields' own declarations refer to that the layer lacks (their length or count source, say). */
type UnknownRefs<F extends readonly AnyField[]> = Exclude<FieldsOf<F>["__refs"], FieldNames<F>>;
/** Makes a declaration whose fields refer to a field it does not have a compile error that names it. */
export type CheckRefs<F extends readonly AnyField[]> = [UnknownRefs<F>] extends [never] ? unknown : { readonly "fields refer to a field this layer does not have": UnknownRefs<F> };

/** The alternatives a multiple-type field named K offers (what the layer's `choose` may return for it). */
type ChoicesOf<F extends readonly AnyField[], K> = Extract<FieldsOf<F>, { readonly name: K; readonly __choices: string }>["__choices"];
type MultipleFieldNames<F extends readonly AnyField[]> = Extract<FieldsOf<F>, { readonly __choices: string }>["name"];

type PerField<F extends readonly AnyField[], T> = { readonly [K in FieldNames<F>]?: T };

/**
 * A declaration's options: what depends on the packet, field by field, then the hooks. Callbacks
 * get the layer's typed instance (`p.ihl` is `number | null` in IP's).
 */
export interface LayerOptions<F extends readonly AnyField[], M> {
  /** The layer this one specialises (IPerror extends IP): inherits its per-field rules, hooks and bindings. */
  readonly parent?: { readonly spec: LayerSpec };
  /** Layers whose bindings this one also uses, without inheriting their hooks (Dot1Q uses Ether's). */
  readonly aliasOf?: ReadonlyArray<{ readonly spec: LayerSpec }>;
  /** Scapy's `name` ("Ethernet" for Ether). */
  readonly displayName?: string;
  /** false: show() prints the payload at this layer's indentation (Scapy's show_indent = 0). */
  readonly showIndent?: boolean;
  /** Fields present only when this holds (Scapy's ConditionalField). */
  readonly when?: PerField<F, (p: LayerInstance<F>) => boolean>;
  /** Length in bytes of a field's region (Scapy's length_from). */
  readonly lengthFrom?: PerField<F, (p: LayerInstance<F>) => number | null>;
  /** Number of items of a list field (Scapy's count_from). */
  readonly countFrom?: PerField<F, (p: LayerInstance<F>) => number | null>;
  /** Which alternative of a multiple-type field applies (given the value being set or written, when there is one). */
  readonly choose?: { readonly [K in MultipleFieldNames<F>]?: (p: LayerInstance<F>, value?: unknown) => ChoicesOf<F, K> };
  /** Old names Scapy still accepts with a warning (Scapy's deprecated_fields): old name → [field, since version]. */
  readonly deprecated?: Readonly<Record<string, readonly [FieldNames<F>, string]>>;
  /** A second layer of the same name replaces the first (the shell's class statements); otherwise it is an error. */
  readonly redefine?: boolean;
  /** Scapy's match_subclass: getLayer(Parent) finds this layer too (Dot11 finds Dot11FCS, Dot11Elt its variants). */
  readonly matchSubclass?: boolean;
  /** Not entered in the registry (classes made at run time, as NetFlow's records from templates): same name as a registered layer allowed. */
  readonly unregistered?: boolean;

  /** Runs once the layer and its payload are written and computed fields filled (for what no field can declare). */
  readonly postBuild?: (p: LayerInstance<F, M>, out: BuiltLayer) => void;
  /** Runs after the header is read (throw to make a payload layer Raw). */
  readonly postDissect?: (p: LayerInstance<F, M>) => void;
  /** Payload length from the header (Scapy's extract_padding): what follows is Padding. */
  readonly extractPadding?: (p: LayerInstance<F, M>, rest: Uint8Array) => number | null;
  /** The payload class from the header (and the payload's bytes) before bindings are consulted; undefined defers to them. */
  readonly guessPayload?: (p: LayerInstance<F, M>, payload: Uint8Array) => LayerRef | null | undefined;
  /** Payload class when no binding matches (default Raw). */
  readonly defaultPayload?: () => LayerRef;
  /** Another class for these bytes (Scapy's dispatch_hook). */
  readonly dispatch?: (buf: Uint8Array, start: number, end: number) => LayerRef | undefined;
  /** Another class for these keyword arguments (Scapy's dispatch_hook with fields). */
  readonly dispatchInit?: (init: Record<string, unknown>) => LayerRef | undefined;
  /** Scapy's mysummary: a %-template for sprintf, or a function. */
  readonly summary?: string | ((p: LayerInstance<F, M>) => SummaryResult);
  /** Does `reply` (this layer) answer `request`? Default: same class and the payloads answer. */
  readonly answers?: (reply: LayerInstance<F, M>, request: Packet) => boolean;
  /** The key a reply and its request share: the whole key from here, or this layer's part and where the key goes on (hashWithPayload). */
  readonly hashret?: (p: LayerInstance<F, M>) => HashPart;
  /** Extra methods for instances of this layer. */
  readonly methods?: M & ThisType<LayerInstance<F, M>>;
}

/** Per-field rules of each layer, kept so that layers specialising it inherit them. */
const declaredRules = new WeakMap<LayerSpec, Rules>();
interface Rules {
  when: Record<string, (p: Packet) => boolean>;
  lengthFrom: Record<string, (p: Packet) => number | null>;
  countFrom: Record<string, (p: Packet) => number | null>;
  choose: Record<string, (p: Packet, value?: unknown) => string>;
  deprecated: Record<string, readonly [string, string]>;
}

/** Declares a layer. Field names and value types in its callbacks are checked by the compiler. */
export function defineLayer<const F extends readonly AnyField[], M = unknown>(
  name: string,
  fields: F & CheckRefs<F>,
  options: LayerOptions<F, M> = {},
): LayerClass<LayerInstance<F, M>, FieldInit<F>> {
  const { parent, aliasOf, when, lengthFrom, countFrom, choose, deprecated, redefine, matchSubclass, unregistered, ...hooks } = options as LayerOptions<F, M> & Partial<Rules>;
  if (registry.layers.has(name) && !redefine && !unregistered) throw new TypeError(`defineLayer: a layer named ${name} already exists (give {redefine: true} to replace it)`);
  const parentSpec = parent?.spec ?? null;
  const inherited = parentSpec ? declaredRules.get(parentSpec) : undefined;
  const rules: Rules = {
    when: { ...inherited?.when, ...(when as Rules["when"]) },
    lengthFrom: { ...inherited?.lengthFrom, ...(lengthFrom as Rules["lengthFrom"]) },
    countFrom: { ...inherited?.countFrom, ...(countFrom as Rules["countFrom"]) },
    choose: { ...inherited?.choose, ...(choose as Rules["choose"]) },
    deprecated: { ...inherited?.deprecated, ...(deprecated as Rules["deprecated"]) },
  };
  const mergedHooks = normalizeHooks(parentSpec ? { ...parentSpec.hooks, ...(hooks as LayerHooks) } : (hooks as LayerHooks));
  checkRuleNames(name, fields as readonly AnyField[], { when, lengthFrom, countFrom, choose } as Partial<Rules>, (deprecated ?? {}) as Rules["deprecated"]);
  const spec = compileSpec(name, installRules(name, fields as readonly AnyField[], rules), rules, mergedHooks, parentSpec, matchSubclass ?? false);
  for (const a of aliasOf ?? []) for (const s of a.spec.aliases) if (!spec.aliases.includes(s)) spec.aliases.push(s);
  declaredRules.set(spec, rules);
  if (unregistered) return spec.cls as unknown as LayerClass<LayerInstance<F, M>, FieldInit<F>>;
  registry.layers.set(name, spec.cls);
  if (name === "Raw") registry.raw = spec;
  if (name === "Padding") registry.padding = spec;
  return spec.cls as unknown as LayerClass<LayerInstance<F, M>, FieldInit<F>>;
}

/** The names a declaration's own rules use must be its fields' (inherited rules apply where the names exist). */
function checkRuleNames(layer: string, fields: readonly AnyField[], own: Partial<Rules>, deprecated: Rules["deprecated"]): void {
  const names = new Set(fields.map((f) => f.name));
  for (const [kind, map] of Object.entries(own)) {
    for (const key of Object.keys(map ?? {})) if (!names.has(key)) throw new TypeError(`${layer}: ${kind} names ${key}, which is not one of its fields (${[...names].join(", ")})`);
  }
  for (const [old, [current]] of Object.entries(deprecated)) {
    if (!names.has(current)) throw new TypeError(`${layer}: deprecated name ${old} stands for ${current}, which is not one of its fields`);
  }
}

/** The layer's own copies of its fields, with its per-field rules installed; the names their declarations refer to are checked. */
function installRules(layer: string, fields: readonly AnyField[], rules: Rules): AnyField[] {
  const names = new Set(fields.map((f) => f.name));
  return fields.map((f) => {
    for (const ref of f.refs) if (!names.has(ref)) throw new TypeError(`${layer}.${f.name} refers to ${ref}, which is not one of its fields`);
    const b = { when: rules.when[f.name], lengthFrom: rules.lengthFrom[f.name], countFrom: rules.countFrom[f.name], choose: rules.choose[f.name] };
    if (b.when === undefined && b.lengthFrom === undefined && b.countFrom === undefined && b.choose === undefined) return f;
    if (b.choose !== undefined && !f.dynamic) throw new TypeError(`${layer}: choose names ${f.name}, which is not a multiple-type field`);
    return f.withBehaviour(b);
  });
}

/**
 * Every layer's hooks object has the same keys in the same order (absent hooks undefined), so
 * reading `spec.hooks.postBuild` in shared code sees one object shape, not one per layer.
 */
function normalizeHooks(h: LayerHooks): LayerHooks {
  const { displayName, showIndent, postBuild, postDissect, extractPadding, guessPayload, defaultPayload, dispatch, dispatchInit, summary, answers, hashret, methods, ...rest } = h;
  if (Object.keys(rest).length > 0) throw new TypeError(`defineLayer: unknown option${Object.keys(rest).length > 1 ? "s" : ""} ${Object.keys(rest).join(", ")}`);
  return { displayName, showIndent, postBuild, postDissect, extractPadding, guessPayload, defaultPayload, dispatch, dispatchInit, summary, answers, hashret, methods };
}

function compileLayout(name: string, fields: AnyField[], rules: Rules): LayerLayout {
  const n = fields.length;
  const fieldIndex = new Map<string, number>();
  fields.forEach((f, i) => {
    if (fieldIndex.has(f.name)) throw new Error(`${name}: field ${f.name} declared twice`);
    fieldIndex.set(f.name, i);
  });
  const conditional = (f: AnyField) => f.when !== null;
  const fixedSize = (f: AnyField) => f.bits >= 0 && !f.lenient && !conditional(f);
  // Bit offsets that never move: up to the first field whose size or presence varies.
  const fixedStart = new Int32Array(n).fill(-1);
  let bit = 0;
  let fixed = true;
  let needsOffsets = false;
  fields.forEach((f, i) => {
    if (fixed) fixedStart[i] = bit;
    else needsOffsets = true;
    if (fixedSize(f)) bit += f.bits;
    else {
      fixed = false;
      // A variable last field ends where the header ends; a conditional one may be absent.
      if (i < n - 1 || conditional(f)) needsOffsets = true;
    }
  });
  const allFixed = fields.every(fixedSize);
  let fixedPrefixCount = 0;
  let fixedPrefixBits = 0;
  while (fixedPrefixCount < n && fixedSize(fields[fixedPrefixCount]!)) fixedPrefixBits += fields[fixedPrefixCount++]!.bits;
  // Runs of fixed, always-present fields anywhere in the header, so dissection jumps over them.
  const runEnd = new Int32Array(n);
  const runBits = new Int32Array(n);
  for (let i = n - 1; i >= 0; i--) {
    const f = fields[i]!;
    if (!fixedSize(f)) continue;
    runEnd[i] = i + 1 < n && runEnd[i + 1]! > 0 ? runEnd[i + 1]! : i + 1;
    runBits[i] = f.bits + (runEnd[i]! > i + 1 ? runBits[i + 1]! : 0);
  }
  // Fields after the last one whose measuring can fail are measured when first needed.
  let eagerFields = 0;
  fields.forEach((f, i) => {
    if (!f.total || conditional(f) || f.dynamic) eagerFields = i + 1;
  });
  const computed: ComputedSlot[] = [];
  fields.forEach((f, index) => {
    if (f.computed !== null) computed.push({ index, computed: f.computed });
  });
  // A trailer field (802.11's FCS) is read from the end of the layer's bytes: one per layer, of a fixed size.
  const trailers = fields.flatMap((f, i) => (f.trailerBits > 0 ? [i] : []));
  if (trailers.length > 1) throw new Error(`${name}: only one trailer field per layer`);
  const trailerIndex = trailers[0] ?? -1;
  computed.sort((a, b) => (a.computed.stage === b.computed.stage ? a.index - b.index : a.computed.stage === "length" ? -1 : 1));
  return {
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
    eagerFields,
    mutableFields: fields.flatMap((f, i) => (f.mutable ? [i] : [])),
    hasDynamicFields: fields.some((f) => f.dynamic),
    directRead: Uint8Array.from(fields, (f) => (fixedSize(f) && !f.dynamic ? 1 : 0)),
    sizeBits: Int32Array.from(fields, (f) => (f.bits >= 0 && !f.lenient && !f.dynamic ? f.bits : -1)),
    writeKinds: Uint8Array.from(
      fields,
      (f) => (conditional(f) ? WRITE_CONDITIONAL : 0) | (f.dynamic ? WRITE_DYNAMIC : 0) | (f.bitPacked ? WRITE_BITS : 0) | (f.computed !== null ? WRITE_COMPUTED : 0),
    ),
    computed,
    fixedPositions: allFixed && fields.every((f) => !f.dynamic) && trailerIndex < 0,
    trailerIndex,
    trailerBytes: trailerIndex < 0 ? 0 : fields[trailerIndex]!.trailerBits >> 3,
    deprecated: new Map(Object.entries(rules.deprecated).filter(([, [current]]) => fieldIndex.has(current))),
  };
}

function compileSpec(name: string, fields: AnyField[], rules: Rules, hooks: LayerHooks, parent: LayerSpec | null, matchSubclass: boolean): LayerSpec {
  const layout = compileLayout(name, fields, rules);
  // Its own constructor, which knows the spec: a packet's state is made with no lookup.
  const Impl = compileConstructor(Packet, () => spec);
  const spec: LayerSpec = {
    name,
    displayName: hooks.displayName ?? name,
    layout,
    links: {
      payloadGuess: [],
      overloads: new Map(),
      guessTable: null,
      guessVersion: -1,
      ovUpper: null,
      ovValues: null,
      ovVersion: -1,
      terminal: false,
      terminalVersion: -1,
    },
    hooks,
    hooksTakeBytes: { extractPadding: (hooks.extractPadding?.length ?? 0) > 1, guessPayload: (hooks.guessPayload?.length ?? 0) > 1 },
    codecs: {
      dissect: (buf, start, end, under, trailer, top, parent) => dissectLayer(spec, buf, start, end, under, trailer, top, parent ?? null),
      dissectElement: (buf, off, end, parent) => dissectElement(spec, buf, off, end, parent),
      init: compileInit(layout, name),
      writeHeader: compileWriter(layout, name, () => spec.codecs),
      buildInto,
    },
    parent,
    matchSubclass,
    aliases: [],
    Impl,
    cls: null as never,
  };
  spec.aliases.push(spec, ...(parent ? parent.aliases : []));
  Object.defineProperty(Impl.prototype, "spec", { value: spec });
  Object.defineProperties(Impl.prototype, compileAccessors(layout, name));
  for (const [mname, fn] of Object.entries(hooks.methods ?? {})) {
    Object.defineProperty(Impl.prototype, mname, { value: fn, writable: true, configurable: true });
  }
  (spec as { cls: LayerRef }).cls = makeCallable(spec);
  return spec;
}

function makeCallable(spec: LayerSpec): LayerRef {
  const layer = function (arg?: Uint8Array | Record<string, unknown>): Packet {
    // Empty bytes are no bytes, as Scapy's IP(b""): a packet with its defaults.
    if (arg instanceof Uint8Array) {
      if (arg.length > 0) return spec.codecs.dissect(arg, 0, arg.length, null, null, true);
      arg = undefined;
    }
    if (arg !== undefined && arg !== null && (typeof arg !== "object" || Array.isArray(arg))) {
      throw new TypeError(`${spec.name}() takes field values as an object (${spec.name}({${spec.layout.fields[0]?.name ?? "field"}: ...})) or bytes to dissect (a Uint8Array), not ${Array.isArray(arg) ? "an array" : typeof arg}`);
    }
    let target = spec;
    // As Scapy's dispatch_hook, asked with or without keywords (ERSPAN() is an ERSPAN_II).
    if (spec.hooks.dispatchInit) target = spec.hooks.dispatchInit(arg ?? {})?.spec ?? spec;
    const p = new target.Impl();
    if (arg) target.codecs.init(p, p._s, arg);
    return p;
  };
  Object.defineProperty(layer, "name", { value: spec.name });
  Object.defineProperty(layer, "spec", { value: spec });
  Object.defineProperty(layer, "fields", { value: spec.layout.fields });
  Object.defineProperty(layer, "displayName", { value: spec.displayName });
  layer.prototype = spec.Impl.prototype;
  return layer as unknown as LayerRef;
}
