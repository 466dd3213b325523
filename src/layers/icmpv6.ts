/**
 * ICMPv6 (RFC 4443): echo, the errors that quote the offending packet (as IPerror6), Multicast
 * Listener Discovery v1 and v2 (RFC 2710, RFC 3810), and the small Mobile IPv6 (RFC 6275) and
 * Multicast Router Discovery (RFC 4286) messages. Neighbor Discovery is in icmpv6Nd.ts.
 * Every message's checksum covers the IPv6 pseudo-header.
 */
import { bindTopDown } from "../core/bind.ts";
import { defineLayer, type CheckRefs, type LayerOptions } from "../core/define.ts";
import type { AnyField, Field } from "../core/field.ts";
import { ipv6 } from "../core/fields/address.ts";
import { bitEnum, bits, xbits } from "../core/fields/bits.ts";
import { countOf } from "../core/fields/computed.ts";
import { byte, byteEnum, int, short, xshort, xthreeBytes } from "../core/fields/integers.ts";
import { fieldLen } from "../core/fields/length.ts";
import { packetList } from "../core/fields/packets.ts";
import { str, strLen } from "../core/fields/strings.ts";
import { hashWithPayload, isLayer, type Packet } from "../core/packet.ts";
import type { LayerRef } from "../core/state.ts";
import { icmpv6Type, IPerror6, IPv6, isICMPv6, isIPv6ExtHeader, registerICMPv6Class, registerICMPv6Type } from "./inet6.ts";
import { IP6ListField } from "./ipv6Fields.ts";
import { pseudoHeaderChecksum } from "./pseudoHeader.ts";

/** Message type names (Scapy's icmp6types). */
export const ICMPV6_TYPES = {
  1: "Destination unreachable",
  2: "Packet too big",
  3: "Time exceeded",
  4: "Parameter problem",
  100: "Private Experimentation",
  101: "Private Experimentation",
  128: "Echo Request",
  129: "Echo Reply",
  130: "MLD Query",
  131: "MLD Report",
  132: "MLD Done",
  133: "Router Solicitation",
  134: "Router Advertisement",
  135: "Neighbor Solicitation",
  136: "Neighbor Advertisement",
  137: "Redirect Message",
  138: "Router Renumbering",
  139: "ICMP Node Information Query",
  140: "ICMP Node Information Response",
  141: "Inverse Neighbor Discovery Solicitation Message",
  142: "Inverse Neighbor Discovery Advertisement Message",
  143: "MLD Report Version 2",
  144: "Home Agent Address Discovery Request Message",
  145: "Home Agent Address Discovery Reply Message",
  146: "Mobile Prefix Solicitation",
  147: "Mobile Prefix Advertisement",
  148: "Certification Path Solicitation",
  149: "Certification Path Advertisement",
  151: "Multicast Router Advertisement",
  152: "Multicast Router Solicitation",
  153: "Multicast Router Termination",
  155: "RPL Control Message",
  200: "Private Experimentation",
  201: "Private Experimentation",
};

const u16le = (n: number) => Uint8Array.of(n & 0xff, (n >> 8) & 0xff);
const u16 = (n: number) => Uint8Array.of((n >> 8) & 0xff, n & 0xff);

/** Every ICMPv6 message's checksum: over the message and the pseudo-header of the IPv6 below (0 without one). */
export const icmpv6Checksum = () => xshort("cksum", null).compute(pseudoHeaderChecksum(58));

/** The code of an ICMPv6 message (every class has one, possibly under another name for its second byte). */
const codeOf = (p: Packet) => (p.spec.layout.fieldIndex.has("code") ? (p.getFieldValue("code") as number) : null);

/**
 * Scapy's default for ICMPv6 messages: inside an error's quote (or after an extension header,
 * against another ICMPv6 message) same type and code answer; otherwise nothing does.
 */
function quotedMessageAnswers(reply: Packet, request: Packet): boolean {
  const under = reply.underlayer;
  const quoted = isLayer(under, IPerror6);
  if (!quoted && !(isIPv6ExtHeader(under) && isICMPv6(request))) return false;
  return isICMPv6(reply) && isICMPv6(request) && reply.type === request.type && codeOf(reply) === codeOf(request);
}

export type MessageOptions<F extends readonly AnyField[], M> = LayerOptions<F, M> & {
  /** Dissect messages of this type as this class when they have at least `minLength` bytes. */
  readonly dissect?: { type: number; minLength: number; choose?: (message: Uint8Array) => LayerRef | null };
  /** IPv6 fields this message sets when stacked on IPv6 (besides nh = 58). */
  readonly ipv6?: Record<string, unknown>;
};

/** Declares an ICMPv6 message: matching defaults, registration by type, nh = 58 (its checksum field is icmpv6Checksum()). */
export function icmpv6Message<const F extends readonly [Field<"type", any, number, any>, ...AnyField[]], M = unknown>(name: string, fields: F & CheckRefs<F>, options: MessageOptions<F, M> = {}) {
  const { dissect, ipv6: overloads, ...define } = options;
  const cls = defineLayer<F, M>(name, fields, { answers: quotedMessageAnswers, ...define });
  if (dissect) registerICMPv6Type(dissect.type, dissect.minLength, cls, dissect.choose);
  else registerICMPv6Class(cls);
  bindTopDown(IPv6, cls, { nh: 58, ...overloads });
  return cls;
}

const head = (type: number) => [byteEnum("type", type, ICMPV6_TYPES), byte("code", 0), icmpv6Checksum()] as const;

export const ICMPv6Unknown = icmpv6Message("ICMPv6Unknown", [...head(1), str("msgbody", "")], { displayName: "Scapy6 ICMPv6 fallback class" });

// ---------- errors ----------

/** An error carries as much of the offending packet as fits. */
const error = { guessPayload: () => IPerror6 } as const;

export const ICMPv6DestUnreach = icmpv6Message(
  "ICMPv6DestUnreach",
  [
    byteEnum("type", 1, ICMPV6_TYPES),
    byteEnum("code", 0, {
      0: "No route to destination",
      1: "Communication with destination administratively prohibited",
      2: "Beyond scope of source address",
      3: "Address unreachable",
      4: "Port unreachable",
    }),
    icmpv6Checksum(),
    byte("length", 0),
    xthreeBytes("unused", 0),
  ],
  { ...error, displayName: "ICMPv6 Destination Unreachable", dissect: { type: 1, minLength: 8 } },
);

export const ICMPv6PacketTooBig = icmpv6Message("ICMPv6PacketTooBig", [...head(2), int("mtu", 1280)], {
  ...error,
  displayName: "ICMPv6 Packet Too Big",
  dissect: { type: 2, minLength: 8 },
});

export const ICMPv6TimeExceeded = icmpv6Message(
  "ICMPv6TimeExceeded",
  [
    byteEnum("type", 3, ICMPV6_TYPES),
    byteEnum("code", 0, { 0: "hop limit exceeded in transit", 1: "fragment reassembly time exceeded" }),
    icmpv6Checksum(),
    byte("length", 0),
    xthreeBytes("unused", 0),
  ],
  { ...error, displayName: "ICMPv6 Time Exceeded", dissect: { type: 3, minLength: 8 } },
);

export const ICMPv6ParamProblem = icmpv6Message(
  "ICMPv6ParamProblem",
  [
    byteEnum("type", 4, ICMPV6_TYPES),
    byteEnum("code", 0, {
      0: "erroneous header field encountered",
      1: "unrecognized Next Header type encountered",
      2: "unrecognized IPv6 option encountered",
      3: "first fragment has incomplete header chain",
    }),
    icmpv6Checksum(),
    // Default: the next header field of the quoted IPv6 header.
    int("ptr", 6),
  ],
  { ...error, displayName: "ICMPv6 Parameter Problem", dissect: { type: 4, minLength: 8 } },
);

// ---------- echo ----------

const echoFields = (type: number) => [...head(type), xshort("id", 0), xshort("seq", 0), str("data", "")] as const;

export const ICMPv6EchoRequest = icmpv6Message("ICMPv6EchoRequest", echoFields(128), {
  displayName: "ICMPv6 Echo Request",
  dissect: { type: 128, minLength: 8 },
  summary: "%name% (id: %id% seq: %seq%)",
  // Scapy packs id and seq in host byte order (little-endian here).
  hashret: (p) => hashWithPayload(p, Uint8Array.of(...u16le(p.id), ...u16le(p.seq))),
});

const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

export const ICMPv6EchoReply = icmpv6Message("ICMPv6EchoReply", echoFields(129), {
  parent: ICMPv6EchoRequest,
  displayName: "ICMPv6 Echo Reply",
  dissect: { type: 129, minLength: 8 },
  answers: (reply, request): boolean => isLayer(request, ICMPv6EchoRequest) && reply.id === request.id && reply.seq === request.seq && sameBytes(reply.data, request.data),
});

// ---------- Multicast Listener Discovery ----------

const mldFields = (type: number, mrd: number) => [...head(type), short("mrd", mrd), short("reserved", 0), ipv6("mladdr", "::")] as const;
/** MLD goes to the link only (hop limit 1). */
const linkLocal = { hlim: 1 };

export const ICMPv6MLQuery = icmpv6Message("ICMPv6MLQuery", mldFields(130, 10000), {
  displayName: "MLD - Multicast Listener Query",
  // RFC 3810 §8.1: a query of 28 bytes or more is an MLDv2 query.
  dissect: { type: 130, minLength: 24, choose: (m): LayerRef => (m.length >= 28 ? ICMPv6MLQuery2 : ICMPv6MLQuery) },
  ipv6: { dst: "ff02::1", ...linkLocal },
});

export const ICMPv6MLReport = icmpv6Message("ICMPv6MLReport", mldFields(131, 0), {
  displayName: "MLD - Multicast Listener Report",
  dissect: { type: 131, minLength: 24 },
  ipv6: linkLocal,
  answers: (_reply, request): boolean => request.hasLayer(ICMPv6MLQuery),
});

export const ICMPv6MLDone = icmpv6Message("ICMPv6MLDone", mldFields(132, 0), {
  displayName: "MLD - Multicast Listener Done",
  dissect: { type: 132, minLength: 24 },
  ipv6: { dst: "ff02::2", ...linkLocal },
});

export const ICMPv6MLQuery2 = icmpv6Message(
  "ICMPv6MLQuery2",
  [
    ...mldFields(130, 10000),
    bits("Resv", 0, 4),
    bits("S", 0, 1),
    bits("QRV", 0, 3),
    byte("QQIC", 0),
    short("sources_number", null).compute(countOf("sources")),
    new IP6ListField("sources", []),
  ],
  {
    displayName: "MLDv2 - Multicast Listener Query",
    ipv6: { dst: "ff02::1", ...linkLocal },
    countFrom: { sources: (p) => p.sources_number },
  },
);

/** One group's record in an MLDv2 report; records that follow it in the bytes are its payload, as in Scapy. */
export const ICMPv6MLDMultAddrRec = defineLayer(
  "ICMPv6MLDMultAddrRec",
  [
    byte("rtype", 4),
    fieldLen("auxdata_len", null, { fmt: "B", lengthOf: "auxdata" }),
    fieldLen("sources_number", null, { fmt: "H", lengthOf: "sources", adjust: (n) => Math.floor(n / 16) }),
    ipv6("dst", "::"),
    new IP6ListField("sources", []),
    strLen("auxdata", "", "auxdata_len"),
  ],
  {
    displayName: "ICMPv6 MLDv2 - Multicast Address Record",
    lengthFrom: { sources: (p) => 16 * (p.sources_number ?? 0) },
    defaultPayload: (): LayerRef => ICMPv6MLDMultAddrRec,
  },
);

export const ICMPv6MLReport2 = icmpv6Message(
  "ICMPv6MLReport2",
  [
    byteEnum("type", 143, ICMPV6_TYPES),
    byte("res", 0),
    icmpv6Checksum(),
    short("reserved", 0),
    short("records_number", null).compute(countOf("records")),
    packetList("records", null, ICMPv6MLDMultAddrRec),
  ],
  {
    displayName: "MLDv2 - Multicast Listener Report",
    dissect: { type: 143, minLength: 8 },
    ipv6: { dst: "ff02::16", ...linkLocal },
    countFrom: { records: (p) => p.records_number },
    answers: (_reply, request): boolean => request.spec === ICMPv6MLQuery2.spec,
  },
);

// ---------- Mobile IPv6 (RFC 6275 §6.5-6.8) ----------

const idHash = (p: Packet & { id: number | null }) => hashWithPayload(p, u16(p.id ?? 0));

export const ICMPv6HAADRequest = icmpv6Message("ICMPv6HAADRequest", [...head(144), xshort("id", null), bitEnum("R", 1, 1, { 1: "MR" }), xbits("res", 0, 15)], {
  displayName: "ICMPv6 Home Agent Address Discovery Request",
  dissect: { type: 144, minLength: 8 },
  hashret: idHash,
});

export const ICMPv6HAADReply = icmpv6Message(
  "ICMPv6HAADReply",
  [...head(145), xshort("id", null), bitEnum("R", 1, 1, { 1: "MR" }), xbits("res", 0, 15), new IP6ListField("addresses", [])],
  {
    displayName: "ICMPv6 Home Agent Address Discovery Reply",
    dissect: { type: 145, minLength: 8 },
    hashret: idHash,
    answers: (reply, request): boolean => isLayer(request, ICMPv6HAADRequest) && reply.id === request.id,
  },
);

export const ICMPv6MPSol = icmpv6Message("ICMPv6MPSol", [...head(146), xshort("id", null), xshort("res", 0)], {
  displayName: "ICMPv6 Mobile Prefix Solicitation",
  dissect: { type: 146, minLength: 8 },
});

// ---------- Multicast Router Discovery (RFC 4286) ----------

/** Sent to the link; Scapy keeps only the next `payload` bytes after the header as payload. */
const mrd = (dst: string, payload: number) => ({ ipv6: { hlim: 1, dst }, extractPadding: () => payload });

export const ICMPv6MRD_Advertisement = icmpv6Message(
  "ICMPv6MRD_Advertisement",
  [byteEnum("type", 151, ICMPV6_TYPES), byte("advinter", 20), icmpv6Checksum(), short("queryint", 0), short("robustness", 0)],
  { ...mrd("ff02::2", 8), displayName: "ICMPv6 Multicast Router Discovery Advertisement", dissect: { type: 151, minLength: 8 } },
);

export const ICMPv6MRD_Solicitation = icmpv6Message("ICMPv6MRD_Solicitation", [byteEnum("type", 152, ICMPV6_TYPES), byte("res", 0), icmpv6Checksum()], {
  ...mrd("ff02::2", 4),
  displayName: "ICMPv6 Multicast Router Discovery Solicitation",
  dissect: { type: 152, minLength: 4 },
});

export const ICMPv6MRD_Termination = icmpv6Message("ICMPv6MRD_Termination", [byteEnum("type", 153, ICMPV6_TYPES), byte("res", 0), icmpv6Checksum()], {
  ...mrd("ff02::6a", 4),
  displayName: "ICMPv6 Multicast Router Discovery Termination",
  dissect: { type: 153, minLength: 4 },
});
