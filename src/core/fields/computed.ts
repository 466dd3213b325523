/**
 * Computed fields, declared on the field they fill (`short("len", null).compute(layerLength())`):
 * what the value measures or sums, with Scapy's adjust. The build writes a placeholder, then,
 * once the layer's payload is written, the rule's value at the field's place (lengths and
 * counts first, then checksums, which cover them). A value the user gives is written as is.
 */
import { internetChecksum as checksumOf } from "../checksum.ts";
import type { Packet } from "../packet.ts";
import type { BuiltLayer, Computed } from "../state.ts";

/** Scapy's adjust: changes the measured value before it is written (`(n) => n + 2`). */
export type Adjust = (n: number) => number;

const same: Adjust = (n) => n;

function length(describe: string, measure: (out: BuiltLayer, self: string) => number, adjust: Adjust = same, refs: readonly string[] = []): Computed {
  return { stage: "length", describe, refs, compute: (_p, out, self) => adjust(measure(out, self)) };
}

/** Bytes from the layer's first byte to the end of its payload (IP.len, UDP.len). */
export const layerLength = (adjust?: Adjust): Computed => length("length of the layer and its payload", (out) => out.end - out.start, adjust);

/** Bytes of the payload (IPv6.plen, 802.3's len). */
export const payloadLength = (adjust?: Adjust): Computed => length("length of the payload", (out) => out.end - out.headerEnd, adjust);

/** Bytes of the header in units of `unit` bytes (IP.ihl and TCP.dataofs in 32-bit words). */
export const headerLength = (unit = 1, adjust?: Adjust): Computed => ({
  ...length(`length of the header${unit > 1 ? ` in ${unit}-byte words` : ""}`, (out) => Math.floor((out.headerEnd - out.start) / unit), adjust),
  measures: "header",
});

/**
 * Bytes of the header after this field (DNS's length over TCP, EDNS0 option lengths, a record's
 * rdlen); `recomputeDissected`: see Computed.
 */
export const lengthAfter = (adjust?: Adjust, options: { recomputeDissected?: boolean } = {}): Computed => ({
  ...length("length of the header after the field", (out, self) => out.headerEnd - ((out.bitsOf(self)?.[1] ?? out.start * 8) >> 3), adjust),
  measures: "header",
  recomputeDissected: options.recomputeDissected,
});

/** Bytes field `target` took when written (Scapy's FieldLenField length_of). */
export const lengthOf = <const T extends string>(target: T, adjust: Adjust = same): Computed & { refs: readonly [T] } => ({
  stage: "length",
  describe: `length of ${target}`,
  refs: [target] as const,
  compute(p: Packet, out: BuiltLayer) {
    const bits = out.bitsOf(target);
    if (bits === null) return adjust(0);
    const f = p._s.spec.layout.fields[p._s.spec.layout.fieldIndex.get(target)!]! as { padded?: boolean; lengthOf(v: unknown, p: Packet): number };
    // A padded field (Scapy's PadField) counts its value, not the alignment written after it.
    if (f.padded) return adjust(f.lengthOf((p as unknown as Record<string, unknown>)[target], p));
    return adjust((bits[1] - bits[0]) >> 3);
  },
});

/** Number of items in field `target` (Scapy's FieldLenField count_of). */
export const countOf = <const T extends string>(target: T, adjust: Adjust = same): Computed & { refs: readonly [T] } => ({
  stage: "length",
  describe: `number of items in ${target}`,
  refs: [target] as const,
  compute(p: Packet) {
    const f = p._s.spec.layout.fields[p._s.spec.layout.fieldIndex.get(target)!]!;
    return adjust(f.countOf((p as unknown as Record<string, unknown>)[target]));
  },
});

/** The Internet checksum (RFC 1071) of the header, or of the layer with its payload. */
export const internetChecksum = (over: "header" | "layer"): Computed => ({
  stage: "checksum",
  describe: `internet checksum of the ${over === "header" ? "header" : "layer and its payload"}`,
  refs: [],
  compute: (_p, out) => checksumOf(out.buf, out.start, over === "header" ? out.headerEnd : out.end),
});
