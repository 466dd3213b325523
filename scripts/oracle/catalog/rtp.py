"""RTP (Scapy's layers/rtp: the CSRC list and the header extension) and RTCP (contrib/rtcp: SR, RR,
SDES; BYE and APP as packet types whose bodies stay the payload)."""
from catalog.dsl import B, E, IP4, L, P, contrib

SCOPE = r"RTP\w*|RTCP|SenderInfo|ReceptionReport|SDES\w+"
FILE = "rtp.json"


def udp(port=5004):
    return (E(), IP4(), L("UDP", sport=port, dport=port))


def report(**kw):
    base = dict(sourcesync=0x1234, fraction_lost=3, cumulative_lost=5, highest_seqnum_recv=1000, interarrival_jitter=7, last_SR_timestamp=0x11223344, delay_since_last_SR=9)
    base.update(kw)
    return P(L("ReceptionReport", **base))


def vectors(v):
    contrib("rtcp")
    v.build("rtp/defaults", L("RTP"))
    v.build("rtp/on-udp", *udp(), L("RTP", payload_type=8, sequence=17, timestamp=160, sourcesync=0xdeadbeef), L("Raw", load=B(bytes(range(20)))))
    v.build("rtp/csrc-list", L("RTP", sync=[1, 2, 0xffffffff], marker=1, payload_type=96, sequence=65535))
    v.build("rtp/given-numsync", L("RTP", numsync=2, sync=[7]))
    v.build("rtp/extension", L("RTP", extension=1, sourcesync=5), L("RTPExtension", header_id=0xbede, header=[0x10ff0000, 0x22334455]))
    v.build("rtp/extension-empty", L("RTP", extension=1), L("RTPExtension"))
    v.build("rtp/extension-and-csrc", L("RTP", extension=1, sync=[9]), L("RTPExtension", header_id=1, header=[1]), L("Raw", load=B(b"media")))
    v.dissect("rtp/dissect-extension", "RTP", v.raw(L("RTP", extension=1, sync=[3, 4], payload_type=0), L("RTPExtension", header_id=0x100, header=[5, 6, 7]), L("Raw", load=B(b"\x80" * 8))))
    v.dissect("rtp/dissect-cut-csrc", "RTP", v.raw(L("RTP", sync=[3, 4, 5]))[:-3])
    v.dissect("rtp/dissect-cut-extension", "RTP", v.raw(L("RTP", extension=1), L("RTPExtension", header=[1, 2]))[:-2])
    v.dissect("rtp/dissect-padding-bit", "RTP", bytes.fromhex("a00000010000000200000003") + b"abc\x03")

    v.build("rtcp/defaults", L("RTCP"))
    v.build("rtcp/sr-default-info", L("RTCP", packet_type=200))
    v.build("rtcp/sr", *udp(5005), L("RTCP", packet_type=200, count=1, sourcesync=0xaabbccdd, sender_info=P(L("SenderInfo", ntp_timestamp=0x0012c3d4e5f60718, rtp_timestamp=1600, sender_packet_count=10, sender_octet_count=1600)), report_blocks=[report()]))
    v.build("rtcp/rr-two-reports", L("RTCP", packet_type=201, count=2, sourcesync=1, report_blocks=[report(), report(sourcesync=0x5678, cumulative_lost=0xfffff)]))
    v.build("rtcp/rr-empty", L("RTCP", packet_type="Receiver report", sourcesync=42))
    v.build("rtcp/sdes", L("RTCP", packet_type=202, count=1, sdes_chunks=[P(L("SDESChunk", sourcesync=0xaabbccdd, items=[P(L("SDESItem", chunk_type=1, value=B(b"user@host"))), P(L("SDESItem", chunk_type="TOOL", value=B(b"packetry"))), P(L("SDESItem", chunk_type=0, length=0, value=B(b"")))]))]))
    v.build("rtcp/sdes-two-chunks", L("RTCP", packet_type=202, count=2, sdes_chunks=[P(L("SDESChunk", sourcesync=1, items=[P(L("SDESItem", chunk_type=2, value=B(b"ab")))])), P(L("SDESChunk", sourcesync=2, items=[P(L("SDESItem", chunk_type=3, value=B(b"c@d")))]))]))
    v.build("rtcp/bye", L("RTCP", packet_type=203, count=1), L("Raw", load=B(bytes.fromhex("aabbccdd"))))
    v.build("rtcp/app", L("RTCP", packet_type=204, count=3), L("Raw", load=B(b"\x00\x00\x00\x01NAME" + b"data")))
    v.build("rtcp/given-length", L("RTCP", packet_type=201, length=99))
    v.dissect("rtcp/dissect-compound", "RTCP", v.raw(L("RTCP", packet_type=201, count=1, sourcesync=3, report_blocks=[report()])) + v.raw(L("RTCP", packet_type=202, count=1, sdes_chunks=[P(L("SDESChunk", sourcesync=3, items=[P(L("SDESItem", chunk_type=1, value=B(b"x")))]))])))
    v.dissect("rtcp/dissect-sdes-padded", "RTCP", bytes.fromhex("81ca0003aabbccdd0103616263000000"))
    v.dissect("rtcp/dissect-sr-cut", "RTCP", v.raw(L("RTCP", packet_type=200, count=1, report_blocks=[report()]))[:-6])
    v.dissect("rtcp/dissect-negative-item-length", "RTCP", bytes.fromhex("81ca000300000001") + bytes.fromhex("01ff41424344"))
