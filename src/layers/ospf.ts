/**
 * OSPF version 2 (RFC 2328) and version 3 (RFC 5340) as Scapy's contrib/ospf has them: the
 * headers with their checksums (OSPFv2's over the packet less its authentication field, OSPFv3's
 * over the IPv6 pseudo-header), Hello, Database Description, LS Request, LS Update with every LSA
 * type, LS Acknowledgement, link-local signalling (RFC 5613) after Hellos and DBDescs with the L
 * option, and each LSA's length and Fletcher checksum.
 */
import { bindLayers } from "../core/bind.ts";
import { sumWords, finishChecksum } from "../core/checksum.ts";
import { defineLayer, type CheckRefs, type LayerOptions } from "../core/define.ts";
import type { AnyField } from "../core/field.ts";
import { ipv4, ipv6 } from "../core/fields/address.ts";
import { bits, flags } from "../core/fields/bits.ts";
import { headerLength, layerLength, lengthOf } from "../core/fields/computed.ts";
import { fixedList } from "../core/fields/fixedList.ts";
import { fletcherChecksum } from "../core/fields/fletcher.ts";
import { byte, byteEnum, int, intEnum, IntField, short, shortEnum, xint, xlong, xshort, xthreeBytes } from "../core/fields/integers.ts";
import { fieldLen } from "../core/fields/length.ts";
import { packetList } from "../core/fields/packets.ts";
import { ip6Prefix, prefixLengthOf } from "../core/fields/prefix.ts";
import { strLen } from "../core/fields/strings.ts";
import { isLayer, payloadAnswers, type Packet } from "../core/packet.ts";
import { Raw } from "../core/raw.ts";
import type { Computed, LayerRef } from "../core/state.ts";
import { bindIPv4Destination, IP } from "./inet.ts";
import { IPv6 } from "./inet6.ts";
import { bindIPv6Destination } from "./ipv6Fields.ts";
import { pseudoHeaderChecksum } from "./pseudoHeader.ts";

export const OSPF_TYPES = { 1: "Hello", 2: "DBDesc", 3: "LSReq", 4: "LSUpd", 5: "LSAck" };
export const OSPF_LS_TYPES = {
  1: "router",
  2: "network",
  3: "summaryIP",
  4: "summaryASBR",
  5: "external",
  7: "NSSAexternal",
  9: "linkScopeOpaque",
  10: "areaScopeOpaque",
  11: "asScopeOpaque",
};
export const OSPFV3_LS_TYPES = {
  0x2001: "router",
  0x2002: "network",
  0x2003: "interAreaPrefix",
  0x2004: "interAreaRouter",
  0x4005: "asExternal",
  0x2007: "type7",
  0x0008: "link",
  0x2009: "intraAreaPrefix",
};
const ROUTER_LINK_TYPES = { 1: "p2p", 2: "transit", 3: "stub", 4: "virtual" };
const V3_ROUTER_LINK_TYPES = { 1: "p2p", 2: "transit", 3: "reserved", 4: "virtual" };

const options = () => flags("options", 0, 8, ["MT", "E", "MC", "NP", "L", "DC", "O", "DN"]);
const v3options = () => flags("options", 0, 24, ["V6", "E", "MC", "N", "R", "DC", "AF", "L", "I", "F"]);
const prefixOptions = () => flags("prefixoptions", 0, 8, ["NU", "LA", "MC", "P"]);
const never = () => false;
const element = { extractPadding: () => 0 } as const;

// ---------------------------------------------------------------- computed fields of the headers

/** OSPFv2's packet length: the header and its payload, link-local signalling excluded (RFC 5613). */
const ospfLength: Computed = {
  stage: "length",
  describe: "length of the packet without its link-local signalling",
  refs: [],
  compute: (p, out) => {
    const lls = p.getLayer(OSPF_LLS_Hdr);
    return out.end - out.start - (lls ? lls.build().length : 0);
  },
};

/** RFC 2328 D.4: the Internet checksum of the packet less its 64-bit authentication field; none with cryptographic authentication. */
const ospfChecksum: Computed = {
  stage: "checksum",
  describe: "internet checksum of the packet without its authentication field",
  refs: [],
  compute: (p, out) => {
    if (p.getFieldValue("authtype") === 2) return 0;
    return finishChecksum(sumWords(out.buf, out.start + 24, out.end, sumWords(out.buf, out.start, out.start + 16)));
  },
};

const v3PseudoHeader = pseudoHeaderChecksum(89);
/** OSPFv3's checksum over the IPv6 pseudo-header; 0 under anything else (as Scapy's in6_chksum leaves it). */
const v3Checksum: Computed = {
  ...v3PseudoHeader,
  describe: "checksum with the IPv6 pseudo-header",
  compute: (p, out, self) => (isLayer(p.underlayer, IPv6) ? v3PseudoHeader.compute(p, out, self) : 0),
};

// ---------------------------------------------------------------- OSPFv2 header

export const OSPF_Hdr = defineLayer(
  "OSPF_Hdr",
  [
    byte("version", 2),
    byteEnum("type", 1, OSPF_TYPES),
    new IntField<"len", number, number | null>("len", null, 2, { kindName: "_NoLLSLenField" }).compute(ospfLength),
    ipv4("src", "1.1.1.1"),
    ipv4("area", "0.0.0.0"),
    xshort("chksum", null).compute(ospfChecksum),
    shortEnum("authtype", 0, { 0: "Null", 1: "Simple", 2: "Crypto" }),
    xlong("authdata", 0),
    xshort("reserved", 0),
    byte("keyid", 1),
    byte("authdatalen", 0),
    xint("seq", 0),
  ],
  {
    displayName: "OSPF Header",
    when: {
      authdata: (p) => p.authtype !== 2,
      reserved: (p) => p.authtype === 2,
      keyid: (p) => p.authtype === 2,
      authdatalen: (p) => p.authtype === 2,
      seq: (p) => p.authtype === 2,
    },
    // Only acknowledgements answer (an update they acknowledge).
    answers: (reply, request): boolean => isLayer(request, OSPF_Hdr) && reply.area === request.area && reply.type === 5 && payloadAnswers(reply, request),
  },
);

type OspfHeaderPacket = ReturnType<typeof OSPF_Hdr>;

/** The packet length the OSPF header gives, less `head` bytes (what a list of its payload may take); null without one. */
const bodyLength =
  (head: number) =>
  (p: { underlayer: Packet | null }): number | null => {
    const h = p.underlayer;
    return isLayer(h, OSPF_Hdr) || isLayer(h, OSPFv3_Hdr) ? (h as OspfHeaderPacket).len! - head : null;
  };

/** Link-local signalling follows a Hello or a DBDesc whose options have the L bit. */
const llsAfter = (p: { options: { value: number } }): LayerRef | undefined => (p.options.value & 0x10 ? OSPF_LLS_Hdr : undefined);

// ---------------------------------------------------------------- LLS (RFC 5613)

/** The LLS block's length in 32-bit words, shown in bytes (Scapy's FieldLenField32Bits). */
class WordsAsBytesField<N extends string> extends IntField<N, number, number | null> {
  override repr(value: unknown): string {
    return value ? `${Number(value) << 2} bytes` : String(value ?? "None");
  }
}

const llsTlvClasses = new Map<number, LayerRef>();
const llsTlvClass = (_p: Packet, buf: Uint8Array, off: number, end: number): LayerRef =>
  end - off >= 3 ? (llsTlvClasses.get((buf[off]! << 8) | buf[off + 1]!) ?? LLS_Generic_TLV) : Raw;

export const LLS_Generic_TLV = defineLayer("LLS_Generic_TLV", [short("type", 0), fieldLen("len", null, { lengthOf: "val" }), strLen("val", "", "len")], {
  displayName: "LLS Generic",
  ...element,
});

export const LLS_Extended_Options = defineLayer("LLS_Extended_Options", [short("type", 1), fieldLen("len", null, { lengthOf: "options" }), strLen("options", "", "len")], {
  parent: LLS_Generic_TLV,
  displayName: "LLS Extended Options and Flags",
  ...element,
});

export const LLS_Crypto_Auth = defineLayer(
  "LLS_Crypto_Auth",
  [short("type", 2), new IntField<"len", number, number>("len", 20, 1, { kindName: "FieldLenField" }), xint("sequence", 0), strLen("authdata", new Uint8Array(16))],
  { parent: LLS_Generic_TLV, displayName: "LLS Cryptographic Authentication", lengthFrom: { authdata: (p) => p.len - 4 }, ...element },
);
llsTlvClasses.set(1, LLS_Extended_Options);
llsTlvClasses.set(2, LLS_Crypto_Auth);

export const OSPF_LLS_Hdr = defineLayer(
  "OSPF_LLS_Hdr",
  [
    xshort("chksum", null).compute({ ...layerLength(), stage: "checksum", describe: "internet checksum of the block", compute: (_p, out) => finishChecksum(sumWords(out.buf, out.start, out.end)) }),
    new WordsAsBytesField<"len">("len", null, 2, { kindName: "FieldLenField32Bits" }).compute(lengthOf("llstlv", (x) => (x + 4) >> 2)),
    packetList("llstlv", [], llsTlvClass),
  ],
  { displayName: "OSPF Link-local signaling", lengthFrom: { llstlv: (p) => ((p.len ?? 0) << 2) - 4 } },
);

// ---------------------------------------------------------------- OSPFv2 messages

export const OSPF_Hello = defineLayer(
  "OSPF_Hello",
  [
    ipv4("mask", "255.255.255.0"),
    short("hellointerval", 10),
    options(),
    byte("prio", 1),
    int("deadinterval", 40),
    ipv4("router", "0.0.0.0"),
    ipv4("backup", "0.0.0.0"),
    fixedList("neighbors", [], ipv4("", "0.0.0.0")),
  ],
  { displayName: "OSPF Hello", lengthFrom: { neighbors: bodyLength(44) }, guessPayload: llsAfter },
);

export const OSPF_LSA_Hdr = defineLayer(
  "OSPF_LSA_Hdr",
  [
    short("age", 1),
    options(),
    byteEnum("type", 1, OSPF_LS_TYPES),
    ipv4("id", "192.168.0.0"),
    ipv4("adrouter", "1.1.1.1"),
    xint("seq", 0x80000001),
    xshort("chksum", 0),
    short("len", 36),
  ],
  { displayName: "OSPF LSA Header", ...element },
);

export const OSPF_DBDesc = defineLayer(
  "OSPF_DBDesc",
  [short("mtu", 1500), options(), flags("dbdescr", 0, 8, ["MS", "M", "I", "R", "4", "3", "2", "1"]), int("ddseq", 1), packetList("lsaheaders", null, OSPF_LSA_Hdr)],
  { displayName: "OSPF Database Description", lengthFrom: { lsaheaders: bodyLength(32) }, guessPayload: llsAfter },
);

export const OSPF_LSReq_Item = defineLayer("OSPF_LSReq_Item", [intEnum("type", 1, OSPF_LS_TYPES), ipv4("id", "1.1.1.1"), ipv4("adrouter", "1.1.1.1")], {
  displayName: "OSPF Link State Request (item)",
  ...element,
});

export const OSPF_LSReq = defineLayer("OSPF_LSReq", [packetList("requests", null, OSPF_LSReq_Item)], {
  displayName: "OSPF Link State Request (container)",
  lengthFrom: { requests: bodyLength(24) },
});

// ---------------------------------------------------------------- OSPFv2 LSAs

/** The 20-byte head every LSA starts with; null length and checksum are computed (length first). */
const lsaHead = (type: number, id: string, adrouter: string) =>
  [
    short("age", 1),
    options(),
    byte("type", type),
    ipv4("id", id),
    ipv4("adrouter", adrouter),
    xint("seq", 0x80000001),
    xshort("chksum", null).compute(fletcherChecksum(2)),
    short("len", null).compute(headerLength()),
  ] as const;

const lsaClasses = new Map<number, LayerRef>();
const lsaClass = (_p: Packet, buf: Uint8Array, off: number, end: number): LayerRef => (end - off >= 4 ? (lsaClasses.get(buf[off + 3]!) ?? Raw) : Raw);

function lsa<const F extends readonly AnyField[]>(name: string, type: number, fields: F & CheckRefs<F>, opts: LayerOptions<F, unknown>) {
  const cls = defineLayer(name, fields, { ...element, ...opts });
  lsaClasses.set(type, cls);
  return cls;
}

export const OSPF_Link = defineLayer(
  "OSPF_Link",
  [
    ipv4("id", "192.168.0.0"),
    ipv4("data", "255.255.255.0"),
    byteEnum("type", 3, ROUTER_LINK_TYPES),
    byte("toscount", 0),
    short("metric", 10),
    byte("tos", 0),
    byte("reserved", 0),
    short("tosmetric", 0),
  ],
  { displayName: "OSPF Link", when: { tos: never, reserved: never, tosmetric: never }, ...element },
);

export const OSPF_Router_LSA = lsa(
  "OSPF_Router_LSA",
  1,
  [...lsaHead(1, "1.1.1.1", "1.1.1.1"), flags("flags", 0, 8, ["B", "E", "V", "W", "Nt"]), byte("reserved", 0), fieldLen("linkcount", null, { countOf: "linklist" }), packetList("linklist", [], OSPF_Link)],
  { displayName: "OSPF Router LSA", countFrom: { linklist: (p) => p.linkcount }, lengthFrom: { linklist: (p) => (p.linkcount ?? 0) * 12 } },
);

export const OSPF_Network_LSA = lsa("OSPF_Network_LSA", 2, [...lsaHead(2, "192.168.0.0", "1.1.1.1"), ipv4("mask", "255.255.255.0"), fixedList("routerlist", [], ipv4("", "1.1.1.1"))], {
  displayName: "OSPF Network LSA",
  lengthFrom: { routerlist: (p) => (p.len ?? 0) - 24 },
});

const summaryFields = (type: number, id: string, mask: string, metric: number) =>
  [...lsaHead(type, id, "1.1.1.1"), ipv4("mask", mask), byte("reserved", 0), xthreeBytes("metric", metric), byte("tos", 0), xthreeBytes("tosmetric", 0)] as const;

export const OSPF_SummaryIP_LSA = lsa("OSPF_SummaryIP_LSA", 3, summaryFields(3, "192.168.0.0", "255.255.255.0", 10), {
  displayName: "OSPF Summary LSA (IP Network)",
  when: { tos: never, tosmetric: never },
});

export const OSPF_SummaryASBR_LSA = lsa("OSPF_SummaryASBR_LSA", 4, summaryFields(4, "2.2.2.2", "0.0.0.0", 20), {
  parent: OSPF_SummaryIP_LSA,
  displayName: "OSPF Summary LSA (AS Boundary Router)",
});

const externalFields = (type: number) =>
  [
    ...lsaHead(type, "192.168.0.0", "2.2.2.2"),
    ipv4("mask", "255.255.255.0"),
    flags("ebit", 0, 1, ["E"]),
    bits("reserved", 0, 7),
    xthreeBytes("metric", 20),
    ipv4("fwdaddr", "0.0.0.0"),
    xint("tag", 0),
    byte("tos", 0),
    xthreeBytes("tosmetric", 0),
  ] as const;

export const OSPF_External_LSA = lsa("OSPF_External_LSA", 5, externalFields(5), { displayName: "OSPF External LSA (ASBR)", when: { tos: never, tosmetric: never } });
export const OSPF_NSSA_External_LSA = lsa("OSPF_NSSA_External_LSA", 7, externalFields(7), { parent: OSPF_External_LSA, displayName: "OSPF NSSA External LSA" });

/** Opaque LSAs (RFC 5250): the link state ID holds the opaque type (8 bits) and ID (24 bits). */
const opaqueMethods = {
  opaqueid(this: { id: string }): number {
    return Number(this.id.split(".").reduce((n, b) => n * 256 + Number(b), 0)) & 0xffffff;
  },
  opaquetype(this: { id: string }): number {
    return Number(this.id.split(".")[0]);
  },
};
const opaqueFields = (type: number) => [...lsaHead(type, "192.0.2.1", "198.51.100.100"), strLen("data", "data")] as const;
const opaqueData = { data: (p: { len: number | null }) => (p.len ?? 0) - 20 };

export const OSPF_Link_Scope_Opaque_LSA = lsa("OSPF_Link_Scope_Opaque_LSA", 9, opaqueFields(9), {
  displayName: "OSPF Link Scope External LSA",
  lengthFrom: opaqueData,
  methods: opaqueMethods,
});
export const OSPF_Area_Scope_Opaque_LSA = lsa("OSPF_Area_Scope_Opaque_LSA", 10, opaqueFields(10), {
  parent: OSPF_Link_Scope_Opaque_LSA,
  displayName: "OSPF Area Scope External LSA",
  lengthFrom: opaqueData,
  methods: opaqueMethods,
});
export const OSPF_AS_Scope_Opaque_LSA = lsa("OSPF_AS_Scope_Opaque_LSA", 11, opaqueFields(11), {
  parent: OSPF_Link_Scope_Opaque_LSA,
  displayName: "OSPF AS Scope External LSA",
  lengthFrom: opaqueData,
  methods: opaqueMethods,
});

export const OSPF_LSUpd = defineLayer("OSPF_LSUpd", [fieldLen("lsacount", null, { fmt: "I", countOf: "lsalist" }), packetList("lsalist", null, lsaClass)], {
  displayName: "OSPF Link State Update",
  countFrom: { lsalist: (p) => p.lsacount },
  lengthFrom: { lsalist: bodyLength(24) },
});

type LsaKey = { type: number; seq: number };
const lsaKeys = (list: unknown): LsaKey[] => (Array.isArray(list) ? list.map((l: Packet) => ({ type: Number(l.getFieldValue("type")), seq: Number(l.getFieldValue("seq")) })) : []);

export const OSPF_LSAck = defineLayer("OSPF_LSAck", [packetList("lsaheaders", null, OSPF_LSA_Hdr)], {
  displayName: "OSPF Link State Acknowledgement",
  lengthFrom: { lsaheaders: bodyLength(24) },
  // An acknowledgement answers an update when one of its headers names one of the update's LSAs.
  answers: (reply, request): boolean => {
    if (!isLayer(request, OSPF_LSUpd)) return false;
    const acked = lsaKeys(reply.lsaheaders);
    return lsaKeys(request.lsalist).some((u) => acked.some((a) => a.type === u.type && a.seq === u.seq));
  },
});

// ---------------------------------------------------------------- OSPFv3

export const OSPFv3_Hdr = defineLayer(
  "OSPFv3_Hdr",
  [
    byte("version", 3),
    byteEnum("type", 1, OSPF_TYPES),
    short("len", null).compute(layerLength()),
    ipv4("src", "1.1.1.1"),
    ipv4("area", "0.0.0.0"),
    xshort("chksum", null).compute(v3Checksum),
    byte("instance", 0),
    byte("reserved", 0),
  ],
  { displayName: "OSPFv3 Header" },
);

export const OSPFv3_Hello = defineLayer(
  "OSPFv3_Hello",
  [
    int("intid", 0),
    byte("prio", 1),
    v3options(),
    short("hellointerval", 10),
    short("deadinterval", 40),
    ipv4("router", "0.0.0.0"),
    ipv4("backup", "0.0.0.0"),
    fixedList("neighbors", [], ipv4("", "0.0.0.0")),
  ],
  { displayName: "OSPFv3 Hello", lengthFrom: { neighbors: bodyLength(36) } },
);

export const OSPFv3_LSA_Hdr = defineLayer(
  "OSPFv3_LSA_Hdr",
  [short("age", 1), shortEnum("type", 0x2001, OSPFV3_LS_TYPES), ipv4("id", "0.0.0.0"), ipv4("adrouter", "1.1.1.1"), xint("seq", 0x80000001), xshort("chksum", 0), short("len", 36)],
  { displayName: "OSPFv3 LSA Header", ...element },
);

const v3LsaHead = (type: number) =>
  [
    short("age", 1),
    shortEnum("type", type, OSPFV3_LS_TYPES),
    ipv4("id", "0.0.0.0"),
    ipv4("adrouter", "1.1.1.1"),
    xint("seq", 0x80000001),
    xshort("chksum", null).compute(fletcherChecksum(2)),
    short("len", null).compute(headerLength()),
  ] as const;

const v3LsaClasses = new Map<number, LayerRef>();
const v3LsaClass = (_p: Packet, buf: Uint8Array, off: number, end: number): LayerRef => (end - off >= 6 ? (v3LsaClasses.get((buf[off + 2]! << 8) | buf[off + 3]!) ?? Raw) : Raw);

function v3Lsa<const F extends readonly AnyField[]>(name: string, type: number, fields: F & CheckRefs<F>, opts: LayerOptions<F, unknown>) {
  const cls = defineLayer(name, fields, { ...element, ...opts });
  v3LsaClasses.set(type, cls);
  return cls;
}

export const OSPFv3_Link = defineLayer(
  "OSPFv3_Link",
  [byteEnum("type", 1, V3_ROUTER_LINK_TYPES), byte("reserved", 0), short("metric", 10), int("intid", 0), int("neighintid", 0), ipv4("neighbor", "2.2.2.2")],
  { displayName: "OSPFv3 Link", ...element },
);

const afterV3Head = (p: { len: number | null }) => (p.len ?? 0) - 24;

export const OSPFv3_Router_LSA = v3Lsa("OSPFv3_Router_LSA", 0x2001, [...v3LsaHead(0x2001), flags("flags", 0, 8, ["B", "E", "V", "W"]), v3options(), packetList("linklist", [], OSPFv3_Link)], {
  displayName: "OSPFv3 Router LSA",
  lengthFrom: { linklist: afterV3Head },
});

export const OSPFv3_Network_LSA = v3Lsa("OSPFv3_Network_LSA", 0x2002, [...v3LsaHead(0x2002), byte("reserved", 0), v3options(), fixedList("routerlist", [], ipv4("", "0.0.0.1"))], {
  displayName: "OSPFv3 Network LSA",
  lengthFrom: { routerlist: afterV3Head },
});

/** Prefix length in bits, computed from the prefix; the prefix on whole 32-bit words. */
const prefixPair = () => [fieldLen<"prefixlen", "prefix">("prefixlen", null, { fmt: "B" }).compute(prefixLengthOf("prefix")), prefixOptions()] as const;
const prefixFrom = { prefix: (p: { prefixlen: number | null }) => p.prefixlen ?? 0 };

export const OSPFv3_Inter_Area_Prefix_LSA = v3Lsa(
  "OSPFv3_Inter_Area_Prefix_LSA",
  0x2003,
  [...v3LsaHead(0x2003), byte("reserved", 0), xthreeBytes("metric", 10), ...prefixPair(), short("reserved2", 0), ip6Prefix("prefix", "2001:db8:0:42::/64", 4)],
  { displayName: "OSPFv3 Inter Area Prefix LSA", lengthFrom: prefixFrom },
);

export const OSPFv3_Inter_Area_Router_LSA = v3Lsa(
  "OSPFv3_Inter_Area_Router_LSA",
  0x2004,
  [...v3LsaHead(0x2004), byte("reserved", 0), v3options(), byte("reserved2", 0), xthreeBytes("metric", 1), ipv4("router", "2.2.2.2")],
  { displayName: "OSPFv3 Inter Area Router LSA" },
);

const v3ExternalFields = (type: number) =>
  [
    ...v3LsaHead(type),
    flags("flags", 0, 8, ["T", "F", "E"]),
    xthreeBytes("metric", 20),
    ...prefixPair(),
    shortEnum("reflstype", 0, OSPFV3_LS_TYPES),
    ip6Prefix("prefix", "2001:db8:0:42::/64", 4),
    ipv6("fwaddr", "::"),
    int("tag", 0),
    ipv4("reflsid", "0.0.0.0"),
  ] as const;
const v3ExternalRules = {
  lengthFrom: prefixFrom,
  when: {
    fwaddr: (p: { flags: { value: number } }) => (p.flags.value & 0x02) === 0x02,
    tag: (p: { flags: { value: number } }) => (p.flags.value & 0x01) === 0x01,
    reflsid: (p: { reflstype: number }) => p.reflstype !== 0,
  },
};

export const OSPFv3_AS_External_LSA = v3Lsa("OSPFv3_AS_External_LSA", 0x4005, v3ExternalFields(0x4005), { displayName: "OSPFv3 AS External LSA", ...v3ExternalRules });
export const OSPFv3_Type_7_LSA = v3Lsa("OSPFv3_Type_7_LSA", 0x2007, v3ExternalFields(0x2007), { parent: OSPFv3_AS_External_LSA, displayName: "OSPFv3 Type 7 LSA", ...v3ExternalRules });

export const OSPFv3_Prefix_Item = defineLayer("OSPFv3_Prefix_Item", [...prefixPair(), short("metric", 10), ip6Prefix("prefix", "2001:db8:0:42::/64", 4)], {
  displayName: "OSPFv3 Link Prefix Item",
  lengthFrom: prefixFrom,
  ...element,
});

export const OSPFv3_Link_LSA = v3Lsa(
  "OSPFv3_Link_LSA",
  0x0008,
  [...v3LsaHead(0x0008), byte("prio", 1), v3options(), ipv6("lladdr", "fe80::"), fieldLen("prefixes", null, { fmt: "I", countOf: "prefixlist" }), packetList("prefixlist", null, OSPFv3_Prefix_Item)],
  { displayName: "OSPFv3 Link LSA", countFrom: { prefixlist: (p) => p.prefixes } },
);

export const OSPFv3_Intra_Area_Prefix_LSA = v3Lsa(
  "OSPFv3_Intra_Area_Prefix_LSA",
  0x2009,
  [
    ...v3LsaHead(0x2009),
    fieldLen("prefixes", null, { countOf: "prefixlist" }),
    shortEnum("reflstype", 0, OSPFV3_LS_TYPES),
    ipv4("reflsid", "0.0.0.0"),
    ipv4("refadrouter", "0.0.0.0"),
    packetList("prefixlist", null, OSPFv3_Prefix_Item),
  ],
  { displayName: "OSPFv3 Intra Area Prefix LSA", countFrom: { prefixlist: (p) => p.prefixes } },
);

export const OSPFv3_DBDesc = defineLayer(
  "OSPFv3_DBDesc",
  [byte("reserved", 0), v3options(), short("mtu", 1500), byte("reserved2", 0), flags("dbdescr", 0, 8, ["MS", "M", "I", "R"]), int("ddseq", 1), packetList("lsaheaders", null, OSPFv3_LSA_Hdr)],
  { displayName: "OSPFv3 Database Description", lengthFrom: { lsaheaders: bodyLength(28) } },
);

export const OSPFv3_LSReq_Item = defineLayer("OSPFv3_LSReq_Item", [short("reserved", 0), shortEnum("type", 0x2001, OSPFV3_LS_TYPES), ipv4("id", "1.1.1.1"), ipv4("adrouter", "1.1.1.1")], {
  displayName: "OSPFv3 Link State Request (item)",
  ...element,
});

export const OSPFv3_LSReq = defineLayer("OSPFv3_LSReq", [packetList("requests", null, OSPFv3_LSReq_Item)], {
  displayName: "OSPFv3 Link State Request (container)",
  lengthFrom: { requests: bodyLength(16) },
});

export const OSPFv3_LSUpd = defineLayer("OSPFv3_LSUpd", [fieldLen("lsacount", null, { fmt: "I", countOf: "lsalist" }), packetList("lsalist", [], v3LsaClass)], {
  displayName: "OSPFv3 Link State Update",
  countFrom: { lsalist: (p) => p.lsacount },
  lengthFrom: { lsalist: bodyLength(16) },
});

export const OSPFv3_LSAck = defineLayer("OSPFv3_LSAck", [packetList("lsaheaders", null, OSPFv3_LSA_Hdr)], {
  displayName: "OSPFv3 Link State Acknowledgement",
  lengthFrom: { lsaheaders: bodyLength(16) },
});

// ---------------------------------------------------------------- bindings

bindLayers(IP, OSPF_Hdr, { proto: 89 });
bindLayers(OSPF_Hdr, OSPF_Hello, { type: 1 });
bindLayers(OSPF_Hdr, OSPF_DBDesc, { type: 2 });
bindLayers(OSPF_Hdr, OSPF_LSReq, { type: 3 });
bindLayers(OSPF_Hdr, OSPF_LSUpd, { type: 4 });
bindLayers(OSPF_Hdr, OSPF_LSAck, { type: 5 });
bindIPv4Destination(OSPF_Hdr, "224.0.0.5");
bindLayers(IPv6, OSPFv3_Hdr, { nh: 89 });
bindLayers(OSPFv3_Hdr, OSPFv3_Hello, { type: 1 });
bindLayers(OSPFv3_Hdr, OSPFv3_DBDesc, { type: 2 });
bindLayers(OSPFv3_Hdr, OSPFv3_LSReq, { type: 3 });
bindLayers(OSPFv3_Hdr, OSPFv3_LSUpd, { type: 4 });
bindLayers(OSPFv3_Hdr, OSPFv3_LSAck, { type: 5 });
bindIPv6Destination(OSPFv3_Hdr, "ff02::5");
