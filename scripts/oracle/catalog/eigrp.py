"""EIGRP (Scapy's contrib eigrp): header checksum, every TLV, destinations on the bytes their prefix length needs, IPv4 and IPv6."""
from catalog.dsl import B, E, IP4, IP6, L, P, contrib

SCOPE = r"EIGRP\w*"
FILE = "eigrp.json"

V4 = dict(src="10.0.0.1", dst="224.0.0.10", ttl=2, tos=0xC0)
V6 = dict(src="fe80::1", dst="ff02::a", hlim=2)


def vectors(v):
    contrib("eigrp")
    hellos(v)
    routes(v)
    others(v)
    broken(v)


def hellos(v):
    v.build("eigrp/header-defaults", E(dst="01:00:5e:00:00:0a"), IP4(**V4), L("EIGRP"))
    v.build("eigrp/hello-param-swver", E(), IP4(**V4), L("EIGRP", tlvlist=[P(L("EIGRPParam")), P(L("EIGRPSwVer"))]))
    v.build("eigrp/hello-param-k-values", E(), IP4(**V4), L("EIGRP", asn=65000, tlvlist=[P(L("EIGRPParam", k1=2, k2=3, k3=4, k4=5, k5=6, holdtime=180)), P(L("EIGRPSwVer", ios="v15.1", eigrp="v2.0"))]))
    v.build("eigrp/hello-ack", E(), IP4(**V4), L("EIGRP", ack=7))
    v.build("eigrp/hello-stub", E(), IP4(**V4), L("EIGRP", tlvlist=[P(L("EIGRPParam")), P(L("EIGRPStub", flags=0x3f))]))
    v.build("eigrp/hello-stub-default", E(), IP4(**V4), L("EIGRP", tlvlist=[P(L("EIGRPStub"))]))
    v.build("eigrp/auth-md5", E(), IP4(**V4), L("EIGRP", tlvlist=[P(L("EIGRPAuthData", keyid=3, authdata=B(bytes(range(16))))), P(L("EIGRPParam"))]))
    v.build("eigrp/auth-given-keysize", E(), IP4(**V4), L("EIGRP", tlvlist=[P(L("EIGRPAuthData", keysize=4, authdata=B(b"abcd")))]))
    v.build("eigrp/sequence-v4", E(), IP4(**V4), L("EIGRP", opcode=5, tlvlist=[P(L("EIGRPSeq", ipaddr="10.0.0.2")), P(L("EIGRPNms", nms=9))]))
    v.build("eigrp/sequence-v6", E(), IP6(**V6), L("EIGRP", tlvlist=[P(L("EIGRPSeq", addrlen=16, ip6addr="fe80::2"))]))
    v.build("eigrp/sequence-other-addrlen", E(), IP4(**V4), L("EIGRP", tlvlist=[P(L("EIGRPSeq", addrlen=0))]))


def routes(v):
    upd = dict(opcode=1, flags=0x9, seq=12, ack=3)
    v.build("eigrp/update-internal", E(), IP4(**V4), L("EIGRP", tlvlist=[P(L("EIGRPIntRoute"))], **upd))
    v.build("eigrp/update-internal-prefixes", E(), IP4(**V4), L("EIGRP", tlvlist=[
        P(L("EIGRPIntRoute", prefixlen=0, dst="0.0.0.0")), P(L("EIGRPIntRoute", prefixlen=8, dst="10.0.0.0")),
        P(L("EIGRPIntRoute", prefixlen=16, dst="172.16.0.0")), P(L("EIGRPIntRoute", prefixlen=23, dst="192.168.2.0")),
        P(L("EIGRPIntRoute", prefixlen=32, dst="10.1.2.3", nexthop="10.0.0.2", delay=1, bandwidth=2, mtu=9000, hopcount=3, reliability=200, load=9))], **upd))
    v.build("eigrp/update-external", E(), IP4(**V4), L("EIGRP", tlvlist=[P(L("EIGRPExtRoute", originasn=65001, tag=42, externalmetric=20, extprotocolid=9, flags=3, prefixlen=20, dst="10.16.0.0"))], **upd))
    v.build("eigrp/update-external-defaults", E(), IP4(**V4), L("EIGRP", tlvlist=[P(L("EIGRPExtRoute"))]))
    v.build("eigrp/update-v6-internal", E(), IP6(**V6), L("EIGRP", tlvlist=[P(L("EIGRPv6IntRoute")), P(L("EIGRPv6IntRoute", prefixlen=64, dst="2001:db8:1:2::")),
                                                                       P(L("EIGRPv6IntRoute", prefixlen=128, dst="2001:db8::1"))], **upd))
    v.build("eigrp/update-v6-external", E(), IP6(**V6), L("EIGRP", tlvlist=[P(L("EIGRPv6ExtRoute")), P(L("EIGRPv6ExtRoute", prefixlen=48, dst="2001:db8:5::", extprotocolid=6, flags=1))], **upd))
    v.build("eigrp/route-given-len", E(), IP4(**V4), L("EIGRP", tlvlist=[P(L("EIGRPIntRoute", len=99))]))


def others(v):
    v.build("eigrp/generic-tlv", E(), IP4(**V4), L("EIGRP", tlvlist=[P(L("EIGRPGeneric", type=0x0fff, value=B(b"\x01\x02\x03")))]))
    v.build("eigrp/generic-default", E(), IP4(**V4), L("EIGRP", tlvlist=[P(L("EIGRPGeneric"))]))
    v.build("eigrp/given-checksum", E(), IP4(**V4), L("EIGRP", chksum=0xbeef, opcode=3))
    v.build("eigrp/bare", L("EIGRP", tlvlist=[P(L("EIGRPParam"))]))
    v.dissect("eigrp/dissect-unknown-tlv", "Ether", v.raw(E(), IP4(**V4), L("EIGRP")) + bytes.fromhex("0fff0006aabb") + v.raw(L("EIGRPParam")))


def broken(v):
    hello = v.raw(E(), IP4(**V4), L("EIGRP", tlvlist=[P(L("EIGRPParam")), P(L("EIGRPSwVer"))]))
    v.dissect("eigrp/dissect-cut-tlv", "Ether", hello[:-3])
    v.dissect("eigrp/dissect-odd-byte", "EIGRP", v.raw(L("EIGRP", tlvlist=[P(L("EIGRPNms"))])) + b"\x01")
    v.dissect("eigrp/dissect-padded", "Ether", v.raw(E(), IP4(**V4), L("EIGRP", tlvlist=[P(L("EIGRPParam"))])) + bytes(10))
    v.dissect("eigrp/dissect-route-cut", "Ether", v.raw(E(), IP4(**V4), L("EIGRP", tlvlist=[P(L("EIGRPIntRoute", prefixlen=32, dst="10.1.2.3"))]))[:-2])
