"""RADIUS (RFC 2865/2866/2869): messages, every kind of attribute, Vendor-Specific, Message-Authenticator."""
from catalog.dsl import B, E, IP4, L, P

SCOPE = r"Radius|RadiusAttribute|RadiusAttr_\w+"
FILE = "radius.json"

AUTH = B(bytes(range(16)))


def vectors(v):
    v.build("radius/defaults", E(), IP4(), L("UDP"), L("Radius"))
    v.build("radius/access-request", E(), IP4(), L("UDP", sport=50000, dport=1812), L("Radius", code="Access-Request", id=7, authenticator=AUTH, attributes=[
        P(L("RadiusAttr_User_Name", value=B(b"alice"))),
        P(L("RadiusAttr_User_Password", value=B(bytes(range(16, 32))))),
        P(L("RadiusAttr_NAS_IP_Address", value="10.0.0.1")),
        P(L("RadiusAttr_NAS_Port", value=1)),
        P(L("RadiusAttr_Service_Type", value=2)),
        P(L("RadiusAttr_Message_Authenticator")),
    ]))
    v.build("radius/access-accept", E(), IP4(), L("UDP", sport=1812, dport=50000), L("Radius", code=2, id=7, authenticator=AUTH, attributes=[
        P(L("RadiusAttr_Framed_IP_Address", value="10.0.0.77")), P(L("RadiusAttr_Framed_MTU", value=1500)), P(L("RadiusAttr_Session_Timeout", value=3600)),
        P(L("RadiusAttr_Framed_Protocol", value=1)), P(L("RadiusAttribute", type=18, value=B(b"Hello, alice"))),
    ]))
    v.build("radius/access-reject-challenge", L("Radius", code=11, id=3, attributes=[P(L("RadiusAttr_State", value=B(b"\x01\x02\x03\x04"))), P(L("RadiusAttribute", type=18, value=B(b"challenge")))]))
    v.build("radius/accounting", E(), IP4(), L("UDP", sport=50000, dport=1813), L("Radius", code="Accounting-Request", id=9, attributes=[
        P(L("RadiusAttr_Acct_Status_Type", value=1)), P(L("RadiusAttribute", type=44, value=B(b"sess-0001"))), P(L("RadiusAttr_Acct_Authentic", value=1)),
        P(L("RadiusAttr_Acct_Input_Octets", value=123456)), P(L("RadiusAttr_Acct_Terminate_Cause", value=1)), P(L("RadiusAttr_NAS_Port_Type", value=15)),
    ]))
    v.build("radius/vendor-specific", L("Radius", attributes=[P(L("RadiusAttr_Vendor_Specific", vendor_id=9, vendor_type=1, value=B(b"shell:priv-lvl=15"))), P(L("RadiusAttr_Vendor_Specific", vendor_id=311, vendor_type=16, value=B(bytes(34))))]))
    v.build("radius/ipv4-family", L("Radius", attributes=[P(L(n, value="192.0.2.%d" % i)) for i, n in enumerate([
        "RadiusAttr_Framed_IP_Netmask", "RadiusAttr_Login_IP_Host", "RadiusAttr_Framed_IPX_Network", "RadiusAttr_PMIP6_Home_LMA_IPv4_Address", "RadiusAttr_PMIP6_Visited_LMA_IPv4_Address",
        "RadiusAttr_PMIP6_Home_DHCP4_Server_Address", "RadiusAttr_PMIP6_Visited_DHCP4_Server_Address", "RadiusAttr_PMIP6_Home_IPv4_Gateway", "RadiusAttr_PMIP6_Visited_IPv4_Gateway"])]))
    v.build("radius/int-family", L("Radius", attributes=[P(L(n, value=1000 + i)) for i, n in enumerate([
        "RadiusAttr_Login_TCP_Port", "RadiusAttr_Idle_Timeout", "RadiusAttr_Framed_AppleTalk_Link", "RadiusAttr_Framed_AppleTalk_Network", "RadiusAttr_Acct_Delay_Time",
        "RadiusAttr_Acct_Output_Octets", "RadiusAttr_Acct_Session_Time", "RadiusAttr_Acct_Input_Packets", "RadiusAttr_Acct_Output_Packets", "RadiusAttr_Acct_Link_Count",
        "RadiusAttr_Acct_Input_Gigawords", "RadiusAttr_Acct_Output_Gigawords", "RadiusAttr_Egress_VLANID", "RadiusAttr_Port_Limit", "RadiusAttr_ARAP_Security",
        "RadiusAttr_Password_Retry", "RadiusAttr_Tunnel_Preference", "RadiusAttr_Acct_Interim_Interval", "RadiusAttr_Acct_Tunnel_Packets_Lost",
        "RadiusAttr_Management_Privilege_Level", "RadiusAttr_Mobility_Domain_Id", "RadiusAttr_Preauth_Timeout", "RadiusAttr_WLAN_Venue_Info", "RadiusAttr_WLAN_Reason_Code",
        "RadiusAttr_WLAN_Pairwise_Cipher", "RadiusAttr_WLAN_Group_Cipher", "RadiusAttr_WLAN_AKM_Suite", "RadiusAttr_WLAN_Group_Mgmt_Cipher", "RadiusAttr_WLAN_RF_Band"])]))
    v.build("radius/coa-port", E(), IP4(), L("UDP", sport=50000, dport=3799), L("Radius", code="CoA-Request", id=1))
    v.build("radius/given-lengths", L("Radius", len=40, attributes=[P(L("RadiusAttribute", type=1, len=5, value=B(b"bob")))]))
    v.dissect("radius/dissect-request", "Ether", v.raw(E(), IP4(), L("UDP", sport=50000, dport=1812), L("Radius", id=1, authenticator=AUTH, attributes=[
        P(L("RadiusAttr_User_Name", value=B(b"bob"))), P(L("RadiusAttr_NAS_IP_Address", value="10.0.0.1")), P(L("RadiusAttr_Message_Authenticator", value=B(b"\xaa" * 16))),
        P(L("RadiusAttribute", type=31, value=B(b"02-00-00-00-00-01"))), P(L("RadiusAttr_Vendor_Specific", vendor_id=14122, vendor_type=1, value=B(b"x")))])))
    v.dissect("radius/dissect-reply-sport", "Ether", v.raw(E(), IP4(), L("UDP", sport=1812, dport=50000), L("Radius", code=2, id=1, attributes=[P(L("RadiusAttr_Service_Type", value=99))])))
    v.dissect("radius/dissect-acct-1813", "Ether", v.raw(E(), IP4(), L("UDP", sport=1813, dport=50000), L("Radius", code=5, id=1)))
    v.dissect("radius/dissect-len-past-end", "Radius", v.raw(L("Radius", len=200, attributes=[P(L("RadiusAttr_User_Name", value=B(b"eve")))])))
    v.dissect("radius/dissect-attr-len-zero", "Radius", v.raw(L("Radius")) + b"")
    v.dissect("radius/dissect-attr-cut", "Radius", bytes.fromhex("0101001a") + bytes(16) + bytes.fromhex("0110616263"))
    v.dissect("radius/dissect-trailing", "Radius", v.raw(L("Radius", attributes=[P(L("RadiusAttr_NAS_Port", value=3))])) + b"\x00\x00\x00")
    v.dissect("radius/dissect-hex-len-zero", "Radius", bytes.fromhex("01010016") + bytes(16) + bytes.fromhex("1800"))
