/**
 * RADIUS (RFC 2865/2866, RFC 2869's Message-Authenticator, RFC 3579's EAP-Message), as Scapy's
 * layers/radius: the message on UDP 1812/1813/3799 with its attributes as a packet list, each
 * attribute read as its own class by its type (RadiusAttr_User_Name, RadiusAttr_NAS_IP_Address,
 * RadiusAttr_Vendor_Specific, ...; RadiusAttribute for the rest).
 *
 * The authenticators are computed from a shared secret: Radius.compute_authenticator (the
 * response authenticator of RFC 2865 section 3, or an Accounting-Request's) and
 * RadiusAttr_Message_Authenticator.compute_message_authenticator (HMAC-MD5). The digests come
 * from the crypto provider (src/core/crypto.ts): Node's crypto by default, setCryptoProvider() elsewhere (a browser).
 */
import { cryptoProvider } from "../core/crypto.ts";
import { toBytes } from "../core/bytes.ts";
import { bindBottomUp, bindLayers } from "../core/bind.ts";
import { defineLayer } from "../core/define.ts";
import { Measured } from "../core/field.ts";
import { ipv4 } from "../core/fields/address.ts";
import { enumByField } from "../core/fields/enums.ts";
import { byte, byteEnum, int, intEnum, short } from "../core/fields/integers.ts";
import { fieldLen } from "../core/fields/length.ts";
import { PacketField, packetList } from "../core/fields/packets.ts";
import { bytesFromUser, strLen, xstrFixedLen, xstrLen } from "../core/fields/strings.ts";
import { isLayer, type Packet } from "../core/packet.ts";
import { layerLength } from "../core/fields/computed.ts";
import { Padding, Raw } from "../core/raw.ts";
import { isPacket, registry, type LayerRef } from "../core/state.ts";
import type { Writer } from "../core/writer.ts";
import { RADIUS_ATTRIBUTE_TYPES, RADIUS_ATTRIBUTE_VALUES, RADIUS_CODES } from "./data/radiusTables.ts";
import { UDP } from "./inet.ts";

export { RADIUS_ATTRIBUTE_TYPES, RADIUS_ATTRIBUTE_VALUES, RADIUS_CODES };

// ------------------------------------------------------------------ digests

/** MD5 and HMAC-MD5 from the crypto provider (Node's crypto, or one installed with setCryptoProvider). */
const md5 = (data: Uint8Array) => cryptoProvider().hash("md5", data);
const hmacMd5 = (key: Uint8Array, data: Uint8Array) => cryptoProvider().hmac("md5", key, data);

const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

// ------------------------------------------------------------------ attributes

/** Attribute classes by type (Scapy's registered_attributes), filled as they are declared. */
const ATTRIBUTE_CLASSES: Record<number, LayerRef> = {};

/** Scapy's dispatch_hook: the class registered for the type, RadiusAttribute otherwise. */
const byType = (buf: Uint8Array, start: number, end: number): LayerRef | undefined => (end > start ? ATTRIBUTE_CLASSES[buf[start]!] : undefined);

const attrType = (code: number) => byteEnum("type", code, RADIUS_ATTRIBUTE_TYPES);
/** The attribute's length (type, length and value) when left unset: Scapy's post_build. */
const attrLength = <const T extends string>(of: T) => fieldLen("len", null, { fmt: "B", lengthOf: of, adjust: (n) => n + 2 });

export const RadiusAttribute = defineLayer("RadiusAttribute", [attrType(1), attrLength("value"), strLen("value", "")], {
  displayName: "Radius Attribute",
  lengthFrom: { value: (p) => (p.len ?? 0) - 2 },
  guessPayload: () => Padding,
  dispatch: byType,
});

/** Scapy names a specific attribute after its class: RadiusAttr_User_Name is "User-Name". */
const attrName = (cls: string) => cls.slice("RadiusAttr_".length).replace(/_/g, "-");

function register<L extends LayerRef>(code: number, layer: L): L {
  ATTRIBUTE_CLASSES[code] = layer;
  return layer;
}

/** An attribute holding text or bytes. */
function stringAttribute(cls: string, code: number) {
  return register(code, defineLayer(cls, [attrType(code), attrLength("value"), strLen("value", "")] as const, { parent: RadiusAttribute, displayName: attrName(cls) }));
}

/** An attribute holding bytes shown as hex (User-Password, State); no length reads no value. */
function hexAttribute(cls: string, code: number) {
  return register(
    code,
    defineLayer(cls, [attrType(code), attrLength("value"), xstrLen("value", "")] as const, {
      parent: RadiusAttribute,
      displayName: attrName(cls),
      lengthFrom: { value: (p) => (p.len ? p.len - 2 : 0) },
    }),
  );
}

/** An attribute holding a 32-bit integer; its length is a plain 6 (Scapy does not compute it). */
function intAttribute(cls: string, code: number) {
  return register(code, defineLayer(cls, [attrType(code), byte("len", 6), int("value", 0)] as const, { parent: RadiusAttribute, displayName: attrName(cls) }));
}

/** An attribute holding an IPv4 address. */
function ipv4Attribute(cls: string, code: number) {
  return register(code, defineLayer(cls, [attrType(code), byte("len", 6), ipv4("value", "0.0.0.0")] as const, { parent: RadiusAttribute, displayName: attrName(cls) }));
}

/** An attribute holding a 32-bit enumerated value, named by the attribute's own table. */
function intEnumAttribute(cls: string, code: number) {
  return register(
    code,
    defineLayer(cls, [attrType(code), byte("len", 6), intEnum("value", 0, enumByField("type", RADIUS_ATTRIBUTE_VALUES))] as const, {
      parent: RadiusAttribute,
      displayName: attrName(cls),
    }),
  );
}

export const RadiusAttr_User_Name = stringAttribute("RadiusAttr_User_Name", 1);
export const RadiusAttr_User_Password = hexAttribute("RadiusAttr_User_Password", 2);
export const RadiusAttr_NAS_IP_Address = ipv4Attribute("RadiusAttr_NAS_IP_Address", 4);
export const RadiusAttr_NAS_Port = intAttribute("RadiusAttr_NAS_Port", 5);
export const RadiusAttr_Service_Type = intEnumAttribute("RadiusAttr_Service_Type", 6);
export const RadiusAttr_Framed_Protocol = intEnumAttribute("RadiusAttr_Framed_Protocol", 7);
export const RadiusAttr_Framed_IP_Address = ipv4Attribute("RadiusAttr_Framed_IP_Address", 8);
export const RadiusAttr_Framed_IP_Netmask = ipv4Attribute("RadiusAttr_Framed_IP_Netmask", 9);
export const RadiusAttr_Framed_MTU = intAttribute("RadiusAttr_Framed_MTU", 12);
export const RadiusAttr_Login_IP_Host = ipv4Attribute("RadiusAttr_Login_IP_Host", 14);
export const RadiusAttr_Login_TCP_Port = intAttribute("RadiusAttr_Login_TCP_Port", 16);
export const RadiusAttr_Framed_IPX_Network = ipv4Attribute("RadiusAttr_Framed_IPX_Network", 23);
export const RadiusAttr_State = hexAttribute("RadiusAttr_State", 24);
export const RadiusAttr_Session_Timeout = intAttribute("RadiusAttr_Session_Timeout", 27);
export const RadiusAttr_Idle_Timeout = intAttribute("RadiusAttr_Idle_Timeout", 28);
export const RadiusAttr_Framed_AppleTalk_Link = intAttribute("RadiusAttr_Framed_AppleTalk_Link", 37);
export const RadiusAttr_Framed_AppleTalk_Network = intAttribute("RadiusAttr_Framed_AppleTalk_Network", 38);
export const RadiusAttr_Acct_Status_Type = intEnumAttribute("RadiusAttr_Acct_Status_Type", 40);
export const RadiusAttr_Acct_Delay_Time = intAttribute("RadiusAttr_Acct_Delay_Time", 41);
export const RadiusAttr_Acct_Input_Octets = intAttribute("RadiusAttr_Acct_Input_Octets", 42);
export const RadiusAttr_Acct_Output_Octets = intAttribute("RadiusAttr_Acct_Output_Octets", 43);
export const RadiusAttr_Acct_Authentic = intEnumAttribute("RadiusAttr_Acct_Authentic", 45);
export const RadiusAttr_Acct_Session_Time = intAttribute("RadiusAttr_Acct_Session_Time", 46);
export const RadiusAttr_Acct_Input_Packets = intAttribute("RadiusAttr_Acct_Input_Packets", 47);
export const RadiusAttr_Acct_Output_Packets = intAttribute("RadiusAttr_Acct_Output_Packets", 48);
export const RadiusAttr_Acct_Terminate_Cause = intEnumAttribute("RadiusAttr_Acct_Terminate_Cause", 49);
export const RadiusAttr_Acct_Link_Count = intAttribute("RadiusAttr_Acct_Link_Count", 51);
export const RadiusAttr_Acct_Input_Gigawords = intAttribute("RadiusAttr_Acct_Input_Gigawords", 52);
export const RadiusAttr_Acct_Output_Gigawords = intAttribute("RadiusAttr_Acct_Output_Gigawords", 53);
export const RadiusAttr_Egress_VLANID = intAttribute("RadiusAttr_Egress_VLANID", 56);
export const RadiusAttr_NAS_Port_Type = intEnumAttribute("RadiusAttr_NAS_Port_Type", 61);
export const RadiusAttr_Port_Limit = intAttribute("RadiusAttr_Port_Limit", 62);
export const RadiusAttr_ARAP_Security = intAttribute("RadiusAttr_ARAP_Security", 73);
export const RadiusAttr_Password_Retry = intAttribute("RadiusAttr_Password_Retry", 75);
export const RadiusAttr_Tunnel_Preference = intAttribute("RadiusAttr_Tunnel_Preference", 83);
export const RadiusAttr_Acct_Interim_Interval = intAttribute("RadiusAttr_Acct_Interim_Interval", 85);
export const RadiusAttr_Acct_Tunnel_Packets_Lost = intAttribute("RadiusAttr_Acct_Tunnel_Packets_Lost", 86);
export const RadiusAttr_Management_Privilege_Level = intAttribute("RadiusAttr_Management_Privilege_Level", 136);
export const RadiusAttr_PMIP6_Home_LMA_IPv4_Address = ipv4Attribute("RadiusAttr_PMIP6_Home_LMA_IPv4_Address", 149);
export const RadiusAttr_PMIP6_Visited_LMA_IPv4_Address = ipv4Attribute("RadiusAttr_PMIP6_Visited_LMA_IPv4_Address", 150);
export const RadiusAttr_PMIP6_Home_DHCP4_Server_Address = ipv4Attribute("RadiusAttr_PMIP6_Home_DHCP4_Server_Address", 157);
export const RadiusAttr_PMIP6_Visited_DHCP4_Server_Address = ipv4Attribute("RadiusAttr_PMIP6_Visited_DHCP4_Server_Address", 158);
export const RadiusAttr_PMIP6_Home_IPv4_Gateway = ipv4Attribute("RadiusAttr_PMIP6_Home_IPv4_Gateway", 161);
export const RadiusAttr_PMIP6_Visited_IPv4_Gateway = ipv4Attribute("RadiusAttr_PMIP6_Visited_IPv4_Gateway", 162);
export const RadiusAttr_Mobility_Domain_Id = intAttribute("RadiusAttr_Mobility_Domain_Id", 177);
export const RadiusAttr_Preauth_Timeout = intAttribute("RadiusAttr_Preauth_Timeout", 178);
export const RadiusAttr_WLAN_Venue_Info = intAttribute("RadiusAttr_WLAN_Venue_Info", 182);
export const RadiusAttr_WLAN_Reason_Code = intAttribute("RadiusAttr_WLAN_Reason_Code", 185);
export const RadiusAttr_WLAN_Pairwise_Cipher = intAttribute("RadiusAttr_WLAN_Pairwise_Cipher", 186);
export const RadiusAttr_WLAN_Group_Cipher = intAttribute("RadiusAttr_WLAN_Group_Cipher", 187);
export const RadiusAttr_WLAN_AKM_Suite = intAttribute("RadiusAttr_WLAN_AKM_Suite", 188);
export const RadiusAttr_WLAN_Group_Mgmt_Cipher = intAttribute("RadiusAttr_WLAN_Group_Mgmt_Cipher", 189);
export const RadiusAttr_WLAN_RF_Band = intAttribute("RadiusAttr_WLAN_RF_Band", 190);

type RadiusPacket = ReturnType<typeof Radius>;

/** Scapy's prepare_packed_data: code, id and length, the given authenticator, then the attributes as built. */
function packedData(p: RadiusPacket, authenticator: Uint8Array): Uint8Array {
  const whole = p.build();
  const len = p.len ?? whole.length;
  const attributes = concat(...p.attributes.map((a) => a.build()));
  return concat(Uint8Array.of(p.code, p.id, len >> 8, len & 0xff), authenticator, attributes);
}

const asBytes = (v: Uint8Array | string, what: string): Uint8Array => {
  try {
    return toBytes(v);
  } catch {
    throw new TypeError(`Radius: ${what} must be bytes or a string`);
  }
};

const MessageAuthenticator = register(
  80,
  defineLayer("RadiusAttr_Message_Authenticator", [attrType(80), fieldLen("len", 18, { fmt: "B", lengthOf: "value" }), xstrFixedLen("value", new Uint8Array(16), 16)], {
    parent: RadiusAttribute,
    displayName: "Message-Authenticator",
  }),
);

/**
 * Scapy's RadiusAttr_Message_Authenticator.compute_message_authenticator: the HMAC-MD5 with the
 * shared secret of the message with this attribute's value zeroed (which it leaves zeroed, as
 * Scapy does) and the request authenticator in the header.
 */
export function computeMessageAuthenticator(radius: Packet, packedRequestAuthenticator: Uint8Array | string, sharedSecret: Uint8Array | string): Uint8Array {
  const p = radius.getLayer(Radius);
  if (!p) throw new TypeError("compute_message_authenticator: the packet holds no Radius message");
  const attr = p.attributes.find((a) => isLayer(a, MessageAuthenticator));
  if (!attr) throw new TypeError("compute_message_authenticator: the message holds no RadiusAttr_Message_Authenticator");
  attr.setFieldValue("value", new Uint8Array(Math.max(0, ((attr.getFieldValue("len") as number | null) ?? 18) - 2)));
  return hmacMd5(asBytes(sharedSecret, "the shared secret"), packedData(p, asBytes(packedRequestAuthenticator, "the request authenticator")));
}

/** The Message-Authenticator attribute, with Scapy's static compute_message_authenticator. */
export const RadiusAttr_Message_Authenticator = Object.assign(MessageAuthenticator, {
  compute_message_authenticator: computeMessageAuthenticator,
  computeMessageAuthenticator,
});

/** The EAP packet of an EAP-Message (Scapy's _EAPPacketField): EAP when that layer exists and the packet is shorter than 254 bytes, else Raw. */
class EAPPacketField extends PacketField<"value", Packet> {
  constructor() {
    super("value", null, Raw, "_EAPPacketField");
  }
  override defaultFor(): unknown {
    return new Uint8Array(0);
  }
  override fromUser(value: unknown): unknown {
    return isPacket(value) ? value : bytesFromUser(value);
  }
  override measure(pkt: Packet, buf: Uint8Array, off: number, end: number): number | Measured {
    const len = this.lengthFrom?.(pkt);
    const to = len === null || len === undefined ? end : Math.min(end, off + Math.max(0, len));
    if (to <= off) return new Measured(0, null);
    const eap = registry.layers.get("EAP");
    const short = to - off >= 4 && ((buf[off + 2]! << 8) | buf[off + 3]!) < 254;
    const cls = eap && short ? eap : Raw;
    return new Measured(to - off, cls.spec.codecs.dissectElement(buf, off, to, pkt)[0]);
  }
  override write(w: Writer, value: unknown): void {
    if (value instanceof Uint8Array) w.bytes(value);
    else super.write(w, value);
  }
  override repr(value: unknown): string {
    return value instanceof Uint8Array ? Raw({ load: value }).toString() : super.repr(value);
  }
}

export const RadiusAttr_EAP_Message = register(
  79,
  defineLayer("RadiusAttr_EAP_Message", [attrType(79), attrLength("value"), new EAPPacketField()], {
    parent: RadiusAttribute,
    displayName: "EAP-Message",
    lengthFrom: { value: (p) => (p.len ?? 0) - 2 },
  }),
);

export const RadiusAttr_Vendor_Specific = register(
  26,
  defineLayer(
    "RadiusAttr_Vendor_Specific",
    [
      attrType(26),
      fieldLen("len", null, { fmt: "B", lengthOf: "value", adjust: (n) => n + 8 }),
      int("vendor_id", 0),
      byte("vendor_type", 0),
      fieldLen("vendor_len", null, { fmt: "B", lengthOf: "value", adjust: (n) => n + 2 }),
      strLen("value", ""),
    ],
    { parent: RadiusAttribute, displayName: "Vendor-Specific", lengthFrom: { value: (p) => (p.vendor_len ?? 0) - 2 } },
  ),
);

export const Radius = defineLayer(
  "Radius",
  [
    byteEnum("code", 1, RADIUS_CODES),
    byte("id", 0),
    short("len", null).compute(layerLength()),
    xstrFixedLen("authenticator", "", 16),
    packetList<"attributes", Packet>("attributes", [], RadiusAttribute),
  ],
  {
    displayName: "RADIUS",
    lengthFrom: { attributes: (p) => (p.len ?? 0) - 20 },
    methods: {
      /**
       * Scapy's compute_authenticator: MD5 of the message with the given authenticator in its
       * header (the request's for a response; 16 zero bytes for an Accounting-Request), then the
       * shared secret.
       */
      compute_authenticator(this: Packet, packedRequestAuth: Uint8Array | string, sharedSecret: Uint8Array | string): Uint8Array {
        return md5(concat(packedData(this as RadiusPacket, asBytes(packedRequestAuth, "the request authenticator")), asBytes(sharedSecret, "the shared secret")));
      },
      /** compute_authenticator's library name. */
      computeAuthenticator(this: Packet, packedRequestAuth: Uint8Array | string, sharedSecret: Uint8Array | string): Uint8Array {
        return md5(concat(packedData(this as RadiusPacket, asBytes(packedRequestAuth, "the request authenticator")), asBytes(sharedSecret, "the shared secret")));
      },
    },
  },
);

bindBottomUp(UDP, Radius, { sport: 1812 });
bindBottomUp(UDP, Radius, { dport: 1812 });
bindBottomUp(UDP, Radius, { sport: 1813 });
bindBottomUp(UDP, Radius, { dport: 1813 });
bindBottomUp(UDP, Radius, { sport: 3799 });
bindBottomUp(UDP, Radius, { dport: 3799 });
bindLayers(UDP, Radius, { sport: 1812, dport: 1812 });
