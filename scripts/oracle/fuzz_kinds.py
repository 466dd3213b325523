"""Writes test/vectors/fuzz-kinds.json: the random values of Scapy's fuzz() and volatile module.

    unshare -n /usr/bin/python3 scripts/oracle/fuzz_kinds.py LAYER... > test/vectors/fuzz-kinds.json

"layers": for every layer named (packetry passes its own layer names; those Scapy lacks are
skipped) and every field of it, Scapy's field class, whether its default is None (computed:
fuzz() leaves it), and the class of field.randval() with its range or size. "fuzzed": the fields
fuzz(Layer()) gives a random value. "singular": the values RandSingNum(min, max) draws.
"uuid": RFC 4122 name-based UUIDs. test/tools/fuzz.test.ts and test/core/volatile-values.test.ts
check packetry against them.
"""
import uuid
import json
import sys

import scapy.all as S
from scapy.fields import ConditionalField, MultipleTypeField, PacketField, PacketListField
from scapy.volatile import RandNum, RandString, VolatileValue


def describe(field):
    inner = field.fld if isinstance(field, ConditionalField) else field
    out = {"kind": type(inner).__name__, "computed": field.default is None}
    if isinstance(inner, (PacketListField, PacketField, MultipleTypeField)):
        out["randval"] = None
        return out
    try:
        rv = inner.randval()
    except Exception as e:  # noqa: BLE001 - Scapy's own failure is a fact to record
        out["randval"] = "error: " + type(e).__name__
        return out
    if not isinstance(rv, VolatileValue):
        out["randval"] = None
        return out
    out["randval"] = type(rv).__name__
    if isinstance(rv, RandNum):
        out["min"], out["max"] = str(rv.min), str(rv.max)
    if isinstance(rv, RandString):
        out["size"] = rv.size if isinstance(rv.size, int) else type(rv.size).__name__
    return out


def fuzzed(cls):
    try:
        p = S.fuzz(cls())
    except Exception:  # noqa: BLE001 - a layer Scapy cannot instantiate alone
        return None
    return sorted(k for k, v in p.default_fields.items() if isinstance(v, VolatileValue))


def singular(mn, mx, draws=20000):
    r = S.RandSingNum(mn, mx)
    return sorted({int(r._fix()) for _ in range(draws)})


def main(names):
    layers = {}
    fuzz = {}
    for name in names:
        cls = getattr(S, name, None)
        if not (isinstance(cls, type) and issubclass(cls, S.Packet)):
            continue
        layers[name] = {f.name: describe(f) for f in cls.fields_desc}
        fuzz[name] = fuzzed(cls)
    ranges = [(0, 255), (-128, 127), (0, 65535), (-32768, 32767), (-10, 100), (5, 1000)]
    result = {
        "layers": layers,
        "fuzzed": fuzz,
        "singular": {"%d,%d" % r: singular(*r) for r in ranges},
        "uuid": {
            "uuid5(NAMESPACE_DNS, 'packetry.test')": str(uuid.uuid5(uuid.NAMESPACE_DNS, "packetry.test")),
            "uuid3(NAMESPACE_DNS, 'packetry.test')": str(uuid.uuid3(uuid.NAMESPACE_DNS, "packetry.test")),
            "NAMESPACE_DNS": str(uuid.NAMESPACE_DNS),
        },
    }
    json.dump(result, sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv[1:])
