/**
 * Neighbor Discovery options (RFC 4861 §4.6 and later RFCs). As in Scapy, each option is a
 * layer and the next option is its payload, chosen by type byte; an option of unknown type
 * (or a single trailing byte) is Raw. Every option class has a fixed minimum size, so a
 * length field of 0 never stalls dissection.
 */
import { defineLayer, type CheckRefs, type LayerOptions } from "../core/define.ts";
import type { AnyField } from "../core/field.ts";
import { ipv6, mac } from "../core/fields/address.ts";
import { bitEnum, bits } from "../core/fields/bits.ts";
import { byte, byteEnum, int, short, xint, xshort } from "../core/fields/integers.ts";
import { fieldLen } from "../core/fields/length.ts";
import { strFixedLen, strLen } from "../core/fields/strings.ts";
import type { Packet } from "../core/packet.ts";
import type { LayerRef } from "../core/state.ts";
import { IPv6 } from "./inet6.ts";
import { DomainNameListField, IP6ListField, PrefixField, TruncatedPacketField } from "./ipv6Fields.ts";

const optionClasses = new Map<number, LayerRef>();

/** The option that starts these bytes (Scapy's icmp6ndoptscls), Raw when unknown or too short. */
export function ndOptionClass(_p: Packet, bytes: Uint8Array): LayerRef | null {
  return bytes.length > 1 ? (optionClasses.get(bytes[0]!) ?? null) : null;
}

function ndOption<const F extends readonly AnyField[]>(name: string, type: number, fields: F & CheckRefs<F>, options: LayerOptions<F, unknown> = {}) {
  const cls = defineLayer(name, fields, { guessPayload: ndOptionClass, ...options });
  optionClasses.set(type, cls);
  return cls;
}

/** The bytes after an option's 8-byte head, in its 8-byte units. */
const afterHead = (p: { len: number | null }) => 8 * ((p.len ?? 0) - 1);

export const ICMPV6_ND_OPTIONS = {
  1: "Source Link-Layer Address",
  2: "Target Link-Layer Address",
  3: "Prefix Information",
  4: "Redirected Header",
  5: "MTU",
  6: "NBMA Shortcut Limit Option",
  7: "Advertisement Interval Option",
  8: "Home Agent Information Option",
  9: "Source Address List",
  10: "Target Address List",
  11: "CGA Option",
  12: "RSA Signature Option",
  13: "Timestamp Option",
  14: "Nonce option",
  15: "Trust Anchor Option",
  16: "Certificate Option",
  17: "IP Address Option",
  18: "New Router Prefix Information Option",
  19: "Link-layer Address Option",
  20: "Neighbor Advertisement Acknowledgement Option",
  21: "CARD Request Option",
  22: "CARD Reply Option",
  23: "MAP Option",
  24: "Route Information Option",
  25: "Recursive DNS Server Option",
  26: "IPv6 Router Advertisement Flags Option",
};

/** Router preference (RFC 4191 §2.1). */
export const ROUTER_PREFERENCES = { 0: "Medium (default)", 1: "High", 2: "Reserved", 3: "Low" };

/** Any option, built by hand: len counts bytes here, as in Scapy (not 8-byte units). */
export const ICMPv6NDOptUnknown = defineLayer(
  "ICMPv6NDOptUnknown",
  [byte("type", null), fieldLen("len", null, { fmt: "B", lengthOf: "data", adjust: (x) => x + 2 }), strLen("data", "")],
  { displayName: "ICMPv6 Neighbor Discovery Option - Scapy Unimplemented", guessPayload: ndOptionClass, lengthFrom: { data: (p) => (p.len ?? 0) - 2 } },
);

const linkLayerFields = (type: number) => [byte("type", type), byte("len", 1), mac("lladdr", "00:00:00:00:00:00")] as const;

export const ICMPv6NDOptSrcLLAddr = ndOption("ICMPv6NDOptSrcLLAddr", 1, linkLayerFields(1), {
  displayName: "ICMPv6 Neighbor Discovery Option - Source Link-Layer Address",
  summary: "%name% %lladdr%",
});

export const ICMPv6NDOptDstLLAddr = ndOption("ICMPv6NDOptDstLLAddr", 2, linkLayerFields(2), {
  parent: ICMPv6NDOptSrcLLAddr,
  displayName: "ICMPv6 Neighbor Discovery Option - Destination Link-Layer Address",
});

export const ICMPv6NDOptPrefixInfo = ndOption(
  "ICMPv6NDOptPrefixInfo",
  3,
  [
    byte("type", 3),
    byte("len", 4),
    byte("prefixlen", 64),
    bits("L", 1, 1),
    bits("A", 1, 1),
    bits("R", 0, 1),
    bits("res1", 0, 5),
    xint("validlifetime", 0xffffffff),
    xint("preferredlifetime", 0xffffffff),
    xint("res2", 0),
    ipv6("prefix", "::"),
  ],
  {
    displayName: "ICMPv6 Neighbor Discovery Option - Prefix Information",
    summary: "%name% %prefix%/%prefixlen% On-link %L% Autonomous Address %A% Router Address %R%",
  },
);

/** The start of the redirected packet, cut to whole 8-byte units with the option's 8-byte head. */
export const ICMPv6NDOptRedirectedHdr = ndOption(
  "ICMPv6NDOptRedirectedHdr",
  4,
  [
    byte("type", 4),
    fieldLen("len", null, { fmt: "B", lengthOf: "pkt", adjust: (x) => Math.floor((x + 8) / 8) }),
    strFixedLen("res", new Uint8Array(6), 6),
    new TruncatedPacketField("pkt", IPv6, 8),
  ],
  { displayName: "ICMPv6 Neighbor Discovery Option - Redirected Header", lengthFrom: { pkt: afterHead } },
);

export const ICMPv6NDOptMTU = ndOption("ICMPv6NDOptMTU", 5, [byte("type", 5), byte("len", 1), xshort("res", 0), int("mtu", 1280)], {
  displayName: "ICMPv6 Neighbor Discovery Option - MTU",
  summary: "%name% %mtu%",
});

export const ICMPv6NDOptShortcutLimit = ndOption(
  "ICMPv6NDOptShortcutLimit",
  6,
  [byte("type", 6), byte("len", 1), byte("shortcutlim", 40), byte("res1", 0), int("res2", 0)],
  { displayName: "ICMPv6 Neighbor Discovery Option - NBMA Shortcut Limit" },
);

export const ICMPv6NDOptAdvInterval = ndOption("ICMPv6NDOptAdvInterval", 7, [byte("type", 7), byte("len", 1), short("res", 0), int("advint", 0)], {
  displayName: "ICMPv6 Neighbor Discovery - Interval Advertisement",
  summary: "%name% %advint% milliseconds",
});

export const ICMPv6NDOptHAInfo = ndOption("ICMPv6NDOptHAInfo", 8, [byte("type", 8), byte("len", 1), short("res", 0), short("pref", 0), short("lifetime", 1)], {
  displayName: "ICMPv6 Neighbor Discovery - Home Agent Information",
  summary: "%name% %pref% %lifetime% seconds",
});

const addressListFields = (type: number) =>
  [
    byte("type", type),
    fieldLen("len", null, { fmt: "B", countOf: "addrlist", adjust: (x) => 2 * x + 1 }),
    strFixedLen("res", new Uint8Array(6), 6),
    new IP6ListField("addrlist", []),
  ] as const;

export const ICMPv6NDOptSrcAddrList = ndOption("ICMPv6NDOptSrcAddrList", 9, addressListFields(9), {
  displayName: "ICMPv6 Inverse Neighbor Discovery Option - Source Address List",
  lengthFrom: { addrlist: afterHead },
});

export const ICMPv6NDOptTgtAddrList = ndOption("ICMPv6NDOptTgtAddrList", 10, addressListFields(10), {
  parent: ICMPv6NDOptSrcAddrList,
  displayName: "ICMPv6 Inverse Neighbor Discovery Option - Target Address List",
});

export const ICMPv6NDOptIPAddr = ndOption(
  "ICMPv6NDOptIPAddr",
  17,
  [
    byte("type", 17),
    byte("len", 3),
    byteEnum("optcode", 1, { 1: "Old Care-Of Address", 2: "New Care-Of Address", 3: "NAR's IP address" }),
    byte("plen", 64),
    int("res", 0),
    ipv6("addr", "::"),
  ],
  { displayName: "ICMPv6 Neighbor Discovery - IP Address Option (FH for MIPv6)" },
);

export const ICMPv6NDOptNewRtrPrefix = ndOption(
  "ICMPv6NDOptNewRtrPrefix",
  18,
  [byte("type", 18), byte("len", 3), byte("optcode", 0), byte("plen", 64), int("res", 0), ipv6("prefix", "::")],
  { displayName: "ICMPv6 Neighbor Discovery - New Router Prefix Information Option (FH for MIPv6)" },
);

const LLA_CODES = {
  0: "Wildcard requesting resolution for all nearby AP",
  1: "LLA for the new AP",
  2: "LLA of the MN",
  3: "LLA of the NAR",
  4: "LLA of the src of TrSolPr or PrRtAdv msg",
  5: "AP identified by LLA belongs to current iface of router",
  6: "No preifx info available for AP identified by the LLA",
  7: "No fast handovers support for AP identified by the LLA",
};

export const ICMPv6NDOptLLA = ndOption("ICMPv6NDOptLLA", 19, [byte("type", 19), byte("len", 1), byteEnum("optcode", 0, LLA_CODES), mac("lla", "00:00:00:00:00:00")], {
  displayName: "ICMPv6 Neighbor Discovery - Link-Layer Address (LLA) Option (FH for MIPv6)",
});

export const ICMPv6NDOptMAP = ndOption(
  "ICMPv6NDOptMAP",
  23,
  [byte("type", 23), byte("len", 3), bits("dist", 1, 4), bits("pref", 15, 4), bits("R", 1, 1), bits("res", 0, 7), int("validlifetime", 0xffffffff), ipv6("addr", "::")],
  { displayName: "ICMPv6 Neighbor Discovery - MAP Option" },
);

export const ICMPv6NDOptRouteInfo = ndOption(
  "ICMPv6NDOptRouteInfo",
  24,
  [
    byte("type", 24),
    fieldLen("len", null, { fmt: "B", lengthOf: "prefix", adjust: (x) => Math.floor(x / 8) + 1 }),
    byte("plen", null),
    bits("res1", 0, 3),
    bitEnum("prf", 0, 2, ROUTER_PREFERENCES),
    bits("res2", 0, 3),
    int("rtlifetime", 0xffffffff),
    new PrefixField("prefix", "len"),
  ],
  {
    displayName: "ICMPv6 Neighbor Discovery Option - Route Information Option",
    summary: "%name% %prefix%/%plen% Preference %prf%",
  },
);

export const ICMPv6NDOptRDNSS = ndOption(
  "ICMPv6NDOptRDNSS",
  25,
  [
    byte("type", 25),
    fieldLen("len", null, { fmt: "B", countOf: "dns", adjust: (x) => 2 * x + 1 }),
    short("res", null),
    int("lifetime", 0xffffffff),
    new IP6ListField("dns", []),
  ],
  {
    displayName: "ICMPv6 Neighbor Discovery Option - Recursive DNS Server Option",
    lengthFrom: { dns: afterHead },
    summary: (p) => `${p.sprintf("%name%")} ${p.dns.join(", ")}`,
  },
);

export const ICMPv6NDOptEFA = ndOption("ICMPv6NDOptEFA", 26, [byte("type", 26), byte("len", 1), bits("res", 0, 48)], {
  displayName: "ICMPv6 Neighbor Discovery Option - Expanded Flags Option",
});

export const ICMPv6NDOptDNSSL = ndOption(
  "ICMPv6NDOptDNSSL",
  31,
  [
    byte("type", 31),
    fieldLen("len", null, { fmt: "B", lengthOf: "searchlist", adjust: (x) => 1 + Math.floor(x / 8) }),
    short("res", null),
    int("lifetime", 0xffffffff),
    new DomainNameListField("searchlist"),
  ],
  {
    displayName: "ICMPv6 Neighbor Discovery Option - DNS Search List Option",
    lengthFrom: { searchlist: afterHead },
    summary: (p) => `${p.sprintf("%name%")} ${p.searchlist.join(", ")}`,
  },
);
