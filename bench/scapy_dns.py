"""Scapy side of bench/dns.ts: dissect the same DNS responses and read qname and every rdata.

Run with Debian's python3-scapy: /usr/bin/python3 bench/scapy_dns.py HEX...
Prints one JSON object: {"dns": pps}. Scapy 2.5 chains the records of a section.
"""
import json
import sys

from scapy.all import DNS, Ether  # noqa: E402
from scapy.config import conf
from scapy_measure import rate

conf.verb = 0




def main():
    frames = [bytes.fromhex(h) for h in sys.argv[1:]]
    state = {"i": 0}

    def dissect_and_read():
        state["i"] = (state["i"] + 1) % len(frames)
        dns = Ether(frames[state["i"]])[DNS]
        out = [dns.qd.qname]
        rr = dns.an
        for _ in range(dns.ancount):
            out.append(rr.rdata)
            rr = rr.payload
        return out

    values = dissect_and_read()
    assert len(values) == 5 and values[2] == "93.184.216.34", values
    print(json.dumps({"dns": rate(dissect_and_read)}))


if __name__ == "__main__":
    main()
