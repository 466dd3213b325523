"""IKEv2 (Scapy's contrib): header, SA/proposal/transform, KE, nonce, notify, IDs, AUTH, traffic selectors, CP, certificates, encrypted payloads, UDP 4500.

Every payload's next_payload is given: Scapy's contrib sets it only in the IKEv2 header (packetry
chains it everywhere, as the RFC wants).
"""
from catalog.dsl import B, E, IP4, L, P, contrib

SCOPE = r"IKEv2\w*|\w+TrafficSelector|ConfigurationAttribute|NON_ESP|NAT_KEEPALIVE|ISAKMP\w*|ESP"
FILE = "ikev2.json"

U500 = L("UDP", sport=500, dport=500)
U4500 = L("UDP", sport=4500, dport=4500)
SPI = B(bytes(range(1, 9)))


def T(**kw):
    return L("IKEv2_payload_Transform", **kw)


def vectors(v):
    contrib("ikev2")
    v.build("ikev2/defaults", E(), IP4(), L("UDP"), L("IKEv2"))
    proposal = L("IKEv2_payload_Proposal", trans_nb=4, trans=P(
        T(next_payload=3, transform_type="Encryption", transform_id="AES-CBC", length=12, key_length=256),
        T(next_payload=3, transform_type="PRF", transform_id="PRF_HMAC_SHA2_256"),
        T(next_payload=3, transform_type="Integrity", transform_id="SHA2-256-128"),
        T(next_payload=0, transform_type="GroupDesc", transform_id="2048MODPgr"),
    ))
    v.build("ikev2/sa-init", E(), IP4(), U500, L("IKEv2", init_SPI=SPI, exch_type="IKE_SA_INIT", flags="Initiator", next_payload=33),
            L("IKEv2_payload_SA", next_payload=34, prop=P(proposal)),
            L("IKEv2_payload_KE", next_payload=40, group="2048MODPgr", load=B(bytes(range(64)))),
            L("IKEv2_payload_Nonce", next_payload=41, load=B(bytes(range(32)))),
            L("IKEv2_payload_Notify", next_payload=0, type="NAT_DETECTION_SOURCE_IP", load=B(bytes(20))))
    v.build("ikev2/proposal-esp-spi", L("IKEv2_payload_Proposal", proto="ESP", SPIsize=4, SPI=B(b"\xc0\x01\x02\x03"), trans_nb=1, trans=P(T(transform_type="Encryption", transform_id="AES-GCM-16ICV", length=12, key_length=128))))
    v.build("ikev2/auth", E(), IP4(), U4500, L("NON_ESP"), L("IKEv2", init_SPI=SPI, resp_SPI=B(bytes(8)), exch_type="IKE_AUTH", next_payload=35, id=1),
            L("IKEv2_payload_IDi", next_payload=39, length=12, IDtype="IPv4_addr", ID="10.0.0.1"),
            L("IKEv2_payload_AUTH", next_payload=44, auth_type="Shared Key Message Integrity Code", load=B(bytes(32))),
            L("IKEv2_payload_TSi", next_payload=45, traffic_selector=[P(L("IPv4TrafficSelector", IP_protocol_ID=0, starting_address_v4="10.1.0.0", ending_address_v4="10.1.255.255"))]),
            L("IKEv2_payload_TSr", next_payload=0, traffic_selector=[P(L("IPv6TrafficSelector", IP_protocol_ID=17, starting_address_v6="2001:db8::", ending_address_v6="2001:db8::ffff"))]))
    v.build("ikev2/idr-fqdn", L("IKEv2_payload_IDr", IDtype="FQDN", ID=B(b"vpn.example")))
    v.build("ikev2/cp", L("IKEv2_payload_CP", length=20, CFGType="CFG_REPLY", attributes=[P(L("ConfigurationAttribute", type=1, length=4, value="10.0.0.9")), P(L("ConfigurationAttribute", type=8, value=B(b"")))]))
    v.build("ikev2/encrypted", E(), IP4(), U500, L("IKEv2", init_SPI=SPI, exch_type="INFORMATIONAL", next_payload=46), L("IKEv2_payload_Encrypted", next_payload=0, load=B(bytes(range(48)))))
    v.build("ikev2/fragment", L("IKEv2_payload_Encrypted_Fragment", frag_number=2, frag_total=3, load=B(b"frag")))
    v.build("ikev2/certreq-cert", L("IKEv2_payload_CERTREQ", next_payload=37, cert_type=4, cert_data=B(bytes(20))), L("IKEv2_payload_CERT_STR", cert_type=1, cert_data=B(b"opaque")))
    v.build("ikev2/delete-vendor", L("IKEv2_payload_Delete", next_payload=43, vendorID=B(b"\x03\x04\x00\x01\x01\x02\x03\x04")), L("IKEv2_payload_VendorID", vendorID=B(b"strongSwan")))
    v.build("ikev2/generic-payload", L("IKEv2", next_payload=48), L("IKEv2_payload", flags="critical", load=B(b"eap")))
    v.build("ikev2/nat-keepalive", E(), IP4(), U4500, L("NAT_KEEPALIVE"))
    v.build("ikev2/selectors", L("IKEv2_payload_TSi", traffic_selector=[P(L("EncryptedTrafficSelector", starting_address_FC=0x010203)), P(L("RawTrafficSelector", TS_type=200, load=P(L("Raw", load=B(b"1234567890abcdef")))))]))
    msg = v.raw(E(), IP4(), U500, L("IKEv2", init_SPI=SPI, exch_type=34, next_payload=33), L("IKEv2_payload_SA", next_payload=40, prop=P(proposal)), L("IKEv2_payload_Nonce", load=B(bytes(16))))
    v.dissect("ikev2/dissect-sa-init", "Ether", msg)
    v.dissect("ikev2/dissect-ikev1-version", "Ether", v.raw(E(), IP4(), U500, L("ISAKMP", init_cookie=SPI, next_payload=13), L("ISAKMP_payload_VendorID", load=B(b"v1"))))
    v.dissect("ikev2/dissect-4500-esp", "Ether", v.raw(E(), IP4(), U4500, L("ESP", spi=0x1234, seq=1, data=B(b"ciphertext"))))
    v.dissect("ikev2/dissect-4500-ike", "Ether", v.raw(E(), IP4(), U4500, L("NON_ESP"), L("IKEv2", init_SPI=SPI, next_payload=40), L("IKEv2_payload_Nonce", load=B(b"n"))))
    v.dissect("ikev2/dissect-cert-crt", "IKEv2", v.raw(L("IKEv2", next_payload=37), L("IKEv2_payload_CERT_STR", cert_type=4, cert_data=B(bytes(20)))), unchecked={"layers": "Scapy parses the X.509 certificate; packetry keeps its bytes (no X.509 layer)", "show2": "as layers", "rebuild": "as layers", "dissect.summary": "as layers"})
    v.dissect("ikev2/dissect-zero-length", "IKEv2", v.raw(L("IKEv2", next_payload=40), L("IKEv2_payload_Nonce", length=0, next_payload=40, load=B(b"abcdefgh"))))
    v.dissect("ikev2/dissect-ts-count-past-end", "IKEv2_payload_TSi", v.raw(L("IKEv2_payload_TSi", number_of_TSs=9, traffic_selector=[P(L("IPv4TrafficSelector"))])))
    v.dissect("ikev2/dissect-cut", "Ether", msg[:14 + 20 + 8 + 40])
    v.dissect("ikev2/dissect-unknown-next", "IKEv2", v.raw(L("IKEv2", next_payload=99), L("IKEv2_payload", load=B(b"xx"))))
