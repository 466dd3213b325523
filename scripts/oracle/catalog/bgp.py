"""BGP: OPEN with capabilities, UPDATE with every path attribute, NLRI (ADD-PATH too), MP_REACH and
MP_UNREACH, NOTIFICATION, KEEPALIVE, ROUTE-REFRESH with ORF; several messages in one segment;
frames BIRD 2 sent."""
import os

from catalog.dsl import B, E, IP4, L, P, contrib

SCOPE = r"BGP\w*|ASPathSegment|ORFTuple|GRTuple"
FILE = "bgp.json"

CAPTURES = os.path.join(os.path.dirname(__file__), "..", "..", "..", "test", "fixtures", "captures")
TCP = dict(sport=179, dport=40000, flags="PA", seq=1, ack=1)


def vectors(v):
    contrib("bgp")
    headers(v)
    opens(v)
    updates(v)
    others(v)
    captured(v)
    broken(v)


def seg(*layers, **tcp):
    kw = dict(TCP)
    kw.update(tcp)
    return (E(), IP4(), L("TCP", **kw)) + layers


def attr(code, value=None, **kw):
    kw["type_code"] = code
    if value is not None:
        kw["attribute"] = P(value)
    return P(L("BGPPathAttr", **kw))


def headers(v):
    v.build("bgp/keepalive", *seg(L("BGPKeepAlive")))
    v.build("bgp/header-keepalive", *seg(L("BGPHeader", type=4)))
    v.build("bgp/header-alone", L("BGPHeader"))
    v.build("bgp/keepalive-binding", E(), IP4(), L("TCP"), L("BGPKeepAlive"))
    v.build("bgp/header-given-length", *seg(L("BGPHeader", len=19, type=4)))


def opens(v):
    caps = [
        P(L("BGPOptParam", param_value=P(L("BGPCapMultiprotocol", afi=1, safi=1)))),
        P(L("BGPOptParam", param_value=P(L("BGPCapMultiprotocol", afi=2, safi=1)))),
        P(L("BGPOptParam", param_value=P(L("BGPCapGeneric", code=2)))),
        P(L("BGPOptParam", param_value=P(L("BGPCapGeneric", code=70)))),
        P(L("BGPOptParam", param_value=P(L("BGPCapFourBytesASN", asn=4200000001)))),
        P(L("BGPOptParam", param_value=P(L("BGPCapGracefulRestart", restart_flags=8, restart_time=120, entries=[P(L("GRTuple", afi=1, safi=1, flags=0x80))])))),
        P(L("BGPOptParam", param_value=P(L("BGPCapORF", orf=[P(L("BGPCapORFBlock", afi=1, safi=1, entries=[P(L("ORFTuple", orf_type=64, send_receive=3))]))])))),
        P(L("BGPOptParam", param_value=P(L("BGPCapGeneric", code=73, cap_data=B(b"\x04host\x00"))))),
    ]
    v.build("bgp/open-defaults", *seg(L("BGPHeader", type=1), L("BGPOpen")))
    v.build("bgp/open-capabilities", *seg(L("BGPHeader", type=1), L("BGPOpen", my_as=65001, hold_time=90, bgp_id="10.0.0.1", opt_params=caps)))
    v.build("bgp/open-auth-param", *seg(L("BGPHeader", type=1), L("BGPOpen", my_as=1, opt_params=[P(L("BGPOptParam", param_type=1, authentication_data=P(L("BGPAuthenticationInformation", authentication_code=1, authentication_data=B(b"key")))))])))
    v.build("bgp/open-empty-param", *seg(L("BGPHeader", type=1), L("BGPOpen", opt_params=[P(L("BGPOptParam"))])))
    v.build("bgp/capability-alone", L("BGPCapGeneric", code=128))


def updates(v):
    attrs = [
        attr(1, L("BGPPAOrigin", origin="INCOMPLETE"), type_flags=0x40),
        attr(2, L("BGPPAASPath", segments=[P(L("ASPathSegment", segment_type=2, segment_value=[65001, 65002])), P(L("ASPathSegment", segment_type=1, segment_value=[7]))]), type_flags=0x40),
        attr(3, L("BGPPANextHop", next_hop="10.0.0.1"), type_flags=0x40),
        attr(4, L("BGPPAMultiExitDisc", med=50)),
        attr(5, L("BGPPALocalPref", local_pref=100), type_flags=0x40),
        attr(6, L("BGPPAAtomicAggregate"), type_flags=0x40),
        attr(7, L("BGPPAAggregator", aggregator_asn=65001, speaker_address="10.0.0.1"), type_flags=0xC0),
        attr(8, L("BGPPACommunity", community="NO_EXPORT"), type_flags=0xC0),
        attr(9, L("BGPPAOriginatorID", originator_id="10.0.0.9")),
        attr(10, L("BGPPAClusterList", cluster_list=[1, 2])),
    ]
    v.build("bgp/update-attributes", *seg(L("BGPHeader", type=2), L("BGPUpdate", path_attr=attrs, nlri=[P(L("BGPNLRI_IPv4", prefix="10.201.1.0/24")), P(L("BGPNLRI_IPv4", prefix="10.0.0.0/8"))])))
    v.build("bgp/update-withdrawn", *seg(L("BGPHeader", type=2), L("BGPUpdate", withdrawn_routes=[P(L("BGPNLRI_IPv4", prefix="10.201.1.0/24")), P(L("BGPNLRI_IPv4", prefix="0.0.0.0/0")), P(L("BGPNLRI_IPv4", prefix="10.1.2.128/25"))])))
    v.build("bgp/update-empty", *seg(L("BGPHeader", type=2), L("BGPUpdate")), note="an End-of-RIB marker")
    v.build("bgp/update-mp-reach-v6", *seg(L("BGPHeader", type=2), L("BGPUpdate", path_attr=[
        attr(1, L("BGPPAOrigin"), type_flags=0x40),
        attr(14, L("BGPPAMPReachNLRI", afi=2, safi=1, nh_addr_len=32, nh_v6_global="fd91::1", nh_v6_link_local="fe80::1", nlri=[P(L("BGPNLRI_IPv6", prefix="fd99:1::/48")), P(L("BGPNLRI_IPv6", prefix="2001:db8::/32"))])),
    ])))
    v.build("bgp/update-mp-reach-v6-one-nexthop", *seg(L("BGPHeader", type=2), L("BGPUpdate", path_attr=[attr(14, L("BGPPAMPReachNLRI", afi=2, safi=1, nh_addr_len=16, nh_v6_addr="fd91::1", nlri=[P(L("BGPNLRI_IPv6", prefix="fd99::/16"))]))])))
    v.build("bgp/update-mp-reach-v4", *seg(L("BGPHeader", type=2), L("BGPUpdate", path_attr=[attr(14, L("BGPPAMPReachNLRI", afi=1, safi=1, nh_addr_len=4, nh_v4_addr="10.0.0.1"))])))
    v.build("bgp/update-mp-unreach-v6", *seg(L("BGPHeader", type=2), L("BGPUpdate", path_attr=[attr(15, L("BGPPAMPUnreachNLRI", afi=2, safi=1, afi_safi_specific=P(L("BGPPAMPUnreachNLRI_IPv6", withdrawn_routes=[P(L("BGPNLRI_IPv6", prefix="fd99:1::/48"))]))))])))
    v.build("bgp/update-mp-unreach-eor", *seg(L("BGPHeader", type=2), L("BGPUpdate", path_attr=[attr(15, L("BGPPAMPUnreachNLRI", afi=2, safi=1))])))
    v.build("bgp/update-ext-communities", *seg(L("BGPHeader", type=2), L("BGPUpdate", path_attr=[attr(16, L("BGPPAExtComms", extended_communities=[
        P(L("BGPPAExtCommunity", type_high=0, type_low=2, value=P(L("BGPPAExtCommTwoOctetASSpecific", global_administrator=65001, local_administrator=100)))),
        P(L("BGPPAExtCommunity", type_high=1, type_low=3, value=P(L("BGPPAExtCommIPv4AddressSpecific", global_administrator=0x0a000001, local_administrator=7)))),
        P(L("BGPPAExtCommunity", type_high=2, type_low=2, value=P(L("BGPPAExtCommFourOctetASSpecific", global_administrator=4200000001, local_administrator=1)))),
        P(L("BGPPAExtCommunity", type_high=3, type_low=0x0b, value=P(L("BGPPAExtCommOpaque", value=B(b"\x00\x00\x00\x00\x00\x2a"))))),
        P(L("BGPPAExtCommunity", value=P(L("BGPPAExtCommTrafficRate", id=1, rate=1.5)))),
        P(L("BGPPAExtCommunity", value=P(L("BGPPAExtCommTrafficAction", sample=1, terminal_action=1)))),
        P(L("BGPPAExtCommunity", value=P(L("BGPPAExtCommRedirectAS2Byte", asn=65001, value=9)))),
        P(L("BGPPAExtCommunity", value=P(L("BGPPAExtCommTrafficMarking", dscp=46)))),
        P(L("BGPPAExtCommunity", value=P(L("BGPPAExtCommRedirectIPv4", ip_addr=0x0a000001, value=9)))),
        P(L("BGPPAExtCommunity", value=P(L("BGPPAExtCommRedirectAS4Byte", asn=4200000001, value=9)))),
    ]), type_flags=0xC0)])))
    v.build("bgp/update-as4", *seg(L("BGPHeader", type=2), L("BGPUpdate", path_attr=[
        attr(17, L("BGPPAAS4Path", segment_value=[4200000001, 65002]), type_flags=0xC0),
        attr(18, L("BGPPAAS4Aggregator", aggregator_asn=4200000001, speaker_address="10.0.0.1"), type_flags=0xC0),
        attr(25, L("BGPPAIPv6AddressSpecificExtComm", global_administrator="2001:db8::1", local_administrator=5), type_flags=0xC0),
    ])))
    v.build("bgp/update-extended-length", *seg(L("BGPHeader", type=2), L("BGPUpdate", path_attr=[attr(8, L("BGPPACommunity", community=0xFDE90064), type_flags=0xD0)])))
    v.build("bgp/update-unknown-attribute", *seg(L("BGPHeader", type=2), L("BGPUpdate", path_attr=[attr(32, L("Raw", load=B(b"\x00\x00\xfd\xe9\x00\x00\x00\x01\x00\x00\x00\x02")), type_flags=0xC0)])))
    v.build("bgp/update-add-path", *seg(L("BGPHeader", type=2), L("BGPUpdate", path_attr=[attr(1, L("BGPPAOrigin"), type_flags=0x40)], nlri=[P(L("BGPNLRI_IPv4_AP", nlri_path_id=1, prefix="10.1.0.0/16")), P(L("BGPNLRI_IPv4_AP", nlri_path_id=2, prefix="10.1.0.0/16"))])))
    v.build("bgp/two-messages-one-segment", *seg(L("BGPHeader", type=2), L("BGPUpdate", nlri=[P(L("BGPNLRI_IPv4", prefix="10.9.0.0/16"))]), L("BGPKeepAlive")))
    v.build("bgp/nlri-alone", L("BGPNLRI_IPv6", prefix="2001:db8:1::/48"))


def others(v):
    v.build("bgp/notification-cease", *seg(L("BGPHeader", type=3), L("BGPNotification", error_code=6, error_subcode=2)))
    v.build("bgp/notification-data", *seg(L("BGPHeader", type=3), L("BGPNotification", error_code="OPEN Message Error", error_subcode=2, data=B(b"\xfd\xe9"))))
    v.build("bgp/notification-unknown-code", *seg(L("BGPHeader", type=3), L("BGPNotification", error_code=9, error_subcode=9)))
    v.build("bgp/route-refresh", *seg(L("BGPHeader", type=5), L("BGPRouteRefresh")))
    v.build("bgp/route-refresh-eorr-v6", *seg(L("BGPHeader", type=5), L("BGPRouteRefresh", afi=2, subtype="EoRR")))
    v.build("bgp/route-refresh-orf", *seg(L("BGPHeader", type=5), L("BGPRouteRefresh", orf_data=P(L("BGPORF", when_to_refresh=1, orf_type=64, entries=[
        P(L("BGPORFAddressPrefix", action=0, match=0, sequence=10, min_len=24, max_len=32, prefix=P(L("BGPNLRI_IPv4", prefix="10.0.0.0/8")))),
        P(L("BGPORFAddressPrefix", action="REMOVE", match="DENY", sequence=20, prefix=P(L("BGPNLRI_IPv4", prefix="192.168.0.0/16")))),
    ])))))
    v.build("bgp/route-refresh-orf-remove-all", *seg(L("BGPHeader", type=5), L("BGPRouteRefresh", orf_data=P(L("BGPORF", when_to_refresh=2, orf_type=64, entries=[])))))


def captured(v):
    from scapy.utils import rdpcap
    seen = set()
    for i, pkt in enumerate(rdpcap(os.path.join(CAPTURES, "routing-bgp.pcap"))):
        data = bytes(pkt)
        payload = data[14 + 20 + 32:]
        if len(payload) < 19:
            continue
        kind = (payload[18], payload.count(b"\xff" * 16), len(payload) > 60)
        if kind in seen:
            continue
        seen.add(kind)
        v.dissect("bgp/bird-frame-%d" % (i + 1), "Ether", data)


def broken(v):
    upd = v.raw(*seg(L("BGPHeader", type=2), L("BGPUpdate", path_attr=[attr(5, L("BGPPALocalPref", local_pref=100), type_flags=0x40)], nlri=[P(L("BGPNLRI_IPv4", prefix="10.1.0.0/16"))])))
    v.dissect("bgp/cut-in-nlri", "Ether", upd[:-1])
    v.dissect("bgp/cut-in-header", "Ether", upd[:14 + 20 + 20 + 10])
    v.dissect("bgp/no-marker", "Ether", v.raw(*seg(L("Raw", load=B(b"\x00" * 19)))))
    v.dissect("bgp/attr-length-past-end", "Ether", upd[:14 + 20 + 20 + 19 + 4] + b"\x40\x05\x30" + upd[14 + 20 + 20 + 19 + 7:])
    v.dissect("bgp/keepalive-then-garbage", "Ether", v.raw(*seg(L("BGPKeepAlive"))) + b"xyz")
