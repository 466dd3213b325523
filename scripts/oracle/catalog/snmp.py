"""SNMP v1/v2c on the ASN.1 engine: every PDU, varbind values of every SNMP type, BER edge cases."""
from catalog.dsl import A, B, E, IP4, L, P

SCOPE = r"SNMP|SNMPvarbind|SNMPget|SNMPnext|SNMPresponse|SNMPset|SNMPtrapv1|SNMPbulk|SNMPinform|SNMPtrapv2"
FILE = "snmp.json"

REQ = dict(sport=40000, dport=161)
RSP = dict(sport=161, dport=40000)
TRAP = dict(sport=40001, dport=162)

SYS_DESCR = "1.3.6.1.2.1.1.1.0"
SYS_UPTIME = "1.3.6.1.2.1.1.3.0"
TRAP_OID = "1.3.6.1.6.3.1.1.4.1.0"


def vb(oid, value=None):
    return P(L("SNMPvarbind", oid=oid, **({} if value is None else {"value": value})))


def vectors(v):
    udp = lambda **kw: L("UDP", **kw)  # noqa: E731
    v.build("snmp/defaults", E(), IP4(), udp(), L("SNMP"))
    v.build("snmp/get", E(), IP4(), udp(**REQ), L("SNMP", community="private", PDU=P(L("SNMPget", id=5, varbindlist=[vb(SYS_DESCR), vb(SYS_UPTIME)]))))
    v.build("snmp/get-v1", E(), IP4(), udp(**REQ), L("SNMP", version=0, PDU=P(L("SNMPget", id=1, varbindlist=[vb("1.3.6.1.2.1.1.5.0")]))))
    v.build("snmp/get-next", E(), IP4(), udp(**REQ), L("SNMP", PDU=P(L("SNMPnext", id=0x7fffffff, varbindlist=[vb("1.3.6.1.2.1")]))))
    v.build("snmp/response-types", E(), IP4(), udp(**RSP), L("SNMP", PDU=P(L("SNMPresponse", id=5, varbindlist=[
        vb(SYS_DESCR, A("ASN1_STRING", b"Linux lab 6.1.0 #1 SMP x86_64")),
        vb("1.3.6.1.2.1.1.2.0", A("ASN1_OID", "1.3.6.1.4.1.8072.3.2.10")),
        vb(SYS_UPTIME, A("ASN1_TIME_TICKS", 123456)),
        vb("1.3.6.1.2.1.2.2.1.10.1", A("ASN1_COUNTER32", 4294967295)),
        vb("1.3.6.1.2.1.2.2.1.5.1", A("ASN1_GAUGE32", 1000000000)),
        vb("1.3.6.1.2.1.4.20.1.1.10.0.0.1", A("ASN1_IPADDRESS", "10.0.0.1")),
        vb("1.3.6.1.2.1.2.2.1.8.1", A("ASN1_INTEGER", 1)),
        vb("1.3.6.1.2.1.2.2.1.9.1", A("ASN1_NULL", 0)),
    ]))))
    v.build("snmp/response-error", E(), IP4(), udp(**RSP), L("SNMP", PDU=P(L("SNMPresponse", id=9, error="no_such_name", error_index=1, varbindlist=[vb("1.3.6.1.2.1.99.0")]))))
    v.build("snmp/set", E(), IP4(), udp(**REQ), L("SNMP", community="private", PDU=P(L("SNMPset", id=77, varbindlist=[vb("1.3.6.1.2.1.1.6.0", A("ASN1_STRING", b"rack 4"))]))))
    v.build("snmp/trapv1", E(), IP4(), udp(**TRAP), L("SNMP", version="v1", PDU=P(L("SNMPtrapv1", enterprise="1.3.6.1.4.1.8072.3.2.10", agent_addr="10.0.0.1", generic_trap="link_up", specific_trap=0, time_stamp=4242, varbindlist=[vb("1.3.6.1.2.1.2.2.1.1.2", A("ASN1_INTEGER", 2))]))))
    v.build("snmp/bulk", E(), IP4(), udp(**REQ), L("SNMP", PDU=P(L("SNMPbulk", id=3, non_repeaters=1, max_repetitions=10, varbindlist=[vb(SYS_UPTIME), vb("1.3.6.1.2.1.2.2.1.2")]))))
    v.build("snmp/inform", E(), IP4(), udp(**TRAP), L("SNMP", PDU=P(L("SNMPinform", id=11, varbindlist=[vb(SYS_UPTIME, A("ASN1_TIME_TICKS", 99)), vb(TRAP_OID, A("ASN1_OID", "1.3.6.1.6.3.1.1.5.1"))]))))
    v.build("snmp/trapv2", E(), IP4(), udp(**TRAP), L("SNMP", PDU=P(L("SNMPtrapv2", id=12, varbindlist=[vb(SYS_UPTIME, A("ASN1_TIME_TICKS", 100)), vb(TRAP_OID, A("ASN1_OID", "1.3.6.1.6.3.1.1.5.3"))]))))
    v.build("snmp/integers", E(), IP4(), udp(**RSP), L("SNMP", PDU=P(L("SNMPresponse", id=-1, error_index=128, varbindlist=[
        vb("1.3.6.1.4.1.1.1", A("ASN1_INTEGER", -128)), vb("1.3.6.1.4.1.1.2", A("ASN1_INTEGER", 255)),
        vb("1.3.6.1.4.1.1.3", A("ASN1_INTEGER", 2 ** 40)), vb("1.3.6.1.4.1.1.4", A("ASN1_INTEGER", -(2 ** 31))),
        vb("1.3.6.1.4.1.1.5", A("ASN1_INTEGER", 0)), vb("1.3.6.1.4.1.1.6", A("ASN1_INTEGER", 2 ** 70)),
    ]))))
    v.build("snmp/long-community", E(), IP4(), udp(**REQ), L("SNMP", community="c" * 300, PDU=P(L("SNMPget", varbindlist=[vb(SYS_DESCR)]))))
    v.build("snmp/oid-names", E(), IP4(), udp(**RSP), L("SNMP", PDU=P(L("SNMPresponse", varbindlist=[
        vb("1.2.840.113549.1.1.1"), vb("1.2.840.113549.1.1.11.7"), vb("2.5.4.3"), vb("1.3.6.1.4.1.311.2.2.10"), vb("2.999.1"),
    ]))))
    v.build("snmp/many-varbinds", E(), IP4(), udp(**RSP), L("SNMP", PDU=P(L("SNMPresponse", id=1, varbindlist=[vb("1.3.6.1.2.1.2.2.1.2.%d" % i, A("ASN1_STRING", b"eth%d" % i)) for i in range(12)]))))

    get = v.raw(E(), IP4(), udp(**REQ), L("SNMP", PDU=P(L("SNMPget", id=5, varbindlist=[vb(SYS_DESCR)]))))
    rsp = v.raw(E(), IP4(), udp(**RSP), L("SNMP", PDU=P(L("SNMPresponse", id=5, varbindlist=[vb(SYS_DESCR, A("ASN1_STRING", b"lab"))]))))
    v.dissect("snmp/dissect-response", "Ether", rsp)
    v.dissect("snmp/dissect-sport-162", "Ether", v.raw(E(), IP4(), udp(sport=162, dport=50000), L("SNMP", PDU=P(L("SNMPtrapv2", varbindlist=[vb(SYS_UPTIME, A("ASN1_TIME_TICKS", 1))])))))
    v.dissect("snmp/dissect-cut", "Ether", _fix_udp(get[:-3]))
    v.dissect("snmp/dissect-trailing", "Ether", _fix_udp(get + b"\x00\x01\x02"))
    snmp = get[14 + 20 + 8:]
    v.dissect("snmp/bare", "SNMP", snmp)
    # An SNMP message alone: a length that lies (past the end), an indefinite length, a length of
    # more bytes than there are, a 9-byte length, and the end-of-MIB exception (no class in Scapy).
    v.dissect("snmp/udp-length-lies", "Ether", _fix_udp(get[:43] + b"\x7f" + get[44:]))
    v.dissect("snmp/udp-indefinite-root", "Ether", _fix_udp(get[:43] + b"\x80" + get[44:]))
    v.dissect("snmp/udp-length-overflow", "Ether", _fix_udp(get[:43] + b"\x89\xff\xff\xff\xff\xff\xff\xff\xff\xff" + get[44:]))
    v.dissect("snmp/udp-length-bytes-missing", "Ether", _fix_udp(get[:43] + b"\x84\x00"))
    end_of_mib = bytes.fromhex("302902010104067075626c6963a21c0201050201000201003011300f060b2b060102011903020105c8008200")
    v.dissect("snmp/udp-end-of-mib-view", "Ether", _with_payload(rsp, end_of_mib))
    # A varbind value nested 300 SEQUENCEs deep (definite lengths): Scapy runs out of recursion, packetry stops at its depth bound.
    deep = b"\x05\x00"
    for _ in range(300):
        deep = _tlv(0x30, deep)
    varbind = _tlv(0x30, _tlv(0x06, bytes.fromhex("2b06010201010100")) + deep)
    pdu = _tlv(0xa2, bytes.fromhex("020105020100020100") + _tlv(0x30, varbind))
    v.dissect("snmp/udp-nesting-300", "Ether", _with_payload(rsp, _tlv(0x30, bytes.fromhex("02010104067075626c6963") + pdu)))
    v.dissect("snmp/udp-unknown-pdu", "Ether", _with_payload(rsp, b"\x30\x0d\x02\x01\x01\x04\x06public\xa9\x00"))


def _fix_udp(frame):
    """Ether/IP/UDP with the IP and UDP lengths of these bytes (checksums left as built)."""
    from scapy.layers.l2 import Ether
    p = Ether(frame)
    del p["IP"].len, p["IP"].chksum, p["UDP"].len, p["UDP"].chksum
    return bytes(p)


def _with_payload(frame, payload):
    """The frame's Ether/IP/UDP headers around another payload."""
    return _fix_udp(frame[:14 + 20 + 8] + payload)


def _tlv(tag, content):
    n = len(content)
    length = bytes([n]) if n < 128 else bytes([0x80 | ((n.bit_length() + 7) // 8)]) + n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([tag]) + length + content
