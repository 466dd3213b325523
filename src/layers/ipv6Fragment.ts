/**
 * IPv6 fragmentation and reassembly (RFC 8200 §4.5), as Scapy's fragment6() / defragment6():
 * the fragmentable part (what follows the Fragment header) is built once, with its checksums,
 * and cut into Raw slices of multiples of 8 bytes; reassembly puts the slices back at their
 * offsets and dissects the rebuilt packet again.
 */
import type { Packet } from "../core/packet.ts";
import { PacketList } from "../core/plist.ts";
import { Padding, Raw } from "../core/raw.ts";
import { IPv6, IPv6ExtHdrFragment } from "./inet6.ts";

type FragmentHeader = ReturnType<typeof IPv6ExtHdrFragment>;

/** The bytes a layer's payload takes, without the padding that may follow them. */
function payloadBytes(p: Packet): Uint8Array {
  const pl = p.payload;
  if (pl === null || pl.spec === Padding.spec) return new Uint8Array(0);
  const copy = pl.copy();
  const pad = copy.getLayer(Padding);
  if (pad?.underlayer) pad.underlayer.payload = null;
  return copy.build();
}

const randomId = () => Math.floor(Math.random() * 0x100000000);

/**
 * Splits an IPv6 packet into frames of at most `fragSize` bytes (the whole frame, link header
 * included). A Fragment header is added after the first IPv6 header when there is none; its id
 * is random unless set. A packet that fits is returned alone; without IPv6, unchanged. When
 * `fragSize` leaves no room for 8 bytes of data, the packet is returned with its Fragment header.
 */
export function fragment6(pkt: Packet, fragSize: number): PacketList {
  const p = pkt.copy();
  let frag = p.getLayer(IPv6ExtHdrFragment) as FragmentHeader | undefined;
  if (!frag) {
    const ip = p.getLayer(IPv6);
    if (!ip) return new PacketList([p]);
    frag = IPv6ExtHdrFragment({ nh: ip.nh });
    frag.payload = ip.payload;
    ip.payload = frag;
    ip.reset("nh", "plen");
  }
  if (frag.build().length > 65535) throw new RangeError("fragment6(): an IPv6 packet cannot exceed 65535 bytes (use a Jumbo payload)");
  const whole = p.build();
  if (whole.length <= fragSize) return new PacketList([p]);

  const fragmentable = whole.subarray(whole.length - payloadBytes(frag).length);
  const unfragmentable = whole.length - fragmentable.length - 8;
  const lastSize = fragSize - unfragmentable - 8;
  const innerSize = lastSize - (lastSize % 8);
  const header = frag.copy();
  header.payload = null;
  const below = frag.underlayer!;
  below.payload = null;
  const frame = (h: FragmentHeader, data: Uint8Array) => {
    const ip = p.getLayer(IPv6);
    ip?.reset("plen");
    return p.div(h, Raw({ load: data }));
  };
  if (lastSize <= 0 || innerSize === 0) return new PacketList([frame(header, payloadBytes(frag))]);

  header.id ??= randomId();
  header.nh = frag.nh;
  const out = new PacketList();
  let offset = 0;
  let rest = fragmentable;
  for (;;) {
    const h = header.copy();
    h.offset = offset / 8;
    if (rest.length > lastSize) {
      h.m = 1;
      out.push(frame(h, rest.slice(0, innerSize)));
      rest = rest.subarray(innerSize);
      offset += innerSize;
    } else {
      h.m = 0;
      out.push(frame(h, rest.slice()));
      return out;
    }
  }
}

/**
 * Reassembles the fragments (of the first fragment's id; other packets are left out) into one
 * packet: the headers before the Fragment header, then the reassembled data, dissected again.
 * Holes are filled with "X" bytes, as Scapy does. Null when no packet is a fragment.
 */
export function defragment6(packets: Iterable<Packet>): Packet | null {
  const fragments = [...packets].filter((p) => p.hasLayer(IPv6ExtHdrFragment));
  if (fragments.length === 0) return null;
  const id = fragments[0]!.getLayer(IPv6ExtHdrFragment)!.id;
  const ordered = fragments
    .filter((p) => p.getLayer(IPv6ExtHdrFragment)!.id === id)
    .map((p) => ({ p, offset: 8 * p.getLayer(IPv6ExtHdrFragment)!.offset }))
    .sort((a, b) => a.offset - b.offset);

  const parts: Uint8Array[] = [];
  let length = 0;
  for (const { p, offset } of ordered) {
    if (offset > length) {
      parts.push(new Uint8Array(offset - length).fill(0x58));
      length = offset;
    }
    const data = payloadBytes(p.getLayer(IPv6ExtHdrFragment)!);
    // Overlapping bytes are kept from the fragment that came first.
    const fresh = data.subarray(Math.max(0, length - offset));
    parts.push(fresh);
    length += fresh.length;
  }
  const data = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    data.set(part, at);
    at += part.length;
  }

  const q = ordered[0]!.p.copy();
  const frag = q.getLayer(IPv6ExtHdrFragment)!;
  const below = frag.underlayer!;
  below.setFieldValue("nh", frag.nh);
  below.payload = Raw({ load: data });
  const ip = q.getLayer(IPv6)!;
  ip.reset("plen");
  const rebuilt = IPv6(ip.build());
  const outer = ip.underlayer;
  if (outer === null) return rebuilt;
  outer.payload = rebuilt;
  return q.layerClass(q.build());
}
