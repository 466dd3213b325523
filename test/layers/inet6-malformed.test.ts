import assert from "node:assert/strict";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import {
  bytesHex,
  Ether,
  fromHex,
  HAO,
  ICMPv6MLDMultAddrRec,
  ICMPv6MLQuery2,
  ICMPv6MLReport2,
  ICMPv6ND_NS,
  ICMPv6ND_RA,
  ICMPv6ND_Redirect,
  ICMPv6NDOptDNSSL,
  ICMPv6NDOptRDNSS,
  ICMPv6NDOptRedirectedHdr,
  ICMPv6NDOptRouteInfo,
  ICMPv6NDOptSrcLLAddr,
  ICMPv6NDOptUnknown,
  IPv6,
  IPv6ExtHdrDestOpt,
  IPv6ExtHdrFragment,
  IPv6ExtHdrHopByHop,
  IPv6ExtHdrRouting,
  IPv6ExtHdrSegmentRouting,
  IPv6ExtHdrSegmentRoutingTLVHMAC,
  Jumbo,
  PcapReader,
  raw,
  RouterAlert,
  UDP,
  type Packet,
} from "../../src/index.ts";
import { seededRandom } from "../helpers.ts";

// Bad input never throws, never loops, and always rebuilds to the bytes it came from.

/**
 * Frames broken on purpose, with what Scapy (python3-scapy 2.5) makes of each: its layers and
 * summary. An option or address list that cannot be read makes its header Raw there, as here.
 */
const SCAPY_READS: Array<[what: string, hex: string, layers: string[], summary: string]> = [
  ["ND option of length 0", "6000000000203aff20010db800000000000000000000000120010db80000000000000000000000028700204800000000fe80000000000000647788fffe99aabb0100001122334455", ["IPv6", "ICMPv6ND_NS", "ICMPv6NDOptSrcLLAddr"], "IPv6 / ICMPv6ND_NS / ICMPv6 Neighbor Discovery Option - Source Link-Layer Address 00:11:22:33:44:55"],
  ["ND option of an unknown type", "6000000000203aff20010db800000000000000000000000120010db80000000000000000000000028700204800000000fe80000000000000647788fffe99aabb6300001122334455", ["IPv6", "ICMPv6ND_NS", "Raw"], "IPv6 / ICMPv6 Neighbor Discovery - Neighbor Solicitation (tgt: fe80::6477:88ff:fe99:aabb) / Raw"],
  ["ND option cut to one byte", "6000000000203aff20010db800000000000000000000000120010db80000000000000000000000028700204800000000fe80000000000000647788fffe99aabb01", ["IPv6", "ICMPv6ND_NS", "Raw"], "IPv6 / ICMPv6 Neighbor Discovery - Neighbor Solicitation (tgt: fe80::6477:88ff:fe99:aabb) / Raw"],
  ["ND option cut short", "6000000000203aff20010db800000000000000000000000120010db80000000000000000000000028700204800000000fe80000000000000647788fffe99aabb0101001122", ["IPv6", "ICMPv6ND_NS", "Raw"], "IPv6 / ICMPv6 Neighbor Discovery - Neighbor Solicitation (tgt: fe80::6477:88ff:fe99:aabb) / Raw"],
  ["RDNSS of length 0", "6000000000383aff20010db800000000000000000000000120010db80000000000000000000000028600ae3300080708000000000000000019000000ffffffff20010db80000000000000000000000531f020000ffffffff0161016200000000", ["IPv6", "ICMPv6ND_RA", "Raw"], "IPv6 / ICMPv6 Neighbor Discovery - Router Advertisement Lifetime 1800 Hop Limit 0 Preference High Managed 0 Other 0 Home 0 / Raw"],
  ["RDNSS longer than the packet", "6000000000383aff20010db800000000000000000000000120010db80000000000000000000000028600ae3300080708000000000000000019090000ffffffff20010db80000000000000000000000531f020000ffffffff0161016200000000", ["IPv6", "ICMPv6ND_RA", "ICMPv6NDOptRDNSS"], "IPv6 / ICMPv6ND_RA / ICMPv6 Neighbor Discovery Option - Recursive DNS Server Option 2001:db8::53, 1f02:0:ffff:ffff:161:162::"],
  ["DNSSL of length 0", "6000000000383aff20010db800000000000000000000000120010db80000000000000000000000028600ae3300080708000000000000000019030000ffffffff20010db80000000000000000000000531f000000ffffffff0161016200000000", ["IPv6", "ICMPv6ND_RA", "ICMPv6NDOptRDNSS", "ICMPv6NDOptDNSSL", "ICMPv6NDOptSrcLLAddr"], "IPv6 / ICMPv6ND_RA / ICMPv6NDOptRDNSS / ICMPv6NDOptDNSSL / ICMPv6 Neighbor Discovery Option - Source Link-Layer Address 01:62:00:00:00:00"],
  ["DNSSL label past the end", "6000000000383aff20010db800000000000000000000000120010db80000000000000000000000028600ae3300080708000000000000000019030000ffffffff20010db80000000000000000000000531f020000ffffffff3f61016200000000", ["IPv6", "ICMPv6ND_RA", "ICMPv6NDOptRDNSS", "ICMPv6NDOptDNSSL"], "IPv6 / ICMPv6ND_RA / ICMPv6NDOptRDNSS / ICMPv6 Neighbor Discovery Option - DNS Search List Option a\u0001b\u0000\u0000\u0000\u0000."],
  ["redirected header of length 0", "6000000000603aff20010db800000000000000000000000120010db80000000000000000000000028900a5b90000000000000000000000000000000000000000000000000000000000000000000000000400000000000000600000000008114020010db800000000000000000000000120010db8000000000000000000000002003500350008a3ff", ["IPv6", "ICMPv6ND_Redirect", "ICMPv6NDOptRedirectedHdr", "Raw"], "2001:db8::1 > 2001:db8::2 (58) / ICMPv6ND_Redirect / ICMPv6NDOptRedirectedHdr / Raw"],
  ["redirected header of length 255", "6000000000603aff20010db800000000000000000000000120010db80000000000000000000000028900a5b900000000000000000000000000000000000000000000000000000000000000000000000004ff000000000000600000000008114020010db800000000000000000000000120010db8000000000000000000000002003500350008a3ff", ["IPv6", "ICMPv6ND_Redirect", "ICMPv6NDOptRedirectedHdr"], "2001:db8::1 > 2001:db8::2 (58) / ICMPv6ND_Redirect / ICMPv6NDOptRedirectedHdr"],
  ["hop-by-hop length past the end", "600000000010004020010db800000000000000000000000120010db80000000000000000000000021105050200000100003500350008a3ff", ["IPv6", "IPv6ExtHdrHopByHop"], "2001:db8::1 > 2001:db8::2 (0) / IPv6ExtHdrHopByHop"],
  ["hop-by-hop cut inside its options", "600000000010004020010db800000000000000000000000120010db80000000000000000000000021100050200", ["IPv6", "IPv6ExtHdrHopByHop"], "2001:db8::1 > 2001:db8::2 (0) / IPv6ExtHdrHopByHop"],
  ["hop-by-hop cut after two bytes", "600000000010004020010db800000000000000000000000120010db80000000000000000000000021100", ["IPv6", "IPv6ExtHdrHopByHop"], "2001:db8::1 > 2001:db8::2 (0) / IPv6ExtHdrHopByHop"],
  ["option length past the header", "600000000010004020010db800000000000000000000000120010db8000000000000000000000002110005ff00000100003500350008a3ff", ["IPv6", "IPv6ExtHdrHopByHop", "UDP"], "IPv6 / IPv6ExtHdrHopByHop / UDP domain > domain"],
  ["routing header cut inside an address", "6000000000302b4020010db800000000000000000000000120010db8000000000000000000000002110400020000000020010db80000000000000000", ["IPv6", "Raw"], "2001:db8::1 > 2001:db8::2 (43) / Raw"],
  ["routing length past the end", "6000000000302b4020010db800000000000000000000000120010db8000000000000000000000002110900020000000020010db800000000000000000000000320010db8000000000000000000000004003500350008a3fd", ["IPv6", "Raw"], "2001:db8::1 > 2001:db8::2 (43) / Raw"],
  ["routing length of one and a half addresses", "6000000000302b4020010db800000000000000000000000120010db8000000000000000000000002110300020000000020010db800000000000000000000000320010db8000000000000000000000004003500350008a3fd", ["IPv6", "Raw"], "2001:db8::1 > 2001:db8::2 (43) / Raw"],
  ["fragment header cut short", "6000000000102c4020010db800000000000000000000000120010db80000000000000000000000021100000000", ["IPv6", "Raw"], "2001:db8::1 > 2001:db8::2 (44) / Raw"],
  ["segment list longer than the packet", "6000000000302b4020010db800000000000000000000000120010db8000000000000000000000002110404010900000020010db800000000000000000000000c20010db800000000000000000000000d003500350008a3f5", ["IPv6", "Raw"], "2001:db8::1 > 2001:db8::2 (43) / Raw"],
  ["segment routing header cut short", "6000000000302b4020010db800000000000000000000000120010db8000000000000000000000002110404010100000020010db800000000000000000000000c20010db80000", ["IPv6", "Raw"], "2001:db8::1 > 2001:db8::2 (43) / Raw"],
  ["plen shorter than the payload", "6000000000053a4020010db800000000000000000000000120010db80000000000000000000000028000fa1400000000616263646566", ["IPv6", "Raw", "Padding"], "2001:db8::1 > 2001:db8::2 (58) / Raw / Padding"],
  ["plen longer than the payload", "6000000001003a4020010db800000000000000000000000120010db80000000000000000000000028000fa1400000000616263646566", ["IPv6", "ICMPv6EchoRequest"], "IPv6 / ICMPv6 Echo Request (id: 0x0 seq: 0x0)"],
  ["plen 0 without a hop-by-hop header", "6000000000003a4020010db800000000000000000000000120010db80000000000000000000000028000fa1400000000616263646566", ["IPv6", "Padding"], "2001:db8::1 > 2001:db8::2 (58) / Padding"],
  ["bytes after the payload", "60000000000e3a4020010db800000000000000000000000120010db80000000000000000000000028000fa140000000061626364656600000000000000000000", ["IPv6", "ICMPv6EchoRequest", "Padding"], "IPv6 / ICMPv6 Echo Request (id: 0x0 seq: 0x0) / Padding"],
  ["ICMPv6 shorter than its type's header", "60000000000e3a4020010db800000000000000000000000120010db80000000000000000000000028000fa14", ["IPv6", "Raw"], "2001:db8::1 > 2001:db8::2 (58) / Raw"],
  ["jumbogram with plen 0", "600000000000004020010db800000000000000000000000120010db80000000000000000000000023b00c204000000087878787878787878787878787878787878787878", ["IPv6", "IPv6ExtHdrHopByHop", "Raw"], "2001:db8::1 > 2001:db8::2 (0) / IPv6ExtHdrHopByHop / Raw"],
  ["error quoting a cut packet", "6000000000603a4020010db800000000000000000000000120010db8000000000000000000000002010031c100000000600000000030114020010db800000000000000000000000120010db80000000000000000000000020001", ["IPv6", "ICMPv6DestUnreach", "IPerror6", "Raw"], "2001:db8::1 > 2001:db8::2 (58) / ICMPv6DestUnreach / IPerror6 / Raw"],
  ["MLDv2 record count larger than the records", "6000000000403a0120010db800000000000000000000000120010db80000000000000000000000028f000d0c000000090400000100000000000000000000000000000000000000000000000000000000000000010400000000000000000000000000000000000000", ["IPv6", "ICMPv6MLReport2"], "2001:db8::1 > 2001:db8::2 (58) / ICMPv6MLReport2"],
  ["MLDv2 source count larger than the sources", "6000000000403a0120010db800000000000000000000000120010db80000000000000000000000028f000d0c000000020400000900000000000000000000000000000000000000000000000000000000000000010400000000000000000000000000000000000000", ["IPv6", "ICMPv6MLReport2"], "2001:db8::1 > 2001:db8::2 (58) / ICMPv6MLReport2"],
  ["MLDv2 query with more sources than bytes", "60000000002c3a0120010db800000000000000000000000120010db80000000000000000000000028200fb1127100000000000000000000000000000000000000000000500000000000000000000000000000001", ["IPv6", "ICMPv6MLQuery2"], "2001:db8::1 > 2001:db8::2 (58) / ICMPv6MLQuery2"],
];

for (const [what, hex, layers, summary] of SCAPY_READS) {
  test(`${what}: read as Scapy reads it, rebuilt as it was`, () => {
    const p = IPv6(fromHex(hex));
    assert.deepEqual(
      p.layers().map((l) => l.name),
      layers,
    );
    assert.equal(p.summary(), summary);
    assert.equal(bytesHex(raw(p)), hex);
  });
}

test("ND options whose length byte is 0 end the walk instead of looping", () => {
  const ns = raw(IPv6({ src: "fe80::1", dst: "ff02::1" }).div(ICMPv6ND_NS({ tgt: "fe80::2" })));
  // A hundred options claiming length 0: each option class has a fixed size, so each one moves on.
  const options = new Uint8Array(800);
  for (let i = 0; i < 800; i += 8) options.set([1, 0, 0, 0x11, 0x22, 0x33, 0x44, 0x55], i);
  const frame = new Uint8Array(ns.length + options.length);
  frame.set(ns);
  frame.set(options, ns.length);
  frame[4] = (24 + 800) >> 8;
  frame[5] = (24 + 800) & 0xff;
  const p = IPv6(frame);
  const names = p.layers().map((l) => l.name);
  assert.equal(names.filter((n) => n === "ICMPv6NDOptSrcLLAddr").length, 100);
  assert.equal(bytesHex(raw(p)), bytesHex(frame));

  // The options whose size comes from their length byte, given 0 and 1, alone in the bytes.
  for (const opt of [ICMPv6NDOptRDNSS(), ICMPv6NDOptDNSSL(), ICMPv6NDOptRedirectedHdr(), ICMPv6NDOptRouteInfo(), ICMPv6NDOptUnknown({ type: 99 })]) {
    for (const len of [0, 1]) {
      const bytes = raw(opt);
      bytes[1] = len;
      const d = opt.layerClass(bytes);
      d.summary();
      d.show({ dump: true });
      assert.equal(bytesHex(raw(d)), bytesHex(bytes), `${opt.spec.name} with len ${len}`);
    }
  }
});

// ---------- mutation fuzzing over real and built frames ----------


const CAPTURES = fileURLToPath(new URL("../fixtures/captures/", import.meta.url));

interface Seed {
  cls: (b: Uint8Array) => Packet;
  bytes: Uint8Array;
}

/** Frames to mutate: everything captured from the kernel, and built packets of every header kind. */
function seeds(): Seed[] {
  const out: Seed[] = [];
  for (const file of ["ipv6-link-up.pcap", "ipv6-traffic.pcap", "ipv6-mldv1.pcap"]) {
    for (const r of new PcapReader(CAPTURES + file).records()) out.push({ cls: Ether, bytes: r.data });
  }
  const ip = () => IPv6({ src: "2001:db8::1", dst: "2001:db8::2" });
  const built = [
    ip().div(
      IPv6ExtHdrHopByHop({ options: [RouterAlert({ value: 0 }), Jumbo({ jumboplen: 9 })] }),
      IPv6ExtHdrDestOpt({ options: [HAO({ hoa: "::9" })] }),
      IPv6ExtHdrRouting({ addresses: ["::3", "::4"] }),
      IPv6ExtHdrFragment({ id: 1 }),
      UDP(),
      "data",
    ),
    ip().div(IPv6ExtHdrSegmentRouting({ addresses: ["::c", "::d"], tlv_objects: [IPv6ExtHdrSegmentRoutingTLVHMAC({ hmac: "k".repeat(32) })] }), UDP()),
    ip().div(ICMPv6ND_RA(), ICMPv6NDOptSrcLLAddr(), ICMPv6NDOptRDNSS({ dns: ["::53"] }), ICMPv6NDOptDNSSL({ searchlist: ["lab.test"] }), ICMPv6NDOptRouteInfo({ prefix: "2001:db8::", plen: 48 })),
    ip().div(ICMPv6ND_Redirect(), ICMPv6NDOptRedirectedHdr({ pkt: ip().div(UDP(), "x".repeat(40)) })),
    ip().div(ICMPv6MLQuery2({ sources: ["::1", "::2"] })),
    ip().div(IPv6ExtHdrHopByHop({ options: [RouterAlert({ value: 0 })] }), ICMPv6MLReport2({ records: [ICMPv6MLDMultAddrRec({ sources: ["::1"], auxdata: "abcd" }), ICMPv6MLDMultAddrRec()] })),
  ];
  for (const p of built) out.push({ cls: IPv6, bytes: raw(p) });
  return out;
}

function mutate(bytes: Uint8Array, rnd: () => number): Uint8Array {
  const b = bytes.slice();
  const at = () => Math.floor(rnd() * b.length);
  switch (Math.floor(rnd() * 5)) {
    case 0: // a few random bytes
      for (let n = 1 + Math.floor(rnd() * 3); n > 0; n--) b[at()] = Math.floor(rnd() * 256);
      return b;
    case 1: // a length-like byte set to an extreme
      b[at()] = rnd() < 0.5 ? 0 : 255;
      return b;
    case 2: // cut short (not to nothing: empty bytes make a default packet, as Scapy's X(b""))
      return b.subarray(0, 1 + at());
    case 3: {
      // random bytes appended
      const extra = Uint8Array.from({ length: 1 + Math.floor(rnd() * 40) }, () => Math.floor(rnd() * 256));
      const out = new Uint8Array(b.length + extra.length);
      out.set(b);
      out.set(extra, b.length);
      return out;
    }
    default: // a next-header byte pointed somewhere else
      b[at()] = [0, 4, 6, 17, 41, 43, 44, 58, 59, 60][Math.floor(rnd() * 10)]!;
      return b;
  }
}

test("mutated IPv6 frames never throw, always rebuild to their bytes, and print", { timeout: 120_000 }, () => {
  const rnd = seededRandom(6);
  const pool = seeds();
  for (let i = 0; i < 4000; i++) {
    const seed = pool[Math.floor(rnd() * pool.length)]!;
    const bytes = mutate(seed.bytes, rnd);
    const context = `iteration ${i}: ${bytesHex(bytes)}`;
    const p = seed.cls(bytes);
    assert.equal(bytesHex(raw(p)), bytesHex(bytes), context);
    assert.equal(typeof p.summary(), "string", context);
    assert.equal(typeof p.show({ dump: true }), "string", context);
    p.hashret();
    p.copy().rebuilt();
  }
});

test("random bytes behind an IPv6 header never throw and rebuild", () => {
  const rnd = seededRandom(20250601);
  const head = raw(IPv6({ src: "::1", dst: "::2" }));
  for (let i = 0; i < 2000; i++) {
    const tail = Uint8Array.from({ length: Math.floor(rnd() * 120) }, () => Math.floor(rnd() * 256));
    const bytes = new Uint8Array(40 + tail.length);
    bytes.set(head);
    bytes.set(tail, 40);
    bytes[4] = tail.length >> 8;
    bytes[5] = tail.length & 0xff;
    bytes[6] = [0, 43, 44, 58, 60][i % 5]!;
    const p = IPv6(bytes);
    assert.equal(bytesHex(raw(p)), bytesHex(bytes), bytesHex(bytes));
    p.summary();
    p.show({ dump: true });
  }
});
