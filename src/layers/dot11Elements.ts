/**
 * 802.11 information elements (802.11-2020 9.4.2): the generic Dot11Elt (ID, length, info) and
 * the elements Scapy dissects field by field — DSSS parameter set, ERP, RSN (cipher and AKM
 * suites, capabilities, PMKIDs, group management cipher), Country (constraint triplets), Rates
 * and Extended Rates, HT capabilities, vendor-specific and Microsoft's WPA element. The element's
 * ID picks its class when bytes are dissected, as Scapy's registered variants.
 */
import { bindLayers } from "../core/bind.ts";
import { defineLayer } from "../core/define.ts";
import { bitEnum, bits, flags } from "../core/fields/bits.ts";
import { headerLength } from "../core/fields/computed.ts";
import { byte, byteEnum, IntField, oui, xbyte } from "../core/fields/integers.ts";
import { fieldLen } from "../core/fields/length.ts";
import { leBits, wideBits } from "../core/fields/leBits.ts";
import { fieldList, packetField, packetList } from "../core/fields/packets.ts";
import { strFixedLen, strLen, xstrFixedLen } from "../core/fields/strings.ts";
import { leShort } from "../core/fields/integers.ts";
import { plainStr } from "../core/bytes.ts";
import type { Packet } from "../core/packet.ts";
import { Raw } from "../core/raw.ts";
import type { LayerRef } from "../core/state.ts";
import { Dot11 } from "./dot11.ts";

export const DOT11_ELT_IDS: Readonly<Record<number, string>> = {
  0: "SSID", 1: "Supported Rates", 2: "FHset", 3: "DSSS Set", 4: "CF Set", 5: "TIM", 6: "IBSS Set", 7: "Country", 10: "Request",
  11: "BSS Load", 12: "EDCA Set", 13: "TSPEC", 14: "TCLAS", 15: "Schedule", 16: "Challenge text", 32: "Power Constraint",
  33: "Power Capability", 36: "Supported Channels", 42: "ERP", 45: "HT Capabilities", 46: "QoS Capability", 48: "RSN",
  50: "Extended Supported Rates", 52: "Neighbor Report", 61: "HT Operation", 107: "Interworking", 127: "Extendend Capabilities",
  191: "VHT Capabilities", 221: "Vendor Specific",
};

/** Older names Scapy still accepts for IDs. */
const DEPRECATED_IDS: Readonly<Record<string, number>> = {
  Rates: 1, DSset: 3, CFset: 4, IBSSset: 6, challenge: 16, PowerCapability: 33, Channels: 36, ERPinfo: 42, HTinfo: 45, RSNinfo: 48,
  ESRates: 50, ExtendendCapatibilities: 127, VHTCapabilities: 191, Vendor: 221,
};

/** The element ID, by name (current or deprecated) or number. */
class EltIDField extends IntField<"ID", number | string, number> {
  constructor(d: number) {
    super("ID", d, 1, { enum: DOT11_ELT_IDS, kindName: "ByteEnumField" });
  }
  override fromUser(value: unknown, pkt: Packet | null): unknown {
    if (typeof value === "string" && value in DEPRECATED_IDS) return DEPRECATED_IDS[value];
    return super.fromUser(value, pkt);
  }
}

/** Which class dissects an element with this ID (Scapy's registered_ies); vendor elements look at the OUI. */
const registered = new Map<number, LayerRef>();

/** Microsoft's WPA element is a vendor element with OUI 00:50:f2 and type 1. */
function vendorClass(buf: Uint8Array, start: number, end: number): LayerRef {
  // Too short for an OUI (and a type after Microsoft's): Scapy's hook fails there, which makes the bytes Raw.
  if (end - start < 5) return Raw;
  if (buf[start + 2] === 0x00 && buf[start + 3] === 0x50 && buf[start + 4] === 0xf2) {
    if (end - start < 6) return Raw;
    if (buf[start + 5] === 0x01) return Dot11EltMicrosoftWPA;
  }
  return Dot11EltVendorSpecific;
}

/** Element lengths left null: the element's bytes after ID and length (Scapy's Dot11Elt.post_build). */
const eltLength = () => headerLength(1, (n) => n - 2);

export const Dot11Elt = defineLayer(
  "Dot11Elt",
  [new EltIDField(0), fieldLen("len", null, { fmt: "B", lengthOf: "info" }), strLen("info", "", "len")],
  {
    displayName: "802.11 Information Element",
    showIndent: false,
    dispatch: (buf, start, end): LayerRef | undefined => {
      const id = buf[start]!;
      if (id === 221) return vendorClass(buf, start, end);
      return registered.get(id);
    },
    summary: (p) => (p.ID === 0 ? { text: `SSID='${plainStr(p.info)}'`, show: [Dot11] } : ""),
  },
);

const variant = { parent: Dot11Elt, matchSubclass: true } as const;

export const Dot11EltDSSSet = defineLayer("Dot11EltDSSSet", [new EltIDField(3), byte("len", 1), byte("channel", 0)], {
  ...variant,
  displayName: "802.11 DSSS Parameter Set",
});

export const Dot11EltERP = defineLayer(
  "Dot11EltERP",
  [new EltIDField(42), byte("len", 1), bits("NonERP_Present", 0, 1), bits("Use_Protection", 0, 1), bits("Barker_Preamble_Mode", 0, 1), bits("res", 0, 5)],
  { ...variant, displayName: "802.11 ERP" },
);

const CIPHERS = {
  0x00: "Use group cipher suite", 0x01: "WEP-40", 0x02: "TKIP", 0x03: "OCB", 0x04: "CCMP-128", 0x05: "WEP-104", 0x06: "BIP-CMAC-128",
  0x07: "Group addressed traffic not allowed", 0x08: "GCMP-128", 0x09: "GCMP-256", 0x0a: "CCMP-256", 0x0b: "BIP-GMAC-128",
  0x0c: "BIP-GMAC-256", 0x0d: "BIP-CMAC-256",
};
const AKMS = {
  0x00: "Reserved", 0x01: "802.1X", 0x02: "PSK", 0x03: "FT-802.1X", 0x04: "FT-PSK", 0x05: "WPA-SHA256", 0x06: "PSK-SHA256", 0x07: "TDLS",
  0x08: "SAE", 0x09: "FT-SAE", 0x0a: "AP-PEER-KEY", 0x0b: "WPA-SHA256-SUITE-B", 0x0c: "WPA-SHA384-SUITE-B", 0x0d: "FT-802.1X-SHA384",
  0x0e: "FILS-SHA256", 0x0f: "FILS-SHA384", 0x10: "FT-FILS-SHA256", 0x11: "FT-FILS-SHA384", 0x12: "OWE",
};

export const RSNCipherSuite = defineLayer("RSNCipherSuite", [oui("oui", 0x000fac), byteEnum("cipher", 0x04, CIPHERS)], {
  displayName: "Cipher suite",
  extractPadding: () => 0,
});

export const AKMSuite = defineLayer("AKMSuite", [oui("oui", 0x000fac), byteEnum("suite", 0x01, AKMS)], {
  displayName: "AKM suite",
  extractPadding: () => 0,
});

export const PMKIDListPacket = defineLayer(
  "PMKIDListPacket",
  [fieldLen("nb_pmkids", null, { fmt: "<H", countOf: "pmkid_list" }), fieldList("pmkid_list", null, xstrFixedLen("", "", 16))],
  {
    displayName: "PMKIDs",
    countFrom: { pmkid_list: (p) => p.nb_pmkids },
    extractPadding: () => 0,
  },
);

/** The suites of an RSN (and WPA) element: group, pairwise and AKM. */
const suiteFields = [
  leShort("version", 1),
  packetField("group_cipher_suite", RSNCipherSuite(), RSNCipherSuite),
  fieldLen("nb_pairwise_cipher_suites", null, { fmt: "<H", countOf: "pairwise_cipher_suites" }),
  packetList("pairwise_cipher_suites", [RSNCipherSuite()], RSNCipherSuite),
  fieldLen("nb_akm_suites", null, { fmt: "<H", countOf: "akm_suites" }),
  packetList("akm_suites", [AKMSuite()], AKMSuite),
] as const;

const suiteCounts = {
  pairwise_cipher_suites: (p: { nb_pairwise_cipher_suites: number | null }) => p.nb_pairwise_cipher_suites,
  akm_suites: (p: { nb_akm_suites: number | null }) => p.nb_akm_suites,
};

/** Bytes of an RSN element after its suites (whether PMKIDs and a group management cipher follow: guessed from the length, as Wireshark does). */
const rsnRest = (p: { len: number | null; nb_pairwise_cipher_suites: number | null; nb_akm_suites: number | null }) =>
  p.len === null ? null : p.len - (12 + (p.nb_pairwise_cipher_suites ?? 0) * 4 + (p.nb_akm_suites ?? 0) * 4);

export const Dot11EltRSN = defineLayer(
  "Dot11EltRSN",
  [
    new EltIDField(48),
    byte("len", null).compute(eltLength()),
    ...suiteFields,
    bits("mfp_capable", 1, 1),
    bits("mfp_required", 1, 1),
    bits("gtksa_replay_counter", 0, 2),
    bits("ptksa_replay_counter", 0, 2),
    bits("no_pairwise", 0, 1),
    bits("pre_auth", 0, 1),
    bits("reserved", 0, 1),
    bits("ocvc", 0, 1),
    bits("extended_key_id", 0, 1),
    bits("pbac", 0, 1),
    bits("spp_a_msdu_required", 0, 1),
    bits("spp_a_msdu_capable", 0, 1),
    bits("peer_key_enabled", 0, 1),
    bits("joint_multiband_rsna", 0, 1),
    packetField("pmkids", PMKIDListPacket(), PMKIDListPacket),
    packetField("group_management_cipher_suite", RSNCipherSuite({ cipher: 6 }), RSNCipherSuite),
  ],
  {
    ...variant,
    displayName: "802.11 RSN information",
    countFrom: suiteCounts,
    when: {
      pmkids: (p) => {
        const rest = rsnRest(p);
        return rest === null || rest >= 2;
      },
      group_management_cipher_suite: (p) => {
        const rest = rsnRest(p);
        if (rest === null) return true;
        const pmkids = p.pmkids as (Packet & { nb_pmkids: number | null }) | null;
        return rest - (pmkids ? 2 : 0) - (pmkids?.nb_pmkids ?? 0) * 16 >= 4;
      },
    },
  },
);

export const Dot11EltCountryConstraintTriplet = defineLayer(
  "Dot11EltCountryConstraintTriplet",
  [byte("first_channel_number", 1), byte("num_channels", 24), byte("mtp", 0)],
  { displayName: "802.11 Country Constraint Triplet", extractPadding: () => 0 },
);

export const Dot11EltCountry = defineLayer(
  "Dot11EltCountry",
  [
    new EltIDField(7),
    byte("len", null).compute(eltLength()),
    strFixedLen("country_string", "\0\0\0", 3),
    packetList("descriptors", null, Dot11EltCountryConstraintTriplet),
    byte("pad", 0),
  ],
  {
    ...variant,
    displayName: "802.11 Country",
    lengthFrom: { descriptors: (p) => (p.len === null ? null : p.len - 3 - (p.len % 3)) },
    when: { pad: (p) => (p.descriptors.length + 1) % 2 !== 0 },
  },
);

/** A rate in 500 kbit/s units, the top bit marking a basic rate: "1.0(B) Mbps". */
class RateField extends IntField<"", number, number> {
  constructor() {
    super("", 0, 1, { kindName: "_RateField" });
  }
  override repr(value: unknown): string {
    if (value === null || value === undefined) return "";
    const v = value as number;
    const rate = (v & 0x7f) / 2;
    return `${Number.isInteger(rate) ? rate.toFixed(1) : String(rate)}${v & 0x80 ? "(B)" : ""} Mbps`;
  }
}

export const Dot11EltRates = defineLayer("Dot11EltRates", [new EltIDField(1), byte("len", null).compute(eltLength()), fieldList("rates", [0x82], new RateField())], {
  ...variant,
  displayName: "802.11 Rates",
  lengthFrom: { rates: (p) => p.len },
});

export const Dot11EltHTCapabilities = defineLayer(
  "Dot11EltHTCapabilities",
  [
    new EltIDField(45),
    byte("len", null).compute(eltLength()),
    // HT Capabilities Info (2 bytes, little-endian)
    ...leBits(2, [
      bits("L_SIG_TXOP_Protection", 0, 1),
      bits("Forty_Mhz_Intolerant", 0, 1),
      bits("PSMP", 0, 1),
      bits("DSSS_CCK", 0, 1),
      bitEnum("Max_A_MSDU", 0, 1, { 0: "3839 o", 1: "7935 o" }),
      bits("Delayed_BlockAck", 0, 1),
      bits("Rx_STBC", 0, 2),
      bits("Tx_STBC", 0, 1),
      bits("Short_GI_40Mhz", 0, 1),
      bits("Short_GI_20Mhz", 0, 1),
      bits("Green_Field", 0, 1),
      bitEnum("SM_Power_Save", 0, 2, { 0: "static SM", 1: "dynamic SM", 3: "disabled" }),
      bitEnum("Supported_Channel_Width", 0, 1, { 0: "20Mhz", 1: "20Mhz+40Mhz" }),
      bits("LDPC_Coding_Capability", 0, 1),
    ]),
    // A-MPDU parameters (1 byte)
    ...leBits(1, [bits("res1", 0, 3), bits("Min_MPDCU_Start_Spacing", 8, 3), bits("Max_A_MPDU_Length_Exponent", 3, 2)]),
    // Supported MCS set (16 bytes)
    ...leBits(16, [
      bits("res2", 0, 27),
      bits("TX_Unequal_Modulation", 0, 1),
      bits("TX_Max_Spatial_Streams", 0, 2),
      bits("TX_RX_MCS_Set_Not_Equal", 0, 1),
      bits("TX_MCS_Set_Defined", 0, 1),
      bits("res3", 0, 6),
      bits("RX_Highest_Supported_Data_Rate", 0, 10),
      bits("res4", 0, 3),
      wideBits("RX_MSC_Bitmask", 0, 77),
    ]),
    // HT extended capabilities (2 bytes)
    ...leBits(2, [
      bits("res5", 0, 4),
      bits("RD_Responder", 0, 1),
      bits("HTC_HT_Support", 0, 1),
      bits("MCS_Feedback", 0, 2),
      bits("res6", 0, 5),
      bits("PCO_Transition_Time", 0, 2),
      bits("PCO", 0, 1),
    ]),
    // Transmit beamforming capabilities (4 bytes)
    ...leBits(4, [
      bits("res7", 0, 3),
      bits("Channel_Estimation_Capability", 0, 2),
      bits("CSI_max_n_Rows_Beamformer_Supported", 0, 2),
      bits("Compressed_Steering_n_Beamformer_Antennas_Supported", 0, 2),
      bits("Noncompressed_Steering_n_Beamformer_Antennas_Supported", 0, 2),
      bits("CSI_n_Beamformer_Antennas_Supported", 0, 2),
      bits("Minimal_Grouping", 0, 2),
      bits("Explicit_Compressed_Beamforming_Feedback", 0, 2),
      bits("Explicit_Noncompressed_Beamforming_Feedback", 0, 2),
      bits("Explicit_Transmit_Beamforming_CSI_Feedback", 0, 2),
      bits("Explicit_Compressed_Steering", 0, 1),
      bits("Explicit_Noncompressed_Steering", 0, 1),
      bits("Explicit_CSI_Transmit_Beamforming", 0, 1),
      bits("Calibration", 0, 2),
      bits("Implicit_Trasmit_Beamforming", 0, 1),
      bits("Transmit_NDP", 0, 1),
      bits("Receive_NDP", 0, 1),
      bits("Transmit_Staggered_Sounding", 0, 1),
      bits("Receive_Staggered_Sounding", 0, 1),
      bits("Implicit_Transmit_Beamforming_Receiving", 0, 1),
    ]),
    flags("ASEL", 0, 8, ["res", "Transmit_Sounding_PPDUs", "Receive_ASEL", "Antenna_Indices_Feedback", "Explicit_CSI_Feedback", "Explicit_CSI_Feedback_Based_Transmit_ASEL", "Antenna_Selection"]),
  ],
  { ...variant, displayName: "802.11 HT Capabilities" },
);

export const Dot11EltVendorSpecific = defineLayer(
  "Dot11EltVendorSpecific",
  [new EltIDField(221), byte("len", null).compute(eltLength()), oui("oui", 0x000000), strLen("info", "")],
  {
    ...variant,
    displayName: "802.11 Vendor Specific",
    lengthFrom: { info: (p) => (p.len ?? 0) - 3 },
    dispatch: (buf, start, end) => vendorClass(buf, start, end),
  },
);

export const Dot11EltMicrosoftWPA = defineLayer(
  "Dot11EltMicrosoftWPA",
  [new EltIDField(221), byte("len", null).compute(eltLength()), oui("oui", 0x0050f2), xbyte("type", 0x01), ...suiteFields],
  {
    parent: Dot11EltVendorSpecific,
    matchSubclass: true,
    displayName: "802.11 Microsoft WPA",
    countFrom: suiteCounts,
  },
);

for (const [id, cls] of [[3, Dot11EltDSSSet], [42, Dot11EltERP], [48, Dot11EltRSN], [7, Dot11EltCountry], [1, Dot11EltRates], [50, Dot11EltRates], [45, Dot11EltHTCapabilities], [221, Dot11EltVendorSpecific]] as const) {
  registered.set(id, cls);
}

bindLayers(Dot11Elt, Dot11Elt);
