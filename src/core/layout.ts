/**
 * Where each layer and each field of a packet lies in its bytes: what packet diagrams, hex
 * views and editors need. A dissected packet is described as it was read; any other packet is
 * built first and its bytes dissected again (Scapy's pdfdump rebuilds too).
 */
import type { AnyField } from "./field.ts";
import type { Packet } from "./packet.ts";
import { measuredHeader } from "./read/dissect.ts";
import { fieldBits } from "./read/measure.ts";
import { getValue } from "./read/values.ts";
import { isPacket } from "./state.ts";

/** One field: its bits [bitStart, bitEnd) from the start of the packet's bytes. */
export interface FieldLayout {
  readonly name: string;
  readonly field: AnyField;
  /** The internal value (what getFieldValue gives, flags unwrapped). */
  readonly value: unknown;
  readonly bitStart: number;
  readonly bitEnd: number;
  /** Byte range covering the field's bits. */
  readonly start: number;
  readonly end: number;
  /** Packets held by this field (IP options, DNS records), each laid out in turn. */
  readonly children: readonly LayerLayout[];
}

export interface LayerLayout {
  readonly layer: Packet;
  /** Header [start, headerEnd), payload up to payloadEnd (padding after it belongs to the Padding layer). */
  readonly start: number;
  readonly headerEnd: number;
  readonly payloadEnd: number;
  readonly fields: readonly FieldLayout[];
}

export interface PacketLayout {
  /** The bytes the offsets refer to. */
  readonly bytes: Uint8Array;
  /** The packet the layout describes (dissected from `bytes`). */
  readonly packet: Packet;
  /** Outermost layer first. */
  readonly layers: readonly LayerLayout[];
}

/** The layout of p's bytes; with rebuild (the default when p was not dissected), of its built bytes. */
export function packetLayout(p: Packet, options: { rebuild?: boolean } = {}): PacketLayout {
  const s = p._s;
  const dissected = s.buf !== null && !s.dirty && s.start === 0;
  const packet = options.rebuild === true || !dissected ? p.spec.cls(p.build()) : p;
  const bytes = packet._s.buf ?? new Uint8Array(0);
  return { bytes, packet, layers: chainLayout(packet) };
}

function chainLayout(p: Packet): LayerLayout[] {
  const out: LayerLayout[] = [];
  for (let layer: Packet | null = p; layer !== null; layer = layer.payload) out.push(layerLayout(layer));
  return out;
}

function layerLayout(p: Packet): LayerLayout {
  const s = measuredHeader(p);
  const spec = s.spec;
  const fields: FieldLayout[] = [];
  if (s.buf !== null) {
    for (let i = 0; i < s.nf; i++) {
      const f = spec.layout.fields[i]!;
      const span = fieldBits(s, i);
      if (span === null) continue;
      const [from, to] = span;
      const value = getValue(p, i);
      const bitStart = s.start * 8 + from;
      const bitEnd = s.start * 8 + to;
      fields.push({ name: f.name, field: f, value, bitStart, bitEnd, start: bitStart >> 3, end: (bitEnd + 7) >> 3, children: held(value) });
    }
  }
  return { layer: p, start: s.start, headerEnd: s.hdrEnd, payloadEnd: s.payEnd, fields };
}

/** Layouts of the packets a field value holds (only those read from the same bytes). */
function held(value: unknown): LayerLayout[] {
  const items: unknown[] = Array.isArray(value) ? value : isPacket(value) ? [value] : [];
  const out: LayerLayout[] = [];
  for (const item of items) if (isPacket(item) && item._s.buf !== null) out.push(...chainLayout(item));
  return out;
}
