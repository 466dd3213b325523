"""Writes test/vectors/ipsec-sa.json: Scapy's SecurityAssociation encrypting and decrypting with fixed IVs.

    unshare -n /usr/bin/python3 scripts/oracle/ipsec_sa.py

Each case gives the SA's parameters (tunnel and NAT-T headers as specs), the plain packet's spec
and bytes, the IV, the bytes sa.encrypt() returns and those sa.decrypt() gives back, with the
layer names of both. test/layers/ipsec.test.ts checks packetry's SecurityAssociation against them.
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import scapy_json as J  # noqa: E402

J.setup()
from scapy.layers.ipsec import SecurityAssociation, ESP, AH  # noqa: E402
from scapy.packet import NoPayload  # noqa: E402

OUT = os.path.join(HERE, "..", "..", "test", "vectors", "ipsec-sa.json")
K16 = bytes(range(1, 17))
K20 = bytes(range(1, 21))
K24 = bytes(range(1, 25))
K32 = bytes(range(1, 33))
K36 = bytes(range(1, 37))
A20 = bytes(range(0x40, 0x54))
A32 = bytes(range(0x60, 0x80))
A64 = bytes(range(0x80, 0xc0))

TCP4 = [["IP", {"src": "10.0.0.1", "dst": "10.0.0.2"}], ["TCP", {"sport": 45012, "dport": 9999, "seq": 7}], ["Raw", {"load": {"$bytes": b"testdata".hex()}}]]
UDP4 = [["IP", {"src": "10.0.0.1", "dst": "10.0.0.2", "ttl": 9, "tos": 0x10}], ["UDP", {"sport": 5000, "dport": 7777}], ["Raw", {"load": {"$bytes": b"a query!!".hex()}}]]
ICMP4 = [["IP", {"src": "192.168.1.1", "dst": "192.168.2.2"}], ["ICMP", {"id": 3, "seq": 4}], ["Raw", {"load": {"$bytes": bytes(range(40)).hex()}}]]
OPTS4 = [["IP", {"src": "10.0.0.1", "dst": "10.0.0.2", "options": [{"$pkt": [["IPOption_RR", {"routers": ["1.2.3.4"]}]]}, {"$pkt": [["IPOption_Router_Alert", {}]]}]}], ["UDP", {"sport": 1, "dport": 2}]]
UDP6 = [["IPv6", {"src": "2001:db8::1", "dst": "2001:db8::2", "tc": 3, "fl": 5, "hlim": 9}], ["UDP", {"sport": 5000, "dport": 7777}], ["Raw", {"load": {"$bytes": b"over six".hex()}}]]
HBH6 = [["IPv6", {"src": "2001:db8::1", "dst": "2001:db8::2"}], ["IPv6ExtHdrHopByHop", {"options": [{"$pkt": [["RouterAlert", {}]]}]}], ["UDP", {"sport": 7, "dport": 7}], ["Raw", {"load": {"$bytes": b"hbh".hex()}}]]
T4 = [["IP", {"src": "172.16.0.1", "dst": "172.16.0.2"}]]
T6 = [["IPv6", {"src": "2001:db8:f::1", "dst": "2001:db8:f::2"}]]
NATT = [["UDP", {"sport": 4500, "dport": 4500}]]

CASES = [
    ("esp-null-sha1-transport", dict(proto="ESP", spi=0x100, crypt_algo="NULL", auth_algo="HMAC-SHA1-96", auth_key=A20), TCP4, b""),
    ("esp-null-null", dict(proto="ESP", spi=0x101), UDP4, b""),
    ("esp-aes-cbc-sha1-transport", dict(proto="ESP", spi=0xdeadbeef, crypt_algo="AES-CBC", crypt_key=K16, auth_algo="HMAC-SHA1-96", auth_key=A20), TCP4, bytes(range(16))),
    ("esp-aes-cbc-256-sha256-tunnel", dict(proto="ESP", spi=0x200, crypt_algo="AES-CBC", crypt_key=K32, auth_algo="SHA2-256-128", auth_key=A32, tunnel_header=T4), ICMP4, bytes(range(0xf0, 0x100))),
    ("esp-aes-cbc-seq-given", dict(proto="ESP", spi=0x201, seq_num=1000, crypt_algo="AES-CBC", crypt_key=K24, auth_algo="SHA2-384-192", auth_key=A64[:48]), UDP4, bytes(16)),
    ("esp-aes-ctr-sha256-ipv6", dict(proto="ESP", spi=0x300, crypt_algo="AES-CTR", crypt_key=K20, auth_algo="SHA2-256-128", auth_key=A32), UDP6, bytes(range(8))),
    ("esp-aes-ctr-tunnel-6in4", dict(proto="ESP", spi=0x301, crypt_algo="AES-CTR", crypt_key=K36, auth_algo="HMAC-SHA1-96", auth_key=A20, tunnel_header=T4), UDP6, bytes(range(8, 16))),
    ("esp-aes-gcm-transport", dict(proto="ESP", spi=0x400, crypt_algo="AES-GCM", crypt_key=K20), TCP4, bytes(range(8))),
    ("esp-aes-gcm-256-tunnel-ipv6", dict(proto="ESP", spi=0x401, crypt_algo="AES-GCM", crypt_key=K36, tunnel_header=T6), UDP6, bytes(range(10, 18))),
    ("esp-aes-gcm-esn", dict(proto="ESP", spi=0x402, seq_num=5, crypt_algo="AES-GCM", crypt_key=K20, esn_en=True, esn=0x11), UDP4, bytes(range(20, 28))),
    ("esp-aes-gcm-with-auth", dict(proto="ESP", spi=0x403, crypt_algo="AES-GCM", crypt_key=K20, auth_algo="SHA2-256-128", auth_key=A32), ICMP4, bytes(range(30, 38))),
    ("esp-aes-ccm", dict(proto="ESP", spi=0x404, crypt_algo="AES-CCM", crypt_key=bytes(range(1, 20))), UDP4, bytes(range(40, 48))),
    ("esp-chacha20-poly1305", dict(proto="ESP", spi=0x405, crypt_algo="CHACHA20-POLY1305", crypt_key=K36), UDP4, bytes(range(50, 58))),
    ("esp-3des-md5", dict(proto="ESP", spi=0x406, crypt_algo="3DES", crypt_key=K24, auth_algo="HMAC-MD5-96", auth_key=K16), TCP4, bytes(range(8))),
    ("esp-aes-cbc-nat-t", dict(proto="ESP", spi=0x500, crypt_algo="AES-CBC", crypt_key=K16, auth_algo="HMAC-SHA1-96", auth_key=A20, nat_t_header=NATT), UDP4, bytes(range(16))),
    ("esp-aes-gcm-nat-t-tunnel", dict(proto="ESP", spi=0x501, crypt_algo="AES-GCM", crypt_key=K20, tunnel_header=T4, nat_t_header=NATT), TCP4, bytes(range(8))),
    ("ah-sha1-transport", dict(proto="AH", spi=0x600, auth_algo="HMAC-SHA1-96", auth_key=A20), UDP4, None),
    ("ah-sha256-transport-ipv6", dict(proto="AH", spi=0x601, auth_algo="SHA2-256-128", auth_key=A32), UDP6, None),
    ("ah-sha1-tunnel", dict(proto="AH", spi=0x602, auth_algo="HMAC-SHA1-96", auth_key=A20, tunnel_header=T4), TCP4, None),
    ("ah-sha512-tunnel-ipv6", dict(proto="AH", spi=0x603, auth_algo="SHA2-512-256", auth_key=A64, tunnel_header=T6), UDP6, None),
    ("ah-ipv4-options", dict(proto="AH", spi=0x604, auth_algo="SHA2-256-128", auth_key=A32), OPTS4, None),
    ("ah-ipv6-hop-by-hop", dict(proto="AH", spi=0x605, auth_algo="HMAC-SHA1-96", auth_key=A20), HBH6, None),
    ("ah-md5-esn", dict(proto="AH", spi=0x606, auth_algo="HMAC-MD5-96", auth_key=K16, esn_en=True, esn=3), UDP4, None),
]


def names(p):
    out = []
    while p and not isinstance(p, NoPayload):
        out.append(type(p).__name__)
        p = p.payload
    return out


def main():
    vectors = []
    for vid, params, spec, iv in CASES:
        kw = dict(params)
        proto = {"ESP": ESP, "AH": AH}[kw.pop("proto")]
        json_params = {"proto": proto.__name__}
        for k, val in kw.items():
            if k in ("tunnel_header", "nat_t_header"):
                json_params[k] = val
                kw[k] = J.build_spec(val)
            elif isinstance(val, bytes):
                json_params[k] = {"$bytes": val.hex()}
            else:
                json_params[k] = val
        sa = SecurityAssociation(proto, **kw)
        plain = J.build_spec(spec)
        plain = type(plain)(bytes(plain))
        enc = sa.encrypt(plain, iv=iv) if iv is not None else sa.encrypt(plain)
        if kw.get("nat_t_header") is not None:
            # Scapy 2.6 builds the UDP header's length (2.5 re-dissects the header before ESP is
            # added and leaves it 8, so that it cannot decrypt its own packet): as 2.6.
            from scapy.layers.inet import UDP
            enc[UDP].len = None
            json_params["note"] = "UDP length as Scapy 2.6 computes it (2.5 leaves 8)"
        enc_bytes = bytes(enc)
        try:
            dec = sa.decrypt(type(enc)(enc_bytes))
        except Exception as e:  # Scapy cannot decrypt what it encrypted: the vector says so
            print("  %s: Scapy's decrypt raises %s" % (vid, type(e).__name__), file=sys.stderr)
            dec = None
        vectors.append({
            "id": "sa/" + vid,
            "params": json_params,
            "plain": spec,
            "plainBytes": bytes(plain).hex(),
            "iv": None if iv is None else iv.hex(),
            "encrypted": enc_bytes.hex(),
            "encryptedLayers": names(type(enc)(enc_bytes)),
            "decrypted": None if dec is None else bytes(dec).hex(),
            "decryptedLayers": None if dec is None else names(dec),
            "seqAfter": sa.seq_num,
        })
    import scapy
    doc = {"about": "Scapy's SecurityAssociation with fixed IVs, written by scripts/oracle/ipsec_sa.py. Do not edit by hand.", "scapy": scapy.VERSION, "vectors": vectors}
    with open(OUT, "w") as f:
        f.write(json.dumps(doc, indent=1) + "\n")
    print("ipsec-sa     %4d vectors -> %s" % (len(vectors), os.path.relpath(OUT)))


main()
