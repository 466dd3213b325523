"""SCTP: the common header and its CRC-32C, every chunk and parameter of Scapy 2.5's layers/sctp, padding, broken lengths."""
from catalog.dsl import B, E, IP4, IP6, L, P

SCOPE = r"SCTP\w*"
FILE = "sctp.json"


def S(**kw):
    kw.setdefault("sport", 5000)
    kw.setdefault("dport", 5001)
    return L("SCTP", **kw)


def vectors(v):
    built(v)
    params(v)
    dissected(v)


def built(v):
    v.build("sctp/defaults", E(), IP4(), L("SCTP"))
    v.build("sctp/ipv6", E(), IP6(), S(tag=0x11223344), L("SCTPChunkData", tsn=1, stream_id=0, stream_seq=0, proto_id=0, beginning=1, ending=1, data=B(b"hello")))
    v.build("sctp/data-padded", E(), IP4(), S(tag=0x01020304), L("SCTPChunkData", tsn=0x10, stream_id=1, stream_seq=2, proto_id="WebRTC DCEP", unordered=1, delay_sack=1, data=B(b"abcdefg")))
    v.build("sctp/data-defaults", E(), IP4(), S(), L("SCTPChunkData"))
    v.build("sctp/given-checksum", E(), IP4(), S(chksum=0xdeadbeef), L("SCTPChunkCookieAck"))
    v.build("sctp/init", E(), IP4(), S(sport=40000, dport=7), L("SCTPChunkInit", init_tag=0xabcdef01, a_rwnd=106496, n_out_streams=10, n_in_streams=65535, init_tsn=0x1234, params=[
        P(L("SCTPChunkParamIPv4Addr", addr="10.0.0.1")),
        P(L("SCTPChunkParamIPv6Addr", addr="2001:db8::1")),
        P(L("SCTPChunkParamSupportedAddrTypes", addr_type_list=["IPv4", "IPv6"])),
        P(L("SCTPChunkParamECNCapable")),
        P(L("SCTPChunkParamFwdTSN")),
        P(L("SCTPChunkParamCookiePreservative", sug_cookie_inc=1000)),
        P(L("SCTPChunkParamHostname", hostname=B(b"host.example"))),
        P(L("SCTPChunkParamAdaptationLayer", indication=0x01020304)),
    ]))
    v.build("sctp/init-ack-cookie", E(), IP4(), S(tag=0xabcdef01), L("SCTPChunkInitAck", init_tag=0x55667788, a_rwnd=1500, n_out_streams=1, n_in_streams=1, init_tsn=7, params=[
        P(L("SCTPChunkParamStateCookie", cookie=B(b"\x01\x02\x03\x04\x05"))),
        P(L("SCTPChunkParamUnrocognizedParam", param=B(b"\x00\x0d\x00\x06xy"))),
    ]))
    v.build("sctp/auth-params", E(), IP4(), S(), L("SCTPChunkInit", params=[
        P(L("SCTPChunkParamRandom", random=B(bytes(range(32))))),
        P(L("SCTPChunkParamChunkList", chunk_list=["data", "sack", "address-configuration"])),
        P(L("SCTPChunkParamRequestedHMACFunctions")),
        P(L("SCTPChunkParamRequestedHMACFunctions", HMAC_functions_list=["SHA-1", "SHA-256", 2])),
        P(L("SCTPChunkParamSupportedExtensions")),
    ]))
    v.build("sctp/sack", E(), IP4(), S(), L("SCTPChunkSACK", cumul_tsn_ack=100, a_rwnd=65536, gap_ack_list=["2:5", "8:9"], dup_tsn_list=[101, 0x1234]))
    v.build("sctp/sack-empty", E(), IP4(), S(), L("SCTPChunkSACK"))
    v.build("sctp/heartbeat", E(), IP4(), S(), L("SCTPChunkHeartbeatReq", params=[P(L("SCTPChunkParamHeartbeatInfo", data=B(b"\x00\x01\x02\x03\x04\x05\x06\x07\x08")))]))
    v.build("sctp/heartbeat-ack", E(), IP4(), S(), L("SCTPChunkHeartbeatAck", params=[P(L("SCTPChunkParamHeartbeatInfo", data=B(b"info")))]))
    v.build("sctp/abort-tcb", E(), IP4(), S(), L("SCTPChunkAbort", TCB=1, error_causes=B(b"\x00\x0c\x00\x06ab")))
    v.build("sctp/shutdown-family", E(), IP4(), S(), L("SCTPChunkShutdown", cumul_tsn_ack=42), L("SCTPChunkShutdownAck"), L("SCTPChunkShutdownComplete", TCB=1))
    v.build("sctp/error", E(), IP4(), S(), L("SCTPChunkError", error_causes=B(b"\x00\x01\x00\x08\x00\x05\x00\x00")))
    v.build("sctp/cookie-echo-ack", E(), IP4(), S(), L("SCTPChunkCookieEcho", cookie=B(b"cookie!")), L("SCTPChunkCookieAck"))
    v.build("sctp/auth-chunk", E(), IP4(), S(), L("SCTPChunkAuthentication", shared_key_id=1, HMAC_function=1, HMAC=B(bytes(20))), L("SCTPChunkData", tsn=1, stream_id=0, stream_seq=0, proto_id=0, data=B(b"x")))
    v.build("sctp/bundle", E(), IP4(), S(), L("SCTPChunkSACK", cumul_tsn_ack=5, a_rwnd=1000), L("SCTPChunkData", tsn=6, stream_id=0, stream_seq=1, proto_id=0, data=B(b"ab")), L("SCTPChunkData", tsn=7, stream_id=0, stream_seq=2, proto_id=0, data=B(b"cde")))
    v.build("sctp/given-lengths", E(), IP4(), S(), L("SCTPChunkData", len=30, tsn=1, data=B(b"zz")))


def params(v):
    v.build("sctp/asconf", E(), IP4(), S(), L("SCTPChunkAddressConf", seq=9, params=[
        P(L("SCTPChunkParamIPv4Addr", addr="10.0.0.9")),
        P(L("SCTPChunkParamAddIPAddr", correlation_id=1, addr="10.0.0.5")),
        P(L("SCTPChunkParamDelIPAddr", correlation_id=2, addr_type=6, addr="2001:db8::5")),
        P(L("SCTPChunkParamSetPrimaryAddr", correlation_id=3, addr="10.0.0.6")),
    ]))
    v.build("sctp/asconf-ack", E(), IP4(), S(), L("SCTPChunkAddressConfAck", seq=9, params=[
        P(L("SCTPChunkParamSuccessIndication", correlation_id=1)),
        P(L("SCTPChunkParamErrorIndication", correlation_id=2, error_causes=B(b"\x00\x0b\x00\x04"))),
    ]))
    v.build("sctp/param-defaults", L("SCTPChunkInit", params=[P(L("SCTPChunkParamIPv4Addr")), P(L("SCTPChunkParamIPv6Addr")), P(L("SCTPChunkParamSupportedAddrTypes")), P(L("SCTPChunkParamAddIPAddr"))]))


def dissected(v):
    init = v.raw(E(), IP4(), S(), L("SCTPChunkInit", init_tag=1, a_rwnd=2, n_out_streams=3, n_in_streams=4, init_tsn=5, params=[P(L("SCTPChunkParamIPv4Addr", addr="10.0.0.1")), P(L("SCTPChunkParamHostname", hostname=B(b"abc")))]))
    v.dissect("sctp/dissect-init", "Ether", init)
    v.dissect("sctp/dissect-padded-frame", "Ether", v.raw(E(), IP4(), S(), L("SCTPChunkCookieAck")) + bytes(14))
    v.dissect("sctp/dissect-trailing-short", "SCTP", v.raw(S(), L("SCTPChunkCookieAck")) + b"\x01\x02")
    v.dissect("sctp/dissect-unknown-chunk", "SCTP", v.raw(S(), L("SCTPChunkCookieAck")) + b"\x0c\x00\x00\x08\x00\x00\x00\x01")
    v.dissect("sctp/dissect-unknown-param", "SCTP", v.raw(S(), L("SCTPChunkInit", params=[P(L("SCTPChunkParamECNCapable"))]))[:-4] + b"\x80\x05\x00\x04" + b"")
    v.dissect("sctp/dissect-zero-length-data", "SCTP", v.raw(S(), L("SCTPChunkData", len=0, tsn=1, data=B(b"abcdefgh" * 3))))
    v.dissect("sctp/dissect-zero-length-init", "SCTP", v.raw(S(), L("SCTPChunkInit", len=0, params=[P(L("SCTPChunkParamIPv4Addr"))])))
    v.dissect("sctp/dissect-zero-length-param", "SCTP", v.raw(S(), L("SCTPChunkHeartbeatReq", params=[P(L("SCTPChunkParamHeartbeatInfo", len=0, data=B(b"abcd")))])))
    v.dissect("sctp/dissect-length-past-end", "SCTP", v.raw(S(), L("SCTPChunkCookieEcho", len=200, cookie=B(b"abcd"))))
    v.dissect("sctp/dissect-cut-header", "Ether", v.raw(E(), IP4(), S(), L("SCTPChunkInit"))[:14 + 20 + 8])
    v.dissect("sctp/dissect-cut-chunk", "SCTP", v.raw(S(), L("SCTPChunkInit", params=[P(L("SCTPChunkParamIPv4Addr"))]))[:12 + 10])
    v.dissect("sctp/dissect-sack-count-past-end", "SCTP", v.raw(S(), L("SCTPChunkSACK", n_gap_ack=50, gap_ack_list=["1:2"])))
    v.dissect("sctp/dissect-icmp-quote", "Ether", v.raw(E(), IP4(src="10.0.0.2", dst="10.0.0.1"), L("ICMP", type=3, code=3), L("IPerror", src="10.0.0.1", dst="10.0.0.2", proto=132), L("SCTPerror", sport=5000, dport=5001)))
