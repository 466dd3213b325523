import assert from "node:assert/strict";
import { test } from "node:test";
import {
  bytesHex,
  crc32c,
  Ether,
  IP,
  IPv6,
  raw,
  SCTP,
  SCTPChunkAbort,
  SCTPChunkAddressConf,
  SCTPChunkAddressConfAck,
  SCTPChunkAuthentication,
  SCTPChunkCookieAck,
  SCTPChunkCookieEcho,
  SCTPChunkData,
  SCTPChunkError,
  SCTPChunkForwardTSN,
  SCTPChunkHeartbeatAck,
  SCTPChunkHeartbeatReq,
  SCTPChunkIData,
  SCTPChunkIForwardTSN,
  SCTPChunkInit,
  SCTPChunkInitAck,
  SCTPChunkPad,
  SCTPChunkParamAddIPAddr,
  SCTPChunkParamAddOutgoingStreamReq,
  SCTPChunkParamChunkList,
  SCTPChunkParamHeartbeatInfo,
  SCTPChunkParamInSSNResetReq,
  SCTPChunkParamIPv4Addr,
  SCTPChunkParamOutSSNResetReq,
  SCTPChunkParamRandom,
  SCTPChunkParamReConfigRes,
  SCTPChunkParamRequestedHMACFunctions,
  SCTPChunkParamSSNTSNResetReq,
  SCTPChunkParamStateCookie,
  SCTPChunkParamSuccessIndication,
  SCTPChunkParamSupportedExtensions,
  SCTPChunkReConfig,
  SCTPChunkSACK,
  SCTPChunkShutdown,
  SCTPChunkShutdownAck,
  SCTPChunkShutdownComplete,
  sctpChecksumValid,
  SCTPForwardSkip,
  SCTPIForwardSkip,
  type Packet,
} from "../../src/index.ts";
import { tsharkAvailable, tsharkField, tsharkRead } from "../tshark.ts";
import { checkCapture, hex, tsharkSkip, type Put } from "./routingCaptures.ts";

const v = (q: Packet, name: string) => q.getFieldValue(name) as number;
const colons = (b: Uint8Array) => bytesHex(b).replace(/(..)(?=.)/g, "$1:");
const CRC = ["-o", "sctp.checksum:crc-32c"];

const FIELDS = new Set([
  "sctp.srcport",
  "sctp.dstport",
  "sctp.verification_tag",
  "sctp.checksum",
  "sctp.checksum.status",
  "sctp.chunk_type",
  "sctp.chunk_flags",
  "sctp.chunk_length",
  "sctp.init_initiate_tag",
  "sctp.init_credit",
  "sctp.init_nr_out_streams",
  "sctp.init_nr_in_streams",
  "sctp.init_initial_tsn",
  "sctp.initack_initiate_tag",
  "sctp.initack_credit",
  "sctp.initack_nr_out_streams",
  "sctp.initack_nr_in_streams",
  "sctp.initack_initial_tsn",
  "sctp.parameter_type",
  "sctp.parameter_length",
  "sctp.parameter_ipv4_address",
  "sctp.parameter_ipv6_address",
  "sctp.parameter_heartbeat_information",
  "sctp.parameter_state_cookie",
  "sctp.parameter_supported_address_type",
  "sctp.random_number",
  "sctp.hmac_id",
  "sctp.supported_chunk_type",
  "sctp.chunk_type_to_auth",
  "sctp.cookie",
  "sctp.data_tsn_raw",
  "sctp.data_sid",
  "sctp.data_ssn",
  "sctp.data_payload_proto_id",
  "sctp.data_b_bit",
  "sctp.data_e_bit",
  "sctp.data_u_bit",
  "sctp.data_i_bit",
  "sctp.sack_cumulative_tsn_ack_raw",
  "sctp.sack_a_rwnd",
  "sctp.sack_number_of_gap_blocks",
  "sctp.sack_number_of_duplicated_tsns",
  "sctp.shutdown_cumulative_tsn_ack",
  "sctp.shutdown_complete_t_bit",
]);

/** Flags byte of a chunk as packetry holds it (a byte, or bit fields). */
function chunkFlags(q: Packet): number {
  const names = q.spec.layout.fields.map((f) => f.name);
  if (names.includes("flags")) return v(q, "flags") ?? 0;
  if (names.includes("TCB")) return ((v(q, "reserved") ?? 0) << 1) | v(q, "TCB");
  return ((v(q, "reserved") ?? 0) << 4) | (v(q, "delay_sack") << 3) | (v(q, "unordered") << 2) | (v(q, "beginning") << 1) | v(q, "ending");
}

function sctp(q: Packet, put: Put): boolean {
  const name = q.spec.name;
  if (name === "SCTP") {
    put("sctp.srcport", v(q, "sport"));
    put("sctp.dstport", v(q, "dport"));
    put("sctp.verification_tag", hex(v(q, "tag"), 8));
    put("sctp.checksum", hex(v(q, "chksum"), 8));
    put("sctp.checksum.status", sctpChecksumValid(raw(q)) ? 1 : 0);
    return true;
  }
  if (name.startsWith("SCTPChunkParam")) {
    put("sctp.parameter_type", hex(v(q, "type"), 4));
    put("sctp.parameter_length", v(q, "len"));
    const b = (f: string) => q.getFieldValue(f) as Uint8Array;
    if (name === "SCTPChunkParamIPv4Addr") put("sctp.parameter_ipv4_address", q.getFieldValue("addr") as string);
    if (name === "SCTPChunkParamIPv6Addr") put("sctp.parameter_ipv6_address", q.getFieldValue("addr") as string);
    if (name === "SCTPChunkParamHeartbeatInfo") put("sctp.parameter_heartbeat_information", colons(b("data")));
    if (name === "SCTPChunkParamStateCookie") put("sctp.parameter_state_cookie", colons(b("cookie")));
    if (name === "SCTPChunkParamRandom") put("sctp.random_number", colons(b("random")));
    const list = (f: string, key: string) => {
      for (const x of q.getFieldValue(f) as number[]) put(key, x);
    };
    if (name === "SCTPChunkParamSupportedAddrTypes") list("addr_type_list", "sctp.parameter_supported_address_type");
    if (name === "SCTPChunkParamRequestedHMACFunctions") list("HMAC_functions_list", "sctp.hmac_id");
    if (name === "SCTPChunkParamSupportedExtensions") list("supported_extensions", "sctp.supported_chunk_type");
    if (name === "SCTPChunkParamChunkList") list("chunk_list", "sctp.chunk_type_to_auth");
    return true;
  }
  if (!name.startsWith("SCTPChunk")) return false;
  put("sctp.chunk_type", v(q, "type"));
  put("sctp.chunk_flags", hex(chunkFlags(q), 2));
  put("sctp.chunk_length", v(q, "len"));
  const init = name === "SCTPChunkInit" ? "init" : "initack";
  switch (name) {
    case "SCTPChunkInit":
    case "SCTPChunkInitAck":
      put(`sctp.${init}_initiate_tag`, hex(v(q, "init_tag"), 8));
      put(`sctp.${init}_credit`, v(q, "a_rwnd"));
      put(`sctp.${init}_nr_out_streams`, v(q, "n_out_streams"));
      put(`sctp.${init}_nr_in_streams`, v(q, "n_in_streams"));
      put(`sctp.${init}_initial_tsn`, v(q, "init_tsn"));
      break;
    case "SCTPChunkCookieEcho":
      put("sctp.cookie", colons(q.getFieldValue("cookie") as Uint8Array));
      break;
    case "SCTPChunkData":
      put("sctp.data_tsn_raw", v(q, "tsn"));
      put("sctp.data_sid", hex(v(q, "stream_id"), 4));
      put("sctp.data_ssn", v(q, "stream_seq"));
      put("sctp.data_payload_proto_id", v(q, "proto_id"));
      put("sctp.data_i_bit", v(q, "delay_sack"));
      put("sctp.data_u_bit", v(q, "unordered"));
      put("sctp.data_b_bit", v(q, "beginning"));
      put("sctp.data_e_bit", v(q, "ending"));
      break;
    case "SCTPChunkSACK":
      put("sctp.sack_cumulative_tsn_ack_raw", v(q, "cumul_tsn_ack"));
      put("sctp.sack_a_rwnd", v(q, "a_rwnd"));
      put("sctp.sack_number_of_gap_blocks", v(q, "n_gap_ack"));
      put("sctp.sack_number_of_duplicated_tsns", v(q, "n_dup_tsn"));
      break;
    case "SCTPChunkShutdown":
      put("sctp.shutdown_cumulative_tsn_ack", v(q, "cumul_tsn_ack"));
      break;
    case "SCTPChunkShutdownComplete":
      put("sctp.shutdown_complete_t_bit", v(q, "TCB"));
      break;
  }
  return true;
}

test("usrsctp's association (INIT to SHUTDOWN-COMPLETE, IPv4 and IPv6) reads as tshark reads it and builds again", { skip: tsharkSkip() }, () => {
  const seen = checkCapture("sctp-usrsctp.pcap", sctp, FIELDS, { extra: CRC });
  for (const cls of ["SCTP", "SCTPChunkInit", "SCTPChunkInitAck", "SCTPChunkCookieEcho", "SCTPChunkCookieAck", "SCTPChunkHeartbeatReq", "SCTPChunkHeartbeatAck"]) {
    assert.ok(seen.get(cls), `the capture holds ${cls}`);
  }
  for (const cls of ["SCTPChunkData", "SCTPChunkSACK", "SCTPChunkShutdown", "SCTPChunkShutdownAck", "SCTPChunkShutdownComplete", "SCTPChunkParamRandom", "SCTPChunkParamStateCookie"]) {
    assert.ok(seen.get(cls), `the capture holds ${cls}`);
  }
  assert.equal(seen.get("Raw"), undefined);
});

/** Every chunk and parameter packetry declares, as a sender would put them on the wire. */
function everyChunk(): Packet[] {
  const ip = () => Ether({ src: "00:11:22:33:44:55", dst: "66:77:88:99:aa:bb" }).div(IP({ src: "10.0.0.1", dst: "10.0.0.2" }));
  const s = () => SCTP({ sport: 5000, dport: 5001, tag: 0x01020304 });
  return [
    ip().div(
      s(),
      SCTPChunkInit({
        init_tag: 0x11223344,
        a_rwnd: 65536,
        n_out_streams: 10,
        n_in_streams: 10,
        init_tsn: 1,
        params: [
          SCTPChunkParamRandom({ random: new Uint8Array(32).fill(7) }),
          SCTPChunkParamChunkList({ chunk_list: [0, 3] }),
          SCTPChunkParamRequestedHMACFunctions(),
          SCTPChunkParamSupportedExtensions({ supported_extensions: [15, 193, 128, 130, 192, 64, 194] }),
          // Last: an aligned parameter. Scapy counts a last parameter's padding in the chunk length
          // (bytes kept equal to Scapy's); tshark wants it outside (RFC 9260 3.2).
          SCTPChunkParamIPv4Addr({ addr: "10.0.0.1" }),
        ],
      }),
    ),
    ip().div(s(), SCTPChunkInitAck({ init_tag: 5, a_rwnd: 1000, n_out_streams: 1, n_in_streams: 1, init_tsn: 9, params: [SCTPChunkParamStateCookie({ cookie: "a cookie" })] })),
    ip().div(s(), SCTPChunkCookieEcho({ cookie: "a cookie" }), SCTPChunkData({ tsn: 9, stream_id: 0, stream_seq: 0, proto_id: 0, beginning: 1, ending: 1, data: "hello" })),
    ip().div(s(), SCTPChunkCookieAck(), SCTPChunkSACK({ cumul_tsn_ack: 9, a_rwnd: 1000, gap_ack_list: ["2:3"], dup_tsn_list: [7] })),
    ip().div(s(), SCTPChunkHeartbeatReq({ params: [SCTPChunkParamHeartbeatInfo({ data: "info!..." })] })),
    ip().div(s(), SCTPChunkHeartbeatAck({ params: [SCTPChunkParamHeartbeatInfo({ data: "info!..." })] })),
    ip().div(s(), SCTPChunkAbort({ TCB: 1, error_causes: Uint8Array.of(0, 12, 0, 6, 0x61, 0x62) })),
    ip().div(s(), SCTPChunkError({ error_causes: Uint8Array.of(0, 1, 0, 8, 0, 5, 0, 0) })),
    ip().div(s(), SCTPChunkShutdown({ cumul_tsn_ack: 10 }), SCTPChunkShutdownAck()),
    ip().div(s(), SCTPChunkShutdownComplete({ TCB: 1 })),
    ip().div(s(), SCTPChunkAuthentication({ shared_key_id: 1, HMAC_function: 1, HMAC: new Uint8Array(20) }), SCTPChunkData({ tsn: 10, stream_id: 1, stream_seq: 1, proto_id: 0, data: "x" })),
    ip().div(s(), SCTPChunkAddressConf({ seq: 1, params: [SCTPChunkParamIPv4Addr({ addr: "10.0.0.1" }), SCTPChunkParamAddIPAddr({ correlation_id: 1, addr: "10.0.0.5" })] })),
    ip().div(s(), SCTPChunkAddressConfAck({ seq: 1, params: [SCTPChunkParamSuccessIndication({ correlation_id: 1 })] })),
    ip().div(s(), SCTPChunkIData({ tsn: 1, stream_id: 2, reserved_16: 0, message_id: 3, beginning: 1, ppid_fsn: 51, data: "i-data" })),
    ip().div(s(), SCTPChunkForwardTSN({ new_tsn: 20, skips: [SCTPForwardSkip({ stream_id: 1, stream_seq: 2 })] })),
    ip().div(s(), SCTPChunkIForwardTSN({ new_tsn: 20, skips: [SCTPIForwardSkip({ stream_id: 1, reserved: 0, unordered: 1, message_id: 5 })] })),
    ip().div(
      s(),
      SCTPChunkReConfig({
        params: [
          SCTPChunkParamOutSSNResetReq({ re_conf_req_seq_num: 1, re_conf_res_seq_num: 0, tsn: 5, stream_num_list: [1, 2] }),
          SCTPChunkParamInSSNResetReq({ re_conf_req_seq_num: 2, stream_num_list: [4, 5] }),
        ],
      }),
    ),
    ip().div(s(), SCTPChunkReConfig({ params: [SCTPChunkParamSSNTSNResetReq({ re_conf_req_seq_num: 3 })] })),
    ip().div(s(), SCTPChunkReConfig({ params: [SCTPChunkParamReConfigRes({ len: 20, re_conf_res_seq_num: 3, result: 1, sender_next_tsn: 9, receiver_next_tsn: 8 })] })),
    ip().div(s(), SCTPChunkReConfig({ params: [SCTPChunkParamAddOutgoingStreamReq({ re_conf_req_seq_num: 4, num_new_stream: 2, reserved: 0 })] })),
    ip().div(s(), SCTPChunkPad({ padding: new Uint8Array(6) }), SCTPChunkData({ tsn: 11, stream_id: 0, stream_seq: 2, proto_id: 0, data: "y" })),
    Ether().div(IPv6({ src: "2001:db8::1", dst: "2001:db8::2" }), s(), SCTPChunkData({ tsn: 1000, stream_id: 0, stream_seq: 0, proto_id: 0, data: "over IPv6" })),
  ];
}

test("tshark reads every chunk packetry builds: the chunk types and lengths, a valid CRC-32C, nothing malformed", { skip: !tsharkAvailable() && "tshark is not installed" }, () => {
  const pkts = everyChunk();
  const views = tsharkRead(pkts, { prefs: ["sctp.checksum:crc-32c"] });
  pkts.forEach((p, i) => {
    const view = views[i]!;
    const where = `frame ${i + 1} (${p.summary()})`;
    assert.deepEqual(view.problems, [], `${where}: tshark's problems`);
    assert.equal(tsharkField(view, "sctp.checksum.status"), "1", `${where}: checksum good`);
    const chunks: Packet[] = [];
    for (let q: Packet | null = p.getLayer(SCTP)!.payload; q !== null && q.spec.name.startsWith("SCTPChunk"); q = q.payload) chunks.push(q);
    const types = chunksOf(view.layers, "sctp.chunk_type");
    const lengths = chunksOf(view.layers, "sctp.chunk_length");
    const built = SCTP(raw(p.getLayer(SCTP)!));
    const rebuiltChunks: Packet[] = [];
    for (let q: Packet | null = built.payload; q !== null && q.spec.name.startsWith("SCTPChunk"); q = q.payload) rebuiltChunks.push(q);
    assert.deepEqual(types, chunks.map((c) => String(v(c, "type"))), `${where}: chunk types`);
    assert.deepEqual(lengths, rebuiltChunks.map((c) => String(v(c, "len"))), `${where}: chunk lengths`);
    assert.deepEqual(rebuiltChunks.map((c) => c.spec.name), chunks.map((c) => c.spec.name), `${where}: dissected again into the same chunks`);
  });
});

/** Every value of a field in tshark's tree, in order. */
function chunksOf(tree: unknown, key: string, out: string[] = []): string[] {
  if (Array.isArray(tree)) for (const x of tree) chunksOf(x, key, out);
  else if (tree !== null && typeof tree === "object") {
    for (const [k, x] of Object.entries(tree as Record<string, unknown>)) {
      if (k === key) for (const y of Array.isArray(x) ? x : [x]) out.push(String(y));
      else chunksOf(x, key, out);
    }
  }
  return out;
}

test("the checksum is CRC-32C stored as Scapy stores it, and a wrong one is seen", () => {
  const p = SCTP({ sport: 1, dport: 2 }).div(SCTPChunkCookieAck());
  const bytes = raw(p);
  assert.ok(sctpChecksumValid(bytes));
  bytes[13] ^= 1;
  assert.ok(!sctpChecksumValid(bytes));
  // RFC 9260's reference: the CRC-32C of "123456789" is 0xe3069283.
  assert.equal(crc32c(new TextEncoder().encode("123456789")), 0xe3069283);
});

test("chunk lengths of 0 and lengths past the end give chunks or Raw, never a hang", () => {
  // 16,000 chunks of 4 bytes each with length 0 (a 64 KB packet).
  const many = new Uint8Array(12 + 4 * 16000);
  for (let i = 0; i < 16000; i++) many[12 + 4 * i] = 11;
  const p = SCTP(many);
  assert.equal(p.layers().length, 16001);
  assert.equal(raw(p).length, many.length);
  // Every chunk type with a zero length, followed by bytes.
  for (const type of [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 14, 15, 64, 128, 130, 132, 192, 193, 194]) {
    const bytes = new Uint8Array(12 + 64).fill(0xaa);
    bytes.fill(0, 0, 12);
    bytes.set([type, 0, 0, 0], 12);
    const q = SCTP(bytes);
    assert.equal(bytesHex(raw(q)), bytesHex(bytes), `type ${type}: the bytes are kept`);
    q.show2({ dump: true });
    // The same with a length far past the end.
    bytes.set([type, 0, 0xff, 0xff], 12);
    assert.equal(bytesHex(raw(SCTP(bytes))), bytesHex(bytes), `type ${type}, length 65535`);
  }
  // A parameter of length 0 inside an INIT.
  const init = raw(SCTP().div(SCTPChunkInit({ params: [SCTPChunkParamHeartbeatInfo({ len: 0, data: "abcd" })] })));
  assert.ok(SCTP(init).getLayer(SCTPChunkInit));
});

test("the layers are bound to IP protocol 132 and IPv6 next header 132, both ways", () => {
  assert.equal(IP().div(SCTP()).copy().build()[9], 132);
  assert.equal(IPv6().div(SCTP()).copy().build()[6], 132);
  assert.equal(IP(raw(IP().div(SCTP(), SCTPChunkData({ data: "a" })))).layers().map((l) => l.name).join(","), "IP,SCTP,SCTPChunkData");
  assert.equal(SCTP({ sport: 1, dport: 2 }).answers(SCTP({ sport: 2, dport: 1 })), true);
});
