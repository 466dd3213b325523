"""Scapy side of bench/core.ts: the same three operations on the same frames, packets/s.

Run with Debian's python3-scapy: /usr/bin/python3 bench/scapy_core.py HEX_TCP HEX_DNS
Prints one JSON object: {"dissect5": pps, "dissectAll": pps, "build": pps}.
"""
import json
import sys

from scapy.all import IP, TCP, UDP, Ether, Raw, raw  # noqa: E402
from scapy.config import conf
from scapy_measure import rate

conf.verb = 0




def main():
    frames = [bytes.fromhex(h) for h in sys.argv[1:]]
    state = {"i": 0}

    def next_frame():
        state["i"] = (state["i"] + 1) % len(frames)
        return frames[state["i"]]

    def dissect5():
        p = Ether(next_frame())
        ip = p[IP]
        l4 = p[TCP] if TCP in p else p[UDP]
        return (ip.src, ip.dst, ip.proto, l4.sport, l4.dport)

    def dissect_all():
        p = Ether(next_frame())
        out = []
        layer = p
        while layer:
            for f in layer.fields_desc:
                out.append(getattr(layer, f.name))
            layer = layer.payload
        return out

    load = b"x" * 100

    def build():
        return raw(Ether(dst="00:11:22:33:44:55", src="66:77:88:99:aa:bb") / IP(src="10.0.0.1", dst="10.0.0.2") / TCP(sport=1234, dport=80, flags="PA", seq=1000, ack=2000) / Raw(load))

    print(json.dumps({"dissect5": rate(dissect5), "dissectAll": rate(dissect_all), "build": rate(build)}))


if __name__ == "__main__":
    main()
