/**
 * Cisco's Hot Standby Router Protocol (RFC 2281 for version 1; version 2 on UDP 2029 and IPv6)
 * and its MD5 authentication trailer, which follows the message when UDP says there is more.
 */
import { bindBottomUp, bindLayers } from "../core/bind.ts";
import { conf } from "../core/conf.ts";
import { defineLayer } from "../core/define.ts";
import { IPField, ipv4 } from "../core/fields/address.ts";
import { byte, byteEnum, xint, xshort } from "../core/fields/integers.ts";
import { strFixedLen } from "../core/fields/strings.ts";
import { isLayer } from "../core/packet.ts";
import type { LayerRef } from "../core/state.ts";
import { bindIPv4Destination, UDP } from "./inet.ts";
import { bindIPv6Destination } from "./ipv6Fields.ts";

/** The source address of the default route, as Scapy's SourceIPField without a destination field. */
class DefaultSourceIPField<N extends string> extends IPField<N> {
  override kindName = "SourceIPField";
  constructor(name: N) {
    super(name, null);
  }
  override defaultFor(): unknown {
    return conf.resolvers.sourceIPv4?.("0.0.0.0") ?? "0.0.0.0";
  }
}

export const HSRPmd5 = defineLayer(
  "HSRPmd5",
  [
    byteEnum("type", 4, { 4: "MD5 authentication" }),
    byte("len", null),
    byteEnum("algo", 0, { 1: "MD5" }),
    byte("padding", 0),
    xshort("flags", 0),
    new DefaultSourceIPField("sourceip"),
    xint("keyid", 0),
    strFixedLen("authdigest", new Uint8Array(16), 16),
  ],
  { displayName: "HSRP MD5 Authentication" },
);

export const HSRP = defineLayer(
  "HSRP",
  [
    byte("version", 0),
    byteEnum("opcode", 0, { 0: "Hello", 1: "Coup", 2: "Resign", 3: "Advertise" }),
    byteEnum("state", 16, { 0: "Initial", 1: "Learn", 2: "Listen", 4: "Speak", 8: "Standby", 16: "Active" }),
    byte("hellotime", 3),
    byte("holdtime", 10),
    byte("priority", 120),
    byte("group", 1),
    byte("reserved", 0),
    strFixedLen("auth", "cisco\0\0\0", 8),
    ipv4("virtualIP", "192.168.1.1"),
  ],
  {
    // UDP longer than its header and this message: the MD5 trailer follows.
    guessPayload: (p): LayerRef | undefined => {
      const udp = p.underlayer;
      return isLayer(udp, UDP) && udp.len !== null && udp.len > 28 ? HSRPmd5 : undefined;
    },
  },
);

for (const port of [1985, 2029]) {
  bindBottomUp(UDP, HSRP, { dport: port });
  bindBottomUp(UDP, HSRP, { sport: port });
  bindLayers(UDP, HSRP, { dport: port, sport: port });
}
bindIPv4Destination(UDP, "224.0.0.2", { dport: 1985 });
bindIPv6Destination(UDP, "ff02::66", { dport: 2029 });
