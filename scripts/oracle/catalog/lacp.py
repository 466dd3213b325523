"""LACP and the Marker protocol as Scapy's contrib/lacp (over contrib/slowprot): defaults, every
field of the actor, partner and collector TLVs, marker requests and responses, the binding on
type and destination (another address is Raw), unknown subtypes, cut and padded PDUs, and the
frames Open vSwitch's LACP sent (when the capture exists)."""
import os

from catalog.dsl import B, L, contrib

SCOPE = r"SlowProtocol|LACP|MarkerProtocol"
FILE = "lacp.json"

CAPTURES = os.path.join(os.path.dirname(__file__), "..", "..", "..", "test", "fixtures", "captures")
SRC = "02:00:00:00:00:01"


def E(**kw):
    kw.setdefault("src", SRC)
    return L("Ether", **kw)


def vectors(v):
    contrib("lacp")
    v.build("lacp/defaults", E(), L("SlowProtocol"), L("LACP"))
    v.build("lacp/actor-partner", E(), L("SlowProtocol"), L("LACP",
            actor_system_priority=65535, actor_system="02:00:00:00:0a:01", actor_key=13, actor_port_priority=255, actor_port_number=1, actor_state=0x3d,
            partner_system_priority=32768, partner_system="02:00:00:00:0b:01", partner_key=17, partner_port_priority=128, partner_port_number=2, partner_state=0x3f,
            collector_max_delay=5))
    v.build("lacp/every-state-bit", E(), L("SlowProtocol"), L("LACP", actor_state=0xff, partner_state=0x80, actor_system="02:00:00:00:00:aa"))
    v.build("lacp/reserved-given", E(), L("SlowProtocol"), L("LACP", actor_reserved=B(b"\x01\x02\x03"), partner_reserved=B(b"ab"), collector_reserved=B(b"xyz"), reserved=B(b"tail")))
    v.build("lacp/tlv-values-given", E(), L("SlowProtocol"), L("LACP", version=2, actor_type=9, actor_length=30, partner_type=8, partner_length=0, collector_type=7, collector_length=1, terminator_type=5, terminator_length=6))
    v.build("lacp/subtype-by-name", E(), L("SlowProtocol", subtype="LACP"), L("LACP", actor_key=1))
    v.build("lacp/deprecated-names", E(), L("SlowProtocol"), L("LACP", actor_port_numer=7, partner_port_numer=8, colletctor_reserved=B(b"\x05")))
    v.build("lacp/over-dot1q", E(dst="01:80:c2:00:00:02"), L("Dot1Q", vlan=10, type=0x8809), L("SlowProtocol"), L("LACP", actor_key=3))
    v.build("marker/defaults", E(), L("SlowProtocol"), L("MarkerProtocol"))
    v.build("marker/response", E(), L("SlowProtocol"), L("MarkerProtocol", marker_type="Marker Response", requester_port=3, requester_system="02:00:00:00:0a:01", requester_transaction_id=0xdeadbeef))
    v.build("marker/request-given", E(), L("SlowProtocol"), L("MarkerProtocol", marker_type=1, requester_port=65535, requester_system="02:00:00:00:0b:01", requester_transaction_id=1, marker_reserved=B(b"\x01\x02")))
    v.build("slow/unused-subtype", E(), L("SlowProtocol"), L("Raw", load=B(bytes(20))))
    v.build("slow/oam-subtype", E(), L("SlowProtocol", subtype="OAM"), L("Raw", load=B(b"\x00\x50\x00\x00")))
    full = v.raw(E(), L("SlowProtocol"), L("LACP", actor_system="02:00:00:00:0a:01", actor_key=13, actor_port_number=1, actor_state=0x3d, partner_state=0x3f))
    v.dissect("lacp/dissect", "Ether", full)
    v.dissect("lacp/dissect-other-destination", "Ether", bytes.fromhex("001122334455") + full[6:], note="Scapy binds on the destination too: Raw")
    v.dissect("lacp/dissect-cut-reserved", "Ether", full[:-20])
    v.dissect("lacp/dissect-cut-actor", "Ether", full[:14 + 1 + 8])
    v.dissect("lacp/dissect-padded", "Ether", full + b"\x00" * 4)
    v.dissect("slow/dissect-oss-subtype", "Ether", full[:14] + b"\x0a" + full[15:40])
    v.dissect("marker/dissect", "Ether", v.raw(E(), L("SlowProtocol"), L("MarkerProtocol", marker_type=2, requester_port=1, requester_system="02:00:00:00:0a:01", requester_transaction_id=9)))
    captured(v)


def captured(v):
    from scapy.utils import rdpcap
    path = os.path.join(CAPTURES, "lan-lacp.pcap")
    if not os.path.exists(path):
        return
    seen = {}
    for p in rdpcap(path):
        f = bytes(p)
        if f[12:14] != b"\x88\x09":
            continue
        # One frame per (sender, actor state) pair: the states a negotiation goes through.
        seen.setdefault((f[6:12], f[15], f[0x17] if len(f) > 0x17 else 0), f)
    for i, (_, f) in enumerate(sorted(seen.items())[:8]):
        v.dissect("lacp/ovs-%d" % i, "Ether", f)
