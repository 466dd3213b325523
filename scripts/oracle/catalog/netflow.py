"""NetFlow v1, v5, v9 and IPFIX (Scapy's layers/netflow): headers, records, templates, options
templates and data flowsets as they are before netflowv9_defragment (test/vectors/netflow-defragment.json
has what that function makes of them)."""
from catalog.dsl import B, E, IP4, L, P

SCOPE = r"Netflow\w*"
FILE = "netflow.json"


def udp(**kw):
    kw.setdefault("sport", 2055)
    kw.setdefault("dport", 2055)
    return (E(), IP4(), L("UDP", **kw))


def tfield(t, n=None, **kw):
    kw["fieldType"] = t
    if n is not None:
        kw["fieldLength"] = n
    return P(L("NetflowTemplateFieldV9", **kw))


def template(tid, *fields):
    return P(L("NetflowTemplateV9", templateID=tid, template_fields=list(fields)))


def rec(data):
    return P(L("NetflowRecordV9", fieldValue=B(data)))


V9 = dict(unixSecs=1700000000, sysUptime=1234, packageSequence=7, SourceID=1)
T256 = template(256, tfield(8), tfield(12), tfield(7), tfield(11), tfield(4), tfield(1), tfield(2))
DATA256 = bytes.fromhex("0a000001 0a000002 3039 0050 06 000005dc 0000000a".replace(" ", ""))


def vectors(v):
    v1v5(v)
    v9(v)
    ipfix(v)
    broken(v)


def v1v5(v):
    v.build("netflow/header-alone", L("NetflowHeader"))
    v.build("netflow/v1-records", *udp(), L("NetflowHeader", version=1), L("NetflowHeaderV1", sysUptime=100, unixSecs=1700000000, unixNanoSeconds=999), L("NetflowRecordV1", ipsrc="10.0.0.1", ipdst="10.0.0.2", dpkts=3, dbytes=180, srcport=1024, dstport=80, proto=6), L("NetflowRecordV1", ipsrc="10.0.0.3"))
    v.build("netflow/v5-defaults", *udp(), L("NetflowHeader", version=5), L("NetflowHeaderV5"), L("NetflowRecordV5"))
    v.build("netflow/v5-records", *udp(sport=40000, dport=9995), L("NetflowHeader", version=5), L("NetflowHeaderV5", sysUptime=5000, unixSecs=1700000000, unixNanoSeconds=500000000, flowSequence=42, engineType=1, engineID=2, samplingInterval=0x4064), L("NetflowRecordV5", src="10.1.0.1", dst="10.1.0.2", nexthop="10.1.0.254", input=1, output=2, dpkts=10, dOctets=1500, first=4000, last=4900, srcport=443, dstport=50000, tcpFlags="SA", prot="udp", tos=0x10, src_as=65001, dst_as=65002, src_mask=24, dst_mask=16), L("NetflowRecordV5", tcpFlags="FPA"), L("NetflowRecordV5", prot=1))
    v.build("netflow/v5-given-count", L("NetflowHeader", version=5), L("NetflowHeaderV5", count=30), L("NetflowRecordV5"))
    v.dissect("netflow/v5-dissect-cut", "Ether", v.raw(*udp(), L("NetflowHeader", version=5), L("NetflowHeaderV5"), L("NetflowRecordV5"), L("NetflowRecordV5"))[:-20])
    v.dissect("netflow/v1-dissect-sport", "Ether", v.raw(*udp(sport=2056, dport=33333), L("NetflowHeader", version=1), L("NetflowHeaderV1"), L("NetflowRecordV1")))


def v9(v):
    v.build("netflow/v9-template", *udp(), L("NetflowHeader", version=9), L("NetflowHeaderV9", **V9), L("NetflowFlowsetV9", templates=[T256]))
    v.build("netflow/v9-template-and-data", *udp(), L("NetflowHeader", version=9), L("NetflowHeaderV9", **V9), L("NetflowFlowsetV9", templates=[T256, template(300, tfield(27), tfield(28), tfield(10, 4), tfield(14, 4))]), L("NetflowDataflowsetV9", templateID=256, records=[rec(DATA256 * 2)]))
    v.build("netflow/v9-data-padded", L("NetflowHeader", version=9), L("NetflowHeaderV9", **V9), L("NetflowDataflowsetV9", templateID=257, records=[rec(b"abcdefg")]), L("NetflowDataflowsetV9", templateID=258, records=[rec(b"xy")]))
    v.build("netflow/v9-data-given-length", L("NetflowDataflowsetV9", templateID=256, length=11, records=[rec(b"abcdefg")]))
    v.build("netflow/v9-template-field-lengths", L("NetflowTemplateV9", template_fields=[tfield(8), tfield(27), tfield(56), tfield(999), tfield(1, 8), tfield(40000 - 32768)]))
    v.build("netflow/v9-options-template", *udp(), L("NetflowHeader", version=9), L("NetflowHeaderV9", **V9), L("NetflowOptionsFlowsetV9", templateID=257, option_scope_length=4, option_field_length=8, pad=B(b"\0\0"), scopes=[P(L("NetflowOptionsFlowsetScopeV9", scopeFieldType=1, scopeFieldlength=4))], options=[P(L("NetflowOptionsFlowsetOptionV9", optionFieldType=34, optionFieldlength=4)), P(L("NetflowOptionsFlowsetOptionV9", optionFieldType=35, optionFieldlength=1))]), L("NetflowDataflowsetV9", templateID=257, records=[rec(b"\x00\x00\x00\x01\x00\x00\x00\x64\x02")]))
    v.dissect("netflow/v9-dissect-flowsets", "Ether", v.raw(*udp(), L("NetflowHeader", version=9), L("NetflowHeaderV9", **V9), L("NetflowFlowsetV9", templates=[T256]), L("NetflowOptionsFlowsetV9", templateID=257, option_scope_length=4, option_field_length=4, scopes=[P(L("NetflowOptionsFlowsetScopeV9", scopeFieldType=2, scopeFieldlength=2))], options=[P(L("NetflowOptionsFlowsetOptionV9", optionFieldType=36, optionFieldlength=2))]), L("NetflowDataflowsetV9", templateID=256, records=[rec(DATA256)])))
    v.dissect("netflow/v9-dissect-enterprise-field", "NetflowTemplateV9", bytes.fromhex("01000002" "80010004" "00001234" "00080004"))


def v10(v, *layers, **header):
    """An IPFIX header whose length is given: Scapy leaves the version field out of it (RFC 7011 counts it)."""
    header["length"] = len(v.raw(L("NetflowHeader", version=10), L("NetflowHeaderV10", **header), *layers))
    return L("NetflowHeaderV10", **header)


def ipfix(v):
    sets = (L("NetflowFlowsetV9", flowSetID=2, templates=[template(256, tfield(8), tfield(12), tfield(150, 4), tfield(152, 8), tfield(1, 8))]), L("NetflowDataflowsetV9", templateID=256, records=[rec(bytes(28))]))
    v.build("netflow/ipfix-template-and-data", *udp(dport=4739), L("NetflowHeader", version=10), v10(v, *sets, ExportTime=1700000000, flowSequence=3, ObservationDomainID=9), *sets)
    v.build("netflow/ipfix-scapy-length", L("NetflowHeader", version=10), L("NetflowHeaderV10", length=16, ExportTime=1))
    sets = (L("NetflowFlowsetV9", flowSetID=2, templates=[template(256, tfield(100, 4, enterpriseBit=1, enterpriseNumber=29305), tfield(8))]),)
    v.build("netflow/ipfix-enterprise-field", L("NetflowHeader", version=10), v10(v, *sets, ExportTime=1), *sets)
    v.build("netflow/ipfix-options-template", L("NetflowHeader", version=10), L("NetflowHeaderV10", ExportTime=1, length=60), L("NetflowOptionsFlowset10", templateID=258, pad=B(b""), scopes=[P(L("NetflowOptionsFlowsetScopeV9", scopeFieldType=144, scopeFieldlength=4))], options=[P(L("NetflowOptionsFlowsetOptionV9", optionFieldType=41, optionFieldlength=8)), P(L("NetflowOptionsFlowsetOptionV9", optionFieldType=42, optionFieldlength=8))]))
    v.dissect("netflow/ipfix-dissect-options-last", "NetflowHeader", v.raw(L("NetflowHeader", version=10), L("NetflowHeaderV10", ExportTime=1), L("NetflowFlowsetV9", flowSetID=2, templates=[T256]), L("NetflowOptionsFlowset10", templateID=258, pad=B(b"\x00\x00"), scopes=[P(L("NetflowOptionsFlowsetScopeV9", scopeFieldType=144, scopeFieldlength=4))], options=[P(L("NetflowOptionsFlowsetOptionV9", optionFieldType=41, optionFieldlength=8))])))


def broken(v):
    v.dissect("netflow/v9-dissect-flowset-length-short", "NetflowHeader", v.raw(L("NetflowHeader", version=9), L("NetflowHeaderV9", **V9)) + bytes.fromhex("00000002" "01000001"))
    v.dissect("netflow/v9-dissect-huge-field-count", "NetflowHeader", v.raw(L("NetflowHeader", version=9), L("NetflowHeaderV9", **V9)) + bytes.fromhex("0000000c" "0100ffff" "00080004"))
    v.dissect("netflow/v9-dissect-data-length-past-end", "NetflowHeader", v.raw(L("NetflowHeader", version=9), L("NetflowHeaderV9", **V9)) + bytes.fromhex("0100ffff" "0a000001"))
    v.dissect("netflow/ipfix-dissect-cut-header", "NetflowHeader", v.raw(L("NetflowHeader", version=10), L("NetflowHeaderV10", ExportTime=1))[:9])
