"""Redundancy: VRRP (v2 and v3 over IPv4 and IPv6) and HSRP (v1, v2, MD5 authentication)."""
from catalog.dsl import B, E, IP4, IP6, L

SCOPE = r"VRRP|VRRPv3|HSRP|HSRPmd5"
FILE = "vrrp.json"

VRRP_IP = dict(src="10.0.0.1", dst="224.0.0.18", ttl=255)
VRRP_IP6 = dict(src="fe80::1", dst="ff02::12", hlim=255)


def vectors(v):
    vrrp(v)
    hsrp(v)


def vrrp(v):
    v.build("vrrp/v2-defaults", E(dst="01:00:5e:00:00:12"), IP4(**VRRP_IP), L("VRRP"))
    v.build("vrrp/v2-addresses", E(), IP4(**VRRP_IP), L("VRRP", vrid=51, priority=254, adv=3, addrlist=["10.0.0.100", "10.0.0.101", "10.0.0.102"]))
    v.build("vrrp/v2-simple-auth", E(), IP4(**VRRP_IP), L("VRRP", authtype=1, auth1=0x70617373, auth2=0x776f7264, addrlist=["10.0.0.100"]))
    v.build("vrrp/v2-given-count-and-checksum", E(), IP4(**VRRP_IP), L("VRRP", ipcount=1, chksum=0x1234, addrlist=["10.0.0.100"]))
    v.build("vrrp/v3-ipv4", E(), IP4(**VRRP_IP), L("VRRPv3", vrid=7, priority=200, adv=100, addrlist=["10.0.0.100", "10.0.0.200"]))
    v.build("vrrp/v3-ipv6", E(dst="33:33:00:00:00:12"), IP6(**VRRP_IP6), L("VRRPv3", vrid=9, addrlist=["fe80::100", "2001:db8::100"]))
    v.build("vrrp/v3-defaults-ipv6", E(), IP6(**VRRP_IP6), L("VRRPv3"))
    v.build("vrrp/v3-advert-max", E(), IP4(**VRRP_IP), L("VRRPv3", adv=4095, res=15, type=2, addrlist=[]))
    v.dissect("vrrp/dissect-v2", "Ether", v.raw(E(), IP4(**VRRP_IP), L("VRRP", addrlist=["10.0.0.100"])))
    v.dissect("vrrp/dissect-v3-ipv6", "Ether", v.raw(E(), IP6(**VRRP_IP6), L("VRRPv3", addrlist=["fe80::100"])))
    v.dissect("vrrp/dissect-v3-padded", "Ether", v.raw(E(), IP4(**VRRP_IP), L("VRRPv3", addrlist=["10.0.0.1"])) + b"\x00" * 18)
    v.dissect("vrrp/dissect-v2-cut", "Ether", v.raw(E(), IP4(**VRRP_IP), L("VRRP", addrlist=["10.0.0.1", "10.0.0.2"]))[:14 + 20 + 10])
    v.dissect("vrrp/dissect-count-past-end", "Ether", v.raw(E(), IP4(**VRRP_IP), L("VRRP", ipcount=9, addrlist=["10.0.0.1"])))
    v.dissect("vrrp/v3-bare", "VRRPv3", v.raw(L("VRRPv3", addrlist=B(b"\x0a\x00\x00\x01"))))
    v.dissect("vrrp/v2-bare-dispatches-v3", "VRRP", bytes.fromhex("3101640100640000") + bytes(8))


def hsrp(v):
    udp = dict(sport=1985, dport=1985)
    v.build("hsrp/defaults", E(), IP4(dst="224.0.0.2", ttl=1), L("UDP", **udp), L("HSRP"))
    v.build("hsrp/bound-destination", E(), L("IP", src="10.0.0.1", ttl=1), L("UDP", **udp), L("HSRP"))
    v.build("hsrp/standby-coup", E(), IP4(dst="224.0.0.2"), L("UDP", **udp), L("HSRP", opcode="Coup", state="Standby", priority=90, group=7, auth=B(b"secret\x00\x00"), virtualIP="10.0.0.254"))
    v.build("hsrp/v2-port", E(), IP4(), L("UDP", sport=2029, dport=2029), L("HSRP", version=2))
    v.build("hsrp/md5", E(), IP4(dst="224.0.0.2"), L("UDP", **udp), L("HSRP", auth=B(b"\x00" * 8)), L("HSRPmd5", algo=1, flags=0, sourceip="10.0.0.1", keyid=5, authdigest=B(bytes(range(16)))))
    v.dissect("hsrp/dissect-hello", "Ether", v.raw(E(), IP4(dst="224.0.0.2"), L("UDP", **udp), L("HSRP", state="Speak")))
    v.dissect("hsrp/dissect-md5", "Ether", v.raw(E(), IP4(dst="224.0.0.2"), L("UDP", **udp), L("HSRP"), L("HSRPmd5", len=28, algo=1, sourceip="10.0.0.1", keyid=1)))
    v.dissect("hsrp/dissect-sport-only", "Ether", v.raw(E(), IP4(), L("UDP", sport=1985, dport=40000), L("HSRP")))
    v.dissect("hsrp/dissect-cut", "Ether", v.raw(E(), IP4(), L("UDP", **udp), L("HSRP"))[:14 + 20 + 8 + 11])
