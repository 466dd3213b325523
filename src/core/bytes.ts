/** Byte helpers over Uint8Array (no Buffer: the core runs in browsers too). */

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));
const encoder = new TextEncoder();
const latin1Decoder = new TextDecoder("latin1");

/** Lowercase hex string of some bytes. */
export function toHex(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i++) out += HEX[bytes[i]!];
  return out;
}

/** Bytes from a hex string; spaces, colons and a leading 0x are ignored. */
export function fromHex(hex: string): Uint8Array {
  const clean = hex.replace(/^0x/i, "").replace(/[\s:]/g, "");
  if (clean.length % 2 !== 0 || /[^0-9a-fA-F]/.test(clean)) throw new TypeError(`not a hex string: ${JSON.stringify(hex.slice(0, 40))}`);
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.substr(i * 2, 2), 16);
  return out;
}

/** POW2[n] = 2 ** n for n in 0..64: a lookup, where `2 ** n` with a variable n calls into C. */
export const POW2: readonly number[] = Array.from({ length: 65 }, (_, n) => 2 ** n);

/**
 * A copy of buf[start, end). V8 allocates typed arrays over 64 bytes outside its heap, which costs
 * far more than copying: bigger copies are carved out of a shared pool (as Node's Buffer pool).
 */
export function copyBytes(buf: Uint8Array, start: number, end: number): Uint8Array {
  const n = end - start;
  if (n <= 64 || n > COPY_POOL_SIZE / 8) return buf.slice(start, end);
  if (copyPoolUsed + n > COPY_POOL_SIZE) {
    copyPool = new ArrayBuffer(COPY_POOL_SIZE);
    copyPoolUsed = 0;
  }
  const out = new Uint8Array(copyPool, copyPoolUsed, n);
  out.set(buf.subarray(start, end));
  copyPoolUsed += (n + 7) & ~7;
  return out;
}

const COPY_POOL_SIZE = 64 * 1024;
let copyPool = new ArrayBuffer(COPY_POOL_SIZE);
let copyPoolUsed = 0;

/** UTF-8 bytes of a string (what Scapy does with a str payload). */
export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

/** Each byte as one char code 0..255. */
export function latin1(bytes: Uint8Array): string {
  return latin1Decoder.decode(bytes);
}

/** Bytes from a string whose char codes are all < 256. */
export function fromLatin1(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i) & 0xff;
  return out;
}

/** Accepts bytes or text (UTF-8), as Scapy's bytes_encode. */
export function toBytes(value: Uint8Array | ArrayBuffer | string | number[]): Uint8Array {
  if (value instanceof Uint8Array) return value;
  if (typeof value === "string") return utf8(value);
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (Array.isArray(value)) return Uint8Array.from(value);
  throw new TypeError(`expected bytes or a string, got ${typeof value}`);
}

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  let total = 0;
  for (const p of parts) total += p.length;
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Python's repr() of a bytes object, without the b prefix quotes logic split out:
 * `pyBytesRepr(bytes)` gives `b'GET /\r\n'` as Scapy 2.6+ shows it.
 */
export function pyBytesRepr(bytes: Uint8Array): string {
  let hasSingle = false;
  let hasDouble = false;
  for (const b of bytes) {
    if (b === 0x27) hasSingle = true;
    else if (b === 0x22) hasDouble = true;
  }
  const quote = hasSingle && !hasDouble ? '"' : "'";
  let out = "b" + quote;
  for (const b of bytes) {
    if (b === 0x5c) out += "\\\\";
    else if (b === 0x09) out += "\\t";
    else if (b === 0x0a) out += "\\n";
    else if (b === 0x0d) out += "\\r";
    else if (b === quote.charCodeAt(0)) out += "\\" + quote;
    else if (b < 0x20 || b >= 0x7f) out += "\\x" + HEX[b];
    else out += String.fromCharCode(b);
  }
  return out + quote;
}

/** Python's repr() of a str. */
export function pyStrRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (ch === "\\") out += "\\\\";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (ch === quote) out += "\\" + quote;
    else if (c < 0x20 || c === 0x7f) out += "\\x" + HEX[c];
    else out += ch;
  }
  return out + quote;
}

/** Python slicing: how many of `available` items s[:n] keeps (n negative counts from the end, or past the end). */
export function pySliceLength(available: number, n: number): number {
  if (n < 0) return Math.max(0, available + n);
  return Math.min(n, available);
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/** Python's bytes.decode("utf-8", errors="backslashreplace") (Scapy's plain_str): bytes that are not UTF-8 become \\xNN. */
export function plainStr(bytes: Uint8Array): string {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    let out = "";
    let i = 0;
    while (i < bytes.length) {
      const b = bytes[i]!;
      const n = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
      if (n > 0 && i + n <= bytes.length) {
        try {
          out += strictUtf8.decode(bytes.subarray(i, i + n));
          i += n;
          continue;
        } catch {
          /* not a valid sequence: escaped below */
        }
      }
      out += "\\x" + b.toString(16).padStart(2, "0");
      i++;
    }
    return out;
  }
}
