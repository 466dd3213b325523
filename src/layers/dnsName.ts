/**
 * DNS names on the wire: length-prefixed labels ending in a zero byte, or in a compression
 * pointer (two bytes, top bits 11) to an earlier name of the same message. Names are kept as
 * bytes ending in "." (b"www.example.com."), as Scapy does.
 *
 * Decompression follows pointers into the whole DNS message. While a DNS layer dissects its
 * sections it says where the message lies (enterDnsMessage); outside of that, pointers are read
 * against the buffer the name came from. Valid chains are followed however long; reading stops
 * at a loop, at the end of the bytes, or when the message's names have taken far more work than
 * any real message needs (64 bytes read per byte of message), so no input can make it hang or
 * grow quadratic. A name cut at a loop or by that bound is a CutName, which says why.
 */

const DOT = 0x2e;

/** A name whose reading was cut short: what could be read, and why the rest could not. */
export class CutName extends Uint8Array {
  /** "pointer loop" or "too much decompression". */
  declare readonly cut: string;
}

function cutName(bytes: Uint8Array, cut: string): CutName {
  const name = new CutName(bytes.length);
  name.set(bytes);
  Object.defineProperty(name, "cut", { value: cut, enumerable: false });
  return name;
}

/** Work (bytes read through pointers, and pointers) all the names of one message may take. */
const workFor = (messageLength: number) => 64 * messageLength + 65536;
let workLeft = workFor(0);

let msgBuf: Uint8Array | null = null;
let msgStart = 0;
let msgEnd = 0;

/** The message compression pointers point into now (to restore it after enterDnsMessage). */
export function currentDnsMessage(): [Uint8Array | null, number, number] {
  return [msgBuf, msgStart, msgEnd];
}

/** Makes buf[start, end) the message that compression pointers point into (null: none). */
export function enterDnsMessage(buf: Uint8Array | null, start: number, end: number): void {
  if (buf !== msgBuf || start !== msgStart || end !== msgEnd) workLeft = workFor(buf === null ? 0 : end - start);
  msgBuf = buf;
  msgStart = start;
  msgEnd = end;
}

let scratch = new Uint8Array(512);
/** Pointer targets (14 bits) followed by the current readName: seen[t] === stamp (loop detection in one step). */
const seen = new Int32Array(0x4000);
let stamp = 0;

function grow(need: number): void {
  if (need <= scratch.length) return;
  const bigger = new Uint8Array(Math.max(need, scratch.length * 2));
  bigger.set(scratch);
  scratch = bigger;
}

/** Set by scanName: the name it measured ends in a compression pointer. */
export let scannedCompressed = false;

/** Bytes the name at buf[off, limit) takes in place (scannedCompressed tells whether it ends in a pointer). */
export function scanName(buf: Uint8Array, off: number, limit: number): number {
  let p = off;
  while (p < limit) {
    const c = buf[p]!;
    if (c === 0) {
      scannedCompressed = false;
      return p + 1 - off;
    }
    // Any length byte with a top bit set is read as a pointer (0x40 and 0x80 label types too, as Scapy does).
    if (c & 0xc0) {
      scannedCompressed = true;
      return Math.min(p + 2, limit) - off;
    }
    p += c + 1;
  }
  scannedCompressed = false;
  return limit - off;
}

/** Decodes the name at buf[off, limit), following pointers into the current message. */
export function readName(buf: Uint8Array, off: number, limit: number): Uint8Array {
  if (++stamp === 0x7fffffff) {
    seen.fill(0);
    stamp = 1;
  }
  // Outside a message, the name's own buffer is what pointers point into.
  if (msgBuf === null) workLeft = Math.max(workLeft, workFor(buf.length));
  let src = buf;
  let p = off;
  let end = limit;
  let base = 0;
  let jumped = false;
  let cut = "";
  let n = 0;
  for (;;) {
    if (p >= end) break;
    const c = src[p++]!;
    if (c & 0xc0) {
      if (p >= end) break;
      const target = ((c & 0x3f) << 8) | src[p]!;
      if (seen[target] === stamp) {
        cut = "pointer loop";
        break;
      }
      if (--workLeft < 0) {
        cut = "too much decompression";
        break;
      }
      seen[target] = stamp;
      jumped = true;
      if (msgBuf !== null) {
        src = msgBuf;
        base = msgStart;
        end = msgEnd;
      } else {
        src = buf;
        base = 0;
        end = buf.length;
      }
      p = base + target;
      continue;
    }
    if (c === 0) break;
    const stop = Math.min(p + c, end);
    if (jumped && (workLeft -= stop - p + 1) < 0) {
      cut = "too much decompression";
      break;
    }
    if (n + c + 1 > scratch.length) grow(n + c + 1);
    // Labels are short: a byte loop beats making a view per label.
    for (let i = p; i < stop; i++) scratch[n++] = src[i]!;
    scratch[n++] = DOT;
    p += c;
  }
  const name = n === 0 ? Uint8Array.of(DOT) : scratch.subarray(0, n);
  return cut === "" ? name.slice() : cutName(name, cut);
}

/**
 * Already in wire form (a compressed value from dnsCompress): Scapy's test (no dots, ends in a
 * zero byte or a pointer), or labels that end exactly in a zero byte or a pointer (a pointer's
 * low byte may be 0x2e, a dot, which Scapy's test alone takes for a dotted name).
 */
export function isWireName(name: Uint8Array): boolean {
  const n = name.length;
  if (!name.includes(DOT) && ((n > 0 && name[n - 1] === 0) || (n >= 2 && (name[n - 2]! & 0xc0) === 0xc0))) return true;
  for (let p = 0; p < n; ) {
    const c = name[p]!;
    if (c === 0) return p === n - 1;
    if ((c & 0xc0) === 0xc0) return p === n - 2;
    if (c & 0xc0) return false;
    p += c + 1;
  }
  return false;
}

/** Wire form of a name: labels cut at 63 bytes, ending with a zero byte. */
export function encodeName(name: Uint8Array): Uint8Array {
  if (name.length === 0 || (name.length === 1 && name[0] === DOT)) return Uint8Array.of(0);
  if (isWireName(name)) return name;
  const out = new Uint8Array(name.length + 2);
  let n = 0;
  let start = 0;
  for (let i = 0; i <= name.length; i++) {
    if (i < name.length && name[i] !== DOT) continue;
    const len = Math.min(i - start, 63);
    out[n++] = len;
    out.set(name.subarray(start, start + len), n);
    n += len;
    start = i + 1;
  }
  if (out[n - 1] !== 0) out[n++] = 0;
  return out.slice(0, n);
}

/** The labels of a dotted name, without the final empty one. */
export function nameLabels(name: Uint8Array): Uint8Array[] {
  const labels: Uint8Array[] = [];
  let start = 0;
  for (let i = 0; i < name.length; i++) {
    if (name[i] !== DOT) continue;
    labels.push(name.subarray(start, i));
    start = i + 1;
  }
  if (start < name.length) labels.push(name.subarray(start));
  return labels;
}
