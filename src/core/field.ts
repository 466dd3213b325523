/**
 * The field kind: one named value of a layer, with its wire format, its default and how it is shown.
 * Layers are declared as lists of fields (like Scapy's fields_desc) and compiled at load time.
 *
 * Values exist in two forms: what users give (any input a field accepts: names for enums, "SA" for
 * flags, text for bytes) and the internal value the packet stores (numbers, address strings,
 * Uint8Array, arrays). `fromUser` converts the first to the second; getters return the internal
 * value (flags are wrapped so they print as names).
 */
import type { Packet } from "./packet.ts";
import { Writer } from "./writer.ts";
import { FieldValueError } from "./errors.ts";

/** A variable-size read that had to decode the value to know its size. */
export class Measured {
  constructor(
    readonly length: number,
    readonly value: unknown,
  ) {}
}

export abstract class Field<N extends string = string, In = unknown, Get = unknown> {
  /** Phantom types for the compiler: what the field accepts and what reading it gives. */
  declare readonly __in: In;
  declare readonly __get: Get;

  /** Scapy's class name for this kind of field, shown by ls(). */
  abstract readonly kindName: string;
  /** Size in bits when it never changes; -1 when it depends on the value or on other fields. */
  bits = -1;
  /** Written through the bit accumulator (BitField, FlagsField): may share bytes with neighbours. */
  bitPacked = false;
  /** A list by nature (options, records): an array value is one value, not alternatives. */
  isList = false;
  /** Holds packets: shown as indented sub-trees. */
  holdsPackets = false;
  /** Short input is read as far as it goes instead of failing (Scapy's fixed-length strings). */
  lenient = false;
  /** Values are objects that users can change in place (arrays, packets): builds re-check them. */
  mutable = false;
  /** Present only in some packets (ConditionalField). */
  conditional = false;
  /** The field that applies is chosen per packet (MultipleTypeField): ask resolve(). */
  dynamic = false;
  /** Some text values stand for several values (networks): see alternatives(). */
  expands = false;
  /** toUser wraps the internal value (flags): reads cannot return it as is. */
  wrapsValue = false;

  constructor(
    readonly name: N,
    /** The internal default; null means "computed at build". */
    readonly defaultValue: unknown,
  ) {}

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
  measure(pkt: Packet, buf: Uint8Array, off: number, end: number): number | Measured {
    return this.bits >= 0 ? Math.min(end - off, this.bits >> 3) : end - off;
  }

  /** Decodes the value from buf[off, end) (the exact bytes this field took). */
  decode(pkt: Packet, buf: Uint8Array, off: number, _end: number): unknown {
    return this.readFixed(buf, off, 0);
  }

  /** Appends the internal value (null: computed or resolved here) to the writer. */
  abstract write(w: Writer, value: unknown, pkt: Packet): void;

  /** For bit-packed fields: the value as an unsigned integer of `bits` bits. */
  toBits(_value: unknown, _pkt: Packet): number {
    return 0;
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

  /** Present in this packet? Only conditional fields say no. */
  present(_pkt: Packet): boolean {
    return true;
  }

  /** The field that actually applies to this packet (multiple-type fields pick one). */
  resolve(_pkt: Packet): Field {
    return this;
  }

  /** Value used when none is set: the declared default; some fields compute one from the packet. */
  defaultFor(_pkt: Packet): unknown {
    return this.defaultValue;
  }

  /** Description for ls(): "BitField  (4 bits)", "MultipleTypeField (...)". */
  describe(): string {
    return this.kindName;
  }
}

export type AnyField = Field<string, any, any>;

export function invalid(message: string): never {
  throw new FieldValueError(message);
}
