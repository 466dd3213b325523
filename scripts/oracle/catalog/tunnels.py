"""Tunnels: GRE (checksum, key, sequence number, routing entries) and PPTP's enhanced GRE,
ERSPAN I/II/III, VXLAN (GPE and group-policy flags), Geneve with options, MPLS label stacks (over
Ethernet, IP, UDP 6635 and GRE, the payload guessed from its first bytes), L2TP, NSH, IP in IP
and IPv6 in IPv4; frames the kernel's VXLAN device sent (test/fixtures/captures/tunnels-vxlan.pcap)."""
import os

from catalog.dsl import B, E, IP4, IP6, L, P, contrib

SCOPE = r"GRE|GRErouting|GRE_PPTP|ERSPAN\w*|VXLAN|GENEVE|GeneveOptions|MPLS|EoMCW|L2TP|NSH|NSHTLV"
FILE = "tunnels.json"

CAPTURES = os.path.join(os.path.dirname(__file__), "..", "..", "..", "test", "fixtures", "captures")
INNER = dict(src="192.168.1.1", dst="192.168.1.2")
INNER_E = dict(dst="02:00:00:00:00:02", src="02:00:00:00:00:01")


def vectors(v):
    contrib("mpls", "erspan", "geneve", "nsh")
    gre(v)
    erspan(v)
    vxlan(v)
    geneve(v)
    mpls(v)
    l2tp(v)
    nsh(v)
    ipip(v)
    broken(v)
    captured(v)


def gre(v):
    v.build("gre/defaults", IP4(), L("GRE"))
    v.build("gre/ip", E(), IP4(), L("GRE"), IP4(**INNER), L("ICMP"))
    v.build("gre/checksum", IP4(), L("GRE", chksum_present=1), IP4(**INNER), L("UDP", sport=1, dport=2))
    v.build("gre/key-sequence", IP4(), L("GRE", key_present=1, key=0x1234, seqnum_present=1, sequence_number=7), IP4(**INNER))
    v.build("gre/all-ether", E(), IP4(), L("GRE", chksum_present=1, key_present=1, key=0xdeadbeef, seqnum_present=1, sequence_number=1), E(**INNER_E), IP4(**INNER))
    v.build("gre/given-checksum", IP4(), L("GRE", chksum_present=1, chksum=0x1234, offset=0), IP4(**INNER))
    v.build("gre/routing", IP4(), L("GRE", routing_present=1, proto=0x800),
            L("GRErouting", address_family=0x800, SRE_offset=0, routing_info=B(b"\x0a\x00\x00\x01\x0a\x00\x00\x02")), L("GRErouting"), IP4(**INNER))
    v.build("gre/ipv6-in-ipv4", IP4(), L("GRE"), IP6(), L("ICMPv6EchoRequest"))
    v.build("gre/over-ipv6", IP6(), L("GRE"), IP4(**INNER), L("ICMP"))
    v.build("gre/arp", IP4(), L("GRE"), L("ARP", psrc="10.1.1.1", pdst="10.1.1.2", hwsrc="02:00:00:00:00:01"))
    v.build("gre/dot1q", IP4(), L("GRE"), L("Dot1Q", vlan=5), IP4(**INNER))
    v.build("gre/pptp", IP4(), L("GRE_PPTP", seqnum_present=1, sequence_number=1, call_id=5), L("PPP"), IP4(**INNER))
    v.build("gre/pptp-ack", IP4(), L("GRE_PPTP", acknum_present=1, ack_number=9, call_id=5, seqnum_present=0))
    v.build("gre/pptp-lcp", IP4(), L("GRE_PPTP", call_id=1, seqnum_present=1, sequence_number=0), L("PPP", proto=0xc021), L("PPP_LCP_Configure", id=1, options=[P(L("PPP_LCP_MRU_Option"))]))
    v.dissect("gre/dissect-checksum-key", "IP", v.raw(IP4(), L("GRE", chksum_present=1, key_present=1, key=3), IP4(**INNER), L("ICMP")))
    v.dissect("gre/dissect-pptp", "IP", v.raw(IP4(), L("GRE_PPTP", seqnum_present=1, sequence_number=2, acknum_present=1, ack_number=1, call_id=7), L("PPP"), IP4(**INNER)))
    v.dissect("gre/dissect-routing", "IP", v.raw(IP4(), L("GRE", routing_present=1, proto=0x800), L("GRErouting", address_family=0x800, routing_info=B(b"\x0a\x00\x00\x01")), L("GRErouting"), IP4(**INNER)))
    v.dissect("gre/dissect-routing-ether-first", "IP", v.raw(IP4(), L("GRE", routing_present=1, proto=0x6558), L("Raw", load=B(bytes(4))), E(**INNER_E), IP4(**INNER)), note="Ethernet's binding comes before the routing one, as in Scapy")
    v.dissect("gre/dissect-ether", "Ether", v.raw(E(), IP4(), L("GRE"), E(**INNER_E), IP4(**INNER), L("UDP", sport=5, dport=6)))


def erspan(v):
    v.build("erspan/ii", E(), IP4(), L("GRE", seqnum_present=1, sequence_number=1), L("ERSPAN_II", ver=1, session_id=5, vlan=10, index=3, cos=2, en=3, t=1), E(**INNER_E), IP4(**INNER))
    v.build("erspan/generic-is-ii", IP4(), L("GRE"), L("ERSPAN"), E(**INNER_E), IP4(**INNER))
    v.build("erspan/iii", IP4(), L("GRE"), L("ERSPAN_III", session_id=7, vlan=3, timestamp=0x12345678, sgt_other=0x10, ft=0, hw=5, gra=1), E(**INNER_E), IP4(**INNER))
    v.build("erspan/iii-platform", IP4(), L("GRE"), L("ERSPAN_III", o=1), L("ERSPAN_PlatformSpecific", platf_id=3, info1=0x12345, info2=6), E(**INNER_E), IP4(**INNER))
    v.build("erspan/i", IP4(), L("GRE"), L("ERSPAN_I"), E(**INNER_E), IP4(**INNER), note="read back as ERSPAN II, as Scapy does (its generic ERSPAN binding dispatches there)")
    v.dissect("erspan/dissect-ii", "IP", v.raw(IP4(), L("GRE", seqnum_present=1, sequence_number=9), L("ERSPAN_II", ver=1, session_id=100, index=77), E(**INNER_E), IP4(**INNER)))
    v.dissect("erspan/dissect-ii-no-sequence", "IP", v.raw(IP4(), L("GRE", proto=0x88be), L("ERSPAN_II", session_id=1), E(**INNER_E)))
    v.dissect("erspan/dissect-iii", "IP", v.raw(IP4(), L("GRE"), L("ERSPAN_III", session_id=9, timestamp=1), E(**INNER_E), IP4(**INNER)))
    v.dissect("erspan/dissect-iii-platform", "IP", v.raw(IP4(), L("GRE"), L("ERSPAN_III", o=1), L("ERSPAN_PlatformSpecific", platf_id=1, info2=2), E(**INNER_E), IP4(**INNER)))


def vxlan(v):
    v.build("vxlan/defaults", E(), IP4(), L("UDP"), L("VXLAN"), E(**INNER_E), IP4(**INNER))
    v.build("vxlan/vni", E(), IP4(), L("UDP", sport=40000, dport=4789), L("VXLAN", vni=0xabcdef), E(**INNER_E), IP4(**INNER), L("ICMP"))
    v.build("vxlan/linux-port", IP4(), L("UDP", sport=50000, dport=8472), L("VXLAN", vni=1), E(**INNER_E), IP4(**INNER))
    v.build("vxlan/gpe-ip", IP4(), L("UDP", sport=40000, dport=4790), L("VXLAN", vni=7), IP4(**INNER))
    v.build("vxlan/gpe-ipv6", IP4(), L("UDP", sport=40000, dport=4790), L("VXLAN", vni=7), IP6())
    v.build("vxlan/gpe-given-ether", IP4(), L("UDP", sport=40000, dport=4790), L("VXLAN", flags="NextProtocol+Instance", NextProtocol="Ethernet", vni=7), E(**INNER_E), IP4(**INNER))
    v.build("vxlan/group-policy", IP4(), L("UDP"), L("VXLAN", flags="G+Instance", gpflags="A", gpid=100, vni=9), E(**INNER_E), IP4(**INNER))
    v.build("vxlan/oam", IP4(), L("UDP"), L("VXLAN", flags="OAM+Instance", vni=3), E(**INNER_E), IP4(**INNER))
    v.build("vxlan/alone", L("VXLAN"))
    v.dissect("vxlan/dissect", "Ether", v.raw(E(), IP4(), L("UDP", sport=4789, dport=4789), L("VXLAN", vni=42), E(**INNER_E), IP4(**INNER), L("ICMP")))
    v.dissect("vxlan/dissect-sport-only", "Ether", v.raw(E(), IP4(), L("UDP", sport=8472, dport=33333), L("VXLAN", vni=42), E(**INNER_E), IP4(**INNER)))
    v.dissect("vxlan/dissect-gpe-ipv4", "Ether", v.raw(E(), IP4(), L("UDP", sport=40000, dport=4790), L("VXLAN", flags=12, NextProtocol=1), IP4(**INNER)))
    v.dissect("vxlan/dissect-gpe-unknown", "Ether", v.raw(E(), IP4(), L("UDP", sport=40000, dport=4790), L("VXLAN", flags=12, NextProtocol=9), L("Raw", load=B(b"abcd"))))
    v.dissect("vxlan/dissect-group-policy", "Ether", v.raw(E(), IP4(), L("UDP"), L("VXLAN", flags=0x88, gpflags=0x48, gpid=7), E(**INNER_E), IP4(**INNER)))


def geneve(v):
    opts = [P(L("GeneveOptions", classid=0x0102, type=0x80, data=B(b"\x00\x01\x00\x02"))), P(L("GeneveOptions", classid=0x0101, type=1, data=B(b"abcdefgh")))]
    v.build("geneve/defaults", IP4(), L("UDP", sport=12345), L("GENEVE"))
    v.build("geneve/ether", E(), IP4(), L("UDP", sport=12345), L("GENEVE", vni=0x123456), E(**INNER_E), IP4(**INNER))
    v.build("geneve/ip", IP4(), L("UDP", sport=12345), L("GENEVE", vni=1), IP4(**INNER), L("ICMP"))
    v.build("geneve/ipv6", IP4(), L("UDP", sport=12345), L("GENEVE", vni=1), IP6())
    v.build("geneve/one-option", IP4(), L("UDP", sport=12345), L("GENEVE", vni=2, options=[opts[0]]), E(**INNER_E), IP4(**INNER))
    v.build("geneve/options", IP4(), L("UDP", sport=12345), L("GENEVE", vni=2, oam=1, critical=1, options=opts), E(**INNER_E), IP4(**INNER))
    v.build("geneve/option-alone", L("GeneveOptions", classid=0xffff, data=B(b"1234")))
    v.dissect("geneve/dissect", "Ether", v.raw(E(), IP4(), L("UDP", sport=12345), L("GENEVE", vni=5, options=[opts[0]]), E(**INNER_E), IP4(**INNER)))
    v.dissect("geneve/dissect-two-options", "Ether", v.raw(E(), IP4(), L("UDP", sport=12345), L("GENEVE", vni=5, options=opts), IP4(**INNER)), note="an option takes what follows it in the options as its payload, as Scapy's")


def mpls(v):
    # A pseudowire without control word starts with the inner Ethernet's destination: its first
    # nibble must not look like IPv4/IPv6 (Scapy) or a control word (tshark's heuristic).
    v.build("mpls/defaults", L("MPLS"))
    v.build("mpls/ether-ip", E(), L("MPLS", label=100, ttl=64), IP4(**INNER), L("ICMP"))
    v.build("mpls/stack", E(), L("MPLS", label=16, ttl=64), L("MPLS", label=17, cos=5, ttl=63), L("MPLS", label=18, ttl=62), IP4(**INNER))
    v.build("mpls/ipv6-explicit-null", E(), L("MPLS", ttl=1), IP6())
    v.build("mpls/udp", IP4(), L("UDP", sport=4000), L("MPLS", label=1000, ttl=10), IP4(**INNER))
    v.build("mpls/gre", IP4(), L("GRE"), L("MPLS", label=200, ttl=5), IP4(**INNER))
    v.build("mpls/in-ip", IP4(), L("MPLS", label=300, ttl=5), IP4(**INNER))
    v.build("mpls/in-ipv6", IP6(), L("MPLS", label=300, ttl=5), IP6())
    v.build("mpls/pseudowire-cw", E(), L("MPLS", label=400, ttl=255), L("EoMCW", seq=9), E(**INNER_E), IP4(**INNER))
    v.build("mpls/pseudowire", E(), L("MPLS", label=400, ttl=255), E(dst="a2:00:00:00:00:02", src="a2:00:00:00:00:01"), IP4(**INNER))
    v.dissect("mpls/dissect-stack", "Ether", v.raw(E(), L("MPLS", label=16, s=0, ttl=64), L("MPLS", label=17, s=0, ttl=64), L("MPLS", label=18, ttl=64), IP4(**INNER), L("ICMP")))
    v.dissect("mpls/dissect-ipv6", "Ether", v.raw(E(), L("MPLS", label=55, ttl=64), IP6()))
    v.dissect("mpls/dissect-cw", "Ether", v.raw(E(), L("MPLS", label=400, ttl=255), L("EoMCW", seq=9), E(**INNER_E), IP4(**INNER)))
    v.dissect("mpls/dissect-ether", "Ether", v.raw(E(), L("MPLS", label=400, ttl=255), E(dst="a2:00:00:00:00:02", src="a2:00:00:00:00:01"), IP4(**INNER)))
    v.dissect("mpls/dissect-udp", "Ether", v.raw(E(), IP4(), L("UDP", sport=4000, dport=6635), L("MPLS", label=9, ttl=9), IP4(**INNER)))
    v.dissect("mpls/dissect-alone", "MPLS", bytes.fromhex("00064140"))


def l2tp(v):
    v.build("l2tp/defaults", IP4(), L("UDP"), L("L2TP"), L("PPP"), IP4(**INNER))
    v.build("l2tp/length-sequence", IP4(), L("UDP"), L("L2TP", hdr="length+sequence", tunnel_id=1, session_id=2, ns=3, nr=4), L("PPP"), IP4(**INNER))
    v.build("l2tp/control", IP4(), L("UDP"), L("L2TP", hdr="control+length+sequence", tunnel_id=7, session_id=0, ns=0, nr=0))
    v.build("l2tp/offset", IP4(), L("UDP"), L("L2TP", hdr="offset", offset=2, tunnel_id=1, session_id=1), L("PPP", proto=0xc021), L("PPP_LCP_Echo", id=1, magic_number=1), note="offset 2: the two bytes of Scapy's PadField are the offset padding RFC 2661 describes")
    v.build("l2tp/given-length", L("L2TP", hdr="length", len=100))
    v.dissect("l2tp/dissect-data", "IP", v.raw(IP4(), L("UDP"), L("L2TP", tunnel_id=5, session_id=6), L("PPP"), IP4(**INNER), L("ICMP")))
    v.dissect("l2tp/dissect-sequence", "IP", v.raw(IP4(), L("UDP"), L("L2TP", hdr="length+sequence", tunnel_id=5, session_id=6, ns=1, nr=2), L("PPP", proto=0xc021), L("PPP_LCP_Echo", id=3, magic_number=4)))
    v.dissect("l2tp/dissect-offset", "IP", v.raw(IP4(), L("UDP"), L("L2TP", hdr="offset", offset=0), L("PPP"), IP4(**INNER)))
    v.dissect("l2tp/dissect-sport-only", "IP", v.raw(IP4(), L("UDP", sport=1701, dport=2000), L("L2TP"), L("PPP"), IP4(**INNER)))


def nsh(v):
    v.build("nsh/defaults", E(), L("NSH"), E(**INNER_E), IP4(**INNER))
    v.build("nsh/ip", E(), L("NSH", spi=0x123, si=254, nextproto=1), IP4(**INNER))
    v.build("nsh/context", E(), L("NSH", spi=1, context_header=B(bytes(range(16)))), E(**INNER_E), IP4(**INNER))
    scapy_md2 = "Scapy 2.5's NSH gives count_from as a string and raises on MD-type 2, leaving Raw"
    v.build("nsh/md2-empty", E(), L("NSH", mdtype=2, nextproto=1), IP4(**INNER), unchecked={"layers": scapy_md2, "show2": scapy_md2, "dissect.summary": scapy_md2})
    v.build("nsh/gre", IP4(), L("GRE"), L("NSH", spi=9), E(**INNER_E), IP4(**INNER))
    v.build("nsh/nsh-mpls", E(), L("NSH", nextproto=4), L("NSH", nextproto=5), L("MPLS", label=5), IP4(**INNER))
    v.build("nsh/oam-ttl", E(), L("NSH", oam=1, ttl=2), E(**INNER_E), IP4(**INNER))
    v.dissect("nsh/dissect", "Ether", v.raw(E(), L("NSH", spi=0x123, si=3, nextproto=1), IP4(**INNER)))
    v.dissect("nsh/dissect-ether", "Ether", v.raw(E(), L("NSH", spi=1), E(**INNER_E), IP4(**INNER)))


def ipip(v):
    v.build("ipip/ip-in-ip", E(), IP4(), IP4(**INNER), L("ICMP"))
    v.build("ipip/6in4", E(), IP4(), IP6(), L("ICMPv6EchoRequest"))
    v.build("ipip/4in6", E(), IP6(), IP4(**INNER), L("ICMP"))
    v.dissect("ipip/dissect-6in4", "Ether", v.raw(E(), IP4(), IP6(), L("UDP", sport=1, dport=2)))


def broken(v):
    v.dissect("bad/gre-cut-in-key", "IP", v.raw(IP4(), L("GRE", key_present=1, key=1), IP4(**INNER))[:20 + 6])
    v.dissect("bad/gre-sre-length-past-end", "IP", v.raw(IP4(), L("GRE", routing_present=1, proto=0x800), L("GRErouting", address_family=0x800, SRE_len=200, routing_info=B(b"\x01\x02"))))
    v.dissect("bad/geneve-optionlen-past-end", "IP", v.raw(IP4(), L("UDP", sport=1, dport=6081), L("GENEVE", optionlen=40), L("Raw", load=B(b"abcd"))))
    v.dissect("bad/geneve-option-length-past-end", "IP", v.raw(IP4(), L("UDP", sport=1, dport=6081), L("GENEVE", optionlen=2, options=[P(L("GeneveOptions", length=31, data=B(b"abcd")))])))
    v.dissect("bad/mpls-stack-never-ends", "Ether", v.raw(E(), L("MPLS", s=0), L("MPLS", s=0), L("MPLS", s=0)))
    v.dissect("bad/mpls-one-byte-after", "Ether", v.raw(E(), L("MPLS")) + b"\x01")
    v.dissect("bad/vxlan-cut", "IP", v.raw(IP4(), L("UDP"), L("VXLAN"))[:20 + 8 + 5])
    v.dissect("bad/l2tp-cut", "IP", v.raw(IP4(), L("UDP"), L("L2TP", hdr="length+sequence"))[:20 + 8 + 7])
    v.dissect("bad/nsh-cut-context", "Ether", v.raw(E(), L("NSH"))[:14 + 12])
    v.dissect("bad/erspan-cut", "IP", v.raw(IP4(), L("GRE"), L("ERSPAN_III"))[:20 + 4 + 9])


def captured(v):
    path = os.path.join(CAPTURES, "tunnels-vxlan.pcap")
    if not os.path.exists(path):
        return
    from scapy.utils import rdpcap
    seen = set()
    for i, pkt in enumerate(rdpcap(path)):
        data = bytes(pkt)
        key = data[12:14] + data[23:24] + data[14 + 20 + 8 + 8 + 12:14 + 20 + 8 + 8 + 14] + data[14 + 20 + 8 + 8 + 14 + 9:14 + 20 + 8 + 8 + 14 + 10]
        if key in seen:
            continue
        seen.add(key)
        v.dissect("capture/vxlan-frame-%d" % (i + 1), "Ether", data)
