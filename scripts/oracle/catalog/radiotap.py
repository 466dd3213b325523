"""RadioTap (every present-bit field Scapy decodes, alignment, extended bitmaps, the FCS flag), Prism and PPI headers."""
from catalog.dsl import B, L, P, contrib

SCOPE = r"RadioTap|RadioTapExtendedPresenceMask|RadioTapTLV|PrismHeader|PPI|PPI_Hdr|PPI_Dot11Common|Dot11\w*"
FILE = "radiotap.json"

A1 = "00:11:22:33:44:55"
A2 = "66:77:88:99:aa:bb"


def D(**kw):
    # A Null data frame: complete without a body, so that tshark reads it whole.
    kw.setdefault("type", 2)
    kw.setdefault("subtype", 4)
    kw.setdefault("FCfield", "to-DS")
    kw.setdefault("addr1", A1)
    kw.setdefault("addr2", A2)
    kw.setdefault("addr3", A2)
    return L("Dot11", **kw)


def vectors(v):
    v.build("radiotap/defaults", L("RadioTap"), D())
    v.build("radiotap/defaults-dot11", L("RadioTap"), L("Dot11"))
    v.build("radiotap/flags-rate-channel", L("RadioTap", present="Flags+Rate+Channel+dBm_AntSignal+Antenna", Flags="ShortPreamble", Rate=11, ChannelFrequency=2437, ChannelFlags="CCK+2GHz", dBm_AntSignal=-42, Antenna=1), D())
    v.build("radiotap/tsft-aligned", L("RadioTap", present="Flags+TSFT+Rate+Channel", mac_timestamp=0x123456789, Flags=0, Rate=2, ChannelFrequency=5180, ChannelFlags="OFDM+5GHz"), D())
    v.build("radiotap/noise-lock-rxflags", L("RadioTap", present="Flags+dBm_AntSignal+dBm_AntNoise+Lock_Quality+Antenna+RXFlags+TXFlags", Flags="FCS", dBm_AntSignal=-60, dBm_AntNoise=-95, Lock_Quality=30, Antenna=2, RXFlags="BAD_PLCP", TXFlags="NOACK+RTS"), L("Dot11FCS", type=2, subtype=4, FCfield="to-DS", addr1=A1, addr2=A2, addr3=A2))
    v.build("radiotap/fcs-bound", L("RadioTap"), L("Dot11FCS", addr1=A1, addr2=A2, addr3=A2), L("Dot11Beacon"), L("Dot11Elt", ID=0, info="net"))
    v.build("radiotap/fcs-given", L("RadioTap", present="Flags", Flags="FCS"), L("Dot11FCS", type=1, subtype=13, addr1=A1, fcs=0x12345678))
    v.build("radiotap/channelplus-mcs", L("RadioTap", present="Flags+ChannelPlus+MCS", ChannelPlusFlags="OFDM+5GHz+40MHz_ext_channel_above", ChannelPlusFrequency=5200, ChannelPlusNumber=40, knownMCS="MCS_bandwidth+MCS_index+guard_interval", MCS_bandwidth=1, guard_interval=1, FEC_type=1, STBC_streams=1, MCS_index=7), D())
    v.build("radiotap/ampdu-vht", L("RadioTap", present="Rate+A_MPDU+VHT", Rate=12, A_MPDU_ref=77, A_MPDU_flags="KnownLastSubframe+LastSubframe", KnownVHT="Bandwidth+GuardInterval", PresentVHT="GuardInterval", VHT_bandwidth=4, mcs_nss=B(b"\x91\x00\x00\x00\x00"), GroupID=3, PartialAID=0x1234), D())
    v.build("radiotap/timestamp", L("RadioTap", present="Flags+timestamp", timestamp=1000000, ts_accuracy=5, ts_unit=1, ts_position=2, ts_flags="Accuracy"), D())
    v.build("radiotap/he-hemu", L("RadioTap", present="Antenna+HE+HE_MU", Antenna=1, he_data1=0x1234, he_data2=2, he_data3=3, he_data4=4, he_data5=5, he_data6=6, hemu_flags1=7, hemu_flags2=8, RU_channel1=[1, 2, 3, 4], RU_channel2=[5, 6, 7, 8]), D())
    v.build("radiotap/hemu-other-lsig", L("RadioTap", present="Flags+HE_MU_other_user+L_SIG", hemuou_per_user_position=1, lsig_data1="rate+length", lsig_length=300, lsig_rate=11), D(), note="Scapy gives per_user_known 2 bytes (radiotap.org: 1), so tshark reads this layout differently")
    v.build("radiotap/lsig", L("RadioTap", present="Flags+L_SIG", Flags="ShortPreamble", lsig_data1="rate+length", lsig_length=300, lsig_rate=11), D())
    v.build("radiotap/fhss-bits-ignored", L("RadioTap", present="Flags+FHSS+dBm_TX_Power", Flags=0), D(), note="FHSS and dBm_TX_Power are not decoded by Scapy: their bits alone are set")
    v.build("radiotap/ext-bitmaps", L("RadioTap", present="Flags+Ext", Flags="ShortPreamble", Ext=[P(L("RadioTapExtendedPresenceMask", present="b3+Ext")), P(L("RadioTapExtendedPresenceMask", present="b1"))]), D())
    v.build("radiotap/notdecoded", L("RadioTap", present="Flags", Flags=0, notdecoded=B(b"\x01\x02\x03")), D())
    v.build("radiotap/given-len", L("RadioTap", len=12, present="Flags+Rate", Flags=0, Rate=2), D())
    v.build("radiotap/tlv", L("RadioTap", present="Flags+TLV", Flags=0, tlvs=[P(L("RadioTapTLV", type=2, data=B(b"\x05\x06\x07")))]), D())
    # Dissection: real layouts, cut and lying bytes
    v.dissect("radiotap/dissect-flags-channel", "RadioTap", v.raw(L("RadioTap", present="TSFT+Flags+Rate+Channel+dBm_AntSignal+Antenna+RXFlags", mac_timestamp=42, Flags="FCS", Rate=2, ChannelFrequency=2412, ChannelFlags="CCK+2GHz", dBm_AntSignal=-30, Antenna=0), L("Dot11FCS", addr1="ff:ff:ff:ff:ff:ff", addr2=A2, addr3=A2), L("Dot11ProbeReq"), L("Dot11Elt", ID=0, info="")))
    v.dissect("radiotap/dissect-ext-chain", "RadioTap", bytes.fromhex("0000 1400 02000080 08000080 00000000 10 000000") + v.raw(D()))
    v.dissect("radiotap/dissect-ext-never-ends", "RadioTap", bytes.fromhex("0000 1000 00000080 ffffffff ffffffff ffffffff"))
    v.dissect("radiotap/dissect-lying-len", "RadioTap", bytes.fromhex("0000 ff00 02000000 00") + v.raw(D()))
    v.dissect("radiotap/dissect-short-len", "RadioTap", bytes.fromhex("0000 0400 06000000 00 04") + v.raw(D()))
    v.dissect("radiotap/dissect-cut", "RadioTap", v.raw(L("RadioTap", present="TSFT+Flags", mac_timestamp=1), D())[:10])
    v.dissect("radiotap/dissect-unknown-fields", "RadioTap", bytes.fromhex("0000 0c00 22000000 00 00 0a00") + v.raw(D()))
    v.dissect("radiotap/dissect-fcs-short", "RadioTap", bytes.fromhex("0000 0900 02000000 10") + bytes.fromhex("d4000000") + bytes.fromhex("001122334455") + b"\x01\x02")
    prism(v)
    ppi(v)


def prism(v):
    v.build("prism/defaults", L("PrismHeader"), D())
    v.build("prism/values", L("PrismHeader", dev=B(b"wlan0"), channel_did=0x3041, channel=6, signal=-50, rate=22, frmlen=40), D(subtype=0), L("LLC"), L("SNAP"), L("ARP", hwsrc=A2, psrc="10.0.0.1", hwdst="00:00:00:00:00:00", pdst="10.0.0.2"))
    v.dissect("prism/dissect", "PrismHeader", v.raw(L("PrismHeader", dev=B(b"wlan0mon"), rssi=5, noise=2), D(), L("Dot11ProbeReq")))
    v.dissect("prism/dissect-cut", "PrismHeader", v.raw(L("PrismHeader"), D())[:100])


def ppi(v):
    contrib("ppi_cace")
    v.build("ppi/defaults", L("PPI", dlt=105), D())
    v.build("ppi/dot11-common", L("PPI", dlt=105, headers=[P(L("PPI_Hdr"), L("PPI_Dot11Common", TSF_Timer=1.5, Pkt_Flags="FCS", Rate=108, Ch_Freq=2437, Ch_Flags="OFDM+2GHz", Antsignal=-40, Antnoise=-95))]), L("Dot11FCS", type=2, subtype=4, FCfield="to-DS", addr1=A1, addr2=A2, addr3=A2))
    v.build("ppi/dot11-common-ms", L("PPI", dlt=105, headers=[P(L("PPI_Hdr"), L("PPI_Dot11Common", Pkt_Flags="TSFT_ms", Rate=2, Ch_Freq=5180, Ch_Flags="OFDM+5GHz"))]), D())
    v.dissect("ppi/dissect-dot11-common-ms", "PPI", v.raw(L("PPI", dlt=105, headers=[P(L("PPI_Hdr"), L("PPI_Dot11Common", TSF_Timer=0.5, Pkt_Flags="TSFT_ms"))]), D()), note="a timer of 500000 ticks read in milliseconds")
    v.dissect("ppi/dissect-dot11-common", "PPI", v.raw(L("PPI", dlt=105, headers=[P(L("PPI_Hdr"), L("PPI_Dot11Common", TSF_Timer=0.25, Rate=22, Ch_Freq=2412, Antsignal=-61))]), D()))
    v.build("ppi/headers", L("PPI", dlt=105, headers=[P(L("PPI_Hdr", pfh_type=2), L("Raw", load=B(bytes.fromhex("00000000000000000000000002006c09a000d8a1"))))]), D())
    v.dissect("ppi/dissect-dot11", "PPI", v.raw(L("PPI", dlt=105), D(), L("Dot11Deauth")))
    v.dissect("ppi/dissect-radiotap", "PPI", v.raw(L("PPI", dlt=127), L("RadioTap", present="Flags", Flags=0), D()))
    v.dissect("ppi/dissect-header-list", "PPI", bytes.fromhex("0000 1000 69000000 0200 0400 01020304") + v.raw(D()))
