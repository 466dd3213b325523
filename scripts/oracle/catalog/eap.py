"""802.1X: EAPOL (start, logoff, EAP, key, MKA), EAP codes and types, every method Scapy has (MD5, TLS, TTLS, PEAP, FAST, LEAP), the WPA 4-way handshake's EAPOL-Key frames (contrib wpa_eapol), MKA parameter sets; over Ethernet, SNAP and 802.11."""
from catalog.dsl import B, E, L, P, contrib

SCOPE = r"EAPOL|EAP|EAP_\w+|LEAP|WPA_key|MKA\w+|MACsecSCI|LLC|SNAP|Dot11\w*|PPP"
FILE = "eap.json"

PAE = "01:80:c2:00:00:03"
SUP = "02:00:00:00:00:02"
AUTH = "02:00:00:00:00:01"


def vectors(v):
    contrib("wpa_eapol")
    eapol(v)
    eap(v)
    methods(v)
    keys(v)
    mka(v)
    broken(v)


def eapol(v):
    v.build("eapol/start", E(dst=PAE, src=SUP, type=0x888e), L("EAPOL", type=1))
    v.build("eapol/start-bound", L("Ether", src=SUP), L("EAPOL", version=2, type="EAPOL-Start"), note="bind_top_down: the PAE group address")
    v.build("eapol/logoff", E(dst=PAE, src=SUP), L("EAPOL", version=3, type=2))
    v.build("eapol/given-len", E(dst=PAE, src=SUP), L("EAPOL", type=0, len=5), L("EAP", code=1, id=31, type=1))
    v.dissect("eapol/dissect-padded", "Ether", v.raw(E(dst=PAE, src=SUP), L("EAPOL", type=1)) + bytes(42))


def eap(v):
    ep = [E(dst=SUP, src=AUTH), L("EAPOL", version=2)]
    v.build("eap/identity-request", *ep, L("EAP", code="Request", id=1, type="Identity"))
    v.build("eap/identity-request-message", *ep, L("EAP", code=1, id=11, type=1, message="hello"))
    v.build("eap/identity-response", E(dst=PAE, src=SUP), L("EAPOL"), L("EAP", code="Response", id=1, type=1, identity="alice"))
    v.build("eap/nak", E(dst=PAE, src=SUP), L("EAPOL"), L("EAP", code=2, id=2, type=3, desired_auth_types=[25, 21]))
    v.build("eap/success", *ep, L("EAP", code="Success", id=9))
    v.build("eap/failure", *ep, L("EAP", code=4, id=19))
    v.build("eap/notification", *ep, L("EAP", code=1, id=3, type=2), L("Raw", load="hi"))
    v.dissect("eap/dissect-identity", "Ether", v.raw(E(dst=PAE, src=SUP), L("EAPOL"), L("EAP", code=2, id=21, type=1, identity="bob")))
    v.dissect("eap/dissect-success-padded", "Ether", v.raw(*ep, L("EAP", code=3, id=29)) + bytes(38))


def methods(v):
    ep = [E(dst=SUP, src=AUTH), L("EAPOL", version=2)]
    v.build("eap/md5-challenge", *ep, L("EAP_MD5", id=2, value_size=16, value=B(bytes(range(16)))))
    v.build("eap/md5-response", E(dst=PAE, src=SUP), L("EAPOL"), L("EAP_MD5", code=2, id=2, value_size=16, value=B(bytes(range(16, 32))), optional_name="alice"))
    v.build("eap/md5-unsized", *ep, L("EAP_MD5", id=12, value=B(b"\x01\x02")))
    v.build("eap/tls-start", *ep, L("EAP_TLS", id=13, S=1))
    v.build("eap/tls-length", E(dst=PAE, src=SUP), L("EAPOL"), L("EAP_TLS", code=2, id=3, L=1, M=1, tls_message_len=1000, tls_data=B(b"\x16\x03\x01\x00\x05hello")))
    v.build("eap/ttls", *ep, L("EAP_TTLS", id=4, S=1, version=0))
    v.build("eap/ttls-data", *ep, L("EAP_TTLS", id=14, L=1, message_len=3, data=B(b"\x16\x03\x03")))
    v.build("eap/peap", *ep, L("EAP_PEAP", id=5, S=1))
    v.build("eap/peap-data", E(dst=PAE, src=SUP), L("EAPOL"), L("EAP_PEAP", code=2, id=5, version=0, tls_data=B(b"\x16\x03\x01")))
    v.build("eap/fast", *ep, L("EAP_FAST", id=6, S=1, version=1, data=B(bytes.fromhex("00040010") + bytes(range(16)))))
    v.build("eap/leap", *ep, L("LEAP", id=7, challenge_response=B(bytes(8)), username="bob"))
    v.dissect("eap/dissect-md5", "Ether", v.raw(*ep, L("EAP_MD5", id=22, value_size=4, value=B(b"abcd"), optional_name="srv")))
    v.dissect("eap/dissect-tls-l", "Ether", v.raw(*ep, L("EAP_TLS", id=23, L=1, tls_message_len=4, tls_data=B(b"\x16\x03\x01\x00"))))
    v.dissect("eap/dissect-peap", "Ether", v.raw(*ep, L("EAP_PEAP", id=25, S=1)))
    v.dissect("eap/dissect-leap", "Ether", v.raw(*ep, L("LEAP", id=27, challenge_response=B(bytes(range(8))), username="bob")))
    v.build("eap/over-ppp", L("PPP", proto=0xc227), L("EAP", code=1, id=40, type=1))
    v.dissect("eap/dissect-over-ppp", "PPP", v.raw(L("PPP", proto=0xc227), L("EAP_MD5", id=41, value_size=2, value=B(b"\x01\x02"))))
    v.dissect("eap/dissect-unknown-method", "Ether", v.raw(*ep, L("EAP", code=1, id=8, type=29), L("Raw", load=B(b"\x01\x02\x03"))))


def keys(v):
    ap = [E(dst=SUP, src=AUTH), L("EAPOL", version=2, type=3)]
    st = [E(dst=AUTH, src=SUP), L("EAPOL", version=1, type=3)]
    rc = lambda n: B(n.to_bytes(8, "big"))
    v.build("key/m1", *ap, L("WPA_key", descriptor_type=2, key_info=0x008a, replay_counter=rc(1), nonce=B(bytes(range(32)))))
    v.build("key/m2", *st, L("WPA_key", descriptor_type=2, key_info=0x010a, replay_counter=rc(1), nonce=B(bytes(range(32, 64))), wpa_key_mic=B(bytes(range(16))), wpa_key_length=22, wpa_key=B(bytes.fromhex("30140100000fac040100000fac040100000fac020000"))))
    v.build("key/m3", *ap, L("WPA_key", descriptor_type=2, key_info=0x13ca, replay_counter=rc(2), nonce=B(bytes(range(32))), wpa_key_mic=B(b"\xaa" * 16), wpa_key_length=8, wpa_key=B(b"\x01" * 8)))
    v.build("key/m4", *st, L("WPA_key", descriptor_type=2, key_info=0x030a, replay_counter=rc(2), wpa_key_mic=B(b"\xbb" * 16)))
    v.build("key/over-dot11", L("Dot11", type=2, FCfield="from-DS", addr1=SUP, addr2=AUTH, addr3=AUTH), L("LLC", dsap=0xaa, ssap=0xaa, ctrl=3), L("SNAP", code=0x888e), L("EAPOL", version=2, type=3), L("WPA_key", descriptor_type=2, key_info=0x008a, replay_counter=rc(1)))
    v.dissect("key/dissect-m1", "Ether", v.raw(*ap, L("WPA_key", descriptor_type=2, key_info=0x008a, replay_counter=rc(1), nonce=B(bytes(range(32))))))
    v.dissect("key/dissect-over-dot11", "Dot11", v.raw(L("Dot11", type=2, FCfield="to-DS", addr1=AUTH, addr2=SUP, addr3=AUTH), L("LLC", dsap=0xaa, ssap=0xaa, ctrl=3), L("SNAP", code=0x888e), L("EAPOL", type=3), L("WPA_key", descriptor_type=2, key_info=0x010a, wpa_key_length=2, wpa_key=B(b"\x30\x00"))))


def mka(v):
    mk = [E(dst=PAE, src=SUP), L("EAPOL", version=3, type=5)]
    basic = L("MKABasicParamSet", mka_version_id=1, key_server_priority=16, key_server=1, macsec_desired=1, macsec_capability=2, param_set_body_len=32, SCI=P(L("MACsecSCI", system_identifier=SUP, port_identifier=1)), actor_member_id=B(bytes(range(12))), actor_message_number=1, algorithm_agility=0x0080c201, cak_name=B(b"\x01\x02\x03\x04"))
    icv = P(L("MKAICVSet", param_set_body_len=16, icv=B(b"\x55" * 16)))
    v.build("mka/basic", *mk, L("MKAPDU", basic_param_set=P(basic), parameter_sets=[icv]))
    v.build("mka/peer-list-icv", *mk, L("MKAPDU", basic_param_set=P(basic), parameter_sets=[P(L("MKALivePeerListParamSet", param_set_body_len=16, member_id_message_num=[P(L("MKAPeerListTuple", member_id=B(bytes(12)), message_number=B(b"\x00\x00\x00\x02")))])), P(L("MKAICVSet", param_set_body_len=16, icv=B(b"\x55" * 16)))]))
    v.build("mka/sak-use", *mk, L("MKAPDU", basic_param_set=P(basic), parameter_sets=[P(L("MKASAKUseParamSet", latest_key_an=1, latest_key_tx=1, latest_key_rx=1, param_set_body_len=40, latest_key_key_server_member_id=B(bytes(12)), latest_key_key_number=B(b"\x00\x00\x00\x01"), latest_key_lowest_acceptable_pn=B(bytes(4)), old_key_key_server_member_id=B(bytes(12)), old_key_key_number=B(bytes(4)), old_key_lowest_acceptable_pn=B(bytes(4)))), icv]))
    v.build("mka/distributed-sak", *mk, L("MKAPDU", basic_param_set=P(basic), parameter_sets=[P(L("MKADistributedSAKParamSet", distributed_an=1, param_set_body_len=28, key_number=B(b"\x00\x00\x00\x01"), sak_aes_key_wrap=B(b"\x11" * 24))), icv]))
    v.dissect("mka/dissect", "Ether", v.raw(*mk, L("MKAPDU", basic_param_set=P(basic), parameter_sets=[P(L("MKAPotentialPeerListParamSet", param_set_body_len=16, member_id_message_num=[P(L("MKAPeerListTuple", member_id=B(bytes(range(12))), message_number=B(b"\x00\x00\x00\x07")))])), P(L("MKAICVSet", param_set_body_len=16, icv=B(b"\x66" * 16)))])))
    v.dissect("mka/dissect-unknown-set", "Ether", v.raw(*mk, L("MKAPDU", basic_param_set=P(basic))) + bytes.fromhex("06000004deadbeef"))


def broken(v):
    ep = [E(dst=SUP, src=AUTH), L("EAPOL", version=2)]
    v.dissect("eap/dissect-len-lies", "Ether", v.raw(*ep, L("EAP", code=2, id=1, type=1, identity="bob", len=200)))
    v.dissect("eap/dissect-cut", "Ether", v.raw(*ep, L("EAP_TLS", id=3, L=1, tls_message_len=4, tls_data=B(b"\x16\x03\x01\x00")))[:14 + 4 + 7])
    v.dissect("eap/dissect-eapol-len-lies", "Ether", v.raw(E(dst=PAE, src=SUP), L("EAPOL", type=0, len=900), L("EAP", code=1, id=1, type=1)))
    v.dissect("key/dissect-cut", "Ether", v.raw(E(dst=SUP, src=AUTH), L("EAPOL", type=3), L("WPA_key", key_info=0x8a))[:14 + 4 + 40])
    v.dissect("mka/dissect-lying-set-len", "Ether", v.raw(E(dst=PAE, src=SUP), L("EAPOL", version=3, type=5), L("MKAPDU", basic_param_set=P(L("MKABasicParamSet", param_set_body_len=28, SCI=P(L("MACsecSCI", system_identifier=SUP)))))) + bytes.fromhex("ff000fff0102"))
