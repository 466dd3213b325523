/**
 * Tunnels, as Scapy has them: GRE with its optional checksum, key, sequence number and routing
 * entries, and PPTP's enhanced GRE (layers/l2.py); ERSPAN I, II and III (contrib/erspan);
 * VXLAN with the GPE and group-policy flags (layers/vxlan.py); Geneve with its options
 * (contrib/geneve); MPLS label stacks and the pseudowire control word (contrib/mpls); L2TP
 * (layers/l2tp.py); NSH (contrib/nsh). IP in IP and IPv6 in IPv4 are bound in inet.ts/inet6.ts.
 */
import { bindBottomUp, bindLayers, bindTopDown } from "../core/bind.ts";
import { internetChecksum as checksumOf } from "../core/checksum.ts";
import { defineLayer } from "../core/define.ts";
import { bitEnum, bits, flags } from "../core/fields/bits.ts";
import { countOf, lengthOf, payloadLength, layerLength } from "../core/fields/computed.ts";
import { byte, byteEnum, IntField, short, threeBytes, xbyte, xint, xshort, xshortEnum, xthreeBytes } from "../core/fields/integers.ts";
import { padded } from "../core/fields/pad.ts";
import { fieldLen } from "../core/fields/length.ts";
import { fieldList, packetList } from "../core/fields/packets.ts";
import { strLen, xstrFixedLen } from "../core/fields/strings.ts";
import { isLayer, type Packet } from "../core/packet.ts";
import { Raw } from "../core/raw.ts";
import type { Computed, LayerRef } from "../core/state.ts";
import type { Writer } from "../core/writer.ts";
import { ETHER_TYPES } from "./data/etherTypes.ts";
import { IP, UDP } from "./inet.ts";
import { IPv6 } from "./inet6.ts";
import { ARP, Dot1Q, Ether, LLC } from "./l2.ts";
import { PPP } from "./ppp.ts";

const u16 = (buf: Uint8Array, at: number) => (buf[at]! << 8) | buf[at + 1]!;
const flagSet = (value: unknown, bit: number) => (Number(value) & bit) !== 0;

// ---------------------------------------------------------------- GRE (RFC 2784, 2890; RFC 1701 routing)

export const GRErouting = defineLayer(
  "GRErouting",
  [short("address_family", 0), byte("SRE_offset", 0), fieldLen("SRE_len", null, { fmt: "B", lengthOf: "routing_info" }), strLen("routing_info", "", "SRE_len")],
  { displayName: "GRE routing information" },
);

/** The checksum when chksum_present says so (over the header and its payload); 0 when only routing_present put the field there. */
const greChecksum: Computed = {
  stage: "checksum",
  describe: "internet checksum of the layer and its payload, when chksum_present",
  refs: ["chksum_present"],
  compute: (p, out) => (Number(p.getFieldValue("chksum_present")) ? checksumOf(out.buf, out.start, out.end) : 0),
};

const checksumOrRouting = (p: { chksum_present: number; routing_present: number }) => p.chksum_present === 1 || p.routing_present === 1;

/** The first bits of GRE and of PPTP's enhanced GRE (RFC 1701): which optional fields follow, and the recursion control. */
const greHead = (keyPresent: number) =>
  [
    bits("chksum_present", 0, 1),
    bits("routing_present", 0, 1),
    bits("key_present", keyPresent, 1),
    bits("seqnum_present", 0, 1),
    bits("strict_route_source", 0, 1),
    bits("recursion_control", 0, 3),
  ] as const;

export const GRE = defineLayer(
  "GRE",
  [
    ...greHead(0),
    bits("flags", 0, 5),
    bits("version", 0, 3),
    xshortEnum("proto", 0x0000, ETHER_TYPES),
    xshort("chksum", null).compute(greChecksum),
    xshort("offset", null),
    xint("key", null),
    xint("sequence_number", null),
  ],
  {
    deprecated: { seqence_number: ["sequence_number", "2.4.4"] },
    when: {
      chksum: checksumOrRouting,
      offset: checksumOrRouting,
      key: (p) => p.key_present === 1,
      sequence_number: (p) => p.seqnum_present === 1,
    },
    // PPTP's enhanced GRE carries PPP (protocol 0x880b).
    dispatch: (buf, start, end): LayerRef | undefined => (end - start >= 4 && u16(buf, start + 2) === 0x880b ? GRE_PPTP : undefined),
  },
);

/** Enhanced GRE of PPTP (RFC 2637): key present, version 1, a payload length and a call id. */
export const GRE_PPTP = defineLayer(
  "GRE_PPTP",
  [
    ...greHead(1),
    bits("acknum_present", 0, 1),
    bits("flags", 0, 4),
    bits("version", 1, 3),
    xshortEnum("proto", 0x880b, ETHER_TYPES),
    short("payload_len", null).compute(payloadLength()),
    short("call_id", null),
    xint("sequence_number", null),
    xint("ack_number", null),
  ],
  {
    parent: GRE,
    displayName: "GRE PPTP",
    when: { sequence_number: (p) => p.seqnum_present === 1, ack_number: (p) => p.acknum_present === 1 },
  },
);

// ---------------------------------------------------------------- ERSPAN (draft-foschiano-erspan)

/** Scapy's generic ERSPAN: bytes or keywords given to it make an ERSPAN II header. */
export const ERSPAN = defineLayer("ERSPAN", [], { dispatch: (): LayerRef => ERSPAN_II, dispatchInit: (): LayerRef => ERSPAN_II });

/** The specific versions are what they are (ERSPAN's dispatch is for ERSPAN itself). */
const erspanVersion = { parent: ERSPAN, dispatch: () => undefined, dispatchInit: () => undefined } as const;

export const ERSPAN_I = defineLayer("ERSPAN_I", [], { ...erspanVersion, displayName: "ERSPAN I" });

export const ERSPAN_II = defineLayer(
  "ERSPAN_II",
  [bits("ver", 0, 4), bits("vlan", 0, 12), bits("cos", 0, 3), bits("en", 0, 2), bits("t", 0, 1), bits("session_id", 0, 10), bits("reserved", 0, 12), bits("index", 0, 20)],
  { ...erspanVersion, displayName: "ERSPAN II" },
);

export const ERSPAN_III = defineLayer(
  "ERSPAN_III",
  [
    bits("ver", 2, 4),
    bits("vlan", 0, 12),
    bits("cos", 0, 3),
    bits("bso", 0, 2),
    bits("t", 0, 1),
    bits("session_id", 0, 10),
    xint("timestamp", 0),
    xshort("sgt_other", 0),
    bits("p", 0, 1),
    bitEnum("ft", 0, 5, { 0: "Ethernet", 2: "IP" }),
    bits("hw", 0, 6),
    bits("d", 0, 1),
    bitEnum("gra", 0, 2, { 0: "100us", 1: "100ns", 2: "IEEE 1588" }),
    bits("o", 0, 1),
  ],
  { ...erspanVersion, displayName: "ERSPAN III" },
);

export const ERSPAN_PlatformSpecific = defineLayer("ERSPAN_PlatformSpecific", [bits("platf_id", 0, 6), bits("info1", 0, 26), xint("info2", 0)], { displayName: "PlatformSpecific" });

// ---------------------------------------------------------------- VXLAN (RFC 7348), VXLAN-GPE, group policy

const VXLAN_FLAGS = ["OAM", "R", "NextProtocol", "Instance", "V1", "V2", "R", "G"];
const NEXT_PROTOCOL = 0x04;
const GROUP_POLICY = 0x80;

export const VXLAN = defineLayer(
  "VXLAN",
  [
    flags("flags", 0x8, 8, VXLAN_FLAGS),
    short("reserved0", 0),
    byteEnum("NextProtocol", 0, { 0: "NotDefined", 1: "IPv4", 2: "IPv6", 3: "Ethernet", 4: "NSH" }),
    threeBytes("reserved1", 0),
    flags("gpflags", 0, 8, ["R", "R", "R", "A", "R", "R", "D", "R"]),
    short("gpid", 0),
    xthreeBytes("vni", 0),
    xbyte("reserved2", 0),
  ],
  {
    when: {
      reserved0: (p) => flagSet(p.flags, NEXT_PROTOCOL),
      NextProtocol: (p) => flagSet(p.flags, NEXT_PROTOCOL),
      reserved1: (p) => !flagSet(p.flags, GROUP_POLICY) && !flagSet(p.flags, NEXT_PROTOCOL),
      gpflags: (p) => flagSet(p.flags, GROUP_POLICY),
      gpid: (p) => flagSet(p.flags, GROUP_POLICY),
    },
    // Without the NextProtocol flag the field is absent (None in Scapy, whose binding on None gives Ethernet).
    guessPayload: (p) => (flagSet(p.flags, NEXT_PROTOCOL) ? undefined : Ether),
    summary: (p) => (flagSet(p.flags, GROUP_POLICY) ? p.sprintf("VXLAN (vni=%VXLAN.vni% gpid=%VXLAN.gpid%)") : p.sprintf("VXLAN (vni=%VXLAN.vni%)")),
  },
);

// ---------------------------------------------------------------- Geneve (RFC 8926)

export const GENEVE_CLASS_IDS: Readonly<Record<number, string>> = {
  0x0100: "Linux",
  0x0101: "Open vSwitch",
  0x0102: "Open Virtual Networking (OVN)",
  0x0103: "In-band Network Telemetry (INT)",
  0x0104: "VMware",
  0x0105: "Amazon.com, Inc.",
  0x0106: "Cisco Systems, Inc.",
  0x0107: "Oracle Corporation",
  0x0110: "Amazon.com, Inc.",
  0x0118: "IBM",
  0x0128: "Ericsson",
  0xfeff: "Unassigned",
  0xffff: "Experimental",
};

/** An option; like Scapy's, it has no end of its own: what follows it in the options is its payload. */
export const GeneveOptions = defineLayer(
  "GeneveOptions",
  [
    xshortEnum("classid", 0x0000, GENEVE_CLASS_IDS),
    xbyte("type", 0x00),
    bits("reserved", 0, 3),
    bits("length", null, 5).compute(lengthOf("data", (n) => n >> 2)),
    strLen("data", ""),
  ],
  { displayName: "Geneve Options", lengthFrom: { data: (p) => (p.length ?? 0) * 4 } },
);

/** Scapy's optionlen: the header's bytes after the first 8, in words, masked with 0x2f (as Scapy writes it). */
const geneveOptionLength: Computed = {
  stage: "length",
  describe: "length of the options in 4-byte words",
  refs: [],
  compute: (_p, out) => ((out.headerEnd - out.start - 8) >> 2) & 0x2f,
};

export const GENEVE = defineLayer(
  "GENEVE",
  [
    bits("version", 0, 2),
    bits("optionlen", null, 6).compute(geneveOptionLength),
    bits("oam", 0, 1),
    bits("critical", 0, 1),
    bits("reserved", 0, 6),
    xshortEnum("proto", 0x0000, ETHER_TYPES),
    xthreeBytes("vni", 0),
    xbyte("reserved2", 0x00),
    packetList<"options", Packet>("options", [], GeneveOptions),
  ],
  {
    lengthFrom: { options: (p) => (p.optionlen ?? 0) * 4 },
    summary: "GENEVE (vni=%GENEVE.vni%,optionlen=%GENEVE.optionlen%,proto=%GENEVE.proto%)",
    answers: (reply, request): boolean => {
      if (isLayer(request, GENEVE)) return reply.proto === request.proto && reply.vni === request.vni && (reply.payload?.answers(request.payload!) ?? false);
      return reply.payload?.answers(request) ?? false;
    },
  },
);

// ---------------------------------------------------------------- MPLS (RFC 3032) and the Ethernet pseudowire control word

export const EoMCW = defineLayer("EoMCW", [bits("zero", 0, 4), bits("reserved", 0, 12), short("seq", 0)], {
  guessPayload: (_p, payload) => (payload.length >= 1 ? Ether : undefined),
});

export const MPLS = defineLayer("MPLS", [bits("label", 3, 20), bits("cos", 0, 3), bits("s", 1, 1), byte("ttl", 0)], {
  // Scapy guesses what the bottom of the stack carries from its first nibble; bindings are for building only.
  guessPayload: (p, payload): LayerRef | null | undefined => {
    if (payload.length < 1) return undefined;
    if (!p.s) return MPLS;
    const version = payload[0]! >> 4;
    if (version === 4) return IP;
    if (version === 6) return IPv6;
    // Version 5 is BIER (Scapy's contrib/bier), which packetry does not have: Raw.
    if (version === 5) return null;
    if (payload.length < 2) return null;
    return payload[0] === 0 && payload[1] === 0 ? EoMCW : Ether;
  },
});

// ---------------------------------------------------------------- L2TP (RFC 2661)

const L2TP_HDR = ["res00", "res01", "res02", "res03", "priority", "offset", "res06", "sequence", "res08", "res09", "length", "control"];
const [L2TP_OFFSET, L2TP_SEQUENCE, L2TP_LENGTH, L2TP_CONTROL] = [0x20, 0x80, 0x400, 0x800];

export const L2TP = defineLayer(
  "L2TP",
  [
    flags("hdr", 0, 12, L2TP_HDR),
    bitEnum("version", 2, 4, { 2: "L2TPv2" }),
    short("len", null).compute(layerLength()),
    short("tunnel_id", 0),
    short("session_id", 0),
    short("ns", 0),
    short("nr", 0),
    // Scapy's PadField(ShortField(...), 4): a short, then two bytes that pad it to 4.
    padded(short("offset", 0), 4),
  ],
  {
    when: {
      len: (p) => flagSet(p.hdr, L2TP_CONTROL | L2TP_LENGTH),
      ns: (p) => flagSet(p.hdr, L2TP_SEQUENCE | L2TP_CONTROL),
      nr: (p) => flagSet(p.hdr, L2TP_SEQUENCE | L2TP_CONTROL),
      offset: (p) => !flagSet(p.hdr, L2TP_CONTROL) && flagSet(p.hdr, L2TP_OFFSET),
    },
  },
);

// ---------------------------------------------------------------- NSH (RFC 8300)

/** An MD-type 2 context header; as Scapy's, it has no end of its own. */
export const NSHTLV = defineLayer(
  "NSHTLV",
  [short("class_", 0), bits("type", 0, 8), bits("reserved", 0, 1), bits("length", 0, 7), fieldList("metadata", null, xint("", 0))],
  { countFrom: { metadata: (p) => p.length } },
);

/** Scapy's length: 6 for MD-type 1, else the number of context headers + 2. */
const nshLength: Computed = {
  ...countOf("vlch", (n) => n + 2),
  describe: "6 for MD-type 1, else the number of context headers + 2",
  compute(p, out, self) {
    return Number(p.getFieldValue("mdtype")) === 1 ? 6 : countOf("vlch", (n) => n + 2).compute(p, out, self);
  },
};

export const NSH = defineLayer(
  "NSH",
  [
    bits("ver", 0, 2),
    bits("oam", 0, 1),
    bits("unused1", 0, 1),
    bits("ttl", 63, 6),
    bits("length", null, 6).compute(nshLength),
    bits("unused2", 0, 4),
    bitEnum("mdtype", 1, 4, { 0: "Reserved MDType", 1: "Fixed Length", 2: "Variable Length", 0xf: "Experimental MDType" }),
    byteEnum("nextproto", 3, { 1: "IPv4", 2: "IPv6", 3: "Ethernet", 4: "NSH", 5: "MPLS", 0xfe: "Experiment 1", 0xff: "Experiment 2" }),
    xthreeBytes("spi", 0),
    byte("si", 0xff),
    xstrFixedLen("context_header", "", 16),
    packetList("vlch", null, NSHTLV),
  ],
  {
    when: { context_header: (p) => p.mdtype === 1, vlch: (p) => p.mdtype === 2 },
    countFrom: { vlch: (p) => p.length },
    summary: "SPI: %spi% - SI: %si%",
  },
);

// ---------------------------------------------------------------- bindings, in Scapy's order (the first match wins)

bindLayers(GRE, LLC, { proto: 122 });
bindLayers(GRE, Dot1Q, { proto: 0x8100 });
bindLayers(GRE, Ether, { proto: 0x6558 });
bindLayers(GRE, ARP, { proto: 0x806 });
bindLayers(GRE, GRErouting, { routing_present: 1 });
bindLayers(GRErouting, Raw, { address_family: 0, SRE_len: 0 });
bindLayers(GRErouting, GRErouting);
bindLayers(GRE, IP, { proto: 0x800 });
bindLayers(IP, GRE, { frag: 0, proto: 47 });
bindLayers(GRE, IPv6, { proto: 0x86dd });
bindLayers(IPv6, GRE, { nh: 47 });
bindLayers(GRE_PPTP, PPP, { proto: 0x880b });
bindTopDown(IP, GRE_PPTP, { frag: 0, proto: 47 });
bindTopDown(IPv6, GRE_PPTP, { nh: 47 });

bindLayers(UDP, VXLAN, { dport: 4789 }); // RFC 7348
bindLayers(UDP, VXLAN, { dport: 4790 }); // VXLAN-GPE
bindLayers(UDP, VXLAN, { dport: 6633 }); // with NSH
bindLayers(UDP, VXLAN, { dport: 8472 }); // Linux's port
bindLayers(UDP, VXLAN, { dport: 48879 }); // Cisco ACI
bindLayers(UDP, VXLAN, { sport: 4789 });
bindLayers(UDP, VXLAN, { sport: 4790 });
bindLayers(UDP, VXLAN, { sport: 6633 });
bindLayers(UDP, VXLAN, { sport: 8472 });
bindLayers(UDP, VXLAN, { sport: 4789, dport: 4789 }); // what UDP()/VXLAN() gets
bindBottomUp(VXLAN, Ether, { NextProtocol: 0 });
bindBottomUp(VXLAN, IP, { NextProtocol: 1 });
bindBottomUp(VXLAN, IPv6, { NextProtocol: 2 });
bindBottomUp(VXLAN, Ether, { NextProtocol: 3 });
bindTopDown(VXLAN, Ether, { flags: 12, NextProtocol: 0 });
bindTopDown(VXLAN, IP, { flags: 12, NextProtocol: 1 });
bindTopDown(VXLAN, IPv6, { flags: 12, NextProtocol: 2 });
bindTopDown(VXLAN, Ether, { flags: 12, NextProtocol: 3 });

bindLayers(UDP, GENEVE, { dport: 6081 });
bindLayers(GENEVE, Ether, { proto: 0x6558 });
bindLayers(GENEVE, IP, { proto: 0x0800 });
bindLayers(GENEVE, IPv6, { proto: 0x86dd });

bindLayers(Ether, MPLS, { type: 0x8847 });
// Multicast MPLS (RFC 5332); Scapy binds only the unicast type.
bindBottomUp(Ether, MPLS, { type: 0x8848 });
bindLayers(IP, MPLS, { proto: 137 });
bindLayers(IPv6, MPLS, { nh: 137 });
bindLayers(UDP, MPLS, { dport: 6635 });
bindLayers(GRE, MPLS, { proto: 0x8847 });
bindLayers(MPLS, MPLS, { s: 0 });
bindLayers(MPLS, IP, { label: 0 }); // IPv4 explicit null
bindLayers(MPLS, IPv6, { label: 2 }); // IPv6 explicit null
bindLayers(MPLS, EoMCW);
bindLayers(EoMCW, Ether, { zero: 0, reserved: 0 });

bindLayers(ERSPAN_I, Ether);
bindLayers(ERSPAN_II, Ether);
bindLayers(ERSPAN_III, Ether, { o: 0 });
bindLayers(ERSPAN_III, ERSPAN_PlatformSpecific, { o: 1 });
bindLayers(ERSPAN_PlatformSpecific, Ether);
bindLayers(GRE, ERSPAN, { proto: 0x88be, seqnum_present: 0 });
// Scapy's ERSPAN_I matches its base class's binding (match_subclass).
bindTopDown(GRE, ERSPAN_I, { proto: 0x88be, seqnum_present: 0 });
bindLayers(GRE, ERSPAN_II, { proto: 0x88be, seqnum_present: 1 });
bindLayers(GRE, ERSPAN_III, { proto: 0x22eb });

bindBottomUp(UDP, L2TP, { dport: 1701 });
bindBottomUp(UDP, L2TP, { sport: 1701 });
bindLayers(UDP, L2TP, { dport: 1701, sport: 1701 });
bindLayers(L2TP, PPP);

bindLayers(Ether, NSH, { type: 0x894f });
// Scapy's binding names a field VXLAN lacks ("nextproto"); the intended one is NextProtocol.
bindLayers(VXLAN, NSH, { flags: 0xc, NextProtocol: 4 });
bindLayers(GRE, NSH, { proto: 0x894f });
bindLayers(NSH, IP, { nextproto: 1 });
bindLayers(NSH, IPv6, { nextproto: 2 });
bindLayers(NSH, Ether, { nextproto: 3 });
bindLayers(NSH, NSH, { nextproto: 4 });
bindLayers(NSH, MPLS, { nextproto: 5 });
