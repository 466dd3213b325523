/**
 * A layer instance. Each layer class (made by defineLayer) extends Packet with one accessor per
 * field. A packet either was built by a user (values live in `_values`) or was dissected (values
 * are read lazily from the original bytes, and the payload is dissected on first access).
 */
import { overloadFor, overloadValues } from "./bind.ts";
import { buildPacket } from "./build.ts";
import { decodeField, dissectPayload, type PadLink } from "./dissect.ts";
import { fieldError, FieldValueError } from "./errors.ts";
import type { AnyField } from "./field.ts";
import { registry, type LayerRef, type LayerSpec } from "./spec.ts";
import { Alternatives, deepCopy, deepEqual, IntRange, Volatile } from "./values.ts";

/** Marks a dissected field reset by the user: it goes back to its default (often "computed at build"). */
export const RESET: unique symbol = Symbol("reset");

/** Capture metadata, kept on the outermost layer. */
export interface PacketMeta {
  /** Seconds since the epoch, with sub-microsecond precision kept in timeNs when known. */
  time?: number;
  /** Exact timestamp in nanoseconds since the epoch, when the source gave one. */
  timeNs?: bigint;
  wirelen?: number;
  sniffedOn?: string;
  comment?: string;
  /** Capture link type (DLT) this packet came from. */
  linktype?: number;
}

/** Text functions live in render/ and register themselves here (imports run core <- render). */
export const textHooks: {
  show?: (p: Packet, dump: boolean, indent?: number) => string | undefined;
  summary?: (p: Packet) => string;
  sprintf?: (p: Packet, fmt: string) => string;
  command?: (p: Packet) => string;
  repr?: (p: Packet) => string;
  hexdump?: (p: Packet) => string;
} = {};

type LayerSelector = LayerRef | string;

/**
 * Everything a packet knows besides its class, in one object of one shape. Layer instances have
 * a different hidden class per layer (their accessors live on per-layer prototypes), so giving
 * them many own properties made every construction a megamorphic, transitioning store (~0.3 us
 * per layer); with the state here, an instance has a single own property.
 */
export class PacketState {
  /** The layer's compiled declaration (also on the prototype; here it is one monomorphic load away). */
  readonly spec: LayerSpec;
  /** Whole buffer this packet was dissected from (shared by its layers). */
  buf: Uint8Array | null;
  /** Header start, header end, payload end, and end of the bytes given (padding after payload end). */
  start: number;
  hdrEnd: number;
  payEnd: number;
  end: number;
  /** Number of leading fields the bytes held. */
  nf: number;
  /** Bit offsets [start, end) of each field relative to start, -1 when absent; null when the layout is fixed. */
  offs: Int32Array | null;
  /** Values set by the user, or decoded objects cached after a read. */
  values: unknown[] | null;
  /** A field changed since dissection: the cached header bytes are stale. */
  dirty: boolean;
  /** A mutable decoded value was handed out: builds re-check it against the bytes. */
  exposed: boolean;
  /** The header was cut short: what follows is Raw. */
  truncated: boolean;
  /** Some field holds alternatives: the packet stands for several. */
  gen: boolean;
  /** Some field holds a Volatile: each build draws it. */
  vol: boolean;
  /** undefined until a dissected payload is looked at. */
  payload: Packet | null | undefined;
  under: Packet | null;
  /** Padding regions to append when the payload chain ends. */
  trailer: PadLink | null;
  meta: PacketMeta | null;

  constructor(spec: LayerSpec) {
    this.spec = spec;
    this.buf = null;
    this.start = 0;
    this.hdrEnd = 0;
    this.payEnd = 0;
    this.end = 0;
    this.nf = 0;
    this.offs = null;
    this.values = null;
    this.dirty = false;
    this.exposed = false;
    this.truncated = false;
    this.gen = false;
    this.vol = false;
    this.payload = null;
    this.under = null;
    this.trailer = null;
    this.meta = null;
  }

  /** A state for a copy of this packet: the same bytes and flags, values copied deeply, no links. */
  copy(): PacketState {
    const c = new PacketState(this.spec);
    c.buf = this.buf;
    c.start = this.start;
    c.hdrEnd = this.hdrEnd;
    c.payEnd = this.payEnd;
    c.end = this.end;
    c.nf = this.nf;
    c.offs = this.offs;
    c.dirty = this.dirty;
    c.exposed = this.exposed;
    c.truncated = this.truncated;
    c.gen = this.gen;
    c.vol = this.vol;
    c.trailer = this.trailer;
    c.under = this.under;
    if (this.values !== null) c.values = copyValues(this.values);
    if (this.meta !== null) c.meta = { ...this.meta };
    return c;
  }
}

function copyValues(values: unknown[]): unknown[] {
  const out = new Array<unknown>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    out[i] = v === null || typeof v !== "object" || v instanceof Uint8Array ? v : deepCopy(v);
  }
  return out;
}

/** The payload (dissected on first access), without going through the property. */
export function payloadOf(p: Packet): Packet | null {
  const s = p._s;
  const pl = s.payload;
  return pl === undefined ? (s.payload = dissectPayload(p)) : pl;
}

/** Internal value of field i (what _get gives), reading the state once. */
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
  if (s.buf !== null && i < s.nf) return decodeField(p, i);
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
  return s.spec.fields[i]!.defaultFor(p);
}

/** Sets field i from user input (null/undefined resets it to its default). */
export function setValue(p: Packet, i: number, value: unknown): void {
  const s = p._s;
  const f = s.spec.fields[i]!;
  let stored: unknown;
  if (value === null || value === undefined) stored = s.buf !== null ? RESET : undefined;
  else {
    stored = convertUserValue(p, f, value);
    if (stored instanceof Alternatives) s.gen = true;
    else if (stored instanceof Volatile) s.vol = true;
  }
  (s.values ??= new Array(s.spec.fields.length))[i] = stored;
  if (s.buf !== null) s.dirty = true;
}

export class Packet {
  declare readonly spec: LayerSpec;
  /** @internal The packet's state (see PacketState). */
  declare _s: PacketState;

  /** Layer classes pass their state (made by their own constructor, which knows the spec). */
  constructor(state: PacketState) {
    this._s = state;
  }

  // ---------- field values ----------

  /** @internal Internal value of field i. */
  _get(i: number): unknown {
    return getValue(this, i);
  }

  /** @internal Value when none is set: pushed down by the payload's binding, else the field default. */
  _fallback(i: number): unknown {
    return fallbackValue(this, this._s, i);
  }

  /** @internal Sets field i from user input (null/undefined resets it to its default). */
  _set(i: number, value: unknown): void {
    setValue(this, i, value);
  }

  /** @internal True when the field was given a value (or dissected): what repr shows. */
  _isSet(i: number): boolean {
    const v = this._s.values?.[i];
    if (v !== undefined) return v !== RESET;
    if (this._s.buf === null || i >= this._s.nf) return false;
    return this._s.offs === null || this._s.offs[2 * i]! >= 0;
  }

  /** @internal True when the value comes from the payload's binding. */
  _isOverloaded(i: number): boolean {
    if (this._isSet(i)) return false;
    const pl = this._s.payload;
    if (!pl) return false;
    const ov = overloadFor(this.spec, pl.spec);
    return ov !== undefined && ov[this.spec.fields[i]!.name] !== undefined;
  }

  /** Value of a field by name (as a property read would give it). */
  getFieldValue(name: string): unknown {
    const i = this.spec.fieldIndex.get(name);
    if (i === undefined) throw new TypeError(`${this.spec.name} has no field ${JSON.stringify(name)}`);
    return (this as unknown as Record<string, unknown>)[name];
  }

  /** Sets a field by name (null resets it to its default, like Scapy's `del pkt.field`). */
  setFieldValue(name: string, value: unknown): this {
    const i = this.spec.fieldIndex.get(name);
    if (i === undefined) throw fieldError(this.spec.name, name, `no such field (fields: ${[...this.spec.fieldIndex.keys()].join(", ")})`);
    this._set(i, value);
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
    this.spec.fields.forEach((f, i) => {
      if (this._isSet(i)) out[f.name] = (this as unknown as Record<string, unknown>)[f.name];
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
    let pl = this._s.payload;
    if (pl === undefined) pl = this._s.payload = dissectPayload(this);
    return pl;
  }

  set payload(p: Packet | null) {
    this._s.payload = p;
    if (p) p._s.under = this;
  }

  get underlayer(): Packet | null {
    return this._s.under;
  }

  /** The innermost layer. */
  lastLayer(): Packet {
    let p: Packet = this;
    for (let next = p.payload; next !== null; next = p.payload) p = next;
    return p;
  }

  /** The outermost layer. */
  firstLayer(): Packet {
    let p: Packet = this;
    while (p._s.under !== null) p = p._s.under;
    return p;
  }

  /** The nb-th layer of this class (or class name, or "Name:nb"), from this layer down. */
  getLayer<L extends LayerRef>(cls: L, nb?: number): ReturnType<L> | undefined;
  getLayer(cls: string, nb?: number): Packet | undefined;
  getLayer(cls: LayerSelector, nb = 1): Packet | undefined {
    if (typeof cls === "string" && cls.includes(":")) {
      const [name, n] = cls.split(":");
      return this.getLayer(name!, Number(n));
    }
    for (let p: Packet | null = this; p !== null; p = p.payload) {
      if (matchesLayer(p, cls) && --nb === 0) return p;
    }
    return undefined;
  }

  hasLayer(cls: LayerSelector): boolean {
    return this.getLayer(cls as string) !== undefined;
  }

  /** Layer classes from this layer down: `pkt.layers().map((l) => l.name)`. */
  layers(): LayerRef[] {
    const out: LayerRef[] = [];
    for (let p: Packet | null = this; p !== null; p = p.payload) out.push(p.spec.cls);
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
    const s = this._s;
    const cs = s.copy();
    const c = new s.spec.Impl(cs) as this;
    const pl = s.payload;
    if (pl === undefined || pl === null) cs.payload = pl;
    else {
      const pc = pl.copy();
      pc._s.under = c;
      cs.payload = pc;
    }
    return c;
  }

  /** Same class, same field values, equal payloads (Scapy's ==). */
  equals(other: unknown): boolean {
    if (!(other instanceof Packet) || other.spec !== this.spec) return false;
    for (let i = 0; i < this.spec.fields.length; i++) if (!deepEqual(this._get(i), other._get(i))) return false;
    const a = this.payload;
    const b = other.payload;
    return a === null ? b === null : a.equals(b);
  }

  // ---------- bytes ----------

  /** The packet's bytes (Scapy's bytes(pkt)): computed fields filled in, dissected headers kept as they were. */
  build(): Uint8Array {
    return buildPacket(this);
  }

  /** Scapy's show2(): dissect the built bytes again. */
  rebuilt(): this {
    const spec = this.spec;
    const p = spec.cls(this.build()) as this;
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

  /** Key that a reply and its request share (Scapy's hashret). */
  hashret(): Uint8Array {
    const hook = this.spec.hooks.hashret;
    if (hook) return hook(this);
    const pl = this.payload;
    return pl ? pl.hashret() : EMPTY;
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

const EMPTY = new Uint8Array(0);

/**
 * `p._buf`, `p._start`... read and write the state (for code outside the hot paths; the core
 * reads `p._s` directly).
 */
export interface Packet {
  _buf: Uint8Array | null;
  _start: number;
  _hdrEnd: number;
  _payEnd: number;
  _end: number;
  _nf: number;
  _offs: Int32Array | null;
  _values: unknown[] | null;
  _dirty: boolean;
  _exposed: boolean;
  _truncated: boolean;
  _gen: boolean;
  _payload: Packet | null | undefined;
  _under: Packet | null;
  _trailer: PadLink | null;
  _meta: PacketMeta | null;
}
for (const key of ["buf", "start", "hdrEnd", "payEnd", "end", "nf", "offs", "values", "dirty", "exposed", "truncated", "gen", "payload", "under", "trailer", "meta"] as const) {
  Object.defineProperty(Packet.prototype, "_" + key, {
    get(this: Packet) {
      return this._s[key];
    },
    set(this: Packet, v: never) {
      this._s[key] = v;
    },
    configurable: true,
  });
}

function need<T>(hook: T | undefined): T {
  if (!hook) throw new Error("packetry's text functions are not loaded: import them from 'packetry'");
  return hook;
}

function matchesLayer(p: Packet, cls: LayerSelector): boolean {
  if (typeof cls === "string") return p.spec.name === cls || p.spec.displayName === cls;
  return p.spec === cls.spec;
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

/** Converts user input for field f; arrays (non-list fields), ranges and networks become alternatives. */
export function convertUserValue(p: Packet | null, f: AnyField, value: unknown): unknown {
  try {
    if (typeof value === "object") {
      if (value instanceof Alternatives || value instanceof Volatile) return value;
      // A field whose kind depends on the packet (DNS rdata: an address or a list of strings) asks the kind that applies.
      const list = p && f.dynamic ? f.resolve(p).isList : f.isList;
      if (!list && (Array.isArray(value) || value instanceof IntRange)) {
        return new Alternatives([...(value as Iterable<unknown>)].map((v) => f.fromUser(v, p)));
      }
    }
    if (typeof value === "string" && f.expands) {
      const alt = f.alternatives(value);
      if (alt) return new Alternatives(alt.map((v) => f.fromUser(v, p)));
    }
    return f.fromUser(value, p);
  } catch (e) {
    if (e instanceof FieldValueError || e instanceof RangeError) throw fieldError(p ? p.spec.name : "?", f.name, e.message);
    throw e;
  }
}

/**
 * A copy of p's chain with every volatile value drawn and converted (Scapy fixes them once per
 * build, for the whole packet): what a build of a packet holding volatiles writes.
 */
export function drawVolatiles<T extends Packet>(p: T): T {
  const c = p.copy();
  for (let q: Packet | null = c; q !== null; q = q._s.payload ?? null) {
    const s = q._s;
    if (!s.vol || s.values === null) continue;
    const fields = s.spec.fields;
    for (let i = 0; i < s.values.length; i++) {
      const v = s.values[i];
      if (v instanceof Volatile) s.values[i] = convertUserValue(q, fields[i]!, v.draw());
    }
    s.vol = false;
  }
  return c;
}

/** Cartesian product of every alternative: outer layers vary slowest, payloads fastest. */
function* expandPacket(p: Packet): Generator<Packet> {
  const layers: Packet[] = [];
  for (let q: Packet | null = p; q !== null; q = q.payload) layers.push(q);
  const slots: Array<{ layer: number; field: number; values: readonly unknown[] }> = [];
  layers.forEach((q, li) => {
    if (!q._s.gen || q._s.values === null) return;
    // Within a layer the last-declared field varies slowest, as in Scapy.
    for (let fi = q._s.values.length - 1; fi >= 0; fi--) {
      const v = q._s.values[fi];
      if (v instanceof Alternatives) slots.push({ layer: li, field: fi, values: v.values });
    }
  });
  if (slots.length === 0) {
    yield p;
    return;
  }
  const counters = new Array<number>(slots.length).fill(0);
  for (;;) {
    const c = p.copy();
    const copies: Packet[] = [];
    for (let q: Packet | null = c; q !== null; q = q.payload) copies.push(q);
    slots.forEach((s, k) => {
      const q = copies[s.layer]!;
      q._s.values![s.field] = s.values[counters[k]!];
      q._s.gen = false;
    });
    yield c;
    // Advance: the last slot (innermost layer, last field) varies fastest.
    let k = slots.length - 1;
    while (k >= 0 && ++counters[k]! >= slots[k]!.values.length) counters[k--] = 0;
    if (k < 0) return;
  }
}
