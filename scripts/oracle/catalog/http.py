"""HTTP/1.x requests and responses (Scapy's load_layer("http")), built and dissected over TCP."""
from catalog.dsl import B, E, IP4, L

# Layers of this family (make_vectors.py notes vectors that dissect into anything else).
SCOPE = r"HTTP|HTTPRequest|HTTPResponse"
FILE = "http.json"


def to_server(dport=80):
    return [E(), IP4(), L("TCP", sport=40000, dport=dport, flags="PA", seq=1000, ack=2000)]


def to_client(sport=80):
    return [E(dst="66:77:88:99:aa:bb", src="00:11:22:33:44:55"), IP4(src="10.0.0.2", dst="10.0.0.1"), L("TCP", sport=sport, dport=40000, flags="PA", seq=2000, ack=1100)]


def req(**kw):
    return [L("HTTP"), L("HTTPRequest", **kw)]


def resp(**kw):
    return [L("HTTP"), L("HTTPResponse", **kw)]


# Scapy 2.5 un-chunks a body while dissecting one frame (so its rebuild differs from the wire);
# packetry keeps each frame's bytes and decodes bodies in TCPSession / decodedBody().
CHUNKED_KEPT = "2.5 un-chunks the body at dissection; packetry keeps the wire bytes per frame"


def vectors(v):
    requests(v)
    responses(v)
    dissected(v)


def requests(v):
    v.build("http/get-reference", *to_server(), *req(Host="example.com", User_Agent="scapy", Accept="*/*"), note="headers are written in field order")
    v.build("http/get-defaults", *to_server(), *req())
    v.build("http/get-path-query", *to_server(), *req(Path="/search?q=packet&lang=en", Host="example.com"))
    v.build("http/http10", *to_server(), *req(Http_Version="HTTP/1.0", Host="example.com", Connection="close"))
    v.build("http/head", *to_server(), *req(Method="HEAD", Path="/", Host="example.com"))
    v.build("http/post-body", *to_server(), *req(Method="POST", Path="/api", Host="example.com", Content_Type="application/json", Content_Length="13"),
            L("Raw", load=B(b'{"key": "v"}\n')))
    v.build("http/put", *to_server(), *req(Method="PUT", Path="/file.txt", Host="example.com", Content_Length="5"), L("Raw", load=B(b"hello")))
    v.build("http/delete", *to_server(), *req(Method="DELETE", Path="/item/7", Host="example.com", Authorization="Bearer abc"))
    v.build("http/options-star", *to_server(), *req(Method="OPTIONS", Path="*", Host="example.com"))
    v.build("http/custom-method", *to_server(), *req(Method="PROPFIND", Path="/dav/", Host="example.com"))
    v.build("http/many-headers", *to_server(), *req(Host="example.com", Accept="text/html", Accept_Encoding="gzip, deflate", Accept_Language="en-US",
                                                   Cache_Control="no-cache", Connection="keep-alive", Cookie="a=1; b=2", Referer="http://example.com/",
                                                   Upgrade_Insecure_Requests="1", User_Agent="Mozilla/5.0", DNT="1"))
    v.build("http/unknown-headers", *to_server(), *req(Host="example.com", Unknown_Headers={"$dict": [["X-Custom", "value"], ["X-Trace-Id", "abc123"]]}))
    v.build("http/port-8080", *to_server(8080), *req(Host="example.com:8080"))
    v.build("http/bare-layers", *req(Host="example.com"))
    v.build("http/request-over-ipv6", E(), L("IPv6", src="2001:db8::1", dst="2001:db8::2"), L("TCP", sport=40000, dport=80, flags="PA"), *req(Host="[2001:db8::2]"))


def responses(v):
    v.build("http/200-html", *to_client(), *resp(Content_Type="text/html", Content_Length="13"), L("Raw", load=B(b"<html></html>")))
    v.build("http/200-defaults", *to_client(), *resp())
    v.build("http/404", *to_client(), *resp(Status_Code="404", Reason_Phrase="Not Found", Content_Length="0"))
    v.build("http/301-location", *to_client(), *resp(Status_Code="301", Reason_Phrase="Moved Permanently", Location="https://example.com/"))
    v.build("http/204-no-body", *to_client(), *resp(Status_Code="204", Reason_Phrase="No Content", Server="nginx"))
    v.build("http/500", *to_client(), *resp(Http_Version="HTTP/1.0", Status_Code="500", Reason_Phrase="Internal Server Error", Connection="close"))
    v.build("http/chunked", *to_client(), *resp(Transfer_Encoding="chunked", Content_Type="text/plain"), L("Raw", load=B(b"5\r\nhello\r\n0\r\n\r\n")),
            unchecked={k: CHUNKED_KEPT for k in ("fields", "rebuild", "show2", "dissect.summary")})
    v.build("http/set-cookie-and-unknown", *to_client(), *resp(Set_Cookie="id=1; HttpOnly", Unknown_Headers={"$dict": [["X-Powered-By", "packets"]]}))
    v.build("http/response-port-8080", *to_client(8080), *resp(Content_Length="2"), L("Raw", load=B(b"ok")))
    v.build("http/101-switching", *to_client(), *resp(Status_Code="101", Reason_Phrase="Switching Protocols", Upgrade="websocket", Connection="Upgrade"))


def dissected(v):
    def over_tcp(payload, dport=80, sport=40000):
        return v.raw(E(), IP4(), L("TCP", sport=sport, dport=dport, flags="PA", seq=1, ack=1), L("Raw", load=B(payload)))

    v.dissect("http/dissect-get", "Ether", over_tcp(b"GET /index.html HTTP/1.1\r\nHost: example.com\r\nUser-Agent: curl/8.0\r\nAccept: */*\r\n\r\n"))
    v.dissect("http/dissect-lowercase-headers", "Ether", over_tcp(b"GET / HTTP/1.1\r\nhost: example.com\r\nuser-agent: x\r\n\r\n"))
    v.dissect("http/dissect-no-space-after-colon", "Ether", over_tcp(b"GET / HTTP/1.1\r\nHost:example.com\r\n\r\n"))
    v.dissect("http/dissect-unknown-header", "Ether", over_tcp(b"GET / HTTP/1.1\r\nHost: a\r\nX-Thing: 1\r\nX-Other: two words\r\n\r\n"))
    v.dissect("http/dissect-post-with-body", "Ether", over_tcp(b"POST /form HTTP/1.1\r\nHost: a\r\nContent-Length: 7\r\nContent-Type: application/x-www-form-urlencoded\r\n\r\nx=1&y=2"))
    v.dissect("http/dissect-request-line-only", "Ether", over_tcp(b"GET / HTTP/1.0\r\n\r\n"))
    v.dissect("http/dissect-headers-unfinished", "Ether", over_tcp(b"GET / HTTP/1.1\r\nHost: a\r\n"))
    v.dissect("http/dissect-lf-only", "Ether", over_tcp(b"GET / HTTP/1.1\nHost: a\n\n"))
    v.dissect("http/dissect-response", "Ether", over_tcp(b"HTTP/1.1 200 OK\r\nServer: nginx\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok", dport=40000, sport=80))
    v.dissect("http/dissect-response-multiword-reason", "Ether", over_tcp(b"HTTP/1.1 503 Service Unavailable\r\nRetry-After: 5\r\n\r\n", dport=40000, sport=80))
    v.dissect("http/dissect-not-http", "Ether", over_tcp(b"\x16\x03\x01\x00\x05hello"))
    v.dissect("http/dissect-plain-text", "Ether", over_tcp(b"hello there\r\n"))
    v.dissect("http/dissect-8080", "Ether", over_tcp(b"GET / HTTP/1.1\r\nHost: a:8080\r\n\r\n", dport=8080))
    v.dissect("http/dissect-continuation-body", "Ether", over_tcp(b"<html><body>the rest of a body</body></html>", dport=40000, sport=80))
    v.dissect("http/dissect-duplicate-header", "Ether", over_tcp(b"GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"))
    v.dissect("http/dissect-padded-frame", "Ether", over_tcp(b"GET / HTTP/1.1\r\n\r\n") + b"\x00" * 8)
