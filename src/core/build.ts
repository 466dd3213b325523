/**
 * Building: every layer writes its header into one shared buffer, front to back; after its
 * payload is written, its post-build hook fills lengths and checksums in place. A dissected
 * layer that nobody changed copies its original header bytes (Scapy's raw_packet_cache).
 * Padding layers are written after everything else, as Scapy's build_padding does.
 */
import { dissectLayer } from "./dissect.ts";
import { POW2 } from "./bytes.ts";
import { FieldLenField } from "./fields/length.ts";
import { drawVolatiles, getValue, payloadOf, stateValue, type Packet } from "./packet.ts";
import { registry, WRITE_BITS, WRITE_CONDITIONAL, WRITE_DYNAMIC, WRITE_LENGTH } from "./spec.ts";
import { acquireWriter, finishWriter, releaseWriter, Writer } from "./writer.ts";

export function buildPacket(p: Packet): Uint8Array {
  if (hasAlternatives(p)) {
    const first = p[Symbol.iterator]().next().value as Packet;
    return buildPacket(first);
  }
  const w = acquireWriter();
  try {
    buildInto(p, w);
    return finishWriter(w);
  } finally {
    releaseWriter(w);
  }
}

function hasAlternatives(p: Packet): boolean {
  for (let q: Packet | null = p; q !== null; q = q._s.payload ?? null) if (q._s.gen) return true;
  return false;
}

function hasVolatiles(p: Packet): boolean {
  for (let q: Packet | null = p; q !== null; q = q._s.payload ?? null) if (q._s.vol) return true;
  return false;
}

/** Writes p and its payloads, then their padding, at w.pos. */
export function buildInto(p: Packet, w: Writer): void {
  if (hasVolatiles(p)) p = drawVolatiles(p);
  const pads: Packet[] = [];
  buildLayer(p, w, pads);
  for (const pad of pads) {
    const load = pad._get(0) as Uint8Array | null;
    if (load) w.bytes(load);
  }
}

function buildLayer(p: Packet, w: Writer, pads: Packet[]): void {
  const s = p._s;
  const spec = s.spec;
  if (spec === registry.padding) {
    pads.push(p);
    const next = payloadOf(p);
    if (next) buildLayer(next, w, pads);
    return;
  }
  const start = w.pos;
  if (s.buf !== null && !s.dirty && !(s.exposed && mutableChanged(p))) {
    w.range(s.buf, s.start, s.hdrEnd);
    const next = payloadOf(p);
    if (next) buildLayer(next, w, pads);
    return;
  }
  writeHeader(p, w);
  const headerEnd = w.pos;
  const next = payloadOf(p);
  if (next) buildLayer(next, w, pads);
  spec.hooks.postBuild?.(p, w, start, headerEnd);
}

/** Writes p's fields (its header). Length and count fields left to compute are patched at the end. */
export function writeHeader(p: Packet, w: Writer): void {
  const s = p._s;
  const spec = s.spec;
  const fields = spec.fields;
  const kinds = spec.writeKinds;
  const n = fields.length;
  let acc = 0;
  let accBits = 0;
  let spans: Int32Array | null = null;
  let fixups: number[] | null = null;
  const spansMark = spanStackUsed;
  if (spec.hasLengthFields) spans = pushSpans(2 * n);
  for (let i = 0; i < n; i++) {
    const kind = kinds[i]!;
    let f = fields[i]!;
    let packed = (kind & WRITE_BITS) !== 0;
    if (kind !== 0 && (kind & (WRITE_CONDITIONAL | WRITE_DYNAMIC)) !== 0) {
      if (kind & WRITE_CONDITIONAL && !f.present(p)) continue;
      if (kind & WRITE_DYNAMIC) {
        f = f.resolve(p);
        packed = f.bitPacked;
      }
    }
    const value = stateValue(p, s, i);
    if (packed) {
      const bits = f.bits;
      acc = acc * POW2[bits]! + f.toBits(value, p);
      accBits += bits;
      if ((accBits & 7) === 0) {
        w.uint(acc, accBits >> 3);
        acc = 0;
        accBits = 0;
      }
      continue;
    }
    if (accBits !== 0) throw new Error(`${spec.name}: bit fields before ${f.name} do not fill whole bytes`);
    const at = w.pos;
    if (value === null && kind & WRITE_LENGTH) (fixups ??= []).push(i);
    f.write(w, value, p);
    if (spans !== null) {
      spans[2 * i] = at;
      spans[2 * i + 1] = w.pos;
    }
  }
  if (accBits !== 0) w.uint(acc * POW2[8 - (accBits & 7)]!, (accBits + 7) >> 3);
  if (fixups !== null) {
    for (const i of fixups) {
      const lf = fields[i] as unknown as FieldLenField;
      const t = spec.fieldIndex.get(lf.target!)!;
      let size: number;
      if (lf.isCount) size = fields[t]!.countOf(getValue(p, t));
      else size = spans![2 * t]! < 0 ? 0 : spans![2 * t + 1]! - spans![2 * t]!;
      const value = lf.adjust ? lf.adjust(p, size) : size;
      w.patch(spans![2 * i]!, value, lf.size, lf.options.littleEndian);
    }
  }
  spanStackUsed = spansMark;
}

/** Field spans of headers being written (a stack: element headers are written inside their parent's). */
let spanStack = new Int32Array(4096);
let spanStackUsed = 0;

function pushSpans(n: number): Int32Array {
  if (spanStackUsed + n > spanStack.length) {
    // A deeper nesting than ever before: the outer headers keep their own views of the old stack.
    spanStack = new Int32Array(Math.max(spanStack.length * 2, n * 2));
    spanStackUsed = 0;
  }
  const out = spanStack.subarray(spanStackUsed, spanStackUsed + n);
  spanStackUsed += n;
  for (let i = 0; i < n; i++) out[i] = -1;
  return out;
}

/** Did the user change a mutable value (an option list, a record) handed out from a dissected layer? */
function mutableChanged(p: Packet): boolean {
  if (p._s.values === null) return false;
  const now = new Writer(256);
  writeHeader(p, now);
  const original = p._s.buf!.subarray(p._s.start, p._s.hdrEnd);
  if (sameWritten(now, original)) return false;
  // Some decoders keep less than the bytes held (TCP options stop at EOL, IP options are written
  // padded): compare with what the values as dissected write, as Scapy compares values.
  const fresh = dissectLayer(p.spec, p._s.buf!, p._s.start, p._s.end, p._s.under, null, true);
  const then = new Writer(256);
  writeHeader(fresh, then);
  return !sameWritten(now, then.buf.subarray(0, then.pos));
}

function sameWritten(w: Writer, bytes: Uint8Array): boolean {
  if (w.pos !== bytes.length) return false;
  for (let k = 0; k < bytes.length; k++) if (w.buf[k] !== bytes[k]) return false;
  return true;
}

/** The wire bytes of one field of p, as it would be written now (ARP compares addresses this way). */
export function fieldWireBytes(p: Packet, name: string): Uint8Array {
  const i = p.spec.fieldIndex.get(name);
  if (i === undefined) throw new TypeError(`${p.spec.name} has no field ${JSON.stringify(name)}`);
  const w = new Writer(32);
  p.spec.fields[i]!.resolve(p).write(w, p._get(i), p);
  return w.take();
}
