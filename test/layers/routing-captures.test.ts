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
