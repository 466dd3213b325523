/**
 * DNS names on the wire: length-prefixed labels ending in a zero byte, or in a compression
 * pointer (two bytes, top bits 11) to an earlier name of the same message. Names are kept as
 * bytes ending in "." (b"www.example.com."), as Scapy does.
 *
 * Decompression follows pointers into the whole DNS message: the layers that hold names find it
 * through their parents (a record's parent is its message), among the layers registered as
 * messages; without one, pointers are read against the buffer the name came from. Valid chains
 * are followed however long; reading stops at a loop, at the end of the bytes, or when the names
 * of one message have taken far more work than any real message needs (64 bytes read per byte of
 * message), so no input can make it hang or grow quadratic. A name cut at a loop or by that bound
 * is a CutName, which says why. The budget belongs to one dissected message (the same bytes
 * dissected again start afresh): no state outlives a message but the scratch space of one read.
 */
import type { Packet } from "../core/packet.ts";
import type { LayerRef, LayerSpec } from "../core/state.ts";

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

/** Work (bytes read through pointers, and pointers) the names of one message may take in all. */
const workFor = (messageLength: number) => 64 * messageLength + 65536;

/** Where the message that compression pointers point into lies in the buffer. */
export interface DnsMessage {
  readonly start: number;
  readonly end: number;
}

/** A dissected message's bounds and the work its names have left (one budget per dissection). */
interface MessageBudget extends DnsMessage {
  workLeft: number;
}

const messageLayers = new Map<LayerSpec, (p: Packet) => DnsMessage>();
/** Per dissected message (its state): the same bytes dissected again get a budget of their own. */
const budgets = new WeakMap<object, MessageBudget>();

/** Declares `layer` a DNS message (DNS, LLMNR...): names in the records it holds point into it. */
export function registerDnsMessage(layer: LayerRef, bounds: (p: Packet) => DnsMessage): void {
  messageLayers.set(layer.spec, bounds);
}

/** The message a name of pkt points into: the nearest registered message among pkt's parents and underlayers. */
export function dnsMessageOf(pkt: Packet): DnsMessage | null {
  for (let q: Packet | null = pkt; q !== null; q = q.parent ?? q.underlayer) {
    const bounds = messageLayers.get(q.spec);
    if (bounds === undefined || q._s.buf !== pkt._s.buf) continue;
    let budget = budgets.get(q._s);
    if (budget === undefined) {
      const { start, end } = bounds(q);
      budgets.set(q._s, (budget = { start, end, workLeft: workFor(end - start) }));
    }
    return budget;
  }
  return null;
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
  if (++stamp === 0x7fffffff) {
    seen.fill(0);
    stamp = 1;
  }
  const base = message === null ? 0 : message.start;
  const bound = message === null ? buf.length : message.end;
  // The message's budget is shared by its names; a name read without one has one of its own.
  const budget: MessageBudget = message !== null && "workLeft" in message ? (message as MessageBudget) : { start: base, end: bound, workLeft: workFor(bound - base) };
  let workLeft = budget.workLeft;
  const src = buf;
  let p = off;
  let end = limit;
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
      end = bound;
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
  budget.workLeft = workLeft;
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
