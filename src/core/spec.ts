/**
 * The compiled form of a layer declaration: field table with precomputed bit offsets, bindings
 * in both directions, and the per-layer hooks. One per layer class, made at module load.
 */
import type { AnyField } from "./field.ts";
import type { Packet, PacketState } from "./packet.ts";
import type { Writer } from "./writer.ts";

/** What a layer's summary hook may return: text, or text plus lower layers forced to show. */
export type SummaryResult = string | null | undefined | { text: string; show?: LayerRef[] };

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type LayerRef = { readonly spec: LayerSpec; readonly name: string } & ((...args: any[]) => Packet);

export interface LayerHooks {
  /** Scapy's `name` ("Ethernet" for Ether). */
  displayName?: string;
  /** false: show() prints the payload at this layer's indentation (Scapy's show_indent = 0, as HTTP has). */
  showIndent?: boolean;
  /**
   * Fills computed values once the header and payload are written: w.buf[start, headerEnd) is
   * this header, w.buf[headerEnd, w.pos) its payload (trailing padding excluded).
   */
  postBuild?(pkt: Packet, w: Writer, start: number, headerEnd: number): void;
  /** Runs after the header is read. */
  postDissect?(pkt: Packet): void;
  /**
   * Payload length from the header (Scapy's extract_padding); the bytes after it are Padding.
   * Python slicing: negative counts from the end. `rest` is every byte after the header.
   */
  extractPadding?(pkt: Packet, rest: Uint8Array): number | null;
  /** Chooses the payload class from the header and the payload's bytes before the bindings are consulted; undefined defers to them. */
  guessPayload?(pkt: Packet, payload: Uint8Array): LayerRef | null | undefined;
  /** Payload class when no binding matches (default Raw). */
  defaultPayload?: () => LayerRef;
  /** Picks another class for these bytes (Scapy's dispatch_hook: Ether with type <= 1500 is Dot3). */
  dispatch?(buf: Uint8Array, start: number, end: number): LayerRef | undefined;
  /** Chooses another class for user-given field values (Scapy's dispatch_hook with keyword arguments). */
  dispatchInit?(init: Record<string, unknown>): LayerRef | undefined;
  /** The layer's own summary text (Scapy's mysummary): a %-template for sprintf or a function. */
  summary?: string | ((pkt: Packet) => SummaryResult);
  /** Does `reply` (this layer) answer `request`? Default: same class and the payloads answer. */
  answers?(reply: Packet, request: Packet): boolean;
  /** Key for matching requests and replies; default: the payload's. */
  hashret?(pkt: Packet): Uint8Array;
  /** Extra methods for instances of this layer. */
  methods?: Record<string, (this: Packet, ...args: never[]) => unknown>;
}

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

/**
 * Bindings that read the same fields, indexed by their values (nested maps, one level per field):
 * a lookup gives the first such binding (its position among all, and its upper layer).
 */
export interface BindingGroup {
  readonly slots: readonly number[];
  readonly index: Map<unknown, unknown>;
}

/** Every binding a layer's payload may match, and the fields (indexes) they read. */
export interface GuessTable {
  readonly fields: readonly number[];
  readonly bindings: readonly CompiledBinding[];
  /** The same bindings grouped for lookup; null when some value cannot be a map key (bytes). */
  readonly groups: readonly BindingGroup[] | null;
}

export interface LayerSpec {
  readonly name: string;
  readonly displayName: string;
  readonly fields: readonly AnyField[];
  readonly fieldIndex: ReadonlyMap<string, number>;
  /** Bit offset of each field from the layer start when it never moves; -1 otherwise. */
  readonly fixedStart: Int32Array;
  /** Every field has a fixed size and always appears: the header is headerBits long. */
  readonly allFixed: boolean;
  readonly headerBits: number;
  /** Leading fields that are fixed and always present, and their total bits (skipped without walking). */
  readonly fixedPrefixCount: number;
  readonly fixedPrefixBits: number;
  /** For a fixed, always-present field: the index after the run of such fields it starts, and the run's bits; 0 otherwise. */
  readonly runEnd: Int32Array;
  readonly runBits: Int32Array;
  /** Dissected instances store per-field offsets (some field moves or may be absent). */
  readonly needsOffsets: boolean;
  readonly hasLengthFields: boolean;
  /** Indexes of fields whose values are mutable objects (arrays, packets). */
  readonly mutableFields: readonly number[];
  readonly parent: LayerSpec | null;
  /** This spec then its ancestors: bindings and overloads of ancestors apply (Scapy's aliastypes). */
  readonly aliases: LayerSpec[];
  readonly hooks: LayerHooks;
  /** Bottom-up bindings: how this layer's payload is recognised. */
  readonly payloadGuess: Binding[];
  /** Top-down bindings: values this layer pushes into the layer below it, by lower class. */
  readonly overloads: Map<LayerSpec, Record<string, unknown>>;
  /** Bindings of this layer and its aliases, compiled for its own fields; rebuilt when bindings change. */
  guessTable: GuessTable | null;
  guessVersion: number;
  /** One-entry cache of the values the last upper layer pushes into this one, by field index. */
  ovUpper: LayerSpec | null;
  ovValues: readonly unknown[] | null;
  ovVersion: number;
  /** Some field's kind is chosen from the others (MultipleTypeField): values are set in declaration order. */
  readonly hasDynamicFields: boolean;
  /** Per field, 1 when a fixed-offset read of it needs no packet context (fixed size, one kind, not lenient). */
  readonly directRead: Uint8Array;
  /** Per field, how building treats it: WRITE_* bits. */
  readonly writeKinds: Uint8Array;
  /** Generated instance class (field accessors on its prototype). */
  readonly Impl: new (state?: PacketState) => Packet;
  /** The public callable. */
  cls: LayerRef;
}

/** writeKinds bits. */
export const WRITE_CONDITIONAL = 1;
export const WRITE_DYNAMIC = 2;
export const WRITE_BITS = 4;
export const WRITE_LENGTH = 8;

/** Registry of every layer, by class name: ls(), the shell and string lookups use it. */
export const registry = {
  /** Bumped whenever bindings change, so compiled binding tables are rebuilt. */
  bindingsVersion: 0,
  layers: new Map<string, LayerRef>(),
  raw: null as LayerSpec | null,
  padding: null as LayerSpec | null,
};
