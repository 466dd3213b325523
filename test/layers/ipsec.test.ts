import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import {
  AH,
  bytesHex,
  ESP,
  fromHex,
  IP,
  IPSecIntegrityError,
  IPv6,
  isLayer,
  raw,
  SecurityAssociation,
  setCryptoProvider,
  TCP,
  UDP,
  type CryptoProvider,
  type Packet,
} from "../../src/index.ts";
import { buildSpec, decodeValue, layerByName, type Spec } from "../oracle/spec.ts";
import { tsharkAvailable, tsharkField, tsharkRead } from "../tshark.ts";

interface SaVector {
  id: string;
  params: Record<string, unknown> & { proto: "ESP" | "AH" };
  plain: Spec;
  plainBytes: string;
  iv: string | null;
  encrypted: string;
  encryptedLayers: string[];
  decrypted: string | null;
  decryptedLayers: string[] | null;
  seqAfter: number;
}

const vectors = (JSON.parse(readFileSync(new URL("../vectors/ipsec-sa.json", import.meta.url), "utf8")) as { vectors: SaVector[] }).vectors;
const names = (p: Packet) => p.layers().map((l) => l.name);

function sa(v: SaVector): SecurityAssociation {
  const { proto, note: _note, ...rest } = v.params;
  const o: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(rest)) o[k] = k.endsWith("_header") ? buildSpec(x as Spec) : decodeValue(x as never);
  return new SecurityAssociation(proto, o as never);
}

/** IP or IPv6 by the version nibble (a 6in4 tunnel's packets are IP). */
const first = (_v: SaVector, hex: string) => layerByName(hex.startsWith("6") ? "IPv6" : "IP")(fromHex(hex));

for (const v of vectors) {
  test(`${v.id}: encrypts to Scapy's bytes and decrypts them again`, () => {
    const s = sa(v);
    const plain = first(v, v.plainBytes);
    const enc = v.iv === null ? s.encrypt(plain) : s.encrypt(plain, { iv: fromHex(v.iv) });
    assert.equal(bytesHex(raw(enc)), v.encrypted, "encrypted bytes");
    // Scapy binds AH to IP at next header 0 (socket.IPPROTO_IP), so its tunnelled IPv4 is Raw there;
    // packetry binds it at 4 (RFC 4302 3.1.2) and reads the packet inside.
    const expected = v.encryptedLayers.join(",") === "IP,AH,Raw" && v.params.tunnel_header ? ["IP", "AH", ...names(first(v, v.decrypted!))] : v.encryptedLayers;
    assert.deepEqual(names(first(v, v.encrypted)), expected, "the encrypted packet's layers");
    assert.equal(s.seqNum, v.seqAfter, "the SA's next sequence number");
    if (v.decrypted === null) {
      assert.throws(() => s.decrypt(first(v, v.encrypted)), IPSecIntegrityError, "Scapy cannot decrypt it either");
      return;
    }
    const dec = s.decrypt(first(v, v.encrypted));
    assert.equal(bytesHex(raw(dec)), v.decrypted, "decrypted bytes");
    const inner = v.decryptedLayers!.join(",") === "Raw" && v.params.proto === "AH" ? names(first(v, v.decrypted)) : v.decryptedLayers;
    assert.deepEqual(names(dec), inner, "the decrypted packet's layers");
  });
}

test("a changed byte anywhere in an authenticated packet fails the integrity check", () => {
  const esp = new SecurityAssociation(ESP, { spi: 7, cryptAlgo: "AES-CBC", cryptKey: new Uint8Array(16).fill(1), authAlgo: "HMAC-SHA1-96", authKey: new Uint8Array(20).fill(2) });
  const gcm = new SecurityAssociation(ESP, { spi: 8, cryptAlgo: "AES-GCM", cryptKey: new Uint8Array(20).fill(3) });
  const ah = new SecurityAssociation(AH, { spi: 9, authAlgo: "SHA2-256-128", authKey: new Uint8Array(32).fill(4) });
  const p = IP({ src: "10.0.0.1", dst: "10.0.0.2" }).div(UDP({ sport: 1, dport: 2 }), "payload!");
  for (const s of [esp, gcm, ah]) {
    const bytes = raw(s.encrypt(p));
    // ttl (byte 8) is mutable for AH; the IP checksum (10, 11) is not covered by ESP.
    for (let i = 20; i < bytes.length; i++) {
      const bad = bytes.slice();
      bad[i] ^= 0x40;
      assert.throws(() => s.decrypt(IP(bad)), (e: Error) => e instanceof IPSecIntegrityError || e instanceof TypeError, `${s.proto.name} byte ${i}`);
    }
    const fine = IP(bytes);
    fine.ttl = 3;
    assert.equal(bytesHex(raw(s.decrypt(fine)).subarray(20)), bytesHex(raw(p).subarray(20)), `${s.proto.name}: a changed TTL is not covered`);
  }
});

test("SecurityAssociation takes Scapy's option names, refuses unknown ones and unimplemented algorithms", () => {
  const a = new SecurityAssociation("ESP", { spi: 1, crypt_algo: "AES-CTR", crypt_key: new Uint8Array(20), seq_num: 5 } as never);
  assert.equal(a.seqNum, 5);
  assert.equal(a.cryptSalt!.length, 4);
  assert.throws(() => new SecurityAssociation(ESP, { spi: 1, cryptAlgo: "AES-CBC", cryptKey: new Uint8Array(15) }), /invalid key size 15/);
  assert.throws(() => new SecurityAssociation(ESP, { spi: 1, cryptAlgo: "Blowfish" }), /not implemented/);
  assert.throws(() => new SecurityAssociation(ESP, { spi: 1, authAlgo: "AES-CMAC-96" }), /not implemented/);
  assert.throws(() => new SecurityAssociation(ESP, { spi: 1, cryptAlgo: "ROT13" }), /unsupported encryption algo/);
  assert.throws(() => new SecurityAssociation(ESP, { spi: 1, colour: "red" } as never), /unknown option "colour"/);
  assert.throws(() => new SecurityAssociation(AH, { spi: 1, natTHeader: UDP() }), /only allowed with ESP/);
  assert.throws(() => a.encrypt(UDP() as never), /supported protos are IP, IPv6/);
  assert.throws(() => a.encrypt(IP(), { iv: new Uint8Array(3) }), /iv length must be 8/);
  const other = new SecurityAssociation(ESP, { spi: 2 });
  assert.throws(() => other.decrypt(new SecurityAssociation(ESP, { spi: 3 }).encrypt(IP().div(UDP()))), /does not match the SA spi=0x2/);
});

test("ESN with ESP authentication covers the high sequence bits (Scapy 2.6)", () => {
  const mk = (esn: number) => new SecurityAssociation(ESP, { spi: 5, cryptAlgo: "AES-CBC", cryptKey: new Uint8Array(16), authAlgo: "HMAC-SHA1-96", authKey: new Uint8Array(20), esnEn: true, esn });
  const p = IP().div(UDP(), "x");
  const enc = mk(1).encrypt(p, { iv: new Uint8Array(16) });
  assert.equal(bytesHex(raw(mk(1).decrypt(IP(raw(enc))))), bytesHex(raw(p)));
  assert.throws(() => mk(2).decrypt(IP(raw(enc))), IPSecIntegrityError);
});

test("the crypto sits behind a provider: a page can install its own", () => {
  const calls: string[] = [];
  const fake: CryptoProvider = {
    hash: (h) => (calls.push(`hash ${h}`), new Uint8Array(16)),
    hmac: (h) => (calls.push(`hmac ${h}`), new Uint8Array(32)),
    cipher: (n, _e, _k, _iv, d) => (calls.push(n), d.slice()),
    aeadSeal: (n, _k, _iv, d, _a, t) => (calls.push(n), new Uint8Array(d.length + t)),
    aeadOpen: () => new Uint8Array(2),
    randomBytes: (n) => new Uint8Array(n),
  };
  setCryptoProvider(fake);
  try {
    new SecurityAssociation(ESP, { spi: 1, cryptAlgo: "AES-CBC", cryptKey: new Uint8Array(16), authAlgo: "SHA2-256-128", authKey: new Uint8Array(32) }).encrypt(IP().div(UDP()));
    assert.deepEqual(calls, ["aes-cbc", "hmac sha256"]);
  } finally {
    setCryptoProvider(null);
  }
});

test("AH and ESP headers dissect by IP protocol, IPv6 next header and UDP port 4500; AH carries IP and IPv6", () => {
  assert.deepEqual(names(IP(raw(IP().div(ESP({ spi: 1, data: "abc" }))))), ["IP", "ESP"]);
  assert.deepEqual(names(IPv6(raw(IPv6().div(ESP())))), ["IPv6", "ESP"]);
  assert.deepEqual(names(IP(raw(IP().div(UDP({ sport: 4500, dport: 4500 }), ESP())))), ["IP", "UDP", "ESP"]);
  const ah = IP(raw(IP().div(AH({ nh: 4, payloadlen: 4, icv: new Uint8Array(12) }), IP(), TCP())));
  assert.deepEqual(names(ah), ["IP", "AH", "IP", "TCP"]);
  assert.equal(ah.getLayer(AH)!.icv!.length, 12);
  // A payload length of 0 or 255 on few bytes: the ICV takes what the bytes hold.
  for (const len of [0, 1, 255]) IP(raw(IP().div(AH({ payloadlen: len, icv: new Uint8Array(4) })))).show2({ dump: true });
});

test("tshark reads the ESP and AH packets packetry makes (SPI, sequence, AH's next header and length)", { skip: !tsharkAvailable() && "tshark is not installed" }, () => {
  // One file per link type (raw IPv4, raw IPv6).
  const cases = vectors.map((v) => ({ id: v.id, p: first(v, v.encrypted) }));
  const views = new Map<string, ReturnType<typeof tsharkRead>[number]>();
  for (const [version, linktype] of [[4, 228], [6, 229]] as const) {
    const group = cases.filter((c) => isLayer(c.p, version === 4 ? IP : IPv6));
    tsharkRead(group.map((c) => c.p), { linktype }).forEach((view, i) => views.set(group[i]!.id, view));
  }
  cases.forEach(({ id, p }) => {
    const view = views.get(id)!;
    const where = id;
    assert.deepEqual(view.problems, [], `${where}: tshark's problems`);
    const esp = p.getLayer(ESP);
    const ah = p.getLayer(AH);
    if (esp) {
      assert.equal(tsharkField(view, "esp.spi"), "0x" + esp.spi.toString(16).padStart(8, "0"), where);
      assert.equal(tsharkField(view, "esp.sequence"), String(esp.seq), where);
    }
    // tshark nests IPv6's AH inside the ipv6 tree, which the inner ipv6 of a tunnel replaces in its JSON.
    if (ah && !view.protocols.includes("ipv6:ah:ipv6")) {
      assert.equal(tsharkField(view, "ah.spi"), "0x" + ah.spi.toString(16).padStart(8, "0"), where);
      assert.equal(tsharkField(view, "ah.sequence"), String(ah.seq), where);
      assert.equal(tsharkField(view, "ah.length"), String(ah.payloadlen), where);
      assert.equal(tsharkField(view, "ah.icv"), bytesHex(ah.icv!).replace(/(..)(?=.)/g, "$1:"), where);
    }
  });
});
