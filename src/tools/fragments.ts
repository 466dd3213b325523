/**
 * Fragment tricks: overlapFrag (fragments whose data overlaps, to test what a reassembler keeps),
 * fragleak and fragleak2 (probes for stacks that leak memory in ICMP replies to fragments).
 */
import { Packet } from "../core/packet.ts";
import { PacketList } from "../core/plist.ts";
import { Raw } from "../core/raw.ts";
import { fragment } from "../layers/fragment.ts";
import { IP } from "../layers/inet.ts";

const MF = 1;

/**
 * Fragments that overlap (Scapy's overlap_frag): first `overlap` as the datagram's data from
 * offset 0 (fragmented by overlapFragsize when given), MF set, then p's own fragments of
 * `fragsize` bytes. A reassembler that keeps the first copy sees `overlap` at the start.
 */
export function overlapFrag(p: Packet, overlap: Packet | Uint8Array | string, fragsize = 8, overlapFragsize: number | null = null): PacketList {
  const q = p.copy();
  const ip = q.getLayer(IP);
  if (!ip) throw new TypeError("overlap_frag(): the packet has no IP layer");
  // The overlapping data replaces the payload: the protocol it pushed down goes with it.
  ip.reset("proto");
  ip.payload = overlap instanceof Packet ? overlap.copy() : Raw({ load: overlap });
  const first = fragment(q, overlapFragsize ?? (ip.payload!.build().length || 8));
  // Their protocol stays unset, as the overlap pushed none (fragment() copies the one it read).
  if (!(overlap instanceof Packet)) for (const f of first) f.getLayer(IP)!.reset("proto");
  const lastIP = first[first.length - 1]!.getLayer(IP)!;
  lastIP.setFieldValue("flags", Number(lastIP.flags) | MF);
  return new PacketList([...first, ...fragment(p, fragsize)]);
}
