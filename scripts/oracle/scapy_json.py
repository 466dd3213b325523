"""The JSON form of packets shared by Scapy (this file) and packetry (test/oracle/spec.ts).

A *spec* is a list of layers, outermost first: [["Ether", {"dst": "..."}], ["IP", {...}], ...].
Scapy builds it as Ether(**f) / IP(**f) / ...; packetry as Ether(f).div(IP(f), ...).

Field values in specs and in dissection results use plain JSON where it fits and tagged objects
where it does not:
  numbers, strings (addresses, enum names, flag text), null (None), true/false
  {"$bytes": "4745"}        bytes, as lowercase hex
  {"$pkt": SPEC}            a packet held by a field (IP options, DNS records, EDNS0 options)
  {"$int": "123..."}        an integer too large for a double (more than 2**53)
  {"$dict": [[k, v], ...]}  a mapping (HTTP's Unknown_Headers); keys are text (bytes read as latin-1)
  {"$asn1": [cls, val]}     an ASN.1 object (ASN1_INTEGER(5): ["ASN1_INTEGER", 5]); a decoding
                            error adds its message: ["ASN1_DECODING_ERROR", val, message]
  [a, b, ...]               a list; inside a list-valued field, nested arrays are Scapy tuples
                            (TCP options [["MSS", 1460]], DHCP options [["hostname", "x"], "end"])

Dissection results describe each layer of the chain as [class name, {field: value}] with the
fields the bytes gave (Scapy's pkt.fields), as internal values: numbers for enums and flags,
strings for addresses, bytes for strings.

Expected text follows Scapy 2.6+ (what packetry reproduces): setup() patches Debian's 2.5 where
the two versions print differently; see NORMALISATIONS.
"""
import functools
import logging
import re

from scapy.config import conf
from scapy.fields import FlagValue, _StrField
from scapy.packet import NoPayload, Packet
from scapy.themes import NoTheme

NORMALISATIONS = [
    "show: no trailing spaces on any line (2.6 dropped the space after '###[ X ]###')",
    "show/repr: bytes print as b'..' (2.6), not '..' (2.5)",
    "DNS sections (also LLMNR's) are lists in specs and dissection results (2.6); 2.5 chains records with '/', same bytes",
    "DNSQR qclass and DNSRR-family rclass split into unicastresponse/cacheflush (top bit) + 15-bit class, as 2.6 declares them",
    "DNS summary as 2.6 prints it: 'DNS Qry b'name.'', 'DNS Ans 1.2.3.4', 'mDNS ...', rcode text on empty error answers",
    "HTTP summary as 2.6 prints it: \"GET '/' \" and '200 OK'",
    "DHCP summary names the message type also when it was given by name ('DHCP Discover', as packetry's issue asks; 2.5 prints 'DHCP ' then)",
    "TCP options default to [] (2.6), so an option-less TCP header shows 'options = []'",
    "no manufacturer database (Wireshark's manuf, when installed, names OUIs): an OUI prints as 00:00:00",
    "Dot1Q's 'id' bit is named 'dei' (2.6)",
    "show2 is left out (null) for packets holding DNS: 2.5 shows record chains, 2.6 lists, with other fields",
]

_setup_done = False


def setup():
    """Make Debian's Scapy deterministic and 2.6-shaped in its text. Idempotent."""
    global _setup_done
    if _setup_done:
        return
    _setup_done = True
    import scapy.all  # noqa: F401  (loads every default layer and its bindings)
    conf.color_theme = NoTheme()
    conf.verb = 0
    # Never ask the network for a MAC (Scapy 2.5 would ARP for an unset Ether dst): broadcast.
    conf.neighbor.resolve = lambda *args, **kwargs: None
    logging.getLogger("scapy").setLevel(logging.ERROR)
    from scapy.main import load_layer
    load_layer("http")
    _StrField.i2repr = _bytes_repr
    _rename_fields()
    _set_default("TCP", "options", [])
    # Wireshark's manufacturer table, when installed, names OUIs; packetry ships none.
    import scapy.data
    scapy.data.MANUFDB = None
    _patch_dns_summary()
    _patch_http_summary()
    _patch_dhcp_summary()


# Fields 2.6 renamed: (layer, 2.5 name, 2.6 name).
RENAMED_FIELDS = [("Dot1Q", "id", "dei")]


def _rename_fields():
    for layer, old, new in RENAMED_FIELDS:
        cls = layer_class(layer)
        for f in cls.fields_desc:
            if f.name == old:
                f.name = new
        for c in list(Packet.class_default_fields):
            if issubclass(c, cls):
                for cache in (Packet.class_default_fields, Packet.class_fieldtype, Packet.class_packetfields):
                    cache.pop(c, None)


def _set_default(layer, name, value):
    cls = layer_class(layer)
    for f in cls.fields_desc:
        if f.name == name:
            f.default = value
    Packet.class_default_fields.clear()


def _bytes_repr(self, pkt, x):
    if isinstance(x, bytes):
        return repr(x)
    return repr(self.i2h(pkt, x))


def _patch_dns_summary():
    from scapy.layers.dns import DNS, DNSQR, DNSRR
    from scapy.layers.inet import UDP

    def mysummary(self):
        name = ""
        if self.qr:
            kind = "Ans"
            first = _dns_section(self.an)
            if first and isinstance(first[0], DNSRR):
                name = " %s" % (first[0].rdata,)
            elif self.rcode != 0:
                name = self.sprintf(" %rcode%")
        else:
            kind = "Qry"
            first = _dns_section(self.qd)
            if first and isinstance(first[0], DNSQR):
                name = " %s" % (first[0].qname,)
        mdns = isinstance(self.underlayer, UDP) and self.underlayer.dport == 5353
        return "%sDNS %s%s" % ("m" if mdns else "", kind, name)

    DNS.mysummary = mysummary


def _patch_dhcp_summary():
    from scapy.layers.dhcp import DHCP, DHCPTypes

    def mysummary(self):
        for opt in self.options:
            if isinstance(opt, tuple) and opt[0] == "message-type":
                kind = opt[1] if isinstance(opt[1], str) else DHCPTypes.get(opt[1], "")
                return "DHCP %s" % kind.capitalize()
        return ""

    DHCP.mysummary = mysummary


def _patch_http_summary():
    from scapy.layers.http import HTTPRequest, HTTPResponse

    def text(v):
        return v.decode("latin-1") if isinstance(v, bytes) else str(v)

    HTTPRequest.mysummary = lambda self: "%s '%s' " % (text(self.Method), text(self.Path))
    HTTPResponse.mysummary = lambda self: "%s %s" % (text(self.Status_Code), text(self.Reason_Phrase))


# ---------------------------------------------------------------- classes


@functools.lru_cache(maxsize=None)
def _classes():
    table = {}
    for cls in conf.layers:
        table.setdefault(cls.__name__, cls)
    return table


def layer_class(name):
    cls = _classes().get(name)
    if cls is None:
        raise KeyError("Scapy has no layer named %r" % name)
    return cls


# ---------------------------------------------------------------- spec -> Scapy

DNS_SECTIONS = ("qd", "an", "ns", "ar")
# Messages with DNS's sections (LLMNR has DNS's layout).
DNS_MESSAGES = {"DNS", "LLMNRQuery", "LLMNRResponse"}
# Fields whose list items are tuples, but whose deeper arrays stay lists (DHCP's param_req_list).
SHALLOW_TUPLES = {("DHCP", "options")}


def decode_value(v):
    """JSON value -> Python value (lists stay lists)."""
    if isinstance(v, dict):
        if "$bytes" in v:
            return bytes.fromhex(v["$bytes"])
        if "$pkt" in v:
            return build_spec(v["$pkt"])
        if "$int" in v:
            return int(v["$int"])
        if "$dict" in v:
            return {decode_value(k): decode_value(x) for k, x in v["$dict"]}
        if "$asn1" in v:
            return _asn1_object(v["$asn1"])
        raise ValueError("unknown tagged value %r" % (v,))
    if isinstance(v, list):
        return [decode_value(x) for x in v]
    return v


def _tuples(v, deep):
    if isinstance(v, list):
        return tuple(_tuples(x, deep) if deep else x for x in v)
    return v


def field_value(layer, name, v):
    value = decode_value(v)
    if layer in DNS_MESSAGES and name in DNS_SECTIONS and isinstance(value, list):
        # Scapy 2.5 keeps a section as one packet chain (record / record / ...).
        return functools.reduce(lambda a, b: a / b, value) if value else None
    if isinstance(value, list):
        deep = (layer, name) not in SHALLOW_TUPLES
        return [_tuples(x, deep) if isinstance(x, list) else x for x in value]
    return value


def build_layer(name, fields):
    cls = layer_class(name)
    kwargs = {k: field_value(name, k, v) for k, v in fields.items()}
    return cls(**kwargs)


def build_spec(spec):
    pkt = None
    for entry in spec:
        name, fields = entry[0], (entry[1] if len(entry) > 1 and entry[1] is not None else {})
        layer = build_layer(name, fields)
        pkt = layer if pkt is None else pkt / layer
    return pkt


# ---------------------------------------------------------------- Scapy -> JSON

# 2.6 declares the top bit of these class fields as its own field (mDNS).
CLASS_SPLIT = {
    "DNSQR": ("qclass", "unicastresponse"),
    "DNSRR": ("rclass", "cacheflush"),
    "DNSRRMX": ("rclass", "cacheflush"),
    "DNSRRSRV": ("rclass", "cacheflush"),
    "DNSRRRSIG": ("rclass", "cacheflush"),
    "DNSRRNSEC": ("rclass", "cacheflush"),
    "DNSRRDNSKEY": ("rclass", "cacheflush"),
    "DNSRRDS": ("rclass", "cacheflush"),
    "DNSRRDLV": ("rclass", "cacheflush"),
    "DNSRRNSEC3": ("rclass", "cacheflush"),
    "DNSRRNSEC3PARAM": ("rclass", "cacheflush"),
}

MAX_SAFE = 2 ** 53


def _asn1_object(entry):
    import scapy.asn1.asn1 as A
    name, val = entry[0], decode_value(entry[1])
    if name == "ASN1_DECODING_ERROR":
        return A.ASN1_DECODING_ERROR(val, exc=ValueError(entry[2]) if len(entry) > 2 else None)
    return getattr(A, name)(val)


def encode_value(v):
    from scapy.asn1.asn1 import ASN1_Object, ASN1_DECODING_ERROR
    if isinstance(v, ASN1_DECODING_ERROR):
        return {"$asn1": [type(v).__name__, encode_value(v.val), v.exc.args[0] if v.exc else ""]}
    if isinstance(v, ASN1_Object):
        return {"$asn1": [type(v).__name__, encode_value(v.val)]}
    if v is None or isinstance(v, bool) or isinstance(v, str):
        return v
    if isinstance(v, FlagValue):
        return int(v)
    if isinstance(v, int):
        return v if -MAX_SAFE <= v <= MAX_SAFE else {"$int": str(v)}
    if isinstance(v, float):
        return v
    if isinstance(v, (bytes, bytearray)):
        return {"$bytes": bytes(v).hex()}
    if isinstance(v, Packet):
        return {"$pkt": layers_of(v)}
    if isinstance(v, (list, tuple)):
        return [encode_value(x) for x in v]
    if isinstance(v, dict):
        return {"$dict": [[_key(k), encode_value(x)] for k, x in v.items()]}
    return str(v)


def _key(k):
    # Mapping keys are text on both sides (JavaScript object keys are strings).
    return k.decode("latin-1") if isinstance(k, bytes) else encode_value(k)


def _dns_section(value):
    """A 2.5 section (a record chain, or None) as a list of records."""
    out = []
    p = value
    while isinstance(p, Packet) and not isinstance(p, NoPayload):
        out.append(p)
        p = p.payload
    return out


def layer_fields(pkt):
    """{field: value} of one layer, as the bytes gave them, in declaration order."""
    name = type(pkt).__name__
    out = {}
    for f in pkt.fields_desc:
        if f.name not in pkt.fields:
            continue
        # Scapy copies mutable defaults (packets, lists) into fields at init, conditions or not.
        if hasattr(f, "_evalcond") and not f._evalcond(pkt):
            continue
        value = pkt.fields[f.name]
        if name in DNS_MESSAGES and f.name in DNS_SECTIONS:
            out[f.name] = [{"$pkt": [[type(r).__name__, layer_fields(r)]]} for r in _dns_section(value)]
            continue
        split = CLASS_SPLIT.get(name)
        if split and f.name == split[0] and isinstance(value, int):
            out[split[1]] = value >> 15
            out[f.name] = value & 0x7FFF
            continue
        out[f.name] = encode_value(value)
    return out


def layers_of(pkt):
    """The chain from pkt down, as [[class name, fields], ...]."""
    out = []
    p = pkt
    while p is not None and not isinstance(p, NoPayload):
        out.append([type(p).__name__, layer_fields(p)])
        p = p.payload
    return out


def has_layer_named(pkt, names):
    p = pkt
    while p is not None and not isinstance(p, NoPayload):
        if type(p).__name__ in names:
            return True
        for f in p.fields_desc:
            v = p.fields.get(f.name)
            for item in (v if isinstance(v, list) else [v]):
                if isinstance(item, Packet) and has_layer_named(item, names):
                    return True
        p = p.payload
    return False


# ---------------------------------------------------------------- text

_TRAILING = re.compile(r"[ \t]+$", re.M)


def show_text(pkt):
    """show(dump=True) without trailing spaces; None where 2.5 and 2.6 disagree (DNS)."""
    if has_layer_named(pkt, DNS_MESSAGES):
        return None
    return _TRAILING.sub("", pkt.show(dump=True))


def summary_text(pkt):
    return pkt.summary()


# ---------------------------------------------------------------- whole answers


def dissect_result(cls_name, data):
    """What Scapy makes of these bytes, or raises (the caller decides)."""
    pkt = layer_class(cls_name)(data)
    return pkt, {
        "layers": [entry[0] for entry in layers_of(pkt)],
        "fields": layers_of(pkt),
        "summary": summary_text(pkt),
        "show2": show_text(pkt),
        "rebuild": bytes(pkt).hex(),
    }
