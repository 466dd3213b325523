/** Hex views of bytes or packets: hexdump (16 per line with ASCII), linehexdump, hexstr, bytesHex. */
import { toHex } from "../core/bytes.ts";
import { describe } from "../core/fields/integers.ts";
import { Packet } from "../core/packet.ts";
import { printLine } from "./color.ts";

export type BytesLike = Packet | Uint8Array | string;

function bytesOf(x: BytesLike): Uint8Array {
  if (x instanceof Packet) return x.build();
  if (typeof x === "string") return new TextEncoder().encode(x);
  if (x instanceof Uint8Array) return x;
  throw new TypeError(`expected a packet, bytes or a string to show in hex, got ${x === undefined ? "nothing" : x === null ? "null (None)" : describe(x)}`);
}

const HEXU = Array.from({ length: 256 }, (_, i) => i.toString(16).toUpperCase().padStart(2, "0"));

/** Printable ASCII, "." for the rest. */
export function sane(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += b >= 32 && b < 127 ? String.fromCharCode(b) : ".";
  return s;
}

/** `0000  45 00 ...  E...` lines; printed unless {dump: true}. */
export function hexdump(x: BytesLike, options: { dump?: boolean } = {}): string | undefined {
  const bytes = bytesOf(x);
  const lines: string[] = [];
  for (let i = 0; i < bytes.length; i += 16) {
    let line = i.toString(16).padStart(4, "0") + "  ";
    for (let j = 0; j < 16; j++) line += i + j < bytes.length ? HEXU[bytes[i + j]!] + " " : "   ";
    lines.push(line + " " + sane(bytes.subarray(i, i + 16)));
  }
  const text = lines.join("\n");
  if (options.dump) return text;
  printLine(text);
  return undefined;
}

/** All bytes in hex on one line, then the ASCII (Scapy's hexstr). */
export function hexstr(x: BytesLike, options: { onlyHex?: boolean; onlyAscii?: boolean } = {}): string {
  const bytes = bytesOf(x);
  const parts: string[] = [];
  if (!options.onlyAscii) parts.push(Array.from(bytes, (b) => HEXU[b]).join(" "));
  if (!options.onlyHex) parts.push(sane(bytes));
  return parts.join("  ");
}

export function linehexdump(x: BytesLike, options: { dump?: boolean; onlyHex?: boolean; onlyAscii?: boolean } = {}): string | undefined {
  const text = hexstr(x, options);
  if (options.dump) return text;
  printLine(text);
  return undefined;
}

/** Lowercase hex of a packet's bytes or of bytes. */
export function bytesHex(x: BytesLike): string {
  return toHex(bytesOf(x));
}
