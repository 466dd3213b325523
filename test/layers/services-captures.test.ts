/**
 * Real SNMP, TFTP and NTP peers recorded by scripts/captures/services.sh: every frame is
 * dissected, read as tshark reads it, kept byte for byte, and built again from its values alone
 * (every field of every layer set again, so each header is written from what was read).
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { ASN1_Object, bytesHex, ICMP, raw, Raw, SNMP, TFTP, tftpTransfers, UDP, type Packet } from "../../src/index.ts";
import { allLayers, frames, packetryFields, tsharkFields, tsharkSkip, type Put } from "./routingCaptures.ts";

const skip = tsharkSkip();

/** A copy of p whose every field in every layer is set again (the layers are written from their values, not copied). */
export function rebuiltFromValues(p: Packet): Uint8Array {
  const copy = p.copy();
  for (const q of allLayers(copy)) for (const f of q.spec.layout.fields) if (f.present(q)) q.setFieldValue(f.name, q.getFieldValue(f.name) as never);
  return raw(copy);
}

const colons = (b: Uint8Array) => bytesHex(b).replace(/(..)(?=.)/g, "$1:");
const val = (q: Packet, name: string): unknown => {
  const v = q.getFieldValue(name);
  return v instanceof ASN1_Object ? v.val : v;
};
const text = (v: unknown) => (v instanceof Uint8Array ? new TextDecoder("latin1").decode(v) : String(v));

const SNMP_FIELDS = new Set([
  "snmp.version",
  "snmp.community",
  "snmp.data",
  "snmp.request_id",
  "snmp.error_status",
  "snmp.error_index",
  "snmp.non_repeaters",
  "snmp.max_repetitions",
  "snmp.enterprise",
  "snmp.agent_addr",
  "snmp.generic_trap",
  "snmp.specific_trap",
  "snmp.time_stamp",
  "snmp.variable_bindings",
  "snmp.name",
  "snmp.value.octets",
  "snmp.value.int",
  "snmp.value.oid",
  "snmp.value.null",
  "snmp.value.timeticks",
  "snmp.value.counter",
  "snmp.value.g32",
  "snmp.value.ipv4",
]);

const PDU_INDEX: Record<string, number> = { SNMPget: 0, SNMPnext: 1, SNMPresponse: 2, SNMPset: 3, SNMPtrapv1: 4, SNMPbulk: 5, SNMPinform: 6, SNMPtrapv2: 7, SNMPreport: 8 };
const VALUE_FIELD: Record<string, string> = {
  ASN1_STRING: "snmp.value.octets",
  ASN1_INTEGER: "snmp.value.int",
  ASN1_OID: "snmp.value.oid",
  ASN1_NULL: "snmp.value.null",
  ASN1_TIME_TICKS: "snmp.value.timeticks",
  ASN1_COUNTER32: "snmp.value.counter",
  ASN1_GAUGE32: "snmp.value.g32",
  ASN1_IPADDRESS: "snmp.value.ipv4",
};

function snmp(q: Packet, put: Put): boolean {
  const name = q.spec.name;
  if (name === "SNMP") {
    put("snmp.version", Number(val(q, "version")));
    put("snmp.community", text(val(q, "community")));
    put("snmp.data", PDU_INDEX[(q.getFieldValue("PDU") as Packet).spec.name]!);
    return true;
  }
  if (name === "SNMPvarbind") {
    put("snmp.name", text(val(q, "oid")));
    const v = q.getFieldValue("value") as ASN1_Object;
    const key = VALUE_FIELD[v.className];
    if (key === undefined) throw new Error(`no tshark field for ${v.repr()}`);
    put(key, v.className === "ASN1_STRING" ? colons(v.val as Uint8Array) : v.className === "ASN1_NULL" ? "" : text(v.val));
    return true;
  }
  if (!(name in PDU_INDEX)) return false;
  if (name === "SNMPtrapv1") {
    put("snmp.enterprise", text(val(q, "enterprise")));
    put("snmp.agent_addr", text(val(q, "agent_addr")));
    put("snmp.generic_trap", Number(val(q, "generic_trap")));
    put("snmp.specific_trap", Number(val(q, "specific_trap")));
    put("snmp.time_stamp", Number(val(q, "time_stamp")));
  } else if (name === "SNMPbulk") {
    put("snmp.request_id", Number(val(q, "id")));
    put("snmp.non_repeaters", Number(val(q, "non_repeaters")));
    put("snmp.max_repetitions", Number(val(q, "max_repetitions")));
  } else {
    put("snmp.request_id", Number(val(q, "id")));
    put("snmp.error_status", Number(val(q, "error")));
    put("snmp.error_index", Number(val(q, "error_index")));
  }
  put("snmp.variable_bindings", (q.getFieldValue("varbindlist") as Packet[]).length);
  return true;
}

/** tshark's marks of the v2 exceptions (an expert item) and its field and Counter64, which Scapy's universal class lacks (those messages are Raw). */
const BEYOND_SCAPY = new Set(["snmp.varbind.response", "snmp.value.counter64"]);

test("net-snmp's agent and tools read as tshark reads them and build again", { skip }, () => {
  const file = "snmp.pcap";
  const ours = frames(file);
  const theirs = tsharkFields(file, SNMP_FIELDS);
  const exceptions = tsharkFields(file, BEYOND_SCAPY);
  assert.equal(theirs.length, ours.length);
  const seen = new Map<string, number>();
  let raws = 0;
  ours.forEach(({ bytes, packet }, i) => {
    const where = `${file} frame ${i + 1} (${packet.summary()})`;
    assert.equal(bytesHex(raw(packet)), bytesHex(bytes), `${where}: bytes kept`);
    assert.equal(bytesHex(rebuiltFromValues(packet)), bytesHex(bytes), `${where}: built again from its values`);
    if (packet.getLayer(ICMP)) return;
    if (!packet.getLayer(SNMP)) {
      // Scapy's SNMP gives Raw for a value of a type its universal class lacks; tshark names it.
      assert.ok(packet.getLayer(Raw) && exceptions[i]!.size > 0, `${where}: Raw only for values Scapy cannot decode`);
      raws++;
      return;
    }
    const { fields, mapped } = packetryFields(packet, snmp, SNMP_FIELDS);
    for (const name of new Set(mapped)) seen.set(name, (seen.get(name) ?? 0) + 1);
    for (const key of new Set([...fields.keys(), ...theirs[i]!.keys()])) assert.deepEqual(fields.get(key) ?? [], theirs[i]!.get(key) ?? [], `${where}: ${key}`);
  });
  for (const name of ["SNMPget", "SNMPnext", "SNMPresponse", "SNMPset", "SNMPtrapv1", "SNMPbulk", "SNMPinform", "SNMPtrapv2", "SNMPvarbind"]) {
    assert.ok((seen.get(name) ?? 0) > 0, `the capture holds ${name}`);
  }
  assert.ok(raws <= 2, `${raws} frames Raw`);
});

const TFTP_FIELDS = new Set(["tftp.opcode", "tftp.source_file", "tftp.destination_file", "tftp.type", "tftp.block", "tftp.error.code", "tftp.error.message", "tftp.option.name", "tftp.option.value"]);
/** tshark names the file of every packet of a transfer; packetry has it in the request only. */
const TFTP_CONVERSATION = new Set(["tftp.destination_file"]);

function tftp(q: Packet, put: Put): boolean {
  switch (q.spec.name) {
    case "TFTP":
      put("tftp.opcode", q.getFieldValue("op") as number);
      return true;
    case "TFTP_RRQ":
    case "TFTP_WRQ":
      put(q.spec.name === "TFTP_RRQ" ? "tftp.source_file" : "tftp.destination_file", text(q.getFieldValue("filename")));
      put("tftp.type", text(q.getFieldValue("mode")));
      return true;
    case "TFTP_DATA":
    case "TFTP_ACK":
      put("tftp.block", q.getFieldValue("block") as number);
      return true;
    case "TFTP_ERROR":
      put("tftp.error.code", q.getFieldValue("errorcode") as number);
      put("tftp.error.message", text(q.getFieldValue("errormsg")));
      return true;
    case "TFTP_Option":
      put("tftp.option.name", text(q.getFieldValue("oname")));
      put("tftp.option.value", text(q.getFieldValue("value")));
      return true;
    case "TFTP_OACK":
    case "TFTP_Options":
      return true;
  }
  return false;
}

test("tftpd-hpa with tftp-hpa and curl (options): whole transfers read through TFTPSession as tshark reads them", { skip }, () => {
  const file = "tftp.pcap";
  const raws = frames(file);
  const packets = tftpTransfers(raws.map((f) => f.packet));
  const theirs = tsharkFields(file, TFTP_FIELDS);
  const seen = new Map<string, number>();
  packets.forEach((packet, i) => {
    const bytes = raws[i]!.bytes;
    const where = `${file} frame ${i + 1} (${packet.summary()})`;
    assert.equal(bytesHex(raw(packet)), bytesHex(bytes), `${where}: bytes kept`);
    assert.equal(bytesHex(rebuiltFromValues(packet)), bytesHex(bytes), `${where}: built again from its values`);
    if (packet.getLayer(ICMP)) return;
    assert.ok(packet.getLayer(TFTP), `${where}: read as TFTP`);
    const { fields, mapped } = packetryFields(packet, tftp, TFTP_FIELDS);
    for (const name of new Set(mapped)) seen.set(name, (seen.get(name) ?? 0) + 1);
    for (const key of new Set([...fields.keys(), ...theirs[i]!.keys()])) {
      if (TFTP_CONVERSATION.has(key) && !fields.has(key)) continue;
      assert.deepEqual(fields.get(key) ?? [], theirs[i]!.get(key) ?? [], `${where}: ${key}`);
    }
  });
  for (const name of ["TFTP_RRQ", "TFTP_WRQ", "TFTP_DATA", "TFTP_ACK", "TFTP_ERROR", "TFTP_OACK", "TFTP_Option"]) assert.ok((seen.get(name) ?? 0) > 0, `the capture holds ${name}`);
  // Without the session only the requests to port 69 are TFTP (Scapy's binding).
  const plain = raws.filter((f) => f.packet.getLayer(TFTP)).length;
  assert.equal(plain, packets.filter((p) => p.getLayer(TFTP) && p.getLayer(UDP)!.dport === 69).length);
  assert.ok(plain < packets.filter((p) => p.getLayer(TFTP)).length / 4);
});

const NTP_FIELDS = new Set([
  "ntp.flags.li",
  "ntp.flags.vn",
  "ntp.flags.mode",
  "ntp.stratum",
  "ntp.ppoll",
  "ntp.precision",
  "ntp.keyid",
  "ntp.mac",
  "ntp.ctrl.flags2.r",
  "ntp.ctrl.flags2.error",
  "ntp.ctrl.flags2.more",
  "ntp.ctrl.flags2.opcode",
  "ntp.ctrl.sequence",
  "ntp.ctrl.associd",
  "ntp.ctrl.offset",
  "ntp.ctrl.count",
  "ntp.ctrl.status",
  "ntp.ctrl.sys_status.li",
  "ntp.ctrl.sys_status.clksrc",
  "ntp.ctrl.sys_status.count",
  "ntp.ctrl.sys_status.code",
  "ntp.ctrl.peer_status.config",
  "ntp.ctrl.peer_status.authenable",
  "ntp.ctrl.peer_status.authentic",
  "ntp.ctrl.peer_status.reach",
  "ntp.ctrl.peer_status.selection",
  "ntp.ctrl.peer_status.count",
  "ntp.ctrl.peer_status.code",
  "ntp.ctrl.mru",
]);

function ntp(q: Packet, put: Put): boolean {
  const n = (name: string) => Number(q.getFieldValue(name));
  switch (q.spec.name) {
    case "NTPHeader":
      put("ntp.flags.li", n("leap"));
      put("ntp.flags.vn", n("version"));
      put("ntp.flags.mode", n("mode"));
      put("ntp.stratum", n("stratum"));
      put("ntp.ppoll", n("poll"));
      put("ntp.precision", n("precision"));
      return true;
    case "NTPAuthenticator":
      put("ntp.keyid", colons(Uint8Array.of(...[24, 16, 8, 0].map((s) => (n("key_id") >>> s) & 255))));
      put("ntp.mac", colons(q.getFieldValue("dgst") as Uint8Array));
      return true;
    case "NTPControl":
      put("ntp.flags.li", n("zeros"));
      put("ntp.flags.vn", n("version"));
      put("ntp.flags.mode", n("mode"));
      put("ntp.ctrl.flags2.r", n("response"));
      put("ntp.ctrl.flags2.error", n("err"));
      put("ntp.ctrl.flags2.more", n("more"));
      put("ntp.ctrl.flags2.opcode", n("op_code"));
      put("ntp.ctrl.sequence", n("sequence"));
      put("ntp.ctrl.associd", n("association_id"));
      put("ntp.ctrl.offset", n("offset"));
      put("ntp.ctrl.count", n("count"));
      {
        // The status word: a request's plain number, or a response's status packet (system, peer, clock...).
        const word = q.getFieldValue(n("response") === 1 ? "status_word" : "status");
        put("ntp.ctrl.status", "0x" + (typeof word === "number" ? word : parseInt(bytesHex(raw(word as Packet)), 16)).toString(16).padStart(4, "0"));
        // tshark shows READ_MRU's request and answer each as one text of count bytes.
        if (n("op_code") === 10) put("ntp.ctrl.mru", new TextDecoder("latin1").decode(raw(q.getFieldValue("data") as Packet).subarray(0, n("count"))));
      }
      return true;
    case "NTPSystemStatusPacket":
      put("ntp.ctrl.sys_status.li", n("leap_indicator"));
      put("ntp.ctrl.sys_status.clksrc", n("clock_source"));
      put("ntp.ctrl.sys_status.count", n("system_event_counter"));
      put("ntp.ctrl.sys_status.code", n("system_event_code"));
      return true;
    case "NTPPeerStatusPacket":
      put("ntp.ctrl.peer_status.config", n("configured"));
      put("ntp.ctrl.peer_status.authenable", n("auth_enabled"));
      put("ntp.ctrl.peer_status.authentic", n("authentic"));
      put("ntp.ctrl.peer_status.reach", n("reachability"));
      put("ntp.ctrl.peer_status.selection", n("peer_sel"));
      put("ntp.ctrl.peer_status.count", n("peer_event_counter"));
      put("ntp.ctrl.peer_status.code", n("peer_event_code"));
      return true;
    case "NTPPeerStatusDataPacket":
      // Each association of READSTAT's answer: its ID and status word (the status packet's bits are mapped on their own).
      put("ntp.ctrl.associd", n("association_id"));
      put("ntp.ctrl.status", "0x" + bytesHex(raw(q.getFieldValue("peer_status") as Packet)));
      return true;
  }
  return false;
}

test("ntpsec's ntpd answering ntpdig (plain and MD5-authenticated) and ntpq's mode 6 requests and their answers (rv, peers, as, sysstats, ifstats in fragments, mrulist after a nonce) read as tshark reads them", { skip }, () => {
  const file = "ntp.pcap";
  const ours = frames(file);
  const theirs = tsharkFields(file, NTP_FIELDS);
  const seen = new Map<string, number>();
  ours.forEach(({ bytes, packet }, i) => {
    const where = `${file} frame ${i + 1} (${packet.summary()})`;
    assert.equal(bytesHex(raw(packet)), bytesHex(bytes), `${where}: bytes kept`);
    assert.equal(bytesHex(rebuiltFromValues(packet)), bytesHex(bytes), `${where}: built again from its values`);
    const { fields, mapped } = packetryFields(packet, ntp, NTP_FIELDS);
    for (const name of new Set(mapped)) seen.set(name, (seen.get(name) ?? 0) + 1);
    for (const key of new Set([...fields.keys(), ...theirs[i]!.keys()])) assert.deepEqual(fields.get(key) ?? [], theirs[i]!.get(key) ?? [], `${where}: ${key}`);
  });
  for (const name of ["NTPHeader", "NTPAuthenticator", "NTPControl", "NTPSystemStatusPacket", "NTPPeerStatusPacket", "NTPPeerStatusDataPacket"]) assert.ok((seen.get(name) ?? 0) > 0, `the capture holds ${name}`);
  // Real answers: each op code ntpq asked for answered, one of them in several fragments.
  const answers = ours.map((f) => f.packet.getLayer("NTPControl")).filter((c) => c != null && c.getFieldValue("response") === 1);
  assert.deepEqual([...new Set(answers.map((c) => c!.getFieldValue("op_code") as number))].sort((a, b) => a - b), [1, 2, 10, 12]);
  assert.ok(answers.some((c) => c!.getFieldValue("more") === 1));
});
