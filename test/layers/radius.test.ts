/**
 * RADIUS's digests come from the crypto provider (src/core/crypto.ts), as IPsec's do: a provider
 * installed with setCryptoProvider serves them. Their values are checked against freeradius in
 * names-access-captures.test.ts; here, against Scapy's for a message built from scratch
 * (python3-scapy 2.5: the built Radius(code=2, id=7, attributes=[RadiusAttr_Message_Authenticator()])
 * dissected again, compute_authenticator and compute_message_authenticator over 16 zero bytes and
 * "secret").
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { bytesHex, raw, computeMessageAuthenticator, cryptoProvider, Radius, RadiusAttr_Message_Authenticator, setCryptoProvider, type CryptoProvider } from "../../src/index.ts";

const message = () => Radius(raw(Radius({ code: 2, id: 7, attributes: [RadiusAttr_Message_Authenticator()] })));
const EXPECTED_BYTES = "0207002600000000000000000000000000000000501200000000000000000000000000000000";
const EXPECTED_AUTH = "e70c3127f60510447fe031613b24276d";
const EXPECTED_MAC = "541665816b30813ade5de73f9ffddec3";

test("RADIUS's MD5 and HMAC-MD5 come from the crypto provider", () => {
  const node = cryptoProvider();
  const calls: string[] = [];
  const spy: CryptoProvider = {
    ...node,
    hash: (h, d) => (calls.push(`hash ${h}`), node.hash(h, d)),
    hmac: (h, k, d) => (calls.push(`hmac ${h}`), node.hmac(h, k, d)),
  };
  setCryptoProvider(spy);
  try {
    const m = message();
    assert.equal(bytesHex(raw(m)), EXPECTED_BYTES);
    const auth = bytesHex(m.compute_authenticator(new Uint8Array(16), "secret"));
    const mac = bytesHex(computeMessageAuthenticator(m, new Uint8Array(16), "secret"));
    assert.deepEqual(calls, ["hash md5", "hmac md5"]);
    assert.equal(auth, EXPECTED_AUTH);
    assert.equal(mac, EXPECTED_MAC);
  } finally {
    setCryptoProvider(null);
  }
});
