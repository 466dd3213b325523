/** tshark reads the SNMP messages packetry builds: every PDU, every value type, no malformed or expert items. */
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  ASN1_COUNTER32,
  ASN1_GAUGE32,
  ASN1_INTEGER,
  ASN1_IPADDRESS,
  ASN1_OID,
  ASN1_STRING,
  ASN1_TIME_TICKS,
  Ether,
  IP,
  SNMP,
  SNMPbulk,
  SNMPget,
  SNMPinform,
  SNMPnext,
  SNMPreport,
  SNMPresponse,
  SNMPset,
  SNMPtrapv1,
  SNMPtrapv2,
  SNMPvarbind,
  UDP,
  type Packet,
} from "../../src/index.ts";
import { tsharkAvailable, tsharkField, tsharkRead } from "../tshark.ts";

const vb = (oid: string, value?: unknown) => SNMPvarbind(value === undefined ? { oid } : { oid, value: value as never });
const frame = (sport: number, dport: number, pdu: Packet, version = 1) =>
  Ether({ src: "02:00:00:00:00:01", dst: "02:00:00:00:00:02" }).div(IP({ src: "10.0.0.1", dst: "10.0.0.2" }), UDP({ sport, dport }), SNMP({ version, community: "lab", PDU: pdu }));

test("tshark reads every PDU and value type packetry builds, with no malformed or expert items", { skip: tsharkAvailable() ? false : "tshark is not installed" }, () => {
  const values = [
    new ASN1_STRING("text"),
    new ASN1_INTEGER(-42),
    new ASN1_OID("1.3.6.1.4.1.8072.3.2.10"),
    new ASN1_TIME_TICKS(123456),
    new ASN1_COUNTER32(4294967295),
    new ASN1_GAUGE32(1000),
    new ASN1_IPADDRESS("10.1.2.3"),
  ];
  const cases: Array<[Packet, string, string]> = [
    [frame(40000, 161, SNMPget({ id: 1, varbindlist: [vb("1.3.6.1.2.1.1.1.0"), vb("1.3.6.1.2.1.1.3.0")] })), "0", "1"],
    [frame(40000, 161, SNMPnext({ id: 2, varbindlist: [vb("1.3.6.1.2.1")] }), 0), "1", "2"],
    [frame(161, 40000, SNMPresponse({ id: 3, varbindlist: values.map((v, i) => vb(`1.3.6.1.4.1.9999.${i}`, v)) })), "2", "3"],
    [frame(40000, 161, SNMPset({ id: 4, varbindlist: [vb("1.3.6.1.2.1.1.6.0", new ASN1_STRING("rack"))] })), "3", "4"],
    [frame(40001, 162, SNMPtrapv1({ enterprise: "1.3.6.1.4.1.8072.3.2.10", agent_addr: "10.0.0.1", generic_trap: "link_down", time_stamp: 77, varbindlist: [vb("1.3.6.1.2.1.2.2.1.1.2", new ASN1_INTEGER(2))] }), 0), "4", ""],
    [frame(40000, 161, SNMPbulk({ id: 6, non_repeaters: 0, max_repetitions: 10, varbindlist: [vb("1.3.6.1.2.1.2")] })), "5", "6"],
    [frame(40001, 162, SNMPinform({ id: 7, varbindlist: [vb("1.3.6.1.2.1.1.3.0", new ASN1_TIME_TICKS(5)), vb("1.3.6.1.6.3.1.1.4.1.0", new ASN1_OID("1.3.6.1.6.3.1.1.5.1"))] })), "6", "7"],
    [frame(40001, 162, SNMPtrapv2({ id: 8, varbindlist: [vb("1.3.6.1.2.1.1.3.0", new ASN1_TIME_TICKS(5)), vb("1.3.6.1.6.3.1.1.4.1.0", new ASN1_OID("1.3.6.1.6.3.1.1.5.3"))] })), "7", "8"],
    [frame(161, 40000, SNMPreport({ id: 9, varbindlist: [vb("1.3.6.1.6.3.15.1.1.4.0", new ASN1_COUNTER32(1))] })), "8", "9"],
  ];
  const views = tsharkRead(cases.map(([p]) => p));
  views.forEach((view, i) => {
    const [, data, id] = cases[i]!;
    assert.deepEqual(view.problems, [], `case ${i}`);
    assert.match(view.protocols, /:snmp$/, `case ${i}`);
    assert.equal(tsharkField(view, "snmp.community"), "lab");
    assert.equal(tsharkField(view, "snmp.data"), data, `case ${i}`);
    if (id) assert.equal(tsharkField(view, "snmp.request_id"), id, `case ${i}`);
  });
  const rsp = views[2]!;
  assert.equal(tsharkField(rsp, "snmp.value.int"), "-42");
  assert.equal(tsharkField(rsp, "snmp.value.timeticks"), "123456");
  assert.equal(tsharkField(rsp, "snmp.value.counter"), "4294967295");
  assert.equal(tsharkField(rsp, "snmp.value.g32"), "1000");
  assert.equal(tsharkField(rsp, "snmp.value.ipv4"), "10.1.2.3");
  assert.equal(tsharkField(views[4]!, "snmp.generic_trap"), "2");
});
