import assert from "node:assert/strict";
import { test } from "node:test";
import type { Packet } from "../../src/index.ts";
import { hex, tsharkSkip } from "./routingCaptures.ts";
import { checkVectorsWithTshark } from "./vectorsTshark.ts";

// No Debian daemon speaks EIGRP here (frr's eigrpd is not installed): Scapy and tshark are the oracles.
const skip = tsharkSkip();
const v = (q: Packet, name: string) => Number(q.getFieldValue(name));
const s = (q: Packet, name: string) => String(q.getFieldValue(name));

/** tshark's names for what packetry reads in an EIGRP header or TLV. */
function eigrpFields(q: Packet): Record<string, string | number> | undefined {
  const name = q.spec.name;
  if (name === "EIGRP") {
    return { "eigrp.version": v(q, "ver"), "eigrp.opcode": v(q, "opcode"), "eigrp.checksum": hex(v(q, "chksum"), 4), "eigrp.seq": v(q, "seq"), "eigrp.ack": v(q, "ack"), "eigrp.as": v(q, "asn") };
  }
  if (!name.startsWith("EIGRP")) return undefined;
  const out: Record<string, string | number> = { "eigrp.tlv_type": hex(v(q, "type"), 4), "eigrp.tlv.len": v(q, "len") };
  const family = name.startsWith("EIGRPv6") ? "ipv6" : "ipv4";
  switch (name) {
    case "EIGRPParam":
      for (const k of ["k1", "k2", "k3", "k4", "k5", "holdtime"]) out[`eigrp.par.${k}`] = v(q, k);
      break;
    case "EIGRPAuthData":
      Object.assign(out, { "eigrp.auth.type": v(q, "authtype"), "eigrp.auth.length": v(q, "keysize"), "eigrp.auth.keyid": v(q, "keyid") });
      break;
    case "EIGRPSeq":
      out["eigrp.seq.addrlen"] = v(q, "addrlen");
      if (v(q, "addrlen") === 4) out["eigrp.seq.ipv4addr"] = s(q, "ipaddr");
      if (v(q, "addrlen") === 16) out["eigrp.seq.ipv6addr"] = s(q, "ip6addr");
      break;
    case "EIGRPSwVer":
      Object.assign(out, { "eigrp.release_version": v(q, "ios"), "eigrp.tlv_version": v(q, "eigrp") });
      break;
    case "EIGRPNms":
      out["eigrp.next_mcast_seq"] = v(q, "nms");
      break;
    case "EIGRPStub":
      out["eigrp.stub_options"] = hex(v(q, "flags"), 4);
      break;
    case "EIGRPIntRoute":
    case "EIGRPExtRoute":
    case "EIGRPv6IntRoute":
    case "EIGRPv6ExtRoute":
      Object.assign(out, {
        [`eigrp.${family}.nexthop`]: s(q, "nexthop"),
        "eigrp.old_metric.delay": v(q, "delay"),
        "eigrp.old_metric.bw": v(q, "bandwidth"),
        "eigrp.old_metric.mtu": v(q, "mtu"),
        "eigrp.old_metric.hopcount": v(q, "hopcount"),
        "eigrp.old_metric.rel": v(q, "reliability"),
        "eigrp.old_metric.load": v(q, "load"),
        [`eigrp.${family}.prefixlen`]: v(q, "prefixlen"),
        [`eigrp.${family}.destination`]: s(q, "dst"),
      });
      if (name.endsWith("ExtRoute")) {
        Object.assign(out, {
          "eigrp.extdata.origrid": s(q, "originrouter"),
          "eigrp.extdata.as": v(q, "originasn"),
          "eigrp.extdata.tag": v(q, "tag"),
          "eigrp.extdata.metric": v(q, "externalmetric"),
          "eigrp.extdata.proto": v(q, "extprotocolid"),
          "eigrp.opaque.flag.ext": v(q, "flags") & 1,
          "eigrp.opaque.flag.cd": (v(q, "flags") >> 1) & 1,
        });
      }
      break;
  }
  return out;
}

test("tshark reads every EIGRP packet packetry builds from the EIGRP vectors, TLV by TLV", { skip }, () => {
  const n = checkVectorsWithTshark("eigrp.json", eigrpFields, {
    protocol: /:eigrp$/,
    skip: {
      "eigrp/auth-given-keysize": "a 4-byte digest on purpose (tshark wants MD5's 16)",
      "eigrp/route-given-len": "a TLV length past the TLV on purpose",
      "eigrp/given-checksum": "a wrong checksum given on purpose",
      "eigrp/bare": "no link or IP layer",
      "eigrp/sequence-other-addrlen": "an address length of 0 on purpose",
      "eigrp/dissect-cut-tlv": "a TLV cut short on purpose",
      "eigrp/dissect-odd-byte": "no link or IP layer, one byte after the last TLV",
      "eigrp/dissect-route-cut": "a route cut short on purpose",
    },
    // A TLV of a type tshark does not know is reported as such (the bytes are well formed).
    expectedProblems: { "eigrp/generic-tlv": /^Unknown TLV/, "eigrp/generic-default": /^Unknown Generic TLV/, "eigrp/dissect-unknown-tlv": /^Unknown TLV/ },
  });
  assert.ok(n >= 12, `${n} vectors`);
});
