/**
 * IGMP: versions 1 and 2 (RFC 1112, RFC 2236) as IGMP, and version 3 (RFC 3376) as IGMPv3 with
 * its query, report (group records) and multicast router advertisement bodies. The type byte
 * and the length pick the class when bytes are dissected, as Scapy's dispatch hooks do.
 */
import { parseIPv4 } from "../core/addr.ts";
import { bindLayers } from "../core/bind.ts";
import { defineLayer } from "../core/define.ts";
import { ipv4 } from "../core/fields/address.ts";
import { bits } from "../core/fields/bits.ts";
import { internetChecksum } from "../core/fields/computed.ts";
import { byte, byteEnum, short, xshort } from "../core/fields/integers.ts";
import { fieldLen } from "../core/fields/length.ts";
import { fixedList } from "../core/fields/fixedList.ts";
import { packetList } from "../core/fields/packets.ts";
import { isLayer, type Packet } from "../core/packet.ts";
import type { LayerRef } from "../core/state.ts";
import { IP } from "./inet.ts";
import { IPOption_Router_Alert } from "./ipOptions.ts";
import { Ether } from "./l2.ts";
import { ipv4MulticastMac } from "./multicast.ts";

export const IGMP_TYPES = { 0x11: "Group Membership Query", 0x12: "Version 1 - Membership Report", 0x16: "Version 2 - Membership Report", 0x17: "Leave Group" };
export const IGMPV3_TYPES = {
  0x11: "Membership Query",
  0x22: "Version 3 Membership Report",
  0x30: "Multicast Router Advertisement",
  0x31: "Multicast Router Solicitation",
  0x32: "Multicast Router Termination",
};
export const IGMPV3_RECORD_TYPES = {
  1: "Mode Is Include",
  2: "Mode Is Exclude",
  3: "Change To Include Mode",
  4: "Change To Exclude Mode",
  5: "Allow New Sources",
  6: "Block Old Sources",
};

const V3_ONLY_TYPES = new Set([0x22, 0x30, 0x31, 0x32]);
const V2_ONLY_TYPES = new Set([0x12, 0x16, 0x17]);

const isMulticast = (addr: string) => {
  const first = parseIPv4(addr) >>> 24;
  return first >= 224 && first <= 239;
};

/** RFC 3376 §4.1.1: a Max Resp Time of 128 or more written as a floating-point code. */
export function igmpv3MaxRespCode(value: number): number {
  if (value < 128) return value;
  if (value > 31743) return 255;
  let exp = 0;
  let mant = value >> 3;
  while (mant > 31) {
    exp++;
    mant >>= 1;
  }
  return 0x80 | (exp << 4) | (mant & 0x0f);
}

interface Igmpizable {
  type: number;
  mrcode: number;
  underlayer: Packet | null;
}

/**
 * Scapy's igmpize(): fixes a message for sending as RFC 2236 says (Max Resp Time only in
 * queries; the IP destination by type; TTL 1 with the Router Alert option; the Ethernet
 * destination of the group). False when the group or type is not valid, nothing changed then.
 */
function igmpize(msg: Igmpizable & Packet, gaddr: string, v3: boolean): boolean {
  if (msg.type !== 0x11 && msg.type !== 0x30) msg.mrcode = 0;
  const ip = msg.underlayer;
  if (isLayer(ip, IP)) {
    if (msg.type === 0x11 && !v3) {
      if (gaddr === "0.0.0.0") ip.dst = "224.0.0.1";
      else if (isMulticast(gaddr)) ip.dst = gaddr;
      else return false;
    } else if (msg.type === 0x17 && isMulticast(gaddr)) ip.dst = "224.0.0.2";
    else if ((msg.type === 0x12 || msg.type === 0x16) && isMulticast(gaddr)) ip.dst = gaddr;
    else if (!(v3 && [0x11, 0x22, 0x30, 0x31, 0x32].includes(msg.type))) return false;
    if (!ip.options.some((o) => isLayer(o, IPOption_Router_Alert))) ip.options = [...ip.options, IPOption_Router_Alert()];
    ip.ttl = 1;
    let root: Packet = ip;
    while (root.underlayer !== null) root = root.underlayer;
    const ether = root.getLayer(Ether);
    if (ether) ether.dst = ipv4MulticastMac(ip.dst) ?? ether.dst;
  }
  if (v3) msg.mrcode = igmpv3MaxRespCode(msg.mrcode);
  return true;
}

export const IGMP = defineLayer(
  "IGMP",
  [byteEnum("type", 0x11, IGMP_TYPES), byte("mrcode", 20), xshort("chksum", null).compute(internetChecksum("layer")), ipv4("gaddr", "0.0.0.0")],
  {
    dispatch: (buf, start, end): LayerRef | undefined => {
      if (end - start < 4) return undefined;
      const type = buf[start]!;
      return V3_ONLY_TYPES.has(type) || (type === 0x11 && end - start >= 12) ? IGMPv3 : undefined;
    },
    summary: (p) => (isLayer(p.underlayer, IP) ? p.underlayer.sprintf("IGMP: %IP.src% > %IP.dst% %IGMP.type% %IGMP.gaddr%") : p.sprintf("IGMP %IGMP.type% %IGMP.gaddr%")),
    methods: {
      igmpize(): boolean {
        return igmpize(this, this.gaddr || "0.0.0.0", false);
      },
    },
  },
);

export const IGMPv3 = defineLayer("IGMPv3", [byteEnum("type", 0x11, IGMPV3_TYPES), byte("mrcode", 20), xshort("chksum", null).compute(internetChecksum("layer"))], {
  parent: IGMP,
  dispatch: (buf, start, end): LayerRef | undefined => {
    if (end - start < 4) return undefined;
    const type = buf[start]!;
    return V2_ONLY_TYPES.has(type) || (type === 0x11 && end - start < 12) ? IGMP : undefined;
  },
  summary: (p) => (isLayer(p.underlayer, IP) ? p.underlayer.sprintf("IGMPv3: %IP.src% > %IP.dst% %IGMPv3.type%") : p.sprintf("IGMPv3 %IGMPv3.type%")),
  methods: {
    igmpize(): boolean {
      const query = this.payload;
      return igmpize(this, isLayer(query, IGMPv3mq) ? query.gaddr : "0.0.0.0", true);
    },
    /** Writes mrcode as RFC 3376's code when it is 128 or more. */
    encode_maxrespcode(): void {
      this.mrcode = igmpv3MaxRespCode(this.mrcode);
    },
  },
});

export const IGMPv3mq = defineLayer(
  "IGMPv3mq",
  [
    ipv4("gaddr", "0.0.0.0"),
    bits("resv", 0, 4),
    bits("s", 0, 1),
    bits("qrv", 0, 3),
    byte("qqic", 0),
    fieldLen("numsrc", null, { countOf: "srcaddrs" }),
    fixedList("srcaddrs", null, ipv4("sa", "0.0.0.0")),
  ],
  { countFrom: { srcaddrs: (p) => p.numsrc } },
);

export const IGMPv3gr = defineLayer(
  "IGMPv3gr",
  [
    byteEnum("rtype", 1, IGMPV3_RECORD_TYPES),
    byte("auxdlen", 0),
    fieldLen("numsrc", null, { countOf: "srcaddrs" }),
    ipv4("maddr", "0.0.0.0"),
    fixedList("srcaddrs", [], ipv4("sa", "0.0.0.0")),
  ],
  {
    countFrom: { srcaddrs: (p) => p.numsrc },
    extractPadding: () => 0,
    // Scapy names a field this record does not have (type), which it prints as "??".
    summary: (p) => p.sprintf("IGMPv3 Group Record %IGMPv3gr.type% %IGMPv3gr.maddr%"),
  },
);

export const IGMPv3mr = defineLayer(
  "IGMPv3mr",
  [xshort("res2", 0), fieldLen("numgrp", null, { countOf: "records" }), packetList("records", [], IGMPv3gr)],
  { countFrom: { records: (p) => p.numgrp } },
);

export const IGMPv3mra = defineLayer("IGMPv3mra", [short("qryIntvl", 0), short("robust", 0)]);

bindLayers(IP, IGMP, { frag: 0, proto: 2, ttl: 1 });
bindLayers(IP, IGMPv3, { frag: 0, proto: 2, ttl: 1, tos: 0xc0, dst: "224.0.0.22" });
bindLayers(IGMPv3, IGMPv3mq, { type: 0x11 });
bindLayers(IGMPv3, IGMPv3mr, { type: 0x22, mrcode: 0 });
bindLayers(IGMPv3, IGMPv3mra, { type: 0x30 });
