"""CDP as Scapy's contrib/cdp: the header and its checksum (odd lengths too), every message
class, address records (IPv4, IPv6, other), frames lldpd sent, and broken lengths."""
import os

from catalog.dsl import B, L, P, contrib

SCOPE = r"CDP\w*"
FILE = "cdp.json"

CAPTURES = os.path.join(os.path.dirname(__file__), "..", "..", "..", "test", "fixtures", "captures")


def head():
    return [L("Dot3", dst="01:00:0c:cc:cc:cc", src="02:00:00:00:00:01"), L("LLC", dsap=0xaa, ssap=0xaa, ctrl=3), L("SNAP")]


def cdp(*msgs, **kw):
    return [*head(), L("CDPv2_HDR", msg=[P(m) for m in msgs], **kw)]


def vectors(v):
    contrib("cdp")
    v.build("cdp/defaults", *head(), L("CDPv2_HDR"))
    v.build("cdp/device-port-caps", *cdp(L("CDPMsgDeviceID", val=B("sw1")), L("CDPMsgPortID", iface=B("GigabitEthernet0/1")), L("CDPMsgCapabilities", cap="Router+Switch+IGMPCapable")))
    v.build("cdp/odd-length-low", *cdp(L("CDPMsgDeviceID", val=B("abc"))), note="odd length, last byte <= 0x80")
    v.build("cdp/odd-length-high", *cdp(L("CDPMsgDeviceID", val=B(b"ab\xf0"))), note="odd length, last byte > 0x80")
    v.build("cdp/version-1", *cdp(L("CDPMsgDeviceID", val=B("r1")), vers=1, ttl=60))
    v.build("cdp/addresses", *cdp(L("CDPMsgAddr", addr=[P(L("CDPAddrRecordIPv4", addr="192.0.2.1")), P(L("CDPAddrRecordIPv6", addr="2001:db8::1")),
                                                         P(L("CDPAddrRecord", ptype=1, proto=B(b"\x81"), addrlen=3, addr=B(b"\x01\x02\x03")))])))
    v.build("cdp/mgmt-address", *cdp(L("CDPMsgMgmtAddr", addr=[P(L("CDPAddrRecordIPv4", addr="10.0.0.1"))])))
    v.build("cdp/software-platform-vtp", *cdp(L("CDPMsgSoftwareVersion", val=B("Cisco IOS Software, 15.2")), L("CDPMsgPlatform", val=B("cisco WS-C2960")),
                                               L("CDPMsgVTPMgmtDomain", val=B("lab"))))
    v.build("cdp/vlan-duplex-mtu", *cdp(L("CDPMsgNativeVLAN", vlan=20), L("CDPMsgDuplex", duplex="Full"), L("CDPMsgMTU", mtu=9000),
                                         L("CDPMsgTrustBitmap", trust_bitmap=1), L("CDPMsgUntrustedPortCoS", untrusted_port_cos=3)))
    v.build("cdp/voip-power", *cdp(L("CDPMsgVoIPVLANReply", vlan=100), L("CDPMsgVoIPVLANQuery", vlan=100, unknown2=B(b"\x00\x01")), L("CDPMsgPower", power=15400)))
    v.build("cdp/ip-prefix-gateway", *cdp(L("CDPMsgIPPrefix", prefix="10.1.0.0", plen=16), L("CDPMsgIPGateway", defaultgw="10.1.0.1")))
    v.build("cdp/proto-hello", *cdp(L("CDPMsgProtoHello", len=15, protocol_id=0x112, data=B(b"\x01\x02\x03\x04\x05\x06"))))
    v.build("cdp/generic-and-unknown", *cdp(L("CDPMsgGeneric", type=0x14, val=B("sysname")), L("CDPMsgUnknown19", val=B(b"\x00\x01")), L("CDPMsg", type=0x1a, val=B(b"\x00"))))
    v.build("cdp/given-checksum", *cdp(L("CDPMsgDeviceID", val=B("x")), cksum=0x1234))
    full = v.raw(*cdp(L("CDPMsgDeviceID", val=B("sw")), L("CDPMsgAddr", addr=[P(L("CDPAddrRecordIPv4", addr="10.0.0.2"))]), L("CDPMsgPortID", iface=B("eth0")),
                      L("CDPMsgCapabilities", cap=1), L("CDPMsgIPPrefix"), L("CDPMsgIPGateway"), L("CDPMsgNativeVLAN")))
    v.dissect("cdp/dissect-full", "Ether", full)
    v.dissect("cdp/dissect-length-past-end", "Ether", full[:-2] + b"\x00\x01\x00\x40ab")
    v.dissect("cdp/dissect-length-zero", "Ether", v.raw(*cdp(L("CDPMsgDeviceID", val=B("sw")))) + b"\x00\x05\x00\x00")
    v.dissect("cdp/dissect-one-byte-left", "Ether", v.raw(*cdp(L("CDPMsgDeviceID", val=B("sw")))) + b"\x00")
    v.dissect("cdp/dissect-addr-count-lies", "Ether", v.raw(*cdp(L("CDPMsgAddr", naddr=5, addr=[P(L("CDPAddrRecordIPv4", addr="10.0.0.2"))]))))
    captured(v)


def captured(v):
    from scapy.utils import rdpcap
    path = os.path.join(CAPTURES, "lan-lldp.pcap")
    if not os.path.exists(path):
        return
    frames = [bytes(p) for p in rdpcap(path) if bytes(p)[:6] == b"\x01\x00\x0c\xcc\xcc\xcc"]
    versions = {}
    for f in frames:
        versions.setdefault(f[22], f)
    for vers, f in sorted(versions.items()):
        v.dissect("cdp/lldpd-v%d" % vers, "Ether", f)
