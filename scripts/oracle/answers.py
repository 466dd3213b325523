"""Scapy's answer for one packet, shaped as a vector: what make_vectors.py writes and oracle.py sends.

    {"id", "spec"?, "cls", "bytes", "summary", "show2", "dissect": {layers, fields, summary, rebuild},
     "unchecked"?: {aspect: why}}

An aspect is set to null and listed in "unchecked" when Scapy 2.5 cannot say what 2.6 does (DNS
show) or when Scapy took it from this host (an unset field filled from routes or interfaces).
"""
import json

import scapy_json as J
from hostleak import leaks

HOST_DEPENDENT = "Scapy fills this from the host's interfaces or routes (a field left unset)"
DNS_SHOW = "2.5 shows DNS sections as record chains, 2.6 as lists with other fields: not comparable"
DNS_GAVE_UP = ("Scapy 2.5's DNS parser (record chains) gives up on these bytes and leaves Raw; "
               "2.6 reads sections as lists and may keep more: not comparable")


class SpecDependsOnHost(ValueError):
    pass


def for_spec(vid, spec, host_ids, unchecked=None):
    """Builds a spec; raises what Scapy raises."""
    spec = json.loads(json.dumps(spec))
    pkt = J.build_spec(spec)
    data = bytes(pkt)
    return _finish(vid, spec, spec[0][0], data, J.summary_text(pkt), host_ids, unchecked)


def for_bytes(vid, cls, data, host_ids, unchecked=None):
    """Dissects bytes; raises what Scapy raises at the top level (then there is no vector)."""
    return _finish(vid, None, cls, data, None, host_ids, unchecked)


def _finish(vid, spec, cls, data, summary, host_ids, unchecked):
    dissected, d = J.dissect_result(cls, data)
    show2 = J.show_text(type(dissected)(bytes(dissected)))
    vector = {"id": vid}
    if spec is not None:
        vector["spec"] = spec
    vector.update({"cls": cls, "bytes": data.hex(), "summary": d["summary"] if summary is None else summary, "show2": show2, "dissect": d})
    unchecked = dict(unchecked or {})
    if _dns_gave_up(dissected):
        for aspect in ("layers", "dissect.summary", "show2"):
            unchecked.setdefault(aspect, DNS_GAVE_UP)
    if show2 is None and "show2" not in unchecked:
        unchecked["show2"] = DNS_SHOW
    _drop_host_values(vector, unchecked, host_ids)
    if unchecked:
        vector["unchecked"] = unchecked
    return vector


def _dns_gave_up(pkt):
    """2.5 could not read the DNS: Raw or a cut-short record in a section, Raw after the message or instead of it."""
    from scapy.layers.dns import DNS
    from scapy.layers.inet import UDP
    from scapy.packet import NoPayload, Padding, Raw
    p = pkt
    while p is not None and not isinstance(p, NoPayload):
        pl = p.payload
        if isinstance(p, DNS):
            for section in J.DNS_SECTIONS:
                for r in J._dns_section(p.fields.get(section)):
                    if isinstance(r, Raw) or any(f.name not in r.fields for f in r.fields_desc):
                        return True
            if isinstance(pl, Raw) and not isinstance(pl, Padding):
                return True
        if isinstance(p, UDP) and {53, 5353} & {p.sport, p.dport} and type(pl) is Raw and len(pl.load) >= 12:
            return True
        p = pl
    return False


def _drop_host_values(vector, unchecked, host_ids):
    found = leaks(json.dumps(vector.get("spec")) + vector["bytes"], host_ids)
    if found and "spec" in vector:
        raise SpecDependsOnHost("%s: the spec or its bytes depend on this host (%s): give the field explicitly" % (vector["id"], found))
    d = vector["dissect"]
    for key, holder in [("summary", vector), ("show2", vector), ("rebuild", d), ("dissect.summary", d)]:
        name = key.split(".")[-1]
        if holder[name] is not None and leaks(holder[name], host_ids):
            holder[name] = None
            unchecked[key] = HOST_DEPENDENT
