import assert from "node:assert/strict";
import { test } from "node:test";
import { bytesHex, Ether, LLDPDUChassisID, LLDPDUEndOfLLDPDU, LLDPDUPortID, LLDPDUSystemName, LLDPDUTimeToLive, raw, type Packet } from "../../src/index.ts";
import { checkCapture, hex, tsharkSkip, type Put } from "./routingCaptures.ts";
import { checkVectorsWithTshark } from "./vectorsTshark.ts";

const skip = tsharkSkip();
const v = (q: Packet, name: string) => q.getFieldValue(name) as number;
const text = (q: Packet, name: string) => new TextDecoder("latin1").decode(q.getFieldValue(name) as Uint8Array);
const colons = (b: Uint8Array) => bytesHex(b).replace(/(..)(?=.)/g, "$1:");
const CAPABILITIES = ["reserved_5", "reserved_4", "reserved_3", "reserved_2", "reserved_1", "two_port_mac_relay", "s_vlan_component", "c_vlan_component", "station_only", "docsis_cable_device", "telephone", "router", "wlan_access_point", "mac_bridge", "repeater", "other"];
const capabilities = (q: Packet, suffix: string) => CAPABILITIES.reduce((n, c) => (n << 1) | v(q, `${c}_${suffix}`), 0);

/** tshark's names for what packetry reads in one TLV (values in tshark's forms). */
function lldpFields(q: Packet): [string, string | number][] | undefined {
  if (!q.spec.name.startsWith("LLDPDU") || q.spec.name === "LLDPDU") return undefined;
  const out: [string, string | number][] = [["lldp.tlv.type", v(q, "_type")], ["lldp.tlv.len", v(q, "_length")]];
  switch (q.spec.name) {
    case "LLDPDUChassisID":
    case "LLDPDUPortID": {
      const which = q.spec.name === "LLDPDUChassisID" ? "chassis" : "port";
      out.push([`lldp.${which}.subtype`, v(q, "subtype")]);
      const id = q.getFieldValue("id");
      const kind = q.spec.layout.fields.find((f) => f.name === "id")!.resolve(q).kindName;
      if (kind === "MACField") out.push([`lldp.${which}.id.mac`, id as string]);
      else if (kind === "IPField") out.push([`lldp.${which}.id.ip4`, id as string]);
      else if (kind === "IP6Field") out.push([`lldp.${which}.id.ip6`, id as string]);
      // Names are text for tshark; a locally assigned chassis id is bytes.
      else if (which === "chassis" && v(q, "subtype") === 7) out.push([`lldp.${which}.id`, colons(id as Uint8Array)]);
      else if ((which === "port" && v(q, "subtype") === 5) || (which === "chassis" && v(q, "subtype") === 6)) out.push([`lldp.${which}.id`, new TextDecoder("latin1").decode(id as Uint8Array)]);
      break;
    }
    case "LLDPDUTimeToLive":
      out.push(["lldp.time_to_live", v(q, "ttl")]);
      break;
    case "LLDPDUPortDescription":
      out.push(["lldp.port.desc", text(q, "description")]);
      break;
    case "LLDPDUSystemName":
      out.push(["lldp.tlv.system.name", text(q, "system_name")]);
      break;
    case "LLDPDUSystemDescription":
      out.push(["lldp.tlv.system.desc", text(q, "description")]);
      break;
    case "LLDPDUSystemCapabilities":
      out.push(["lldp.tlv.system_cap", hex(capabilities(q, "available"), 4)], ["lldp.tlv.enable_system_cap", hex(capabilities(q, "enabled"), 4)]);
      break;
    case "LLDPDUManagementAddress": {
      const subtype = v(q, "management_address_subtype");
      const addr = q.getFieldValue("management_address") as Uint8Array;
      out.push(["lldp.mgn.address.len", v(q, "_management_address_string_length")], ["lldp.mgn.address.subtype", subtype]);
      if (subtype === 1) out.push(["lldp.mgn.addr.ip4", [...addr].join(".")]);
      out.push(["lldp.mgn.interface.subtype", v(q, "interface_numbering_subtype")], ["lldp.mgn.interface.number", v(q, "interface_number")], ["lldp.mgn.obj.len", v(q, "_oid_string_length")]);
      break;
    }
    case "LLDPDUGenericOrganisationSpecific":
      out.push(["lldp.orgtlv.oui", v(q, "org_code")]);
      break;
  }
  return out;
}

test("tshark reads every LLDPDU packetry builds from the LLDP vectors, TLV by TLV", { skip }, () => {
  const n = checkVectorsWithTshark("lldp.json", (q) => {
    const f = lldpFields(q);
    return f && Object.fromEntries(f.filter(([k]) => k !== "lldp.tlv.type" && k !== "lldp.tlv.len"));
  }, {
    protocol: /:lldp$/,
    skip: {
      "lldp/dissect-unknown-tlv-type": "a reserved TLV type on purpose",
      "lldp/dissect-string-past-end": "a length past the end on purpose",
      "lldp/dissect-mgmt-too-long": "a management address longer than 31 bytes on purpose",
      "lldp/dissect-ttl-bad-length": "a time-to-live length of 3 on purpose",
      "lldp/port-network-other-family": "an 802 address under the IPv4-style network-address subtype: tshark wants an IP",
      "lldp/given-lengths": "a chassis length given short on purpose",
    },
    // lldpd still sends 802.3's link aggregation TLV, which 802.1AX moved to 802.1 (tshark warns).
    expectedProblems: { "lldp/lldpd-full": /^TLV has been deprecated$/ },
    // tshark notes (severity note, which test/tshark.ts counts) the zeros after the End TLV that
    // pad the frame to 60 bytes as "an undecoded trailer": its Ethernet trailer heuristic.
    ignoreProblems: /^Didn't find padding of zeros, and an undecoded trailer exists/,
  });
  assert.ok(n >= 15, `${n} vectors`);
});

const LLDP_FIELDS = new Set([
  "lldp.tlv.type", "lldp.tlv.len", "lldp.chassis.subtype", "lldp.chassis.id.mac", "lldp.chassis.id.ip4", "lldp.chassis.id.ip6", "lldp.chassis.id",
  "lldp.port.subtype", "lldp.port.id.mac", "lldp.port.id.ip4", "lldp.port.id.ip6", "lldp.port.id", "lldp.time_to_live", "lldp.port.desc",
  "lldp.tlv.system.name", "lldp.tlv.system.desc", "lldp.tlv.system_cap", "lldp.tlv.enable_system_cap", "lldp.mgn.address.len",
  "lldp.mgn.address.subtype", "lldp.mgn.addr.ip4", "lldp.mgn.interface.subtype", "lldp.mgn.interface.number", "lldp.mgn.obj.len", "lldp.orgtlv.oui",
]);

function lldp(q: Packet, put: Put): boolean {
  const f = lldpFields(q);
  if (!f) return false;
  for (const [k, x] of f) put(k, x);
  return true;
}

test("lldpd's LLDPDUs (MAC ids, names, capabilities, IPv4 and IPv6 management addresses, 802.1/802.3/MED TLVs, the shutdown) read as tshark reads them and build again", { skip }, () => {
  const seen = checkCapture("lan-lldp.pcap", (q, put) => q.underlayer === null || !q.spec.name.startsWith("LLDP") ? false : lldp(q, put), LLDP_FIELDS);
  for (const layer of ["LLDPDUChassisID", "LLDPDUPortID", "LLDPDUTimeToLive", "LLDPDUSystemName", "LLDPDUSystemDescription", "LLDPDUSystemCapabilities", "LLDPDUManagementAddress", "LLDPDUPortDescription", "LLDPDUGenericOrganisationSpecific", "LLDPDUEndOfLLDPDU"]) {
    assert.ok((seen.get(layer) ?? 0) > 0, `${layer}: ${JSON.stringify([...seen])}`);
  }
});

test("LLDP: lengths computed from what each TLV holds, the frame padded to 60 bytes, Ether's type from any TLV", () => {
  const p = Ether({ dst: "01:80:c2:00:00:0e", src: "02:00:00:00:00:01" }).div(
    LLDPDUChassisID({ subtype: 4, id: "02:00:00:00:00:01" }),
    LLDPDUPortID({ subtype: 4, family: 1, id: "10.0.0.1" }),
    LLDPDUTimeToLive(),
    LLDPDUSystemName({ system_name: "sw" }),
    LLDPDUEndOfLLDPDU(),
  );
  const b = raw(p);
  assert.equal(b.length, 60);
  // Chassis (type 1, length 7, MAC), port (type 2, length 6: subtype, family, IPv4), TTL, name, end, zeros.
  assert.equal(bytesHex(b.subarray(12, 44)), "88cc" + "0207" + "04020000000001" + "0406" + "04010a000001" + "06020014" + "0a027377" + "0000" + "000000");
  assert.equal(Ether(b).getLayer(LLDPDUPortID)!.id, "10.0.0.1");
  assert.equal(Ether(b).getLayer(LLDPDUSystemName)!._length, 2);
  assert.equal(Ether(b).getLayer(LLDPDUTimeToLive)!.ttl, 20);
});
