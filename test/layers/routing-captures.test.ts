import assert from "node:assert/strict";
import { test } from "node:test";
import { bytesHex, type Packet } from "../../src/index.ts";
import { checkCapture, hex, tsharkSkip, type Put } from "./routingCaptures.ts";

// BIRD 2's RIP, BFD, OSPFv2, OSPFv3 and BGP between two namespaces, recorded by scripts/captures/routing.sh.
const skip = tsharkSkip();
const v = (q: Packet, name: string) => q.getFieldValue(name) as number;
const s = (q: Packet, name: string) => q.getFieldValue(name) as string;
const colons = (b: Uint8Array) => bytesHex(b).replace(/(..)(?=.)/g, "$1:");

const RIP_FIELDS = new Set([
  "rip.command",
  "rip.version",
  "rip.family",
  "rip.route_tag",
  "rip.ip",
  "rip.netmask",
  "rip.next_hop",
  "rip.metric",
  "rip.auth.type",
  "rip.digest_offset",
  "rip.key_id",
  "rip.auth_data_len",
  "rip.seq_num",
  "rip.authentication_data",
]);

function rip(q: Packet, put: Put): boolean {
  switch (q.spec.name) {
    case "RIP":
      put("rip.command", v(q, "cmd"));
      put("rip.version", v(q, "version"));
      return true;
    case "RIPEntry":
      put("rip.family", v(q, "AF"));
      put("rip.route_tag", v(q, "RouteTag"));
      // A request's "address not specified" entry (family 0) has no address for tshark.
      if (v(q, "AF") !== 0) put("rip.ip", s(q, "addr"));
      put("rip.netmask", s(q, "mask"));
      put("rip.next_hop", s(q, "nextHop"));
      put("rip.metric", v(q, "metric"));
      return true;
    case "RIPAuth":
      // The MD5 trailer (type 1) is the authentication data alone for tshark.
      if (v(q, "authtype") !== 1) put("rip.auth.type", v(q, "authtype"));
      if (v(q, "authtype") === 3) {
        put("rip.digest_offset", v(q, "digestoffset"));
        put("rip.key_id", v(q, "keyid"));
        put("rip.auth_data_len", v(q, "authdatalen"));
        put("rip.seq_num", v(q, "seqnum"));
      }
      if (v(q, "authtype") === 1) put("rip.authentication_data", colons(q.getFieldValue("authdata") as Uint8Array));
      return true;
  }
  return false;
}

test("BIRD's RIPv2 with keyed MD5 reads as tshark reads it and builds again", { skip }, () => {
  const seen = checkCapture("routing-rip.pcap", rip, RIP_FIELDS);
  assert.ok((seen.get("RIPAuth") ?? 0) > 0 && (seen.get("RIPEntry") ?? 0) > 0, JSON.stringify([...seen]));
});

const BFD_FIELDS = new Set([
  "bfd.version",
  "bfd.diag",
  "bfd.sta",
  "bfd.flags",
  "bfd.detect_time_multiplier",
  "bfd.message_length",
  "bfd.my_discriminator",
  "bfd.your_discriminator",
  "bfd.desired_min_tx_interval",
  "bfd.required_min_rx_interval",
  "bfd.required_min_echo_interval",
]);

function bfd(q: Packet, put: Put): boolean {
  if (q.spec.name !== "BFD") return false;
  put("bfd.version", v(q, "version"));
  put("bfd.diag", hex(v(q, "diag"), 2));
  put("bfd.sta", hex(v(q, "sta"), 2));
  // tshark shows the state's two bits with the flags (its 0x40 is Down with no flag).
  put("bfd.flags", hex((v(q, "sta") << 6) | Number(q.getFieldValue("flags")), 2));
  put("bfd.detect_time_multiplier", v(q, "detect_mult"));
  put("bfd.message_length", v(q, "len"));
  put("bfd.my_discriminator", hex(v(q, "my_discriminator"), 8));
  put("bfd.your_discriminator", hex(v(q, "your_discriminator"), 8));
  put("bfd.desired_min_tx_interval", v(q, "min_tx_interval"));
  put("bfd.required_min_rx_interval", v(q, "min_rx_interval"));
  put("bfd.required_min_echo_interval", v(q, "echo_rx_interval"));
  return true;
}

test("BIRD's BFD session (Down, Init, Up) reads as tshark reads it and builds again", { skip }, () => {
  const seen = checkCapture("routing-bfd.pcap", bfd, BFD_FIELDS);
  assert.ok((seen.get("BFD") ?? 0) > 10, JSON.stringify([...seen]));
});

const OSPF_COMMON = [
  "ospf.version",
  "ospf.msg",
  "ospf.packet_length",
  "ospf.srcrouter",
  "ospf.area_id",
  "ospf.checksum",
  "ospf.hello.hello_interval",
  "ospf.hello.router_priority",
  "ospf.hello.router_dead_interval",
  "ospf.hello.designated_router",
  "ospf.hello.backup_designated_router",
  "ospf.hello.active_neighbor",
  "ospf.db.interface_mtu",
  "ospf.dbd",
  "ospf.db.dd_sequence",
  "ospf.ls.number_of_lsas",
  "ospf.lsa.age",
  "ospf.advrouter",
  "ospf.lsa.seqnum",
  "ospf.lsa.chksum",
  "ospf.lsa.length",
];
const OSPF2_FIELDS = new Set([
  ...OSPF_COMMON,
  "ospf.auth.type",
  "ospf.hello.network_mask",
  "ospf.v2.options",
  "ospf.lsa",
  "ospf.lsa.id",
  "ospf.link_state_id",
  "ospf.v2.router.lsa.flags",
  "ospf.lsa.number_of_links",
  "ospf.lsa.router.linkid",
  "ospf.lsa.router.linkdata",
  "ospf.lsa.router.linktype",
  "ospf.lsa.router.metric0",
  "ospf.lsa.network.netmask",
  "ospf.lsa.network.attchrtr",
  "ospf.lsa.asext.netmask",
  "ospf.lsa.asext.fwdaddr",
  "ospf.lsa.asext.extrttag",
  "ospf.metric",
]);
const OSPF3_FIELDS = new Set([
  ...OSPF_COMMON,
  "ospf.instance_id",
  "ospf.hello.interface_id",
  "ospf.v3.options",
  "ospf.v3.lsa",
  "ospf.link_state_id",
  "ospf.v3.router.lsa.flags",
  "ospf.prefix_length",
  "ospf.v3.address_prefix.ipv6",
  "ospf.v3.lsa.num_prefixes",
  "ospf.v3.lsa.referenced_ls_type",
  "ospf.v3.lsa.referenced_link_state_id",
  "ospf.v3.lsa.referenced_advertising_router",
  "ospf.v3.lsa.router_priority",
  "ospf.v3.lsa.link_local_interface_address.ipv6",
]);

const flagsOf = (q: Packet, name: string) => Number(q.getFieldValue(name));
const LSA_V2 = /^OSPF_(Router|Network|SummaryIP|SummaryASBR|External|NSSA_External|\w+_Scope_Opaque)_LSA$|^OSPF_LSA_Hdr$/;
const LSA_V3 = /^OSPFv3_\w+_LSA$|^OSPFv3_LSA_Hdr$/;

function lsaHead(q: Packet, put: Put, v3: boolean): void {
  put("ospf.lsa.age", v(q, "age"));
  if (v3) {
    put("ospf.v3.lsa", hex(v(q, "type"), 4));
    put("ospf.link_state_id", s(q, "id"));
  } else {
    put("ospf.v2.options", hex(flagsOf(q, "options"), 2));
    put("ospf.lsa", v(q, "type"));
    put("ospf.lsa.id", s(q, "id"));
  }
  put("ospf.advrouter", s(q, "adrouter"));
  put("ospf.lsa.seqnum", hex(v(q, "seq"), 8));
  put("ospf.lsa.chksum", hex(v(q, "chksum"), 4));
  put("ospf.lsa.length", v(q, "len"));
}

function ospf(q: Packet, put: Put): boolean {
  const name = q.spec.name;
  const v3 = name.startsWith("OSPFv3");
  if (LSA_V2.test(name) || LSA_V3.test(name)) {
    lsaHead(q, put, v3);
    switch (name) {
      case "OSPF_Router_LSA":
        put("ospf.v2.router.lsa.flags", hex(flagsOf(q, "flags"), 2));
        put("ospf.lsa.number_of_links", v(q, "linkcount"));
        break;
      case "OSPF_Network_LSA":
        put("ospf.lsa.network.netmask", s(q, "mask"));
        for (const r of q.getFieldValue("routerlist") as string[]) put("ospf.lsa.network.attchrtr", r);
        break;
      case "OSPF_SummaryIP_LSA":
      case "OSPF_SummaryASBR_LSA":
        put("ospf.metric", v(q, "metric"));
        break;
      case "OSPF_External_LSA":
      case "OSPF_NSSA_External_LSA":
        put("ospf.lsa.asext.netmask", s(q, "mask"));
        put("ospf.metric", v(q, "metric"));
        put("ospf.lsa.asext.fwdaddr", s(q, "fwdaddr"));
        put("ospf.lsa.asext.extrttag", v(q, "tag"));
        break;
      case "OSPFv3_Router_LSA":
        put("ospf.v3.router.lsa.flags", hex(flagsOf(q, "flags"), 2));
        put("ospf.v3.options", hex(flagsOf(q, "options"), 6));
        break;
      case "OSPFv3_Network_LSA":
        put("ospf.v3.options", hex(flagsOf(q, "options"), 6));
        break;
      case "OSPFv3_Inter_Area_Prefix_LSA":
      case "OSPFv3_AS_External_LSA":
        put("ospf.prefix_length", v(q, "prefixlen"));
        put("ospf.v3.address_prefix.ipv6", (q.getFieldValue("prefix") as readonly [string, number])[0]);
        if (name === "OSPFv3_AS_External_LSA") put("ospf.v3.lsa.referenced_ls_type", hex(v(q, "reflstype"), 4));
        break;
      case "OSPFv3_Link_LSA":
        put("ospf.v3.lsa.router_priority", v(q, "prio"));
        put("ospf.v3.options", hex(flagsOf(q, "options"), 6));
        put("ospf.v3.lsa.link_local_interface_address.ipv6", s(q, "lladdr"));
        put("ospf.v3.lsa.num_prefixes", v(q, "prefixes"));
        break;
      case "OSPFv3_Intra_Area_Prefix_LSA":
        put("ospf.v3.lsa.num_prefixes", v(q, "prefixes"));
        put("ospf.v3.lsa.referenced_ls_type", hex(v(q, "reflstype"), 4));
        put("ospf.v3.lsa.referenced_link_state_id", s(q, "reflsid"));
        put("ospf.v3.lsa.referenced_advertising_router", s(q, "refadrouter"));
        break;
    }
    return true;
  }
  switch (name) {
    case "OSPF_Hdr":
    case "OSPFv3_Hdr":
      put("ospf.version", v(q, "version"));
      put("ospf.msg", v(q, "type"));
      put("ospf.packet_length", v(q, "len"));
      put("ospf.srcrouter", s(q, "src"));
      put("ospf.area_id", s(q, "area"));
      put("ospf.checksum", hex(v(q, "chksum"), 4));
      if (v3) put("ospf.instance_id", v(q, "instance"));
      else put("ospf.auth.type", v(q, "authtype"));
      return true;
    case "OSPF_Hello":
    case "OSPFv3_Hello":
      if (v3) {
        put("ospf.hello.interface_id", v(q, "intid"));
        put("ospf.hello.router_priority", v(q, "prio"));
        put("ospf.v3.options", hex(flagsOf(q, "options"), 6));
      } else {
        put("ospf.hello.network_mask", s(q, "mask"));
        put("ospf.v2.options", hex(flagsOf(q, "options"), 2));
        put("ospf.hello.router_priority", v(q, "prio"));
      }
      put("ospf.hello.hello_interval", v(q, "hellointerval"));
      put("ospf.hello.router_dead_interval", v(q, "deadinterval"));
      put("ospf.hello.designated_router", s(q, "router"));
      put("ospf.hello.backup_designated_router", s(q, "backup"));
      for (const n of q.getFieldValue("neighbors") as string[]) put("ospf.hello.active_neighbor", n);
      return true;
    case "OSPF_DBDesc":
    case "OSPFv3_DBDesc":
      if (v3) put("ospf.v3.options", hex(flagsOf(q, "options"), 6));
      put("ospf.db.interface_mtu", v(q, "mtu"));
      if (!v3) put("ospf.v2.options", hex(flagsOf(q, "options"), 2));
      put("ospf.dbd", hex(flagsOf(q, "dbdescr"), 2));
      put("ospf.db.dd_sequence", v(q, "ddseq"));
      return true;
    case "OSPF_LSReq_Item":
    case "OSPFv3_LSReq_Item":
      if (v3) put("ospf.v3.lsa", hex(v(q, "type"), 4));
      else put("ospf.lsa", v(q, "type"));
      put("ospf.link_state_id", s(q, "id"));
      put("ospf.advrouter", s(q, "adrouter"));
      return true;
    case "OSPF_LSUpd":
    case "OSPFv3_LSUpd":
      put("ospf.ls.number_of_lsas", v(q, "lsacount"));
      return true;
    case "OSPF_Link":
      put("ospf.lsa.router.linkid", s(q, "id"));
      put("ospf.lsa.router.linkdata", s(q, "data"));
      put("ospf.lsa.router.linktype", v(q, "type"));
      put("ospf.lsa.router.metric0", v(q, "metric"));
      return true;
    case "OSPFv3_Prefix_Item":
      put("ospf.prefix_length", v(q, "prefixlen"));
      put("ospf.v3.address_prefix.ipv6", (q.getFieldValue("prefix") as readonly [string, number])[0]);
      return true;
  }
  return false;
}

test("BIRD's OSPFv2 adjacency (Hello, DBDesc, LSReq, LSUpd with router, network, summary and external LSAs, LSAck) reads as tshark reads it and builds again", { skip }, () => {
  const seen = checkCapture("routing-ospf.pcap", ospf, OSPF2_FIELDS);
  for (const layer of ["OSPF_Hello", "OSPF_DBDesc", "OSPF_LSReq_Item", "OSPF_Router_LSA", "OSPF_Network_LSA", "OSPF_SummaryIP_LSA", "OSPF_External_LSA", "OSPF_LSA_Hdr"]) {
    assert.ok((seen.get(layer) ?? 0) > 0, `${layer} seen: ${JSON.stringify([...seen])}`);
  }
});

test("BIRD's OSPFv3 adjacency (router, network, inter-area, external, link and intra-area-prefix LSAs) reads as tshark reads it and builds again", { skip }, () => {
  const seen = checkCapture("routing-ospf3.pcap", ospf, OSPF3_FIELDS);
  for (const layer of ["OSPFv3_Hello", "OSPFv3_DBDesc", "OSPFv3_LSReq_Item", "OSPFv3_Router_LSA", "OSPFv3_Link_LSA", "OSPFv3_Intra_Area_Prefix_LSA", "OSPFv3_AS_External_LSA", "OSPFv3_LSA_Hdr"]) {
    assert.ok((seen.get(layer) ?? 0) > 0, `${layer} seen: ${JSON.stringify([...seen])}`);
  }
});
