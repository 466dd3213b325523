/**
 * Upper-layer checksums over a pseudo-header (TCP, UDP, ICMPv6...). Each network layer registers
 * how to sum its pseudo-header (IPv4 in inet.ts, IPv6 in inet6.ts), so a transport layer computes
 * its checksum under any of them without knowing which.
 */
import { finishChecksum, sumWords } from "../core/checksum.ts";
import type { Packet } from "../core/packet.ts";
import type { LayerRef, LayerSpec } from "../core/spec.ts";
import type { Writer } from "../core/writer.ts";

/**
 * Unfolded sum of the 16-bit words of the pseudo-header that `under` puts in front of an
 * upper-layer segment of protocol `proto` and `length` bytes; null when `under` has no
 * addresses to cover (an IPv6 extension header built alone): the checksum is then 0, as Scapy's.
 */
export type PseudoHeaderSum = (under: Packet, proto: number, length: number) => number | null;

const providers = new Map<LayerSpec, PseudoHeaderSum>();
/** Per layer class: its provider or one of its ancestors' (IPerror uses IP's); null when none. */
const resolved = new Map<LayerSpec, PseudoHeaderSum | null>();

/** Registers the pseudo-header of a network layer (and of its subclasses, unless they register their own). */
export function registerPseudoHeader(layer: LayerRef, sum: PseudoHeaderSum): void {
  providers.set(layer.spec, sum);
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
  const under = p.underlayer;
  if (under === null) return null;
  const sum = providerFor(under.spec);
  if (sum === null) return null;
  const pseudo = sum(under, proto, end - start);
  if (pseudo === null) return 0;
  return finishChecksum(sumWords(w.buf, start, end, pseudo));
}
