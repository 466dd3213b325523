import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { fromHex } from "../../src/core/bytes.ts";
import { Ether, NetflowDataflowsetV9, netflowv9Defragment, raw, bytesHex, type Packet } from "../../src/index.ts";
import { layersOf, type Json } from "./spec.ts";

// What Scapy's netflowv9_defragment makes of lists of packets: test/vectors/netflow-defragment.json
// (scripts/oracle/netflow_defragment.py writes it, with the softflowd capture among its cases).
interface Case {
  id: string;
  frames: string[];
  flowsets: Array<null | Array<{ templateID: number; records: Array<[string, string, Record<string, Json>]> }>>;
}
const doc = JSON.parse(readFileSync(new URL("../vectors/netflow-defragment.json", import.meta.url), "utf8")) as { cases: Case[] };

function flowsets(pkt: Packet) {
  const out: NonNullable<Case["flowsets"][number]> = [];
  for (let p: Packet | null = pkt; p !== null; p = p.payload) {
    if (p.spec !== NetflowDataflowsetV9.spec) continue;
    const records = (p.getFieldValue("records") as Packet[]).filter((r) => r.spec.name !== "Padding" && r.spec.name !== "Raw");
    out.push({ templateID: Number(p.getFieldValue("templateID")), records: records.map((r) => [r.spec.name, r.spec.hooks.displayName ?? r.spec.name, layersOf(r)[0]![1]]) });
  }
  return out;
}

for (const c of doc.cases) {
  test(`netflowv9Defragment splits records as Scapy does: ${c.id}`, () => {
    const pkts = c.frames.map((f) => Ether(fromHex(f)));
    const same = netflowv9Defragment(pkts);
    assert.equal(same, pkts);
    pkts.forEach((p, i) => {
      // null: Scapy raises on this frame (its IPFIX options-template padding runs into the next set).
      if (c.flowsets[i] !== null) assert.deepEqual(flowsets(p), c.flowsets[i], `frame ${i + 1}`);
      // The split records build back to the bytes they came from.
      assert.equal(bytesHex(raw(p)), c.frames[i], `frame ${i + 1} rebuilt`);
    });
  });
}
