"""A small language for writing vectors: layers as L("IP", src=...), bytes as B(b"..").

A catalogue module defines `FILE` (the vector file name) and `def vectors(v)`, which calls
v.build(id, *layers) for packets built from a spec, and v.dissect(id, cls, data) for bytes to
dissect (data usually comes from Scapy: v.raw(*layers) builds a spec and returns its bytes).
"""
import scapy_json as J

MAC_A = "00:11:22:33:44:55"
MAC_B = "66:77:88:99:aa:bb"
IP_A = "10.0.0.1"
IP_B = "10.0.0.2"
IP6_A = "2001:db8::1"
IP6_B = "2001:db8::2"
LL_A = "fe80::211:22ff:fe33:4455"
LL_B = "fe80::6477:88ff:fe99:aabb"


def L(name, **fields):
    return [name, fields]


def B(data):
    """Bytes in a spec: {"$bytes": hex}."""
    if isinstance(data, str):
        data = data.encode()
    return {"$bytes": bytes(data).hex()}


def P(*layers):
    """A packet held by a field (an IP option, a DNS record): {"$pkt": spec}."""
    return {"$pkt": list(layers)}


def A(cls, val):
    """An ASN.1 object in a spec: {"$asn1": [class, value]} (ASN1_INTEGER(7) is A("ASN1_INTEGER", 7))."""
    if isinstance(val, bytes):
        val = B(val)
    return {"$asn1": [cls, val]}


def E(**kw):
    """Ethernet with both addresses given (no ARP or interface lookup leaks in)."""
    kw.setdefault("dst", MAC_A)
    kw.setdefault("src", MAC_B)
    return L("Ether", **kw)


def IP4(**kw):
    kw.setdefault("src", IP_A)
    kw.setdefault("dst", IP_B)
    return L("IP", **kw)


def IP6(**kw):
    kw.setdefault("src", IP6_A)
    kw.setdefault("dst", IP6_B)
    return L("IPv6", **kw)


class Catalog:
    def __init__(self):
        self.items = []
        self.ids = set()

    def _add(self, item):
        if item["id"] in self.ids:
            raise ValueError("duplicate vector id %s" % item["id"])
        self.ids.add(item["id"])
        self.items.append(item)

    def build(self, vid, *layers, note=None, unchecked=None):
        self._add({"kind": "build", "id": vid, "spec": list(layers), "note": note, "unchecked": unchecked or {}})

    def dissect(self, vid, cls, data, note=None, unchecked=None):
        self._add({"kind": "dissect", "id": vid, "cls": cls, "data": bytes(data), "note": note, "unchecked": unchecked or {}})

    @staticmethod
    def raw(*layers):
        """Scapy's bytes for a spec (to cut, pad or corrupt into dissection vectors)."""
        return bytes(J.build_spec(list(layers)))


def contrib(*names):
    """Loads Scapy contrib modules (load_contrib) and makes their classes known to specs by name."""
    from scapy.main import load_contrib
    for name in names:
        load_contrib(name)
    J._classes.cache_clear()
