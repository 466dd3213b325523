"""RIP v1 and v2: requests, responses with route entries, simple and MD5 authentication."""
from catalog.dsl import B, E, IP4, L

SCOPE = r"RIP|RIPEntry|RIPAuth"
FILE = "rip.json"

UDP = dict(sport=520, dport=520)
IP = dict(src="10.0.0.1", dst="224.0.0.9", ttl=1)


def vectors(v):
    v.build("rip/v1-request", E(), IP4(dst="255.255.255.255"), L("UDP", **UDP), L("RIP"), L("RIPEntry", AF=0, metric=16))
    v.build("rip/v2-response", E(), IP4(**IP), L("UDP", **UDP), L("RIP", cmd=2, version=2),
            L("RIPEntry", addr="10.1.0.0", mask="255.255.0.0", metric=1),
            L("RIPEntry", addr="10.2.0.0", mask="255.255.255.0", nextHop="10.0.0.254", RouteTag=7, metric=3))
    v.build("rip/v2-unreachable", E(), IP4(**IP), L("UDP", **UDP), L("RIP", cmd="resp", version=2), L("RIPEntry", addr="10.3.0.0", mask="255.255.0.0", metric="Unreach"))
    v.build("rip/v2-simple-auth", E(), IP4(**IP), L("UDP", **UDP), L("RIP", cmd=2, version=2), L("RIPAuth", authtype=2, password=B(b"secret")), L("RIPEntry", addr="10.1.0.0", mask="255.255.0.0"))
    v.build("rip/v2-md5-auth", E(), IP4(**IP), L("UDP", **UDP), L("RIP", cmd=2, version=2),
            L("RIPAuth", authtype=3, digestoffset=44, keyid=1, authdatalen=20, seqnum=12345),
            L("RIPEntry", addr="10.1.0.0", mask="255.255.0.0"),
            L("RIPAuth", authtype=1, authdata=B(bytes(range(16)))))
    v.build("rip/auth-defaults", L("RIPAuth"))
    v.build("rip/entry-defaults", L("RIPEntry"))
    v.build("rip/bound-ports", E(), IP4(**IP), L("UDP"), L("RIP"))
    v.build("rip/trace-on", E(), IP4(**IP), L("UDP", **UDP), L("RIP", cmd="traceOn"), L("Raw", load=B(b"/tmp/trace")))
    v.dissect("rip/dissect-v2-response", "Ether", v.raw(E(), IP4(**IP), L("UDP", **UDP), L("RIP", cmd=2, version=2), L("RIPEntry", addr="10.1.0.0", mask="255.255.0.0"), L("RIPEntry", addr="10.2.0.0", mask="255.255.0.0")))
    v.dissect("rip/dissect-md5", "Ether", v.raw(E(), IP4(**IP), L("UDP", **UDP), L("RIP", cmd=2, version=2), L("RIPAuth", authtype=3, digestoffset=44, keyid=1, authdatalen=20, seqnum=1), L("RIPEntry", addr="10.1.0.0", mask="255.255.0.0"), L("RIPAuth", authtype=1, authdata=B(b"\xaa" * 16))))
    v.dissect("rip/dissect-sport-only", "Ether", v.raw(E(), IP4(**IP), L("UDP", sport=520, dport=1234), L("RIP", cmd=2, version=2), L("RIPEntry")))
    v.dissect("rip/dissect-entry-cut", "Ether", v.raw(E(), IP4(**IP), L("UDP", **UDP), L("RIP", cmd=2, version=2), L("RIPEntry"))[:-6])
    v.dissect("rip/dissect-padded", "Ether", v.raw(E(), IP4(**IP), L("UDP", **UDP), L("RIP", cmd=1, version=2), L("RIPEntry", AF=0, metric=16)) + bytes(4))
