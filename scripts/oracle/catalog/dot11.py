"""802.11 frames: every management body Scapy has, control frames (RTS, CTS, Ack, BlockAck(Req), PS-Poll, CF-End, extensions), data and QoS data with LLC/SNAP, four-address frames, WEP/TKIP/CCMP headers, the FCS."""
from catalog.dsl import B, L, P

SCOPE = r"Dot11\w*|RSNCipherSuite|AKMSuite|PMKIDListPacket|LLC|SNAP|IP|UDP|ARP"
FILE = "dot11.json"

AP = "02:00:00:00:01:00"
STA = "02:00:00:00:02:00"
BC = "ff:ff:ff:ff:ff:ff"


def M(subtype, **kw):
    kw.setdefault("addr1", STA)
    kw.setdefault("addr2", AP)
    kw.setdefault("addr3", AP)
    return L("Dot11", type=0, subtype=subtype, **kw)


def C(subtype, **kw):
    kw.setdefault("addr1", STA)
    return L("Dot11", type=1, subtype=subtype, **kw)


def vectors(v):
    management(v)
    control(v)
    data(v)
    protected(v)
    broken(v)


def management(v):
    v.build("dot11/defaults", L("Dot11"))
    v.build("dot11/beacon", M(8, addr1=BC), L("Dot11Beacon", timestamp=123456789, beacon_interval=100, cap="ESS+privacy+short-slot"), L("Dot11Elt", ID="SSID", info="lab"), L("Dot11EltRates", rates=[0x82, 0x84, 0x8b, 0x96]), L("Dot11EltDSSSet", channel=6))
    v.build("dot11/probe-req", M(4, addr1=BC, addr2=STA, addr3=BC), L("Dot11ProbeReq"), L("Dot11Elt", ID=0, info=""), L("Dot11EltRates"))
    v.build("dot11/probe-resp", M(5), L("Dot11ProbeResp", timestamp=42, cap="ESS"), L("Dot11Elt", ID=0, info="lab"))
    v.build("dot11/auth", M(11), L("Dot11Auth", algo="open", seqnum=1, status=0))
    v.build("dot11/auth-sharedkey", M(11, addr1=AP, addr2=STA), L("Dot11Auth", algo="sharedkey", seqnum=3, status="challenge-failure"), L("Dot11Elt", ID=16, info=B(bytes(range(16)))))
    v.build("dot11/deauth", M(12), L("Dot11Deauth", reason="deauth-ST-leaving"))
    v.build("dot11/disas", M(10), L("Dot11Disas", reason=8))
    v.build("dot11/asso-req", M(0, addr1=AP, addr2=STA), L("Dot11AssoReq", cap="ESS+short-preamble", listen_interval=10), L("Dot11Elt", ID=0, info="lab"))
    v.build("dot11/asso-resp", M(1), L("Dot11AssoResp", cap="ESS", status=0, AID=0xc001), L("Dot11EltRates", rates=[0x82]))
    v.build("dot11/reasso-req", M(2, addr1=AP, addr2=STA), L("Dot11ReassoReq", current_AP="02:00:00:00:03:00"), L("Dot11Elt", ID=0, info="lab"))
    v.build("dot11/reasso-resp", M(3), L("Dot11ReassoResp", status=17, AID=2), L("Dot11EltRates"))
    v.build("dot11/atim", M(9), L("Dot11ATIM"))
    v.build("dot11/action", M(13), L("Raw", load=B(bytes.fromhex("030001021000001000"))), note="Scapy 2.5 has no Dot11Action class: the body is Raw")
    v.build("dot11/mgmt-retry-pwmgt", M(8, FCfield="retry+pw-mgt", SC=0x1230, ID=0x3a01), L("Dot11Beacon"), L("Dot11Elt", ID=0, info="lab"))
    v.dissect("dot11/dissect-beacon", "Dot11", v.raw(M(8, addr1=BC), L("Dot11Beacon", cap="ESS"), L("Dot11Elt", ID=0, info="lab"), L("Dot11Elt", ID=5, info=B(b"\x00\x01\x00\x00"))))
    v.dissect("dot11/dissect-auth", "Dot11", v.raw(M(11), L("Dot11Auth", seqnum=2)))


def control(v):
    v.build("dot11/rts", C(11, addr2=AP, ID=0x2c00))
    v.build("dot11/cts", C(12, ID=0x2c00))
    v.build("dot11/ack", C(13), L("Dot11Ack"))
    v.build("dot11/block-ack-req", C(8, addr2=AP), L("Raw", load=B(b"\x04\x00\x10\x00")))
    v.build("dot11/block-ack", C(9, addr2=AP), L("Raw", load=B(b"\x05\x00\x10\x00" + b"\xff" * 8)))
    v.build("dot11/ps-poll", C(10, ID=0xc001, addr2=STA))
    v.build("dot11/cf-end", C(14, addr1=BC, addr2=AP))
    v.build("dot11/ctrl-ext-dmg-dts", C(6, cfe=6, addr2=AP, addr3=STA))
    v.build("dot11/ctrl-ext-protected", C(6, cfe="Grant", addr2=AP, FCfield="protected+order"))
    v.build("dot11/ctrl-ext-poll", C(6, cfe="Poll", addr2=AP))
    v.dissect("dot11/dissect-ack", "Dot11", bytes.fromhex("d4000000") + bytes.fromhex("020000000200"))
    v.dissect("dot11/dissect-rts", "Dot11", v.raw(C(11, addr2=AP, ID=500)))


def data(v):
    snap = [L("LLC", dsap=0xaa, ssap=0xaa, ctrl=3), L("SNAP", code=0x0800), L("IP", src="10.0.0.1", dst="10.0.0.2"), L("UDP", sport=1234, dport=53)]
    v.build("dot11/data-to-ds", L("Dot11", type=2, subtype=0, FCfield="to-DS", addr1=AP, addr2=STA, addr3="02:00:00:00:09:09", SC=0x10), *snap)
    v.build("dot11/data-from-ds", L("Dot11", type=2, FCfield="from-DS", addr1=STA, addr2=AP, addr3="02:00:00:00:09:09"), *snap)
    v.build("dot11/data-wds", L("Dot11", type=2, FCfield="to-DS+from-DS", addr1=AP, addr2="02:00:00:00:04:00", addr3=STA, addr4="02:00:00:00:05:00"), *snap)
    v.build("dot11/qos-data", L("Dot11", type=2, subtype=8, FCfield="to-DS", addr1=AP, addr2=STA, addr3=AP), L("Dot11QoS", TID=5, Ack_Policy=1, TXOP=3), *snap)
    v.build("dot11/qos-bound", L("Dot11", type=2, addr1=AP, addr2=STA, addr3=AP), L("Dot11QoS"), L("LLC"), note="bind_top_down: Dot11()/Dot11QoS() is QoS Null (subtype 12)")
    v.build("dot11/qos-amsdu", L("Dot11", type=2, subtype=8, FCfield="from-DS", addr1=STA, addr2=AP, addr3=AP), L("Dot11QoS", A_MSDU_Present=1, TID=2), L("Raw", load=B(bytes.fromhex("020000000200020000000100000a") + bytes.fromhex("aaaa0300000088b50102"))))
    v.build("dot11/null-data", L("Dot11", type=2, subtype=4, FCfield="to-DS+pw-mgt", addr1=AP, addr2=STA, addr3=AP))
    v.build("dot11/fcs-data", L("Dot11FCS", type=2, FCfield="to-DS", addr1=AP, addr2=STA, addr3=AP), *snap)
    v.build("dot11/fcs-given", L("Dot11FCS", type=0, subtype=12, addr1=STA, addr2=AP, addr3=AP, fcs=0xdeadbeef), L("Dot11Deauth"))
    v.dissect("dot11/dissect-data", "Dot11", v.raw(L("Dot11", type=2, FCfield="to-DS", addr1=AP, addr2=STA, addr3=AP), *snap))
    v.dissect("dot11/dissect-fcs", "Dot11FCS", v.raw(L("Dot11FCS", type=2, FCfield="from-DS", addr1=STA, addr2=AP, addr3=AP), *snap))
    v.dissect("dot11/dissect-fcs-arp", "Dot11FCS", v.raw(L("Dot11FCS", type=2, FCfield="from-DS", addr1=BC, addr2=AP, addr3=AP), L("LLC", dsap=0xaa, ssap=0xaa, ctrl=3), L("SNAP", code=0x0806), L("ARP", hwsrc=STA, psrc="10.0.0.1", pdst="10.0.0.2", hwdst="00:00:00:00:00:00")))


def protected(v):
    prot = dict(type=2, FCfield="to-DS+protected", addr1=AP, addr2=STA, addr3=AP)
    v.dissect("dot11/dissect-wep", "Dot11", v.raw(L("Dot11", **prot)) + bytes.fromhex("abcdef40") + bytes(range(20)) + bytes.fromhex("11223344"))
    v.dissect("dot11/dissect-tkip", "Dot11", v.raw(L("Dot11", **prot)) + bytes.fromhex("01210060") + bytes.fromhex("02030405") + bytes(range(24)))
    v.dissect("dot11/dissect-ccmp", "Dot11", v.raw(L("Dot11", **prot)) + bytes.fromhex("05000020") + bytes.fromhex("00000000") + bytes(range(24)))
    v.dissect("dot11/dissect-qos-ccmp", "Dot11", v.raw(L("Dot11", type=2, subtype=8, FCfield="to-DS+protected", addr1=AP, addr2=STA, addr3=AP), L("Dot11QoS", TID=6)) + bytes.fromhex("07000020") + bytes.fromhex("00000000") + bytes(range(16)))
    v.dissect("dot11/dissect-unknown-crypto", "Dot11", v.raw(L("Dot11", **prot)) + bytes.fromhex("01020320") + bytes(12))
    v.build("dot11/wep-given", L("Dot11", **prot), L("Dot11WEP", iv=B(b"\x01\x02\x03"), keyid=0, wepdata=B(b"\xaa" * 12), icv=0x11223344))
    v.build("dot11/ccmp", L("Dot11", **prot), L("Dot11CCMP", PN0=1, PN1=2, ext_iv=1, key_id=1, PN2=3, data=B(b"\x00" * 16)))
    v.build("dot11/tkip", L("Dot11", **prot), L("Dot11TKIP", TSC1=1, WEPSeed=0x21, TSC0=5, ext_iv=1, TSC2=9, data=B(b"\x00" * 12)))
    v.build("dot11/tkip-no-ext", L("Dot11", **prot), L("Dot11TKIP", TSC1=1, WEPSeed=0x21, TSC0=5, data=B(b"\x00" * 12)))


def broken(v):
    beacon = v.raw(M(8), L("Dot11Beacon"), L("Dot11Elt", ID=0, info="lab"))
    v.dissect("dot11/dissect-cut-header", "Dot11", beacon[:15])
    v.dissect("dot11/dissect-cut-beacon", "Dot11", beacon[:30])
    v.dissect("dot11/dissect-fcs-cut", "Dot11FCS", v.raw(C(13))[:8])
    v.dissect("dot11/dissect-elt-past-end", "Dot11", v.raw(M(8), L("Dot11Beacon")) + b"\x00\x20abc")
