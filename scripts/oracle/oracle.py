"""A long-lived Scapy that answers in JSON lines (test/oracle/live.test.ts talks to it).

    /usr/bin/python3 scripts/oracle/oracle.py

It prints {"ready": true, "scapy": "2.5.0"} once, then answers one line per request line:
  {"id": 1, "op": "build", "spec": SPEC}            -> {"id": 1, "ok": true, "vector": VECTOR}
  {"id": 2, "op": "dissect", "cls": "Ether", "hex": "..."} -> the same, or {"ok": false, "error": ...}
  {"id": 3, "op": "describe", "layer": "TCP"}       -> {"ok": true, "fields": [{name, kind, bits, ...}]}
  {"id": 4, "op": "filter", "layers": [names]}      -> {"ok": true, "kept": [names]}: other layers
                                                       are no longer guessed as payloads (Scapy's
                                                       conf.layers.filter), so bytes that Scapy would
                                                       read as a protocol packetry lacks stay Raw.
VECTOR has the shape of a golden vector (answers.py).
"""
import json
import os
import re
import sys
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import answers  # noqa: E402
import scapy_json as J  # noqa: E402
from hostleak import host_identifiers  # noqa: E402

INT_FORMAT = re.compile(r"^[!<>=]?[bBhHiIlLqQ]$")


def describe(layer):
    from scapy.fields import BitField, ConditionalField, Emph, IP6Field, IPField, MACField, MultipleTypeField, _StrField
    out = []
    for f in J.layer_class(layer).fields_desc:
        conditional = isinstance(f, ConditionalField)
        inner = f.fld if conditional else f
        if isinstance(inner, Emph):
            inner = inner.fld
        entry = {"name": f.name, "kind": type(inner).__name__, "conditional": conditional, "default": J.encode_value(_plain_default(inner))}
        if isinstance(inner, BitField):
            entry.update(type="int", bits=int(abs(inner.size)))
        elif isinstance(inner, MultipleTypeField):
            entry.update(type="multiple")
        elif isinstance(inner, IPField):
            entry.update(type="ipv4")
        elif isinstance(inner, IP6Field):
            entry.update(type="ipv6")
        elif isinstance(inner, MACField):
            entry.update(type="mac")
        elif INT_FORMAT.match(getattr(inner, "fmt", "")) and not (isinstance(inner, _StrField) or inner.islist or inner.holds_packets):
            entry.update(type="int", bits=inner.sz * 8)
        else:
            entry.update(type="other")
        out.append(entry)
    return out


def _plain_default(f):
    d = f.default
    return d if d is None or isinstance(d, (int, str, bytes, list, tuple)) else str(d)


def apply_filter(names):
    from scapy.config import conf
    keep = [c for c in conf.layers if c.__name__ in set(names)]
    if conf.layers.filtered:
        conf.layers.unfilter()
    conf.layers.filter(keep)
    return sorted({c.__name__ for c in keep})


def answer(req, host_ids):
    op = req.get("op")
    vid = str(req.get("id"))
    if op == "build":
        return {"vector": answers.for_spec(vid, req["spec"], host_ids)}
    if op == "dissect":
        return {"vector": answers.for_bytes(vid, req["cls"], bytes.fromhex(req["hex"]), host_ids)}
    if op == "describe":
        return {"fields": describe(req["layer"])}
    if op == "filter":
        return {"kept": apply_filter(req["layers"])}
    raise ValueError("unknown op %r" % (op,))


def main():
    J.setup()
    host_ids = host_identifiers()
    import scapy
    out = sys.stdout
    out.write(json.dumps({"ready": True, "scapy": scapy.VERSION}) + "\n")
    out.flush()
    for line in sys.stdin:
        if not line.strip():
            continue
        req = {}
        try:
            req = json.loads(line)
            reply = {"id": req.get("id"), "ok": True}
            reply.update(answer(req, host_ids))
        except Exception as e:
            reply = {"id": req.get("id"), "ok": False, "error": "%s: %s" % (type(e).__name__, e), "trace": traceback.format_exc(limit=3)}
        out.write(json.dumps(reply, ensure_ascii=False) + "\n")
        out.flush()


if __name__ == "__main__":
    main()
