/**
 * SCTP (RFC 9260) as Scapy's layers/sctp has it: the common header with its CRC-32C checksum,
 * every chunk Scapy declares (DATA, INIT, INIT-ACK, SACK, HEARTBEAT, ABORT, SHUTDOWN*, ERROR,
 * COOKIE*, AUTH, ASCONF*, and Scapy 2.6's I-DATA, FORWARD-TSN, I-FORWARD-TSN, RE-CONFIG, PAD),
 * and their parameters. Chunks follow one another as payloads (the chunk type picks the class, as
 * Scapy's default_payload_class does); parameters are lists inside INIT, HEARTBEAT, ASCONF and
 * RE-CONFIG. Variable parts are padded to four bytes; lengths count them unpadded.
 *
 * Where Scapy 2.6 is plainly broken, this follows the RFC and says so: its parameter table names
 * the RE-CONFIG parameter classes under names that do not exist (they dissect as Raw there), its
 * FORWARD-TSN skips are read as parameters, and its PAD chunk counts 8 header bytes (RFC 4820: 4).
 */
import { bindLayers } from "../core/bind.ts";
import { crc32c } from "../core/checksum.ts";
import { conf } from "../core/conf.ts";
import { defineLayer } from "../core/define.ts";
import { Field, invalid } from "../core/field.ts";
import { ipv4, ipv6 } from "../core/fields/address.ts";
import { bits } from "../core/fields/bits.ts";
import { headerLength } from "../core/fields/computed.ts";
import { byteEnum, int, intEnum, short, shortEnum, xbyte, xint, xshort } from "../core/fields/integers.ts";
import { fieldLen } from "../core/fields/length.ts";
import { padded } from "../core/fields/pad.ts";
import { fieldList, packetList } from "../core/fields/packets.ts";
import { strFixedLen, strLen, StrLenField } from "../core/fields/strings.ts";
import { multipleType } from "../core/fields/wrapped.ts";
import { isLayer, type Packet } from "../core/packet.ts";
import { Padding, Raw } from "../core/raw.ts";
import type { Computed, LayerRef } from "../core/state.ts";
import { randomBytes } from "../core/volatile.ts";
import type { Writer } from "../core/writer.ts";
import { SCTP_SERVICES } from "./data/sctpServices.ts";
import { IP, IPerror } from "./inet.ts";
import { IPerror6, IPv6 } from "./inet6.ts";

export const IPPROTO_SCTP = 132;

export const SCTP_CHUNK_TYPES = {
  0: "data",
  1: "init",
  2: "init-ack",
  3: "sack",
  4: "heartbeat-req",
  5: "heartbeat-ack",
  6: "abort",
  7: "shutdown",
  8: "shutdown-ack",
  9: "error",
  10: "cookie-echo",
  11: "cookie-ack",
  14: "shutdown-complete",
  15: "authentication",
  64: "i-data",
  130: "re-config",
  132: "pad",
  128: "address-configuration-ack",
  192: "forward-tsn",
  193: "address-configuration",
  194: "i-forward-tsn",
};

export const SCTP_PARAM_TYPES = {
  1: "heartbeat-info",
  5: "IPv4",
  6: "IPv6",
  7: "state-cookie",
  8: "unrecognized-param",
  9: "cookie-preservative",
  11: "hostname",
  12: "addrtypes",
  13: "out-ssn-reset-req",
  14: "in-ssn-reset-req",
  15: "ssn-tsn-reset-req",
  16: "re-configuration-response",
  17: "add-outgoing-stream-req",
  18: "add-incoming-stream-req",
  0x8000: "ecn-capable",
  0x8002: "random",
  0x8003: "chunk-list",
  0x8004: "requested-HMAC-functions",
  0x8008: "supported-extensions",
  0xc000: "fwd-tsn-supported",
  0xc001: "add-IP",
  0xc002: "del-IP",
  0xc003: "error-indication",
  0xc004: "set-primary-addr",
  0xc005: "success-indication",
  0xc006: "adaptation-layer",
};

export const SCTP_HMAC_TYPES = { 0: "Reserved1", 1: "SHA-1", 2: "Reserved2", 3: "SHA-256" };

export const SCTP_RECONFIG_RESULTS = {
  0: "Success - Nothing to do",
  1: "Success - Performed",
  2: "Denied",
  3: "Error - Wrong SSN",
  4: "Error - Request already in progress",
  5: "Error - Bad Sequence Number",
  6: "In Progress",
};

/** IANA's payload protocol identifiers, as Scapy names them. */
export const SCTP_PAYLOAD_PROTOCOL_IDENTIFIERS: Readonly<Record<number, string>> = Object.fromEntries(
  [
    "Reserved", "IUA", "M2UA", "M3UA", "SUA", "M2PA", "V5UA", "H.248", "BICC/Q.2150.3", "TALI", "DUA", "ASAP", "ENRP", "H.323",
    "Q.IPC/Q.2150.3", "SIMCO", "DDP Segment Chunk", "DDP Stream Session Control", "S1AP", "RUA", "HNBAP", "ForCES-HP", "ForCES-MP",
    "ForCES-LP", "SBc-AP", "NBAP", "Unassigned", "X2AP", "IRCP", "LCS-AP", "MPICH2", "SABP", "FGP", "PPP", "CALCAPP", "SSP",
    "NPMP-CONTROL", "NPMP-DATA", "ECHO", "DISCARD", "DAYTIME", "CHARGEN", "3GPP RNA", "3GPP M2AP", "3GPP M3AP", "SSH/SCTP",
    "Diameter/SCTP", "Diameter/DTLS/SCTP", "R14P", "Unassigned", "WebRTC DCEP", "WebRTC String", "WebRTC Binary Partial",
    "WebRTC Binary", "WebRTC String Partial", "3GPP PUA", "WebRTC String Empty", "WebRTC Binary Empty",
  ].map((name, i) => [i, name]),
);

// ---------------------------------------------------------------- the common header

/**
 * RFC 9260 appendix A: the CRC-32C of the packet with the checksum field zero, stored least
 * significant byte first; as a big-endian integer that is the byte-swapped CRC (Scapy's value).
 */
function sctpCrc(buf: Uint8Array, start: number, end: number): number {
  const c = crc32c(buf, start, end);
  return (((c & 0xff) << 24) | ((c & 0xff00) << 8) | ((c >>> 8) & 0xff00) | (c >>> 24)) >>> 0;
}

const sctpChecksum: Computed = {
  stage: "checksum",
  describe: "CRC-32C of the packet",
  refs: [],
  compute: (_p, out) => sctpCrc(out.buf, out.start, out.end),
};

/** Does an SCTP packet's checksum (bytes from the common header on) match its bytes? */
export function sctpChecksumValid(bytes: Uint8Array): boolean {
  if (bytes.length < 12) return false;
  const copy = bytes.slice();
  const stored = ((copy[8]! << 24) | (copy[9]! << 16) | (copy[10]! << 8) | copy[11]!) >>> 0;
  copy.fill(0, 8, 12);
  return sctpCrc(copy, 0, copy.length) === stored;
}

const chunkClasses = new Map<number, LayerRef>();
const paramClasses = new Map<number, LayerRef>();

/** The next chunk: by its type byte; fewer than 4 bytes are Padding (Scapy's _SCTPChunkGuessPayload). */
const nextChunk = (_p: Packet, rest: Uint8Array): LayerRef => (rest.length < 4 ? Padding : (chunkClasses.get(rest[0]!) ?? Raw));

/** A parameter by its type; fewer than 4 bytes are Raw (Scapy's ChunkParamField). */
const paramClass = (_p: Packet, buf: Uint8Array, off: number, end: number): LayerRef =>
  end - off >= 4 ? (paramClasses.get((buf[off]! << 8) | buf[off + 1]!) ?? Raw) : Raw;

const sctpFields = [
  shortEnum("sport", 0, SCTP_SERVICES),
  shortEnum("dport", 0, SCTP_SERVICES),
  xint("tag", 0),
  xint("chksum", null).compute(sctpChecksum),
] as const;

export const SCTP = defineLayer("SCTP", sctpFields, {
  guessPayload: nextChunk,
  answers: (reply, request): boolean => isLayer(request, SCTP) && (!conf.checkIPsrc || (reply.sport === request.dport && reply.dport === request.sport)),
});

/** SCTP quoted by an ICMP error: it answers the packet it quotes (same ports, same direction). */
export const SCTPerror = defineLayer("SCTPerror", sctpFields, {
  parent: SCTP,
  displayName: "SCTP in ICMP",
  answers: (reply, request): boolean => isLayer(request, SCTP) && (!conf.checkIPsrc || (reply.sport === request.sport && reply.dport === request.dport)),
});

// ---------------------------------------------------------------- parameters

const param = { extractPadding: () => 0 } as const;
const minus = (n: number) => (p: { len: number | null }) => (p.len ?? 0) - n;
/** Type and a length counting `target` plus `head` bytes (Scapy's FieldLenField with adjust). */
const paramHead = <const T extends string>(type: number, target: T, head = 4) =>
  [shortEnum("type", type, SCTP_PARAM_TYPES), fieldLen("len", null, { lengthOf: target, adjust: (x) => x + head })] as const;

/** A parameter that is a type, a length and padded bytes (heartbeat info, state cookie, hostname...). */
function bytesParam<const N extends string, const F extends string>(name: N, type: number, field: F, dflt: Uint8Array | string = "") {
  const cls = defineLayer(name, [...paramHead(type, field), padded(strLen(field, dflt), 4)], { ...param, lengthFrom: { [field]: minus(4) } as never });
  paramClasses.set(type, cls);
  return cls;
}

export const SCTPChunkParamHeartbeatInfo = bytesParam("SCTPChunkParamHeartbeatInfo", 1, "data");

export const SCTPChunkParamIPv4Addr = defineLayer("SCTPChunkParamIPv4Addr", [shortEnum("type", 5, SCTP_PARAM_TYPES), short("len", 8), ipv4("addr", "127.0.0.1")], param);
paramClasses.set(5, SCTPChunkParamIPv4Addr);

export const SCTPChunkParamIPv6Addr = defineLayer("SCTPChunkParamIPv6Addr", [shortEnum("type", 6, SCTP_PARAM_TYPES), short("len", 20), ipv6("addr", "::1")], param);
paramClasses.set(6, SCTPChunkParamIPv6Addr);

export const SCTPChunkParamStateCookie = bytesParam("SCTPChunkParamStateCookie", 7, "cookie");
// Scapy's spelling.
export const SCTPChunkParamUnrocognizedParam = bytesParam("SCTPChunkParamUnrocognizedParam", 8, "param");

export const SCTPChunkParamCookiePreservative = defineLayer(
  "SCTPChunkParamCookiePreservative",
  [shortEnum("type", 9, SCTP_PARAM_TYPES), short("len", 8), xint("sug_cookie_inc", null)],
  param,
);
paramClasses.set(9, SCTPChunkParamCookiePreservative);

export const SCTPChunkParamHostname = bytesParam("SCTPChunkParamHostname", 11, "hostname");

export const SCTPChunkParamSupportedAddrTypes = defineLayer(
  "SCTPChunkParamSupportedAddrTypes",
  [...paramHead(12, "addr_type_list"), padded(fieldList("addr_type_list", [5], shortEnum("addr_type", 5, SCTP_PARAM_TYPES)), 4)],
  { ...param, lengthFrom: { addr_type_list: minus(4) } },
);
paramClasses.set(12, SCTPChunkParamSupportedAddrTypes);

export const SCTPChunkParamOutSSNResetReq = defineLayer(
  "SCTPChunkParamOutSSNResetReq",
  [
    ...paramHead(13, "stream_num_list", 16),
    xint("re_conf_req_seq_num", null),
    xint("re_conf_res_seq_num", null),
    xint("tsn", null),
    padded(fieldList("stream_num_list", [], xshort("stream_num", null)), 4),
  ],
  { ...param, lengthFrom: { stream_num_list: minus(16) } },
);
paramClasses.set(13, SCTPChunkParamOutSSNResetReq);

export const SCTPChunkParamInSSNResetReq = defineLayer(
  "SCTPChunkParamInSSNResetReq",
  [...paramHead(14, "stream_num_list", 8), xint("re_conf_req_seq_num", null), padded(fieldList("stream_num_list", [], xshort("stream_num", null)), 4)],
  { ...param, lengthFrom: { stream_num_list: minus(8) } },
);
paramClasses.set(14, SCTPChunkParamInSSNResetReq);

export const SCTPChunkParamSSNTSNResetReq = defineLayer(
  "SCTPChunkParamSSNTSNResetReq",
  [shortEnum("type", 15, SCTP_PARAM_TYPES), xshort("len", 8), xint("re_conf_req_seq_num", null)],
  param,
);
paramClasses.set(15, SCTPChunkParamSSNTSNResetReq);

export const SCTPChunkParamReConfigRes = defineLayer(
  "SCTPChunkParamReConfigRes",
  [
    shortEnum("type", 16, SCTP_PARAM_TYPES),
    xshort("len", 12),
    xint("re_conf_res_seq_num", null),
    intEnum("result", null, SCTP_RECONFIG_RESULTS),
    xint("sender_next_tsn", null),
    xint("receiver_next_tsn", null),
  ],
  param,
);
paramClasses.set(16, SCTPChunkParamReConfigRes);

const addStreamFields = (type: number) =>
  [shortEnum("type", type, SCTP_PARAM_TYPES), xshort("len", 12), xint("re_conf_req_seq_num", null), xshort("num_new_stream", null), xshort("reserved", null)] as const;
export const SCTPChunkParamAddOutgoingStreamReq = defineLayer("SCTPChunkParamAddOutgoingStreamReq", addStreamFields(17), param);
export const SCTPChunkParamAddIncomingStreamReq = defineLayer("SCTPChunkParamAddIncomingStreamReq", addStreamFields(18), { ...param, parent: SCTPChunkParamAddOutgoingStreamReq });
paramClasses.set(17, SCTPChunkParamAddOutgoingStreamReq);
paramClasses.set(18, SCTPChunkParamAddIncomingStreamReq);

export const SCTPChunkParamECNCapable = defineLayer("SCTPChunkParamECNCapable", [shortEnum("type", 0x8000, SCTP_PARAM_TYPES), short("len", 4)], param);
paramClasses.set(0x8000, SCTPChunkParamECNCapable);

/** The random number's default is 32 fresh random bytes at every read (Scapy's RandBin(32)). */
class RandomBytesField<N extends string> extends StrLenField<N> {
  override defaultFor(): unknown {
    return randomBytes(32);
  }
}

export const SCTPChunkParamRandom = defineLayer(
  "SCTPChunkParamRandom",
  [...paramHead(0x8002, "random"), padded(new RandomBytesField("random", null), 4)],
  { ...param, lengthFrom: { random: minus(4) } },
);
paramClasses.set(0x8002, SCTPChunkParamRandom);

export const SCTPChunkParamChunkList = defineLayer(
  "SCTPChunkParamChunkList",
  [...paramHead(0x8003, "chunk_list"), padded(fieldList("chunk_list", [], byteEnum("chunk", null, SCTP_CHUNK_TYPES)), 4)],
  { ...param, lengthFrom: { chunk_list: minus(4) } },
);
paramClasses.set(0x8003, SCTPChunkParamChunkList);

export const SCTPChunkParamRequestedHMACFunctions = defineLayer(
  "SCTPChunkParamRequestedHMACFunctions",
  [...paramHead(0x8004, "HMAC_functions_list"), padded(fieldList("HMAC_functions_list", [1], shortEnum("HMAC_function", 1, SCTP_HMAC_TYPES)), 4)],
  { ...param, lengthFrom: { HMAC_functions_list: minus(4) } },
);
paramClasses.set(0x8004, SCTPChunkParamRequestedHMACFunctions);

export const SCTPChunkParamSupportedExtensions = defineLayer(
  "SCTPChunkParamSupportedExtensions",
  [...paramHead(0x8008, "supported_extensions"), padded(fieldList("supported_extensions", [15, 193, 128], byteEnum("supported_extensions", null, SCTP_CHUNK_TYPES)), 4)],
  { ...param, lengthFrom: { supported_extensions: minus(4) } },
);
paramClasses.set(0x8008, SCTPChunkParamSupportedExtensions);

export const SCTPChunkParamFwdTSN = defineLayer("SCTPChunkParamFwdTSN", [shortEnum("type", 0xc000, SCTP_PARAM_TYPES), short("len", 4)], param);
paramClasses.set(0xc000, SCTPChunkParamFwdTSN);

const addrAlternatives = {
  v4: ipv4("addr", "127.0.0.1"),
  v6: ipv6("addr", "::1"),
  bytes: strFixedLen("addr", "", "addr_len"),
};

/** ASCONF address parameters (add, delete, set primary): a correlation id and an address parameter inside. */
const addrParamFields = (type: number) =>
  [
    ...paramHead(type, "addr", 12),
    xint("correlation_id", null),
    shortEnum("addr_type", 5, SCTP_PARAM_TYPES),
    fieldLen("addr_len", null, { lengthOf: "addr", adjust: (x) => x + 4 }),
    multipleType("addr", addrAlternatives, "bytes"),
  ] as const;

const addrParamRules = {
  ...param,
  choose: { addr: (p: { addr_type: number }) => (p.addr_type === 5 ? "v4" : p.addr_type === 6 ? "v6" : "bytes") },
} as const;

export const SCTPChunkParamAddIPAddr = defineLayer("SCTPChunkParamAddIPAddr", addrParamFields(0xc001), addrParamRules);
export const SCTPChunkParamDelIPAddr = defineLayer("SCTPChunkParamDelIPAddr", addrParamFields(0xc002), { ...addrParamRules, parent: SCTPChunkParamAddIPAddr });
export const SCTPChunkParamSetPrimaryAddr = defineLayer("SCTPChunkParamSetPrimaryAddr", addrParamFields(0xc004), { ...addrParamRules, parent: SCTPChunkParamAddIPAddr });
paramClasses.set(0xc001, SCTPChunkParamAddIPAddr);
paramClasses.set(0xc002, SCTPChunkParamDelIPAddr);
paramClasses.set(0xc004, SCTPChunkParamSetPrimaryAddr);

export const SCTPChunkParamErrorIndication = defineLayer(
  "SCTPChunkParamErrorIndication",
  [...paramHead(0xc003, "error_causes", 8), xint("correlation_id", null), padded(strLen("error_causes", ""), 4)],
  // Scapy reads len - 4 bytes of causes (the 8-byte head counted as 4): kept, so bytes dissect as there.
  { ...param, lengthFrom: { error_causes: minus(4) } },
);
paramClasses.set(0xc003, SCTPChunkParamErrorIndication);

export const SCTPChunkParamSuccessIndication = defineLayer(
  "SCTPChunkParamSuccessIndication",
  [shortEnum("type", 0xc005, SCTP_PARAM_TYPES), short("len", 8), xint("correlation_id", null)],
  param,
);
paramClasses.set(0xc005, SCTPChunkParamSuccessIndication);

export const SCTPChunkParamAdaptationLayer = defineLayer(
  "SCTPChunkParamAdaptationLayer",
  [shortEnum("type", 0xc006, SCTP_PARAM_TYPES), short("len", 8), xint("indication", null)],
  param,
);
paramClasses.set(0xc006, SCTPChunkParamAdaptationLayer);

// ---------------------------------------------------------------- chunks

const chunk = { guessPayload: nextChunk } as const;
const register = <L extends LayerRef>(type: number, cls: L): L => {
  chunkClasses.set(type, cls);
  return cls;
};
const chunkType = (type: number) => byteEnum("type", type, SCTP_CHUNK_TYPES);
const flagsByte = () => xbyte("flags", null);
const lengthOfParams = (head: number) => fieldLen("len", null, { lengthOf: "params", adjust: (x) => x + head });
const params = () => packetList("params", null, paramClass);
const dataFlags = () => [bits("reserved", null, 4), bits("delay_sack", 0, 1), bits("unordered", 0, 1), bits("beginning", 0, 1), bits("ending", 0, 1)] as const;

export const SCTPChunkData = register(
  0,
  defineLayer(
    "SCTPChunkData",
    [
      chunkType(0),
      ...dataFlags(),
      fieldLen("len", null, { lengthOf: "data", adjust: (x) => x + 16 }),
      xint("tsn", null),
      xshort("stream_id", null),
      xshort("stream_seq", null),
      intEnum("proto_id", null, SCTP_PAYLOAD_PROTOCOL_IDENTIFIERS),
      padded(strLen("data", null), 4),
    ],
    { ...chunk, lengthFrom: { data: minus(16) } },
  ),
);

export const SCTPChunkIData = register(
  64,
  defineLayer(
    "SCTPChunkIData",
    [
      chunkType(64),
      ...dataFlags(),
      fieldLen("len", null, { lengthOf: "data", adjust: (x) => x + 20 }),
      xint("tsn", null),
      xshort("stream_id", null),
      xshort("reserved_16", null),
      xint("message_id", null),
      // The first fragment carries the payload protocol, the others their fragment sequence number.
      multipleType("ppid_fsn", { ppid: intEnum("ppid_fsn", null, SCTP_PAYLOAD_PROTOCOL_IDENTIFIERS), fsn: xint("ppid_fsn", null) }, "fsn"),
      padded(strLen("data", null), 4),
    ],
    { ...chunk, lengthFrom: { data: minus(20) }, choose: { ppid_fsn: (p) => (p.beginning === 1 ? "ppid" : "fsn") } },
  ),
);

export const SCTPForwardSkip = defineLayer("SCTPForwardSkip", [short("stream_id", null), short("stream_seq", null)], param);
export const SCTPIForwardSkip = defineLayer("SCTPIForwardSkip", [short("stream_id", null), bits("reserved", null, 15), bits("unordered", null, 1), int("message_id", null)], param);

const forwardTsnFields = (type: number, skip: LayerRef) =>
  [chunkType(type), flagsByte(), fieldLen("len", null, { lengthOf: "skips", adjust: (x) => x + 8 }), int("new_tsn", null), packetList("skips", null, skip)] as const;

export const SCTPChunkForwardTSN = register(192, defineLayer("SCTPChunkForwardTSN", forwardTsnFields(192, SCTPForwardSkip), { ...chunk, lengthFrom: { skips: minus(8) } }));
export const SCTPChunkIForwardTSN = register(194, defineLayer("SCTPChunkIForwardTSN", forwardTsnFields(194, SCTPIForwardSkip), { ...chunk, lengthFrom: { skips: minus(8) } }));

const initFields = (type: number) =>
  [
    chunkType(type),
    flagsByte(),
    lengthOfParams(20),
    xint("init_tag", null),
    int("a_rwnd", null),
    short("n_out_streams", null),
    short("n_in_streams", null),
    xint("init_tsn", null),
    params(),
  ] as const;

export const SCTPChunkInit = register(1, defineLayer("SCTPChunkInit", initFields(1), { ...chunk, lengthFrom: { params: minus(20) } }));
export const SCTPChunkInitAck = register(2, defineLayer("SCTPChunkInitAck", initFields(2), { ...chunk, parent: SCTPChunkInit }));

/** A gap ack block, "start:end" (Scapy's GapAckField; a [start, end] pair is accepted). */
class GapAckField<N extends string> extends Field<N, string | readonly [number, number], string> {
  kindName = "GapAckField";
  override bits = 32;
  override fromUser(value: unknown): unknown {
    if (Array.isArray(value) && value.length === 2) return `${Number(value[0])}:${Number(value[1])}`;
    if (value === null || (typeof value === "string" && /^\d+:\d+$/.test(value))) return value;
    return invalid(`expected "start:end" or a [start, end] pair, got ${JSON.stringify(value)}`);
  }
  override readFixed(buf: Uint8Array, off: number): unknown {
    return `${(buf[off]! << 8) | buf[off + 1]!}:${(buf[off + 2]! << 8) | buf[off + 3]!}`;
  }
  override write(w: Writer, value: unknown): void {
    const [start, end] = value === null || value === undefined ? [0, 0] : String(value).split(":").map(Number);
    w.u16(start! & 0xffff);
    w.u16(end! & 0xffff);
  }
  override repr(value: unknown): string {
    return value === null || value === undefined ? "None" : `'${String(value)}'`;
  }
  override literal(value: unknown): string {
    return this.repr(value);
  }
}

export const SCTPChunkSACK = register(
  3,
  defineLayer(
    "SCTPChunkSACK",
    [
      chunkType(3),
      flagsByte(),
      short("len", null).compute(headerLength()),
      xint("cumul_tsn_ack", null),
      int("a_rwnd", null),
      fieldLen("n_gap_ack", null, { countOf: "gap_ack_list" }),
      fieldLen("n_dup_tsn", null, { countOf: "dup_tsn_list" }),
      fieldList("gap_ack_list", [], new GapAckField("gap_ack", null)),
      fieldList("dup_tsn_list", [], xint("dup_tsn", null)),
    ],
    { ...chunk, countFrom: { gap_ack_list: (p) => p.n_gap_ack, dup_tsn_list: (p) => p.n_dup_tsn } },
  ),
);

const heartbeatFields = (type: number) => [chunkType(type), flagsByte(), lengthOfParams(4), params()] as const;
export const SCTPChunkHeartbeatReq = register(4, defineLayer("SCTPChunkHeartbeatReq", heartbeatFields(4), { ...chunk, lengthFrom: { params: minus(4) } }));
export const SCTPChunkHeartbeatAck = register(5, defineLayer("SCTPChunkHeartbeatAck", heartbeatFields(5), { ...chunk, parent: SCTPChunkHeartbeatReq }));

/** A chunk that is a header and padded bytes (error causes, a cookie, padding). */
const bytesChunkFields = <const F extends string>(type: number, field: F, head: number, dflt: string | null, flagFields: "flags" | "tcb" = "flags") =>
  [
    chunkType(type),
    ...(flagFields === "tcb" ? ([bits("reserved", null, 7), bits("TCB", 0, 1)] as const) : ([flagsByte()] as const)),
    fieldLen("len", null, { lengthOf: field, adjust: (x) => x + head }),
    padded(strLen(field, dflt), 4),
  ] as const;

export const SCTPChunkAbort = register(
  6,
  defineLayer("SCTPChunkAbort", bytesChunkFields(6, "error_causes", 4, "", "tcb"), { ...chunk, lengthFrom: { error_causes: minus(4) } }),
);

export const SCTPChunkShutdown = register(
  7,
  defineLayer("SCTPChunkShutdown", [chunkType(7), flagsByte(), short("len", 8), xint("cumul_tsn_ack", null)], chunk),
);
export const SCTPChunkShutdownAck = register(8, defineLayer("SCTPChunkShutdownAck", [chunkType(8), flagsByte(), short("len", 4)], chunk));

export const SCTPChunkError = register(9, defineLayer("SCTPChunkError", bytesChunkFields(9, "error_causes", 4, ""), { ...chunk, lengthFrom: { error_causes: minus(4) } }));
export const SCTPChunkCookieEcho = register(10, defineLayer("SCTPChunkCookieEcho", bytesChunkFields(10, "cookie", 4, ""), { ...chunk, lengthFrom: { cookie: minus(4) } }));
export const SCTPChunkCookieAck = register(11, defineLayer("SCTPChunkCookieAck", [chunkType(11), flagsByte(), short("len", 4)], chunk));
export const SCTPChunkShutdownComplete = register(
  14,
  defineLayer("SCTPChunkShutdownComplete", [chunkType(14), bits("reserved", null, 7), bits("TCB", 0, 1), short("len", 4)], chunk),
);

export const SCTPChunkAuthentication = register(
  15,
  defineLayer(
    "SCTPChunkAuthentication",
    [
      chunkType(15),
      flagsByte(),
      fieldLen("len", null, { lengthOf: "HMAC", adjust: (x) => x + 8 }),
      short("shared_key_id", null),
      short("HMAC_function", null),
      padded(strLen("HMAC", ""), 4),
    ],
    { ...chunk, lengthFrom: { HMAC: minus(8) } },
  ),
);

const asconfFields = (type: number) => [chunkType(type), flagsByte(), lengthOfParams(8), int("seq", 0), params()] as const;
export const SCTPChunkAddressConf = register(0xc1, defineLayer("SCTPChunkAddressConf", asconfFields(0xc1), { ...chunk, lengthFrom: { params: minus(8) } }));
export const SCTPChunkAddressConfAck = register(0x80, defineLayer("SCTPChunkAddressConfAck", asconfFields(0x80), { ...chunk, parent: SCTPChunkAddressConf }));

export const SCTPChunkReConfig = register(
  130,
  defineLayer("SCTPChunkReConfig", [chunkType(130), flagsByte(), lengthOfParams(4), params()], { ...chunk, lengthFrom: { params: minus(4) } }),
);

/** RFC 4820's PAD chunk: the length counts the 4-byte header and the padding bytes. */
export const SCTPChunkPad = register(132, defineLayer("SCTPChunkPad", bytesChunkFields(132, "padding", 4, null), { ...chunk, lengthFrom: { padding: minus(4) } }));

bindLayers(IP, SCTP, { proto: IPPROTO_SCTP });
bindLayers(IPerror, SCTPerror, { proto: IPPROTO_SCTP });
bindLayers(IPv6, SCTP, { nh: IPPROTO_SCTP });
bindLayers(IPerror6, SCTPerror, { nh: IPPROTO_SCTP });
