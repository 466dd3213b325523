/**
 * DHCPv6 (RFC 8415 and the option RFCs), as Scapy's layers/dhcp6: every message class (Solicit to
 * Relay-Reply) on UDP 546/547, every option class, and the DUIDs. As in Scapy, a message's options
 * are its payload chain (each option's payload is the next option, picked by its code), and the
 * options inside IA_NA, IA_TA, IA_PD, IA addresses and prefixes are packet lists.
 */
import { pyBytesRepr } from "../core/bytes.ts";
import { bindBottomUp, bindTopDown } from "../core/bind.ts";
import { defineLayer } from "../core/define.ts";
import { Field, invalid, Measured } from "../core/field.ts";
import { ipv6, mac } from "../core/fields/address.ts";
import { bits, flags } from "../core/fields/bits.ts";
import { enumValue } from "../core/fields/enums.ts";
import { byte, byteEnum, describe, int, intEnum, short, shortEnum, xint, xshortEnum, xthreeBytes } from "../core/fields/integers.ts";
import { fieldLen } from "../core/fields/length.ts";
import { fieldList, PacketField, packetList } from "../core/fields/packets.ts";
import { bytesFromUser, str, strFixedLen, strLen } from "../core/fields/strings.ts";
import { isLayer, type Packet } from "../core/packet.ts";
import { Padding, Raw } from "../core/raw.ts";
import { isPacket, type LayerRef } from "../core/state.ts";
import type { Writer } from "../core/writer.ts";
import { dnsName, UTCTimeField } from "./dnsFields.ts";
import { UDP } from "./inet.ts";
import { DomainNameListField, IP6ListField } from "./ipv6Fields.ts";

export const All_DHCP_Relay_Agents_and_Servers = "ff02::1:2";
export const All_DHCP_Servers = "ff05::1:3";

export const DHCP6_OPTS = {
  1: "CLIENTID",
  2: "SERVERID",
  3: "IA_NA",
  4: "IA_TA",
  5: "IAADDR",
  6: "ORO",
  7: "PREFERENCE",
  8: "ELAPSED_TIME",
  9: "RELAY_MSG",
  11: "AUTH",
  12: "UNICAST",
  13: "STATUS_CODE",
  14: "RAPID_COMMIT",
  15: "USER_CLASS",
  16: "VENDOR_CLASS",
  17: "VENDOR_OPTS",
  18: "INTERFACE_ID",
  19: "RECONF_MSG",
  20: "RECONF_ACCEPT",
  21: "SIP Servers Domain Name List",
  22: "SIP Servers IPv6 Address List",
  23: "DNS Recursive Name Server Option",
  24: "Domain Search List option",
  25: "OPTION_IA_PD",
  26: "OPTION_IAPREFIX",
  27: "OPTION_NIS_SERVERS",
  28: "OPTION_NISP_SERVERS",
  29: "OPTION_NIS_DOMAIN_NAME",
  30: "OPTION_NISP_DOMAIN_NAME",
  31: "OPTION_SNTP_SERVERS",
  32: "OPTION_INFORMATION_REFRESH_TIME",
  33: "OPTION_BCMCS_SERVER_D",
  34: "OPTION_BCMCS_SERVER_A",
  36: "OPTION_GEOCONF_CIVIC",
  37: "OPTION_REMOTE_ID",
  38: "OPTION_SUBSCRIBER_ID",
  39: "OPTION_CLIENT_FQDN",
  40: "OPTION_PANA_AGENT",
  41: "OPTION_NEW_POSIX_TIMEZONE",
  42: "OPTION_NEW_TZDB_TIMEZONE",
  48: "OPTION_LQ_CLIENT_LINK",
  59: "OPT_BOOTFILE_URL",
  60: "OPT_BOOTFILE_PARAM",
  61: "OPTION_CLIENT_ARCH_TYPE",
  62: "OPTION_NII",
  65: "OPTION_ERP_LOCAL_DOMAIN_NAME",
  66: "OPTION_RELAY_SUPPLIED_OPTIONS",
  68: "OPTION_VSS",
  79: "OPTION_CLIENT_LINKLAYER_ADDR",
  112: "OPTION_MUD_URL",
} as const;

export const DHCP6_TYPES = {
  1: "SOLICIT",
  2: "ADVERTISE",
  3: "REQUEST",
  4: "CONFIRM",
  5: "RENEW",
  6: "REBIND",
  7: "REPLY",
  8: "RELEASE",
  9: "DECLINE",
  10: "RECONFIGURE",
  11: "INFORMATION-REQUEST",
  12: "RELAY-FORW",
  13: "RELAY-REPL",
} as const;

const DUID_TYPES = { 1: "Link-layer address plus time", 2: "Vendor-assigned unique ID based on Enterprise Number", 3: "Link-layer Address", 4: "UUID" } as const;

/** Hardware types of DUIDs (IANA's ARP parameters, as Scapy lists them). */
const DUID_HW_TYPES = {
  0: "NET/ROM pseudo",
  1: "Ethernet (10Mb)",
  2: "Experimental Ethernet (3Mb)",
  3: "Amateur Radio AX.25",
  4: "Proteon ProNET Token Ring",
  5: "Chaos",
  6: "IEEE 802 Networks",
  7: "ARCNET",
  8: "Hyperchannel",
  9: "Lanstar",
  10: "Autonet Short Address",
  11: "LocalTalk",
  12: "LocalNet (IBM PCNet or SYTEK LocalNET)",
  13: "Ultra link",
  14: "SMDS",
  15: "Frame Relay",
  16: "Asynchronous Transmission Mode (ATM)",
  17: "HDLC",
  18: "Fibre Channel",
  19: "Asynchronous Transmission Mode (ATM)",
  20: "Serial Line",
  21: "Asynchronous Transmission Mode (ATM)",
  22: "MIL-STD-188-220",
  23: "Metricom",
  24: "IEEE 1394.1995",
  25: "MAPOS",
  26: "Twinaxial",
  27: "EUI-64",
  28: "HIPARP",
  29: "IP and ARP over ISO 7816-3",
  30: "ARPSec",
  31: "IPsec tunnel",
  32: "InfiniBand (TM)",
  33: "TIA-102 Project 25 Common Air Interface (CAI)",
} as const;

/** Scapy's IANA_ENTERPRISE_NUMBERS (its short table). */
export const IANA_ENTERPRISE_NUMBERS = {
  9: "ciscoSystems",
  35: "Nortel Networks",
  43: "3Com",
  311: "Microsoft",
  2636: "Juniper Networks, Inc.",
  4526: "Netgear",
  5771: "Cisco Systems, Inc.",
  5842: "Cisco Systems",
  11129: "Google, Inc",
  16885: "Nortel Networks",
} as const;

export const DHCP6_STATUS_CODES = { 0: "Success", 1: "UnspecFail", 2: "NoAddrsAvail", 3: "NoBinding", 4: "NotOnLink", 5: "UseMulticast", 6: "NoPrefixAvail" } as const;

// ------------------------------------------------------------------ field kinds

/** Seconds since 2000-01-01 (DUID-LLT's time), shown as a date (Scapy's _UTCTimeField). */
class DUIDTimeField<N extends string> extends UTCTimeField<N> {
  override repr(value: unknown): string {
    return typeof value === "number" ? super.repr(value + 946684800) : "None";
  }
}

const UUID_TEXT = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

/** A UUID in big-endian byte order (Scapy's UUIDField, FORMAT_BE), as its text; None writes zeros. */
class UUIDField<N extends string> extends Field<N, string | Uint8Array, string | null> {
  kindName = "UUIDField";
  override bits = 128;
  override fromUser(value: unknown): unknown {
    if (value instanceof Uint8Array && value.length === 16) return uuidText(value);
    if (typeof value === "string" && UUID_TEXT.test(value)) return uuidText(hexBytes(value.replace(/-/g, "")));
    return invalid(`expected a UUID ("12345678-1234-5678-1234-567812345678" or 16 bytes), got ${describe(value)}`);
  }
  override readFixed(buf: Uint8Array, off: number): unknown {
    return uuidText(buf.subarray(off, off + 16));
  }
  override write(w: Writer, value: unknown): void {
    if (typeof value === "string") w.bytes(hexBytes(value.replace(/-/g, "")));
    else w.zeros(16);
  }
  /** Scapy shows the uuid.UUID object's repr. */
  override repr(value: unknown): string {
    return typeof value === "string" ? `UUID('${value}')` : "None";
  }
  override literal(value: unknown): string {
    return this.repr(value);
  }
}

function hexBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

function uuidText(b: Uint8Array): string {
  const h = [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Option codes, two bytes each (Scapy's _OptReqListField): shown by name; an odd last byte is dropped, as Scapy does. */
class OptReqListField<N extends string> extends Field<N, ReadonlyArray<number | string>, number[]> {
  kindName = "_OptReqListField";
  override isList = true;
  override mutable = true;
  override total = true;

  override defaultFor(): unknown {
    return [...(this.defaultValue as number[])];
  }
  override fromUser(value: unknown): unknown {
    const list = Array.isArray(value) ? value : [value];
    return list.map((v) => {
      const code = typeof v === "string" ? enumValue(DHCP6_OPTS, v, null) : v;
      if (typeof code !== "number" || !Number.isInteger(code) || code < 0 || code > 0xffff) return invalid(`expected option codes (0-65535 or names), got ${describe(v)}`);
      return code;
    });
  }
  override measure(pkt: Packet, _buf: Uint8Array, off: number, end: number): number {
    const len = this.lengthFrom?.(pkt);
    return len === null || len === undefined ? end - off : Math.max(0, Math.min(end - off, len));
  }
  override decode(_pkt: Packet, buf: Uint8Array, off: number, end: number): unknown {
    const out: number[] = [];
    for (let at = off; at + 2 <= end; at += 2) out.push((buf[at]! << 8) | buf[at + 1]!);
    return out;
  }
  override write(w: Writer, value: unknown): void {
    for (const code of (value as number[] | null) ?? []) w.u16(code);
  }
  override lengthOf(value: unknown): number {
    return 2 * ((value as number[] | null) ?? []).length;
  }
  override repr(value: unknown): string {
    return `[${((value as number[] | null) ?? []).map((c) => (DHCP6_OPTS as Record<number, string>)[c] ?? String(c)).join(", ")}]`;
  }
  override literal(value: unknown): string {
    return `[${((value as number[] | null) ?? []).join(", ")}]`;
  }
}

/** Hundredths of a second (Scapy's _ElapsedTimeField). */
class ElapsedTimeField<N extends string> extends Field<N, number, number> {
  kindName = "_ElapsedTimeField";
  override bits = 16;
  private readonly int = short("elapsedtime", 0);
  override fromUser(value: unknown, pkt: Packet | null): unknown {
    return this.int.fromUser(value, pkt);
  }
  override readFixed(buf: Uint8Array, off: number): unknown {
    return (buf[off]! << 8) | buf[off + 1]!;
  }
  override write(w: Writer, value: unknown): void {
    w.u16((value as number | null) ?? 0);
  }
  override repr(value: unknown): string {
    if (typeof value !== "number") return "None";
    return value === 0xffff ? "infinity (0xffff)" : `${(value / 100).toFixed(2)} sec`;
  }
}

/**
 * A DUID (Scapy's PacketLenField with _duid_dispatcher): read as DUID_LLT, DUID_EN, DUID_LL or
 * DUID_UUID by its type when it holds more than 4 bytes, else Raw; nothing when the length is 0.
 * Bytes may be given instead of a packet (Scapy's default is b"").
 */
class DUIDField<N extends string> extends PacketField<N, Packet> {
  constructor(name: N) {
    super(name, null, Raw, "PacketLenField");
  }
  override defaultFor(): unknown {
    return new Uint8Array(0);
  }
  override fromUser(value: unknown): unknown {
    return isPacket(value) ? value : bytesFromUser(value);
  }
  override measure(pkt: Packet, buf: Uint8Array, off: number, end: number): number | Measured {
    const len = this.lengthFrom?.(pkt);
    const to = len === null || len === undefined ? end : Math.min(end, off + Math.max(0, len));
    if (to <= off) return new Measured(0, null);
    return new Measured(to - off, this.decode(pkt, buf, off, to));
  }
  override decode(pkt: Packet, buf: Uint8Array, off: number, end: number): unknown {
    let cls: LayerRef = Raw;
    if (end - off > 4) cls = DUID_CLASSES[(buf[off]! << 8) | buf[off + 1]!] ?? Raw;
    return cls.spec.codecs.dissectElement(buf, off, end, pkt)[0];
  }
  override write(w: Writer, value: unknown): void {
    if (value instanceof Uint8Array) w.bytes(value);
    else super.write(w, value);
  }
  override repr(value: unknown): string {
    return value instanceof Uint8Array ? pyBytesRepr(value) : super.repr(value);
  }
  override literal(value: unknown): string {
    return value instanceof Uint8Array ? pyBytesRepr(value) : super.literal(value);
  }
}

/** Domain names without compression or padding (Scapy's DomainNameListField as DHCPv6 uses it). */
const domainList = <const N extends string>(name: N) => new DomainNameListField<N>(name, { padded: false });
const ip6List = <const N extends string>(name: N) => new IP6ListField<N>(name, []);

// ------------------------------------------------------------------ DUIDs

export const DUID_LLT = defineLayer(
  "DUID_LLT",
  [shortEnum("type", 1, DUID_TYPES), xshortEnum("hwtype", 1, DUID_HW_TYPES), new DUIDTimeField("timeval", 0), mac("lladdr", "00:00:00:00:00:00")],
  { displayName: "DUID - Link-layer address plus time" },
);
export const DUID_EN = defineLayer("DUID_EN", [shortEnum("type", 2, DUID_TYPES), intEnum("enterprisenum", 311, IANA_ENTERPRISE_NUMBERS), str("id", "")], {
  displayName: "DUID - Assigned by Vendor Based on Enterprise Number",
});
export const DUID_LL = defineLayer("DUID_LL", [shortEnum("type", 3, DUID_TYPES), xshortEnum("hwtype", 1, DUID_HW_TYPES), mac("lladdr", "00:00:00:00:00:00")], {
  displayName: "DUID - Based on Link-layer Address",
});
export const DUID_UUID = defineLayer("DUID_UUID", [shortEnum("type", 4, DUID_TYPES), new UUIDField("uuid", null)], { displayName: "DUID - Based on UUID" });

const DUID_CLASSES: Record<number, LayerRef> = { 1: DUID_LLT, 2: DUID_EN, 3: DUID_LL, 4: DUID_UUID };

// ------------------------------------------------------------------ options

/** Option classes by code (Scapy's dhcp6opts_by_code), filled as they are declared. */
const OPTION_CLASSES: Record<number, LayerRef> = {};

/** The next option of a chain: by its code, DHCP6OptUnknown when unknown, Raw when 2 bytes or fewer remain. */
function nextOption(payload: Uint8Array): LayerRef {
  if (payload.length <= 2) return Raw;
  return OPTION_CLASSES[(payload[0]! << 8) | payload[1]!] ?? DHCP6OptUnknown;
}

/** An element of an option list (Scapy's _DHCP6OptGuessPayloadElt): by its code, Raw when unknown. */
function optionElement(_pkt: Packet, buf: Uint8Array, off: number, end: number): LayerRef {
  if (end - off <= 2) return Raw;
  return OPTION_CLASSES[(buf[off]! << 8) | buf[off + 1]!] ?? Raw;
}

/** A list of packets of any class (the options in an IA, user class data...). */
const list = <const N extends string>(name: N, cls: LayerRef | typeof optionElement) => packetList<N, Packet>(name, [], cls);

const chain = { guessPayload: (_p: unknown, payload: Uint8Array) => nextOption(payload) };
const optcode = (code: number) => shortEnum("optcode", code, DHCP6_OPTS);

export const DHCP6OptUnknown = defineLayer("DHCP6OptUnknown", [optcode(0), fieldLen("optlen", null, { lengthOf: "data" }), strLen("data", "", "optlen")], {
  displayName: "Unknown DHCPv6 Option",
  ...chain,
});

export const DHCP6OptClientId = defineLayer("DHCP6OptClientId", [optcode(1), fieldLen("optlen", null, { lengthOf: "duid" }), new DUIDField("duid")], {
  displayName: "DHCP6 Client Identifier Option",
  lengthFrom: { duid: (p) => p.optlen },
  ...chain,
});
export const DHCP6OptServerId = defineLayer("DHCP6OptServerId", [optcode(2), fieldLen("optlen", null, { lengthOf: "duid" }), new DUIDField("duid")], {
  parent: DHCP6OptClientId,
  displayName: "DHCP6 Server Identifier Option",
});

export const DHCP6OptIAAddress = defineLayer(
  "DHCP6OptIAAddress",
  [
    optcode(5),
    fieldLen("optlen", null, { lengthOf: "iaaddropts", adjust: (n) => n + 24 }),
    ipv6("addr", "::"),
    intEnum("preflft", 0, { 0xffffffff: "infinity" }),
    intEnum("validlft", 0, { 0xffffffff: "infinity" }),
    list("iaaddropts", optionElement),
  ],
  {
    displayName: "DHCP6 IA Address Option (IA_TA or IA_NA suboption)",
    lengthFrom: { iaaddropts: (p) => (p.optlen ?? 0) - 24 },
    // Scapy: what follows an address is padding (it ends an element of IA_NA's list).
    guessPayload: () => Padding,
  },
);

export const DHCP6OptIA_NA = defineLayer(
  "DHCP6OptIA_NA",
  [
    optcode(3),
    fieldLen("optlen", null, { lengthOf: "ianaopts", adjust: (n) => n + 12 }),
    xint("iaid", null),
    int("T1", null),
    int("T2", null),
    list("ianaopts", optionElement),
  ],
  { displayName: "DHCP6 Identity Association for Non-temporary Addresses Option", lengthFrom: { ianaopts: (p) => (p.optlen ?? 0) - 12 }, ...chain },
);

export const DHCP6OptIA_TA = defineLayer(
  "DHCP6OptIA_TA",
  [optcode(4), fieldLen("optlen", null, { lengthOf: "iataopts", adjust: (n) => n + 4 }), xint("iaid", null), list("iataopts", optionElement)],
  { displayName: "DHCP6 Identity Association for Temporary Addresses Option", lengthFrom: { iataopts: (p) => (p.optlen ?? 0) - 4 }, ...chain },
);

export const DHCP6OptOptReq = defineLayer("DHCP6OptOptReq", [optcode(6), fieldLen("optlen", null, { lengthOf: "reqopts" }), new OptReqListField("reqopts", [23, 24])], {
  displayName: "DHCP6 Option Request Option",
  lengthFrom: { reqopts: (p) => p.optlen },
  ...chain,
});

export const DHCP6OptPref = defineLayer("DHCP6OptPref", [optcode(7), short("optlen", 1), byte("prefval", 255)], { displayName: "DHCP6 Preference Option", ...chain });

export const DHCP6OptElapsedTime = defineLayer("DHCP6OptElapsedTime", [optcode(8), short("optlen", 2), new ElapsedTimeField("elapsedtime", 0)], {
  displayName: "DHCP6 Elapsed Time Option",
  ...chain,
});

export const DHCP6OptAuth = defineLayer(
  "DHCP6OptAuth",
  [
    optcode(11),
    fieldLen("optlen", null, { lengthOf: "authinfo", adjust: (n) => n + 11 }),
    byteEnum("proto", 3, { 0: "configuration token", 1: "delayed authentication", 2: "delayed authentication (obsolete)", 3: "reconfigure key" }),
    byteEnum("alg", 1, { 0: "configuration token", 1: "HMAC-MD5" }),
    byteEnum("rdm", 0, { 0: "use of a monotonically increasing value" }),
    strFixedLen("replay", new Uint8Array(8), 8),
    strLen("authinfo", ""),
  ],
  { displayName: "DHCP6 Option - Authentication", lengthFrom: { authinfo: (p) => (p.optlen ?? 0) - 11 }, ...chain },
);

export const DHCP6OptServerUnicast = defineLayer("DHCP6OptServerUnicast", [optcode(12), short("optlen", 16), ipv6("srvaddr", "::")], {
  displayName: "DHCP6 Server Unicast Option",
  ...chain,
});

export const DHCP6OptStatusCode = defineLayer(
  "DHCP6OptStatusCode",
  [optcode(13), fieldLen("optlen", null, { lengthOf: "statusmsg", adjust: (n) => n + 2 }), shortEnum("statuscode", null, DHCP6_STATUS_CODES), strLen("statusmsg", "")],
  { displayName: "DHCP6 Status Code Option", lengthFrom: { statusmsg: (p) => (p.optlen ?? 0) - 2 }, ...chain },
);

export const DHCP6OptRapidCommit = defineLayer("DHCP6OptRapidCommit", [optcode(14), short("optlen", 0)], { displayName: "DHCP6 Rapid Commit Option", ...chain });

export const USER_CLASS_DATA = defineLayer("USER_CLASS_DATA", [fieldLen("len", null, { lengthOf: "data" }), strLen("data", "", "len")], {
  displayName: "user class data",
  guessPayload: () => Padding,
});
export const VENDOR_CLASS_DATA = defineLayer("VENDOR_CLASS_DATA", [fieldLen("len", null, { lengthOf: "data" }), strLen("data", "", "len")], {
  parent: USER_CLASS_DATA,
  displayName: "vendor class data",
});

export const DHCP6OptUserClass = defineLayer("DHCP6OptUserClass", [optcode(15), fieldLen("optlen", null, { lengthOf: "userclassdata" }), list("userclassdata", USER_CLASS_DATA)], {
  displayName: "DHCP6 User Class Option",
  lengthFrom: { userclassdata: (p) => p.optlen },
  ...chain,
});

export const DHCP6OptVendorClass = defineLayer(
  "DHCP6OptVendorClass",
  [optcode(16), fieldLen("optlen", null, { lengthOf: "vcdata", adjust: (n) => n + 4 }), intEnum("enterprisenum", null, IANA_ENTERPRISE_NUMBERS), list("vcdata", VENDOR_CLASS_DATA)],
  { displayName: "DHCP6 Vendor Class Option", lengthFrom: { vcdata: (p) => (p.optlen ?? 0) - 4 }, ...chain },
);

export const VENDOR_SPECIFIC_OPTION = defineLayer("VENDOR_SPECIFIC_OPTION", [short("optcode", null), fieldLen("optlen", null, { lengthOf: "optdata" }), strLen("optdata", "", "optlen")], {
  displayName: "vendor specific option data",
  guessPayload: () => Padding,
});

export const DHCP6OptVendorSpecificInfo = defineLayer(
  "DHCP6OptVendorSpecificInfo",
  [optcode(17), fieldLen("optlen", null, { lengthOf: "vso", adjust: (n) => n + 4 }), intEnum("enterprisenum", null, IANA_ENTERPRISE_NUMBERS), list("vso", VENDOR_SPECIFIC_OPTION)],
  { displayName: "DHCP6 Vendor-specific Information Option", lengthFrom: { vso: (p) => (p.optlen ?? 0) - 4 }, ...chain },
);

export const DHCP6OptIfaceId = defineLayer("DHCP6OptIfaceId", [optcode(18), fieldLen("optlen", null, { lengthOf: "ifaceid" }), strLen("ifaceid", "", "optlen")], {
  displayName: "DHCP6 Interface-Id Option",
  ...chain,
});

export const DHCP6OptReconfMsg = defineLayer("DHCP6OptReconfMsg", [optcode(19), short("optlen", 1), byteEnum("msgtype", 11, { 5: "Renew Message", 11: "Information Request" })], {
  displayName: "DHCP6 Reconfigure Message Option",
  ...chain,
});

export const DHCP6OptReconfAccept = defineLayer("DHCP6OptReconfAccept", [optcode(20), short("optlen", 0)], { displayName: "DHCP6 Reconfigure Accept Option", ...chain });

/** An option holding a list of IPv6 addresses. */
function addressOption<const F extends string>(cls: string, code: number, field: F, displayName: string) {
  return defineLayer(cls, [optcode(code), fieldLen("optlen", null, { lengthOf: field }), ip6List(field)] as const, {
    displayName,
    lengthFrom: { [field]: (p: { optlen: number | null }) => p.optlen } as never,
    ...chain,
  });
}

/** An option holding a list of domain names. */
function domainsOption<const F extends string>(cls: string, code: number, field: F, displayName: string) {
  return defineLayer(cls, [optcode(code), fieldLen("optlen", null, { lengthOf: field }), domainList(field)] as const, {
    displayName,
    lengthFrom: { [field]: (p: { optlen: number | null }) => p.optlen } as never,
    ...chain,
  });
}

/** An option holding one domain name (Scapy's DNSStrField). */
function domainOption<const F extends string>(cls: string, code: number, field: F, displayName: string) {
  return defineLayer(cls, [optcode(code), fieldLen("optlen", null, { lengthOf: field }), dnsName(field, "")] as const, {
    displayName,
    lengthFrom: { [field]: (p: { optlen: number | null }) => p.optlen } as never,
    ...chain,
  });
}

/** An option holding bytes. */
function bytesOption<const F extends string>(cls: string, code: number, field: F, displayName: string) {
  return defineLayer(cls, [optcode(code), fieldLen("optlen", null, { lengthOf: field }), strLen(field, "", "optlen")] as const, { displayName, ...chain });
}

export const DHCP6OptSIPDomains = domainsOption("DHCP6OptSIPDomains", 21, "sipdomains", "DHCP6 Option - SIP Servers Domain Name List");
export const DHCP6OptSIPServers = addressOption("DHCP6OptSIPServers", 22, "sipservers", "DHCP6 Option - SIP Servers IPv6 Address List");
export const DHCP6OptDNSServers = addressOption("DHCP6OptDNSServers", 23, "dnsservers", "DHCP6 Option - DNS Recursive Name Server");
export const DHCP6OptDNSDomains = domainsOption("DHCP6OptDNSDomains", 24, "dnsdomains", "DHCP6 Option - Domain Search List option");

export const DHCP6OptIAPrefix = defineLayer(
  "DHCP6OptIAPrefix",
  [
    optcode(26),
    fieldLen("optlen", null, { lengthOf: "iaprefopts", adjust: (n) => n + 25 }),
    intEnum("preflft", 0, { 0xffffffff: "infinity" }),
    intEnum("validlft", 0, { 0xffffffff: "infinity" }),
    byte("plen", 48),
    ipv6("prefix", "2001:db8::"),
    list("iaprefopts", optionElement),
  ],
  { displayName: "DHCP6 Option - IA Prefix option", lengthFrom: { iaprefopts: (p) => (p.optlen ?? 0) - 25 }, guessPayload: () => Padding },
);

export const DHCP6OptIA_PD = defineLayer(
  "DHCP6OptIA_PD",
  [
    optcode(25),
    fieldLen("optlen", null, { lengthOf: "iapdopt", adjust: (n) => n + 12 }),
    xint("iaid", null),
    int("T1", null),
    int("T2", null),
    list("iapdopt", optionElement),
  ],
  { displayName: "DHCP6 Option - Identity Association for Prefix Delegation", lengthFrom: { iapdopt: (p) => (p.optlen ?? 0) - 12 }, ...chain },
);

export const DHCP6OptNISServers = addressOption("DHCP6OptNISServers", 27, "nisservers", "DHCP6 Option - NIS Servers");
export const DHCP6OptNISPServers = addressOption("DHCP6OptNISPServers", 28, "nispservers", "DHCP6 Option - NIS+ Servers");
export const DHCP6OptNISDomain = domainOption("DHCP6OptNISDomain", 29, "nisdomain", "DHCP6 Option - NIS Domain Name");
export const DHCP6OptNISPDomain = domainOption("DHCP6OptNISPDomain", 30, "nispdomain", "DHCP6 Option - NIS+ Domain Name");
export const DHCP6OptSNTPServers = addressOption("DHCP6OptSNTPServers", 31, "sntpservers", "DHCP6 option - SNTP Servers");

export const DHCP6OptInfoRefreshTime = defineLayer("DHCP6OptInfoRefreshTime", [optcode(32), short("optlen", 4), int("reftime", 86400)], {
  displayName: "DHCP6 Option - Information Refresh Time",
  ...chain,
});

export const DHCP6OptBCMCSDomains = domainsOption("DHCP6OptBCMCSDomains", 33, "bcmcsdomains", "DHCP6 Option - BCMCS Domain Name List");
export const DHCP6OptBCMCSServers = addressOption("DHCP6OptBCMCSServers", 34, "bcmcsservers", "DHCP6 Option - BCMCS Addresses List");

/** A civic address element; Scapy gives it no padding rule, so a second element is the first one's payload. */
export const DHCP6OptGeoConfElement = defineLayer("DHCP6OptGeoConfElement", [byte("CAtype", 0), fieldLen("CAlength", null, { lengthOf: "CAvalue" }), strLen("CAvalue", "", "CAlength")]);

/** Civic location (RFC 4776). Scapy declares it but never reads it from the wire (code 36 is not in its table), and cannot build it with optlen unset; here optlen is computed. */
export const DHCP6OptGeoConf = defineLayer(
  "DHCP6OptGeoConf",
  [
    optcode(36),
    fieldLen("optlen", null, { lengthOf: "ca_elts", adjust: (n) => n + 3 }),
    byteEnum("what", 2, { 0: "DHCP server", 1: "closest network element", 2: "client" }),
    strFixedLen("country_code", "FR", 2),
    list("ca_elts", DHCP6OptGeoConfElement),
  ],
  { displayName: "DHCP6 Option - Civic Location", lengthFrom: { ca_elts: (p) => (p.optlen ?? 0) - 3 }, ...chain },
);

export const DHCP6OptRemoteID = defineLayer(
  "DHCP6OptRemoteID",
  [optcode(37), fieldLen("optlen", null, { lengthOf: "remoteid", adjust: (n) => n + 4 }), intEnum("enterprisenum", null, IANA_ENTERPRISE_NUMBERS), strLen("remoteid", "")],
  { displayName: "DHCP6 Option - Relay Agent Remote-ID", lengthFrom: { remoteid: (p) => (p.optlen ?? 0) - 4 }, ...chain },
);

export const DHCP6OptSubscriberID = bytesOption("DHCP6OptSubscriberID", 38, "subscriberid", "DHCP6 Option - Subscriber ID");

export const DHCP6OptClientFQDN = defineLayer(
  "DHCP6OptClientFQDN",
  [optcode(39), fieldLen("optlen", null, { lengthOf: "fqdn", adjust: (n) => n + 1 }), bits("res", 0, 5), flags("flags", 0, 3, "SON"), dnsName("fqdn", "")],
  { displayName: "DHCP6 Option - Client FQDN", lengthFrom: { fqdn: (p) => (p.optlen ?? 0) - 1 }, ...chain },
);

export const DHCP6OptPanaAuthAgent = addressOption("DHCP6OptPanaAuthAgent", 40, "paaaddr", "DHCP6 PANA Authentication Agent Option");
export const DHCP6OptNewPOSIXTimeZone = bytesOption("DHCP6OptNewPOSIXTimeZone", 41, "optdata", "DHCP6 POSIX Timezone Option");
export const DHCP6OptNewTZDBTimeZone = bytesOption("DHCP6OptNewTZDBTimeZone", 42, "optdata", "DHCP6 TZDB Timezone Option");

export const DHCP6OptRelayAgentERO = defineLayer("DHCP6OptRelayAgentERO", [optcode(43), fieldLen("optlen", null, { lengthOf: "reqopts" }), new OptReqListField("reqopts", [23, 24])], {
  displayName: "DHCP6 Option - RelayRequest Option",
  lengthFrom: { reqopts: (p) => p.optlen },
  ...chain,
});

export const DHCP6OptLQClientLink = addressOption("DHCP6OptLQClientLink", 48, "linkaddress", "DHCP6 Client Link Option");
export const DHCP6OptBootFileUrl = bytesOption("DHCP6OptBootFileUrl", 59, "optdata", "DHCP6 Boot File URL Option");

export const DHCP6OptClientArchType = defineLayer("DHCP6OptClientArchType", [optcode(61), fieldLen("optlen", null, { lengthOf: "archtypes" }), fieldList("archtypes", [], short("archtype", 0))], {
  displayName: "DHCP6 Client System Architecture Type Option",
  lengthFrom: { archtypes: (p) => p.optlen },
  ...chain,
});

export const DHCP6OptClientNetworkInterId = defineLayer("DHCP6OptClientNetworkInterId", [optcode(62), short("optlen", 3), byte("iitype", 0), byte("iimajor", 0), byte("iiminor", 0)], {
  displayName: "DHCP6 Client Network Interface Identifier Option",
  ...chain,
});

export const DHCP6OptERPDomain = domainsOption("DHCP6OptERPDomain", 65, "erpdomain", "DHCP6 Option - ERP Domain Name List");

export const DHCP6OptRelaySuppliedOpt = defineLayer("DHCP6OptRelaySuppliedOpt", [optcode(66), fieldLen("optlen", null, { lengthOf: "relaysupplied" }), list("relaysupplied", optionElement)], {
  displayName: "DHCP6 Relay-Supplied Options Option",
  lengthFrom: { relaysupplied: (p) => p.optlen },
  ...chain,
});

/** Virtual subnet selection. As Scapy: optlen counts the type byte, but the data is read for optlen bytes. */
export const DHCP6OptVSS = defineLayer("DHCP6OptVSS", [optcode(68), fieldLen("optlen", null, { lengthOf: "data", adjust: (n) => n + 1 }), byte("type", 255), strLen("data", "", "optlen")], {
  displayName: "DHCP6 Option - Virtual Subnet Selection",
  ...chain,
});

export const DHCP6OptClientLinkLayerAddr = defineLayer(
  "DHCP6OptClientLinkLayerAddr",
  [optcode(79), fieldLen("optlen", null, { lengthOf: "clladdr", adjust: (n) => n + 2 }), short("lltype", 1), mac("clladdr", "00:00:00:00:00:00")],
  { displayName: "DHCP6 Option - Client Link Layer address", ...chain },
);

export const DHCP6OptMudUrl = bytesOption("DHCP6OptMudUrl", 112, "mudstring", "DHCP6 Option - MUD URL");

// ------------------------------------------------------------------ messages

/** Message classes by type (Scapy's dhcp6_cls_by_type), filled below. */
const MESSAGE_CLASSES: Record<number, LayerRef> = {};

/** Scapy's _dhcp6_dispatcher: the class of the message type, Raw for an unknown type or fewer than 2 bytes. */
const messageClass = (buf: Uint8Array, start: number, end: number): LayerRef => (end - start >= 2 ? (MESSAGE_CLASSES[buf[start]!] ?? Raw) : Raw);

const trid3 = (trid: number) => Uint8Array.of((trid >> 16) & 0xff, (trid >> 8) & 0xff, trid & 0xff);

export const DHCP6 = defineLayer("DHCP6", [byteEnum("msgtype", null, DHCP6_TYPES), xthreeBytes("trid", 0)], {
  displayName: "DHCPv6 Generic Message",
  ...chain,
  hashret: (p) => trid3(p.trid),
  // Bytes read as DHCP6 are the class of their message type (Scapy's dispatcher on UDP 546/547;
  // here also DHCP6(bytes)). An unknown type stays DHCP6 with its options (Scapy's dispatcher: Raw).
  dispatch: (buf, start, end): LayerRef | undefined => (end - start >= 2 ? MESSAGE_CLASSES[buf[start]!] : undefined),
});

type Message = ReturnType<typeof DHCP6>;

/** A message class: DHCP6 with its type as the default. */
function message(cls: string, type: number, displayName: string, answers?: (reply: Message, request: Packet) => boolean) {
  const layer = defineLayer(cls, [byteEnum("msgtype", type, DHCP6_TYPES), xthreeBytes("trid", 0)] as const, {
    parent: DHCP6,
    displayName,
    // A message class reads its own bytes (only DHCP6 dispatches).
    dispatch: () => undefined,
    ...(answers ? { answers } : {}),
  });
  MESSAGE_CLASSES[type] = layer;
  return layer;
}

const anyOf = (request: Packet, classes: readonly LayerRef[]) => classes.some((c) => isLayer(request, c));

export const DHCP6_Solicit = message("DHCP6_Solicit", 1, "DHCPv6 Solicit Message");
export const DHCP6_Advertise = message(
  "DHCP6_Advertise",
  2,
  "DHCPv6 Advertise Message",
  (reply, request) => isLayer(request, DHCP6_Solicit) && request.msgtype === 1 && reply.trid === request.trid,
);
export const DHCP6_Request = message("DHCP6_Request", 3, "DHCPv6 Request Message");
export const DHCP6_Confirm = message("DHCP6_Confirm", 4, "DHCPv6 Confirm Message");
export const DHCP6_Renew = message("DHCP6_Renew", 5, "DHCPv6 Renew Message");
export const DHCP6_Rebind = message("DHCP6_Rebind", 6, "DHCPv6 Rebind Message");
export const DHCP6_Release = message("DHCP6_Release", 8, "DHCPv6 Release Message");
export const DHCP6_Decline = message("DHCP6_Decline", 9, "DHCPv6 Decline Message");
export const DHCP6_Reconf = message("DHCP6_Reconf", 10, "DHCPv6 Reconfigure Message");
export const DHCP6_InfoRequest = message("DHCP6_InfoRequest", 11, "DHCPv6 Information Request Message");
export const DHCP6_Reply = message(
  "DHCP6_Reply",
  7,
  "DHCPv6 Reply Message",
  (reply, request) =>
    anyOf(request, [DHCP6_Solicit, DHCP6_InfoRequest, DHCP6_Confirm, DHCP6_Rebind, DHCP6_Decline, DHCP6_Request, DHCP6_Release, DHCP6_Renew]) &&
    reply.trid === (request as Message).trid,
);

const relayFields = [byteEnum("msgtype", 12, DHCP6_TYPES), byte("hopcount", null), ipv6("linkaddr", "::"), ipv6("peeraddr", "::")] as const;
const peerKey = (addr: string) => DHCP6OptServerUnicast({ srvaddr: addr }).build().subarray(4);

export const DHCP6_RelayForward = defineLayer("DHCP6_RelayForward", relayFields, {
  displayName: "DHCPv6 Relay Forward Message (Relay Agent/Server Message)",
  ...chain,
  hashret: (p) => peerKey(p.peeraddr),
});
export const DHCP6_RelayReply = defineLayer("DHCP6_RelayReply", [byteEnum("msgtype", 13, DHCP6_TYPES), ...relayFields.slice(1)] as const, {
  parent: DHCP6_RelayForward,
  displayName: "DHCPv6 Relay Reply Message (Relay Agent/Server Message)",
  answers: (reply, request) =>
    isLayer(request, DHCP6_RelayForward) && reply.hopcount === request.hopcount && reply.linkaddr === request.linkaddr && reply.peeraddr === request.peeraddr,
});
MESSAGE_CLASSES[12] = DHCP6_RelayForward;
MESSAGE_CLASSES[13] = DHCP6_RelayReply;

/** The relayed message (Scapy's PacketLenField with _dhcp6_dispatcher): a message class by its type. */
class RelayedMessageField extends PacketField<"message", Packet> {
  constructor() {
    super("message", null, DHCP6, "PacketLenField");
  }
  override defaultFor(): unknown {
    return DHCP6();
  }
  override measure(pkt: Packet, buf: Uint8Array, off: number, end: number): number | Measured {
    const len = this.lengthFrom?.(pkt);
    const to = len === null || len === undefined ? end : Math.min(end, off + Math.max(0, len));
    if (to <= off) return new Measured(0, null);
    return new Measured(to - off, messageClass(buf, off, to).spec.codecs.dissectElement(buf, off, to, pkt)[0]);
  }
}

export const DHCP6OptRelayMsg = defineLayer("DHCP6OptRelayMsg", [optcode(9), fieldLen("optlen", null, { lengthOf: "message" }), new RelayedMessageField()], {
  displayName: "DHCP6 Relay Message Option",
  lengthFrom: { message: (p) => p.optlen },
  ...chain,
});

Object.assign(OPTION_CLASSES, {
  1: DHCP6OptClientId,
  2: DHCP6OptServerId,
  3: DHCP6OptIA_NA,
  4: DHCP6OptIA_TA,
  5: DHCP6OptIAAddress,
  6: DHCP6OptOptReq,
  7: DHCP6OptPref,
  8: DHCP6OptElapsedTime,
  9: DHCP6OptRelayMsg,
  11: DHCP6OptAuth,
  12: DHCP6OptServerUnicast,
  13: DHCP6OptStatusCode,
  14: DHCP6OptRapidCommit,
  15: DHCP6OptUserClass,
  16: DHCP6OptVendorClass,
  17: DHCP6OptVendorSpecificInfo,
  18: DHCP6OptIfaceId,
  19: DHCP6OptReconfMsg,
  20: DHCP6OptReconfAccept,
  21: DHCP6OptSIPDomains,
  22: DHCP6OptSIPServers,
  23: DHCP6OptDNSServers,
  24: DHCP6OptDNSDomains,
  25: DHCP6OptIA_PD,
  26: DHCP6OptIAPrefix,
  27: DHCP6OptNISServers,
  28: DHCP6OptNISPServers,
  29: DHCP6OptNISDomain,
  30: DHCP6OptNISPDomain,
  31: DHCP6OptSNTPServers,
  32: DHCP6OptInfoRefreshTime,
  33: DHCP6OptBCMCSDomains,
  34: DHCP6OptBCMCSServers,
  37: DHCP6OptRemoteID,
  38: DHCP6OptSubscriberID,
  39: DHCP6OptClientFQDN,
  40: DHCP6OptPanaAuthAgent,
  41: DHCP6OptNewPOSIXTimeZone,
  42: DHCP6OptNewTZDBTimeZone,
  43: DHCP6OptRelayAgentERO,
  48: DHCP6OptLQClientLink,
  59: DHCP6OptBootFileUrl,
  61: DHCP6OptClientArchType,
  62: DHCP6OptClientNetworkInterId,
  65: DHCP6OptERPDomain,
  66: DHCP6OptRelaySuppliedOpt,
  68: DHCP6OptVSS,
  79: DHCP6OptClientLinkLayerAddr,
  112: DHCP6OptMudUrl,
});

// Clients send from 546 to 547, servers back; relays between 547s (Scapy's overload_fields).
bindBottomUp(UDP, DHCP6, { dport: 547 });
bindBottomUp(UDP, DHCP6, { dport: 546 });
for (const cls of [DHCP6, DHCP6_Solicit, DHCP6_Request, DHCP6_Confirm, DHCP6_Renew, DHCP6_Rebind, DHCP6_Release, DHCP6_Decline, DHCP6_InfoRequest]) bindTopDown(UDP, cls, { sport: 546, dport: 547 });
for (const cls of [DHCP6_Advertise, DHCP6_Reply, DHCP6_Reconf]) bindTopDown(UDP, cls, { sport: 547, dport: 546 });
for (const cls of [DHCP6_RelayForward, DHCP6_RelayReply]) bindTopDown(UDP, cls, { sport: 547, dport: 547 });
