/**
 * Upper-layer checksums over a pseudo-header (TCP, UDP, ICMPv6...). Each network layer registers
 * how to sum its pseudo-header (IPv4 in inet.ts, IPv6 in inet6.ts), so a transport layer's
 * checksum, declared on its field, is computed under any of them without knowing which.
 */
import { finishChecksum, sumWords } from "../core/checksum.ts";
import type { Packet } from "../core/packet.ts";
import type { BuiltLayer, Computed, LayerRef, LayerSpec } from "../core/state.ts";
import type { Writer } from "../core/writer.ts";

/**
 * Unfolded sum of the 16-bit words of the pseudo-header that `under` puts in front of an
 * upper-layer segment of protocol `proto` and `length` bytes; null when `under` has no
 * addresses to cover (an IPv6 extension header built alone): the checksum is then 0, as Scapy's.
 */
export type PseudoHeaderSum<P extends Packet = Packet> = (under: P, proto: number, length: number) => number | null;

const providers = new Map<LayerSpec, PseudoHeaderSum>();
/** Per layer class: its provider or one of its ancestors' (IPerror uses IP's); null when none. */
const resolved = new Map<LayerSpec, PseudoHeaderSum | null>();

/** Registers the pseudo-header of a network layer (and of its subclasses, unless they register their own). */
export function registerPseudoHeader<L extends LayerRef>(layer: L, sum: PseudoHeaderSum<ReturnType<L>>): void {
  providers.set(layer.spec, sum as PseudoHeaderSum);
  resolved.clear();
}

function providerFor(spec: LayerSpec): PseudoHeaderSum | null {
  let found = resolved.get(spec);
  if (found === undefined) {
    found = null;
    for (const alias of spec.aliases) {
      const p = providers.get(alias);
      if (p) {
        found = p;
        break;
      }
    }
    resolved.set(spec, found);
  }
  return found;
}

/**
 * Checksum of the segment w.buf[start, end) (header with a zero checksum field, then payload),
 * with the pseudo-header of p's underlayer. Null when no registered network layer carries p:
 * the checksum is then left as written (Scapy logs and leaves 0).
 */
export function l4Checksum(p: Packet, proto: number, w: Writer, start: number, end = w.pos): number | null {
  return segmentChecksum(p, proto, w.buf, start, end);
}

function segmentChecksum(p: Packet, proto: number, buf: Uint8Array, start: number, end: number): number | null {
  const under = p.underlayer;
  if (under === null) return null;
  const sum = providerFor(under.spec);
  if (sum === null) return null;
  const pseudo = sum(under, proto, end - start);
  if (pseudo === null) return 0;
  return finishChecksum(sumWords(buf, start, end, pseudo));
}

/**
 * The checksum of the layer and its payload with the pseudo-header of the network layer under it
 * (TCP, UDP, ICMPv6): 0 when nothing carries it. `zeroAs` replaces a computed 0 (UDP sends 0xffff).
 */
export function pseudoHeaderChecksum(proto: number, options: { zeroAs?: number } = {}): Computed {
  return {
    stage: "checksum",
    describe: `checksum with the pseudo-header (protocol ${proto})`,
    refs: [],
    compute(p: Packet, out: BuiltLayer): number {
      const ck = segmentChecksum(p, proto, out.buf, out.start, out.end);
      if (ck === null) return 0;
      return ck === 0 && options.zeroAs !== undefined ? options.zeroAs : ck;
    },
  };
}
