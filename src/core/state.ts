/**
 * What the rest of the core reads: a packet's state, and a layer's compiled declaration split in
 * three — its immutable layout (fields and where they lie), its links (bindings, and the caches
 * made from them) and its hooks — plus the codecs generated from them. No runtime imports beyond
 * the leaves: every part of the core above builds on this.
 */
import type { AnyField } from "./field.ts";
import type { Packet } from "./packet.ts";
import type { Writer } from "./writer.ts";

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

/** Bytes that follow a payload and must come out as Padding after it (linked: inner first). */
export interface PadLink {
  readonly start: number;
  readonly end: number;
  readonly next: PadLink | null;
}

/**
 * Everything a packet knows besides its class, in one object of one shape. Layer instances have
 * a different hidden class per layer (their accessors live on per-layer prototypes), so the state
 * lives here, where every read of it is monomorphic.
 */
export class PacketState {
  // Fields are declared for their types only and set once in the constructor: emitted class fields
  // would define each as undefined first, on every packet made.
  /** The layer's compiled declaration. */
  declare readonly spec: LayerSpec;
  /** Whole buffer this packet was dissected from (shared by its layers); null when built by a user. */
  declare buf: Uint8Array | null;
  /** Header start, header end, payload end, and end of the bytes given (padding after payload end). */
  declare start: number;
  declare hdrEnd: number;
  declare payEnd: number;
  declare end: number;
  /** Fields measured so far: offsets of fields [0, nf) are known (and they were in the bytes). */
  declare nf: number;
  /** Every field has been measured: hdrEnd and payEnd are final. Otherwise measuring goes on from field nf at bit `bit`. */
  declare full: boolean;
  declare bit: number;
  /** Bit offsets [start, end) of each field relative to start, -1 when absent; null when the layout needs none. */
  declare offs: Int32Array | null;
  /** Values set by the user, or decoded objects cached after a read. */
  declare values: unknown[] | null;
  /** A field changed since dissection: the cached header bytes are stale. */
  declare dirty: boolean;
  /** A mutable decoded value was handed out: builds re-check it against the bytes. */
  declare exposed: boolean;
  /** The header was cut short: what follows is Raw. */
  declare truncated: boolean;
  /** Some field holds alternatives: the packet stands for several. */
  declare gen: boolean;
  /** Some field holds a Volatile: each build draws it. */
  declare vol: boolean;
  /** undefined until a dissected payload is looked at. */
  declare payload: Packet | null | undefined;
  declare under: Packet | null;
  /** The packet whose field holds this one (a DNS record's message, an option's header), as Scapy's `parent`. */
  declare parent: Packet | null;
  /** Padding regions to append when the payload chain ends. */
  declare trailer: PadLink | null;
  declare meta: PacketMeta | null;

  constructor(spec: LayerSpec) {
    this.spec = spec;
    this.buf = null;
    this.start = 0;
    this.hdrEnd = 0;
    this.payEnd = 0;
    this.end = 0;
    this.nf = 0;
    this.full = true;
    this.bit = 0;
    this.offs = null;
    this.values = null;
    this.dirty = false;
    this.exposed = false;
    this.truncated = false;
    this.gen = false;
    this.vol = false;
    this.payload = null;
    this.under = null;
    this.parent = null;
    this.trailer = null;
    this.meta = null;
  }
}

/** A packet is anything whose state is a PacketState (the Packet facade sits above the core's lower parts). */
export function isPacket(value: unknown): value is Packet {
  return typeof value === "object" && value !== null && (value as { _s?: unknown })._s instanceof PacketState;
}

/** Makes `payload` p's payload; a payload whose chain contains p or a layer above it (a cycle) is refused. */
export function setPayloadOf(p: Packet, payload: Packet | null): void {
  if (payload !== null) {
    for (let q: Packet | null = payload; q !== null; q = q._s.payload ?? null) {
      for (let up: Packet | null = p; up !== null; up = up._s.under) {
        if (q === up) throw new TypeError(`${p._s.spec.name}: a packet cannot be its own payload (the chain would be a cycle)`);
      }
    }
  }
  p._s.payload = payload;
  if (payload !== null) payload._s.under = p;
}

// ---------------------------------------------------------------- declarations, compiled

/** What a layer's summary hook may return: text, or text plus lower layers forced to show. */
export type SummaryResult = string | null | undefined | { text: string; show?: LayerRef[] };

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type LayerRef = { readonly spec: LayerSpec; readonly name: string } & ((...args: any[]) => Packet);

/** A layer's bytes once written, as computed fields and post-build hooks see them. */
export interface BuiltLayer {
  /** The writer's buffer: the header is buf[start, headerEnd), the payload buf[headerEnd, end) (padding excluded). */
  readonly buf: Uint8Array;
  readonly start: number;
  readonly headerEnd: number;
  readonly end: number;
  /** Where field `name` was written: [startBit, endBit) from the start of buf; null when it was not written. */
  bitsOf(name: string): readonly [startBit: number, endBit: number] | null;
  /** Writes a value into field `name`'s place (its bits, big- or little-endian as the field is). */
  set(name: string, value: number): void;
  /** Inserts bytes at a position of the payload or header (moves what follows; used for alignment). */
  insert(at: number, bytes: Uint8Array): void;
  /** The writer itself, for hooks that append. */
  readonly writer: Writer;
}

/** How a computed field gets its value once its layer is written (a length, a count, a checksum). */
export interface Computed {
  /** Lengths and counts first, checksums (which cover them) last. */
  readonly stage: "length" | "checksum";
  /** Scapy's words for ls() and docs: "length of the layer", "internet checksum of the header"... */
  readonly describe: string;
  /** Other fields it reads, checked to exist when the layer is declared. */
  readonly refs: readonly string[];
  /**
   * The span a length measures when it is not named fields: the header (or the header after this
   * field). Whatever is written there must fit the field (fuzz() bounds random strings by it).
   */
  readonly measures?: "header";
  /**
   * A dissected value is computed again when the layer is rebuilt from its values (its bytes may
   * have changed size: DNS names are re-encoded uncompressed), unless the user set it.
   */
  readonly recomputeDissected?: boolean;
  compute(pkt: Packet, out: BuiltLayer, self: string): number;
}

export interface LayerHooks {
  /** Scapy's `name` ("Ethernet" for Ether). */
  readonly displayName?: string;
  /** false: show() prints the payload at this layer's indentation (Scapy's show_indent = 0, as HTTP has). */
  readonly showIndent?: boolean;
  /** Runs once the header and payload are written and the computed fields filled. */
  readonly postBuild?: (pkt: Packet, out: BuiltLayer) => void;
  /** Runs after the header is read. */
  readonly postDissect?: (pkt: Packet) => void;
  /**
   * Payload length from the header (Scapy's extract_padding); the bytes after it are Padding.
   * Python slicing: negative counts from the end. `rest` is every byte after the header.
   */
  readonly extractPadding?: (pkt: Packet, rest: Uint8Array) => number | null;
  /** Chooses the payload class from the header and the payload's bytes before the bindings are consulted; undefined defers to them. */
  readonly guessPayload?: (pkt: Packet, payload: Uint8Array) => LayerRef | null | undefined;
  /** Payload class when no binding matches (default Raw). */
  readonly defaultPayload?: () => LayerRef;
  /** Picks another class for these bytes (Scapy's dispatch_hook: Ether with type <= 1500 is Dot3). */
  readonly dispatch?: (buf: Uint8Array, start: number, end: number) => LayerRef | undefined;
  /** Chooses another class for user-given field values (Scapy's dispatch_hook with keyword arguments). */
  readonly dispatchInit?: (init: Record<string, unknown>) => LayerRef | undefined;
  /** The layer's own summary text (Scapy's mysummary): a %-template for sprintf or a function. */
  readonly summary?: string | ((pkt: Packet) => SummaryResult);
  /** Does `reply` (this layer) answer `request`? Default: same class and the payloads answer. */
  readonly answers?: (reply: Packet, request: Packet) => boolean;
  /** Key for matching requests and replies; default: the payload's. */
  readonly hashret?: (pkt: Packet) => Uint8Array;
  /** Extra methods for instances of this layer. */
  readonly methods?: Readonly<Record<string, (this: Packet, ...args: never[]) => unknown>>;
}

/** A computed field of a layer and the rule that fills it. */
export interface ComputedSlot {
  readonly index: number;
  readonly computed: Computed;
}

/** The immutable part of a compiled declaration: fields, where they lie, how they are written. */
export interface LayerLayout {
  readonly fields: readonly AnyField[];
  readonly fieldIndex: ReadonlyMap<string, number>;
  /** Bit offset of each field from the layer start when it never moves; -1 otherwise. */
  readonly fixedStart: Int32Array;
  /** Every field has a fixed size and always appears: the header is headerBits long. */
  readonly allFixed: boolean;
  readonly headerBits: number;
  /** Leading fields that are fixed and always present, and their total bits. */
  readonly fixedPrefixCount: number;
  readonly fixedPrefixBits: number;
  /** For a fixed, always-present field: the index after the run of such fields it starts, and the run's bits; 0 otherwise. */
  readonly runEnd: Int32Array;
  readonly runBits: Int32Array;
  /** Dissected instances store per-field offsets (some field moves or may be absent). */
  readonly needsOffsets: boolean;
  /**
   * Fields measured when the layer is dissected; the others (whose measuring never fails: DNS
   * sections, options) are measured when first needed.
   */
  readonly eagerFields: number;
  /** Indexes of fields whose values are mutable objects (arrays, packets). */
  readonly mutableFields: readonly number[];
  /** Some field's kind is chosen from the others (MultipleTypeField): values are set in declaration order. */
  readonly hasDynamicFields: boolean;
  /** Per field, 1 when a fixed-offset read of it needs no packet context (fixed size, one kind, not lenient). */
  /**
   * Bits of each field whose size never varies (whether or not it is conditional), -1 otherwise
   * (a variable or lenient size, or a kind chosen per packet): measuring reads this, not the field.
   */
  readonly sizeBits: Int32Array;
  readonly directRead: Uint8Array;
  /** Per field, how building treats it: WRITE_* bits. */
  readonly writeKinds: Uint8Array;
  /** Computed fields, lengths before checksums. */
  readonly computed: readonly ComputedSlot[];
  /** Every field is always there at a fixed bit offset (built headers need no record of where fields went). */
  readonly fixedPositions: boolean;
  /** The field read from the end of the layer's bytes, after its payload (Scapy's TrailerField: 802.11's FCS), or -1; and its size. */
  readonly trailerIndex: number;
  readonly trailerBytes: number;
  /** Old field names Scapy still accepts (Scapy's deprecated_fields): old name → [new name, since]. */
  readonly deprecated: ReadonlyMap<string, readonly [field: string, since: string]>;
}

/** writeKinds bits. */
export const WRITE_CONDITIONAL = 1;
export const WRITE_DYNAMIC = 2;
export const WRITE_BITS = 4;
export const WRITE_COMPUTED = 8;

export interface Binding {
  /** Field name and internal value pairs that must all match. */
  readonly match: ReadonlyArray<readonly [string, unknown]>;
  readonly upper: LayerSpec;
}

/** A binding compiled for one layer: slots into the table's fields (aliases may order fields differently). */
export interface CompiledBinding {
  readonly slots: readonly number[];
  readonly values: readonly unknown[];
  readonly upper: LayerSpec;
}

/** Every binding a layer's payload may match, compiled into one function, and the fields it reads. */
export interface GuessTable {
  readonly fields: readonly number[];
  readonly bindings: readonly CompiledBinding[];
  /** The payload class for this packet from the bindings alone (null: none matches). */
  readonly pick: (pkt: Packet) => LayerSpec | null;
}

/** A layer's links to the others: bindings both ways, and the caches made from them (rebuilt when bindings change). */
export interface LayerLinks {
  /** Bottom-up bindings: how this layer's payload is recognised. */
  readonly payloadGuess: Binding[];
  /** Top-down bindings: values this layer pushes into the layer below it, by lower class. */
  readonly overloads: Map<LayerSpec, Record<string, unknown>>;
  guessTable: GuessTable | null;
  guessVersion: number;
  /** One-entry cache of the values the last upper layer pushes into this one, by field index. */
  ovUpper: LayerSpec | null;
  ovValues: readonly unknown[] | null;
  ovVersion: number;
  /** The payload can only be Raw or Padding (no binding, no hook chooses another): walks for other layers end here. */
  terminal: boolean;
  terminalVersion: number;
}

/**
 * How a layer is read and written: code generated from its declaration (or the generic closures
 * where code cannot be generated). Field kinds holding packets reach dissection and building
 * through these, so the core's lower parts need not import its upper ones.
 */
export interface LayerCodecs {
  /** Dissects this layer from buf[start, end) (`top`: the outermost layer keeps what it could read; `parent`: the packet holding it). */
  dissect(buf: Uint8Array, start: number, end: number, under: Packet | null, trailer: PadLink | null, top: boolean, parent?: Packet | null): Packet;
  /** Dissects an element of a packet field at buf[off, end) (its padding is where the next starts): the element and the offset after it. */
  dissectElement(buf: Uint8Array, off: number, end: number, parent: Packet | null): [Packet, number];
  /** Sets the keyword arguments given to the constructor. */
  init(pkt: Packet, s: PacketState, init: Record<string, unknown>): void;
  /** Writes the header of pkt at w.pos; spans (when given) receive each field's bit span in w.buf. */
  writeHeader(pkt: Packet, s: PacketState, w: Writer, spans: Int32Array | null): void;
  /** Writes a whole packet (header, payloads, padding) at w.pos. */
  buildInto(pkt: Packet, w: Writer): void;
}

export interface LayerSpec {
  readonly name: string;
  readonly displayName: string;
  readonly layout: LayerLayout;
  readonly links: LayerLinks;
  readonly hooks: LayerHooks;
  /**
   * Do extractPadding and guessPayload take the bytes (a second parameter)? Read once here: a
   * function's length is an accessor, slow to read on every packet.
   */
  readonly hooksTakeBytes: { readonly extractPadding: boolean; readonly guessPayload: boolean };
  readonly codecs: LayerCodecs;
  readonly parent: LayerSpec | null;
  /** Scapy's match_subclass: getLayer(X) finds this layer when X is one of its parents (Dot11 finds Dot11FCS). */
  readonly matchSubclass: boolean;
  /** This spec then its ancestors: bindings and overloads of ancestors apply (Scapy's aliastypes). */
  readonly aliases: LayerSpec[];
  /** Generated instance class (field accessors on its prototype). */
  readonly Impl: new (state?: PacketState) => Packet;
  /** The public callable. */
  readonly cls: LayerRef;
}

/** Registry of every layer, by class name: ls(), the shell and string lookups use it. */
export const registry = {
  /** Bumped whenever bindings change, so compiled binding tables are rebuilt. */
  bindingsVersion: 0,
  layers: new Map<string, LayerRef>(),
  raw: null as LayerSpec | null,
  padding: null as LayerSpec | null,
};
