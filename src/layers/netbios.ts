/**
 * NetBIOS over TCP/IP (RFC 1001/1002), as Scapy's layers/netbios: the name service on UDP 137
 * (NBNSHeader and, by its opcode, flags and counts, the query, node status, registration and
 * wait-for-acknowledgement messages), the datagram service on UDP 138 (NBTDatagram, NetBIOS_DS)
 * and the session service on TCP 139/445 (NBTSession).
 *
 * Names travel "first-level encoded": 15 characters padded with spaces, each byte written as two
 * letters 'A' + nibble, after a length byte (0x20). The 16th character (the suffix) is a field
 * of its own, still encoded (0x4141 is "AA", suffix 0x00).
 */
import { pyBytesRepr } from "../core/bytes.ts";
import { bindBottomUp, bindLayers, bindTopDown } from "../core/bind.ts";
import { defineLayer } from "../core/define.ts";
import { Field } from "../core/field.ts";
import { ipv4, sourceMac } from "../core/fields/address.ts";
import { bitEnum, bits, flags } from "../core/fields/bits.ts";
import { layerLength, payloadLength } from "../core/fields/computed.ts";
import { byte, byteEnum, int, short, shortEnum, xshort } from "../core/fields/integers.ts";
import { fieldLen } from "../core/fields/length.ts";
import { PacketListField } from "../core/fields/packets.ts";
import { bytesFromUser, strFixedLen, xstrFixedLen, type BytesInput } from "../core/fields/strings.ts";
import { isLayer, type Packet } from "../core/packet.ts";
import { Padding } from "../core/raw.ts";
import type { LayerRef } from "../core/state.ts";
import type { Writer } from "../core/writer.ts";
import { TCP, UDP } from "./inet.ts";

/** Scapy's NetBIOSNameField: 31 bytes on the wire (a space, then 15 encoded characters); the value is the plain name. */
export class NetBIOSNameField<N extends string = string> extends Field<N, BytesInput, Uint8Array> {
  kindName = "NetBIOSNameField";
  override lenient = true;
  override bits = 31 * 8;

  constructor(name: N, defaultValue: BytesInput) {
    super(name, bytesFromUser(defaultValue));
  }

  override fromUser(value: unknown): unknown {
    return bytesFromUser(value);
  }

  override measure(_pkt: Packet, _buf: Uint8Array, off: number, end: number): number {
    return Math.min(31, end - off);
  }

  override readFixed(buf: Uint8Array, off: number): unknown {
    return decodeNetBIOSName(buf.subarray(off, Math.min(off + 31, buf.length)));
  }

  override decode(_pkt: Packet, buf: Uint8Array, off: number, end: number): unknown {
    return decodeNetBIOSName(buf.subarray(off, end));
  }

  override write(w: Writer, value: unknown): void {
    w.bytes(encodeNetBIOSName((value as Uint8Array | null) ?? new Uint8Array(0)));
  }

  override lengthOf(): number {
    return 31;
  }

  override repr(value: unknown): string {
    if (!(value instanceof Uint8Array)) return "None";
    let n = value.length;
    while (n > 0 && value[n - 1] === 0) n--;
    return pyBytesRepr(value.subarray(0, n));
  }

  override literal(value: unknown): string {
    return value instanceof Uint8Array ? pyBytesRepr(value) : "None";
  }
}

/** A space, then the name padded with spaces (or cut) to 15 bytes, each byte as two letters. */
export function encodeNetBIOSName(name: Uint8Array): Uint8Array {
  const out = new Uint8Array(31);
  out[0] = 0x20;
  for (let i = 0; i < 15; i++) {
    const b = i < name.length ? name[i]! : 0x20;
    out[1 + 2 * i] = 0x41 + (b >> 4);
    out[2 + 2 * i] = 0x41 + (b & 0xf);
  }
  return out;
}

/** Scapy's m2i: NULs and spaces stripped from both ends, then each pair of letters back to a byte (an odd last letter is dropped). */
export function decodeNetBIOSName(wire: Uint8Array): Uint8Array {
  let a = 0;
  let b = wire.length;
  while (a < b && wire[a] === 0) a++;
  while (b > a && wire[b - 1] === 0) b--;
  while (a < b && wire[a] === 0x20) a++;
  while (b > a && wire[b - 1] === 0x20) b--;
  const out = new Uint8Array((b - a) >> 1);
  for (let i = 0; i < out.length; i++) out[i] = (((wire[a + 2 * i]! - 1) & 0xf) << 4) | ((wire[a + 2 * i + 1]! - 1) & 0xf);
  return out;
}

const netbiosName = <const N extends string>(name: N, d: BytesInput) => new NetBIOSNameField<N>(name, d);

/** Python's bytes.strip().decode() of a name, for summaries. */
function nameText(v: unknown): string {
  if (!(v instanceof Uint8Array)) return String(v);
  let a = 0;
  let b = v.length;
  const space = (c: number) => c === 0x20 || (c >= 0x09 && c <= 0x0d);
  while (a < b && space(v[a]!)) a++;
  while (b > a && space(v[b - 1]!)) b--;
  return new TextDecoder().decode(v.subarray(a, b));
}

/** A packet list whose default holds packets (each instance gets fresh ones). */
class DefaultPacketList<N extends string> extends PacketListField<N, Packet> {
  constructor(
    name: N,
    private readonly makeDefault: () => Packet[],
    cls: LayerRef,
  ) {
    super(name, makeDefault(), cls);
  }
  override defaultFor(): unknown {
    return this.makeDefault();
  }
}
const defaultPacketList = <const N extends string>(name: N, makeDefault: () => Packet[], cls: LayerRef) => new DefaultPacketList<N>(name, makeDefault, cls);

export const NETBIOS_SUFFIXES = {
  0x4141: "workstation",
  0x4144: "messenger service",
  0x4341: "file server service",
  0x424c: "domain master browser",
  0x424d: "domain controller",
  0x424f: "browser election service",
} as const;
const QR_TYPES = { 0x20: "NB", 0x21: "NBSTAT" } as const;
const QR_CLASS = { 1: "INTERNET" } as const;
const RNAMES = { 0xc00c: "Label String Pointer to QUESTION_NAME" } as const;
const OWNER_NODE_TYPES = { 0: "B node", 1: "P node", 2: "M node", 3: "H node" } as const;
const GNAMES = { 0: "Unique name", 1: "Group name" } as const;

export const NetBIOS_DS = defineLayer(
  "NetBIOS_DS",
  [
    byteEnum("type", 17, { 17: "direct_group" }),
    byte("flags", 0),
    xshort("id", 0),
    ipv4("src", "127.0.0.1"),
    short("sport", 138),
    // Scapy: the layer and its payload, less the 14 bytes of the header before the names.
    short("len", null).compute(layerLength((n) => n - 14)),
    short("ofs", 0),
    netbiosName("srcname", ""),
    netbiosName("dstname", ""),
  ],
  { displayName: "NetBIOS datagram service" },
);

export const NBNSHeader = defineLayer(
  "NBNSHeader",
  [
    short("NAME_TRN_ID", 0),
    bits("RESPONSE", 0, 1),
    bits("OPCODE", 0, 4),
    flags("NM_FLAGS", 0, 7, ["B", "res1", "res0", "RA", "RD", "TC", "AA"]),
    bits("RCODE", 0, 4),
    short("QDCOUNT", 0),
    short("ANCOUNT", 0),
    short("NSCOUNT", 0),
    short("ARCOUNT", 0),
  ],
  { displayName: "NBNS Header" },
);

const questionFields = (name: string) =>
  [
    netbiosName("QUESTION_NAME", name),
    shortEnum("SUFFIX", 0x4141, NETBIOS_SUFFIXES),
    byte("NULL", 0),
    shortEnum("QUESTION_TYPE", 0x20, QR_TYPES),
    shortEnum("QUESTION_CLASS", 1, QR_CLASS),
  ] as const;

export const NBNSQueryRequest = defineLayer("NBNSQueryRequest", questionFields("windows"), {
  displayName: "NBNS query request",
  summary: (p) => `NBNSQueryRequest who has '\\\\${nameText(p.QUESTION_NAME)}'`,
});
bindLayers(NBNSHeader, NBNSQueryRequest, { OPCODE: 0, NM_FLAGS: 0x11, QDCOUNT: 1 });

export const NBNS_ADD_ENTRY = defineLayer("NBNS_ADD_ENTRY", [
  bitEnum("G", 0, 1, GNAMES),
  bitEnum("OWNER_NODE_TYPE", 0, 2, OWNER_NODE_TYPES),
  bitEnum("UNUSED", 0, 13, { 0: "Unused" }),
  ipv4("NB_ADDRESS", "127.0.0.1"),
]);

export const NBNSQueryResponse = defineLayer(
  "NBNSQueryResponse",
  [
    netbiosName("RR_NAME", "windows"),
    shortEnum("SUFFIX", 0x4141, NETBIOS_SUFFIXES),
    byte("NULL", 0),
    shortEnum("QUESTION_TYPE", 0x20, QR_TYPES),
    shortEnum("QUESTION_CLASS", 1, QR_CLASS),
    int("TTL", 0x493e0),
    fieldLen("RDLENGTH", null, { lengthOf: "ADDR_ENTRY" }),
    // As Scapy 2.5: the entries have no padding rule, so a second entry is the first one's Raw payload.
    defaultPacketList("ADDR_ENTRY", () => [NBNS_ADD_ENTRY()], NBNS_ADD_ENTRY),
  ],
  {
    displayName: "NBNS query response",
    lengthFrom: { ADDR_ENTRY: (p) => p.RDLENGTH },
    summary: (p) => {
      const first = p.ADDR_ENTRY[0];
      if (!first) return "NBNSQueryResponse";
      return `NBNSQueryResponse '\\\\${nameText(p.RR_NAME)}' is at ${String((first as unknown as { NB_ADDRESS: string }).NB_ADDRESS)}`;
    },
    // Scapy 2.5 has no rule here (no response ever matched, Scapy issue #4275); as its node status response does.
    answers: (reply, request) => isLayer(request, NBNSQueryRequest) && sameName(request.QUESTION_NAME, reply.RR_NAME),
  },
);
bindLayers(NBNSHeader, NBNSQueryResponse, { OPCODE: 0, NM_FLAGS: 0x50, RESPONSE: 1, ANCOUNT: 1 });

function sameName(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

export const NBNSNodeStatusRequest = defineLayer(
  "NBNSNodeStatusRequest",
  [
    netbiosName("QUESTION_NAME", Uint8Array.of(0x2a, ...new Uint8Array(14))),
    shortEnum("SUFFIX", 0x4141, NETBIOS_SUFFIXES),
    byte("NULL", 0),
    shortEnum("QUESTION_TYPE", 0x21, QR_TYPES),
    shortEnum("QUESTION_CLASS", 1, QR_CLASS),
  ],
  {
    parent: NBNSQueryRequest,
    displayName: "NBNS status request",
    summary: (p) => `NBNSNodeStatusRequest who has '\\\\${nameText(p.QUESTION_NAME)}'`,
  },
);
bindBottomUp(NBNSHeader, NBNSNodeStatusRequest, { OPCODE: 0, NM_FLAGS: 0, QDCOUNT: 1 });
bindLayers(NBNSHeader, NBNSNodeStatusRequest, { OPCODE: 0, NM_FLAGS: 1, QDCOUNT: 1 });

export const NBNSNodeStatusResponseService = defineLayer(
  "NBNSNodeStatusResponseService",
  [
    strFixedLen("NETBIOS_NAME", "WINDOWS         ", 15),
    byteEnum("SUFFIX", 0, {
      0: "workstation",
      0x03: "messenger service",
      0x20: "file server service",
      0x1b: "domain master browser",
      0x1c: "domain controller",
      0x1e: "browser election service",
    }),
    byte("NAME_FLAGS", 0x4),
    byteEnum("UNUSED", 0, { 0: "unused" }),
  ],
  { displayName: "NBNS Node Status Response Service", defaultPayload: () => Padding },
);

export const NBNSNodeStatusResponse = defineLayer(
  "NBNSNodeStatusResponse",
  [
    netbiosName("RR_NAME", "windows"),
    shortEnum("SUFFIX", 0x4141, NETBIOS_SUFFIXES),
    byte("NULL", 0),
    shortEnum("RR_TYPE", 0x21, QR_TYPES),
    shortEnum("RR_CLASS", 1, QR_CLASS),
    int("TTL", 0),
    // Scapy keeps 83 (one name and the statistics) whatever the names: it is not computed.
    short("RDLENGTH", 83),
    fieldLen("NUM_NAMES", null, { fmt: "B", countOf: "NODE_NAME" }),
    defaultPacketList("NODE_NAME", () => [NBNSNodeStatusResponseService()], NBNSNodeStatusResponseService),
    sourceMac("MAC_ADDRESS"),
    xstrFixedLen("STATISTICS", "", 46),
  ],
  {
    displayName: "NBNS Node Status Response",
    countFrom: { NODE_NAME: (p) => p.NUM_NAMES },
    answers: (reply, request) => isLayer(request, NBNSNodeStatusRequest) && sameName(request.QUESTION_NAME, reply.RR_NAME),
  },
);
bindLayers(NBNSHeader, NBNSNodeStatusResponse, { OPCODE: 0, NM_FLAGS: 0x40, RESPONSE: 1, ANCOUNT: 1 });

export const NBNSRegistrationRequest = defineLayer(
  "NBNSRegistrationRequest",
  [
    ...questionFields("Windows"),
    shortEnum("RR_NAME", 0xc00c, RNAMES),
    shortEnum("RR_TYPE", 0x20, QR_TYPES),
    shortEnum("RR_CLASS", 1, QR_CLASS),
    int("TTL", 0),
    short("RDLENGTH", 6),
    bitEnum("G", 0, 1, GNAMES),
    bitEnum("OWNER_NODE_TYPE", 0, 2, OWNER_NODE_TYPES),
    bitEnum("UNUSED", 0, 13, { 0: "Unused" }),
    ipv4("NB_ADDRESS", "127.0.0.1"),
  ],
  { displayName: "NBNS registration request" },
);
bindLayers(NBNSHeader, NBNSRegistrationRequest, { OPCODE: 5, NM_FLAGS: 0x11, QDCOUNT: 1, ARCOUNT: 1 });

export const NBNSWackResponse = defineLayer(
  "NBNSWackResponse",
  [
    netbiosName("RR_NAME", "windows"),
    shortEnum("SUFFIX", 0x4141, NETBIOS_SUFFIXES),
    byte("NULL", 0),
    shortEnum("RR_TYPE", 0x20, QR_TYPES),
    shortEnum("RR_CLASS", 1, QR_CLASS),
    int("TTL", 2),
    short("RDLENGTH", 2),
    bits("RDATA", 10512, 16),
  ],
  { displayName: "NBNS Wait for Acknowledgement Response" },
);
bindLayers(NBNSHeader, NBNSWackResponse, { OPCODE: 7, NM_FLAGS: 0x40, RESPONSE: 1, ANCOUNT: 1 });

export const NBTDatagram = defineLayer(
  "NBTDatagram",
  [
    byte("Type", 0x10),
    byte("Flags", 0x02),
    short("ID", 0),
    ipv4("SourceIP", "127.0.0.1"),
    short("SourcePort", 138),
    short("Length", 272),
    short("Offset", 0),
    netbiosName("SourceName", "windows"),
    shortEnum("SUFFIX1", 0x4141, NETBIOS_SUFFIXES),
    byte("NULL1", 0),
    netbiosName("DestinationName", "windows"),
    shortEnum("SUFFIX2", 0x4141, NETBIOS_SUFFIXES),
    byte("NULL2", 0),
  ],
  { displayName: "NBT Datagram Packet" },
);

export const NBTSession = defineLayer(
  "NBTSession",
  [
    byteEnum("TYPE", 0, {
      0x00: "Session Message",
      0x81: "Session Request",
      0x82: "Positive Session Response",
      0x83: "Negative Session Response",
      0x84: "Retarget Session Response",
      0x85: "Session Keepalive",
    }),
    bits("RESERVED", 0, 7),
    bits("LENGTH", null, 17).compute(payloadLength()),
  ],
  { displayName: "NBT Session Packet" },
);

bindBottomUp(UDP, NBNSHeader, { dport: 137 });
bindBottomUp(UDP, NBNSHeader, { sport: 137 });
bindTopDown(UDP, NBNSHeader, { sport: 137, dport: 137 });
bindLayers(UDP, NBTDatagram, { dport: 138 });
for (const port of [445, 139]) {
  bindBottomUp(TCP, NBTSession, { dport: port });
  bindBottomUp(TCP, NBTSession, { sport: port });
}
bindLayers(TCP, NBTSession, { dport: 139, sport: 139 });
