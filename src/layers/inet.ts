/**
 * IPv4 and what it carries: IP, ICMP, UDP, TCP, and the copies of them quoted inside ICMP errors
 * (IPerror, ICMPerror, UDPerror, TCPerror). Lengths, header lengths and checksums left null are
 * computed at build; matching (hashret/answers) follows Scapy and honours conf.checkIPaddr.
 */
import { parseIPv4 } from "../core/addr.ts";
import { bindBottomUp, bindLayers } from "../core/bind.ts";
import { conf } from "../core/conf.ts";
import { defineLayer, type LayerInstance } from "../core/define.ts";
import { DestIPField, ipv4, sourceIPv4 } from "../core/fields/address.ts";
import { bits, flags } from "../core/fields/bits.ts";
import { headerLength, internetChecksum, layerLength } from "../core/fields/computed.ts";
import { byte, byteEnum, int, short, shortEnum, xbyte, xshort } from "../core/fields/integers.ts";
import { strFixedLen } from "../core/fields/strings.ts";
import { multipleType } from "../core/fields/wrapped.ts";
import { hashWithPayload, isLayer, payloadAnswers, type HashPart, type Packet } from "../core/packet.ts";
import type { LayerRef, LayerSpec } from "../core/state.ts";
import { ICMP_TYPES } from "./data/icmp.ts";
import { IP_PROTOS } from "./data/ipProtocols.ts";
import { TCP_SERVICES } from "./data/tcpServices.ts";
import { UDP_SERVICES } from "./data/udpServices.ts";
import { ICMPCodeField, ICMPTimeStampField, ipv4Destinations } from "./inetFields.ts";
import { IPOption_LSRR, IPOption_SSRR, IPOptionsField } from "./ipOptions.ts";
import { CookedLinux, Ether, Loopback, SNAP } from "./l2.ts";
import { DLT, registerLinkType } from "./linktypes.ts";
import { pseudoHeaderChecksum, registerPseudoHeader } from "./pseudoHeader.ts";
import { tcpOptions } from "./tcpOptions.ts";

export { isLayer } from "../core/packet.ts";
export { bindIPv4Destination, ICMPCodeField, ICMPTimeStampField, ipv4Destinations } from "./inetFields.ts";

/** isLayer by class name, for layers this file does not import (IPv6). */
function isLayerNamed(p: Packet | null, name: string): boolean {
  for (let s: LayerSpec | null = p ? p.spec : null; s !== null; s = s.parent) if (s.name === name) return true;
  return false;
}

const u16le = (n: number) => Uint8Array.of(n & 0xff, (n >> 8) & 0xff);
const EMPTY = new Uint8Array(0);
/** The key of what follows p, without p's own part. */
const onlyPayload = (p: Packet) => ({ own: EMPTY, then: p.payload });

// ---------------------------------------------------------------- IP

const ICMP_ERROR_TYPES = new Set([3, 4, 5, 11, 12]);

/** The ICMP layer of an error message carried by this IP, if it is one. */
function icmpError(p: IPPacket): ICMPPacket | null {
  if (p.proto !== 1) return null;
  const pl = p.payload;
  return isLayer(pl, ICMP) && ICMP_ERROR_TYPES.has(pl.type) ? pl : null;
}

const ipFields = [
  bits("version", 4, 4),
  bits("ihl", null, 4).compute(headerLength(4)),
  xbyte("tos", 0),
  short("len", null).compute(layerLength()),
  short("id", 1),
  flags("flags", 0, 3, ["MF", "DF", "evil"]),
  bits("frag", 0, 13),
  byte("ttl", 64),
  byteEnum("proto", 0, IP_PROTOS),
  xshort("chksum", null).compute(internetChecksum("header")),
  sourceIPv4("src", "dst"),
  new DestIPField("dst", "127.0.0.1", ipv4Destinations),
  new IPOptionsField("options"),
] as const;

export type IPPacket = LayerInstance<typeof ipFields>;

export const IP = defineLayer("IP", ipFields, {
  lengthFrom: { options: (p) => (p.ihl ?? 5) * 4 - 20 },
  // What follows the total length is padding; a length shorter than the header keeps everything.
  extractPadding: (p) => {
    // Cut before the length: Scapy fails here, which makes a payload layer Raw.
    if (p.len === null) {
      if (p.underlayer !== null) throw new RangeError("IP header cut before its total length");
      return null;
    }
    const n = p.len - ((p.ihl ?? 5) << 2);
    return n < 0 ? null : n;
  },
  summary: (p) => {
    const s = p.sprintf("%IP.src% > %IP.dst% %IP.proto%");
    return p.frag ? `${s} frag:${p.frag}` : s;
  },
  hashret: (p): HashPart => {
    const err = icmpError(p);
    if (err !== null) return onlyPayload(err);
    if (!conf.checkIPinIP && (p.proto === 4 || p.proto === 41)) return onlyPayload(p);
    if (p.dst === "224.0.0.251" || !(conf.checkIPsrc && conf.checkIPaddr)) return hashWithPayload(p, Uint8Array.of(p.proto));
    const x = (parseIPv4(p.src) ^ parseIPv4(p.dst)) >>> 0;
    return hashWithPayload(p, Uint8Array.of(x >>> 24, (x >>> 16) & 0xff, (x >>> 8) & 0xff, x & 0xff, p.proto));
  },
  answers: ipAnswers,
});

function ipAnswers(reply: IPPacket, request: Packet): boolean {
  if (!conf.checkIPinIP) {
    if (reply.proto === 4 || reply.proto === 41) return reply.payload?.answers(request) ?? false;
    const q = request.payload;
    if (q !== null && isLayer(request, IP) && (request.proto === 4 || request.proto === 41)) return reply.answers(q);
    if (q !== null && isLayerNamed(request, "IPv6") && [4, 41].includes(Number(request.getFieldValue("nh")))) return reply.answers(q);
  }
  if (!isLayer(request, IP)) return false;
  if (conf.checkIPaddr) {
    if (request.dst === "224.0.0.251" && reply.dst === "224.0.0.251") return payloadAnswers(reply, request);
    if (reply.dst !== request.src) return false;
  }
  const err = icmpError(reply);
  if (err !== null) return err.payload?.answers(request) ?? false;
  if ((conf.checkIPaddr && reply.src !== request.dst) || reply.proto !== request.proto) return false;
  return payloadAnswers(reply, request);
}

/** IPv4 pseudo-header (RFC 793): source, destination (the last hop of a single source route), protocol, length. */
registerPseudoHeader(IP, (ip, proto, length) => {
  if (ip.len !== null) {
    let ihl = ip.ihl;
    if (ihl === null) {
      let olen = 0;
      for (const o of ip.options) olen += o.build().length;
      ihl = 5 + Math.ceil(olen / 4);
    }
    length = Math.max(ip.len - 4 * ihl, 0);
  }
  let dst = ip.dst;
  let routes = 0;
  let routers: readonly string[] = [];
  for (const o of ip.options) {
    if (isLayer(o, IPOption_LSRR) || isLayer(o, IPOption_SSRR)) {
      routes++;
      routers = o.routers;
    }
  }
  if (routes === 1 && routers.length > 0) dst = routers[routers.length - 1]!;
  const s = Math.max(parseIPv4(ip.src), 0);
  const d = Math.max(parseIPv4(dst), 0);
  return (s >>> 16) + (s & 0xffff) + (d >>> 16) + (d & 0xffff) + proto + length;
});

// ---------------------------------------------------------------- ICMP

const ID_SEQ_TYPES = new Set([0, 8, 13, 14, 15, 16, 17, 18, 37, 38]);
/** Types whose 4 bytes after the checksum are something else than an int "unused". */
const NOT_INT_UNUSED = new Set([0, 3, 5, 8, 11, 12, 13, 14, 15, 16, 17, 18]);
const ANSWER_PAIRS = new Set(["8,0", "13,14", "15,16", "17,18", "33,34", "35,36", "37,38"]);

const typeIn =
  (...types: number[]) =>
  (p: { type: number }) =>
    types.includes(p.type);
const idSeq = (p: { type: number }) => ID_SEQ_TYPES.has(p.type);

const icmpFields = [
  byteEnum("type", 8, ICMP_TYPES),
  new ICMPCodeField("code"),
  xshort("chksum", null).compute(internetChecksum("layer")),
  xshort("id", 0),
  xshort("seq", 0),
  new ICMPTimeStampField("ts_ori"),
  new ICMPTimeStampField("ts_rx"),
  new ICMPTimeStampField("ts_tx"),
  ipv4("gw", "0.0.0.0"),
  byte("ptr", 0),
  byte("reserved", 0),
  byte("length", 0),
  ipv4("addr_mask", "0.0.0.0"),
  short("nexthopmtu", 0),
  multipleType("unused", { short: short("unused", 0), int: int("unused", 0), bytes: strFixedLen("unused", "", 0) }, "bytes"),
] as const;

/** ICMP's fields present for each type (Scapy's conditions), and the size of what it calls unused. */
const icmpRules = {
  when: {
    id: idSeq,
    seq: idSeq,
    ts_ori: typeIn(13, 14),
    ts_rx: typeIn(13, 14),
    ts_tx: typeIn(13, 14),
    gw: typeIn(5),
    ptr: typeIn(12),
    reserved: typeIn(3, 11),
    length: typeIn(3, 11, 12),
    addr_mask: typeIn(17, 18),
    nexthopmtu: typeIn(3),
  },
  choose: { unused: (p: { type: number }) => (p.type === 11 || p.type === 12 ? "short" : NOT_INT_UNUSED.has(p.type) ? "bytes" : "int") },
} as const;

export type ICMPPacket = LayerInstance<typeof icmpFields>;

export const ICMP = defineLayer("ICMP", icmpFields, {
  ...icmpRules,
  // Errors quote the offending datagram; anything else carried is Raw.
  guessPayload: (p): LayerRef | null => (ICMP_ERROR_TYPES.has(p.type) ? IPerror : null),
  summary: (p): string => {
    const under = p.underlayer;
    if (isLayer(under, IP)) return under.sprintf("ICMP %IP.src% > %IP.dst% %ICMP.type% %ICMP.code%");
    return p.sprintf("ICMP %ICMP.type% %ICMP.code%");
  },
  hashret: (p) => (ID_SEQ_TYPES.has(p.type) ? hashWithPayload(p, Uint8Array.of(...u16le(p.id), ...u16le(p.seq))) : onlyPayload(p)),
  answers: (reply, request): boolean => isLayer(request, ICMP) && ANSWER_PAIRS.has(`${request.type},${reply.type}`) && reply.id === request.id && reply.seq === request.seq,
});

// ---------------------------------------------------------------- UDP

/** Summary of a transport layer under IP or IPv6 ("UDP 10.0.0.1:domain > 10.0.0.2:1234"). */
function transportSummary(p: Packet, name: "UDP" | "TCP", tail: string): string {
  const under = p.underlayer;
  if (isLayer(under, IP)) return under.sprintf(`${name} %IP.src%:%${name}.sport% > %IP.dst%:%${name}.dport%${tail}`);
  if (isLayerNamed(under, "IPv6")) return under!.sprintf(`${name} %IPv6.src%:%${name}.sport% > %IPv6.dst%:%${name}.dport%${tail}`);
  return p.sprintf(`${name} %${name}.sport% > %${name}.dport%${tail}`);
}

const udpFields = [
  shortEnum("sport", 53, UDP_SERVICES),
  shortEnum("dport", 53, UDP_SERVICES),
  short("len", null).compute(layerLength()),
  // RFC 768: a computed 0 is sent as all ones (0 means "no checksum").
  xshort("chksum", null).compute(pseudoHeaderChecksum(17, { zeroAs: 0xffff })),
] as const;

export const UDP = defineLayer("UDP", udpFields, {
  extractPadding: (p) => {
    if (p.len === null) {
      if (p.underlayer !== null) throw new RangeError("UDP header cut before its length");
      return null;
    }
    return p.len - 8;
  },
  summary: (p) => transportSummary(p, "UDP", ""),
  answers: (reply, request): boolean => isLayer(request, UDP) && (!conf.checkIPsrc || reply.dport === request.sport) && payloadAnswers(reply, request),
});

// ---------------------------------------------------------------- TCP

const SYN = 0x02;
const RST = 0x04;
const ACK = 0x10;

const tcpFields = [
  shortEnum("sport", 20, TCP_SERVICES),
  shortEnum("dport", 80, TCP_SERVICES),
  int("seq", 0),
  int("ack", 0),
  bits("dataofs", null, 4).compute(headerLength(4)),
  bits("reserved", 0, 3),
  flags("flags", 0x2, 9, "FSRPAUECN"),
  short("window", 8192),
  xshort("chksum", null).compute(pseudoHeaderChecksum(6)),
  short("urgptr", 0),
  tcpOptions("options"),
] as const;

export const TCP = defineLayer("TCP", tcpFields, {
  lengthFrom: { options: (p) => (p.dataofs ?? 5) * 4 - 20 },
  summary: (p) => transportSummary(p, "TCP", " %TCP.flags%"),
  hashret: (p) => (conf.checkIPsrc ? hashWithPayload(p, u16le(p.sport ^ p.dport)) : onlyPayload(p)),
  answers: tcpAnswers,
});

function tcpAnswers(reply: LayerInstance<typeof tcpFields>, request: Packet): boolean {
  if (!isLayer(request, TCP)) return false;
  const rf = reply.flags.value;
  const qf = request.flags.value;
  // A reset gets no answer; a SYN answers nothing; a SYN-ACK answers only a SYN.
  if (qf & RST) return false;
  if (rf & SYN && (!(rf & ACK) || !(qf & SYN))) return false;
  if (conf.checkIPsrc && (reply.sport !== request.dport || reply.dport !== request.sport)) return false;
  const pureSyn = (qf & SYN) !== 0 && (qf & ACK) === 0;
  if (!pureSyn && Math.abs(request.ack - reply.seq) > 2) return false;
  if (rf & RST && !(rf & ACK)) return true;
  const sent = request.payload?.build().length ?? 0;
  return Math.abs(request.seq - reply.ack) <= 2 + sent;
}

// ---------------------------------------------------------------- quoted in ICMP errors

/** The datagram an ICMP error quotes: it answers the request it was cut from. */
export const IPerror = defineLayer("IPerror", ipFields, {
  parent: IP,
  displayName: "IP in ICMP",
  summary: () => null,
  answers: (quoted, request): boolean => {
    if (!isLayer(request, IP)) return false;
    const sameSrc = !conf.checkIPsrc || quoted.src === request.src;
    // The id may come back byte-swapped (some stacks); only checked with conf.checkIPID.
    const sameId = !conf.checkIPID || quoted.id === request.id || quoted.id === (((request.id & 0xff) << 8) | (request.id >> 8));
    if (!(sameSrc && quoted.dst === request.dst && sameId && quoted.proto === request.proto)) return false;
    return payloadAnswers(quoted, request);
  },
});

export const TCPerror = defineLayer("TCPerror", tcpFields, {
  parent: TCP,
  displayName: "TCP in ICMP",
  summary: () => null,
  answers: (quoted, request): boolean => {
    if (!isLayer(request, TCP)) return false;
    if (conf.checkIPsrc && (quoted.sport !== request.sport || quoted.dport !== request.dport)) return false;
    return !(conf.checkTCPerrorSeqack === true && (quoted.seq !== request.seq || quoted.ack !== request.ack));
  },
});

export const UDPerror = defineLayer("UDPerror", udpFields, {
  parent: UDP,
  displayName: "UDP in ICMP",
  summary: () => null,
  answers: (quoted, request): boolean => isLayer(request, UDP) && (!conf.checkIPsrc || (quoted.sport === request.sport && quoted.dport === request.dport)),
});

export const ICMPerror = defineLayer("ICMPerror", icmpFields, {
  parent: ICMP,
  displayName: "ICMP in ICMP",
  summary: () => null,
  answers: (quoted, request): boolean => {
    if (!isLayer(request, ICMP) || quoted.type !== request.type || quoted.code !== request.code) return false;
    // Scapy tests the code here (not the type) before comparing id and seq.
    return [0, 8, 13, 14, 17, 18].includes(quoted.code) ? quoted.id === request.id && quoted.seq === request.seq : true;
  },
});

// ---------------------------------------------------------------- bindings

bindLayers(Ether, IP, { type: 0x800 });
bindLayers(CookedLinux, IP, { proto: 0x800 });
bindLayers(SNAP, IP, { code: 0x800 });
bindBottomUp(Loopback, IP, { type: 0 });
bindLayers(Loopback, IP, { type: 2 });
bindLayers(IPerror, IPerror, { frag: 0, proto: 4 });
bindLayers(IPerror, ICMPerror, { frag: 0, proto: 1 });
bindLayers(IPerror, TCPerror, { frag: 0, proto: 6 });
bindLayers(IPerror, UDPerror, { frag: 0, proto: 17 });
bindLayers(IP, IP, { frag: 0, proto: 4 });
bindLayers(IP, ICMP, { frag: 0, proto: 1 });
bindLayers(IP, TCP, { frag: 0, proto: 6 });
bindLayers(IP, UDP, { frag: 0, proto: 17 });

// Captures of bare IPv4: Scapy writes them as LINKTYPE_IPV4 (registered first, so used for writing).
registerLinkType(DLT.IPV4, IP);
registerLinkType(DLT.RAW, IP);
registerLinkType(DLT.RAW_BSD12, IP);
registerLinkType(DLT.RAW_BSD14, IP);
