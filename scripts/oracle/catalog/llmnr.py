"""LLMNR (RFC 4795): DNS's layout on UDP 5355, the class picked by the QR bit."""
from catalog.dsl import B, E, IP4, IP6, L, P

SCOPE = r"LLMNRQuery|LLMNRResponse"
FILE = "llmnr.json"


def vectors(v):
    v.build("llmnr/query-defaults", E(), IP4(dst="224.0.0.252", ttl=1), L("UDP"), L("LLMNRQuery"))
    v.build("llmnr/query-a", E(), IP4(dst="224.0.0.252", ttl=1), L("UDP", sport=50000, dport=5355), L("LLMNRQuery", id=0x1234, qd=[P(L("DNSQR", qname="vista"))]))
    v.build("llmnr/query-aaaa-ipv6", E(), IP6(dst="ff02::1:3", hlim=1), L("UDP", sport=50000, dport=5355), L("LLMNRQuery", id=0x1235, qd=[P(L("DNSQR", qname="host1.", qtype="AAAA"))]))
    v.build("llmnr/response-a", E(), IP4(), L("UDP", sport=5355, dport=50000), L("LLMNRResponse", id=0x1234, qd=[P(L("DNSQR", qname="vista."))], an=[P(L("DNSRR", rrname="vista.", ttl=30, rdata="10.0.0.7"))]))
    v.build("llmnr/response-defaults", L("UDP"), L("LLMNRResponse"))
    v.build("llmnr/conflict-tc-flags", L("UDP"), L("LLMNRQuery", c=1, tc=2, z=5, rcode=3, qd=[P(L("DNSQR", qname="x."))]))
    v.build("llmnr/response-two-answers", L("UDP"), L("LLMNRResponse", id=9, qd=[P(L("DNSQR", qname="h."))], an=[P(L("DNSRR", rrname="h.", rdata="10.0.0.1")), P(L("DNSRR", rrname="h.", rdata="10.0.0.2"))]))
    v.dissect("llmnr/dissect-query", "Ether", v.raw(E(), IP4(dst="224.0.0.252"), L("UDP", sport=50000, dport=5355), L("LLMNRQuery", id=1, qd=[P(L("DNSQR", qname="wpad."))])))
    v.dissect("llmnr/dissect-response-by-qr", "Ether", v.raw(E(), IP4(), L("UDP", sport=5355, dport=50000), L("LLMNRResponse", id=1, qd=[P(L("DNSQR", qname="wpad."))], an=[P(L("DNSRR", rrname="wpad.", rdata="10.0.0.3"))])))
    v.dissect("llmnr/dissect-compressed", "LLMNRResponse", bytes.fromhex("0001800000010001000000000477706164000001000" "1c00c000100010000001e00040a000003"))
    v.dissect("llmnr/dissect-cut", "Ether", v.raw(E(), IP4(), L("UDP", sport=50000, dport=5355), L("LLMNRQuery", qd=[P(L("DNSQR", qname="wpad."))]))[:14 + 20 + 8 + 15])
    v.dissect("llmnr/dissect-header-only", "LLMNRQuery", bytes.fromhex("000100000000000000000000"))
