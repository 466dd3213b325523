/**
 * MACsec (IEEE 802.1AE), as Scapy's contrib/macsec: the SecTAG after Ethertype 0x88e5 (under
 * Ethernet, 802.1Q or 802.1ad) — version, ES/SC/SCB/E/C bits, association number, short length,
 * packet number and, with SC set, the secure channel identifier — and MACsecSA, which
 * encapsulates an Ethernet frame, encrypts and authenticates it with GCM-AES-128 or GCM-AES-256
 * (the key's length decides), with the extended packet numbers of GCM-AES-XPN when asked, and
 * decrypts, verifies and decapsulates it again, byte for byte as Scapy does. The cryptography
 * goes through core/crypto's provider (Node's crypto by default).
 *
 * The `type` field is Scapy's own convenience, not the standard's: the inner Ethertype written
 * after the SecTAG only when it was given (MACsecSA sets it; dissection never reads it, so what
 * follows a SecTAG is Raw, as in Scapy: it is encrypted, or the integrity-only data with the ICV).
 */
import { bindLayers } from "../core/bind.ts";
import { AuthenticationFailed, cryptoProvider } from "../core/crypto.ts";
import { defineLayer } from "../core/define.ts";
import { bits } from "../core/fields/bits.ts";
import { int, xshortEnum } from "../core/fields/integers.ts";
import { packetOrBytesField } from "../core/fields/packets.ts";
import { strictOptions } from "../core/options.ts";
import { isLayer, type Packet } from "../core/packet.ts";
import { Raw } from "../core/raw.ts";
import { isGiven } from "../core/read/values.ts";
import { ETHER_TYPES } from "./data/etherTypes.ts";
import { MACsecSCI } from "./eap.ts";
import { IP } from "./inet.ts";
import { IPv6 } from "./inet6.ts";
import { Dot1AD, Dot1Q, Ether } from "./l2.ts";

export const ETH_P_MACSEC = 0x88e5;

export const MACsec = defineLayer(
  "MACsec",
  [
    bits("Ver", 0, 1),
    bits("ES", 0, 1), // end station
    bits("SC", 0, 1), // secure channel identifier present
    bits("SCB", 0, 1), // single copy broadcast
    bits("E", 0, 1), // encryption
    bits("C", 0, 1), // changed text
    bits("AN", 0, 2), // association number
    bits("reserved", 0, 2),
    bits("SL", 0, 6), // short length
    int("PN", 1), // packet number
    packetOrBytesField("SCI", null, MACsecSCI),
    xshortEnum("type", null, ETHER_TYPES),
  ],
  {
    displayName: "802.1AE",
    when: { SCI: (p) => p.SC !== 0, type: (p) => isGiven(p, "type") },
    deprecated: { an: ["AN", "2.4.4"], pn: ["PN", "2.4.4"], sci: ["SCI", "2.4.4"], shortlen: ["SL", "2.4.4"] },
    summary: (p) => {
      let s = p.sprintf("an=%MACsec.AN%, pn=%MACsec.PN%");
      if (p.SC) s += `, sci=${sciText(p.SCI)}`;
      if (p.type !== null) s += p.sprintf(", %MACsec.type%");
      return s;
    },
  },
);

/** How Scapy's sprintf shows the SCI: bytes as b'..', a MACsecSCI by its summary. */
function sciText(sci: unknown): string {
  if (sci === null || sci === undefined) return "None";
  if (sci instanceof Uint8Array) return MACsec.spec.layout.fields[MACsec.spec.layout.fieldIndex.get("SCI")!]!.repr(sci, MACsec());
  return (sci as Packet).summary();
}

bindLayers(MACsec, IP, { type: 0x0800 });
bindLayers(MACsec, IPv6, { type: 0x86dd });
bindLayers(Dot1AD, MACsec, { type: ETH_P_MACSEC });
bindLayers(Dot1Q, MACsec, { type: ETH_P_MACSEC });
bindLayers(Ether, MACsec, { type: ETH_P_MACSEC });

// ---------------------------------------------------------------- secure association

const NOSCI_LEN = 14 + 6;
const SCI_LEN = 8;
export const MACSEC_DEFAULT_ICV_LEN = 16;

export interface MACsecSAOptions {
  /** The secure channel identifier: 8 bytes, or a 64-bit number (system MAC then port). */
  sci: Uint8Array | number | bigint;
  /** Association number (0..3). */
  an: number;
  /** Packet number: its low 32 bits go in the SecTAG; with XPN, the high 32 bits are the SA's. */
  pn: number | bigint;
  /** 16 bytes (GCM-AES-128, GCM-AES-XPN-128) or 32 (GCM-AES-256, GCM-AES-XPN-256). */
  key: Uint8Array;
  /** ICV length: 16 (GCM's tag). */
  icvlen?: number;
  /** Confidentiality (E and C bits set) or integrity only. */
  encrypt: boolean | number;
  /** Send the SCI in the SecTAG (SC bit). */
  sendSci: boolean | number;
  /** Extended packet numbers (GCM-AES-XPN): needs ssci and salt. */
  xpnEn?: boolean | number;
  /** Short secure channel identifier (XPN): 4 bytes or a 32-bit number. */
  ssci?: Uint8Array | number;
  /** 12 bytes of salt (XPN). */
  salt?: Uint8Array;
}

const checkOptions = strictOptions<MACsecSAOptions>("MACsecSA", {
  sci: true,
  an: true,
  pn: true,
  key: true,
  icvlen: true,
  encrypt: true,
  sendSci: true,
  xpnEn: true,
  ssci: true,
  salt: true,
});

const cat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};
const be = (v: bigint, n: number) => {
  const out = new Uint8Array(n);
  for (let i = n - 1; i >= 0; i--, v >>= 8n) out[i] = Number(v & 0xffn);
  return out;
};

/** The SecTAG of a frame, or a TypeError naming what is missing. */
function secTag(pkt: Packet, what: string): InstanceType<typeof MACsec> {
  const tag = pkt.getLayer(MACsec);
  if (!tag || !isLayer(tag, MACsec)) throw new TypeError(`MACsecSA.${what}: ${pkt.summary()} has no MACsec layer`);
  return tag;
}

/**
 * Scapy's MACsecSA: `new MACsecSA({sci, an, pn, key, icvlen, encrypt, sendSci})` (or Scapy's
 * positional order). encap() adds the SecTAG to an Ethernet frame, encrypt() protects it (the
 * ciphertext, or the integrity-only data, and the ICV as Raw), decrypt() verifies and opens it
 * (the inner Ethertype back in `type`, the rest as Raw), decap() gives the Ethernet frame again.
 */
export class MACsecSA {
  readonly sci: Uint8Array;
  readonly an: number;
  readonly pn: bigint;
  readonly key: Uint8Array;
  readonly icvlen: number;
  readonly doEncrypt: boolean;
  readonly sendSci: boolean;
  readonly xpnEn: boolean;
  readonly ssci: Uint8Array | null = null;
  readonly salt: Uint8Array | null = null;

  constructor(options: MACsecSAOptions);
  constructor(sci: MACsecSAOptions["sci"], an: number, pn: number | bigint, key: Uint8Array, icvlen: number, encrypt: boolean | number, sendSci: boolean | number, xpnEn?: boolean | number, ssci?: Uint8Array | number, salt?: Uint8Array);
  constructor(first: MACsecSAOptions | MACsecSAOptions["sci"], ...rest: unknown[]) {
    const o: MACsecSAOptions =
      first instanceof Uint8Array || typeof first === "number" || typeof first === "bigint"
        ? (Object.fromEntries(
            (["an", "pn", "key", "icvlen", "encrypt", "sendSci", "xpnEn", "ssci", "salt"] as const).map((k, i) => [k, rest[i]]).filter(([, v]) => v !== undefined).concat([["sci", first]]),
          ) as unknown as MACsecSAOptions)
        : first;
    checkOptions(o);
    if (typeof o.sci === "number" || typeof o.sci === "bigint") {
      if (typeof o.sci === "number" && !Number.isSafeInteger(o.sci)) throw new RangeError(`MACsecSA: sci ${o.sci} is not a safe integer: give a bigint (0x${"0".repeat(16)}n) or 8 bytes`);
      const n = BigInt(o.sci);
      if (n < 0n || n >= 1n << 64n) throw new RangeError(`MACsecSA: sci ${n} does not fit 64 bits`);
      this.sci = be(n, 8);
    } else if (o.sci instanceof Uint8Array) this.sci = o.sci.slice();
    else throw new TypeError("SCI must be either bytes or int");
    if (!Number.isInteger(o.an) || o.an < 0 || o.an > 3) throw new RangeError(`MACsecSA: an must be 0..3, got ${String(o.an)}`);
    this.an = o.an;
    if (typeof o.pn !== "number" && typeof o.pn !== "bigint") throw new TypeError("MACsecSA: pn is required (a number)");
    if (typeof o.pn === "number" && !Number.isSafeInteger(o.pn)) throw new RangeError(`MACsecSA: pn ${o.pn} is not a safe integer: give a bigint`);
    this.pn = BigInt(o.pn);
    if (this.pn < 0n || this.pn >= 1n << 64n) throw new RangeError(`MACsecSA: pn ${this.pn} does not fit 64 bits`);
    if (!(o.key instanceof Uint8Array)) throw new TypeError("MACsecSA: key must be bytes");
    if (o.key.length !== 16 && o.key.length !== 32) throw new RangeError(`MACsecSA: the key is ${o.key.length} bytes; GCM-AES takes 16 (128) or 32 (256)`);
    this.key = o.key.slice();
    this.icvlen = o.icvlen ?? MACSEC_DEFAULT_ICV_LEN;
    // GCM's tag is 16 bytes: Scapy writes 16 whatever icvlen says and cannot verify a shorter one.
    if (this.icvlen !== MACSEC_DEFAULT_ICV_LEN) throw new TypeError(`MACsecSA: icvlen ${this.icvlen} is not implemented (GCM-AES's ICV is 16 bytes)`);
    this.doEncrypt = Boolean(o.encrypt);
    this.sendSci = Boolean(o.sendSci);
    this.xpnEn = Boolean(o.xpnEn);
    if (this.xpnEn) {
      if (typeof o.ssci === "number") {
        if (!Number.isInteger(o.ssci) || o.ssci < 0 || o.ssci > 0xffffffff) throw new RangeError(`MACsecSA: ssci ${o.ssci} does not fit 32 bits`);
        this.ssci = be(BigInt(o.ssci), 4);
      } else if (o.ssci instanceof Uint8Array) this.ssci = o.ssci.slice();
      else throw new TypeError("SSCI must be either bytes or int");
      if (!(o.salt instanceof Uint8Array)) throw new TypeError("Salt must be bytes");
      this.salt = o.salt.slice();
      if (this.ssci.length !== 4) throw new RangeError(`MACsecSA: ssci is ${this.ssci.length} bytes, XPN takes 4`);
      if (this.salt.length !== 12) throw new RangeError(`MACsecSA: salt is ${this.salt.length} bytes, XPN takes 12`);
    }
  }

  /** The GCM nonce: SCI then PN, or (XPN) SSCI then the 64-bit PN, XORed with the salt. */
  makeIv(pkt: Packet): Uint8Array {
    const pn = BigInt(secTag(pkt, "makeIv").PN);
    if (!this.xpnEn) return cat(this.sci, be(pn, 4));
    const full = (this.pn & 0xffffffff00000000n) | (pn & 0xffffffffn);
    const iv = cat(this.ssci!, be(full, 8));
    return iv.map((b, i) => b ^ this.salt![i]!);
  }

  /** The E bit of frames sent through this SA. */
  eBit(): number {
    return this.doEncrypt ? 1 : 0;
  }

  /** The C bit of frames sent through this SA. */
  cBit(): number {
    return this.doEncrypt || this.icvlen !== MACSEC_DEFAULT_ICV_LEN ? 1 : 0;
  }

  /** The short length of a frame before encapsulation: its bytes after the addresses, when under 48 (0 otherwise). */
  static shortlen(pkt: Packet): number {
    const n = pkt.build().length - 12;
    return n < 48 ? n : 0;
  }

  /** Adds the SecTAG (this SA's AN, low 32 bits of PN, SCI when sent) to an Ethernet frame. */
  encap(pkt: Packet): Packet {
    if (pkt.spec.name !== "Ether") throw new TypeError("cannot encapsulate packet in MACsec, must be Ethernet");
    const hdr = pkt.copy();
    const payload = hdr.payload;
    hdr.payload = null;
    const tag = MACsec({
      SCI: this.sci,
      AN: this.an,
      SC: this.sendSci ? 1 : 0,
      E: this.eBit(),
      C: this.cBit(),
      SL: MACsecSA.shortlen(pkt),
      PN: Number(this.pn & 0xffffffffn),
      type: Number(pkt.getFieldValue("type")),
    });
    hdr.setFieldValue("type", ETH_P_MACSEC);
    return payload ? hdr.div(tag, payload) : hdr.div(tag);
  }

  /** Removes the SecTAG: the frame with the inner Ethertype back, read again from its bytes. */
  decap(orig: Packet): Packet {
    if (!isLayer(orig, Ether) || !orig.payload || !isLayer(orig.payload, MACsec)) throw new TypeError("cannot decapsulate MACsec packet, must be Ethernet/MACsec");
    const packet = orig.copy();
    const tag = secTag(packet, "decap");
    packet.setFieldValue("type", tag.type);
    const next = tag.payload;
    packet.payload = null;
    return Ether((next ? packet.div(next) : packet).build());
  }

  private headerLength(): number {
    return this.sendSci ? NOSCI_LEN + SCI_LEN : NOSCI_LEN;
  }

  /**
   * Protects a frame that encap() gave: the bytes after the SecTAG are encrypted (or, integrity
   * only, kept) and the ICV follows, all as Raw. `assoclen` (encryption only) is Scapy's
   * confidentiality offset: the bytes of the frame authenticated but not encrypted.
   */
  encrypt(orig: Packet, assoclen?: number): Packet {
    const hdr = orig.copy();
    const tag = secTag(hdr, "encrypt");
    tag.payload = null;
    tag.reset("type");
    const data = orig.build();
    const hdrlen = this.headerLength();
    let aLen = assoclen;
    if (aLen === undefined || !this.doEncrypt) aLen = this.doEncrypt ? hdrlen : data.length;
    const iv = this.makeIv(orig);
    const assoc = data.subarray(0, aLen);
    const sealed = cryptoProvider().aeadSeal("aes-gcm", this.key, iv, data.subarray(aLen), assoc, MACSEC_DEFAULT_ICV_LEN);
    return hdr.div(Raw({ load: cat(assoc.subarray(hdrlen, aLen), sealed) }));
  }

  /** Verifies and opens a protected frame: `type` holds the inner Ethertype again, the rest is Raw. Throws AuthenticationFailed when the ICV does not match. */
  decrypt(orig: Packet, assoclen?: number): Packet {
    const hdr = orig.copy();
    const tag = secTag(hdr, "decrypt");
    tag.payload = null;
    const data = orig.build();
    const hdrlen = this.headerLength();
    let aLen = assoclen;
    if (aLen === undefined || !this.doEncrypt) aLen = this.doEncrypt ? hdrlen : data.length - this.icvlen;
    if (data.length < aLen + this.icvlen || aLen < hdrlen) throw new AuthenticationFailed(`MACsecSA.decrypt: ${data.length} bytes cannot hold a ${hdrlen}-byte header and a ${this.icvlen}-byte ICV`);
    const iv = this.makeIv(hdr);
    const assoc = data.subarray(0, aLen);
    const opened = cryptoProvider().aeadOpen("aes-gcm", this.key, iv, data.subarray(aLen), assoc, this.icvlen);
    const pt = cat(assoc.subarray(hdrlen), opened);
    if (pt.length < 2) throw new AuthenticationFailed(`MACsecSA.decrypt: ${pt.length} bytes of secure data cannot hold an Ethertype`);
    tag.setFieldValue("type", (pt[0]! << 8) | pt[1]!);
    return hdr.div(Raw({ load: pt.subarray(2) }));
  }
}
