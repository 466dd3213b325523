import assert from "node:assert/strict";
import { test } from "node:test";
import type { Packet } from "../../src/index.ts";
import { checkCapture, hex, tsharkSkip, type Put } from "./routingCaptures.ts";
import { checkVectorsWithTshark } from "./vectorsTshark.ts";

const skip = tsharkSkip();
const v = (q: Packet, name: string) => Number(q.getFieldValue(name));
const macOf = (q: Packet, name: string) => String(q.getFieldValue(name) ?? "00:00:00:00:00:00");
// tshark shows byte strings as colon-separated hex.
const colons = (q: Packet, name: string) => [...(q.getFieldValue(name) as Uint8Array)].map((b) => hex(b, 2).slice(2)).join(":");

/** tshark's names for what packetry reads in a Slow Protocols frame (LACP, Marker). */
function slowFields(q: Packet): Record<string, string | number> | undefined {
  switch (q.spec.name) {
    case "SlowProtocol":
      return { "slow.subtype": hex(v(q, "subtype"), 2) };
    case "LACP": {
      const out: Record<string, string | number> = { "lacp.version": hex(v(q, "version"), 2) };
      for (const side of ["actor", "partner"] as const) {
        Object.assign(out, {
          [`lacp.${side}.sys_priority`]: v(q, `${side}_system_priority`),
          [`lacp.${side}.sysid`]: macOf(q, `${side}_system`),
          [`lacp.${side}.key`]: v(q, `${side}_key`),
          [`lacp.${side}.port_priority`]: v(q, `${side}_port_priority`),
          [`lacp.${side}.port`]: v(q, `${side}_port_number`),
          [`lacp.${side}.state`]: hex(v(q, `${side}_state`), 2),
          [`lacp.${side}.reserved`]: colons(q, `${side}_reserved`),
        });
      }
      out["lacp.collector.max_delay"] = v(q, "collector_max_delay");
      out["lacp.coll_reserved"] = colons(q, "collector_reserved");
      return out;
    }
    case "MarkerProtocol":
      return {
        "marker.version": hex(v(q, "version"), 2),
        "marker.requesterPort": v(q, "requester_port"),
        "marker.requesterSystem": macOf(q, "requester_system"),
        "marker.requesterTransId": v(q, "requester_transaction_id"),
      };
  }
  return undefined;
}

test("tshark reads every LACP and Marker PDU packetry builds from the LACP vectors", { skip }, () => {
  const n = checkVectorsWithTshark("lacp.json", slowFields, {
    protocol: /:slow:(lacp|marker)$/,
    skip: {
      "lacp/dissect-other-destination": "not a Slow Protocols address: Raw for Scapy, LACP for tshark (it binds on the type alone)",
      "lacp/dissect-cut-reserved": "cut short on purpose",
      "lacp/dissect-cut-actor": "cut short on purpose",
      "lacp/tlv-values-given": "made-up TLV types and lengths on purpose",
      "slow/unused-subtype": "no LACP or Marker PDU",
      "slow/oam-subtype": "a made-up OAM PDU",
      "slow/dissect-oss-subtype": "no LACP or Marker PDU",
    },
    // The vector gives marker_reserved 0102 on purpose: tshark warns that the pad is not zero.
    expectedProblems: { "marker/request-given": /pad value is not 0/ },
  });
  assert.ok(n >= 12, `${n} vectors`);
});

const SLOW_FIELDS = new Set(["slow.subtype", "lacp.version", "lacp.collector.max_delay", "lacp.coll_reserved", "marker.version", "marker.requesterPort", "marker.requesterSystem", "marker.requesterTransId",
  ...["actor", "partner"].flatMap((s) => ["sys_priority", "sysid", "key", "port_priority", "port", "state", "reserved"].map((f) => `lacp.${s}.${f}`))]);

function slow(q: Packet, put: Put): boolean {
  const f = slowFields(q);
  if (!f) return false;
  for (const [k, x] of Object.entries(f)) put(k, x);
  return true;
}

test("Open vSwitch's LACPDUs read as tshark reads them and build again", { skip }, () => {
  const seen = checkCapture("lan-lacp.pcap", slow, SLOW_FIELDS);
  assert.ok((seen.get("LACP") ?? 0) >= 10, JSON.stringify([...seen]));
  assert.equal(seen.get("LACP"), seen.get("SlowProtocol"));
});
