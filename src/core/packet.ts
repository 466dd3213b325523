/**
 * The Packet facade: what users hold. Each layer class (made by defineLayer) extends Packet with
 * one accessor per field. A packet either was built by a user (values live in its state) or was
 * dissected (values are read lazily from the original bytes, the payload on first access).
 * Everything here walks layer chains in loops, so stacks of any depth work.
 */
import { concatBytes } from "./bytes.ts";
import { userValue } from "./codegen/accessors.ts";
import { fieldError } from "./errors.ts";
import { conf } from "./conf.ts";
import { KEYWORD_NAMES } from "./options.ts";
import { guessPayloadSpec, isTerminal } from "./read/guess.ts";
import { payloadOf } from "./read/dissect.ts";
import { getValue, isSet, setValue } from "./read/values.ts";
import { PacketState, registry, setPayloadOf, type LayerRef, type LayerSpec, type PacketMeta } from "./state.ts";
import { deepCopy, deepEqual } from "./values.ts";
import { buildPacket } from "./write/build.ts";
import { expandPacket } from "./write/concrete.ts";

/** Text functions live in render/ and register themselves here (imports run core <- render). */
export const textHooks: {
  show?: (p: Packet, dump: boolean, indent?: number) => string | undefined;
  summary?: (p: Packet) => string;
  sprintf?: (p: Packet, fmt: string) => string;
  command?: (p: Packet) => string;
  repr?: (p: Packet) => string;
  hexdump?: (p: Packet) => string;
  mysummary?: (p: Packet) => string;
} = {};

type LayerSelector = LayerRef | string;

/** What a layer's hashret hook gives: the whole key from here, or its own part and the layer whose key follows. */
export type HashPart = Uint8Array | { readonly own: Uint8Array; readonly then: Packet | null };

const EMPTY = new Uint8Array(0);

export class Packet {
  declare readonly spec: LayerSpec;
  /** @internal The packet's state (see PacketState). */
  declare _s: PacketState;

  /** Layer classes pass their state (made by their own constructor, which knows the spec). */
  constructor(state: PacketState) {
    this._s = state;
  }

  // ---------- field values ----------

  /** Value of a field by name (as a property read would give it). */
  getFieldValue(name: string): unknown {
    const i = this.spec.layout.fieldIndex.get(name);
    if (i === undefined) throw new TypeError(`${this.spec.name} has no field ${JSON.stringify(name)}`);
    // A field named payload (Scapy's reserved Modbus PDUs have one) is read here: the property is the payload layer.
    if (name === "payload") return userValue(this.spec.layout.fields[i]!, getValue(this, i));
    return (this as unknown as Record<string, unknown>)[name];
  }

  /** Sets a field by name (null resets it to its default, like Scapy's `del pkt.field`). */
  setFieldValue(name: string, value: unknown): this {
    const i = this.spec.layout.fieldIndex.get(name);
    if (i === undefined) throw fieldError(this.spec.name, name, `no such field (fields: ${[...this.spec.layout.fieldIndex.keys()].join(", ")})`);
    setValue(this, i, value);
    return this;
  }

  /** Resets fields to their defaults (Scapy's `del pkt.chksum`): null defaults are computed again at build. */
  reset(...names: string[]): this {
    for (const n of names) this.setFieldValue(n, null);
    return this;
  }

  /** Values given explicitly or dissected, by field name (Scapy's `pkt.fields`). */
  fieldValues(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    this.spec.layout.fields.forEach((f, i) => {
      if (isSet(this, i)) out[f.name] = (this as unknown as Record<string, unknown>)[f.name];
    });
    return out;
  }

  // ---------- layers ----------

  /** Scapy's layer name ("Ethernet" for Ether). */
  get name(): string {
    return this.spec.displayName;
  }

  /** The layer class of this packet (its callable). */
  get layerClass(): LayerRef {
    return this.spec.cls;
  }

  get payload(): Packet | null {
    return payloadOf(this);
  }

  /** Replaces the payload; a payload that contains this packet (a cycle) is refused. */
  set payload(p: Packet | null) {
    setPayloadOf(this, p);
  }

  get underlayer(): Packet | null {
    return this._s.under;
  }

  /** The packet whose field holds this one (Scapy's `parent`): a DNS record's message, an IP option's IP. */
  get parent(): Packet | null {
    return this._s.parent;
  }

  /** Capture metadata (time, wirelen, interface...), kept on the outermost layer. */
  get meta(): PacketMeta | null {
    return this._s.meta;
  }
  set meta(m: PacketMeta | null) {
    this._s.meta = m;
  }

  /** The bytes this layer (with its payload and padding) was dissected from, or null for a built packet. */
  original(): Uint8Array | null {
    const s = this._s;
    return s.buf === null ? null : s.buf.subarray(s.start, s.end);
  }

  /** The innermost layer. */
  lastLayer(): Packet {
    let p: Packet = this;
    for (let next = payloadOf(p); next !== null; next = payloadOf(p)) p = next;
    return p;
  }

  /** The outermost layer. */
  firstLayer(): Packet {
    let p: Packet = this;
    while (p._s.under !== null) p = p._s.under;
    return p;
  }

  /**
   * The nb-th layer of this class (or class name, or "Name:nb"), from this layer down; with
   * `where`, only layers whose fields have those values (Scapy's getlayer(cls, nb, **flt):
   * `pkt.getLayer(Dot11Elt, {ID: 48})`). A layer declared with matchSubclass is found under its
   * parents' names too (Dot11FCS as Dot11).
   */
  getLayer<L extends LayerRef>(cls: L, nb?: number | LayerFilter, options?: LayerFilter): ReturnType<L> | undefined;
  getLayer(cls: string | number, nb?: number | LayerFilter, options?: LayerFilter): Packet | undefined;
  getLayer(cls: LayerSelector | number, nbOrWhere: number | LayerFilter = 1, options?: LayerFilter): Packet | undefined {
    // A number is the layer's index from this one (Scapy's getlayer(1): the second layer).
    if (typeof cls === "number") {
      if (!Number.isInteger(cls) || cls < 0) throw new TypeError(`getLayer: a layer index is a whole number from 0, got ${cls}`);
      let p: Packet | null = this;
      for (let k = 0; k < cls && p !== null; k++) p = payloadOf(p);
      return p ?? undefined;
    }
    // `options` is the filter (named so that the shell's keywords land there: getlayer(Dot11Elt, ID=0)).
    let nb = typeof nbOrWhere === "number" ? nbOrWhere : 1;
    const filter = typeof nbOrWhere === "number" ? options : nbOrWhere;
    if (typeof cls === "string" && cls.includes(":")) {
      const [name, n] = cls.split(":");
      return this.getLayer(name!, Number(n), filter);
    }
    const wanted = selectorSpec(cls, "getLayer");
    // Past a layer whose payload can only be Raw or Padding, no other layer can be found.
    const bytesOnly = wanted !== null && (wanted === registry.raw || wanted === registry.padding);
    for (let p: Packet | null = this; p !== null; p = payloadOf(p)) {
      if ((wanted !== null ? specMatches(p._s.spec, wanted) : matchesName(p, cls as string)) && (filter === undefined || fieldsMatch(p, filter))) {
        if (--nb === 0) return p;
      }
      if (!bytesOnly && wanted !== null && p._s.payload === undefined && isTerminal(p._s.spec)) return undefined;
    }
    return undefined;
  }

  /** This layer and each payload below it (Scapy's iterpayloads). */
  *iterPayloads(): Generator<Packet> {
    for (let p: Packet | null = this; p !== null; p = payloadOf(p)) yield p;
  }

  /** Removes the payload (Scapy's remove_payload). */
  removePayload(): this {
    setPayloadOf(this, null);
    return this;
  }

  /** Stacks `payload` (a packet, or bytes and text as Raw) at the innermost layer, in place (Scapy's add_payload). */
  addPayload(payload: Packet | Uint8Array | string): this {
    const layer = payload instanceof Packet ? payload : rawLayer(payload);
    setPayloadOf(this.lastLayer(), layer);
    return this;
  }

  /** The class this layer would dissect `payload` as (Scapy's guess_payload_class). */
  guessPayloadClass(payload: Uint8Array): LayerRef {
    return guessPayloadSpec(this, payload, 0, payload.length).cls;
  }

  /** Dissects this layer's payload again as `cls` (Scapy's decode_payload_as), in place. */
  decodePayloadAs(cls: LayerRef): this {
    const payload = payloadOf(this);
    const bytes = payload === null ? EMPTY : payload.build();
    setPayloadOf(this, cls(bytes));
    return this;
  }

  /** Unsets every field, in this layer and those below, whose value is its default (Scapy's hide_defaults), in place. */
  hideDefaults(): this {
    for (let p: Packet | null = this; p !== null; p = payloadOf(p)) {
      const fields = p.spec.layout.fields;
      for (let i = 0; i < fields.length; i++) {
        const f = fields[i]!;
        if (isSet(p, i) && f.defaultValue !== null && deepEqual(getValue(p, i), f.defaultValue)) setValue(p, i, null);
      }
    }
    return this;
  }

  /** A new layer of this class with only `fields` set and `payload` as its payload (Scapy's clone_with(payload, **fields)). */
  cloneWith(payload: Packet | null = null, fields: LayerFilter = {}): Packet {
    // The shell hands keywords over camelCased, with the names as typed beside them: fields keep theirs.
    const typed = (fields as { [KEYWORD_NAMES]?: Record<string, string> })[KEYWORD_NAMES] ?? {};
    const c = this.spec.cls(Object.fromEntries(Object.entries(fields).map(([k, v]) => [typed[k] ?? k, v])));
    if (payload !== null) setPayloadOf(c, payload);
    return c;
  }

  /** The layer's own summary text, "" when it has none (Scapy's mysummary). */
  mySummary(): string {
    return textHooks.mysummary?.(this) ?? "";
  }

  /**
   * [interface, source, gateway] toward this packet's destination (Scapy's route()): the first
   * IP or IPv6 layer's, through conf.route / conf.route6; [null, null, null] without one.
   */
  route(): [string | null, string | null, string | null] {
    for (let p: Packet | null = this; p !== null; p = payloadOf(p)) {
      const table = p.spec.name === "IP" ? conf.route : p.spec.name === "IPv6" ? conf.route6 : undefined;
      if (table === undefined) continue;
      if (table === null) throw new Error("route(): no routing table here (the live part is not loaded)");
      return table.route(String(p.getFieldValue("dst")));
    }
    return [null, null, null];
  }

  hasLayer(cls: LayerSelector): boolean {
    // A number is an index for getLayer only (Scapy's haslayer takes a class or a name).
    if (typeof cls === "number") selectorSpec(cls, "hasLayer");
    return this.getLayer(cls as string) !== undefined;
  }

  /** Layer classes from this layer down: `pkt.layers().map((l) => l.name)`. */
  layers(): LayerRef[] {
    const out: LayerRef[] = [];
    for (let p: Packet | null = this; p !== null; p = payloadOf(p)) out.push(p._s.spec.cls);
    return out;
  }

  /** Scapy's `a / b / c`: copies of this packet with the others stacked at the innermost layer; text and bytes become Raw. */
  div(...uppers: Array<Packet | Uint8Array | string>): this {
    const head = this.copy();
    let tail = head.lastLayer();
    for (const u of uppers) {
      const layer = u instanceof Packet ? u.copy() : rawLayer(u);
      tail._s.payload = layer;
      layer._s.under = tail;
      tail = layer.lastLayer();
    }
    return head;
  }

  /** A deep copy (the original bytes are shared: they are never written to). */
  copy(): this {
    let head: Packet | null = null;
    let prev: Packet | null = null;
    for (let q: Packet = this; ; ) {
      const s: PacketState = q._s;
      const c = new s.spec.Impl(copyState(s));
      if (prev === null) {
        head = c;
        c._s.under = s.under;
      } else {
        prev._s.payload = c;
        c._s.under = prev;
      }
      const pl: Packet | null | undefined = s.payload;
      if (pl === undefined || pl === null) {
        c._s.payload = pl;
        break;
      }
      prev = c;
      q = pl;
    }
    return head as this;
  }

  /** Same class, same field values, equal payloads (Scapy's ==). */
  equals(other: unknown): boolean {
    if (!(other instanceof Packet)) return false;
    let a: Packet | null = this;
    let b: Packet | null = other;
    while (a !== null && b !== null) {
      if (a.spec !== b.spec) return false;
      for (let i = 0; i < a.spec.layout.fields.length; i++) if (!deepEqual(getValue(a, i), getValue(b, i))) return false;
      a = a.payload;
      b = b.payload;
    }
    return a === null && b === null;
  }

  // ---------- bytes ----------

  /** The packet's bytes (Scapy's bytes(pkt)): computed fields filled in, dissected headers kept as they were. */
  build(): Uint8Array {
    return buildPacket(this);
  }

  /** Scapy's show2(): dissect the built bytes again. */
  rebuilt(): this {
    const p = this.spec.cls(this.build()) as this;
    if (this._s.meta) p._s.meta = { ...this._s.meta };
    return p;
  }

  // ---------- generators ----------

  /** Every packet this one stands for when fields hold several values (lists, ranges, networks). */
  *[Symbol.iterator](): Generator<this> {
    yield* expandPacket(this) as Generator<this>;
  }

  /** All packets this one stands for, as an array. */
  expand(): this[] {
    return [...this];
  }

  // ---------- matching ----------

  /** Does this packet (a reply) answer `request`? (Scapy's answers.) */
  answers(request: Packet): boolean {
    const hook = this.spec.hooks.answers;
    return hook ? hook(this, request) : request.spec === this.spec && payloadAnswers(this, request);
  }

  /** Key that a reply and its request share (Scapy's hashret): each layer's part, outermost first. */
  hashret(): Uint8Array {
    const parts: Uint8Array[] = [];
    for (let q: Packet | null = this; q !== null; ) {
      const hook = q.spec.hooks.hashret as ((p: Packet) => HashPart) | undefined;
      if (hook === undefined) {
        q = q.payload;
        continue;
      }
      const part = hook(q);
      if (part instanceof Uint8Array) {
        parts.push(part);
        break;
      }
      parts.push(part.own);
      q = part.then;
    }
    return parts.length === 0 ? EMPTY : parts.length === 1 ? parts[0]! : concatBytes(parts);
  }

  // ---------- metadata ----------

  get time(): number {
    const m = (this._s.meta ??= {});
    return (m.time ??= Date.now() / 1000);
  }
  set time(t: number) {
    (this._s.meta ??= {}).time = t;
  }
  get wirelen(): number | undefined {
    return this._s.meta?.wirelen;
  }
  set wirelen(n: number | undefined) {
    (this._s.meta ??= {}).wirelen = n;
  }
  get sniffedOn(): string | undefined {
    return this._s.meta?.sniffedOn;
  }
  set sniffedOn(s: string | undefined) {
    (this._s.meta ??= {}).sniffedOn = s;
  }
  get comment(): string | undefined {
    return this._s.meta?.comment;
  }
  set comment(s: string | undefined) {
    (this._s.meta ??= {}).comment = s;
  }

  // ---------- text (render/ installs these) ----------

  /** Prints the layers and their fields; with {dump: true} returns the text instead. */
  show(options: { dump?: boolean } = {}): string | undefined {
    return need(textHooks.show)(this, !!options.dump);
  }

  /** show() of the built-and-dissected packet: computed fields show their values. */
  show2(options: { dump?: boolean } = {}): string | undefined {
    return this.rebuilt().show(options);
  }

  /** Scapy's deprecated alias of show(). */
  display(options: { dump?: boolean } = {}): string | undefined {
    return this.show(options);
  }

  summary(): string {
    return need(textHooks.summary)(this);
  }

  sprintf(fmt: string): string {
    return need(textHooks.sprintf)(this, fmt);
  }

  /** Scapy source that rebuilds this packet. */
  command(): string {
    return need(textHooks.command)(this);
  }

  toString(): string {
    return textHooks.repr ? textHooks.repr(this) : `<${this.spec.name}>`;
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}

/** Is p an instance of layer, or of a layer that specialises it (Scapy's isinstance)? */
export function isLayer<L extends LayerRef>(p: Packet | null | undefined, layer: L): p is ReturnType<L> {
  for (let s: LayerSpec | null = p ? p._s.spec : null; s !== null; s = s.parent) if (s === layer.spec) return true;
  return false;
}

/** Is p of exactly the class of `like` (Scapy's `other.__class__ == self.__class__`)? */
export function sameLayer<T extends Packet>(p: Packet | null | undefined, like: T): p is T {
  return p !== null && p !== undefined && p._s.spec === like._s.spec;
}

/** The own part of a layer's hashret followed by its payload's (what most layers' keys are). */
export function hashWithPayload(p: Packet, own: Uint8Array): HashPart {
  return { own, then: p.payload };
}

function need<T>(hook: T | undefined): T {
  if (!hook) throw new Error("packetry's text functions are not loaded: import them from 'packetry'");
  return hook;
}

/** The layer a selector names (null: a name to compare with display names too). */
function selectorSpec(cls: LayerSelector, method: string): LayerSpec | null {
  if (typeof cls === "string") return registry.layers.get(cls)?.spec ?? null;
  if (typeof cls === "function" && cls !== null && "spec" in cls) return cls.spec;
  throw new TypeError(`${method}: expected a layer class or a layer name, got ${cls === null ? "null" : typeof cls}`);
}

/** Field values a layer must have to be found (getLayer's filter). */
export type LayerFilter = Readonly<Record<string, unknown>>;

/** Is a layer of spec `s` found when `wanted` is asked for (itself, or a parent when it matches subclasses)? */
function specMatches(s: LayerSpec, wanted: LayerSpec): boolean {
  if (s === wanted) return true;
  if (!s.matchSubclass) return false;
  for (let up = s.parent; up !== null; up = up.parent) if (up === wanted) return true;
  return false;
}

/** Does p hold these field values (numbers, flag values and text compared as Scapy's ==)? */
function fieldsMatch(p: Packet, filter: LayerFilter): boolean {
  for (const [key, want] of Object.entries(filter)) {
    // A keyword from the shell arrives camelCased (mfp_capable as mfpCapable): find the field it names.
    const name = p.spec.layout.fieldIndex.has(key) ? key : p.spec.layout.fields.find((f) => f.name.replace(/(?<=[A-Za-z0-9])_([a-z0-9])/g, (_, c: string) => c.toUpperCase()) === key)?.name;
    if (name === undefined) return false;
    const got = (p as unknown as Record<string, unknown>)[name];
    if (got === want) continue;
    if (got instanceof Uint8Array && (want instanceof Uint8Array || typeof want === "string")) {
      const w = typeof want === "string" ? new TextEncoder().encode(want) : want;
      if (got.length === w.length && got.every((b, i) => b === w[i])) continue;
      return false;
    }
    if (got !== null && typeof got === "object" && typeof want === "number" && Number(got) === want) continue;
    return false;
  }
  return true;
}

function matchesName(p: Packet, name: string): boolean {
  return p.spec.name === name || p.spec.displayName === name;
}

/** A state for a copy of s: the same bytes and flags, values copied deeply, no links. */
function copyState(s: PacketState): PacketState {
  const c = new PacketState(s.spec);
  c.buf = s.buf;
  c.start = s.start;
  c.hdrEnd = s.hdrEnd;
  c.payEnd = s.payEnd;
  c.end = s.end;
  c.nf = s.nf;
  c.full = s.full;
  c.bit = s.bit;
  // Offsets are written as fields are measured: a copy that may go on measuring gets its own.
  c.offs = s.offs !== null && !s.full ? s.offs.slice() : s.offs;
  c.dirty = s.dirty;
  c.exposed = s.exposed;
  c.truncated = s.truncated;
  c.gen = s.gen;
  c.vol = s.vol;
  c.trailer = s.trailer;
  c.parent = s.parent;
  if (s.values !== null) {
    const out = new Array<unknown>(s.values.length);
    for (let i = 0; i < s.values.length; i++) {
      const v = s.values[i];
      out[i] = v === null || typeof v !== "object" || v instanceof Uint8Array ? v : deepCopy(v);
    }
    c.values = out;
  }
  if (s.meta !== null) c.meta = { ...s.meta };
  return c;
}

/** Reply payload answers request payload; no payload answers no payload (or Padding). */
export function payloadAnswers(reply: Packet, request: Packet): boolean {
  const rp = reply.payload;
  const qp = request.payload;
  if (rp === null) return qp === null || qp.spec === registry.padding;
  if (qp === null) return rp.answers(noPayload());
  return rp.answers(qp);
}

/** A stand-in for Scapy's NoPayload when a request has nothing more to compare. */
function noPayload(): Packet {
  const cls = registry.layers.get("NoPayload");
  if (!cls) throw new Error("NoPayload layer not loaded");
  return cls();
}

function rawLayer(data: Uint8Array | string): Packet {
  const raw = registry.raw;
  if (!raw) throw new Error("Raw layer not loaded");
  return raw.cls({ load: data });
}
