/**
 * CoAP (RFC 7252) as Scapy's contrib/coap has it: the 4-byte header, the token, the options as a
 * list of [number, value] (names accepted and shown; delta and length nibbles with their 1- or
 * 2-byte extensions; sorted by number when built) and the payload marker. On UDP 5683.
 *
 * Where Scapy 2.5 is wrong this follows the RFC: 2-byte extensions are big-endian (Scapy packs
 * them in the machine's order); a message without options whose payload marker follows the token
 * has no options (Scapy reads the marker as an option); an option whose extension bytes are cut
 * makes the message Raw (Scapy raises); a value cut short is kept short, as Scapy keeps it.
 */
import { bindLayers } from "../core/bind.ts";
import { pyBytesRepr, pyStrRepr } from "../core/bytes.ts";
import { defineLayer } from "../core/define.ts";
import { Field, invalid, Measured } from "../core/field.ts";
import { bitEnum, bits } from "../core/fields/bits.ts";
import { lengthOf } from "../core/fields/computed.ts";
import { byteEnum, describe, short } from "../core/fields/integers.ts";
import { bytesFromUser, strLen } from "../core/fields/strings.ts";
import type { Writer } from "../core/writer.ts";
import { UDP } from "./inet.ts";

export const COAP_CODES = {
  0: "Empty", 1: "GET", 2: "POST", 3: "PUT", 4: "DELETE",
  65: "2.01 Created", 66: "2.02 Deleted", 67: "2.03 Valid", 68: "2.04 Changed", 69: "2.05 Content",
  128: "4.00 Bad Request", 129: "4.01 Unauthorized", 130: "4.02 Bad Option", 131: "4.03 Forbidden", 132: "4.04 Not Found",
  133: "4.05 Method Not Allowed", 134: "4.06 Not Acceptable", 140: "4.12 Precondition Failed", 141: "4.13 Request Entity Too Large",
  143: "4.15 Unsupported Content-Format", 160: "5.00 Internal Server Error", 161: "5.01 Not Implemented", 162: "5.02 Bad Gateway",
  163: "5.03 Service Unavailable", 164: "5.04 Gateway Timeout", 165: "Proxying Not Supported",
};

export const COAP_OPTIONS: Readonly<Record<number, string>> = {
  1: "If-Match", 3: "Uri-Host", 4: "ETag", 5: "If-None-Match", 7: "Uri-Port", 8: "Location-Path", 11: "Uri-Path",
  12: "Content-Format", 14: "Max-Age", 15: "Uri-Query", 17: "Accept", 20: "Location-Query", 35: "Proxy-Uri", 39: "Proxy-Scheme", 60: "Size1",
};
const OPTION_NUMBERS = new Map(Object.entries(COAP_OPTIONS).map(([n, name]) => [name, Number(n)]));

/** One option: its number (the deltas summed) and its value. */
export type CoAPOption = readonly [number: number, value: Uint8Array];

const EXT_BYTES = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 0];

/** A delta or length nibble and its extension: 13 adds a byte (+13), 14 two bytes (+269, big-endian). */
function extended(nibble: number, buf: Uint8Array, at: number): number {
  if (nibble === 13) return 13 + buf[at]!;
  if (nibble === 14) return 269 + ((buf[at]! << 8) | buf[at + 1]!);
  return nibble;
}

function encodeNibble(n: number): [nibble: number, ext: number[]] {
  if (n >= 269) return [14, [(n - 269) >> 8, (n - 269) & 0xff]];
  if (n >= 13) return [13, [n - 13]];
  return [n, []];
}

/** Scapy's _CoAPOptsField: options until the payload marker (0xff) or the end. */
export class CoAPOptionsField<N extends string = string> extends Field<N, ReadonlyArray<readonly [number | string, Uint8Array | string]>, CoAPOption[]> {
  kindName = "_CoAPOptsField";
  override isList = true;
  override mutable = true;

  constructor(name: N) {
    super(name, []);
  }

  override defaultFor(): unknown {
    return [];
  }

  override fromUser(value: unknown): unknown {
    if (!Array.isArray(value)) return invalid(`expected a list of [option, value], got ${describe(value)}`);
    return value.map((o) => {
      if (!Array.isArray(o) || o.length !== 2) return invalid(`expected [option, value], got ${describe(o)}`);
      const [k, v] = o as [unknown, unknown];
      const number = typeof k === "string" ? OPTION_NUMBERS.get(k) : k;
      if (typeof number !== "number" || !Number.isInteger(number) || number < 0 || number > 65535 + 269) return invalid(`unknown option ${describe(k)}`);
      const bytes = bytesFromUser(v);
      if (bytes.length > 65535 + 269) return invalid(`option ${number}: value of ${bytes.length} bytes is too long`);
      return [number, bytes] as CoAPOption;
    });
  }

  override measure(_pkt: unknown, buf: Uint8Array, off: number, end: number): number | Measured {
    const out: CoAPOption[] = [];
    let at = off;
    let number = 0;
    while (at < end && buf[at] !== 0xff) {
      const delta = buf[at]! >> 4;
      const len = buf[at]! & 15;
      let p = at + 1;
      if (p + EXT_BYTES[delta]! + EXT_BYTES[len]! > end) return -1;
      number += extended(delta, buf, p);
      p += EXT_BYTES[delta]!;
      const size = extended(len, buf, p);
      p += EXT_BYTES[len]!;
      // A value cut short is kept as it is (Scapy's StrLenField takes what there is).
      const stop = Math.min(end, p + size);
      out.push([number, buf.slice(p, stop)]);
      at = stop;
    }
    return new Measured(at - off, out);
  }

  override write(w: Writer, value: unknown): void {
    const opts = [...((value as CoAPOption[] | null) ?? [])].sort((a, b) => a[0] - b[0]);
    let previous = 0;
    for (const [number, v] of opts) {
      const [d, dext] = encodeNibble(number - previous);
      const [l, lext] = encodeNibble(v.length);
      w.u8((d << 4) | l);
      for (const b of [...dext, ...lext]) w.u8(b);
      w.bytes(v);
      previous = number;
    }
  }

  override repr(value: unknown): string {
    const opts = (value as CoAPOption[] | null) ?? [];
    return `[${opts.map(([n, v]) => `(${COAP_OPTIONS[n] !== undefined ? pyStrRepr(COAP_OPTIONS[n]!) : n}, ${pyBytesRepr(v)})`).join(", ")}]`;
  }

  override literal(value: unknown): string {
    return this.repr(value);
  }
}

/** Scapy's _CoAPPaymark: 0xff when a payload follows the options, nothing otherwise. */
export class CoAPPaymarkField<N extends string = string> extends Field<N, Uint8Array | string, Uint8Array> {
  kindName = "_CoAPPaymark";
  override mutable = true;

  constructor(name: N) {
    super(name, new Uint8Array(0));
  }

  override fromUser(value: unknown): unknown {
    return bytesFromUser(value);
  }

  override measure(_pkt: unknown, buf: Uint8Array, off: number, end: number): number | Measured {
    const n = off < end && buf[off] === 0xff ? 1 : 0;
    return new Measured(n, buf.slice(off, off + n));
  }

  override write(w: Writer, value: unknown): void {
    w.bytes((value as Uint8Array | null) ?? new Uint8Array(0));
  }

  override repr(value: unknown): string {
    return pyBytesRepr((value as Uint8Array | null) ?? new Uint8Array(0));
  }
}

export const CoAP = defineLayer(
  "CoAP",
  [
    bits("ver", 1, 2),
    bitEnum("type", 0, 2, { 0: "CON", 1: "NON", 2: "ACK", 3: "RST" }),
    bits("tkl", null, 4).compute(lengthOf("token")),
    byteEnum("code", 0, COAP_CODES),
    short("msg_id", 0),
    strLen("token", "", "tkl"),
    new CoAPOptionsField("options"),
    new CoAPPaymarkField("paymark"),
  ],
  {},
);

bindLayers(UDP, CoAP, { sport: 5683 });
bindLayers(UDP, CoAP, { dport: 5683 });
