/**
 * PacketListField's types: a list declared with an empty default (`packetList("msg", [], ...)`)
 * takes packets in a layer's init. TypeScript infers the elements of `[]` as never, which made
 * `CDPv2_HDR({msg: [...]})` fail to type-check (in the source and the packed declarations) though
 * it ran. This file is type-checked with the rest (npm run typecheck); the bytes are Scapy's
 * (python3-scapy 2.5: `bytes(CDPv2_HDR(msg=[...]))`, `bytes(PPP_LCP_Configure(options=[...]))`).
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  AKMSuite,
  bytesHex,
  CDPAddrRecordIPv4,
  CDPMsgAddr,
  CDPMsgDeviceID,
  CDPv2_HDR,
  Dot11EltRSN,
  PPP_LCP_Configure,
  PPP_LCP_Magic_Number_Option,
  PPP_LCP_MRU_Option,
  raw,
} from "../../../src/index.ts";

test("a packet list with an empty default takes packets in the init (CDP messages, LCP options)", () => {
  const cdp = CDPv2_HDR({ msg: [CDPMsgDeviceID({ val: "sw1" }), CDPMsgAddr({ addr: [CDPAddrRecordIPv4({ addr: "10.0.0.1" })] })] });
  assert.equal(bytesHex(raw(cdp)), "02b438fa0001000773773100020011000000010101cc00040a000001");
  const lcp = PPP_LCP_Configure({ options: [PPP_LCP_MRU_Option({ max_recv_unit: 1492 }), PPP_LCP_Magic_Number_Option({ magic_number: 0xcafe })] });
  assert.equal(bytesHex(raw(lcp)), "0100000e010405d405060000cafe");
  assert.equal(cdp.msg.length, 2);
});

test("a packet list whose default holds packets keeps their type (RSN's AKM suites)", () => {
  const rsn = Dot11EltRSN();
  // akm_suites is AKMSuite[]: its own fields are typed, not Packet's.
  const suite: number = rsn.akm_suites[0]!.suite;
  assert.equal(typeof suite, "number");
  assert.equal(Dot11EltRSN({ akm_suites: [AKMSuite({ suite: 1 })] }).akm_suites[0]!.suite, 1);
});
