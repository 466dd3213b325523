"""PPP: the PPP header (one- and two-byte protocols), HDLC framing, LCP with each option class,
IPCP and ECP with theirs, PAP and CHAP, PPPoE discovery with tags and the session stage, the
direction pseudo-header; frames pppd and rp-pppoe exchanged (test/fixtures/captures/ppp-pppoe.pcap)."""
import os

from catalog.dsl import B, E, IP4, L, P

SCOPE = r"PPP\w*|HDLC|DIR_PPP|Packet"
FILE = "ppp.json"

CAPTURES = os.path.join(os.path.dirname(__file__), "..", "..", "..", "test", "fixtures", "captures")
HOST = "00:11:22:33:44:55"
AC = "66:77:88:99:aa:bb"


def vectors(v):
    framing(v)
    lcp(v)
    ncp(v)
    auth(v)
    pppoe(v)
    broken(v)
    captured(v)


def framing(v):
    v.build("ppp/defaults", L("PPP"))
    v.build("ppp/ip", L("PPP"), IP4(), L("ICMP"))
    v.build("ppp/ipv6", L("PPP"), L("IPv6", src="2001:db8::1", dst="2001:db8::2"))
    v.build("ppp/two-byte-protocol", L("PPP", proto=0xc021), L("PPP_LCP_Echo", id=3, magic_number=0x01020304))
    v.build("ppp/hdlc", L("HDLC"), L("PPP"), IP4(), L("UDP", sport=1, dport=2))
    v.build("ppp/direction", L("DIR_PPP", direction="sent"), L("PPP"), IP4())
    v.dissect("ppp/dissect-hdlc-dispatch", "PPP", bytes.fromhex("ff03c021") + v.raw(L("PPP_LCP_Terminate", id=1)))
    v.dissect("ppp/dissect-compressed-proto", "PPP", v.raw(L("PPP", proto=0x21), IP4(), L("ICMP")))
    v.dissect("ppp/dissect-two-byte-ip", "PPP", bytes.fromhex("0021") + v.raw(IP4(), L("ICMP")))


def lcp(v):
    opts = [
        P(L("PPP_LCP_MRU_Option", max_recv_unit=1492)),
        P(L("PPP_LCP_ACCM_Option", accm=0xffffffff)),
        P(L("PPP_LCP_Auth_Protocol_Option", auth_protocol=0xc223, algorithm="MD5")),
        P(L("PPP_LCP_Auth_Protocol_Option")),
        P(L("PPP_LCP_Auth_Protocol_Option", auth_protocol=0xc227, data=B(b"\x01\x02"))),
        P(L("PPP_LCP_Quality_Protocol_Option", data=B(b"\x00\x00\x00\x0a"))),
        P(L("PPP_LCP_Magic_Number_Option", magic_number=0xdeadbeef)),
        P(L("PPP_LCP_Option", type=7)),
        P(L("PPP_LCP_Option", type=8)),
        P(L("PPP_LCP_Callback_Option", operation=1, message=B(b"555-0100"))),
        P(L("PPP_LCP_Option", type=17, data=B(b"\x05\xdc"))),
    ]
    v.build("lcp/configure-request-options", L("PPP", proto=0xc021), L("PPP_LCP_Configure", id=1, options=opts))
    v.build("lcp/configure-request-common", L("PPP", proto=0xc021), L("PPP_LCP_Configure", id=2, options=[o for i, o in enumerate(opts) if i != 5]), note="without the Quality-Protocol option, which tshark cannot read")
    v.build("lcp/configure-defaults", L("PPP", proto=0xc021), L("PPP_LCP_Configure"))
    v.build("lcp/configure-ack-bound", L("PPP"), L("PPP_LCP_Configure", code="Configure-Ack", id=1, options=[P(L("PPP_LCP_MRU_Option"))]))
    v.build("lcp/terminate-request", L("PPP"), L("PPP_LCP_Terminate", id=2, data=B(b"User request")))
    v.build("lcp/terminate-ack", L("PPP"), L("PPP_LCP_Terminate", code=6, id=2))
    v.build("lcp/echo-request", L("PPP"), L("PPP_LCP_Echo", id=9, magic_number=0x11223344, data=B(b"ping")))
    v.build("lcp/echo-reply", L("PPP"), L("PPP_LCP_Echo", code=10, id=9, magic_number=0x55667788))
    v.build("lcp/discard-request", L("PPP"), L("PPP_LCP_Discard_Request", magic_number=1))
    v.build("lcp/code-reject", L("PPP"), L("PPP_LCP_Code_Reject", id=4, rejected_packet=P(L("PPP_LCP", code=12, id=1, data=B(b"xy")))))
    v.build("lcp/protocol-reject", L("PPP"), L("PPP_LCP_Protocol_Reject", id=5, rejected_protocol=0x8057), L("Raw", load=B(b"\x01\x01\x00\x04")))
    v.build("lcp/base-class", L("PPP"), L("PPP_LCP"))
    v.build("lcp/option-given-length", L("PPP_LCP_Configure", options=[P(L("PPP_LCP_Option", type=7, len=2)), P(L("PPP_LCP_Auth_Protocol_Option", len=4))]))
    v.dissect("lcp/dissect-configure", "PPP", v.raw(L("PPP", proto=0xc021), L("PPP_LCP_Configure", id=1, options=opts)))
    v.dissect("lcp/dissect-unknown-code", "PPP", bytes.fromhex("c0210c01000678797a"))
    v.dissect("lcp/dissect-echo-padded", "PPP", v.raw(L("PPP", proto=0xc021), L("PPP_LCP_Echo", id=1, magic_number=7)) + bytes(6))


def ncp(v):
    v.build("ipcp/request", L("PPP"), L("PPP_IPCP", id=1, options=[
        P(L("PPP_IPCP_Option_IPAddress", data="10.0.0.1")),
        P(L("PPP_IPCP_Option_DNS1", data="10.0.0.53")),
        P(L("PPP_IPCP_Option_DNS2")),
        P(L("PPP_IPCP_Option_NBNS1", data="10.0.0.137")),
        P(L("PPP_IPCP_Option_NBNS2", data="10.0.0.138")),
        P(L("PPP_IPCP_Option", type=2, data=B(b"\x00\x2d\x0f\x01"))),
    ]))
    v.build("ipcp/nak", L("PPP", proto=0x8021), L("PPP_IPCP", code="Configure-Nak", id=1, options=[P(L("PPP_IPCP_Option_IPAddress", data="10.0.0.2"))]))
    v.build("ipcp/defaults", L("PPP_IPCP"))
    v.build("ipcp/address-garbage", L("PPP_IPCP", options=[P(L("PPP_IPCP_Option_IPAddress", len=8, data="10.0.0.1", garbage=B(b"zz")))]))
    v.build("ipcp/over-ether", E(type=0x8021), L("PPP_IPCP", code=2, id=7))
    v.dissect("ipcp/dissect", "PPP", v.raw(L("PPP"), L("PPP_IPCP", id=1, options=[P(L("PPP_IPCP_Option_IPAddress", data="10.0.0.1")), P(L("PPP_IPCP_Option_DNS1", data="10.0.0.53")), P(L("PPP_IPCP_Option", type=4, data=B(b"\x0a\x00\x00\x09")))])))
    v.dissect("ipcp/dissect-short-option-length", "PPP_IPCP", bytes.fromhex("0101000a0300" + "0a000001"))
    v.build("ecp/request", L("PPP"), L("PPP_ECP", id=1, options=[P(L("PPP_ECP_Option_OUI", oui=0x00000c, subtype=1, data=B(b"k"))), P(L("PPP_ECP_Option", type=1, data=B(b"\x01\x02\x03\x04\x05\x06\x07\x08")))]))
    v.dissect("ecp/dissect", "PPP", v.raw(L("PPP"), L("PPP_ECP", id=1, options=[P(L("PPP_ECP_Option_OUI", oui=0x00000c, subtype=1)), P(L("PPP_ECP_Option", type=1))])))


def auth(v):
    v.build("pap/request", L("PPP"), L("PPP_PAP_Request", id=1, username=B(b"alice"), password=B(b"s3cret")))
    v.build("pap/request-by-code", L("PPP"), L("PPP_PAP", code=1, username=B(b"bob"), password=B(b"pw")))
    v.build("pap/ack", L("PPP"), L("PPP_PAP_Response", id=1, msg_len=8, message=B(b"Login ok")), note="msg_len given: Scapy's summary compares None with 0 otherwise")
    v.build("pap/nak-by-name", L("PPP"), L("PPP_PAP", code="Authenticate-Nak", id=2, msg_len=3, message=B(b"bad")))
    v.build("pap/base-class", L("PPP", proto=0xc023), L("PPP_PAP", code=7, data=B(b"abc")))
    v.dissect("pap/dissect-request", "PPP", v.raw(L("PPP"), L("PPP_PAP_Request", id=1, username=B(b"alice"), password=B(b"s3cret"))))
    v.dissect("pap/dissect-ack-empty", "PPP", v.raw(L("PPP"), L("PPP_PAP_Response", id=1)))
    v.build("chap/challenge", L("PPP"), L("PPP_CHAP_ChallengeResponse", id=1, value=B(bytes(range(16))), optional_name=B(b"server")))
    v.build("chap/response", L("PPP"), L("PPP_CHAP", code="Response", id=1, value=B(b"\xaa" * 16), optional_name=B(b"alice")))
    v.build("chap/defaults", L("PPP"), L("PPP_CHAP_ChallengeResponse"))
    v.build("chap/success", L("PPP"), L("PPP_CHAP", code=3, id=1, data=B(b"Welcome")))
    v.build("chap/failure", L("PPP"), L("PPP_CHAP", code="Failure", id=1, data=B(b"E=691")))
    v.dissect("chap/dissect-challenge", "PPP", v.raw(L("PPP"), L("PPP_CHAP_ChallengeResponse", id=9, value=B(b"\x01\x02\x03\x04"), optional_name=B(b"ac"))))
    v.dissect("chap/dissect-success", "PPP", v.raw(L("PPP"), L("PPP_CHAP", code=3, id=9, data=B(b"ok"))))


def pppoe(v):
    tags = [P(L("PPPoETag", tag_type=0x0101)), P(L("PPPoETag", tag_type="Host-Uniq", tag_value=B(b"\x01\x02\x03\x04")))]
    v.build("pppoed/padi", E(dst="ff:ff:ff:ff:ff:ff", src=HOST), L("PPPoED"), L("PPPoED_Tags", tag_list=tags))
    v.build("pppoed/pado", E(dst=HOST, src=AC), L("PPPoED", code=7), L("PPPoED_Tags", tag_list=[P(L("PPPoETag", tag_type="AC-Name", tag_value=B(b"packetry-ac"))), P(L("PPPoETag", tag_type=0x101)), P(L("PPPoETag", tag_type=0x104, tag_value=B(bytes(range(16)))))]))
    v.build("pppoed/pads", E(dst=HOST, src=AC), L("PPPoED", code=0x65, sessionid=0x1234), L("PPPoED_Tags", tag_list=[P(L("PPPoETag", tag_type=0x101))]))
    v.build("pppoed/padt", E(dst=AC, src=HOST), L("PPPoED", code="PPPoE Active Discovery Terminate (PADT)", sessionid=0x1234))
    v.build("pppoed/defaults", L("PPPoED"))
    v.build("pppoed/given-length", L("PPPoED", len=4), L("PPPoED_Tags", tag_list=[P(L("PPPoETag", tag_type=0x120, tag_value=B(b"\x05\xdc")))]))
    v.build("pppoed/tag-defaults", L("PPPoETag"))
    v.build("pppoe/session-lcp", E(dst=AC, src=HOST), L("PPPoE", sessionid=0x1234), L("PPP", proto=0xc021), L("PPP_LCP_Configure", id=1, options=[P(L("PPP_LCP_MRU_Option", max_recv_unit=1492)), P(L("PPP_LCP_Magic_Number_Option", magic_number=0x0badcafe))]))
    v.build("pppoe/session-ip", E(dst=AC, src=HOST), L("PPPoE", sessionid=1), L("PPP"), IP4(), L("UDP", sport=1000, dport=53))
    v.build("pppoe/defaults", L("PPPoE"))
    v.build("pppoe/cooked", L("CookedLinux", proto=0x8864), L("PPPoE", sessionid=2), L("PPP", proto=0x0057), L("IPv6", src="2001:db8::1", dst="2001:db8::2"))
    v.dissect("pppoed/dissect-padi-padded", "Ether", v.raw(E(dst="ff:ff:ff:ff:ff:ff", src=HOST), L("PPPoED"), L("PPPoED_Tags", tag_list=tags)) + bytes(20))
    v.dissect("pppoe/dissect-session-padded", "Ether", v.raw(E(dst=AC, src=HOST), L("PPPoE", sessionid=0x1234), L("PPP", proto=0xc021), L("PPP_LCP_Echo", code=9, id=2, magic_number=5)) + bytes(26))
    v.dissect("pppoe/dissect-session-ip", "Ether", v.raw(E(dst=AC, src=HOST), L("PPPoE", sessionid=1), L("PPP"), IP4(), L("ICMP")))
    v.dissect("pppoed/dissect-session-code-with-tags", "Ether", v.raw(E(), L("PPPoED", code=0, type=1), L("PPPoED_Tags")))


def broken(v):
    v.dissect("bad/tag-length-past-end", "Ether", v.raw(E(), L("PPPoED"), L("PPPoED_Tags", tag_list=[P(L("PPPoETag", tag_type=0x101, tag_len=200, tag_value=B(b"x")))])))
    v.dissect("bad/pppoed-length-past-end", "Ether", v.raw(E(), L("PPPoED", len=300), L("PPPoED_Tags", tag_list=[P(L("PPPoETag", tag_type=0x101))])))
    v.dissect("bad/lcp-option-length-zero", "PPP", bytes.fromhex("c02101010008") + bytes.fromhex("0100") + bytes.fromhex("0504"))
    v.dissect("bad/lcp-length-short", "PPP", bytes.fromhex("c021010100020104"))
    v.dissect("bad/lcp-cut", "PPP", v.raw(L("PPP", proto=0xc021), L("PPP_LCP_Configure", options=[P(L("PPP_LCP_MRU_Option"))]))[:7])
    v.dissect("bad/pap-lengths-past-end", "PPP", bytes.fromhex("c0230101000cff61"))
    v.dissect("bad/chap-value-size-past-end", "PPP", bytes.fromhex("c2230101000980") + b"abcd")
    v.dissect("bad/ipcp-option-length-one", "PPP", bytes.fromhex("8021010100080301") + bytes(2))
    v.dissect("bad/proto-cut", "PPP", b"\x00")
    v.dissect("bad/hdlc-alone", "PPP", b"\xff")


def captured(v):
    path = os.path.join(CAPTURES, "ppp-pppoe.pcap")
    if not os.path.exists(path):
        return
    from scapy.utils import rdpcap
    seen = set()
    for i, pkt in enumerate(rdpcap(path)):
        key = bytes(pkt)[12:14] + bytes(pkt)[14 + 1:14 + 2] + bytes(pkt)[20:22]
        if key in seen:
            continue
        seen.add(key)
        v.dissect("capture/frame-%d" % (i + 1), "Ether", bytes(pkt))
