/**
 * 802.1X: EAPOL (IEEE 802.1X-2010) with EAP (RFC 3748) and its methods as Scapy has them (MD5,
 * TLS, TTLS, PEAP, FAST, Cisco LEAP; the method is chosen from the type byte), the EAPOL-Key
 * frames of the WPA 4-way handshake (Scapy's contrib WPA_key), and the MACsec Key Agreement
 * PDU (MKA) with its parameter sets. EAPOL runs on Ethernet (0x888e), Linux cooked captures,
 * SNAP (and so over 802.11 data frames) and GRE; EAP also runs on PPP (protocol 0xc227).
 */
import { bindLayers, bindTopDown } from "../core/bind.ts";
import { defineLayer } from "../core/define.ts";
import { Measured } from "../core/field.ts";
import { sourceMac } from "../core/fields/address.ts";
import { padded } from "../core/fields/pad.ts";
import { bits } from "../core/fields/bits.ts";
import { lengthOf as lengthOfRule, layerLength, payloadLength } from "../core/fields/computed.ts";
import { byte, byteEnum, int, IntField, short, xbyte, xint } from "../core/fields/integers.ts";
import { fieldLen, lenField } from "../core/fields/length.ts";
import { fieldList, packetField, packetList, PacketListField } from "../core/fields/packets.ts";
import { str, strFixedLen, strLen, xstrFixedLen, xstrLen } from "../core/fields/strings.ts";
import { hashWithPayload, isLayer, type Packet } from "../core/packet.ts";
import { Padding, Raw } from "../core/raw.ts";
import type { BuiltLayer, Computed, LayerRef } from "../core/state.ts";
import { CookedLinux, Ether, SNAP } from "./l2.ts";
import { PPP } from "./ppp.ts";
import { GRE } from "./tunnels.ts";

export const EAPOL_VERSIONS = { 1: "802.1X-2001", 2: "802.1X-2004", 3: "802.1X-2010" };
export const EAPOL_TYPES = {
  0: "EAP-Packet", 1: "EAPOL-Start", 2: "EAPOL-Logoff", 3: "EAPOL-Key", 4: "EAPOL-Encapsulated-ASF-Alert", 5: "EAPOL-MKA",
  6: "EAPOL-Announcement (Generic)", 7: "EAPOL-Announcement (Specific)", 8: "EAPOL-Announcement-Req",
};

export const EAPOL = defineLayer("EAPOL", [byteEnum("version", 1, EAPOL_VERSIONS), byteEnum("type", 0, EAPOL_TYPES), lenField("len", null)], {
  extractPadding: (p) => p.len,
  hashret: (p) => hashWithPayload(p, Uint8Array.of(p.type)),
  answers: (reply, request): boolean =>
    isLayer(request, EAPOL) && reply.type === 0 && request.type === 0 && reply.payload !== null && request.payload !== null && reply.payload.answers(request.payload),
  summary: "EAPOL %EAPOL.type%",
});

export const EAP_TYPES: Readonly<Record<number, string>> = {
  0: "Reserved", 1: "Identity", 2: "Notification", 3: "Legacy Nak", 4: "MD5-Challenge", 5: "One-Time Password (OTP)", 6: "Generic Token Card (GTC)",
  7: "Allocated - RFC3748", 8: "Allocated - RFC3748", 9: "RSA Public Key Authentication", 10: "DSS Unilateral", 11: "KEA", 12: "KEA-VALIDATE",
  13: "EAP-TLS", 14: "Defender Token (AXENT)", 15: "RSA Security SecurID EAP", 16: "Arcot Systems EAP", 17: "EAP-Cisco Wireless",
  18: "GSM Subscriber Identity Modules (EAP-SIM)", 19: "SRP-SHA1", 20: "Unassigned", 21: "EAP-TTLS", 22: "Remote Access Service",
  23: "EAP-AKA Authentication", 24: "EAP-3Com Wireless", 25: "PEAP", 26: "MS-EAP-Authentication", 27: "Mutual Authentication w/Key Exchange (MAKE)",
  28: "CRYPTOCard", 29: "EAP-MSCHAP-V2", 30: "DynamID", 31: "Rob EAP", 32: "Protected One-Time Password", 33: "MS-Authentication-TLV",
  34: "SentriNET", 35: "EAP-Actiontec Wireless", 36: "Cogent Systems Biometrics Authentication EAP", 37: "AirFortress EAP", 38: "EAP-HTTP Digest",
  39: "SecureSuite EAP", 40: "DeviceConnect EAP", 41: "EAP-SPEKE", 42: "EAP-MOBAC", 43: "EAP-FAST", 44: "ZoneLabs EAP (ZLXEAP)", 45: "EAP-Link",
  46: "EAP-PAX", 47: "EAP-PSK", 48: "EAP-SAKE", 49: "EAP-IKEv2", 50: "EAP-AKA", 51: "EAP-GPSK", 52: "EAP-pwd", 53: "EAP-EKE Version 1",
  54: "EAP Method Type for PT-EAP", 55: "TEAP", 254: "Reserved for the Expanded Type", 255: "Experimental",
};
export const EAP_CODES = { 1: "Request", 2: "Response", 3: "Success", 4: "Failure", 5: "Initiate", 6: "Finish" };
const REQUEST = 1;
const RESPONSE = 2;

/** The method class for a request or response of this type (Scapy's registered_methods). */
const methods = new Map<number, LayerRef>();

interface EAPLike {
  code: number;
  type?: number;
}

const eapSummary = (p: Packet & EAPLike) => {
  const n = p.spec.name;
  let text = `EAP %${n}.code% %${n}.type%`;
  if (p.type === 1 && p.code === RESPONSE) text += ` %${n}.identity%`;
  return p.sprintf(text);
};

const eapHooks = {
  dispatch: (buf: Uint8Array, start: number, end: number): LayerRef | undefined => {
    const code = buf[start]!;
    if ((code === REQUEST || code === RESPONSE) && end - start >= 5) return methods.get(buf[start + 4]!) ?? EAP;
    return EAP;
  },
  guessPayload: (): LayerRef => Padding,
  summary: eapSummary,
  answers: (reply: Packet & EAPLike, request: Packet): boolean => {
    if (!isLayer(request, EAP)) return false;
    const other = request as unknown as EAPLike;
    if (reply.code === REQUEST) return false;
    if (reply.code === RESPONSE) return other.code === REQUEST && other.type === reply.type;
    return other.code === RESPONSE;
  },
};

export const EAP = defineLayer(
  "EAP",
  [
    byteEnum("code", 4, EAP_CODES),
    byte("id", 0),
    short("len", null).compute(layerLength()),
    byteEnum("type", 0, EAP_TYPES),
    fieldList("desired_auth_types", [], byteEnum("auth_type", 0, EAP_TYPES)),
    strLen("identity", ""),
    strLen("message", ""),
  ],
  {
    ...eapHooks,
    when: {
      type: (p) => p.code !== 3 && p.code !== 4,
      desired_auth_types: (p) => p.code === RESPONSE && p.type === 3,
      identity: (p) => p.code === RESPONSE && p.type === 1,
      message: (p) => p.code === REQUEST && p.type === 1,
    },
    // Scapy's lengths (Nak's list from len - 4, as 2.5 declares it).
    lengthFrom: { desired_auth_types: (p) => (p.len ?? 4) - 4, identity: (p) => (p.len ?? 5) - 5, message: (p) => (p.len ?? 5) - 5 },
  },
);

/** A method's len: a FieldLenField whose rule reads the packet (below). */
const eapLen = () => new IntField<"len", number, number | null>("len", null, 2, { kindName: "FieldLenField" });

/** Scapy's FieldLenField(length_of=X, adjust=f(p, x)) when the adjustment reads the packet. */
function lengthWith(target: string, adjust: (p: Packet, n: number) => number): Computed {
  const base = lengthOfRule(target);
  return { ...base, compute: (p: Packet, out: BuiltLayer, self: string) => adjust(p, base.compute(p, out, self)) };
}

const method = { parent: EAP, matchSubclass: true, ...eapHooks } as const;

export const EAP_MD5 = defineLayer(
  "EAP_MD5",
  [
    byteEnum("code", 1, EAP_CODES),
    byte("id", 0),
    // The header, the value (its size as given, or as computed) and the optional name.
    eapLen().compute(lengthWith("optional_name", (p, n) => {
      const m = p as unknown as { value_size: number | null; value: Uint8Array };
      return n + 6 + (m.value_size ?? m.value.length);
    })),
    byteEnum("type", 4, EAP_TYPES),
    fieldLen("value_size", null, { fmt: "B", lengthOf: "value" }),
    xstrLen("value", "", "value_size"),
    xstrLen("optional_name", ""),
  ],
  {
    ...method,
    displayName: "EAP-MD5",
    lengthFrom: { optional_name: (p) => (p.len === null || p.value_size === null ? 0 : p.len - p.value_size - 6) },
  },
);

/** The TLS-based methods: flags L (length included), M (more fragments), S (start), then their data. */
function tlsMethod<const D extends string, const M extends string>(name: string, display: string, type: number, data: D, messageLen: M, reservedBits: number, versionBits: number, version: number) {
  const tail = versionBits > 0 ? [bits("reserved", 0, reservedBits), bits("version", version, versionBits)] : [bits("reserved", 0, reservedBits)];
  return defineLayer(
    name,
    [
      byteEnum("code", 1, EAP_CODES),
      byte("id", 0),
      eapLen().compute(lengthWith(data, (p, n) => n + ((p as unknown as { L: number }).L === 1 ? 10 : 6))),
      byteEnum("type", type, EAP_TYPES),
      bits("L", 0, 1),
      bits("M", 0, 1),
      bits("S", 0, 1),
      ...tail,
      int(messageLen, 0),
      xstrLen(data, ""),
    ],
    {
      ...method,
      displayName: display,
      when: { [messageLen]: (p: { L: number }) => p.L === 1 } as never,
      lengthFrom: { [data]: (p: { len: number | null; L: number }) => (p.len === null ? 0 : p.len - (6 + 4 * p.L)) } as never,
    },
  );
}

export const EAP_TLS = tlsMethod("EAP_TLS", "EAP-TLS", 13, "tls_data", "tls_message_len", 5, 0, 0);
export const EAP_TTLS = tlsMethod("EAP_TTLS", "EAP-TTLS", 21, "data", "message_len", 2, 3, 0);
export const EAP_PEAP = tlsMethod("EAP_PEAP", "PEAP", 25, "tls_data", "tls_message_len", 3, 2, 1);
export const EAP_FAST = tlsMethod("EAP_FAST", "EAP-FAST", 43, "data", "message_len", 2, 3, 0);

export const LEAP = defineLayer(
  "LEAP",
  [
    byteEnum("code", 1, EAP_CODES),
    byte("id", 0),
    short("len", null).compute(layerLength()),
    byteEnum("type", 17, EAP_TYPES),
    byte("version", 1),
    xbyte("unused", 0),
    fieldLen("count", null, { fmt: "B", lengthOf: "challenge_response" }),
    xstrLen("challenge_response", "", "count"),
    strLen("username", ""),
  ],
  { ...method, displayName: "Cisco LEAP", lengthFrom: { username: (p) => (p.len ?? 8) - (8 + (p.count ?? 0)) } },
);

for (const [type, cls] of [[0, EAP], [4, EAP_MD5], [13, EAP_TLS], [21, EAP_TTLS], [25, EAP_PEAP], [43, EAP_FAST], [17, LEAP]] as const) methods.set(type, cls);

// ---------------------------------------------------------------- EAPOL-Key (the WPA 4-way handshake)

/** Scapy's contrib wpa_eapol: an EAPOL-Key frame (both its length fields count the payload, as Scapy's LenFields do). */
export const WPA_key = defineLayer(
  "WPA_key",
  [
    byte("descriptor_type", 1),
    short("key_info", 0),
    lenField("len", null),
    strFixedLen("replay_counter", "", 8),
    strFixedLen("nonce", "", 32),
    strFixedLen("key_iv", "", 16),
    strFixedLen("wpa_key_rsc", "", 8),
    strFixedLen("wpa_key_id", "", 8),
    strFixedLen("wpa_key_mic", "", 16),
    lenField("wpa_key_length", null),
    strLen("wpa_key", "", "wpa_key_length"),
  ],
  {
    extractPadding: (p) => p.len,
    answers: (_reply, request): boolean => isLayer(request, WPA_key),
  },
);

// ---------------------------------------------------------------- MACsec Key Agreement (802.1X-2010 11.11)

const PARAMETER_SET_TYPES = { 1: "Live Peer List", 2: "Potential Peer List", 3: "MACsec SAK Use", 4: "Distributed SAK", 5: "Distributed CAK", 6: "KMD", 7: "Announcement", 255: "ICV Indicator" };
const MACSEC_DEFAULT_ICV_LEN = 16;
const EAPOL_MKA_DEFAULT_KEY_WRAP_LEN = 24;

export const MACsecSCI = defineLayer("MACsecSCI", [sourceMac("system_identifier"), short("port_identifier", 0)], {
  displayName: "SCI",
  extractPadding: () => 0,
});

export const MKABasicParamSet = defineLayer(
  "MKABasicParamSet",
  [
    byte("mka_version_id", 0),
    byte("key_server_priority", 0),
    bits("key_server", 0, 1),
    bits("macsec_desired", 0, 1),
    bits("macsec_capability", 0, 2),
    bits("param_set_body_len", 0, 12),
    packetField("SCI", MACsecSCI(), MACsecSCI),
    xstrFixedLen("actor_member_id", "", 12),
    xint("actor_message_number", 0),
    xint("algorithm_agility", 0),
    padded(xstrLen("cak_name", ""), 4),
  ],
  {
    displayName: "Basic Parameter Set",
    lengthFrom: { cak_name: (p) => p.param_set_body_len - 28 },
    extractPadding: () => 0,
  },
);

export const MKAPeerListTuple = defineLayer("MKAPeerListTuple", [xstrFixedLen("member_id", "", 12), xstrFixedLen("message_number", "", 4)], {
  displayName: "Peer List Tuple",
});

const peerList = (name: string, display: string, type: number) =>
  defineLayer(name, [padded(byteEnum("param_set_type", type, PARAMETER_SET_TYPES), 2), short("param_set_body_len", 0), packetList("member_id_message_num", null, MKAPeerListTuple)], {
    displayName: display,
  });

export const MKALivePeerListParamSet = peerList("MKALivePeerListParamSet", "Live Peer List Parameter Set", 1);
export const MKAPotentialPeerListParamSet = peerList("MKAPotentialPeerListParamSet", "Potential Peer List Parameter Set", 2);

export const MKASAKUseParamSet = defineLayer(
  "MKASAKUseParamSet",
  [
    byteEnum("param_set_type", 3, PARAMETER_SET_TYPES),
    bits("latest_key_an", 0, 2),
    bits("latest_key_tx", 0, 1),
    bits("latest_key_rx", 0, 1),
    bits("old_key_an", 0, 2),
    bits("old_key_tx", 0, 1),
    bits("old_key_rx", 0, 1),
    bits("plain_tx", 0, 1),
    bits("plain_rx", 0, 1),
    bits("X", 0, 1),
    bits("delay_protect", 0, 1),
    bits("param_set_body_len", 0, 12),
    xstrFixedLen("latest_key_key_server_member_id", "", 12),
    xstrFixedLen("latest_key_key_number", "", 4),
    xstrFixedLen("latest_key_lowest_acceptable_pn", "", 4),
    xstrFixedLen("old_key_key_server_member_id", "", 12),
    xstrFixedLen("old_key_key_number", "", 4),
    xstrFixedLen("old_key_lowest_acceptable_pn", "", 4),
  ],
  { displayName: "SAK Use Parameter Set" },
);

export const MKADistributedSAKParamSet = defineLayer(
  "MKADistributedSAKParamSet",
  [
    byteEnum("param_set_type", 4, PARAMETER_SET_TYPES),
    bits("distributed_an", 0, 2),
    bits("confidentiality_offset", 0, 2),
    bits("unused", 0, 4),
    short("param_set_body_len", 0),
    xstrFixedLen("key_number", "", 4),
    xstrFixedLen("macsec_cipher_suite", "", 8),
    xstrFixedLen("sak_aes_key_wrap", "", EAPOL_MKA_DEFAULT_KEY_WRAP_LEN),
  ],
  { displayName: "Distributed SAK parameter set", when: { macsec_cipher_suite: (p) => p.param_set_body_len > 28 } },
);

export const MKADistributedCAKParamSet = defineLayer(
  "MKADistributedCAKParamSet",
  [
    padded(byteEnum("param_set_type", 5, PARAMETER_SET_TYPES), 2),
    short("param_set_body_len", 0),
    xstrFixedLen("cak_aes_key_wrap", "", EAPOL_MKA_DEFAULT_KEY_WRAP_LEN),
    str("cak_key_name", ""),
  ],
  { displayName: "Distributed CAK parameter set" },
);

export const MKAICVSet = defineLayer(
  "MKAICVSet",
  [padded(byteEnum("param_set_type", 255, PARAMETER_SET_TYPES), 2), short("param_set_body_len", 0), xstrFixedLen("icv", "", MACSEC_DEFAULT_ICV_LEN)],
  { displayName: "ICV" },
);

/** The class of a parameter set by its type byte (Scapy's MKAParamSet.dispatch_hook); unknown types are Raw. */
const PARAM_SETS: Record<number, LayerRef> = {
  1: MKALivePeerListParamSet,
  2: MKAPotentialPeerListParamSet,
  3: MKASAKUseParamSet,
  4: MKADistributedSAKParamSet,
  255: MKAICVSet,
};

/** Scapy's MKAParamSet: a parameter set of the class its type byte names (unknown types are Raw). */
export const MKAParamSet = defineLayer("MKAParamSet", [], {
  dispatch: (buf, start, end): LayerRef => (end > start ? (PARAM_SETS[buf[start]!] ?? Raw) : Raw),
});

/** Parameter sets back to back, each 4 bytes plus the 12-bit body length of its bytes 2-3 (Scapy's MKAParamSetPacketListField). */
class MKAParamSetListField<N extends string> extends PacketListField<N> {
  constructor(name: N) {
    super(name, null, (_p: Packet, buf: Uint8Array, off: number, end: number) => (end - off >= 4 ? (PARAM_SETS[buf[off]!] ?? Raw) : Raw));
  }
  override measure(pkt: Packet, buf: Uint8Array, off: number, end: number): Measured {
    return this.walk(pkt, buf, off, end);
  }
  override decode(pkt: Packet, buf: Uint8Array, off: number, end: number): unknown {
    return this.walk(pkt, buf, off, end).value;
  }
  private walk(pkt: Packet, buf: Uint8Array, off: number, end: number): Measured {
    const out: Packet[] = [];
    let at = off;
    while (at < end) {
      // Scapy reads the length from bytes 2-3; fewer bytes than that is a struct error (the PDU is Raw).
      const len = end - at >= 4 ? ((buf[at + 2]! << 8) | buf[at + 3]!) & 0x0fff : end - at - 4;
      const stop = Math.min(end, at + 4 + Math.max(0, len));
      const cls = end - at >= 1 ? (PARAM_SETS[buf[at]!] ?? Raw) : Raw;
      out.push(cls.spec.codecs.dissect(buf, at, stop, null, null, true, pkt));
      at = stop;
    }
    return new Measured(at - off, out);
  }
}

export const MKAPDU = defineLayer("MKAPDU", [packetField("basic_param_set", null, MKABasicParamSet), new MKAParamSetListField("parameter_sets")], {
  displayName: "MKPDU",
  extractPadding: () => 0,
});

bindLayers(Ether, EAPOL, { type: 0x888e });
bindTopDown(Ether, EAPOL, { dst: "01:80:c2:00:00:03", type: 0x888e });
bindLayers(CookedLinux, EAPOL, { proto: 0x888e });
bindLayers(SNAP, EAPOL, { code: 0x888e });
bindLayers(PPP, EAP, { proto: 0xc227 });
bindLayers(GRE, EAPOL, { proto: 0x888e });
bindLayers(EAPOL, EAP, { type: 0 });
bindLayers(EAPOL, WPA_key, { type: 3 });
bindLayers(EAPOL, MKAPDU, { type: 5 });

