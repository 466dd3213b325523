"""802.11 information elements: generic (SSID, TIM, unknown IDs), Rates and Extended Rates, DSSS, ERP, Country, RSN (every optional part), HT capabilities, vendor-specific and Microsoft WPA; chained after management bodies; lying and cut lengths."""
from catalog.dsl import B, L, P

SCOPE = r"Dot11\w*|RSNCipherSuite|AKMSuite|PMKIDListPacket"
FILE = "dot11elt.json"


def vectors(v):
    v.build("elt/defaults", L("Dot11Elt"))
    v.build("elt/ssid", L("Dot11Elt", ID="SSID", info="packetry-lab"))
    v.build("elt/ssid-deprecated-id-name", L("Dot11Elt", ID="Vendor", info=B(b"\x00\x50\xf2\x04\x10\x4a")))
    v.build("elt/tim", L("Dot11Elt", ID=5, info=B(b"\x00\x01\x00\x00")))
    v.build("elt/given-len", L("Dot11Elt", ID=0, len=2, info="abcd"))
    v.build("elt/bss-load", L("Dot11Elt", ID=11, info=B(b"\x01\x00\x10\x00\x00")))
    v.build("elt/unknown-id", L("Dot11Elt", ID=200, info=B(b"\x01\x02\x03")))
    v.build("elt/rates-default", L("Dot11EltRates"))
    v.build("elt/rates", L("Dot11EltRates", rates=[0x82, 0x84, 0x8b, 0x96, 0x0c, 0x12, 0x18, 0x24]))
    v.build("elt/ext-rates", L("Dot11EltRates", ID=50, rates=[0x30, 0x48, 0x60, 0x6c]))
    v.build("elt/dsss", L("Dot11EltDSSSet", channel=11))
    v.build("elt/erp", L("Dot11EltERP", NonERP_Present=1, Use_Protection=1))
    v.build("elt/country", L("Dot11EltCountry", country_string=B(b"FR "), descriptors=[P(L("Dot11EltCountryConstraintTriplet", first_channel_number=1, num_channels=13, mtp=20))]))
    v.build("elt/country-two", L("Dot11EltCountry", country_string=B(b"USI"), descriptors=[P(L("Dot11EltCountryConstraintTriplet")), P(L("Dot11EltCountryConstraintTriplet", first_channel_number=36, num_channels=4, mtp=23))]))
    v.build("elt/rsn-default", L("Dot11EltRSN"))
    v.build("elt/rsn-psk", L("Dot11EltRSN", len=20, mfp_capable=0, mfp_required=0, akm_suites=[P(L("AKMSuite", suite="PSK"))]))
    v.build("elt/rsn-many", L("Dot11EltRSN", group_cipher_suite=P(L("RSNCipherSuite", cipher="TKIP")), pairwise_cipher_suites=[P(L("RSNCipherSuite", cipher="TKIP")), P(L("RSNCipherSuite"))], akm_suites=[P(L("AKMSuite", suite="PSK")), P(L("AKMSuite", suite="SAE"))], pmkids=P(L("PMKIDListPacket", pmkid_list=[B(bytes(range(16)))]))))
    v.build("elt/ht-default", L("Dot11EltHTCapabilities"))
    v.build("elt/ht", L("Dot11EltHTCapabilities", LDPC_Coding_Capability=1, Supported_Channel_Width=1, SM_Power_Save=3, Short_GI_20Mhz=1, Short_GI_40Mhz=1, Rx_STBC=1, Max_A_MSDU=1, Max_A_MPDU_Length_Exponent=3, Min_MPDCU_Start_Spacing=6, RX_MSC_Bitmask=0xffff, TX_MCS_Set_Defined=1, RX_Highest_Supported_Data_Rate=300, ASEL="Antenna_Selection"))
    v.build("elt/vendor", L("Dot11EltVendorSpecific", oui=0x0017f2, info=B(b"\x0a\x00\x01\x04\x00\x00\x00\x00")))
    v.build("elt/ms-wpa", L("Dot11EltMicrosoftWPA"))
    v.build("elt/ms-wpa-psk", L("Dot11EltMicrosoftWPA", group_cipher_suite=P(L("RSNCipherSuite", oui=0x0050f2, cipher=2)), pairwise_cipher_suites=[P(L("RSNCipherSuite", oui=0x0050f2, cipher=2))], akm_suites=[P(L("AKMSuite", oui=0x0050f2, suite=2))]))
    v.build("elt/chain", L("Dot11Elt", ID=0, info="a"), L("Dot11EltRates"), L("Dot11EltDSSSet", channel=1), L("Dot11Elt", ID=5, info=B(b"\x00\x01\x00\x00")), L("Dot11EltRSN"))
    v.dissect("elt/dissect-chain", "Dot11Elt", v.raw(L("Dot11Elt", ID=0, info="a"), L("Dot11EltRates"), L("Dot11EltDSSSet", channel=1), L("Dot11EltCountry", country_string=B(b"DE "), descriptors=[P(L("Dot11EltCountryConstraintTriplet"))]), L("Dot11EltRSN"), L("Dot11EltHTCapabilities"), L("Dot11EltMicrosoftWPA"), L("Dot11EltVendorSpecific", oui=0x506f9a, info=B(b"\x10"))))
    v.dissect("elt/dissect-rsn-no-pmkid", "Dot11Elt", bytes.fromhex("3014 0100 000fac04 0100 000fac04 0100 000fac02 0c00"))
    v.dissect("elt/dissect-rsn-pmkid-no-group", "Dot11Elt", bytes.fromhex("3026 0100 000fac04 0100 000fac04 0100 000fac02 0000 0100") + bytes(range(16)))
    v.dissect("elt/dissect-rsn-short", "Dot11Elt", bytes.fromhex("3006 0100 000fac04"))
    v.dissect("elt/dissect-country-odd", "Dot11Elt", bytes.fromhex("0706 555320 010b1e"))
    v.dissect("elt/dissect-country-pad", "Dot11Elt", bytes.fromhex("070a 555320 010b1e 24041e 00"))
    v.dissect("elt/dissect-len-past-end", "Dot11Elt", bytes.fromhex("0010616263"))
    v.dissect("elt/dissect-len-zero", "Dot11Elt", bytes.fromhex("0000 0000 0100"))
    v.dissect("elt/dissect-rates-past-end", "Dot11Elt", bytes.fromhex("0108 8284"))
    v.dissect("elt/dissect-vendor-short", "Dot11Elt", bytes.fromhex("dd02 0050"))
    v.dissect("elt/dissect-ht-cut", "Dot11Elt", v.raw(L("Dot11EltHTCapabilities"))[:12])
    v.dissect("elt/dissect-after-probe", "Dot11", v.raw(L("Dot11", type=0, subtype=4, addr1="ff:ff:ff:ff:ff:ff", addr2="02:00:00:00:02:00", addr3="ff:ff:ff:ff:ff:ff"), L("Dot11ProbeReq"), L("Dot11Elt", ID=0, info=""), L("Dot11EltRates"), L("Dot11Elt", ID=50, info=B(b"\x0c\x12")), L("Dot11EltHTCapabilities", Short_GI_20Mhz=1)))
