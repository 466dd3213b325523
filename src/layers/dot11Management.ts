/**
 * 802.11 management frame bodies (802.11-2016 9.3.3): Beacon, Probe Request/Response,
 * (Re)Association Request/Response, Authentication, Deauthentication, Disassociation, ATIM, and
 * the control frame Ack. Those that carry information elements have `network_stats()`.
 */
import { bindLayers } from "../core/bind.ts";
import { defineLayer } from "../core/define.ts";
import { mac } from "../core/fields/address.ts";
import { flags } from "../core/fields/bits.ts";
import { leLong, leShort, leShortEnum } from "../core/fields/integers.ts";
import { isLayer, type Packet } from "../core/packet.ts";
import { Dot11 } from "./dot11.ts";
import { Dot11Elt, Dot11EltCountry, Dot11EltMicrosoftWPA, Dot11EltRates, Dot11EltRSN, Dot11EltDSSSet } from "./dot11Elements.ts";

const CAPABILITIES = [
  "res8", "res9", "short-slot", "res11", "res12", "DSSS-OFDM", "res14", "res15", "ESS", "IBSS", "CFP", "CFP-req", "privacy", "short-preamble", "PBCC", "agility",
];
const REASONS = {
  0: "reserved", 1: "unspec", 2: "auth-expired", 3: "deauth-ST-leaving", 4: "inactivity", 5: "AP-full", 6: "class2-from-nonauth",
  7: "class3-from-nonass", 8: "disas-ST-leaving", 9: "ST-not-auth",
};
const STATUS = {
  0: "success", 1: "failure", 10: "cannot-support-all-cap", 11: "inexist-asso", 12: "asso-denied", 13: "algo-unsupported", 14: "bad-seq-num",
  15: "challenge-failure", 16: "timeout", 17: "AP-full", 18: "rate-unsupported",
};

/** What network_stats() gives: the network's name, channel, country, rates and security. */
export interface NetworkStats {
  ssid?: string;
  channel?: number;
  country?: string;
  country_desc_type?: string | null;
  rates?: number[];
  crypto?: Set<string>;
}

const COUNTRY_TYPES: Record<number, string> = { 0x49: "Indoor", 0x4f: "Outdoor", 0x58: "Non-country", 0xff: "Ignored" };
const text = (b: Uint8Array) => new TextDecoder("utf-8").decode(b);

/** Scapy's _Dot11EltUtils.network_stats: a summary of the elements after this frame body. */
export function networkStats(frame: Packet): NetworkStats {
  const summary: NetworkStats = {};
  const crypto = new Set<string>();
  for (let p = frame.payload; isLayer(p, Dot11Elt); p = p.payload) {
    const id = Number(p.ID);
    if (id === 0 && summary.ssid === undefined) summary.ssid = text(p.info);
    else if (id === 3) {
      if (isLayer(p, Dot11EltDSSSet)) summary.channel = p.channel;
      else if (p.info.length === 1) summary.channel = p.info[0]!;
    } else if (isLayer(p, Dot11EltCountry)) {
      const cs = p.country_string;
      summary.country = String.fromCharCode(...cs.subarray(0, 2));
      summary.country_desc_type = cs.length ? (COUNTRY_TYPES[cs[cs.length - 1]!] ?? null) : null;
    } else if (isLayer(p, Dot11EltRates)) {
      const rates = (p.rates as number[]).map((x) => (x & 0x7f) / 2);
      summary.rates = [...(summary.rates ?? []), ...rates];
    } else if (isLayer(p, Dot11EltRSN)) {
      const akms = p.akm_suites;
      const pairwise = p.pairwise_cipher_suites;
      let version = "WPA2";
      // WPA3-only: SAE, no PSK, management frame protection required, no WEP or TKIP; transition: SAE and PSK, MFP capable.
      if (akms.some((x) => x.suite === 8) && akms.every((x) => x.suite !== 2 && x.suite !== 6) && p.mfp_capable && p.mfp_required && pairwise.every((x) => ![1, 2, 5].includes(x.cipher))) {
        version = "WPA3";
      } else if (akms.some((x) => x.suite === 8) && akms.some((x) => x.suite === 2) && p.mfp_capable && !p.mfp_required) {
        version = "WPA3-transition";
      }
      crypto.add(akms.length ? `${version}/${akms[0]!.sprintf("%suite%")}` : version);
    } else if (id === 221 && isLayer(p, Dot11EltMicrosoftWPA)) {
      const akms = p.akm_suites;
      crypto.add(akms.length ? `WPA/${akms[0]!.sprintf("%suite%")}` : "WPA");
    }
  }
  const cap = (frame as unknown as { cap?: unknown }).cap;
  if (crypto.size === 0 && cap !== undefined) crypto.add(Number(cap) & 0x1000 ? "WEP" : "OPN");
  if (crypto.size) summary.crypto = crypto;
  return summary;
}

const withElements = {
  methods: {
    /** Scapy's network_stats(): ssid, channel, country, rates and crypto from the elements that follow. */
    network_stats(): NetworkStats {
      return networkStats(this as unknown as Packet);
    },
    networkStats(): NetworkStats {
      return networkStats(this as unknown as Packet);
    },
  },
};

const beaconFields = [leLong("timestamp", 0), leShort("beacon_interval", 0x0064), flags("cap", 0, 16, CAPABILITIES)] as const;

export const Dot11Beacon = defineLayer("Dot11Beacon", beaconFields, { displayName: "802.11 Beacon", ...withElements });
export const Dot11ATIM = defineLayer("Dot11ATIM", [], { displayName: "802.11 ATIM" });
export const Dot11Disas = defineLayer("Dot11Disas", [leShortEnum("reason", 1, REASONS)], { displayName: "802.11 Disassociation" });
export const Dot11AssoReq = defineLayer("Dot11AssoReq", [flags("cap", 0, 16, CAPABILITIES), leShort("listen_interval", 0x00c8)], {
  displayName: "802.11 Association Request",
  ...withElements,
});
const assoRespFields = [flags("cap", 0, 16, CAPABILITIES), leShort("status", 0), leShort("AID", 0)] as const;
export const Dot11AssoResp = defineLayer("Dot11AssoResp", assoRespFields, { displayName: "802.11 Association Response", ...withElements });
export const Dot11ReassoReq = defineLayer(
  "Dot11ReassoReq",
  [flags("cap", 0, 16, CAPABILITIES), leShort("listen_interval", 0x00c8), mac("current_AP", "00:00:00:00:00:00")],
  { displayName: "802.11 Reassociation Request", ...withElements },
);
export const Dot11ReassoResp = defineLayer("Dot11ReassoResp", assoRespFields, { parent: Dot11AssoResp, displayName: "802.11 Reassociation Response" });
export const Dot11ProbeReq = defineLayer("Dot11ProbeReq", [], { displayName: "802.11 Probe Request", ...withElements });
export const Dot11ProbeResp = defineLayer("Dot11ProbeResp", beaconFields, { displayName: "802.11 Probe Response", ...withElements });
export const Dot11Auth = defineLayer(
  "Dot11Auth",
  [leShortEnum("algo", 0, { 0: "open", 1: "sharedkey" }), leShort("seqnum", 0), leShortEnum("status", 0, STATUS)],
  {
    displayName: "802.11 Authentication",
    ...withElements,
    answers: (reply, request): boolean => reply.seqnum === Number((request as unknown as { seqnum?: number }).seqnum) + 1,
  },
);
export const Dot11Deauth = defineLayer("Dot11Deauth", [leShortEnum("reason", 1, REASONS)], { displayName: "802.11 Deauthentication" });
export const Dot11Ack = defineLayer("Dot11Ack", [], { displayName: "802.11 Ack packet" });

const management: ReadonlyArray<[number, Parameters<typeof bindLayers>[1]]> = [
  [0, Dot11AssoReq], [1, Dot11AssoResp], [2, Dot11ReassoReq], [3, Dot11ReassoResp], [4, Dot11ProbeReq], [5, Dot11ProbeResp],
  [8, Dot11Beacon], [9, Dot11ATIM], [10, Dot11Disas], [11, Dot11Auth], [12, Dot11Deauth],
];
for (const [subtype, cls] of management) bindLayers(Dot11, cls, { subtype, type: 0 });
bindLayers(Dot11, Dot11Ack, { subtype: 13, type: 1 });
for (const cls of [Dot11Beacon, Dot11AssoReq, Dot11AssoResp, Dot11ReassoReq, Dot11ReassoResp, Dot11ProbeReq, Dot11ProbeResp, Dot11Auth]) bindLayers(cls, Dot11Elt);
