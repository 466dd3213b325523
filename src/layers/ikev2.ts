/**
 * IKEv2 (RFC 7296) as Scapy's contrib ikev2 has it: the header (an IKEv1 version in the bytes
 * gives ISAKMP instead), the SA payload with its proposals and transforms, KE, identification,
 * certificates and requests, AUTH, nonce, notify, delete, vendor ID, traffic selectors,
 * configuration attributes, encrypted payloads and fragments; and RFC 3948's UDP encapsulation on
 * port 4500 (ESP, the non-ESP marker before IKE, NAT keepalives).
 *
 * Where Scapy's contrib is broken this follows the RFC and says so: a payload stacked on another
 * names it in next_payload (Scapy sets it only in the IKEv2 header), and IDi's and CP's lengths
 * count their identification and attributes (Scapy's name a field that does not exist, so they
 * cannot be built with the length left out). X.509 certificates are kept as bytes.
 */
import { bindBottomUp, bindTopDown, splitLayers } from "../core/bind.ts";
import { defineLayer } from "../core/define.ts";
import { IntField } from "../core/fields/integers.ts";
import { ipv4, ipv6 } from "../core/fields/address.ts";
import { flags } from "../core/fields/bits.ts";
import { layerLength, lengthOf } from "../core/fields/computed.ts";
import { enumByField } from "../core/fields/enums.ts";
import { byte, byteEnum, int, short, shortEnum, xbyte, xint, xthreeBytes } from "../core/fields/integers.ts";
import { fieldLen } from "../core/fields/length.ts";
import { packetLenField, packetList, packetField } from "../core/fields/packets.ts";
import { strFixedLen, strLen } from "../core/fields/strings.ts";
import { multipleType } from "../core/fields/wrapped.ts";
import { isLayer, type Packet } from "../core/packet.ts";
import { Raw } from "../core/raw.ts";
import type { Computed, LayerRef } from "../core/state.ts";
import {
  IKEV2_AUTHENTICATION_TYPES,
  IKEV2_CERTIFICATE_ENCODINGS,
  IKEV2_CFG_TYPES,
  IKEV2_CONFIGURATION_ATTRIBUTE_TYPES,
  IKEV2_EXCHANGE_TYPES,
  IKEV2_IP_PROTOCOL_IDS,
  IKEV2_NOTIFY_MESSAGE_TYPES,
  IKEV2_PAYLOAD_TYPES,
  IKEV2_TRAFFIC_SELECTOR_TYPES,
  IKEV2_TRANSFORM_TYPES,
} from "./data/ikev2.ts";
import { UDP } from "./inet.ts";
import { ESP } from "./ipsec.ts";
import { ISAKMP } from "./isakmp.ts";

export const IKEV2_TRANSFORM_TYPE_NAMES: Readonly<Record<number, string>> = Object.fromEntries(Object.entries(IKEV2_TRANSFORM_TYPES).map(([n, [name]]) => [n, name]));
const TRANSFORM_IDS: Readonly<Record<number, Readonly<Record<number, string>>>> = Object.fromEntries(Object.entries(IKEV2_TRANSFORM_TYPES).map(([n, [, ids]]) => [n, ids]));
/** The payload type list's length in Scapy: a next payload past it is the generic payload. */
const PAYLOAD_TYPE_COUNT = 54;

const payloadClasses = new Map<number, LayerRef>();

/** The next payload's class (Scapy's IKEv2_class.guess_payload_class; certificates by their encoding). */
function nextPayload(p: { next_payload: number | null }, rest: Uint8Array): LayerRef {
  const np = p.next_payload ?? 0;
  if (np === 0) return Raw;
  if (np === 37) return certificateClass(rest);
  return (np < PAYLOAD_TYPE_COUNT ? payloadClasses.get(np) : undefined) ?? IKEv2_payload;
}

export const IKEv2 = defineLayer(
  "IKEv2",
  [
    strFixedLen("init_SPI", "", 8),
    strFixedLen("resp_SPI", "", 8),
    byteEnum("next_payload", 0, IKEV2_PAYLOAD_TYPES),
    xbyte("version", 0x20),
    byteEnum("exch_type", 0, IKEV2_EXCHANGE_TYPES),
    flags("flags", 0, 8, ["res0", "res1", "res2", "Initiator", "Version", "Response", "res6", "res7"]),
    int("id", 0),
    int("length", null).compute(layerLength()),
  ],
  {
    // Scapy's test of bit 0 (res0) for an encrypted message's Raw payload.
    guessPayload: (p, rest) => (p.flags.value & 1 ? Raw : nextPayload(p, rest)),
    // An IKEv1 version is ISAKMP.
    dispatch: (buf, start, end): LayerRef | undefined => (end - start >= 18 && buf[start + 17]! < 0x20 ? ISAKMP : undefined),
    answers: (reply, request): boolean => isLayer(request, IKEv2) && (request.init_SPI ?? new Uint8Array(0)).join() === (reply.init_SPI ?? new Uint8Array(0)).join(),
  },
);

const chained = { guessPayload: nextPayload } as const;
const next = () => byteEnum("next_payload", null, IKEV2_PAYLOAD_TYPES);
const minus = (n: number) => (p: { length: number | null }) => (p.length ?? 0) - n;

/** The key length attribute (the only one defined): 0x800E in front of the length (shown alone). */
class KeyLengthAttribute<N extends string> extends IntField<N, number, number> {
  constructor(name: N) {
    super(name, 0x800e0000, 4, { kindName: "IKEv2_Key_Length_Attribute" });
  }
  override fromUser(value: unknown, pkt: Packet | null): unknown {
    return ((super.fromUser(value ?? 0, pkt) as number) | 0x800e0000) >>> 0;
  }
  override repr(value: unknown): string {
    return value === null || value === undefined ? "None" : String(Number(value) & 0xffff);
  }
}

export const IKEv2_payload_Transform = defineLayer(
  "IKEv2_payload_Transform",
  [
    byteEnum("next_payload", null, { 0: "last", 3: "Transform" }),
    byte("res", 0),
    short("length", 8),
    byteEnum("transform_type", null, IKEV2_TRANSFORM_TYPE_NAMES),
    byte("res2", 0),
    new IntField<"transform_id", number | string, number | null>("transform_id", null, 2, { kindName: "MultiEnumField", enum: enumByField("transform_type", TRANSFORM_IDS) }),
    new KeyLengthAttribute("key_length"),
  ],
  { ...chained, displayName: "IKE Transform", when: { key_length: (p) => (p.length ?? 0) > 8 } },
);

/** The proposal's length: its transforms, 8 header bytes and the SPI size as given (Scapy's adjust reads SPIsize). */
const proposalLength: Computed = {
  stage: "length",
  describe: "length of trans, 8 bytes and SPIsize",
  refs: ["trans", "SPIsize"],
  compute: (p, out, self) => lengthOf("trans").compute(p, out, self) + 8 + (((p as unknown as { SPIsize: number | null }).SPIsize ?? 0) || 0),
};

export const IKEv2_payload_Proposal = defineLayer(
  "IKEv2_payload_Proposal",
  [
    byteEnum("next_payload", null, { 0: "last", 2: "Proposal" }),
    byte("res", 0),
    new IntField<"length", number, number | null>("length", null, 2, { kindName: "FieldLenField" }).compute(proposalLength),
    byte("proposal", 1),
    byteEnum("proto", 1, { 1: "IKEv2", 2: "AH", 3: "ESP" }),
    fieldLen("SPIsize", null, { fmt: "B", lengthOf: "SPI" }),
    byte("trans_nb", null),
    strLen("SPI", "", "SPIsize"),
    packetLenField("trans", Raw() as Packet, IKEv2_payload_Transform),
  ],
  { ...chained, displayName: "IKEv2 Proposal", lengthFrom: { trans: (p) => (p.length ?? 0) - 8 - (p.SPIsize ?? 0) } },
);

/** A payload that is a header and bytes (`field` after `head` header bytes). */
function bytesPayload<const F extends string>(name: string, displayName: string, field: F, head = 4) {
  return defineLayer(name, [next(), byte("res", 0), fieldLen("length", null, { lengthOf: field, adjust: (x) => x + head }), strLen(field, "")], {
    ...chained,
    displayName,
    lengthFrom: { [field]: minus(head) } as never,
  });
}

export const IKEv2_payload = defineLayer(
  "IKEv2_payload",
  [next(), flags("flags", 0, 8, ["critical", "res1", "res2", "res3", "res4", "res5", "res6", "res7"]), fieldLen("length", null, { lengthOf: "load", adjust: (x) => x + 4 }), strLen("load", "")],
  { ...chained, displayName: "IKEv2 Payload", lengthFrom: { load: minus(4) } },
);

export const IKEv2_payload_AUTH = defineLayer(
  "IKEv2_payload_AUTH",
  [next(), byte("res", 0), fieldLen("length", null, { lengthOf: "load", adjust: (x) => x + 8 }), byteEnum("auth_type", null, IKEV2_AUTHENTICATION_TYPES), xthreeBytes("res2", 0), strLen("load", "")],
  { ...chained, displayName: "IKEv2 Authentication", lengthFrom: { load: minus(8) } },
);

export const IKEv2_payload_VendorID = bytesPayload("IKEv2_payload_VendorID", "IKEv2 Vendor ID", "vendorID");
// Scapy declares Delete as a copy of Vendor ID (its name too).
export const IKEv2_payload_Delete = bytesPayload("IKEv2_payload_Delete", "IKEv2 Vendor ID", "vendorID");
export const IKEv2_payload_Nonce = bytesPayload("IKEv2_payload_Nonce", "IKEv2 Nonce", "load");
export const IKEv2_payload_Encrypted = bytesPayload("IKEv2_payload_Encrypted", "IKEv2 Encrypted and Authenticated", "load");

// ---------------------------------------------------------------- traffic selectors

const selector = { extractPadding: () => 0 } as const;
/** What every traffic selector starts with: its type, the IP protocol and its length. */
const selectorHead = (type: number, length: number) =>
  [byteEnum("TS_type", type, IKEV2_TRAFFIC_SELECTOR_TYPES), byteEnum("IP_protocol_ID", null, IKEV2_IP_PROTOCOL_IDS), short("length", length)] as const;

export const IPv4TrafficSelector = defineLayer(
  "IPv4TrafficSelector",
  [
    ...selectorHead(7, 16),
    short("start_port", 0),
    short("end_port", 65535),
    ipv4("starting_address_v4", "192.168.0.1"),
    ipv4("ending_address_v4", "192.168.0.255"),
  ],
  { ...selector, displayName: "IKEv2 IPv4 Traffic Selector" },
);

export const IPv6TrafficSelector = defineLayer(
  "IPv6TrafficSelector",
  [
    ...selectorHead(8, 20),
    short("start_port", 0),
    short("end_port", 65535),
    ipv6("starting_address_v6", "2001::"),
    ipv6("ending_address_v6", "2001::"),
  ],
  { ...selector, displayName: "IKEv2 IPv6 Traffic Selector" },
);

export const EncryptedTrafficSelector = defineLayer(
  "EncryptedTrafficSelector",
  [
    ...selectorHead(9, 16),
    byte("res", 0),
    xthreeBytes("starting_address_FC", 0),
    byte("res2", 0),
    xthreeBytes("ending_address_FC", 0),
    byte("starting_R_CTL", 0),
    byte("ending_R_CTL", 0),
    byte("starting_type", 0),
    byte("ending_type", 0),
  ],
  { ...selector, displayName: "IKEv2 Encrypted Traffic Selector" },
);

export const RawTrafficSelector = defineLayer(
  "RawTrafficSelector",
  [byteEnum("TS_type", null, IKEV2_TRAFFIC_SELECTOR_TYPES), byteEnum("IP_protocol_ID", null, IKEV2_IP_PROTOCOL_IDS), fieldLen("length", null, { lengthOf: "load", adjust: (x) => x + 4 }), packetField("load", null, Raw)],
  { ...selector, displayName: "IKEv2 Encrypted Traffic Selector" },
);

/** A traffic selector's class by its type (Scapy's TrafficSelector.dispatch_hook). */
const selectorClass = (_p: Packet, buf: Uint8Array, off: number, end: number): LayerRef => {
  if (end - off < 16) return IPv4TrafficSelector;
  const t = buf[off]!;
  return t === 7 ? IPv4TrafficSelector : t === 8 ? IPv6TrafficSelector : t === 9 ? EncryptedTrafficSelector : RawTrafficSelector;
};

const tsFields = () =>
  [
    next(),
    byte("res", 0),
    fieldLen("length", null, { lengthOf: "traffic_selector", adjust: (x) => x + 8 }),
    fieldLen("number_of_TSs", null, { fmt: "B", countOf: "traffic_selector" }),
    xthreeBytes("res2", 0),
    packetList("traffic_selector", null, selectorClass),
  ] as const;
const tsRules = { ...chained, lengthFrom: { traffic_selector: minus(8) }, countFrom: { traffic_selector: (p: { number_of_TSs: number | null }) => p.number_of_TSs } } as const;
export const IKEv2_payload_TSi = defineLayer("IKEv2_payload_TSi", tsFields(), { ...tsRules, displayName: "IKEv2 Traffic Selector - Initiator" });
export const IKEv2_payload_TSr = defineLayer("IKEv2_payload_TSr", tsFields(), { ...tsRules, displayName: "IKEv2 Traffic Selector - Responder" });

// ---------------------------------------------------------------- SA, KE, notify, identification

export const IKEv2_payload_SA = defineLayer(
  "IKEv2_payload_SA",
  [next(), byte("res", 0), fieldLen("length", null, { lengthOf: "prop", adjust: (x) => x + 4 }), packetLenField("prop", Raw() as Packet, IKEv2_payload_Proposal)],
  { ...chained, displayName: "IKEv2 SA", lengthFrom: { prop: minus(4) } },
);

export const IKEv2_payload_Notify = defineLayer(
  "IKEv2_payload_Notify",
  [
    next(),
    byte("res", 0),
    fieldLen("length", null, { lengthOf: "load", adjust: (x) => x + 8 }),
    byteEnum("proto", null, { 0: "Reserved", 1: "IKE", 2: "AH", 3: "ESP" }),
    fieldLen("SPIsize", null, { fmt: "B", lengthOf: "SPI" }),
    shortEnum("type", 0, IKEV2_NOTIFY_MESSAGE_TYPES),
    strLen("SPI", "", "SPIsize"),
    // Scapy reads length - 8 bytes of data after the SPI too (an SPI makes it overlap what follows).
    strLen("load", ""),
  ],
  { ...chained, displayName: "IKEv2 Notify", lengthFrom: { load: minus(8) } },
);

export const IKEv2_payload_KE = defineLayer(
  "IKEv2_payload_KE",
  [next(), byte("res", 0), fieldLen("length", null, { lengthOf: "load", adjust: (x) => x + 8 }), shortEnum("group", 0, IKEV2_TRANSFORM_TYPES[4]![1]), short("res2", 0), strLen("load", "")],
  { ...chained, displayName: "IKEv2 Key Exchange", lengthFrom: { load: minus(8) } },
);

const ID_TYPES = { 1: "IPv4_addr", 2: "FQDN", 3: "Email_addr", 5: "IPv6_addr", 11: "Key" };
const idFields = () =>
  [
    next(),
    byte("res", 0),
    fieldLen("length", null, { lengthOf: "ID", adjust: (x) => x + 8 }),
    byteEnum("IDtype", 1, ID_TYPES),
    xthreeBytes("res2", 0),
    multipleType("ID", { v4: ipv4("ID", "127.0.0.1"), v6: ipv6("ID", "::1"), bytes: strLen("ID", "") }, "bytes"),
  ] as const;
const idRules = { ...chained, lengthFrom: { ID: minus(8) }, choose: { ID: (p: { IDtype: number }) => (p.IDtype === 1 ? "v4" : p.IDtype === 5 ? "v6" : "bytes") } } as const;
export const IKEv2_payload_IDi = defineLayer("IKEv2_payload_IDi", idFields(), { ...idRules, displayName: "IKEv2 Identification - Initiator" });
export const IKEv2_payload_IDr = defineLayer("IKEv2_payload_IDr", idFields(), { ...idRules, displayName: "IKEv2 Identification - Responder" });

// ---------------------------------------------------------------- configuration

const V4_ATTRIBUTES = new Set([1, 2, 3, 4, 6, 20]);
const V6_ATTRIBUTES = new Set([10, 12, 21]);

export const ConfigurationAttribute = defineLayer(
  "ConfigurationAttribute",
  [
    shortEnum("type", 1, IKEV2_CONFIGURATION_ATTRIBUTE_TYPES),
    fieldLen("length", null, { lengthOf: "value" }),
    multipleType("value", { v4: ipv4("value", "127.0.0.1"), v6: ipv6("value", "::1"), bytes: strLen("value", "") }, "bytes"),
  ],
  {
    displayName: "IKEv2 Configuration Attribute",
    extractPadding: () => 0,
    lengthFrom: { value: (p) => p.length ?? 0 },
    // By the length as given (Scapy: a value left to its length is bytes).
    choose: { value: (p) => (p.length === 4 && V4_ATTRIBUTES.has(p.type) ? "v4" : p.length === 16 && V6_ATTRIBUTES.has(p.type) ? "v6" : "bytes") },
  },
);

export const IKEv2_payload_CP = defineLayer(
  "IKEv2_payload_CP",
  [
    next(),
    byte("res", 0),
    fieldLen("length", null, { lengthOf: "attributes", adjust: (x) => x + 8 }),
    byteEnum("CFGType", 1, IKEV2_CFG_TYPES),
    xthreeBytes("res2", 0),
    packetList("attributes", null, ConfigurationAttribute),
  ],
  { ...chained, displayName: "IKEv2 Configuration", lengthFrom: { attributes: minus(8) } },
);

export const IKEv2_payload_Encrypted_Fragment = defineLayer(
  "IKEv2_payload_Encrypted_Fragment",
  [next(), byte("res", 0), fieldLen("length", null, { lengthOf: "load", adjust: (x) => x + 8 }), short("frag_number", 1), short("frag_total", 1), strLen("load", "")],
  { ...chained, displayName: "IKEv2 Encrypted Fragment", lengthFrom: { load: minus(8) } },
);

// ---------------------------------------------------------------- certificates

const certFields = <const F extends string>(field: F, type: number) =>
  [next(), byte("res", 0), fieldLen("length", null, { lengthOf: field, adjust: (x) => x + 5 }), byteEnum("cert_type", type, IKEV2_CERTIFICATE_ENCODINGS), strLen(field, "")] as const;

export const IKEv2_payload_CERTREQ = defineLayer("IKEv2_payload_CERTREQ", certFields("cert_data", 0), { ...chained, displayName: "IKEv2 Certificate Request", lengthFrom: { cert_data: minus(5) } });
/** An X.509 certificate, as its DER bytes. */
export const IKEv2_payload_CERT_CRT = defineLayer("IKEv2_payload_CERT_CRT", certFields("x509Cert", 4), { ...chained, displayName: "IKEv2 Certificate", lengthFrom: { x509Cert: minus(5) } });
/** A certificate revocation list, as its DER bytes. */
export const IKEv2_payload_CERT_CRL = defineLayer("IKEv2_payload_CERT_CRL", certFields("x509CRL", 7), { ...chained, displayName: "IKEv2 Certificate", lengthFrom: { x509CRL: minus(5) } });
export const IKEv2_payload_CERT_STR = defineLayer("IKEv2_payload_CERT_STR", certFields("cert_data", 0), { ...chained, displayName: "IKEv2 Certificate", lengthFrom: { cert_data: minus(5) } });

/** Scapy's IKEv2_payload_CERT.dispatch_hook: by the encoding byte when there are 16 bytes or more. */
function certificateClass(rest: Uint8Array): LayerRef {
  if (rest.length < 16) return IKEv2_payload_CERT_STR;
  return rest[4] === 4 ? IKEv2_payload_CERT_CRT : rest[4] === 7 ? IKEv2_payload_CERT_CRL : IKEv2_payload_CERT_STR;
}

const numbered: Array<[number, LayerRef]> = [
  [2, IKEv2_payload_Proposal],
  [3, IKEv2_payload_Transform],
  [33, IKEv2_payload_SA],
  [34, IKEv2_payload_KE],
  [35, IKEv2_payload_IDi],
  [36, IKEv2_payload_IDr],
  [38, IKEv2_payload_CERTREQ],
  [39, IKEv2_payload_AUTH],
  [40, IKEv2_payload_Nonce],
  [41, IKEv2_payload_Notify],
  [42, IKEv2_payload_Delete],
  [43, IKEv2_payload_VendorID],
  [44, IKEv2_payload_TSi],
  [45, IKEv2_payload_TSr],
  [46, IKEv2_payload_Encrypted],
  [47, IKEv2_payload_CP],
  [53, IKEv2_payload_Encrypted_Fragment],
];
for (const [n, cls] of numbered) payloadClasses.set(n, cls);
const everyPayload: Array<[number, LayerRef]> = [...numbered, [37, IKEv2_payload_CERT_CRT], [37, IKEv2_payload_CERT_CRL], [37, IKEv2_payload_CERT_STR]];
for (const lower of [IKEv2, IKEv2_payload, ...everyPayload.map(([, c]) => c)]) {
  for (const [n, cls] of everyPayload) bindTopDown(lower, cls, { next_payload: n });
}

// ---------------------------------------------------------------- UDP 500 and 4500

// IKEv2 reads port 500 (and gives ISAKMP for IKEv1 versions), as with Scapy's contrib loaded.
splitLayers(UDP, ISAKMP);
bindTopDown(UDP, ISAKMP, { dport: 500, sport: 500 });
bindBottomUp(UDP, IKEv2, { dport: 500 });
bindBottomUp(UDP, IKEv2, { sport: 500 });
bindTopDown(UDP, IKEv2, { dport: 500, sport: 500 });

/** RFC 3948 2.3: one 0xff byte keeps a NAT mapping open. */
export const NAT_KEEPALIVE = defineLayer("NAT_KEEPALIVE", [xbyte("nat_keepalive", 0xff)], { guessPayload: () => Raw });

/**
 * RFC 3948 2.2: four zero bytes before an IKE message on port 4500. UDP 4500 is bound to it, and
 * its dispatch gives what the bytes are (Scapy's UDP_ENCAP.dispatch_hook): a keepalive, or ESP.
 */
export const NON_ESP = defineLayer("NON_ESP", [xint("non_esp", 0)], {
  guessPayload: () => IKEv2,
  dispatch: (buf, start, end): LayerRef | undefined => {
    if (end - start >= 4 && buf[start] === 0 && buf[start + 1] === 0 && buf[start + 2] === 0 && buf[start + 3] === 0) return undefined;
    if (end - start === 1 && buf[start] === 0xff) return NAT_KEEPALIVE;
    return end > start ? ESP : undefined;
  },
});

splitLayers(UDP, ESP);
bindBottomUp(UDP, NON_ESP, { dport: 4500 });
bindBottomUp(UDP, NON_ESP, { sport: 4500 });
bindTopDown(UDP, ESP, { dport: 4500, sport: 4500 });
bindTopDown(UDP, NON_ESP, { dport: 4500, sport: 4500 });
bindTopDown(UDP, NAT_KEEPALIVE, { dport: 4500, sport: 4500 });
