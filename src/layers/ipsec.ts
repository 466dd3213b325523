/**
 * IPsec as Scapy's layers/ipsec has it: the AH (RFC 4302) and ESP (RFC 4303) headers, and
 * SecurityAssociation, which encrypts and authenticates IP and IPv6 packets (transport or tunnel
 * mode, NAT traversal in UDP) and decrypts and verifies them again, byte for byte as Scapy does.
 * The cryptography goes through core/crypto's provider (Node's crypto by default).
 */
import { bindLayers } from "../core/bind.ts";
import { cryptoProvider, AuthenticationFailed, type AeadName, type CipherName, type HashName } from "../core/crypto.ts";
import { defineLayer } from "../core/define.ts";
import { byte, byteEnum, int, short, xint } from "../core/fields/integers.ts";
import { xstr, xstrLen } from "../core/fields/strings.ts";
import { isLayer, type Packet } from "../core/packet.ts";
import { guessPayloadSpec } from "../core/read/guess.ts";
import { Raw } from "../core/raw.ts";
import type { LayerRef } from "../core/state.ts";
import { IP_PROTOS } from "./data/ipProtocols.ts";
import { IP, UDP } from "./inet.ts";
import { IPv6, IPv6ExtHdrDestOpt, IPv6ExtHdrHopByHop, IPv6ExtHdrRouting } from "./inet6.ts";

// ---------------------------------------------------------------- headers

export const AH = defineLayer(
  "AH",
  [
    byteEnum("nh", null, IP_PROTOS),
    byte("payloadlen", null),
    short("reserved", null),
    xint("spi", 0x00000001),
    int("seq", 0),
    // The ICV with its padding: (payloadlen + 2) words less the 3 fixed ones. Only the SA knows
    // where the ICV ends, so `padding` stays empty when bytes are read (as in Scapy).
    xstrLen("icv", null),
    xstrLen("padding", null),
  ],
  { lengthFrom: { icv: (p) => ((p.payloadlen ?? 0) - 1) * 4, padding: () => 0 } },
);

export const ESP = defineLayer("ESP", [xint("spi", 0x00000001), int("seq", 0), xstr("data", null)]);

bindLayers(IP, AH, { proto: 51 });
bindLayers(IPv6, AH, { nh: 51 });
// Tunnel mode: IPv4 is next header 4 (RFC 4302 3.1.2; Scapy binds it at 0, socket.IPPROTO_IP, and
// so reads tunnelled IPv4 as Raw and builds AH()/IP() with next header 0).
bindLayers(AH, IP, { nh: 4 });
bindLayers(AH, IPv6, { nh: 41 });
bindLayers(IP, ESP, { proto: 50 });
bindLayers(IPv6, ESP, { nh: 50 });
// NAT traversal (RFC 3948).
bindLayers(UDP, ESP, { dport: 4500 });
bindLayers(UDP, ESP, { sport: 4500 });
// IPv6 extension headers before AH or ESP (Scapy's overload_fields).
for (const ext of [IPv6ExtHdrHopByHop, IPv6ExtHdrDestOpt, IPv6ExtHdrRouting]) {
  bindLayers(ext, AH, { nh: 51 });
  bindLayers(ext, ESP, { nh: 50 });
}

// ---------------------------------------------------------------- algorithms

/** IPsec's integrity check failed (or an AEAD tag did not match): Scapy's IPSecIntegrityError. */
export class IPSecIntegrityError extends Error {
  override name = "IPSecIntegrityError";
}

interface CryptAlgo {
  readonly name: string;
  readonly blockSize: number;
  readonly ivSize: number;
  readonly keySizes: readonly number[] | null;
  readonly saltSize: number;
  /** Tag length of an AEAD algorithm (0 otherwise). */
  readonly icvSize: number;
  readonly cipher?: CipherName;
  readonly aead?: AeadName;
  /** The AEAD API ignores a smaller ICV size asked for (Scapy's AESGCM and ChaCha20Poly1305 objects). */
  readonly fixedTag?: boolean;
  /** The cipher's IV or nonce from the SA's salt and the packet's IV. */
  readonly modeIv?: (salt: Uint8Array, iv: Uint8Array) => Uint8Array;
}

const cat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};
const saltThenIv = (salt: Uint8Array, iv: Uint8Array) => cat(salt, iv);

export const CRYPT_ALGOS: Readonly<Record<string, CryptAlgo>> = {
  NULL: { name: "NULL", blockSize: 1, ivSize: 0, keySizes: null, saltSize: 0, icvSize: 0 },
  "AES-CBC": { name: "AES-CBC", blockSize: 16, ivSize: 16, keySizes: [16, 24, 32], saltSize: 0, icvSize: 0, cipher: "aes-cbc" },
  // RFC 3686: the counter block is the salt, the IV and a block counter starting at 1.
  "AES-CTR": {
    name: "AES-CTR",
    blockSize: 1,
    ivSize: 8,
    keySizes: [16, 24, 32],
    saltSize: 4,
    icvSize: 0,
    cipher: "aes-ctr",
    modeIv: (salt, iv) => cat(salt, iv, Uint8Array.of(0, 0, 0, 1)),
  },
  "AES-GCM": { name: "AES-GCM", blockSize: 1, ivSize: 8, keySizes: [16, 24, 32], saltSize: 4, icvSize: 16, aead: "aes-gcm", fixedTag: true, modeIv: saltThenIv },
  "AES-CCM": { name: "AES-CCM", blockSize: 1, ivSize: 8, keySizes: [16, 24, 32], saltSize: 3, icvSize: 16, aead: "aes-ccm", modeIv: saltThenIv },
  "CHACHA20-POLY1305": { name: "CHACHA20-POLY1305", blockSize: 1, ivSize: 8, keySizes: [32], saltSize: 4, icvSize: 16, aead: "chacha20-poly1305", fixedTag: true, modeIv: saltThenIv },
  "3DES": { name: "3DES", blockSize: 8, ivSize: 8, keySizes: [16, 24], saltSize: 0, icvSize: 0, cipher: "des-ede3-cbc" },
};

interface AuthAlgo {
  readonly name: string;
  readonly hash: HashName | null;
  readonly icvSize: number;
}

export const AUTH_ALGOS: Readonly<Record<string, AuthAlgo>> = {
  NULL: { name: "NULL", hash: null, icvSize: 0 },
  "HMAC-SHA1-96": { name: "HMAC-SHA1-96", hash: "sha1", icvSize: 12 },
  "SHA2-256-128": { name: "SHA2-256-128", hash: "sha256", icvSize: 16 },
  "SHA2-384-192": { name: "SHA2-384-192", hash: "sha384", icvSize: 24 },
  "SHA2-512-256": { name: "SHA2-512-256", hash: "sha512", icvSize: 32 },
  "HMAC-MD5-96": { name: "HMAC-MD5-96", hash: "md5", icvSize: 12 },
};

/** Scapy's algorithms that packetry does not implement (a clear error, never a silent NULL). */
const UNIMPLEMENTED = new Set(["DES", "CAST", "Blowfish", "AES-CMAC-96"]);

// ---------------------------------------------------------------- packet surgery

const bytesOf = (p: Packet | null): Uint8Array => (p === null ? new Uint8Array(0) : p.build());
const lenOf = (p: Packet | null) => bytesOf(p).length;
const isV4 = (p: Packet) => p.getFieldValue("version") === 4;
const u32 = (...values: number[]) => {
  const out = new Uint8Array(4 * values.length);
  const dv = new DataView(out.buffer);
  values.forEach((v, i) => dv.setUint32(4 * i, v >>> 0));
  return out;
};
/** A fresh dissection of p's bytes by p's own class (Scapy's `pkt.__class__(raw(pkt))`). */
const redissect = <T extends Packet>(p: T): T => p.spec.cls(p.build()) as T;
/** Class of p's payload for these bytes (Scapy's guess_payload_class). */
const payloadClassFor = (p: Packet, data: Uint8Array): LayerRef => guessPayloadSpec(p, data, 0, data.length).cls;

const EXT_HEADERS = [IPv6ExtHdrHopByHop, IPv6ExtHdrRouting, IPv6ExtHdrDestOpt];
const isExtHeader = (p: Packet | null) => p !== null && EXT_HEADERS.some((e) => isLayer(p, e));

/**
 * Where an ESP or AH header goes (Scapy's split_for_transport): after the IPv4 header, or after
 * IPv6's hop-by-hop, routing and the destination options before a routing header. Returns the
 * header part (with `proto` as its next protocol), the next protocol it had, and the payload.
 */
function splitForTransport(orig: Packet, proto: number): [Packet, number, Packet | null] {
  const header = redissect(orig);
  const next = header.payload;
  if (isV4(header)) {
    const nh = header.getFieldValue("proto") as number;
    header.setFieldValue("proto", proto);
    header.payload = null;
    header.reset("chksum", "len");
    return [header, nh, next];
  }
  let foundRouting = false;
  let prev: Packet = header;
  let nextHdr = next;
  while (isExtHeader(nextHdr)) {
    if (isLayer(nextHdr, IPv6ExtHdrRouting)) foundRouting = true;
    else if (isLayer(nextHdr, IPv6ExtHdrDestOpt) && foundRouting) break;
    prev = nextHdr!;
    nextHdr = nextHdr!.payload;
  }
  const nh = prev.getFieldValue("nh") as number;
  prev.setFieldValue("nh", proto);
  prev.payload = null;
  header.reset("plen");
  return [header, nh, nextHdr];
}

/** IPv4 options whose values do not change in transit (RFC 4302 appendix A). */
const IMMUTABLE_IPV4_OPTIONS = new Set([0, 1, 2, 5, 6, 20, 21]);

/** RFC 4302 3.3.3.1: the packet as the ICV covers it, mutable fields zeroed (Scapy's zero_mutable_fields; p is changed). */
function zeroMutableFields(p: Packet, sending: boolean): Packet {
  const ah = p.getLayer(AH);
  if (!ah) throw new TypeError("no AH layer found");
  ah.icv = new Uint8Array((ah.icv ?? new Uint8Array(0)).length);
  if (isV4(p)) {
    p.setFieldValue("tos", 0).setFieldValue("flags", 0).setFieldValue("ttl", 0).setFieldValue("chksum", 0);
    const options = (p.getFieldValue("options") as Packet[]).map((o) => {
      const n = o.spec.layout.fieldIndex.has("option") ? (o.getFieldValue("option") as number) : -1;
      return IMMUTABLE_IPV4_OPTIONS.has(n) ? o : Raw({ load: new Uint8Array(lenOf(o)) });
    });
    p.setFieldValue("options", options);
    return p;
  }
  p.setFieldValue("tc", 0).setFieldValue("fl", 0).setFieldValue("hlim", 0);
  for (let next = p.payload; isExtHeader(next); next = next!.payload) {
    const h = next!;
    if (isLayer(h, IPv6ExtHdrHopByHop) || isLayer(h, IPv6ExtHdrDestOpt)) {
      for (const opt of h.getFieldValue("options") as Packet[]) {
        if ((opt.getFieldValue("otype") as number) & 0x20) opt.setFieldValue("optdata", new Uint8Array((opt.getFieldValue("optlen") as number | null) ?? 0));
      }
      // The options were changed in place: the header is written again from its values.
      h.setFieldValue("options", [...(h.getFieldValue("options") as Packet[])]);
    } else if (isLayer(h, IPv6ExtHdrRouting) && sending) {
      h.setFieldValue("segleft", 0);
      const addresses = [...(h.getFieldValue("addresses") as string[])];
      if (addresses.length) {
        const final = addresses.pop()!;
        addresses.unshift(p.getFieldValue("dst") as string);
        h.setFieldValue("addresses", addresses);
        p.setFieldValue("dst", final);
      }
    } else break;
  }
  return p;
}

// ---------------------------------------------------------------- the security association

export interface SecurityAssociationOptions {
  spi: number;
  /** The first sequence number of packets encrypted (default 1). */
  seqNum?: number;
  /** "NULL", "AES-CBC", "AES-CTR", "AES-GCM", "AES-CCM", "CHACHA20-POLY1305", "3DES" (ESP only). */
  cryptAlgo?: string;
  /** The key; for salted algorithms (CTR, GCM, CCM, ChaCha20) the salt is its last bytes, as in Scapy. */
  cryptKey?: Uint8Array | string;
  /** The ICV size of an AEAD algorithm, when not its default (Scapy's crypt_icv_size). */
  cryptIcvSize?: number;
  /** "NULL", "HMAC-SHA1-96", "SHA2-256-128", "SHA2-384-192", "SHA2-512-256", "HMAC-MD5-96". */
  authAlgo?: string;
  authKey?: Uint8Array | string;
  /** An IP or IPv6 header: tunnel mode (the whole packet is carried inside it). */
  tunnelHeader?: Packet;
  /** A UDP header: ESP in UDP for NAT traversal (RFC 3948). */
  natTHeader?: Packet;
  /** Extended sequence numbers: the high 32 bits (esn) join the authenticated data. */
  esnEn?: boolean;
  esn?: number;
}

export interface EncryptOptions {
  /** This sequence number instead of the SA's (which then does not advance). */
  seqNum?: number;
  /** This IV instead of a random one (its length is the algorithm's IV size). */
  iv?: Uint8Array | string;
  esnEn?: boolean;
  esn?: number;
}

export interface DecryptOptions {
  /** false: no integrity check (Scapy's verify=False). */
  verify?: boolean;
  esnEn?: boolean;
  esn?: number;
}

const SNAKE: Record<string, string> = {
  seq_num: "seqNum",
  crypt_algo: "cryptAlgo",
  crypt_key: "cryptKey",
  crypt_icv_size: "cryptIcvSize",
  auth_algo: "authAlgo",
  auth_key: "authKey",
  tunnel_header: "tunnelHeader",
  nat_t_header: "natTHeader",
  esn_en: "esnEn",
};

/** Options given with Scapy's names (crypt_algo=...) are the same as camelCase ones; an unknown name is an error. */
function optionsOf<T extends object>(given: object | undefined, known: readonly string[], what: string): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(given ?? {})) {
    const name = SNAKE[k] ?? k;
    if (!known.includes(name)) throw new TypeError(`${what}: unknown option ${JSON.stringify(k)} (options: ${known.join(", ")})`);
    if (v !== undefined && v !== null) out[name] = v;
  }
  return out as T;
}

const toBytes = (v: Uint8Array | string | undefined): Uint8Array | null =>
  v === undefined ? null : typeof v === "string" ? Uint8Array.from(v, (c) => c.charCodeAt(0) & 0xff) : v;

const equalBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

/** Scapy's SecurityAssociation: `new SecurityAssociation(ESP, {spi, cryptAlgo, cryptKey, authAlgo, authKey, tunnelHeader})`. */
export class SecurityAssociation {
  readonly proto: typeof ESP | typeof AH;
  readonly spi: number;
  seqNum: number;
  readonly esnEn: boolean;
  readonly esn: number;
  readonly cryptAlgo: CryptAlgo;
  readonly cryptKey: Uint8Array | null;
  readonly cryptSalt: Uint8Array | null;
  readonly cryptIcvSize: number | null;
  readonly authAlgo: AuthAlgo;
  readonly authKey: Uint8Array | null;
  readonly tunnelHeader: Packet | null;
  readonly natTHeader: Packet | null;

  /** `(ESP, {spi, ...})`, or Scapy's order `(ESP, spi, {...})` (the shell's `SecurityAssociation(ESP, spi=1, crypt_algo=...)`). */
  constructor(proto: typeof ESP | typeof AH | "ESP" | "AH", spi: number | SecurityAssociationOptions, options: Omit<SecurityAssociationOptions, "spi"> = {}) {
    const known = ["spi", "seqNum", "cryptAlgo", "cryptKey", "cryptIcvSize", "authAlgo", "authKey", "tunnelHeader", "natTHeader", "esnEn", "esn"];
    const o = optionsOf<SecurityAssociationOptions>(typeof spi === "number" ? { ...options, spi } : spi, known, "SecurityAssociation");
    if (proto === "ESP" || proto === ESP) this.proto = ESP;
    else if (proto === "AH" || proto === AH) this.proto = AH;
    else throw new TypeError("SecurityAssociation: proto must be either ESP or AH");
    if (typeof o.spi !== "number") throw new TypeError("SecurityAssociation: spi is required");
    this.spi = o.spi;
    this.seqNum = o.seqNum ?? 1;
    this.esnEn = o.esnEn ?? false;
    this.esn = o.esn ?? 0;
    if (o.cryptAlgo) {
      if (UNIMPLEMENTED.has(o.cryptAlgo)) throw new TypeError(`SecurityAssociation: the encryption algorithm ${o.cryptAlgo} is not implemented (${Object.keys(CRYPT_ALGOS).join(", ")} are)`);
      const algo = CRYPT_ALGOS[o.cryptAlgo];
      if (!algo) throw new TypeError(`unsupported encryption algo ${JSON.stringify(o.cryptAlgo)}, try ${Object.keys(CRYPT_ALGOS).join(", ")}`);
      this.cryptAlgo = algo;
      const key = toBytes(o.cryptKey);
      if (key) {
        this.cryptKey = key.subarray(0, key.length - algo.saltSize);
        this.cryptSalt = key.subarray(key.length - algo.saltSize);
        if (algo.keySizes && !algo.keySizes.includes(this.cryptKey.length)) {
          throw new TypeError(`invalid key size ${this.cryptKey.length}, must be ${algo.keySizes.join(" or ")}${algo.saltSize ? ` (plus a ${algo.saltSize}-byte salt)` : ""}`);
        }
      } else {
        this.cryptKey = null;
        this.cryptSalt = null;
      }
    } else {
      this.cryptAlgo = CRYPT_ALGOS.NULL!;
      this.cryptKey = null;
      this.cryptSalt = null;
    }
    this.cryptIcvSize = o.cryptIcvSize ?? null;
    if (o.authAlgo) {
      if (UNIMPLEMENTED.has(o.authAlgo)) throw new TypeError(`SecurityAssociation: the integrity algorithm ${o.authAlgo} is not implemented (${Object.keys(AUTH_ALGOS).join(", ")} are)`);
      const algo = AUTH_ALGOS[o.authAlgo];
      if (!algo) throw new TypeError(`unsupported integrity algo ${JSON.stringify(o.authAlgo)}, try ${Object.keys(AUTH_ALGOS).join(", ")}`);
      this.authAlgo = algo;
      this.authKey = toBytes(o.authKey);
    } else {
      this.authAlgo = AUTH_ALGOS.NULL!;
      this.authKey = null;
    }
    if (o.tunnelHeader && !(isLayer(o.tunnelHeader, IP) || isLayer(o.tunnelHeader, IPv6))) throw new TypeError("tunnel_header must be IP or IPv6");
    this.tunnelHeader = o.tunnelHeader ?? null;
    if (o.natTHeader) {
      if (this.proto !== ESP) throw new TypeError("nat_t_header is only allowed with ESP");
      if (!isLayer(o.natTHeader, UDP)) throw new TypeError("nat_t_header must be UDP");
    }
    this.natTHeader = o.natTHeader ?? null;
  }

  /** Encrypts (ESP) or authenticates (AH) an IP or IPv6 packet, encapsulating it in tunnel mode. */
  encrypt(pkt: Packet, opts?: EncryptOptions): Packet {
    const o = optionsOf<EncryptOptions>(opts, ["seqNum", "iv", "esnEn", "esn"], "SecurityAssociation.encrypt");
    if (!(isLayer(pkt, IP) || isLayer(pkt, IPv6))) throw new TypeError(`cannot encrypt ${pkt.spec.name}, supported protos are IP, IPv6`);
    return this.proto === ESP ? this.encryptEsp(pkt, o) : this.encryptAh(pkt, o);
  }

  /** Decrypts and verifies (ESP) or verifies (AH) a packet, decapsulating it in tunnel mode. */
  decrypt(pkt: Packet, opts?: DecryptOptions): Packet {
    const o = optionsOf<DecryptOptions>(opts, ["verify", "esnEn", "esn"], "SecurityAssociation.decrypt");
    if (!(isLayer(pkt, IP) || isLayer(pkt, IPv6))) throw new TypeError(`cannot decrypt ${pkt.spec.name}, supported protos are IP, IPv6`);
    if (this.proto === ESP && pkt.hasLayer(ESP)) return this.decryptEsp(pkt, o);
    if (this.proto === AH && pkt.hasLayer(AH)) return this.decryptAh(pkt, o);
    throw new TypeError(`${pkt.summary()} has no ${this.proto.name} layer`);
  }

  private checkSpi(spi: number): void {
    if (spi !== this.spi) throw new TypeError(`packet spi=0x${spi.toString(16)} does not match the SA spi=0x${this.spi.toString(16)}`);
  }

  /** Tunnel mode: the packet inside the tunnel header, as bytes dissected again. */
  private tunnelled(pkt: Packet): Packet {
    if (!this.tunnelHeader) return pkt;
    const tunnel = this.tunnelHeader.copy();
    if (isV4(tunnel)) tunnel.reset("proto", "len", "chksum");
    else tunnel.reset("nh", "plen");
    return tunnel.spec.cls(tunnel.div(pkt).build());
  }

  private mac(key: Uint8Array | null, data: Uint8Array): Uint8Array {
    const a = this.authAlgo;
    if (!key) throw new TypeError(`${a.name}: the SA has no auth_key`);
    return cryptoProvider().hmac(a.hash!, key, data).subarray(0, a.icvSize);
  }

  private encryptEsp(pkt: Packet, o: EncryptOptions): Packet {
    const algo = this.cryptAlgo;
    let iv = toBytes(o.iv);
    if (iv === null) iv = cryptoProvider().randomBytes(algo.ivSize);
    else if (iv.length !== algo.ivSize) throw new TypeError(`iv length must be ${algo.ivSize}`);
    const seq = o.seqNum || this.seqNum;
    const [ipHeader0, nh, payload] = splitForTransport(this.tunnelled(pkt), 50);
    let ipHeader = ipHeader0;
    // Padding to the block size and to 32 bits, bytes 1, 2, 3... (RFC 4303 2.4).
    const data = bytesOf(payload);
    const align = lcm(algo.blockSize, 4);
    const padlen = (align - ((data.length + 2) % align)) % align;
    const padding = Uint8Array.from({ length: padlen }, (_, i) => i + 1);
    const plain = cat(data, padding, Uint8Array.of(padlen, nh));
    const esnEn = o.esnEn || this.esnEn;
    const esn = o.esn || this.esn;
    let body: Uint8Array = plain;
    if (algo.cipher || algo.aead) {
      if (!this.cryptKey) throw new TypeError(`${algo.name}: the SA has no crypt_key`);
      const modeIv = algo.modeIv ? algo.modeIv(this.cryptSalt!, iv) : iv;
      if (algo.aead) {
        const aad = esnEn ? u32(this.spi, esn, seq) : u32(this.spi, seq);
        const tag = algo.fixedTag ? algo.icvSize : (this.cryptIcvSize ?? algo.icvSize);
        body = cryptoProvider().aeadSeal(algo.aead, this.cryptKey, modeIv, plain, aad, tag);
      } else body = cryptoProvider().cipher(algo.cipher!, true, this.cryptKey, modeIv, plain);
    }
    const esp = ESP({ spi: this.spi, seq, data: cat(iv, body) });
    // RFC 4303 2.2.1: with extended sequence numbers the high half is authenticated too (Scapy 2.6).
    if (this.authAlgo.hash) esp.data = cat(esp.data!, this.mac(this.authKey, esnEn ? cat(esp.build(), u32(esn)) : esp.build()));
    if (this.natTHeader) {
      const udp = this.natTHeader.copy();
      udp.setFieldValue("chksum", 0).reset("len");
      ipHeader.reset(isV4(ipHeader) ? "proto" : "nh");
      ipHeader = ipHeader.div(udp);
    }
    ipHeader.reset(...(isV4(ipHeader) ? ["len", "chksum"] : ["plen"]));
    if (o.seqNum === undefined) this.seqNum += 1;
    // Lengths (the NAT-T UDP header's too) computed over the whole packet, read back (Scapy 2.6).
    return redissect(ipHeader.div(esp));
  }

  private encryptAh(pkt: Packet, o: EncryptOptions): Packet {
    const icvSize = this.authAlgo.icvSize;
    const ah = AH({ spi: this.spi, seq: o.seqNum || this.seqNum, icv: new Uint8Array(icvSize) });
    const [ipHeader0, nh, payload] = splitForTransport(this.tunnelled(pkt), 51);
    let ipHeader = ipHeader0;
    ah.nh = nh;
    const unit = isV4(ipHeader) ? 4 : 8;
    if (lenOf(ah) % unit !== 0) ah.padding = new Uint8Array((unit - (lenOf(ah) % unit)) % unit);
    ah.payloadlen = lenOf(ah) / 4 - 2;
    if (isV4(ipHeader)) {
      ipHeader.setFieldValue("len", lenOf(ipHeader) + lenOf(ah) + lenOf(payload));
      ipHeader.reset("chksum");
      ipHeader = redissect(ipHeader);
    } else ipHeader.setFieldValue("plen", lenOf(ipHeader.payload) + lenOf(ah) + lenOf(payload));
    const signed = payload ? ipHeader.div(ah, payload) : ipHeader.div(ah);
    if (this.authAlgo.hash) {
      const esnEn = o.esnEn || this.esnEn;
      const clone = zeroMutableFields(signed.copy(), true).build();
      const icv = this.mac(this.authKey, esnEn ? cat(clone, u32(o.esn || this.esn)) : clone);
      signed.getLayer(AH)!.icv = icv;
    }
    if (o.seqNum === undefined) this.seqNum += 1;
    return signed;
  }

  private decryptEsp(pkt: Packet, o: DecryptOptions): Packet {
    const encrypted = pkt.getLayer(ESP)!;
    const data = encrypted.data ?? new Uint8Array(0);
    const authIcv = this.authAlgo.hash ? this.authAlgo.icvSize : 0;
    if (o.verify !== false) {
      this.checkSpi(encrypted.spi);
      if (authIcv) {
        const given = data.subarray(data.length - authIcv);
        const clone = encrypted.copy();
        clone.payload = null;
        clone.data = data.subarray(0, data.length - authIcv);
        const signed = clone.build();
        const computed = this.mac(this.authKey, o.esnEn || this.esnEn ? cat(signed, u32(o.esn || this.esn)) : signed);
        if (!equalBytes(given, computed)) throw new IPSecIntegrityError(`pkt_icv=${hexOf(given)}, computed_icv=${hexOf(computed)}`);
      }
    }
    const algo = this.cryptAlgo;
    const icvSize = this.cryptIcvSize || algo.icvSize || this.authAlgo.icvSize;
    const iv = data.subarray(0, algo.ivSize);
    let body = data.subarray(algo.ivSize, data.length - icvSize);
    const icv = data.subarray(data.length - icvSize);
    if (algo.cipher || algo.aead) {
      if (!this.cryptKey) throw new TypeError(`${algo.name}: the SA has no crypt_key`);
      const modeIv = algo.modeIv ? algo.modeIv(this.cryptSalt!, iv) : iv;
      if (algo.aead) {
        const esnEn = o.esnEn || this.esnEn;
        const aad = esnEn ? u32(encrypted.spi, o.esn || this.esn, encrypted.seq) : u32(encrypted.spi, encrypted.seq);
        try {
          body = cryptoProvider().aeadOpen(algo.aead, this.cryptKey, modeIv, cat(body, icv), aad, icv.length);
        } catch (e) {
          if (e instanceof AuthenticationFailed) throw new IPSecIntegrityError(e.message);
          throw e;
        }
      } else {
        if (algo.blockSize > 1 && body.length % algo.blockSize !== 0) throw new IPSecIntegrityError(`${algo.name}: ${body.length} bytes of ciphertext are not whole ${algo.blockSize}-byte blocks`);
        body = cryptoProvider().cipher(algo.cipher!, false, this.cryptKey, modeIv, body);
      }
    }
    if (body.length < 2) throw new IPSecIntegrityError(`ESP: ${body.length} bytes of payload cannot hold the pad length and next header`);
    const padlen = body[body.length - 2]!;
    const nh = body[body.length - 1]!;
    const inner = body.slice(0, Math.max(0, body.length - padlen - 2));
    if (this.tunnelHeader) {
      pkt.payload = null;
      pkt.setFieldValue(isV4(pkt) ? "proto" : "nh", nh);
      return payloadClassFor(pkt, inner)(inner);
    }
    let ipHeader = pkt;
    if (isV4(ipHeader)) {
      ipHeader.setFieldValue("proto", nh);
      ipHeader.reset("chksum");
      ipHeader.payload = null;
      ipHeader.setFieldValue("len", lenOf(ipHeader) + inner.length);
      ipHeader = redissect(ipHeader);
    } else {
      // Under NAT-T the UDP header goes too; otherwise ESP's own underlayer carries the next header.
      const under = this.natTHeader ? ipHeader : encrypted.underlayer!;
      under.setFieldValue("nh", nh);
      under.payload = null;
      ipHeader.setFieldValue("plen", lenOf(ipHeader.payload) + inner.length);
    }
    return ipHeader.div(payloadClassFor(ipHeader, inner)(inner));
  }

  private decryptAh(pkt: Packet, o: DecryptOptions): Packet {
    if (o.verify !== false) {
      this.checkSpi(pkt.getLayer(AH)!.spi);
      if (this.authAlgo.hash && this.authAlgo.icvSize) {
        const ah = pkt.getLayer(AH)!;
        const size = this.authAlgo.icvSize;
        const icv = ah.icv ?? new Uint8Array(0);
        if (icv.length !== size) {
          ah.padding = icv.slice(size);
          ah.icv = icv.slice(0, size);
        }
        const given = ah.icv!;
        const clone = zeroMutableFields(pkt.copy(), false).build();
        const esnEn = o.esnEn || this.esnEn;
        const computed = this.mac(this.authKey, esnEn ? cat(clone, u32(o.esn || this.esn)) : clone);
        if (!equalBytes(given, computed)) throw new IPSecIntegrityError(`pkt_icv=${hexOf(given)}, computed_icv=${hexOf(computed)}`);
      }
    }
    const ah = pkt.getLayer(AH)!;
    const payload = ah.payload;
    ah.payload = null;
    if (payload) payload._s.under = null;
    if (this.tunnelHeader) return payload ?? Raw();
    let ipHeader = pkt;
    if (isV4(ipHeader)) {
      ipHeader.setFieldValue("proto", ah.nh);
      ipHeader.reset("chksum");
      ipHeader.payload = null;
      ipHeader.setFieldValue("len", lenOf(ipHeader) + lenOf(payload));
      ipHeader = redissect(ipHeader);
    } else {
      const under = ah.underlayer!;
      under.setFieldValue("nh", ah.nh);
      under.payload = null;
      ipHeader.setFieldValue("plen", lenOf(ipHeader.payload) + lenOf(payload));
    }
    return payload ? ipHeader.div(payload) : ipHeader;
  }
}

function lcm(a: number, b: number): number {
  if (a === 0 || b === 0) return 0;
  const gcd = (x: number, y: number): number => (y === 0 ? x : gcd(y, x % y));
  return Math.abs(a * b) / gcd(a, b);
}

const hexOf = (b: Uint8Array) => [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
