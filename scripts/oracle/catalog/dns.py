"""DNS: questions, every common record type, EDNS0, DNSSEC records, compression, DNS over TCP, mDNS."""
import scapy_json as J
from scapy.layers.dns import dns_compress

from catalog.dsl import B, E, IP4, L, P

# Layers of this family (make_vectors.py notes vectors that dissect into anything else).
SCOPE = r"DNS.*|EDNS0.*"
FILE = "dns.json"

Q = dict(sport=40000, dport=53)
R = dict(sport=53, dport=40000)
NOT_IN_25 = "Scapy 2.5 has no class for this record type (raw rdata); 2.6 dissects it into typed fields"
NOT_IN_25_SKIP = {"fields": NOT_IN_25, "dissect.summary": NOT_IN_25}


def qr(name="www.example.com", **kw):
    return P(L("DNSQR", qname=name, **kw))


# Record classes with their type given explicitly: Scapy 2.5's DNSRRMX defaults to type 6 (SOA).
RECORD_TYPES = {"DNSRRMX": 15, "DNSRRSOA": 6, "DNSRRSRV": 33, "DNSRRDS": 43, "DNSRRRSIG": 46, "DNSRRNSEC": 47,
                "DNSRRDNSKEY": 48, "DNSRRNSEC3": 50, "DNSRRNSEC3PARAM": 51}


def rr(name="www.example.com", cls="DNSRR", **kw):
    if cls in RECORD_TYPES:
        kw.setdefault("type", RECORD_TYPES[cls])
    return P(L(cls, rrname=name, **kw))


def query(*questions, **kw):
    return [E(), IP4(dst="10.0.0.53"), L("UDP", **Q), L("DNS", qd=list(questions), **kw)]


def answer(questions, an=(), ns=(), ar=(), **kw):
    kw.setdefault("id", 0x1234)
    kw.setdefault("ra", 1)
    return [E(dst="66:77:88:99:aa:bb", src="00:11:22:33:44:55"), IP4(src="10.0.0.53", dst="10.0.0.1"), L("UDP", **R),
            L("DNS", qr=1, qd=list(questions), an=list(an), ns=list(ns), ar=list(ar), **kw)]


def vectors(v):
    questions(v)
    records(v)
    edns0(v)
    dnssec(v)
    sections(v)
    transport(v)
    compression(v)
    broken(v)


def questions(v):
    v.build("dns/query-a", *query(qr()))
    v.build("dns/query-workshop", L("IP", dst="8.8.8.8", src="10.0.0.1"), L("UDP", sport=12345), L("DNS", rd=1, qd=[qr()]), note="the reference's query")
    # "ALL" (255) is the query for every type; 2.5 maps the name "ANY" to 0 (RESERVED), packetry rejects it.
    for qtype in ("AAAA", "MX", "NS", "TXT", "PTR", "SOA", "SRV", "ALL", "AXFR", "CAA", "HTTPS", 65280):
        v.build("dns/query-%s" % str(qtype).lower(), *query(qr(qtype=qtype)))
    v.build("dns/query-class-ch", *query(qr("version.bind", qtype="TXT", qclass="CH")))
    v.build("dns/query-root", *query(qr(".", qtype="NS")))
    v.build("dns/query-trailing-dot", *query(qr("example.com.")))
    v.build("dns/query-two-questions", *query(qr("a.example"), qr("b.example", qtype="AAAA")))
    v.build("dns/query-no-question", *query())
    v.build("dns/query-header-bits", *query(qr(), id=0xFFFF, opcode=2, aa=1, tc=1, rd=0, ra=1, z=1, ad=1, cd=1, rcode=5))
    v.build("dns/query-long-label", *query(qr("a" * 63 + ".example")))
    v.build("dns/query-label-cut-at-63", *query(qr("b" * 70 + ".example")), note="Scapy cuts labels longer than 63 bytes")
    v.build("dns/query-reverse-ptr", *query(qr("4.3.2.1.in-addr.arpa", qtype="PTR")))
    v.build("dns/query-explicit-counts", *query(qr(), qdcount=2, ancount=1))


def records(v):
    q = qr()
    v.build("dns/answer-a", *answer([q], [rr(type="A", ttl=300, rdata="93.184.216.34")]))
    v.build("dns/answer-a-multiple", *answer([q], [rr(ttl=60, rdata="1.1.1.1"), rr(ttl=60, rdata="1.0.0.1")]))
    v.build("dns/answer-aaaa", *answer([qr(qtype="AAAA")], [rr(type="AAAA", ttl=300, rdata="2606:2800:220:1:248:1893:25c8:1946")]))
    v.build("dns/answer-ns", *answer([qr("example.com", qtype="NS")], [rr("example.com", type="NS", ttl=3600, rdata="a.iana-servers.net")]))
    v.build("dns/answer-cname-chain", *answer([q], [rr(type="CNAME", rdata="web.example.com"), rr("web.example.com", rdata="10.1.2.3")]))
    v.build("dns/answer-ptr", *answer([qr("4.3.2.1.in-addr.arpa", qtype="PTR")], [rr("4.3.2.1.in-addr.arpa", type="PTR", rdata="host.example.com")]))
    v.build("dns/answer-mx", *answer([qr("example.com", qtype="MX")], [rr("example.com", cls="DNSRRMX", ttl=300, preference=10, exchange="mail.example.com")]))
    v.build("dns/answer-mx-two", *answer([qr("example.com", qtype="MX")], [rr("example.com", cls="DNSRRMX", preference=10, exchange="mx1.example.com"), rr("example.com", cls="DNSRRMX", preference=20, exchange="mx2.example.com")]))
    v.build("dns/answer-soa", *answer([qr("example.com", qtype="SOA")], [rr("example.com", cls="DNSRRSOA", ttl=3600, mname="ns.example.com", rname="hostmaster.example.com", serial=2024010101, refresh=7200, retry=3600, expire=1209600, minimum=300)]))
    v.build("dns/answer-srv", *answer([qr("_sip._tcp.example.com", qtype="SRV")], [rr("_sip._tcp.example.com", cls="DNSRRSRV", ttl=86400, priority=10, weight=60, port=5060, target="sip.example.com")]))
    v.build("dns/answer-txt", *answer([qr("example.com", qtype="TXT")], [rr("example.com", type="TXT", ttl=300, rdata=[B(b"v=spf1 -all")])]))
    # An empty string is written as a zero length byte (2.6, RFC 1035); 2.5 drops it: not a vector.
    v.build("dns/answer-txt-several-strings", *answer([qr("example.com", qtype="TXT")], [rr("example.com", type="TXT", rdata=[B(b"first"), B(b"second"), B(b"third")])]))
    v.build("dns/answer-txt-long-string", *answer([qr("example.com", qtype="TXT")], [rr("example.com", type="TXT", rdata=[B(b"x" * 255)])]))
    v.build("dns/answer-hinfo", *answer([qr("example.com", qtype="HINFO")], [rr("example.com", type="HINFO", rdata=B(b"\x03x86\x05Linux"))]), unchecked=NOT_IN_25_SKIP)
    v.build("dns/answer-caa", *answer([qr("example.com", qtype="CAA")], [rr("example.com", type="CAA", rdata=B(b"\x00\x05issueletsencrypt.org"))]))
    v.build("dns/answer-svcb", *answer([qr("_dns.example.com", qtype="SVCB")], [rr("_dns.example.com", type="SVCB", rdata=B(b"\x00\x01\x03dns\x07example\x03com\x00\x00\x01\x00\x03\x02h2"))]), unchecked=NOT_IN_25_SKIP)
    v.build("dns/answer-https", *answer([qr("example.com", qtype="HTTPS")], [rr("example.com", type="HTTPS", rdata=B(b"\x00\x01\x00\x00\x01\x00\x06\x02h2\x02h3\x00\x04\x00\x04\x5d\xb8\xd8\x22"))]), unchecked=NOT_IN_25_SKIP)
    v.build("dns/answer-unknown-type", *answer([qr(qtype=65280)], [rr(type=65280, rdata=B(b"\xde\xad\xbe\xef"))]))
    v.build("dns/answer-class-chaos", *answer([qr("version.bind", qtype="TXT", qclass="CH")], [rr("version.bind", type="TXT", rclass="CH", rdata=[B(b"9.18.0")])]))
    v.build("dns/answer-ttl-max", *answer([q], [rr(ttl=0xFFFFFFFF, rdata="127.0.0.1")]))
    v.build("dns/answer-explicit-rdlen", *answer([q], [rr(rdlen=4, rdata="10.0.0.9")]))
    v.build("dns/nxdomain", *answer([qr("nope.example")], rcode=3, aa=1))
    v.build("dns/servfail", *answer([q], rcode="server-failure"))
    v.build("dns/refused-no-question", *answer([], rcode=5))


def edns0(v):
    opt = lambda **kw: P(L("DNSRROPT", **kw))  # noqa: E731
    v.build("dns/edns0-plain", *query(qr(), ar=[opt()]))
    v.build("dns/edns0-do-bit-udp-size", *query(qr(), ar=[opt(rclass=1232, z=0x8000)]))
    v.build("dns/edns0-nsid", *query(qr(), ar=[opt(rdata=[P(L("EDNS0TLV", optcode=3))])]))
    v.build("dns/edns0-tlv-data", *query(qr(), ar=[opt(rdata=[P(L("EDNS0TLV", optcode=12, optdata=B(b"\x00" * 8)))])]))
    v.build("dns/edns0-two-tlvs", *query(qr(), ar=[opt(rdata=[P(L("EDNS0TLV", optcode=3)), P(L("EDNS0TLV", optcode=12, optdata=B(b"\x00\x00")))])]))
    v.build("dns/edns0-client-subnet-v4", *query(qr(), ar=[opt(rdata=[P(L("EDNS0ClientSubnet", source_plen=24, address="192.0.2.0"))])]))
    v.build("dns/edns0-client-subnet-v6", *query(qr(), ar=[opt(rdata=[P(L("EDNS0ClientSubnet", family=2, source_plen=56, address="2001:db8::"))])]),
            unchecked={"fields": "Scapy 2.5 raises reading a 7-byte IPv6 subnet (inet_ntop on the short prefix) and keeps the option as Raw"})
    v.build("dns/edns0-extended-rcode", *answer([qr()], ar=[opt(extrcode=1, version=0)], rcode=0))
    v.build("dns/edns0-in-answer", *answer([qr()], [rr(rdata="1.2.3.4")], ar=[opt(rclass=4096)]))


def dnssec(v):
    name = "example.com"
    v.build("dns/ds", *answer([qr(name, qtype="DS")], [rr(name, cls="DNSRRDS", ttl=86400, keytag=31589, algorithm=8, digesttype=2, digest=B(bytes(range(32))))]))
    v.build("dns/dnskey-zsk", *answer([qr(name, qtype="DNSKEY")], [rr(name, cls="DNSRRDNSKEY", ttl=3600, flags=256, protocol=3, algorithm=13, publickey=B(bytes(range(64))))]))
    v.build("dns/dnskey-ksk", *answer([qr(name, qtype="DNSKEY")], [rr(name, cls="DNSRRDNSKEY", flags=257, algorithm=8, publickey=B(b"\x03\x01\x00\x01" + bytes(28)))]))
    v.build("dns/rrsig", *answer([qr(name)], [rr(name, rdata="1.2.3.4"), rr(name, cls="DNSRRRSIG", ttl=300, typecovered=1, algorithm=13, labels=2, originalttl=300, expiration=1700000000, inception=1690000000, keytag=12345, signersname=name, signature=B(bytes(range(64))))]))
    v.build("dns/nsec", *answer([qr("a.example.com")], ns=[rr(name, cls="DNSRRNSEC", ttl=300, nextname="z.example.com", typebitmaps=[1, 2, 6, 15, 16, 28, 46, 47, 48])], rcode=3))
    v.build("dns/nsec-high-types", *answer([qr("a.example.com")], ns=[rr(name, cls="DNSRRNSEC", nextname="b.example.com", typebitmaps=[1, 257, 32769])]))
    v.build("dns/nsec3", *answer([qr("a.example.com")], ns=[rr("abcd.example.com", cls="DNSRRNSEC3", ttl=300, hashalg=1, flags=1, iterations=10, saltlength=4, salt=B(b"\xaa\xbb\xcc\xdd"), hashlength=20, nexthashedownername=B(bytes(range(20))), typebitmaps=[1, 46])]))
    v.build("dns/nsec3param", *answer([qr(name, qtype="NSEC3PARAM")], [rr(name, cls="DNSRRNSEC3PARAM", hashalg=1, flags=0, iterations=0, saltlength=2, salt=B(b"\x01\x02"))]))


def sections(v):
    q = qr("example.com")
    v.build("dns/authority-and-additional", *answer(
        [q],
        [rr("example.com", rdata="10.0.0.80")],
        ns=[rr("example.com", type="NS", rdata="ns1.example.com"), rr("example.com", type="NS", rdata="ns2.example.com")],
        ar=[rr("ns1.example.com", rdata="10.0.0.1"), rr("ns1.example.com", type="AAAA", rdata="2001:db8::1")],
        aa=1))
    v.build("dns/referral", *answer([qr("www.example.org")], ns=[rr("org", type="NS", ttl=172800, rdata="a0.org.afilias-nst.info")], ra=0, rd=0))
    v.build("dns/all-sections-mixed-types", *answer(
        [q],
        [rr("example.com", cls="DNSRRMX", preference=5, exchange="mx.example.com")],
        ns=[rr("example.com", cls="DNSRRSOA", mname="ns.example.com", rname="root.example.com", serial=1)],
        ar=[rr("mx.example.com", rdata="10.0.0.25"), P(L("DNSRROPT", rclass=512))]))


def transport(v):
    v.build("dns/over-tcp-query", E(), IP4(dst="10.0.0.53"), L("TCP", sport=40000, dport=53, flags="PA", seq=1, ack=1), L("DNS", qd=[qr()]))
    v.build("dns/over-tcp-answer", E(), IP4(src="10.0.0.53", dst="10.0.0.1"), L("TCP", sport=53, dport=40000, flags="PA", seq=1, ack=34), L("DNS", qr=1, id=7, qd=[qr()], an=[rr(rdata="1.2.3.4")]))
    v.build("dns/over-tcp-explicit-length", E(), IP4(dst="10.0.0.53"), L("TCP", sport=40000, dport=53, flags="PA"), L("DNS", length=100, qd=[qr()]))
    v.build("dns/mdns-query", E(dst="01:00:5e:00:00:fb"), IP4(dst="224.0.0.251", ttl=255), L("UDP", sport=5353, dport=5353), L("DNS", rd=0, qd=[qr("_http._tcp.local", qtype="PTR")]))
    v.build("dns/mdns-answer", E(dst="01:00:5e:00:00:fb"), IP4(dst="224.0.0.251", ttl=255), L("UDP", sport=5353, dport=5353), L("DNS", qr=1, aa=1, rd=0, qd=[], an=[rr("printer.local", ttl=120, rdata="10.0.0.7")]))
    mdns_flush = v.raw(E(dst="01:00:5e:00:00:fb"), IP4(dst="224.0.0.251", ttl=255), L("UDP", sport=5353, dport=5353),
                       L("DNS", qr=1, aa=1, rd=0, qd=None, an=[rr("printer.local", rclass=0x8001, ttl=120, rdata="10.0.0.7")]))
    v.dissect("dns/mdns-cache-flush-bit", "Ether", mdns_flush, note="rclass 0x8001: 2.6 reads cacheflush=1, rclass=IN")
    mdns_qu = v.raw(E(dst="01:00:5e:00:00:fb"), IP4(dst="224.0.0.251", ttl=255), L("UDP", sport=5353, dport=5353),
                    L("DNS", rd=0, qd=[qr("printer.local", qclass=0x8001)]))
    v.dissect("dns/mdns-unicast-response-bit", "Ether", mdns_qu, note="qclass 0x8001: 2.6 reads unicastresponse=1, qclass=IN")
    v.build("dns/udp-source-port-53-only", IP4(), L("UDP", sport=53, dport=53), L("DNS", qd=[qr()]))
    v.build("dns/bare-dns", L("DNS", id=1, qd=[qr()]))
    v.build("dns/over-ipv6", E(), L("IPv6", src="2001:db8::1", dst="2001:db8::53"), L("UDP", **Q), L("DNS", qd=[qr(qtype="AAAA")]))


def compressed(*layers):
    return bytes(dns_compress(J.build_spec(list(layers))))


def compression(v):
    frame = compressed(*answer([qr()], [rr(type="CNAME", rdata="web.example.com"), rr("web.example.com", rdata="10.1.2.3")]))
    v.dissect("dns/compressed-cname-chain", "Ether", frame)
    v.dissect("dns/compressed-mx-soa", "Ether", compressed(*answer(
        [qr("example.com", qtype="MX")],
        [rr("example.com", cls="DNSRRMX", preference=10, exchange="mail.example.com")],
        ns=[rr("example.com", cls="DNSRRSOA", mname="ns.example.com", rname="hostmaster.example.com", serial=7)])))
    v.dissect("dns/compressed-ns-glue", "Ether", compressed(*answer(
        [qr("example.com", qtype="NS")],
        [rr("example.com", type="NS", rdata="ns1.example.com"), rr("example.com", type="NS", rdata="ns2.example.com")],
        ar=[rr("ns1.example.com", rdata="10.0.0.1"), rr("ns2.example.com", rdata="10.0.0.2")])))
    v.dissect("dns/compressed-srv-ptr", "Ether", compressed(*answer(
        [qr("_http._tcp.example.com", qtype="PTR")],
        [rr("_http._tcp.example.com", type="PTR", rdata="web._http._tcp.example.com")],
        ar=[rr("web._http._tcp.example.com", cls="DNSRRSRV", port=80, target="host.example.com")])))
    v.dissect("dns/compressed-over-tcp", "Ether", compressed(
        E(), IP4(src="10.0.0.53", dst="10.0.0.1"), L("TCP", sport=53, dport=40000, flags="PA"),
        L("DNS", qr=1, qd=[qr()], an=[rr(rdata="1.2.3.4"), rr(rdata="5.6.7.8")])))
    dns = bytes(J.build_spec([L("DNS", qr=1, qd=[qr("a.example")], an=[rr("a.example", rdata="1.2.3.4")])]))
    name = b"\x01a\x07example\x00"
    q_at = 12
    a_at = dns.index(name, q_at + len(name))
    v.dissect("dns/pointer-loop", "DNS", dns[:a_at] + bytes([0xC0, a_at]) + dns[a_at + len(name):], note="an answer name that points at itself")
    v.dissect("dns/pointer-forward-into-answer", "DNS", dns[:q_at] + bytes([0xC0, a_at]) + dns[q_at + len(name):])
    v.dissect("dns/pointer-past-end", "DNS", dns[:a_at] + b"\xc0\xff" + dns[a_at + len(name):])
    v.dissect("dns/pointer-to-pointer", "DNS", dns[:a_at] + bytes([0xC0, q_at]) + dns[a_at + len(name):])


def broken(v):
    full = v.raw(*answer([qr()], [rr(rdata="1.2.3.4"), rr(type="TXT", rdata=["hello"])]))
    for n in (42, 50, 54, 60, 75, 90, len(full) - 3):
        v.dissect("dns/cut-%d" % n, "Ether", full[:n])
    header = full[:42]
    dns = full[42:]
    v.dissect("dns/qdcount-too-large", "Ether", header + dns[:4] + b"\x00\x09" + dns[6:])
    v.dissect("dns/ancount-too-large", "Ether", header + dns[:6] + b"\x00\x05" + dns[8:])
    v.dissect("dns/ancount-zero-with-records", "Ether", header + dns[:6] + b"\x00\x00" + dns[8:])
    rdlen_at = 12 + 21 + 17 + 8  # header, question, answer name, type/class/ttl
    v.dissect("dns/rdlen-past-end", "Ether", header + dns[:rdlen_at] + b"\x00\xff" + dns[rdlen_at + 2:])
    v.dissect("dns/label-past-end", "Ether", header + dns[:12] + b"\x3f" + dns[13:])
    tcp = v.raw(E(), IP4(dst="10.0.0.53"), L("TCP", sport=40000, dport=53, flags="PA"), L("DNS", qd=[qr()]))
    v.dissect("dns/tcp-length-too-short", "Ether", tcp[:54] + b"\x00\x05" + tcp[56:])
    v.dissect("dns/tcp-length-longer-than-data", "Ether", tcp[:54] + b"\x01\x00" + tcp[56:])
    v.dissect("dns/tcp-one-byte", "Ether", tcp[:55])
