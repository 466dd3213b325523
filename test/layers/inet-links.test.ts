import assert from "node:assert/strict";
import { test } from "node:test";
import {
  bytesHex,
  CookedLinux,
  defineLayer,
  DLT,
  Dot1Q,
  Ether,
  fields,
  fromHex,
  ICMP,
  IP,
  l4Checksum,
  layerForLinkType,
  linkTypeForLayer,
  Loopback,
  LoopbackBE,
  raw,
  registerPseudoHeader,
  SNAP,
  TCP,
  UDP,
  bindLayers,
  type Packet,
} from "../../src/index.ts";
import { assertBytes, roundTrip } from "../helpers.ts";

// Expected bytes and summaries come from Debian's Scapy (python3-scapy 2.5) on the expression shown.

test("IP rides on Ethernet, 802.1Q, Linux cooked capture, SNAP and BSD loopback as in Scapy", () => {
  const cases: Array<[scapy: string, build: () => Packet, hex: string, summary: string]> = [
    [
      `Loopback()/IP(src="10.0.0.1",dst="10.0.0.2")/ICMP()`,
      () => Loopback().div(IP({ src: "10.0.0.1", dst: "10.0.0.2" }), ICMP()),
      "020000004500001c00010000400166de0a0000010a0000020800f7ff00000000",
      "Loopback / IP / ICMP 10.0.0.1 > 10.0.0.2 echo-request 0",
    ],
    [
      `CookedLinux()/IP(src="10.0.0.1",dst="10.0.0.2")/UDP(sport=1,dport=2)`,
      () => CookedLinux().div(IP({ src: "10.0.0.1", dst: "10.0.0.2" }), UDP({ sport: 1, dport: 2 })),
      "000002000000000000000000000008004500001c00010000401166ce0a0000010a000002000100020008ebd8",
      "CookedLinux / IP / UDP 10.0.0.1:1 > 10.0.0.2:2",
    ],
    [
      `SNAP()/IP(src="10.0.0.1",dst="10.0.0.2")/TCP(sport=1,dport=2)`,
      () => SNAP().div(IP({ src: "10.0.0.1", dst: "10.0.0.2" }), TCP({ sport: 1, dport: 2 })),
      "00000008004500002800010000400666cd0a0000010a000002000100020000000000000000500220007bdd0000",
      "SNAP / IP / TCP 10.0.0.1:tcpmux > 10.0.0.2:2 S",
    ],
    [
      `Ether(src="00:00:00:00:00:01",dst="00:00:00:00:00:02")/Dot1Q(vlan=5)/IP(src="10.0.0.1",dst="10.0.0.2")/ICMP()`,
      () => Ether({ src: "00:00:00:00:00:01", dst: "00:00:00:00:00:02" }).div(Dot1Q({ vlan: 5 }), IP({ src: "10.0.0.1", dst: "10.0.0.2" }), ICMP()),
      "0000000000020000000000018100000508004500001c00010000400166de0a0000010a0000020800f7ff00000000",
      "Ether / Dot1Q / IP / ICMP 10.0.0.1 > 10.0.0.2 echo-request 0",
    ],
  ];
  for (const [scapy, build, hex, summary] of cases) {
    const p = build();
    assertBytes(p, hex);
    assert.equal(p.summary(), summary, scapy);
    const d = roundTrip(p.layers()[0]!, hex);
    assert.equal(d.summary(), summary, `${scapy} dissected`);
  }
});

test("a loopback family of 0 is also read as IPv4 (dissection only)", () => {
  const d = Loopback(fromHex("00000000" + "4500001c00010000400166de0a0000010a0000020800f7ff00000000"));
  assert.deepEqual(d.layers().map((l) => l.name), ["Loopback", "IP", "ICMP"]);
});

test("DLT_LOOP (108) carries the family big-endian", () => {
  assert.equal(layerForLinkType(DLT.LOOP), LoopbackBE);
  const d = LoopbackBE(fromHex("00000002" + "4500001c00010000400166de0a0000010a0000020800f7ff00000000"));
  assert.deepEqual(d.layers().map((l) => l.name), ["LoopbackBE", "IP", "ICMP"]);
  assert.equal(d.type, 2);
  assertBytes(LoopbackBE().div(IP({ src: "10.0.0.1", dst: "10.0.0.2" }), ICMP()), "00000002" + "4500001c00010000400166de0a0000010a0000020800f7ff00000000");
});

test("raw IPv4 link types start with IP; IP captures are written as LINKTYPE_IPV4, as Scapy does", () => {
  assert.equal(layerForLinkType(DLT.IPV4), IP);
  // 12 and 101 may be taken over by a layer that also reads IPv6 (Scapy's IPv46): IPv4 bytes still give IP.
  const datagram = fromHex("4500001c00010000400166de0a0000010a0000020800f7ff00000000");
  for (const dlt of [DLT.IPV4, DLT.RAW, DLT.RAW_BSD12, DLT.RAW_BSD14]) {
    assert.deepEqual(layerForLinkType(dlt)!(datagram).layers().map((l) => l.name), ["IP", "ICMP"], `DLT ${dlt}`);
  }
  assert.equal(linkTypeForLayer(IP), 228);
});

test("IP's destination defaults to 127.0.0.1 unless the payload's binding names one (mDNS)", () => {
  assert.equal(IP().dst, "127.0.0.1");
  // Scapy: bytes(IP(src="10.0.0.1")/UDP(sport=5353,dport=5353)) goes to 224.0.0.251 (bound by DNS).
  const mdns = IP({ src: "10.0.0.1" }).div(UDP({ sport: 5353, dport: 5353 }));
  assert.equal(mdns.dst, "224.0.0.251");
  assertBytes(mdns, "4500001c0001000040118fd40a000001e00000fb14e914e90008eb0f");
});

test("another network layer registers its pseudo-header and TCP/UDP checksum under it", () => {
  // A toy network layer with 4-byte addresses at the same place as IPv4's: the checksum then
  // equals the one computed under IP.
  const Toy = defineLayer("ToyNet", [fields.ipv4("src", "10.0.0.1"), fields.ipv4("dst", "10.0.0.2"), fields.byte("proto", 17)]);
  bindLayers(Toy, UDP, { proto: 17 });
  const udp = () => UDP({ sport: 1, dport: 2 }).div("hello");
  const before = UDP(raw(Toy().div(udp())).subarray(9));
  assert.equal(before.chksum, 0, "no pseudo-header known: the checksum stays 0");
  registerPseudoHeader(Toy, (under, proto, length) => {
    const word = (a: string) => a.split(".").map(Number).reduce((s, x, i) => s + (i % 2 ? x : x << 8), 0);
    return word(under.getFieldValue("src") as string) + word(under.getFieldValue("dst") as string) + proto + length;
  });
  const after = UDP(raw(Toy().div(udp())).subarray(9));
  const underIP = IP(raw(IP({ src: "10.0.0.1", dst: "10.0.0.2" }).div(udp()))).getLayer(UDP)!;
  assert.equal(after.chksum, underIP.chksum);
  assert.equal(typeof l4Checksum, "function");
});

test("UDP and TCP checksums over IPv4 are verified by the receiver's arithmetic", () => {
  // A correct checksum makes the ones' complement sum over pseudo-header + segment 0xffff.
  for (const p of [
    IP({ src: "192.168.1.10", dst: "8.8.8.8" }).div(UDP({ sport: 40000, dport: 53 }), "x".repeat(33)),
    IP({ src: "192.168.1.10", dst: "8.8.8.8" }).div(TCP({ sport: 40000, dport: 443, flags: "PA", seq: 123456789, ack: 987654321, options: [["NOP", null], ["NOP", null], ["Timestamp", [1, 2]]] }), "y".repeat(17)),
  ]) {
    const b = raw(p);
    const seg = b.subarray(20);
    let sum = 0;
    for (let i = 12; i < 20; i += 2) sum += (b[i]! << 8) | b[i + 1]!;
    sum += b[9]! + seg.length;
    for (let i = 0; i < seg.length; i += 2) sum += (seg[i]! << 8) | (seg[i + 1] ?? 0);
    while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
    assert.equal(sum, 0xffff, bytesHex(b));
  }
});

test("TCP replies answer a SYN as Scapy decides", () => {
  const syn = IP({ src: "10.0.0.1", dst: "10.0.0.2" }).div(TCP({ sport: 1234, dport: 80, seq: 1000 }));
  const reply = (flags: string, seq: number, ack: number) => IP({ src: "10.0.0.2", dst: "10.0.0.1" }).div(TCP({ sport: 80, dport: 1234, flags, seq, ack }));
  // Scapy's answers() for each reply: SA ack 1001 yes, RA yes, R yes, S no, A yes, SA ack 1004 no.
  const expected: Array<[string, number, number, boolean]> = [
    ["SA", 5, 1001, true],
    ["RA", 0, 1001, true],
    ["R", 0, 0, true],
    ["S", 5, 0, false],
    ["A", 5, 1001, true],
    ["SA", 5, 1004, false],
  ];
  for (const [flags, seq, ack, answers] of expected) assert.equal(reply(flags, seq, ack).answers(syn), answers, `${flags} seq=${seq} ack=${ack}`);
});
