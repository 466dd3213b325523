/**
 * TCP options in Scapy's list form, tuples written as arrays:
 * `[["MSS", 1460], ["SAckOK", b""], ["Timestamp", [12345, 0]], ["NOP", null], ["SAck", [a, b]], [254, bytes]]`.
 * Dissection follows Scapy: EOL ends the list, a length below 2 counts as 2, a value whose size
 * does not match its format stays bytes, unknown kinds become `[kind, bytes]`.
 */
import { defineLayer } from "../core/define.ts";
import { invalid } from "../core/field.ts";
import { byte } from "../core/fields/integers.ts";
import { bytesFromUser, str } from "../core/fields/strings.ts";
import { Packet } from "../core/packet.ts";
import { pyBytesRepr, pyStrRepr } from "../core/bytes.ts";
import type { Writer } from "../core/writer.ts";
import { OptionListField } from "../core/fields/optionList.ts";

/** TCP-AO's value (RFC 5925): key ids, then the MAC. */
export const TCPAOValue = defineLayer("TCPAOValue", [byte("keyid", null), byte("rnextkeyid", null), str("mac", "")]);

/** Value layouts: a list of integer sizes in bytes, "bytes" (raw), or a fixed byte string. */
type Format = { ints: number[] } | { fixedBytes: number } | "bytes" | "none" | "sack" | "ao" | "pascal";

interface OptionKind {
  readonly kind: number;
  readonly format: Format;
}

/** Scapy's TCPOptions table: name, kind number and value format. */
const KINDS: Record<string, OptionKind> = {
  EOL: { kind: 0, format: "none" },
  NOP: { kind: 1, format: "none" },
  MSS: { kind: 2, format: { ints: [2] } },
  WScale: { kind: 3, format: { ints: [1] } },
  SAckOK: { kind: 4, format: "bytes" },
  SAck: { kind: 5, format: "sack" },
  Timestamp: { kind: 8, format: { ints: [4, 4] } },
  AltChkSum: { kind: 14, format: { ints: [1, 2] } },
  AltChkSumOpt: { kind: 15, format: "bytes" },
  MD5: { kind: 19, format: { fixedBytes: 16 } },
  Mood: { kind: 25, format: "pascal" },
  UTO: { kind: 28, format: { ints: [2] } },
  AO: { kind: 29, format: "ao" },
  TFO: { kind: 34, format: { ints: [4, 4] } },
};
const NAME_OF = new Map(Object.entries(KINDS).map(([name, k]) => [k.kind, name]));

/** One option: [name or kind number, value]. Values: a number, an array of numbers, bytes, null, or a TCPAOValue. */
export type TCPOptionValue = number | number[] | Uint8Array | Packet | null;
export type TCPOption = [string | number, TCPOptionValue];
export type TCPOptionInput = readonly [string | number, TCPOptionValue | string | readonly number[] | undefined];

function readUint(buf: Uint8Array, at: number, size: number): number {
  let v = 0;
  for (let i = 0; i < size; i++) v = v * 256 + buf[at + i]!;
  return v;
}

/** Decodes Scapy's way: the value is unpacked only when its size is exactly the format's. */
function decodeValue(name: string, buf: Uint8Array, start: number, end: number): TCPOptionValue {
  const format = KINDS[name]!.format;
  const n = end - start;
  if (format === "ao") return TCPAOValue(buf.slice(start, end));
  if (format === "pascal") return n === 1 ? new Uint8Array(0) : buf.slice(start, end);
  let sizes: number[] | null = null;
  if (format === "sack") sizes = n % 4 === 0 ? new Array<number>(n / 4).fill(4) : null;
  else if (typeof format === "object" && "ints" in format) sizes = format.ints;
  else if (typeof format === "object" && n === format.fixedBytes) return buf.slice(start, end);
  if (sizes === null || sizes.reduce((a, b) => a + b, 0) !== n) return buf.slice(start, end);
  const values: number[] = [];
  let at = start;
  for (const size of sizes) {
    values.push(readUint(buf, at, size));
    at += size;
  }
  // A single unpacked value is kept bare, as Python's one-element unpack result is unwrapped.
  return values.length === 1 ? values[0]! : values;
}

/** Parses an options region. Never loops: every option but NOP/EOL advances at least 2 bytes. */
export function decodeTCPOptions(buf: Uint8Array, start: number, end: number): TCPOption[] {
  const out: TCPOption[] = [];
  let at = start;
  while (at < end) {
    const kind = buf[at]!;
    if (kind === 0) {
      out.push(["EOL", null]);
      break;
    }
    if (kind === 1) {
      out.push(["NOP", null]);
      at++;
      continue;
    }
    let len = at + 1 < end ? buf[at + 1]! : 0;
    if (len < 2) len = 2;
    const valueEnd = Math.min(at + len, end);
    const valueStart = Math.min(at + 2, end);
    const name = NAME_OF.get(kind);
    out.push(name === undefined ? [kind, buf.slice(valueStart, valueEnd)] : [name, decodeValue(name, buf, valueStart, valueEnd)]);
    at += len;
  }
  return out;
}

function checkUint(v: unknown, size: number, what: string): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < 0 || v >= 2 ** (size * 8)) {
    return invalid(`${what} needs an integer 0..${2 ** (size * 8) - 1}, got ${JSON.stringify(v)}`);
  }
  return v;
}

function isBytesLike(v: unknown): v is Uint8Array | string {
  return v instanceof Uint8Array || typeof v === "string";
}

/** Checks one option and brings its value to the internal form. */
function normalizeOption(item: unknown): TCPOption {
  if (!Array.isArray(item) || item.length !== 2) return invalid(`each option is a [name, value] pair, got ${JSON.stringify(item)}`);
  const [name, value] = item as [unknown, unknown];
  if (typeof name === "number") {
    if (!Number.isInteger(name) || name < 0 || name > 255) return invalid(`option kind ${name} is not a byte`);
    if (!isBytesLike(value)) return invalid(`option ${name} needs bytes as its value`);
    return [name, bytesFromUser(value)];
  }
  if (typeof name !== "string") return invalid(`option name must be a string or a number, got ${JSON.stringify(name)}`);
  const k = KINDS[name];
  if (!k) return invalid(`unknown option ${JSON.stringify(name)} (known: ${Object.keys(KINDS).join(", ")})`);
  const f = k.format;
  if (f === "none") return [name, null];
  if (isBytesLike(value)) return [name, bytesFromUser(value)];
  if (f === "bytes" || f === "pascal") return value === null || value === undefined ? [name, new Uint8Array(0)] : invalid(`${name} needs bytes as its value`);
  if (f === "ao") return value instanceof Packet ? [name, value] : invalid(`AO needs a TCPAOValue or bytes`);
  if (typeof f === "object" && "fixedBytes" in f) return invalid(`${name} needs bytes as its value`);
  if (f === "sack") {
    const list = typeof value === "number" ? [value] : Array.isArray(value) ? value : invalid(`SAck needs a list of 32-bit edges`);
    return [name, list.map((v) => checkUint(v, 4, "SAck"))];
  }
  const sizes = f.ints;
  const list = sizes.length === 1 && typeof value === "number" ? [value] : Array.isArray(value) ? value : null;
  if (list === null || list.length !== sizes.length) return invalid(`${name} needs ${sizes.length === 1 ? "an integer" : `${sizes.length} integers`}`);
  const values = list.map((v, i) => checkUint(v, sizes[i]!, name));
  return [name, values.length === 1 ? values[0]! : values];
}

function writeValue(w: Writer, name: string, value: TCPOptionValue): void {
  if (value instanceof Uint8Array) {
    const f = KINDS[name]?.format;
    // Fixed-size byte strings are packed as struct's "16s": cut or padded with NULs.
    if (f && typeof f === "object" && "fixedBytes" in f) {
      w.bytes(value.subarray(0, f.fixedBytes));
      w.zeros(Math.max(0, f.fixedBytes - value.length));
    } else w.bytes(value);
    return;
  }
  if (value instanceof Packet) {
    w.bytes(value.build());
    return;
  }
  if (value === null) return;
  const f = KINDS[name]!.format;
  const values = typeof value === "number" ? [value] : value;
  const sizes = f === "sack" ? values.map(() => 4) : (f as { ints: number[] }).ints;
  values.forEach((v, i) => w.uint(v, sizes[i]!));
}

/** Appends the options, then NULs up to a multiple of 4 bytes. */
export function encodeTCPOptions(w: Writer, options: readonly TCPOption[]): void {
  const start = w.pos;
  for (const [name, value] of options) {
    const kind = typeof name === "number" ? name : KINDS[name]!.kind;
    if (kind === 0 || kind === 1) {
      w.u8(kind);
      continue;
    }
    w.u8(kind);
    const lenAt = w.pos;
    w.u8(0);
    writeValue(w, typeof name === "string" ? name : "", value);
    w.buf[lenAt] = (w.pos - lenAt + 1) & 0xff;
  }
  w.zeros((4 - ((w.pos - start) % 4)) % 4);
}

/** Python's repr of an option value: tuples for arrays, b'' for bytes, None for null. */
function valueRepr(v: TCPOptionValue): string {
  if (v === null) return "None";
  if (typeof v === "number") return String(v);
  if (v instanceof Uint8Array) return pyBytesRepr(v);
  if (v instanceof Packet) return v.toString();
  return v.length === 1 ? `(${v[0]},)` : `(${v.join(", ")})`;
}

export function tcpOptionsRepr(options: readonly TCPOption[]): string {
  return `[${options.map(([n, v]) => `(${typeof n === "string" ? pyStrRepr(n) : n}, ${valueRepr(v)})`).join(", ")}]`;
}

/** Scapy's TCPOptionsField: the region (TCP's lengthFrom rule: (dataofs - 5) * 4 bytes), cut to what is there. */
export class TCPOptionsField<N extends string = string> extends OptionListField<N, readonly TCPOptionInput[], TCPOption[]> {
  readonly kindName = "TCPOptionsField";
  override total = true;

  override fromUser(value: unknown): unknown {
    if (!Array.isArray(value)) return invalid(`expected a list of [name, value] options, got ${typeof value}`);
    return value.map(normalizeOption);
  }

  override measure(pkt: Packet, _buf: Uint8Array, off: number, end: number): number {
    return Math.min(Math.max(0, this.lengthFrom?.(pkt) ?? 0), end - off);
  }

  override decode(_pkt: Packet, buf: Uint8Array, off: number, end: number): unknown {
    return decodeTCPOptions(buf, off, end);
  }

  override write(w: Writer, value: unknown): void {
    if (Array.isArray(value)) encodeTCPOptions(w, value as TCPOption[]);
  }

  override repr(value: unknown): string {
    return Array.isArray(value) ? tcpOptionsRepr(value as TCPOption[]) : "[]";
  }

  override literal(value: unknown): string {
    return this.repr(value);
  }
}

export const tcpOptions = <const N extends string>(name: N) => new TCPOptionsField<N>(name);
