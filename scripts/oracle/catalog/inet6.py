"""IPv6: extension headers, ICMPv6 echo and errors, Neighbour Discovery with options, MLD."""
from catalog.dsl import B, E, IP6, IP6_A, IP6_B, L, LL_A, LL_B, MAC_A, MAC_B, P

# Layers of this family (make_vectors.py notes vectors that dissect into anything else).
SCOPE = r"IPv6.*|IPerror6|_?ICMPv6.*|HBHOptUnknown|PadN|Pad1|RouterAlert|Jumbo"
FILE = "inet6.json"

ALL_NODES = "ff02::1"
ALL_ROUTERS = "ff02::2"
SOLICITED = "ff02::1:ff00:2"


def mc_ether(group_mac, src=MAC_B):
    return E(dst=group_mac, src=src)


def vectors(v):
    ipv6(v)
    extension_headers(v)
    icmpv6(v)
    errors(v)
    neighbour_discovery(v)
    mld(v)
    broken(v)


def ipv6(v):
    v.build("ipv6/bare", IP6())
    v.build("ipv6/no-next-header", IP6(nh=59), L("Raw", load=B(b"ignored?")))
    v.build("ipv6/udp", E(), IP6(), L("UDP", sport=40000, dport=5000), L("Raw", load=B(b"hello")))
    v.build("ipv6/tcp-syn", E(), IP6(), L("TCP", sport=40000, dport=5000, flags="S", options=[["MSS", 1440]]))
    v.build("ipv6/traffic-class-flow-label", IP6(tc=0xB8, fl=0xFFFFF, hlim=1), L("UDP", sport=1, dport=2))
    v.build("ipv6/explicit-plen", IP6(plen=4), L("Raw", load=B(b"abcdefgh")))
    v.build("ipv6/explicit-plen-long", IP6(plen=100), L("UDP", sport=1, dport=2))
    v.build("ipv6/link-local", IP6(src=LL_A, dst=LL_B), L("ICMPv6EchoRequest"))
    v.build("ipv6/unspecified-src", IP6(src="::", dst=SOLICITED), L("ICMPv6ND_NS", tgt=IP6_B))
    v.build("ipv6/ipv4-mapped-addresses", IP6(src="::ffff:10.0.0.1", dst="::ffff:10.0.0.2"), L("UDP", sport=1, dport=2))
    v.build("ipv6/udp-zero-checksum-payload", IP6(), L("UDP", sport=40000, dport=5000, chksum=0), L("Raw", load=B(b"x")))
    v.build("ipv6/ip-in-ipv6", IP6(), L("IP", src="10.0.0.1", dst="10.0.0.2"), L("ICMP"))
    v.build("ipv6/ipv6-in-ipv6", IP6(), IP6(src="2001:db8::10", dst="2001:db8::20"), L("ICMPv6EchoRequest"))
    v.build("ipv6/unknown-next-header", IP6(nh=253), L("Raw", load=B(b"exp")))
    v.build("ipv6/teredo-address", IP6(src="2001:0:4136:e378:8000:63bf:3fff:fdd2", dst=IP6_B), L("UDP", sport=1, dport=2), note="Scapy annotates Teredo addresses in show()")
    v.build("ipv6/6to4-address", IP6(src="2002:c633:6404::1", dst=IP6_B), L("UDP", sport=1, dport=2), note="Scapy annotates 6to4 addresses in show()")
    v.build("ipv6/ether-padding", E(), IP6(), L("ICMPv6EchoReply", id=1, seq=1), L("Padding", load=B(b"\x00" * 4)))


def extension_headers(v):
    v.build("ext/hop-by-hop-router-alert", IP6(dst="ff02::16", hlim=1), L("IPv6ExtHdrHopByHop", options=[P(L("RouterAlert"))]), L("ICMPv6MLReport2"))
    v.build("ext/hop-by-hop-padn", IP6(), L("IPv6ExtHdrHopByHop", options=[P(L("PadN", optdata=B(b"\x00\x00\x00\x00")))]), L("UDP", sport=1, dport=2))
    v.build("ext/hop-by-hop-pad1-jumbo", IP6(plen=0), L("IPv6ExtHdrHopByHop", options=[P(L("Jumbo", jumboplen=70000))]), L("Raw", load=B(b"x")))
    v.build("ext/hop-by-hop-unknown-option", IP6(), L("IPv6ExtHdrHopByHop", options=[P(L("HBHOptUnknown", otype=0x3E, optdata=B(b"\x01\x02")))]), L("ICMPv6EchoRequest"))
    v.build("ext/hop-by-hop-auto-padding", IP6(), L("IPv6ExtHdrHopByHop"), L("ICMPv6EchoRequest"))
    v.build("ext/dest-opt", IP6(), L("IPv6ExtHdrDestOpt", options=[P(L("PadN", optdata=B(b"\x00\x00")))]), L("TCP", sport=1, dport=2))
    v.build("ext/routing-type-0", IP6(), L("IPv6ExtHdrRouting", addresses=["2001:db8::a", "2001:db8::b"]), L("UDP", sport=1, dport=2))
    v.build("ext/routing-segleft", IP6(), L("IPv6ExtHdrRouting", segleft=1, addresses=["2001:db8::a", "2001:db8::b"]), L("ICMPv6EchoRequest"))
    v.build("ext/segment-routing", IP6(), L("IPv6ExtHdrSegmentRouting", addresses=["2001:db8::c", "2001:db8::d"]), L("UDP", sport=1, dport=2))
    v.build("ext/fragment-first", IP6(), L("IPv6ExtHdrFragment", id=0x1234, m=1), L("UDP", sport=1, dport=2), L("Raw", load=B(b"A" * 16)))
    v.build("ext/fragment-later", IP6(), L("IPv6ExtHdrFragment", id=0x1234, offset=3, nh=17), L("Raw", load=B(b"B" * 16)))
    v.build("ext/fragment-atomic", IP6(), L("IPv6ExtHdrFragment", id=7), L("ICMPv6EchoRequest"))
    v.build("ext/chain-hbh-dst-rt-frag", IP6(), L("IPv6ExtHdrHopByHop"), L("IPv6ExtHdrDestOpt"), L("IPv6ExtHdrRouting", addresses=["2001:db8::a"]),
            L("IPv6ExtHdrFragment", id=1), L("UDP", sport=1, dport=2), L("Raw", load=B(b"deep")))
    v.build("ext/explicit-len", IP6(), L("IPv6ExtHdrDestOpt", len=1, options=[P(L("PadN", optdata=B(b"\x00" * 4)))]), L("Raw", load=B(b"12345678")))


def icmpv6(v):
    v.build("icmpv6/echo-request-reference", E(dst="33:33:00:00:00:01", src="00:00:00:00:00:01"), IP6(src="fe80::1", dst=ALL_NODES), L("ICMPv6EchoRequest", id=1, seq=2, data=B(b"hi")))
    v.build("icmpv6/echo-request", E(), IP6(), L("ICMPv6EchoRequest", id=0x1234, seq=1, data=B(b"abcdefgh")))
    v.build("icmpv6/echo-reply", E(), IP6(src=IP6_B, dst=IP6_A), L("ICMPv6EchoReply", id=0x1234, seq=1, data=B(b"abcdefgh")))
    v.build("icmpv6/echo-empty", IP6(), L("ICMPv6EchoRequest"))
    v.build("icmpv6/echo-explicit-cksum", IP6(), L("ICMPv6EchoRequest", cksum=0xABCD))
    v.build("icmpv6/echo-code", IP6(), L("ICMPv6EchoRequest", code=3, id=9))
    v.build("icmpv6/unknown-type", IP6(), L("ICMPv6Unknown", type=200, msgbody=B(b"\x00\x01\x02\x03")))
    v.build("icmpv6/router-solicitation", mc_ether("33:33:00:00:00:02"), IP6(src=LL_B, dst=ALL_ROUTERS, hlim=255), L("ICMPv6ND_RS"), L("ICMPv6NDOptSrcLLAddr", lladdr=MAC_B))


def errors(v):
    quoted = [IP6(src=IP6_B, dst="2001:db8::99"), L("UDP", sport=40000, dport=33434)]
    v.build("icmpv6err/dest-unreach-port", IP6(), L("ICMPv6DestUnreach", code=4), L("IPerror6", src=IP6_B, dst="2001:db8::99"), L("UDP", sport=40000, dport=33434))
    for code in range(0, 8):
        v.build("icmpv6err/dest-unreach-code-%d" % code, IP6(), L("ICMPv6DestUnreach", code=code), *quoted)
    v.build("icmpv6err/packet-too-big", IP6(), L("ICMPv6PacketTooBig", mtu=1280), IP6(src=IP6_B, dst="2001:db8::99"), L("TCP", sport=40000, dport=443), L("Raw", load=B(b"x" * 32)))
    v.build("icmpv6err/time-exceeded", IP6(), L("ICMPv6TimeExceeded"), IP6(src=IP6_B, dst="2001:db8::99", hlim=1), L("ICMPv6EchoRequest", id=1, seq=1))
    v.build("icmpv6err/time-exceeded-reassembly", IP6(), L("ICMPv6TimeExceeded", code=1), *quoted)
    v.build("icmpv6err/param-problem", IP6(), L("ICMPv6ParamProblem", code=1, ptr=40), IP6(src=IP6_B, dst="2001:db8::99", nh=253), L("Raw", load=B(b"\x00" * 8)))
    v.build("icmpv6err/dest-unreach-length", IP6(), L("ICMPv6DestUnreach", length=2), *quoted)
    full = v.raw(E(), IP6(), L("ICMPv6DestUnreach", code=4), *quoted, L("Raw", load=B(b"probe")))
    v.dissect("icmpv6err/quote-cut", "Ether", full[:14 + 40 + 8 + 44])
    v.dissect("icmpv6err/quote-cut-in-header", "Ether", full[:14 + 40 + 8 + 20])


def neighbour_discovery(v):
    v.build("nd/ns", mc_ether("33:33:ff:00:00:02"), IP6(dst=SOLICITED, hlim=255), L("ICMPv6ND_NS", tgt=IP6_B), L("ICMPv6NDOptSrcLLAddr", lladdr=MAC_B))
    v.build("nd/ns-dad", mc_ether("33:33:ff:00:00:02"), IP6(src="::", dst=SOLICITED, hlim=255), L("ICMPv6ND_NS", tgt=IP6_B))
    v.build("nd/na-solicited", E(), IP6(src=IP6_B, dst=IP6_A, hlim=255), L("ICMPv6ND_NA", R=0, S=1, O=1, tgt=IP6_B), L("ICMPv6NDOptDstLLAddr", lladdr=MAC_A))
    v.build("nd/na-router-unsolicited", mc_ether("33:33:00:00:00:01"), IP6(src=LL_B, dst=ALL_NODES, hlim=255), L("ICMPv6ND_NA", R=1, S=0, O=1, tgt=LL_B))
    v.build("nd/rs-no-option", mc_ether("33:33:00:00:00:02"), IP6(src="::", dst=ALL_ROUTERS, hlim=255), L("ICMPv6ND_RS"))
    v.build("nd/ra-full", mc_ether("33:33:00:00:00:01"), IP6(src=LL_B, dst=ALL_NODES, hlim=255),
            L("ICMPv6ND_RA", chlim=64, M=0, O=1, routerlifetime=1800, reachabletime=30000, retranstimer=1000),
            L("ICMPv6NDOptSrcLLAddr", lladdr=MAC_B), L("ICMPv6NDOptMTU", mtu=1500),
            L("ICMPv6NDOptPrefixInfo", prefixlen=64, prefix="2001:db8:1::", validlifetime=86400, preferredlifetime=14400),
            L("ICMPv6NDOptRDNSS", dns=["2001:db8::53", "2001:db8::54"], lifetime=600), L("ICMPv6NDOptDNSSL", searchlist=["lab.example.", "example."], lifetime=600))
    v.build("nd/ra-flags-prf", mc_ether("33:33:00:00:00:01"), IP6(src=LL_B, dst=ALL_NODES, hlim=255), L("ICMPv6ND_RA", M=1, O=1, H=1, prf=3, P=1, routerlifetime=0))
    v.build("nd/ra-route-info", mc_ether("33:33:00:00:00:01"), IP6(src=LL_B, dst=ALL_NODES, hlim=255), L("ICMPv6ND_RA"),
            L("ICMPv6NDOptRouteInfo", plen=48, prf=1, rtlifetime=3600, prefix="2001:db8:2::"))
    v.build("nd/ra-adv-interval", mc_ether("33:33:00:00:00:01"), IP6(src=LL_B, dst=ALL_NODES, hlim=255), L("ICMPv6ND_RA"), L("ICMPv6NDOptAdvInterval", advint=600000))
    v.build("nd/redirect", E(), IP6(src=LL_B, dst=LL_A, hlim=255), L("ICMPv6ND_Redirect", tgt="fe80::1", dst="2001:db8::99"),
            L("ICMPv6NDOptDstLLAddr", lladdr="00:00:5e:00:01:01"), L("ICMPv6NDOptRedirectedHdr"), IP6(src=IP6_A, dst="2001:db8::99"), L("UDP", sport=1, dport=2))
    v.build("nd/prefix-info-flags", mc_ether("33:33:00:00:00:01"), IP6(src=LL_B, dst=ALL_NODES, hlim=255), L("ICMPv6ND_RA"),
            L("ICMPv6NDOptPrefixInfo", L=0, A=1, R=1, prefixlen=56, prefix="2001:db8:ff00::"))
    v.build("nd/unknown-option", E(), IP6(hlim=255), L("ICMPv6ND_NS", tgt=IP6_B), L("ICMPv6NDOptUnknown", type=200, data=B(b"\x01\x02\x03\x04\x05\x06")))
    v.build("nd/two-lladdr-options", E(), IP6(hlim=255), L("ICMPv6ND_NS", tgt=IP6_B), L("ICMPv6NDOptSrcLLAddr", lladdr=MAC_B), L("ICMPv6NDOptSrcLLAddr", lladdr=MAC_A))
    ns = v.raw(E(), IP6(hlim=255), L("ICMPv6ND_NS", tgt=IP6_B), L("ICMPv6NDOptSrcLLAddr", lladdr=MAC_B))
    v.dissect("nd/option-len-zero", "Ether", ns[:-7] + b"\x00" + ns[-6:])
    v.dissect("nd/option-cut", "Ether", ns[:-3])


def mld(v):
    def mc(group_mac):
        return mc_ether(group_mac)

    hbh = L("IPv6ExtHdrHopByHop", options=[P(L("RouterAlert"))])
    v.build("mld/query-general", mc("33:33:00:00:00:01"), IP6(src=LL_B, dst=ALL_NODES, hlim=1), hbh, L("ICMPv6MLQuery"))
    v.build("mld/query-specific", mc("33:33:00:00:00:fb"), IP6(src=LL_B, dst="ff02::fb", hlim=1), hbh, L("ICMPv6MLQuery", mladdr="ff02::fb", mrd=1000))
    v.build("mld/report-v1", mc("33:33:00:00:00:fb"), IP6(src=LL_A, dst="ff02::fb", hlim=1), hbh, L("ICMPv6MLReport", mladdr="ff02::fb"))
    v.build("mld/done", mc("33:33:00:00:00:02"), IP6(src=LL_A, dst=ALL_ROUTERS, hlim=1), hbh, L("ICMPv6MLDone", mladdr="ff02::fb"))
    v.build("mld/query-v2", mc("33:33:00:00:00:01"), IP6(src=LL_B, dst=ALL_NODES, hlim=1), hbh, L("ICMPv6MLQuery2", QRV=2, QQIC=125, sources=["2001:db8::5"]))
    v.build("mld/report-v2", mc("33:33:00:00:00:16"), IP6(src=LL_A, dst="ff02::16", hlim=1), hbh,
            L("ICMPv6MLReport2", records=[P(L("ICMPv6MLDMultAddrRec", rtype=4, dst="ff02::fb")), P(L("ICMPv6MLDMultAddrRec", rtype=1, dst="ff05::2", sources=["2001:db8::7"]))]))


def broken(v):
    frame = v.raw(E(), IP6(), L("IPv6ExtHdrHopByHop"), L("UDP", sport=40000, dport=5000), L("Raw", load=B(b"payload")))
    for n in (20, 54, 57, 62, 70, 75):
        v.dissect("cut/ipv6-%d" % n, "Ether", frame[:n])
    v.dissect("broken/ipv6-plen-zero", "Ether", frame[:18] + b"\x00\x00" + frame[20:])
    v.dissect("broken/ipv6-plen-long", "Ether", frame[:18] + b"\x05\x00" + frame[20:])
    v.dissect("broken/ipv6-padded-frame", "Ether", v.raw(E(), IP6(), L("ICMPv6EchoRequest")) + b"\x00" * 6)
    v.dissect("broken/ext-len-past-end", "Ether", frame[:55] + b"\x20" + frame[56:])
