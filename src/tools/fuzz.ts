/**
 * fuzz(): every field without an explicit value gets a random value of its kind, as Scapy's
 * fuzz() changes a layer's defaults (`send(IP(dst=...)/fuzz(UDP()/NTP()), loop=1)`). Fields
 * computed at build (lengths, checksums, addresses resolved by route: default None) stay
 * computed; explicit values stay; layers and list elements below are fuzzed too. The packet's
 * repr does not change (Scapy's neither); show() and every build show the drawn values.
 *
 * The kind of a field is read from what every field declares (its Scapy kind name, its size in
 * bits, whether it holds packets or a list): the field classes themselves are not touched.
 */
import type { AnyField } from "../core/field.ts";
import { ASN1F_field } from "../core/asn1/fields.ts";
import { ASN1_Class_UNIVERSAL as U } from "../core/asn1/objects.ts";
import { IntField } from "../core/fields/integers.ts";
import type { Packet } from "../core/packet.ts";
import { getValue, isOverloaded, isSet, setValue } from "../core/read/values.ts";
import type { Volatile } from "../core/values.ts";
import { decodeOptions } from "../layers/dhcpOptions.ts";
import {
  asDefault,
  FixedValue,
  randomInteger,
  RandBin,
  RandByte,
  RandField,
  RandInt,
  RandIP,
  RandIP6,
  RandLong,
  RandMAC,
  RandNum,
  RandOID,
  RandSByte,
  RandShort,
  RandSInt,
  RandSLong,
  RandSShort,
  RandTermString,
  randomBytes,
} from "../core/volatile.ts";

type Draws = () => unknown;

/** Values for each TCP option kind (Scapy's RandTCPOptions draws among these). */
const TCP_OPTION_VALUES: Record<string, Draws> = {
  NOP: () => null,
  MSS: () => randomInteger(0, 0xffff),
  WScale: () => randomInteger(0, 0xff),
  SAckOK: () => new Uint8Array(0),
  SAck: () => Array.from({ length: randomInteger(0, 4) }, () => randomInteger(0, 0xffffffff)),
  Timestamp: () => [randomInteger(0, 0xffffffff), randomInteger(0, 0xffffffff)],
  AltChkSum: () => [randomInteger(0, 0xff), randomInteger(0, 0xffff)],
  MD5: () => randomBytes(16),
  UTO: () => randomInteger(0, 0xffff),
  TFO: () => [randomInteger(0, 0xffffffff), randomInteger(0, 0xffffffff)],
};
const TCP_OPTION_NAMES = Object.keys(TCP_OPTION_VALUES);

/** A random list of TCP options (Scapy's RandTCPOptions): size options, each with a value of its format. */
export class RandTCPOptions extends RandField<Array<[string, unknown]>> {
  readonly size: number | Volatile<number>;
  constructor(size?: number | Volatile<number>) {
    super();
    this.size = size ?? new RandNum(0, 5);
    this.args({ size });
  }
  draw(): Array<[string, unknown]> {
    const n = typeof this.size === "number" ? this.size : this.size.draw();
    // TCP options fit in 40 bytes: stop before the list outgrows them.
    const out: Array<[string, unknown]> = [];
    let room = 40;
    for (let i = 0; i < n; i++) {
      const name = TCP_OPTION_NAMES[randomInteger(0, TCP_OPTION_NAMES.length - 1)]!;
      const value = TCP_OPTION_VALUES[name]!();
      const size = tcpOptionSize(name, value);
      if (size > room) break;
      room -= size;
      out.push([name, value]);
    }
    return out;
  }
}

function tcpOptionSize(name: string, value: unknown): number {
  if (name === "NOP") return 1;
  if (value instanceof Uint8Array) return 2 + value.length;
  if (Array.isArray(value)) return 2 + (name === "AltChkSum" ? 3 : 4 * value.length);
  return name === "WScale" ? 3 : 4;
}

/**
 * A random list of DHCP options (Scapy's RandDHCPOptions): random option bytes read back as
 * options, so every value has its option's form; "end" closes it.
 */
export class RandDHCPOptions extends RandField<unknown[]> {
  readonly size: number | Volatile<number>;
  constructor(size?: number | Volatile<number>) {
    super();
    this.size = size ?? new RandNum(0, 16);
    this.args({ size });
  }
  draw(): unknown[] {
    const n = typeof this.size === "number" ? this.size : this.size.draw();
    const bytes: number[] = [];
    for (let i = 0; i < n; i++) {
      const len = [1, 2, 4, 8, randomInteger(0, 16)][randomInteger(0, 4)]!;
      bytes.push(randomInteger(1, 254), len, ...randomBytes(len));
    }
    // Option bytes whose length does not fit their kind are kept as a raw tail, and an empty address
    // option reads as [name] that the field does not take back: leave those out.
    const options = decodeOptions(Uint8Array.from(bytes), 0, bytes.length).filter((o) => !(o instanceof Uint8Array) && !(Array.isArray(o) && o.length < 2));
    return [...options, "end"];
  }
}

/** A list of random elements (for list fields whose elements have a kind: addresses, type numbers...). */
export class RandList<T = unknown> extends RandField<T[]> {
  readonly size: number | Volatile<number>;
  constructor(
    readonly element: Volatile<T>,
    size?: number | Volatile<number>,
  ) {
    super();
    this.size = size ?? new RandNum(0, 5);
    this.args({ size }, [element]);
  }
  draw(): T[] {
    const n = typeof this.size === "number" ? this.size : this.size.draw();
    return Array.from({ length: n }, () => this.element.draw());
  }
}

/**
 * Random bytes of a fixed-size field's width, read as that field reads them: a value the field
 * holds whatever its units (STP's 1/256 seconds, NTP's fixed point, SCTP's "start:end" gaps).
 */
export class RandWire extends RandField<unknown> {
  constructor(readonly field: AnyField) {
    super();
    this.args({}, [field.name]);
  }
  draw(): unknown {
    return this.field.toUser(this.field.readFixed(randomBytes(this.field.bits / 8), 0, 0));
  }
}

/** Values drawn from the field's wire width, unless the field does not take what it reads. */
function wireVolatile(f: AnyField): Volatile | null {
  const v = new RandWire(f);
  try {
    for (let i = 0; i < 4; i++) f.fromUser(v.draw(), null);
    return v;
  } catch {
    return null;
  }
}

/** The element kind of a list field, or null. */
function listElement(f: AnyField): Volatile | null {
  if (f.kindName === "IP6ListField") return new RandIP6();
  if (f.kindName === "RRlistField") return new RandShort();
  const item = (f as { item?: unknown }).item;
  return f.kindName === "FieldListField" && item && typeof item === "object" ? randomValueFor(item as AnyField) : null;
}

/** Scapy's RandBin for strings of free size: 0 to 1200 bytes. */
const freeSize = () => new RandNum(0, 1200);

/** The integer kinds by size in bits (unsigned, signed): what Scapy's fixed-width fields draw. */
function integerVolatile(bits: number, signed: boolean): Volatile | null {
  switch (bits) {
    case 8:
      return signed ? new RandSByte() : new RandByte();
    case 16:
      return signed ? new RandSShort() : new RandShort();
    // Scapy draws RandInt for 3-byte fields, which do not hold 32 bits: here they draw what they hold.
    case 24:
      return signed ? new RandNum(-(2 ** 23), 2 ** 23 - 1) : new RandNum(0, 2 ** 24 - 1);
    case 32:
      return signed ? new RandSInt() : new RandInt();
    case 48:
      return signed ? new RandNum(-(2 ** 47), 2 ** 47 - 1) : new RandNum(0, 2 ** 48 - 1);
    case 64:
      return signed ? new RandSLong() : new RandLong();
    default:
      return null;
  }
}

/**
 * The random value of a field's kind (Scapy's Field.randval()), or null when the kind has none
 * here (list fields other than TCP options, fields holding packets: fuzz() goes into those).
 */
export function randomValueFor(f: AnyField): Volatile | null {
  const kind = f.kindName;
  if (f.holdsPackets || f.dynamic) return null;
  if (f.isList) {
    if (kind === "TCPOptionsField") return new RandTCPOptions();
    if (kind === "DHCPOptionsField") return new RandDHCPOptions();
    const element = listElement(f);
    return element ? new RandList(element) : null;
  }
  if (f instanceof ASN1F_field) return asn1Volatile(f);
  if (/IP6/.test(kind)) return new RandIP6();
  if (/IPField$|Subnetv4$/.test(kind)) return new RandIP();
  if (/MACField$/.test(kind)) return new RandMAC();
  if (f.bitPacked) return f.bits > 0 ? new RandNum(0, 2 ** f.bits - 1) : null;
  if (/Str|chaddr/.test(kind) || f.bits < 0) {
    if (kind === "StrNullField") return new RandTermString(freeSize(), "\0");
    return new RandBin(f.bits > 0 ? f.bits / 8 : freeSize());
  }
  if (f instanceof IntField) return integerVolatile(f.bits, f.options.signed === true);
  // Other fixed-size kinds draw an integer of their width when that is what their bytes read as,
  // else what their bytes read as (1/256 seconds, fixed point, "start:end", a few bits of a group).
  const reads = readsAsInteger(f);
  if (reads !== null) return integerVolatile(f.bits, reads === "signed");
  return f.bits > 0 && f.bits % 8 === 0 ? wireVolatile(f) : null;
}

/** ASN.1 kinds by their tag (Scapy's ASN1F_*.randval; SNMP's unsigned application kinds draw 32 bits). */
function asn1Volatile(f: ASN1F_field): Volatile | null {
  switch (f.asn1Tag) {
    case U.INTEGER:
    case U.ENUMERATED:
      return new RandNum(-(2n ** 64n), 2n ** 64n - 1n);
    case U.ANY:
    case U.COUNTER32:
    case U.GAUGE32:
    case U.TIME_TICKS:
      return new RandInt();
    case U.OID:
      return new RandOID();
    case U.IPADDRESS:
      return new RandIP();
    case U.STRING:
    case U.UTF8_STRING:
    case U.PRINTABLE_STRING:
    case U.IA5_STRING:
    case U.T61_STRING:
    case U.VIDEOTEX_STRING:
    case U.GENERAL_STRING:
    case U.NUMERIC_STRING:
    case U.ISO646_STRING:
      return new RandBin(new RandNum(0, 1000));
    default:
      return null;
  }
}

/**
 * Do the field's bytes read as the integer they spell (all ones: the largest, or -1), and does
 * the field take that integer back as the same value (flags do; NTP's timestamps take seconds)?
 */
function readsAsInteger(f: AnyField): "signed" | "unsigned" | null {
  if (f.bits <= 0 || f.bits % 8 !== 0) return null;
  try {
    const read = f.readFixed(new Uint8Array(f.bits / 8).fill(0xff), 0, 0);
    if (!(typeof read === "bigint" || (typeof read === "number" && Number.isInteger(read)))) return null;
    const taken = f.fromUser(read, null);
    if ((typeof taken !== "number" && typeof taken !== "bigint") || BigInt(taken) !== BigInt(read)) return null;
    return BigInt(read) === -1n ? "signed" : BigInt(read) === (1n << BigInt(f.bits)) - 1n ? "unsigned" : null;
  } catch {
    return null;
  }
}

/** Does the field take what the volatile draws? (A kind that reads as another is left alone.) */
function accepts(f: AnyField, v: Volatile, p: Packet): boolean {
  try {
    f.fromUser(v.draw(), p);
    return true;
  } catch {
    return false;
  }
}

/**
 * A copy of the packet where every field that is neither set nor computed holds a random value
 * of its kind, in every layer and in the packets its fields hold (Scapy's fuzz()).
 */
export function fuzz<T extends Packet>(p: T): T {
  const copy = p.copy();
  fuzzChain(copy);
  return copy;
}

function fuzzChain(p: Packet): void {
  for (let q: Packet | null = p; q !== null; q = q.payload) fuzzLayer(q);
}

/**
 * One layer. When a field's kind depends on other fields (ARP's addresses on hwtype and hwlen,
 * ICMP's unused on type, DNS rdata on type), those others are drawn once and kept, and the field
 * gets a random value of the kind they choose, as Scapy's fuzz() does: every build then fits.
 */
function fuzzLayer(q: Packet): void {
  const fields = q.spec.layout.fields;
  const chosen: Array<[index: number, value: Volatile]> = [];
  const dependent: number[] = [];
  fields.forEach((f, i) => {
    if (f.holdsPackets) return fuzzHeldPackets(q, i);
    if (isSet(q, i) || isOverloaded(q, i) || !f.present(q)) return;
    if (f.dynamic) return void dependent.push(i);
    if (f.defaultValue === null) return;
    const v = withinLengthField(fields, f, randomValueFor(f));
    if (v && accepts(f, v, q)) chosen.push([i, v]);
  });
  if (dependent.length === 0) {
    for (const [i, v] of chosen) setValue(q, i, asDefault(v));
    return;
  }
  // The kinds are chosen on a copy holding the drawn values (reads of a volatile give the volatile).
  const probe = q.copy();
  for (const [i, v] of chosen) {
    const value = v.draw();
    setValue(probe, i, value);
    setValue(q, i, asDefault(new FixedValue(value)));
  }
  for (const i of dependent) {
    let actual: AnyField;
    try {
      actual = fields[i]!.resolve(probe);
    } catch {
      continue;
    }
    // The alternative that applies is bounded by its length field too (LLDP's chassis id).
    const v = withinLengthField(fields, actual, randomValueFor(actual));
    if (v && accepts(actual, v, probe)) setValue(q, i, asDefault(v));
  }
}

/**
 * A random string never outgrows the field its length is written in (a one-byte length holds
 * 255 at most; some slack is left for the length's adjust): the layer still builds.
 */
function withinLengthField(fields: readonly AnyField[], f: AnyField, v: Volatile | null): Volatile | null {
  if (!(v instanceof RandBin)) return v;
  // The narrowest of the lengths that measure it (PAP's message: its one-byte length, not the
  // message's two), by name or as part of the header (an 802.11 element's length).
  const measures = fields.filter((g) => g.computed?.stage === "length" && g.bits > 0 && (g.computed.refs.includes(f.name) || g.computed.measures === "header"));
  const measure = measures.sort((a, b) => a.bits - b.bits)[0];
  if (!measure || measure.bits >= 16) return v;
  // Small length fields (a few bits) keep half their room for the adjust; a header length is
  // shared by the header's variable fields.
  const room = 2 ** measure.bits - 1;
  const sharing = measure.computed!.measures === "header" ? Math.max(1, fields.filter((g) => g.bits < 0).length) : 1;
  return new RandBin(new RandNum(0, Math.floor((room > 128 ? room - 64 : Math.floor(room / 2)) / sharing)));
}

/** Fuzzes the packets a field holds: its own copies when set; a default list is copied first, then set. */
function fuzzHeldPackets(q: Packet, i: number): void {
  const value = getValue(q, i);
  const items = Array.isArray(value) ? (value as unknown[]) : [value];
  if (!items.every((x) => x !== null && typeof x === "object" && "spec" in (x as object)) || items.length === 0) return;
  if (isSet(q, i)) {
    for (const item of items) fuzzChain(item as Packet);
    return;
  }
  const copies = (items as Packet[]).map((x) => x.copy());
  for (const c of copies) fuzzChain(c);
  setValue(q, i, Array.isArray(value) ? copies : copies[0]);
}
