"""Scapy side of bench/peers.ts: the same work on the same frames, packets/s.

Run with Debian's python3-scapy; reads {"frames": [hex...], "dns": [hex...]} on stdin and prints
{"dissect5": pps, "dns": pps, "build": pps}.
"""
import json
import sys

from scapy.all import DNS, IP, TCP, UDP, Ether, Raw, raw  # noqa: E402
from scapy.config import conf
from scapy_measure import rate

conf.verb = 0


def cycle(items):
    state = {"i": 0}

    def nxt():
        state["i"] = (state["i"] + 1) % len(items)
        return items[state["i"]]

    return nxt


def main():
    data = json.load(sys.stdin)
    next_frame = cycle([bytes.fromhex(h) for h in data["frames"]])
    next_dns = cycle([bytes.fromhex(h) for h in data["dns"]])

    def dissect5():
        p = Ether(next_frame())
        if IP not in p:
            return None
        ip = p[IP]
        l4 = ip.payload
        if isinstance(l4, (TCP, UDP)):
            return (ip.src, ip.dst, ip.proto, l4.sport, l4.dport)
        return (ip.src, ip.dst, ip.proto, 0, 0)

    def dns():
        d = DNS(next_dns())
        out = []
        for q in d.qd or []:
            out += [q.qname, q.qtype]
        for rr in d.an or []:
            out += [rr.rrname, rr.type, getattr(rr, "rdata", None)]
        return out

    load = b"x" * 100

    def build():
        return raw(Ether(dst="00:11:22:33:44:55", src="66:77:88:99:aa:bb") / IP(src="10.0.0.1", dst="10.0.0.2") / TCP(sport=1234, dport=80, flags="PA", seq=1000, ack=2000) / Raw(load))

    print(json.dumps({"dissect5": rate(dissect5), "dns": rate(dns), "build": rate(build)}))


if __name__ == "__main__":
    main()
