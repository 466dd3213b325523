"""ISAKMP and IKEv1 payloads: SA/proposal/transforms with basic and TLV attributes, KE, ID, nonce, hash, vendor ID, generic payloads."""
from catalog.dsl import B, E, IP4, L, P

SCOPE = r"ISAKMP\w*"
FILE = "isakmp.json"

UDP500 = L("UDP", sport=500, dport=500)
COOKIE = B(bytes(range(1, 9)))


def tr(**kw):
    return L("ISAKMP_payload_Transform", **kw)


def vectors(v):
    v.build("isakmp/defaults", E(), IP4(), L("UDP"), L("ISAKMP"))
    v.build("isakmp/main-mode-sa", E(), IP4(), UDP500, L("ISAKMP", init_cookie=COOKIE, exch_type="identity prot."), L("ISAKMP_payload_SA", prop=P(L("ISAKMP_payload_Proposal", trans_nb=2, trans=P(
        tr(num=1, transforms=[["Encryption", "AES-CBC"], ["KeyLength", 128], ["Hash", "SHA"], ["Authentication", "PSK"], ["GroupDesc", "2048MODPgr"], ["LifeType", "Seconds"], ["LifeDuration", 28800]]),
        tr(num=2, transforms=[["Encryption", "3DES-CBC"], ["Hash", "MD5"], ["LifeDuration", 86400]]),
    )))))
    v.build("isakmp/transform-tlv", L("ISAKMP_payload_Transform", transforms=[["LifeDuration", 0x12345678], ["GroupPrime", 2 ** 40 + 5], [20, 7]]))
    v.build("isakmp/aggressive", E(), IP4(), UDP500, L("ISAKMP", init_cookie=COOKIE, exch_type="aggressive"), L("ISAKMP_payload_SA"), L("ISAKMP_payload_KE", load=B(bytes(range(32)))), L("ISAKMP_payload_Nonce", load=B(b"nonce-nonce-nonce")), L("ISAKMP_payload_ID", IDtype="Key", load=B(b"me@example")))
    v.build("isakmp/vendor-hash", E(), IP4(), UDP500, L("ISAKMP", init_cookie=COOKIE, resp_cookie=B(bytes(8)), exch_type="info", id=7), L("ISAKMP_payload_Hash", load=B(bytes(20))), L("ISAKMP_payload_VendorID", load=B(bytes.fromhex("4a131c81070358455c5728f20e95452f"))))
    v.build("isakmp/generic-payload", L("ISAKMP", next_payload=11), L("ISAKMP_payload", load=B(b"\x00\x00\x00\x01\x01\x10\x00\x0e")))
    v.build("isakmp/encrypted", E(), IP4(), UDP500, L("ISAKMP", init_cookie=COOKIE, flags="encryption", next_payload=8), L("Raw", load=B(bytes(range(16)))))
    v.build("isakmp/proposal-spi", L("ISAKMP_payload_Proposal", SPI=B(b"\x11\x22\x33\x44"), proto=1, trans=P(tr())))
    v.build("isakmp/given-lengths", L("ISAKMP", length=99), L("ISAKMP_payload_Nonce", length=10, load=B(b"ab")))
    msg = v.raw(E(), IP4(), UDP500, L("ISAKMP", init_cookie=COOKIE, exch_type=2), L("ISAKMP_payload_SA", prop=P(L("ISAKMP_payload_Proposal", trans=P(tr(transforms=[["Encryption", "AES-CBC"], ["KeyLength", 256]]))))), L("ISAKMP_payload_VendorID", load=B(b"vendor")))
    v.dissect("isakmp/dissect-main-mode", "Ether", msg)
    v.dissect("isakmp/dissect-sport-only", "Ether", v.raw(E(), IP4(), L("UDP", sport=500, dport=40000), L("ISAKMP", next_payload=13), L("ISAKMP_payload_VendorID", load=B(b"x"))))
    v.dissect("isakmp/dissect-unknown-next", "ISAKMP", v.raw(L("ISAKMP", next_payload=200), L("ISAKMP_payload", load=B(b"abcd"))))
    v.dissect("isakmp/dissect-zero-length", "ISAKMP", v.raw(L("ISAKMP", next_payload=10), L("ISAKMP_payload_Nonce", length=0, load=B(b"abcdefgh"))))
    v.dissect("isakmp/dissect-transform-bad-tlv", "ISAKMP_payload_Transform", v.raw(tr(length=16, transforms=[])) + b"\x00\x0c\x00\x20\x01\x02")
    v.dissect("isakmp/dissect-cut", "Ether", msg[:14 + 20 + 8 + 30])
    v.dissect("isakmp/dissect-length-past-end", "ISAKMP", v.raw(L("ISAKMP", next_payload=1), L("ISAKMP_payload_SA", length=400)))
