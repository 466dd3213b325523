import assert from "node:assert/strict";
import { test } from "node:test";
import { bytesHex, netflowv9Defragment, raw, type Packet } from "../../src/index.ts";
import { frames, packetryFields, tsharkFields, tsharkSkip, withComputedFieldsReset, type Put } from "./routingCaptures.ts";

// softflowd exporting NetFlow v5 (UDP 2055), v9 (2056) and IPFIX (9995) from traffic between two
// namespaces, recorded by scripts/captures/netflow.sh; tshark decodes 2056 and 9995 as cflow.
const skip = tsharkSkip();
const FILE = "netflow.pcap";
const v = (q: Packet, name: string) => q.getFieldValue(name) as number;
const num = (x: unknown) => (x instanceof Uint8Array ? x.reduce((n, b) => n * 256 + b, 0) : Number(x));

const COMPARED = new Set([
  "cflow.version",
  "cflow.count",
  "cflow.len",
  "cflow.sysuptime",
  "cflow.unix_secs",
  "cflow.sequence",
  "cflow.source_id",
  "cflow.od_id",
  "cflow.engine_type",
  "cflow.engine_id",
  "cflow.flowset_id",
  "cflow.flowset_length",
  "cflow.template_id",
  "cflow.template_field_count",
  "cflow.template_field_type",
  "cflow.template_ipfix_field_type",
  "cflow.template_field_length",
  "cflow.option_scope_length",
  "cflow.option_length",
  "cflow.scope_field_type",
  "cflow.template_ipfix_total_field_count",
  "cflow.template_ipfix_scope_field_count",
  "cflow.srcaddr",
  "cflow.dstaddr",
  "cflow.nexthop",
  "cflow.srcaddrv6",
  "cflow.dstaddrv6",
  "cflow.srcport",
  "cflow.dstport",
  "cflow.protocol",
  "cflow.octets",
  "cflow.packets",
  "cflow.srcmask",
  "cflow.dstmask",
]);

/** Template-driven record fields, by Scapy's names for their types. */
const RECORD_FIELDS: Record<string, string> = {
  IPV4_SRC_ADDR: "cflow.srcaddr",
  IPV4_DST_ADDR: "cflow.dstaddr",
  IPV6_SRC_ADDR: "cflow.srcaddrv6",
  IPV6_DST_ADDR: "cflow.dstaddrv6",
  L4_SRC_PORT: "cflow.srcport",
  L4_DST_PORT: "cflow.dstport",
  PROTOCOL: "cflow.protocol",
  IN_BYTES: "cflow.octets",
  IN_PKTS: "cflow.packets",
};

function netflow(q: Packet, put: Put): boolean {
  switch (q.spec.name) {
    case "NetflowHeader":
      put("cflow.version", v(q, "version"));
      return true;
    case "NetflowHeaderV5":
      put("cflow.count", v(q, "count"));
      put("cflow.sysuptime", (v(q, "sysUptime") / 1000).toFixed(9));
      put("cflow.unix_secs", v(q, "unixSecs"));
      put("cflow.sequence", v(q, "flowSequence"));
      put("cflow.engine_type", v(q, "engineType"));
      put("cflow.engine_id", v(q, "engineID"));
      return true;
    case "NetflowRecordV5":
      put("cflow.srcaddr", q.getFieldValue("src") as string);
      put("cflow.dstaddr", q.getFieldValue("dst") as string);
      put("cflow.nexthop", q.getFieldValue("nexthop") as string);
      put("cflow.packets", v(q, "dpkts"));
      put("cflow.octets", v(q, "dOctets"));
      put("cflow.srcport", v(q, "srcport"));
      put("cflow.dstport", v(q, "dstport"));
      put("cflow.protocol", v(q, "prot"));
      put("cflow.srcmask", v(q, "src_mask"));
      put("cflow.dstmask", v(q, "dst_mask"));
      return true;
    case "NetflowHeaderV9":
      put("cflow.count", v(q, "count"));
      put("cflow.sysuptime", (v(q, "sysUptime") / 1000).toFixed(9));
      put("cflow.unix_secs", v(q, "unixSecs"));
      put("cflow.sequence", v(q, "packageSequence"));
      put("cflow.source_id", v(q, "SourceID"));
      return true;
    case "NetflowHeaderV10":
      put("cflow.len", v(q, "length"));
      put("cflow.sequence", v(q, "flowSequence"));
      put("cflow.od_id", v(q, "ObservationDomainID"));
      return true;
    case "NetflowFlowsetV9":
    case "NetflowDataflowsetV9":
      put("cflow.flowset_id", v(q, q.spec.name === "NetflowFlowsetV9" ? "flowSetID" : "templateID"));
      put("cflow.flowset_length", v(q, "length"));
      return true;
    case "NetflowTemplateV9":
      put("cflow.template_id", v(q, "templateID"));
      put("cflow.template_field_count", v(q, "fieldCount"));
      return true;
    case "NetflowTemplateFieldV9":
      put(ipfix(q) ? "cflow.template_ipfix_field_type" : "cflow.template_field_type", v(q, "fieldType"));
      put("cflow.template_field_length", v(q, "fieldLength"));
      return true;
    case "NetflowOptionsFlowsetV9":
      put("cflow.flowset_id", v(q, "flowSetID"));
      put("cflow.flowset_length", v(q, "length"));
      put("cflow.template_id", v(q, "templateID"));
      put("cflow.option_scope_length", v(q, "option_scope_length"));
      put("cflow.option_length", v(q, "option_field_length"));
      return true;
    case "NetflowOptionsFlowset10":
      put("cflow.flowset_id", v(q, "flowSetID"));
      put("cflow.flowset_length", v(q, "length"));
      put("cflow.template_id", v(q, "templateID"));
      put("cflow.template_ipfix_total_field_count", v(q, "field_count"));
      put("cflow.template_ipfix_scope_field_count", v(q, "scope_field_count"));
      return true;
    case "NetflowOptionsFlowsetScopeV9":
      if (ipfix(q)) put("cflow.template_ipfix_field_type", v(q, "scopeFieldType"));
      else put("cflow.scope_field_type", v(q, "scopeFieldType"));
      put("cflow.template_field_length", v(q, "scopeFieldlength"));
      return true;
    case "NetflowOptionsFlowsetOptionV9":
      put(ipfix(q) ? "cflow.template_ipfix_field_type" : "cflow.template_field_type", v(q, "optionFieldType"));
      put("cflow.template_field_length", v(q, "optionFieldlength"));
      return true;
    case "NetflowRecordV9": {
      let any = false;
      for (const f of q.spec.layout.fields) {
        const key = RECORD_FIELDS[f.name];
        if (!key) continue;
        const value = q.getFieldValue(f.name);
        put(key, typeof value === "string" ? value : num(value));
        any = true;
      }
      return any;
    }
  }
  return false;
}

/** Within an IPFIX message (its header is above the layer, or above the flowset holding it). */
function ipfix(q: Packet): boolean {
  for (let p: Packet | null = q; p !== null; p = p.parent ?? p.underlayer) if (p.spec.name === "NetflowHeaderV10") return true;
  return false;
}

test("softflowd's NetFlow v5, v9 and IPFIX export, templates remembered across packets, read as tshark reads it and rebuilt byte-exact", { skip }, () => {
  const ours = frames(FILE);
  const packets = netflowv9Defragment(ours.map((f) => f.packet));
  const theirs = tsharkFields(FILE, COMPARED, ["-d", "udp.port==2056,cflow", "-d", "udp.port==9995,cflow"]);
  assert.equal(theirs.length, ours.length);
  const seen = new Map<string, number>();
  packets.forEach((packet, i) => {
    const where = `${FILE} frame ${i + 1}`;
    assert.equal(bytesHex(raw(packet)), bytesHex(ours[i]!.bytes), `${where}: bytes kept`);
    // The v9 count is the exporter's number of records (Scapy's, and ours, counts flowsets); an unset unixSecs is the time now.
    const rebuilt = withComputedFieldsReset(packet, (layer, field) => layer.spec.name === "NetflowHeaderV9" && (field === "count" || field === "unixSecs"));
    assert.equal(bytesHex(raw(rebuilt)), bytesHex(ours[i]!.bytes), `${where}: built again with lengths and counts computed`);
    const { fields, mapped } = packetryFields(packet, netflow, COMPARED);
    for (const name of mapped) seen.set(name, (seen.get(name) ?? 0) + 1);
    for (const key of new Set([...fields.keys(), ...theirs[i]!.keys()])) assert.deepEqual(fields.get(key) ?? [], theirs[i]!.get(key) ?? [], `${where}: ${key}`);
  });
  for (const name of ["NetflowRecordV5", "NetflowTemplateV9", "NetflowOptionsFlowsetV9", "NetflowOptionsFlowset10", "NetflowRecordV9"]) assert.ok((seen.get(name) ?? 0) > 0, `the capture holds ${name}`);
  assert.ok((seen.get("NetflowRecordV9") ?? 0) >= 20, "data records split with the templates of earlier packets");
});
