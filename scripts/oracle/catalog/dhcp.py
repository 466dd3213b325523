"""BOOTP and DHCP: the workshop's discover/request, every message type, options of every value type."""
from catalog.dsl import B, E, L

# Layers of this family (make_vectors.py notes vectors that dissect into anything else).
SCOPE = r"BOOTP|DHCP"
FILE = "dhcp.json"

CLIENT_MAC = "00:11:22:33:44:55"
CHADDR = B(bytes.fromhex("001122334455"))
SERVER = dict(src="10.0.0.254", dst="10.0.0.10")


def client(options, **bootp):
    bootp.setdefault("chaddr", CHADDR)
    bootp.setdefault("xid", 0x1234)
    return [E(dst="ff:ff:ff:ff:ff:ff", src=CLIENT_MAC), L("IP", src="0.0.0.0", dst="255.255.255.255"), L("UDP", sport=68, dport=67),
            L("BOOTP", **bootp), L("DHCP", options=options)]


def server(options, **bootp):
    bootp.setdefault("chaddr", CHADDR)
    bootp.setdefault("xid", 0x1234)
    bootp.setdefault("op", 2)
    return [E(dst=CLIENT_MAC, src="66:77:88:99:aa:bb"), L("IP", **SERVER), L("UDP", sport=67, dport=68),
            L("BOOTP", **bootp), L("DHCP", options=options)]


def vectors(v):
    workshop(v)
    message_types(v)
    option_values(v)
    bootp(v)
    broken(v)


def workshop(v):
    v.build("dhcp/workshop-discover", *client([["message-type", "discover"], ["requested_addr", "1.2.3.4"], ["hostname", "box"], ["param_req_list", [1, 3, 6]], "end"]),
            note="the reference's 302-byte DISCOVER")
    v.build("dhcp/workshop-request", *client([["message-type", "request"], ["requested_addr", "10.0.0.10"], ["server_id", "10.0.0.254"], ["hostname", "box"], ["param_req_list", [1, 3, 6, 15, 51, 54]], "end"]))
    v.build("dhcp/offer", *server([["message-type", "offer"], ["server_id", "10.0.0.254"], ["lease_time", 3600], ["subnet_mask", "255.255.255.0"], ["router", "10.0.0.254"], ["name_server", "10.0.0.254"], "end"], yiaddr="10.0.0.10", siaddr="10.0.0.254"))
    v.build("dhcp/ack", *server([["message-type", "ack"], ["server_id", "10.0.0.254"], ["lease_time", 86400], ["renewal_time", 43200], ["rebinding_time", 75600], ["subnet_mask", "255.255.255.0"], ["broadcast_address", "10.0.0.255"], ["router", "10.0.0.254"], ["domain", "lab"], "end"], yiaddr="10.0.0.10"))
    v.build("dhcp/nak", *server([["message-type", "nak"], ["server_id", "10.0.0.254"], ["error_message", "address not available"], "end"]))
    v.build("dhcp/release", E(dst="66:77:88:99:aa:bb", src=CLIENT_MAC), L("IP", src="10.0.0.10", dst="10.0.0.254"), L("UDP", sport=68, dport=67),
            L("BOOTP", ciaddr="10.0.0.10", chaddr=CHADDR, xid=0x99), L("DHCP", options=[["message-type", "release"], ["server_id", "10.0.0.254"], "end"]))


def message_types(v):
    for code in range(1, 14):
        v.build("dhcp/message-type-%d" % code, *client([["message-type", code], "end"]))
    v.build("dhcp/message-type-unknown", *client([["message-type", 200], "end"]))


def option_values(v):
    cases = {
        "ip-single": [["subnet_mask", "255.255.0.0"]],
        "ip-list": [["name_server", "1.1.1.1", "8.8.8.8", "9.9.9.9"]],
        "ip-router-two": [["router", "10.0.0.1", "10.0.0.2"]],
        "int": [["lease_time", 0xFFFFFFFF]],
        "int-signed-time-zone": [["time_zone", 3600]],
        "short": [["max_dhcp_size", 1500]],
        "short-list": [["path-mtu-plateau-table", 1500, 1492, 576]],
        "byte": [["default_ttl", 64]],
        "byte-enum-name": [["message-type", "inform"]],
        "string-field": [["vendor_class_id", "MSFT 5.0"]],
        "string-raw": [["hostname", "client-host"]],
        "string-bytes": [["client_id", B(b"\x01\x00\x11\x22\x33\x44\x55")]],
        "param-req-list-long": [["param_req_list", [1, 2, 3, 6, 12, 15, 26, 28, 33, 42, 51, 54, 58, 59, 119, 121, 249, 252]]],
        "classless-static-routes": [["classless_static_routes", ["192.168.0.0/24:10.0.0.1", "0.0.0.0/0:10.0.0.254", "10.10.0.0/16:10.0.0.2"]]],
        "client-fqdn": [["client_FQDN", B(b"\x00\x00\x00box.lab")]],
        "relay-agent": [["relay_agent_information", B(b"\x01\x04eth0\x02\x06\x00\x11\x22\x33\x44\x55")]],
        "unknown-code": [[250, B(b"xy")]],
        "unknown-code-empty": [[224, B(b"")]],
        "known-code-by-number": [[12, B(b"byno")]],
        "pad-between": [["message-type", "discover"], "pad", "pad", ["hostname", "x"]],
        "no-end": [["message-type", "discover"]],
        "end-then-pad": [["message-type", "discover"], "end", "pad", "pad", "pad"],
        "only-end": [],
        "long-value-255": [["vendor_specific", B(bytes(range(255)))]],
        "all-types": [["message-type", "request"], ["subnet_mask", "255.255.255.0"], ["lease_time", 60], ["max_dhcp_size", 576],
                      ["default_ttl", 32], ["domain", "example.org"], ["param_req_list", [1, 3]], [250, B(b"\x00")], "pad"],
    }
    for name, options in cases.items():
        v.build("dhcp/option-%s" % name, *client(options + ["end"] if name not in ("no-end", "end-then-pad") else options))
    v.build("dhcp/option-summary-by-number", *client([["message-type", 3], "end"]), note="an int message-type gives 'DHCP Request'")


def bootp(v):
    v.build("bootp/no-magic", E(dst="ff:ff:ff:ff:ff:ff", src=CLIENT_MAC), L("IP", src="0.0.0.0", dst="255.255.255.255"), L("UDP", sport=68, dport=67),
            L("BOOTP", chaddr=CHADDR, xid=1, options=B(b"")))
    v.build("bootp/vendor-area", E(dst="ff:ff:ff:ff:ff:ff", src=CLIENT_MAC), L("IP", src="0.0.0.0", dst="255.255.255.255"), L("UDP", sport=68, dport=67),
            L("BOOTP", chaddr=CHADDR, xid=1, options=B(b"\x01\x02\x03\x04")))
    v.build("bootp/all-fields", *client([["message-type", "discover"], "end"], op=1, htype=6, hlen=6, hops=3, xid=0xDEADBEEF, secs=65535, flags="B",
                                        ciaddr="1.1.1.1", yiaddr="2.2.2.2", siaddr="3.3.3.3", giaddr="4.4.4.4",
                                        sname=B(b"server-name"), file=B(b"/boot/pxelinux.0")))
    v.build("bootp/flags-number", *client([["message-type", "discover"], "end"], flags=0x8000))
    v.build("bootp/chaddr-full-16", *client(["end"], chaddr=B(bytes(range(16)))))
    v.build("bootp/server-to-server", E(), L("IP", src="10.0.0.1", dst="10.0.0.2"), L("UDP", sport=67, dport=67), L("BOOTP", op=1, hops=1, giaddr="10.0.0.1", chaddr=CHADDR), L("DHCP", options=[["message-type", "discover"], "end"]))
    v.build("bootp/bare", L("BOOTP", chaddr=CHADDR))


def broken(v):
    frame = v.raw(*client([["message-type", "discover"], ["hostname", "box"], "end"]))
    options_at = 14 + 20 + 8 + 236 + 4
    v.dissect("dhcp/option-length-past-end", "Ether", frame[:options_at + 3] + b"\x0c\x20box\xff")
    v.dissect("dhcp/ip-option-short", "Ether", frame[:options_at] + b"\x01\x03\xff\xff\xff\xff")
    v.dissect("dhcp/int-option-short", "Ether", frame[:options_at] + b"\x33\x02\x00\x10\xff")
    v.dissect("dhcp/message-type-empty", "Ether", frame[:options_at] + b"\x35\x00\xff")
    v.dissect("dhcp/cut-in-options", "Ether", frame[:options_at + 4])
    v.dissect("dhcp/cut-in-magic", "Ether", frame[:options_at - 2])
    v.dissect("dhcp/cut-in-chaddr", "Ether", frame[:14 + 20 + 8 + 30])
    v.dissect("dhcp/padded-frame", "Ether", frame + b"\x00" * 20)
    v.dissect("dhcp/trailing-after-end", "Ether", frame + b"junk")
    v.dissect("dhcp/wrong-magic", "Ether", frame[:options_at - 4] + b"\x63\x82\x53\x64" + frame[options_at:])
