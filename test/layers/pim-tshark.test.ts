import assert from "node:assert/strict";
import { test } from "node:test";
import type { Packet } from "../../src/index.ts";
import { hex, tsharkSkip } from "./routingCaptures.ts";
import { checkVectorsWithTshark } from "./vectorsTshark.ts";

const skip = tsharkSkip();
const v = (q: Packet, name: string) => Number(q.getFieldValue(name));
const s = (q: Packet, name: string) => String(q.getFieldValue(name));

/** tshark's names for what packetry reads in a PIM header, Hello option, Join/Prune or group and source record. */
function pimFields(q: Packet): Record<string, string | number> | undefined {
  switch (q.spec.name) {
    case "PIMv2Hdr":
      return { "pim.version": v(q, "version"), "pim.type": v(q, "type"), "pim.cksum": hex(v(q, "chksum"), 4) };
    case "PIMv2HelloHoldtime":
      return { "pim.optiontype": v(q, "type"), "pim.optionlength": v(q, "length"), "pim.holdtime": v(q, "holdtime") };
    case "PIMv2HelloDRPriority":
      return { "pim.optiontype": v(q, "type"), "pim.optionlength": v(q, "length"), "pim.dr_priority": v(q, "dr_priority") };
    case "PIMv2HelloGenerationID":
      return { "pim.optiontype": v(q, "type"), "pim.optionlength": v(q, "length"), "pim.generation_id": v(q, "generation_id") };
    case "PIMv2HelloLANPruneDelay":
    case "PIMv2HelloStateRefresh":
      return { "pim.optiontype": v(q, "type"), "pim.optionlength": v(q, "length") };
    case "PIMv2JoinPrune":
      return { "pim.upstream_neighbor": s(q, "up_neighbor_ip"), "pim.numgroups": v(q, "num_group"), "pim.holdtime": v(q, "holdtime") };
    case "PIMv2GroupAddrs":
      return { "pim.numjoins": v(q, "num_joins"), "pim.numprunes": v(q, "num_prunes") };
    case "PIMv2JoinAddrs":
      return { "pim.join_ip": s(q, "src_ip"), "pim.source": s(q, "src_ip") };
    case "PIMv2PruneAddrs":
      return { "pim.prune_ip": s(q, "src_ip"), "pim.source": s(q, "src_ip") };
  }
  return undefined;
}

test("tshark reads every PIM packet packetry builds from the PIM vectors, option by option and record by record", { skip }, () => {
  const n = checkVectorsWithTshark("pim.json", pimFields, {
    protocol: /:pim(:ip:udp:data)?$/, // a Register holds the multicast packet it carries
    skip: {
      "pim/hello-given-lengths-and-checksum": "a wrong checksum and an option length past the option on purpose",
      "pim/dissect-cut-option": "an option cut short on purpose",
      "pim/dissect-join-prune-count-past-end": "a group count larger than the list on purpose",
      "pim/join-prune-given-counts": "counts larger than the lists on purpose",
      "pim/register-raw": "4 bytes where a Register's encapsulated packet goes",
      "pim/bare-hello": "no link or IP layer",
      "pim/dissect-state-refresh-takes-rest": "Scapy reads the options after a State Refresh as its values (tshark reads the Holdtime after it)",
    },
  });
  assert.ok(n >= 12, `${n} vectors`);
});
