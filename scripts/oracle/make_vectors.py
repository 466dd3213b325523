"""Writes the golden vectors in test/vectors/*.json from Debian's Scapy.

    /usr/bin/python3 scripts/oracle/make_vectors.py [catalogue ...]

Each catalogue in scripts/oracle/catalog/ lists packets (specs to build, or bytes to dissect);
this script asks Scapy for their bytes, text and dissection. The JSON encoding is described in
scapy_json.py; test/oracle/vectors.test.ts checks packetry against every vector.
"""
import importlib
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import scapy_json as J  # noqa: E402
from catalog.dsl import Catalog  # noqa: E402
from hostleak import host_identifiers, leaks  # noqa: E402

CATALOGUES = ["l2", "inet", "dns", "dhcp", "http", "inet6"]
OUT_DIR = os.path.join(HERE, "..", "..", "test", "vectors")
HOST_DEPENDENT = "Scapy fills this from the host's interfaces or routes (a field left unset)"
DNS_SHOW = "2.5 shows DNS sections as record chains, 2.6 as lists with other fields: not comparable"


def outputs(item):
    """Scapy's answers for one catalogue item, or None when Scapy cannot dissect the bytes."""
    if item["kind"] == "build":
        spec = json.loads(json.dumps(item["spec"]))
        pkt = J.build_spec(spec)
        data = bytes(pkt)
        cls = spec[0][0]
        summary = J.summary_text(pkt)
    else:
        spec = None
        data = item["data"]
        cls = item["cls"]
    try:
        dissected, d = J.dissect_result(cls, data)
    except Exception as e:  # Scapy raises at the top level: no vector (as the brief says)
        if spec is not None:
            raise
        print("  skipped %s: Scapy raises %r" % (item["id"], e), file=sys.stderr)
        return None
    show2 = J.show_text(type(dissected)(bytes(dissected)))
    if spec is None:
        summary = d["summary"]
    vector = {"id": item["id"]}
    if spec is not None:
        vector["spec"] = spec
    vector.update({"cls": cls, "bytes": data.hex(), "summary": summary, "show2": show2, "dissect": d})
    unchecked = dict(item["unchecked"])
    if show2 is None and "show2" not in unchecked:
        unchecked["show2"] = DNS_SHOW
    return vector, unchecked


# Layers packetry declares (DESIGN.md); a vector dissecting into anything else tests Scapy's extras.
IN_SCOPE = re.compile(
    r"^(Ether|Dot3|LLC|SNAP|Dot1Q|Dot1AD|ARP|CookedLinux(V2)?|Loopback|Raw|Padding|"
    r"IP|ICMP|UDP|TCP|IPerror|ICMPerror|UDPerror|TCPerror|IPOption.*|TCPAOValue|"
    r"DNS.*|EDNS0.*|BOOTP|DHCP|HTTP|HTTPRequest|HTTPResponse|"
    r"IPv6.*|IPerror6|_?ICMPv6.*|HBHOptUnknown|PadN|Pad1|RouterAlert|Jumbo|MLD.*|"
    r"TCPerror|UDPerror)$"
)


def scope_warnings(vector):
    names = set(re.findall(r'\["(\w+)", \{(?!"\$)', json.dumps(vector["dissect"]["fields"])))
    outside = sorted(n for n in names if not IN_SCOPE.match(n))
    if outside:
        print("  note %s: dissects into layers outside packetry's scope: %s" % (vector["id"], ", ".join(outside)), file=sys.stderr)


def check_host(vector, unchecked, ids):
    """Drops what depends on the machine the generator ran on."""
    if spec_leak := leaks(json.dumps(vector.get("spec")) + vector["bytes"], ids):
        raise ValueError("%s: the spec or its bytes depend on this host (%s): give the field explicitly" % (vector["id"], spec_leak))
    d = vector["dissect"]
    for key, holder, text in [
        ("summary", vector, vector["summary"]),
        ("show2", vector, vector["show2"] or ""),
        ("rebuild", d, d["rebuild"]),
        ("dissect.summary", d, d["summary"]),
    ]:
        if leaks(text, ids):
            holder[key.split(".")[-1]] = None
            unchecked[key] = HOST_DEPENDENT


def make(name, ids):
    mod = importlib.import_module("catalog." + name)
    cat = Catalog()
    mod.vectors(cat)
    vectors = []
    for item in cat.items:
        got = outputs(item)
        if got is None:
            continue
        vector, unchecked = got
        check_host(vector, unchecked, ids)
        scope_warnings(vector)
        if item["note"]:
            vector["note"] = item["note"]
        if unchecked:
            vector["unchecked"] = unchecked
        vectors.append(vector)
    doc = {
        "about": "Golden vectors from Debian's Scapy, written by scripts/oracle/make_vectors.py (catalogue %s). Do not edit by hand." % name,
        "scapy": _scapy_version(),
        "encoding": "see scripts/oracle/scapy_json.py",
        "normalisations": J.NORMALISATIONS,
        "vectors": vectors,
    }
    path = os.path.join(OUT_DIR, mod.FILE)
    with open(path, "w") as f:
        f.write(_dump(doc))
    print("%-12s %4d vectors -> %s" % (name, len(vectors), os.path.relpath(path)))
    return len(vectors)


def _scapy_version():
    import scapy
    return scapy.VERSION


def _dump(doc):
    return json.dumps(doc, indent=1, ensure_ascii=False) + "\n"


def main(names):
    J.setup()
    ids = host_identifiers()
    os.makedirs(OUT_DIR, exist_ok=True)
    total = sum(make(n, ids) for n in (names or CATALOGUES))
    print("total        %4d vectors" % total)


if __name__ == "__main__":
    main(sys.argv[1:])
