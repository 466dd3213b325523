import assert from "node:assert/strict";
import { test } from "node:test";
import { PPPoED } from "../../src/index.ts";
import { pppMapping, PPP_FIELDS } from "./pppMapping.ts";
import { checkCapture, frames, tsharkSkip } from "./routingCaptures.ts";

// rp-pppoe's discovery stage between two namespaces (pppoe and pppoe-server), recorded by scripts/captures/pppoe.sh.
const skip = tsharkSkip();

test("rp-pppoe's discovery reads as tshark reads it and builds again", { skip }, () => {
  const seen = checkCapture("ppp-pppoe.pcap", pppMapping, PPP_FIELDS);
  assert.equal(seen.get("PPPoED"), 9);
  assert.ok((seen.get("PPPoETag") ?? 0) >= 9);
});

test("the discovery codes of the capture, in order (PADI, PADO twice, then PADR, PADS, PADM, PADT from both ends)", () => {
  const codes = frames("ppp-pppoe.pcap").map(({ packet }) => packet.getLayer(PPPoED)!.code);
  assert.deepEqual(codes, [0x09, 0x07, 0x09, 0x07, 0x19, 0x65, 0xd3, 0xa7, 0xa7]);
});
