"""CoAP (Scapy's contrib/coap): header, token, options with their delta/length extensions, payload marker."""
from catalog.dsl import B, E, IP4, L, contrib

SCOPE = r"CoAP"
FILE = "coap.json"


def udp(**kw):
    kw.setdefault("sport", 40000)
    kw.setdefault("dport", 5683)
    return (E(), IP4(), L("UDP", **kw))


def vectors(v):
    contrib("coap")
    v.build("coap/defaults", L("CoAP"))
    v.build("coap/get", *udp(), L("CoAP", type=0, code=1, msg_id=0x1234, token=B(b"ab"), options=[["Uri-Path", B(b"test")], ["Uri-Host", B(b"h")], [12, B(b"\x00")], ["Uri-Query", B(b"a=1")]]))
    v.build("coap/post-payload", *udp(), L("CoAP", type="NON", code="POST", msg_id=7, token=B(b"\x01\x02\x03\x04"), options=[["Uri-Path", B(b"sensors")], ["Uri-Path", B(b"temp")], ["Content-Format", B(b"\x32")]], paymark=B(b"\xff")), L("Raw", load=B(b'{"t":21}')))
    v.build("coap/response", *udp(sport=5683, dport=40000), L("CoAP", type="ACK", code=69, msg_id=0x1234, token=B(b"ab"), options=[[12, B(b"")], ["Max-Age", B(b"\x3c")]], paymark=B(b"\xff")), L("Raw", load=B(b"hello")))
    v.build("coap/delta-13", L("CoAP", options=[["Proxy-Uri", B(b"coap://x")], ["Size1", B(b"\x01\x00")]]))
    v.build("coap/length-13", L("CoAP", code=1, options=[["Uri-Path", B(b"a" * 20)]]))
    v.build("coap/length-12-boundary", L("CoAP", code=1, options=[[11, B(b"b" * 12)], [11, B(b"c" * 13)]]))
    v.build("coap/empty-rst", L("CoAP", type=3, msg_id=99))
    v.build("coap/long-token", L("CoAP", code=1, token=B(bytes(range(8))), options=[["ETag", B(b"\xde\xad")]]))
    v.dissect("coap/dissect-get", "Ether", v.raw(*udp(), L("CoAP", code=1, msg_id=1, token=B(b"t"), options=[["Uri-Path", B(b".well-known")], ["Uri-Path", B(b"core")]])))
    v.dissect("coap/dissect-payload", "CoAP", v.raw(L("CoAP", type=2, code=69, options=[["Content-Format", B(b"\x28")]], paymark=B(b"\xff")), L("Raw", load=B(b"</sensors>"))))
    v.dissect("coap/dissect-unknown-option", "CoAP", bytes.fromhex("4002000ad2021122324455"))
    v.dissect("coap/dissect-token-cut", "CoAP", bytes.fromhex("48010001aabb"))
