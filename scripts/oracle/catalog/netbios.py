"""NetBIOS over TCP/IP: the name service (NBNS on UDP 137), the datagram service (UDP 138) and the session service (TCP 139/445)."""
from catalog.dsl import B, E, IP4, L, P

SCOPE = r"NBNS\w*|NBT\w+|NetBIOS_DS"
FILE = "netbios.json"

NS = dict(sport=137, dport=137)


def vectors(v):
    name_service(v)
    datagrams(v)
    sessions(v)


def name_service(v):
    v.build("nbns/query-defaults", E(), IP4(dst="10.0.0.255"), L("UDP", **NS), L("NBNSHeader"), L("NBNSQueryRequest"))
    v.build("nbns/query-named", E(), IP4(dst="10.0.0.255"), L("UDP", **NS), L("NBNSHeader", NAME_TRN_ID=0x1234), L("NBNSQueryRequest", QUESTION_NAME="FILESRV", SUFFIX="file server service"))
    v.build("nbns/query-long-name-cut", L("NBNSHeader"), L("NBNSQueryRequest", QUESTION_NAME="A-NAME-LONGER-THAN-FIFTEEN"))
    v.build("nbns/response-defaults", E(), IP4(), L("UDP", **NS), L("NBNSHeader", NAME_TRN_ID=7), L("NBNSQueryResponse"))
    v.build("nbns/response-address", E(), IP4(), L("UDP", **NS), L("NBNSHeader", NAME_TRN_ID=7), L("NBNSQueryResponse", RR_NAME="FILESRV", TTL=300, ADDR_ENTRY=[P(L("NBNS_ADD_ENTRY", G=1, OWNER_NODE_TYPE="H node", NB_ADDRESS="10.0.0.9"))]))
    v.build("nbns/status-request", E(), IP4(), L("UDP", **NS), L("NBNSHeader", NAME_TRN_ID=3), L("NBNSNodeStatusRequest"))
    v.build("nbns/status-response", L("NBNSHeader", NAME_TRN_ID=3), L("NBNSNodeStatusResponse", MAC_ADDRESS="00:11:22:33:44:55", NODE_NAME=[
        P(L("NBNSNodeStatusResponseService", NETBIOS_NAME="FILESRV        ", SUFFIX="workstation")),
        P(L("NBNSNodeStatusResponseService", NETBIOS_NAME="FILESRV        ", SUFFIX="file server service")),
        P(L("NBNSNodeStatusResponseService", NETBIOS_NAME="WORKGROUP      ", SUFFIX="workstation", NAME_FLAGS=0x84)),
    ], STATISTICS=B(bytes(range(46)))))
    v.build("nbns/registration", E(), IP4(), L("UDP", **NS), L("NBNSHeader", NAME_TRN_ID=0x99), L("NBNSRegistrationRequest", QUESTION_NAME="HOST1", TTL=300000, G=0, OWNER_NODE_TYPE="B node", NB_ADDRESS="10.0.0.1"))
    v.build("nbns/wack", L("NBNSHeader", NAME_TRN_ID=0x99), L("NBNSWackResponse"))
    v.build("nbns/header-only", E(), IP4(), L("UDP", **NS), L("NBNSHeader", RESPONSE=1, OPCODE=8, NM_FLAGS="AA+RD", RCODE=3))
    v.dissect("nbns/dissect-query", "Ether", v.raw(E(), IP4(), L("UDP", sport=40000, dport=137), L("NBNSHeader", NAME_TRN_ID=0xbeef), L("NBNSQueryRequest", QUESTION_NAME="LAB-NMBD")))
    v.dissect("nbns/dissect-response-sport", "Ether", v.raw(E(), IP4(), L("UDP", sport=137, dport=40000), L("NBNSHeader", NAME_TRN_ID=0xbeef), L("NBNSQueryResponse", RR_NAME="LAB-NMBD", ADDR_ENTRY=[P(L("NBNS_ADD_ENTRY", NB_ADDRESS="10.0.0.2"))])))
    v.dissect("nbns/dissect-two-addresses", "NBNSHeader", v.raw(L("NBNSHeader"), L("NBNSQueryResponse", ADDR_ENTRY=[P(L("NBNS_ADD_ENTRY", NB_ADDRESS="10.0.0.2")), P(L("NBNS_ADD_ENTRY", G=1, NB_ADDRESS="10.0.0.3"))])),
              note="Scapy 2.5's address entries have no padding rule: the second is the first's Raw payload")
    v.dissect("nbns/dissect-status-request-flags-0", "NBNSHeader", bytes.fromhex("abcd00000001000000000000") + v.raw(L("NBNSNodeStatusRequest")))
    v.dissect("nbns/dissect-status-response", "NBNSHeader", v.raw(L("NBNSHeader"), L("NBNSNodeStatusResponse", MAC_ADDRESS="00:11:22:33:44:55", NODE_NAME=[P(L("NBNSNodeStatusResponseService")), P(L("NBNSNodeStatusResponseService", NETBIOS_NAME="WORKGROUP", SUFFIX=0x1e))])))
    v.dissect("nbns/dissect-unknown-flags", "NBNSHeader", bytes.fromhex("0001" "0010" "0001000000000000") + v.raw(L("NBNSQueryRequest")))
    v.dissect("nbns/dissect-cut-name", "Ether", v.raw(E(), IP4(), L("UDP", **NS), L("NBNSHeader"), L("NBNSQueryRequest"))[:14 + 20 + 8 + 12 + 20])
    v.dissect("nbns/dissect-odd-name", "NBNSQueryRequest", b"\x20ABCDE" + b"\x00" * 25 + bytes.fromhex("41410000200001"))
    v.dissect("nbns/dissect-status-count-past-end", "NBNSHeader", v.raw(L("NBNSHeader"), L("NBNSNodeStatusResponse", MAC_ADDRESS="00:11:22:33:44:55", NUM_NAMES=40)),
              unchecked={"show2": "the names take the bytes, MAC_ADDRESS is left unset: Scapy fills it from the host's interfaces"})


def datagrams(v):
    v.build("nbtds/defaults", E(), IP4(dst="10.0.0.255"), L("UDP", sport=138, dport=138), L("NBTDatagram"))
    v.build("nbtds/named", E(), IP4(dst="10.0.0.255"), L("UDP", sport=138, dport=138), L("NBTDatagram", Type=0x11, ID=0x4242, SourceIP="10.0.0.1", SourceName="HOST1", DestinationName="WORKGROUP", SUFFIX2="browser election service", Length=188), L("Raw", load=B(b"\xffSMB%" + bytes(10))))
    v.build("netbios-ds/defaults", L("NetBIOS_DS"))
    v.build("netbios-ds/with-payload", L("NetBIOS_DS", id=0x77, src="10.0.0.1", srcname="HOST1", dstname="WORKGROUP"), L("Raw", load=B(b"hello")))
    v.dissect("nbtds/dissect", "Ether", v.raw(E(), IP4(), L("UDP", sport=138, dport=138), L("NBTDatagram", SourceName="HOST1")))


def sessions(v):
    v.build("nbtss/keepalive", E(), IP4(), L("TCP", sport=139, dport=139, flags="PA"), L("NBTSession", TYPE="Session Keepalive"))
    smb = "Scapy's smb layers (outside packetry's scope) read any session message"
    v.build("nbtss/message-length", L("NBTSession"), L("Raw", load=B(bytes(300))), unchecked={"layers": smb, "show2": smb, "dissect.summary": smb})
    v.build("nbtss/given-length", L("NBTSession", TYPE=0x81, RESERVED=0, LENGTH=68))
    v.dissect("nbtss/dissect-445", "Ether", v.raw(E(), IP4(), L("TCP", sport=50000, dport=445, flags="PA"), L("NBTSession", TYPE="Session Keepalive")))
    v.dissect("nbtss/dissect-cut", "NBTSession", b"\x85\x00")
