/**
 * Scapy's ASN1F_* field kinds (scapy/asn1fields.py) as packetry field kinds. Each leaf writes
 * its own TLV (tag, length, value, then implicit or explicit tagging) and reads it back as an
 * ASN.1 object. Values given by the user are kept as given (`5`, `"private"`, an ASN1_* object),
 * as Scapy keeps them; dissected values are ASN1_* objects.
 *
 * ASN1F_SEQUENCE and ASN1F_SET are containers, not fields: a layer's root (see packet.ts) is
 * flattened into its leaves, and each leaf knows which containers open before it and how many
 * close after it. Reading a leaf reads the headers of the containers it opens and checks that the
 * containers it closes end where it ends ("unexpected remainder", as Scapy); building inserts the
 * containers' headers around the leaves once they are written.
 */
import { bytesFromUser } from "../fields/strings.ts";
import { Field, Measured, invalid, type AnyField } from "../field.ts";
import type { Packet } from "../packet.ts";
import { isPacket, type LayerRef, type PacketState } from "../state.ts";
import { Writer } from "../writer.ts";
import {
  ASN1Context,
  ASN1Error,
  BERDecodingError,
  BIT_STRING_CODEC,
  BOOLEAN_CODEC,
  COUNTER32_CODEC,
  ENUMERATED_CODEC,
  GAUGE32_CODEC,
  INTEGER_CODEC,
  IPADDRESS_CODEC,
  NULL_CODEC,
  OID_CODEC,
  SEQUENCE_CODEC,
  SET_CODEC,
  STRING_CODEC,
  TIME_TICKS_CODEC,
  UNIVERSAL,
  berIdDec,
  berIdEnc,
  berLenEnc,
  berTaggingDec,
  berTaggingEnc,
  codecOf,
  concatAll,
  decodeAny,
  decodeState,
  encodeObject,
  sequenceCodec,
  type Codec,
  type DecodeState,
} from "./ber.ts";
import { ASN1_BIT_STRING, ASN1_Class_UNIVERSAL as U, ASN1_INTEGER, ASN1_NULL, ASN1_Object, ASN1_SEQUENCE, ASN1_SET, pyValueRepr } from "./objects.ts";

export interface ASN1FieldOptions {
  /** The class generic values are looked up in (Scapy's context; default UNIVERSAL). */
  context?: ASN1Context;
  /** Scapy's implicit_tag: replaces the identifier (class and constructed bits kept). */
  implicitTag?: number;
  /** Scapy's explicit_tag: wraps the value in another TLV. */
  explicitTag?: number;
  /** Scapy's flexible_tag: a value of another tag is kept (safe decoding) instead of failing. */
  flexibleTag?: boolean;
}

/** What a leaf does about the containers of its layer's root (set when the layer is declared). */
export interface LeafStructure {
  /** First leaf of the layer: dissection starts a fresh stack of containers here. */
  readonly first: boolean;
  /** Containers whose headers come right before this leaf, outermost first. */
  readonly opens: readonly ASN1F_SEQUENCE[];
  /** How many containers end right after this leaf. */
  readonly closes: number;
}

interface Frame {
  end: number;
  empty: boolean;
}

/** Containers open while a layer is dissected (its leaves are measured in order). */
const openFrames = new WeakMap<PacketState, Frame[]>();

export type ASN1Input = ASN1_Object | number | bigint | string | Uint8Array | boolean;

/** Scapy's ASN1F_field: any tag (the value is decoded by its own tag), and the base of the typed kinds. */
export class ASN1F_field<N extends string = string, In = ASN1Input, Get = unknown> extends Field<N, In, Get> {
  kindName = "ASN1F_field";
  /** The tag of the kind (Scapy's ASN1_tag). */
  readonly asn1Tag: number;
  readonly codec: Codec | null;
  readonly context: ASN1Context;
  readonly implicitTag: number | null;
  readonly explicitTag: number | null;
  flexibleTag: boolean;
  /** Scapy's ASN1F_optional: a value that does not decode is absent (None) and takes no bytes. */
  optional = false;
  /** Decoded with DER's rules (the layer's codec). */
  der = false;
  structure: LeafStructure | null = null;

  constructor(name: N, defaultValue: unknown, options: ASN1FieldOptions = {}, tag: number = U.ANY) {
    const codec = codecOf(tag, options.context ?? UNIVERSAL);
    super(name, defaultValue === null || defaultValue === undefined || defaultValue instanceof ASN1_Object || codec === null ? (defaultValue ?? null) : codec.make(defaultValue));
    if (options.implicitTag !== undefined && options.explicitTag !== undefined) throw new ASN1Error("field cannot be both implicitly and explicitly tagged");
    this.asn1Tag = tag;
    this.codec = codec;
    this.context = options.context ?? UNIVERSAL;
    this.implicitTag = options.implicitTag ?? null;
    this.explicitTag = options.explicitTag ?? null;
    this.flexibleTag = options.flexibleTag ?? false;
  }

  /** Scapy's network_tag: the tag seen on the wire (what a CHOICE picks by). */
  get networkTag(): number {
    return this.implicitTag ?? this.explicitTag ?? this.asn1Tag;
  }

  override fromUser(value: unknown, _pkt: Packet | null): unknown {
    if (value instanceof ASN1_Object) {
      if (!this.accepts(value)) invalid(`got ${value.repr()} instead of an ASN.1 object of tag ${this.asn1Tag}`);
      return value;
    }
    if (!this.acceptsPlain(value)) invalid(`cannot encode ${describeValue(value)} as ${this.kindName}`);
    return value;
  }

  /** Scapy's i2m test: objects of the field's tag, raw and error objects, anything for ANY. */
  accepts(obj: ASN1_Object): boolean {
    return this.asn1Tag === U.ANY || obj.tag === U.RAW || obj.tag === U.ERROR || obj.tag === this.asn1Tag;
  }

  protected acceptsPlain(value: unknown): boolean {
    try {
      this.encodeValue(value);
      return true;
    } catch {
      return false;
    }
  }

  /** The TLV of a plain value (Scapy's codec.enc; ANY writes text as STRING and numbers as INTEGER). */
  protected encodeValue(value: unknown): Uint8Array {
    if (this.codec !== null) return this.codec.enc(value);
    if (typeof value === "string" || value instanceof Uint8Array) return STRING_CODEC.enc(value);
    if (typeof value === "number" || typeof value === "bigint" || typeof value === "boolean") return INTEGER_CODEC.enc(value);
    throw new ASN1Error("Trying to encode an invalid value !");
  }

  /** Scapy's i2m: the value's bytes with the field's tagging. */
  i2m(pkt: Packet, value: unknown): Uint8Array {
    if (value === null || value === undefined) return new Uint8Array(0);
    let s: Uint8Array;
    if (value instanceof ASN1_Object) {
      if (!this.accepts(value)) throw new ASN1Error(`Encoding Error: got ${value.repr()} instead of an ASN.1 object of tag ${this.asn1Tag} for field [${this.name}]`);
      s = encodeObject(value);
    } else s = this.encodeValue(value);
    void pkt;
    return berTaggingEnc(s, this.asn1Tag, this.implicitTag, this.explicitTag);
  }

  /** Scapy's m2i on buf[off, end): [value, offset after it]. */
  m2i(pkt: Packet, d: DecodeState, off: number, end: number): [unknown, number] {
    const u = berTaggingDec(d, off, end, this.implicitTag, this.explicitTag, this.flexibleTag, this.name);
    const state = this.flexibleTag === d.safe ? d : { ...d, safe: this.flexibleTag };
    void pkt;
    if (this.codec === null) return decodeAny(state, u.off, end);
    return this.codec.dec(state, u.off, end, u.idEnd);
  }

  override measure(pkt: Packet, buf: Uint8Array, off: number, end: number): Measured {
    const st = this.structure;
    const d = decodeState(buf, this.context, this.flexibleTag, this.der);
    let at = off;
    let frames: Frame[] | undefined;
    if (st !== null) {
      frames = st.first ? [] : openFrames.get(pkt._s);
      if (frames === undefined) frames = [];
      if (st.first) openFrames.set(pkt._s, frames);
      for (const c of st.opens) {
        const top = frames[frames.length - 1];
        if (top?.empty) {
          frames.push({ end: at, empty: true });
          continue;
        }
        const [cs, ce] = c.header(d, at, top ? top.end : end, pkt._s.spec.name);
        frames.push({ end: ce, empty: ce === cs });
        at = cs;
      }
    }
    const top = frames?.[frames.length - 1];
    let value: unknown = null;
    let next = at;
    if (!top?.empty) {
      const limit = top ? top.end : end;
      if (this.optional) {
        try {
          [value, next] = this.m2i(pkt, d, at, limit);
        } catch (e) {
          if (!(e instanceof ASN1Error)) throw e;
          [value, next] = [null, at];
        }
      } else [value, next] = this.m2i(pkt, d, at, limit);
    }
    if (st !== null && frames !== undefined) {
      for (let k = 0; k < st.closes; k++) {
        const f = frames.pop();
        if (f !== undefined && !f.empty && next !== f.end) throw new BERDecodingError(`unexpected remainder: ${f.end - next} bytes at offset ${next}`, next);
      }
    }
    return new Measured(next - off, value);
  }

  override decode(pkt: Packet, buf: Uint8Array, off: number, end: number): unknown {
    return this.measure(pkt, buf, off, end).value;
  }

  override write(w: Writer, value: unknown, pkt: Packet): void {
    w.bytes(this.i2m(pkt, value));
  }

  override lengthOf(value: unknown, pkt: Packet): number {
    return this.i2m(pkt, value).length;
  }

  override repr(value: unknown): string {
    return value instanceof ASN1_Object ? value.repr() : pyValueRepr(value);
  }

  override literal(value: unknown): string {
    return value instanceof ASN1_Object ? value.command() : pyValueRepr(value);
  }
}

function describeValue(v: unknown): string {
  if (v instanceof ASN1_Object) return v.repr();
  if (v instanceof Uint8Array) return "bytes";
  return pyValueRepr(v);
}

const typed =
  <K extends string>(kindName: K, tag: number) =>
  <const N extends string>(name: N, d: unknown, options: ASN1FieldOptions = {}) => {
    const f = new ASN1F_field<N>(name, d, options, tag);
    f.kindName = kindName;
    return f;
  };

export const ASN1F_BOOLEAN = typed("ASN1F_BOOLEAN", U.BOOLEAN);
export const ASN1F_INTEGER = typed("ASN1F_INTEGER", U.INTEGER);
export const ASN1F_STRING = typed("ASN1F_STRING", U.STRING);
export const ASN1F_NULL = typed("ASN1F_NULL", U.NULL);
export const ASN1F_OID = typed("ASN1F_OID", U.OID);
export const ASN1F_UTF8_STRING = typed("ASN1F_UTF8_STRING", U.UTF8_STRING);
export const ASN1F_NUMERIC_STRING = typed("ASN1F_NUMERIC_STRING", U.NUMERIC_STRING);
export const ASN1F_PRINTABLE_STRING = typed("ASN1F_PRINTABLE_STRING", U.PRINTABLE_STRING);
export const ASN1F_T61_STRING = typed("ASN1F_T61_STRING", U.T61_STRING);
export const ASN1F_VIDEOTEX_STRING = typed("ASN1F_VIDEOTEX_STRING", U.VIDEOTEX_STRING);
export const ASN1F_IA5_STRING = typed("ASN1F_IA5_STRING", U.IA5_STRING);
export const ASN1F_GENERAL_STRING = typed("ASN1F_GENERAL_STRING", U.GENERAL_STRING);
export const ASN1F_UTC_TIME = typed("ASN1F_UTC_TIME", U.UTC_TIME);
export const ASN1F_GENERALIZED_TIME = typed("ASN1F_GENERALIZED_TIME", U.GENERALIZED_TIME);
export const ASN1F_ISO646_STRING = typed("ASN1F_ISO646_STRING", U.ISO646_STRING);
export const ASN1F_UNIVERSAL_STRING = typed("ASN1F_UNIVERSAL_STRING", U.UNIVERSAL_STRING);
export const ASN1F_BMP_STRING = typed("ASN1F_BMP_STRING", U.BMP_STRING);
export const ASN1F_IPADDRESS = typed("ASN1F_IPADDRESS", U.IPADDRESS);
export const ASN1F_TIME_TICKS = typed("ASN1F_TIME_TICKS", U.TIME_TICKS);
export const ASN1F_COUNTER32 = typed("ASN1F_COUNTER32", U.COUNTER32);
export const ASN1F_GAUGE32 = typed("ASN1F_GAUGE32", U.GAUGE32);

/** Scapy's generic ASN1F_field(name, default): any tag, the value decoded by the tag it has. */
export const asn1Field = <const N extends string>(name: N, d: unknown, options: ASN1FieldOptions = {}) => new ASN1F_field<N>(name, d, options, U.ANY);

/** Scapy's ASN1F_enum_INTEGER (and ASN1F_ENUMERATED): an integer shown by its name ("'no_error' 0x0 <ASN1_INTEGER[0]>"). */
export class ASN1F_enum_INTEGER<N extends string = string> extends ASN1F_field<N> {
  override kindName = "ASN1F_enum_INTEGER";
  readonly i2s: ReadonlyMap<number, string>;
  readonly s2i: ReadonlyMap<string, number>;
  constructor(name: N, d: unknown, e: Readonly<Record<number, string>> | readonly string[], options: ASN1FieldOptions = {}, tag: number = U.INTEGER) {
    super(name, d, options, tag);
    const entries: Array<[number, string]> = Array.isArray(e) ? e.map((v, i) => [i, v]) : Object.entries(e).map(([k, v]) => [Number(k), v as string]);
    this.i2s = new Map(entries);
    this.s2i = new Map(entries.map(([k, v]) => [v, k]));
  }
  protected override encodeValue(value: unknown): Uint8Array {
    if (typeof value === "string") {
      const n = this.s2i.get(value);
      if (n === undefined) throw new ASN1Error(`${this.name}: unknown name ${JSON.stringify(value)} (known: ${[...this.s2i.keys()].join(", ")})`);
      return super.encodeValue(n);
    }
    return super.encodeValue(value);
  }
  override repr(value: unknown): string {
    if (value instanceof ASN1_INTEGER) {
      const r = this.i2s.get(Number(value.val));
      if (r) return `'${r}' ${value.repr()}`;
    }
    return super.repr(value);
  }
}

export const ASN1F_ENUMERATED = <const N extends string>(name: N, d: unknown, e: Readonly<Record<number, string>> | readonly string[], options: ASN1FieldOptions = {}) => {
  const f = new ASN1F_enum_INTEGER<N>(name, d, e, options, U.ENUMERATED);
  f.kindName = "ASN1F_ENUMERATED";
  void ENUMERATED_CODEC;
  return f;
};

/** Scapy's ASN1F_BIT_STRING: a string of bits ("0110"); bytes given are taken eight bits each. */
export class ASN1F_BIT_STRING<N extends string = string> extends ASN1F_field<N> {
  override kindName = "ASN1F_BIT_STRING";
  constructor(name: N, d: string | Uint8Array | ASN1_BIT_STRING | null, defaultReadable = true, options: ASN1FieldOptions = {}) {
    super(name, typeof d === "string" || d instanceof Uint8Array ? new ASN1_BIT_STRING(d, defaultReadable) : d, options, U.BIT_STRING);
  }
}

/** Scapy's ASN1F_FLAGS: a bit string whose set bits are named by a mapping. */
export class ASN1F_FLAGS<N extends string = string> extends ASN1F_BIT_STRING<N> {
  override kindName = "ASN1F_FLAGS";
  constructor(
    name: N,
    d: string | null,
    readonly mapping: readonly string[],
    options: ASN1FieldOptions = {},
  ) {
    super(name, d, false, options);
  }
  override repr(value: unknown): string {
    if (value instanceof ASN1_BIT_STRING) {
      const set = [...value.val].flatMap((b, i) => (b === "1" && i < this.mapping.length ? [this.mapping[i]!] : []));
      return `${set.join(", ")} ${value.repr()}`;
    }
    return super.repr(value);
  }
}

// ---------------------------------------------------------------- containers

/** Scapy's ASN1F_SEQUENCE: fields inside one SEQUENCE TLV (a container of the layer's root, not a field). */
export class ASN1F_SEQUENCE<const S extends readonly ASN1Element[] = readonly ASN1Element[]> {
  readonly seq: S;
  readonly tag: number;
  readonly codec: Codec;
  readonly implicitTag: number | null;
  readonly explicitTag: number | null;
  readonly flexibleTag: boolean;
  constructor(seq: S, options: ASN1FieldOptions & { tag?: number; codec?: Codec } = {}) {
    this.seq = seq;
    this.tag = options.tag ?? U.SEQUENCE;
    this.codec = options.codec ?? (this.tag === U.SET ? SET_CODEC : this.tag === U.SEQUENCE ? SEQUENCE_CODEC : sequenceCodec("BERcodec_SEQUENCE", this.tag, ASN1_SEQUENCE));
    if (options.implicitTag !== undefined && options.explicitTag !== undefined) throw new ASN1Error("field cannot be both implicitly and explicitly tagged");
    this.implicitTag = options.implicitTag ?? null;
    this.explicitTag = options.explicitTag ?? null;
    this.flexibleTag = options.flexibleTag ?? false;
  }

  get networkTag(): number {
    return this.implicitTag ?? this.explicitTag ?? this.tag;
  }

  /** The content bounds of this container at buf[off, end) (Scapy's m2i before the fields). */
  header(d: DecodeState, off: number, end: number, layer: string): [number, number] {
    const u = berTaggingDec(d, off, end, this.implicitTag, this.explicitTag, this.flexibleTag, layer);
    return this.codec.header(d, u.off, end, u.idEnd);
  }

  /** The header bytes of this container around `contentLength` bytes. */
  headerBytes(contentLength: number): Uint8Array {
    const inner = [...berIdEnc(this.implicitTag !== null ? (this.tag & ~0x1f) | this.implicitTag : this.tag), ...berLenEnc(contentLength)];
    if (this.explicitTag === null) return Uint8Array.from(inner);
    return Uint8Array.from([...berIdEnc(this.explicitTag), ...berLenEnc(inner.length + contentLength), ...inner]);
  }
}

/** Scapy's ASN1F_SET: the same, under the SET tag. */
export const ASN1F_SET = <const S extends readonly ASN1Element[]>(seq: S, options: ASN1FieldOptions = {}) => new ASN1F_SEQUENCE<S>(seq, { ...options, tag: U.SET });

export type ASN1Element = AnyField | ASN1F_SEQUENCE;

/** The packet class of an ASN.1 layer's root, for fields holding its packets. */
export interface ASN1Root {
  readonly networkTag: number;
  /** The root's own CHOICE alternatives, when the root is a CHOICE (Scapy merges them). */
  readonly choices: ReadonlyMap<number, ChoiceAlternative> | null;
}

/** Roots of the ASN.1 layers, by class (set by defineASN1Layer). */
export const asn1Roots = new WeakMap<object, ASN1Root>();

function rootOf(cls: LayerRef): ASN1Root | undefined {
  return asn1Roots.get(cls.spec);
}

/** An element of a packet field: the class's bytes at [off, end), Scapy's extract_packet (errors propagate). */
function extractPacket(pkt: Packet, cls: LayerRef, buf: Uint8Array, off: number, end: number): [Packet, number] {
  const [el, next] = cls.spec.codecs.dissectElement(buf, off, end, pkt);
  if (el._s.spec !== cls.spec && !cls.spec.aliases.includes(el._s.spec)) throw new BERDecodingError(`${cls.name}: the bytes at offset ${off} do not decode as ${cls.name}`, off);
  if (el._s.truncated) throw new BERDecodingError(`${cls.name}: cut short at offset ${off}`, off);
  return [el, next];
}

function packetBytes(p: Packet): Uint8Array {
  const w = new Writer(256);
  p._s.spec.codecs.buildInto(p, w);
  return w.take();
}

/** Scapy's ASN1F_SEQUENCE_OF (ASN1F_SET_OF): a SEQUENCE of packets of one class, or of values of one kind. */
export class ASN1F_SEQUENCE_OF<N extends string = string, T = unknown> extends ASN1F_field<N, T | readonly T[], T[]> {
  override kindName = "ASN1F_SEQUENCE_OF";
  override isList = true;
  override mutable = true;
  readonly elementClass: LayerRef | null;
  readonly elementKind: ((name: string, d: unknown) => AnyField) | null;
  constructor(name: N, d: readonly T[] | null, element: LayerRef | ((name: string, d: unknown) => AnyField), options: ASN1FieldOptions = {}, tag: number = U.SEQUENCE) {
    super(name, null, options, tag);
    (this as { defaultValue: unknown }).defaultValue = d ?? [];
    if ("spec" in element) {
      this.elementClass = element as LayerRef;
      this.elementKind = null;
      this.holdsPackets = true;
    } else {
      this.elementClass = null;
      this.elementKind = element as (name: string, d: unknown) => AnyField;
    }
  }

  override defaultFor(): unknown {
    const d = this.defaultValue;
    return Array.isArray(d) ? [...d] : d;
  }

  override fromUser(value: unknown): unknown {
    if (value instanceof ASN1_Object && value.tag === U.RAW) return value;
    const list = Array.isArray(value) ? value : [value];
    if (this.elementClass !== null) {
      if (!list.every(isPacket)) invalid(`expected a list of ${this.elementClass.name} packets`);
      return [...list];
    }
    const kind = this.elementKind!(this.name, null);
    return list.map((v) => kind.fromUser(v, null));
  }

  override i2m(pkt: Packet, value: unknown): Uint8Array {
    let content: Uint8Array;
    if (value instanceof ASN1_Object && value.tag === U.RAW) return encodeObject(value);
    if (value === null || value === undefined) content = new Uint8Array(0);
    else if (this.elementClass !== null) content = concatAll((value as Packet[]).map(packetBytes));
    else {
      const kind = this.elementKind!(this.name, null);
      content = concatAll((value as unknown[]).map((v) => kind instanceof ASN1F_field ? kind.i2m(pkt, v) : encodeObject(v as ASN1_Object)));
    }
    const codec = this.asn1Tag === U.SET ? SET_CODEC : SEQUENCE_CODEC;
    return berTaggingEnc(codec.enc(content), this.asn1Tag, this.implicitTag, this.explicitTag);
  }

  override m2i(pkt: Packet, d: DecodeState, off: number, end: number): [unknown, number] {
    const u = berTaggingDec(d, off, end, this.implicitTag, this.explicitTag, this.flexibleTag, this.name);
    const codec = this.asn1Tag === U.SET ? SET_CODEC : SEQUENCE_CODEC;
    const [start, stop] = codec.header(d, u.off, end, u.idEnd);
    const out: unknown[] = [];
    for (let at = start; at < stop; ) {
      let next: number;
      if (this.elementClass !== null) {
        let el: Packet;
        [el, next] = extractPacket(pkt, this.elementClass, d.buf, at, stop);
        out.push(el);
      } else {
        const kind = this.elementKind!(this.name, null) as ASN1F_field;
        let v: unknown;
        [v, next] = kind.m2i(pkt, d, at, stop);
        out.push(v);
      }
      if (next <= at) throw new BERDecodingError(`${this.name}: an element took no bytes at offset ${at}`, at);
      at = next;
    }
    return [out, stop];
  }

  override repr(value: unknown): string {
    if (!Array.isArray(value)) return super.repr(value);
    return `[${value.map((v) => (isPacket(v) ? v.toString() : v instanceof ASN1_Object ? v.repr() : pyValueRepr(v))).join(", ")}]`;
  }

  override literal(value: unknown): string {
    if (!Array.isArray(value)) return super.literal(value);
    return `[${value.map((v) => (isPacket(v) ? v.command() : v instanceof ASN1_Object ? v.command() : pyValueRepr(v))).join(",")}]`;
  }
}

/** Scapy's ASN1F_SET_OF. */
export const ASN1F_SET_OF = <const N extends string, T = unknown>(name: N, d: readonly T[] | null, element: LayerRef | ((name: string, d: unknown) => AnyField), options: ASN1FieldOptions = {}) => {
  const f = new ASN1F_SEQUENCE_OF<N, T>(name, d, element, options, U.SET);
  f.kindName = "ASN1F_SET_OF";
  return f;
};

/** What a CHOICE may hold: packets of an ASN.1 class, or values of a field kind. */
export type ChoiceAlternative = LayerRef | ((name: string, d: unknown) => AnyField) | ASN1F_PACKET;

/** Scapy's ASN1F_CHOICE: one of several packet classes or kinds, picked by the tag on the wire. */
export class ASN1F_CHOICE<N extends string = string, T = unknown> extends ASN1F_field<N, T, T> {
  override kindName = "ASN1F_CHOICE";
  override holdsPackets = true;
  override mutable = true;
  readonly choices = new Map<number, ChoiceAlternative>();
  constructor(name: N, d: T | null, alternatives: readonly ChoiceAlternative[], options: Omit<ASN1FieldOptions, "implicitTag"> = {}) {
    if ("implicitTag" in options) throw new ASN1Error("ASN1F_CHOICE has been called with an implicit_tag");
    super(name, null, options, U.ANY);
    (this as { defaultValue: unknown }).defaultValue = d;
    for (const alt of alternatives) {
      if (alt instanceof ASN1F_PACKET) {
        this.choices.set(alt.networkTag, alt);
        if (alt.implicitTag !== null) this.choices.set(alt.implicitTag & 0x1f, alt);
      } else if ("spec" in alt) {
        const root = rootOf(alt as LayerRef);
        if (root === undefined) throw new ASN1Error(`ASN1F_CHOICE: ${(alt as LayerRef).name} is not an ASN.1 packet class`);
        if (root.choices !== null) for (const [k, v] of root.choices) this.choices.set(k, v);
        else this.choices.set(root.networkTag, alt);
      } else {
        const probe = (alt as (name: string, d: unknown) => AnyField)("dummy", null);
        if (!(probe instanceof ASN1F_field)) throw new ASN1Error("ASN1F_CHOICE: no tag found for one field");
        this.choices.set(probe.asn1Tag, alt);
      }
    }
  }

  override defaultFor(): unknown {
    const d = this.defaultValue;
    return isPacket(d) ? d.copy() : d;
  }

  override fromUser(value: unknown): unknown {
    if (isPacket(value) || value instanceof ASN1_Object) return value;
    return invalid(`expected a packet of one of the choices or an ASN.1 object, got ${describeValue(value)}`);
  }

  override i2m(_pkt: Packet, value: unknown): Uint8Array {
    if (value === null || value === undefined) return new Uint8Array(0);
    let s: Uint8Array;
    if (isPacket(value)) {
      s = packetBytes(value);
      for (const alt of this.choices.values()) {
        if (alt instanceof ASN1F_PACKET && (value._s.spec === alt.cls.spec)) {
          s = berTaggingEnc(s, alt.cls.spec ? (rootOf(alt.cls)?.networkTag ?? U.SEQUENCE) : U.SEQUENCE, alt.implicitTag, alt.explicitTag);
          break;
        }
      }
    } else s = encodeObject(value as ASN1_Object);
    return berTaggingEnc(s, U.ANY, null, this.explicitTag);
  }

  override m2i(pkt: Packet, d: DecodeState, off: number, end: number): [unknown, number] {
    if (off >= end) throw new ASN1Error("ASN1F_CHOICE: got empty string");
    const u = berTaggingDec(d, off, end, null, this.explicitTag, false, this.name);
    const [tag] = berIdDec(d, u.off, end);
    let choice = this.choices.get(tag) ?? this.choices.get(tag & 0x1f);
    if (choice === undefined) {
      if (!this.flexibleTag) throw new ASN1Error(`ASN1F_CHOICE: unexpected field in '${this.name}' (tag ${tag} not in possible tags [${[...this.choices.keys()].join(", ")}])`);
      choice = asn1Field;
    }
    if (choice instanceof ASN1F_PACKET) return choice.m2i(pkt, d, u.off, end);
    if ("spec" in choice) return extractPacket(pkt, choice as LayerRef, d.buf, u.off, end);
    return ((choice as (name: string, d: unknown) => AnyField)(this.name, null) as ASN1F_field).m2i(pkt, d, u.off, end);
  }

  override repr(value: unknown): string {
    return isPacket(value) ? value.toString() : super.repr(value);
  }
  override literal(value: unknown): string {
    return isPacket(value) ? value.command() : super.literal(value);
  }
}

/** Scapy's ASN1F_PACKET: one packet of an ASN.1 class (implicit or explicit tagging around it). */
export class ASN1F_PACKET<N extends string = string> extends ASN1F_field<N> {
  override kindName = "ASN1F_PACKET";
  override holdsPackets = true;
  override mutable = true;
  constructor(
    name: N,
    d: Packet | null,
    readonly cls: LayerRef,
    options: ASN1FieldOptions = {},
  ) {
    super(name, null, options, U.ANY);
    (this as { defaultValue: unknown }).defaultValue = d;
  }

  override get networkTag(): number {
    if (this.implicitTag !== null || this.explicitTag !== null) return (this.implicitTag ?? this.explicitTag)!;
    return rootOf(this.cls)?.networkTag === U.SEQUENCE ? U.SEQUENCE : (rootOf(this.cls)?.networkTag ?? U.SEQUENCE);
  }

  override defaultFor(): unknown {
    const d = this.defaultValue;
    return isPacket(d) ? d.copy() : d;
  }

  override fromUser(value: unknown): unknown {
    if (isPacket(value) || value instanceof Uint8Array || typeof value === "string") return isPacket(value) ? value : bytesFromUser(value);
    return invalid(`expected a ${this.cls.name} packet, got ${describeValue(value)}`);
  }

  override i2m(_pkt: Packet, value: unknown): Uint8Array {
    const s = value === null || value === undefined ? new Uint8Array(0) : value instanceof Uint8Array ? value : packetBytes(value as Packet);
    return berTaggingEnc(s, rootOf(this.cls)?.networkTag ?? U.SEQUENCE, this.implicitTag, this.explicitTag);
  }

  override m2i(pkt: Packet, d: DecodeState, off: number, end: number): [unknown, number] {
    const hidden = rootOf(this.cls)?.networkTag ?? U.SEQUENCE;
    const u = berTaggingDec(d, off, end, this.implicitTag, this.explicitTag, this.flexibleTag, this.name);
    if (u.off >= end) return [null, u.off];
    if (u.idEnd < 0) return extractPacket(pkt, this.cls, d.buf, u.off, end);
    // Implicit tagging: the packet reads its own tag where the implicit one is (Scapy rewrites the identifier).
    const id = berIdEnc(hidden);
    const copy = new Uint8Array(id.length + end - u.idEnd);
    copy.set(id);
    copy.set(d.buf.subarray(u.idEnd, end), id.length);
    const [el, next] = extractPacket(pkt, this.cls, copy, 0, copy.length);
    return [el, u.idEnd + next - id.length];
  }

  override repr(value: unknown): string {
    return isPacket(value) ? value.toString() : super.repr(value);
  }
  override literal(value: unknown): string {
    return isPacket(value) ? value.command() : super.literal(value);
  }
}

/** Scapy's ASN1F_optional: absent (None) when the bytes there do not decode as the field. */
export function ASN1F_optional<F extends ASN1F_field>(field: F): F {
  field.flexibleTag = false;
  field.optional = true;
  return field;
}

/** Scapy's ASN1F_NULL default (ASN1_NULL(0)) and friends, for declarations. */
export const NULL_VALUE = () => new ASN1_NULL(0);

export { NULL_CODEC, OID_CODEC, BIT_STRING_CODEC, BOOLEAN_CODEC, IPADDRESS_CODEC, TIME_TICKS_CODEC, COUNTER32_CODEC, GAUGE32_CODEC, ASN1_SET };
