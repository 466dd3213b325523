"""Writes test/vectors/macsec-sa.json: Scapy's MACsecSA encapsulating, encrypting, decrypting and decapsulating.

    unshare -n /usr/bin/python3 scripts/oracle/macsec_sa.py

Each case gives the SA's parameters, the plain Ethernet frame (spec and bytes), and the bytes of
sa.encap(), sa.encrypt() (with the assoclen given, if any), sa.decrypt() of the encrypted frame
read again from its bytes, and sa.decap() of that, with the MACsec summaries. test/layers/
macsec.test.ts checks packetry's MACsecSA against them.
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import scapy_json as J  # noqa: E402

J.setup()
from scapy.main import load_contrib  # noqa: E402

load_contrib("macsec")
from scapy.contrib.macsec import MACsecSA  # noqa: E402
from scapy.layers.l2 import Ether  # noqa: E402

OUT = os.path.join(HERE, "..", "..", "test", "vectors", "macsec-sa.json")
K16 = bytes(range(1, 17))
K32 = bytes(range(1, 33))
SALT = bytes(range(0x20, 0x2c))
ETH = ["Ether", {"dst": "02:00:00:00:00:02", "src": "02:00:00:00:00:01"}]
UDP4 = [ETH, ["IP", {"src": "10.0.0.1", "dst": "10.0.0.2"}], ["UDP", {"sport": 1234, "dport": 5678}], ["Raw", {"load": {"$bytes": b"macsec payload".hex()}}]]
SHORT = [ETH, ["IP", {"src": "10.0.0.1", "dst": "10.0.0.2"}], ["ICMP", {}]]
LONG6 = [ETH, ["IPv6", {"src": "2001:db8::1", "dst": "2001:db8::2"}], ["UDP", {"sport": 7, "dport": 7}], ["Raw", {"load": {"$bytes": bytes(range(100)).hex()}}]]
ARP = [ETH, ["ARP", {"hwsrc": "02:00:00:00:00:01", "psrc": "10.0.0.1", "hwdst": "00:00:00:00:00:00", "pdst": "10.0.0.2"}]]

CASES = [
    ("gcm-aes-128", dict(sci=0x0200000000010001, an=0, pn=1, key=K16, icvlen=16, encrypt=True, send_sci=True), UDP4, None),
    ("gcm-aes-128-no-sci", dict(sci=0x0200000000010001, an=1, pn=77, key=K16, icvlen=16, encrypt=True, send_sci=False), UDP4, None),
    ("gcm-aes-128-integrity-only", dict(sci=0x0200000000010001, an=2, pn=5, key=K16, icvlen=16, encrypt=False, send_sci=True), UDP4, None),
    ("gcm-aes-128-integrity-only-no-sci", dict(sci=0x0200000000010001, an=3, pn=6, key=K16, icvlen=16, encrypt=False, send_sci=False), SHORT, None),
    ("gcm-aes-256", dict(sci=0x0200000000010002, an=0, pn=0xfffffffe, key=K32, icvlen=16, encrypt=True, send_sci=True), LONG6, None),
    ("gcm-aes-256-integrity-only", dict(sci=0x0200000000010002, an=1, pn=9, key=K32, icvlen=16, encrypt=False, send_sci=True), ARP, None),
    ("gcm-aes-xpn-128", dict(sci=0x0200000000010001, an=0, pn=0x1_0000_0005, key=K16, icvlen=16, encrypt=True, send_sci=True, xpn_en=True, ssci=0x11223344, salt=SALT), UDP4, None),
    ("gcm-aes-xpn-256", dict(sci=0x0200000000010001, an=1, pn=0xabcd_0000_0010, key=K32, icvlen=16, encrypt=True, send_sci=False, xpn_en=True, ssci=b"\x00\x00\x00\x01", salt=SALT), LONG6, None),
    ("gcm-aes-128-sci-bytes", dict(sci=b"\x02\x00\x00\x00\x00\x01\x00\x05", an=0, pn=300, key=K16, icvlen=16, encrypt=True, send_sci=True), SHORT, None),
    ("gcm-aes-128-confidentiality-offset", dict(sci=0x0200000000010001, an=0, pn=2, key=K16, icvlen=16, encrypt=True, send_sci=True), UDP4, 14 + 16 + 2 + 20),
]


def main():
    vectors = []
    for vid, params, spec, assoclen in CASES:
        sa = MACsecSA(**params)
        plain = Ether(bytes(J.build_spec(spec)))
        encap = sa.encap(plain)
        enc = sa.encrypt(encap) if assoclen is None else sa.encrypt(encap, assoclen=assoclen)
        enc_bytes = bytes(enc)
        dec = sa.decrypt(Ether(enc_bytes)) if assoclen is None else sa.decrypt(Ether(enc_bytes), assoclen=assoclen)
        decap = sa.decap(dec)
        # Bytes as hex; integers past 2**53 (a JSON number cannot hold them) as decimal text.
        json_params = {k: ({"$bytes": v.hex()} if isinstance(v, bytes) else {"$int": str(v)} if isinstance(v, int) and not isinstance(v, bool) and v >= 2 ** 53 else v)
                       for k, v in params.items()}
        vectors.append({
            "id": "sa/" + vid,
            "params": json_params,
            "assoclen": assoclen,
            "plain": spec,
            "plainBytes": bytes(plain).hex(),
            "encap": bytes(encap).hex(),
            "encrypted": enc_bytes.hex(),
            "encryptedSummary": enc.summary(),
            "decrypted": bytes(dec).hex(),
            "decryptedType": dec["MACsec"].type,
            "decap": bytes(decap).hex(),
            "decapSummary": decap.summary(),
        })
    import scapy
    doc = {"about": "Scapy's MACsecSA, written by scripts/oracle/macsec_sa.py. Do not edit by hand.", "scapy": scapy.VERSION, "vectors": vectors}
    with open(OUT, "w") as f:
        f.write(json.dumps(doc, indent=1) + "\n")
    print("%d vectors -> %s" % (len(vectors), os.path.relpath(OUT)))


if __name__ == "__main__":
    main()
