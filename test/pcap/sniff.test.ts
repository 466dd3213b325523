import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { bytesHex, Ether, ICMP, IP, PacketList, raw, rdpcap, sniffOffline, UDP, type Packet } from "../../src/index.ts";
import { fixture } from "./helpers.ts";

const FILE = fixture("scapy-le.pcap");

test("sniff offline: a file, every packet, in a list named Sniffed", () => {
  const got = sniffOffline({ offline: FILE });
  assert.equal(String(got), "<Sniffed: TCP:1 UDP:1 ICMP:1 Other:2>");
});

test("lfilter, count, prn and store", () => {
  const seen: string[] = [];
  const got = sniffOffline({ offline: FILE, lfilter: (p) => p.hasLayer(IP), count: 2, prn: (p) => void seen.push(p.summary()) });
  assert.equal(got.length, 2);
  assert.deepEqual(seen, got.map((p) => p.summary()));
  assert.equal(sniffOffline({ offline: FILE, store: false, prn: () => undefined }).length, 0);
});

test("prn's result is printed, undefined is not", () => {
  const lines: string[] = [];
  const log = console.log;
  console.log = (s: string) => void lines.push(s);
  try {
    sniffOffline({ offline: FILE, prn: (p) => (p.hasLayer(ICMP) ? p.sprintf("%IP.src% pinged") : undefined) });
  } finally {
    console.log = log;
  }
  assert.deepEqual(lines, ["10.0.0.1 pinged"]);
});

test("stopFilter ends the sniff after the matching packet", () => {
  const got = sniffOffline({ offline: FILE, stopFilter: (p) => p.hasLayer(UDP) });
  assert.equal(got.length, 2);
});

test("several files, bytes, or packets", () => {
  assert.equal(sniffOffline({ offline: [FILE, fixture("scapy.pcapng")] }).length, 10);
  assert.equal(sniffOffline({ offline: new Uint8Array(readFileSync(FILE)) }).length, 5);
  const packets: Packet[] = [Ether().div(IP(), UDP()), Ether().div(IP(), ICMP())];
  assert.equal(String(sniffOffline({ offline: packets, lfilter: (p) => p.hasLayer(ICMP) })), "<Sniffed: TCP:0 UDP:0 ICMP:1 Other:0>");
});

test("a record filter (where a compiled BPF filter plugs in) sees the bytes and link type first", () => {
  const calls: number[] = [];
  const arpOnly = (data: Uint8Array, linktype: number) => {
    calls.push(linktype);
    return data[12] === 0x08 && data[13] === 0x06;
  };
  const got = sniffOffline({ offline: FILE, recordFilter: arpOnly });
  assert.deepEqual(got.map((p) => bytesHex(raw(p))), rdpcap(FILE).filter((p) => p.hasLayer("ARP")).map((p) => bytesHex(raw(p))));
  assert.deepEqual(calls, [1, 1, 1, 1, 1]);
});

test("into: packets are stored in a given list (no spreading of big lists)", () => {
  const list = new PacketList<Packet>([], "Sniffed");
  assert.equal(sniffOffline({ offline: [FILE, FILE], into: list }), list);
  assert.equal(list.length, 10);
});
