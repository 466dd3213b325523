/**
 * HTTP message bodies as the application sees them: chunked transfer coding removed, then
 * gzip/deflate content coding undone.
 *
 * Decompression goes through a hook so that layers/ stays browser-safe and synchronous (TCP
 * reassembly runs packet by packet, like Scapy's sessions; DecompressionStream is async only).
 * On Node the default uses node:zlib, looked up at run time with process.getBuiltinModule, so
 * nothing here imports a Node module; elsewhere, install one with setHttpDecompressor.
 */
import { concatBytes } from "../core/bytes.ts";

/** Undoes one content coding ("gzip", "deflate", ...); null when it cannot (unknown coding, bad or cut data). */
export type HttpDecompressor = (coding: string, data: Uint8Array) => Uint8Array | null;

interface NodeZlib {
  gunzipSync(data: Uint8Array): Uint8Array;
  inflateSync(data: Uint8Array): Uint8Array;
  brotliDecompressSync(data: Uint8Array): Uint8Array;
}

function nodeZlib(): NodeZlib | null {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  try {
    return (proc?.getBuiltinModule?.("node:zlib") as NodeZlib | undefined) ?? null;
  } catch {
    return null;
  }
}

function zlibDecompressor(zlib: NodeZlib): HttpDecompressor {
  return (coding, data) => {
    try {
      if (coding === "gzip" || coding === "x-gzip") return new Uint8Array(zlib.gunzipSync(data));
      if (coding === "deflate") return new Uint8Array(zlib.inflateSync(data));
      if (coding === "br") return new Uint8Array(zlib.brotliDecompressSync(data));
    } catch {
      /* cut or corrupt data: left as it is */
    }
    return null;
  };
}

let decompressor: HttpDecompressor | null = (() => {
  const zlib = nodeZlib();
  return zlib ? zlibDecompressor(zlib) : null;
})();

/** Installs the function that undoes content codings (null: leave bodies compressed). */
export function setHttpDecompressor(fn: HttpDecompressor | null): void {
  decompressor = fn;
}

const CRLF = [13, 10];

function indexOfCRLF(b: Uint8Array, from: number): number {
  for (let i = from; i + 1 < b.length; i++) if (b[i] === CRLF[0] && b[i + 1] === CRLF[1]) return i;
  return -1;
}

/**
 * Where a chunked body ends in b (after the last chunk, its trailers and the blank line), or -1
 * when b does not hold it all yet; -2 when a chunk size is not hexadecimal.
 */
export function chunkedBodyEnd(b: Uint8Array, start = 0): number {
  let p = start;
  for (;;) {
    const eol = indexOfCRLF(b, p);
    if (eol < 0) return -1;
    const size = chunkSize(b.subarray(p, eol));
    if (size === null) return -2;
    p = eol + 2;
    if (size === 0) {
      // Trailer lines, then an empty line.
      for (;;) {
        const end = indexOfCRLF(b, p);
        if (end < 0) return -1;
        if (end === p) return p + 2;
        p = end + 2;
      }
    }
    if (p + size + 2 > b.length) return -1;
    p += size + 2;
  }
}

/** The size on a chunk line (extensions after ";" ignored); null when it is not hexadecimal. */
function chunkSize(line: Uint8Array): number | null {
  const text = String.fromCharCode(...line).split(";")[0]!.trim();
  return /^[0-9a-fA-F]{1,8}$/.test(text) ? parseInt(text, 16) : null;
}

/** The data of a chunked body; null when it is malformed (Scapy then keeps the body as it is). */
export function unchunk(b: Uint8Array): Uint8Array | null {
  const parts: Uint8Array[] = [];
  let p = 0;
  while (p < b.length) {
    const eol = indexOfCRLF(b, p);
    if (eol < 0) return null;
    const size = chunkSize(b.subarray(p, eol));
    if (size === null) return null;
    const data = b.subarray(eol + 2, eol + 2 + size);
    if (b[eol + 2 + size] !== 13 || b[eol + 3 + size] !== 10) {
      // The last chunk is followed by trailers or just the final CRLF.
      if (size === 0) break;
      return null;
    }
    parts.push(data);
    p = eol + 4 + size;
    if (size === 0) break;
  }
  return concatBytes(parts);
}

/** Codings named in a header value ("gzip, chunked" -> ["gzip", "chunked"]). */
export function codings(value: Uint8Array | null | undefined): string[] {
  if (!value) return [];
  return String.fromCharCode(...value)
    .split(",")
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
}

/** The body as sent by the application: chunking removed, then the content coding undone when possible. */
export function decodeHttpBody(body: Uint8Array, transferEncoding: Uint8Array | null, contentEncoding: Uint8Array | null): Uint8Array {
  let out = body;
  if (codings(transferEncoding).includes("chunked")) out = unchunk(out) ?? out;
  const content = codings(contentEncoding);
  for (const coding of [...content].reverse()) {
    if (coding === "identity") continue;
    const plain = decompressor?.(coding, out) ?? null;
    if (plain === null) break;
    out = plain;
  }
  return out;
}
