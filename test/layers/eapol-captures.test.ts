/**
 * Real 802.1X exchanges (scripts/captures/wireless.sh: hostapd's wired authenticator and
 * wpa_supplicant between two namespaces): every frame reads as tshark reads it — EAPOL's
 * version, type and length, EAP's code, id, length, type, identity, MD5 value, PEAP's flags and
 * TLS message length — and builds again from its values alone to the same bytes.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import type { Packet } from "../../src/index.ts";
import { checkCapture, tsharkSkip, type Put } from "./routingCaptures.ts";

const skip = tsharkSkip();

const FIELDS = new Set([
  "eapol.version",
  "eapol.type",
  "eapol.len",
  "eap.code",
  "eap.id",
  "eap.len",
  "eap.type",
  "eap.identity",
  "eap.md5.value_size",
  "eap.md5.value",
  "eap.tls.flags.len_included",
  "eap.tls.flags.more_fragments",
  "eap.tls.flags.start",
  "eap.tls.flags.version",
  "eap.tls.len",
]);

const colons = (b: Uint8Array) => [...b].map((x) => x.toString(16).padStart(2, "0")).join(":");

function eapol(q: Packet, put: Put): boolean {
  const f = q as unknown as Record<string, unknown>;
  const n = (name: string) => Number(f[name]);
  switch (q.spec.name) {
    case "EAPOL":
      put("eapol.version", n("version"));
      put("eapol.type", n("type"));
      put("eapol.len", n("len"));
      return true;
    case "EAP":
    case "EAP_MD5":
    case "EAP_PEAP":
      put("eap.code", n("code"));
      put("eap.id", n("id"));
      put("eap.len", n("len"));
      if (n("code") === 3 || n("code") === 4) return true;
      put("eap.type", n("type"));
      if (q.spec.name === "EAP" && n("code") === 2 && n("type") === 1) put("eap.identity", new TextDecoder().decode(f.identity as Uint8Array));
      if (q.spec.name === "EAP_MD5") {
        put("eap.md5.value_size", n("value_size"));
        put("eap.md5.value", colons(f.value as Uint8Array));
      }
      if (q.spec.name === "EAP_PEAP") {
        put("eap.tls.flags.len_included", n("L"));
        put("eap.tls.flags.more_fragments", n("M"));
        put("eap.tls.flags.start", n("S"));
        put("eap.tls.flags.version", n("version"));
        if (n("L") === 1) put("eap.tls.len", n("tls_message_len"));
      }
      return true;
  }
  return false;
}

test("hostapd and wpa_supplicant's EAP-MD5 (success, logoff, failure) read as tshark reads them and build again", { skip }, () => {
  const seen = checkCapture("eapol-md5.pcap", eapol, FIELDS);
  assert.ok((seen.get("EAPOL") ?? 0) === 14 && (seen.get("EAP_MD5") ?? 0) === 4 && (seen.get("EAP") ?? 0) === 7, JSON.stringify([...seen]));
});

test("hostapd and wpa_supplicant's PEAP (TLS fragments with L and M, MSCHAPv2 inside) read as tshark reads them and build again", { skip }, () => {
  const seen = checkCapture("eapol-peap.pcap", eapol, FIELDS);
  assert.ok((seen.get("EAP_PEAP") ?? 0) >= 15, JSON.stringify([...seen]));
});
