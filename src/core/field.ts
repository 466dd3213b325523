/**
 * The field kind: one named value of a layer, with its wire format, its default and how it is shown.
 * Layers are declared as lists of fields (like Scapy's fields_desc) and compiled at load time.
 *
 * Values exist in two forms: what users give (any input a field accepts: names for enums, "SA" for
 * flags, text for bytes) and the internal value the packet stores (numbers, address strings,
 * Uint8Array, arrays). `fromUser` converts the first to the second; getters return the internal
 * value (flags are wrapped so they print as names).
 *
 * What depends on the rest of the packet — whether the field is there (`when`), how long it is
 * (`lengthFrom`), how many items it holds (`countFrom`), which kind applies (`choose`), how it is
 * computed at build (`computed`) — is declared with the layer and installed on the layer's own copy
 * of the field when the layer is compiled (see define.ts).
 */
import type { Packet } from "./packet.ts";
import type { Computed } from "./state.ts";
import { Writer } from "./writer.ts";
import { FieldValueError } from "./errors.ts";

/** A variable-size read that had to decode the value to know its size. */
export class Measured {
  constructor(
    readonly length: number,
    readonly value: unknown,
  ) {}
}

/** Per-layer behaviour of a field, given by the layer's declaration. */
export interface FieldBehaviour {
  when?: ((pkt: Packet) => boolean) | null;
  lengthFrom?: ((pkt: Packet) => number | null) | null;
  countFrom?: ((pkt: Packet) => number | null) | null;
  choose?: ((pkt: Packet, value?: unknown) => string) | null;
}

export abstract class Field<N extends string = string, In = unknown, Get = unknown, R extends string = never> {
  /** Phantom types for the compiler: what the field accepts, what reading it gives, the fields its declaration names. */
  declare readonly __in: In;
  declare readonly __get: Get;
  declare readonly __refs: R;

  /** Scapy's class name for this kind of field, shown by ls(). */
  abstract kindName: string;
  /** Size in bits when it never changes; -1 when it depends on the value or on other fields. */
  bits = -1;
  /** Written through the bit accumulator (BitField, FlagsField): may share bytes with neighbours. */
  bitPacked = false;
  /** A list by nature (options, records): an array value is one value, not alternatives. */
  isList = false;
  /** The value is a tuple (an array, Scapy's prefix tuples): an array is one value; only an array of arrays is alternatives. */
  isTuple = false;
  /** Holds packets: shown as indented sub-trees. */
  holdsPackets = false;
  /** Short input is read as far as it goes instead of failing (Scapy's fixed-length strings). */
  lenient = false;
  /** Values are objects that users can change in place (arrays, packets): builds re-check them. */
  mutable = false;
  /** The field that applies is chosen per packet (MultipleTypeField): ask resolve(). */
  dynamic = false;
  /** Some text values stand for several values (networks): see alternatives(). */
  expands = false;
  /** toUser wraps the internal value (flags): reads cannot return it as is. */
  wrapsValue = false;
  /** Measuring never fails (the field takes what the bytes hold): dissection may measure it when first needed. */
  total = false;
  /** Integers written least significant byte first (computed values are patched that way too). */
  littleEndian = false;
  /** Bits this field takes at the end of the layer's bytes, after the payload (Scapy's TrailerField); 0: none. */
  trailerBits = 0;

  /** Present only when this holds (Scapy's ConditionalField); null: always. */
  when: ((pkt: Packet) => boolean) | null = null;
  /** Length in bytes of the field's region (Scapy's length_from); null: the kind's own rule. */
  lengthFrom: ((pkt: Packet) => number | null) | null = null;
  /** Number of items (Scapy's count_from). */
  countFrom: ((pkt: Packet) => number | null) | null = null;
  /** How the value is computed at build when left null (a length, a count, a checksum). */
  computed: Computed | null = null;
  /** Fields named by this field's own declaration (its length or count source): checked to exist. */
  refs: readonly string[] = [];

  constructor(
    readonly name: N,
    /** The internal default; null means "computed at build". */
    readonly defaultValue: unknown,
  ) {}

  /** Declares how the field is computed at build when its value is null (Scapy's post_build fill-in). */
  compute(computed: Computed): this {
    this.computed = computed;
    this.refs = [...this.refs, ...computed.refs];
    return this;
  }

  /** A copy of this field with a layer's per-field behaviour installed (each layer gets its own). */
  withBehaviour(b: FieldBehaviour): this {
    const copy = Object.assign(Object.create(Object.getPrototypeOf(this) as object) as this, this);
    if (b.when !== undefined) copy.when = b.when;
    if (b.lengthFrom !== undefined) copy.lengthFrom = b.lengthFrom;
    if (b.countFrom !== undefined) copy.countFrom = b.countFrom;
    return copy;
  }

  /** Converts user input to the internal value; throws FieldValueError saying what is wrong. */
  fromUser(value: unknown, _pkt: Packet | null): unknown {
    return value;
  }

  /** The values a text value stands for ("10.0.0.0/30"), or null when it is one value. */
  alternatives(_value: string): unknown[] | null {
    return null;
  }

  /** What a property read returns for an internal value. */
  toUser(value: unknown): Get {
    return value as Get;
  }

  /** Reads a fixed-size field (bits >= 0) at a byte offset (and bit offset for bit fields). */
  readFixed(_buf: Uint8Array, _byteOffset: number, _bitOffset: number): unknown {
    throw new Error(`${this.kindName} ${this.name} has no fixed size`);
  }

  /**
   * Bytes this variable-size field takes in buf[off, end); a Measured when the value had to be
   * decoded; -1 when the bytes cannot hold it (Scapy's struct error): the layer is cut short there.
   */
  measure(_pkt: Packet, _buf: Uint8Array, off: number, end: number): number | Measured {
    return this.bits >= 0 ? Math.min(end - off, this.bits >> 3) : end - off;
  }

  /** Decodes the value from buf[off, end) (the exact bytes this field took). */
  decode(_pkt: Packet, buf: Uint8Array, off: number, _end: number): unknown {
    return this.readFixed(buf, off, 0);
  }

  /** Appends the internal value (null: computed or resolved here) to the writer. */
  abstract write(w: Writer, value: unknown, pkt: Packet): void;

  /** For bit-packed fields: the value as an unsigned integer of `bits` bits. */
  toBits(_value: unknown, _pkt: Packet): number {
    return 0;
  }

  /** Writes a trailer field's value after the payload (the header writer writes nothing for it). */
  writeTrailer(_w: Writer, _value: unknown, _pkt: Packet): void {
    throw new Error(`${this.kindName} ${this.name} is not a trailer field`);
  }

  /** Text for show() and repr (Scapy's i2repr). */
  repr(value: unknown, _pkt: Packet): string {
    return value === null || value === undefined ? "None" : String(value);
  }

  /** Python literal for command() (Scapy uses repr() of the internal value). */
  literal(value: unknown, _pkt: Packet): string {
    return value === null || value === undefined ? "None" : String(value);
  }

  /** Bytes the value takes when written (Scapy's i2len), used by length fields. */
  lengthOf(value: unknown, pkt: Packet): number {
    if (this.bits >= 0) return this.bits >> 3;
    const w = new Writer(64);
    this.write(w, value, pkt);
    return w.pos;
  }

  /** Number of items (Scapy's i2count), used by count fields. */
  countOf(value: unknown): number {
    return Array.isArray(value) ? value.length : value === null || value === undefined ? 0 : 1;
  }

  /** Present in this packet? Only fields declared with a condition may say no (a throwing condition is a bug: it propagates). */
  present(pkt: Packet): boolean {
    return this.when === null || this.when(pkt);
  }

  /** The field that actually applies to this packet (multiple-type fields pick one). */
  resolve(_pkt: Packet): AnyField {
    return this as AnyField;
  }

  /** Value used when none is set: the declared default; some fields compute one from the packet. */
  defaultFor(_pkt: Packet): unknown {
    return this.defaultValue;
  }

  /** Description for ls(): "BitField  (4 bits)", "MultipleTypeField (...)", "XShortField (Cond)". */
  describe(): string {
    return this.when !== null ? `${this.describeKind()} (Cond)` : this.describeKind();
  }

  /** The kind's own part of describe(). */
  describeKind(): string {
    return this.kindName;
  }
}

export type AnyField = Field<string, any, any, string>;

/**
 * The value of field `name` of pkt, as its property gives it: for field kinds whose reading or
 * writing depends on a sibling they name (and list in their refs, so the layer checks it exists).
 */
export function siblingValue(pkt: Packet, name: string): unknown {
  return (pkt as unknown as Record<string, unknown>)[name];
}

export function invalid(message: string): never {
  throw new FieldValueError(message);
}
