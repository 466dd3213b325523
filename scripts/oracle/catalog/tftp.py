"""TFTP: every opcode, options after requests and OACK, errors, and the bytes cut or odd."""
from catalog.dsl import B, E, IP4, L, P

SCOPE = r"TFTP|TFTP_RRQ|TFTP_WRQ|TFTP_DATA|TFTP_ACK|TFTP_ERROR|TFTP_OACK|TFTP_Options|TFTP_Option"
FILE = "tftp.json"


def opt(name, value):
    return P(L("TFTP_Option", oname=B(name), value=B(value)))


def vectors(v):
    udp = dict(sport=40000, dport=69)
    v.build("tftp/defaults", E(), IP4(), L("UDP", **udp), L("TFTP"))
    v.build("tftp/rrq", E(), IP4(), L("UDP", **udp), L("TFTP"), L("TFTP_RRQ", filename=B("boot/pxelinux.0")))
    v.build("tftp/rrq-netascii", E(), IP4(), L("UDP", **udp), L("TFTP", op="RRQ"), L("TFTP_RRQ", filename=B("motd"), mode=B("netascii")))
    v.build("tftp/wrq", E(), IP4(), L("UDP", **udp), L("TFTP", op=2), L("TFTP_WRQ", filename=B("upload.bin")))
    v.build("tftp/rrq-options", E(), IP4(), L("UDP", **udp), L("TFTP"), L("TFTP_RRQ", filename=B("big.img")),
            L("TFTP_Options", options=[opt("blksize", "1428"), opt("tsize", "0"), opt("timeout", "3")]))
    v.build("tftp/data", E(), IP4(), L("UDP", sport=40000, dport=69), L("TFTP", op=3), L("TFTP_DATA", block=1), L("Raw", load=B(bytes(range(64)))))
    v.build("tftp/ack", E(), IP4(), L("UDP", sport=40000, dport=69), L("TFTP", op=4), L("TFTP_ACK", block=65535))
    v.build("tftp/error", E(), IP4(), L("UDP", sport=40000, dport=69), L("TFTP", op=5), L("TFTP_ERROR", errorcode=1, errormsg=B("File not found")))
    v.build("tftp/error-option", E(), IP4(), L("UDP", sport=40000, dport=69), L("TFTP", op="ERROR"), L("TFTP_ERROR", errorcode=8, errormsg=B("blksize refused")))
    v.build("tftp/oack", E(), IP4(), L("UDP", sport=40000, dport=69), L("TFTP", op=6), L("TFTP_OACK"), L("TFTP_Options", options=[opt("blksize", "1428"), opt("tsize", "1048576")]))
    v.build("tftp/unknown-op", E(), IP4(), L("UDP", **udp), L("TFTP", op=9), L("Raw", load=B("xx")))
    rrq = v.raw(E(), IP4(), L("UDP", **udp), L("TFTP"), L("TFTP_RRQ", filename=B("a")), L("TFTP_Options", options=[opt("blksize", "512")]))
    v.dissect("tftp/dissect-rrq-options", "Ether", rrq)
    v.dissect("tftp/dissect-cut-option", "Ether", rrq[:-2])
    v.dissect("tftp/dissect-no-nul", "Ether", v.raw(E(), IP4(), L("UDP", **udp), L("TFTP"), L("Raw", load=B("\x00\x01file-without-terminator"))))
    v.dissect("tftp/dissect-one-byte", "Ether", v.raw(E(), IP4(), L("UDP", **udp), L("Raw", load=B("\x00"))))
    v.dissect("tftp/dissect-other-port", "Ether", v.raw(E(), IP4(), L("UDP", sport=69, dport=40000), L("Raw", load=B("\x00\x03\x00\x01data"))))
