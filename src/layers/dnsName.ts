/**
 * DNS names on the wire: length-prefixed labels ending in a zero byte, or in a compression
 * pointer (two bytes, top bits 11) to an earlier name of the same message. Names are kept as
 * bytes ending in "." (b"www.example.com."), as Scapy does.
 *
 * Decompression follows pointers into the whole DNS message: the layers that hold names find it
 * through their parents (a record's parent is its message), among the layers registered as
 * messages; without one, pointers are read against the buffer the name came from. Reading stops
 * at a loop, after 20 jumps, or at the end of the bytes, so no input can make it hang.
 */
import type { Packet } from "../core/packet.ts";
import type { LayerRef, LayerSpec } from "../core/state.ts";

const DOT = 0x2e;
const MAX_JUMPS = 20;

/** Where the message that compression pointers point into lies in the buffer. */
export interface DnsMessage {
  readonly start: number;
  readonly end: number;
}

const messageLayers = new Map<LayerSpec, (p: Packet) => DnsMessage>();

/** Declares `layer` a DNS message (DNS, LLMNR...): names in the records it holds point into it. */
export function registerDnsMessage(layer: LayerRef, bounds: (p: Packet) => DnsMessage): void {
  messageLayers.set(layer.spec, bounds);
}

/** The message a name of pkt points into: the nearest registered message among pkt's parents and underlayers. */
export function dnsMessageOf(pkt: Packet): DnsMessage | null {
  for (let q: Packet | null = pkt; q !== null; q = q.parent ?? q.underlayer) {
    const bounds = messageLayers.get(q.spec);
    if (bounds !== undefined && q._s.buf === pkt._s.buf) return bounds(q);
  }
  return null;
}

let scratch = new Uint8Array(512);
/** Pointer targets followed by the current readName (loop detection). */
const seen = new Int32Array(MAX_JUMPS);

function seenBefore(target: number, count: number): boolean {
  for (let i = 0; i < count; i++) if (seen[i] === target) return true;
  return false;
}

function grow(need: number): void {
  if (need <= scratch.length) return;
  const bigger = new Uint8Array(Math.max(need, scratch.length * 2));
  bigger.set(scratch);
  scratch = bigger;
}

/** Bytes the name at buf[off, limit) takes in place. */
export function scanName(buf: Uint8Array, off: number, limit: number): number {
  let p = off;
  while (p < limit) {
    const c = buf[p]!;
    if (c === 0) return p + 1 - off;
    // Any length byte with a top bit set is read as a pointer (0x40 and 0x80 label types too, as Scapy does).
    if (c & 0xc0) return Math.min(p + 2, limit) - off;
    p += c + 1;
  }
  return limit - off;
}

/** Does the name at buf[off, limit) end in a compression pointer (so reading it needs its message)? */
export function endsInPointer(buf: Uint8Array, off: number, limit: number): boolean {
  let p = off;
  while (p < limit) {
    const c = buf[p]!;
    if (c === 0) return false;
    if (c & 0xc0) return true;
    p += c + 1;
  }
  return false;
}

/** Decodes the name at buf[off, limit), following pointers into `message` (the whole buffer without one). */
export function readName(buf: Uint8Array, off: number, limit: number, message: DnsMessage | null = null): Uint8Array {
  const src = buf;
  let p = off;
  let end = limit;
  let base = 0;
  let jumps = 0;
  let n = 0;
  for (;;) {
    if (p >= end) break;
    const c = src[p++]!;
    if (c & 0xc0) {
      if (p >= end) break;
      const target = ((c & 0x3f) << 8) | src[p]!;
      if (jumps >= MAX_JUMPS || seenBefore(target, jumps)) break;
      seen[jumps++] = target;
      if (message !== null) {
        base = message.start;
        end = message.end;
      } else {
        base = 0;
        end = buf.length;
      }
      p = base + target;
      continue;
    }
    if (c === 0) break;
    const stop = Math.min(p + c, end);
    if (n + c + 1 > scratch.length) grow(n + c + 1);
    // Labels are short: a byte loop beats making a view per label.
    for (let i = p; i < stop; i++) scratch[n++] = src[i]!;
    scratch[n++] = DOT;
    p += c;
  }
  if (n === 0) return Uint8Array.of(DOT);
  return scratch.slice(0, n);
}

/** Already in wire form (a compressed value from dnsCompress): no dots, ends in a zero byte or a pointer. */
export function isWireName(name: Uint8Array): boolean {
  if (name.includes(DOT)) return false;
  const n = name.length;
  return (n > 0 && name[n - 1] === 0) || (n >= 2 && (name[n - 2]! & 0xc0) === 0xc0);
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
