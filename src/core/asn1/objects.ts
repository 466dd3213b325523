/**
 * ASN.1 values as Scapy holds them (scapy/asn1/asn1.py): an object per universal type, carrying
 * its tag and its value (`val`), shown as Scapy's repr (`0x5 <ASN1_INTEGER[5]>`,
 * `<ASN1_OID['.1.3.6.1.2.1.1.1.0']>`, `<ASN1_STRING[b'public']>`). Objects compare by value as
 * Scapy's do (`equals`), and integers convert to numbers (`+obj`, `obj == 5`).
 */
import { pyBytesRepr, pyStrRepr } from "../bytes.ts";
import { mib } from "./mib.ts";

/** Tag numbers of Scapy's ASN1_Class_UNIVERSAL (class and constructed bits included, as Scapy keeps them). */
export const ASN1_Class_UNIVERSAL = {
  ERROR: -3,
  RAW: -2,
  NONE: -1,
  ANY: 0,
  BOOLEAN: 1,
  INTEGER: 2,
  BIT_STRING: 3,
  STRING: 4,
  NULL: 5,
  OID: 6,
  OBJECT_DESCRIPTOR: 7,
  EXTERNAL: 8,
  REAL: 9,
  ENUMERATED: 10,
  EMBEDDED_PDF: 11,
  UTF8_STRING: 12,
  RELATIVE_OID: 13,
  SEQUENCE: 16 | 0x20,
  SET: 17 | 0x20,
  NUMERIC_STRING: 18,
  PRINTABLE_STRING: 19,
  T61_STRING: 20,
  VIDEOTEX_STRING: 21,
  IA5_STRING: 22,
  UTC_TIME: 23,
  GENERALIZED_TIME: 24,
  GRAPHIC_STRING: 25,
  ISO646_STRING: 26,
  GENERAL_STRING: 27,
  UNIVERSAL_STRING: 28,
  CHAR_STRING: 29,
  BMP_STRING: 30,
  IPADDRESS: 0 | 0x40,
  COUNTER32: 1 | 0x40,
  GAUGE32: 2 | 0x40,
  TIME_TICKS: 3 | 0x40,
} as const;

/** Python's repr() of the values ASN.1 objects hold. */
export function pyValueRepr(v: unknown): string {
  if (v === null || v === undefined) return "None";
  if (typeof v === "boolean") return v ? "True" : "False";
  if (typeof v === "string") return pyStrRepr(v);
  if (v instanceof Uint8Array) return pyBytesRepr(v);
  if (Array.isArray(v)) return `[${v.map(pyValueRepr).join(", ")}]`;
  return String(v);
}

/** Python's hex() of an integer. */
function pyHex(v: number | bigint): string {
  const big = BigInt(v);
  return big < 0n ? `-0x${(-big).toString(16)}` : `0x${big.toString(16)}`;
}

export type ASN1Int = number | bigint;

/** Scapy's ASN1_Object: a tag and a value. */
export class ASN1_Object<V = unknown> {
  /** The universal (or context) tag number this class stands for. */
  static readonly tag: number = ASN1_Class_UNIVERSAL.ANY;
  constructor(public val: V) {}

  get tag(): number {
    return (this.constructor as typeof ASN1_Object).tag;
  }

  /** Scapy's class name (ASN1_INTEGER). */
  get className(): string {
    return this.constructor.name;
  }

  /** Scapy's repr(). */
  repr(): string {
    return `<${this.className}[${pyValueRepr(this.val)}]>`;
  }

  toString(): string {
    return this.repr();
  }

  /** Scapy's command(): `ASN1_INTEGER(5)`. */
  command(): string {
    return `${this.className}(${pyValueRepr(this.val)})`;
  }

  /** Scapy's ==: the values compare (an object equals its value, and another object holding it). */
  equals(other: unknown): boolean {
    const o = other instanceof ASN1_Object ? other.val : other;
    const v = this.val as unknown;
    if (v instanceof Uint8Array && o instanceof Uint8Array) return v.length === o.length && v.every((b, i) => b === o[i]);
    if ((typeof v === "number" || typeof v === "bigint") && (typeof o === "number" || typeof o === "bigint")) return BigInt(v) === BigInt(o);
    return v === o;
  }

  copy(): this {
    const c = Object.create(Object.getPrototypeOf(this) as object) as this;
    Object.assign(c, this);
    if (this.val instanceof Uint8Array) (c as { val: unknown }).val = this.val.slice();
    else if (Array.isArray(this.val)) (c as { val: unknown }).val = this.val.map((x: unknown) => (x instanceof ASN1_Object ? x.copy() : x));
    return c;
  }
}

/** Decoding that went wrong where the field allows it (Scapy's safedec): the bytes and why. */
export class ASN1_DECODING_ERROR extends ASN1_Object<Uint8Array | ASN1_Object> {
  static override readonly tag: number = ASN1_Class_UNIVERSAL.ERROR;
  constructor(
    val: Uint8Array | ASN1_Object,
    readonly exc: string = "",
  ) {
    super(val);
  }
  override repr(): string {
    return `<${this.className}[${pyValueRepr(this.val instanceof ASN1_Object ? this.val.repr() : this.val)}]{{${pyStrRepr(this.exc)}}}>`;
  }
}

/** Bytes or an object written as they are (Scapy's ASN1_force). */
export class ASN1_force extends ASN1_Object<Uint8Array | ASN1_Object> {
  static override readonly tag: number = ASN1_Class_UNIVERSAL.RAW;
  override repr(): string {
    return `<${this.className}[${this.val instanceof ASN1_Object ? this.val.repr() : pyValueRepr(this.val)}]>`;
  }
}

/** An object found where another tag was expected (safe decoding). */
export class ASN1_BADTAG extends ASN1_force {}

export class ASN1_INTEGER extends ASN1_Object<ASN1Int> {
  static override readonly tag: number = ASN1_Class_UNIVERSAL.INTEGER;
  override repr(): string {
    let h = pyHex(this.val);
    // Scapy cuts long values (x509 serials).
    if (h.length > 22) h = h.slice(0, 12) + "..." + h.slice(-10);
    let r = String(this.val);
    if (r.length > 20) r = r.slice(0, 10) + "..." + r.slice(-10);
    return `${h} <${this.className}[${r}]>`;
  }
  override valueOf(): number {
    return Number(this.val);
  }
}

export class ASN1_BOOLEAN extends ASN1_INTEGER {
  static override readonly tag: number = ASN1_Class_UNIVERSAL.BOOLEAN;
  // BER: 0 is False, anything else True (0xff decodes as -1, as in Scapy).
  override repr(): string {
    return `${BigInt(this.val) !== 0n ? "True" : "False"} <${this.className}[${String(this.val)}]>`;
  }
}

export class ASN1_ENUMERATED extends ASN1_INTEGER {
  static override readonly tag: number = ASN1_Class_UNIVERSAL.ENUMERATED;
}
export class ASN1_COUNTER32 extends ASN1_INTEGER {
  static override readonly tag: number = ASN1_Class_UNIVERSAL.COUNTER32;
}
export class ASN1_GAUGE32 extends ASN1_INTEGER {
  static override readonly tag: number = ASN1_Class_UNIVERSAL.GAUGE32;
}
export class ASN1_TIME_TICKS extends ASN1_INTEGER {
  static override readonly tag: number = ASN1_Class_UNIVERSAL.TIME_TICKS;
}

export class ASN1_NULL extends ASN1_Object<ASN1Int | null> {
  static override readonly tag: number = ASN1_Class_UNIVERSAL.NULL;
}

/** Text or bytes (a string given as text keeps being text, as in Scapy). */
export class ASN1_STRING extends ASN1_Object<Uint8Array | string> {
  static override readonly tag: number = ASN1_Class_UNIVERSAL.STRING;
}
export class ASN1_UTF8_STRING extends ASN1_STRING {
  static override readonly tag: number = ASN1_Class_UNIVERSAL.UTF8_STRING;
}
export class ASN1_NUMERIC_STRING extends ASN1_STRING {
  static override readonly tag: number = ASN1_Class_UNIVERSAL.NUMERIC_STRING;
}
export class ASN1_PRINTABLE_STRING extends ASN1_STRING {
  static override readonly tag: number = ASN1_Class_UNIVERSAL.PRINTABLE_STRING;
}
export class ASN1_T61_STRING extends ASN1_STRING {
  static override readonly tag: number = ASN1_Class_UNIVERSAL.T61_STRING;
}
export class ASN1_VIDEOTEX_STRING extends ASN1_STRING {
  static override readonly tag: number = ASN1_Class_UNIVERSAL.VIDEOTEX_STRING;
}
export class ASN1_IA5_STRING extends ASN1_STRING {
  static override readonly tag: number = ASN1_Class_UNIVERSAL.IA5_STRING;
}
export class ASN1_GENERAL_STRING extends ASN1_STRING {
  static override readonly tag: number = ASN1_Class_UNIVERSAL.GENERAL_STRING;
}
export class ASN1_ISO646_STRING extends ASN1_STRING {
  static override readonly tag: number = ASN1_Class_UNIVERSAL.ISO646_STRING;
}
export class ASN1_UNIVERSAL_STRING extends ASN1_STRING {
  static override readonly tag: number = ASN1_Class_UNIVERSAL.UNIVERSAL_STRING;
}
export class ASN1_BMP_STRING extends ASN1_STRING {
  static override readonly tag: number = ASN1_Class_UNIVERSAL.BMP_STRING;
}
/** An IPv4 address (SNMP's IpAddress), held as dotted text. */
export class ASN1_IPADDRESS extends ASN1_STRING {
  static override readonly tag: number = ASN1_Class_UNIVERSAL.IPADDRESS;
}

const latin = new TextDecoder("latin1");
const textOf = (v: Uint8Array | string) => (typeof v === "string" ? v : latin.decode(v));

/** GeneralizedTime, shown with its reading (`2024-01-02 03:04:05 UTC <ASN1_GENERALIZED_TIME['20240102030405Z']>`). */
export class ASN1_GENERALIZED_TIME extends ASN1_STRING {
  static override readonly tag: number = ASN1_Class_UNIVERSAL.GENERALIZED_TIME;
  /** The time as Scapy prints it, or `<text> [invalid generalized time]`. */
  get pretty_time(): string {
    const text = textOf(this.val);
    const utc = this instanceof ASN1_UTC_TIME;
    const m = parseTime(text, utc);
    if (m === null) return `${text} [invalid ${utc ? "utc time" : "generalized time"}]`;
    return m;
  }
  override repr(): string {
    return `${this.pretty_time} ${super.repr()}`;
  }
}
export class ASN1_UTC_TIME extends ASN1_GENERALIZED_TIME {
  static override readonly tag: number = ASN1_Class_UNIVERSAL.UTC_TIME;
}

/** Scapy's reading of an ASN.1 time: the formats strptime accepts there, and the zone. */
function parseTime(value: string, utc: boolean): string | null {
  let body: string;
  let ofs: string;
  if (value.endsWith("Z")) [body, ofs] = [value.slice(0, -1), "Z"];
  else if (value.length >= 5 && (value[value.length - 5] === "+" || value[value.length - 5] === "-")) [body, ofs] = [value.slice(0, -5), value.slice(-5)];
  else if (utc) return null;
  else [body, ofs] = [value, ""];
  let frac = "";
  if (!utc && body.length > 4 && body[body.length - 4] === ".") [body, frac] = [body.slice(0, -4), body.slice(-3)];
  if (utc) {
    if (body.length < 10) return null;
    body = (Number(body.slice(0, 2)) < 69 ? "20" : "19") + body;
  }
  if (!/^\d+$/.test(body) || ![10, 12, 14].includes(body.length) || (frac && !/^\d{3}$/.test(frac))) return null;
  const [Y, M, D, h, mi, s] = [body.slice(0, 4), body.slice(4, 6), body.slice(6, 8), body.slice(8, 10), body.slice(10, 12) || "00", body.slice(12, 14) || "00"];
  const date = new Date(Date.UTC(+Y, +M - 1, +D, +h, +mi, +s));
  if (date.getUTCMonth() !== +M - 1 || date.getUTCDate() !== +D || +h > 23 || +mi > 59 || +s > 59) return null;
  let out = `${Y}-${M}-${D} ${h}:${mi}:${s}`;
  if (frac && +frac) out += "." + frac.slice(0, 3);
  if (ofs === "Z") out += " UTC";
  else if (ofs) {
    if (!/^[+-]\d{4}$/.test(ofs) || +ofs.slice(1, 3) > 23 || +ofs.slice(3) > 59) return null;
    out += ` ${ofs === "+0000" || ofs === "-0000" ? "+0000" : ofs}`;
  }
  return out;
}

/** A string of bits ("0110"), with its bytes and unused bits (Scapy's ASN1_BIT_STRING). */
export class ASN1_BIT_STRING extends ASN1_Object<string> {
  static override readonly tag: number = ASN1_Class_UNIVERSAL.BIT_STRING;
  /** `readable`: val given as bytes (each byte eight bits), as Scapy's readable=True. */
  constructor(val: string | Uint8Array, readable = false) {
    super(readable || val instanceof Uint8Array ? bitsOf(typeof val === "string" ? new TextEncoder().encode(val) : val) : val);
    if (!/^[01]*$/.test(this.val)) throw new TypeError(`ASN1_BIT_STRING: ${pyStrRepr(this.val)} is not a string of 0 and 1`);
  }
  get unused_bits(): number {
    return this.val.length % 8 === 0 ? 0 : 8 - (this.val.length % 8);
  }
  get val_readable(): Uint8Array {
    const padded = this.val + "0".repeat(this.unused_bits);
    const out = new Uint8Array(padded.length / 8);
    for (let i = 0; i < out.length; i++) out[i] = parseInt(padded.slice(8 * i, 8 * i + 8), 2);
    return out;
  }
  override repr(): string {
    let s = this.val_readable;
    let sr = pyBytesRepr(s);
    if (s.length > 16) {
      s = new Uint8Array([...s.subarray(0, 10), 46, 46, 46, ...s.subarray(-10)]);
      sr = pyBytesRepr(s);
    }
    let v = this.val;
    if (v.length > 20) v = v.slice(0, 10) + "..." + v.slice(-10);
    const u = this.unused_bits;
    return `<${this.className}[${v}]=${sr} (${u} unused bit${u > 1 ? "s" : ""})>`;
  }
}

function bitsOf(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += b.toString(2).padStart(8, "0");
  return s;
}

/** An object identifier, held as its dotted numbers; shown by its name in the MIB (conf.mib). */
export class ASN1_OID extends ASN1_Object<string> {
  static override readonly tag: number = ASN1_Class_UNIVERSAL.OID;
  /** The OID with its longest known prefix named ("rsaEncryption", ".1.3.6.1.2.1.1.1.0"). */
  readonly oidname: string;
  constructor(val: string | Uint8Array) {
    super(mib.oid(textOf(val)));
    this.oidname = mib.oidName(this.val);
  }
  override repr(): string {
    return `<${this.className}[${pyStrRepr(this.oidname)}]>`;
  }
}

export class ASN1_SEQUENCE extends ASN1_Object<ASN1_Object[] | Uint8Array> {
  static override readonly tag: number = ASN1_Class_UNIVERSAL.SEQUENCE;
  /** Scapy's strshow(): one object a line, nested sequences indented. */
  strshow(lvl = 0): string {
    let s = `${"  ".repeat(lvl)}# ${this.className}:\n`;
    for (const o of Array.isArray(this.val) ? this.val : []) s += o instanceof ASN1_SEQUENCE ? o.strshow(lvl + 1) : `${"  ".repeat(lvl + 1)}${o.repr()}\n`;
    return s;
  }
}
export class ASN1_SET extends ASN1_SEQUENCE {
  static override readonly tag: number = ASN1_Class_UNIVERSAL.SET;
}

/** Object classes by Scapy's name (the shell and the vectors name them). */
export const ASN1_OBJECT_CLASSES = {
  ASN1_Object,
  ASN1_DECODING_ERROR,
  ASN1_force,
  ASN1_BADTAG,
  ASN1_INTEGER,
  ASN1_BOOLEAN,
  ASN1_ENUMERATED,
  ASN1_COUNTER32,
  ASN1_GAUGE32,
  ASN1_TIME_TICKS,
  ASN1_NULL,
  ASN1_STRING,
  ASN1_UTF8_STRING,
  ASN1_NUMERIC_STRING,
  ASN1_PRINTABLE_STRING,
  ASN1_T61_STRING,
  ASN1_VIDEOTEX_STRING,
  ASN1_IA5_STRING,
  ASN1_GENERAL_STRING,
  ASN1_ISO646_STRING,
  ASN1_UNIVERSAL_STRING,
  ASN1_BMP_STRING,
  ASN1_IPADDRESS,
  ASN1_GENERALIZED_TIME,
  ASN1_UTC_TIME,
  ASN1_BIT_STRING,
  ASN1_OID,
  ASN1_SEQUENCE,
  ASN1_SET,
} as const;
