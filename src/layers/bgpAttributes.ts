/**
 * BGP's NLRI prefixes and the path attributes of an UPDATE (RFC 4271 and the RFCs Scapy's
 * contrib/bgp covers: communities, route reflection, multiprotocol reach and unreach, extended
 * communities with the flow-spec actions, 4-octet AS paths and aggregators, IPv6-address-specific
 * communities). As in Scapy, each attribute's class follows its type code; an AS_PATH is read
 * with 2-byte AS numbers unless bgpModuleConf.use_2_bytes_asn is false.
 */
import { defineLayer } from "../core/define.ts";
import { ipv4, ipv6 } from "../core/fields/address.ts";
import { bitEnum, bits, flags } from "../core/fields/bits.ts";
import { headerLength, lengthOf } from "../core/fields/computed.ts";
import { fixedList } from "../core/fields/fixedList.ts";
import { byte, byteEnum, int, IntField, intEnum, short, shortEnum } from "../core/fields/integers.ts";
import { packetList } from "../core/fields/packets.ts";
import { strFixedLen } from "../core/fields/strings.ts";
import { isLayer, type Packet } from "../core/packet.ts";
import { Raw } from "../core/raw.ts";
import type { LayerRef } from "../core/state.ts";
import { BGPPrefixField, ChosenPacketField, FloatField, NLRIListField } from "./bgpFields.ts";
import { BGP_ADDRESS_FAMILIES, BGP_SUBSEQUENT_AFIS } from "./data/bgp.ts";

/** Scapy's bgp_module_conf: AS_PATH segments hold 2-byte AS numbers unless this is false (sessions with 4-octet AS support). */
export const bgpModuleConf = { use_2_bytes_asn: true };

const element = { extractPadding: () => 0 } as const;

// ---------------------------------------------------------------- NLRI

export const BGPNLRI_IPv4 = defineLayer("BGPNLRI_IPv4", [new BGPPrefixField("prefix", "0.0.0.0/0", 4)], { displayName: "IPv4 NLRI", ...element });
export const BGPNLRI_IPv6 = defineLayer("BGPNLRI_IPv6", [new BGPPrefixField("prefix", "::/0", 6)], { displayName: "IPv6 NLRI", ...element });
export const BGPNLRI_IPv4_AP = defineLayer("BGPNLRI_IPv4_AP", [int("nlri_path_id", 0), new BGPPrefixField("prefix", "0.0.0.0/0", 4)], {
  parent: BGPNLRI_IPv4,
  displayName: "IPv4 NLRI (Additional Path)",
  ...element,
});
export const BGPNLRI_IPv6_AP = defineLayer("BGPNLRI_IPv6_AP", [int("nlri_path_id", 0), new BGPPrefixField("prefix", "::/0", 6)], {
  parent: BGPNLRI_IPv6,
  displayName: "IPv6 NLRI (Additional Path)",
  ...element,
});

export const nlriList = <const N extends string>(name: N, family: 4 | 6) =>
  family === 4 ? new NLRIListField(name, BGPNLRI_IPv4, BGPNLRI_IPv4_AP, 32) : new NLRIListField(name, BGPNLRI_IPv6, BGPNLRI_IPv6_AP, 128);

// ---------------------------------------------------------------- simple attributes

export const BGPPAOrigin = defineLayer("BGPPAOrigin", [byteEnum("origin", 0, { 0: "IGP", 1: "EGP", 2: "INCOMPLETE" })], { displayName: "ORIGIN" });

const AS_PATH_SEGMENT_TYPES = { 1: "AS_SET", 2: "AS_SEQUENCE", 3: "AS_CONFED_SEQUENCE", 4: "AS_CONFED_SET" };

const segment = (name: string, asnBytes: 2 | 4, types: Readonly<Record<number, string>>) =>
  defineLayer(
    name,
    [byteEnum("segment_type", 2, types), new IntField<"segment_length", number, number | null, "segment_value">("segment_length", null, 1).compute(countOfValues), fixedList("segment_value", [], asnBytes === 2 ? short("asn", 0) : int("asn", 0))],
    { countFrom: { segment_value: (p) => p.segment_length }, ...element },
  );

/** A segment's length counts its AS numbers. */
const countOfValues = {
  stage: "length" as const,
  describe: "number of items in segment_value",
  refs: ["segment_value"] as const,
  compute: (p: Packet) => (p.getFieldValue("segment_value") as unknown[]).length,
};

export const ASPathSegment = segment("ASPathSegment", 2, AS_PATH_SEGMENT_TYPES);
/** Scapy names it ASPathSegment too (BGPPAAS4BytesPath.ASPathSegment); the registry needs one name per class. */
export const AS4PathSegment = segment("AS4PathSegment", 4, AS_PATH_SEGMENT_TYPES);

export const BGPPAASPath = defineLayer("BGPPAASPath", [packetList("segments", [], ASPathSegment)], { displayName: "AS_PATH (RFC 4271)" });
export const BGPPAAS4BytesPath = defineLayer("BGPPAAS4BytesPath", [packetList("segments", [], AS4PathSegment)], { displayName: "AS_PATH (RFC 4893)" });
export const BGPPANextHop = defineLayer("BGPPANextHop", [ipv4("next_hop", "0.0.0.0")], { displayName: "NEXT_HOP" });
export const BGPPAMultiExitDisc = defineLayer("BGPPAMultiExitDisc", [int("med", 0)], { displayName: "MULTI_EXIT_DISC" });
export const BGPPALocalPref = defineLayer("BGPPALocalPref", [int("local_pref", 0)], { displayName: "LOCAL_PREF" });
export const BGPPAAtomicAggregate = defineLayer("BGPPAAtomicAggregate", [], { displayName: "ATOMIC_AGGREGATE" });
export const BGPPAAggregator = defineLayer("BGPPAAggregator", [short("aggregator_asn", 0), ipv4("speaker_address", "0.0.0.0")], { displayName: "AGGREGATOR" });

export const WELL_KNOWN_COMMUNITIES = {
  0xffffff01: "NO_EXPORT",
  0xffffff02: "NO_ADVERTISE",
  0xffffff03: "NO_EXPORT_SUBCONFED",
  0xffffff04: "NOPEER",
  0xffff0000: "planned-shut",
  0xffff0001: "ACCEPT-OWN",
  0xffff0002: "ROUTE_FILTER_TRANSLATED_v4",
  0xffff0003: "ROUTE_FILTER_v4",
  0xffff0004: "ROUTE_FILTER_TRANSLATED_v6",
  0xffff0005: "ROUTE_FILTER_v6",
  0xffff0006: "LLGR_STALE",
  0xffff0007: "NO_LLGR",
  0xffff0008: "accept-own-nexthop",
};

export const BGPPACommunity = defineLayer("BGPPACommunity", [intEnum("community", 0, WELL_KNOWN_COMMUNITIES)], { displayName: "COMMUNITIES" });
export const BGPPAOriginatorID = defineLayer("BGPPAOriginatorID", [ipv4("originator_id", "0.0.0.0")], { displayName: "ORIGINATOR_ID" });
export const BGPPAClusterList = defineLayer("BGPPAClusterList", [fixedList("cluster_list", [], int("cluster_id", 0))], { displayName: "CLUSTER_LIST" });

// ---------------------------------------------------------------- extended communities (RFC 4360, 7153, flow-spec)

export const BGPPAExtCommTwoOctetASSpecific = defineLayer("BGPPAExtCommTwoOctetASSpecific", [short("global_administrator", 0), int("local_administrator", 0)], {
  displayName: "Two-Octet AS Specific Extended Community",
});
export const BGPPAExtCommFourOctetASSpecific = defineLayer("BGPPAExtCommFourOctetASSpecific", [int("global_administrator", 0), short("local_administrator", 0)], {
  displayName: "Four-Octet AS Specific Extended Community",
});
export const BGPPAExtCommIPv4AddressSpecific = defineLayer("BGPPAExtCommIPv4AddressSpecific", [int("global_administrator", 0), short("local_administrator", 0)], {
  displayName: "IPv4 Address Specific Extended Community",
});
export const BGPPAExtCommOpaque = defineLayer("BGPPAExtCommOpaque", [strFixedLen("value", "", 6)], { displayName: "Opaque Extended Community" });
export const BGPPAExtCommTrafficRate = defineLayer("BGPPAExtCommTrafficRate", [short("id", 0), new FloatField("rate", 0)], { displayName: "FlowSpec traffic-rate extended community" });
export const BGPPAExtCommTrafficAction = defineLayer("BGPPAExtCommTrafficAction", [bits("reserved", 0, 46), bits("sample", 0, 1), bits("terminal_action", 0, 1)], {
  displayName: "FlowSpec traffic-action extended community",
});
export const BGPPAExtCommRedirectAS2Byte = defineLayer("BGPPAExtCommRedirectAS2Byte", [short("asn", 0), int("value", 0)], { displayName: "FlowSpec redirect AS-2byte extended community" });
export const BGPPAExtCommRedirectIPv4 = defineLayer("BGPPAExtCommRedirectIPv4", [int("ip_addr", 0), short("value", 0)], { displayName: "FlowSpec redirect IPv4 extended community" });
export const BGPPAExtCommRedirectAS4Byte = defineLayer("BGPPAExtCommRedirectAS4Byte", [int("asn", 0), short("value", 0)], { displayName: "FlowSpec redirect AS-4byte extended community" });
export const BGPPAExtCommTrafficMarking = defineLayer("BGPPAExtCommTrafficMarking", [bitEnum("dscp", 48, 48, { 47: "Terminal Action", 46: "Sample" })], {
  displayName: "FlowSpec traffic-marking extended community",
});

/** (type high, type low) of each value class, which an extended community without a type takes. */
const EXT_COMM_TYPES = new Map<LayerRef, readonly [number, number]>([
  [BGPPAExtCommTwoOctetASSpecific, [0x00, 0x00]],
  [BGPPAExtCommIPv4AddressSpecific, [0x01, 0x00]],
  [BGPPAExtCommFourOctetASSpecific, [0x02, 0x00]],
  [BGPPAExtCommOpaque, [0x03, 0x00]],
  [BGPPAExtCommTrafficRate, [0x80, 0x06]],
  [BGPPAExtCommTrafficAction, [0x80, 0x07]],
  [BGPPAExtCommRedirectAS2Byte, [0x80, 0x08]],
  [BGPPAExtCommTrafficMarking, [0x80, 0x09]],
  [BGPPAExtCommRedirectIPv4, [0x81, 0x08]],
  [BGPPAExtCommRedirectAS4Byte, [0x82, 0x08]],
]);

function extCommValueClass(high: number, low: number): LayerRef {
  switch (high) {
    case 0x00:
    case 0x40:
      return BGPPAExtCommTwoOctetASSpecific;
    case 0x01:
    case 0x41:
      return BGPPAExtCommIPv4AddressSpecific;
    case 0x02:
    case 0x42:
      return BGPPAExtCommFourOctetASSpecific;
    case 0x03:
    case 0x43:
      return BGPPAExtCommOpaque;
    case 0x80:
      return ({ 6: BGPPAExtCommTrafficRate, 7: BGPPAExtCommTrafficAction, 8: BGPPAExtCommRedirectAS2Byte, 9: BGPPAExtCommTrafficMarking } as Record<number, LayerRef>)[low] ?? Raw;
    case 0x81:
      return low === 8 ? BGPPAExtCommRedirectIPv4 : Raw;
    case 0x82:
      return low === 8 ? BGPPAExtCommRedirectAS4Byte : Raw;
    default:
      return Raw;
  }
}

export const EXT_COMM_TYPE_NAMES = {
  0x00: "Transitive Two-Octet AS-Specific Extended Community",
  0x01: "Transitive IPv4-Address-Specific Extended Community",
  0x02: "Transitive Four-Octet AS-Specific Extended Community",
  0x03: "Transitive Opaque Extended Community",
  0x04: "QoS Marking",
  0x05: "CoS Capability",
  0x06: "EVPN",
  0x07: "Unassigned",
  0x08: "Flow spec redirect/mirror to IP next-hop",
  0x40: "Non-Transitive Two-Octet AS-Specific Extended Community",
  0x41: "Non-Transitive IPv4-Address-Specific Extended Community",
  0x42: "Non-Transitive Four-Octet AS-Specific Extended Community",
  0x43: "Non-Transitive Opaque Extended Community",
  0x44: "QoS Marking",
  0x80: "Generic Transitive Experimental Use Extended Community",
  0x81: "Generic Transitive Experimental Use Extended Community Part 2",
  0x82: "Generic Transitive Experimental Use Extended Community Part 3",
};

/** Sub-type names by type (RFC 7153's registries), which type_low shows. */
const EXT_COMM_SUBTYPES: Readonly<Record<number, Readonly<Record<number, string>>>> = {
  0x00: { 0x02: "Route Target", 0x03: "Route Origin", 0x04: "Unassigned", 0x05: "OSPF Domain Identifier", 0x08: "BGP Data Collection", 0x09: "Source AS", 0x0a: "L2VPN Identifier", 0x10: "Cisco VPN-Distinguisher" },
  0x01: {
    0x02: "Route Target",
    0x03: "Route Origin",
    0x05: "OSPF Domain Identifier",
    0x07: "OSPF Route ID",
    0x0a: "L2VPN Identifier",
    0x0b: "VRF Route Import",
    0x0c: "Flow-spec Redirect to IPv4",
    0x10: "Cisco VPN-Distinguisher",
    0x12: "Inter-Area P2MP Segmented Next-Hop",
  },
  0x02: { 0x02: "Route Target", 0x03: "Route Origin", 0x04: "Generic", 0x05: "OSPF Domain Identifier", 0x08: "BGP Data Collection", 0x09: "Source AS", 0x10: "Cisco VPN Identifier" },
  0x03: {
    0x01: "Cost Community",
    0x03: "CP-ORF",
    0x04: "Extranet Source Extended Community",
    0x05: "Extranet Separation Extended Community",
    0x06: "OSPF Route Type",
    0x07: "Additional PMSI Tunnel Attribute Flags",
    0x0b: "Color Extended Community",
    0x0c: "Encapsulation Extended Community",
    0x0d: "Default Gateway",
    0x0e: "Point-to-Point-to-Multipoint (PPMP) Label",
    0x13: "Route-Target Record",
    0x14: "Consistent Hash Sort Order",
  },
  0x06: {
    0x00: "MAC Mobility",
    0x01: "ESI Label",
    0x02: "ES-Import Route Target",
    0x03: 'EVPN Router"s MAC Extended Community',
    0x04: "Layer 2 Extended Community",
    0x05: "E-TREE Extended Community",
    0x06: "DF Election Extended Community",
    0x07: "I-SID Extended Community",
  },
  0x40: { 0x04: "Link Bandwidth Extended Community", 0x80: "Virtual-Network Identifier Extended Community" },
  0x41: {},
  0x42: { 0x04: "Generic" },
  0x43: { 0x00: "BGP Origin Validation State", 0x01: "Cost Community" },
  0x80: {
    0x00: "OSPF Route Type (deprecated)",
    0x01: "OSPF Router ID (deprecated)",
    0x05: "OSPF Domain Identifier (deprecated)",
    0x06: "Flow spec traffic-rate",
    0x07: "Flow spec traffic-action",
    0x08: "Flow spec redirect AS-2byte format",
    0x09: "Flow spec traffic-remarking",
    0x0a: "Layer2 Info Extended Community",
    0x0b: "E-Tree Info",
  },
  0x81: { 0x08: "Flow spec redirect IPv4 format" },
  0x82: { 0x08: "Flow spec redirect AS-4byte format" },
};

/** The sub-type, named after its type's registry (Scapy's _TypeLowField). */
class TypeLowField<N extends string> extends IntField<N, number, number | null> {
  override repr(value: unknown, pkt: Packet): string {
    if (value === null || value === undefined) return "None";
    return EXT_COMM_SUBTYPES[Number(pkt.getFieldValue("type_high"))]?.[Number(value)] ?? String(value);
  }
}

export const BGPPAExtCommunity = defineLayer(
  "BGPPAExtCommunity",
  [
    byteEnum("type_high", 0, EXT_COMM_TYPE_NAMES),
    new TypeLowField<"type_low">("type_low", null, 1),
    new ChosenPacketField("value", (p) => extCommValueClass(Number(p.getFieldValue("type_high")), Number(p.getFieldValue("type_low") ?? 0)), "_ExtCommValuePacketField"),
  ],
  {
    displayName: "EXTENDED_COMMUNITY",
    lengthFrom: { value: () => 6 },
    // Without a type, the value's class gives both type bytes.
    postBuild: (p, out) => {
      if (p.type_low !== null || p.value === null) return;
      const types = [...EXT_COMM_TYPES].find(([cls]) => isLayer(p.value, cls))?.[1] ?? [0, 0];
      out.set("type_high", types[0]);
      out.set("type_low", types[1]);
    },
    ...element,
  },
);

export const BGPPAExtComms = defineLayer("BGPPAExtComms", [packetList("extended_communities", [], BGPPAExtCommunity)], { displayName: "EXTENDED_COMMUNITIES" });

export const BGPPAIPv6AddressSpecificExtComm = defineLayer("BGPPAIPv6AddressSpecificExtComm", [ipv6("global_administrator", "::"), short("local_administrator", 0)], {
  displayName: "IPv6 Address Specific Extended Community",
});

// ---------------------------------------------------------------- multiprotocol (RFC 4760)

const afiSafi = () => [shortEnum("afi", 0, BGP_ADDRESS_FAMILIES), byteEnum("safi", 0, BGP_SUBSEQUENT_AFIS)] as const;

/** IPv6 unicast NLRI only (Scapy reads no other family's): the rest stays as the attribute's payload. */
class MPReachNLRIListField extends NLRIListField<"nlri"> {
  override kindName = "MPReachNLRIPacketListField";
  constructor() {
    super("nlri", BGPNLRI_IPv6, BGPNLRI_IPv6, 128);
  }
  override measure(pkt: Packet, buf: Uint8Array, off: number, end: number) {
    if (pkt.getFieldValue("afi") !== 2 || pkt.getFieldValue("safi") !== 1) return 0;
    return super.measure(pkt, buf, off, end);
  }
}

export const BGPPAMPReachNLRI = defineLayer(
  "BGPPAMPReachNLRI",
  [...afiSafi(), byte("nh_addr_len", 0), ipv4("nh_v4_addr", "0.0.0.0"), ipv6("nh_v6_addr", "::"), ipv6("nh_v6_global", "::"), ipv6("nh_v6_link_local", "::"), byte("reserved", 0), new MPReachNLRIListField()],
  {
    displayName: "MP_REACH_NLRI",
    when: {
      nh_v4_addr: (p) => p.afi === 1 && p.nh_addr_len === 4,
      nh_v6_addr: (p) => p.afi === 2 && p.nh_addr_len === 16,
      nh_v6_global: (p) => p.afi === 2 && p.nh_addr_len === 32,
      nh_v6_link_local: (p) => p.afi === 2 && p.nh_addr_len === 32,
    },
  },
);

export const BGPPAMPUnreachNLRI_IPv6 = defineLayer("BGPPAMPUnreachNLRI_IPv6", [nlriList("withdrawn_routes", 6)], { displayName: "MP_UNREACH_NLRI (IPv6 NLRI)" });

export const BGPPAMPUnreachNLRI = defineLayer(
  "BGPPAMPUnreachNLRI",
  [...afiSafi(), new ChosenPacketField("afi_safi_specific", (p) => (p.getFieldValue("afi") === 2 ? BGPPAMPUnreachNLRI_IPv6 : Raw), "MPUnreachNLRIPacketField")],
  { displayName: "MP_UNREACH_NLRI" },
);

// ---------------------------------------------------------------- 4-octet AS (RFC 6793)

export const BGPPAAS4Path = defineLayer(
  "BGPPAAS4Path",
  [
    byteEnum("segment_type", 2, { 1: "AS_SET", 2: "AS_SEQUENCE" }),
    new IntField<"segment_length", number, number | null, "segment_value">("segment_length", null, 1).compute(countOfValues),
    fixedList("segment_value", [], int("asn", 0)),
  ],
  { displayName: "AS4_PATH", countFrom: { segment_value: (p) => p.segment_length } },
);

export const BGPPAAS4Aggregator = defineLayer("BGPPAAS4Aggregator", [int("aggregator_asn", 0), ipv4("speaker_address", "0.0.0.0")], { displayName: "AS4_AGGREGATOR " });

// ---------------------------------------------------------------- the attribute

export const BGP_PATH_ATTRIBUTES = {
  0: "Reserved",
  1: "ORIGIN",
  2: "AS_PATH",
  3: "NEXT_HOP",
  4: "MULTI_EXIT_DISC",
  5: "LOCAL_PREF",
  6: "ATOMIC_AGGREGATE",
  7: "AGGREGATOR",
  8: "COMMUNITY",
  9: "ORIGINATOR_ID",
  10: "CLUSTER_LIST",
  11: "DPA (deprecated)",
  12: "ADVERTISER  (Historic) (deprecated)",
  13: "RCID_PATH / CLUSTER_ID (Historic) (deprecated)",
  14: "MP_REACH_NLRI",
  15: "MP_UNREACH_NLRI",
  16: "EXTENDED COMMUNITIES",
  17: "AS4_PATH",
  18: "AS4_AGGREGATOR",
  19: "SAFI Specific Attribute (SSA) (deprecated)",
  20: "Connector Attribute (deprecated)",
  21: "AS_PATHLIMIT (deprecated)",
  22: "PMSI_TUNNEL",
  23: "Tunnel Encapsulation Attribute",
  24: "Traffic Engineering",
  25: "IPv6 Address Specific Extended Community",
  26: "AIGP",
  27: "PE Distinguisher Labels",
  28: "BGP Entropy Label Capability Attribute (deprecated)",
  29: "BGP-LS Attribute",
  40: "BGP Prefix-SID",
  128: "ATTR_SET",
  255: "Reserved for development",
};

const ATTRIBUTE_CLASSES: Readonly<Record<number, LayerRef>> = {
  1: BGPPAOrigin,
  2: BGPPAASPath,
  3: BGPPANextHop,
  4: BGPPAMultiExitDisc,
  5: BGPPALocalPref,
  6: BGPPAAtomicAggregate,
  7: BGPPAAggregator,
  8: BGPPACommunity,
  9: BGPPAOriginatorID,
  10: BGPPAClusterList,
  14: BGPPAMPReachNLRI,
  15: BGPPAMPUnreachNLRI,
  16: BGPPAExtComms,
  17: BGPPAAS4Path,
  25: BGPPAIPv6AddressSpecificExtComm,
};

function attributeClass(holder: Packet): LayerRef {
  const code = Number(holder.getFieldValue("type_code"));
  if (code === 2 && !bgpModuleConf.use_2_bytes_asn) return BGPPAAS4BytesPath;
  return ATTRIBUTE_CLASSES[code] ?? Raw;
}

const EXTENDED_LENGTH = 0x10;
const extended = (p: { type_flags: { value: number } | null }) => p.type_flags !== null && (p.type_flags.value & EXTENDED_LENGTH) !== 0;

export const BGPPathAttr = defineLayer(
  "BGPPathAttr",
  [
    flags("type_flags", 0x80, 8, ["NA0", "NA1", "NA2", "NA3", "Extended-Length", "Partial", "Transitive", "Optional"]),
    byteEnum("type_code", 0, BGP_PATH_ATTRIBUTES),
    short("attr_ext_len", null).compute(lengthOf("attribute")),
    byte("attr_len", null).compute(lengthOf("attribute")),
    new ChosenPacketField("attribute", attributeClass, "_PathAttrPacketField"),
  ],
  {
    when: { attr_ext_len: (p) => extended(p), attr_len: (p) => p.type_flags !== null && !extended(p) },
    lengthFrom: { attribute: (p) => (extended(p) ? p.attr_ext_len : p.attr_len) ?? 0 },
    ...element,
  },
);

/** Bytes of the header after its first `n` (a length that leaves out the type and length bytes). */
export const headerAfter = (n: number) => headerLength(1, (x) => x - n);
