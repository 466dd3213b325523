/**
 * IEEE 802.11 frames (802.11-2016 9.2): the MAC header of every management, control, data and
 * extension subtype (addresses present as the type and subtype say, each shown with its meaning),
 * Dot11FCS with its frame check sequence after the payload, QoS data, and the headers of
 * protected frames: WEP, TKIP and CCMP (no decryption). Link type 105.
 */
import { bindLayers, bindTopDown } from "../core/bind.ts";
import { defineLayer } from "../core/define.ts";
import { MACField } from "../core/fields/address.ts";
import { bitEnum, bits, flags } from "../core/fields/bits.ts";
import { enumByField } from "../core/fields/enums.ts";
import { byte, int, leInt, leShort, short } from "../core/fields/integers.ts";
import { str, strFixedLen, strLen } from "../core/fields/strings.ts";
import { frameCheckSequence, trailer } from "../core/fields/trailer.ts";
import { MultipleTypeField } from "../core/fields/wrapped.ts";
import { isLayer, type Packet } from "../core/packet.ts";
import { Raw } from "../core/raw.ts";
import type { LayerRef } from "../core/state.ts";
import { LLC } from "./l2.ts";
import { registerLinkType } from "./linktypes.ts";

/** 802.11-2016 9.2.4.1.3: subtype names by frame type. */
export const DOT11_SUBTYPES: Readonly<Record<number, Readonly<Record<number, string>>>> = {
  0: {
    0: "Association Request", 1: "Association Response", 2: "Reassociation Request", 3: "Reassociation Response", 4: "Probe Request",
    5: "Probe Response", 6: "Timing Advertisement", 8: "Beacon", 9: "ATIM", 10: "Disassociation", 11: "Authentication",
    12: "Deauthentication", 13: "Action", 14: "Action No Ack",
  },
  1: {
    2: "Trigger", 3: "TACK", 4: "Beamforming Report Poll", 5: "VHT/HE NDP Announcement", 6: "Control Frame Extension", 7: "Control Wrapper",
    8: "Block Ack Request", 9: "Block Ack", 10: "PS-Poll", 11: "RTS", 12: "CTS", 13: "Ack", 14: "CF-End", 15: "CF-End+CF-Ack",
  },
  2: {
    0: "Data", 1: "Data+CF-Ack", 2: "Data+CF-Poll", 3: "Data+CF-Ack+CF-Poll", 4: "Null (no data)", 5: "CF-Ack (no data)", 6: "CF-Poll (no data)",
    7: "CF-Ack+CF-Poll (no data)", 8: "QoS Data", 9: "QoS Data+CF-Ack", 10: "QoS Data+CF-Poll", 11: "QoS Data+CF-Ack+CF-Poll",
    12: "QoS Null (no data)", 14: "QoS CF-Poll (no data)", 15: "QoS CF-Ack+CF-Poll (no data)",
  },
  3: { 0: "DMG Beacon", 1: "S1G Beacon" },
};

const DOT11_CFE = { 2: "Poll", 3: "SPR", 4: "Grant", 5: "DMG CTS", 6: "DMG DTS", 7: "Grant Ack", 8: "SSW", 9: "SSW-Feedback", 10: "SSW-Ack" };

type Meaning = string | null;
/** What each address means (802.11-2016 9.3.2.1, Table 9-26 for data frames, by to-DS then from-DS). */
const ADDR_MEANING: readonly [readonly Meaning[], readonly Meaning[], readonly (readonly (readonly Meaning[])[])[], readonly Meaning[]] = [
  ["RA=DA", "TA=SA", "BSSID/STA", null],
  ["RA", "TA", null, null],
  [
    [["RA=DA", "RA=DA"], ["RA=BSSID", "RA"]],
    [["TA=SA", "TA=BSSID"], ["TA=SA", "TA"]],
    [["BSSID", "SA"], ["DA", "DA"]],
    [[null, null], ["SA", "BSSID"]],
  ],
  ["BSSID", null, null, null],
];

interface Dot11Like {
  type: number;
  subtype: number;
  cfe?: number;
  FCfield: unknown;
  payload: Packet | null;
}

/** Is this a control frame extension (type 1, subtype 6), whose FCfield has 4 bits after the cfe? */
const isExtension = (p: { type: number; subtype: number }) => p.type === 1 && p.subtype === 6;

/** Scapy's Dot11.address_meaning(index) for addresses 1 to 4. */
export function addressMeaning(p: Dot11Like, index: 1 | 2 | 3 | 4): string | null {
  const i = index - 1;
  switch (p.type) {
    case 0:
      return ADDR_MEANING[0][i]!;
    case 1:
      if (isExtension(p) && p.cfe === 6) return ["RA", "NAV-SA", "NAV-DA"][i] ?? null;
      return ADDR_MEANING[1][i]!;
    case 2: {
      const fc = Number(p.FCfield ?? 0);
      let meaning = ADDR_MEANING[2][i]![fc & 1]![(fc >> 1) & 1]!;
      if (meaning && i >= 2 && isLayer(p.payload, Dot11QoS) && p.payload.A_MSDU_Present) meaning = "BSSID";
      return meaning;
    }
    case 3:
      return ADDR_MEANING[3][i]!;
  }
  return null;
}

/** An address shown with its meaning for this frame: "00:11:22:33:44:55 (RA=DA)" (Scapy's _Dot11MacField). */
class Dot11MacField<N extends string> extends MACField<N> {
  constructor(
    name: N,
    readonly index: 1 | 2 | 3 | 4,
  ) {
    super(name, "00:00:00:00:00:00");
  }
  override repr(value: unknown, pkt: Packet): string {
    const text = value === null || value === undefined ? "None" : String(value);
    const meaning = addressMeaning(pkt as unknown as Dot11Like, this.index);
    return meaning ? `${text} (${meaning})` : text;
  }
}

const fcFields = {
  extension: flags("FCfield", 0, 4, ["pw-mgt", "MD", "protected", "order"]),
  standard: flags("FCfield", 0, 8, ["to-DS", "from-DS", "MF", "retry", "pw-mgt", "MD", "protected", "order"]),
};

/** Is the Protected Frame bit set (bit 6 of the flags, bit 2 of an extension's four)? */
export const isProtected = (p: { type: number; subtype: number; FCfield: unknown }) => (Number(p.FCfield ?? 0) & (isExtension(p) ? 4 : 0x40)) !== 0;

const dot11Fields = [
  bitEnum("subtype", 0, 4, enumByField("type", DOT11_SUBTYPES)),
  bitEnum("type", 0, 2, { 0: "Management", 1: "Control", 2: "Data", 3: "Extension" }),
  bits("proto", 0, 2),
  bitEnum("cfe", 0, 4, DOT11_CFE),
  new MultipleTypeField("FCfield", fcFields, "standard"),
  short("ID", 0),
  new Dot11MacField("addr1", 1),
  new Dot11MacField("addr2", 2),
  new Dot11MacField("addr3", 3),
  leShort("SC", 0),
  new Dot11MacField("addr4", 4),
] as const;

/** Control subtypes that carry a transmitter address (RTS, PS-Poll, BlockAck(Req), CF-End...). */
const CONTROL_WITH_TA = new Set([4, 5, 6, 8, 9, 10, 11, 14, 15]);

const dot11Summary = (p: Packet) => {
  const n = p.spec.name;
  return p.sprintf(`802.11 %${n}.type% %${n}.subtype% %${n}.addr2% > %${n}.addr1%`);
};

export const Dot11 = defineLayer("Dot11", dot11Fields, {
  displayName: "802.11",
  when: {
    cfe: (p) => isExtension(p),
    addr2: (p) => p.type !== 1 || CONTROL_WITH_TA.has(p.subtype),
    addr3: (p) => p.type === 0 || p.type === 2 || (isExtension(p) && p.cfe === 6),
    SC: (p) => p.type !== 1,
    addr4: (p) => p.type === 2 && (Number(p.FCfield) & 3) === 3,
  },
  choose: { FCfield: (p) => (isExtension(p) ? "extension" : "standard") },
  summary: dot11Summary,
  guessPayload: (p): LayerRef | undefined => {
    if (p.type === 2 && p.subtype >= 8 && p.subtype <= 15 && p.subtype !== 13) return Dot11QoS;
    if (isProtected(p)) return Dot11Encrypted;
    return undefined;
  },
  answers: (reply, request): boolean => {
    if (!isLayer(request, Dot11)) return false;
    if (reply.type === 0) {
      if (String(reply.addr1).toLowerCase() !== String(request.addr2).toLowerCase()) return false;
      const pair = `${request.subtype},${reply.subtype}`;
      if (pair === "0,1" || pair === "2,3" || pair === "4,5") return true;
      if (reply.subtype === 11 && request.subtype === 11) return reply.payload !== null && request.payload !== null && reply.payload.answers(request.payload);
      return false;
    }
    if (reply.type === 2) return reply.payload !== null && request.payload !== null && reply.payload.answers(request.payload);
    return false;
  },
  methods: {
    /** Scapy's address_meaning(index): "RA=DA", "TA=SA", "BSSID"... for addresses 1 to 4. */
    address_meaning(index: 1 | 2 | 3 | 4): string | null {
      if (![1, 2, 3, 4].includes(index)) throw new RangeError("Wrong index: should be [1, 2, 3, 4]");
      return addressMeaning(this as unknown as Dot11Like, index);
    },
    addressMeaning(index: 1 | 2 | 3 | 4): string | null {
      if (![1, 2, 3, 4].includes(index)) throw new RangeError("Wrong index: should be [1, 2, 3, 4]");
      return addressMeaning(this as unknown as Dot11Like, index);
    },
  },
});

/** 802.11 with its frame check sequence: a CRC-32 of the frame after the payload, little-endian. */
export const Dot11FCS = defineLayer("Dot11FCS", [...dot11Fields, trailer(leInt("fcs", null)).compute(frameCheckSequence())], {
  parent: Dot11,
  matchSubclass: true,
  displayName: "802.11-FCS",
});

export const Dot11QoS = defineLayer(
  "Dot11QoS",
  [bits("A_MSDU_Present", 0, 1), bits("Ack_Policy", 0, 2), bits("EOSP", 0, 1), bits("TID", 0, 4), byte("TXOP", 0)],
  {
    displayName: "802.11 QoS",
    guessPayload: (p): LayerRef | undefined => (isLayer(p.underlayer, Dot11) && isProtected(p.underlayer) ? Dot11Encrypted : undefined),
  },
);

// ---------------------------------------------------------------- protected frames (802.11-2016 12)

/** Which header a protected frame body starts with (Wireshark's test, as Scapy's dispatch_hook). */
function encryptedClass(buf: Uint8Array, start: number, end: number): LayerRef {
  if (end - start < 4) return Raw;
  const keyExtIV = (buf[start + 3]! & 0x20) !== 0;
  if (keyExtIV && end - start >= 8) {
    if (buf[start + 1] === ((buf[start]! | 0x20) & 0x7f)) return Dot11TKIP;
    if (buf[start + 2] === 0) return Dot11CCMP;
    return Dot11Encrypted;
  }
  return Dot11WEP;
}

export const Dot11Encrypted = defineLayer("Dot11Encrypted", [str("data", null)], {
  displayName: "802.11 Encrypted (unknown algorithm)",
  dispatch: (buf, start, end) => encryptedClass(buf, start, end),
});

/** WEP (12.3.2): the IV and key id, the encrypted data, and the ICV (its last 4 bytes). packetry does not encrypt or decrypt. */
export const Dot11WEP = defineLayer("Dot11WEP", [strFixedLen("iv", "\0\0\0", 3), byte("keyid", 0), strLen("wepdata", null), int("icv", null)], {
  parent: Dot11Encrypted,
  displayName: "802.11 WEP packet",
  lengthFrom: { wepdata: () => -4 },
});

export const Dot11TKIP = defineLayer(
  "Dot11TKIP",
  [
    byte("TSC1", 0),
    byte("WEPSeed", 0),
    byte("TSC0", 0),
    bits("key_id", 0, 2),
    bits("ext_iv", 0, 1),
    bits("res", 0, 5),
    byte("TSC2", 0),
    byte("TSC3", 0),
    byte("TSC4", 0),
    byte("TSC5", 0),
    str("data", null),
  ],
  {
    parent: Dot11Encrypted,
    // Asked for by name, the class stays (Scapy's inherited hook would read these bytes as WEP when ext_iv is 0).
    dispatch: undefined,
    displayName: "802.11 TKIP packet",
    when: { TSC2: (p) => p.ext_iv !== 0, TSC3: (p) => p.ext_iv !== 0, TSC4: (p) => p.ext_iv !== 0, TSC5: (p) => p.ext_iv !== 0 },
  },
);

export const Dot11CCMP = defineLayer(
  "Dot11CCMP",
  [
    byte("PN0", 0),
    byte("PN1", 0),
    byte("res0", 0),
    bits("key_id", 0, 2),
    bits("ext_iv", 0, 1),
    bits("res1", 0, 5),
    byte("PN2", 0),
    byte("PN3", 0),
    byte("PN4", 0),
    byte("PN5", 0),
    str("data", null),
  ],
  { parent: Dot11Encrypted, dispatch: undefined, displayName: "802.11 CCMP packet" },
);

bindTopDown(Dot11, Dot11QoS, { type: 2, subtype: 0xc });
bindLayers(Dot11, LLC, { type: 2 });
bindLayers(Dot11QoS, LLC);
bindLayers(Dot11TKIP, Raw);
bindLayers(Dot11CCMP, Raw);

registerLinkType(105, Dot11);
