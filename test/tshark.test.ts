import { test } from "node:test";
import assert from "node:assert/strict";
import { Ether, ICMP, IP, UDP, Raw } from "../src/index.ts";
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
