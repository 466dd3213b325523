/**
 * BER (and DER) encoding of ASN.1 values, as Scapy's scapy/asn1/ber.py does it: the same bytes
 * built, the same objects and the same errors (messages included) read back. Decoding works on
 * offsets into one buffer (no slicing), refuses nesting deeper than MAX_DEPTH, and never reads
 * past the region it is given: a length that lies or overflows is an error naming the codec, the
 * offset and the sizes.
 *
 * DER is BER with one way to write each value: the encoder already writes minimal lengths (as
 * Scapy's), and a DER decoder refuses indefinite lengths, long-form lengths that fit the short
 * form or carry leading zeros, integers with redundant leading bytes and booleans other than
 * 0x00/0xff.
 */
import { parseIPv4, ipv4FromNumber } from "../addr.ts";
import { utf8 } from "../bytes.ts";
import { Volatile } from "../values.ts";
import {
  ASN1_BADTAG,
  ASN1_BIT_STRING,
  ASN1_BOOLEAN,
  ASN1_BMP_STRING,
  ASN1_Class_UNIVERSAL as U,
  ASN1_COUNTER32,
  ASN1_DECODING_ERROR,
  ASN1_ENUMERATED,
  ASN1_GAUGE32,
  ASN1_GENERAL_STRING,
  ASN1_GENERALIZED_TIME,
  ASN1_IA5_STRING,
  ASN1_INTEGER,
  ASN1_IPADDRESS,
  ASN1_ISO646_STRING,
  ASN1_NULL,
  ASN1_NUMERIC_STRING,
  ASN1_Object,
  ASN1_OID,
  ASN1_PRINTABLE_STRING,
  ASN1_SEQUENCE,
  ASN1_SET,
  ASN1_STRING,
  ASN1_T61_STRING,
  ASN1_TIME_TICKS,
  ASN1_UNIVERSAL_STRING,
  ASN1_UTC_TIME,
  ASN1_UTF8_STRING,
  ASN1_VIDEOTEX_STRING,
  ASN1_force,
  pyValueRepr,
  type ASN1Int,
} from "./objects.ts";

/** Deeper nesting than this is refused (a decoding error), so hostile input cannot exhaust the stack. */
export const MAX_DEPTH = 128;

/** Scapy's ASN1_Error: encoding or decoding that cannot go on. */
export class ASN1Error extends Error {
  override name = "ASN1_Error";
}

/** Scapy's BER_Decoding_Error; `at` is the offset where the value that failed starts. */
export class BERDecodingError extends ASN1Error {
  override name = "BER_Decoding_Error";
  constructor(
    message: string,
    readonly at: number,
  ) {
    super(message);
  }
}

/** The identifier was not the one expected (Scapy's BER_BadTag_Decoding_Error): safe decoding keeps the object as a BADTAG. */
export class BERBadTagError extends BERDecodingError {
  override name = "BER_BadTag_Decoding_Error";
}

export type ObjectClass = new (val: never) => ASN1_Object;

/** One tag of a context: its name, the class of its objects and its codec (null: Scapy has none for it). */
export interface TagDef {
  readonly tag: number;
  readonly name: string;
  readonly objectClass: ObjectClass | null;
  readonly codec: Codec | null;
}

/** An ASN.1 class (Scapy's ASN1_Class_UNIVERSAL, ASN1_Class_SNMP...): the tags a generic decoder knows. */
export class ASN1Context {
  readonly tags = new Map<number, TagDef>();
  constructor(
    readonly name: string,
    parent?: ASN1Context,
  ) {
    if (parent) for (const [k, v] of parent.tags) this.tags.set(k, v);
  }
  define(tag: number, name: string, objectClass: ObjectClass | null, codec: Codec | null): this {
    this.tags.set(tag, { tag, name, objectClass, codec });
    return this;
  }
}

/** State of one decoding: the buffer, the context, safe (Scapy's safedec) or not, the depth, DER rules. */
export interface DecodeState {
  readonly buf: Uint8Array;
  readonly context: ASN1Context;
  readonly safe: boolean;
  readonly der: boolean;
  depth: number;
}

export function decodeState(buf: Uint8Array, context: ASN1Context, safe = false, der = false): DecodeState {
  return { buf, context, safe, der, depth: 0 };
}

/** Scapy's tag repr: `<ASN1Tag INTEGER[2]>`. */
export function tagRepr(tag: number, context: ASN1Context = UNIVERSAL): string {
  const def = context.tags.get(tag);
  return `<ASN1Tag ${def?.name ?? "?"}[${tag}]>`;
}

// ---------------------------------------------------------------- lengths, numbers, identifiers

/** Scapy's BER_len_enc: short form up to 127 (unless size asks for more bytes), else 0x80|n then n bytes. */
export function berLenEnc(len: number, size = 0): number[] {
  if (len <= 127 && size === 0) return [len];
  const out: number[] = [];
  let l = len;
  while (l > 0 || size > 0) {
    out.unshift(l % 256);
    l = Math.floor(l / 256);
    size--;
  }
  if (out.length > 127) throw new ASN1Error(`BER_len_enc: Length too long (${out.length}) to be encoded`);
  return [out.length | 0x80, ...out];
}

/**
 * Scapy's BER_len_dec at buf[off, end): [length, offset after it]. An indefinite length (0x80)
 * reads as 0, as Scapy reads it (DER refuses it); a length too big to count is Infinity, which no
 * region holds.
 */
export function berLenDec(d: DecodeState, off: number, end: number): [number, number] {
  const buf = d.buf;
  if (off >= end) throw new BERDecodingError("BER_len_dec: no length byte", off);
  const first = buf[off]!;
  if (!(first & 0x80)) return [first, off + 1];
  const n = first & 0x7f;
  if (end - off <= n) throw new BERDecodingError(`BER_len_dec: Got ${end - off - 1} bytes while expecting ${n}`, off);
  if (d.der) {
    if (n === 0) throw new BERDecodingError(`DER: indefinite length at offset ${off}`, off);
    if (buf[off + 1] === 0) throw new BERDecodingError(`DER: length with a leading zero byte at offset ${off}`, off);
  }
  let len = 0;
  for (let i = 1; i <= n; i++) len = len * 256 + buf[off + i]!;
  if (!Number.isSafeInteger(len)) len = Infinity;
  if (d.der && len < 128) throw new BERDecodingError(`DER: long-form length ${len} at offset ${off} fits the short form`, off);
  return [len, off + 1 + n];
}

/** Scapy's BER_num_enc: base 128, high bit on every byte but the last (at least `size` bytes). */
export function berNumEnc(value: ASN1Int, size = 1): number[] {
  let v = BigInt(value);
  if (v < 0n) throw new ASN1Error(`BER_num_enc: negative number ${v}`);
  const out: number[] = [];
  while (v > 0n || size > 0) {
    out.unshift(Number(v & 0x7fn) | (out.length > 0 ? 0x80 : 0));
    v >>= 7n;
    size--;
  }
  return out;
}

/** Scapy's BER_num_dec: [value, offset after it]; a number too big for a double is a bigint. */
export function berNumDec(d: DecodeState, off: number, end: number, clsId = 0): [ASN1Int, number] {
  const buf = d.buf;
  if (off >= end) throw new BERDecodingError("BER_num_dec: got empty string", off);
  let x: ASN1Int = clsId;
  let i = off;
  for (; i < end; i++) {
    const c = buf[i]!;
    if (typeof x === "number" && x >= 2 ** 45) x = BigInt(x);
    x = typeof x === "bigint" ? (x << 7n) | BigInt(c & 0x7f) : x * 128 + (c & 0x7f);
    if (!(c & 0x80)) return [x, i + 1];
  }
  throw new BERDecodingError("BER_num_dec: unfinished number description", off);
}

/** Scapy's BER_id_dec: the tag with its class and constructed bits, as Scapy keeps it. */
export function berIdDec(d: DecodeState, off: number, end: number): [number, number] {
  const x = d.buf[off]!;
  if ((x & 0x1f) !== 0x1f) return [x, off + 1];
  const [n, next] = berNumDec(d, off + 1, end, x >> 5);
  if (typeof n === "bigint" || n > Number.MAX_SAFE_INTEGER) throw new BERDecodingError(`BER_id_dec: tag number too large at offset ${off}`, off);
  return [n, next];
}

/** Scapy's BER_id_enc. */
export function berIdEnc(n: number): number[] {
  if (n < 256) return [n];
  const s = berNumEnc(n);
  return [((s[0]! & 0x07) << 5) | 0x1f, ...s.slice(1)];
}

/** Scapy's BER_tagging_enc: an implicit tag replaces the first identifier byte, an explicit one wraps the value. */
export function berTaggingEnc(s: Uint8Array, hiddenTag: number, implicitTag: number | null, explicitTag: number | null): Uint8Array {
  if (s.length === 0) return s;
  if (implicitTag !== null) {
    const id = berIdEnc((hiddenTag & ~0x1f) | implicitTag);
    const out = new Uint8Array(id.length + s.length - 1);
    out.set(id);
    out.set(s.subarray(1), id.length);
    return out;
  }
  if (explicitTag !== null) return concat([berIdEnc(explicitTag), berLenEnc(s.length)], s);
  return s;
}

/** Where a tagged value's own identifier starts, or (implicit tagging) ends, once the tagging is read. */
export interface Untagged {
  /** Offset of what the codec reads. */
  off: number;
  /** With an implicit tag, the identifier ends here and counts as the hidden tag (-1 otherwise). */
  idEnd: number;
}

/** Scapy's BER_tagging_dec, on offsets. */
export function berTaggingDec(d: DecodeState, off: number, end: number, implicitTag: number | null, explicitTag: number | null, safe: boolean, fname: string): Untagged {
  if (off < end) {
    if (implicitTag !== null) {
      const [id, next] = berIdDec(d, off, end);
      if (id !== implicitTag && !safe && (id & 0x1f) !== (implicitTag & 0x1f)) throw new BERDecodingError(mismatch(id, implicitTag, fname), off);
      return { off, idEnd: next };
    }
    if (explicitTag !== null) {
      const [id, next] = berIdDec(d, off, end);
      if (id !== explicitTag && !safe) throw new BERDecodingError(mismatch(id, explicitTag, fname), off);
      // Scapy skips the explicit length without holding the value to it.
      return { off: berLenDec(d, next, end)[1], idEnd: -1 };
    }
  }
  return { off, idEnd: -1 };
}

const hex2 = (n: number) => n.toString(16).padStart(2, "0");
const mismatch = (id: number, tag: number, fname: string) => `BER_tagging_dec: observed tag 0x${hex2(id)} does not match expected tag 0x${hex2(tag)} (${fname})`;

function concat(prefix: number[][], body: Uint8Array | number[]): Uint8Array {
  let n = body.length;
  for (const p of prefix) n += p.length;
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of prefix) {
    out.set(p, at);
    at += p.length;
  }
  out.set(body, at);
  return out;
}

/** Identifier, length and content: one TLV. */
export function tlv(tag: number, content: Uint8Array | number[]): Uint8Array {
  return concat([berIdEnc(tag), berLenEnc(content.length)], content);
}

// ---------------------------------------------------------------- codecs

/** Scapy's BERcodec_* classes: encode a value to its TLV, decode a TLV to an object. */
export abstract class Codec {
  constructor(
    /** Scapy's codec class name (BERcodec_INTEGER): error messages name it. */
    readonly name: string,
    readonly tag: number,
    readonly objectClass: ObjectClass,
  ) {}

  abstract enc(value: unknown): Uint8Array;

  /** Reads the value at buf[off, end) (its identifier already read when idEnd >= 0); [object, offset after it]. */
  protected abstract doDec(d: DecodeState, off: number, end: number, idEnd: number): [ASN1_Object, number];

  make(val: unknown): ASN1_Object {
    return new this.objectClass(val as never);
  }

  /** Scapy's dec(s, context, safe): in safe mode a failure becomes an ASN1_DECODING_ERROR (or an ASN1_BADTAG). */
  dec(d: DecodeState, off: number, end: number, idEnd = -1): [ASN1_Object, number] {
    if (!d.safe) return this.doDec(d, off, end, idEnd);
    return safely(d, off, end, () => this.doDec(d, off, end, idEnd));
  }

  /** Scapy's check_type_get_len: [length, content start]. */
  protected typeAndLength(d: DecodeState, off: number, end: number, idEnd: number): [number, number] {
    if (off >= end) throw new BERDecodingError(`${this.name}: Got empty object while expecting tag ${tagRepr(this.tag)}`, off);
    let next = idEnd;
    if (next < 0) {
      const [tag, after] = berIdDec(d, off, end);
      if (tag !== this.tag) throw new BERBadTagError(`${this.name}: Got tag [${tag}/0x${tag.toString(16)}] while expecting ${tagRepr(this.tag)}`, off);
      next = after;
    }
    if (next >= end) throw new BERDecodingError(`${this.name}: No bytes while expecting a length`, off);
    return berLenDec(d, next, end);
  }

  /** Scapy's check_type_check_len: [content start, content end]; the content must be there. */
  protected content(d: DecodeState, off: number, end: number, idEnd: number): [number, number] {
    const [len, start] = this.typeAndLength(d, off, end, idEnd);
    if (end - start < len) throw new BERDecodingError(`${this.name}: Got ${end - start} bytes while expecting ${len}`, off);
    return [start, start + len];
  }

  /** The content bounds of a value of this codec's tag at off (what a SEQUENCE container needs). */
  header(d: DecodeState, off: number, end: number, idEnd = -1): [number, number] {
    return this.content(d, off, end, idEnd);
  }
}

function safely(d: DecodeState, off: number, end: number, run: () => [ASN1_Object, number]): [ASN1_Object, number] {
  try {
    return run();
  } catch (e) {
    if (e instanceof BERBadTagError) {
      const [o, next] = decodeAny(d, off, end);
      return [new ASN1_BADTAG(o), next];
    }
    if (e instanceof ASN1Error) return [new ASN1_DECODING_ERROR(d.buf.slice(off, end), e.message), end];
    throw e;
  }
}

/** INTEGER and the kinds encoded as one (BOOLEAN, ENUMERATED, COUNTER32, GAUGE32, TIME_TICKS). */
class IntegerCodec extends Codec {
  enc(value: unknown): Uint8Array {
    return tlv(this.tag, integerBytes(toInteger(value, this.name)));
  }
  protected doDec(d: DecodeState, off: number, end: number, idEnd: number): [ASN1_Object, number] {
    const [start, stop] = this.content(d, off, end, idEnd);
    const buf = d.buf;
    if (d.der) {
      if (stop === start && this.tag !== U.NULL) throw new BERDecodingError(`DER: ${this.name} with no content at offset ${off}`, off);
      if (stop - start > 1 && ((buf[start] === 0 && !(buf[start + 1]! & 0x80)) || (buf[start] === 0xff && buf[start + 1]! & 0x80))) {
        throw new BERDecodingError(`DER: ${this.name} with a redundant leading byte at offset ${off}`, off);
      }
      if (this.tag === U.BOOLEAN && (stop - start !== 1 || (buf[start] !== 0 && buf[start] !== 0xff))) throw new BERDecodingError(`DER: BOOLEAN other than 0x00 or 0xff at offset ${off}`, off);
    }
    return [this.make(readInteger(buf, start, stop)), stop];
  }
}

/** Scapy's NULL: written 05 00 for 0, any other value as an integer under tag 5. */
class NullCodec extends IntegerCodec {
  override enc(value: unknown): Uint8Array {
    if (value === 0 || value === 0n || value === null) return Uint8Array.of(this.tag, 0);
    return super.enc(value);
  }
}

function toInteger(value: unknown, codec: string): bigint {
  if (typeof value === "bigint") return value;
  if (typeof value === "number" && Number.isInteger(value)) return BigInt(value);
  if (typeof value === "boolean") return value ? 1n : 0n;
  if (value instanceof ASN1_Object) return toInteger(value.val, codec);
  // A volatile (Scapy's IntAutoTime default of a trap's time stamp) is drawn when written.
  if (value instanceof Volatile) return toInteger(value.draw(), codec);
  throw new ASN1Error(`${codec}: cannot encode ${pyValueRepr(value)} as an integer`);
}

/** Scapy's integer bytes (two's complement, a 00 before a high bit; -128..-1 in one byte, as its loop gives). */
export function integerBytes(value: bigint): number[] {
  const ls: number[] = [];
  let i = value;
  for (;;) {
    ls.push(Number(i & 0xffn));
    if (i >= -127n && i < 0n) break;
    if (i >= 128n && i <= 255n) ls.push(0);
    i >>= 8n;
    if (i === 0n) break;
  }
  return ls.reverse();
}

/** Two's complement big-endian integer of buf[start, stop): a number when it fits a double exactly. */
export function readInteger(buf: Uint8Array, start: number, stop: number): ASN1Int {
  if (stop === start) return 0;
  if (stop - start <= 6) {
    let x = buf[start]! & 0x80 ? -1 : 0;
    for (let k = start; k < stop; k++) x = x * 256 + buf[k]!;
    return x;
  }
  let x = buf[start]! & 0x80 ? -1n : 0n;
  for (let k = start; k < stop; k++) x = (x << 8n) | BigInt(buf[k]!);
  return x >= BigInt(Number.MIN_SAFE_INTEGER) && x <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(x) : x;
}

const textEncoder = new TextEncoder();

/** Byte strings of every kind (text is written as UTF-8, as Scapy's bytes_encode). */
class StringCodec extends Codec {
  enc(value: unknown): Uint8Array {
    return tlv(this.tag, stringBytes(value, this.name));
  }
  protected doDec(d: DecodeState, off: number, end: number, idEnd: number): [ASN1_Object, number] {
    const [start, stop] = this.content(d, off, end, idEnd);
    return [this.make(d.buf.slice(start, stop)), stop];
  }
}

function stringBytes(value: unknown, codec: string): Uint8Array {
  if (value instanceof Uint8Array) return value;
  if (typeof value === "string") return textEncoder.encode(value);
  if (value instanceof ASN1_Object) return stringBytes(value.val, codec);
  if (typeof value === "number" || typeof value === "bigint") return textEncoder.encode(String(value));
  throw new ASN1Error(`${codec}: cannot encode ${pyValueRepr(value)} as a string`);
}

class IPAddressCodec extends Codec {
  enc(value: unknown): Uint8Array {
    const text = value instanceof ASN1_Object ? value.val : value;
    const n = typeof text === "string" ? parseIPv4(text) : -1;
    if (n < 0) throw new ASN1Error("IPv4 address could not be encoded");
    return tlv(this.tag, [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]);
  }
  protected doDec(d: DecodeState, off: number, end: number, idEnd: number): [ASN1_Object, number] {
    const [start, stop] = this.content(d, off, end, idEnd);
    if (stop - start !== 4) throw new BERDecodingError("IP address could not be decoded", start);
    const b = d.buf;
    return [this.make(ipv4FromNumber(((b[start]! << 24) | (b[start + 1]! << 16) | (b[start + 2]! << 8) | b[start + 3]!) >>> 0)), stop];
  }
}

class OIDCodec extends Codec {
  enc(value: unknown): Uint8Array {
    const text = value instanceof ASN1_Object ? String(value.val) : value instanceof Uint8Array ? new TextDecoder().decode(value) : String(value);
    const trimmed = text.replace(/^\.+|\.+$/g, "");
    const parts = trimmed ? trimmed.split(".") : [];
    if (parts.some((x) => !/^\d+$/.test(x))) throw new ASN1Error(`${this.name}: ${JSON.stringify(text)} is not a dotted OID`);
    const lst = parts.map((x) => BigInt(x));
    if (lst.length >= 2) lst.splice(0, 2, lst[1]! + 40n * lst[0]!);
    const body: number[] = [];
    for (const k of lst) body.push(...berNumEnc(k));
    return tlv(this.tag, body);
  }
  protected doDec(d: DecodeState, off: number, end: number, idEnd: number): [ASN1_Object, number] {
    const [start, stop] = this.content(d, off, end, idEnd);
    const lst: ASN1Int[] = [];
    for (let at = start; at < stop; ) {
      const [n, next] = berNumDec(d, at, stop);
      lst.push(n);
      at = next;
    }
    if (lst.length > 0) {
      const first = BigInt(lst[0]!);
      lst.splice(0, 1, first / 40n, first % 40n);
    }
    return [this.make(lst.join(".")), stop];
  }
}

class BitStringCodec extends Codec {
  enc(value: unknown): Uint8Array {
    const v = value instanceof ASN1_BIT_STRING ? value.val : typeof value === "string" ? value : value instanceof Uint8Array ? new TextDecoder().decode(value) : null;
    if (v === null || !/^[01]*$/.test(v)) throw new ASN1Error(`${this.name}: ${pyValueRepr(value)} is not a string of bits`);
    const unused = v.length % 8 === 0 ? 0 : 8 - (v.length % 8);
    const padded = v + "0".repeat(unused);
    const body = [unused];
    for (let i = 0; i < padded.length; i += 8) body.push(parseInt(padded.slice(i, i + 8), 2));
    return tlv(this.tag, body);
  }
  protected doDec(d: DecodeState, off: number, end: number, idEnd: number): [ASN1_Object, number] {
    const [start, stop] = this.content(d, off, end, idEnd);
    if (stop === start) throw new BERDecodingError("BERcodec_BIT_STRING found no content (not even unused_bits byte)", start);
    const unused = d.buf[start]!;
    if (d.safe && unused > 7) throw new BERDecodingError("BERcodec_BIT_STRING: too many unused_bits advertised", start);
    let bits = "";
    for (let k = start + 1; k < stop; k++) bits += d.buf[k]!.toString(2).padStart(8, "0");
    if (unused > 0) bits = bits.slice(0, Math.max(0, bits.length - unused));
    return [new ASN1_BIT_STRING(bits), stop];
  }
}

/** SEQUENCE and SET: the objects inside, each decoded by its own tag (nesting bounded by MAX_DEPTH). */
class SequenceCodec extends Codec {
  enc(value: unknown): Uint8Array {
    const v = value instanceof ASN1_Object ? value.val : value;
    if (v instanceof Uint8Array) return tlv(this.tag, v);
    if (typeof v === "string") return tlv(this.tag, utf8(v));
    if (Array.isArray(v)) return tlv(this.tag, concatAll(v.map((x) => encodeObject(x as ASN1_Object))));
    throw new ASN1Error(`${this.name}: cannot encode ${pyValueRepr(v)} as a sequence`);
  }
  protected doDec(d: DecodeState, off: number, end: number, idEnd: number): [ASN1_Object, number] {
    const [len, start] = this.typeAndLength(d, off, end, idEnd);
    if (d.depth >= MAX_DEPTH) throw new BERDecodingError(`${this.name}: nested deeper than ${MAX_DEPTH} levels at offset ${off}`, off);
    const stop = Math.min(end, start + len);
    const objs: ASN1_Object[] = [];
    d.depth++;
    try {
      for (let at = start; at < stop; ) {
        const [o, next] = decodeAny(d, at, stop);
        objs.push(o);
        if (next <= at) break;
        at = next;
      }
    } finally {
      d.depth--;
    }
    if (end - start < len) throw new BERDecodingError("Not enough bytes to decode sequence", off);
    return [this.make(objs), stop];
  }
}

export function concatAll(parts: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Scapy's BERcodec_Object.do_dec: the tag picks the codec in the context. */
export function decodeAny(d: DecodeState, off: number, end: number): [ASN1_Object, number] {
  if (!d.safe) return decodeAnyUnsafe(d, off, end);
  return safely(d, off, end, () => decodeAnyUnsafe(d, off, end));
}

function decodeAnyUnsafe(d: DecodeState, off: number, end: number): [ASN1_Object, number] {
  if (off >= end) throw new BERDecodingError(`BERcodec_Object: Got empty object while expecting tag ${tagRepr(U.ANY)}`, off);
  const [p] = berIdDec(d, off, end);
  const def = d.context.tags.get(p);
  if (p === U.ANY) {
    // Scapy's "value type defined as Unknown": a base-128 length, then that many bytes kept as they are.
    const [l, next] = berNumDec(d, off + 1, end);
    const stop = Math.min(end, next + Number(l));
    return [new ASN1_BADTAG(d.buf.slice(next, stop)), stop];
  }
  if (def === undefined || p < 0) {
    const shown = end - off > 18 ? new Uint8Array([...d.buf.subarray(off, off + 15), 46, 46, 46]) : d.buf.subarray(off, end);
    throw new BERDecodingError(`Unknown prefix [${hex2(p)}] for [${pyValueRepr(shown)}]`, off);
  }
  if (def.codec === null) throw new ASN1Error(`Codec <ASN1Codec BER[1]> not found for tag ${tagRepr(p, d.context)}`);
  return def.codec.dec(d, off, end);
}

/** Scapy's obj.enc(BER): the TLV of an object (errors and forced values as they hold them). */
export function encodeObject(obj: ASN1_Object): Uint8Array {
  if (obj instanceof ASN1_DECODING_ERROR || obj instanceof ASN1_force) {
    return obj.val instanceof ASN1_Object ? encodeObject(obj.val) : obj.val;
  }
  const def = UNIVERSAL.tags.get(obj.tag) ?? contextTags.get(obj.tag);
  if (!def?.codec) throw new ASN1Error(`Codec <ASN1Codec BER[1]> not found for tag ${tagRepr(obj.tag)}`);
  return def.codec.enc(obj.val);
}

/** Tags of every context defined (SNMP's PDUs...), so that their objects encode. */
const contextTags = new Map<number, TagDef>();

/** Defines a context tag everywhere objects are encoded (used by layers declaring their own ASN.1 class). */
export function registerContextTag(def: TagDef): void {
  contextTags.set(def.tag, def);
}

// ---------------------------------------------------------------- the universal class

export const INTEGER_CODEC = new IntegerCodec("BERcodec_INTEGER", U.INTEGER, ASN1_INTEGER);
export const BOOLEAN_CODEC = new IntegerCodec("BERcodec_BOOLEAN", U.BOOLEAN, ASN1_BOOLEAN);
export const ENUMERATED_CODEC = new IntegerCodec("BERcodec_ENUMERATED", U.ENUMERATED, ASN1_ENUMERATED);
export const NULL_CODEC = new NullCodec("BERcodec_NULL", U.NULL, ASN1_NULL);
export const OID_CODEC = new OIDCodec("BERcodec_OID", U.OID, ASN1_OID);
export const BIT_STRING_CODEC = new BitStringCodec("BERcodec_BIT_STRING", U.BIT_STRING, ASN1_BIT_STRING);
export const STRING_CODEC = new StringCodec("BERcodec_STRING", U.STRING, ASN1_STRING);
export const IPADDRESS_CODEC = new IPAddressCodec("BERcodec_IPADDRESS", U.IPADDRESS, ASN1_IPADDRESS);
export const COUNTER32_CODEC = new IntegerCodec("BERcodec_COUNTER32", U.COUNTER32, ASN1_COUNTER32);
export const GAUGE32_CODEC = new IntegerCodec("BERcodec_GAUGE32", U.GAUGE32, ASN1_GAUGE32);
export const TIME_TICKS_CODEC = new IntegerCodec("BERcodec_TIME_TICKS", U.TIME_TICKS, ASN1_TIME_TICKS);
export const SEQUENCE_CODEC = new SequenceCodec("BERcodec_SEQUENCE", U.SEQUENCE, ASN1_SEQUENCE);
export const SET_CODEC = new SequenceCodec("BERcodec_SET", U.SET, ASN1_SET);

/** A sequence codec under another tag (SNMP's PDUs are sequences tagged 0xa0-0xa8). */
export function sequenceCodec(name: string, tag: number, objectClass: ObjectClass): Codec {
  return new SequenceCodec(name, tag, objectClass);
}

const stringCodec = (name: string, tag: number, cls: ObjectClass) => new StringCodec(name, tag, cls);

/** Scapy's ASN1_Class_UNIVERSAL with its codecs. */
export const UNIVERSAL = new ASN1Context("UNIVERSAL")
  .define(U.ERROR, "ERROR", ASN1_DECODING_ERROR, null)
  .define(U.RAW, "RAW", ASN1_force, null)
  .define(U.NONE, "NONE", null, null)
  .define(U.ANY, "ANY", ASN1_Object, null)
  .define(U.BOOLEAN, "BOOLEAN", ASN1_BOOLEAN, BOOLEAN_CODEC)
  .define(U.INTEGER, "INTEGER", ASN1_INTEGER, INTEGER_CODEC)
  .define(U.BIT_STRING, "BIT_STRING", ASN1_BIT_STRING, BIT_STRING_CODEC)
  .define(U.STRING, "STRING", ASN1_STRING, STRING_CODEC)
  .define(U.NULL, "NULL", ASN1_NULL, NULL_CODEC)
  .define(U.OID, "OID", ASN1_OID, OID_CODEC)
  .define(U.OBJECT_DESCRIPTOR, "OBJECT_DESCRIPTOR", null, null)
  .define(U.EXTERNAL, "EXTERNAL", null, null)
  .define(U.REAL, "REAL", null, null)
  .define(U.ENUMERATED, "ENUMERATED", ASN1_ENUMERATED, ENUMERATED_CODEC)
  .define(U.EMBEDDED_PDF, "EMBEDDED_PDF", null, null)
  .define(U.UTF8_STRING, "UTF8_STRING", ASN1_UTF8_STRING, stringCodec("BERcodec_UTF8_STRING", U.UTF8_STRING, ASN1_UTF8_STRING))
  .define(U.RELATIVE_OID, "RELATIVE_OID", null, null)
  .define(U.SEQUENCE, "SEQUENCE", ASN1_SEQUENCE, SEQUENCE_CODEC)
  .define(U.SET, "SET", ASN1_SET, SET_CODEC)
  .define(U.NUMERIC_STRING, "NUMERIC_STRING", ASN1_NUMERIC_STRING, stringCodec("BERcodec_NUMERIC_STRING", U.NUMERIC_STRING, ASN1_NUMERIC_STRING))
  .define(U.PRINTABLE_STRING, "PRINTABLE_STRING", ASN1_PRINTABLE_STRING, stringCodec("BERcodec_PRINTABLE_STRING", U.PRINTABLE_STRING, ASN1_PRINTABLE_STRING))
  .define(U.T61_STRING, "T61_STRING", ASN1_T61_STRING, stringCodec("BERcodec_T61_STRING", U.T61_STRING, ASN1_T61_STRING))
  .define(U.VIDEOTEX_STRING, "VIDEOTEX_STRING", ASN1_VIDEOTEX_STRING, stringCodec("BERcodec_VIDEOTEX_STRING", U.VIDEOTEX_STRING, ASN1_VIDEOTEX_STRING))
  .define(U.IA5_STRING, "IA5_STRING", ASN1_IA5_STRING, stringCodec("BERcodec_IA5_STRING", U.IA5_STRING, ASN1_IA5_STRING))
  .define(U.UTC_TIME, "UTC_TIME", ASN1_UTC_TIME, stringCodec("BERcodec_UTC_TIME", U.UTC_TIME, ASN1_UTC_TIME))
  .define(U.GENERALIZED_TIME, "GENERALIZED_TIME", ASN1_GENERALIZED_TIME, stringCodec("BERcodec_GENERALIZED_TIME", U.GENERALIZED_TIME, ASN1_GENERALIZED_TIME))
  .define(U.GRAPHIC_STRING, "GRAPHIC_STRING", null, null)
  .define(U.ISO646_STRING, "ISO646_STRING", ASN1_ISO646_STRING, stringCodec("BERcodec_ISO646_STRING", U.ISO646_STRING, ASN1_ISO646_STRING))
  .define(U.GENERAL_STRING, "GENERAL_STRING", ASN1_GENERAL_STRING, stringCodec("BERcodec_GENERAL_STRING", U.GENERAL_STRING, ASN1_GENERAL_STRING))
  .define(U.UNIVERSAL_STRING, "UNIVERSAL_STRING", ASN1_UNIVERSAL_STRING, stringCodec("BERcodec_UNIVERSAL_STRING", U.UNIVERSAL_STRING, ASN1_UNIVERSAL_STRING))
  .define(U.CHAR_STRING, "CHAR_STRING", null, null)
  .define(U.BMP_STRING, "BMP_STRING", ASN1_BMP_STRING, stringCodec("BERcodec_BMP_STRING", U.BMP_STRING, ASN1_BMP_STRING))
  .define(U.IPADDRESS, "IPADDRESS", ASN1_IPADDRESS, IPADDRESS_CODEC)
  .define(U.COUNTER32, "COUNTER32", ASN1_COUNTER32, COUNTER32_CODEC)
  .define(U.GAUGE32, "GAUGE32", ASN1_GAUGE32, GAUGE32_CODEC)
  .define(U.TIME_TICKS, "TIME_TICKS", ASN1_TIME_TICKS, TIME_TICKS_CODEC);

/** The codec of a universal tag (null for ANY and the tags Scapy has none for). */
export function codecOf(tag: number, context: ASN1Context = UNIVERSAL): Codec | null {
  return context.tags.get(tag)?.codec ?? contextTags.get(tag)?.codec ?? null;
}

/** Decodes one BER value of any universal tag (Scapy's BER codec dec): [object, offset after it]. */
export function berDecode(buf: Uint8Array, options: { context?: ASN1Context; safe?: boolean; der?: boolean; offset?: number } = {}): [ASN1_Object, number] {
  return decodeAny(decodeState(buf, options.context ?? UNIVERSAL, options.safe ?? false, options.der ?? false), options.offset ?? 0, buf.length);
}
