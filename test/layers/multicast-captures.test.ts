import assert from "node:assert/strict";
import { test } from "node:test";
import { bytesHex, PIMv2Hdr, Raw, raw, type Packet } from "../../src/index.ts";
import { checkCapture, frames, hex, packetryFields, tsharkFields, tsharkSkip, withComputedFieldsReset, type Put } from "./routingCaptures.ts";

// keepalived's VRRP, the kernel's IGMP and pimd's PIM, recorded by scripts/captures/multicast.sh.
const skip = tsharkSkip();
const v = (q: Packet, name: string) => q.getFieldValue(name) as number;
const s = (q: Packet, name: string) => q.getFieldValue(name) as string;

const VRRP_FIELDS = new Set(["vrrp.version", "vrrp.type", "vrrp.virt_rtr_id", "vrrp.prio", "vrrp.addr_count", "vrrp.auth_type", "vrrp.adver_int", "vrrp.short_adver_int", "vrrp.checksum", "vrrp.ip_addr", "vrrp.ipv6_addr"]);

function vrrp(q: Packet, put: Put): boolean {
  if (q.spec.name !== "VRRP" && q.spec.name !== "VRRPv3") return false;
  put("vrrp.version", v(q, "version"));
  put("vrrp.type", v(q, "type"));
  put("vrrp.virt_rtr_id", v(q, "vrid"));
  put("vrrp.prio", v(q, "priority"));
  put("vrrp.addr_count", v(q, "ipcount"));
  if (q.spec.name === "VRRP") put("vrrp.auth_type", v(q, "authtype"));
  put(q.spec.name === "VRRP" ? "vrrp.adver_int" : "vrrp.short_adver_int", v(q, "adv"));
  put("vrrp.checksum", hex(v(q, "chksum"), 4));
  for (const a of q.getFieldValue("addrlist") as string[]) put(a.includes(":") ? "vrrp.ipv6_addr" : "vrrp.ip_addr", a);
  return true;
}

test("keepalived's VRRPv2 and VRRPv3 (IPv4 and IPv6) read as tshark reads them and build again", { skip }, () => {
  const seen = checkCapture("multicast-vrrp.pcap", vrrp, VRRP_FIELDS);
  assert.ok((seen.get("VRRP") ?? 0) >= 4 && (seen.get("VRRPv3") ?? 0) >= 8, JSON.stringify([...seen]));
});

const IGMP_FIELDS = new Set([
  "igmp.type",
  "igmp.max_resp",
  "igmp.checksum",
  "igmp.maddr",
  "igmp.s",
  "igmp.qrv",
  "igmp.qqic",
  "igmp.num_src",
  "igmp.saddr",
  "igmp.num_grp_recs",
  "igmp.record_type",
  "igmp.aux_data_len",
]);

function igmp(q: Packet, put: Put): boolean {
  switch (q.spec.name) {
    case "IGMP":
      put("igmp.type", hex(v(q, "type"), 2));
      // tshark reads IGMPv1's unused byte as nothing; v2's in tenths of a second.
      if (v(q, "type") !== 0x12) put("igmp.max_resp", v(q, "mrcode"));
      put("igmp.checksum", hex(v(q, "chksum"), 4));
      put("igmp.maddr", s(q, "gaddr"));
      return true;
    case "IGMPv3":
      put("igmp.type", hex(v(q, "type"), 2));
      if (v(q, "type") === 0x11) put("igmp.max_resp", v(q, "mrcode"));
      put("igmp.checksum", hex(v(q, "chksum"), 4));
      return true;
    case "IGMPv3mq":
      put("igmp.maddr", s(q, "gaddr"));
      put("igmp.s", v(q, "s"));
      put("igmp.qrv", v(q, "qrv"));
      put("igmp.qqic", v(q, "qqic"));
      put("igmp.num_src", v(q, "numsrc"));
      for (const a of q.getFieldValue("srcaddrs") as string[]) put("igmp.saddr", a);
      return true;
    case "IGMPv3mr":
      put("igmp.num_grp_recs", v(q, "numgrp"));
      return true;
    case "IGMPv3gr":
      put("igmp.record_type", v(q, "rtype"));
      put("igmp.aux_data_len", v(q, "auxdlen"));
      put("igmp.num_src", v(q, "numsrc"));
      put("igmp.maddr", s(q, "maddr"));
      for (const a of q.getFieldValue("srcaddrs") as string[]) put("igmp.saddr", a);
      return true;
  }
  return false;
}

test("the kernel's IGMP v1, v2 and v3 (reports with and without sources, leaves) and pimd's queries read as tshark reads them and build again", { skip }, () => {
  const seen = checkCapture("multicast-igmp.pcap", igmp, IGMP_FIELDS);
  for (const layer of ["IGMP", "IGMPv3", "IGMPv3mq", "IGMPv3mr", "IGMPv3gr"]) assert.ok((seen.get(layer) ?? 0) > 0, `${layer} seen: ${JSON.stringify([...seen])}`);
});

// PIM: Scapy's classes cover the header, Hello and Join/Prune; pimd's Register, Bootstrap and
// Candidate-RP-Advertisement stay Raw after the header (as in Scapy), so only its fields are compared there.
const PIM_HEADER_FIELDS = ["pim.version", "pim.type", "pim.cksum"];
const PIM_BODY_FIELDS = [
  "pim.optiontype",
  "pim.optionlength",
  "pim.holdtime",
  "pim.dr_priority",
  "pim.generation_id",
  "pim.upstream_neighbor",
  "pim.numgroups",
  "pim.group",
  "pim.mask_len",
  "pim.numjoins",
  "pim.numprunes",
  "pim.join_ip",
  "pim.prune_ip",
  "pim.source",
  "pim.source_addr.flags.s",
  "pim.source_addr.flags.w",
  "pim.source_addr.flags.r",
];

function pim(q: Packet, put: Put): boolean {
  switch (q.spec.name) {
    case "PIMv2Hdr":
      put("pim.version", v(q, "version"));
      put("pim.type", v(q, "type"));
      put("pim.cksum", hex(v(q, "chksum"), 4));
      return true;
    case "PIMv2HelloHoldtime":
    case "PIMv2HelloDRPriority":
    case "PIMv2HelloGenerationID":
      put("pim.optiontype", v(q, "type"));
      put("pim.optionlength", v(q, "length"));
      if (q.spec.name === "PIMv2HelloHoldtime") put("pim.holdtime", v(q, "holdtime"));
      else if (q.spec.name === "PIMv2HelloDRPriority") put("pim.dr_priority", v(q, "dr_priority"));
      else put("pim.generation_id", v(q, "generation_id"));
      return true;
    case "PIMv2JoinPrune":
      put("pim.upstream_neighbor", s(q, "up_neighbor_ip"));
      put("pim.numgroups", v(q, "num_group"));
      put("pim.holdtime", v(q, "holdtime"));
      return true;
    case "PIMv2GroupAddrs":
      put("pim.group", s(q, "gaddr"));
      put("pim.group", s(q, "gaddr"));
      put("pim.mask_len", v(q, "mask_len"));
      put("pim.numjoins", v(q, "num_joins"));
      put("pim.numprunes", v(q, "num_prunes"));
      return true;
    case "PIMv2JoinAddrs":
    case "PIMv2PruneAddrs":
      put(q.spec.name === "PIMv2JoinAddrs" ? "pim.join_ip" : "pim.prune_ip", s(q, "src_ip"));
      put("pim.source_addr.flags.s", v(q, "sparse"));
      put("pim.source_addr.flags.w", v(q, "wildcard"));
      put("pim.source_addr.flags.r", v(q, "rpt"));
      put("pim.mask_len", v(q, "mask_len"));
      put("pim.source", s(q, "src_ip"));
      return true;
  }
  return false;
}

test("pimd's PIM (Hello with its options, Join/Prune with groups and sources; the other messages' headers) reads as tshark reads it and builds again", { skip }, () => {
  const file = "multicast-pim.pcap";
  const all = new Set([...PIM_HEADER_FIELDS, ...PIM_BODY_FIELDS]);
  const ours = frames(file);
  const theirs = tsharkFields(file, all);
  const seen = new Map<string, number>();
  let pimFrames = 0;
  ours.forEach(({ bytes, packet }, i) => {
    const hdr = packet.getLayer(PIMv2Hdr);
    if (!hdr) return;
    pimFrames++;
    const where = `${file} frame ${i + 1} (${packet.summary()})`;
    assert.equal(bytesHex(raw(packet)), bytesHex(bytes), `${where}: bytes kept`);
    // A Register's checksum covers its first 8 bytes only (RFC 7761 4.9.3); Scapy's covers the whole message, so it is kept there.
    const keep = (layer: Packet, field: string) => hdr.type === 1 && layer.spec.name === "PIMv2Hdr" && field === "chksum";
    assert.equal(bytesHex(raw(withComputedFieldsReset(packet, keep))), bytesHex(bytes), `${where}: built again with lengths and checksums computed`);
    const body = hdr.type === 0 || hdr.type === 3;
    assert.equal(body, !packet.getLayer(Raw), `${where}: Raw only after the messages Scapy has no class for`);
    const { fields, mapped } = packetryFields(packet, pim, all);
    for (const name of new Set(mapped)) seen.set(name, (seen.get(name) ?? 0) + 1);
    for (const key of body ? all : PIM_HEADER_FIELDS) assert.deepEqual(fields.get(key) ?? [], theirs[i]!.get(key) ?? [], `${where}: ${key}`);
  });
  assert.ok(pimFrames >= 20, `${pimFrames} PIM frames`);
  for (const layer of ["PIMv2Hdr", "PIMv2Hello", "PIMv2HelloHoldtime", "PIMv2HelloDRPriority", "PIMv2HelloGenerationID", "PIMv2JoinPrune", "PIMv2GroupAddrs", "PIMv2JoinAddrs"]) {
    assert.ok((seen.get(layer) ?? 0) > 0 || layer === "PIMv2Hello", `${layer} seen: ${JSON.stringify([...seen])}`);
  }
});
