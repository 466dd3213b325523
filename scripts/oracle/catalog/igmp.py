"""Multicast membership: IGMP v1/v2 (queries, reports, leaves) and IGMPv3 (queries, reports with group records, router advertisements)."""
from catalog.dsl import B, E, IP4, L, contrib


SCOPE = r"IGMP|IGMPv3|IGMPv3mq|IGMPv3gr|IGMPv3mr|IGMPv3mra|IPOption_Router_Alert"
FILE = "igmp.json"

RA = {"$pkt": [["IPOption_Router_Alert", {}]]}


def vectors(v):
    contrib("igmp", "igmpv3")
    v1v2(v)
    v3(v)


def v1v2(v):
    ip = dict(src="10.0.0.1", ttl=1)
    v.build("igmp/v2-general-query", E(dst="01:00:5e:00:00:01"), IP4(dst="224.0.0.1", **ip), L("IGMP"))
    v.build("igmp/v2-report", E(dst="01:00:5e:01:02:03"), IP4(dst="239.1.2.3", options=[RA], **ip), L("IGMP", type=0x16, mrcode=0, gaddr="239.1.2.3"))
    v.build("igmp/v1-report", E(), IP4(dst="224.2.3.4", **ip), L("IGMP", type=0x12, mrcode=0, gaddr="224.2.3.4"))
    v.build("igmp/leave", E(), IP4(dst="224.0.0.2", **ip), L("IGMP", type="Leave Group", mrcode=0, gaddr="239.1.2.3"))
    v.build("igmp/group-query", E(), IP4(dst="239.1.2.3", **ip), L("IGMP", mrcode=100, gaddr="239.1.2.3"))
    v.build("igmp/binding-sets-ttl", E(), L("IP", src="10.0.0.1", dst="224.0.0.1"), L("IGMP"))
    v.build("igmp/given-checksum", E(), IP4(dst="224.0.0.1", **ip), L("IGMP", chksum=0xbeef))
    v.build("igmp/bare", L("IGMP", type=0x16, gaddr="239.255.255.250"))
    v.dissect("igmp/dissect-v2-report", "Ether", v.raw(E(), IP4(dst="239.1.2.3", options=[RA], **ip), L("IGMP", type=0x16, mrcode=0, gaddr="239.1.2.3")))
    v.dissect("igmp/dissect-ttl-not-1-is-raw", "Ether", v.raw(E(), IP4(dst="239.1.2.3", ttl=5), L("IGMP", type=0x16, gaddr="239.1.2.3")))
    v.dissect("igmp/dissect-padded", "Ether", v.raw(E(), IP4(dst="224.0.0.1", **ip), L("IGMP")) + bytes(18))
    v.dissect("igmp/dissect-short-query-is-v2", "IGMP", bytes.fromhex("1164ee9b00000000"))
    v.dissect("igmp/dissect-cut", "Ether", v.raw(E(), IP4(dst="224.0.0.1", **ip), L("IGMP"))[:14 + 20 + 3])


def v3(v):
    ip = dict(src="10.0.0.1", ttl=1, tos=0xC0, options=[RA])
    rec = lambda **kw: {"$pkt": [["IGMPv3gr", kw]]}  # noqa: E731
    v.build("igmpv3/general-query", E(), IP4(dst="224.0.0.1", **ip), L("IGMPv3", mrcode=100), L("IGMPv3mq"))
    v.build("igmpv3/group-and-source-query", E(), IP4(dst="239.1.1.1", **ip), L("IGMPv3", mrcode=10), L("IGMPv3mq", gaddr="239.1.1.1", s=1, qrv=2, qqic=125, srcaddrs=["10.1.1.1", "10.1.1.2"]))
    v.build("igmpv3/report-defaults", E(), IP4(dst="224.0.0.22", **ip), L("IGMPv3", type=0x22), L("IGMPv3mr"))
    v.build("igmpv3/report-records", E(), IP4(dst="224.0.0.22", **ip), L("IGMPv3", type=0x22, mrcode=0), L("IGMPv3mr", records=[
        rec(rtype=4, maddr="239.1.2.3"),
        rec(rtype=1, maddr="239.4.5.6", srcaddrs=["10.9.9.9", "10.8.8.8"]),
        rec(rtype=6, maddr="232.1.1.1", srcaddrs=["10.7.7.7"]),
    ]))
    v.build("igmpv3/report-binding-defaults", E(), L("IP", src="10.0.0.1"), L("IGMPv3", type=0x22), L("IGMPv3mr", records=[rec(rtype=2, maddr="239.1.2.3")]))
    v.build("igmpv3/router-advertisement", E(), IP4(dst="224.0.0.106", **ip), L("IGMPv3", type=0x30, mrcode=20), L("IGMPv3mra", qryIntvl=125, robust=2))
    v.build("igmpv3/router-solicitation", E(), IP4(dst="224.0.0.2", **ip), L("IGMPv3", type=0x31))
    v.build("igmpv3/record-aux-data-count", E(), IP4(dst="224.0.0.22", **ip), L("IGMPv3", type=0x22), L("IGMPv3mr", numgrp=1, records=[rec(rtype=5, auxdlen=0, numsrc=1, maddr="239.1.2.3", srcaddrs=["10.0.0.9"])]))
    v.dissect("igmpv3/dissect-kernel-report", "Ether", v.raw(E(dst="01:00:5e:00:00:16"), IP4(dst="224.0.0.22", **ip), L("IGMPv3", type=0x22, mrcode=0), L("IGMPv3mr", records=[rec(rtype=4, maddr="239.1.2.3")])))
    v.dissect("igmpv3/dissect-query", "Ether", v.raw(E(), IP4(dst="224.0.0.1", **ip), L("IGMPv3", mrcode=100), L("IGMPv3mq", qrv=2, qqic=125)))
    v.dissect("igmpv3/dissect-record-count-past-end", "Ether", v.raw(E(), IP4(dst="224.0.0.22", **ip), L("IGMPv3", type=0x22), L("IGMPv3mr", numgrp=5, records=[rec(maddr="239.1.2.3")])))
    v.dissect("igmpv3/dissect-sources-cut", "Ether", v.raw(E(), IP4(dst="224.0.0.22", **ip), L("IGMPv3", type=0x22), L("IGMPv3mr", records=[rec(maddr="239.1.2.3", srcaddrs=["10.0.0.1", "10.0.0.2"])]))[:-2])
    v.dissect("igmpv3/dissect-bare-report", "IGMP", v.raw(L("IGMPv3", type=0x22), L("IGMPv3mr", records=[rec(maddr="239.1.2.3")])))
