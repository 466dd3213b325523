/**
 * What sniff does with each packet, whatever it reads from: lfilter, store, prn (its result
 * printed unless undefined or null), then count and stopFilter decide whether to go on.
 */
import type { Packet } from "../core/packet.ts";
import type { PacketList } from "../core/plist.ts";

export interface CaptureRules {
  /** Stop after this many packets that pass lfilter (0: no limit). */
  count?: number;
  /** Called with each packet; what it returns is printed unless undefined or null. */
  prn?: (p: Packet) => unknown;
  /** Keep only the packets for which this returns true. */
  lfilter?: (p: Packet) => boolean;
  /** Stop after the first packet for which this returns true. */
  stopFilter?: (p: Packet) => boolean;
  /** Keep packets in the result (default true). */
  store?: boolean;
}

export class CaptureTally {
  /** Packets that passed lfilter. */
  seen = 0;
  done = false;

  constructor(
    private readonly rules: CaptureRules,
    readonly into: PacketList,
  ) {}

  /** Takes packets of a batch until the capture should end; returns how many it took. */
  take(batch: readonly Packet[]): number {
    const { lfilter, prn, stopFilter } = this.rules;
    const store = this.rules.store ?? true;
    const limit = this.rules.count ?? 0;
    let n = 0;
    for (const p of batch) {
      if (this.done) break;
      n++;
      if (lfilter && !lfilter(p)) continue;
      this.seen++;
      if (store) this.into.push(p);
      if (prn) {
        const shown = prn(p);
        if (shown !== undefined && shown !== null) console.log(String(shown));
      }
      if ((stopFilter && stopFilter(p)) || (limit > 0 && this.seen >= limit)) this.done = true;
    }
    return n;
  }
}
