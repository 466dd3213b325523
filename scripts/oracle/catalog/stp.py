"""Spanning Tree BPDUs over LLC (802.1D configuration and RSTP) and over SNAP, as Scapy's l2 declares STP."""
from catalog.dsl import B, L

SCOPE = r"STP"
FILE = "stp.json"

BRIDGE_GROUP = "01:80:c2:00:00:00"


def D3(**kw):
    kw.setdefault("dst", BRIDGE_GROUP)
    kw.setdefault("src", "00:11:22:33:44:55")
    return L("Dot3", **kw)


def vectors(v):
    v.build("stp/defaults", D3(), L("LLC"), L("STP"))
    v.build("stp/config-root", D3(), L("LLC"), L("STP", rootid=0x8000, rootmac="00:11:22:33:44:55", pathcost=0, bridgeid=0x8000, bridgemac="00:11:22:33:44:55", portid=0x8001, age=0))
    v.build("stp/config-designated", D3(), L("LLC"), L("STP", bpduflags=0x81, rootid=4096, rootmac="00:00:5e:00:53:01", pathcost=200000, bridgeid=0x8000, bridgemac="00:11:22:33:44:55", portid=0x8002, age=1, maxage=20, hellotime=2, fwddelay=15))
    v.build("stp/rstp", D3(), L("LLC"), L("STP", version=2, bpdutype=2, bpduflags=0x3c, rootid=0x8000, rootmac="00:11:22:33:44:55", bridgeid=0x8000, bridgemac="00:11:22:33:44:55", portid=0x8001), L("Raw", load=B(b"\x00")))
    v.build("stp/fractional-timers", D3(), L("LLC"), L("STP", age=1.5, maxage=0.00390625, hellotime=2.75, fwddelay=255.99609375))
    v.build("stp/truncated-timer", D3(), L("LLC"), L("STP", age=0.001, hellotime=1.999))
    v.build("stp/ether-llc", L("Ether", dst=BRIDGE_GROUP, src="00:11:22:33:44:55"), L("LLC"), L("STP"))
    v.build("stp/snap", D3(dst="01:00:0c:cc:cc:cd"), L("LLC"), L("SNAP", OUI=0x00000c), L("STP", rootid=0x8001, bridgeid=0x8001, portid=0x8001), note="Cisco PVST+ (SNAP code 0x010b); Scapy has no class for its originating-VLAN TLV")
    v.build("stp/dot1q", L("Ether", dst="01:00:0c:cc:cc:cd", src="00:11:22:33:44:55"), L("Dot1Q", vlan=10, type=43), L("LLC"), L("SNAP", OUI=0x00000c), L("STP"))
    cfg = v.raw(D3(), L("LLC"), L("STP", rootid=0x8000, rootmac="02:00:00:00:00:01", bridgeid=0x8000, bridgemac="02:00:00:00:00:01", portid=0x8001, age=0))
    v.dissect("stp/dissect-config", "Ether", cfg)
    v.dissect("stp/dissect-config-padded", "Ether", cfg + bytes(8))
    rstp = v.raw(D3(len=39), L("LLC"), L("STP", version=2, bpdutype=2, bpduflags=0x7c, rootid=0x8000, rootmac="02:00:00:00:00:01", bridgeid=0x8000, bridgemac="02:00:00:00:00:02", portid=0x8002)) + b"\x00"
    v.dissect("stp/dissect-rstp-version1-length", "Ether", rstp + bytes(7))
    v.dissect("stp/dissect-tcn", "Ether", bytes.fromhex("0180c200000000112233445500074242030000008000000000000000000000000000000000000000000000000000000000000000"))
    v.dissect("stp/dissect-cut", "Ether", cfg[:14 + 3 + 20])
    v.dissect("stp/bare", "STP", bytes.fromhex("000000000080000011223344550000000080000011223344558001000014000200" + "0f00"))
