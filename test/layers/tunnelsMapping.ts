/** packetry's tunnel layers under tshark's field names (for the vector and capture checks). */
import { bytesHex, GeneveOptions, raw, Raw, type Packet } from "../../src/index.ts";
import { hex, type Put } from "./routingCaptures.ts";

const v = (q: Packet, name: string) => Number(q.getFieldValue(name));
const colons = (x: Uint8Array) => bytesHex(x).replace(/(..)(?=.)/g, "$1:");

export const TUNNEL_FIELDS = new Set([
  "gre.flags_and_version",
  "gre.proto",
  "gre.checksum",
  "gre.offset",
  "gre.key",
  "gre.sequence_number",
  "gre.ack_number",
  "gre.key.payload_length",
  "gre.key.call_id",
  "gre.routing.address_family",
  "gre.routing.sre_offset",
  "gre.routing.src_length",
  "gre.routing.information",
  "erspan.version",
  "erspan.vlan",
  "erspan.cos",
  "erspan.encap",
  "erspan.bso",
  "erspan.truncated",
  "erspan.spanid",
  "erspan.index",
  "erspan.timestamp",
  "erspan.sgt",
  "erspan.p",
  "erspan.ft",
  "erspan.hw",
  "erspan.direction",
  "erspan.gra",
  "erspan.o",
  "erspan.platid",
  "vxlan.vni",
  "vxlan.flag_g",
  "vxlan.flag_i",
  "vxlan.gbp",
  "vxlan.next_proto",
  "geneve.version",
  "geneve.flags.oam",
  "geneve.flags.critical",
  "geneve.proto_type",
  "geneve.vni",
  "geneve.option.length",
  "geneve.option.class",
  "geneve.option.type",
  "mpls.label",
  "mpls.exp",
  "mpls.bottom",
  "mpls.ttl",
  "l2tp.flags",
  "l2tp.length",
  "l2tp.tunnel",
  "l2tp.session",
  "l2tp.Ns",
  "l2tp.Nr",
  "l2tp.offset",
  "nsh.version",
  "nsh.Obit",
  "nsh.ttl",
  "nsh.length",
  "nsh.mdtype",
  "nsh.nextproto",
  "nsh.spi",
  "nsh.si",
]);

const greFlags = (q: Packet, pptp: boolean) =>
  (v(q, "chksum_present") << 15) |
  (v(q, "routing_present") << 14) |
  (v(q, "key_present") << 13) |
  (v(q, "seqnum_present") << 12) |
  (v(q, "strict_route_source") << 11) |
  (v(q, "recursion_control") << 8) |
  (pptp ? (v(q, "acknum_present") << 7) | (v(q, "flags") << 3) : v(q, "flags") << 3) |
  v(q, "version");

const present = (q: Packet, name: string) => q.spec.layout.fields.find((f) => f.name === name)!.present(q);

function geneveOption(q: Packet, put: Put): void {
  put("geneve.option.class", hex(v(q, "classid"), 4));
  put("geneve.option.type", hex(v(q, "type"), 2));
  put("geneve.option.length", 4 + v(q, "length") * 4);
}

export function tunnelMapping(q: Packet, put: Put): boolean {
  switch (q.spec.name) {
    case "GRE":
    case "GRE_PPTP": {
      const pptp = q.spec.name === "GRE_PPTP";
      put("gre.flags_and_version", hex(greFlags(q, pptp), 4));
      put("gre.proto", hex(v(q, "proto"), 4));
      if (pptp) {
        put("gre.key.payload_length", v(q, "payload_len"));
        put("gre.key.call_id", v(q, "call_id"));
        if (present(q, "sequence_number")) put("gre.sequence_number", v(q, "sequence_number"));
        if (present(q, "ack_number")) put("gre.ack_number", v(q, "ack_number"));
        return true;
      }
      if (present(q, "chksum")) {
        put("gre.checksum", hex(v(q, "chksum"), 4));
        put("gre.offset", v(q, "offset"));
      }
      if (present(q, "key")) put("gre.key", hex(v(q, "key"), 8));
      if (present(q, "sequence_number")) put("gre.sequence_number", v(q, "sequence_number"));
      return true;
    }
    case "GRErouting":
      put("gre.routing.address_family", v(q, "address_family"));
      put("gre.routing.sre_offset", v(q, "SRE_offset"));
      put("gre.routing.src_length", v(q, "SRE_len"));
      if (v(q, "SRE_len")) put("gre.routing.information", colons(q.getFieldValue("routing_info") as Uint8Array));
      return true;
    case "ERSPAN_II":
      put("erspan.version", v(q, "ver"));
      put("erspan.vlan", v(q, "vlan"));
      put("erspan.cos", v(q, "cos"));
      put("erspan.encap", v(q, "en"));
      put("erspan.truncated", v(q, "t"));
      put("erspan.spanid", v(q, "session_id"));
      put("erspan.index", v(q, "index"));
      return true;
    case "ERSPAN_III":
      put("erspan.version", v(q, "ver"));
      put("erspan.vlan", v(q, "vlan"));
      put("erspan.cos", v(q, "cos"));
      put("erspan.bso", v(q, "bso"));
      put("erspan.truncated", v(q, "t"));
      put("erspan.spanid", v(q, "session_id"));
      put("erspan.timestamp", v(q, "timestamp"));
      put("erspan.sgt", v(q, "sgt_other"));
      put("erspan.p", v(q, "p"));
      put("erspan.ft", v(q, "ft"));
      put("erspan.hw", v(q, "hw"));
      put("erspan.direction", v(q, "d"));
      put("erspan.gra", v(q, "gra"));
      put("erspan.o", v(q, "o"));
      return true;
    case "ERSPAN_PlatformSpecific":
      put("erspan.platid", v(q, "platf_id"));
      return true;
    case "VXLAN": {
      const f = v(q, "flags");
      put("vxlan.vni", v(q, "vni"));
      const udp = q.underlayer;
      if (udp?.spec.name === "UDP" && (v(udp, "dport") === 4790 || v(udp, "sport") === 4790)) {
        // tshark reads port 4790 as VXLAN-GPE.
        put("vxlan.next_proto", v(q, "NextProtocol"));
        return true;
      }
      // Elsewhere as VXLAN with group policy: two bytes of flags, then the group policy id (whatever our fields call those bytes).
      const header = raw(q);
      put("vxlan.flag_g", (f >> 7) & 1);
      put("vxlan.flag_i", (f >> 3) & 1);
      put("vxlan.gbp", (header[2]! << 8) | header[3]!);
      return true;
    }
    case "GENEVE":
      put("geneve.version", v(q, "version"));
      put("geneve.option.length", v(q, "optionlen") * 4);
      put("geneve.flags.oam", v(q, "oam"));
      put("geneve.flags.critical", v(q, "critical"));
      put("geneve.proto_type", hex(v(q, "proto"), 4));
      put("geneve.vni", hex(v(q, "vni"), 6));
      return true;
    case "GeneveOptions": {
      geneveOption(q, put);
      // As Scapy's, an option holds the options after it as its payload (Raw): read them for the comparison.
      const rest = q.payload && q.payload.spec === Raw.spec ? (q.payload.getFieldValue("load") as Uint8Array) : null;
      if (rest && rest.length >= 4) {
        let more: Packet | null = GeneveOptions(rest);
        while (more && more.spec === GeneveOptions.spec) {
          geneveOption(more, put);
          const next: Packet | null = more.payload;
          more = next && next.spec === Raw.spec && (next.getFieldValue("load") as Uint8Array).length >= 4 ? GeneveOptions(next.getFieldValue("load") as Uint8Array) : null;
        }
      }
      return true;
    }
    case "MPLS":
      put("mpls.label", v(q, "label"));
      put("mpls.exp", v(q, "cos"));
      put("mpls.bottom", v(q, "s"));
      put("mpls.ttl", v(q, "ttl"));
      return true;
    case "L2TP":
      put("l2tp.flags", hex((v(q, "hdr") << 4) | v(q, "version"), 4));
      if (present(q, "len")) put("l2tp.length", v(q, "len"));
      put("l2tp.tunnel", v(q, "tunnel_id"));
      put("l2tp.session", v(q, "session_id"));
      if (present(q, "ns")) {
        put("l2tp.Ns", v(q, "ns"));
        put("l2tp.Nr", v(q, "nr"));
      }
      if (present(q, "offset")) put("l2tp.offset", v(q, "offset"));
      return true;
    case "NSH":
      put("nsh.version", v(q, "ver"));
      put("nsh.Obit", v(q, "oam"));
      put("nsh.ttl", hex(v(q, "ttl"), 4));
      put("nsh.length", v(q, "length"));
      put("nsh.mdtype", v(q, "mdtype"));
      put("nsh.nextproto", v(q, "nextproto"));
      put("nsh.spi", v(q, "spi"));
      put("nsh.si", v(q, "si"));
      return true;
  }
  return false;
}
