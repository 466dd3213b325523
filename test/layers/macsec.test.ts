import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { AuthenticationFailed, bytesHex, Ether, fromHex, IP, isLayer, MACsec, MACsecSA, raw, type MACsecSAOptions } from "../../src/index.ts";
import { buildSpec, type Spec } from "../oracle/spec.ts";

interface SaVector {
  id: string;
  params: Record<string, unknown>;
  assoclen: number | null;
  plain: Spec;
  plainBytes: string;
  encap: string;
  encrypted: string;
  encryptedSummary: string;
  decrypted: string;
  decryptedType: number;
  decap: string;
  decapSummary: string;
}

const vectors = (JSON.parse(readFileSync(new URL("../vectors/macsec-sa.json", import.meta.url), "utf8")) as { vectors: SaVector[] }).vectors;
const camel = (k: string) => k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** The SA of a vector: bytes as Uint8Array, integers past 2**53 as bigint. */
function saOf(v: SaVector): MACsecSA {
  const o: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v.params)) {
    const wrapped = x !== null && typeof x === "object" ? (x as { $bytes?: string; $int?: string }) : null;
    o[camel(k)] = wrapped?.$bytes !== undefined ? fromHex(wrapped.$bytes) : wrapped?.$int !== undefined ? BigInt(wrapped.$int) : x;
  }
  return new MACsecSA(o as unknown as MACsecSAOptions);
}

test("Scapy's MACsecSA vectors: GCM-AES-128/256, XPN, integrity only, no SCI, confidentiality offset", () => {
  assert.ok(vectors.length >= 10);
  for (const v of vectors) {
    const sa = saOf(v);
    const plain = Ether(raw(buildSpec(v.plain)));
    assert.equal(bytesHex(raw(plain)), v.plainBytes, `${v.id}: plain`);
    const encap = sa.encap(plain);
    assert.equal(bytesHex(raw(encap)), v.encap, `${v.id}: encap`);
    const enc = v.assoclen === null ? sa.encrypt(encap) : sa.encrypt(encap, v.assoclen);
    assert.equal(bytesHex(raw(enc)), v.encrypted, `${v.id}: encrypt`);
    assert.equal(enc.summary(), v.encryptedSummary, `${v.id}: summary`);
    const wire = Ether(fromHex(v.encrypted));
    const dec = v.assoclen === null ? sa.decrypt(wire) : sa.decrypt(wire, v.assoclen);
    assert.equal(bytesHex(raw(dec)), v.decrypted, `${v.id}: decrypt`);
    const tag = dec.getLayer(MACsec);
    assert.ok(tag && isLayer(tag, MACsec) && tag.type === v.decryptedType, `${v.id}: inner type`);
    const decap = sa.decap(dec);
    assert.equal(bytesHex(raw(decap)), v.decap, `${v.id}: decap`);
    assert.equal(decap.summary(), v.decapSummary, `${v.id}: decap summary`);
  }
});

test("MACsecSA refuses frames whose ICV, header or key does not match", () => {
  const v = vectors[0]!;
  const sa = saOf(v);
  const bytes = fromHex(v.encrypted);
  for (const at of [0, 14, 20, bytes.length - 20, bytes.length - 1]) {
    const bad = bytes.slice();
    bad[at]! ^= 0x01;
    assert.throws(() => sa.decrypt(Ether(bad)), AuthenticationFailed, `byte ${at} flipped`);
  }
  const other = new MACsecSA({ sci: 0x0200000000010001n, an: 0, pn: 1, key: new Uint8Array(16), encrypt: true, sendSci: true });
  assert.throws(() => other.decrypt(Ether(bytes)), AuthenticationFailed);
  assert.throws(() => sa.decrypt(Ether(bytes.subarray(0, 30))), AuthenticationFailed);
});

test("MACsecSA's options: Scapy's positional order, clear errors for what is wrong or not implemented", () => {
  const key = new Uint8Array(16).fill(7);
  const a = new MACsecSA(0x0200000000010001n, 0, 1, key, 16, true, true);
  const b = new MACsecSA({ sci: Uint8Array.of(2, 0, 0, 0, 0, 1, 0, 1), an: 0, pn: 1, key, icvlen: 16, encrypt: 1, sendSci: 1 });
  const frame = Ether({ src: "02:00:00:00:00:01", dst: "02:00:00:00:00:02" }).div(IP({ src: "10.0.0.1", dst: "10.0.0.2" }));
  assert.equal(bytesHex(raw(a.encrypt(a.encap(frame)))), bytesHex(raw(b.encrypt(b.encap(frame)))));
  assert.throws(() => new MACsecSA({ sci: 1, an: 0, pn: 1, key, icvlen: 8, encrypt: true, sendSci: true }), /icvlen 8 is not implemented/);
  assert.throws(() => new MACsecSA({ sci: 1, an: 4, pn: 1, key, encrypt: true, sendSci: true }), /an must be 0..3/);
  assert.throws(() => new MACsecSA({ sci: 1, an: 0, pn: 1, key: new Uint8Array(24), encrypt: true, sendSci: true }), /GCM-AES takes 16 \(128\) or 32 \(256\)/);
  assert.throws(() => new MACsecSA({ sci: 1, an: 0, pn: 1, key, encrypt: true, sendSci: true, xpnEn: true }), /SSCI must be either bytes or int/);
  assert.throws(() => new MACsecSA({ sci: 1, an: 0, pn: 1, key, encrypt: true, sendSci: true, bogus: 1 } as unknown as MACsecSAOptions), /MACsecSA\(\) got an unexpected keyword argument 'bogus'/);
  assert.throws(() => new MACsecSA({ sci: 0x0200000000010001, an: 0, pn: 1, key, encrypt: true, sendSci: true }), /not a safe integer: give a bigint/);
  assert.throws(() => a.encap(IP()), /must be Ethernet/);
  assert.throws(() => a.decap(frame), /must be Ethernet\/MACsec/);
  assert.throws(() => a.encrypt(frame), /has no MACsec layer/);
});
