/**
 * HTTP message bodies as the application sees them: chunked transfer coding removed, then
 * gzip/deflate content coding undone, never past a limit (a small body can inflate to
 * gigabytes): a body cut at the limit says so.
 *
 * Decompression is synchronous (TCP reassembly runs packet by packet, like Scapy's sessions)
 * and browser-safe: gzip and deflate through pako's streaming inflate, brotli through Node's
 * zlib when it is there (looked up at run time, so nothing here imports a Node module). Another
 * decompressor can be installed with setHttpDecompressor.
 */
import { Inflate } from "pako";
import { concatBytes } from "../core/bytes.ts";

/**
 * Undoes one content coding ("gzip", "deflate", ...); null when it cannot (unknown coding, bad
 * or cut data). Returning more than `limit` bytes tells that the body was cut at the limit.
 */
export type HttpDecompressor = (coding: string, data: Uint8Array, limit: number) => Uint8Array | null;

/** Bodies decompress to at most this many bytes unless setHttpBodyLimit says otherwise. */
export const DEFAULT_HTTP_BODY_LIMIT = 64 * 1024 * 1024;
let bodyLimit = DEFAULT_HTTP_BODY_LIMIT;

/** The most bytes a body decompresses to (what is beyond is cut, and the message says so). */
export function setHttpBodyLimit(bytes: number): void {
  if (!Number.isSafeInteger(bytes) || bytes < 0) throw new RangeError(`setHttpBodyLimit: expected a number of bytes, got ${String(bytes)}`);
  bodyLimit = bytes;
}

export function httpBodyLimit(): number {
  return bodyLimit;
}

/** gzip or zlib-wrapped deflate, inflated until the output passes `limit`. */
function inflateUpTo(data: Uint8Array, windowBits: number, limit: number): Uint8Array | null {
  const inf = new Inflate({ windowBits, chunkSize: 1 << 16 });
  const parts: Uint8Array[] = [];
  let size = 0;
  inf.onData = (chunk) => {
    parts.push(chunk);
    size += chunk.length;
  };
  // Fed in steps, so that inflating stops soon after the limit is passed.
  for (let i = 0; i < data.length && size <= limit && !inf.ended; i += 4096) inf.push(data.subarray(i, i + 4096), false);
  if (size <= limit && !inf.ended) inf.push(new Uint8Array(0), true);
  if (size <= limit && inf.err !== 0) return null;
  return parts.length === 1 ? parts[0]! : concatBytes(parts);
}

interface NodeZlib {
  brotliDecompressSync(data: Uint8Array, options: { maxOutputLength: number }): Uint8Array;
}

function nodeZlib(): NodeZlib | null {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  try {
    return (proc?.getBuiltinModule?.("node:zlib") as NodeZlib | undefined) ?? null;
  } catch {
    return null;
  }
}

const defaultDecompressor: HttpDecompressor = (coding, data, limit) => {
  if (coding === "gzip" || coding === "x-gzip") return inflateUpTo(data, 16 + 15, limit);
  if (coding === "deflate") return inflateUpTo(data, 15, limit);
  if (coding === "br") {
    const zlib = nodeZlib();
    try {
      // Brotli cannot stop half-way here: past the limit it is left compressed.
      return zlib ? new Uint8Array(zlib.brotliDecompressSync(data, { maxOutputLength: Math.max(1, limit) })) : null;
    } catch {
      return null;
    }
  }
  return null;
};

let decompressor: HttpDecompressor | null = defaultDecompressor;

/** Installs the function that undoes content codings (null: leave bodies compressed; undefined: the default). */
export function setHttpDecompressor(fn: HttpDecompressor | null | undefined): void {
  decompressor = fn === undefined ? defaultDecompressor : fn;
}

/** Each byte as the character of that code (ISO-8859-1), in slices: a huge line cannot overflow the stack. */
export function byteText(b: Uint8Array, from = 0, to = b.length): string {
  let s = "";
  for (let i = from; i < to; i += 8192) s += String.fromCharCode.apply(null, b.subarray(i, Math.min(to, i + 8192)) as unknown as number[]);
  return s;
}

/** Where the next CRLF starts at or after `from`, or -1. */
export function indexOfCRLF(b: Uint8Array, from: number): number {
  for (let i = b.indexOf(13, from); i >= 0 && i + 1 < b.length; i = b.indexOf(13, i + 1)) if (b[i + 1] === 10) return i;
  return -1;
}

/** What JavaScript's trim() removes, among ISO-8859-1 characters. */
const isTrimmed = (c: number) => c === 32 || (c >= 9 && c <= 13) || c === 0xa0;

/**
 * The size on the chunk line b[from, to) (extensions after ";" ignored, surrounding space
 * trimmed, 1 to 8 hexadecimal digits); null when it is not that.
 */
function chunkSize(b: Uint8Array, from: number, to: number): number | null {
  let semi = from;
  while (semi < to && b[semi] !== 0x3b) semi++;
  let s = from;
  let e = semi;
  while (s < e && isTrimmed(b[s]!)) s++;
  while (e > s && isTrimmed(b[e - 1]!)) e--;
  if (e === s || e - s > 8) return null;
  let n = 0;
  for (let i = s; i < e; i++) {
    const c = b[i]!;
    const d = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : c >= 65 && c <= 70 ? c - 55 : -1;
    if (d < 0) return null;
    n = n * 16 + d;
  }
  return n;
}

/**
 * How far a chunked body has been read: `at` is the next chunk-size (or trailer) line, `from`
 * where the search for its end resumes, `dataEnd` where the chunk whose line was read ends.
 */
export interface ChunkScan {
  at: number;
  from: number;
  dataEnd: number;
  trailers: boolean;
}

export const chunkScan = (start: number): ChunkScan => ({ at: start, from: start, dataEnd: -1, trailers: false });

/**
 * Reads on over the chunks of a body in b (which only grows between calls): where the body ends
 * (after the last chunk, its trailers and the blank line), -1 while b does not hold it all yet,
 * -2 when a chunk size is not hexadecimal. Each byte is looked at once over all the calls.
 */
export function scanChunked(b: Uint8Array, scan: ChunkScan): number {
  for (;;) {
    if (scan.dataEnd >= 0) {
      if (scan.dataEnd > b.length) return -1;
      scan.at = scan.from = scan.dataEnd;
      scan.dataEnd = -1;
    }
    const eol = indexOfCRLF(b, scan.from);
    if (eol < 0) {
      scan.from = Math.max(scan.at, b.length - 1);
      return -1;
    }
    const line = scan.at;
    scan.at = scan.from = eol + 2;
    if (scan.trailers) {
      // Trailer lines, then an empty line.
      if (eol === line) return eol + 2;
      continue;
    }
    const size = chunkSize(b, line, eol);
    if (size === null) return -2;
    if (size === 0) scan.trailers = true;
    else scan.dataEnd = eol + 2 + size + 2;
  }
}

/** The data of a chunked body; null when it is malformed (Scapy then keeps the body as it is). */
export function unchunk(b: Uint8Array): Uint8Array | null {
  // The data is never longer than the chunked body: one buffer, filled in one pass.
  const out = new Uint8Array(b.length);
  let n = 0;
  let p = 0;
  while (p < b.length) {
    const eol = indexOfCRLF(b, p);
    if (eol < 0) return null;
    const size = chunkSize(b, p, eol);
    if (size === null) return null;
    const dataEnd = eol + 2 + size;
    if (b[dataEnd] !== 13 || b[dataEnd + 1] !== 10) {
      // The last chunk is followed by trailers or just the final CRLF.
      if (size === 0) break;
      return null;
    }
    out.set(b.subarray(eol + 2, dataEnd), n);
    n += size;
    p = dataEnd + 2;
    if (size === 0) break;
  }
  return out.slice(0, n);
}

/** Codings named in a header value ("gzip, chunked" -> ["gzip", "chunked"]). */
export function codings(value: Uint8Array | null | undefined): string[] {
  if (!value) return [];
  return byteText(value)
    .split(",")
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
}

/** A decoded body, and why it is not all there when it was cut at the limit. */
export interface DecodedBody {
  body: Uint8Array;
  cut: string | null;
  /** False when no coding was undone (body is then what was given). */
  changed: boolean;
}

/** The body as sent by the application: chunking removed, then the content coding undone when possible, at most the limit. */
export function decodeBody(body: Uint8Array, transferEncoding: Uint8Array | null, contentEncoding: Uint8Array | null): DecodedBody {
  let out = body;
  if (codings(transferEncoding).includes("chunked")) out = unchunk(out) ?? out;
  const content = codings(contentEncoding);
  const limit = bodyLimit;
  for (const coding of [...content].reverse()) {
    if (coding === "identity") continue;
    const plain = decompressor?.(coding, out, limit) ?? null;
    if (plain === null) break;
    if (plain.length > limit) {
      const cut = `the ${coding} body decompresses to more than ${limit} bytes: cut there (setHttpBodyLimit raises the limit)`;
      return { body: plain.subarray(0, limit), cut, changed: true };
    }
    out = plain;
  }
  return { body: out, cut: null, changed: out !== body };
}

/** decodeBody's bytes alone. */
export function decodeHttpBody(body: Uint8Array, transferEncoding: Uint8Array | null, contentEncoding: Uint8Array | null): Uint8Array {
  return decodeBody(body, transferEncoding, contentEncoding).body;
}
