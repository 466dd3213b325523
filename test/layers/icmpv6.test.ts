import assert from "node:assert/strict";
import { test } from "node:test";
import {
  bytesHex,
  defragment6,
  fragment6,
  fromHex,
  ICMPv6DestUnreach,
  ICMPv6MLDMultAddrRec,
  ICMPv6MLQuery,
  ICMPv6MLQuery2,
  ICMPv6MLReport2,
  ICMPv6ND_NA,
  ICMPv6ND_RA,
  ICMPv6NDOptDNSSL,
  ICMPv6NDOptPrefixInfo,
  ICMPv6NDOptRDNSS,
  ICMPv6NDOptRedirectedHdr,
  ICMPv6NDOptSrcLLAddr,
  IPerror6,
  IPv6,
  IPv6ExtHdrFragment,
  raw,
  UDP,
  UDPerror,
} from "../../src/index.ts";

// Expected bytes and text below come from Debian's python3-scapy 2.5 (text in 2.6's format).

test("a router advertisement and its options, as Scapy shows them", () => {
  const ra = IPv6({ src: "fe80::211:22ff:fe33:4455" }).div(
    ICMPv6ND_RA({ chlim: 64, M: 1, prf: 0 }),
    ICMPv6NDOptPrefixInfo({ prefix: "2001:db8:1::" }),
    ICMPv6NDOptRDNSS({ dns: ["2001:db8::53"] }),
    ICMPv6NDOptDNSSL({ searchlist: ["example.com"] }),
  );
  assert.equal(
    ra.show2({ dump: true }),
    `###[ IPv6 ]###
  version   = 6
  tc        = 0
  fl        = 0
  plen      = 96
  nh        = ICMPv6
  hlim      = 255
  src       = fe80::211:22ff:fe33:4455
  dst       = ff02::1
###[ ICMPv6 Neighbor Discovery - Router Advertisement ]###
     type      = Router Advertisement
     code      = 0
     cksum     = 0x28c1
     chlim     = 64
     M         = 1
     O         = 0
     H         = 0
     prf       = Medium (default)
     P         = 0
     res       = 0
     routerlifetime= 1800
     reachabletime= 0
     retranstimer= 0
###[ ICMPv6 Neighbor Discovery Option - Prefix Information ]###
        type      = 3
        len       = 4
        prefixlen = 64
        L         = 1
        A         = 1
        R         = 0
        res1      = 0
        validlifetime= 0xffffffff
        preferredlifetime= 0xffffffff
        res2      = 0x0
        prefix    = 2001:db8:1::
###[ ICMPv6 Neighbor Discovery Option - Recursive DNS Server Option ]###
           type      = 25
           len       = 3
           res       = 0
           lifetime  = 4294967295
           dns       = [ 2001:db8::53 ]
###[ ICMPv6 Neighbor Discovery Option - DNS Search List Option ]###
              type      = 31
              len       = 3
              res       = 0
              lifetime  = 4294967295
              searchlist= ['example.com.']
`,
  );
  // Options are layers: each is found by its class.
  const d = IPv6(raw(ra));
  assert.equal(d.getLayer(ICMPv6NDOptPrefixInfo)!.prefix, "2001:db8:1::");
  assert.deepEqual(d.getLayer(ICMPv6NDOptRDNSS)!.dns, ["2001:db8::53"]);
  assert.deepEqual(d.getLayer(ICMPv6NDOptDNSSL)!.searchlist, ["example.com."]);
  assert.equal(d.getLayer(ICMPv6ND_RA)!.prf, 0);
});

test("a port unreachable quotes the datagram as IPerror6 / UDPerror", () => {
  const err = IPv6({ src: "2001:db8::1", dst: "2001:db8::2" }).div(
    ICMPv6DestUnreach({ code: 4 }),
    IPv6({ src: "2001:db8::2", dst: "2001:db8::1" }),
    UDP({ sport: 1234, dport: 5000 }),
    "abc",
  );
  const d = IPv6(raw(err));
  assert.deepEqual(d.layers().map((l) => l.name), ["IPv6", "ICMPv6DestUnreach", "IPerror6", "UDPerror", "Raw"]);
  assert.equal(d.getLayer(IPerror6)!.src, "2001:db8::2");
  assert.equal(d.getLayer(UDPerror)!.dport, 5000);
  assert.equal(
    d.show({ dump: true }),
    `###[ IPv6 ]###
  version   = 6
  tc        = 0
  fl        = 0
  plen      = 59
  nh        = ICMPv6
  hlim      = 64
  src       = 2001:db8::1
  dst       = 2001:db8::2
###[ ICMPv6 Destination Unreachable ]###
     type      = Destination unreachable
     code      = Port unreachable
     cksum     = 0x31e2
     length    = 0
     unused    = 0x0
###[ IPv6 in ICMPv6 ]###
        version   = 6
        tc        = 0
        fl        = 0
        plen      = 11
        nh        = UDP
        hlim      = 64
        src       = 2001:db8::2
        dst       = 2001:db8::1
###[ UDP in ICMP ]###
           sport     = 1234
           dport     = 5000
           len       = 11
           chksum    = 0xc7a6
###[ Raw ]###
              load      = b'abc'
`,
  );
});

test("message classes are chosen by type and length, as Scapy chooses them", () => {
  const dissect = (icmp: string) => {
    const head = raw(IPv6({ src: "fe80::1", dst: "ff02::1", nh: 58 }));
    const frame = new Uint8Array(head.length + icmp.length / 2);
    frame.set(head);
    frame.set(fromHex(icmp), head.length);
    frame[5] = icmp.length / 2;
    return IPv6(frame).layers()[1]!.name;
  };
  // A query of 24 bytes is MLDv1, of 28 or more MLDv2 (RFC 3810 §8.1).
  assert.equal(IPv6(raw(IPv6({ src: "fe80::1" }).div(ICMPv6MLQuery()))).layers()[1], ICMPv6MLQuery);
  assert.equal(IPv6(raw(IPv6({ src: "fe80::1" }).div(ICMPv6MLQuery2()))).layers()[1], ICMPv6MLQuery2);
  // Shorter than its type's header, or of a type without a class: Raw.
  assert.equal(dissect("8000fa14"), "Raw");
  assert.equal(dissect("05000000" + "61626364"), "Raw");
  assert.equal(dissect("8000fa1400000000"), "ICMPv6EchoRequest");
  assert.equal(dissect("88000000" + "a0000000" + "fe800000000000000000000000000002"), "ICMPv6ND_NA");
  const na = IPv6(raw(IPv6().div(ICMPv6ND_NA({ tgt: "fe80::2", R: 0, S: 1 })))).getLayer(ICMPv6ND_NA)!;
  assert.deepEqual([na.R, na.S, na.O, na.tgt], [0, 1, 1, "fe80::2"]);
});

test("MLDv2 records after the first read as its payload, as in Scapy", () => {
  const report = IPv6({ src: "fe80::1" }).div(ICMPv6MLReport2({ records: [ICMPv6MLDMultAddrRec({ dst: "ff02::fb" }), ICMPv6MLDMultAddrRec({ dst: "ff02::1:3", sources: ["fe80::2"] })] }));
  const d = IPv6(raw(report)).getLayer(ICMPv6MLReport2)!;
  assert.equal(d.records_number, 2);
  assert.equal(d.records.length, 1);
  assert.equal(d.records[0]!.payload!.getFieldValue("dst"), "ff02::1:3");
  assert.equal(d.cksum, 0x6d5f);
});

test("options that carry their own length: redirected header cut to 8-byte units, DNS search list padded", () => {
  const redirected = ICMPv6NDOptRedirectedHdr({ pkt: IPv6({ src: "2001:db8::1", dst: "2001:db8::2" }).div(UDP(), "z".repeat(13)) });
  assert.equal(bytesHex(raw(redirected)), "0408000000000000600000000015114020010db800000000000000000000000120010db80000000000000000000000020035003500154b067a7a7a7a7a7a7a7a");
  assert.equal(bytesHex(raw(ICMPv6NDOptDNSSL({ searchlist: ["example.com", "lab.test."] }))), "1f040000ffffffff076578616d706c6503636f6d00036c616204746573740000");
  assert.equal(bytesHex(raw(ICMPv6NDOptSrcLLAddr({ lladdr: "00:11:22:33:44:55" }))), "0101001122334455");
});

test("fragment6 cuts the fragmentable part into 8-byte multiples; defragment6 puts it back", () => {
  const p = IPv6({ src: "2001:db8::1", dst: "2001:db8::2" }).div(IPv6ExtHdrFragment({ id: 5 }), UDP(), "y".repeat(100));
  const frags = fragment6(p, 100);
  assert.deepEqual(
    frags.map((f) => bytesHex(raw(f))),
    [
      "6000000000382c4020010db800000000000000000000000120010db8000000000000000000000002110000010000000500350035006ce97d79797979797979797979797979797979797979797979797979797979797979797979797979797979",
      "6000000000382c4020010db800000000000000000000000120010db80000000000000000000000021100003100000005797979797979797979797979797979797979797979797979797979797979797979797979797979797979797979797979",
      "6000000000142c4020010db800000000000000000000000120010db80000000000000000000000021100006000000005797979797979797979797979",
    ],
  );
  // In any order (Scapy's own reordering is broken: it expects them in order).
  const whole = defragment6([...frags].reverse())!;
  assert.deepEqual(whole.layers().slice(0, 2), [IPv6, UDP]);
  assert.equal(whole.getLayer(IPv6)!.nh, 17);
  assert.equal(bytesHex(raw(whole.getLayer(UDP)!)), bytesHex(raw(p.getLayer(UDP)!)));
  // Small enough: one packet, with the Fragment header it was given.
  assert.equal(fragment6(p, 2000).length, 1);
  assert.equal(defragment6([IPv6()]), null);
});
