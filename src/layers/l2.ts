/** Link layers: Ethernet (and 802.3), 802.1Q VLAN tags, LLC/SNAP, STP BPDUs, ARP, Linux cooked capture (SLL, SLL2), BSD loopback. */
import { bindLayers } from "../core/bind.ts";
import { defineLayer } from "../core/define.ts";
import { destMac, IP6Field, IPField, mac, MACField, SourceIP6Field, SourceIPField, sourceMac } from "../core/fields/address.ts";
import { bits } from "../core/fields/bits.ts";
import { byte, byteEnum, int, loIntEnum, oui, short, shortEnum, xbyte, xshort, xshortEnum } from "../core/fields/integers.ts";
import { fieldLen, lenField } from "../core/fields/length.ts";
import { strFixedLen } from "../core/fields/strings.ts";
import { multipleType } from "../core/fields/wrapped.ts";
import { Field, invalid } from "../core/field.ts";
import { hashWithPayload, payloadAnswers, sameLayer, type Packet } from "../core/packet.ts";
import { isSet } from "../core/read/values.ts";
import type { Writer } from "../core/writer.ts";
import { fieldWireBytes } from "../core/write/build.ts";
import { ETHER_TYPES } from "./data/etherTypes.ts";
import { DLT, registerLinkType } from "./linktypes.ts";

const u16 = (n: number) => Uint8Array.of(n >> 8, n & 0xff);
const u16le = (n: number) => Uint8Array.of(n & 0xff, n >> 8);

export const Ether = defineLayer("Ether", [destMac("dst"), sourceMac("src"), xshortEnum("type", 0x9000, ETHER_TYPES)], {
  displayName: "Ethernet",
  dispatch: (buf, start, end) => (end - start >= 14 && ((buf[start + 12]! << 8) | buf[start + 13]!) <= 1500 ? Dot3 : undefined),
  summary: "%src% > %dst% (%type%)",
  answers: (reply, request) => sameLayer(request, reply) && reply.type === request.type && payloadAnswers(reply, request),
  // Scapy packs the type in host byte order here (little-endian on the machines we run on).
  hashret: (p) => hashWithPayload(p, u16le(p.type)),
});

/** 802.3: a length instead of a type; LLC follows. */
export const Dot3 = defineLayer("Dot3", [destMac("dst"), sourceMac("src"), lenField("len", null)], {
  displayName: "802.3",
  extractPadding: (p) => p.len,
  summary: "802.3 %Dot3.src% > %Dot3.dst%",
});

export const LLC = defineLayer("LLC", [xbyte("dsap", 0), xbyte("ssap", 0), byte("ctrl", 0)]);

export const SNAP = defineLayer("SNAP", [oui("OUI", 0), xshortEnum("code", 0, ETHER_TYPES)]);

const dot1qFields = [bits("prio", 0, 3), bits("dei", 0, 1), bits("vlan", 1, 12), xshortEnum("type", 0, ETHER_TYPES)] as const;

/** 802.1Q tag: dissected with Ethernet's bindings, so whatever Ether carries, a tag can carry. */
export const Dot1Q = defineLayer("Dot1Q", dot1qFields, {
  displayName: "802.1Q",
  aliasOf: [Ether],
  deprecated: { id: ["dei", "2.5.0"] },
  // A type of 1500 or less is a length: the bytes after it are padding, and LLC follows.
  extractPadding: (p) => (p.type > 1500 ? null : p.type),
  guessPayload: (p) => (p.type <= 1500 ? LLC : undefined),
  summary: (p) => {
    const name = p.spec.name === "Dot1AD" ? "802.1ad" : "802.1q";
    const under = p.underlayer;
    if (under && under.spec === Ether.spec) return under.sprintf(`${name} %Ether.src% > %Ether.dst% (%${p.spec.name}.type%) vlan %${p.spec.name}.vlan%`);
    return p.sprintf(`${name} (%${p.spec.name}.type%) vlan %${p.spec.name}.vlan%`);
  },
  answers: (reply, request) => {
    if (sameLayer(request, reply) && reply.type === request.type && reply.vlan === request.vlan) return payloadAnswers(reply, request);
    return reply.payload?.answers(request) ?? false;
  },
});

/** 802.1ad (Q-in-Q service tag). */
export const Dot1AD = defineLayer("Dot1AD", dot1qFields, { parent: Dot1Q, displayName: "802_1AD" });

/**
 * Scapy's BCDFloatField: seconds as a big-endian short in 1/256 units (STP's timers). Values are
 * numbers; a fraction is truncated to the unit when written, as Scapy's int(256 * x).
 */
export class BCDFloatField<N extends string = string> extends Field<N, number, number> {
  kindName = "BCDFloatField";
  constructor(name: N, d: number) {
    super(name, d);
    this.bits = 16;
  }
  override fromUser(value: unknown): unknown {
    if (typeof value !== "number" || !Number.isFinite(value)) invalid(`expected a number of seconds, got ${typeof value === "number" ? value : typeof value}`);
    const units = Math.trunc((value as number) * 256);
    if (units < 0 || units > 0xffff) invalid(`${value} does not fit in 16 bits of 1/256 seconds`);
    return value;
  }
  override readFixed(buf: Uint8Array, at: number): unknown {
    return ((buf[at]! << 8) | buf[at + 1]!) / 256;
  }
  override write(w: Writer, value: unknown): void {
    w.u16(Math.trunc(Number(value ?? 0) * 256) & 0xffff);
  }
  /** A value read or given is a Python float ("1.0"); the default is Scapy's int ("1"). */
  override repr(value: unknown, pkt: Packet): string {
    const x = Number(value);
    const i = pkt.spec.layout.fieldIndex.get(this.name);
    return Number.isInteger(x) && i !== undefined && isSet(pkt, i) ? x.toFixed(1) : String(x);
  }
  override literal(value: unknown, pkt: Packet): string {
    return this.repr(value, pkt);
  }
}

/**
 * Spanning Tree BPDU (802.1D configuration, and RSTP's with version 2): over LLC 0x42/0x42, as
 * Scapy declares it. A topology-change notification (4 bytes) is too short for it and stays Raw,
 * and RSTP's trailing "version 1 length" byte is Padding, as in Scapy.
 */
export const STP = defineLayer(
  "STP",
  [
    short("proto", 0),
    byte("version", 0),
    byte("bpdutype", 0),
    byte("bpduflags", 0),
    short("rootid", 0),
    mac("rootmac", "00:00:00:00:00:00"),
    int("pathcost", 0),
    short("bridgeid", 0),
    mac("bridgemac", "00:00:00:00:00:00"),
    short("portid", 0),
    new BCDFloatField("age", 1),
    new BCDFloatField("maxage", 20),
    new BCDFloatField("hellotime", 2),
    new BCDFloatField("fwddelay", 15),
  ],
  { displayName: "Spanning Tree Protocol" },
);

export const ARP_OPS = { 1: "who-has", 2: "is-at", 3: "RARP-req", 4: "RARP-rep", 5: "Dyn-RARP-req", 6: "Dyn-RAR-rep", 7: "Dyn-RARP-err", 8: "InARP-req", 9: "InARP-rep" };
export const ARP_HARDWARE = {
  1: "Ethernet (10Mb)", 2: "Ethernet (3Mb)", 3: "AX.25", 4: "Proteon ProNET Token Ring", 5: "Chaos", 6: "IEEE 802 Networks", 7: "ARCNET",
  8: "Hyperchannel", 9: "Lanstar", 10: "Autonet Short Address", 11: "LocalTalk", 12: "LocalNet", 13: "Ultra link", 14: "SMDS",
  15: "Frame relay", 16: "ATM", 17: "HDLC", 18: "Fibre Channel", 19: "ATM", 20: "Serial Line", 21: "ATM",
};

/**
 * An ARP address is of the kind its type and length give. With no length given, text is taken as
 * the address kind (so a malformed MAC or IPv4 address is an error, as for any address field) and
 * bytes as bytes.
 */
const addressKind = (len: number | null, want: number, value: unknown) => len === want || (len === null && !(value instanceof Uint8Array && value.length !== want));
const isIPv6Text = (v: unknown) => typeof v === "string" && v.includes(":");

export const ARP = defineLayer(
  "ARP",
  [
    xshortEnum("hwtype", 1, ARP_HARDWARE),
    xshortEnum("ptype", 0x800, ETHER_TYPES),
    fieldLen("hwlen", null, { fmt: "B", lengthOf: "hwsrc" }),
    fieldLen("plen", null, { fmt: "B", lengthOf: "psrc" }),
    shortEnum("op", 1, ARP_OPS),
    multipleType("hwsrc", { mac: sourceMac("hwsrc"), bytes: strFixedLen("hwsrc", null, "hwlen") }, "bytes"),
    multipleType("psrc", { v4: new SourceIPField("psrc", "pdst"), v6: new SourceIP6Field("psrc", "pdst"), bytes: strFixedLen("psrc", null, "plen") }, "bytes"),
    multipleType("hwdst", { mac: new MACField("hwdst", "00:00:00:00:00:00"), bytes: strFixedLen("hwdst", null, "hwlen") }, "bytes"),
    multipleType("pdst", { v4: new IPField("pdst", "0.0.0.0"), v6: new IP6Field("pdst", "::"), bytes: strFixedLen("pdst", null, "plen") }, "bytes"),
  ],
  {
    choose: {
      hwsrc: (p, v) => (p.hwtype === 1 && addressKind(p.hwlen, 6, v) ? "mac" : "bytes"),
      hwdst: (p, v) => (p.hwtype === 1 && addressKind(p.hwlen, 6, v) ? "mac" : "bytes"),
      psrc: (p, v) => protocolAddressKind(p.ptype, p.plen, v),
      pdst: (p, v) => protocolAddressKind(p.ptype, p.plen, v),
    },
    // Everything after the addresses is padding.
    extractPadding: () => 0,
    summary: (p) => {
      if (p.op === 1) return p.sprintf("ARP who has %pdst% says %psrc%");
      if (p.op === 2) return p.sprintf("ARP is at %hwsrc% says %psrc%");
      return p.sprintf("ARP %op% %psrc% > %pdst%");
    },
    hashret: (p) => {
      const own = new Uint8Array(6);
      own.set(u16(p.hwtype), 0);
      own.set(u16(p.ptype), 2);
      own.set(u16(Math.floor((p.op + 1) / 2)), 4);
      return hashWithPayload(p, own);
    },
    // A reply's psrc must be the address asked for (compared as bytes, on the shorter length).
    answers: (reply, request) => {
      if (!sameLayer(request, reply) || reply.op !== request.op + 1) return false;
      const a = fieldWireBytes(reply, "psrc");
      const b = fieldWireBytes(request, "pdst");
      const n = Math.min(a.length, b.length);
      for (let i = 0; i < n; i++) if (a[i] !== b[i]) return false;
      return true;
    },
  },
);

function protocolAddressKind(ptype: number, plen: number | null, value: unknown): "v4" | "v6" | "bytes" {
  if (ptype === 0x800 && addressKind(plen, 4, value) && !(plen === null && isIPv6Text(value))) return "v4";
  if (ptype === 0x86dd && addressKind(plen, 16, value)) return "v6";
  return "bytes";
}

export const PACKET_TYPES = { 0: "unicast", 1: "broadcast", 2: "multicast", 3: "unicast-to-another-host", 4: "sent-by-us" };

/** Linux cooked capture v1 (DLT_LINUX_SLL, what `tcpdump -i any` wrote before SLL2). */
export const CookedLinux = defineLayer(
  "CookedLinux",
  [shortEnum("pkttype", 0, PACKET_TYPES), xshort("lladdrtype", 512), short("lladdrlen", 0), strFixedLen("src", new Uint8Array(0), 8), xshortEnum("proto", 0x800, ETHER_TYPES)],
  { displayName: "cooked linux" },
);

/** Linux cooked capture v2 (DLT_LINUX_SLL2). */
export const CookedLinuxV2 = defineLayer(
  "CookedLinuxV2",
  [
    xshortEnum("proto", 0x800, ETHER_TYPES),
    short("reserved", 0),
    int("ifindex", 0),
    xshort("lladdrtype", 512),
    byteEnum("pkttype", 0, PACKET_TYPES),
    byte("lladdrlen", 0),
    strFixedLen("src", new Uint8Array(0), 8),
  ],
  { displayName: "cooked linux v2", parent: CookedLinux },
);
/** The name the capture world uses for CookedLinuxV2. */
export const SLL2 = CookedLinuxV2;

export const LOOPBACK_TYPES = { 2: "IPv4", 7: "OSI", 16: "Appletalk", 23: "Netware IPX/SPX", 24: "IPv6", 28: "IPv6", 30: "IPv6" };

/** BSD loopback (DLT_NULL): the address family in host byte order. */
export const Loopback = defineLayer("Loopback", [loIntEnum("type", 2, LOOPBACK_TYPES)], { displayName: "Loopback" });

bindLayers(Dot3, LLC);
bindLayers(Ether, LLC, { type: 122 });
bindLayers(Ether, LLC, { type: 34928 });
bindLayers(Ether, Dot1Q, { type: 0x8100 });
bindLayers(Ether, Dot1AD, { type: 0x88a8 });
bindLayers(Dot1AD, Dot1AD, { type: 0x88a8 });
bindLayers(Dot1AD, Dot1Q, { type: 0x8100 });
bindLayers(Dot1Q, Dot1AD, { type: 0x88a8 });
bindLayers(Ether, Ether, { type: 1 });
bindLayers(Ether, ARP, { type: 0x806 });
bindLayers(CookedLinux, LLC, { proto: 122 });
bindLayers(CookedLinux, Dot1Q, { proto: 0x8100 });
bindLayers(CookedLinux, Ether, { proto: 1 });
bindLayers(CookedLinux, ARP, { proto: 0x806 });
bindLayers(LLC, STP, { dsap: 0x42, ssap: 0x42, ctrl: 3 });
bindLayers(LLC, SNAP, { dsap: 0xaa, ssap: 0xaa, ctrl: 3 });
bindLayers(SNAP, Dot1Q, { code: 0x8100 });
bindLayers(SNAP, Ether, { code: 1 });
bindLayers(SNAP, ARP, { code: 0x806 });
bindLayers(SNAP, STP, { code: 267 });

registerLinkType(DLT.EN10MB, Ether);
registerLinkType(DLT.LINUX_SLL, CookedLinux);
registerLinkType(DLT.LINUX_SLL2, CookedLinuxV2);
registerLinkType(DLT.NULL, Loopback);
