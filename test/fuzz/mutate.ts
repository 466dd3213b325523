/**
 * Mutations of a frame, each drawn from a seeded generator: bit flips, cuts, insertions and
 * deletions, lying lengths and counts (the fields a layout names as lengths or counts, set to
 * edge values), DNS-style pointer loops, and the frame wrapped in further encapsulations.
 */
import { concatBytes, packetLayout, type Packet } from "../../src/index.ts";

export type Random = () => number;

/** A frame to mutate: its bytes, the layer it is dissected as, and where its length and count fields lie. */
export interface Seed {
  name: string;
  first: (bytes: Uint8Array) => Packet;
  bytes: Uint8Array;
  /** Byte ranges [start, end) of fields named like lengths or counts. */
  lengths: Array<[number, number]>;
}

const LENGTHY = /len|count|length|ihl|dataofs|size|num|offset|ptr|plen|nh|hlen|total/i;

/** The byte ranges of a packet's length-like fields (from its layout; nested lists too). */
export function lengthFields(p: Packet): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let layout;
  try {
    layout = packetLayout(p);
  } catch {
    return out;
  }
  const walk = (layers: typeof layout.layers) => {
    for (const layer of layers) {
      for (const f of layer.fields) {
        if (LENGTHY.test(f.name) && f.end > f.start && f.end - f.start <= 4) out.push([f.start, f.end]);
        walk(f.children);
      }
    }
  };
  walk(layout.layers);
  return out;
}

const EDGES = [0, 1, 2, 3, 4, 7, 8, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xffff, 0xfffff, 0x7fffffff, 0xffffffff];

const int = (rnd: Random, n: number) => Math.floor(rnd() * n);

function withLength(bytes: Uint8Array, at: number, len: number, value: number): Uint8Array {
  const out = bytes.slice();
  for (let i = 0; i < len; i++) out[at + i] = (value / 2 ** (8 * (len - 1 - i))) & 0xff;
  return out;
}

/** Wrappers that carry a frame one layer deeper (an IPv4 or IPv6 packet, or any Ethernet frame). */
const ENCAPSULATIONS: Array<(inner: Uint8Array) => Uint8Array> = [
  // Ethernet in a VLAN tag, twice (QinQ).
  (f) => (f.length >= 14 ? concat(f.subarray(0, 12), Uint8Array.of(0x81, 0x00, 0x00, 0x05), f.subarray(12)) : f),
  (f) => (f.length >= 14 ? concat(f.subarray(0, 12), Uint8Array.of(0x88, 0xa8, 0x00, 0x07, 0x81, 0x00, 0x00, 0x05), f.subarray(12)) : f),
  // The frame's IP packet inside IPv4 (IP-in-IP) and inside IPv6.
  (f) => (f.length > 14 ? concat(f.subarray(0, 12), Uint8Array.of(0x08, 0x00), ipv4Header(f.length - 14, (f[14]! >> 4) === 6 ? 41 : 4), f.subarray(14)) : f),
  (f) => (f.length > 14 ? concat(f.subarray(0, 12), Uint8Array.of(0x86, 0xdd), ipv6Header(f.length - 14, (f[14]! >> 4) === 6 ? 41 : 4), f.subarray(14)) : f),
  // The whole frame as the payload of UDP to port 4789 (VXLAN) and of GRE (transparent Ethernet bridging).
  (f) => concat(ETHER_IPV4, ipv4Header(8 + 8 + 8 + f.length, 17), Uint8Array.of(0x30, 0x39, 0x12, 0xb5, (16 + f.length) >> 8, (16 + f.length) & 0xff, 0, 0), Uint8Array.of(0x08, 0, 0, 0, 0, 0, 1, 0), f),
  (f) => concat(ETHER_IPV4, ipv4Header(4 + f.length, 47), Uint8Array.of(0, 0, 0x65, 0x58), f),
];

const ETHER_IPV4 = Uint8Array.of(2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 0x08, 0x00);

function ipv4Header(payload: number, proto: number): Uint8Array {
  const total = 20 + payload;
  return Uint8Array.of(0x45, 0, (total >> 8) & 0xff, total & 0xff, 0, 1, 0, 0, 64, proto, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2);
}

function ipv6Header(payload: number, nh: number): Uint8Array {
  const h = new Uint8Array(40);
  h[0] = 0x60;
  h[4] = (payload >> 8) & 0xff;
  h[5] = payload & 0xff;
  h[6] = nh;
  h[7] = 64;
  h[8] = h[24] = 0x20;
  h[9] = h[25] = 0x01;
  h[23] = 1;
  h[39] = 2;
  return h;
}

const concat = (...parts: Uint8Array[]) => concatBytes(parts);

/** One mutation of the seed's bytes: which kind, and the bytes. Ethernet wrappers only for Ethernet seeds. */
export function mutate(seed: Seed, rnd: Random, ethernet: boolean): { kind: string; bytes: Uint8Array } {
  let bytes = seed.bytes;
  const n = bytes.length;
  const kinds = ethernet ? 8 : 7;
  switch (int(rnd, kinds)) {
    case 0: {
      const out = bytes.slice();
      for (let k = 1 + int(rnd, 8); k > 0 && n > 0; k--) out[int(rnd, n)]! ^= 1 << int(rnd, 8);
      return { kind: "bit flips", bytes: out };
    }
    case 1:
      return { kind: "cut", bytes: bytes.slice(0, int(rnd, n + 1)) };
    case 2: {
      const at = int(rnd, n + 1);
      const ins = Uint8Array.from({ length: 1 + int(rnd, 16) }, () => int(rnd, 256));
      return { kind: "insertion", bytes: concat(bytes.subarray(0, at), ins, bytes.subarray(at)) };
    }
    case 3: {
      const at = int(rnd, n + 1);
      return { kind: "deletion", bytes: concat(bytes.subarray(0, at), bytes.subarray(Math.min(n, at + 1 + int(rnd, 16)))) };
    }
    case 4:
    case 5: {
      if (seed.lengths.length === 0) break;
      const [s, e] = seed.lengths[int(rnd, seed.lengths.length)]!;
      const value = rnd() < 0.7 ? EDGES[int(rnd, EDGES.length)]! : int(rnd, 2 ** (8 * (e - s)));
      return { kind: "lying length", bytes: withLength(bytes, s, e - s, value) };
    }
    case 6: {
      // A compression pointer to itself or to an earlier byte (0xc0 | offset).
      if (n < 2) break;
      const at = int(rnd, n - 1);
      const target = rnd() < 0.5 ? at : int(rnd, at + 1);
      const out = bytes.slice();
      out[at] = 0xc0 | ((target >> 8) & 0x3f);
      out[at + 1] = target & 0xff;
      return { kind: "pointer", bytes: out };
    }
    case 7: {
      for (let depth = 1 + int(rnd, 3); depth > 0; depth--) bytes = ENCAPSULATIONS[int(rnd, ENCAPSULATIONS.length)]!(bytes);
      return { kind: "encapsulation", bytes };
    }
  }
  const out = bytes.slice();
  if (n > 0) out[int(rnd, n)] = int(rnd, 256);
  return { kind: "byte", bytes: out };
}
