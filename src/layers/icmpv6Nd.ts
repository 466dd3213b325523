/**
 * Neighbor Discovery messages (RFC 4861): router solicitation and advertisement, neighbor
 * solicitation and advertisement, redirect; and Inverse ND (RFC 3122). Options follow each
 * message as payload layers (ndOptions.ts). ND packets go out with hop limit 255.
 */
import { ipv6 } from "../core/fields/address.ts";
import { bitEnum, bits, xbits } from "../core/fields/bits.ts";
import { byte, byteEnum, int, short, xint, xshort } from "../core/fields/integers.ts";
import { utf8 } from "../core/bytes.ts";
import { hashWithPayload, isLayer, type Packet } from "../core/packet.ts";
import { ICMPV6_TYPES, icmpv6Checksum, icmpv6Message } from "./icmpv6.ts";
import { ndOptionClass, ROUTER_PREFERENCES } from "./ndOptions.ts";

const head = (type: number) => [byteEnum("type", type, ICMPV6_TYPES), byte("code", 0), icmpv6Checksum()] as const;

/** What ND messages share: options as payload, hop limit 255, sent to a multicast group by default. */
const nd = (dst: string) => ({ guessPayload: ndOptionClass, ipv6: { dst, hlim: 255 } });

/** Scapy hashes a target address as its text. */
const targetHash = (p: Packet & { tgt: string }) => hashWithPayload(p, utf8(p.tgt));

export const ICMPv6ND_RS = icmpv6Message("ICMPv6ND_RS", [...head(133), int("res", 0)], {
  ...nd("ff02::2"),
  displayName: "ICMPv6 Neighbor Discovery - Router Solicitation",
  dissect: { type: 133, minLength: 8 },
});

export const ICMPv6ND_RA = icmpv6Message(
  "ICMPv6ND_RA",
  [
    ...head(134),
    byte("chlim", 0),
    bits("M", 0, 1),
    bits("O", 0, 1),
    bits("H", 0, 1),
    bitEnum("prf", 1, 2, ROUTER_PREFERENCES),
    bits("P", 0, 1),
    bits("res", 0, 2),
    short("routerlifetime", 1800),
    int("reachabletime", 0),
    int("retranstimer", 0),
  ],
  {
    ...nd("ff02::1"),
    displayName: "ICMPv6 Neighbor Discovery - Router Advertisement",
    dissect: { type: 134, minLength: 16 },
    summary: "%name% Lifetime %routerlifetime% Hop Limit %chlim% Preference %prf% Managed %M% Other %O% Home %H%",
    answers: (_reply, request): boolean => request.spec === ICMPv6ND_RS.spec,
  },
);

export const ICMPv6ND_NS = icmpv6Message("ICMPv6ND_NS", [...head(135), int("res", 0), ipv6("tgt", "::")], {
  ...nd("ff02::1"),
  displayName: "ICMPv6 Neighbor Discovery - Neighbor Solicitation",
  dissect: { type: 135, minLength: 24 },
  summary: "%name% (tgt: %tgt%)",
  hashret: targetHash,
});

export const ICMPv6ND_NA = icmpv6Message("ICMPv6ND_NA", [...head(136), bits("R", 1, 1), bits("S", 0, 1), bits("O", 1, 1), xbits("res", 0, 29), ipv6("tgt", "::")], {
  ...nd("ff02::1"),
  displayName: "ICMPv6 Neighbor Discovery - Neighbor Advertisement",
  dissect: { type: 136, minLength: 24 },
  summary: "%name% (tgt: %tgt%)",
  hashret: targetHash,
  answers: (reply, request): boolean => isLayer(request, ICMPv6ND_NS) && request.spec === ICMPv6ND_NS.spec && reply.tgt === request.tgt,
});

export const ICMPv6ND_Redirect = icmpv6Message("ICMPv6ND_Redirect", [...head(137), xint("res", 0), ipv6("tgt", "::"), ipv6("dst", "::")], {
  ...nd("ff02::1"),
  displayName: "ICMPv6 Neighbor Discovery - Redirect",
  dissect: { type: 137, minLength: 40 },
});

export const ICMPv6ND_INDSol = icmpv6Message("ICMPv6ND_INDSol", [...head(141), xint("reserved", 0)], {
  ...nd("ff02::1"),
  displayName: "ICMPv6 Inverse Neighbor Discovery Solicitation",
  dissect: { type: 141, minLength: 8 },
});

export const ICMPv6ND_INDAdv = icmpv6Message("ICMPv6ND_INDAdv", [...head(142), xint("reserved", 0)], {
  ...nd("ff02::1"),
  displayName: "ICMPv6 Inverse Neighbor Discovery Advertisement",
  dissect: { type: 142, minLength: 8 },
});

/** Mobile Prefix Advertisement (RFC 6275 §6.8): prefix options follow, as after an RA. */
export const ICMPv6MPAdv = icmpv6Message(
  "ICMPv6MPAdv",
  [...head(147), xshort("id", null), bitEnum("flags", 2, 2, { 2: "M", 1: "O" }), xbits("res", 0, 14)],
  {
    guessPayload: ndOptionClass,
    displayName: "ICMPv6 Mobile Prefix Advertisement",
    dissect: { type: 147, minLength: 8 },
    hashret: (p) => Uint8Array.of((p.id ?? 0) >> 8, (p.id ?? 0) & 0xff),
    answers: (_reply, request) => request.spec.name === "ICMPv6MPSol",
  },
);
