import assert from "node:assert/strict";
import { test } from "node:test";
import type { Packet } from "../../src/index.ts";
import { checkCapture, hex, tsharkSkip, type Put } from "./routingCaptures.ts";

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
