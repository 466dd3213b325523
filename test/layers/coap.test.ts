import assert from "node:assert/strict";
import { test } from "node:test";
import { bytesHex, CoAP, Ether, IP, raw, Raw, UDP, type Packet } from "../../src/index.ts";
import { tsharkAvailable, tsharkField, tsharkRead } from "../tshark.ts";
import { checkCapture, tsharkSkip, type Put } from "./routingCaptures.ts";

const skip = tsharkAvailable() ? false : "tshark is not installed";
const text = (s: string) => new TextEncoder().encode(s);

const COMPARED = new Set(["coap.version", "coap.type", "coap.token_len", "coap.code", "coap.mid", "coap.token", "coap.opt.delta", "coap.opt.length", "coap.opt.uri_path", "coap.opt.end_marker"]);

function coap(q: Packet, put: Put): boolean {
  if (q.spec.name !== "CoAP") return false;
  const g = (n: string) => q.getFieldValue(n) as number;
  put("coap.version", g("ver"));
  put("coap.type", g("type"));
  put("coap.token_len", g("tkl"));
  put("coap.code", g("code"));
  put("coap.mid", g("msg_id"));
  const token = q.getFieldValue("token") as Uint8Array;
  if (token.length > 0) put("coap.token", bytesHex(token).replace(/(..)(?=.)/g, "$1:"));
  let previous = 0;
  for (const [n, v] of q.getFieldValue("options") as Array<[number, Uint8Array]>) {
    // tshark's delta is the nibble (13 and 14 announce extension bytes).
    const delta = n - previous;
    put("coap.opt.delta", delta < 13 ? delta : delta < 269 ? 13 : 14);
    put("coap.opt.length", v.length);
    if (n === 11) put("coap.opt.uri_path", new TextDecoder().decode(v));
    previous = n;
  }
  if ((q.getFieldValue("paymark") as Uint8Array).length > 0) {
    put("coap.opt.end_marker", 255);
  }
  return true;
}

test("libcoap's coap-server and coap-client, recorded: every message read as tshark reads it and rebuilt byte-exact", { skip: tsharkSkip() }, () => {
  const seen = checkCapture("coap.pcap", coap, COMPARED);
  assert.ok((seen.get("CoAP") ?? 0) >= 30);
});

test("tshark reads CoAP as packetry builds it: options with 1- and 2-byte extensions, token, payload", { skip }, () => {
  const base = () => Ether({ src: "02:00:00:00:00:01", dst: "02:00:00:00:00:02" }).div(IP({ src: "10.0.0.1", dst: "10.0.0.2" }), UDP({ sport: 40000, dport: 5683 }));
  const long = "x".repeat(300);
  const pkt = base().div(
    CoAP({ type: "CON", code: "POST", msg_id: 0x1234, token: "tok", options: [["Uri-Path", "sensors"], ["Uri-Host", "h"], ["Content-Format", Uint8Array.of(50)], ["Proxy-Uri", long], [2048, "x"]], paymark: Uint8Array.of(0xff) }),
    Raw({ load: '{"t":21}' }),
  );
  const [view] = tsharkRead([pkt]);
  assert.match(view!.protocols, /^eth:ethertype:ip:udp:coap/);
  // Option 2048 needs the 2-byte delta extension, and so would any option that does (269 or more
  // past the one before): tshark 4.0 knows no option number above 60, and warns of an unknown
  // one (PI_WARN). It reads the number packetry wrote (2048, below); nothing else is reported.
  assert.deepEqual(view!.problems, ["Unknown Option Number 2048"]);
  assert.equal(tsharkField(view!, "coap.mid"), "4660");
  assert.equal(tsharkField(view!, "coap.opt.uri_path_recon"), "coap://h/sensors");
  // The last option (tshark's JSON keeps the last of repeated keys): 2048 - 35 - 269 in the 2-byte extension, big-endian.
  assert.equal(tsharkField(view!, "coap.opt.delta"), "14");
  assert.equal(tsharkField(view!, "coap.opt.delta_ext"), "1744");
  assert.equal(tsharkField(view!, "coap.payload_length"), "8");
  // Options come out sorted by number, each delta from the one before.
  const back = CoAP(raw(pkt.getLayer(CoAP)!));
  assert.deepEqual((back.options as Array<[number, Uint8Array]>).map(([n]) => n), [3, 11, 12, 35, 2048]);
  assert.equal(back.options.at(3)![1].length, 300);
});

test("CoAP from hostile bytes: cut extensions are Raw, cut values stay short, nibble 15 does not loop", () => {
  // Delta 14 needs 2 more bytes: only 1 is there.
  const cut = UDP(raw(UDP({ sport: 1, dport: 5683 }).div(Raw({ load: Uint8Array.of(0x40, 1, 0, 1, 0xe0, 0x01) }))));
  assert.deepEqual(cut.layers().map((l) => l.name), ["UDP", "Raw"]);
  const short = CoAP(Uint8Array.of(0x40, 1, 0, 1, 0xb5, ...text("ab")));
  assert.deepEqual(short.options.map(([n, v]) => [n, bytesHex(v)]), [[11, "6162"]]);
  const fifteen = CoAP(Uint8Array.of(0x40, 1, 0, 1, 0xf1, 0x41, 0xff, ...text("body")));
  assert.equal(fifteen.options.length, 1);
  assert.deepEqual(fifteen.layers().map((l) => l.name), ["CoAP", "Raw"]);
  assert.throws(() => CoAP({ options: [["No-Such-Option", "x"]] }), /unknown option/);
});
