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
import answers  # noqa: E402
from hostleak import host_identifiers  # noqa: E402

OUT_DIR = os.path.join(HERE, "..", "..", "test", "vectors")
CATALOG_DIR = os.path.join(HERE, "catalog")
# Every module of catalog/ but the DSL is a catalogue (a protocol family adds its own file).
CATALOGUES = sorted(f[:-3] for f in os.listdir(CATALOG_DIR) if f.endswith(".py") and f not in ("__init__.py", "dsl.py"))


def in_scope():
    """Layers packetry declares: each catalogue names its own in SCOPE (a regex); a vector dissecting into anything else tests Scapy's extras."""
    parts = [importlib.import_module("catalog." + name).SCOPE for name in CATALOGUES]
    return re.compile("^(Raw|Padding|" + "|".join(parts) + ")$")


def scope_warnings(vector):
    names = set(re.findall(r'\["(\w+)", \{(?!"\$)', json.dumps(vector["dissect"]["fields"])))
    outside = sorted(n for n in names if not IN_SCOPE.match(n))
    if outside:
        print("  note %s: dissects into layers outside packetry's scope: %s" % (vector["id"], ", ".join(outside)), file=sys.stderr)


def make(name, ids):
    mod = importlib.import_module("catalog." + name)
    cat = Catalog()
    mod.vectors(cat)
    vectors = []
    for item in cat.items:
        if item["kind"] == "build":
            vector = answers.for_spec(item["id"], item["spec"], ids, item["unchecked"])
        else:
            try:
                vector = answers.for_bytes(item["id"], item["cls"], item["data"], ids, item["unchecked"])
            except Exception as e:  # Scapy raises at the top level: no vector
                print("  skipped %s: Scapy raises %r" % (item["id"], e), file=sys.stderr)
                continue
        scope_warnings(vector)
        if item["note"]:
            vector["note"] = item["note"]
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
    global IN_SCOPE
    J.setup()
    IN_SCOPE = in_scope()
    ids = host_identifiers()
    os.makedirs(OUT_DIR, exist_ok=True)
    total = sum(make(n, ids) for n in (names or CATALOGUES))
    print("total        %4d vectors" % total)


if __name__ == "__main__":
    main(sys.argv[1:])
