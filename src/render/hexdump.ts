/** Hex views of bytes or packets: hexdump (16 per line with ASCII), linehexdump, hexstr, bytesHex. */
import { toHex } from "../core/bytes.ts";
import { strictOptions } from "../core/options.ts";
import { Packet } from "../core/packet.ts";
import { printLine } from "./color.ts";

export type BytesLike = Packet | Uint8Array | string;

/** The bytes of a packet (built), of text (UTF-8) or bytes as they are. */
export function bytesOf(x: BytesLike): Uint8Array {
  if (x instanceof Packet) return x.build();
  if (typeof x === "string") return new TextEncoder().encode(x);
  return x;
}

const HEXU = Array.from({ length: 256 }, (_, i) => i.toString(16).toUpperCase().padStart(2, "0"));

/** Printable ASCII, "." for the rest. */
export function sane(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += b >= 32 && b < 127 ? String.fromCharCode(b) : ".";
  return s;
}

export interface DumpOptions {
  /** Return the text instead of printing it. */
  dump?: boolean;
}

/** Scapy's hexstr/linehexdump switches (onlyasc=1, onlyhex=1). */
export interface HexstrOptions {
  /** Only the ASCII column. */
  onlyasc?: boolean | number;
  /** Only the hex bytes. */
  onlyhex?: boolean | number;
}

const checkDump = strictOptions<DumpOptions>("hexdump", { dump: true });
const checkHexstr = strictOptions<HexstrOptions>("hexstr", { onlyasc: true, onlyhex: true }, { color: "colours follow conf.color" });
const checkLine = strictOptions<HexstrOptions & DumpOptions>("linehexdump", { onlyasc: true, onlyhex: true, dump: true });

/** `0000  45 00 ...  E...` lines, 16 bytes each (Scapy's hexdump); printed unless {dump: true}. */
export function hexdump(x: BytesLike, options: DumpOptions = {}): string | undefined {
  checkDump(options);
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

/** All bytes in hex on one line, then the ASCII (Scapy's hexstr): `hexstr(b"abc")` is `61 62 63  abc`. */
export function hexstr(x: BytesLike, options: HexstrOptions = {}): string {
  checkHexstr(options);
  return hexLine(bytesOf(x), options);
}

function hexLine(bytes: Uint8Array, options: HexstrOptions): string {
  const parts: string[] = [];
  if (!options.onlyasc) parts.push(Array.from(bytes, (b) => HEXU[b]).join(" "));
  if (!options.onlyhex) parts.push(sane(bytes));
  return parts.join("  ");
}

/** hexstr() printed (Scapy's linehexdump); {dump: true} returns it. */
export function linehexdump(x: BytesLike, options: HexstrOptions & DumpOptions = {}): string | undefined {
  checkLine(options);
  const text = hexLine(bytesOf(x), options);
  if (options.dump) return text;
  printLine(text);
  return undefined;
}

/** Lowercase hex of a packet's bytes or of bytes. */
export function bytesHex(x: BytesLike): string {
  return toHex(bytesOf(x));
}
