/**
 * BGP-4 (RFC 4271) as Scapy's contrib/bgp has it: the header (its marker, the message length, the
 * type) and OPEN with optional parameters and capabilities, UPDATE (withdrawn routes, path
 * attributes in bgpAttributes.ts, NLRI), NOTIFICATION, KEEPALIVE and ROUTE-REFRESH with
 * outbound route filters. Several messages in one TCP segment follow one another as payloads
 * (each message's payload is the next header when the marker comes next); a message split
 * across segments is whole again through TCPSession (registered below for port 179).
 */
import { bindBottomUp, bindLayers, bindTopDown } from "../core/bind.ts";
import { defineLayer, type CheckRefs, type LayerOptions } from "../core/define.ts";
import type { AnyField } from "../core/field.ts";
import { ipv4 } from "../core/fields/address.ts";
import { bitEnum, bits } from "../core/fields/bits.ts";
import { layerLength, lengthOf } from "../core/fields/computed.ts";
import { enumByField } from "../core/fields/enums.ts";
import { byte, byteEnum, int, long, short, shortEnum } from "../core/fields/integers.ts";
import { fieldLen } from "../core/fields/length.ts";
import { packetList } from "../core/fields/packets.ts";
import { str, strLen } from "../core/fields/strings.ts";
import { isLayer, type Packet } from "../core/packet.ts";
import { Raw } from "../core/raw.ts";
import type { LayerRef } from "../core/state.ts";
import { BGPNLRI_IPv4, BGPNLRI_IPv6, BGPPathAttr, headerAfter, nlriList } from "./bgpAttributes.ts";
import { BGP_MARKER_BYTES, ChosenPacketField, isBgpMarker, MarkerField, SlicedPacketListField } from "./bgpFields.ts";
import { BGP_ADDRESS_FAMILIES, BGP_CAPABILITIES, BGP_ERROR_CODES, BGP_ERROR_SUBCODES, BGP_SUBSEQUENT_AFIS } from "./data/bgp.ts";
import { TCP } from "./inet.ts";
import { registerStreamProtocol } from "./tcpSession.ts";

export * from "./bgpAttributes.ts";

export const BGP_MESSAGE_TYPES = { 0: "NONE", 1: "OPEN", 2: "UPDATE", 3: "NOTIFICATION", 4: "KEEPALIVE", 5: "ROUTE-REFRESH" };
const HEADER_BYTES = 19;
const element = { extractPadding: () => 0 } as const;

/** What follows a message: the next message's header when its marker comes next (undefined: Raw). */
const nextMessage = (_p: unknown, payload: Uint8Array): LayerRef | undefined => (isBgpMarker(payload, 0, payload.length) ? BGPHeader : undefined);

/** Scapy's _bgp_dispatcher: a header (a KEEPALIVE is one by itself) where the marker is, Raw elsewhere. */
function dispatchMessage(buf: Uint8Array, start: number, end: number): LayerRef {
  if (end - start < HEADER_BYTES || !isBgpMarker(buf, start, end)) return Raw;
  return buf[start + 18] === 4 ? BGPKeepAlive : BGPHeader;
}

/** What TCP carries on port 179; the bytes choose the class (a header, a keepalive, or Raw). */
export const BGP = defineLayer("BGP", [], { dispatch: (buf, start, end): LayerRef => (end > start ? dispatchMessage(buf, start, end) : BGPHeader), guessPayload: nextMessage });

const headerFields = [new MarkerField("marker"), short("len", null).compute(layerLength()), byteEnum("type", 4, BGP_MESSAGE_TYPES)] as const;

const MESSAGE_CLASSES = new Map<number, LayerRef>();

export const BGPHeader = defineLayer("BGPHeader", headerFields, {
  displayName: "HEADER",
  dispatch: (buf, start, end): LayerRef | undefined => (end > start ? dispatchMessage(buf, start, end) : undefined),
  guessPayload: (p): LayerRef | null => MESSAGE_CLASSES.get(p.type) ?? null,
});

export const BGPKeepAlive = defineLayer("BGPKeepAlive", headerFields, { parent: BGPHeader, displayName: "KEEPALIVE", guessPayload: nextMessage });

function message<const F extends readonly AnyField[]>(name: string, type: number, fields: F & CheckRefs<F>, opts: LayerOptions<F, unknown>) {
  const cls = defineLayer(name, fields, { guessPayload: nextMessage, ...opts });
  MESSAGE_CLASSES.set(type, cls);
  return cls;
}

// ---------------------------------------------------------------- capabilities (RFC 5492)

const CAPABILITY_CLASSES = new Map<number, LayerRef>();
const capabilityClass = (_holder: Packet, buf: Uint8Array, off: number, end: number): LayerRef => (end - off >= 2 ? (CAPABILITY_CLASSES.get(buf[off]!) ?? BGPCapGeneric) : Raw);

/** A capability's length: its bytes after the code and length, unless given. */
const capabilityLength = () => byte("length", null).compute(headerAfter(2));

/** Capabilities Scapy reads with its generic class, whatever their code. */
export const BGPCapability = defineLayer("BGPCapability", [], { dispatch: (buf, start, end): LayerRef => capabilityClass(null as unknown as Packet, buf, start, end) });

export const BGPCapGeneric = defineLayer("BGPCapGeneric", [byteEnum("code", 0, BGP_CAPABILITIES), fieldLen("length", null, { fmt: "B", lengthOf: "cap_data" }), strLen("cap_data", "", "length")], {
  displayName: "BGP Capability",
});

export const BGPCapMultiprotocol = defineLayer(
  "BGPCapMultiprotocol",
  [byteEnum("code", 1, BGP_CAPABILITIES), byte("length", 4), shortEnum("afi", 0, BGP_ADDRESS_FAMILIES), byte("reserved", 0), byteEnum("safi", 0, BGP_SUBSEQUENT_AFIS)],
  { displayName: "Multiprotocol Extensions for BGP-4" },
);

export const ORF_TYPES = { 0: "Reserved", 64: "Address Prefix ORF", 65: "CP-ORF" };

export const ORFTuple = defineLayer("ORFTuple", [byteEnum("orf_type", 0, ORF_TYPES), byteEnum("send_receive", 0, { 1: "receive", 2: "send", 3: "receive + send" })], {
  displayName: "ORF Type",
  ...element,
});

export const BGPCapORFBlock = defineLayer(
  "BGPCapORFBlock",
  [shortEnum("afi", 0, BGP_ADDRESS_FAMILIES), byte("reserved", 0), byteEnum("safi", 0, BGP_SUBSEQUENT_AFIS), fieldLen("orf_number", null, { fmt: "B", countOf: "entries" }), packetList("entries", [], ORFTuple)],
  { displayName: "ORF Capability Entry", countFrom: { entries: (p) => p.orf_number }, ...element },
);

export const BGPCapORF = defineLayer("BGPCapORF", [byteEnum("code", 3, BGP_CAPABILITIES), capabilityLength(), packetList("orf", [], BGPCapORFBlock)], {
  displayName: "Outbound Route Filtering Capability",
  lengthFrom: { orf: (p) => p.length },
});

export const GRTuple = defineLayer(
  "GRTuple",
  [shortEnum("afi", 0, BGP_ADDRESS_FAMILIES), byteEnum("safi", 0, BGP_SUBSEQUENT_AFIS), byteEnum("flags", 0, { 128: "Forwarding state preserved (0x80: F bit set)" })],
  { displayName: "<AFI, SAFI, Flags for address family>", ...element },
);

export const BGPCapGracefulRestart = defineLayer(
  "BGPCapGracefulRestart",
  [byteEnum("code", 64, BGP_CAPABILITIES), capabilityLength(), bits("restart_flags", 0, 4), bits("restart_time", 0, 12), packetList("entries", [], GRTuple)],
  { displayName: "Graceful Restart Capability" },
);

export const BGPCapFourBytesASN = defineLayer("BGPCapFourBytesASN", [byteEnum("code", 65, BGP_CAPABILITIES), byte("length", 4), int("asn", 0)], {
  displayName: "Support for 4-octet AS number capability",
});

for (const [code, cls] of [
  [1, BGPCapMultiprotocol],
  [2, BGPCapGeneric],
  [3, BGPCapORF],
  [64, BGPCapGracefulRestart],
  [65, BGPCapFourBytesASN],
  [70, BGPCapGeneric],
  [130, BGPCapORF],
] as const) {
  CAPABILITY_CLASSES.set(code, cls);
}

// ---------------------------------------------------------------- OPEN

export const BGPAuthenticationInformation = defineLayer("BGPAuthenticationInformation", [byte("authentication_code", 0), str("authentication_data", null)], {
  displayName: "BGP Authentication Data",
});

export const BGPOptParam = defineLayer(
  "BGPOptParam",
  [
    byteEnum("param_type", 2, { 0: "Reserved", 1: "Authentication (deprecated)", 2: "Capabilities" }),
    byte("param_length", null).compute(headerAfter(2)),
    new ChosenPacketField("param_value", capabilityClass),
    new ChosenPacketField("authentication_data", () => BGPAuthenticationInformation),
  ],
  {
    displayName: "Optional parameter",
    when: { param_value: (p) => p.param_type === 2, authentication_data: (p) => p.param_type === 1 },
    lengthFrom: { param_value: (p) => p.param_length, authentication_data: (p) => p.param_length },
    ...element,
  },
);

export const BGPOpen = message(
  "BGPOpen",
  1,
  [byte("version", 4), short("my_as", 0), short("hold_time", 0), ipv4("bgp_id", "0.0.0.0"), fieldLen("opt_param_len", null, { fmt: "B", lengthOf: "opt_params" }), packetList("opt_params", [], BGPOptParam)],
  { displayName: "OPEN", lengthFrom: { opt_params: (p) => p.opt_param_len } },
);

// ---------------------------------------------------------------- UPDATE

export const BGPUpdate = message(
  "BGPUpdate",
  2,
  [
    fieldLen("withdrawn_routes_len", null, { lengthOf: "withdrawn_routes" }),
    nlriList("withdrawn_routes", 4),
    fieldLen("path_attr_len", null, { lengthOf: "path_attr" }),
    packetList("path_attr", [], BGPPathAttr),
    nlriList("nlri", 4),
  ],
  { displayName: "UPDATE", lengthFrom: { withdrawn_routes: (p) => p.withdrawn_routes_len, path_attr: (p) => p.path_attr_len } },
);

// ---------------------------------------------------------------- NOTIFICATION

export const BGPNotification = message(
  "BGPNotification",
  3,
  [byteEnum("error_code", 0, BGP_ERROR_CODES), byteEnum("error_subcode", 0, enumByField("error_code", BGP_ERROR_SUBCODES)), str("data", null)],
  { displayName: "NOTIFICATION" },
);

// ---------------------------------------------------------------- ROUTE-REFRESH (RFC 2918, 7313) and ORF (RFC 5291)

const ORF_ACTIONS = { 0: "ADD", 1: "REMOVE", 2: "REMOVE-ALL" };
const ORF_MATCH = { 0: "PERMIT", 1: "DENY" };
const orfHead = () => [bitEnum("action", 0, 2, ORF_ACTIONS), bitEnum("match", 0, 1, ORF_MATCH), bits("reserved", 0, 5)] as const;

/** The address family of the ROUTE-REFRESH an ORF entry is in (IPv4 outside one). */
function refreshAfi(entry: Packet): number {
  for (let p: Packet | null = entry.parent; p !== null; p = p.parent ?? p.underlayer) if (isLayer(p, BGPRouteRefresh)) return p.afi;
  return 1;
}

export const BGPORFEntry = defineLayer("BGPORFEntry", [...orfHead(), str("value", "")], { displayName: "ORF entry" });

export const BGPORFAddressPrefix = defineLayer(
  "BGPORFAddressPrefix",
  [
    ...orfHead(),
    int("sequence", 0),
    byte("min_len", 0),
    byte("max_len", 0),
    new ChosenPacketField("prefix", (p) => ({ 1: BGPNLRI_IPv4, 2: BGPNLRI_IPv6 })[refreshAfi(p)] ?? Raw, "_ORFNLRIPacketField", new Uint8Array(0)),
  ],
  // Cut by the list (Scapy's cut, from the max_len byte): what the entry leaves is its payload.
  { parent: BGPORFEntry, displayName: "Address Prefix ORF" },
);

export const BGPORFCoveringPrefix = defineLayer(
  "BGPORFCoveringPrefix",
  [...orfHead(), int("sequence", 0), byte("min_len", 0), byte("max_len", 0), long("rt", 0), long("import_rt", 0), byte("route_type", 0), new ChosenPacketField("host_addr", () => Raw)],
  { parent: BGPORFEntry, displayName: "CP-ORF" },
);

/** Each ORF entry's bytes: by its type (an address prefix's from its length byte, a CP-ORF's from the family). */
function orfEntryLength(orf: Packet, buf: Uint8Array, off: number, end: number): number {
  const type = Number(orf.getFieldValue("orf_type"));
  if (type === 64 || type === 128) return 8 + Math.ceil((buf[off + 6] ?? 0) / 8);
  if (type === 65) {
    const afi = refreshAfi(orf);
    if (afi === 1) return 27;
    if (afi === 2) return 39;
    if (afi === 25) return buf[off + 22] === 2 ? 29 : 23;
  }
  return end - off;
}

export const BGPORF = defineLayer(
  "BGPORF",
  [
    byteEnum("when_to_refresh", 0, { 1: "IMMEDIATE", 2: "DEFER" }),
    byteEnum("orf_type", 0, ORF_TYPES),
    fieldLen("orf_len", null, { lengthOf: "entries" }),
    new SlicedPacketListField("entries", (orf, buf, off, end) => {
      const type = Number(orf.getFieldValue("orf_type"));
      const cls = type === 64 || type === 128 ? BGPORFAddressPrefix : type === 65 ? BGPORFCoveringPrefix : Raw;
      return [cls, orfEntryLength(orf, buf, off, end)];
    }),
  ],
  { displayName: "ORF", lengthFrom: { entries: (p) => p.orf_len } },
);

export const BGPRouteRefresh = message(
  "BGPRouteRefresh",
  5,
  [shortEnum("afi", 1, BGP_ADDRESS_FAMILIES), byteEnum("subtype", 0, { 0: "Route-Refresh", 1: "BoRR", 2: "EoRR", 255: "Reserved" }), byteEnum("safi", 1, BGP_SUBSEQUENT_AFIS), new ChosenPacketField("orf_data", () => BGPORF, "PacketField", new Uint8Array(0))],
  {
    displayName: "ROUTE-REFRESH",
    // Filters follow when the header says the message is longer than the request itself.
    when: { orf_data: (p) => ((isLayer(p.underlayer, BGPHeader) ? p.underlayer.len : null) || 24) > 23 },
  },
);

// ---------------------------------------------------------------- bindings

// Scapy binds both ports; building, the last binding wins (sport 179).
bindBottomUp(TCP, BGP, { dport: 179 });
bindLayers(TCP, BGP, { sport: 179 });
for (const [type, cls] of MESSAGE_CLASSES) bindLayers(BGPHeader, cls, { type });
bindLayers(BGPHeader, BGPKeepAlive, { type: 4 });
// Messages are BGP's subclasses in Scapy: on TCP they take its binding.
for (const cls of [BGPKeepAlive, ...MESSAGE_CLASSES.values()]) bindTopDown(TCP, cls, { sport: 179 });

/** Whole BGP messages from a TCP stream: the header's length, once the marker and length are there. */
registerStreamProtocol(BGP, {
  messageLength: (data) => {
    if (data.length < HEADER_BYTES) return null;
    // Not a message (a stream joined mid-message): what there is, as it is.
    if (!isBgpMarker(data, 0, data.length)) return data.length;
    const len = (data[BGP_MARKER_BYTES]! << 8) | data[BGP_MARKER_BYTES + 1]!;
    if (len < HEADER_BYTES) return data.length;
    return len <= data.length ? len : null;
  },
});
