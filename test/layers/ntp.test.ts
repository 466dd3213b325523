/** NTP: tshark reads the headers, authenticators and control messages packetry builds; the dispatcher picks the class by mode. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { Ether, fromHex, IP, NTP, NTPAuthenticator, NTPControl, NTPHeader, NTPPrivate, raw, UDP } from "../../src/index.ts";
import { tsharkAvailable, tsharkField, tsharkRead } from "../tshark.ts";

const T = 3913056000;
const frame = () => Ether({ src: "02:00:00:00:00:01", dst: "02:00:00:00:00:02" }).div(IP({ src: "10.0.0.1", dst: "10.0.0.2" }), UDP({ sport: 40000 }));

test("tshark reads NTP headers, MD5 authenticators and control messages packetry builds, with no malformed items", { skip: tsharkAvailable() ? false : "tshark is not installed" }, () => {
  const views = tsharkRead([
    frame().div(NTPHeader({ orig: T, sent: T + 0.5 })),
    frame().div(NTPHeader({ mode: "server", stratum: 1, ref_id: "GPS", orig: T, recv: T + 0.25, sent: T + 0.5 })),
    frame().div(NTPHeader({ orig: T, sent: T }), NTPAuthenticator({ key_id: 1, dgst: new Uint8Array(16).fill(0xab) })),
    frame().div(NTPControl({ op_code: "CTL_OP_READVAR", sequence: 7 })),
  ]);
  for (const v of views) assert.deepEqual(v.problems, []);
  assert.equal(tsharkField(views[0]!, "ntp.flags.mode"), "3");
  assert.equal(tsharkField(views[1]!, "ntp.stratum"), "1");
  assert.equal(tsharkField(views[1]!, "ntp.refid"), "47:50:53:00");
  assert.equal(tsharkField(views[2]!, "ntp.keyid"), "00:00:00:01");
  assert.equal(tsharkField(views[3]!, "ntp.ctrl.flags2.opcode"), "2");
  assert.equal(tsharkField(views[3]!, "ntp.ctrl.sequence"), "7");
  assert.equal(tsharkField(views[3]!, "ntp.ctrl.count"), "0");
});

test("NTP({}) builds a header and bytes dispatch by mode; UDP binds port 123 both ways", () => {
  assert.equal(NTP({}).spec.name, "NTPHeader");
  assert.equal(NTP(raw(NTPControl())).spec.name, "NTPControl");
  assert.equal(NTP(raw(NTPPrivate({ mode: 7 }))).spec.name, "NTPPrivate");
  assert.equal(NTP(fromHex("2302")).spec.name, "Raw");
  const p = IP(raw(IP().div(UDP(), NTPHeader({ orig: T, sent: T }))));
  assert.equal(p.getLayer(UDP)!.dport, 123);
  assert.ok(p.getLayer(NTPHeader));
  assert.match(p.getLayer(NTPHeader)!.show({ dump: true })!, /sent      = Mon, 01 Jan 2024 00:00:00 \+0000/);
  assert.equal(+p.getLayer(NTPHeader)!.sent, T);
  assert.equal(+p.getLayer(NTPHeader)!.delay, 0);
});
