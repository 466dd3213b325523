/**
 * IPv4 and what it carries: IP, ICMP, UDP, TCP, and the copies of them quoted inside ICMP errors
 * (IPerror, ICMPerror, UDPerror, TCPerror). Lengths, header lengths and checksums left null are
 * computed at build; matching (hashret/answers) follows Scapy and honours conf.checkIPaddr.
 */
import { bindBottomUp, bindLayers } from "../core/bind.ts";
import { internetChecksum } from "../core/checksum.ts";
import { conf } from "../core/conf.ts";
import { defineLayer } from "../core/define.ts";
import { sourceIPv4, ipv4 } from "../core/fields/address.ts";
import { bits, flags } from "../core/fields/bits.ts";
import { byte, byteEnum, int, short, shortEnum, xbyte, xshort } from "../core/fields/integers.ts";
import { strFixedLen } from "../core/fields/strings.ts";
import { conditional, multipleType } from "../core/fields/wrapped.ts";
import type { FlagValue } from "../core/flags.ts";
import { payloadAnswers, type Packet } from "../core/packet.ts";
import type { LayerSpec } from "../core/spec.ts";
import { parseIPv4 } from "../core/addr.ts";
import { ICMP_TYPES } from "./data/icmp.ts";
import { IP_PROTOS } from "./data/ipProtocols.ts";
import { TCP_SERVICES } from "./data/tcpServices.ts";
import { UDP_SERVICES } from "./data/udpServices.ts";
import { DestIPField } from "../core/fields/address.ts";
import { ICMPCodeField, ICMPTimeStampField, ipv4Destinations } from "./inetFields.ts";
import { IPOption_LSRR, IPOption_SSRR, IPOptionsField } from "./ipOptions.ts";
import { CookedLinux, Ether, hashWithPayload, Loopback, SNAP } from "./l2.ts";
import { DLT, registerLinkType } from "./linktypes.ts";
import { l4Checksum, registerPseudoHeader } from "./pseudoHeader.ts";
import { tcpOptions } from "./tcpOptions.ts";

/** Is p an instance of layer or of a class derived from it (Scapy's isinstance)? */
export function isLayer(p: Packet | null, layer: { readonly spec: LayerSpec }): boolean {
  for (let s: LayerSpec | null = p ? p.spec : null; s !== null; s = s.parent) if (s === layer.spec) return true;
  return false;
}

/** isLayer by class name, for layers this file does not import (IPv6). */
function isLayerNamed(p: Packet | null, name: string): boolean {
  for (let s: LayerSpec | null = p ? p.spec : null; s !== null; s = s.parent) if (s.name === name) return true;
  return false;
}

export { bindIPv4Destination, ICMPCodeField, ICMPTimeStampField, ipv4Destinations } from "./inetFields.ts";

const u16le = (n: number) => Uint8Array.of(n & 0xff, (n >> 8) & 0xff);
const byteOf = (n: number) => Uint8Array.of(n & 0xff);
const hashOfPayload = (p: Packet) => p.payload?.hashret() ?? new Uint8Array(0);

// ---------------------------------------------------------------- IP

/** Field values the IP hooks read (typed accessors: fixed offsets, no map lookups). */
interface IPView {
  ihl: number | null;
  len: number | null;
  id: number;
  frag: number;
  proto: number;
  chksum: number | null;
  src: string;
  dst: string;
  options: Packet[];
}
const ip = (p: Packet) => p as unknown as IPView;

const ICMP_ERROR_TYPES = new Set([3, 4, 5, 11, 12]);

/** The ICMP layer of an error message carried by this IP, if it is one. */
function icmpError(p: Packet): Packet | null {
  if (ip(p).proto !== 1) return null;
  const pl = p.payload;
  return pl !== null && isLayer(pl, ICMP) && ICMP_ERROR_TYPES.has(icmp(pl).type) ? pl : null;
}

const ipFields = [
  bits("version", 4, 4),
  bits("ihl", null, 4),
  xbyte("tos", 0),
  short("len", null),
  short("id", 1),
  flags("flags", 0, 3, ["MF", "DF", "evil"]),
  bits("frag", 0, 13),
  byte("ttl", 64),
  byteEnum("proto", 0, IP_PROTOS),
  xshort("chksum", null),
  sourceIPv4("src", "dst"),
  new DestIPField("dst", "127.0.0.1", ipv4Destinations),
  new IPOptionsField("options", { lengthFrom: (p) => (ip(p).ihl ?? 5) * 4 - 20 }),
] as const;

export const IP = defineLayer("IP", ipFields, {
  extractPadding(p) {
    const v = ip(p);
    const len = v.len;
    // Cut before the length: Scapy fails here, which makes a payload layer Raw.
    if (len === null) {
      if (p.underlayer !== null) throw new RangeError("IP header cut before its total length");
      return null;
    }
    const n = len - (v.ihl! << 2);
    return n < 0 ? null : n;
  },
  postBuild(p, w, start, headerEnd) {
    const v = ip(p);
    const buf = w.buf;
    if (v.ihl === null) buf[start] = (buf[start]! & 0xf0) | (((headerEnd - start) >> 2) & 0x0f);
    if (v.len === null) {
      const total = w.pos - start;
      if (total > 0xffff) throw new RangeError(`IP.len: ${total} bytes do not fit in 16 bits (use fragment())`);
      buf[start + 2] = total >> 8;
      buf[start + 3] = total & 0xff;
    }
    if (v.chksum === null) {
      const ck = internetChecksum(buf, start, headerEnd);
      buf[start + 10] = ck >> 8;
      buf[start + 11] = ck & 0xff;
    }
  },
  summary(p) {
    const s = p.sprintf("%IP.src% > %IP.dst% %IP.proto%");
    const frag = ip(p).frag;
    return frag ? `${s} frag:${frag}` : s;
  },
  hashret(p) {
    const err = icmpError(p);
    if (err !== null) return hashOfPayload(err);
    const v = ip(p);
    if (!conf.checkIPinIP && (v.proto === 4 || v.proto === 41)) return hashOfPayload(p);
    if (v.dst === "224.0.0.251" || !(conf.checkIPsrc && conf.checkIPaddr)) return hashWithPayload(p, byteOf(v.proto));
    const x = (parseIPv4(v.src) ^ parseIPv4(v.dst)) >>> 0;
    return hashWithPayload(p, Uint8Array.of(x >>> 24, (x >>> 16) & 0xff, (x >>> 8) & 0xff, x & 0xff, v.proto));
  },
  answers: ipAnswers,
});

function ipAnswers(reply: Packet, request: Packet): boolean {
  const r = ip(reply);
  if (!conf.checkIPinIP) {
    if (r.proto === 4 || r.proto === 41) return reply.payload?.answers(request) ?? false;
    const q = request.payload;
    if (q !== null && isLayer(request, IP) && (ip(request).proto === 4 || ip(request).proto === 41)) return reply.answers(q);
    if (q !== null && isLayerNamed(request, "IPv6") && [4, 41].includes(request.getFieldValue("nh") as number)) return reply.answers(q);
  }
  if (!isLayer(request, IP)) return false;
  const q = ip(request);
  if (conf.checkIPaddr) {
    if (q.dst === "224.0.0.251" && r.dst === "224.0.0.251") return payloadAnswers(reply, request);
    if (r.dst !== q.src) return false;
  }
  const err = icmpError(reply);
  if (err !== null) return err.payload?.answers(request) ?? false;
  if ((conf.checkIPaddr && r.src !== q.dst) || r.proto !== q.proto) return false;
  return payloadAnswers(reply, request);
}

/** IPv4 pseudo-header (RFC 793): source, destination (the last hop of a single source route), protocol, length. */
function ipv4PseudoHeaderSum(under: Packet, proto: number, length: number): number {
  const v = ip(under);
  if (v.len !== null) {
    let ihl = v.ihl;
    if (ihl === null) {
      let olen = 0;
      for (const o of v.options) olen += o.build().length;
      ihl = 5 + Math.ceil(olen / 4);
    }
    length = Math.max(v.len - 4 * ihl, 0);
  }
  let dst = v.dst;
  const options = v.options;
  if (options.length > 0) {
    const routes = options.filter((o) => isLayer(o, IPOption_LSRR) || isLayer(o, IPOption_SSRR));
    const routers = routes.length === 1 ? (routes[0]!.getFieldValue("routers") as string[]) : [];
    if (routers.length > 0) dst = routers[routers.length - 1]!;
  }
  const s = Math.max(parseIPv4(v.src), 0);
  const d = Math.max(parseIPv4(dst), 0);
  return (s >>> 16) + (s & 0xffff) + (d >>> 16) + (d & 0xffff) + proto + length;
}
registerPseudoHeader(IP, ipv4PseudoHeaderSum);

// ---------------------------------------------------------------- ICMP

interface ICMPView {
  type: number;
  code: number;
  chksum: number | null;
  id: number;
  seq: number;
}
const icmp = (p: Packet) => p as unknown as ICMPView;

const ID_SEQ_TYPES = new Set([0, 8, 13, 14, 15, 16, 17, 18, 37, 38]);
/** Types whose 4 bytes after the checksum are something else than an int "unused". */
const NOT_INT_UNUSED = new Set([0, 3, 5, 8, 11, 12, 13, 14, 15, 16, 17, 18]);
const typeIn = (...types: number[]) => (p: Packet) => types.includes(icmp(p).type);
const ANSWER_PAIRS = new Set(["8,0", "13,14", "15,16", "17,18", "33,34", "35,36", "37,38"]);

const icmpFields = [
  byteEnum("type", 8, ICMP_TYPES),
  new ICMPCodeField("code"),
  xshort("chksum", null),
  conditional(xshort("id", 0), (p) => ID_SEQ_TYPES.has(icmp(p).type)),
  conditional(xshort("seq", 0), (p) => ID_SEQ_TYPES.has(icmp(p).type)),
  conditional(new ICMPTimeStampField("ts_ori"), typeIn(13, 14)),
  conditional(new ICMPTimeStampField("ts_rx"), typeIn(13, 14)),
  conditional(new ICMPTimeStampField("ts_tx"), typeIn(13, 14)),
  conditional(ipv4("gw", "0.0.0.0"), typeIn(5)),
  conditional(byte("ptr", 0), typeIn(12)),
  conditional(byte("reserved", 0), typeIn(3, 11)),
  conditional(byte("length", 0), typeIn(3, 11, 12)),
  conditional(ipv4("addr_mask", "0.0.0.0"), typeIn(17, 18)),
  conditional(short("nexthopmtu", 0), typeIn(3)),
  multipleType<"unused", number | Uint8Array | string, number | Uint8Array>(
    [
      [short("unused", 0), (p) => p !== null && [11, 12].includes(icmp(p).type)],
      [int("unused", 0), (p) => p !== null && !NOT_INT_UNUSED.has(icmp(p).type)],
    ],
    strFixedLen("unused", "", 0) as never,
  ),
] as const;

export const ICMP = defineLayer("ICMP", icmpFields, {
  postBuild(p, w, start) {
    if (icmp(p).chksum === null) {
      const ck = internetChecksum(w.buf, start, w.pos);
      w.buf[start + 2] = ck >> 8;
      w.buf[start + 3] = ck & 0xff;
    }
  },
  // Errors quote the offending datagram; anything else carried is Raw.
  guessPayload: (p) => (ICMP_ERROR_TYPES.has(icmp(p).type) ? IPerror : null),
  summary(p) {
    const under = p.underlayer;
    if (isLayer(under, IP)) return under!.sprintf("ICMP %IP.src% > %IP.dst% %ICMP.type% %ICMP.code%");
    return p.sprintf("ICMP %ICMP.type% %ICMP.code%");
  },
  hashret(p) {
    const v = icmp(p);
    if (!ID_SEQ_TYPES.has(v.type)) return hashOfPayload(p);
    const own = new Uint8Array(4);
    own.set(u16le(v.id), 0);
    own.set(u16le(v.seq), 2);
    return hashWithPayload(p, own);
  },
  answers(reply, request) {
    if (!isLayer(request, ICMP)) return false;
    const r = icmp(reply);
    const q = icmp(request);
    return ANSWER_PAIRS.has(`${q.type},${r.type}`) && r.id === q.id && r.seq === q.seq;
  },
});

// ---------------------------------------------------------------- UDP

interface UDPView {
  sport: number;
  dport: number;
  len: number | null;
  chksum: number | null;
}
const udp = (p: Packet) => p as unknown as UDPView;

/** Summary of a transport layer under IP or IPv6 ("UDP 10.0.0.1:domain > 10.0.0.2:1234"). */
function transportSummary(p: Packet, name: "UDP" | "TCP", tail: string): string {
  const under = p.underlayer;
  if (isLayer(under, IP)) return under!.sprintf(`${name} %IP.src%:%${name}.sport% > %IP.dst%:%${name}.dport%${tail}`);
  if (isLayerNamed(under, "IPv6")) {
    return under!.sprintf(`${name} %IPv6.src%:%${name}.sport% > %IPv6.dst%:%${name}.dport%${tail}`);
  }
  return p.sprintf(`${name} %${name}.sport% > %${name}.dport%${tail}`);
}

const udpFields = [shortEnum("sport", 53, UDP_SERVICES), shortEnum("dport", 53, UDP_SERVICES), short("len", null), xshort("chksum", null)] as const;

export const UDP = defineLayer("UDP", udpFields, {
  extractPadding(p) {
    const len = udp(p).len;
    if (len === null) {
      if (p.underlayer !== null) throw new RangeError("UDP header cut before its length");
      return null;
    }
    return len - 8;
  },
  postBuild(p, w, start) {
    const v = udp(p);
    const buf = w.buf;
    if (v.len === null) {
      const total = w.pos - start;
      if (total > 0xffff) throw new RangeError(`UDP.len: ${total} bytes do not fit in 16 bits`);
      buf[start + 4] = total >> 8;
      buf[start + 5] = total & 0xff;
    }
    if (v.chksum === null) {
      let ck = l4Checksum(p, 17, w, start);
      if (ck === null) return;
      // RFC 768: a computed 0 is sent as all ones (0 means "no checksum").
      if (ck === 0) ck = 0xffff;
      buf[start + 6] = ck >> 8;
      buf[start + 7] = ck & 0xff;
    }
  },
  summary: (p) => transportSummary(p, "UDP", ""),
  answers(reply, request) {
    if (!isLayer(request, UDP)) return false;
    if (conf.checkIPsrc && udp(reply).dport !== udp(request).sport) return false;
    return payloadAnswers(reply, request);
  },
});

// ---------------------------------------------------------------- TCP

interface TCPView {
  sport: number;
  dport: number;
  seq: number;
  ack: number;
  dataofs: number | null;
  flags: FlagValue;
  chksum: number | null;
}
const tcp = (p: Packet) => p as unknown as TCPView;
const SYN = 0x02;
const RST = 0x04;
const ACK = 0x10;

const tcpFields = [
  shortEnum("sport", 20, TCP_SERVICES),
  shortEnum("dport", 80, TCP_SERVICES),
  int("seq", 0),
  int("ack", 0),
  bits("dataofs", null, 4),
  bits("reserved", 0, 3),
  flags("flags", 0x2, 9, "FSRPAUECN"),
  short("window", 8192),
  xshort("chksum", null),
  short("urgptr", 0),
  tcpOptions("options"),
] as const;

export const TCP = defineLayer(
  "TCP",
  tcpFields,
  {
    postBuild(p, w, start, headerEnd) {
      const v = tcp(p);
      const buf = w.buf;
      if (v.dataofs === null) buf[start + 12] = ((((headerEnd - start) >> 2) << 4) | (buf[start + 12]! & 0x0f)) & 0xff;
      if (v.chksum === null) {
        const ck = l4Checksum(p, 6, w, start);
        if (ck === null) return;
        buf[start + 16] = ck >> 8;
        buf[start + 17] = ck & 0xff;
      }
    },
    summary: (p) => transportSummary(p, "TCP", " %TCP.flags%"),
    hashret(p) {
      if (!conf.checkIPsrc) return hashOfPayload(p);
      const v = tcp(p);
      return hashWithPayload(p, u16le(v.sport ^ v.dport));
    },
    answers: tcpAnswers,
  },
);

function tcpAnswers(reply: Packet, request: Packet): boolean {
  if (!isLayer(request, TCP)) return false;
  const r = tcp(reply);
  const q = tcp(request);
  const rf = r.flags.value;
  const qf = q.flags.value;
  // A reset gets no answer; a SYN answers nothing; a SYN-ACK answers only a SYN.
  if (qf & RST) return false;
  if (rf & SYN && (!(rf & ACK) || !(qf & SYN))) return false;
  if (conf.checkIPsrc && (r.sport !== q.dport || r.dport !== q.sport)) return false;
  const pureSyn = (qf & SYN) !== 0 && (qf & ACK) === 0;
  if (!pureSyn && Math.abs(q.ack - r.seq) > 2) return false;
  if (rf & RST && !(rf & ACK)) return true;
  const sent = request.payload?.build().length ?? 0;
  return Math.abs(q.seq - r.ack) <= 2 + sent;
}

// ---------------------------------------------------------------- quoted in ICMP errors

/** The datagram an ICMP error quotes: it answers the request it was cut from. */
export const IPerror = defineLayer("IPerror", ipFields, {
  parent: IP,
  displayName: "IP in ICMP",
  summary: () => null,
  answers(quoted, request) {
    if (!isLayer(request, IP)) return false;
    const e = ip(quoted);
    const q = ip(request);
    const sameSrc = !conf.checkIPsrc || e.src === q.src;
    // The id may come back byte-swapped (some stacks); only checked with conf.checkIPID.
    const sameId = !conf.checkIPID || e.id === q.id || e.id === (((q.id & 0xff) << 8) | (q.id >> 8));
    if (!(sameSrc && e.dst === q.dst && sameId && e.proto === q.proto)) return false;
    return payloadAnswers(quoted, request);
  },
});

export const TCPerror = defineLayer("TCPerror", tcpFields, {
  parent: TCP,
  displayName: "TCP in ICMP",
  summary: () => null,
  answers(quoted, request) {
    if (!isLayer(request, TCP)) return false;
    const e = tcp(quoted);
    const q = tcp(request);
    if (conf.checkIPsrc && (e.sport !== q.sport || e.dport !== q.dport)) return false;
    if (conf.checkTCPerrorSeqack === true && (e.seq !== q.seq || e.ack !== q.ack)) return false;
    return true;
  },
});

export const UDPerror = defineLayer("UDPerror", udpFields, {
  parent: UDP,
  displayName: "UDP in ICMP",
  summary: () => null,
  answers(quoted, request) {
    if (!isLayer(request, UDP)) return false;
    const e = udp(quoted);
    const q = udp(request);
    return !conf.checkIPsrc || (e.sport === q.sport && e.dport === q.dport);
  },
});

export const ICMPerror = defineLayer("ICMPerror", icmpFields, {
  parent: ICMP,
  displayName: "ICMP in ICMP",
  summary: () => null,
  answers(quoted, request) {
    if (!isLayer(request, ICMP)) return false;
    const e = icmp(quoted);
    const q = icmp(request);
    if (e.type !== q.type || e.code !== q.code) return false;
    // Scapy tests the code here (not the type) before comparing id and seq.
    return [0, 8, 13, 14, 17, 18].includes(e.code) ? e.id === q.id && e.seq === q.seq : true;
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
