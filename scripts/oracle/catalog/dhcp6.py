"""DHCPv6 (RFC 8415): every message class, the options (chained as payloads, listed inside IAs), the DUIDs."""
from catalog.dsl import B, E, IP6, L, LL_A, LL_B, P

SCOPE = r"DHCP6\w*|DUID_\w+|USER_CLASS_DATA|VENDOR_CLASS_DATA|VENDOR_SPECIFIC_OPTION"
FILE = "dhcp6.json"

C = dict(src=LL_A, dst="ff02::1:2")
S = dict(src=LL_B, dst=LL_A)
LLT = P(L("DUID_LLT", timeval=0x2a000000, lladdr="00:11:22:33:44:55"))
LL = P(L("DUID_LL", lladdr="66:77:88:99:aa:bb"))


def vectors(v):
    messages(v)
    options(v)
    duids(v)
    dissect(v)


def messages(v):
    v.build("dhcp6/solicit", E(dst="33:33:00:01:00:02"), IP6(**C), L("UDP"), L("DHCP6_Solicit", trid=0x123456),
            L("DHCP6OptClientId", duid=LLT), L("DHCP6OptElapsedTime"), L("DHCP6OptOptReq", reqopts=[23, 24, 39]), L("DHCP6OptIA_NA", iaid=0xf1))
    v.build("dhcp6/advertise", E(), IP6(**S), L("UDP"), L("DHCP6_Advertise", trid=0x123456),
            L("DHCP6OptIA_NA", iaid=0xf1, T1=3600, T2=5400, ianaopts=[P(L("DHCP6OptIAAddress", addr="2001:db8::100", preflft=7200, validlft=7500))]),
            L("DHCP6OptClientId", duid=LLT), L("DHCP6OptServerId", duid=LL), L("DHCP6OptPref", prefval=10), L("DHCP6OptDNSServers", dnsservers=["2001:db8::53", "2001:db8::54"]), L("DHCP6OptDNSDomains", dnsdomains=["example.com", "lab.example.com."]))
    v.build("dhcp6/request", E(), IP6(**C), L("UDP"), L("DHCP6_Request", trid=7), L("DHCP6OptClientId", duid=LLT), L("DHCP6OptServerId", duid=LL), L("DHCP6OptIA_NA", iaid=1, ianaopts=[P(L("DHCP6OptIAAddress", addr="2001:db8::100"))]))
    v.build("dhcp6/reply-status", E(), IP6(**S), L("UDP"), L("DHCP6_Reply", trid=7), L("DHCP6OptStatusCode", statuscode="NoAddrsAvail", statusmsg="no addresses here"), L("DHCP6OptServerId", duid=LL))
    v.build("dhcp6/confirm-renew-rebind", L("DHCP6_Confirm", trid=1), L("DHCP6OptClientId"))
    v.build("dhcp6/renew", L("UDP"), L("DHCP6_Renew", trid=2))
    v.build("dhcp6/rebind", L("UDP"), L("DHCP6_Rebind", trid=3))
    v.build("dhcp6/release", L("UDP"), L("DHCP6_Release", trid=4), L("DHCP6OptIA_TA", iaid=9, iataopts=[P(L("DHCP6OptIAAddress", addr="2001:db8::9"))]))
    v.build("dhcp6/decline", L("UDP"), L("DHCP6_Decline", trid=5))
    v.build("dhcp6/reconfigure", L("UDP"), L("DHCP6_Reconf"), L("DHCP6OptReconfMsg", msgtype=5), L("DHCP6OptAuth", authinfo=B(bytes(range(17)))))
    v.build("dhcp6/info-request", E(), IP6(**C), L("UDP"), L("DHCP6_InfoRequest", trid=0xabcdef), L("DHCP6OptOptReq"), L("DHCP6OptElapsedTime", elapsedtime=0xffff))
    v.build("dhcp6/relay-forward", E(), IP6(src="2001:db8::1", dst="2001:db8::2"), L("UDP"), L("DHCP6_RelayForward", hopcount=1, linkaddr="2001:db8:1::1", peeraddr=LL_A),
            L("DHCP6OptIfaceId", ifaceid=B(b"eth0")), L("DHCP6OptRelayMsg", message=P(L("DHCP6_Solicit", trid=0x42), L("DHCP6OptClientId", duid=LLT))))
    v.build("dhcp6/relay-reply", L("UDP", sport=547, dport=547), L("DHCP6_RelayReply", hopcount=1, peeraddr=LL_A), L("DHCP6OptRelayMsg", message=P(L("DHCP6_Advertise", trid=0x42))))
    v.build("dhcp6/ia-pd", L("UDP"), L("DHCP6_Reply", trid=9), L("DHCP6OptIA_PD", iaid=3, T1=100, T2=200, iapdopt=[P(L("DHCP6OptIAPrefix", plen=56, prefix="2001:db8:ff00::", preflft="infinity", validlft=0xffffffff)), P(L("DHCP6OptStatusCode", statuscode=0, statusmsg="ok"))]))


def options(v):
    v.build("dhcp6opt/unicast-rapid-reconf-accept", L("DHCP6_Reply"), L("DHCP6OptServerUnicast", srvaddr="2001:db8::547"), L("DHCP6OptRapidCommit"), L("DHCP6OptReconfAccept"))
    v.build("dhcp6opt/user-vendor-class", L("DHCP6_Solicit"), L("DHCP6OptUserClass", userclassdata=[P(L("USER_CLASS_DATA", data=B(b"lab"))), P(L("USER_CLASS_DATA", data=B(b"x")))]),
            L("DHCP6OptVendorClass", enterprisenum=311, vcdata=[P(L("VENDOR_CLASS_DATA", data=B(b"MSFT 5.0")))]))
    v.build("dhcp6opt/vendor-specific", L("DHCP6_Reply"), L("DHCP6OptVendorSpecificInfo", enterprisenum=9, vso=[P(L("VENDOR_SPECIFIC_OPTION", optcode=1, optdata=B(b"tftp"))), P(L("VENDOR_SPECIFIC_OPTION", optcode=2, optdata=B(b"\x0a\x00\x00\x01")))]))
    v.build("dhcp6opt/sip-nis-sntp", L("DHCP6_Reply"), L("DHCP6OptSIPDomains", sipdomains=["sip.example."]), L("DHCP6OptSIPServers", sipservers=["2001:db8::5060"]),
            L("DHCP6OptNISServers", nisservers=["2001:db8::1"]), L("DHCP6OptNISPServers", nispservers=["2001:db8::2"]), L("DHCP6OptNISDomain", nisdomain="nis.example"), L("DHCP6OptNISPDomain", nispdomain="nisp.example."),
            L("DHCP6OptSNTPServers", sntpservers=["2001:db8::123"]), L("DHCP6OptInfoRefreshTime", reftime=600))
    v.build("dhcp6opt/bcmcs-remote-subscriber-fqdn", L("DHCP6_Reply"), L("DHCP6OptBCMCSDomains", bcmcsdomains=["bcmcs.example"]), L("DHCP6OptBCMCSServers", bcmcsservers=["2001:db8::b"]),
            L("DHCP6OptRemoteID", enterprisenum=4526, remoteid=B(b"port7")), L("DHCP6OptSubscriberID", subscriberid=B(b"sub-1")), L("DHCP6OptClientFQDN", flags="S", fqdn="host1.example.com."))
    v.build("dhcp6opt/pana-tz-ero-lq", L("DHCP6_Reply"), L("DHCP6OptPanaAuthAgent", paaaddr=["2001:db8::a"]), L("DHCP6OptNewPOSIXTimeZone", optdata=B(b"EST5EDT4,M3.2.0/02:00,M11.1.0/02:00")),
            L("DHCP6OptNewTZDBTimeZone", optdata=B(b"Europe/Zurich")), L("DHCP6OptRelayAgentERO", reqopts=[37, 38]), L("DHCP6OptLQClientLink", linkaddress=["2001:db8::1", "2001:db8::2"]))
    v.build("dhcp6opt/boot-arch-nii-erp", L("DHCP6_Solicit"), L("DHCP6OptBootFileUrl", optdata=B(b"tftp://[2001:db8::1]/boot.efi")), L("DHCP6OptClientArchType", archtypes=[7, 9]),
            L("DHCP6OptClientNetworkInterId", iitype=1, iimajor=3, iiminor=10), L("DHCP6OptERPDomain", erpdomain=["erp.example."]))
    v.build("dhcp6opt/relay-supplied-vss-lladdr-mud", L("DHCP6_RelayForward"), L("DHCP6OptRelaySuppliedOpt", relaysupplied=[P(L("DHCP6OptERPDomain", erpdomain=["a."]))]),
            L("DHCP6OptClientLinkLayerAddr", clladdr="00:11:22:33:44:55"), L("DHCP6OptMudUrl", mudstring=B(b"https://mud.example/x")), L("DHCP6OptVSS", type=1, data=B(b"vpn1")))
    v.build("dhcp6opt/unknown", L("DHCP6_Solicit"), L("DHCP6OptUnknown", optcode=200, data=B(b"\x01\x02\x03")))
    v.build("dhcp6opt/auth-replay", L("DHCP6OptAuth", proto=1, alg=1, rdm=0, replay=B(bytes(range(8))), authinfo=B(b"k" * 16)))


def duids(v):
    v.build("duid/llt", L("DUID_LLT", timeval=1000, lladdr="00:11:22:33:44:55"))
    v.build("duid/en", L("DHCP6OptClientId", duid=P(L("DUID_EN", enterprisenum=9, id=B(b"\x01\x02\x03\x04")))))
    v.build("duid/ll", L("DHCP6OptServerId", duid=P(L("DUID_LL", hwtype=6, lladdr="00:11:22:33:44:55"))))
    v.build("duid/uuid", L("DHCP6OptClientId", duid=P(L("DUID_UUID", uuid="12345678-1234-5678-9abc-def012345678"))))
    v.build("duid/bytes", L("DHCP6OptClientId", duid=B(b"\x00\x09\x01\x02")))


def dissect(v):
    v.dissect("dhcp6/dissect-solicit", "Ether", v.raw(E(dst="33:33:00:01:00:02"), IP6(**C), L("UDP"), L("DHCP6_Solicit", trid=0x99), L("DHCP6OptClientId", duid=LLT), L("DHCP6OptIA_NA", iaid=5, ianaopts=[P(L("DHCP6OptIAAddress", addr="2001:db8::5")), P(L("DHCP6OptStatusCode", statuscode=0, statusmsg="ok"))]), L("DHCP6OptElapsedTime", elapsedtime=150)))
    v.dissect("dhcp6/dissect-reply-546", "Ether", v.raw(E(), IP6(**S), L("UDP", sport=547, dport=546), L("DHCP6_Reply", trid=0x99), L("DHCP6OptServerId", duid=LL), L("DHCP6OptDNSServers", dnsservers=["2001:db8::53"])))
    v.dissect("dhcp6/dissect-relay", "Ether", v.raw(E(), IP6(), L("UDP", sport=547, dport=547), L("DHCP6_RelayForward", hopcount=0, peeraddr=LL_A), L("DHCP6OptRelayMsg", message=P(L("DHCP6_Request", trid=3), L("DHCP6OptClientId", duid=LLT)))))
    other = "an unknown message type is DHCP6 (the generic class) here, Raw in Scapy: DHCP6(bytes) dispatches, and must read back its own default bytes"
    v.dissect("dhcp6/dissect-unknown-type", "Ether", v.raw(E(), IP6(), L("UDP", sport=546, dport=547), L("Raw", load=B(b"\x63\x00\x00\x01\x00\x01"))), unchecked={"layers": other, "show2": other, "dissect.summary": other})
    v.dissect("dhcp6/dissect-unknown-option", "DHCP6_Solicit", bytes.fromhex("01000001" "00c80003616263" "00080002000a"))
    v.dissect("dhcp6/dissect-unknown-in-ia", "DHCP6OptIA_NA", bytes.fromhex("000300130000000100000000000000000" "0c80003616263"))
    v.dissect("dhcp6/dissect-odd-oro", "DHCP6OptOptReq", bytes.fromhex("00060003001700"))
    v.dissect("dhcp6/dissect-short-duid", "DHCP6OptClientId", bytes.fromhex("000100030001ff"))
    v.dissect("dhcp6/dissect-optlen-past-end", "DHCP6_Reply", bytes.fromhex("07000001" "00170040" + "20010db8" * 4))
    v.dissect("dhcp6/dissect-trailing-byte", "DHCP6_Reply", bytes.fromhex("07000001" "000e0000" "ff"))
    v.dissect("dhcp6/dissect-iaaddr-top-padding", "DHCP6_Reply", v.raw(L("DHCP6_Reply"), L("DHCP6OptIAAddress", addr="2001:db8::1"), L("DHCP6OptRapidCommit")))
    v.dissect("dhcp6/dissect-vss", "DHCP6_Reply", v.raw(L("DHCP6_Reply"), L("DHCP6OptVSS", data=B(b"ab")), L("DHCP6OptRapidCommit")))
    v.dissect("dhcp6/dissect-domains-unpadded", "DHCP6OptDNSDomains", bytes.fromhex("0018000d" "076578616d706c6503636f6d00" ))
