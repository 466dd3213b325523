/**
 * Cisco Discovery Protocol, as Scapy's contrib/cdp: a header (version, TTL, checksum) over SNAP
 * (OUI 0x00000c, code 0x2000) holding a list of messages, each a type-length-value whose class is
 * picked by its type (IP Prefix and IP Gateway share type 7 and differ by length); address
 * records picked by their protocol (NLPID 0xcc is IPv4, 802.2 SNAP 0x86dd IPv6). The checksum is
 * the Internet checksum with Cisco's rule for an odd length (the last byte taken as a signed
 * 16-bit word).
 */
import { bindLayers } from "../core/bind.ts";
import { internetChecksum as checksumOf } from "../core/checksum.ts";
import { defineLayer } from "../core/define.ts";
import { ipv4, ipv6 } from "../core/fields/address.ts";
import { flags } from "../core/fields/bits.ts";
import { headerLength, lengthOf } from "../core/fields/computed.ts";
import { byte, byteEnum, IntField, oui, short, xbyte, xshort, xshortEnum } from "../core/fields/integers.ts";
import { fieldLen } from "../core/fields/length.ts";
import { packetList } from "../core/fields/packets.ts";
import { strLen } from "../core/fields/strings.ts";
import type { Packet } from "../core/packet.ts";
import { Raw } from "../core/raw.ts";
import type { Computed, LayerRef } from "../core/state.ts";
import { SNAP } from "./l2.ts";

export const CDP_TLV_TYPES = {
  1: "Device ID", 2: "Addresses", 3: "Port ID", 4: "Capabilities", 5: "Software Version", 6: "Platform", 7: "IP Prefix", 8: "Protocol Hello",
  9: "VTP Management Domain", 10: "Native VLAN", 11: "Duplex", 12: "CDP Unknown command (send us a pcap file)", 13: "CDP Unknown command (send us a pcap file)",
  14: "VoIP VLAN Reply", 15: "VoIP VLAN Query", 16: "Power", 17: "MTU", 18: "Trust Bitmap", 19: "Untrusted Port CoS", 20: "System Name",
  21: "System OID", 22: "Management Address", 23: "Location", 24: "CDP Unknown command (send us a pcap file)", 25: "CDP Unknown command (send us a pcap file)",
  26: "Power Available",
};

/** Messages end where their length says: what follows is the next message. */
const element = { extractPadding: () => 0 } as const;

const genericFields = (type: number | null) =>
  [xshortEnum("type", type, CDP_TLV_TYPES), fieldLen("len", null, { lengthOf: "val", adjust: (n) => n + 4 }), strLen("val", "")] as const;
const genericRules = { lengthFrom: { val: (p: { len: number | null }) => (p.len ?? 0) - 4 } };

export const CDPMsgGeneric = defineLayer("CDPMsgGeneric", genericFields(null), { displayName: "CDP Generic Message", ...element, ...genericRules });
const generic = (name: string, displayName: string, type: number | null) => defineLayer(name, genericFields(type), { displayName, parent: CDPMsgGeneric });

export const CDPMsgDeviceID = generic("CDPMsgDeviceID", "Device ID", 1);
export const CDPMsgSoftwareVersion = generic("CDPMsgSoftwareVersion", "Software Version", 5);
export const CDPMsgPlatform = generic("CDPMsgPlatform", "Platform", 6);
export const CDPMsgVTPMgmtDomain = generic("CDPMsgVTPMgmtDomain", "VTP Management Domain", 9);
export const CDPMsgUnknown19 = generic("CDPMsgUnknown19", "Unknown CDP Message", 0x19);
/** Scapy's CDPMsg: a generic message by another name. */
export const CDPMsg = generic("CDPMsg", "CDP ", null);

export const CDP_ADDR_RECORD_PTYPES = { 1: "NLPID", 2: "802.2" };
const PROTO_IP = Uint8Array.of(0xcc);
const PROTO_IPV6 = Uint8Array.of(0xaa, 0xaa, 0x03, 0x00, 0x00, 0x00, 0x86, 0xdd);

export const CDPAddrRecord = defineLayer(
  "CDPAddrRecord",
  [
    byteEnum("ptype", 1, CDP_ADDR_RECORD_PTYPES),
    fieldLen("plen", null, { fmt: "B", lengthOf: "proto" }),
    strLen("proto", null, "plen"),
    fieldLen("addrlen", null, { lengthOf: "addr" }),
    strLen("addr", null, "addrlen"),
  ],
  { displayName: "CDP Address", ...element },
);
export const CDPAddrRecordIPv4 = defineLayer(
  "CDPAddrRecordIPv4",
  [byteEnum("ptype", 1, CDP_ADDR_RECORD_PTYPES), fieldLen("plen", 1, { fmt: "B", lengthOf: "proto" }), strLen("proto", PROTO_IP, "plen"), short("addrlen", 4), ipv4("addr", "0.0.0.0")],
  { displayName: "CDP Address IPv4", parent: CDPAddrRecord },
);
export const CDPAddrRecordIPv6 = defineLayer(
  "CDPAddrRecordIPv6",
  [byteEnum("ptype", 2, CDP_ADDR_RECORD_PTYPES), fieldLen("plen", 8, { fmt: "B", lengthOf: "proto" }), strLen("proto", PROTO_IPV6, "plen"), short("addrlen", 16), ipv6("addr", "::1")],
  { displayName: "CDP Address IPv6", parent: CDPAddrRecord },
);

const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

/** Scapy's _CDPGuessAddrRecord: by the protocol bytes. */
function addrRecordClass(_p: Packet, buf: Uint8Array, off: number, end: number): LayerRef {
  if (end - off < 2) return Raw;
  const plen = buf[off + 1]!;
  const proto = buf.subarray(off + 2, Math.min(end, off + 2 + plen));
  return sameBytes(proto, PROTO_IP) ? CDPAddrRecordIPv4 : sameBytes(proto, PROTO_IPV6) ? CDPAddrRecordIPv6 : CDPAddrRecord;
}

const addrFields = (type: number) =>
  [
    xshortEnum("type", type, CDP_TLV_TYPES),
    // The message's own length (Scapy fills it in post_build).
    short("len", null).compute(headerLength()),
    fieldLen("naddr", null, { fmt: "I", countOf: "addr" }),
    packetList("addr", [], addrRecordClass),
  ] as const;
const addrRules = { lengthFrom: { addr: (p: { len: number | null }) => (p.len ?? 0) - 8 } };

export const CDPMsgAddr = defineLayer("CDPMsgAddr", addrFields(2), { displayName: "Addresses", parent: CDPMsgGeneric, ...addrRules });
export const CDPMsgMgmtAddr = defineLayer("CDPMsgMgmtAddr", addrFields(0x16), { displayName: "Management Address", parent: CDPMsgAddr });

export const CDPMsgPortID = defineLayer(
  "CDPMsgPortID",
  [xshortEnum("type", 3, CDP_TLV_TYPES), fieldLen("len", null, { lengthOf: "iface", adjust: (n) => n + 4 }), strLen("iface", "Port 1")],
  { displayName: "Port ID", parent: CDPMsgGeneric, lengthFrom: { iface: (p) => (p.len ?? 0) - 4 } },
);

export const CDP_CAPABILITIES = ["Router", "TransparentBridge", "SourceRouteBridge", "Switch", "Host", "IGMPCapable", "Repeater", ...Array.from({ length: 25 }, (_, i) => `Bit${25 - i}`)];

export const CDPMsgCapabilities = defineLayer("CDPMsgCapabilities", [xshortEnum("type", 4, CDP_TLV_TYPES), short("len", 8), flags("cap", 0, 32, CDP_CAPABILITIES)], {
  displayName: "Capabilities",
  parent: CDPMsgGeneric,
});

export const CDPMsgIPGateway = defineLayer("CDPMsgIPGateway", [xshortEnum("type", 7, CDP_TLV_TYPES), short("len", 8), ipv4("defaultgw", "192.168.0.1")], {
  displayName: "IP Gateway",
  parent: CDPMsgGeneric,
});
export const CDPMsgIPPrefix = defineLayer("CDPMsgIPPrefix", [xshortEnum("type", 7, CDP_TLV_TYPES), short("len", 9), ipv4("prefix", "192.168.0.1"), byte("plen", 24)], {
  displayName: "IP Prefix",
  parent: CDPMsgGeneric,
});

export const CDPMsgProtoHello = defineLayer(
  "CDPMsgProtoHello",
  [xshortEnum("type", 8, CDP_TLV_TYPES), short("len", 32), oui("oui", 0x00000c), xshort("protocol_id", 0), strLen("data", "")],
  { displayName: "Protocol Hello", parent: CDPMsgGeneric, lengthFrom: { data: (p) => (p.len ?? 0) - 9 } },
);

export const CDPMsgNativeVLAN = defineLayer("CDPMsgNativeVLAN", [xshortEnum("type", 10, CDP_TLV_TYPES), short("len", 6), short("vlan", 1)], {
  displayName: "Native VLAN",
  parent: CDPMsgGeneric,
});

export const CDP_DUPLEX = { 0: "Half", 1: "Full" };
export const CDPMsgDuplex = defineLayer("CDPMsgDuplex", [xshortEnum("type", 11, CDP_TLV_TYPES), short("len", 5), byteEnum("duplex", 0, CDP_DUPLEX)], {
  displayName: "Duplex",
  parent: CDPMsgGeneric,
});

export const CDPMsgVoIPVLANReply = defineLayer("CDPMsgVoIPVLANReply", [xshortEnum("type", 14, CDP_TLV_TYPES), short("len", 7), byte("status", 1), short("vlan", 1)], {
  displayName: "VoIP VLAN Reply",
  parent: CDPMsgGeneric,
});

export const CDPMsgVoIPVLANQuery = defineLayer(
  "CDPMsgVoIPVLANQuery",
  [xshortEnum("type", 15, CDP_TLV_TYPES), fieldLen("len", null, { lengthOf: "unknown2", adjust: (n) => n + 7 }), xbyte("unknown1", 0), short("vlan", 1), strLen("unknown2", "")],
  { displayName: "VoIP VLAN Query", parent: CDPMsgGeneric, lengthFrom: { unknown2: (p) => (p.len ?? 0) - 7 } },
);

/** Scapy's _CDPPowerField: milliwatts, shown with the unit. */
class PowerField extends IntField<"power"> {
  constructor() {
    super("power", 1337, 2, { kindName: "_CDPPowerField" });
  }
  override repr(value: unknown): string {
    return `${Number(value ?? 0)} mW`;
  }
}

export const CDPMsgPower = defineLayer("CDPMsgPower", [xshortEnum("type", 16, CDP_TLV_TYPES), short("len", 6), new PowerField()], { displayName: "Power", parent: CDPMsgGeneric });
export const CDPMsgMTU = defineLayer("CDPMsgMTU", [xshortEnum("type", 17, CDP_TLV_TYPES), short("len", 6), short("mtu", 1500)], { displayName: "MTU", parent: CDPMsgGeneric });
export const CDPMsgTrustBitmap = defineLayer("CDPMsgTrustBitmap", [xshortEnum("type", 18, CDP_TLV_TYPES), short("len", 5), xbyte("trust_bitmap", 0)], {
  displayName: "Trust Bitmap",
  parent: CDPMsgGeneric,
});
export const CDPMsgUntrustedPortCoS = defineLayer("CDPMsgUntrustedPortCoS", [xshortEnum("type", 19, CDP_TLV_TYPES), short("len", 5), xbyte("untrusted_port_cos", 0)], {
  displayName: "Untrusted Port CoS",
  parent: CDPMsgGeneric,
});

const MESSAGE_CLASSES: Readonly<Record<number, LayerRef>> = {
  1: CDPMsgDeviceID, 2: CDPMsgAddr, 3: CDPMsgPortID, 4: CDPMsgCapabilities, 5: CDPMsgSoftwareVersion, 6: CDPMsgPlatform, 8: CDPMsgProtoHello,
  9: CDPMsgVTPMgmtDomain, 10: CDPMsgNativeVLAN, 11: CDPMsgDuplex, 14: CDPMsgVoIPVLANReply, 15: CDPMsgVoIPVLANQuery, 16: CDPMsgPower, 17: CDPMsgMTU,
  18: CDPMsgTrustBitmap, 19: CDPMsgUntrustedPortCoS, 0x16: CDPMsgMgmtAddr, 0x19: CDPMsgUnknown19,
};

/** Scapy's _CDPGuessPayloadClass: by type; type 7 is a gateway when its length is 8, a prefix otherwise. */
function messageClass(_p: Packet, buf: Uint8Array, off: number, end: number): LayerRef {
  if (end - off < 2) return Raw;
  const type = (buf[off]! << 8) | buf[off + 1]!;
  if (type === 7 && end - off > 4) return ((buf[off + 2]! << 8) | buf[off + 3]!) === 8 ? CDPMsgIPGateway : CDPMsgIPPrefix;
  return MESSAGE_CLASSES[type] ?? CDPMsgGeneric;
}

/** The Internet checksum of the CDP packet; an odd last byte b is summed as 0x00b (b <= 0x80) or 0xff(b-1). */
const cdpChecksum: Computed = {
  stage: "checksum",
  describe: "internet checksum of the CDP packet (Cisco's odd-length rule)",
  refs: [],
  compute: (_p, out) => {
    const n = out.end - out.start;
    if (n % 2 === 0) return checksumOf(out.buf, out.start, out.end);
    const copy = new Uint8Array(n + 1);
    copy.set(out.buf.subarray(out.start, out.end - 1));
    const last = out.buf[out.end - 1]!;
    copy[n - 1] = last <= 0x80 ? 0 : 0xff;
    copy[n] = last <= 0x80 ? last : last - 1;
    return checksumOf(copy, 0, copy.length);
  },
};

export const CDPv2_HDR = defineLayer("CDPv2_HDR", [byte("vers", 2), byte("ttl", 180), xshort("cksum", null).compute(cdpChecksum), packetList("msg", [], messageClass)], {
  displayName: "Cisco Discovery Protocol version 2",
  parent: CDPMsgGeneric,
});

bindLayers(SNAP, CDPv2_HDR, { code: 0x2000, OUI: 0xc });
