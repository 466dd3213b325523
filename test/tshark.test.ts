import { test } from "node:test";
import assert from "node:assert/strict";
import { CoAP, Ether, ICMP, IP, TCP, UDP, Raw } from "../src/index.ts";
import { tsharkAvailable, tsharkField, tsharkRead } from "./tshark.ts";

const skip = tsharkAvailable() ? false : "tshark is not installed";

test("tshark reads what packetry builds: protocols, fields, and no problems for a well-formed frame", { skip }, () => {
  const [view] = tsharkRead([Ether({ src: "02:00:00:00:00:01", dst: "02:00:00:00:00:02" }).div(IP({ src: "10.0.0.1", dst: "10.0.0.2", ttl: 7 }), ICMP({ id: 5 }))]);
  assert.match(view!.protocols, /^eth:ethertype:ip:icmp/);
  assert.equal(tsharkField(view!, "ip.ttl"), "7");
  assert.deepEqual(view!.problems, []);
});

test("a wrong checksum is one of the problems tshark reports", { skip }, () => {
  const [view] = tsharkRead([Ether().div(IP({ src: "10.0.0.1", dst: "10.0.0.2" }), UDP({ chksum: 0x1234 }), Raw({ load: "x" }))]);
  assert.ok(view!.problems.some((m) => /checksum/i.test(m)), `problems: ${view!.problems.join("; ")}`);
});

test("expert warnings are problems, notes are not (Wireshark's PI_WARN 0x600000 and PI_NOTE 0x400000)", { skip }, () => {
  // A CoAP option number tshark does not know: a warning.
  const [warned] = tsharkRead([Ether().div(IP({ src: "10.0.0.1", dst: "10.0.0.2" }), UDP({ sport: 40000, dport: 5683 }), CoAP({ options: [[3000, "x"]] }))]);
  assert.deepEqual(warned!.problems, ["Unknown Option Number 3000"]);
  // The same TCP segment twice: tshark notes the second as a retransmission, which is no problem.
  const segment = () => Ether().div(IP({ src: "10.0.0.1", dst: "10.0.0.2" }), TCP({ sport: 40000, dport: 9999, flags: "PA", seq: 100, ack: 1 }), Raw({ load: "hello" }));
  const views = tsharkRead([segment(), segment()]);
  assert.match(JSON.stringify(views[1]!.layers), /"_ws.expert.severity":"4194304"/);
  assert.deepEqual(views.map((v) => v.problems), [[], []]);
});
