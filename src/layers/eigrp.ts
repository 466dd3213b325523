/**
 * EIGRP (RFC 7868), as Scapy's contrib eigrp: the header with its checksum over the whole
 * message, and its TLVs: Parameters, Authentication, Sequence, Software Version, Next Multicast
 * Sequence, Stub, IPv4 and IPv6 internal and external routes (destinations written on the bytes
 * their prefix length needs), and a generic TLV for the other types. IP protocol 88 and IPv6
 * next header 88, both ways.
 */
import { bindLayers } from "../core/bind.ts";
import { defineLayer } from "../core/define.ts";
import { invalid } from "../core/field.ts";
import { ipv4, ipv6 } from "../core/fields/address.ts";
import { flags } from "../core/fields/bits.ts";
import { internetChecksum, layerLength, lengthOf } from "../core/fields/computed.ts";
import { byte, byteEnum, int, IntField, short, shortEnum, threeBytes, xshort } from "../core/fields/integers.ts";
import { fieldLen } from "../core/fields/length.ts";
import { packetList } from "../core/fields/packets.ts";
import { PrefixBytesAddressField } from "../core/fields/prefix.ts";
import { strFixedLen, strLen, StrLenField } from "../core/fields/strings.ts";
import type { Packet } from "../core/packet.ts";
import { Raw } from "../core/raw.ts";
import type { LayerRef } from "../core/state.ts";
import { randomBytes } from "../core/volatile.ts";
import { IP } from "./inet.ts";
import { IPv6 } from "./inet6.ts";

export const EIGRP_OPCODES = { 1: "Update", 2: "Request", 3: "Query", 4: "Replay", 5: "Hello", 6: "IPX SAP", 10: "SIA Query", 11: "SIA Reply" };
export const EIGRP_EXTERNAL_PROTOCOL_ID = {
  0x01: "IGRP",
  0x02: "EIGRP",
  0x03: "Static Route",
  0x04: "RIP",
  0x05: "Hello",
  0x06: "OSPF",
  0x07: "IS-IS",
  0x08: "EGP",
  0x09: "BGP",
  0x0a: "IDRP",
  0x0b: "Connected Link",
};
const EIGRP_FLAGS = ["init", "cond-recv", "unknown", "update"];
const EIGRP_STUB_FLAGS = ["connected", "static", "summary", "receive-only", "redistributed", "leak-map"];
const EIGRP_EXTROUTE_FLAGS = ["external", "candidate-default"];

/** TLVs end where their fields end: what follows is the next TLV. */
const tlv = { extractPadding: () => 0 } as const;

export const EIGRPGeneric = defineLayer(
  "EIGRPGeneric",
  [xshort("type", 0x0000), fieldLen("len", null, { lengthOf: "value", adjust: (n) => n + 4 }), strLen("value", Uint8Array.of(0))],
  { displayName: "EIGRP Generic TLV", lengthFrom: { value: (p) => (p.len ?? 0) - 4 }, ...tlv },
);

export const EIGRPParam = defineLayer(
  "EIGRPParam",
  [xshort("type", 0x0001), short("len", 12), byte("k1", 1), byte("k2", 0), byte("k3", 1), byte("k4", 0), byte("k5", 0), byte("reserved", 0), short("holdtime", 15)],
  { displayName: "EIGRP Parameters", ...tlv },
);

/** Bytes whose default is 16 fresh random bytes at every build (Scapy's RandString(16) default). */
class RandomBytesLenField<N extends string> extends StrLenField<N> {
  override defaultFor(): unknown {
    return randomBytes(16);
  }
}

export const EIGRPAuthData = defineLayer(
  "EIGRPAuthData",
  [
    xshort("type", 0x0002),
    fieldLen("len", null, { lengthOf: "authdata", adjust: (n) => n + 24 }),
    shortEnum("authtype", 2, { 2: "MD5" }),
    short("keysize", null).compute(lengthOf("authdata")),
    int("keyid", 1),
    strFixedLen("nullpad", new Uint8Array(12), 12),
    new RandomBytesLenField("authdata", null),
  ],
  { displayName: "EIGRP Authentication Data", lengthFrom: { authdata: (p) => p.keysize ?? 0 }, ...tlv },
);

export const EIGRPSeq = defineLayer(
  "EIGRPSeq",
  [xshort("type", 0x0003), short("len", null).compute(layerLength()), byte("addrlen", 4), ipv4("ipaddr", "192.168.0.1"), ipv6("ip6addr", "2001::")],
  { displayName: "EIGRP Sequence", when: { ipaddr: (p) => p.addrlen === 4, ip6addr: (p) => p.addrlen === 16 }, ...tlv },
);

/** A version as major.minor bytes, shown and accepted as "v12.0" (Scapy's ShortVersionField). */
class ShortVersionField<N extends string> extends IntField<N, number | string, number> {
  override kindName = "ShortVersionField";
  constructor(name: N, d: string) {
    super(name, 0, 2);
    (this as { defaultValue: unknown }).defaultValue = this.fromUser(d);
  }
  override fromUser(value: unknown): unknown {
    if (typeof value === "string") {
      const m = /^v(\d+)\.(\d+)$/.exec(value);
      if (!m || value.length > 8 || Number(m[1]) > 255 || Number(m[2]) > 255) return invalid(`expected a version such as "v12.1", got ${JSON.stringify(value)}`);
      return (Number(m[1]) << 8) | Number(m[2]);
    }
    return super.fromUser(value, null);
  }
  override repr(value: unknown): string {
    const n = Number(value);
    return `v${(n >> 8) & 0xff}.${n & 0xff}`;
  }
}

export const EIGRPSwVer = defineLayer(
  "EIGRPSwVer",
  [xshort("type", 0x0004), short("len", 8), new ShortVersionField("ios", "v12.0"), new ShortVersionField("eigrp", "v1.2")],
  { displayName: "EIGRP Software Version", ...tlv },
);

export const EIGRPNms = defineLayer("EIGRPNms", [xshort("type", 0x0005), short("len", 8), int("nms", 2)], { displayName: "EIGRP Next Multicast Sequence", ...tlv });

export const EIGRPStub = defineLayer("EIGRPStub", [xshort("type", 0x0006), short("len", 6), flags("flags", 0x000d, 16, EIGRP_STUB_FLAGS)], {
  displayName: "EIGRP Stub Router",
  ...tlv,
});

/** Scapy's EigrpIPField: 1, 2, 3 or 4 bytes for prefixes of up to 8, 16, 24 or more bits. */
const ipv4DestinationBytes = (plen: number) => (plen <= 8 ? 1 : plen <= 16 ? 2 : plen <= 24 ? 3 : 4);
/** Scapy's EigrpIP6Field: prefix length // 8 bytes, one more below 16 (a /64 takes 9). */
const ipv6DestinationBytes = (plen: number) => {
  const n = Math.floor(plen / 8);
  return n < 16 ? n + 1 : n;
};
const ipv4Destination = (d: string) => new PrefixBytesAddressField("dst", d, 4, "prefixlen", ipv4DestinationBytes, "EigrpIPField", true);
const ipv6Destination = (d: string) => new PrefixBytesAddressField("dst", d, 6, "prefixlen", ipv6DestinationBytes, "EigrpIP6Field");

export const EIGRPIntRoute = defineLayer(
  "EIGRPIntRoute",
  [
    xshort("type", 0x0102),
    fieldLen("len", null, { lengthOf: "dst", adjust: (n) => n + 25 }),
    ipv4("nexthop", "192.168.0.0"),
    int("delay", 128000),
    int("bandwidth", 256),
    threeBytes("mtu", 1500),
    byte("hopcount", 0),
    byte("reliability", 255),
    byte("load", 0),
    xshort("reserved", 0),
    byte("prefixlen", 24),
    ipv4Destination("192.168.1.0"),
  ],
  { displayName: "EIGRP Internal Route", ...tlv },
);

const externalFields = [
  ipv4("originrouter", "192.168.0.1"),
  int("originasn", 0),
  int("tag", 0),
  int("externalmetric", 0),
  short("reserved", 0),
  byteEnum("extprotocolid", 3, EIGRP_EXTERNAL_PROTOCOL_ID),
  flags("flags", 0, 8, EIGRP_EXTROUTE_FLAGS),
] as const;

export const EIGRPExtRoute = defineLayer(
  "EIGRPExtRoute",
  [
    xshort("type", 0x0103),
    fieldLen("len", null, { lengthOf: "dst", adjust: (n) => n + 45 }),
    ipv4("nexthop", "192.168.0.0"),
    ...externalFields,
    int("delay", 0),
    int("bandwidth", 256),
    threeBytes("mtu", 1500),
    byte("hopcount", 0),
    byte("reliability", 255),
    byte("load", 0),
    xshort("reserved2", 0),
    byte("prefixlen", 24),
    ipv4Destination("192.168.1.0"),
  ],
  { displayName: "EIGRP External Route", ...tlv },
);

export const EIGRPv6IntRoute = defineLayer(
  "EIGRPv6IntRoute",
  [
    xshort("type", 0x0402),
    fieldLen("len", null, { lengthOf: "dst", adjust: (n) => n + 37 }),
    ipv6("nexthop", "::"),
    int("delay", 128000),
    int("bandwidth", 256000),
    threeBytes("mtu", 1500),
    byte("hopcount", 1),
    byte("reliability", 255),
    byte("load", 0),
    xshort("reserved", 0),
    byte("prefixlen", 16),
    ipv6Destination("2001::"),
  ],
  { displayName: "EIGRP for IPv6 Internal Route", ...tlv },
);

export const EIGRPv6ExtRoute = defineLayer(
  "EIGRPv6ExtRoute",
  [
    xshort("type", 0x0403),
    fieldLen("len", null, { lengthOf: "dst", adjust: (n) => n + 57 }),
    ipv6("nexthop", "::"),
    ...externalFields,
    int("delay", 0),
    int("bandwidth", 256000),
    threeBytes("mtu", 1500),
    byte("hopcount", 1),
    byte("reliability", 0),
    byte("load", 1),
    xshort("reserved2", 0),
    byte("prefixlen", 8),
    ipv6Destination("::"),
  ],
  { displayName: "EIGRP for IPv6 External Route", ...tlv },
);

const TLV_CLASSES: Record<number, LayerRef> = {
  0x0001: EIGRPParam,
  0x0002: EIGRPAuthData,
  0x0003: EIGRPSeq,
  0x0004: EIGRPSwVer,
  0x0005: EIGRPNms,
  0x0006: EIGRPStub,
  0x0102: EIGRPIntRoute,
  0x0103: EIGRPExtRoute,
  0x0402: EIGRPv6IntRoute,
  0x0403: EIGRPv6ExtRoute,
};

/** The TLV's class by its type; a last single byte is Raw. */
function chooseTLV(_pkt: Packet, buf: Uint8Array, off: number, end: number): LayerRef | null {
  if (end - off < 2) return Raw;
  return TLV_CLASSES[(buf[off]! << 8) | buf[off + 1]!] ?? EIGRPGeneric;
}

export const EIGRP = defineLayer(
  "EIGRP",
  [
    byte("ver", 2),
    byteEnum("opcode", 5, EIGRP_OPCODES),
    xshort("chksum", null).compute(internetChecksum("layer")),
    flags("flags", 0, 32, EIGRP_FLAGS),
    int("seq", 0),
    int("ack", 0),
    int("asn", 100),
    packetList("tlvlist", [], chooseTLV),
  ],
  {
    summary: (p) => {
      let text = "EIGRP (AS=%EIGRP.asn% Opcode=%EIGRP.opcode%";
      if (p.opcode === 5 && p.ack !== 0) text += " (ACK)";
      if (p.flags.value !== 0) text += " Flags=%EIGRP.flags%";
      return p.sprintf(text + ")");
    },
  },
);

bindLayers(IP, EIGRP, { proto: 88 });
bindLayers(IPv6, EIGRP, { nh: 88 });
