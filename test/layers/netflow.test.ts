import assert from "node:assert/strict";
import { test } from "node:test";
import {
  bytesHex,
  Ether,
  GetNetflowRecordV9,
  IP,
  NetflowDataflowsetV9,
  NetflowFlowsetV9,
  NetflowHeader,
  NetflowHeaderV10,
  NetflowHeaderV5,
  NetflowHeaderV9,
  NetflowOptionsFlowset10,
  NetflowOptionsFlowsetOptionV9,
  NetflowOptionsFlowsetScopeV9,
  NetflowOptionsFlowsetV9,
  NetflowRecordV5,
  NetflowRecordV9,
  NetflowTemplateFieldV9,
  NetflowTemplateV9,
  netflowv9Defragment,
  raw,
  UDP,
  type Packet,
} from "../../src/index.ts";
import { tsharkAvailable, tsharkField, tsharkRead } from "../tshark.ts";

const skip = tsharkAvailable() ? false : "tshark is not installed";
const udp = (port = 2055) => Ether({ src: "02:00:00:00:00:01", dst: "02:00:00:00:00:02" }).div(IP({ src: "10.0.0.1", dst: "10.0.0.2" }), UDP({ sport: port, dport: port }));
const tf = (fieldType: number, fieldLength?: number) => NetflowTemplateFieldV9(fieldLength === undefined ? { fieldType } : { fieldType, fieldLength });
const template = () => NetflowTemplateV9({ templateID: 256, template_fields: [tf(8), tf(12), tf(7), tf(11), tf(4), tf(1), tf(2)] });
const record = Uint8Array.from([10, 0, 0, 1, 10, 0, 0, 2, 0x30, 0x39, 0, 80, 6, 0, 0, 5, 0xdc, 0, 0, 0, 10]);

test("tshark reads NetFlow v5, v9 and IPFIX as packetry builds them: headers, templates, options templates, records", { skip }, () => {
  const v5 = udp().div(NetflowHeader({ version: 5 }), NetflowHeaderV5({ unixSecs: 1700000000, flowSequence: 9 }), NetflowRecordV5({ src: "10.1.0.1", dst: "10.1.0.2", srcport: 443, dstport: 50000 }), NetflowRecordV5());
  const v9 = udp().div(
    NetflowHeader({ version: 9 }),
    NetflowHeaderV9({ unixSecs: 1700000000, packageSequence: 1, SourceID: 7 }),
    NetflowFlowsetV9({ templates: [template()] }),
    NetflowOptionsFlowsetV9({ templateID: 257, scopes: [NetflowOptionsFlowsetScopeV9({ scopeFieldType: 1, scopeFieldlength: 4 })], options: [NetflowOptionsFlowsetOptionV9({ optionFieldType: 34, optionFieldlength: 4 })] }),
    NetflowDataflowsetV9({ templateID: 256, records: [NetflowRecordV9({ fieldValue: new Uint8Array([...record, ...record]) })] }),
  );
  const ipfix = udp(4739).div(
    NetflowHeader({ version: 10 }),
    NetflowHeaderV10({ ExportTime: 1700000000, flowSequence: 1, ObservationDomainID: 3 }),
    NetflowFlowsetV9({ flowSetID: 2, templates: [template()] }),
    NetflowOptionsFlowset10({ templateID: 258, scopes: [NetflowOptionsFlowsetScopeV9({ scopeFieldType: 144, scopeFieldlength: 4 })], options: [NetflowOptionsFlowsetOptionV9({ optionFieldType: 41, optionFieldlength: 8 })] }),
    NetflowDataflowsetV9({ templateID: 256, records: [NetflowRecordV9({ fieldValue: record })] }),
  );
  const [a, b, c] = tsharkRead([v5, v9, ipfix], { decodeAs: ["udp.port==4739,cflow"] });
  for (const view of [a!, b!, c!]) {
    assert.match(view.protocols, /:udp:cflow$/);
    assert.deepEqual(view.problems, []);
  }
  assert.equal(tsharkField(a!, "cflow.count"), "2");
  assert.equal(tsharkField(a!, "cflow.srcaddr"), "10.1.0.1");
  assert.equal(tsharkField(b!, "cflow.template_id"), "256");
  assert.equal(tsharkField(b!, "cflow.option_scope_length"), "4");
  assert.equal(tsharkField(b!, "cflow.dstport"), "80");
  assert.equal(tsharkField(b!, "cflow.octets"), "1500");
  assert.equal(tsharkField(c!, "cflow.len"), String(raw(ipfix).length - 42));
  assert.equal(tsharkField(c!, "cflow.template_ipfix_scope_field_count"), "1");
  assert.equal(tsharkField(c!, "cflow.srcaddr"), "10.0.0.1");
});

test("GetNetflowRecordV9 gives a template's record class; netflowv9Defragment learns templates from one packet for the next", () => {
  const flowset = NetflowFlowsetV9({ templates: [template()] });
  const Rec = GetNetflowRecordV9(flowset);
  const r = Rec(record);
  assert.equal(r.spec.name, "NetflowRecordV9");
  assert.equal(r.getFieldValue("IPV4_SRC_ADDR"), "10.0.0.1");
  assert.equal(r.getFieldValue("L4_DST_PORT"), 80);
  assert.throws(() => GetNetflowRecordV9(NetflowFlowsetV9({ templates: [template(), NetflowTemplateV9({ templateID: 300, template_fields: [tf(8)] })] })), /Multiple possible templates/);
  assert.throws(() => GetNetflowRecordV9(NetflowFlowsetV9()), /No template IDs detected/);

  const head = () => udp().div(NetflowHeader({ version: 9 }), NetflowHeaderV9({ unixSecs: 1 }));
  const first = Ether(raw(head().div(flowset)));
  const second = Ether(raw(head().div(NetflowDataflowsetV9({ templateID: 256, records: [NetflowRecordV9({ fieldValue: new Uint8Array([...record, ...record]) })] }))));
  const unknown = Ether(raw(head().div(NetflowDataflowsetV9({ templateID: 999, records: [NetflowRecordV9({ fieldValue: record })] }))));
  const state = { templates: new Map(), ignored: new Set<number>() };
  netflowv9Defragment([first, second, unknown], state);
  const records = second.getLayer(NetflowDataflowsetV9)!.records as Packet[];
  assert.deepEqual(records.map((x) => x.spec.name), ["NetflowRecordV9", "NetflowRecordV9", "Padding"]);
  assert.equal(records[1]!.getFieldValue("IPV4_DST_ADDR"), "10.0.0.2");
  assert.deepEqual([...state.ignored], [999]);
  // Split records build back to the same bytes; a second pass changes nothing.
  const before = bytesHex(raw(second));
  netflowv9Defragment([first, second], state);
  assert.equal(bytesHex(raw(second)), before);
  // Without the template's packet, nothing is known: the blob stays.
  const alone = Ether(raw(head().div(NetflowDataflowsetV9({ templateID: 256, records: [NetflowRecordV9({ fieldValue: record })] }))));
  netflowv9Defragment(alone);
  assert.deepEqual((alone.getLayer(NetflowDataflowsetV9)!.records as Packet[]).map((x) => x.spec.name), ["NetflowRecordV9"]);
  assert.equal(((alone.getLayer(NetflowDataflowsetV9)!.records as Packet[])[0]!.getFieldValue("fieldValue") as Uint8Array).length, 24);
});

test("hostile templates: zero-length, huge and mismatched field lengths, huge counts, unknown templates give bytes, never a hang or unbounded memory", () => {
  const head = () => NetflowHeader({ version: 9 }).div(NetflowHeaderV9({ unixSecs: 1 }));
  // Every field 0 bytes long: a record of 0 bytes cannot split the data (Scapy loops forever).
  const zero = NetflowHeader(raw(head().div(NetflowFlowsetV9({ templates: [NetflowTemplateV9({ templateID: 300, template_fields: [tf(8, 0), tf(1, 0)] })] }), NetflowDataflowsetV9({ templateID: 300, records: [NetflowRecordV9({ fieldValue: record })] }))));
  netflowv9Defragment(zero);
  const zrec = zero.getLayer(NetflowDataflowsetV9)!.records as Packet[];
  assert.deepEqual(zrec.map((x) => x.spec.name), ["Raw"]);
  // Fields of 65535 bytes: larger than any data, no record; the bytes stay as they were.
  const huge = NetflowHeader(raw(head().div(NetflowFlowsetV9({ templates: [NetflowTemplateV9({ templateID: 301, template_fields: [tf(8, 65535), tf(1, 65535)] })] }), NetflowDataflowsetV9({ templateID: 301, records: [NetflowRecordV9({ fieldValue: record })] }))));
  const bytes = bytesHex(raw(huge));
  netflowv9Defragment(huge);
  assert.deepEqual((huge.getLayer(NetflowDataflowsetV9)!.records as Packet[]).map((x) => x.spec.name), ["Raw"]);
  assert.equal(bytesHex(raw(huge)), bytes);
  // An IPv4 address 2 bytes long and a port 3 bytes long: read as bytes, not misaligned.
  const odd = NetflowHeader(raw(head().div(NetflowFlowsetV9({ templates: [NetflowTemplateV9({ templateID: 302, template_fields: [tf(8, 2), tf(7, 3)] })] }), NetflowDataflowsetV9({ templateID: 302, records: [NetflowRecordV9({ fieldValue: Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10) })] }))));
  netflowv9Defragment(odd);
  const orec = odd.getLayer(NetflowDataflowsetV9)!.records as Packet[];
  // The flowset was padded to 12 bytes: the 2 bytes the records leave are Padding.
  assert.deepEqual(orec.map((x) => x.spec.name), ["NetflowRecordV9", "NetflowRecordV9", "Padding"]);
  assert.deepEqual(orec[0]!.getFieldValue("IPV4_SRC_ADDR"), Uint8Array.of(1, 2));
  assert.deepEqual(orec[1]!.getFieldValue("L4_SRC_PORT"), Uint8Array.of(8, 9, 10));
  // A template announcing 65535 fields in a 12-byte flowset, and a data flowset whose length passes the end.
  const lying = NetflowHeader(Uint8Array.from([0, 9, 0, 2, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 12, 1, 0, 0xff, 0xff, 0, 8, 0, 4, 1, 0, 0xff, 0xff, 10, 0, 0, 1]));
  const started = Date.now();
  netflowv9Defragment([lying]);
  assert.ok(Date.now() - started < 2000);
  const t = (lying.getLayer(NetflowFlowsetV9)!.templates as Packet[])[0]!;
  assert.equal((t.getFieldValue("template_fields") as Packet[]).length, 1);
  const split = lying.getLayer(NetflowDataflowsetV9)!.records as Packet[];
  assert.deepEqual(split.map((x) => x.getFieldValue("IPV4_SRC_ADDR")), ["10.0.0.1"]);
  assert.equal(bytesHex(raw(lying)), "00090002000000000000000100000000000000000000000c0100ffff000800040100ffff0a000001");
  // Many templates in one capture: each is a class of its own, only as large as its packet.
  const many: Packet[] = [];
  for (let id = 256; id < 356; id++) {
    const flowset = NetflowFlowsetV9({ templates: [NetflowTemplateV9({ templateID: id, template_fields: [tf(8), tf(1)] })] });
    const data = NetflowDataflowsetV9({ templateID: id, records: [NetflowRecordV9({ fieldValue: Uint8Array.from(record.slice(0, 16)) })] });
    many.push(NetflowHeader(raw(head().div(flowset, data))));
  }
  const state = { templates: new Map(), ignored: new Set<number>() };
  netflowv9Defragment(many, state);
  assert.equal(state.templates.size, 100);
  assert.equal(((many[99]!.getLayer(NetflowDataflowsetV9)!.records as Packet[])[0]!).getFieldValue("IPV4_SRC_ADDR"), "10.0.0.1");
});
