"""NTP: the v1-v4 header (both reference forms), authenticators, extensions, control (mode 6) and private (mode 7) messages."""
from catalog.dsl import B, E, IP4, L, P

SCOPE = r"NTP|NTPHeader|NTPAuthenticator|NTPExtension|NTPExtensions|NTPControl|NTPPrivate|NTPStatusPacket|NTPSystemStatusPacket|NTPPeerStatusPacket|NTPClockStatusPacket|NTPErrorStatusPacket|NTPPeerStatusDataPacket|NTPInfo\w+|NTPConf\w+|NTPPrivateReqPacket|NTPPrivatePktTail"
FILE = "ntp.json"

EXT_VALUE = ("Scapy holds an extension's value as a bare Packet carrying Raw (PacketField of class Packet); "
             "packetry holds the value's bytes: same bytes, other shape")
T = 3913056000  # 2024-01-01 00:00:00 UTC in NTP seconds


def vectors(v):
    udp = dict(sport=123, dport=123)
    h = dict(orig=T + 0.5, sent=T + 1.25)
    v.build("ntp/client-v4", E(), IP4(), L("UDP", sport=40000, dport=123), L("NTPHeader", **h))
    v.build("ntp/server-v4", E(), IP4(), L("UDP", sport=123, dport=40000), L("NTPHeader", mode=4, stratum=3, poll=6, precision=0xe9, delay=0.0153, dispersion=0.0312, id="10.0.0.9", ref=T - 10.75, orig=T + 0.5, recv=T + 0.625, sent=T + 0.6251))
    v.build("ntp/stratum1-refid", E(), IP4(), L("UDP", **udp), L("NTPHeader", mode=4, stratum=1, ref_id=B("GPS\x00"), ref=T, **h))
    v.build("ntp/kiss-of-death", E(), IP4(), L("UDP", **udp), L("NTPHeader", leap=3, mode=4, stratum=0, ref_id=B("RATE"), **h))
    v.build("ntp/v1-v3", E(), IP4(), L("UDP", **udp), L("NTPHeader", version=3, mode=1, **h))
    v.build("ntp/v2-broadcast", E(), IP4(), L("UDP", **udp), L("NTPHeader", version=2, mode=5, **h))
    v.build("ntp/small-times", E(), IP4(), L("UDP", **udp), L("NTPHeader", ref=12.5, orig=1.0 / 2 ** 32, recv=0, sent=65535.999))
    v.build("ntp/md5-auth", E(), IP4(), L("UDP", **udp), L("NTPHeader", **h), L("NTPAuthenticator", key_id=1, dgst=B(bytes(range(16)))))
    v.build("ntp/extension", E(), IP4(), L("UDP", **udp), L("NTPHeader", **h), L("NTPExtensions", extensions=[P(L("NTPExtension", type=0x0104, len=16, value=B(b"uniqueidentifier")))], mac=P(L("NTPAuthenticator", key_id=9, dgst=B(bytes(16))))),
            unchecked={"show2": EXT_VALUE, "fields": EXT_VALUE})
    v.build("ntp/control-readstat", E(), IP4(), L("UDP", sport=40000, dport=123), L("NTPControl", op_code=1, sequence=1, count=0))
    v.build("ntp/control-readvar", E(), IP4(), L("UDP", sport=40000, dport=123), L("NTPControl", op_code=2, sequence=2, association_id=0, count=0))
    v.build("ntp/private-sysinfo-req", E(), IP4(), L("UDP", sport=40000, dport=123), L("NTPPrivate", mode=7, implementation=3, request_code=4))
    ctl_rsp = bytes.fromhex("168100010615000000000010") + bytes.fromhex("0000961400009614000096140000961400000000")[:16]
    v.dissect("ntp/dissect-control-readstat-response", "Ether", v.raw(E(), IP4(), L("UDP", sport=123, dport=40000), L("Raw", load=B(bytes.fromhex("d6810001061500000000000c") + bytes.fromhex("ec3b9614ec3c9414ec3d961400000000")[:12]))))
    v.dissect("ntp/dissect-control-readvar-response", "Ether", v.raw(E(), IP4(), L("UDP", sport=123, dport=40000), L("Raw", load=B(bytes.fromhex("d68200020615ec3b00000015") + b"version=\"ntpd 4.2.8\",\r\n\x00\x00\x00"))))
    v.dissect("ntp/dissect-control-error", "Ether", v.raw(E(), IP4(), L("UDP", sport=123, dport=40000), L("Raw", load=B(bytes.fromhex("d6c2000304000000000000000000000000000000")))))
    sysinfo = bytes.fromhex("0a000009" "04" "00" "03" "e9" "00000400" "00000800" "0a000009") + bytes(8) + bytes.fromhex("0000000a" "c5000000" "00000000" "00001000" "00000000" "00000020" "00000000" "00000000") + bytes(16)
    v.dissect("ntp/dissect-private-sysinfo-response", "Ether", v.raw(E(), IP4(), L("UDP", sport=123, dport=40000), L("Raw", load=B(bytes.fromhex("9700030400010050") + sysinfo[:80]))))
    v.dissect("ntp/dissect-private-peerlist-response", "Ether", v.raw(E(), IP4(), L("UDP", sport=123, dport=40000), L("Raw", load=B(bytes.fromhex("9700030000020020") + (bytes.fromhex("0a000009007b0401") + bytes(24)) * 2))))
    v.dissect("ntp/dissect-short", "Ether", v.raw(E(), IP4(), L("UDP", **udp), L("Raw", load=B(b"\x23\x02\x0a"))))
    v.dissect("ntp/dissect-cut-header", "Ether", v.raw(E(), IP4(), L("UDP", **udp), L("NTPHeader", **h))[:14 + 20 + 8 + 30])
    v.dissect("ntp/dissect-extension-raw-tail", "Ether", v.raw(E(), IP4(), L("UDP", **udp), L("NTPHeader", **h), L("Raw", load=B(bytes.fromhex("00020000") + bytes(30)))))
    # ntpsec's real mode 6 answers to ntpq, as recorded by scripts/captures/services.sh (ntp.pcap): rv, peers (READSTAT
    # with an association), as (a peer's variables in two fragments), a read by name, sysstats, the nonce and the MRU list.
    import os
    from scapy.utils import rdpcap
    here = os.path.dirname(os.path.abspath(__file__))
    recorded = rdpcap(os.path.join(here, "..", "..", "..", "test", "fixtures", "captures", "ntp.pcap"))
    for frame, what in [(5, "rv-request"), (6, "rv"), (8, "readstat"), (10, "peer-vars-first-fragment"), (11, "peer-vars-last-fragment"), (16, "readvar-by-name-request"),
                        (17, "readvar-by-name"), (21, "sysstats-more"), (22, "sysstats-last"), (24, "nonce"), (25, "mrulist-request"), (26, "mrulist")]:
        v.dissect("ntp/ntpsec-" + what, "Ether", bytes(recorded[frame - 1]))
