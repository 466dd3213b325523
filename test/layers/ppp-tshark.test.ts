import assert from "node:assert/strict";
import { test } from "node:test";
import { pppMapping, PPP_FIELDS } from "./pppMapping.ts";
import { tsharkSkip } from "./routingCaptures.ts";
import { checkVectorsWithTshark } from "./tsharkVectors.ts";

// Every PPP vector (test/vectors/ppp.json) as tshark reads it: no malformed or expert-error items, and the main fields agree.
const skip = tsharkSkip();

// What tshark rightly calls malformed among the vectors (they are Scapy's defaults or edge cases).
const PROBLEMS = new Map([
  ["ppp/defaults", "PPP's default protocol is IPv4, and no IPv4 header follows"],
  ["pppoe/defaults", "a session header with nothing after it"],
  ["lcp/dissect-unknown-code", "code 12 is not an LCP code"],
  // RFC 1989's option (type 4, length 8: c025 and a 4-byte reporting period) makes tshark throw; lcp/configure-request-common has the other options.
  ["lcp/configure-request-options", "tshark throws on the LQR Quality-Protocol option"],
  ["lcp/dissect-configure", "the same options"],
]);

test("tshark reads every PPP vector as packetry does", { skip }, () => {
  const { frames, seen } = checkVectorsWithTshark("ppp.json", pppMapping, PPP_FIELDS, {
    skip: (x) => (x.id.startsWith("bad/") ? "made wrong on purpose" : x.id === "ppp/direction" ? "tshark takes the direction from the pseudo-header its own way" : undefined),
    problemsExpected: PROBLEMS,
  });
  assert.ok(frames >= 50, `${frames} frames`);
  for (const layer of ["PPP", "HDLC", "PPPoE", "PPPoED", "PPPoETag", "PPP_LCP_Configure", "PPP_LCP_Echo", "PPP_IPCP", "PPP_PAP_Request", "PPP_PAP_Response", "PPP_CHAP_ChallengeResponse", "PPP_CHAP"]) {
    assert.ok((seen.get(layer) ?? 0) > 0, `${layer} was compared`);
  }
});
