/**
 * Where a dissected layer's fields lie: measuring them (from the field nf reached so far, up to
 * a given field) and decoding one from its bytes. Dissection measures the fields whose measuring
 * may fail; the rest (DNS sections, option lists: fields that take what the bytes hold) are
 * measured when first needed. Reaching the end of the bytes at a byte boundary ends the header
 * (the remaining fields keep their defaults, as Scapy stops there); a field cut short ends it too
 * and says so (the layer is then Raw, or keeps what it read when it is the outermost one).
 */
import { pySliceLength } from "../bytes.ts";
import { conf } from "../conf.ts";
import { Measured } from "../field.ts";
import type { Packet } from "../packet.ts";
import { WRITE_CONDITIONAL, WRITE_DYNAMIC, type PacketState } from "../state.ts";

/** What decodeField gives for a field the bytes did not hold (its default applies). */
export const ABSENT: unique symbol = Symbol("absent");

const EMPTY = new Uint8Array(0);

/**
 * Per-field offsets of dissected layers are views of a shared pool: a typed array of more than
 * 64 bytes of its own is allocated outside V8's heap, which costs microseconds.
 */
const OFFSETS_POOL = 16 * 1024;
let offsetsPool = new Int32Array(OFFSETS_POOL);
let offsetsUsed = 0;

export function allocOffsets(n: number): Int32Array {
  if (n > OFFSETS_POOL / 8) return new Int32Array(n).fill(-1);
  if (offsetsUsed + n > OFFSETS_POOL) {
    offsetsPool = new Int32Array(OFFSETS_POOL);
    offsetsUsed = 0;
  }
  const out = offsetsPool.subarray(offsetsUsed, offsetsUsed + n);
  offsetsUsed += n;
  for (let i = 0; i < n; i++) out[i] = -1;
  return out;
}

/**
 * Measures fields [s.nf, upTo). False when a field is cut short (Scapy's struct error) or its
 * declaration failed on these bytes (a condition or a length that throws, reported under
 * conf.debugDissector): the header ends before it. Reaching the last field, or the end of the
 * bytes at a byte boundary, completes the header (s.full, s.hdrEnd).
 */
export function measureFields(p: Packet, s: PacketState, upTo: number): boolean {
  const layout = s.spec.layout;
  const fields = layout.fields;
  const n = fields.length;
  if (upTo > n) upTo = n;
  const avail = s.end - s.start;
  const buf = s.buf!;
  const offs = s.offs;
  let bit = s.bit;
  let i = s.nf;
  // The leading fixed fields need no walking when the bytes hold them all.
  if (i === 0 && layout.fixedPrefixBits > 0 && layout.fixedPrefixBits <= avail * 8) {
    i = layout.fixedPrefixCount;
    bit = layout.fixedPrefixBits;
    if (offs !== null) {
      const fixedStart = layout.fixedStart;
      const sizes = layout.sizeBits;
      for (let j = 0; j < i; j++) {
        offs[2 * j] = fixedStart[j]!;
        offs[2 * j + 1] = fixedStart[j]! + sizes[j]!;
      }
    }
  }
  for (; i < upTo; i++) {
    // Nothing left at a byte boundary: the remaining fields keep their defaults (Scapy stops there).
    if ((bit & 7) === 0 && bit >> 3 >= avail) return complete(s, i, bit, true);
    // A run of fixed fields that the bytes hold entirely: offsets by addition, no per-field calls.
    const runEnd = layout.runEnd[i]!;
    if (runEnd > i + 1 && runEnd <= upTo && bit + layout.runBits[i]! <= avail * 8) {
      if (offs !== null) {
        const sizes = layout.sizeBits;
        for (let j = i; j < runEnd; j++) {
          offs[2 * j] = bit;
          bit += sizes[j]!;
          offs[2 * j + 1] = bit;
        }
      } else bit += layout.runBits[i]!;
      i = runEnd - 1;
      continue;
    }
    const declared = fields[i]!;
    const kind = layout.writeKinds[i]!;
    let size = layout.sizeBits[i]!;
    try {
      if (kind & WRITE_CONDITIONAL && !declared.present(p)) continue;
      const f = kind & WRITE_DYNAMIC ? declared.resolve(p) : declared;
      if (size < 0 && f !== declared && f.bits >= 0 && !f.lenient) size = f.bits;
      if (size >= 0) {
        if (bit + size > avail * 8) return complete(s, i, bit, false);
      } else {
        const m = f.measure(p, buf, s.start + (bit >> 3), s.end);
        if (m instanceof Measured) {
          size = m.length * 8;
          (s.values ??= new Array(n))[i] = m.value;
          if (declared.mutable) s.exposed = true;
        } else size = m * 8;
        if (size < 0) return complete(s, i, bit, false);
      }
    } catch (e) {
      if (conf.debugDissector) throw e;
      return complete(s, i, bit, false);
    }
    if (offs !== null) {
      offs[2 * i] = bit;
      offs[2 * i + 1] = bit + size;
    }
    bit += size;
  }
  s.nf = i;
  s.bit = bit;
  if (i === n) complete(s, n, bit, true);
  return true;
}

/** The header ends at field `nf`, `bit` bits in; `ok` false when a field was cut there. */
function complete(s: PacketState, nf: number, bit: number, ok: boolean): boolean {
  s.nf = nf;
  s.bit = bit;
  s.full = true;
  s.hdrEnd = s.start + ((bit + 7) >> 3);
  if (!ok) s.truncated = true;
  return ok;
}

/**
 * Measures what is left of the header and works out where the payload ends (Scapy's
 * extract_padding): after this, hdrEnd and payEnd are final.
 */
export function finishHeader(p: Packet, s: PacketState): void {
  if (s.full && s.payEnd >= 0) return;
  if (!s.full) measureFields(p, s, s.spec.layout.fields.length);
  payloadEnd(p, s);
}

/** payEnd from the layer's extract_padding hook (all of the bytes when it has none, or the header was cut). */
export function payloadEnd(p: Packet, s: PacketState): void {
  const extract = s.spec.hooks.extractPadding;
  const end = contentEnd(s);
  if (extract === undefined || s.truncated) {
    s.payEnd = end;
    return;
  }
  // Only hooks that take the rest of the bytes get a view of them (no allocation otherwise).
  const n = s.spec.hooksTakeBytes.extractPadding ? extract(p, s.buf!.subarray(s.hdrEnd, end)) : extract(p, EMPTY);
  s.payEnd = n === null ? end : s.hdrEnd + pySliceLength(end - s.hdrEnd, n);
}

/** Where the layer's header and payload end: before its trailer field (802.11's FCS) when the bytes held one. */
export function contentEnd(s: PacketState): number {
  const t = s.spec.layout.trailerIndex;
  if (t < 0 || s.truncated || t >= s.nf) return s.end;
  if (s.offs !== null && s.offs[2 * t]! < 0) return s.end;
  return s.end - s.spec.layout.trailerBytes;
}

/** Bit span [from, to) of measured field i relative to the layer start, or null when it was absent. */
export function fieldBits(s: PacketState, i: number): readonly [number, number] | null {
  if (i >= s.nf) return null;
  const offs = s.offs;
  if (offs !== null) {
    const from = offs[2 * i]!;
    return from < 0 ? null : [from, offs[2 * i + 1]!];
  }
  const layout = s.spec.layout;
  const f = layout.fields[i]!;
  const from = layout.fixedStart[i]!;
  // Without offsets, only the last field can vary: it ends where measuring stopped.
  let to = f.bits >= 0 && !f.lenient ? from + f.bits : s.bit;
  if (f.lenient) to = Math.min(to, s.bit);
  return [from, to];
}

/** Decodes measured field i of a dissected packet from its bytes; mutable results are cached on the packet. */
export function decodeField(p: Packet, s: PacketState, i: number): unknown {
  const layout = s.spec.layout;
  const declared = layout.fields[i]!;
  const fixed = layout.fixedStart[i]!;
  // A field at a fixed place, of a fixed size, read straight from the bytes (unless marked absent).
  if (fixed >= 0 && layout.directRead[i] === 1 && (s.offs === null || s.offs[2 * i]! >= 0)) return declared.readFixed(s.buf!, s.start + (fixed >> 3), fixed & 7);
  const span = fieldBits(s, i);
  if (span === null) return ABSENT;
  const [startBit, endBit] = span;
  const f = layout.writeKinds[i]! & WRITE_DYNAMIC ? declared.resolve(p) : declared;
  const buf = s.buf!;
  const at = s.start + (startBit >> 3);
  if (f.bits >= 0 && !f.lenient && endBit - startBit === f.bits) return f.readFixed(buf, at, startBit & 7);
  const v = f.decode(p, buf, at, s.start + (endBit >> 3));
  if (declared.mutable) {
    (s.values ??= new Array(layout.fields.length))[i] = v;
    s.exposed = true;
  }
  return v;
}

/**
 * The bytes field `name` was dissected from, or null when p was not dissected or the field was
 * absent. Lets a field that normalises on write (padding, alignment) keep what was on the wire.
 */
export function dissectedFieldBytes(p: Packet, name: string): Uint8Array | null {
  const s = p._s;
  const i = s.spec.layout.fieldIndex.get(name);
  if (s.buf === null || i === undefined) return null;
  if (i >= s.nf && !s.full) measureFields(p, s, i + 1);
  const span = fieldBits(s, i);
  if (span === null) return null;
  return s.buf.subarray(s.start + (span[0] >> 3), s.start + (span[1] >> 3));
}

/**
 * Marks measured field i of a dissected packet as not held by its bytes (for layers whose bytes
 * say which fields they carry, as HTTP's header block does): it reads as its default and is not
 * shown as set.
 */
export function markAbsent(p: Packet, i: number): void {
  const s = p._s;
  if (s.offs === null || i >= s.nf) throw new Error(`${s.spec.name}: only a measured field of a layer with offsets can be marked absent`);
  s.offs[2 * i] = s.offs[2 * i + 1] = -1;
}
