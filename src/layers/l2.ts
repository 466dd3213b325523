/** Link layers: Ethernet (and 802.3), 802.1Q VLAN tags, LLC/SNAP, ARP, Linux cooked capture (SLL, SLL2), BSD loopback. */
import { bindLayers } from "../core/bind.ts";
import { defineLayer } from "../core/define.ts";
import type { Packet } from "../core/packet.ts";
import { payloadAnswers } from "../core/packet.ts";
import { destMac, IP6Field, IPField, mac, MACField, SourceIP6Field, SourceIPField, sourceMac } from "../core/fields/address.ts";
import { fieldWireBytes } from "../core/build.ts";
import { bits } from "../core/fields/bits.ts";
import { byte, byteEnum, int, IntField, leIntEnum, short, shortEnum, xbyte, xshort, xshortEnum } from "../core/fields/integers.ts";
import { fieldLen } from "../core/fields/length.ts";
import { StrFixedLenField, strFixedLen } from "../core/fields/strings.ts";
import { multipleType } from "../core/fields/wrapped.ts";
import { ETHER_TYPES } from "./data/etherTypes.ts";
import { DLT, registerLinkType } from "./linktypes.ts";
import { concatBytes } from "../core/bytes.ts";

const u16 = (n: number) => Uint8Array.of(n >> 8, n & 0xff);
const u16le = (n: number) => Uint8Array.of(n & 0xff, n >> 8);

/** Key shared by a request and its replies: the layer's own part, then its payload's. */
export function hashWithPayload(p: Packet, own: Uint8Array): Uint8Array {
  const pl = p.payload;
  return pl ? concatBytes([own, pl.hashret()]) : own;
}

export const Ether = defineLayer("Ether", [destMac("dst"), sourceMac("src"), xshortEnum("type", 0x9000, ETHER_TYPES)], {
  displayName: "Ethernet",
  dispatch: (buf, start, end) => (end - start >= 14 && ((buf[start + 12]! << 8) | buf[start + 13]!) <= 1500 ? Dot3 : undefined),
  summary: "%src% > %dst% (%type%)",
  answers: (reply, request): boolean => request.spec === reply.spec && reply.getFieldValue("type") === request.getFieldValue("type") && payloadAnswers(reply, request),
  // Scapy packs the type in host byte order here (little-endian on the machines we run on).
  hashret: (p) => hashWithPayload(p, u16le(p.getFieldValue("type") as number)),
});

/** 802.3: a length instead of a type; LLC follows. */
export const Dot3 = defineLayer("Dot3", [destMac("dst"), sourceMac("src"), short("len", null)], {
  displayName: "802.3",
  extractPadding: (p) => (p.getFieldValue("len") as number | null) ?? null,
  postBuild(p, w, start, headerEnd) {
    if (p.getFieldValue("len") === null) w.patch(start + 12, w.pos - headerEnd, 2);
  },
  summary: "802.3 %Dot3.src% > %Dot3.dst%",
});
setKindName(Dot3, "len", "LenField");

export const LLC = defineLayer("LLC", [xbyte("dsap", 0), xbyte("ssap", 0), byte("ctrl", 0)]);
/** An organisationally unique identifier, shown as 00:00:0c. */
class OUIField<N extends string> extends IntField<N> {
  override kindName = "OUIField";
  constructor(name: N, defaultValue: number) {
    super(name, defaultValue, 3);
  }
  override repr(value: unknown): string {
    const v = value as number;
    return [v >>> 16, (v >>> 8) & 0xff, v & 0xff].map((b) => b.toString(16).padStart(2, "0")).join(":");
  }
}

export const SNAP = defineLayer("SNAP", [new OUIField("OUI", 0), xshortEnum("code", 0, ETHER_TYPES)]);

function setKindName(layer: { fields: readonly { name: string; kindName: string }[] }, field: string, kindName: string): void {
  const f = layer.fields.find((x) => x.name === field);
  if (f) f.kindName = kindName;
}

const dot1qFields = [bits("prio", 0, 3), bits("dei", 0, 1), bits("vlan", 1, 12), xshortEnum("type", 0, ETHER_TYPES)] as const;

function dot1qSummary(p: Packet): string {
  const name = p.spec.name === "Dot1AD" ? "802.1ad" : "802.1q";
  const under = p.underlayer;
  if (under && under.spec === Ether.spec) return under.sprintf(`${name} %Ether.src% > %Ether.dst% (%${p.spec.name}.type%) vlan %${p.spec.name}.vlan%`);
  return p.sprintf(`${name} (%${p.spec.name}.type%) vlan %${p.spec.name}.vlan%`);
}

/** 802.1Q tag: dissected with Ethernet's bindings, so whatever Ether carries, a tag can carry. */
export const Dot1Q = defineLayer("Dot1Q", dot1qFields, {
  displayName: "802.1Q",
  aliasOf: [Ether],
  // A type of 1500 or less is a length: the bytes after it are padding, and LLC follows.
  extractPadding: (p) => {
    const type = p.getFieldValue("type") as number;
    return type > 1500 ? null : type;
  },
  guessPayload: (p) => ((p.getFieldValue("type") as number) <= 1500 ? LLC : undefined),
  summary: dot1qSummary,
  answers: (reply, request) => {
    if (request.spec === reply.spec) {
      const same = reply.getFieldValue("type") === request.getFieldValue("type") && reply.getFieldValue("vlan") === request.getFieldValue("vlan");
      if (same) return payloadAnswers(reply, request);
    }
    const pl = reply.payload;
    return pl ? pl.answers(request) : false;
  },
});

/** 802.1ad (Q-in-Q service tag). */
export const Dot1AD = defineLayer("Dot1AD", dot1qFields, { parent: Dot1Q, displayName: "802_1AD" });

export const ARP_OPS = { 1: "who-has", 2: "is-at", 3: "RARP-req", 4: "RARP-rep", 5: "Dyn-RARP-req", 6: "Dyn-RAR-rep", 7: "Dyn-RARP-err", 8: "InARP-req", 9: "InARP-rep" };
export const ARP_HARDWARE = {
  1: "Ethernet (10Mb)", 2: "Ethernet (3Mb)", 3: "AX.25", 4: "Proteon ProNET Token Ring", 5: "Chaos", 6: "IEEE 802 Networks", 7: "ARCNET",
  8: "Hyperchannel", 9: "Lanstar", 10: "Autonet Short Address", 11: "LocalTalk", 12: "LocalNet", 13: "Ultra link", 14: "SMDS",
  15: "Frame relay", 16: "ATM", 17: "HDLC", 18: "Fibre Channel", 19: "ATM", 20: "Serial Line", 21: "ATM",
};

type ArpView = { hwtype: number; ptype: number; hwlen: number | null; plen: number | null };
const arp = (p: Packet | null) => p as unknown as ArpView;
const isMacText = (v: unknown) => v === undefined || v === null || (typeof v === "string" && /^[0-9a-f]{2}([:-][0-9a-f]{2}){5}$/i.test(v));
const isIPv4Text = (v: unknown) => v === undefined || v === null || (typeof v === "string" && !v.includes(":"));
const isIPv6Text = (v: unknown) => v === undefined || v === null || (typeof v === "string" && v.includes(":"));

/** Address fields typed by hwtype/ptype and their lengths; an explicit length that disagrees gives raw bytes. */
const macWhen = (p: Packet | null, v?: unknown) => !!p && arp(p).hwtype === 1 && (arp(p).hwlen === 6 || (arp(p).hwlen === null && isMacText(v)));
const ipv4When = (p: Packet | null, v?: unknown) => !!p && arp(p).ptype === 0x800 && (arp(p).plen === 4 || (arp(p).plen === null && isIPv4Text(v)));
const ipv6When = (p: Packet | null, v?: unknown) => !!p && arp(p).ptype === 0x86dd && (arp(p).plen === 16 || (arp(p).plen === null && isIPv6Text(v)));
const hwBytes = (name: string) => new StrFixedLenField(name, null, (p) => arp(p).hwlen ?? 0);
const pBytes = (name: string) => new StrFixedLenField(name, null, (p) => arp(p).plen ?? 0);

type AddrField<N extends string> = MACField<N> | IPField<N>;
const addr = <const N extends string>(name: N, choices: ReadonlyArray<readonly [AddrField<string> | IP6Field<string>, (p: Packet | null, v?: unknown) => boolean]>, fallback: StrFixedLenField<string>) =>
  multipleType<N, string | Uint8Array, string | Uint8Array>(choices, fallback as never);

export const ARP = defineLayer(
  "ARP",
  [
    xshortEnum("hwtype", 1, ARP_HARDWARE),
    xshortEnum("ptype", 0x800, ETHER_TYPES),
    fieldLen("hwlen", null, { fmt: "B", lengthOf: "hwsrc" }),
    fieldLen("plen", null, { fmt: "B", lengthOf: "psrc" }),
    shortEnum("op", 1, ARP_OPS),
    addr("hwsrc", [[sourceMac("hwsrc"), macWhen]], hwBytes("hwsrc")),
    addr("psrc", [[new SourceIPField("psrc", "pdst"), ipv4When], [new SourceIP6Field("psrc", "pdst"), ipv6When]], pBytes("psrc")),
    addr("hwdst", [[mac("hwdst", "00:00:00:00:00:00"), macWhen]], hwBytes("hwdst")),
    addr("pdst", [[new IPField("pdst", "0.0.0.0"), ipv4When], [new IP6Field("pdst", "::"), ipv6When]], pBytes("pdst")),
  ],
  {
    // Everything after the addresses is padding.
    extractPadding: () => 0,
    summary: (p) => {
      const op = p.getFieldValue("op");
      if (op === 1) return p.sprintf("ARP who has %pdst% says %psrc%");
      if (op === 2) return p.sprintf("ARP is at %hwsrc% says %psrc%");
      return p.sprintf("ARP %op% %psrc% > %pdst%");
    },
    hashret: (p) => {
      const v = p as unknown as ArpView & { op: number };
      const own = new Uint8Array(6);
      own.set(u16(v.hwtype), 0);
      own.set(u16(v.ptype), 2);
      own.set(u16(Math.floor((v.op + 1) / 2)), 4);
      return hashWithPayload(p, own);
    },
    // A reply's psrc must be the address asked for (compared as bytes, on the shorter length).
    answers: (reply, request) => {
      if (request.spec !== reply.spec) return false;
      if ((reply.getFieldValue("op") as number) !== (request.getFieldValue("op") as number) + 1) return false;
      const a = fieldWireBytes(reply, "psrc");
      const b = fieldWireBytes(request, "pdst");
      const n = Math.min(a.length, b.length);
      for (let i = 0; i < n; i++) if (a[i] !== b[i]) return false;
      return true;
    },
  },
);

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
export const Loopback = defineLayer("Loopback", [leIntEnum("type", 2, LOOPBACK_TYPES)], { displayName: "Loopback" });
setKindName(Loopback, "type", "LoIntEnumField");

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
bindLayers(LLC, SNAP, { dsap: 0xaa, ssap: 0xaa, ctrl: 3 });
bindLayers(SNAP, Dot1Q, { code: 0x8100 });
bindLayers(SNAP, Ether, { code: 1 });
bindLayers(SNAP, ARP, { code: 0x806 });

registerLinkType(DLT.EN10MB, Ether);
registerLinkType(DLT.LINUX_SLL, CookedLinux);
registerLinkType(DLT.LINUX_SLL2, CookedLinuxV2);
registerLinkType(DLT.NULL, Loopback);
