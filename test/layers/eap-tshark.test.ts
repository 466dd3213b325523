/**
 * tshark reads the 802.1X frames packetry builds: every EAP vector (EAPOL, EAP and its methods,
 * the 4-way handshake's EAPOL-Key frames, MKA) goes through tshark, which must report no problem
 * and read EAPOL's and EAP's main fields as packetry wrote them.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { Dot11, raw, type Packet } from "../../src/index.ts";
import { loadVectors } from "../oracle/vectors.ts";
import { buildSpec } from "../oracle/spec.ts";
import { tsharkAvailable, tsharkField, tsharkRead } from "../tshark.ts";
import { checkVectorsWithTshark } from "./vectorsTshark.ts";

const skip = tsharkAvailable() ? false : "tshark is not installed";

const num = (v: unknown) => Number(v);

function eapFields(q: Packet): Record<string, string | number> | undefined {
  const f = q as unknown as Record<string, unknown>;
  if (q.spec.name === "EAPOL") return { "eapol.version": num(f.version), "eapol.type": num(f.type), "eapol.len": num(raw(q)[2]! * 256 + raw(q)[3]!) };
  if (q.spec.name === "EAP" || q.spec.name.startsWith("EAP_") || q.spec.name === "LEAP") {
    const out: Record<string, string | number> = { "eap.code": num(f.code), "eap.id": num(f.id) };
    if (f.code !== 3 && f.code !== 4) out["eap.type"] = num(f.type);
    return out;
  }
  return undefined;
}

test("tshark reads every EAPOL/EAP vector on Ethernet as packetry built it", { skip }, () => {
  const n = checkVectorsWithTshark("eap.json", eapFields, {
    protocol: /eapol/,
    skip: {
      "key/over-dot11": "an 802.11 frame: read below with link type 105",
      "key/dissect-over-dot11": "an 802.11 frame: read below with link type 105",
      "eap/over-ppp": "a PPP frame: read below with link type 9",
      "eap/dissect-over-ppp": "a PPP frame: read below with link type 9",
      "eap/dissect-len-lies": "deliberately lying length",
      "eap/dissect-cut": "deliberately cut",
      "eap/dissect-eapol-len-lies": "deliberately lying length",
      "key/dissect-cut": "deliberately cut",
      "mka/dissect-lying-set-len": "deliberately lying length",
      "mka/dissect-unknown-set": "a parameter set type (6) 802.1X reserves",
    },
    // tshark's security warnings about EAP-MD5 and LEAP themselves (MITM, dictionary attacks), not about the bytes.
    ignoreProblems: /^Vulnerable to (MITM|dictionary) attacks/,
  });
  assert.ok(n >= 30, `${n} vectors`);
});

test("tshark reads the EAPOL-Key frame carried in an 802.11 data frame", { skip }, () => {
  const v = loadVectors("eap.json").find((x) => x.id === "key/over-dot11")!;
  const pkt = buildSpec(v.spec!);
  assert.equal(pkt.getLayer(Dot11)?.spec.name, "Dot11");
  const [view] = tsharkRead([pkt], { linktype: 105 });
  assert.deepEqual(view!.problems, []);
  assert.match(view!.protocols, /eapol/);
  assert.equal(tsharkField(view!, "eapol.type"), "3");
});

test("tshark reads EAP carried in PPP (protocol 0xc227)", { skip }, () => {
  const v = loadVectors("eap.json").find((x) => x.id === "eap/over-ppp")!;
  const [view] = tsharkRead([buildSpec(v.spec!)], { linktype: 9 });
  assert.deepEqual(view!.problems, []);
  assert.match(view!.protocols, /ppp:eap/);
  assert.equal(tsharkField(view!, "eap.id"), "40");
});
