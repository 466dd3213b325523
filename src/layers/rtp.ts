/**
 * RTP (RFC 3550) as Scapy's layers/rtp has it — the fixed header, the CSRC list counted by
 * numsync, and the header extension (bound on extension=1) — and RTCP as Scapy's contrib/rtcp:
 * SR and RR with sender info and reception reports, SDES with its chunks and items; BYE and APP
 * are named packet types whose bodies Scapy leaves as the payload. Neither has a port in Scapy
 * (dynamic ports negotiated by SIP/SDP): bind them where they are, `bindLayers(UDP, RTP, {dport})`.
 */
import { bindLayers } from "../core/bind.ts";
import { defineLayer } from "../core/define.ts";
import { bitEnum, bits } from "../core/fields/bits.ts";
import { countOf, layerLength } from "../core/fields/computed.ts";
import { byte, byteEnum, int, long, short, signedShort, xthreeBytes } from "../core/fields/integers.ts";
import { fieldLen } from "../core/fields/length.ts";
import { fieldList, packetList, PacketField } from "../core/fields/packets.ts";
import { strLen } from "../core/fields/strings.ts";
import type { Packet } from "../core/packet.ts";

/** IANA's static RTP payload types (Scapy's _rtp_payload_types). */
export const RTP_PAYLOAD_TYPES = {
  0: "G.711 PCMU", 3: "GSM", 4: "G723", 5: "DVI4", 6: "DVI4", 7: "LPC", 8: "PCMA", 9: "G722", 10: "L16", 11: "L16",
  12: "QCELP", 13: "CN", 14: "MPA", 15: "G728", 16: "DVI4", 17: "DVI4", 18: "G729", 25: "CelB", 26: "JPEG", 28: "nv",
  31: "H261", 32: "MPV", 33: "MP2T", 34: "H263",
};

export const RTPExtension = defineLayer(
  "RTPExtension",
  [short("header_id", 0), fieldLen("header_len", null, { countOf: "header" }), fieldList("header", [], int("hdr", 0))],
  { displayName: "RTP extension", countFrom: { header: (p) => p.header_len } },
);

export const RTP = defineLayer(
  "RTP",
  [
    bits("version", 2, 2),
    bits("padding", 0, 1),
    bits("extension", 0, 1),
    bits("numsync", null, 4).compute(countOf("sync")),
    bits("marker", 0, 1),
    bitEnum("payload_type", 0, 7, RTP_PAYLOAD_TYPES),
    short("sequence", 0),
    int("timestamp", 0),
    int("sourcesync", 0),
    fieldList("sync", [], int("id", 0)),
  ],
  { countFrom: { sync: (p) => p.numsync } },
);

bindLayers(RTP, RTPExtension, { extension: 1 });

// ---------------------------------------------------------------- RTCP

export const RTCP_PACKET_TYPES = { 200: "Sender report", 201: "Receiver report", 202: "Source description", 203: "BYE", 204: "APP" };
export const SDES_ITEM_TYPES = { 0: "END", 1: "CNAME", 2: "NAME", 3: "EMAIL", 4: "PHONE", 5: "LOC", 6: "TOOL", 7: "NOTE", 8: "PRIV" };

export const SenderInfo = defineLayer(
  "SenderInfo",
  [long("ntp_timestamp", null), int("rtp_timestamp", null), int("sender_packet_count", null), int("sender_octet_count", null)],
  { displayName: "Sender info" },
);

// No extract_padding in Scapy: a report (or a chunk) keeps what follows it as its payload, so
// the first element of a list takes the rest of the bytes, as Scapy reads them.
export const ReceptionReport = defineLayer(
  "ReceptionReport",
  [
    int("sourcesync", null),
    byte("fraction_lost", null),
    xthreeBytes("cumulative_lost", null),
    int("highest_seqnum_recv", null),
    int("interarrival_jitter", null),
    int("last_SR_timestamp", null),
    int("delay_since_last_SR", null),
  ],
  { displayName: "Reception report" },
);

export const SDESItem = defineLayer(
  "SDESItem",
  [byteEnum("chunk_type", null, SDES_ITEM_TYPES), fieldLen("length", null, { fmt: "B", signed: true, lengthOf: "value" }), strLen("value", null, "length")],
  { displayName: "SDES item", extractPadding: () => 0 },
);

export const SDESChunk = defineLayer("SDESChunk", [int("sourcesync", null), packetList("items", null, SDESItem)], { displayName: "SDES chunk" });

/** A packet field whose default is a fresh packet (Scapy's PacketField('sender_info', SenderInfo(), ...)). */
class DefaultPacketField<N extends string> extends PacketField<N> {
  constructor(
    name: N,
    private readonly make: () => Packet,
    cls: typeof SenderInfo,
  ) {
    super(name, null, cls);
  }

  override defaultFor(): unknown {
    return this.make();
  }
}

const reports = (t: number) => t === 200 || t === 201;

export const RTCP = defineLayer(
  "RTCP",
  [
    bits("version", 2, 2),
    bits("padding", 0, 1),
    bits("count", 0, 5),
    byteEnum("packet_type", 0, RTCP_PACKET_TYPES),
    // Scapy's post_build: the whole packet with its payload in 32-bit words, minus one.
    signedShort("length", null).compute(layerLength((n) => Math.floor(n / 4) - 1)),
    int("sourcesync", 0),
    new DefaultPacketField("sender_info", () => SenderInfo(), SenderInfo),
    packetList("report_blocks", null, ReceptionReport),
    packetList("sdes_chunks", null, SDESChunk),
  ],
  {
    when: {
      sourcesync: (p) => reports(p.packet_type),
      sender_info: (p) => p.packet_type === 200,
      report_blocks: (p) => reports(p.packet_type),
      sdes_chunks: (p) => p.packet_type === 202,
    },
    countFrom: { report_blocks: (p) => p.count, sdes_chunks: (p) => p.count },
  },
);
