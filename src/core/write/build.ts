/**
 * Building: every layer writes its header into one shared buffer, front to back; after its
 * payload is written, its computed fields are filled at their places (lengths and counts, then
 * checksums) and its post-build hook runs. A dissected layer that nobody changed copies its
 * original header bytes (Scapy's raw_packet_cache). Padding layers are written after everything
 * else, as Scapy's build_padding does. The chain is walked in a loop, not by recursion, so stacks
 * of any depth build.
 */
import { POW2 } from "../bytes.ts";
import { dissectLayer, measuredHeader, payloadOf } from "../read/dissect.ts";
import { contentEnd } from "../read/measure.ts";
import { getValue } from "../read/values.ts";
import { drawVolatiles, expandFirst } from "./concrete.ts";
import { registry, RESET, type BuiltLayer, type LayerLayout, type PacketState } from "../state.ts";
import type { Packet } from "../packet.ts";
import { acquireWriter, finishWriter, releaseWriter, Writer } from "../writer.ts";

export function buildPacket(p: Packet): Uint8Array {
  const w = acquireWriter();
  try {
    buildInto(p, w);
    return finishWriter(w);
  } finally {
    releaseWriter(w);
  }
}

/** Writes p and its payloads, then their padding, at w.pos. */
export function buildInto(p: Packet, w: Writer): void {
  let special = false;
  for (let q: Packet | null = p; q !== null; q = q._s.payload ?? null) if (q._s.gen || q._s.vol) special = true;
  // A packet standing for several builds as its first; volatile values are drawn once for the whole chain.
  if (special) p = drawVolatiles(expandFirst(p));
  const pads: Packet[] = [];
  // Layers whose header is written and whose payload is being written: finished innermost first.
  // `clean`: a dissected layer written from its bytes, open only to append its trailer after the payload.
  const open: Array<{ p: Packet; start: number; headerEnd: number; spans: Int32Array | null; mark: number; clean: boolean }> = [];
  const outerStart = w.headerStart;
  for (let q: Packet | null = p; q !== null; q = payloadOf(q)) {
    const s = q._s;
    const spec = s.spec;
    if (spec === registry.padding) {
      pads.push(q);
      continue;
    }
    const layout = spec.layout;
    if (s.buf !== null && !s.dirty) {
      measuredHeader(q);
      if (!(s.exposed && mutableChanged(q, s))) {
        const start = w.pos;
        w.range(s.buf, s.start, s.hdrEnd);
        if (layout.trailerIndex >= 0) open.push({ p: q, start, headerEnd: w.pos, spans: null, mark: spanStackUsed, clean: true });
        continue;
      }
    }
    const start = w.pos;
    const finish = layout.computed.length > 0 || spec.hooks.postBuild !== undefined || layout.trailerIndex >= 0;
    const needsSpans = finish && !layout.fixedPositions;
    const mark = spanStackUsed;
    const spans = needsSpans ? pushSpans(2 * layout.fields.length) : null;
    w.headerStart = start;
    spec.codecs.writeHeader(q, s, w, spans);
    w.headerStart = outerStart;
    if (finish) open.push({ p: q, start, headerEnd: w.pos, spans, mark, clean: false });
    else spanStackUsed = mark;
  }
  for (let k = open.length - 1; k >= 0; k--) {
    const o = open[k]!;
    if (o.clean) writeDissectedTrailer(o.p, w);
    else finishLayer(o.p, w, o.start, o.headerEnd, o.spans);
    spanStackUsed = o.mark;
  }
  for (const pad of pads) {
    const load = getValue(pad, 0) as Uint8Array | null;
    if (load) w.bytes(load);
  }
}

/** Fills p's computed fields left null, then runs its post-build hook. */
function finishLayer(p: Packet, w: Writer, start: number, headerEnd: number, spans: Int32Array | null): void {
  const s = p._s;
  const t = s.spec.layout.trailerIndex;
  // The trailer (a frame check sequence) goes after the payload; its computed value covers both.
  if (t >= 0 && spans !== null) {
    const f = s.spec.layout.fields[t]!;
    if (f.present(p)) {
      spans[2 * t] = w.pos * 8;
      f.writeTrailer(w, getValue(p, t), p);
      spans[2 * t + 1] = w.pos * 8;
    }
  }
  const out = new Built(p, s.spec.layout, w, start, headerEnd, spans);
  for (const slot of s.spec.layout.computed) {
    if (slot.computed.recomputeDissected) {
      const given = s.values?.[slot.index];
      if (given !== undefined && given !== RESET) continue;
    } else if (getValue(p, slot.index) !== null) continue;
    if (!out.wasWritten(slot.index)) continue;
    out.setAt(slot.index, slot.computed.compute(p, out, s.spec.layout.fields[slot.index]!.name));
  }
  s.spec.hooks.postBuild?.(p, out);
}

/** A dissected layer copied from its bytes: its trailer as it was on the wire, when the bytes held one. */
function writeDissectedTrailer(p: Packet, w: Writer): void {
  const s = p._s;
  const end = contentEnd(s);
  if (end < s.end) w.range(s.buf!, end, s.end);
}

/** A layer's written bytes, with its fields' places (from the spans written, or its fixed layout). */
class Built implements BuiltLayer {
  constructor(
    private readonly p: Packet,
    private readonly layout: LayerLayout,
    readonly writer: Writer,
    readonly start: number,
    readonly headerEnd: number,
    private readonly spans: Int32Array | null,
  ) {}

  get buf(): Uint8Array {
    return this.writer.buf;
  }

  get end(): number {
    return this.writer.pos;
  }

  private indexOf(name: string): number {
    const i = this.layout.fieldIndex.get(name);
    if (i === undefined) throw new TypeError(`${this.p._s.spec.name} has no field ${JSON.stringify(name)}`);
    return i;
  }

  /** First bit of field i in buf, -1 when it was not written. */
  private fromBit(i: number): number {
    return this.spans !== null ? this.spans[2 * i]! : this.start * 8 + this.layout.fixedStart[i]!;
  }

  /** Bit after field i (only meaningful when fromBit(i) >= 0). */
  private toBit(i: number): number {
    return this.spans !== null ? this.spans[2 * i + 1]! : this.fromBit(i) + this.layout.fields[i]!.bits;
  }

  bitsOf(name: string): readonly [number, number] | null {
    const i = this.indexOf(name);
    const from = this.fromBit(i);
    return from < 0 ? null : [from, this.toBit(i)];
  }

  /** Was field i written (present)? */
  wasWritten(i: number): boolean {
    return this.fromBit(i) >= 0;
  }

  set(name: string, value: number): void {
    this.setAt(this.indexOf(name), value);
  }

  /** set() by field index: the build fills computed fields this way, with no name lookup. */
  setAt(i: number, value: number): void {
    const name = this.layout.fields[i]!.name;
    const from = this.fromBit(i);
    if (from < 0) throw new TypeError(`${this.p._s.spec.name}.${name} was not written`);
    const width = this.toBit(i) - from;
    if (!Number.isInteger(value) || value < 0 || value >= (width > 64 ? Infinity : POW2[width]!)) {
      throw new RangeError(`${this.p._s.spec.name}.${name}: ${value} does not fit in ${width} bits`);
    }
    if ((from & 7) === 0 && (width & 7) === 0) this.writer.patch(from >> 3, value, width >> 3, this.layout.fields[i]!.littleEndian);
    else patchBits(this.writer.buf, from, width, value);
  }

  insert(at: number, bytes: Uint8Array): void {
    this.writer.insert(at, bytes);
  }
}

/** Writes `width` bits of value at bit `from` of buf, most significant first. */
function patchBits(buf: Uint8Array, from: number, width: number, value: number): void {
  for (let k = width - 1, bit = from; k >= 0; k--, bit++) {
    const mask = 0x80 >> (bit & 7);
    if (Math.floor(value / POW2[k]!) % 2) buf[bit >> 3]! |= mask;
    else buf[bit >> 3]! &= ~mask & 0xff;
  }
}

/**
 * Field spans of headers being written (a stack: a header's computed fields are filled after its
 * payload, whose headers take the next spans).
 */
let spanStack = new Int32Array(4096);
let spanStackUsed = 0;

function pushSpans(n: number): Int32Array {
  if (spanStackUsed + n > spanStack.length) {
    // Deeper than ever before: the open headers keep their views of the old stack.
    spanStack = new Int32Array(Math.max(spanStack.length * 2, n * 2));
    spanStackUsed = 0;
  }
  const out = spanStack.subarray(spanStackUsed, spanStackUsed + n);
  spanStackUsed += n;
  out.fill(-1);
  return out;
}

/** Did the user change a mutable value (an option list, a record) handed out from a dissected layer? */
function mutableChanged(p: Packet, s: PacketState): boolean {
  if (s.values === null) return false;
  const now = new Writer(256);
  s.spec.codecs.writeHeader(p, s, now, null);
  const original = s.buf!.subarray(s.start, s.hdrEnd);
  if (sameWritten(now, original)) return false;
  // Some decoders keep less than the bytes held (TCP options stop at EOL, IP options are written
  // padded): compare with what the values as dissected write, as Scapy compares values.
  const fresh = dissectLayer(s.spec, s.buf!, s.start, s.end, s.under, null, true);
  const then = new Writer(256);
  fresh._s.spec.codecs.writeHeader(fresh, fresh._s, then, null);
  return !sameWritten(now, then.buf.subarray(0, then.pos));
}

function sameWritten(w: Writer, bytes: Uint8Array): boolean {
  if (w.pos !== bytes.length) return false;
  for (let k = 0; k < bytes.length; k++) if (w.buf[k] !== bytes[k]) return false;
  return true;
}

/** The wire bytes of one field of p, as it would be written now (ARP compares addresses this way). */
export function fieldWireBytes(p: Packet, name: string): Uint8Array {
  const i = p._s.spec.layout.fieldIndex.get(name);
  if (i === undefined) throw new TypeError(`${p._s.spec.name} has no field ${JSON.stringify(name)}`);
  const w = new Writer(32);
  p._s.spec.layout.fields[i]!.resolve(p).write(w, getValue(p, i), p);
  return w.take();
}
