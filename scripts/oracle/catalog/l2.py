"""Link layer: Ethernet, 802.3/LLC/SNAP, 802.1Q and Q-in-Q, ARP, Linux cooked capture, Raw, Padding."""
from catalog.dsl import B, E, IP4, IP_A, IP_B, L, MAC_A, MAC_B

# Layers of this family (make_vectors.py notes vectors that dissect into anything else).
SCOPE = r"Ether|Dot3|LLC|SNAP|Dot1Q|Dot1AD|ARP|CookedLinux(V2)?|Loopback"
FILE = "l2.json"


def vectors(v):
    ether(v)
    dot3(v)
    vlan(v)
    arp(v)
    cooked(v)
    raw_and_padding(v)
    cut_and_broken(v)


def ether(v):
    v.build("ether/alone", E())
    v.build("ether/raw", E(), L("Raw", load=B(b"hello")))
    v.build("ether/type-number", E(type=0x88B5), L("Raw", load=B(b"\x00\x01\x02\x03")))
    v.build("ether/type-name", E(type="IPv4"), IP4(), L("ICMP"))
    v.build("ether/broadcast-arp", E(dst="ff:ff:ff:ff:ff:ff", src=MAC_A), L("ARP", hwsrc=MAC_A, psrc=IP_A, pdst=IP_B))
    v.build("ether/ipv4-icmp", E(), IP4(), L("ICMP", id=1, seq=1), L("Raw", load=B(b"ping")))
    v.build("ether/ipv6-binding", E(), L("IPv6", src="2001:db8::1", dst="2001:db8::2"), L("Raw", load=B(b"x")))
    v.build("ether/ether-in-ether", E(type=1), E(dst=MAC_B, src=MAC_A), L("Raw", load=B(b"inner")))
    v.build("ether/multicast-dst", E(dst="01:00:5e:00:00:fb"), IP4(dst="224.0.0.251"), L("UDP", sport=5000, dport=5001))
    v.build("ether/payload-bytes-all-values", E(type=0x9000), L("Raw", load=B(bytes(range(256)))))
    v.build("ether/type-le-1500-is-dot3", E(type=0x05DC), L("Raw", load=B(b"\xaa\xaa\x03")))
    v.dissect("ether/dissect-unknown-type", "Ether", v.raw(E(type=0x1234), L("Raw", load=B(b"\x01\x02\x03"))))
    v.dissect("ether/dissect-loopback-0x9000", "Ether", v.raw(E(), L("Raw", load=B(b"\x00\x00\x01\x00"))))


def dot3(v):
    d3 = dict(dst="01:80:c2:00:00:00", src=MAC_B)
    v.build("dot3/llc-raw", L("Dot3", **d3), L("LLC", dsap=0xF0, ssap=0xF0, ctrl=0x7F), L("Raw", load=B(b"\x00\x00\x00")))
    v.build("dot3/llc-unknown-sap", L("Dot3", **d3), L("LLC", dsap=0xE0, ssap=0xE0, ctrl=3), L("Raw", load=B(b"\xff\xff")))
    v.build("dot3/snap-ip", L("Dot3", **d3), L("LLC", dsap=0xAA, ssap=0xAA, ctrl=3), L("SNAP", OUI=0, code=0x800), IP4(), L("ICMP"))
    v.build("dot3/snap-arp", L("Dot3", **d3), L("LLC", dsap=0xAA, ssap=0xAA, ctrl=3), L("SNAP", OUI=0, code=0x806), L("ARP", hwsrc=MAC_B, psrc=IP_A, pdst=IP_B))
    v.build("dot3/explicit-len-with-padding", L("Dot3", len=3, **d3), L("LLC", dsap=0xE0, ssap=0xE0, ctrl=3), L("Raw", load=B(b"tail")))
    v.build("dot3/via-ether-dispatch", E(type=6), L("LLC", dsap=0xE0, ssap=0xE0, ctrl=3), L("Raw", load=B(b"abc")))
    v.dissect("dot3/padded-to-60", "Ether", v.raw(L("Dot3", **d3), L("LLC", dsap=0xE0, ssap=0xE0, ctrl=3)) + b"\x00" * 43)
    v.dissect("dot3/len-longer-than-frame", "Ether", bytes.fromhex("0180c2000000667788 99aabb 0100 e0e003".replace(" ", "")))


def vlan(v):
    v.build("dot1q/ip-udp", E(), L("Dot1Q", vlan=10), IP4(), L("UDP", sport=1024, dport=1025), L("Raw", load=B(b"x")))
    v.build("dot1q/prio-dei-max-vlan", E(), L("Dot1Q", prio=7, dei=1, vlan=4095), IP4(), L("ICMP"))
    v.build("dot1q/vlan-zero", E(), L("Dot1Q", vlan=0), L("ARP", hwsrc=MAC_B, psrc=IP_A, pdst=IP_B))
    v.build("dot1q/default-vlan-arp", E(), L("Dot1Q"), L("ARP", op="is-at", hwsrc=MAC_B, psrc=IP_A, hwdst=MAC_A, pdst=IP_B))
    v.build("dot1q/length-llc", E(), L("Dot1Q", vlan=5, type=6), L("LLC", dsap=0xE0, ssap=0xE0, ctrl=3), L("Raw", load=B(b"abc")))
    v.build("dot1q/qinq-ad-q", E(), L("Dot1AD", vlan=100), L("Dot1Q", vlan=10), IP4(), L("UDP", sport=1024, dport=1025))
    v.build("dot1q/qinq-q-q", E(), L("Dot1Q", vlan=100, prio=3), L("Dot1Q", vlan=10), IP4(), L("TCP", sport=1024, dport=1025))
    v.build("dot1q/qinq-ad-ad-q", E(), L("Dot1AD", vlan=1), L("Dot1AD", vlan=2), L("Dot1Q", vlan=3), L("Raw", load=B(b"z")))
    v.build("dot1q/raw-type", E(), L("Dot1Q", vlan=42, type=0x88B5), L("Raw", load=B(b"\x01\x02")))
    v.dissect("dot1q/padded-arp", "Ether", v.raw(E(), L("Dot1Q", vlan=7), L("ARP", hwsrc=MAC_B, psrc=IP_A, pdst=IP_B)) + b"\x00" * 14)
    v.dissect("dot1q/cut-in-tag", "Ether", v.raw(E(), L("Dot1Q", vlan=7), IP4(), L("ICMP"))[:16])


def arp(v):
    base = dict(hwsrc=MAC_B, psrc=IP_A)
    v.build("arp/who-has", E(dst="ff:ff:ff:ff:ff:ff"), L("ARP", pdst=IP_B, **base))
    v.build("arp/is-at", E(), L("ARP", op="is-at", hwdst=MAC_A, pdst=IP_B, **base))
    v.build("arp/op-number", E(), L("ARP", op=2, hwdst=MAC_A, pdst=IP_B, **base))
    for op in (3, 4, 8, 9):
        v.build("arp/op-%d" % op, E(), L("ARP", op=op, hwdst=MAC_A, pdst=IP_B, **base))
    v.build("arp/op-unknown", E(), L("ARP", op=0x1234, pdst=IP_B, **base))
    v.build("arp/gratuitous", E(dst="ff:ff:ff:ff:ff:ff"), L("ARP", hwsrc=MAC_B, psrc=IP_A, hwdst="ff:ff:ff:ff:ff:ff", pdst=IP_A))
    v.build("arp/ipv6-addresses", E(), L("ARP", ptype=0x86DD, hwsrc=MAC_B, psrc="2001:db8::1", pdst="2001:db8::2"))
    v.build("arp/other-hardware-bytes", E(), L("ARP", hwtype=6, ptype=0x800, hwlen=2, plen=4, hwsrc=B(b"\x01\x02"), psrc=IP_A, hwdst=B(b"\x03\x04"), pdst=IP_B))
    v.build("arp/dummy-lengths", E(), L("ARP", hwtype=0x1234, ptype=0x5678, hwlen=3, plen=2, hwsrc=B(b"abc"), psrc=B(b"de"), hwdst=B(b"fgh"), pdst=B(b"ij")))
    v.build("arp/explicit-lengths", E(), L("ARP", hwlen=6, plen=4, pdst=IP_B, **base))
    v.build("arp/trailing-raw", E(), L("ARP", pdst=IP_B, **base), L("Raw", load=B(b"trailer")))
    v.dissect("arp/padded-to-60", "Ether", v.raw(E(), L("ARP", pdst=IP_B, **base)) + b"\x00" * 18)
    v.dissect("arp/padded-nonzero", "Ether", v.raw(E(), L("ARP", pdst=IP_B, **base)) + bytes(range(1, 19)))
    v.dissect("arp/bare", "ARP", v.raw(L("ARP", op=2, hwdst=MAC_A, pdst=IP_B, **base)))


def cooked(v):
    src = B(bytes.fromhex(MAC_B.replace(":", "")) + b"\x00\x00")
    v.build("sll/ip-icmp", L("CookedLinux", pkttype=0, lladdrtype=1, lladdrlen=6, src=src, proto=0x800), IP4(), L("ICMP"))
    v.build("sll/outgoing-arp", L("CookedLinux", pkttype=4, lladdrtype=1, lladdrlen=6, src=src), L("ARP", pdst=IP_B, hwsrc=MAC_B, psrc=IP_A))
    v.build("sll/broadcast-udp", L("CookedLinux", pkttype=1, lladdrtype=1, lladdrlen=6, src=src), IP4(dst="255.255.255.255"), L("UDP", sport=1024, dport=1025))
    v.build("sll/vlan", L("CookedLinux", lladdrtype=1, lladdrlen=6, src=src, proto=0x8100), L("Dot1Q", vlan=3), IP4(), L("ICMP"))
    v.build("sll/defaults", L("CookedLinux"), L("Raw", load=B(b"\x45")))
    v.build("sll/unknown-proto", L("CookedLinux", proto=0x1234, src=B(b"\x01")), L("Raw", load=B(b"data")))
    v.build("sll2/ip-icmp", L("CookedLinuxV2", ifindex=2, lladdrtype=1, lladdrlen=6, src=src, proto=0x800), IP4(), L("ICMP"))
    v.dissect("sll/dissect-truncated", "CookedLinux", v.raw(L("CookedLinux", lladdrtype=1, lladdrlen=6, src=src), IP4(), L("ICMP"))[:12])


def raw_and_padding(v):
    v.build("raw/alone", L("Raw", load=B(b"abc")))
    v.build("raw/empty", E(), L("Raw", load=B(b"")))
    v.build("raw/quotes-and-escapes", E(), L("Raw", load=B(b"it's \"q\"\t\r\n\\\x7f\x80\xff")))
    v.build("raw/single-quote-only", E(), L("Raw", load=B(b"it's")))
    v.build("padding/after-ip", E(), IP4(), L("ICMP"), L("Padding", load=B(b"\x00" * 10)))
    v.build("padding/after-raw", E(), IP4(), L("UDP", sport=1024, dport=1025), L("Raw", load=B(b"data")), L("Padding", load=B(b"\xaa\xbb")))
    v.build("padding/after-arp", E(), L("ARP", pdst=IP_B, hwsrc=MAC_B, psrc=IP_A), L("Padding", load=B(b"\x00" * 18)))
    v.dissect("padding/ip-total-length", "Ether", v.raw(E(), IP4(), L("TCP", sport=1024, dport=80, flags="S")) + b"\x00" * 6)
    v.dissect("padding/ip-short-len-cuts-udp", "Ether", v.raw(E(), IP4(len=28), L("UDP", sport=1024, dport=1025, len=8), L("Raw", load=B(b"dropped"))))


def cut_and_broken(v):
    frame = v.raw(E(), IP4(), L("TCP", sport=1234, dport=80, flags="PA", seq=1, ack=2), L("Raw", load=B(b"GET / HTTP/1.0\r\n\r\n")))
    for n in (0, 6, 12, 14, 15, 20, 33, 34, 40, 53, 54, 60):
        v.dissect("cut/ether-ip-tcp-%d" % n, "Ether", frame[:n])
    arp_frame = v.raw(E(), L("ARP", pdst=IP_B, hwsrc=MAC_B, psrc=IP_A))
    for n in (16, 22, 28, 36):
        v.dissect("cut/ether-arp-%d" % n, "Ether", arp_frame[:n])
    v.dissect("broken/all-ones", "Ether", b"\xff" * 60)
    v.dissect("broken/all-zeros", "Ether", b"\x00" * 60)
    v.dissect("broken/vlan-loop", "Ether", bytes.fromhex("001122334455" "66778899aabb") + bytes.fromhex("8100000a") * 6 + b"\x08\x00")
