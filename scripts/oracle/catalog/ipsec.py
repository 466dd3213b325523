"""IPsec headers: AH and ESP built and dissected, over IPv4, IPv6 and UDP 4500, and what Scapy's SecurityAssociation sends."""
from catalog.dsl import B, E, IP4, IP6, L

SCOPE = r"AH|ESP"
FILE = "ipsec.json"


def sa_bytes(proto, spec, iv=None, **kw):
    import scapy_json as J
    from scapy.layers.ipsec import AH, ESP, SecurityAssociation
    sa = SecurityAssociation({"ESP": ESP, "AH": AH}[proto], **kw)
    p = J.build_spec(spec)
    p = type(p)(bytes(p))
    return bytes(sa.encrypt(p, iv=iv) if iv is not None else sa.encrypt(p))


def vectors(v):
    v.build("esp/defaults", E(), IP4(), L("ESP"))
    v.build("esp/data", E(), IP4(), L("ESP", spi=0xdeadbeef, seq=7, data=B(b"\x01\x02\x03\x04encrypted")))
    v.build("esp/ipv6", E(), IP6(), L("ESP", spi=0x1000, seq=1, data=B(bytes(32))))
    v.build("esp/nat-t", E(), IP4(), L("UDP", sport=4500, dport=4500), L("ESP", spi=5, seq=9, data=B(b"xyz")))
    v.build("ah/defaults", E(), IP4(), L("AH"))
    v.build("ah/icv", E(), IP4(), L("AH", nh=17, payloadlen=4, spi=0x600, seq=3, icv=B(bytes(range(12)))), L("UDP", sport=1, dport=2))
    v.build("ah/ipv6-padding", E(), IP6(), L("AH", nh=59, payloadlen=4, spi=0x601, seq=1, icv=B(bytes(12)), padding=B(bytes(4))))
    v.dissect("ah/dissect-ipv4", "Ether", v.raw(E(), IP4(), L("AH", nh=6, payloadlen=4, spi=2, seq=3, icv=B(bytes(range(12)))), L("TCP")))
    v.dissect("ah/dissect-ipv6-in-ipv6", "Ether", v.raw(E(), IP6(), L("AH", nh=41, payloadlen=4, icv=B(bytes(12))), IP6(), L("UDP")))
    v.dissect("ah/dissect-zero-payloadlen", "IP", v.raw(IP4(), L("AH", nh=59, payloadlen=0, icv=B(bytes(12)))))
    v.dissect("ah/dissect-payloadlen-past-end", "IP", v.raw(IP4(), L("AH", nh=59, payloadlen=200, icv=B(bytes(4)))))
    v.dissect("ah/dissect-cut", "IP", v.raw(IP4(), L("AH", payloadlen=4, icv=B(bytes(12))))[:20 + 6])
    v.dissect("esp/dissect-udp-4500", "Ether", v.raw(E(), IP4(), L("UDP", sport=4500, dport=4500), L("ESP", spi=1, data=B(b"abc"))))
    v.dissect("esp/dissect-cut", "IP", v.raw(IP4(), L("ESP", spi=1))[:20 + 5])
    tcp = [IP4(), L("TCP", sport=1000, dport=9999), L("Raw", load=B(b"secret data"))]
    v.dissect("esp/sa-aes-cbc", "IP", sa_bytes("ESP", tcp, iv=bytes(16), spi=0xdeadbeef, crypt_algo="AES-CBC", crypt_key=bytes(range(16)), auth_algo="HMAC-SHA1-96", auth_key=bytes(20)))
    v.dissect("esp/sa-aes-gcm-tunnel", "IP", sa_bytes("ESP", tcp, iv=bytes(8), spi=0x42, crypt_algo="AES-GCM", crypt_key=bytes(range(20)), tunnel_header=__import__("scapy.layers.inet", fromlist=["IP"]).IP(src="192.0.2.1", dst="192.0.2.2")))
    v.dissect("ah/sa-sha256", "IP", sa_bytes("AH", tcp, spi=0x77, auth_algo="SHA2-256-128", auth_key=bytes(32)))
    v.dissect("ah/sa-ipv6", "IPv6", sa_bytes("AH", [IP6(), L("UDP", sport=1, dport=7777)], spi=0x78, auth_algo="HMAC-SHA1-96", auth_key=bytes(20)))
