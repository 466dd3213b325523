"""What Scapy's netflowv9_defragment makes of lists of NetFlow v9 / IPFIX packets: for each packet,
its bytes and, for each data flowset, the records as split with the templates seen so far.

    unshare -n /usr/bin/python3 scripts/oracle/netflow_defragment.py [extra.pcap ...]

Writes test/vectors/netflow-defragment.json (test/oracle/netflow-defragment.test.ts reads it).
Scapy moves the bytes a flowset's records leave to the end of the packet; they are left out here.
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import scapy_json as J  # noqa: E402

J.setup()
from scapy.all import Ether, IP, UDP, Raw, rdpcap  # noqa: E402
from scapy.layers.netflow import *  # noqa: E402,F403

OUT = os.path.join(HERE, "..", "..", "test", "vectors", "netflow-defragment.json")
V9 = dict(unixSecs=1700000000, sysUptime=1234, packageSequence=7, SourceID=1)


def frame(*layers):
    p = Ether(src="66:77:88:99:aa:bb", dst="00:11:22:33:44:55") / IP(src="10.0.0.1", dst="10.0.0.2") / UDP(sport=2055, dport=2055) / NetflowHeader(version=layers[0])
    for layer in layers[1:]:
        p = p / layer
    return bytes(p)


def tf(t, n=None, **kw):
    return NetflowTemplateFieldV9(fieldType=t, fieldLength=n, **kw) if n is not None else NetflowTemplateFieldV9(fieldType=t, **kw)


def rec(data):
    return NetflowRecordV9(fieldValue=data)


def cases():
    t256 = NetflowTemplateV9(templateID=256, template_fields=[tf(8), tf(12), tf(7), tf(11), tf(4), tf(1), tf(2), tf(22), tf(21), tf(56)])
    r256 = bytes.fromhex("0a0000010a0000023039005006000005dc0000000a000003e8000007d0aabbccddeeff")
    yield "v9-templates-across-packets", [
        frame(9, NetflowHeaderV9(**V9), NetflowFlowsetV9(templates=[t256]), NetflowDataflowsetV9(templateID=256, records=[rec(r256 * 2)])),
        frame(9, NetflowHeaderV9(**V9), NetflowDataflowsetV9(templateID=256, records=[rec(r256 * 3)])),
        frame(9, NetflowHeaderV9(**V9), NetflowDataflowsetV9(templateID=999, records=[rec(r256)])),
        frame(9, NetflowHeaderV9(**V9), NetflowFlowsetV9(templates=[NetflowTemplateV9(templateID=256, template_fields=[tf(27), tf(28), tf(10, 4), tf(61)])]), NetflowDataflowsetV9(templateID=256, records=[rec(bytes(range(37)))])),
    ]
    yield "v9-options", [
        frame(9, NetflowHeaderV9(**V9), NetflowOptionsFlowsetV9(templateID=257, option_scope_length=4, option_field_length=8, scopes=[NetflowOptionsFlowsetScopeV9(scopeFieldType=1, scopeFieldlength=4)], options=[NetflowOptionsFlowsetOptionV9(optionFieldType=34, optionFieldlength=4), NetflowOptionsFlowsetOptionV9(optionFieldType=35, optionFieldlength=1)])),
        frame(9, NetflowHeaderV9(**V9), NetflowDataflowsetV9(templateID=257, records=[rec(b"\x0a\x00\x00\x01\x00\x00\x00\x64\x02")])),
    ]
    t_ipfix = NetflowTemplateV9(templateID=300, template_fields=[tf(8), tf(12), tf(150, 4), tf(152, 8), tf(1, 8), tf(130, 4), tf(4), tf(100, 2, enterpriseBit=1, enterpriseNumber=29305)])
    r300 = bytes.fromhex("0a0000010a000002" "6553f100" "0000018bd0b5a6c8" "00000000000005dc" "0a0000fe" "11" "abcd")
    yield "ipfix-templates", [
        frame(10, NetflowHeaderV10(ExportTime=1700000000, flowSequence=1, ObservationDomainID=1), NetflowFlowsetV9(flowSetID=2, templates=[t_ipfix])),
        frame(10, NetflowHeaderV10(ExportTime=1700000001, flowSequence=2, ObservationDomainID=1), NetflowDataflowsetV9(templateID=300, records=[rec(r300 * 2)])),
    ]


def records(pkt):
    out = []
    layer = pkt
    while layer is not None and not isinstance(layer, bytes) and layer.__class__.__name__ != "NoPayload":
        if type(layer).__name__ == "NetflowDataflowsetV9":
            out.append({"templateID": layer.templateID, "records": [[type(r).__name__, r.name, J.layer_fields(r)] for r in layer.records if type(r).__name__ != "Padding"]})
        layer = layer.payload
    return out


def main(extra):
    doc = {"about": "What Scapy's netflowv9_defragment makes of lists of packets; written by scripts/oracle/netflow_defragment.py. Do not edit by hand.", "cases": []}
    for name, frames in cases():
        pkts = [Ether(f) for f in frames]
        netflowv9_defragment(pkts)  # noqa: F405
        doc["cases"].append({"id": name, "frames": [f.hex() for f in frames], "flowsets": [records(p) for p in pkts]})
    for path in extra:
        pkts = rdpcap(path)
        frames = [bytes(p) for p in pkts]
        # Packet by packet, templates kept: a packet Scapy cannot read (its IPFIX options-template
        # padding runs into the next set) has null for its flowsets.
        from scapy.layers.netflow import _netflowv9_defragment_packet
        defs, opts, ignored, flowsets = {}, {}, set(), []
        for p in pkts:
            try:
                _netflowv9_defragment_packet(p, defs, opts, ignored)
                flowsets.append(records(p))
            except Exception as e:
                print("  %s: Scapy raises %r on frame %d" % (os.path.basename(path), e, len(flowsets) + 1), file=sys.stderr)
                flowsets.append(None)
        doc["cases"].append({"id": os.path.basename(path), "frames": [f.hex() for f in frames], "flowsets": flowsets})
    with open(OUT, "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main(sys.argv[1:])
