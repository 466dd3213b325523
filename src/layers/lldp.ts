/**
 * Link Layer Discovery Protocol (IEEE 802.1AB), as Scapy's contrib/lldp: Ethernet type 0x88cc
 * carries a bare LLDPDU whose payload is a chain of TLV layers, each picked by its 7-bit type
 * (every TLV class is an LLDPDU). A 9-bit length follows the type; left null it is computed from
 * what the TLV holds. The first TLV under Ethernet (or 802.1Q tags) pads the frame to 64 bytes
 * with its FCS, as Scapy does.
 *
 * Scapy's strict mode (`lldpConf.strictMode`, on by default) is kept for dissection: a TLV under
 * another layer that breaks its rule (an empty chassis or port id, a time-to-live length other
 * than 2, ...) is Raw.
 * Building never raises (what Scapy does with strict mode off), and the frame-structure check
 * Scapy raises at the top of a dissection (chassis, port and TTL first) is not made: dissection
 * never throws.
 */
import { bindLayers, bindTopDown } from "../core/bind.ts";
import { defineLayer } from "../core/define.ts";
import { ipv4, ipv6, mac } from "../core/fields/address.ts";
import { bitEnum, bits } from "../core/fields/bits.ts";
import { lengthAfter, lengthOf } from "../core/fields/computed.ts";
import { byte, byteEnum, short, threeBytesEnum } from "../core/fields/integers.ts";
import { strLen, xstrLen } from "../core/fields/strings.ts";
import { multipleType } from "../core/fields/wrapped.ts";
import { isLayer, type Packet } from "../core/packet.ts";
import type { Computed, LayerRef } from "../core/state.ts";
import { Dot1Q, Ether } from "./l2.ts";

/** Scapy's conf.contribs['LLDP']: strict mode on (TLVs that break their rule dissect as Raw). */
export const lldpConf = { strictMode: true };

export const LLDP_NEAREST_BRIDGE_MAC = "01:80:c2:00:00:0e";
export const LLDP_NEAREST_NON_TPMR_BRIDGE_MAC = "01:80:c2:00:00:03";
export const LLDP_NEAREST_CUSTOMER_BRIDGE_MAC = "01:80:c2:00:00:00";

export const LLDP_TLV_TYPES = {
  0: "end of LLDPDU",
  1: "chassis id",
  2: "port id",
  3: "time to live",
  4: "port description",
  5: "system name",
  6: "system description",
  7: "system capabilities",
  8: "management address",
  127: "organisation specific TLV",
};

export const IANA_ADDRESS_FAMILY_NUMBERS = {
  0: "other", 1: "IPv4", 2: "IPv6", 3: "NSAP", 4: "HDLC", 5: "BBN", 6: "802", 7: "E.163", 8: "E.164", 9: "F.69", 10: "X.121",
  11: "IPX", 12: "Appletalk", 13: "Decnet IV", 14: "Banyan Vines", 15: "E.164 with NSAP", 16: "DNS", 17: "Distinguished Name",
  18: "AS Number", 19: "XTP over IPv4", 20: "XTP over IPv6", 21: "XTP native mode XTP", 22: "Fiber Channel World-Wide Port Name",
  23: "Fiber Channel World-Wide Node Name", 24: "GWID", 25: "AFI for L2VPN", 26: "MPLS-TP Section Endpoint ID",
  27: "MPLS-TP LSP Endpoint ID", 28: "MPLS-TP Pseudowire Endpoint ID", 29: "MT IP Multi-Topology IPv4", 30: "MT IP Multi-Topology IPv6",
};

const ETHER_HEADER_LEN = 14;
const DOT1Q_HEADER_LEN = 4;
const ETHER_FCS_LEN = 4;
const ETHER_FRAME_MIN_LEN = 64;

/** Bytes in front of the first TLV when it sits on Ethernet (with any 802.1Q tags); null otherwise. */
function linkHeaderBytes(p: Packet): number | null {
  let tags = 0;
  let under = p.underlayer;
  while (under && isLayer(under, Dot1Q)) {
    tags += DOT1Q_HEADER_LEN;
    under = under.underlayer;
  }
  return under && isLayer(under, Ether) ? tags + ETHER_HEADER_LEN : null;
}

/** Strict mode's rule of one TLV class, checked after dissection. */
const strictRules = new Map<string, (p: Packet) => string | null>();
const value = (p: Packet, name: string) => p.getFieldValue(name);

/** The base of every TLV: picks the next TLV by the type in its first 7 bits, pads a short frame. */
export const LLDPDU = defineLayer("LLDPDU", [], {
  guessPayload: (_p, payload): LayerRef | null => (payload.length === 0 ? null : (LLDPDU_CLASS_TYPES[payload[0]! >> 1] ?? null)),
  postBuild: (p, out) => {
    if (p.underlayer && isLayer(p.underlayer, LLDPDU)) return;
    const link = linkHeaderBytes(p);
    if (link === null) return;
    const size = link + (out.end - out.start) + ETHER_FCS_LEN;
    if (size < ETHER_FRAME_MIN_LEN) out.insert(out.end, new Uint8Array(ETHER_FRAME_MIN_LEN - size));
  },
  // A payload TLV that breaks its rule becomes Raw (Scapy raises at the top: packetry never does).
  postDissect: (p) => {
    if (!lldpConf.strictMode || p.underlayer === null) return;
    const problem = strictRules.get(p.spec.name)?.(p);
    if (problem) throw new Error(`${p.spec.name}: ${problem}`);
  },
});

const isNetworkAddress = (p: { spec: { name: string }; subtype: number }) => p.subtype === (p.spec.name === "LLDPDUPortID" ? 4 : 5);
const macSubtype = (p: { spec: { name: string } }) => (p.spec.name === "LLDPDUPortID" ? 3 : 4);

/** The TLV's bytes after its length field, naming the string it grows with (fuzzing keeps it within 9 bits). */
const tlvLength = (grows: string): Computed => ({ ...lengthAfter(), describe: `length of the TLV after the length (with ${grows})`, refs: [grows] });

/** Chassis and port ids: a MAC, an IPv4 or IPv6 network address (after its family), or bytes. */
const idFields = (type: number, subtypes: Record<number, string>) =>
  [
    bitEnum("_type", type, 7, LLDP_TLV_TYPES),
    bits("_length", null, 9).compute(tlvLength("id")),
    byteEnum("subtype", 0, subtypes),
    byteEnum("family", 0, IANA_ADDRESS_FAMILY_NUMBERS),
    multipleType("id", { mac: mac("id", null), v4: ipv4("id", null), v6: ipv6("id", null), bytes: strLen("id", "") }, "bytes"),
  ] as const;

type IdTLV = { spec: { name: string }; subtype: number; family: number; _length: number | null };
const idRules = {
  when: { family: (p: IdTLV) => isNetworkAddress(p) },
  choose: {
    id: (p: IdTLV): "mac" | "v4" | "v6" | "bytes" => {
      if (p.subtype === macSubtype(p)) return "mac";
      if (isNetworkAddress(p) && p.family === 1) return "v4";
      if (isNetworkAddress(p) && p.family === 2) return "v6";
      return "bytes";
    },
  },
  lengthFrom: { id: (p: IdTLV) => (p._length === null ? 0 : p._length - 1 - (isNetworkAddress(p) ? 1 : 0)) },
};

export const LLDP_CHASSIS_ID_TLV_SUBTYPES = {
  0: "reserved", 1: "chassis component", 2: "interface alias", 3: "port component", 4: "MAC address", 5: "network address", 6: "interface name", 7: "locally assigned",
};
export const LLDPDUChassisID = defineLayer("LLDPDUChassisID", idFields(1, LLDP_CHASSIS_ID_TLV_SUBTYPES), { parent: LLDPDU, ...idRules });

export const LLDP_PORT_ID_TLV_SUBTYPES = {
  0: "reserved", 1: "interface alias", 2: "port component", 3: "MAC address", 4: "network address", 5: "interface name", 6: "agent circuit ID", 7: "locally assigned",
};
export const LLDPDUPortID = defineLayer("LLDPDUPortID", idFields(2, LLDP_PORT_ID_TLV_SUBTYPES), { parent: LLDPDU, ...idRules });

export const LLDPDUTimeToLive = defineLayer(
  "LLDPDUTimeToLive",
  [bitEnum("_type", 3, 7, LLDP_TLV_TYPES), bits("_length", 2, 9), short("ttl", 20)],
  { parent: LLDPDU },
);

export const LLDPDUEndOfLLDPDU = defineLayer("LLDPDUEndOfLLDPDU", [bitEnum("_type", 0, 7, LLDP_TLV_TYPES), bits("_length", 0, 9)], {
  parent: LLDPDU,
  // Whatever follows the end is padding.
  extractPadding: () => 0,
});

// TLVs holding one string whose length is the TLV's.
export const LLDPDUPortDescription = defineLayer(
  "LLDPDUPortDescription",
  [bitEnum("_type", 4, 7, LLDP_TLV_TYPES), bits("_length", null, 9).compute(lengthOf("description")), strLen("description", "", "_length")],
  { parent: LLDPDU },
);
export const LLDPDUSystemName = defineLayer(
  "LLDPDUSystemName",
  [bitEnum("_type", 5, 7, LLDP_TLV_TYPES), bits("_length", null, 9).compute(lengthOf("system_name")), strLen("system_name", "", "_length")],
  { parent: LLDPDU },
);
export const LLDPDUSystemDescription = defineLayer(
  "LLDPDUSystemDescription",
  [bitEnum("_type", 6, 7, LLDP_TLV_TYPES), bits("_length", null, 9).compute(lengthOf("description")), strLen("description", "", "_length")],
  { parent: LLDPDU },
);

const CAPABILITIES = [
  "reserved_5", "reserved_4", "reserved_3", "reserved_2", "reserved_1", "two_port_mac_relay", "s_vlan_component", "c_vlan_component",
  "station_only", "docsis_cable_device", "telephone", "router", "wlan_access_point", "mac_bridge", "repeater", "other",
] as const;

export const LLDPDUSystemCapabilities = defineLayer(
  "LLDPDUSystemCapabilities",
  [
    bitEnum("_type", 7, 7, LLDP_TLV_TYPES),
    bits("_length", 4, 9),
    ...CAPABILITIES.map((c) => bits(`${c}_available`, 0, 1)),
    ...CAPABILITIES.map((c) => bits(`${c}_enabled`, 0, 1)),
  ],
  { parent: LLDPDU },
);

export const LLDP_INTERFACE_NUMBERING_SUBTYPES = { 1: "unknown", 2: "ifIndex", 3: "system port number" };

export const LLDPDUManagementAddress = defineLayer(
  "LLDPDUManagementAddress",
  [
    bitEnum("_type", 8, 7, LLDP_TLV_TYPES),
    bits("_length", null, 9).compute(lengthAfter()),
    bits("_management_address_string_length", null, 8).compute(lengthOf("management_address", (n) => n + 1)),
    byteEnum("management_address_subtype", 0, IANA_ADDRESS_FAMILY_NUMBERS),
    xstrLen("management_address", ""),
    byteEnum("interface_numbering_subtype", 1, LLDP_INTERFACE_NUMBERING_SUBTYPES),
    bits("interface_number", 0, 32),
    bits("_oid_string_length", null, 8).compute(lengthOf("object_id")),
    xstrLen("object_id", "", "_oid_string_length"),
  ],
  {
    parent: LLDPDU,
    lengthFrom: { management_address: (p) => (p._management_address_string_length === null ? 0 : p._management_address_string_length - 1) },
  },
);

export const LLDP_ORG_UNIQUE_CODES = {
  0x000ecf: "PROFIBUS International (PNO)",
  0x0080c2: "IEEE 802.1",
  0x00120f: "IEEE 802.3",
  0x0012bb: "TIA TR-41 Committee . Media Endpoint Discovery",
  0x30b216: "Hytec Geraetebau GmbH",
};

export const LLDPDUGenericOrganisationSpecific = defineLayer(
  "LLDPDUGenericOrganisationSpecific",
  [
    bitEnum("_type", 127, 7, LLDP_TLV_TYPES),
    bits("_length", null, 9).compute(tlvLength("data")),
    threeBytesEnum("org_code", 0, LLDP_ORG_UNIQUE_CODES),
    byte("subtype", 0),
    xstrLen("data", ""),
  ],
  { parent: LLDPDU, lengthFrom: { data: (p) => (p._length === null ? 0 : p._length - 4) } },
);

export const LLDPDU_CLASS_TYPES: Readonly<Record<number, LayerRef>> = {
  0: LLDPDUEndOfLLDPDU,
  1: LLDPDUChassisID,
  2: LLDPDUPortID,
  3: LLDPDUTimeToLive,
  4: LLDPDUPortDescription,
  5: LLDPDUSystemName,
  6: LLDPDUSystemDescription,
  7: LLDPDUSystemCapabilities,
  8: LLDPDUManagementAddress,
  127: LLDPDUGenericOrganisationSpecific,
};

const emptyId = (p: Packet) => {
  const id = value(p, "id");
  return id === null || id === undefined || id === "" || (id instanceof Uint8Array && id.length === 0) ? "id must be >= 1 characters long" : null;
};
const fixedLength = (n: number) => (p: Packet) => (value(p, "_length") !== n ? `length must be ${n} - got ${String(value(p, "_length"))}` : null);
strictRules.set("LLDPDUChassisID", emptyId);
strictRules.set("LLDPDUPortID", emptyId);
strictRules.set("LLDPDUTimeToLive", fixedLength(2));
strictRules.set("LLDPDUEndOfLLDPDU", fixedLength(0));
strictRules.set("LLDPDUSystemCapabilities", fixedLength(4));
strictRules.set("LLDPDUManagementAddress", (p) => {
  const n = (value(p, "management_address") as Uint8Array).length;
  return n === 0 || n > 31 ? `management address must be  1..31 characters long - got string of size ${n}` : null;
});

bindLayers(Ether, LLDPDU, { type: 0x88cc });
bindLayers(Dot1Q, LLDPDU, { type: 0x88cc });
// Scapy's TLV classes inherit LLDPDU's overloaded fields: Ether() / LLDPDUChassisID() gets type 0x88cc.
for (const tlv of Object.values(LLDPDU_CLASS_TYPES)) {
  bindTopDown(Ether, tlv, { type: 0x88cc });
  bindTopDown(Dot1Q, tlv, { type: 0x88cc });
}
