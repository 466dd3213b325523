/**
 * PPP (RFC 1661) as Scapy's layers/ppp.py has it: the PPP header (a protocol field of one or two
 * bytes), HDLC framing, LCP with its options, IPCP and ECP with theirs (and IPV6CP, which Scapy
 * lacks, on their model), PAP and CHAP, PPPoE discovery (with its tags) and session stage, and
 * the direction pseudo-header of LINKTYPE_PPP_WITH_DIR. Classes that Scapy picks by the code byte (LCP, PAP, CHAP) or by the
 * option type are chosen the same way, from the bytes and from keyword arguments.
 */
import { bindLayers, bindTopDown } from "../core/bind.ts";
import { defineLayer } from "../core/define.ts";
import { ipv4 } from "../core/fields/address.ts";
import { bits } from "../core/fields/bits.ts";
import { headerLength, layerLength, lengthOf } from "../core/fields/computed.ts";
import { byte, byteEnum, int, IntField, oui, short, shortEnum, xbyte, xlong, xshort } from "../core/fields/integers.ts";
import type { EnumSource } from "../core/fields/enums.ts";
import { fieldLen } from "../core/fields/length.ts";
import { packetField, packetList } from "../core/fields/packets.ts";
import { strLen, xstrLen } from "../core/fields/strings.ts";
import { isLayer, type Packet } from "../core/packet.ts";
import type { Computed, LayerRef } from "../core/state.ts";
import type { Writer } from "../core/writer.ts";
import { PPP_PROTOCOLS } from "./data/pppProtocols.ts";
import { IP } from "./inet.ts";
import { IPv6 } from "./inet6.ts";
import { CookedLinux, Ether } from "./l2.ts";
import { DLT, registerLinkType } from "./linktypes.ts";

export { PPP_PROTOCOLS };

// ---------------------------------------------------------------- PPPoE

/** PPPoE session stage (RFC 2516): the length counts what follows the header. */
export const PPPoE = defineLayer(
  "PPPoE",
  [bits("version", 1, 4), bits("type", 1, 4), byteEnum("code", 0, { 0: "Session" }), xshort("sessionid", 0), short("len", null).compute(layerLength((n) => n - 6))],
  { displayName: "PPP over Ethernet" },
);

export const PPPOED_CODES: Readonly<Record<number, string>> = {
  0x00: "PPP Session Stage",
  0x09: "PPPoE Active Discovery Initiation (PADI)",
  0x07: "PPPoE Active Discovery Offer (PADO)",
  0x0a: "PPPoE Active Discovery Session-Grant (PADG)",
  0x0b: "PPPoE Active Discovery Session-Credit Response (PADC)",
  0x0c: "PPPoE Active Discovery Quality (PADQ)",
  0x19: "PPPoE Active Discovery Request (PADR)",
  0x65: "PPPoE Active Discovery Session-confirmation (PADS)",
  0xa7: "PPPoE Active Discovery Terminate (PADT)",
};

/** PPPoE discovery stage (PADI, PADO, PADR, PADS, PADT...); its tags follow as PPPoED_Tags. */
export const PPPoED = defineLayer(
  "PPPoED",
  [bits("version", 1, 4), bits("type", 1, 4), byteEnum("code", 0x09, PPPOED_CODES), xshort("sessionid", 0), short("len", null).compute(layerLength((n) => n - 6))],
  {
    displayName: "PPP over Ethernet Discovery",
    // The tags are `len` bytes: what follows (Ethernet's padding) is Padding.
    extractPadding: (p) => p.len,
    summary: "%code%",
  },
);

export const PPPOE_TAG_TYPES: Readonly<Record<number, string>> = {
  0x0000: "End-Of-List",
  0x0101: "Service-Name",
  0x0102: "AC-Name",
  0x0103: "Host-Uniq",
  0x0104: "AC-Cookie",
  0x0105: "Vendor-Specific",
  0x0106: "Credits",
  0x0107: "Metrics",
  0x0108: "Sequence Number",
  0x0109: "Credit Scale Factor",
  0x0110: "Relay-Session-Id",
  0x0120: "PPP-Max-Payload",
  0x0201: "Service-Name-Error",
  0x0202: "AC-System-Error",
  0x0203: "Generic-Error",
};

/** Elements of a list: what an element leaves is where the next one starts. */
const element = { extractPadding: () => 0 } as const;

export const PPPoETag = defineLayer(
  "PPPoETag",
  [shortEnum("tag_type", null, PPPOE_TAG_TYPES), fieldLen("tag_len", null, { lengthOf: "tag_value" }), strLen("tag_value", "", "tag_len")],
  { displayName: "PPPoE Tag", ...element },
);

export const PPPoED_Tags = defineLayer("PPPoED_Tags", [packetList("tag_list", null, PPPoETag)], {
  displayName: "PPPoE Tag List",
  // Scapy joins the names to "PPPoE Tags" without a space, and the discovery header's summary is left out.
  summary: (p) => ({ text: "PPPoE Tags" + p.tag_list.map((t) => t.sprintf("%tag_type%")).join(", "), show: [PPPoED] }),
});

// ---------------------------------------------------------------- PPP and its framings

/** HDLC-like framing (RFC 1662): address 0xff, control 0x03, then PPP. */
export const HDLC = defineLayer("HDLC", [xbyte("address", 0xff), xbyte("control", 0x03)]);

/** LINKTYPE_PPP_WITH_DIR: one byte, 0 received, 1 sent. */
export const DIR_PPP = defineLayer("DIR_PPP", [byteEnum("direction", 0, { 0: "received", 1: "sent" })]);

/**
 * The PPP protocol field (RFC 1661 section 2): one byte when the first byte read is odd (a
 * compressed protocol), two otherwise; written as one byte when the value is below 0x100.
 */
export class PPPProtoField<N extends string = string> extends IntField<N, number | string, number> {
  constructor(name: N, defaultValue: number, names: EnumSource) {
    super(name, defaultValue, 2, { enum: names, kindName: "_PPPProtoField" });
    this.bits = -1;
  }
  override measure(_pkt: Packet, buf: Uint8Array, off: number, end: number): number {
    if (off >= end) return -1;
    const size = buf[off]! & 1 ? 1 : 2;
    return off + size <= end ? size : -1;
  }
  override decode(_pkt: Packet, buf: Uint8Array, off: number, end: number): unknown {
    return end - off === 1 ? buf[off]! : (buf[off]! << 8) | buf[off + 1]!;
  }
  override write(w: Writer, value: unknown): void {
    const n = (value as number | null) ?? 0;
    if (n < 0x100) w.u8(n);
    else w.u16(n);
  }
  override lengthOf(value: unknown): number {
    return ((value as number | null) ?? 0) < 0x100 ? 1 : 2;
  }
}

export const PPP = defineLayer("PPP", [new PPPProtoField("proto", 0x0021, PPP_PROTOCOLS)], {
  displayName: "PPP Link Layer",
  // A frame that starts with 0xff has the HDLC address and control bytes in front.
  dispatch: (buf, start, end) => (end > start && buf[start] === 0xff ? HDLC : undefined),
});

// ---------------------------------------------------------------- configuration codes, IPCP and ECP

export const PPP_CONF_TYPES: Readonly<Record<number, string>> = {
  1: "Configure-Request",
  2: "Configure-Ack",
  3: "Configure-Nak",
  4: "Configure-Reject",
  5: "Terminate-Request",
  6: "Terminate-Ack",
  7: "Code-Reject",
  8: "Protocol-Reject",
  9: "Echo-Request",
  10: "Echo-Reply",
  11: "Discard-Request",
  14: "Reset-Request",
  15: "Reset-Ack",
};

/** A class per option type, chosen from the type byte (Scapy's registered_options). */
function optionFamily() {
  const variants = new Map<number, LayerRef>();
  return {
    dispatch: (buf: Uint8Array, start: number, end: number): LayerRef | undefined => (end > start ? variants.get(buf[start]!) : undefined),
    variant<L extends LayerRef>(layer: L): L {
      variants.set(layer.spec.layout.fields[0]!.defaultValue as number, layer);
      return layer;
    },
  };
}

/** `len` counts the option's whole bytes: type, length and what `target` holds (+ head bytes). */
const optionLength = <const T extends string>(target: T, head = 2) => fieldLen("len", null, { fmt: "B", lengthOf: target, adjust: (n) => n + head });
/** A message's 2-byte length: code, id, length and `target`. */
const messageLength = <const T extends string>(target: T, head = 4) => fieldLen("len", null, { lengthOf: target, adjust: (n) => n + head });
const messageHead = (code: number, codes: Readonly<Record<number, string>>) => [byteEnum("code", code, codes), xbyte("id", 0)] as const;
/** A region of `len` minus the head bytes, never negative. */
const afterHead = (head: number) => (p: { len: number | null }) => Math.max(0, (p.len ?? 0) - head);
/** A control protocol's generic option: type, length and data, read as the family's class for its type. */
const familyOption = <const Name extends string>(name: Name, types: Readonly<Record<number, string>>, displayName: string, family: ReturnType<typeof optionFamily>) =>
  defineLayer(name, [byteEnum("type", null, types), optionLength("data"), strLen("data", "")], {
    displayName,
    lengthFrom: { data: afterHead(2) },
    dispatch: family.dispatch,
    ...element,
  });
/** A Configure message's fields: code, id, length and the options it counts. */
const configureFields = (code: number, codes: Readonly<Record<number, string>>, option: LayerRef) =>
  [...messageHead(code, codes), messageLength("options"), packetList<"options", Packet>("options", [], option)] as const;
/** The options of a Configure message: `len` minus its 4-byte head. */
const configureOptions = { options: (p: { len: number | null }) => (p.len ?? 0) - 4 };

export const IPCP_OPTION_TYPES: Readonly<Record<number, string>> = {
  1: "IP-Addresses (Deprecated)",
  2: "IP-Compression-Protocol",
  3: "IP-Address",
  4: "Mobile-IPv4",
  129: "Primary-DNS-Address",
  130: "Primary-NBNS-Address",
  131: "Secondary-DNS-Address",
  132: "Secondary-NBNS-Address",
};

const ipcp = optionFamily();

export const PPP_IPCP_Option = familyOption("PPP_IPCP_Option", IPCP_OPTION_TYPES, "PPP IPCP Option", ipcp);

const ipcpAddress = (name: string, type: number, displayName: string) =>
  ipcp.variant(
    defineLayer(name, [byteEnum("type", type, IPCP_OPTION_TYPES), optionLength("data"), ipv4("data", "0.0.0.0"), strLen("garbage", "")], {
      parent: PPP_IPCP_Option,
      displayName,
      lengthFrom: { garbage: (p) => (p.len ?? 0) - 6 },
    }),
  );

export const PPP_IPCP_Option_IPAddress = ipcpAddress("PPP_IPCP_Option_IPAddress", 3, "PPP IPCP Option: IP Address");
export const PPP_IPCP_Option_DNS1 = ipcpAddress("PPP_IPCP_Option_DNS1", 129, "PPP IPCP Option: DNS1 Address");
export const PPP_IPCP_Option_DNS2 = ipcpAddress("PPP_IPCP_Option_DNS2", 131, "PPP IPCP Option: DNS2 Address");
export const PPP_IPCP_Option_NBNS1 = ipcpAddress("PPP_IPCP_Option_NBNS1", 130, "PPP IPCP Option: NBNS1 Address");
export const PPP_IPCP_Option_NBNS2 = ipcpAddress("PPP_IPCP_Option_NBNS2", 132, "PPP IPCP Option: NBNS2 Address");

export const PPP_IPCP = defineLayer("PPP_IPCP", configureFields(1, PPP_CONF_TYPES, PPP_IPCP_Option), {
  lengthFrom: configureOptions,
});

export const ECP_OPTION_TYPES: Readonly<Record<number, string>> = { 0: "OUI", 1: "DESE" };

const ecp = optionFamily();

export const PPP_ECP_Option = familyOption("PPP_ECP_Option", ECP_OPTION_TYPES, "PPP ECP Option", ecp);

export const PPP_ECP_Option_OUI = ecp.variant(
  defineLayer("PPP_ECP_Option_OUI", [byteEnum("type", 0, ECP_OPTION_TYPES), optionLength("data", 6), oui("oui", 0), byte("subtype", 0), strLen("data", "")], {
    parent: PPP_ECP_Option,
    lengthFrom: { data: (p) => (p.len ?? 0) - 6 },
  }),
);

export const PPP_ECP = defineLayer("PPP_ECP", configureFields(1, PPP_CONF_TYPES, PPP_ECP_Option), {
  lengthFrom: configureOptions,
});

// ---------------------------------------------------------------- IPV6CP (RFC 5072)
// Scapy has no class for it; these follow its IPCP classes (names, option dispatch, lengths).

export const IPV6CP_OPTION_TYPES: Readonly<Record<number, string>> = { 1: "Interface-Identifier", 2: "IPv6-Compression-Protocol" };

const ipv6cp = optionFamily();

export const PPP_IPV6CP_Option = familyOption("PPP_IPV6CP_Option", IPV6CP_OPTION_TYPES, "PPP IPV6CP Option", ipv6cp);

/** The 64-bit interface identifier the link-local address is made from. */
export const PPP_IPV6CP_Option_InterfaceIdentifier = ipv6cp.variant(
  defineLayer("PPP_IPV6CP_Option_InterfaceIdentifier", [byteEnum("type", 1, IPV6CP_OPTION_TYPES), byte("len", 10), xlong("interface_id", 0)], {
    parent: PPP_IPV6CP_Option,
    displayName: "PPP IPV6CP Option: Interface Identifier",
  }),
);

export const PPP_IPV6CP = defineLayer("PPP_IPV6CP", configureFields(1, PPP_CONF_TYPES, PPP_IPV6CP_Option), {
  displayName: "PPP IPv6 Control Protocol",
  lengthFrom: configureOptions,
});

// ---------------------------------------------------------------- LCP (RFC 1661)

export const LCP_CODES: Readonly<Record<number, string>> = {
  1: "Configure-Request",
  2: "Configure-Ack",
  3: "Configure-Nak",
  4: "Configure-Reject",
  5: "Terminate-Request",
  6: "Terminate-Ack",
  7: "Code-Reject",
  8: "Protocol-Reject",
  9: "Echo-Request",
  10: "Echo-Reply",
  11: "Discard-Request",
};

/** The LCP class for a code byte (Scapy's PPP_LCP.dispatch_hook); unknown codes stay PPP_LCP. */
function lcpClass(code: number): LayerRef | undefined {
  if (code >= 1 && code <= 4) return PPP_LCP_Configure;
  if (code === 5 || code === 6) return PPP_LCP_Terminate;
  if (code === 7) return PPP_LCP_Code_Reject;
  if (code === 8) return PPP_LCP_Protocol_Reject;
  if (code === 9 || code === 10) return PPP_LCP_Echo;
  if (code === 11) return PPP_LCP_Discard_Request;
  return PPP_LCP;
}

const lcpMessage = {
  displayName: "PPP Link Control Protocol",
  summary: "LCP %code%",
  // A message is `len` bytes: the rest is Padding.
  extractPadding: () => 0,
  dispatch: (buf: Uint8Array, start: number, end: number): LayerRef | undefined => (end > start ? lcpClass(buf[start]!) : undefined),
} as const;

export const PPP_LCP = defineLayer("PPP_LCP", [...messageHead(5, LCP_CODES), messageLength("data"), strLen("data", "")], {
  ...lcpMessage,
  lengthFrom: { data: (p) => (p.len ?? 0) - 4 },
});

export const LCP_OPTION_TYPES: Readonly<Record<number, string>> = {
  1: "Maximum-Receive-Unit",
  2: "Async-Control-Character-Map",
  3: "Authentication-protocol",
  4: "Quality-protocol",
  5: "Magic-number",
  7: "Protocol-Field-Compression",
  8: "Address-and-Control-Field-Compression",
  13: "Callback",
};

const lcpOption = optionFamily();

export const PPP_LCP_Option = defineLayer("PPP_LCP_Option", [byteEnum("type", null, LCP_OPTION_TYPES), optionLength("data"), strLen("data", null)], {
  displayName: "PPP LCP Option",
  lengthFrom: { data: (p) => (p.len ?? 0) - 2 },
  dispatch: lcpOption.dispatch,
  ...element,
});

const fixedOption = { parent: PPP_LCP_Option } as const;

export const PPP_LCP_MRU_Option = lcpOption.variant(defineLayer("PPP_LCP_MRU_Option", [byteEnum("type", 1, LCP_OPTION_TYPES), byte("len", 4), short("max_recv_unit", 1500)], fixedOption));

export const LCP_AUTH_PROTOCOLS: Readonly<Record<number, string>> = {
  0xc023: "Password authentication protocol",
  0xc223: "Challenge-response authentication protocol",
  0xc227: "PPP Extensible authentication protocol",
};
export const LCP_CHAP_ALGORITHMS: Readonly<Record<number, string>> = { 5: "MD5", 6: "SHA1", 128: "MS-CHAP", 129: "MS-CHAP-v2" };

export const PPP_LCP_ACCM_Option = lcpOption.variant(
  defineLayer("PPP_LCP_ACCM_Option", [byteEnum("type", 2, LCP_OPTION_TYPES), byte("len", 6), new IntField<"accm", number, number>("accm", 0, 4, { kindName: "BitField  (32 bits)" })], fixedOption),
);

/** Scapy's adjust_auth_len: CHAP's option is 5 bytes, PAP's 4, any other protocol 4 and its data. */
const authOptionLength: Computed = {
  stage: "length",
  describe: "length of the option (5 for CHAP, 4 for PAP, else 4 + data)",
  refs: ["data"],
  compute(p, out) {
    const proto = p.getFieldValue("auth_protocol") as number;
    if (proto === 0xc223) return 5;
    if (proto === 0xc023) return 4;
    const bitsOf = out.bitsOf("data");
    return (bitsOf === null ? 0 : (bitsOf[1] - bitsOf[0]) >> 3) + 4;
  },
};

export const PPP_LCP_Auth_Protocol_Option = lcpOption.variant(
  defineLayer(
    "PPP_LCP_Auth_Protocol_Option",
    [
      byteEnum("type", 3, LCP_OPTION_TYPES),
      new IntField<"len", number, number | null>("len", null, 1, { kindName: "FieldLenField" }).compute(authOptionLength),
      shortEnum("auth_protocol", 0xc023, LCP_AUTH_PROTOCOLS),
      strLen("data", ""),
      byteEnum("algorithm", 5, LCP_CHAP_ALGORITHMS),
    ],
    {
      parent: PPP_LCP_Option,
      lengthFrom: { data: (p) => (p.len ?? 0) - 4 },
      when: { data: (p) => p.auth_protocol !== 0xc223, algorithm: (p) => p.auth_protocol === 0xc223 },
    },
  ),
);

export const LCP_QUALITY_PROTOCOLS: Readonly<Record<number, string>> = { 0xc025: "Link Quality Report" };

export const PPP_LCP_Quality_Protocol_Option = lcpOption.variant(
  defineLayer("PPP_LCP_Quality_Protocol_Option", [byteEnum("type", 4, LCP_OPTION_TYPES), optionLength("data", 4), shortEnum("quality_protocol", 0xc025, LCP_QUALITY_PROTOCOLS), strLen("data", "")], {
    parent: PPP_LCP_Option,
    lengthFrom: { data: (p) => (p.len ?? 0) - 4 },
  }),
);

export const PPP_LCP_Magic_Number_Option = lcpOption.variant(
  defineLayer("PPP_LCP_Magic_Number_Option", [byteEnum("type", 5, LCP_OPTION_TYPES), byte("len", 6), int("magic_number", null)], fixedOption),
);

export const LCP_CALLBACK_OPERATIONS: Readonly<Record<number, string>> = {
  0: "Location determined by user authentication",
  1: "Dialing string",
  2: "Location identifier",
  3: "E.164 number",
  4: "Distinguished name",
};

export const PPP_LCP_Callback_Option = lcpOption.variant(
  defineLayer("PPP_LCP_Callback_Option", [byteEnum("type", 13, LCP_OPTION_TYPES), optionLength("message", 3), byteEnum("operation", 0, LCP_CALLBACK_OPERATIONS), strLen("message", "")], {
    parent: PPP_LCP_Option,
    lengthFrom: { message: (p) => (p.len ?? 0) - 3 },
  }),
);

export const PPP_LCP_Configure = defineLayer("PPP_LCP_Configure", configureFields(1, LCP_CODES, PPP_LCP_Option), {
  ...lcpMessage,
  parent: PPP_LCP,
  lengthFrom: configureOptions,
  answers: (reply, request): boolean => isLayer(request, PPP_LCP_Configure) && [2, 3, 4].includes(reply.code) && request.code === 1 && request.id === reply.id,
});

export const PPP_LCP_Terminate = defineLayer("PPP_LCP_Terminate", [...messageHead(5, LCP_CODES), messageLength("data"), strLen("data", "")], {
  ...lcpMessage,
  parent: PPP_LCP,
  answers: (reply, request): boolean => isLayer(request, PPP_LCP_Terminate) && reply.code === 6 && request.code === 5 && request.id === reply.id,
});

export const PPP_LCP_Code_Reject = defineLayer("PPP_LCP_Code_Reject", [...messageHead(7, LCP_CODES), messageLength("rejected_packet"), packetField("rejected_packet", null, PPP_LCP)], {
  ...lcpMessage,
  parent: PPP_LCP,
});

/** Scapy's bare Packet class, which holds what a Protocol-Reject returns (its payload, Raw). */
const RejectedInformation = defineLayer("Packet", []);

export const PPP_LCP_Protocol_Reject = defineLayer(
  "PPP_LCP_Protocol_Reject",
  [
    ...messageHead(8, LCP_CODES),
    messageLength("rejected_information", 6),
    shortEnum("rejected_protocol", null, PPP_PROTOCOLS),
    packetField("rejected_information", null, RejectedInformation),
  ],
  { ...lcpMessage, parent: PPP_LCP },
);

const discardFields = (code: number) => [...messageHead(code, LCP_CODES), messageLength("data", 8), int("magic_number", null), strLen("data", "")] as const;

export const PPP_LCP_Discard_Request = defineLayer("PPP_LCP_Discard_Request", discardFields(11), {
  ...lcpMessage,
  parent: PPP_LCP,
  lengthFrom: { data: (p) => (p.len ?? 0) - 8 },
});

export const PPP_LCP_Echo = defineLayer("PPP_LCP_Echo", discardFields(9), {
  ...lcpMessage,
  parent: PPP_LCP_Discard_Request,
  answers: (reply, request): boolean => isLayer(request, PPP_LCP_Echo) && reply.code === 10 && request.code === 9 && reply.id === request.id,
});

// ---------------------------------------------------------------- PAP (RFC 1334) and CHAP (RFC 1994)

export const PAP_CODES: Readonly<Record<number, string>> = { 1: "Authenticate-Request", 2: "Authenticate-Ack", 3: "Authenticate-Nak" };

/** A code given by name or number in keyword arguments (Scapy's dispatch_hook on kargs). */
function codeOf(init: Record<string, unknown>, names: Readonly<Record<number, string>>): number | undefined {
  const c = init.code;
  if (typeof c === "number") return c;
  if (typeof c === "string") for (const [k, v] of Object.entries(names)) if (v === c) return Number(k);
  return undefined;
}

const papClass = (code: number | undefined): LayerRef | undefined => (code === 1 ? PPP_PAP_Request : code === 2 || code === 3 ? PPP_PAP_Response : undefined);

const papMessage = {
  displayName: "PPP Password Authentication Protocol",
  extractPadding: () => 0,
  dispatch: (buf: Uint8Array, start: number, end: number): LayerRef | undefined => (end > start ? papClass(buf[start]!) : undefined),
  dispatchInit: (init: Record<string, unknown>): LayerRef | undefined => papClass(codeOf(init, PAP_CODES)),
} as const;

export const PPP_PAP = defineLayer("PPP_PAP", [...messageHead(1, PAP_CODES), messageLength("data"), strLen("data", "")], {
  ...papMessage,
  lengthFrom: { data: (p) => (p.len ?? 0) - 4 },
});

export const PPP_PAP_Request = defineLayer(
  "PPP_PAP_Request",
  [
    ...messageHead(1, PAP_CODES),
    // Scapy: the username's length + 6 + the password's length, which is the whole message.
    new IntField<"len", number, number | null>("len", null, 2, { kindName: "FieldLenField" }).compute(headerLength()),
    fieldLen("username_len", null, { fmt: "B", lengthOf: "username" }),
    strLen("username", null, "username_len"),
    fieldLen("passwd_len", null, { fmt: "B", lengthOf: "password" }),
    strLen("password", null, "passwd_len"),
  ],
  { ...papMessage, parent: PPP_PAP, summary: "PAP-Request username=%PPP_PAP_Request.username% password=%PPP_PAP_Request.password%" },
);

export const PPP_PAP_Response = defineLayer(
  "PPP_PAP_Response",
  [...messageHead(2, PAP_CODES), messageLength("message", 5), fieldLen("msg_len", null, { fmt: "B", lengthOf: "message" }), strLen("message", "", "msg_len")],
  {
    ...papMessage,
    parent: PPP_PAP,
    answers: (reply, request): boolean => isLayer(request, PPP_PAP_Request) && request.id === reply.id,
    summary: (p) => (p.code === 2 ? "PAP-Ack" : "PAP-Nak") + ((p.msg_len ?? 0) > 0 ? p.sprintf(" msg=%PPP_PAP_Response.message%") : ""),
  },
);

export const CHAP_CODES: Readonly<Record<number, string>> = { 1: "Challenge", 2: "Response", 3: "Success", 4: "Failure" };

const chapClass = (code: number | undefined): LayerRef | undefined => (code === 1 || code === 2 ? PPP_CHAP_ChallengeResponse : undefined);

export const PPP_CHAP = defineLayer("PPP_CHAP", [...messageHead(1, CHAP_CODES), messageLength("data"), strLen("data", "")], {
  displayName: "PPP Challenge Handshake Authentication Protocol",
  lengthFrom: { data: (p) => (p.len ?? 0) - 4 },
  extractPadding: () => 0,
  dispatch: (buf, start, end) => (end > start ? chapClass(buf[start]!) : undefined),
  dispatchInit: (init) => chapClass(codeOf(init, CHAP_CODES)),
  answers: (reply, request): boolean => isLayer(request, PPP_CHAP_ChallengeResponse) && request.code === 2 && (reply.code === 3 || reply.code === 4) && reply.id === request.id,
  summary: (p) => (p.code === 3 ? p.sprintf("CHAP Success message=%PPP_CHAP.data%") : p.code === 4 ? p.sprintf("CHAP Failure message=%PPP_CHAP.data%") : null),
});

export const PPP_CHAP_ChallengeResponse = defineLayer(
  "PPP_CHAP_ChallengeResponse",
  [
    ...messageHead(1, CHAP_CODES),
    // Scapy: the value's length + the name's length + 5, which is the whole message.
    new IntField<"len", number, number | null>("len", null, 2, { kindName: "FieldLenField" }).compute(headerLength()),
    fieldLen("value_size", null, { fmt: "B", lengthOf: "value" }),
    xstrLen("value", new Uint8Array(8), "value_size"),
    strLen("optional_name", ""),
  ],
  {
    parent: PPP_CHAP,
    lengthFrom: { optional_name: (p) => (p.len ?? 0) - (p.value_size ?? 0) - 5 },
    answers: (reply, request): boolean => isLayer(request, PPP_CHAP_ChallengeResponse) && request.code === 1 && reply.code === 2 && reply.id === request.id,
    summary: (p) => {
      if (p.code === 1) return p.sprintf("CHAP challenge=0x%PPP_CHAP_ChallengeResponse.value% optional_name=%PPP_CHAP_ChallengeResponse.optional_name%");
      if (p.code === 2) return p.sprintf("CHAP response=0x%PPP_CHAP_ChallengeResponse.value% optional_name=%PPP_CHAP_ChallengeResponse.optional_name%");
      return p.code === 3 ? p.sprintf("CHAP Success message=%PPP_CHAP.data%") : p.code === 4 ? p.sprintf("CHAP Failure message=%PPP_CHAP.data%") : null;
    },
  },
);

// ---------------------------------------------------------------- bindings and link types

bindLayers(PPPoED, PPPoED_Tags, { type: 1 });
bindLayers(Ether, PPPoED, { type: 0x8863 });
bindLayers(Ether, PPPoE, { type: 0x8864 });
bindLayers(CookedLinux, PPPoED, { proto: 0x8863 });
bindLayers(CookedLinux, PPPoE, { proto: 0x8864 });
bindLayers(PPPoE, PPP, { code: 0 });
bindLayers(HDLC, PPP);
bindLayers(DIR_PPP, PPP);
bindLayers(PPP, IP, { proto: 0x0021 });
bindLayers(PPP, IPv6, { proto: 0x0057 });
bindLayers(PPP, PPP_CHAP, { proto: 0xc223 });
bindLayers(PPP, PPP_IPCP, { proto: 0x8021 });
bindLayers(PPP, PPP_ECP, { proto: 0x8053 });
bindLayers(PPP, PPP_IPV6CP, { proto: 0x8057 });
bindLayers(PPP, PPP_LCP, { proto: 0xc021 });
bindLayers(PPP, PPP_PAP, { proto: 0xc023 });
// Scapy's subclasses find these through their base class; here each is named (building only: dissection goes through the base's dispatch).
for (const lcp of [PPP_LCP_Configure, PPP_LCP_Terminate, PPP_LCP_Code_Reject, PPP_LCP_Protocol_Reject, PPP_LCP_Discard_Request, PPP_LCP_Echo]) bindTopDown(PPP, lcp, { proto: 0xc021 });
for (const pap of [PPP_PAP_Request, PPP_PAP_Response]) bindTopDown(PPP, pap, { proto: 0xc023 });
bindTopDown(PPP, PPP_CHAP_ChallengeResponse, { proto: 0xc223 });
bindLayers(Ether, PPP_IPCP, { type: 0x8021 });
bindLayers(Ether, PPP_ECP, { type: 0x8053 });

registerLinkType(DLT.PPP, PPP);
registerLinkType(DLT.PPP_SERIAL, HDLC);
registerLinkType(DLT.PPP_ETHER, PPPoE);
registerLinkType(DLT.PPP_WITH_DIR, DIR_PPP);
