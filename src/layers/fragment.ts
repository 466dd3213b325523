/**
 * IPv4 fragmentation and reassembly, as Scapy's fragment() / defrag() / defragment(): fragments
 * carry Raw slices of the datagram's payload, offsets in 8-byte units, MF on all but the last;
 * reassembly groups by (id, src, dst, proto), needs the first and last fragment and contiguous
 * offsets, and dissects the rebuilt datagram again.
 */
import { registerCommand } from "../core/commands.ts";
import type { Packet } from "../core/packet.ts";
import { PacketList } from "../core/plist.ts";
import { Padding, Raw } from "../core/raw.ts";
import { IP } from "./inet.ts";

type IPLayer = ReturnType<typeof IP>;
const MF = 1;

/** The IP layer of p (typed), or undefined. */
const ipOf = (p: Packet): IPLayer | undefined => p.getLayer(IP);

/**
 * Splits each IP datagram (every packet a packet with several values stands for) into fragments
 * of at most `fragsize` payload bytes (rounded down to a multiple of 8; the last one may hold up
 * to `fragsize`). The layers above IP are built once and carried as Raw.
 */
export function fragment(pkt: Packet | Iterable<Packet>, fragsize = 1480): PacketList {
  const lastSize = fragsize;
  fragsize -= fragsize % 8;
  const out = new PacketList();
  const packets = "spec" in pkt ? (pkt as Packet).expand() : [...pkt].flatMap((p) => p.expand());
  for (const p of packets) {
    const ip = ipOf(p);
    if (!ip) throw new TypeError("fragment(): the packet has no IP layer");
    const data = ip.payload?.build() ?? new Uint8Array(0);
    // Python's floor division: an empty payload gives no fragment at all, as in Scapy.
    const count = Math.floor((data.length - lastSize + fragsize - 1) / fragsize) + 1;
    for (let i = 0; i < count; i++) {
      const q = p.copy();
      const qip = ipOf(q)!;
      // Scapy keeps the upper layer's binding values (proto) on the Raw that replaces it.
      qip.proto = ip.proto;
      qip.reset("chksum", "len");
      const last = i === count - 1;
      if (!last) qip.setFieldValue("flags", Number(qip.flags) | MF);
      const end = last ? i * fragsize + lastSize : (i + 1) * fragsize;
      qip.frag = qip.frag + (i * fragsize) / 8;
      qip.payload = Raw({ load: data.slice(i * fragsize, end) });
      out.push(q);
    }
  }
  return out;
}

/** Drops a trailing Padding layer (bytes after the IP datagram). */
function withoutPadding(p: Packet): Packet {
  const pad = p.getLayer(Padding);
  const under = pad?.underlayer;
  if (under) under.payload = null;
  return p;
}

/** Payload bytes of a fragment: from its header's length fields, or its payload when they are to be computed. */
function fragmentLength(ip: IPLayer): number {
  if (ip.len === null || ip.ihl === null) return ip.payload?.build().length ?? 0;
  return ip.len - (ip.ihl << 2);
}

interface Positioned {
  packet: Packet;
  pos: number;
}

/** Reassembles one group of fragments (sorted by offset); null when one is missing or they do not fit. */
function reassemble(group: Positioned[]): Positioned | null {
  const first = ipOf(group[0]!.packet)!;
  const last = ipOf(group[group.length - 1]!.packet)!;
  if (first.frag > 0 || (Number(last.flags) & MF) !== 0) return null;
  const p = withoutPadding(group[0]!.packet.copy());
  const ip = ipOf(p)!;
  let have = fragmentLength(ip);
  const rest: Packet[] = [];
  let time = p.meta?.time;
  for (const { packet } of group.slice(1)) {
    const qip = ipOf(packet)!;
    if (have !== qip.frag << 3) return null;
    have += fragmentLength(qip);
    const qp = withoutPadding(qip.copy()).payload;
    if (qp) rest.push(qp);
    const t = packet.meta?.time;
    if (t !== undefined && (time === undefined || t > time)) time = t;
  }
  ip.setFieldValue("flags", Number(ip.flags) & ~MF);
  ip.reset("chksum", "len");
  const whole = rest.length ? p.div(...rest) : p;
  const again = whole.spec.cls(whole.build());
  if (time !== undefined) again.time = time;
  return { packet: again, pos: Math.max(...group.map((x) => x.pos)) };
}

function defragLogic(packets: Iterable<Packet>): { plain: Positioned[]; defragmented: Positioned[]; missing: Positioned[] } {
  const groups = new Map<string, Positioned[]>();
  const plain: Positioned[] = [];
  let pos = 0;
  for (const packet of packets) {
    const item = { packet, pos: pos++ };
    const ip = ipOf(packet);
    if (ip && (ip.frag !== 0 || (Number(ip.flags) & MF) !== 0)) {
      const key = `${ip.id} ${ip.src} ${ip.dst} ${ip.proto}`;
      const list = groups.get(key) ?? [];
      list.push(item);
      groups.set(key, list);
    } else plain.push(item);
  }
  const defragmented: Positioned[] = [];
  const missing: Positioned[] = [];
  for (const list of groups.values()) {
    list.sort((a, b) => ipOf(a.packet)!.frag - ipOf(b.packet)!.frag);
    const done = reassemble(list);
    if (done) defragmented.push(done);
    else missing.push(...list);
  }
  return { plain, defragmented, missing };
}

/** Scapy's defrag(): [packets that were not fragments, reassembled datagrams, fragments that could not be reassembled]. */
export function defrag(packets: Iterable<Packet>): [PacketList, PacketList, PacketList] {
  const { plain, defragmented, missing } = defragLogic(packets);
  const list = (xs: Positioned[]) => new PacketList(xs.map((x) => x.packet));
  return [list(plain), list(defragmented), list(missing)];
}

/** Scapy's defragment(): the packets in their order, with the fragments that could be reassembled replaced by their datagram. */
export function defragment(packets: Iterable<Packet>): PacketList {
  const { plain, defragmented, missing } = defragLogic(packets);
  const all = [...plain, ...defragmented, ...missing].sort((a, b) => a.pos - b.pos);
  const name = packets instanceof PacketList ? `Defragmented ${packets.name}` : "Defragmented";
  return new PacketList(
    all.map((x) => x.packet),
    name,
  );
}

registerCommand("fragment", "Fragment a big IP datagram", fragment);
registerCommand("defrag", "defrag(plist) -> ([not fragmented], [defragmented], [bad fragments])", defrag);
registerCommand("defragment", "defragment(plist) -> plist defragmented as much as possible", defragment);
