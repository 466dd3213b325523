/**
 * Capture headers in front of 802.11 frames: RadioTap (every present-bit field Scapy decodes,
 * each aligned to its natural size from the header's start, extended presence bitmaps, the FCS
 * flag choosing Dot11FCS), the Prism monitor header and CACE's Per-Packet Information (PPI)
 * header. Link types 127 (RadioTap), 119 (Prism) and 192 (PPI).
 */
import { bindLayers, bindTopDown } from "../core/bind.ts";
import { defineLayer } from "../core/define.ts";
import { aligned } from "../core/fields/aligned.ts";
import { bitEnum, bits, flags, leFlags, LEFlagsField } from "../core/fields/bits.ts";
import { headerLength, payloadLength } from "../core/fields/computed.ts";
import { byte, byteEnum, IntField, leInt, leLong, leShort, leShortEnum, oui, short } from "../core/fields/integers.ts";
import { fieldLen } from "../core/fields/length.ts";
import { leBits } from "../core/fields/leBits.ts";
import { fieldList, packetList } from "../core/fields/packets.ts";
import { pyFloat, scaling } from "../core/fields/scaling.ts";
import { StrField, strFixedLen, strLen } from "../core/fields/strings.ts";
import type { Packet } from "../core/packet.ts";
import type { Computed, LayerRef } from "../core/state.ts";
import { Dot11, Dot11FCS } from "./dot11.ts";
import { layerForLinkType, linkTypeForLayer, registerLinkType } from "./linktypes.ts";

// ---------------------------------------------------------------- Prism

const prismItem = <const N extends string>(name: N) =>
  [leInt(`${name}_did` as `${N}_did`, 0), leShort(`${name}_status` as `${N}_status`, 0), leShort(`${name}_len` as `${N}_len`, 0)] as const;

export const PrismHeader = defineLayer(
  "PrismHeader",
  [
    leInt("msgcode", 68),
    leInt("len", 144),
    strFixedLen("dev", "", 16),
    ...prismItem("hosttime"),
    leInt("hosttime", 0),
    ...prismItem("mactime"),
    leInt("mactime", 0),
    ...prismItem("channel"),
    leInt("channel", 0),
    ...prismItem("rssi"),
    leInt("rssi", 0),
    ...prismItem("sq"),
    leInt("sq", 0),
    ...prismItem("signal"),
    new IntField<"signal">("signal", 0, 4, { signed: true, littleEndian: true }),
    ...prismItem("noise"),
    leInt("noise", 0),
    ...prismItem("rate"),
    leInt("rate", 0),
    ...prismItem("istx"),
    leInt("istx", 0),
    ...prismItem("frmlen"),
    leInt("frmlen", 0),
  ],
  {
    displayName: "Prism header",
    answers: (reply, request): boolean => {
      const inner = reply.payload;
      if (inner === null) return false;
      return request.spec === reply.spec ? request.payload !== null && inner.answers(request.payload) : inner.answers(request);
    },
  },
);

// ---------------------------------------------------------------- RadioTap

export const RT_PRESENT = [
  "TSFT", "Flags", "Rate", "Channel", "FHSS", "dBm_AntSignal", "dBm_AntNoise", "Lock_Quality", "TX_Attenuation", "dB_TX_Attenuation",
  "dBm_TX_Power", "Antenna", "dB_AntSignal", "dB_AntNoise", "RXFlags", "TXFlags", "b17", "b18", "ChannelPlus", "MCS", "A_MPDU", "VHT",
  "timestamp", "HE", "HE_MU", "HE_MU_other_user", "zero_length_psdu", "L_SIG", "TLV", "RadiotapNS", "VendorNS", "Ext",
] as const;
const RT_FLAGS = ["CFP", "ShortPreamble", "wep", "fragment", "FCS", "pad", "badFCS", "ShortGI"];
const RT_CHANNEL_FLAGS = ["res1", "res2", "res3", "res4", "Turbo", "CCK", "OFDM", "2GHz", "5GHz", "Passive", "Dynamic_CCK_OFDM", "GFSK", "GSM", "StaticTurbo", "10MHz", "5MHz"];
const RT_CHANNEL_FLAGS2 = [...RT_CHANNEL_FLAGS, "20MHz", "40MHz_ext_channel_above", "40MHz_ext_channel_below", "res5", "res6", "res7", "res8", "res9"];
const RT_RX_FLAGS = ["res1", "BAD_PLCP", "res2"];
const RT_TX_FLAGS = ["TX_FAIL", "CTS", "RTS", "NOACK", "NOSEQ", "ORDER"];
const RT_TS_FLAGS = ["32-bit_counter", "Accuracy", "res1", "res2", "res3", "res4", "res5", "res6"];
const RT_KNOWN_MCS = ["MCS_bandwidth", "MCS_index", "guard_interval", "HT_format", "FEC_type", "STBC_streams", "Ness", "Ness_MSB"];
const RT_BANDWIDTH = { 0: "20MHz", 1: "40MHz", 2: "ht40Mhz-", 3: "ht40MHz+" };
const RT_A_MPDU_FLAGS = ["Report0Subframe", "Is0Subframe", "KnownLastSubframe", "LastSubframe", "CRCerror", "EOFsubframe", "KnownEOF", "res1", "res2", "res3", "res4", "res5", "res6", "res7", "res8"];
const RT_VHT_BANDWIDTH: Record<number, string> = { 0: "20MHz", 1: "40MHz", 2: "40MHz", 3: "40MHz" };
for (let i = 4; i <= 10; i++) RT_VHT_BANDWIDTH[i] = "80MHz";
for (let i = 11; i <= 25; i++) RT_VHT_BANDWIDTH[i] = "160MHz";
const RT_KNOWN_VHT = ["STBC", "TXOP_PS_NOT_ALLOWED", "GuardInterval", "SGINsysmDis", "LDPCextraOFDM", "Beamformed", "Bandwidth", "GroupID", "PartialAID", "res1", "res2", "res3", "res4", "res5", "res6", "res7"];
const RT_PRESENT_VHT = ["STBC", "TXOP_PS_NOT_ALLOWED", "GuardInterval", "SGINsysmDis", "LDPCextraOFDM", "Beamformed", "res1", "res2"];
const RT_HEMU_OTHER_KNOWN = ["user field position", "STA-ID", "NSTS", "Tx Beamforming", "Spatial Configuration", "MCS", "DCM", "Coding"];

const bit = (name: (typeof RT_PRESENT)[number]) => 2 ** RT_PRESENT.indexOf(name);
const has = (p: { present: unknown }, mask: number) => (Number(p.present ?? 0) & mask) !== 0;

/** The present bits of an extended presence mask, named b0..b30 (b32..b62 for the second mask, and so on), and Ext. */
class ExtPresentField extends LEFlagsField<"present"> {
  constructor() {
    super("present", null, 4, [...Array.from({ length: 31 }, (_, i) => `b${i}`), "Ext"]);
  }
  /** Names of any mask's bits are accepted ("b33" is bit 1 of the second mask: Scapy's index= names them so). */
  override fromUser(value: unknown): unknown {
    if (typeof value === "string" && value !== "") {
      let mask = 0;
      for (const name of value.split("+").map((s) => s.trim())) {
        const m = /^b(\d+)$/.exec(name);
        if (name === "Ext") mask += 2 ** 31;
        else if (m && Number(m[1]) % 32 !== 31) mask += 2 ** (Number(m[1]) % 32);
        else return super.fromUser(value);
      }
      return mask;
    }
    return super.fromUser(value);
  }
  override repr(value: unknown, pkt: Packet): string {
    if (value === null || value === undefined) return "None";
    const list = (pkt.parent as { Ext?: unknown } | null)?.Ext;
    const index = Array.isArray(list) ? Math.max(0, list.indexOf(pkt)) : 0;
    const v = value as number;
    const names: string[] = [];
    for (let i = 0; i < 32; i++) if (Math.floor(v / 2 ** i) % 2) names.push(i === 31 ? "Ext" : `b${i + 32 * index}`);
    return names.join("+");
  }
}

export const RadioTapExtendedPresenceMask = defineLayer("RadioTapExtendedPresenceMask", [new ExtPresentField()], {
  displayName: "RadioTap Extended presence mask",
  extractPadding: () => 0,
});

/** A TLV after the fixed fields (radiotap.org's TLV field; Wireshark does not dissect it yet). */
export const RadioTapTLV = defineLayer(
  "RadioTapTLV",
  [
    leShortEnum("type", 0, Object.fromEntries(RT_PRESENT.map((n, i) => [i, n]))),
    leShort("length", null),
    oui("oui", 0),
    byte("subtype", 0),
    leShort("presence_type", 0),
    leShort("reserved", 0),
    strLen("data", ""),
    strLen("pad", null),
  ],
  {
    when: {
      oui: (p) => p.type === 30,
      subtype: (p) => p.type === 30,
      presence_type: (p) => p.type === 30,
      reserved: (p) => p.type === 30,
    },
    lengthFrom: { data: (p) => p.length ?? 0, pad: (p) => -(p.length ?? 0) & 3 },
    extractPadding: () => 0,
    postBuild: (p, out) => {
      // Scapy's post_build: the length of data, and zero bytes up to a multiple of 4.
      if (p.length === null) out.set("length", p.data.length);
      if (p.pad === null) {
        const padAt = out.headerEnd;
        const n = -p.data.length & 3;
        if (n) out.insert(padAt, new Uint8Array(n));
      }
    },
  },
);

/** Bytes after the decoded fields up to `len` (what Scapy could not decode), taken as they are. */
class NotDecodedField extends StrField<"notdecoded"> {
  override total = false;
  constructor() {
    super("notdecoded", "");
  }
  override measure(pkt: Packet, _buf: Uint8Array, off: number, end: number): number {
    const len = Number((pkt as unknown as { len: number | null }).len ?? 0);
    return Math.max(0, Math.min(len - (off - pkt._s.start), end - off));
  }
}

/** RadioTap's len: the header's length, written little-endian (Scapy's post_build). */
const rtLen: Computed = headerLength();

const radiotapFields = [
  byte("version", 0),
  byte("pad", 0),
  leShort("len", null).compute(rtLen),
  leFlags("present", null, 4, RT_PRESENT),
  packetList("Ext", null, (_p: Packet, _buf: Uint8Array, _off: number, _end: number, previous: readonly Packet[]) =>
    previous.length === 0 || Number((previous[previous.length - 1] as unknown as { present: unknown }).present) >= 2 ** 31 ? RadioTapExtendedPresenceMask : null,
  ),
  aligned(leLong("mac_timestamp", 0), 8),
  leFlags("Flags", null, 1, RT_FLAGS),
  scaling("Rate", 0, { scaling: 0.5, unit: "Mbps" }),
  aligned(leShort("ChannelFrequency", 0), 2),
  leFlags("ChannelFlags", null, 2, RT_CHANNEL_FLAGS),
  scaling("dBm_AntSignal", 0, { unit: "dBm", signed: true }),
  scaling("dBm_AntNoise", 0, { unit: "dBm", signed: true }),
  aligned(leShort("Lock_Quality", 0), 2),
  byte("Antenna", 0),
  aligned(leFlags("RXFlags", null, 2, RT_RX_FLAGS), 2),
  aligned(leFlags("TXFlags", null, 2, RT_TX_FLAGS), 2),
  aligned(leFlags("ChannelPlusFlags", null, 4, RT_CHANNEL_FLAGS2), 4),
  leShort("ChannelPlusFrequency", 0),
  byte("ChannelPlusNumber", 0),
  aligned(leFlags("knownMCS", null, 1, RT_KNOWN_MCS), 2),
  bits("Ness_LSB", 0, 1),
  bits("STBC_streams", 0, 2),
  bitEnum("FEC_type", 0, 1, { 0: "BCC", 1: "LDPC" }),
  bitEnum("HT_format", 0, 1, { 0: "mixed", 1: "greenfield" }),
  bitEnum("guard_interval", 0, 1, { 0: "Long_GI", 1: "Short_GI" }),
  bitEnum("MCS_bandwidth", 0, 2, RT_BANDWIDTH),
  byte("MCS_index", 0),
  aligned(leInt("A_MPDU_ref", 0), 4),
  leFlags("A_MPDU_flags", null, 4, RT_A_MPDU_FLAGS),
  aligned(leFlags("KnownVHT", null, 2, RT_KNOWN_VHT), 2),
  leFlags("PresentVHT", null, 1, RT_PRESENT_VHT),
  byteEnum("VHT_bandwidth", 0, RT_VHT_BANDWIDTH),
  strFixedLen("mcs_nss", "", 5),
  byte("GroupID", 0),
  short("PartialAID", 0),
  aligned(leLong("timestamp", 0), 8),
  leShort("ts_accuracy", 0),
  bitEnum("ts_unit", 0, 4, { 0: "milliseconds", 1: "microseconds", 2: "nanoseconds" }),
  bits("ts_position", 0, 4),
  flags("ts_flags", null, 8, RT_TS_FLAGS),
  aligned(leShort("he_data1", 0), 2),
  leShort("he_data2", 0),
  leShort("he_data3", 0),
  leShort("he_data4", 0),
  leShort("he_data5", 0),
  leShort("he_data6", 0),
  aligned(leShort("hemu_flags1", 0), 2),
  leShort("hemu_flags2", 0),
  fieldList("RU_channel1", [], byte("", 0)),
  fieldList("RU_channel2", [], byte("", 0)),
  aligned(leShort("hemuou_per_user_1", 0x7fff), 2),
  leShort("hemuou_per_user_2", 0x003f),
  byte("hemuou_per_user_position", 0),
  leFlags("hemuou_per_user_known", 0, 2, RT_HEMU_OTHER_KNOWN),
  aligned(leFlags("lsig_data1", 0, 2, ["rate", "length"]), 2),
  ...leBits(2, [bits("lsig_length", 0, 12), bits("lsig_rate", 0, 4)]),
  aligned(packetList("tlvs", null, RadioTapTLV), 4),
  new NotDecodedField(),
] as const;

/** Which present bit carries each field (the fields of one bit come together, in Scapy's order). */
const FIELD_BITS: Record<string, (typeof RT_PRESENT)[number]> = {
  Ext: "Ext",
  mac_timestamp: "TSFT",
  Flags: "Flags",
  Rate: "Rate",
  ChannelFrequency: "Channel",
  ChannelFlags: "Channel",
  dBm_AntSignal: "dBm_AntSignal",
  dBm_AntNoise: "dBm_AntNoise",
  Lock_Quality: "Lock_Quality",
  Antenna: "Antenna",
  RXFlags: "RXFlags",
  TXFlags: "TXFlags",
  ChannelPlusFlags: "ChannelPlus",
  ChannelPlusFrequency: "ChannelPlus",
  ChannelPlusNumber: "ChannelPlus",
  ...Object.fromEntries(["knownMCS", "Ness_LSB", "STBC_streams", "FEC_type", "HT_format", "guard_interval", "MCS_bandwidth", "MCS_index"].map((n) => [n, "MCS"])),
  A_MPDU_ref: "A_MPDU",
  A_MPDU_flags: "A_MPDU",
  ...Object.fromEntries(["KnownVHT", "PresentVHT", "VHT_bandwidth", "mcs_nss", "GroupID", "PartialAID"].map((n) => [n, "VHT"])),
  ...Object.fromEntries(["timestamp", "ts_accuracy", "ts_unit", "ts_position", "ts_flags"].map((n) => [n, "timestamp"])),
  ...Object.fromEntries(["he_data1", "he_data2", "he_data3", "he_data4", "he_data5", "he_data6"].map((n) => [n, "HE"])),
  ...Object.fromEntries(["hemu_flags1", "hemu_flags2", "RU_channel1", "RU_channel2"].map((n) => [n, "HE_MU"])),
  ...Object.fromEntries(["hemuou_per_user_1", "hemuou_per_user_2", "hemuou_per_user_position", "hemuou_per_user_known"].map((n) => [n, "HE_MU_other_user"])),
  lsig_data1: "L_SIG",
  lsig_length: "L_SIG",
  lsig_rate: "L_SIG",
  tlvs: "TLV",
};

type RadioTapWhen = { [K in (typeof radiotapFields)[number]["name"]]?: (p: { present: unknown }) => boolean };
const radiotapWhen: RadioTapWhen = Object.fromEntries(Object.entries(FIELD_BITS).map(([field, name]) => [field, (p: { present: unknown }) => has(p, bit(name))]));

export const RadioTap = defineLayer("RadioTap", radiotapFields, {
  when: radiotapWhen,
  lengthFrom: { RU_channel1: () => 4, RU_channel2: () => 4 },
  deprecated: { Channel: ["ChannelFrequency", "2.4.3"], ChannelFlags2: ["ChannelPlusFlags", "2.4.3"], ChannelNumber: ["ChannelPlusNumber", "2.4.3"] },
  guessPayload: (p): LayerRef => (has(p, bit("Flags")) && (Number(p.Flags ?? 0) & 0x10) !== 0 ? Dot11FCS : Dot11),
});

bindTopDown(RadioTap, Dot11FCS, { present: 2, Flags: 16 });

// ---------------------------------------------------------------- PPI

const PPI_TYPES: Record<number, string> = {
  2: "dot11-common",
  3: "dot11-nmac",
  4: "dot11-nmacphy",
  5: "spectrum-map",
  6: "process-info",
  7: "capture-info",
  30002: "aggregation",
  30003: "dot3",
  30004: "gps",
  30005: "vector",
  30006: "sensor",
  30007: "antenna",
  30008: "btle",
};

export const PPI_Hdr = defineLayer("PPI_Hdr", [leShortEnum("pfh_type", 0, PPI_TYPES), leShort("pfh_length", null).compute(payloadLength())], {
  displayName: "PPI Header",
  summary: "PPI %pfh_type%",
});

/** The link type of the payload's first layer (Scapy fills dlt from conf.l2types when the payload is added). */
const payloadLinkType: Computed = {
  stage: "length",
  describe: "link type of the payload",
  refs: [],
  compute: (p) => {
    const inner = p.payload;
    return inner === null ? 0 : (linkTypeForLayer(inner.spec.cls) ?? 0);
  },
};

export const PPI = defineLayer(
  "PPI",
  [
    byte("version", 0),
    byte("flags", 0),
    fieldLen("len", null, { fmt: "<H", lengthOf: "headers", adjust: (n) => n + 8 }),
    leInt("dlt", null).compute(payloadLinkType),
    packetList("headers", null, PPI_Hdr),
  ],
  {
    displayName: "Per-Packet Information header (PPI)",
    lengthFrom: { headers: (p) => (p.len ?? 8) - 8 },
    guessPayload: (p) => (p.dlt === null ? undefined : layerForLinkType(p.dlt)),
  },
);

/** Scapy's PPI_Element: what PPI field classes build on (the bytes after one are the next header). */
export const PPI_Element = defineLayer("PPI_Element", [], { displayName: "PPI Element", extractPadding: () => 0 });

/** The TSF timer of PPI's 802.11-common field, shown in seconds (microseconds on the wire, or milliseconds when Pkt_Flags says TSFT_ms). */
class PPITSFTField extends IntField<"TSF_Timer", number, number> {
  constructor() {
    super("TSF_Timer", 0, 8, { littleEndian: true, kindName: "PPITSFTField" });
  }
  private scale(pkt: Packet | null): number {
    const flags = Number((pkt as unknown as { Pkt_Flags?: unknown } | null)?.Pkt_Flags ?? 0);
    return flags & 0x02 ? 1e-3 : 1e-6;
  }
  /** A fraction is seconds, as Scapy's h2i takes them; an integer is the timer's own ticks (the value as stored). */
  override fromUser(value: unknown, pkt: Packet | null): unknown {
    if (typeof value === "number" && !Number.isInteger(value)) return super.fromUser(Math.floor(value / this.scale(pkt) + 0.5), pkt);
    return super.fromUser(value, pkt);
  }
  override repr(value: unknown, pkt: Packet): string {
    return value === null || value === undefined ? "None" : pyFloat(this.scale(pkt) * Number(value));
  }
}

/** A signed byte shown as "%4d dBm" (Scapy's dBmByteField). */
class DBmByteField<N extends string> extends IntField<N, number, number> {
  constructor(name: N, d: number) {
    super(name, d, 1, { signed: true, kindName: "dBmByteField" });
  }
  override repr(value: unknown): string {
    return value === null || value === undefined ? "None" : `${String(value).padStart(4)} dBm`;
  }
}

/** Scapy's contrib ppi_cace: the 802.11-common PPI field (type 2). */
export const PPI_Dot11Common = defineLayer(
  "PPI_Dot11Common",
  [
    new PPITSFTField(),
    leFlags("Pkt_Flags", 0, 2, ["FCS", "TSFT_ms", "FCS_Invalid", "PHY_Error"]),
    leShort("Rate", 0),
    leShort("Ch_Freq", 0),
    leFlags("Ch_Flags", 0, 2, ["", "", "", "", "Turbo", "CCK", "OFDM", "2GHz", "5GHz", "PassiveOnly", "Dynamic CCK-OFDM", "GSFK"]),
    byte("FHSS_Hop", 0),
    byte("FHSS_Pat", 0),
    new DBmByteField("Antsignal", -128),
    new DBmByteField("Antnoise", -128),
  ],
  { parent: PPI_Element, displayName: "PPI 802.11-Common" },
);
bindLayers(PPI_Hdr, PPI_Dot11Common, { pfh_type: 2 });

registerLinkType(127, RadioTap);
registerLinkType(119, PrismHeader);
registerLinkType(192, PPI);
bindLayers(PrismHeader, Dot11);
