"""IPv4 family: IP (every option kind), ICMP (every type, errors), UDP, TCP (every option kind)."""
from scapy.layers.inet import icmpcodes, icmptypes

from catalog.dsl import B, E, IP4, IP_A, IP_B, L, P

# Layers of this family (make_vectors.py notes vectors that dissect into anything else).
SCOPE = r"IP|ICMP|UDP|TCP|IPerror|ICMPerror|UDPerror|TCPerror|IPOption.*|TCPAOValue"
FILE = "inet.json"

PORTS = dict(sport=40000, dport=5000)


def vectors(v):
    ip(v)
    ip_options(v)
    icmp(v)
    icmp_errors(v)
    udp(v)
    tcp(v)
    tcp_options(v)
    broken(v)


def ip(v):
    lo = dict(src="127.0.0.1", dst="127.0.0.1")
    v.build("ip/tcp-defaults", E(), L("IP", **lo), L("TCP"), note="Scapy's IP()/TCP(): chksum 0x7ccd, TCP 0x917c")
    v.build("ip/bare", IP4())
    v.build("ip/bare-raw", IP4(), L("Raw", load=B(b"abcdefgh")))
    v.build("ip/icmp-echo", IP4(), L("ICMP", id=0x1234, seq=1), L("Raw", load=B(b"abcdefgh")))
    v.build("ip/udp", IP4(), L("UDP", sport=1000, dport=2000), L("Raw", load=B(b"hello")))
    v.build("ip/tos-id-ttl", IP4(tos=0xB8, id=0xFFFF, ttl=255), L("UDP", **PORTS))
    v.build("ip/ttl-zero", IP4(ttl=0), L("ICMP"))
    v.build("ip/flags-df", IP4(flags="DF"), L("TCP", **PORTS))
    v.build("ip/flags-mf-df-evil", IP4(flags=7), L("Raw", load=B(b"x")))
    v.build("ip/flags-text-joined", IP4(flags="MF+DF", frag=0), L("ICMP"))
    v.build("ip/fragment-offset", IP4(flags="MF", frag=185, proto=17), L("Raw", load=B(b"later fragment bytes")))
    v.build("ip/last-fragment", IP4(frag=8191, proto=6), L("Raw", load=B(b"\x00" * 8)))
    v.build("ip/explicit-ihl", IP4(ihl=5), L("ICMP"))
    v.build("ip/ihl-6-no-options", IP4(ihl=6), L("UDP", **PORTS), L("Raw", load=B(b"payload")), note="the header claims 24 bytes: 4 bytes of UDP become options")
    v.build("ip/explicit-len-longer", IP4(len=100), L("ICMP"), L("Raw", load=B(b"abc")))
    v.build("ip/explicit-len-shorter", IP4(len=24), L("ICMP"), L("Raw", load=B(b"abcdef")))
    v.build("ip/explicit-chksum", IP4(chksum=0x1234), L("ICMP"))
    v.build("ip/proto-mismatch", IP4(proto=17), L("TCP", **PORTS))
    v.build("ip/proto-unknown", IP4(proto=253), L("Raw", load=B(b"experiment")))
    v.build("ip/proto-name", IP4(proto="udp"), L("Raw", load=B(b"\x9c\x40\x13\x88\x00\x08\x00\x00")))
    v.build("ip/ip-in-ip", IP4(), IP4(src="192.168.0.1", dst="192.168.0.2"), L("ICMP"))
    v.build("ip/version-4-explicit", IP4(version=4), L("ICMP"))
    v.build("ip/version-5", IP4(version=5), L("ICMP"))
    v.build("ip/broadcast", E(dst="ff:ff:ff:ff:ff:ff"), IP4(src="0.0.0.0", dst="255.255.255.255"), L("UDP", sport=40000, dport=40001))
    v.build("ip/multicast", IP4(dst="224.0.0.1", ttl=1), L("ICMP"))


def ip_options(v):
    def opt(name, **f):
        return P(L(name, **f))

    single = {
        "eol": opt("IPOption_EOL"),
        "nop": opt("IPOption_NOP"),
        "security": opt("IPOption_Security", security=0x1234, compartment=2, handling_restrictions=3, transmission_control_code=B(b"abc")),
        "lsrr": opt("IPOption_LSRR", routers=["1.1.1.1", "2.2.2.2"]),
        "rr-one": opt("IPOption_RR", routers=["1.1.1.1"]),
        "rr-empty": opt("IPOption_RR"),
        "rr-pointer": opt("IPOption_RR", pointer=8, routers=["1.1.1.1", "0.0.0.0"]),
        "ssrr": opt("IPOption_SSRR", routers=["3.3.3.3"]),
        "stream-id": opt("IPOption_Stream_Id", security=0xBEEF),
        "mtu-probe": opt("IPOption_MTU_Probe", mtu=1500),
        "mtu-reply": opt("IPOption_MTU_Reply", mtu=576),
        "traceroute": opt("IPOption_Traceroute", id=7, outbound_hops=1, return_hops=2, originator_ip="9.9.9.9"),
        "timestamp-flg0": opt("IPOption_Timestamp", flg=0, length=8, timestamp=1000),
        "timestamp-flg1": opt("IPOption_Timestamp", flg=1, length=12, internet_address="4.4.4.4", timestamp=2000),
        "timestamp-flg3": opt("IPOption_Timestamp", flg=3, oflw=2, length=12, internet_address="5.5.5.5", timestamp=3000),
        "address-extension": opt("IPOption_Address_Extension", src_ext="6.6.6.6", dst_ext="7.7.7.7"),
        "router-alert": opt("IPOption_Router_Alert"),
        "router-alert-value": opt("IPOption_Router_Alert", alert=1),
        "sdbm": opt("IPOption_SDBM", addresses=["8.8.8.8", "8.8.4.4"]),
        "generic": opt("IPOption", copy_flag=1, optclass=2, option=25, value=B(b"\x01\x02\x03")),
    }
    for name, o in single.items():
        v.build("ipopt/%s" % name, IP4(options=[o]), L("ICMP"))
    v.build("ipopt/nop-nop-rr-eol", IP4(options=[single["nop"], single["nop"], single["rr-one"], single["eol"]]), L("UDP", **PORTS))
    v.build("ipopt/many", IP4(options=[single["router-alert"], single["lsrr"], single["mtu-probe"]]), L("TCP", **PORTS))
    v.build("ipopt/with-explicit-ihl", IP4(ihl=8, options=[single["rr-one"]]), L("ICMP"))
    v.build("ipopt/lsrr-tcp-pseudo-header", IP4(options=[single["lsrr"]]), L("TCP", **PORTS), note="TCP's pseudo-header uses the last LSRR router as destination")
    v.build("ipopt/ssrr-udp-pseudo-header", IP4(options=[single["ssrr"]]), L("UDP", **PORTS), L("Raw", load=B(b"x")))
    frame = v.raw(IP4(options=[single["timestamp-flg1"]]), L("ICMP"))
    v.dissect("ipopt/dissect-timestamp", "IP", frame)
    generic = v.raw(IP4(options=[single["generic"]]), L("ICMP"))
    v.dissect("ipopt/dissect-unknown-kind", "IP", generic[:20] + b"\xc8" + generic[21:])
    v.dissect("ipopt/dissect-zero-length-option", "IP", v.raw(IP4(ihl=6, options=[]), L("ICMP"))[:20] + b"\x07\x00\x00\x00" + bytes(8))
    v.dissect("ipopt/dissect-option-past-header", "IP", v.raw(IP4(ihl=6), L("ICMP"))[:20] + b"\x07\x0b\x04\x00" + bytes(8))


def icmp(v):
    for t in sorted(icmptypes):
        extra = {}
        if t in (13, 14):
            extra = dict(ts_ori=1, ts_rx=2, ts_tx=3)
        if t == 5:
            extra = dict(gw="192.168.1.254")
        if t == 12:
            extra = dict(ptr=20)
        if t in (17, 18):
            extra = dict(addr_mask="255.255.255.0")
        if t in (0, 8, 13, 14, 15, 16, 17, 18, 37, 38):
            extra.update(id=0x42, seq=7)
        v.build("icmp/type-%d-%s" % (t, icmptypes[t]), IP4(), L("ICMP", type=t, **extra))
    for code in sorted(icmpcodes[3]):
        v.build("icmp/unreach-code-%d" % code, IP4(), L("ICMP", type=3, code=code), IP4(src=IP_B, dst="192.168.9.9"), L("UDP", sport=40000, dport=33434))
    v.build("icmp/unreach-frag-needed-mtu", IP4(), L("ICMP", type=3, code=4, nexthopmtu=1400), IP4(src=IP_B, dst=IP_A, flags="DF"), L("TCP", **PORTS))
    v.build("icmp/type-name", IP4(), L("ICMP", type="echo-reply", id=1, seq=2), L("Raw", load=B(b"pong")))
    v.build("icmp/code-name", IP4(), L("ICMP", type=11, code="ttl-zero-during-reassembly"))
    v.build("icmp/unknown-type", IP4(), L("ICMP", type=99, code=5), L("Raw", load=B(b"\x01\x02\x03\x04")))
    v.build("icmp/explicit-chksum", IP4(), L("ICMP", chksum=0xBEEF, id=1, seq=1))
    v.build("icmp/echo-odd-payload", IP4(), L("ICMP", id=0xFFFF, seq=0xFFFF), L("Raw", load=B(b"odd")))
    v.build("icmp/timestamp-max", IP4(), L("ICMP", type=13, ts_ori=86399999, ts_rx=0, ts_tx=4294967295))
    v.build("icmp/router-advert-body", IP4(), L("ICMP", type=9, unused=0x01001800), L("Raw", load=B(b"\x0a\x00\x00\xfe\x00\x00\x00\x01")))
    v.build("icmp/param-problem-length", IP4(), L("ICMP", type=12, ptr=8, length=5, unused=0), IP4(src=IP_B, dst=IP_A, ttl=0), L("ICMP"))


def icmp_errors(v):
    q = dict(src=IP_B, dst="192.168.1.1")
    v.build("icmperr/port-unreach-udperror", IP4(), L("ICMP", type=3, code=3), L("IPerror", **q), L("UDPerror", sport=40000, dport=33434))
    v.build("icmperr/port-unreach-udp-plain", IP4(), L("ICMP", type=3, code=3), L("IP", **q), L("UDP", sport=40000, dport=33434), L("Raw", load=B(b"probe")))
    v.build("icmperr/time-exceeded-tcperror", IP4(), L("ICMP", type=11), L("IPerror", ttl=1, **q), L("TCPerror", sport=40000, dport=443, seq=1234))
    v.build("icmperr/time-exceeded-icmperror", IP4(), L("ICMP", type=11), L("IPerror", ttl=1, **q), L("ICMPerror", type=8, id=5, seq=6))
    v.build("icmperr/redirect", IP4(), L("ICMP", type=5, code=1, gw="10.0.0.254"), L("IPerror", **q), L("ICMPerror", id=1, seq=1))
    v.build("icmperr/source-quench", IP4(), L("ICMP", type=4), L("IPerror", **q), L("UDPerror", sport=1, dport=2))
    v.build("icmperr/param-problem", IP4(), L("ICMP", type=12, ptr=1), L("IPerror", ihl=6, **q), L("Raw", load=B(b"\x00\x00\x00\x00abcdefgh")))
    quote = v.raw(IP4(**q), L("TCP", sport=40000, dport=443, flags="S", seq=99))
    v.dissect("icmperr/tcp-quote-first-8-bytes", "IP", v.raw(IP4(), L("ICMP", type=3, code=1)) + quote[:28], note="the quoted TCP header is cut after seq, as routers send it")
    v.dissect("icmperr/quote-cut-in-ip-header", "IP", v.raw(IP4(), L("ICMP", type=11)) + quote[:12])
    v.dissect("icmperr/quote-claims-longer", "IP", v.raw(IP4(), L("ICMP", type=3, code=3)) + v.raw(IP4(len=1000, **q), L("UDP", sport=1, dport=2)))
    v.dissect("icmperr/ether-full-frame", "Ether", v.raw(E(), IP4(), L("ICMP", type=3, code=3), L("IP", **q), L("UDP", sport=40000, dport=33434), L("Raw", load=B(b"x" * 20))))


def udp_zero_checksum_payload(v):
    """Two payload bytes that make the UDP checksum compute to 0 (so it is sent as 0xffff)."""
    frame = v.raw(IP4(), L("UDP", **PORTS), L("Raw", load=B(b"\x00\x00")))
    ck = int.from_bytes(frame[26:28], "big")
    payload = ck.to_bytes(2, "big")
    check = v.raw(IP4(), L("UDP", **PORTS), L("Raw", load=B(payload)))
    assert check[26:28] == b"\xff\xff", check.hex()
    return payload


def udp(v):
    v.build("udp/empty", IP4(), L("UDP", **PORTS))
    v.build("udp/payload", IP4(), L("UDP", **PORTS), L("Raw", load=B(b"payload bytes")))
    v.build("udp/odd-payload", IP4(), L("UDP", **PORTS), L("Raw", load=B(b"odd")))
    v.build("udp/checksum-zero-sent-as-ffff", IP4(), L("UDP", **PORTS), L("Raw", load=B(udp_zero_checksum_payload(v))))
    v.build("udp/explicit-chksum-zero", IP4(), L("UDP", chksum=0, **PORTS), L("Raw", load=B(b"no checksum")))
    v.build("udp/explicit-len-short", IP4(), L("UDP", len=10, **PORTS), L("Raw", load=B(b"abcdef")))
    v.build("udp/explicit-len-long", IP4(), L("UDP", len=200, **PORTS), L("Raw", load=B(b"abc")))
    v.build("udp/len-below-header", IP4(), L("UDP", len=4, **PORTS), L("Raw", load=B(b"abcd")))
    v.build("udp/no-ip-underlayer", L("UDP", **PORTS), L("Raw", load=B(b"abc")))
    v.build("udp/port-names", IP4(), L("UDP", sport=7, dport=9))
    v.build("udp/ports-zero-max", IP4(), L("UDP", sport=0, dport=65535))
    v.build("udp/ip-explicit-len", IP4(len=40), L("UDP", **PORTS), L("Raw", load=B(b"abcd")), note="the pseudo-header length comes from IP.len - 4*ihl")
    v.build("udp/ether-padding", E(), IP4(), L("UDP", **PORTS), L("Raw", load=B(b"hi")), L("Padding", load=B(b"\x00" * 16)))
    v.dissect("udp/dissect-padded-frame", "Ether", v.raw(E(), IP4(), L("UDP", **PORTS), L("Raw", load=B(b"hi"))) + b"\x00" * 16)
    v.dissect("udp/dissect-len-7", "IP", v.raw(IP4(), L("UDP", len=7, **PORTS), L("Raw", load=B(b"zz"))))


def tcp(v):
    for flags in ("S", "SA", "A", "PA", "F", "FA", "R", "RA", "U", "E", "C", "N", "FSRPAUECN", ""):
        v.build("tcp/flags-%s" % (flags or "none"), IP4(), L("TCP", flags=flags, urgptr=5 if "U" in flags else 0, **PORTS))
    v.build("tcp/flags-number", IP4(), L("TCP", flags=0x1FF, **PORTS))
    v.build("tcp/seq-ack-max", IP4(), L("TCP", seq=0xFFFFFFFF, ack=0xFFFFFFFF, flags="A", **PORTS))
    v.build("tcp/window-zero", IP4(), L("TCP", window=0, flags="A", **PORTS))
    v.build("tcp/reserved-bits", IP4(), L("TCP", reserved=7, **PORTS))
    v.build("tcp/explicit-chksum", IP4(), L("TCP", chksum=0, **PORTS))
    v.build("tcp/payload", E(), IP4(), L("TCP", sport=1234, dport=4321, flags="PA", seq=1, ack=2), L("Raw", load=B(b"some data\r\n")))
    v.build("tcp/port-names", IP4(), L("TCP", sport=22, dport=443))
    v.build("tcp/no-ip-underlayer", L("TCP", **PORTS))
    v.build("tcp/explicit-dataofs-5-with-options", IP4(), L("TCP", dataofs=5, options=[["MSS", 1460]], **PORTS), L("Raw", load=B(b"xyz")))
    v.build("tcp/dataofs-beyond-data", IP4(), L("TCP", dataofs=15, **PORTS), L("Raw", load=B(b"short")))
    v.build("tcp/dataofs-below-5", IP4(), L("TCP", dataofs=3, **PORTS), L("Raw", load=B(b"data")))
    v.build("tcp/ip-explicit-len", IP4(len=44), L("TCP", **PORTS), L("Raw", load=B(b"abcd")))
    v.build("tcp/ether-padding", E(), IP4(), L("TCP", flags="A", **PORTS), L("Padding", load=B(b"\x00" * 6)))


def tcp_options(v):
    kinds = {
        "eol": [["EOL", None]],
        "nop": [["NOP", None]],
        "mss": [["MSS", 1460]],
        "wscale": [["WScale", 14]],
        "sackok": [["SAckOK", B(b"")]],
        "sack-1": [["SAck", [1000, 2000]]],
        "sack-3": [["SAck", [1, 2, 3, 4, 5, 6]]],
        "timestamp": [["Timestamp", [12345, 0]]],
        "altchksum": [["AltChkSum", [1, 2]]],
        "altchksumopt": [["AltChkSumOpt", B(b"")]],
        "md5": [["MD5", B(bytes(range(16)))]],
        "mood": [["Mood", B(b":)")]],
        "uto": [["UTO", 0x8001]],
        "ao": [["AO", B(b"\x01\x02abcdef")]],
        "tfo-cookie": [["TFO", [1, 2]]],
        "tfo-request": [["TFO", B(b"")]],
        "unknown-number": [[99, B(b"xy")]],
        "experimental-253": [[253, B(b"\x01\x02\x03\x04")]],
        "syn-typical": [["MSS", 1460], ["SAckOK", B(b"")], ["Timestamp", [12345, 0]], ["NOP", None], ["WScale", 7]],
        "needs-padding": [["WScale", 2]],
        "nop-nop-timestamp": [["NOP", None], ["NOP", None], ["Timestamp", [1, 2]]],
        "eol-then-data": [["EOL", None], ["MSS", 536]],
        "forty-bytes": [["SAck", [1, 2, 3, 4, 5, 6, 7, 8]], ["NOP", None], ["NOP", None], ["NOP", None], ["NOP", None], ["NOP", None], ["NOP", None]],
    }
    for name, options in kinds.items():
        v.build("tcpopt/%s" % name, IP4(), L("TCP", flags="S", options=options, **PORTS))
    v.build("tcpopt/bare-tcp-reference", L("TCP", options=kinds["syn-typical"]), note="Scapy's reference: checksum 0 without an IP layer")

    def with_raw_options(opt_bytes, payload=b""):
        # Scapy writes the option bytes after a header whose dataofs covers them.
        dataofs = (20 + len(opt_bytes)) // 4
        return v.raw(IP4(), L("TCP", flags="S", dataofs=dataofs, **PORTS), L("Raw", load=B(opt_bytes + payload)))

    v.dissect("tcpopt/dissect-length-zero", "IP", with_raw_options(b"\x02\x00\x05\xb4"))
    v.dissect("tcpopt/dissect-length-one", "IP", with_raw_options(b"\x08\x01\x00\x00"))
    v.dissect("tcpopt/dissect-length-past-end", "IP", with_raw_options(b"\x02\x08\x05\xb4"))
    v.dissect("tcpopt/dissect-mss-wrong-size", "IP", with_raw_options(b"\x02\x03\x05\x00"))
    v.dissect("tcpopt/dissect-timestamp-short", "IP", with_raw_options(b"\x08\x06\x00\x00\x00\x01\x01\x00"))
    v.dissect("tcpopt/dissect-sack-odd", "IP", with_raw_options(b"\x05\x06\x00\x00\x00\x01\x00\x00"))
    v.dissect("tcpopt/dissect-kind-only-at-end", "IP", with_raw_options(b"\x01\x01\x01\x02"))
    v.dissect("tcpopt/dissect-with-payload", "IP", with_raw_options(b"\x02\x04\x05\xb4", b"data"))


def broken(v):
    frame = v.raw(IP4(), L("TCP", flags="PA", **PORTS), L("Raw", load=B(b"payload")))
    for n in (0, 1, 9, 19, 20, 21, 32, 39, 40, 46):
        v.dissect("cut/ip-tcp-%d" % n, "IP", frame[:n])
    uframe = v.raw(IP4(), L("UDP", **PORTS), L("Raw", load=B(b"payload")))
    for n in (22, 27, 28, 30):
        v.dissect("cut/ip-udp-%d" % n, "IP", uframe[:n])
    iframe = v.raw(IP4(), L("ICMP", id=1, seq=2), L("Raw", load=B(b"abc")))
    for n in (21, 22, 25, 27):
        v.dissect("cut/ip-icmp-%d" % n, "IP", iframe[:n])
    v.dissect("broken/ihl-3", "IP", b"\x43" + frame[1:])
    v.dissect("broken/ihl-15-short-packet", "IP", b"\x4f" + frame[1:])
    v.dissect("broken/total-length-below-header", "IP", frame[:2] + b"\x00\x0a" + frame[4:])
    v.dissect("broken/total-length-zero", "IP", frame[:2] + b"\x00\x00" + frame[4:])
    v.dissect("broken/version-6-in-ip", "IP", b"\x65" + frame[1:])
    v.dissect("broken/garbage-after-ip", "IP", frame + b"\xde\xad\xbe\xef")
    v.dissect("broken/tcp-dataofs-zero", "IP", frame[:32] + b"\x00" + frame[33:])
    v.dissect("broken/tcp-dataofs-15", "IP", frame[:32] + b"\xf0" + frame[33:])
    v.dissect("broken/ether-ip-all-ff", "Ether", v.raw(E(type=0x800)) + b"\xff" * 46)
