import assert from "node:assert/strict";
import { test } from "node:test";
import {
  bytesHex,
  conf,
  DNS,
  DNSQR,
  DNSRR,
  DNSRRDNSKEY,
  DNSRRDS,
  DNSRRNSEC,
  DNSRRNSEC3,
  DNSRRNSEC3PARAM,
  DNSRROPT,
  DNSRRRSIG,
  DNSRRSOA,
  DNSRRSRV,
  DNSRRTSIG,
  dnsCompress,
  EDNS0TLV,
  fromHex,
  IP,
  Raw,
  raw,
  TCP,
  UDP,
  type Packet,
} from "../../src/index.ts";
import { assertBytes, roundTrip } from "../helpers.ts";
import { golden } from "./appGolden.ts";

// Expected bytes come from Debian's Scapy (scripts/captures/golden_app.py, the expression is in
// test/fixtures/golden/app.json next to the bytes). Sections are lists, as in Scapy 2.6.

const enc = new TextEncoder();
const b = (s: string) => enc.encode(s);
const names = (list: Packet[]) => list.map((r) => r.spec.name);

test("a query builds as Scapy's, with the count computed and the summary of 2.6", () => {
  const q = IP({ dst: "8.8.8.8", src: "10.0.0.1" }).div(UDP({ sport: 12345 }), DNS({ rd: 1, qd: DNSQR({ qname: "www.example.com" }) }));
  assertBytes(q, golden("dns/query"));
  assert.equal(q.summary(), "IP / UDP / DNS Qry b'www.example.com.'");
  const dns = q.rebuilt().getLayer(DNS)!;
  assert.equal(dns.qdcount, 1);
  assert.deepEqual(dns.qd[0]!.qname, b("www.example.com."));
});

test("DNS() asks for www.example.com by default", () => {
  assertBytes(DNS(), golden("dns/default"));
  assert.equal(DNS().qd.length, 1);
});

test("an answer: a single record is wrapped in a list, rdata follows the type", () => {
  const r = DNS({ id: 1, qr: 1, aa: 1, qd: DNSQR({ qname: "www.example.com" }), an: DNSRR({ rrname: "www.example.com", ttl: 300, rdata: "93.184.216.34" }) });
  assertBytes(r, golden("dns/answer-a"));
  const d = roundTrip(DNS, golden("dns/answer-a"));
  assert.equal(d.ancount, 1);
  assert.equal(d.an[0]!.rdata, "93.184.216.34");
  assert.equal(d.an[0]!.rdlen, 4);
  assert.equal(d.summary(), "DNS Ans 93.184.216.34");
});

const mixed = () =>
  DNS({
    id: 2,
    qr: 1,
    qd: DNSQR({ qname: "www.example.com", qtype: "ALL" }),
    an: [
      DNSRR({ rrname: "www.example.com", type: "CNAME", ttl: 60, rdata: "web.example.com" }),
      DNSRR({ rrname: "web.example.com", ttl: 60, rdata: "10.0.0.80" }),
      DNSRR({ rrname: "web.example.com", type: "AAAA", ttl: 60, rdata: "2001:db8::80" }),
      DNSRR({ rrname: "example.com", type: "TXT", ttl: 60, rdata: [b("v=spf1 -all"), b("hello")] }),
      DNSRR({ rrname: "80.0.0.10.in-addr.arpa", type: "PTR", rdata: "web.example.com" }),
    ],
    ns: [DNSRR({ rrname: "example.com", type: "NS", rdata: "ns1.example.com" })],
  });

test("A, AAAA, CNAME, TXT, PTR and NS rdata build as Scapy's and read back typed", () => {
  assertBytes(mixed(), golden("dns/answers-mixed"));
  const d = roundTrip(DNS, golden("dns/answers-mixed"));
  assert.deepEqual([d.qdcount, d.ancount, d.nscount, d.arcount], [1, 5, 1, 0]);
  assert.deepEqual(d.an[0]!.rdata, b("web.example.com."));
  assert.equal(d.an[1]!.rdata, "10.0.0.80");
  assert.equal(d.an[2]!.rdata, "2001:db8::80");
  assert.deepEqual(d.an[3]!.rdata, [b("v=spf1 -all"), b("hello")]);
  assert.deepEqual(d.ns[0]!.rdata, b("ns1.example.com."));
  assert.equal(d.summary(), "DNS Ans b'web.example.com.'");
});

test("dnsCompress writes the pointers Scapy's dns_compress writes; decompression reads them back", () => {
  const c = dnsCompress(mixed());
  assert.equal(bytesHex(raw(c)), golden("dns/answers-mixed-compressed"));
  assert.equal(bytesHex(raw(mixed().compress())), golden("dns/answers-mixed-compressed"));
  const d = roundTrip(DNS, golden("dns/answers-mixed-compressed"));
  assert.deepEqual(d.an[4]!.rrname, b("80.0.0.10.in-addr.arpa."));
  assert.deepEqual(d.an[4]!.rdata, b("web.example.com."));
  assert.deepEqual(d.ns[0]!.rdata, b("ns1.example.com."));
  // Same values as the uncompressed message.
  const plain = DNS(fromHex(golden("dns/answers-mixed")));
  for (const s of ["an", "ns"] as const) {
    assert.deepEqual(
      d[s].map((r) => [r.rrname, r.rdata]),
      plain[s].map((r) => [r.rrname, r.rdata]),
    );
  }
});

test("a changed record of a compressed message is written uncompressed, with its rdlen recomputed", () => {
  const d = DNS(fromHex(golden("dns/answers-mixed-compressed")));
  d.an[0]!.ttl = 61;
  const again = DNS(raw(d));
  assert.deepEqual(again.an[0]!.rdata, b("web.example.com."));
  assert.equal(again.an[0]!.ttl, 61);
  assert.equal(again.an[0]!.rdlen, 17);
});

test("typed records (SOA, SRV, DS, DNSKEY, RRSIG, NSEC, NSEC3, NSEC3PARAM, TSIG, OPT) build as Scapy's", () => {
  const bytes = (n: number, from = 0) => Uint8Array.from({ length: n }, (_, i) => from + i);
  const p = DNS({
    id: 3,
    qr: 1,
    qd: DNSQR({ qname: "example.com", qtype: "SOA" }),
    an: [
      DNSRRSOA({ rrname: "example.com", ttl: 3600, mname: "ns1.example.com", rname: "hostmaster.example.com", serial: 2024010101, refresh: 7200, retry: 900, expire: 1209600, minimum: 300 }),
      DNSRRSRV({ rrname: "_sip._tcp.example.com", ttl: 60, priority: 10, weight: 5, port: 5060, target: "sip.example.com" }),
      DNSRRDS({ rrname: "example.com", keytag: 12345, algorithm: 8, digesttype: 2, digest: bytes(32) }),
      DNSRRDNSKEY({ rrname: "example.com", flags: 257, algorithm: 13, publickey: bytes(64) }),
      DNSRRRSIG({ rrname: "example.com", typecovered: "A", algorithm: 13, labels: 2, originalttl: 300, expiration: 1700000000, inception: 1690000000, keytag: 12345, signersname: "example.com", signature: b("sig".repeat(10)) }),
      DNSRRNSEC({ rrname: "a.example.com", nextname: "b.example.com", typebitmaps: [1, 2, 6, 15, 16, 28, 46, 47, 48, 257] }),
      DNSRRNSEC3({ rrname: "h.example.com", hashalg: 1, flags: 1, iterations: 10, saltlength: 4, salt: Uint8Array.of(0xab, 0xcd, 0xef, 1), hashlength: 20, nexthashedownername: bytes(20), typebitmaps: [1, 28] }),
      DNSRRNSEC3PARAM({ rrname: "example.com", hashalg: 1, iterations: 10, saltlength: 2, salt: Uint8Array.of(1, 2) }),
      DNSRRTSIG({ rrname: "key.example.com", time_signed: 1700000000, fudge: 300, mac_len: 4, mac_data: Uint8Array.of(1, 2, 3, 4), original_id: 3 }),
    ],
    ar: DNSRROPT({ rclass: 1232, z: 32768, rdata: [EDNS0TLV({ optcode: 3, optdata: "" }), EDNS0TLV({ optcode: 10, optdata: new Uint8Array([...new Array(8).fill(1), ...new Array(8).fill(2)]) })] }),
  });
  assertBytes(p, golden("dns/records-typed"));
  const d = roundTrip(DNS, golden("dns/records-typed"));
  assert.deepEqual(names(d.an), ["DNSRRSOA", "DNSRRSRV", "DNSRRDS", "DNSRRDNSKEY", "DNSRRRSIG", "DNSRRNSEC", "DNSRRNSEC3", "DNSRRNSEC3PARAM", "DNSRRTSIG"]);
  const [soa, srv, , dnskey, rrsig, nsec] = d.an as Packet[] as Array<Packet & Record<string, unknown>>;
  assert.deepEqual(soa!.rname, b("hostmaster.example.com."));
  assert.equal(soa!.minimum, 300);
  assert.equal(srv!.port, 5060);
  assert.equal(String(dnskey!.flags), "SZ");
  assert.match(rrsig!.show({ dump: true })!, /expiration= Tue, 14 Nov 2023 22:13:20 \+0000 \(1700000000\)/);
  assert.match(nsec!.show({ dump: true })!, /typebitmaps= \['A', 'NS', 'SOA', 'MX', 'TXT', 'AAAA', 'RRSIG', 'NSEC', 'DNSKEY', 'CAA'\]/);
  const opt = d.ar[0]!;
  assert.equal(opt.spec.name, "DNSRROPT");
  assert.equal(opt.getFieldValue("rclass"), 1232);
  assert.deepEqual(names(opt.getFieldValue("rdata") as Packet[]), ["EDNS0TLV", "EDNS0COOKIE"]);
});

test("EDNS0 options dissect into Scapy 2.6's classes (bytes built by Scapy 2.5 as raw TLVs)", () => {
  const cookie = DNSRROPT(fromHex(golden("dns/edns0-tlv-cookie"))).getFieldValue("rdata") as Array<Packet & Record<string, unknown>>;
  assert.equal(cookie[0]!.spec.name, "EDNS0COOKIE");
  assert.equal(bytesHex(cookie[0]!.client_cookie as Uint8Array), "0001020304050607");
  assert.equal((cookie[0]!.server_cookie as Uint8Array).length, 16);
  const subnet = (DNSRROPT(fromHex(golden("dns/edns0-tlv-subnet"))).getFieldValue("rdata") as Array<Packet & Record<string, unknown>>)[0]!;
  assert.equal(subnet.spec.name, "EDNS0ClientSubnet");
  assert.deepEqual([subnet.family, subnet.source_plen, subnet.address], [1, 24, "192.0.2.0"]);
  const ede = (DNSRROPT(fromHex(golden("dns/edns0-tlv-ede"))).getFieldValue("rdata") as Array<Packet & Record<string, unknown>>)[0]!;
  assert.equal(ede.spec.name, "EDNS0ExtendedDNSError");
  assert.equal(ede.sprintf("%info_code%"), "Prohibited");
  assert.deepEqual(ede.extra_text, b("blocked"));
  const dau = (DNSRROPT(fromHex(golden("dns/edns0-tlv-dau"))).getFieldValue("rdata") as Array<Packet & Record<string, unknown>>)[0]!;
  assert.deepEqual(dau.alg_code, [8, 13, 15]);
  // The typed classes build the same bytes again.
  for (const key of ["dns/edns0-tlv-cookie", "dns/edns0-tlv-subnet", "dns/edns0-tlv-ede", "dns/edns0-tlv-dau"]) {
    const opt = DNSRROPT(fromHex(golden(key)));
    const rebuilt = DNSRROPT({ rdata: (opt.getFieldValue("rdata") as Packet[]).map((o) => o.spec.cls(o.fieldValues())) });
    assert.equal(bytesHex(raw(rebuilt)), golden(key), key);
  }
});

test("over TCP a length prefix is added and names point past it", () => {
  const p = IP({ src: "10.0.0.1", dst: "10.0.0.53" }).div(TCP({ sport: 40000, dport: 53, flags: "PA", seq: 1, ack: 1 }), DNS({ id: 7, qd: DNSQR({ qname: "example.com", qtype: "MX" }) }));
  assertBytes(p, golden("dns/over-tcp"));
  const d = IP(raw(p)).getLayer(DNS)!;
  assert.equal(d.length, 29);
  assert.deepEqual(d.qd[0]!.qname, b("example.com."));
  assertBytes(TCP().div(DNS()), golden("dns/tcp-default-ports"));
  // A compressed answer over TCP: pointers count from after the length.
  const answer = TCP({ sport: 53, dport: 40000 }).div(
    DNS({ qr: 1, qd: DNSQR({ qname: "example.com" }), an: [DNSRR({ rrname: "example.com", rdata: "10.0.0.1" }), DNSRR({ rrname: "mail.example.com", rdata: "10.0.0.2" })] }),
  );
  const back = TCP(raw(dnsCompress(answer))).getLayer(DNS)!;
  assert.deepEqual(back.an[1]!.rrname, b("mail.example.com."));
});

test("mDNS goes to 224.0.0.251 by default and its summary says mDNS", () => {
  const p = IP({ src: "10.0.0.1" }).div(UDP({ sport: 5353, dport: 5353 }), DNS({ rd: 0, qd: DNSQR({ qname: "_http._tcp.local", qtype: "PTR" }) }));
  assertBytes(p, golden("dns/mdns-query"));
  assert.equal(p.summary(), "IP / UDP / mDNS Qry b'_http._tcp.local.'");
});

test("LLMNR (5355) dissects as LLMNR's classes (DNS's layout), not DNS", () => {
  const p = IP({ src: "10.0.0.1", dst: "224.0.0.252" }).div(UDP({ sport: 40000, dport: 5355 }), Raw({ load: fromHex(golden("dns/default")) }));
  const got = IP(raw(p));
  assert.ok(!got.hasLayer(DNS));
  assert.deepEqual(got.layers().map((l) => l.name), ["IP", "UDP", "LLMNRQuery"]);
});

test("names: labels are cut at 63 bytes, the root is a zero byte, long TXT strings are split", () => {
  assertBytes(DNSQR({ qname: "a".repeat(64) + ".example.com" }), golden("dns/label-64-cut"));
  assertBytes(DNSQR({ qname: "." }), golden("dns/name-root"));
  assert.deepEqual(DNSQR({ qname: "" }).qname, b("."));
  assertBytes(DNSRR({ rrname: "t.example", type: "TXT", rdata: [b("x".repeat(300))] }), golden("dns/txt-long"));
});

test("a reply answers its query (same id, qr set); matching goes through IP and UDP", () => {
  const q = IP({ src: "10.0.0.1", dst: "10.0.0.53" }).div(UDP({ sport: 40000, dport: 53 }), DNS({ id: 99, qd: DNSQR({ qname: "example.com" }) }));
  const r = IP({ src: "10.0.0.53", dst: "10.0.0.1" }).div(UDP({ sport: 53, dport: 40000 }), DNS({ id: 99, qr: 1, qd: DNSQR({ qname: "example.com" }) }));
  const other = IP({ src: "10.0.0.53", dst: "10.0.0.1" }).div(UDP({ sport: 53, dport: 40000 }), DNS({ id: 98, qr: 1 }));
  assert.ok(r.answers(q));
  assert.ok(!q.answers(r));
  assert.ok(!other.answers(q));
  assert.equal(bytesHex(r.hashret()), bytesHex(q.hashret()));
  assert.equal(conf.checkIPaddr, true);
});

test("summaries: rcode on an empty error answer, nothing for a typed first answer", () => {
  assert.equal(DNS({ qr: 1, rcode: 3 }).summary(), "DNS Ans name-error");
  assert.equal(DNS({ qr: 1, an: DNSRRSRV({ rrname: "x", target: "y" }) }).summary(), "DNS Ans");
  assert.equal(DNS({ qr: 1, an: DNSRR({ type: "TXT", rdata: "hi" }) }).summary(), "DNS Ans [b'hi']");
});

test("rdata given before type still gets the type's kind", () => {
  const r = DNSRR({ rdata: "2001:db8::1", type: "AAAA" });
  assert.equal(r.rdata, "2001:db8::1");
  assert.throws(() => DNSRR({ type: "A", rdata: "2001:db8::1" }), /DNSRR\.rdata/);
});

test("an empty TXT string is a zero-length string on the wire (RFC 1035, Scapy 2.6; 2.5 drops it)", () => {
  const rr = DNSRR({ rrname: "example.com", type: "TXT", rdata: ["a", ""] });
  const bytes = raw(rr);
  // rdlen 3: "\x01a" then "\x00"
  assert.equal(bytesHex(bytes.subarray(bytes.length - 5)), "0003016100");
  assert.deepEqual(DNSRR(bytes).rdata, [new TextEncoder().encode("a"), new Uint8Array(0)]);
});

test('qtype "ANY" is an error naming the field: the query for every type is "ALL" (255)', () => {
  assert.throws(() => DNSQR({ qtype: "ANY" }), /DNSQR\.qtype/);
  assert.equal(DNSQR({ qtype: "ALL" }).qtype, 255);
});
