/**
 * IPv6 (RFC 8200) and its extension headers: Hop-by-Hop and Destination Options, Routing,
 * Segment Routing (RFC 8754), Fragment. IPerror6 is the IPv6 packet an ICMPv6 error quotes.
 * The upper-layer pseudo-header (§8.1) is registered here, so TCP, UDP and ICMPv6 checksums
 * work under IPv6. ICMPv6 messages live in icmpv6.ts and register themselves by type.
 */
import { parseIPv6 } from "../core/addr.ts";
import { bindBottomUp, bindLayers, bindTopDown } from "../core/bind.ts";
import { conf } from "../core/conf.ts";
import { defineLayer, type InstanceOf, type LayerInstance } from "../core/define.ts";
import { sourceIPv6, staticDestinationRules } from "../core/fields/address.ts";
import { bits } from "../core/fields/bits.ts";
import { countOf, payloadLength } from "../core/fields/computed.ts";
import { byte, byteEnum, int, short } from "../core/fields/integers.ts";
import { fieldLen } from "../core/fields/length.ts";
import { packetList } from "../core/fields/packets.ts";
import { NoPayload } from "../core/raw.ts";
import { isLayer, type HashPart, type Packet } from "../core/packet.ts";
import type { LayerRef, LayerSpec } from "../core/state.ts";
import { DestIP6Field } from "../core/fields/address.ts";
import { bindIPv6Destination, IP6ListField, ipv6Destinations, PhantomAutoPadField } from "./ipv6Fields.ts";
import { chooseSegmentRoutingTLV, HAO, IPv6OptionsField } from "./ipv6Options.ts";
import { IP, TCP, TCPerror, UDP, UDPerror } from "./inet.ts";
import { CookedLinux, Ether, Loopback, SNAP } from "./l2.ts";
import { DLT, registerLinkType } from "./linktypes.ts";
import { ipv6MulticastMac, networkLayerOf } from "./multicast.ts";
import { registerPseudoHeader } from "./pseudoHeader.ts";
import { concatBytes } from "../core/bytes.ts";

/** Next header names (Scapy's ipv6nh). */
export const IPV6_NEXT_HEADERS = {
  0: "Hop-by-Hop Option Header",
  4: "IP",
  6: "TCP",
  17: "UDP",
  41: "IPv6",
  43: "Routing Header",
  44: "Fragment Header",
  47: "GRE",
  50: "ESP Header",
  51: "AH Header",
  58: "ICMPv6",
  59: "No Next Header",
  60: "Destination Option Header",
  112: "VRRP",
  132: "SCTP",
  135: "Mobility Header",
};

// ---------- ICMPv6 message registry (Scapy's icmp6typescls) ----------

/** Picks the class of an ICMPv6 message from its bytes (type first); null: Raw. */
type MessageChooser = (message: Uint8Array) => LayerRef | null;
const icmpv6ByType = new Map<number, MessageChooser>();
const icmpv6Classes = new Set<LayerSpec>();

/** What every ICMPv6 message has: its type first. */
type ICMPv6Message = Packet & { type: number };

/** Marks a layer as an ICMPv6 message (matching treats them alike, as Scapy's _ICMPv6); its first field is the type. */
export function registerICMPv6Class(cls: LayerRef): void {
  icmpv6Classes.add(cls.spec);
}

/** Messages of this type dissect as `cls` when they have at least minLength bytes (else Raw), or as `choose` says. */
export function registerICMPv6Type(type: number, minLength: number, cls: LayerRef, choose?: MessageChooser): void {
  registerICMPv6Class(cls);
  icmpv6ByType.set(type, (m) => (m.length < minLength ? null : choose ? choose(m) : cls));
}

/** Is p an ICMPv6 message (of a class registered as one: icmpv6Message declares them, type first)? */
export function isICMPv6(p: Packet | null | undefined): p is ICMPv6Message {
  for (let s = p?.spec ?? null; s !== null; s = s.parent) if (icmpv6Classes.has(s)) return true;
  return false;
}

/** An ICMPv6 message's type. */
export function icmpv6Type(p: ICMPv6Message): number {
  return p.type;
}

/** An ICMPv6 error (type < 128) quotes the packet that caused it. */
function isICMPv6Error(p: Packet | null): boolean {
  return isICMPv6(p) && p.type < 128;
}

function icmpv6Class(message: Uint8Array): LayerRef | null {
  if (message.length === 0) return null;
  return icmpv6ByType.get(message[0]!)?.(message) ?? null;
}

// ---------- IPv6 ----------

/** The upper layer by the next header value: ICMPv6 by message type, the rest by bindings. */
function guessUpper(p: { nh: number }, payload: Uint8Array): LayerRef | null | undefined {
  const nh = p.nh;
  if (nh === 58) return icmpv6Class(payload);
  // Routing type 4 is a Segment Routing header (RFC 8754).
  if (nh === 43) return payload.length < 3 ? null : payload[2] === 4 ? IPv6ExtHdrSegmentRouting : undefined;
  return undefined;
}

/**
 * Payload length: plen, or with plen 0 under a Hop-by-Hop header, Scapy's jumbogram rule: the
 * Hop-by-Hop header's length plus the value of the first Jumbo option found at a 4n+2 offset,
 * read in host byte order (plus nothing without one). RFC 2675 counts the Jumbo length alone,
 * big-endian; we keep Scapy's reading so that both cut the same payload.
 */
function jumboPayloadLength(p: { plen: number | null; nh: number }, rest: Uint8Array): number | null {
  const plen = p.plen;
  if (plen !== 0 || p.nh !== 0 || rest.length < 8) return plen;
  const hbhLength = 8 + rest[1]! * 8;
  for (let off = 2; off + 6 <= rest.length; off += 4) {
    if (rest[off] === 0xc2) return hbhLength + ((rest[off + 2]! | (rest[off + 3]! << 8) | (rest[off + 4]! << 16) | (rest[off + 5]! << 24)) >>> 0);
  }
  return hbhLength;
}

const ipv6Fields = [
  bits("version", 6, 4),
  bits("tc", 0, 8),
  bits("fl", 0, 20),
  short("plen", null).compute(payloadLength()),
  byteEnum("nh", 59, IPV6_NEXT_HEADERS),
  byte("hlim", 64),
  sourceIPv6("src", "dst"),
  new DestIP6Field("dst", "::1", ipv6Destinations),
] as const;
type IPv6Packet = LayerInstance<typeof ipv6Fields>;

export const IPv6 = defineLayer("IPv6", ipv6Fields, {
  extractPadding: jumboPayloadLength,
  guessPayload: guessUpper,
  summary: (p) => `${p.src} > ${p.dst} (${p.nh})`,
  hashret: (p): HashPart => ipv6Hashret(p),
  answers: (reply, request): boolean => ipv6Answers(reply, request),
});

/** The IPv6 packet quoted by an ICMPv6 error: it answers the request it quotes. */
export const IPerror6 = defineLayer("IPerror6", ipv6Fields, {
  parent: IPv6,
  displayName: "IPv6 in ICMPv6",
  summary: () => null,
  answers: (quoted, request): boolean => quotedAnswers(quoted, request),
});

// ---------- extension headers ----------

/** Extension headers take IPv6's bindings for what follows them (Scapy's aliastypes). */
const extHeader = { aliasOf: [IPv6, IPerror6], guessPayload: guessUpper } as const;
const optionHeaderFields = () =>
  [
    byteEnum("nh", 59, IPV6_NEXT_HEADERS),
    fieldLen("len", null, { fmt: "B", lengthOf: "options", adjust: (x) => Math.floor((x + 2 + 7) / 8) - 1 }),
    new PhantomAutoPadField("autopad", 1),
    new IPv6OptionsField("options", 2, "autopad"),
  ] as const;
/** The options take the header's 8-byte units but its first two bytes. */
const optionHeader = { ...extHeader, lengthFrom: { options: (p: { len: number | null }) => 8 * ((p.len ?? 0) + 1) - 2 } };

export const IPv6ExtHdrHopByHop = defineLayer("IPv6ExtHdrHopByHop", optionHeaderFields(), {
  ...optionHeader,
  displayName: "IPv6 Extension Header - Hop-by-Hop Options Header",
});

export const IPv6ExtHdrDestOpt = defineLayer("IPv6ExtHdrDestOpt", optionHeaderFields(), {
  ...optionHeader,
  displayName: "IPv6 Extension Header - Destination Options Header",
});

export const IPv6ExtHdrRouting = defineLayer(
  "IPv6ExtHdrRouting",
  [
    byteEnum("nh", 59, IPV6_NEXT_HEADERS),
    fieldLen("len", null, { fmt: "B", countOf: "addresses", adjust: (x) => 2 * x }),
    byte("type", 0),
    byte("segleft", null).compute(countOf("addresses")),
    bits("reserved", 0, 32),
    new IP6ListField("addresses", []),
  ],
  {
    ...extHeader,
    displayName: "IPv6 Option Header Routing",
    lengthFrom: { addresses: (p) => 8 * (p.len ?? 0) },
  },
);

export const IPv6ExtHdrFragment = defineLayer(
  "IPv6ExtHdrFragment",
  [byteEnum("nh", 59, IPV6_NEXT_HEADERS), bits("res1", 0, 8), bits("offset", 0, 13), bits("res2", 0, 2), bits("m", 0, 1), int("id", null)],
  {
    ...extHeader,
    displayName: "IPv6 Extension Header - Fragmentation header",
    // Only the first fragment starts with the upper layer's header.
    guessPayload: (p, payload) => (p.offset > 0 ? null : guessUpper(p, payload)),
  },
);

const lastIndex = (n: number) => Math.max(n - 1, 0);

/** Scapy pads the TLVs to 8 bytes with its Pad1 TLV, which is 3 bytes long (type, len 1, a zero). */
function segmentRoutingPadding(missing: number): Uint8Array {
  if (missing === 1) return Uint8Array.of(0, 1, 0);
  const pad = new Uint8Array(missing);
  pad[0] = 4;
  pad[1] = missing - 2;
  return pad;
}

export const IPv6ExtHdrSegmentRouting = defineLayer(
  "IPv6ExtHdrSegmentRouting",
  [
    byteEnum("nh", 59, IPV6_NEXT_HEADERS),
    byte("len", null),
    byte("type", 4),
    byte("segleft", null).compute(countOf("addresses", lastIndex)),
    byte("lastentry", null).compute(countOf("addresses", lastIndex)),
    bits("unused1", 0, 1),
    bits("protected", 0, 1),
    bits("oam", 0, 1),
    bits("alert", 0, 1),
    bits("hmac", 0, 1),
    bits("unused2", 0, 3),
    short("tag", 0),
    new IP6ListField("addresses", ["::1"]),
    packetList("tlv_objects", null, chooseSegmentRoutingTLV),
  ],
  {
    ...extHeader,
    displayName: "IPv6 Option Header Segment Routing",
    countFrom: { addresses: (p) => (p.lastentry ?? 0) + 1 },
    lengthFrom: { tlv_objects: (p) => 8 * (p.len ?? 0) - 16 * ((p.lastentry ?? 0) + 1) },
    // The TLVs are padded to 8 bytes (which the length then counts): no field can declare that.
    postBuild(p, out) {
      if (p.len !== null) return;
      const missing = (8 - ((out.headerEnd - out.start) % 8)) % 8;
      if (missing) out.insert(out.headerEnd, segmentRoutingPadding(missing));
      out.set("len", Math.floor((out.headerEnd - out.start + missing - 8) / 8));
    },
  },
);

const EXT_HEADERS = new Set<LayerSpec>([IPv6ExtHdrHopByHop.spec, IPv6ExtHdrDestOpt.spec, IPv6ExtHdrRouting.spec, IPv6ExtHdrSegmentRouting.spec, IPv6ExtHdrFragment.spec]);

export function isIPv6ExtHeader(p: Packet | null): boolean {
  return p !== null && EXT_HEADERS.has(p.spec);
}

// ---------- pseudo-header (RFC 8200 §8.1) ----------

const addressBytes = (a: unknown): Uint8Array => (typeof a === "string" ? parseIPv6(a) : null) ?? new Uint8Array(16);

function sumAddress(b: Uint8Array): number {
  let s = 0;
  for (let i = 0; i < 16; i += 2) s += (b[i]! << 8) | b[i + 1]!;
  return s;
}

/**
 * Source and final destination an upper layer's checksum covers, looking down from `under`: the
 * last address of the nearest Routing header with segments left, and the home address of a
 * Destination Options header that holds only a Home Address option. Null without IPv6 below.
 */
export function ipv6ChecksumAddresses(under: Packet | null): { src: Uint8Array; dst: Uint8Array } | null {
  let finalDst: string | null = null;
  let home: string | null = null;
  let u = under;
  for (; u !== null && !isLayer(u, IPv6); u = u.underlayer) {
    if (isLayer(u, IPv6ExtHdrRouting) || isLayer(u, IPv6ExtHdrSegmentRouting)) {
      // The final destination: last in a type 0 list, first in a segment list (listed in reverse).
      const addresses = u.addresses;
      const final = isLayer(u, IPv6ExtHdrRouting) ? addresses[addresses.length - 1] : addresses[0];
      if (finalDst === null && u.segleft !== 0 && addresses.length) finalDst = final!;
    } else if (isLayer(u, IPv6ExtHdrDestOpt)) {
      const options = u.options;
      if (options.length === 1 && isLayer(options[0], HAO)) home = options[0].hoa;
    }
  }
  if (!isLayer(u, IPv6)) return null;
  return { src: addressBytes(home ?? u.src), dst: addressBytes(finalDst ?? u.dst) };
}

// An extension header built with no IPv6 below it has no addresses to cover: checksum 0 (Scapy's).
registerPseudoHeader(IPv6, (under, proto, length) => {
  const a = ipv6ChecksumAddresses(under);
  if (a === null) return null;
  return sumAddress(a.src) + sumAddress(a.dst) + Math.floor(length / 65536) + (length & 0xffff) + proto;
});

// ---------- matching (hashret / answers) ----------

const isMulticast = (a: Uint8Array) => a[0] === 0xff;
const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);
const ALL_NODES = parseIPv6("ff02::1")!;
const ALL_ROUTERS = parseIPv6("ff02::2")!;

const concat = (...parts: Uint8Array[]): Uint8Array => concatBytes(parts);

const EMPTY = new Uint8Array(0);

/**
 * Scapy's IPv6 hashret: an ICMPv6 error hashes as the packet it quotes; otherwise the next
 * header (seen through Routing, Fragment, Hop-by-Hop and home-address headers) and, when
 * checkIPaddr is on and the destination is unicast, the XOR of the addresses.
 */
function ipv6Hashret(p: IPv6Packet): HashPart {
  const pl = p.payload;
  let nh = p.nh;
  if (nh === 58 && pl !== null && isICMPv6(pl)) {
    const type = icmpv6Type(pl);
    if (type < 128) return { own: EMPTY, then: pl.payload };
    if ([133, 134, 135, 136, 144, 145].includes(type)) return { own: Uint8Array.of(nh), then: pl };
  }
  if (!conf.checkIPinIP && (nh === 4 || nh === 41)) return { own: EMPTY, then: pl };
  let dst = addressBytes(p.dst);
  let src = addressBytes(p.src);
  if (nh === 43 && isLayer(pl, IPv6ExtHdrRouting)) {
    const addresses = pl.addresses;
    // The final destination XORed with every listed address, the final one included (Scapy's way).
    dst = addressBytes(addresses.length ? addresses[addresses.length - 1] : "::1");
    for (const a of addresses) dst = dst.map((x, i) => x ^ addressBytes(a)[i]!);
    nh = pl.nh;
  } else if (nh === 43 && isLayer(pl, IPv6ExtHdrSegmentRouting)) {
    if (pl.addresses.length) dst = addressBytes(pl.addresses[0]);
  } else if ((nh === 44 && isLayer(pl, IPv6ExtHdrFragment)) || (nh === 0 && isLayer(pl, IPv6ExtHdrHopByHop))) {
    nh = pl.nh;
  } else if (nh === 60 && isLayer(pl, IPv6ExtHdrDestOpt)) {
    const hao = pl.options.filter((o) => isLayer(o, HAO)).pop();
    if (isLayer(hao, HAO)) {
      nh = pl.nh;
      src = addressBytes(hao.hoa);
    }
  }
  const own = conf.checkIPsrc && conf.checkIPaddr && !isMulticast(dst) ? concat(dst.map((x, i) => x ^ src[i]!), Uint8Array.of(nh)) : Uint8Array.of(nh);
  return { own, then: pl };
}

/** Does `a` answer `b`, where either may be missing (Scapy's NoPayload)? */
function layerAnswers(a: Packet | null, b: Packet | null): boolean {
  if (a === null) return b === null || b.spec.name === "Padding";
  return a.answers(b ?? NoPayload());
}

function ipv6Answers(reply: IPv6Packet, request: Packet): boolean {
  const nh = reply.nh;
  if (!conf.checkIPinIP) {
    if (nh === 4 || nh === 41) return layerAnswers(reply.payload, request);
    if (isLayer(request, IPv6) && [4, 41].includes(request.nh)) return layerAnswers(reply, request.payload);
    if (isLayer(request, IP) && request.spec === IP.spec && [4, 41].includes(request.proto)) return layerAnswers(reply, request.payload);
  }
  if (!isLayer(request, IPv6)) return false;
  const rp = reply.payload;
  const qp = request.payload;
  if (conf.checkIPaddr) {
    const replyDst = addressBytes(reply.dst);
    const requestSrc = addressBytes(request.src);
    const requestDst = addressBytes(request.dst);
    if (isMulticast(requestDst)) {
      // A request to a group is answered from unicast to its source, or to the same group
      // (or to all nodes when it went to all routers).
      if (isMulticast(replyDst)) {
        const ok = sameBytes(requestDst, replyDst) || (sameBytes(replyDst, ALL_NODES) && sameBytes(requestDst, ALL_ROUTERS));
        return ok && layerAnswers(rp, qp);
      }
      return sameBytes(requestSrc, replyDst) && layerAnswers(rp, qp);
    }
    if (!sameBytes(replyDst, requestSrc)) return false;
  }
  const qnh = request.nh;
  if (nh === 58 && isICMPv6Error(rp)) return layerAnswers(rp!.payload, request);
  if (qp !== null && qnh === 0 && qp.spec === IPv6ExtHdrHopByHop.spec) return layerAnswers(rp, qp);
  const routed = qnh === 43 && (qp?.spec === IPv6ExtHdrRouting.spec || qp?.spec === IPv6ExtHdrSegmentRouting.spec);
  if (qp !== null && ((qnh === 44 && qp.spec === IPv6ExtHdrFragment.spec) || routed)) return layerAnswers(rp, qp.payload);
  if (qp !== null && qnh === 60 && qp.spec === IPv6ExtHdrDestOpt.spec) return layerAnswers(rp?.payload ?? null, qp.payload);
  if (rp !== null && nh === 60 && rp.spec === IPv6ExtHdrDestOpt.spec) return layerAnswers(rp.payload, qp);
  return nh === qnh && layerAnswers(rp, qp);
}

/** The first layer above the extension headers; `routed` tells whether a Routing header was crossed. */
function upperOf(p: Packet): { upper: Packet | null; routed: boolean } {
  let q = p.payload;
  let routed = false;
  while (isIPv6ExtHeader(q)) {
    if (q!.spec === IPv6ExtHdrRouting.spec) routed = true;
    q = q!.payload;
  }
  return { upper: q, routed };
}

/** Bytes of an upper layer to compare; with `unclamp`, TCP's option-dependent fields are zeroed. */
function quotedBytes(p: Packet | null, unclamp: boolean): Uint8Array {
  if (p === null) return new Uint8Array(0);
  if (!unclamp) return p.build();
  const c = p.copy();
  c.setFieldValue("options", []).setFieldValue("chksum", 0).setFieldValue("dataofs", 0);
  return c.build();
}

/**
 * The quoted packet answers the request when it came from the same source to the same
 * destination (any destination when the request was source-routed) and its upper layer starts
 * with the request's bytes — TCP options excepted, which a middlebox may have clamped.
 */
function quotedAnswers(quoted: IPv6Packet, request: Packet): boolean {
  if (!isLayer(request, IPv6) || !isICMPv6Error(quoted.underlayer)) return false;
  const self = upperOf(quoted);
  const other = upperOf(request);
  const sameSrc = sameBytes(addressBytes(quoted.src), addressBytes(request.src));
  const sameDst = sameBytes(addressBytes(quoted.dst), addressBytes(request.dst));
  if (!sameSrc || !(sameDst || other.routed)) return false;
  const unclamp = isLayer(self.upper, TCP) && isLayer(other.upper, TCP) && !sameOptions(self.upper, other.upper);
  const s1 = quotedBytes(self.upper, unclamp);
  const s2 = quotedBytes(other.upper, unclamp);
  const n = Math.min(s1.length, s2.length);
  return sameBytes(s1.subarray(0, n), s2.subarray(0, n));
}

function sameOptions(a: InstanceOf<typeof TCP>, b: InstanceOf<typeof TCP>): boolean {
  return JSON.stringify(a.options, bytesAsList) === JSON.stringify(b.options, bytesAsList);
}
const bytesAsList = (_k: string, v: unknown) => (v instanceof Uint8Array ? [...v] : v);

// ---------- bindings and link types ----------

bindLayers(Ether, IPv6, { type: 0x86dd });
bindLayers(CookedLinux, IPv6, { proto: 0x86dd });
bindLayers(SNAP, IPv6, { code: 0x86dd });
// BSD loopback: AF_INET6 is 24 (NetBSD, OpenBSD), 28 (FreeBSD), 30 (macOS); frames we build use
// 24. Scapy on Linux writes Linux's AF_INET6 (10): its captures read as IPv6 too.
bindLayers(Loopback, IPv6, { type: 24 });
bindBottomUp(Loopback, IPv6, { type: 28 });
bindBottomUp(Loopback, IPv6, { type: 30 });
bindBottomUp(Loopback, IPv6, { type: 10 });
bindLayers(IPv6, IPv6, { nh: 41 });
bindLayers(IP, IPv6, { proto: 41 });
bindLayers(IPv6, IP, { nh: 4 });
bindLayers(IPv6, TCP, { nh: 6 });
bindLayers(IPv6, UDP, { nh: 17 });
bindLayers(IPerror6, TCPerror, { nh: 6 });
bindLayers(IPerror6, UDPerror, { nh: 17 });
// Scapy declares this one beside DNS: multicast DNS goes to its IPv6 group by default.
bindIPv6Destination(UDP, "ff02::fb", { dport: 5353 });

bindLayers(IPv6, IPv6ExtHdrHopByHop, { nh: 0 });
bindLayers(IPv6, IPv6ExtHdrRouting, { nh: 43 });
bindLayers(IPv6, IPv6ExtHdrFragment, { nh: 44 });
bindLayers(IPv6, IPv6ExtHdrDestOpt, { nh: 60 });
// Dissection tells a segment routing header from a routing header by its type (guessUpper).
bindTopDown(IPv6, IPv6ExtHdrSegmentRouting, { nh: 43 });

/** Raw IP captures hold IPv4 or IPv6: the version nibble decides (Scapy's IPv46). */
export const IPv46 = defineLayer("IPv46", IP.fields, {
  parent: IP,
  displayName: "IP",
  dispatch: (buf, start, end) => (end > start && buf[start]! >> 4 === 6 ? IPv6 : IP),
  dispatchInit: (init) => (Number(init.version) === 6 ? IPv6 : IP),
});

registerLinkType(DLT.IPV6, IPv6);
registerLinkType(DLT.RAW, IPv46);
registerLinkType(DLT.RAW_BSD12, IPv46);
registerLinkType(DLT.RAW_BSD14, IPv46);

// A frame to an IPv6 group goes to its 33:33 MAC without asking the neighbour cache (RFC 2464 §7).
staticDestinationRules.push((frame) => {
  const l3 = networkLayerOf(frame);
  return isLayer(l3, IPv6) ? ipv6MulticastMac(l3.dst) : null;
});
