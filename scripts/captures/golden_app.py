#!/usr/bin/python3
"""Golden bytes for the DNS, DHCP and HTTP tests, built by Debian's Scapy (python3-scapy 2.5).

Run:  /usr/bin/python3 scripts/captures/golden_app.py > test/fixtures/golden/app.json

Each entry is the Scapy expression (as Scapy 2.5 spells it: DNS sections chained with '/') and
the hex of bytes(expr). The tests build the same packet with packetry and compare.
"""
import json
import logging
import sys
import warnings

warnings.filterwarnings("ignore")
logging.getLogger("scapy").setLevel(logging.ERROR)

from scapy.all import *  # noqa: E402,F401,F403
from scapy.layers.dns import dns_compress  # noqa: E402

load_layer("http")

EXPRESSIONS = {
    # ---- DNS
    "dns/query": 'IP(dst="8.8.8.8",src="10.0.0.1")/UDP(sport=12345)/DNS(rd=1,qd=DNSQR(qname="www.example.com"))',
    "dns/default": "DNS()",
    "dns/answer-a": 'DNS(id=1,qr=1,aa=1,qd=DNSQR(qname="www.example.com"),an=DNSRR(rrname="www.example.com",ttl=300,rdata="93.184.216.34"))',
    "dns/answers-mixed": (
        'DNS(id=2,qr=1,qd=DNSQR(qname="www.example.com",qtype="ALL"),'
        'an=DNSRR(rrname="www.example.com",type="CNAME",ttl=60,rdata="web.example.com")'
        '/DNSRR(rrname="web.example.com",ttl=60,rdata="10.0.0.80")'
        '/DNSRR(rrname="web.example.com",type="AAAA",ttl=60,rdata="2001:db8::80")'
        '/DNSRR(rrname="example.com",type="TXT",ttl=60,rdata=[b"v=spf1 -all",b"hello"])'
        '/DNSRR(rrname="80.0.0.10.in-addr.arpa",type="PTR",rdata="web.example.com"),'
        'ns=DNSRR(rrname="example.com",type="NS",rdata="ns1.example.com"))'
    ),
    "dns/answers-mixed-compressed": (
        'dns_compress(DNS(id=2,qr=1,qd=DNSQR(qname="www.example.com",qtype="ALL"),'
        'an=DNSRR(rrname="www.example.com",type="CNAME",ttl=60,rdata="web.example.com")'
        '/DNSRR(rrname="web.example.com",ttl=60,rdata="10.0.0.80")'
        '/DNSRR(rrname="web.example.com",type="AAAA",ttl=60,rdata="2001:db8::80")'
        '/DNSRR(rrname="example.com",type="TXT",ttl=60,rdata=[b"v=spf1 -all",b"hello"])'
        '/DNSRR(rrname="80.0.0.10.in-addr.arpa",type="PTR",rdata="web.example.com"),'
        'ns=DNSRR(rrname="example.com",type="NS",rdata="ns1.example.com")))'
    ),
    "dns/records-typed": (
        'DNS(id=3,qr=1,qd=DNSQR(qname="example.com",qtype="SOA"),'
        'an=DNSRRSOA(rrname="example.com",ttl=3600,mname="ns1.example.com",rname="hostmaster.example.com",serial=2024010101,refresh=7200,retry=900,expire=1209600,minimum=300)'
        '/DNSRRSRV(rrname="_sip._tcp.example.com",ttl=60,priority=10,weight=5,port=5060,target="sip.example.com")'
        '/DNSRRDS(rrname="example.com",keytag=12345,algorithm=8,digesttype=2,digest=bytes(range(32)))'
        '/DNSRRDNSKEY(rrname="example.com",flags=257,algorithm=13,publickey=bytes(range(64)))'
        '/DNSRRRSIG(rrname="example.com",typecovered="A",algorithm=13,labels=2,originalttl=300,expiration=1700000000,inception=1690000000,keytag=12345,signersname="example.com",signature=b"sig"*10)'
        '/DNSRRNSEC(rrname="a.example.com",nextname="b.example.com",typebitmaps=[1,2,6,15,16,28,46,47,48,257])'
        '/DNSRRNSEC3(rrname="h.example.com",hashalg=1,flags=1,iterations=10,saltlength=4,salt=b"\\xab\\xcd\\xef\\x01",hashlength=20,nexthashedownername=bytes(range(20)),typebitmaps=[1,28])'
        '/DNSRRNSEC3PARAM(rrname="example.com",hashalg=1,iterations=10,saltlength=2,salt=b"\\x01\\x02")'
        '/DNSRRTSIG(rrname="key.example.com",time_signed=1700000000,fudge=300,mac_len=4,mac_data=b"\\x01\\x02\\x03\\x04",original_id=3)'
        ',ar=DNSRROPT(rclass=1232,z=32768,rdata=[EDNS0TLV(optcode=3,optdata=b""),EDNS0TLV(optcode=10,optdata=b"\\x01"*8+b"\\x02"*8)]))'
    ),
    "dns/edns0-tlv-cookie": 'DNSRROPT(rdata=[EDNS0TLV(optcode=10,optdata=bytes(range(8))+bytes(range(8,24)))])',
    "dns/edns0-tlv-subnet": 'DNSRROPT(rdata=[EDNS0TLV(optcode=8,optdata=b"\\x00\\x01\\x18\\x00\\xc0\\x00\\x02")])',
    "dns/edns0-tlv-ede": 'DNSRROPT(rdata=[EDNS0TLV(optcode=15,optdata=b"\\x00\\x12blocked")])',
    "dns/edns0-tlv-dau": 'DNSRROPT(rdata=[EDNS0TLV(optcode=5,optdata=b"\\x08\\x0d\\x0f")])',
    "dns/over-tcp": 'IP(src="10.0.0.1",dst="10.0.0.53")/TCP(sport=40000,dport=53,flags="PA",seq=1,ack=1)/DNS(id=7,qd=DNSQR(qname="example.com",qtype="MX"))',
    "dns/tcp-default-ports": "TCP()/DNS()",
    "dns/mdns-query": 'IP(src="10.0.0.1")/UDP(sport=5353,dport=5353)/DNS(rd=0,qd=DNSQR(qname="_http._tcp.local",qtype="PTR"))',
    "dns/label-64-cut": 'DNSQR(qname="a"*64+".example.com")',
    "dns/name-root": 'DNSQR(qname=".")',
    "dns/txt-long": 'DNSRR(rrname="t.example",type="TXT",rdata=[b"x"*300])',
    # ---- DHCP
    "dhcp/workshop-discover": (
        'Ether(src="00:11:22:33:44:55",dst="ff:ff:ff:ff:ff:ff")/IP(src="0.0.0.0",dst="255.255.255.255")/UDP(sport=68,dport=67)'
        '/BOOTP(chaddr=mac2str("00:11:22:33:44:55"),xid=0x1234)'
        '/DHCP(options=[("message-type","discover"),("requested_addr","1.2.3.4"),("hostname","box"),("param_req_list",[1,3,6]),"end"])'
    ),
    "dhcp/offer": (
        'Ether(src="02:00:00:00:00:01",dst="00:11:22:33:44:55")/IP(src="192.168.1.1",dst="192.168.1.50")/UDP(sport=67,dport=68)'
        '/BOOTP(op=2,xid=0x1234,yiaddr="192.168.1.50",siaddr="192.168.1.1",chaddr=mac2str("00:11:22:33:44:55"),flags="B")'
        '/DHCP(options=[("message-type","offer"),("server_id","192.168.1.1"),("lease_time",3600),("renewal_time",1800),'
        '("rebinding_time",3150),("subnet_mask","255.255.255.0"),("router","192.168.1.1"),("name_server","1.1.1.1","8.8.8.8"),'
        '("domain","example.lan"),("broadcast_address","192.168.1.255"),("classless_static_routes","10.0.0.0/8:192.168.1.254","0.0.0.0/0:192.168.1.1"),'
        '("client_id",b"\\x01\\x00\\x11\\x22\\x33\\x44\\x55"),("max_dhcp_size",1500),(224,b"private"),"pad","end"])'
    ),
    "dhcp/bootp-only": 'UDP(sport=68,dport=67)/BOOTP(xid=1,chaddr=mac2str("00:11:22:33:44:55"),sname=b"server",file=b"pxelinux.0")',
    # ---- HTTP
    "http/request-sorted-headers": 'HTTP()/HTTPRequest(Host="example.com",User_Agent="scapy",Accept="*/*")',
    "http/request-post": (
        'IP(src="10.0.0.1",dst="10.0.0.2")/TCP(sport=40000,dport=80,flags="PA",seq=1000,ack=2000)'
        '/HTTP()/HTTPRequest(Method="POST",Path="/form",Host="example.com",Content_Type="application/x-www-form-urlencoded",'
        'Content_Length="7",Unknown_Headers={"X-Trace":"abc"})/Raw(b"a=1&b=2")'
    ),
    "http/response": 'HTTP()/HTTPResponse(Status_Code="404",Reason_Phrase="Not Found",Server="nginx",Content_Length="9",Content_Type="text/plain")/Raw(b"not found")',
}


def main() -> None:
    out = {
        "about": "Written by scripts/captures/golden_app.py from Debian's Scapy; do not edit by hand.",
        "scapy": conf.version,
        "vectors": {},
    }
    for key, expr in EXPRESSIONS.items():
        pkt = eval(expr)  # noqa: S307 - our own expressions
        out["vectors"][key] = {"scapy": expr, "hex": bytes(pkt).hex()}
    json.dump(out, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
