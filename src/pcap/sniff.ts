/**
 * sniff() over captures already made (Scapy's `sniff(offline=...)`): files, bytes or packets,
 * through lfilter, prn, count, stopFilter and store. The live sniff in src/live hands its
 * `offline` calls here, and may pass a compiled BPF filter as recordFilter.
 */
import { strictOptions } from "../core/options.ts";
import type { Packet } from "../core/packet.ts";
import { PacketList } from "../core/plist.ts";
import { sessionOf, sessionOutput, type SessionOption } from "../layers/sessions.ts";
import { PcapReader, type ReadOptions } from "./reader.ts";

export interface OfflineSniffOptions {
  /** A capture file, several (read one after the other), capture bytes, or packets. */
  offline: string | readonly string[] | Uint8Array | Iterable<Packet>;
  /** Called with each kept packet; what it returns (other than undefined/null) is printed. */
  prn?: (p: Packet) => unknown;
  /** Keeps only the packets for which this is true. */
  lfilter?: (p: Packet) => boolean;
  /** Stop after this many kept packets (0 or absent: all). */
  count?: number;
  /** Keep the packets in the returned list (default true). */
  store?: boolean;
  /** Stop after the first kept packet for which this is true. */
  stopFilter?: (p: Packet) => boolean;
  /** Keeps only records whose bytes pass (a compiled BPF filter, from src/live). */
  recordFilter?: (data: Uint8Array, linktype: number) => boolean;
  /** Reader options for files (strict, onWarning). */
  read?: Omit<ReadOptions, "count" | "recordFilter">;
  /** The list to store into (default: a new one named "Sniffed"). */
  into?: PacketList;
  /** Runs each packet through a session first (IPSession, TCPSession...): filters and counts see what it gives. */
  session?: SessionOption;
}

const checkOffline = strictOptions<OfflineSniffOptions>("sniffOffline", { offline: true, prn: true, lfilter: true, count: true, store: true, stopFilter: true, recordFilter: true, read: true, into: true, session: true });

/** Reads the offline packets; returns those kept, in a list named "Sniffed" (or `into`). */
export function sniffOffline(options: OfflineSniffOptions): PacketList {
  checkOffline(options);
  const { prn, lfilter, stopFilter, recordFilter } = options;
  const count = options.count ?? 0;
  const store = options.store ?? true;
  const kept = options.into ?? new PacketList<Packet>([], "Sniffed");
  const session = options.session ? sessionOf(options.session) : null;
  let n = 0;
  /** Takes one packet (after the session); true when the capture is to stop. */
  const take = (p: Packet): boolean => {
    if (lfilter && !lfilter(p)) return false;
    n++;
    if (store) kept.push(p);
    if (prn) {
      const out = prn(p);
      if (out !== undefined && out !== null) console.log(String(out));
    }
    return (count > 0 && n >= count) || (!!stopFilter && stopFilter(p));
  };
  for (const source of sources(options.offline)) {
    const packets = typeof source === "string" || source instanceof Uint8Array ? new PcapReader(source, { ...options.read, recordFilter }) : source;
    try {
      for (const p of packets) {
        if (recordFilter && !(typeof source === "string" || source instanceof Uint8Array) && !recordFilter(p.build(), p.meta?.linktype ?? 1)) continue;
        if (session === null) {
          if (take(p)) return kept;
        } else for (const q of sessionOutput(session, p)) if (take(q)) return kept;
      }
    } finally {
      if (packets instanceof PcapReader) packets.close();
    }
  }
  // What the session still holds (a stream cut mid-message, fragments never completed) comes out at the end.
  for (const q of session?.flush?.() ?? []) if (take(q)) return kept;
  return kept;
}

function sources(offline: OfflineSniffOptions["offline"]): Array<string | Uint8Array | Iterable<Packet>> {
  if (typeof offline === "string" || offline instanceof Uint8Array) return [offline];
  if (Array.isArray(offline) && offline.every((x) => typeof x === "string")) return offline as string[];
  return [offline as Iterable<Packet>];
}
