import assert from "node:assert/strict";
import { test } from "node:test";
import type { Packet } from "../../src/index.ts";
import { checkCapture, hex, tsharkSkip, type Put } from "./routingCaptures.ts";
import { checkVectorsWithTshark } from "./vectorsTshark.ts";

const skip = tsharkSkip();
const v = (q: Packet, name: string) => Number(q.getFieldValue(name));
// tshark shows text as UTF-8 (a byte that is not gives U+FFFD).
const text = (q: Packet, name: string) => new TextDecoder("utf-8").decode(q.getFieldValue(name) as Uint8Array);

/** tshark's names for what packetry reads in a CDP header, message or address record. */
function cdpFields(q: Packet): [string, string | number][] | undefined {
  const name = q.spec.name;
  if (name === "CDPv2_HDR") return [["cdp.version", v(q, "vers")], ["cdp.ttl", v(q, "ttl")], ["cdp.checksum", hex(v(q, "cksum"), 4)]];
  if (name.startsWith("CDPAddrRecord")) {
    const out: [string, string | number][] = [["cdp.protocol_type", hex(v(q, "ptype"), 2)], ["cdp.protocol_length", v(q, "plen")], ["cdp.address_length", v(q, "addrlen")]];
    if (name === "CDPAddrRecordIPv4") out.push(["cdp.nrgyz.ip_address", q.getFieldValue("addr") as string]);
    return out;
  }
  if (!name.startsWith("CDPMsg")) return undefined;
  const out: [string, string | number][] = [["cdp.tlv.type", hex(v(q, "type"), 4)], ["cdp.tlv.len", v(q, "len")]];
  switch (name) {
    case "CDPMsgDeviceID":
      out.push(["cdp.deviceid", text(q, "val")]);
      break;
    case "CDPMsgPortID":
      out.push(["cdp.portid", text(q, "iface")]);
      break;
    case "CDPMsgCapabilities":
      out.push(["cdp.capabilities", hex(v(q, "cap"), 8)]);
      break;
    case "CDPMsgSoftwareVersion":
      out.push(["cdp.software_version", text(q, "val")]);
      break;
    case "CDPMsgPlatform":
      out.push(["cdp.platform", text(q, "val")]);
      break;
    case "CDPMsgAddr":
    case "CDPMsgMgmtAddr":
      out.push(["cdp.number_of_addresses", v(q, "naddr")]);
      break;
  }
  return out;
}

test("tshark reads every CDP packet packetry builds from the CDP vectors, message by message", { skip }, () => {
  const n = checkVectorsWithTshark("cdp.json", (q) => { const f = cdpFields(q); return f && Object.fromEntries(f); }, {
    protocol: /:cdp$/,
    skip: {
      "cdp/dissect-length-past-end": "a message length past the end on purpose",
      "cdp/dissect-length-zero": "a message length of 0 on purpose",
      "cdp/dissect-one-byte-left": "one byte after the last message on purpose",
      "cdp/dissect-addr-count-lies": "an address count larger than the list on purpose",
      "cdp/given-checksum": "a wrong checksum given on purpose",
      "cdp/defaults": "no message at all",
      "cdp/generic-and-unknown": "short made-up values for System Name, type 0x19 and Power Available (tshark wants their real layouts)",
      "cdp/proto-hello": "6 bytes of data: tshark reads Protocol Hello as Cisco's cluster-management payload and throws",
    },
  });
  assert.ok(n >= 12, `${n} vectors`);
});

const CDP_FIELDS = new Set(["cdp.version", "cdp.ttl", "cdp.checksum", "cdp.tlv.type", "cdp.tlv.len", "cdp.deviceid", "cdp.portid", "cdp.capabilities", "cdp.software_version", "cdp.platform", "cdp.number_of_addresses", "cdp.protocol_type", "cdp.protocol_length", "cdp.address_length", "cdp.nrgyz.ip_address"]);

function cdp(q: Packet, put: Put): boolean {
  const f = cdpFields(q);
  if (!f) return false;
  for (const [k, x] of f) put(k, x);
  return true;
}

test("lldpd's CDP v1 and v2 read as tshark reads them and build again (checksums computed)", { skip }, () => {
  const seen = checkCapture("lan-lldp.pcap", cdp, CDP_FIELDS);
  for (const layer of ["CDPv2_HDR", "CDPMsgDeviceID", "CDPMsgAddr", "CDPMsgPortID", "CDPMsgCapabilities", "CDPMsgSoftwareVersion", "CDPMsgPlatform", "CDPAddrRecordIPv4"]) {
    assert.ok((seen.get(layer) ?? 0) > 0, `${layer}: ${JSON.stringify([...seen])}`);
  }
});
