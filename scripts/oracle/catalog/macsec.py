"""MACsec as Scapy's contrib/macsec: the SecTAG with every flag, AN and short length, the SCI
(a MACsecSCI or bytes), the off-spec type (written only when given), under Ethernet, 802.1Q and
802.1ad, what MACsecSA's encap and encrypt give (GCM-AES-128/256, integrity only, XPN), and cut
or odd frames. MACsecSA's own round trips are in test/vectors/macsec-sa.json (macsec_sa.py)."""
from catalog.dsl import B, E, IP4, IP6, L, P, contrib

SCOPE = r"MACsec\w*"
FILE = "macsec.json"

SCI = "02:00:00:00:00:01"


def sa_frame(encrypt=True, send_sci=True, key=bytes(range(1, 17)), pn=1, an=0, xpn=False, **kw):
    import scapy_json as J
    from scapy.contrib.macsec import MACsecSA
    from scapy.layers.l2 import Ether
    sa = MACsecSA(sci=0x0200000000010001, an=an, pn=pn, key=key, icvlen=16, encrypt=encrypt, send_sci=send_sci, xpn_en=xpn,
                  ssci=0x11223344 if xpn else None, salt=bytes(range(0x20, 0x2c)) if xpn else None)
    p = J.build_spec([E(), IP4(), L("UDP", sport=1234, dport=5678), L("Raw", load=B(b"macsec payload"))])
    p = Ether(bytes(p))
    return bytes(sa.encrypt(sa.encap(p), **kw))


def vectors(v):
    contrib("macsec")
    v.build("macsec/defaults", E(), L("MACsec"))
    v.build("macsec/flags", E(), L("MACsec", Ver=0, ES=1, SCB=1, E=1, C=1, AN=3, SL=45, PN=0xffffffff))
    v.build("macsec/sci-packet", E(), L("MACsec", SC=1, SCI=P(L("MACsecSCI", system_identifier=SCI, port_identifier=1)), PN=7))
    v.build("macsec/sci-bytes", E(), L("MACsec", SC=1, SCI=B(bytes.fromhex("0200000000010001")), AN=1))
    v.build("macsec/type-given", E(), L("MACsec", SC=1, SCI=B(bytes.fromhex("0200000000010002")), type=0x800), IP4(), L("UDP"))
    v.build("macsec/type-given-ipv6", E(), L("MACsec", type=0x86dd), IP6(), L("UDP", sport=5, dport=6))
    v.build("macsec/ip-without-type", E(), L("MACsec"), IP4(), L("ICMP"), note="the bound type is not written: Scapy writes type only when given")
    v.build("macsec/reserved-bits", E(), L("MACsec", reserved=3, SL=63))
    v.build("macsec/deprecated-names", E(), L("MACsec", an=2, pn=99, shortlen=10))
    v.build("macsec/over-dot1q", E(), L("Dot1Q", vlan=5), L("MACsec", PN=3), L("Raw", load=B(bytes(32))))
    v.build("macsec/over-dot1ad", E(), L("Dot1AD", vlan=7), L("Dot1Q", vlan=5), L("MACsec", PN=4), L("Raw", load=B(bytes(24))))
    v.dissect("macsec/dissect-sci", "Ether", v.raw(E(), L("MACsec", SC=1, E=1, C=1, SCI=P(L("MACsecSCI", system_identifier=SCI, port_identifier=1))), L("Raw", load=B(bytes(range(40))))))
    v.dissect("macsec/dissect-no-sci", "Ether", v.raw(E(), L("MACsec", AN=2, PN=0x01020304), L("Raw", load=B(bytes(range(30))))))
    v.dissect("macsec/dissect-cut-pn", "Ether", v.raw(E(), L("MACsec"))[:14 + 4])
    v.dissect("macsec/dissect-cut-sci", "Ether", v.raw(E(), L("MACsec", SC=1, SCI=P(L("MACsecSCI", system_identifier=SCI))))[:14 + 6 + 5])
    v.dissect("macsec/dissect-dot1q", "Ether", v.raw(E(), L("Dot1Q", vlan=9), L("MACsec", SC=1, SCI=P(L("MACsecSCI", system_identifier=SCI, port_identifier=2))), L("Raw", load=B(bytes(20)))))
    v.dissect("macsec/sa-gcm-aes-128", "Ether", sa_frame())
    v.dissect("macsec/sa-gcm-aes-256", "Ether", sa_frame(key=bytes(range(1, 33)), pn=500, an=1))
    v.dissect("macsec/sa-no-sci", "Ether", sa_frame(send_sci=False, pn=2))
    v.dissect("macsec/sa-integrity-only", "Ether", sa_frame(encrypt=False, pn=3))
    v.dissect("macsec/sa-xpn-128", "Ether", sa_frame(xpn=True, pn=0x100000005))
    v.dissect("macsec/sa-confidentiality-offset", "Ether", sa_frame(assoclen=14 + 16 + 2 + 20))
