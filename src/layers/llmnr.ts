/**
 * Link-Local Multicast Name Resolution (RFC 4795), as Scapy's layers/llmnr: DNS's message layout
 * with LLMNR's flags (c, tc, z), on UDP 5355. Bytes on that port are a query or a response by the
 * QR bit (Scapy's _LLMNR dispatcher); queries go to 224.0.0.252 or ff02::1:3.
 */
import { bindBottomUp, bindTopDown } from "../core/bind.ts";
import { defineLayer } from "../core/define.ts";
import { bitEnum, bits } from "../core/fields/bits.ts";
import { countOf } from "../core/fields/computed.ts";
import { short } from "../core/fields/integers.ts";
import { isLayer, type Packet } from "../core/packet.ts";
import { pyBytesRepr } from "../core/bytes.ts";
import type { LayerRef } from "../core/state.ts";
import { dnsQuestions, dnsRecords } from "./dns.ts";
import { registerDnsMessage } from "./dnsName.ts";
import { UDP } from "./inet.ts";

export const LLMNR_IPV4_GROUP = "224.0.0.252";
export const LLMNR_IPV6_GROUP = "ff02::1:3";

const llmnrFields = [
  short("id", 0),
  bits("qr", 0, 1),
  bitEnum("opcode", 0, 4, { 0: "QUERY" }),
  bits("c", 0, 1),
  bits("tc", 0, 2),
  bits("z", 0, 4),
  bitEnum("rcode", 0, 4, { 0: "ok" }),
  short("qdcount", null).compute(countOf("qd")),
  short("ancount", null).compute(countOf("an")),
  short("nscount", null).compute(countOf("ns")),
  short("arcount", null).compute(countOf("ar")),
  // Scapy's sections start empty here (DNS's question section holds one question).
  dnsQuestions("qdcount", () => []),
  dnsRecords("an", "ancount"),
  dnsRecords("ns", "nscount"),
  dnsRecords("ar", "arcount"),
] as const;

/** Text of a name or an rdata as Scapy's %s prints it (a name decoded, other bytes as b'..'). */
const text = (v: unknown, decode: boolean): string =>
  v instanceof Uint8Array ? (decode ? new TextDecoder().decode(v) : pyBytesRepr(v)) : Array.isArray(v) ? `[${v.map((x) => text(x, false)).join(", ")}]` : String(v);

function llmnrSummary(p: Packet & { qd: Packet[]; an: Packet[] }) {
  const an = p.an[0] as (Packet & { rrname?: unknown; rdata?: unknown }) | undefined;
  if (an) return { text: `LLMNRResponse '${text(an.rrname, true)}' is at '${text(an.rdata, false)}'`, show: [UDP] };
  const qd = p.qd[0] as (Packet & { qname?: unknown }) | undefined;
  if (qd) return { text: `LLMNRQuery who has '${text(qd.qname, true)}'`, show: [UDP] };
  return null;
}

const isResponse = (buf: Uint8Array, start: number, end: number) => end - start >= 3 && (buf[start + 2]! & 0x80) !== 0;

export const LLMNRQuery = defineLayer("LLMNRQuery", llmnrFields, {
  displayName: "Link Local Multicast Node Resolution - Query",
  summary: llmnrSummary,
  hashret: (p) => Uint8Array.of(p.id >> 8, p.id & 0xff),
  // Scapy's _LLMNR: the QR bit picks the class (here also when LLMNRQuery is given a response's bytes).
  dispatch: (buf, start, end): LayerRef | undefined => (isResponse(buf, start, end) ? LLMNRResponse : undefined),
});

export const LLMNRResponse = defineLayer(
  "LLMNRResponse",
  [
    short("id", 0),
    bits("qr", 1, 1),
    ...llmnrFields.slice(2),
  ] as const,
  {
    parent: LLMNRQuery,
    displayName: "Link Local Multicast Node Resolution - Response",
    dispatch: () => undefined,
    answers: (reply, request) => isLayer(request, LLMNRQuery) && reply.id === request.id && reply.qr === 1 && request.qr === 0,
  },
);

bindBottomUp(UDP, LLMNRQuery, { dport: 5355 });
bindBottomUp(UDP, LLMNRQuery, { sport: 5355 });
// Scapy's overload_fields: both ports for either class.
bindTopDown(UDP, LLMNRQuery, { sport: 5355, dport: 5355 });
bindTopDown(UDP, LLMNRResponse, { sport: 5355, dport: 5355 });

// Compression pointers in the records point into the message.
for (const cls of [LLMNRQuery, LLMNRResponse]) registerDnsMessage(cls, (p) => ({ start: p._s.start, end: p._s.end }));
