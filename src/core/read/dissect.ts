/**
 * Dissection: a layer over bytes, read lazily. Making a layer measures only the fields whose
 * measuring can fail (so a payload layer cut short becomes Raw, as in Scapy); field values are
 * decoded when read, the rest of the header and the payload when first needed. A dissector never
 * throws on bytes: an exception becomes Raw (conf.debugDissector lets it through).
 */
import { conf } from "../conf.ts";
import type { Packet } from "../packet.ts";
import { PacketState, registry, type LayerSpec, type PadLink } from "../state.ts";
import { guessPayloadSpec } from "./guess.ts";
import { allocOffsets, contentEnd, finishHeader, measureFields, payloadEnd } from "./measure.ts";

/** Dissects spec's layer from buf[start, end). `top` is the layer the user asked for (it keeps what it can read). */
export function dissectLayer(
  spec: LayerSpec,
  buf: Uint8Array,
  start: number,
  end: number,
  under: Packet | null,
  trailer: PadLink | null,
  top: boolean,
  parent: Packet | null = null,
): Packet {
  const dispatch = spec.hooks.dispatch;
  if (dispatch) spec = dispatch(buf, start, end)?.spec ?? spec;
  const layout = spec.layout;
  const s = new PacketState(spec);
  s.buf = buf;
  s.start = start;
  s.end = end;
  s.under = under;
  s.parent = parent;
  s.trailer = trailer;
  s.payload = undefined;
  s.full = false;
  s.payEnd = -1;
  if (layout.needsOffsets) s.offs = allocOffsets(2 * layout.fields.length);
  const p = new spec.Impl(s);
  if (layout.allFixed && end - start >= layout.headerBits >> 3) {
    s.nf = layout.fields.length;
    s.bit = layout.headerBits;
    s.hdrEnd = start + (layout.headerBits >> 3);
    s.full = true;
  } else if (!measureFields(p, s, layout.eagerFields)) {
    if (!top) return rawOver(buf, start, end, under, trailer, parent);
    s.payEnd = end;
    return p;
  }
  spec.hooks.postDissect?.(p);
  // Where the payload ends is known now unless fields were left to measure later.
  if (s.full) payloadEnd(p, s);
  return p;
}

/** Dissects the payload of p on first access. */
export function dissectPayload(p: Packet): Packet | null {
  const s = p._s;
  if (s.buf === null) return null;
  try {
    finishHeader(p, s);
  } catch (e) {
    if (conf.debugDissector) throw e;
    // A hook that cannot work out the payload's end on these bytes: no padding is split off.
    s.payEnd = s.end;
  }
  const buf = s.buf;
  const start = s.hdrEnd;
  const end = s.payEnd;
  let trailer = s.trailer;
  // Padding is what the payload leaves before the layer's own trailer field (the FCS), if any.
  const limit = contentEnd(s);
  if (end < limit && conf.padding) trailer = { start: end, end: limit, next: trailer };
  if (start >= end) return paddingChain(buf, p, trailer);
  if (s.truncated) return rawOver(buf, start, end, p, trailer);
  try {
    let spec = guessPayloadSpec(p, buf, start, end);
    // conf.layers.filter(): a layer left out is dissected no further (Raw), as in Scapy.
    const only = conf.layers.filtered;
    if (only !== null && !only.has(spec) && spec !== registry.padding) spec = registry.raw!;
    return dissectLayer(spec, buf, start, end, p, trailer, false);
  } catch (e) {
    if (conf.debugDissector) throw e;
    return rawOver(buf, start, end, p, trailer);
  }
}

/** The payload of p (dissected on first access). */
export function payloadOf(p: Packet): Packet | null {
  const s = p._s;
  const pl = s.payload;
  return pl === undefined ? (s.payload = dissectPayload(p)) : pl;
}

/** A Raw layer over buf[start, end). */
export function rawOver(buf: Uint8Array, start: number, end: number, under: Packet | null, trailer: PadLink | null, parent: Packet | null = null): Packet {
  return dissectLayer(registry.raw!, buf, start, end, under, trailer, true, parent);
}

function paddingChain(buf: Uint8Array, under: Packet, trailer: PadLink | null): Packet | null {
  if (trailer === null) return null;
  return dissectLayer(registry.padding!, buf, trailer.start, trailer.end, under, trailer.next, true);
}

/** Measures the whole header of a dissected packet (hdrEnd and payEnd final). */
export function measuredHeader(p: Packet): PacketState {
  const s = p._s;
  if (s.buf !== null && (!s.full || s.payEnd < 0)) {
    try {
      finishHeader(p, s);
    } catch (e) {
      if (conf.debugDissector) throw e;
      s.payEnd = s.end;
    }
  }
  return s;
}

/**
 * Dissects one element of a packet field at buf[off, end): the element takes its header and
 * payload, and what it leaves as padding is where the next element starts. Returns the element
 * and the offset after it.
 */
export function dissectElement(spec: LayerSpec, buf: Uint8Array, off: number, end: number, parent: Packet | null): [Packet, number] {
  let p = dissectLayer(spec, buf, off, end, null, null, false, parent);
  let used = end;
  for (let q: Packet | null = p; q !== null; q = payloadOf(q)) {
    const s = measuredHeader(q);
    if (s.spec === registry.padding) {
      used = Math.min(used, s.start);
      break;
    }
    if (s.truncated) break;
    if (s.payEnd < used) used = s.payEnd;
  }
  if (used < end) {
    const s = p._s;
    if (s.hdrEnd === used) {
      // Nothing of its own after the header: drop the trailing bytes in place instead of dissecting again.
      s.end = s.payEnd = used;
      s.payload = undefined;
    } else p = dissectLayer(spec, buf, off, used, null, null, false, parent);
  }
  return [p, used];
}
