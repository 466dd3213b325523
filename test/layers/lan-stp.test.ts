import assert from "node:assert/strict";
import { test } from "node:test";
import { bytesHex, Dot3, LLC, STP, type Packet } from "../../src/index.ts";
import { checkCapture, frames, hex, tsharkSkip, type Put } from "./routingCaptures.ts";
import { checkVectorsWithTshark } from "./vectorsTshark.ts";

const skip = tsharkSkip();
const v = (q: Packet, name: string) => q.getFieldValue(name) as number;

/** tshark's reading of a BPDU's fields from packetry's STP layer. */
function stpFields(q: Packet): Record<string, string | number> {
  const head = { "stp.protocol": hex(v(q, "proto"), 4), "stp.version": v(q, "version"), "stp.type": hex(v(q, "bpdutype"), 2) };
  // A topology-change notification is these 4 bytes alone (Scapy reads the fields they hold).
  if (v(q, "bpdutype") === 0x80) return head;
  // Timers as written: whole 1/256 seconds.
  const seconds = (name: string) => Math.trunc(v(q, name) * 256) / 256;
  return {
    ...head,
    "stp.flags": hex(v(q, "bpduflags"), 2),
    "stp.root.prio": v(q, "rootid") & 0xf000,
    "stp.root.ext": v(q, "rootid") & 0x0fff,
    "stp.root.hw": q.getFieldValue("rootmac") as string,
    "stp.root.cost": v(q, "pathcost"),
    "stp.bridge.prio": v(q, "bridgeid") & 0xf000,
    "stp.bridge.ext": v(q, "bridgeid") & 0x0fff,
    "stp.bridge.hw": q.getFieldValue("bridgemac") as string,
    "stp.port": hex(v(q, "portid"), 4),
    "stp.msg_age": seconds("age"),
    "stp.max_age": seconds("maxage"),
    "stp.hello": seconds("hellotime"),
    "stp.forward": seconds("fwddelay"),
  };
}

test("tshark reads every BPDU packetry builds from the STP vectors, field for field", { skip }, () => {
  const n = checkVectorsWithTshark("stp.json", (q) => (q.spec.name === "STP" ? stpFields(q) : undefined), {
    protocol: /:stp$/,
    skip: { "stp/dissect-cut": "cut inside the BPDU on purpose", "stp/bare": "no link layer", "stp/dissect-tcn": "the notification's 4 bytes under a 7-byte 802.3 length, as Scapy reads them" },
    // Cisco's PVST+ (SNAP code 0x010b) ends with an originating-VLAN TLV that Scapy has no class
    // for (and tshark 4.0 throws on the 6 bytes given as Raw): tshark notes it missing.
    expectedProblems: { "stp/snap": /^(Originating \(PVID\) VLAN TLV is missing or corrupt|TLV record is truncated prematurely|malformed packet)$/, "stp/dot1q": /^(Originating \(PVID\) VLAN TLV is missing or corrupt|TLV record is truncated prematurely|malformed packet)$/ },
  });
  assert.ok(n >= 10);
});

const STP_FIELDS = new Set(Object.keys(stpFields(STP())));

function stp(q: Packet, put: Put): boolean {
  if (q.spec.name !== "STP") return false;
  for (const [k, x] of Object.entries(stpFields(q))) put(k, x);
  return true;
}

test("the kernel bridge's BPDUs (configuration with TC and TCA, notifications) read as tshark reads them and build again", { skip }, () => {
  const seen = checkCapture("lan-stp.pcap", stp, STP_FIELDS);
  assert.ok((seen.get("STP") ?? 0) >= 30, JSON.stringify([...seen]));
  const types = new Set(frames("lan-stp.pcap").map((f) => f.packet.getLayer(STP)!.bpdutype));
  assert.deepEqual([...types].sort(), [0, 0x80]);
});

test("STP: timers are seconds in 1/256 units; a default shows as Scapy's int, a value read as a float", () => {
  const p = STP({ age: 1.5, hellotime: 0.00390625 });
  assert.equal(bytesHex(p.build()).slice(-16), "0180140000010f00");
  assert.match(p.show({ dump: true })!, /age +?= 1\.5\n +maxage += 20\n/);
  const back = Dot3(Dot3({ dst: "01:80:c2:00:00:00", src: "02:00:00:00:00:01" }).div(LLC(), STP()).build());
  const bpdu = back.getLayer(STP)!;
  assert.equal(bpdu.maxage, 20);
  assert.match(back.show({ dump: true })!, /maxage += 20\.0/);
  assert.throws(() => STP({ age: 256 }), /STP\.age: 256 does not fit/);
  assert.throws(() => STP({ age: -1 }), /STP\.age/);
});
