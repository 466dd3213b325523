"""BFD control packets (RFC 5880) on its UDP ports."""
from catalog.dsl import B, E, IP4, L, contrib

SCOPE = r"BFD"
FILE = "bfd.json"


def vectors(v):
    contrib("bfd")
    ip = dict(ttl=255)
    v.build("bfd/defaults", E(), IP4(**ip), L("UDP", sport=49152, dport=3784), L("BFD"))
    v.build("bfd/bound-ports", E(), IP4(**ip), L("UDP"), L("BFD"))
    v.build("bfd/down-init", E(), IP4(**ip), L("UDP", sport=49152, dport=3784), L("BFD", sta="Down", diag=1, my_discriminator=1, your_discriminator=0, min_tx_interval=300000, min_rx_interval=300000, echo_rx_interval=0))
    v.build("bfd/poll-final", E(), IP4(**ip), L("UDP", sport=49152, dport=3784), L("BFD", flags="PF", detect_mult=5))
    v.build("bfd/all-flags-admin-down", E(), IP4(**ip), L("UDP", sport=49152, dport=4784), L("BFD", flags="MDACFP", sta=0, diag="Administratively Down"))
    v.build("bfd/max-discriminators", E(), IP4(**ip), L("UDP", sport=6784, dport=6784), L("BFD", my_discriminator=0xffffffff, your_discriminator=0x80000000, version=7, diag=31))
    v.build("bfd/ipv6", E(), L("IPv6", src="fe80::1", dst="fe80::2", hlim=255), L("UDP", sport=49152, dport=3784), L("BFD", my_discriminator=7))
    v.build("bfd/given-length", E(), IP4(**ip), L("UDP", sport=7784, dport=7784), L("BFD", len=48), L("Raw", load=B(bytes(24))))
    v.dissect("bfd/dissect-up", "Ether", v.raw(E(), IP4(**ip), L("UDP", sport=49152, dport=3784), L("BFD", my_discriminator=2, your_discriminator=1)))
    v.dissect("bfd/dissect-multihop-sport", "Ether", v.raw(E(), IP4(**ip), L("UDP", sport=4784, dport=50000), L("BFD")))
    v.dissect("bfd/dissect-cut", "Ether", v.raw(E(), IP4(**ip), L("UDP", sport=49152, dport=3784), L("BFD"))[:-5])
    v.dissect("bfd/dissect-padded", "Ether", v.raw(E(), IP4(**ip), L("UDP", sport=49152, dport=3784), L("BFD")) + bytes(6))
