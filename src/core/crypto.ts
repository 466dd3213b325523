/**
 * The cryptography protocol layers need (IPsec's ciphers and MACs, RADIUS's MD5), behind one small synchronous
 * interface: Node's crypto module by default (fetched when first used, so the core imports nothing
 * a browser lacks), or any provider installed with setCryptoProvider (a browser page can install
 * one built on a synchronous JavaScript library; WebCrypto's promises would need an async variant).
 */

export type HashName = "md5" | "sha1" | "sha256" | "sha384" | "sha512";
/** Block and stream modes without padding: CBC over whole blocks, CTR with a 16-byte counter block. */
export type CipherName = "aes-cbc" | "aes-ctr" | "des-ede3-cbc";
export type AeadName = "aes-gcm" | "aes-ccm" | "chacha20-poly1305";

export interface CryptoProvider {
  /** The digest of data (RADIUS's authenticators are MD5 digests). */
  hash(hash: HashName, data: Uint8Array): Uint8Array;
  /** HMAC of data with key. */
  hmac(hash: HashName, key: Uint8Array, data: Uint8Array): Uint8Array;
  /** Encrypts or decrypts data (a whole number of blocks for CBC) with no padding added or removed. */
  cipher(name: CipherName, encrypt: boolean, key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array;
  /** Seals plaintext: the ciphertext followed by a tag of tagLength bytes. */
  aeadSeal(name: AeadName, key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array, aad: Uint8Array, tagLength: number): Uint8Array;
  /** Opens ciphertext followed by its tag; throws when the tag does not match. */
  aeadOpen(name: AeadName, key: Uint8Array, nonce: Uint8Array, sealed: Uint8Array, aad: Uint8Array, tagLength: number): Uint8Array;
  randomBytes(n: number): Uint8Array;
}

/** The tag of an AEAD cipher did not match (the data or the associated data were changed, or the key is wrong). */
export class AuthenticationFailed extends Error {
  override name = "AuthenticationFailed";
}

interface NodeCipher {
  update(data: Uint8Array): Uint8Array;
  final(): Uint8Array;
  setAutoPadding(on: boolean): void;
  setAAD(aad: Uint8Array, options?: { plaintextLength: number }): void;
  getAuthTag(): Uint8Array;
  setAuthTag(tag: Uint8Array): void;
}
interface NodeCrypto {
  createHash(hash: string): { update(d: Uint8Array): unknown; digest(): Uint8Array };
  createHmac(hash: string, key: Uint8Array): { update(d: Uint8Array): unknown; digest(): Uint8Array };
  createCipheriv(name: string, key: Uint8Array, iv: Uint8Array, options?: { authTagLength: number }): NodeCipher;
  createDecipheriv(name: string, key: Uint8Array, iv: Uint8Array, options?: { authTagLength: number }): NodeCipher;
  randomBytes(n: number): Uint8Array;
}

const u8 = (b: Uint8Array) => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
const concat = (a: Uint8Array, b: Uint8Array) => {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
};

function nodeName(name: CipherName | AeadName, keyLength: number): string {
  switch (name) {
    case "aes-cbc":
    case "aes-ctr":
    case "aes-gcm":
    case "aes-ccm":
      if (![16, 24, 32].includes(keyLength)) throw new RangeError(`${name}: the key is ${keyLength} bytes; AES takes 16, 24 or 32`);
      return `aes-${keyLength * 8}-${name.slice(4)}`;
    default:
      return name;
  }
}

/** The provider over Node's crypto module. */
export function nodeCryptoProvider(c: NodeCrypto): CryptoProvider {
  return {
    hash: (hash, data) => {
      const h = c.createHash(hash);
      h.update(data);
      return u8(h.digest());
    },
    hmac: (hash, key, data) => {
      const h = c.createHmac(hash, key);
      h.update(data);
      return u8(h.digest());
    },
    cipher: (name, encrypt, key, iv, data) => {
      const n = nodeName(name, key.length);
      const x = encrypt ? c.createCipheriv(n, key, iv) : c.createDecipheriv(n, key, iv);
      x.setAutoPadding(false);
      return concat(u8(x.update(data)), u8(x.final()));
    },
    aeadSeal: (name, key, nonce, plaintext, aad, tagLength) => {
      const x = c.createCipheriv(nodeName(name, key.length), key, nonce, { authTagLength: tagLength });
      x.setAAD(aad, { plaintextLength: plaintext.length });
      const body = concat(u8(x.update(plaintext)), u8(x.final()));
      return concat(body, u8(x.getAuthTag()));
    },
    aeadOpen: (name, key, nonce, sealed, aad, tagLength) => {
      if (sealed.length < tagLength) throw new AuthenticationFailed(`${name}: ${sealed.length} bytes cannot hold a ${tagLength}-byte tag`);
      const body = sealed.subarray(0, sealed.length - tagLength);
      const x = c.createDecipheriv(nodeName(name, key.length), key, nonce, { authTagLength: tagLength });
      x.setAuthTag(sealed.subarray(sealed.length - tagLength));
      x.setAAD(aad, { plaintextLength: body.length });
      const out = u8(x.update(body));
      try {
        return concat(out, u8(x.final()));
      } catch {
        throw new AuthenticationFailed(`${name}: the tag does not match`);
      }
    },
    randomBytes: (n) => u8(c.randomBytes(n)),
  };
}

let provider: CryptoProvider | null = null;

/** Installs the provider every layer uses (null: back to Node's crypto). */
export function setCryptoProvider(p: CryptoProvider | null): void {
  provider = p;
}

/** The provider in use; without one outside Node, a clear error. */
export function cryptoProvider(): CryptoProvider {
  if (provider !== null) return provider;
  const get = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule;
  const mod = get?.("node:crypto") as NodeCrypto | undefined;
  if (!mod) throw new Error("no cryptography available: outside Node, install a provider with setCryptoProvider()");
  provider = nodeCryptoProvider(mod);
  return provider;
}
