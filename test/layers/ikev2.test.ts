import assert from "node:assert/strict";
import { test } from "node:test";
import {
  ESP,
  Ether,
  IKEv2,
  IKEv2_payload_AUTH,
  IKEv2_payload_IDi,
  IKEv2_payload_KE,
  IKEv2_payload_Nonce,
  IKEv2_payload_Notify,
  IKEv2_payload_Proposal,
  IKEv2_payload_SA,
  IKEv2_payload_Transform,
  IKEv2_payload_TSi,
  IP,
  IPv4TrafficSelector,
  ISAKMP,
  NAT_KEEPALIVE,
  NON_ESP,
  raw,
  UDP,
  bytesHex,
  type Packet,
} from "../../src/index.ts";
import { checkCapture, hex, tsharkSkip, type Put } from "./routingCaptures.ts";

const colons = (b: Uint8Array) => bytesHex(b).replace(/(..)(?=.)/g, "$1:");
import { tsharkAvailable, tsharkField, tsharkRead } from "../tshark.ts";

const spi = Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8);
const proposal = () =>
  IKEv2_payload_Proposal({
    trans_nb: 3,
    trans: IKEv2_payload_Transform({ transform_type: "Encryption", transform_id: "AES-CBC", length: 12, key_length: 128 }).div(
      IKEv2_payload_Transform({ transform_type: "Integrity", transform_id: "SHA2-256-128" }),
      IKEv2_payload_Transform({ transform_type: "GroupDesc", transform_id: "2048MODPgr" }),
    ),
  });

test("stacked payloads name each other in next_payload, so the chain reads back whole", () => {
  const p = IKEv2({ init_SPI: spi, exch_type: "IKE_SA_INIT" }).div(IKEv2_payload_SA({ prop: proposal() }), IKEv2_payload_KE({ group: 14, load: new Uint8Array(8) }), IKEv2_payload_Nonce({ load: "nonce" }));
  const back = IKEv2(raw(p));
  assert.deepEqual(back.layers().map((l) => l.name), ["IKEv2", "IKEv2_payload_SA", "IKEv2_payload_KE", "IKEv2_payload_Nonce"]);
  const transforms = back.getLayer(IKEv2_payload_SA)!.prop!.getFieldValue("trans") as ReturnType<typeof IKEv2_payload_Transform>;
  assert.deepEqual(transforms.layers().map((l) => l.name), ["IKEv2_payload_Transform", "IKEv2_payload_Transform", "IKEv2_payload_Transform"]);
  assert.equal(transforms.key_length & 0xffff, 128);
});

test("UDP 500 gives IKEv2 or ISAKMP by version; UDP 4500 gives ESP, the non-ESP marker then IKEv2, or a keepalive", () => {
  const names = (b: Uint8Array) => IP(b).layers().map((l) => l.name);
  assert.deepEqual(names(raw(IP().div(UDP({ sport: 500, dport: 500 }), IKEv2({ next_payload: 40 }), IKEv2_payload_Nonce({ load: "n" })))), ["IP", "UDP", "IKEv2", "IKEv2_payload_Nonce"]);
  assert.deepEqual(names(raw(IP().div(UDP({ sport: 500, dport: 500 }), ISAKMP()))), ["IP", "UDP", "ISAKMP"]);
  assert.deepEqual(names(raw(IP().div(UDP({ sport: 4500, dport: 4500 }), ESP({ spi: 5, data: "x" })))), ["IP", "UDP", "ESP"]);
  assert.deepEqual(names(raw(IP().div(UDP({ sport: 4500, dport: 4500 }), NON_ESP(), IKEv2()))), ["IP", "UDP", "NON_ESP", "IKEv2"]);
  assert.deepEqual(names(raw(IP().div(UDP({ sport: 4500, dport: 4500 }), NAT_KEEPALIVE()))), ["IP", "UDP", "NAT_KEEPALIVE"]);
});

test("tshark reads the IKEv2 messages packetry builds", { skip: !tsharkAvailable() && "tshark is not installed" }, () => {
  const frame = (port: number) => Ether().div(IP({ src: "10.0.0.1", dst: "10.0.0.2" }), UDP({ sport: port, dport: port }));
  const init = frame(500).div(
    IKEv2({ init_SPI: spi, exch_type: "IKE_SA_INIT", flags: "Initiator" }),
    IKEv2_payload_SA({ prop: proposal() }),
    IKEv2_payload_KE({ group: "2048MODPgr", load: new Uint8Array(256).fill(7) }),
    IKEv2_payload_Nonce({ load: new Uint8Array(32).fill(1) }),
    IKEv2_payload_Notify({ type: "NAT_DETECTION_SOURCE_IP", load: new Uint8Array(20) }),
  );
  const auth = frame(4500).div(
    NON_ESP(),
    IKEv2({ init_SPI: spi, resp_SPI: spi, exch_type: "IKE_AUTH", flags: "Initiator", id: 1 }),
    IKEv2_payload_IDi({ IDtype: "IPv4_addr", ID: "10.0.0.1" }),
    IKEv2_payload_AUTH({ auth_type: 2, load: new Uint8Array(32) }),
    IKEv2_payload_TSi({ traffic_selector: [IPv4TrafficSelector({ IP_protocol_ID: 0, starting_address_v4: "10.1.0.0", ending_address_v4: "10.1.255.255" })] }),
  );
  const views = tsharkRead([init, auth]);
  for (const v of views) assert.deepEqual(v.problems, []);
  assert.equal(tsharkField(views[0]!, "isakmp.exchangetype"), "34");
  assert.equal(tsharkField(views[0]!, "isakmp.length"), String(raw(init).length - 42));
  assert.equal(tsharkField(views[1]!, "isakmp.exchangetype"), "35");
  assert.equal(tsharkField(views[1]!, "isakmp.length"), String(raw(auth).length - 46));
});

// strongSwan's charon between two namespaces (scripts/captures/ikev2.sh): IKE_SA_INIT, IKE_AUTH, INFORMATIONAL.
const FIELDS = new Set([
  "isakmp.ispi",
  "isakmp.rspi",
  "isakmp.exchangetype",
  "isakmp.messageid",
  "isakmp.length",
  "isakmp.payloadlength",
  "isakmp.prop.number",
  "isakmp.prop.transforms",
  "isakmp.tf.type",
  "isakmp.ike2.attr.key_length",
  "isakmp.key_exchange.dh_group",
]);

function ikev2(q: Packet, put: Put): boolean {
  const n = q.spec.name;
  const v = (f: string) => q.getFieldValue(f) as number;
  if (n === "IKEv2") {
    put("isakmp.ispi", colons(q.getFieldValue("init_SPI") as Uint8Array));
    put("isakmp.rspi", colons(q.getFieldValue("resp_SPI") as Uint8Array));
    put("isakmp.exchangetype", v("exch_type"));
    put("isakmp.messageid", hex(v("id"), 8));
    put("isakmp.length", v("length"));
    return true;
  }
  if (!n.startsWith("IKEv2_payload")) return false;
  put("isakmp.payloadlength", v("length"));
  if (n === "IKEv2_payload_Proposal") {
    put("isakmp.prop.number", v("proposal"));
    put("isakmp.prop.transforms", v("trans_nb"));
  }
  if (n === "IKEv2_payload_Transform") {
    put("isakmp.tf.type", v("transform_type"));
    if (v("length") > 8) put("isakmp.ike2.attr.key_length", v("key_length") & 0xffff);
  }
  if (n === "IKEv2_payload_KE") put("isakmp.key_exchange.dh_group", v("group"));
  return true;
}

test("strongSwan's IKEv2 exchange reads as tshark reads it and builds again", { skip: tsharkSkip() }, () => {
  const seen = checkCapture("ikev2-strongswan.pcap", ikev2, FIELDS);
  for (const cls of ["IKEv2", "IKEv2_payload_SA", "IKEv2_payload_Proposal", "IKEv2_payload_Transform", "IKEv2_payload_KE", "IKEv2_payload_Nonce", "IKEv2_payload_Notify", "IKEv2_payload_Encrypted"]) {
    assert.ok(seen.get(cls), `the capture holds ${cls}`);
  }
});
