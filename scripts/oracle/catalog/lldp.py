"""LLDP as Scapy's contrib/lldp: every TLV class, id kinds by subtype, computed lengths, the
minimum-frame padding, 802.1Q carriage, frames lldpd sent, and broken TLVs (strict mode)."""
import os

from catalog.dsl import B, L, contrib

SCOPE = r"LLDPDU\w*"
FILE = "lldp.json"

CAPTURES = os.path.join(os.path.dirname(__file__), "..", "..", "..", "test", "fixtures", "captures")
DST = "01:80:c2:00:00:0e"


def E(**kw):
    kw.setdefault("dst", DST)
    kw.setdefault("src", "02:00:00:00:00:01")
    return L("Ether", **kw)


def head(chassis=None, port=None, ttl=None):
    return [
        L("LLDPDUChassisID", **(chassis or dict(subtype=4, id="02:00:00:00:00:01"))),
        L("LLDPDUPortID", **(port or dict(subtype=5, id=B("eth0")))),
        L("LLDPDUTimeToLive", **(ttl or dict(ttl=120))),
    ]


def vectors(v):
    contrib("lldp")
    end = L("LLDPDUEndOfLLDPDU")
    v.build("lldp/minimal-padded", E(), L("LLDPDU"), *head(), end)
    v.build("lldp/without-bare-lldpdu", E(), *head(), end)
    v.build("lldp/chassis-kinds", E(), *head(chassis=dict(subtype=7, id=B("switch-17"))), end)
    v.build("lldp/chassis-ipv4", E(), *head(chassis=dict(subtype=5, family=1, id="192.0.2.7")), end)
    v.build("lldp/chassis-ipv6", E(), *head(chassis=dict(subtype=5, family=2, id="2001:db8::7")), end)
    v.build("lldp/port-mac", E(), *head(port=dict(subtype=3, id="02:00:00:00:00:02")), end)
    v.build("lldp/port-ipv4", E(), *head(port=dict(subtype=4, family=1, id="192.0.2.8")), end)
    v.build("lldp/port-network-other-family", E(), *head(port=dict(subtype=4, family=6, id=B("\x02\x00\x00\x00\x00\x03"))), end)
    v.build("lldp/strings", E(), *head(),
            L("LLDPDUPortDescription", description=B("uplink to core")),
            L("LLDPDUSystemName", system_name=B("sw1.lab")),
            L("LLDPDUSystemDescription", description=B("packetry test switch")), end)
    v.build("lldp/capabilities", E(), *head(),
            L("LLDPDUSystemCapabilities", mac_bridge_available=1, router_available=1, wlan_access_point_available=1, telephone_available=1,
              station_only_available=1, two_port_mac_relay_available=1, reserved_5_available=1,
              mac_bridge_enabled=1, router_enabled=1, other_enabled=1, reserved_1_enabled=1), end)
    v.build("lldp/management-ipv4", E(), *head(),
            L("LLDPDUManagementAddress", management_address_subtype=1, management_address=B(b"\xc0\x00\x02\x07"), interface_numbering_subtype=2, interface_number=3), end)
    v.build("lldp/management-ipv6-oid", E(), *head(),
            L("LLDPDUManagementAddress", management_address_subtype=2, management_address=B(bytes.fromhex("20010db8000000000000000000000007")),
              interface_numbering_subtype=3, interface_number=0x01020304, object_id=B("\x2b\x06\x01\x04\x01")), end)
    v.build("lldp/org-specific", E(), *head(),
            L("LLDPDUGenericOrganisationSpecific", org_code=0x0080c2, subtype=1, data=B("\x00\x01")),
            L("LLDPDUGenericOrganisationSpecific", org_code=0x00120f, subtype=1, data=B("\x03\x6c\x03\x00\x10")),
            L("LLDPDUGenericOrganisationSpecific", org_code=0x0012bb, subtype=1, data=B("\x00\x0f\x04")), end)
    v.build("lldp/dot1q", E(), L("Dot1Q", vlan=20), *head(), end)
    v.build("lldp/qinq", E(), L("Dot1AD", vlan=100), L("Dot1Q", vlan=20), *head(), end)
    v.build("lldp/given-lengths", E(), *head(chassis=dict(subtype=4, id="02:00:00:00:00:01", _length=7)),
            L("LLDPDUSystemName", _length=3, system_name=B("abc")), end)
    v.build("lldp/long-frame-not-padded", E(), *head(), L("LLDPDUSystemDescription", description=B("x" * 60)), end)
    full = v.raw(E(), *head(), L("LLDPDUPortDescription", description=B("p1")), L("LLDPDUSystemName", system_name=B("n")),
                 L("LLDPDUSystemCapabilities", router_available=1, router_enabled=1),
                 L("LLDPDUManagementAddress", management_address_subtype=1, management_address=B("\x0a\x00\x00\x01")), end)
    v.dissect("lldp/dissect-full", "Ether", full)
    v.dissect("lldp/dissect-after-end-is-padding", "Ether", v.raw(E(), *head(), end) + b"\xaa\xbb")
    v.dissect("lldp/dissect-unknown-tlv-type", "Ether", v.raw(E(), *head()) + bytes.fromhex("1202abcd") + bytes.fromhex("0000"))
    v.dissect("lldp/dissect-string-past-end", "Ether", v.raw(E(), *head()) + bytes.fromhex("0a20") + b"sw")
    v.dissect("lldp/dissect-mgmt-too-long", "Ether", v.raw(E(), *head()) + bytes.fromhex("1026") + bytes([33, 1]) + bytes(32) + bytes.fromhex("020000000100") + bytes(2))
    v.dissect("lldp/dissect-ttl-bad-length", "Ether", v.raw(E(), *head()) + bytes.fromhex("06030001020000"))
    v.dissect("lldp/dissect-cut", "Ether", v.raw(E(), *head(), end)[:14 + 5])
    captured(v)


def captured(v):
    """Frames lldpd sent (scripts/captures/lan.sh): a full LLDPDU with organisation TLVs, and its shutdown."""
    from scapy.utils import rdpcap
    path = os.path.join(CAPTURES, "lan-lldp.pcap")
    if not os.path.exists(path):
        return
    frames = [bytes(p) for p in rdpcap(path) if bytes(p)[12:14] == b"\x88\xcc"]
    longest = max(frames, key=len)
    shortest = min(frames, key=len)
    v.dissect("lldp/lldpd-full", "Ether", longest)
    v.dissect("lldp/lldpd-shutdown", "Ether", shortest)
