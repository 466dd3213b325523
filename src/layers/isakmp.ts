/**
 * ISAKMP (RFC 2408) and IKEv1's payloads as Scapy's layers/isakmp has them: the header with its
 * length, the SA payload holding a proposal holding transforms with their attributes (basic and
 * TLV forms, names as Scapy shows them), key exchange, identification, hash, nonce and vendor ID,
 * and a generic payload for the others. Each payload's next_payload names the next one's class.
 */
import { bindBottomUp, bindTopDown } from "../core/bind.ts";
import { pySliceLength, pyStrRepr } from "../core/bytes.ts";
import { defineLayer } from "../core/define.ts";
import { Field, invalid } from "../core/field.ts";
import { flags } from "../core/fields/bits.ts";
import { headerLength, layerLength } from "../core/fields/computed.ts";
import { byte, byteEnum, int, intEnum, short, shortEnum, xbyte } from "../core/fields/integers.ts";
import { fieldLen } from "../core/fields/length.ts";
import { packetLenField } from "../core/fields/packets.ts";
import { strFixedLen, strLen } from "../core/fields/strings.ts";
import { isLayer, type Packet } from "../core/packet.ts";
import { Raw } from "../core/raw.ts";
import type { LayerRef } from "../core/state.ts";
import type { Writer } from "../core/writer.ts";
import { UDP } from "./inet.ts";

/** Attribute types: number, value names, and whether the value is TLV (variable) by default. */
export const ISAKMP_ATTRIBUTE_TYPES: Readonly<Record<string, readonly [number, Readonly<Record<string, number>>, 0 | 1]>> = {
  Encryption: [1, { "DES-CBC": 1, "IDEA-CBC": 2, "Blowfish-CBC": 3, "RC5-R16-B64-CBC": 4, "3DES-CBC": 5, "CAST-CBC": 6, "AES-CBC": 7, "CAMELLIA-CBC": 8 }, 0],
  Hash: [2, { MD5: 1, SHA: 2, Tiger: 3, "SHA2-256": 4, "SHA2-384": 5, "SHA2-512": 6 }, 0],
  Authentication: [
    3,
    {
      PSK: 1,
      DSS: 2,
      "RSA Sig": 3,
      "RSA Encryption": 4,
      "RSA Encryption Revised": 5,
      "ElGamal Encryption": 6,
      "ElGamal Encryption Revised": 7,
      "ECDSA Sig": 8,
      HybridInitRSA: 64221,
      HybridRespRSA: 64222,
      HybridInitDSS: 64223,
      HybridRespDSS: 64224,
      XAUTHInitPreShared: 65001,
      XAUTHRespPreShared: 65002,
      XAUTHInitDSS: 65003,
      XAUTHRespDSS: 65004,
      XAUTHInitRSA: 65005,
      XAUTHRespRSA: 65006,
      XAUTHInitRSAEncryption: 65007,
      XAUTHRespRSAEncryption: 65008,
      XAUTHInitRSARevisedEncryption: 65009,
      XAUTHRespRSARevisedEncryptio: 65010,
    },
    0,
  ],
  GroupDesc: [4, { "768MODPgr": 1, "1024MODPgr": 2, EC2Ngr155: 3, EC2Ngr185: 4, "1536MODPgr": 5, "2048MODPgr": 14, "3072MODPgr": 15, "4096MODPgr": 16, "6144MODPgr": 17, "8192MODPgr": 18 }, 0],
  GroupType: [5, { MODP: 1, ECP: 2, EC2N: 3 }, 0],
  GroupPrime: [6, {}, 1],
  GroupGenerator1: [7, {}, 1],
  GroupGenerator2: [8, {}, 1],
  GroupCurveA: [9, {}, 1],
  GroupCurveB: [10, {}, 1],
  LifeType: [11, { Seconds: 1, Kilobytes: 2 }, 0],
  LifeDuration: [12, {}, 1],
  PRF: [13, {}, 0],
  KeyLength: [14, {}, 0],
  FieldSize: [15, {}, 0],
  GroupOrder: [16, {}, 1],
};

const BY_NUMBER = new Map<number, readonly [string, ReadonlyMap<number, string>]>(
  Object.entries(ISAKMP_ATTRIBUTE_TYPES).map(([name, [n, values]]) => [n, [name, new Map(Object.entries(values).map(([k, v]) => [v, k]))]]),
);

/** One attribute: [type, value], by name or number (Scapy's tuples). */
export type ISAKMPAttribute = readonly [type: string | number, value: string | number | bigint];

/**
 * Scapy's ISAKMPTransformSetField: attributes in basic form (type | 0x8000, a 16-bit value) or, for
 * values that do not fit, TLV form (type, length, value bytes).
 */
export class ISAKMPTransformSetField<N extends string> extends Field<N, readonly ISAKMPAttribute[] | null, ISAKMPAttribute[] | null> {
  kindName = "ISAKMPTransformSetField";
  override isList = true;
  override mutable = true;
  override total = true;

  constructor(name: N) {
    super(name, null);
  }

  override measure(pkt: Packet, _buf: Uint8Array, off: number, end: number): number {
    const n = this.lengthFrom?.(pkt);
    return n === null || n === undefined ? end - off : pySliceLength(end - off, n);
  }

  override fromUser(value: unknown): unknown {
    if (value === null) return null;
    if (!Array.isArray(value)) return invalid(`expected a list of [type, value] pairs, got ${typeof value}`);
    return value.map((a) => {
      if (!Array.isArray(a) || a.length !== 2) return invalid(`expected [type, value] pairs, got ${JSON.stringify(a)}`);
      const [t, v] = a as [unknown, unknown];
      if (!(typeof t === "string" || typeof t === "number") || !(typeof v === "string" || typeof v === "number" || typeof v === "bigint")) {
        return invalid(`an attribute is [type name or number, value name or number], got ${String(a)}`);
      }
      if (typeof t === "string" && !(t in ISAKMP_ATTRIBUTE_TYPES)) return invalid(`unknown attribute type ${JSON.stringify(t)} (types: ${Object.keys(ISAKMP_ATTRIBUTE_TYPES).join(", ")})`);
      if (typeof v === "string" && typeof t === "string" && !(v in ISAKMP_ATTRIBUTE_TYPES[t]![1])) return invalid(`unknown value ${JSON.stringify(v)} for ${t}`);
      return [t, v];
    });
  }

  override defaultFor(): unknown {
    return null;
  }

  override decode(_pkt: Packet, buf: Uint8Array, off: number, end: number): unknown {
    return decodeAttributes(buf, off, end);
  }

  override write(w: Writer, value: unknown): void {
    for (const a of (value as ISAKMPAttribute[] | null) ?? []) w.bytes(encodeAttribute(a));
  }

  override lengthOf(value: unknown): number {
    return ((value as ISAKMPAttribute[] | null) ?? []).reduce((n, a) => n + encodeAttribute(a).length, 0);
  }

  override repr(value: unknown): string {
    if (value === null || value === undefined) return "None";
    return `[${(value as ISAKMPAttribute[]).map(([t, v]) => `(${pyValue(t)}, ${pyValue(v)})`).join(", ")}]`;
  }

  override literal(value: unknown): string {
    return this.repr(value);
  }
}

const pyValue = (v: string | number | bigint) => (typeof v === "string" ? pyStrRepr(v) : String(v));

function encodeAttribute([t, v]: ISAKMPAttribute): Uint8Array {
  const known = typeof t === "string" ? ISAKMP_ATTRIBUTE_TYPES[t] : undefined;
  let type = known ? known[0] : Number(t);
  let value = typeof v === "string" ? BigInt(known?.[1][v] ?? 0) : BigInt(v);
  let body: number[] = [];
  if (value & ~0xffffn) {
    // Too big for the basic form: TLV with the value's bytes (Scapy warns when the type is basic).
    while (value) {
      body.unshift(Number(value & 0xffn));
      value >>= 8n;
    }
    value = BigInt(body.length);
  } else type |= 0x8000;
  return Uint8Array.of((type >> 8) & 0xff, type & 0xff, Number(value >> 8n) & 0xff, Number(value) & 0xff, ...body);
}

/** Attributes in buf[off, end); a TLV length past the end takes what is there (as Scapy does). */
function decodeAttributes(buf: Uint8Array, off: number, end: number): ISAKMPAttribute[] {
  const out: ISAKMPAttribute[] = [];
  while (end - off >= 4) {
    let type = (buf[off]! << 8) | buf[off + 1]!;
    let value: number | bigint;
    let length = 0;
    if (type & 0x8000) {
      type &= 0x7fff;
      value = (buf[off + 2]! << 8) | buf[off + 3]!;
    } else {
      length = (buf[off + 2]! << 8) | buf[off + 3]!;
      let v = 0n;
      for (let i = off + 4; i < Math.min(end, off + 4 + length); i++) v = (v << 8n) | BigInt(buf[i]!);
      value = v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
    }
    off += 4 + length;
    const known = BY_NUMBER.get(type);
    out.push(known ? [known[0], (typeof value === "number" ? known[1].get(value) : undefined) ?? value] : [type, value]);
  }
  return out;
}

export const ISAKMP_PAYLOAD_TYPES = Object.fromEntries(
  ["None", "SA", "Proposal", "Transform", "KE", "ID", "CERT", "CR", "Hash", "SIG", "Nonce", "Notification", "Delete", "VendorID"].map((n, i) => [i, n]),
);
export const ISAKMP_EXCHANGE_TYPES = Object.fromEntries(["None", "base", "identity prot.", "auth only", "aggressive", "info"].map((n, i) => [i, n]));

const payloadClasses = new Map<number, LayerRef>();

/** The next payload's class by next_payload (Scapy's ISAKMP_class.guess_payload_class): none is Raw, unknown the generic payload. */
const nextPayload = (p: { next_payload: number | null }): LayerRef => {
  const np = p.next_payload ?? 0;
  if (np === 0) return Raw;
  return payloadClasses.get(np) ?? ISAKMP_payload;
};

export const ISAKMP = defineLayer(
  "ISAKMP",
  [
    strFixedLen("init_cookie", "", 8),
    strFixedLen("resp_cookie", "", 8),
    byteEnum("next_payload", 0, ISAKMP_PAYLOAD_TYPES),
    xbyte("version", 0x10),
    byteEnum("exch_type", 0, ISAKMP_EXCHANGE_TYPES),
    flags("flags", 0, 8, ["encryption", "commit", "auth_only", "res3", "res4", "res5", "res6", "res7"]),
    int("id", 0),
    int("length", null).compute(layerLength()),
  ],
  {
    // An encrypted message's payloads are Raw.
    guessPayload: (p) => (p.flags.value & 1 ? Raw : nextPayload(p)),
    answers: (reply, request): boolean => isLayer(request, ISAKMP) && bytesEqual(request.init_cookie, reply.init_cookie),
  },
);

const bytesEqual = (a: Uint8Array | null, b: Uint8Array | null) => (a ?? new Uint8Array(0)).join() === (b ?? new Uint8Array(0)).join();
const head = () => [byteEnum("next_payload", null, ISAKMP_PAYLOAD_TYPES), byte("res", 0)] as const;
const minus = (n: number) => (p: { length: number | null }) => (p.length ?? 0) - n;
const chained = { guessPayload: nextPayload } as const;

export const ISAKMP_payload_Transform = defineLayer(
  "ISAKMP_payload_Transform",
  [...head(), short("length", null).compute(headerLength()), byte("num", null), byteEnum("id", 1, { 1: "KEY_IKE" }), short("res2", 0), new ISAKMPTransformSetField("transforms")],
  { ...chained, displayName: "IKE Transform", lengthFrom: { transforms: minus(8) } },
);

export const ISAKMP_payload_Proposal = defineLayer(
  "ISAKMP_payload_Proposal",
  [
    ...head(),
    fieldLen("length", null, { lengthOf: "trans", adjust: (x) => x + 8 }),
    byte("proposal", 1),
    byteEnum("proto", 1, { 1: "ISAKMP" }),
    fieldLen("SPIsize", null, { fmt: "B", lengthOf: "SPI" }),
    byte("trans_nb", null),
    strLen("SPI", "", "SPIsize"),
    packetLenField("trans", Raw() as Packet, ISAKMP_payload_Transform),
  ],
  { ...chained, displayName: "IKE proposal", lengthFrom: { trans: minus(8) } },
);

/** A payload as type, length and bytes (Scapy's ISAKMP_payload and the classes named after it). */
const genericPayload = (name: string, displayName: string, parent?: LayerRef) =>
  defineLayer(name, [...head(), fieldLen("length", null, { lengthOf: "load", adjust: (x) => x + 4 }), strLen("load", "")], {
    ...chained,
    displayName,
    lengthFrom: { load: minus(4) },
    ...(parent ? { parent } : {}),
  });

export const ISAKMP_payload = genericPayload("ISAKMP_payload", "ISAKMP payload");
export const ISAKMP_payload_VendorID = genericPayload("ISAKMP_payload_VendorID", "ISAKMP Vendor ID", ISAKMP_payload);
export const ISAKMP_payload_Nonce = genericPayload("ISAKMP_payload_Nonce", "ISAKMP Nonce", ISAKMP_payload);
export const ISAKMP_payload_KE = genericPayload("ISAKMP_payload_KE", "ISAKMP Key Exchange", ISAKMP_payload);
export const ISAKMP_payload_Hash = genericPayload("ISAKMP_payload_Hash", "ISAKMP Hash", ISAKMP_payload);

export const ISAKMP_payload_SA = defineLayer(
  "ISAKMP_payload_SA",
  [
    ...head(),
    fieldLen("length", null, { lengthOf: "prop", adjust: (x) => x + 12 }),
    intEnum("DOI", 1, { 1: "IPSEC" }),
    intEnum("situation", 1, { 1: "identity" }),
    packetLenField("prop", Raw() as Packet, ISAKMP_payload_Proposal),
  ],
  { ...chained, displayName: "ISAKMP SA", lengthFrom: { prop: minus(12) } },
);

export const ISAKMP_payload_ID = defineLayer(
  "ISAKMP_payload_ID",
  [
    ...head(),
    fieldLen("length", null, { lengthOf: "load", adjust: (x) => x + 8 }),
    byteEnum("IDtype", 1, { 1: "IPv4_addr", 11: "Key" }),
    byteEnum("ProtoID", 0, { 0: "Unused" }),
    shortEnum("Port", 0, { 0: "Unused" }),
    strLen("load", ""),
  ],
  { ...chained, displayName: "ISAKMP Identification", lengthFrom: { load: minus(8) } },
);

const numbered: Array<[number, LayerRef]> = [
  [1, ISAKMP_payload_SA],
  [2, ISAKMP_payload_Proposal],
  [3, ISAKMP_payload_Transform],
  [4, ISAKMP_payload_KE],
  [5, ISAKMP_payload_ID],
  [8, ISAKMP_payload_Hash],
  [10, ISAKMP_payload_Nonce],
  [13, ISAKMP_payload_VendorID],
];
for (const [n, cls] of numbered) payloadClasses.set(n, cls);

bindBottomUp(UDP, ISAKMP, { dport: 500 });
bindBottomUp(UDP, ISAKMP, { sport: 500 });
bindTopDown(UDP, ISAKMP, { dport: 500, sport: 500 });
// Stacking a payload names it in the layer before (Scapy binds them to the ISAKMP_class base).
const lowers = [ISAKMP, ISAKMP_payload, ...numbered.map(([, c]) => c)];
for (const lower of lowers) {
  bindTopDown(lower, ISAKMP_payload, { next_payload: 0 });
  for (const [n, cls] of numbered) bindTopDown(lower, cls, { next_payload: n });
}
