"""PIM version 2 (Scapy's contrib pim): header checksum, Hello and its options, Join/Prune with group records; frames pimd sent."""
import os

from catalog.dsl import B, E, IP4, L, P, contrib

SCOPE = r"PIMv2\w+|_PIMv2GenericHello"
FILE = "pim.json"

CAPTURES = os.path.join(os.path.dirname(__file__), "..", "..", "..", "test", "fixtures", "captures")
HELLO_IP = dict(src="10.0.0.1", dst="224.0.0.13", ttl=1)


def vectors(v):
    contrib("pim")
    hello(v)
    join_prune(v)
    other(v)
    captured(v)


def hello(v):
    v.build("pim/hdr-defaults", E(dst="01:00:5e:00:00:0d"), IP4(**HELLO_IP), L("PIMv2Hdr"))
    v.build("pim/hello-empty", E(), IP4(**HELLO_IP), L("PIMv2Hdr"), L("PIMv2Hello"))
    v.build("pim/hello-holdtime", E(), IP4(**HELLO_IP), L("PIMv2Hdr"), L("PIMv2Hello", option=[P(L("PIMv2HelloHoldtime"))]))
    v.build("pim/hello-pimd-like", E(), IP4(**HELLO_IP), L("PIMv2Hdr"), L("PIMv2Hello", option=[
        P(L("PIMv2HelloHoldtime", holdtime=3)), P(L("PIMv2HelloDRPriority", dr_priority=7)), P(L("PIMv2HelloGenerationID", generation_id=0x12345678))]))
    v.build("pim/hello-lan-prune-delay", E(), IP4(**HELLO_IP), L("PIMv2Hdr"), L("PIMv2Hello", option=[P(L("PIMv2HelloLANPruneDelay"))]))
    v.build("pim/hello-lan-prune-delay-t", E(), IP4(**HELLO_IP), L("PIMv2Hdr"), L("PIMv2Hello", option=[
        P(L("PIMv2HelloLANPruneDelay", value=[P(L("PIMv2HelloLANPruneDelayValue", propagation_delay=0x7fff, override_interval=1))]))]))
    v.build("pim/hello-state-refresh", E(), IP4(**HELLO_IP), L("PIMv2Hdr"), L("PIMv2Hello", option=[
        P(L("PIMv2HelloHoldtime")), P(L("PIMv2HelloStateRefresh", value=[P(L("PIMv2HelloStateRefreshValue", interval=60))]))]))
    v.build("pim/hello-given-lengths-and-checksum", E(), IP4(**HELLO_IP), L("PIMv2Hdr", chksum=0x1234, reserved=9), L("PIMv2Hello", option=[P(L("PIMv2HelloDRPriority", length=8))]))
    v.dissect("pim/dissect-unknown-option", "Ether", v.raw(E(), IP4(**HELLO_IP), L("PIMv2Hdr"), L("PIMv2Hello", option=[P(L("PIMv2HelloHoldtime"))])) + bytes.fromhex("0018000601000a000001"))
    v.dissect("pim/dissect-cut-option", "Ether", v.raw(E(), IP4(**HELLO_IP), L("PIMv2Hdr"), L("PIMv2Hello", option=[P(L("PIMv2HelloDRPriority"))]))[:14 + 20 + 4 + 6])
    v.dissect("pim/dissect-state-refresh-takes-rest", "Ether", v.raw(E(), IP4(**HELLO_IP), L("PIMv2Hdr"), L("PIMv2Hello", option=[
        P(L("PIMv2HelloStateRefresh")), P(L("PIMv2HelloHoldtime"))])))


def join_prune(v):
    ip = dict(src="10.0.0.2", dst="224.0.0.13", ttl=1)
    v.build("pim/join-prune-defaults", E(), IP4(**ip), L("PIMv2Hdr", type=3), L("PIMv2JoinPrune"))
    v.build("pim/join-prune-groups", E(), IP4(**ip), L("PIMv2Hdr", type=3), L("PIMv2JoinPrune", up_neighbor_ip="10.0.0.1", holdtime=60, jp_ips=[
        P(L("PIMv2GroupAddrs", gaddr="239.1.2.3", join_ips=[P(L("PIMv2JoinAddrs", src_ip="10.1.1.1", sparse=1, wildcard=1, rpt=1)), P(L("PIMv2JoinAddrs", src_ip="10.1.1.2", rpt=0))],
          prune_ips=[P(L("PIMv2PruneAddrs", src_ip="10.2.2.2", mask_len=24))])),
        P(L("PIMv2GroupAddrs", gaddr="239.4.5.6", bidirection=1, admin_scope_zone=1, reserved=63, mask_len=16)),
    ]))
    v.build("pim/join-prune-given-counts", E(), IP4(**ip), L("PIMv2Hdr", type=3), L("PIMv2JoinPrune", num_group=2, jp_ips=[P(L("PIMv2GroupAddrs", num_joins=0, num_prunes=5))]))
    v.dissect("pim/dissect-join-prune-padded", "Ether", v.raw(E(), IP4(**ip), L("PIMv2Hdr", type=3), L("PIMv2JoinPrune", jp_ips=[P(L("PIMv2GroupAddrs", gaddr="239.1.1.1", join_ips=[P(L("PIMv2JoinAddrs"))]))])) + bytes(6))
    v.dissect("pim/dissect-join-prune-count-past-end", "Ether", v.raw(E(), IP4(**ip), L("PIMv2Hdr", type=3), L("PIMv2JoinPrune", num_group=3, jp_ips=[P(L("PIMv2GroupAddrs"))])))


def other(v):
    v.build("pim/register-raw", E(), IP4(src="10.0.0.1", dst="10.0.0.9"), L("PIMv2Hdr", type=1), L("Raw", load=B(bytes(4))))
    v.build("pim/bare-hello", L("PIMv2Hdr"), L("PIMv2Hello", option=[P(L("PIMv2HelloHoldtime"))]))


def captured(v):
    from scapy.utils import rdpcap
    seen = set()
    for i, pkt in enumerate(rdpcap(os.path.join(CAPTURES, "multicast-pim.pcap"))):
        data = bytes(pkt)
        if data[12:14] != b"\x08\x00" or data[14 + 9] != 103:
            continue
        kind = data[14 + 20] & 0x0F
        if kind in seen:
            continue
        seen.add(kind)
        v.dissect("pim/pimd-frame-%d" % (i + 1), "Ether", data)
