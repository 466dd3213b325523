import assert from "node:assert/strict";
import { test } from "node:test";
import {
  bytesHex,
  conf,
  DLT,
  Dot1Q,
  Ether,
  fromHex,
  HAO,
  ICMPv6EchoRequest,
  ICMPv6MLQuery,
  ICMPv6MLReport,
  ICMPv6ND_NS,
  IP,
  ipv4MulticastMac,
  IPv6,
  IPv6ExtHdrDestOpt,
  IPv6ExtHdrFragment,
  IPv6ExtHdrHopByHop,
  IPv6ExtHdrRouting,
  ipv6MulticastMac,
  isIPv6Multicast,
  layerForLinkType,
  linkTypeForLayer,
  Loopback,
  multicastMac,
  raw,
  TCP,
  UDP,
} from "../../src/index.ts";
import { assertBytes } from "../helpers.ts";

// Expected bytes and text below come from Debian's python3-scapy 2.5 (text in 2.6's format).

test("the reference packet: Ether/IPv6/ICMPv6EchoRequest to all nodes, as Scapy builds and shows it", () => {
  const p = Ether({ dst: "33:33:00:00:00:01", src: "00:00:00:00:00:01" }).div(IPv6({ src: "fe80::1", dst: "ff02::1" }), ICMPv6EchoRequest({ id: 1, seq: 2, data: "hi" }));
  const hex = "33330000000100000000000186dd60000000000a3a40fe800000000000000000000000000001ff020000000000000000000000000001800019c9000100026869";
  assert.equal(bytesHex(raw(p)), hex);
  assert.equal(p.summary(), "Ether / IPv6 / ICMPv6 Echo Request (id: 0x1 seq: 0x2)");
  assert.equal(
    p.show2({ dump: true }),
    `###[ Ethernet ]###
  dst       = 33:33:00:00:00:01
  src       = 00:00:00:00:00:01
  type      = IPv6
###[ IPv6 ]###
     version   = 6
     tc        = 0
     fl        = 0
     plen      = 10
     nh        = ICMPv6
     hlim      = 64
     src       = fe80::1
     dst       = ff02::1
###[ ICMPv6 Echo Request ]###
        type      = Echo Request
        code      = 0
        cksum     = 0x19c9
        id        = 0x1
        seq       = 0x2
        data      = b'hi'
`,
  );
  const d = Ether(fromHex(hex));
  const echo = d.getLayer(ICMPv6EchoRequest)!;
  assert.deepEqual([echo.id, echo.seq, echo.cksum, [...echo.data]], [1, 2, 0x19c9, [0x68, 0x69]]);
  assert.equal(d.getLayer(IPv6)!.plen, 10);
  assert.equal(bytesHex(raw(d)), hex);
});

test("IPv6() goes from ::1 to ::1 with no next header; fields read back as Scapy's values", () => {
  const p = IPv6();
  assert.equal(bytesHex(raw(p)), "6000000000003b400000000000000000000000000000000100000000000000000000000000000001");
  assert.equal(p.summary(), "::1 > ::1 (59)");
  assert.deepEqual([p.version, p.tc, p.fl, p.plen, p.nh, p.hlim, p.dst], [6, 0, 0, null, 59, 64, "::1"]);
  assert.throws(() => IPv6({ fl: 1 << 20 }), /IPv6\.fl/);
  assert.throws(() => IPv6({ dst: "not-an-address:" }), /IPv6\.dst/);
});

test("Teredo and 6to4 addresses show what they embed, wherever an IPv6 address is shown", () => {
  assert.equal(
    ICMPv6ND_NS({ tgt: "2001:0:4136:e378:8000:63bf:3fff:fdd2" }).summary(),
    "ICMPv6 Neighbor Discovery - Neighbor Solicitation (tgt: 2001:0:4136:e378:8000:63bf:3fff:fdd2 [Teredo srv: 65.54.227.120 cli: 192.0.2.45:40000])",
  );
  assert.equal(IPv6({ src: "2002:c633:6404::1" }).toString(), "<IPv6  src=2002:c633:6404::1 [6to4 GW: 198.51.100.4] |>");
  assert.equal(IPv6({ src: "2002:c633:6404::1" }).src, "2002:c633:6404::1", "the value itself stays the address");
});

test("upper layers set the IPv6 fields Scapy's bindings set", () => {
  const ns = IPv6({ src: "fe80::1" }).div(ICMPv6ND_NS({ tgt: "fe80::2" }));
  assert.equal(bytesHex(raw(ns)), "6000000000183afffe800000000000000000000000000001ff02000000000000000000000000000187007ca400000000fe800000000000000000000000000002");
  const ip = ns.getLayer(IPv6)!;
  assert.deepEqual([ip.nh, ip.hlim, ip.dst], [58, 255, "ff02::1"]);
  const query = IPv6().div(ICMPv6MLQuery()).getLayer(IPv6)!;
  assert.deepEqual([query.hlim, query.dst], [1, "ff02::1"]);
  // Multicast DNS goes to its group unless told otherwise (Scapy's DestIP6Field.bind_addr).
  assert.equal(IPv6().div(UDP({ dport: 5353 })).dst, "ff02::fb");
  assert.equal(IPv6().div(UDP({ sport: 5353 })).dst, "::1");
  // Extension headers carry the next header of what follows them (Scapy's aliastypes).
  const frag = IPv6({ src: "::1", dst: "::2" }).div(IPv6ExtHdrFragment({ id: 1 }), UDP());
  assert.equal(bytesHex(raw(frag)), "6000000000102c4000000000000000000000000000000001000000000000000000000000000000021100000000000001003500350008ff71");
});

test("UDP's checksum under IPv6 covers the final destination of a routing header and a home address", () => {
  const ip = () => IPv6({ src: "2001:db8::1", dst: "2001:db8::2" });
  const udp = () => UDP({ sport: 1, dport: 2 });
  const cases: Array<[ReturnType<typeof ip>, string]> = [
    // Segments left: the last address is where the datagram ends up.
    [ip().div(IPv6ExtHdrRouting({ addresses: ["2001:db8::3"] }), udp()), "6000000000202b4020010db800000000000000000000000120010db8000000000000000000000002110200010000000020010db8000000000000000000000003000100020008a465"],
    // No segments left: the IPv6 destination is final.
    [ip().div(IPv6ExtHdrRouting({ addresses: ["2001:db8::3"], segleft: 0 }), udp()), "6000000000202b4020010db800000000000000000000000120010db8000000000000000000000002110200000000000020010db8000000000000000000000003000100020008a466"],
    // A Home Address option stands for the source.
    [ip().div(IPv6ExtHdrDestOpt({ options: [HAO({ hoa: "2001:db8::9" })] }), udp()), "6000000000203c4020010db800000000000000000000000120010db8000000000000000000000002110201020000c91020010db8000000000000000000000009000100020008a45e"],
  ];
  for (const [p, hex] of cases) assert.equal(bytesHex(raw(p)), hex);
});

test("an ICMPv6 message alone has no pseudo-header: its checksum stays 0, as in Scapy", () => {
  assert.equal(bytesHex(raw(ICMPv6EchoRequest({ id: 1 }))), "8000000000010000");
});

test("a frame to an IPv6 group goes to its 33:33 MAC (RFC 2464), through VLAN tags too", () => {
  const to = (dst: string) => Ether({ src: "00:00:00:00:00:01" }).div(IPv6({ src: "fe80::1", dst }), ICMPv6EchoRequest());
  assert.equal(Ether(raw(to("ff02::1:ff00:2"))).dst, "33:33:ff:00:00:02");
  assert.equal(Ether(raw(Ether().div(Dot1Q({ vlan: 5 }), IPv6({ dst: "ff02::16" })))).dst, "33:33:00:00:00:16");
  // A unicast destination is the neighbour cache's business (broadcast without one), as before.
  const saved = conf.resolvers.etherDestination;
  conf.resolvers.etherDestination = undefined;
  try {
    assert.equal(Ether(raw(to("fe80::2"))).dst, "ff:ff:ff:ff:ff:ff");
  } finally {
    conf.resolvers.etherDestination = saved;
  }
  assert.equal(Ether().dst, null, "shown as None until built, as in Scapy 2.6");
});

test("multicast MAC mapping for IPv6 and IPv4 groups", () => {
  assert.equal(ipv6MulticastMac("ff02::1"), "33:33:00:00:00:01");
  assert.equal(ipv6MulticastMac("ff05::1:3"), "33:33:00:01:00:03");
  assert.equal(ipv6MulticastMac("2001:db8::1"), null);
  assert.equal(ipv4MulticastMac("224.0.0.251"), "01:00:5e:00:00:fb");
  assert.equal(ipv4MulticastMac("239.255.130.1"), "01:00:5e:7f:82:01", "only the low 23 bits");
  assert.equal(ipv4MulticastMac("10.0.0.1"), null);
  assert.equal(multicastMac("ff02::fb"), "33:33:00:00:00:fb");
  assert.equal(multicastMac("224.0.0.1"), "01:00:5e:00:00:01");
  assert.ok(isIPv6Multicast("ff0e::101") && !isIPv6Multicast("fe80::1"));
});

test("IPv6 is found under IPv4 (protocol 41), raw-IP captures, DLT_IPV6 and BSD loopback", () => {
  const v6 = raw(IPv6({ src: "2001:db8::1", dst: "2001:db8::2" }).div(ICMPv6EchoRequest({ id: 7 })));
  const inV4 = IP(raw(IP({ src: "10.0.0.1", dst: "10.0.0.2" }).div(IPv6(v6))));
  assert.deepEqual(inV4.layers().map((l) => l.name), ["IP", "IPv6", "ICMPv6EchoRequest"]);
  assert.equal(inV4.getLayer(IP)!.proto, 41);
  // Raw IP: the version nibble picks IP or IPv6 (Scapy's IPv46).
  const rawIP = layerForLinkType(DLT.RAW)!;
  assert.equal(rawIP(v6).layers()[0]!.name, "IPv6");
  assert.equal(rawIP(raw(IP({ dst: "10.0.0.2" }))).layers()[0]!.name, "IP");
  assert.equal(layerForLinkType(DLT.IPV6)!(v6).summary(), "IPv6 / ICMPv6 Echo Request (id: 0x7 seq: 0x0)");
  assert.equal(linkTypeForLayer(IPv6), DLT.IPV6);
  // DLT_NULL: AF_INET6 is 24, 28 or 30 depending on the BSD that wrote it (10 from Scapy on Linux); we write 24.
  for (const family of [24, 28, 30, 10]) {
    const frame = new Uint8Array(4 + v6.length);
    frame[0] = family;
    frame.set(v6, 4);
    assert.equal(Loopback(frame).layers()[1]!.name, "IPv6", `family ${family}`);
  }
  assert.equal(Loopback().div(IPv6()).type, 24);
});

/**
 * Requests and replies (bytes from Scapy), with Scapy's verdicts: does the reply answer the
 * request, does the request answer the reply, and do both hash alike (conf.checkIPaddr on,
 * except the rows marked /nocheck).
 */
const MATCHES: Array<[what: string, request: string, reply: string, answers: boolean, reverse: boolean, sameHash: boolean]> = [
  ["echo", "6000000000093a4020010db800000000000000000000000120010db80000000000000000000000028000ac430001000278", "6000000000093a4020010db800000000000000000000000220010db80000000000000000000000018100ab430001000278", true, false, true],
  ["echo-wrong-seq", "6000000000083a4020010db800000000000000000000000120010db80000000000000000000000028000244500010002", "6000000000083a4020010db800000000000000000000000220010db80000000000000000000000018100234400010003", false, false, false],
  ["echo-wrong-data", "6000000000093a4020010db800000000000000000000000120010db80000000000000000000000028000ac430001000278", "6000000000093a4020010db800000000000000000000000220010db80000000000000000000000018100aa430001000279", false, false, true],
  ["echo-wrong-dst", "6000000000083a4020010db800000000000000000000000120010db80000000000000000000000028000244500010002", "6000000000083a4020010db800000000000000000000000220010db80000000000000000000000098100233d00010002", false, false, false],
  ["echo-mcast", "6000000000083a40fe80000000000000021122fffe334455ff02000000000000000000000000000180001a9c00010002", "6000000000083a40fe80000000000000647788fffe99aabbfe80000000000000021122fffe3344558100835200010002", true, false, false],
  ["echo-mcast-mcast", "6000000000083a40fe80000000000000021122fffe334455ff02000000000000000000000000000280001a9b00010002", "6000000000083a40fe80000000000000647788fffe99aabbff0200000000000000000000000000018100ea6800010002", true, false, true],
  ["echo-mcast-other", "6000000000083a40fe80000000000000021122fffe334455ff02000000000000000000000000000180001a9c00010002", "6000000000083a40fe80000000000000647788fffe99aabbfe8000000000000000000000000000998100ea5200010002", false, false, false],
  ["ns-na", "6000000000203afffe80000000000000021122fffe334455ff0200000000000000000001ff99aabb87006c4900000000fe80000000000000647788fffe99aabb0101001122334455", "6000000000203afffe80000000000000647788fffe99aabbfe80000000000000021122fffe33445588006b21e0000000fe80000000000000647788fffe99aabb020166778899aabb", true, false, true],
  ["ns-na-other-tgt", "6000000000183afffe80000000000000021122fffe334455ff0200000000000000000001ff99aabb8700d3eb00000000fe80000000000000647788fffe99aabb", "6000000000183afffe80000000000000647788fffe99aabbfe80000000000000021122fffe3344558800ddbea0000000fe800000000000000000000000000005", false, false, false],
  ["rs-ra", "6000000000083afffe80000000000000021122fffe334455ff0200000000000000000000000000028500159e00000000", "6000000000103afffe80000000000000647788fffe99aabbff0200000000000000000000000000018600de53000807080000000000000000", true, false, true],
  ["rs-ra-unicast", "6000000000083afffe80000000000000021122fffe334455ff0200000000000000000000000000028500159e00000000", "6000000000103afffe80000000000000647788fffe99aabbfe80000000000000021122fffe3344558600773d000807080000000000000000", true, false, true],
  ["mld", "6000000000183a01fe80000000000000021122fffe334455ff0200000000000000000000000000018200f17e2710000000000000000000000000000000000000", "6000000000183a01fe80000000000000647788fffe99aabbff0200000000000000000000000000018300e85d00000000ff0200000000000000000000000000fb", true, false, true],
  ["mld2", "60000000001c3a01fe80000000000000021122fffe334455ff0200000000000000000000000000018200f17a271000000000000000000000000000000000000000000000", "6000000000083a01fe80000000000000647788fffe99aabbff0200000000000000000000000000168f00dc5600000000", false, false, true],
  ["mld2-same", "60000000001c3a01fe80000000000000021122fffe334455ff0200000000000000000000000000018200f17a271000000000000000000000000000000000000000000000", "6000000000083a01fe80000000000000647788fffe99aabbff0200000000000000000000000000018f00dc6b00000000", true, false, true],
  ["udp", "600000000008114020010db800000000000000000000000120010db800000000000000000000000204d2003500089f62", "600000000008114020010db800000000000000000000000220010db8000000000000000000000001003504d200089f62", true, true, true],
  ["unreach-udp", "60000000000b114020010db800000000000000000000000120010db800000000000000000000000204d21388000bc7a6616263", "60000000003b3a4020010db800000000000000000000000220010db8000000000000000000000001010431e20000000060000000000b114020010db800000000000000000000000120010db800000000000000000000000204d21388000bc7a6616263", true, false, true],
  ["unreach-udp-other-port", "600000000008114020010db800000000000000000000000120010db800000000000000000000000204d2138800088c0f", "6000000000383a4020010db800000000000000000000000220010db8000000000000000000000001010431e500000000600000000008114020010db800000000000000000000000120010db800000000000000000000000204d2138900088c0e", false, false, true],
  ["unreach-from-router", "600000000008114020010db800000000000000000000000120010db800000000000000000000000204d2138800088c0f", "6000000000383a4020010db80000000000000000000000fe20010db8000000000000000000000001010030ed00000000600000000008114020010db800000000000000000000000120010db800000000000000000000000204d2138800088c0f", true, false, true],
  ["timex-echo", "6000000000083a0120010db800000000000000000000000120010db80000000000000000000000028000243f00090000", "6000000000383a4020010db80000000000000000000000fe20010db800000000000000000000000103000655000000006000000000083a0120010db800000000000000000000000120010db80000000000000000000000028000243f00090000", true, false, true],
  ["timex-echo-other", "6000000000083a0120010db800000000000000000000000120010db80000000000000000000000028000243f00090000", "6000000000383a4020010db80000000000000000000000fe20010db800000000000000000000000103000655000000006000000000083a0120010db800000000000000000000000120010db80000000000000000000000028000244000080000", false, false, false],
  ["tcp-syn-rst", "600000000014064020010db800000000000000000000000120010db800000000000000000000000204d200500000006400000000500220002ee80000", "600000000014064020010db800000000000000000000000220010db8000000000000000000000001005004d20000000000000065501420002ed50000", true, false, true],
  ["unreach-tcp-clamped", "600000000018064020010db800000000000000000000000120010db800000000000000000000000204d2005000000000000000006002200017900000020405b4", "6000000000483a4020010db800000000000000000000000220010db8000000000000000000000001020036ce00000500600000000018064020010db800000000000000000000000120010db800000000000000000000000204d2005000000000000000006002200017cc000002040578", true, false, true],
  ["frag", "6000000000102c4020010db800000000000000000000000120010db80000000000000000000000023a000000000000018000244700010000", "6000000000083a4020010db800000000000000000000000220010db80000000000000000000000018100234700010000", true, false, true],
  ["hbh", "600000000010004020010db800000000000000000000000120010db80000000000000000000000023a000104000000008000244700010000", "6000000000083a4020010db800000000000000000000000220010db80000000000000000000000018100234700010000", false, false, true],
  ["routing", "6000000000302b4020010db800000000000000000000000120010db80000000000000000000000023a0400020000000020010db800000000000000000000000320010db80000000000000000000000048000244500010000", "6000000000083a4020010db800000000000000000000000420010db80000000000000000000000018100234500010000", true, false, false],
  ["destopt-hao", "6000000000203c4020010db800000000000000000000000120010db80000000000000000000000023a0201020000c91020010db8000000000000000000000077800023d100010000", "6000000000083a4020010db800000000000000000000000220010db80000000000000000000000018100234700010000", false, false, false],
  ["ipip6", "45000044000100004029668e0a0000010a0000026000000000083a4020010db800000000000000000000000120010db80000000000000000000000028000244700010000", "45000044000100004029668e0a0000020a0000016000000000083a4020010db800000000000000000000000220010db80000000000000000000000018100234700010000", true, false, true],
  ["v6inv6", "600000000030294020010db800000000000000000000000120010db80000000000000000000000026000000000083a40000000000000000000000000000000010000000000000000000000000000000280007fb900010000", "600000000030294020010db800000000000000000000000220010db80000000000000000000000016000000000083a40000000000000000000000000000000020000000000000000000000000000000181007eb900010000", true, false, true],
  ["quoted-echo-in-ext", "600000000010004020010db800000000000000000000000120010db80000000000000000000000023a000104000000008000244700010000", "600000000010004020010db800000000000000000000000220010db80000000000000000000000013a000104000000008000244700010000", true, true, true],
  ["haad", "6000000000083a4020010db800000000000000000000000120010db80000000000000000000000029000944200058000", "6000000000083a4020010db800000000000000000000000220010db80000000000000000000000019100934200058000", true, false, true],
  ["echo-wrong-dst/nocheck", "6000000000083a4020010db800000000000000000000000120010db80000000000000000000000028000244500010002", "6000000000083a4020010db800000000000000000000000220010db80000000000000000000000098100233d00010002", true, false, true],
  ["echo-mcast-other/nocheck", "6000000000083a40fe80000000000000021122fffe334455ff02000000000000000000000000000180001a9c00010002", "6000000000083a40fe80000000000000647788fffe99aabbfe8000000000000000000000000000998100ea5200010002", true, false, true],
  ["unreach-from-router/nocheck", "600000000008114020010db800000000000000000000000120010db800000000000000000000000204d2138800088c0f", "6000000000383a4020010db80000000000000000000000fe20010db8000000000000000000000001010030ed00000000600000000008114020010db800000000000000000000000120010db800000000000000000000000204d2138800088c0f", true, false, true],
];

for (const [what, request, reply, answers, reverse, sameHash] of MATCHES) {
  test(`matching as Scapy: ${what}`, () => {
    const saved = conf.checkIPaddr;
    conf.checkIPaddr = !what.endsWith("/nocheck");
    try {
      const cls = request.startsWith("45") ? IP : IPv6;
      const q = cls(fromHex(request));
      const r = cls(fromHex(reply));
      assert.equal(r.answers(q), answers, "reply answers request");
      assert.equal(q.answers(r), reverse, "request answers reply");
      assert.equal(bytesHex(q.hashret()) === bytesHex(r.hashret()), sameHash, "same hashret");
    } finally {
      conf.checkIPaddr = saved;
    }
  });
}

test("hashret values are Scapy's bytes", () => {
  // Neighbor discovery hashes the target as text; echo packs id and seq in host order.
  assert.equal(bytesHex(IPv6().div(ICMPv6ND_NS({ tgt: "fe80::2" })).hashret()), "3a666538303a3a32");
  assert.equal(bytesHex(IPv6({ src: "2001:db8::1", dst: "2001:db8::2" }).div(ICMPv6EchoRequest({ id: 0x102, seq: 0x304 })).hashret()), "000000000000000000000000000000033a02010403");
});

test("an MLD report answers the query that asked for it", () => {
  const q = IPv6({ src: "fe80::1" }).div(ICMPv6MLQuery());
  const r = IPv6({ src: "fe80::2", dst: "ff02::1" }).div(ICMPv6MLReport({ mladdr: "ff02::fb" }));
  assert.ok(r.answers(q));
  assert.ok(!q.answers(r));
});

test("UDP and TCP under an extension header with no IPv6 below: checksum 0 as Scapy (UDP sends 0xFFFF)", () => {
  // Bytes from Scapy: raw(IPv6ExtHdrHopByHop()/UDP()), raw(IPv6ExtHdrHopByHop()/TCP())
  assertBytes(IPv6ExtHdrHopByHop().div(UDP()), "1100010400000000003500350008ffff");
  assertBytes(IPv6ExtHdrHopByHop().div(TCP()), "06000104000000000014005000000000000000005002200000000000");
});
