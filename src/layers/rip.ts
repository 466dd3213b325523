/**
 * Routing Information Protocol (RFC 1058, RIPv2 in RFC 2453 with authentication, RFC 4822 for
 * keyed MD5). As in Scapy, each route entry is a layer and the next entry its payload; an entry
 * whose address family is 0xffff is the authentication entry (or the MD5 trailer).
 */
import { bindBottomUp, bindLayers } from "../core/bind.ts";
import { defineLayer } from "../core/define.ts";
import { ipv4 } from "../core/fields/address.ts";
import { byte, byteEnum, int, intEnum, short, shortEnum } from "../core/fields/integers.ts";
import { str, strFixedLen } from "../core/fields/strings.ts";
import type { LayerRef } from "../core/state.ts";
import { UDP } from "./inet.ts";

/** An entry starting with address family 0xffff authenticates the message. */
const authOrEntry = (_p: unknown, payload: Uint8Array): LayerRef | undefined => (payload[0] === 0xff && payload[1] === 0xff ? RIPAuth : undefined);

export const RIP = defineLayer(
  "RIP",
  [
    byteEnum("cmd", 1, {
      1: "req",
      2: "resp",
      3: "traceOn",
      4: "traceOff",
      5: "sun",
      6: "trigReq",
      7: "trigResp",
      8: "trigAck",
      9: "updateReq",
      10: "updateResp",
      11: "updateAck",
    }),
    byte("version", 1),
    short("null", 0),
  ],
  { displayName: "RIP header", guessPayload: authOrEntry },
);

export const RIPEntry = defineLayer(
  "RIPEntry",
  [
    shortEnum("AF", 2, { 2: "IP" }),
    short("RouteTag", 0),
    ipv4("addr", "0.0.0.0"),
    ipv4("mask", "0.0.0.0"),
    ipv4("nextHop", "0.0.0.0"),
    intEnum("metric", 1, { 16: "Unreach" }),
  ],
  { parent: RIP, displayName: "RIP entry" },
);

const authIs = (t: number) => (p: { authtype: number }) => p.authtype === t;

export const RIPAuth = defineLayer(
  "RIPAuth",
  [
    shortEnum("AF", 0xffff, { 0xffff: "Auth" }),
    shortEnum("authtype", 2, { 1: "md5authdata", 2: "simple", 3: "md5" }),
    strFixedLen("password", null, 16),
    short("digestoffset", 0),
    byte("keyid", 0),
    byte("authdatalen", 0),
    int("seqnum", 0),
    strFixedLen("zeropad", null, 8),
    // The MD5 trailer's digest: the rest of the message.
    str("authdata", null),
  ],
  {
    displayName: "RIP authentication",
    when: {
      password: authIs(2),
      digestoffset: authIs(3),
      keyid: authIs(3),
      authdatalen: authIs(3),
      seqnum: authIs(3),
      zeropad: authIs(3),
      authdata: authIs(1),
    },
  },
);

bindBottomUp(UDP, RIP, { dport: 520 });
bindBottomUp(UDP, RIP, { sport: 520 });
bindLayers(UDP, RIP, { sport: 520, dport: 520 });
bindLayers(RIP, RIPEntry);
bindLayers(RIPEntry, RIPEntry);
bindLayers(RIPAuth, RIPEntry);
