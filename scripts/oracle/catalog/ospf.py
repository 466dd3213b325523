"""OSPFv2 and OSPFv3: every message, every LSA type, LLS, checksums and lengths; frames BIRD 2 sent."""
import os

from catalog.dsl import B, E, IP4, IP6, L, P, contrib

SCOPE = r"OSPF_\w+|OSPFv3_\w+|LLS_\w+"
FILE = "ospf.json"

CAPTURES = os.path.join(os.path.dirname(__file__), "..", "..", "..", "test", "fixtures", "captures")
V2 = dict(src="10.0.0.1", dst="224.0.0.5", ttl=1, tos=0xC0)
V6 = dict(src="fe80::1", dst="ff02::5", hlim=1)


def vectors(v):
    contrib("ospf")
    v2_messages(v)
    v2_lsas(v)
    v3_messages(v)
    v3_lsas(v)
    captured(v)
    broken(v)


def hdr(**kw):
    kw.setdefault("src", "10.0.0.1")
    return L("OSPF_Hdr", **kw)


def v2_messages(v):
    v.build("ospf/hello-defaults", E(), IP4(**V2), hdr(), L("OSPF_Hello"))
    v.build("ospf/hello-neighbors", E(), IP4(**V2), hdr(area="0.0.0.1"), L("OSPF_Hello", hellointerval=2, deadinterval=8, options="E", prio=20, router="10.0.0.2", backup="10.0.0.1", neighbors=["10.0.0.2", "10.0.0.3"]))
    v.build("ospf/hello-simple-auth", E(), IP4(**V2), hdr(authtype="Simple", authdata=0x0000737377643132), L("OSPF_Hello"))
    v.build("ospf/hello-crypto-auth", E(), IP4(**V2), hdr(authtype=2, keyid=3, authdatalen=16, seq=1234), L("OSPF_Hello", neighbors=["10.0.0.2"]), L("Raw", load=B(bytes(range(16)))))
    v.build("ospf/hello-lls", E(), IP4(**V2), hdr(), L("OSPF_Hello", options="L+E"), L("OSPF_LLS_Hdr", llstlv=[P(L("LLS_Extended_Options", options=B(b"\x00\x00\x00\x01")))]))
    v.build("ospf/hello-lls-crypto", E(), IP4(**V2), hdr(), L("OSPF_Hello", options="L"), L("OSPF_LLS_Hdr", llstlv=[P(L("LLS_Extended_Options", options=B(b"\x00\x00\x00\x03"))), P(L("LLS_Crypto_Auth", sequence=7, authdata=B(b"\x11" * 16)))]))
    v.build("ospf/bound-destination", E(), L("IP", src="10.0.0.1", ttl=1), hdr(), L("OSPF_Hello"))
    v.build("ospf/dbdesc-init", E(), IP4(**V2), hdr(type=2), L("OSPF_DBDesc", mtu=1500, options="E", dbdescr="I+M+MS", ddseq=0x1234))
    v.build("ospf/dbdesc-headers", E(), IP4(**V2), hdr(type=2), L("OSPF_DBDesc", dbdescr="MS", ddseq=2, lsaheaders=[
        P(L("OSPF_LSA_Hdr", type=1, id="10.0.0.1", adrouter="10.0.0.1", seq=0x80000003, chksum=0x1234, len=48)),
        P(L("OSPF_LSA_Hdr", type="network", id="10.0.0.2", adrouter="10.0.0.2", chksum=0xabcd, len=32, age=3600)),
    ]))
    v.build("ospf/lsreq", E(), IP4(**V2), hdr(type=3), L("OSPF_LSReq", requests=[P(L("OSPF_LSReq_Item")), P(L("OSPF_LSReq_Item", type=5, id="10.9.0.0", adrouter="10.0.0.2"))]))
    v.build("ospf/lsack", E(), IP4(**V2), hdr(type=5), L("OSPF_LSAck", lsaheaders=[P(L("OSPF_LSA_Hdr", type=3, chksum=0x4242))]))


def lsupd(*lsas):
    return L("OSPF_LSUpd", lsalist=[P(x) for x in lsas])


def v2_lsas(v):
    v.build("ospf/lsupd-router", E(), IP4(**V2), hdr(type=4), lsupd(L("OSPF_Router_LSA", id="10.0.0.1", adrouter="10.0.0.1", flags="B+E", linklist=[
        P(L("OSPF_Link", id="10.0.0.2", data="10.0.0.1", type="transit", metric=10)),
        P(L("OSPF_Link", id="10.92.1.0", data="255.255.255.0", type="stub", metric=1)),
    ])))
    v.build("ospf/lsupd-router-defaults", L("OSPF_Router_LSA"))
    v.build("ospf/lsupd-network", E(), IP4(**V2), hdr(type=4), lsupd(L("OSPF_Network_LSA", id="10.0.0.2", adrouter="10.0.0.2", mask="255.255.255.0", routerlist=["10.0.0.1", "10.0.0.2"])))
    v.build("ospf/lsupd-summaries", E(), IP4(**V2), hdr(type=4), lsupd(L("OSPF_SummaryIP_LSA", id="10.92.1.0", metric=1), L("OSPF_SummaryASBR_LSA")))
    v.build("ospf/lsupd-external", E(), IP4(**V2), hdr(type=4), lsupd(L("OSPF_External_LSA", id="10.201.1.0", ebit=1, metric=20, tag=7, fwdaddr="10.0.0.9"), L("OSPF_NSSA_External_LSA", id="10.202.0.0", mask="255.255.0.0")))
    v.build("ospf/lsupd-opaque", E(), IP4(**V2), hdr(type=4), lsupd(L("OSPF_Link_Scope_Opaque_LSA", data=B(b"\x00\x01\x00\x04abcd")), L("OSPF_Area_Scope_Opaque_LSA", id="1.0.0.7"), L("OSPF_AS_Scope_Opaque_LSA")))
    v.build("ospf/lsupd-given-count-len-checksum", E(), IP4(**V2), hdr(type=4, len=100, chksum=0x1111), L("OSPF_LSUpd", lsacount=3, lsalist=[P(L("OSPF_Network_LSA", len=28, chksum=0x2222, routerlist=["10.0.0.1"]))]))
    v.build("ospf/lsupd-empty", E(), IP4(**V2), hdr(type=4), L("OSPF_LSUpd"))


def v3hdr(**kw):
    kw.setdefault("src", "10.0.0.1")
    return L("OSPFv3_Hdr", **kw)


def v3_messages(v):
    v.build("ospf3/hello-defaults", E(), IP6(**V6), v3hdr(), L("OSPFv3_Hello"))
    v.build("ospf3/hello-neighbors", E(), IP6(**V6), v3hdr(instance=1), L("OSPFv3_Hello", intid=5, prio=0, options="V6+E+R", hellointerval=2, deadinterval=8, router="10.0.0.2", neighbors=["10.0.0.2"]))
    v.build("ospf3/bound-destination", E(), L("IPv6", src="fe80::1"), v3hdr(), L("OSPFv3_Hello"))
    v.build("ospf3/dbdesc", E(), IP6(**V6), v3hdr(type=2), L("OSPFv3_DBDesc", options="V6+E+R", dbdescr="MS", ddseq=77, lsaheaders=[P(L("OSPFv3_LSA_Hdr", type="link", chksum=0x1234, len=56)), P(L("OSPFv3_LSA_Hdr", type=0x2009, id="0.0.0.1"))]))
    v.build("ospf3/lsreq", E(), IP6(**V6), v3hdr(type=3), L("OSPFv3_LSReq", requests=[P(L("OSPFv3_LSReq_Item", type=0x2002, id="0.0.0.5"))]))
    v.build("ospf3/lsack", E(), IP6(**V6), v3hdr(type=5), L("OSPFv3_LSAck", lsaheaders=[P(L("OSPFv3_LSA_Hdr"))]))
    v.build("ospf3/over-ipv4", E(), IP4(proto=89), v3hdr(), L("OSPFv3_Hello"), note="Scapy computes no checksum without IPv6 under it")


def v3upd(*lsas):
    return L("OSPFv3_LSUpd", lsalist=[P(x) for x in lsas])


def v3_lsas(v):
    v.build("ospf3/lsupd-router-network", E(), IP6(**V6), v3hdr(type=4), v3upd(
        L("OSPFv3_Router_LSA", flags="B", options="V6+E+R", linklist=[P(L("OSPFv3_Link", type="transit", metric=10, intid=3, neighintid=4, neighbor="10.0.0.2"))]),
        L("OSPFv3_Network_LSA", id="0.0.0.3", options="V6+E+R", routerlist=["10.0.0.1", "10.0.0.2"]),
    ))
    v.build("ospf3/lsupd-inter-area", E(), IP6(**V6), v3hdr(type=4), v3upd(
        L("OSPFv3_Inter_Area_Prefix_LSA", metric=5, prefix="fd92:1::/64"),
        L("OSPFv3_Inter_Area_Prefix_LSA", prefix="fd00:1:2:3:4::/80", prefixoptions="LA"),
        L("OSPFv3_Inter_Area_Router_LSA", options="V6+E", router="10.0.0.9"),
    ))
    v.build("ospf3/lsupd-external", E(), IP6(**V6), v3hdr(type=4), v3upd(
        L("OSPFv3_AS_External_LSA", prefix="fd99:1::/48"),
        L("OSPFv3_AS_External_LSA", flags="E+F+T", fwaddr="fd91::9", tag=42, reflstype=0x2001, reflsid="0.0.0.9", prefix="::/0"),
        L("OSPFv3_Type_7_LSA", prefix="fd98::/32"),
    ))
    v.build("ospf3/lsupd-link-intra", E(), IP6(**V6), v3hdr(type=4), v3upd(
        L("OSPFv3_Link_LSA", prio=1, options="V6+E+R", lladdr="fe80::1", prefixlist=[P(L("OSPFv3_Prefix_Item", prefix="fd91::/64")), P(L("OSPFv3_Prefix_Item", prefix="2001:db8::/32", metric=0))]),
        L("OSPFv3_Intra_Area_Prefix_LSA", reflstype=0x2001, refadrouter="10.0.0.1", prefixlist=[P(L("OSPFv3_Prefix_Item", prefix="fd92:1::/64", metric=1))]),
    ))
    v.build("ospf3/prefix-defaults", L("OSPFv3_Prefix_Item"))
    v.build("ospf3/lsa-defaults", L("OSPFv3_Link_LSA"))


def captured(v):
    from scapy.utils import rdpcap
    seen = set()
    for name in ("routing-ospf.pcap", "routing-ospf3.pcap"):
        for i, pkt in enumerate(rdpcap(os.path.join(CAPTURES, name))):
            data = bytes(pkt)
            kind = (name, data[14 + (20 if data[12:14] == b"\x08\x00" else 40) + 1])
            if kind in seen:
                continue
            seen.add(kind)
            v.dissect("ospf/bird-%s-frame-%d" % (name.split(".")[0].split("-")[1], i + 1), "Ether", data)


def broken(v):
    hello = v.raw(E(), IP4(**V2), hdr(), L("OSPF_Hello", neighbors=["10.0.0.2"]))
    v.dissect("ospf/cut-in-hello", "Ether", hello[:14 + 20 + 24 + 10])
    v.dissect("ospf/neighbor-cut", "Ether", hello[:-2])
    upd = v.raw(E(), IP4(**V2), hdr(type=4), lsupd(L("OSPF_Router_LSA", linklist=[P(L("OSPF_Link"))])))
    v.dissect("ospf/lsa-count-past-end", "Ether", upd[:14 + 20 + 24] + b"\x00\x00\x00\x09" + upd[14 + 20 + 28:])
    v.dissect("ospf/unknown-lsa-type", "Ether", v.raw(E(), IP4(**V2), hdr(type=4), lsupd(L("OSPF_Network_LSA", type=42))))
    v.dissect("ospf/link-count-past-end", "Ether", v.raw(E(), IP4(**V2), hdr(type=4), lsupd(L("OSPF_Router_LSA", linkcount=5, linklist=[P(L("OSPF_Link"))]))))
