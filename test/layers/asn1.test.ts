/**
 * The ASN.1 engine (core/asn1) and SNMP on it: BER/DER codecs, Scapy's object reprs, tagging,
 * the complex field kinds, request/response matching, and hostile BER (lengths that lie or
 * overflow, indefinite lengths, nesting 10,000 deep).
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  ASN1F_BIT_STRING,
  ASN1F_BOOLEAN,
  ASN1F_CHOICE,
  ASN1F_INTEGER,
  ASN1F_OID,
  ASN1F_PACKET,
  ASN1F_SEQUENCE,
  ASN1F_SET_OF,
  ASN1F_STRING,
  ASN1F_optional,
  ASN1_BIT_STRING,
  ASN1_BOOLEAN,
  ASN1_DECODING_ERROR,
  ASN1_GENERALIZED_TIME,
  ASN1_INTEGER,
  ASN1_NULL,
  ASN1_OID,
  ASN1_SEQUENCE,
  ASN1_STRING,
  ASN1_UTC_TIME,
  BERDecodingError,
  IP,
  MAX_DEPTH,
  Raw,
  SNMP,
  SNMPget,
  SNMPnext,
  SNMPresponse,
  SNMPvarbind,
  UDP,
  berDecode,
  bytesHex,
  defineASN1Layer,
  encodeObject,
  fromHex,
  mib,
  raw,
} from "../../src/index.ts";

const hex = (s: string) => fromHex(s.replace(/\s+/g, ""));

test("objects show as Scapy's reprs", () => {
  assert.equal(new ASN1_INTEGER(5).repr(), "0x5 <ASN1_INTEGER[5]>");
  assert.equal(new ASN1_INTEGER(-5).repr(), "-0x5 <ASN1_INTEGER[-5]>");
  assert.equal(new ASN1_INTEGER(2n ** 100n).repr(), "0x1000000000...0000000000 <ASN1_INTEGER[1267650600...6703205376]>");
  assert.equal(new ASN1_OID("1.3.6.1.2.1.1.1.0").repr(), "<ASN1_OID['.1.3.6.1.2.1.1.1.0']>");
  assert.equal(new ASN1_OID("1.2.840.113549.1.1.1").repr(), "<ASN1_OID['rsaEncryption']>");
  assert.equal(new ASN1_OID("rsaEncryption.5").val, "1.2.840.113549.1.1.1.5");
  assert.equal(new ASN1_STRING(new TextEncoder().encode("public")).repr(), "<ASN1_STRING[b'public']>");
  assert.equal(new ASN1_NULL(0).repr(), "<ASN1_NULL[0]>");
  assert.equal(new ASN1_BOOLEAN(-1).repr(), "True <ASN1_BOOLEAN[-1]>");
  assert.equal(new ASN1_BIT_STRING("0110").repr(), "<ASN1_BIT_STRING[0110]=b'`' (4 unused bits)>");
  assert.equal(new ASN1_GENERALIZED_TIME("20240102030405Z").repr(), "2024-01-02 03:04:05 UTC <ASN1_GENERALIZED_TIME['20240102030405Z']>");
  assert.equal(new ASN1_UTC_TIME("991231235959Z").pretty_time, "1999-12-31 23:59:59 UTC");
  assert.equal(new ASN1_UTC_TIME("nonsense").pretty_time, "nonsense [invalid utc time]");
  assert.equal(new ASN1_SEQUENCE([new ASN1_INTEGER(1), new ASN1_NULL(0)]).repr(), "<ASN1_SEQUENCE[[0x1 <ASN1_INTEGER[1]>, <ASN1_NULL[0]>]]>");
  assert.ok(new ASN1_INTEGER(7).equals(7) && new ASN1_INTEGER(7).equals(new ASN1_INTEGER(7)));
  assert.equal(+new ASN1_INTEGER(7), 7);
});

test("BER encodes and decodes every universal kind as Scapy", () => {
  const cases: Array<[import("../../src/index.ts").ASN1_Object, string]> = [
    [new ASN1_INTEGER(0), "020100"],
    [new ASN1_INTEGER(127), "02017f"],
    [new ASN1_INTEGER(128), "02020080"],
    [new ASN1_INTEGER(-1), "0201ff"],
    [new ASN1_INTEGER(-129), "0202ff7f"],
    [new ASN1_INTEGER(2n ** 64n), "0209010000000000000000"],
    [new ASN1_OID("1.3.6.1.4.1.2021"), "06072b06010401 8f65".replace(" ", "")],
    [new ASN1_NULL(0), "0500"],
    [new ASN1_BIT_STRING("0110"), "03020460"],
    [new ASN1_SEQUENCE([new ASN1_INTEGER(1), new ASN1_STRING("ab")]), "3007020101040261 62".replace(" ", "")],
  ];
  for (const [obj, wire] of cases) {
    assert.equal(bytesHex(encodeObject(obj)), wire, obj.repr());
    const [back, next] = berDecode(fromHex(wire));
    assert.equal(next, wire.length / 2);
    assert.equal(back.className, obj.className);
    assert.equal(bytesHex(encodeObject(back)), wire);
  }
  const long = new ASN1_STRING(new Uint8Array(300));
  assert.equal(bytesHex(encodeObject(long)).slice(0, 8), "0482012c");
});

test("DER refuses what BER lets through", () => {
  for (const wire of ["3080", "04810100", "0202007f", "0101 01".replace(" ", "")]) {
    assert.throws(() => berDecode(fromHex(wire), { der: true }), BERDecodingError, wire);
  }
  assert.equal(berDecode(fromHex("3080"))[0].repr(), "<ASN1_SEQUENCE[[]]>");
  assert.equal(berDecode(fromHex("0202007f"))[0].repr(), "0x7f <ASN1_INTEGER[127]>");
});

test("safe decoding keeps what it cannot read as a DECODING_ERROR, naming why", () => {
  const [o] = berDecode(fromHex("020500"), { safe: true });
  assert.ok(o instanceof ASN1_DECODING_ERROR);
  assert.equal(o.exc, "BERcodec_INTEGER: Got 1 bytes while expecting 5");
  assert.throws(() => berDecode(fromHex("8200")), /Unknown prefix \[82\]/);
});

test("nesting 10,000 deep is a decoding error at the depth bound, without recursion trouble", () => {
  let deep = Uint8Array.of(5, 0);
  for (let i = 0; i < 10000; i++) {
    const n = deep.length;
    const head = n < 128 ? [0x30, n] : n < 256 ? [0x30, 0x81, n] : [0x30, 0x82, n >> 8, n & 255];
    const next = new Uint8Array(head.length + n);
    next.set(head);
    next.set(deep, head.length);
    deep = next;
  }
  assert.throws(() => berDecode(deep), new RegExp(`nested deeper than ${MAX_DEPTH}`));
  const [o] = berDecode(deep, { safe: true });
  assert.equal(o.className, "ASN1_SEQUENCE");
  // As an SNMP value under UDP: Raw, quickly.
  const frame = IP({ src: "10.0.0.1", dst: "10.0.0.2" }).div(UDP({ sport: 161, dport: 4000 }), Raw({ load: concat(hex("3082"), u16(deep.length + 40), hex("020101 04067075626c6963 a282"), u16(deep.length + 29), hex("020105020100020100 3082"), u16(deep.length + 18), hex("3082"), u16(deep.length + 14), hex("060a2b060104018f65040500"), deep) }));
  const t0 = performance.now();
  const p = IP(raw(frame));
  assert.ok(p.getLayer(Raw));
  assert.equal(p.getLayer(SNMP), undefined);
  assert.ok(performance.now() - t0 < 5000);
  // Indefinite lengths all the way down read as empty sequences (Scapy's reading of 0x80).
  const indefinite = new Uint8Array(20000).map((_, i) => (i % 2 ? 0x80 : 0x30));
  assert.equal(berDecode(indefinite)[1], 2);
});

test("lengths that lie or overflow give Raw under UDP and a clear error alone", () => {
  const good = raw(SNMP({ PDU: SNMPget({ id: 1, varbindlist: [SNMPvarbind({ oid: "1.3.6.1.2.1.1.1.0" })] }) }));
  const lies = [
    Uint8Array.from([...good.subarray(0, 1), 0x7f, ...good.subarray(2)]),
    Uint8Array.from([...good.subarray(0, 1), 0x88, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, ...good.subarray(2)]),
    Uint8Array.from([...good.subarray(0, 1), 0xfe, ...good.subarray(2)]),
    good.subarray(0, good.length - 1),
  ];
  for (const bad of lies) {
    const p = UDP(raw(UDP({ sport: 161, dport: 161 }).div(Raw({ load: bad }))));
    assert.ok(p.payload instanceof Raw || p.payload?.spec.name === "Raw", bytesHex(bad));
    const alone = SNMP(bad);
    assert.equal(alone.payload?.spec.name ?? "none", alone.payload ? "Raw" : "none");
  }
});

test("a get through UDP: bindings, answers, summary", () => {
  const req = IP({ src: "10.0.0.1", dst: "10.0.0.2" }).div(UDP({ sport: 40000 }), SNMP({ community: "lab", PDU: SNMPget({ id: 42, varbindlist: [SNMPvarbind({ oid: "1.3.6.1.2.1.1.5.0" })] }) }));
  const reqBytes = raw(req);
  const back = IP(reqBytes);
  assert.equal(back.getLayer(UDP)!.dport, 161);
  assert.equal(back.summary(), "IP / UDP 10.0.0.1:40000 > 10.0.0.2:snmp / SNMP");
  const rsp = IP({ src: "10.0.0.2", dst: "10.0.0.1" }).div(UDP({ sport: 161, dport: 40000 }), SNMP({ community: "lab", PDU: SNMPresponse({ id: 42, varbindlist: [SNMPvarbind({ oid: "1.3.6.1.2.1.1.5.0", value: new ASN1_STRING("lab-host") })] }) }));
  const rspBack = IP(raw(rsp));
  assert.ok(rspBack.answers(back));
  const other = IP(raw(IP({ src: "10.0.0.2", dst: "10.0.0.1" }).div(UDP({ sport: 161, dport: 40000 }), SNMP({ PDU: SNMPresponse({ id: 43 }) }))));
  assert.ok(!other.answers(back));
  const vb = (rspBack.getLayer(SNMP)!.PDU as InstanceType<typeof SNMPresponse>).varbindlist[0]!;
  assert.equal(String(vb.value), "<ASN1_STRING[b'lab-host']>");
  assert.equal((vb.oid as ASN1_OID).val, "1.3.6.1.2.1.1.5.0");
});

test("a field changed in a dissected message rebuilds its containers' lengths", () => {
  const p = SNMP(raw(SNMP({ PDU: SNMPnext({ id: 1, varbindlist: [SNMPvarbind({ oid: "1.3.6.1.2.1" })] }) })));
  p.community = "a much longer community string than before";
  const again = SNMP(raw(p));
  assert.equal(String(again.community), "<ASN1_STRING[b'a much longer community string than before']>");
  assert.equal(again.PDU!.spec.name, "SNMPnext");
});

test("implicit and explicit tags, CHOICE of fields, SET OF, optional fields, DER layers", () => {
  const Inner = defineASN1Layer("TestASN1Inner", new ASN1F_SEQUENCE([ASN1F_INTEGER("a", 1), ASN1F_BOOLEAN("b", false)] as const));
  const Outer = defineASN1Layer(
    "TestASN1Outer",
    new ASN1F_SEQUENCE([
      ASN1F_INTEGER("version", 2, { explicitTag: 0xa0 }),
      ASN1F_STRING("name", "x", { implicitTag: 0x81 }),
      ASN1F_optional(ASN1F_OID("maybe", null, { implicitTag: 0x82 })),
      new ASN1F_CHOICE("either", new ASN1_INTEGER(3), [ASN1F_INTEGER, ASN1F_STRING]),
      ASN1F_SET_OF("ints", [], ASN1F_INTEGER),
      new ASN1F_PACKET("inner", Inner(), Inner, { explicitTag: 0xa3 }),
      new ASN1F_BIT_STRING("bits", "101", false),
    ] as const),
    { codec: "DER" },
  );
  const built = raw(Outer({ ints: [1, 2], either: new ASN1_STRING("s") }));
  assert.equal(bytesHex(built), "3021a003020102810178" + "040173" + "3106020101020102" + "a3083006020101010100030205a0");
  const back = Outer(built);
  assert.equal(back.maybe, null);
  assert.equal(String(back.version), "0x2 <ASN1_INTEGER[2]>");
  assert.equal(String(back.name), "<ASN1_STRING[b'x']>");
  assert.equal(String(back.either), "<ASN1_STRING[b's']>");
  assert.deepEqual((back.ints as ASN1_INTEGER[]).map(Number), [1, 2]);
  assert.equal(String((back.inner as InstanceType<typeof Inner>).a), "0x1 <ASN1_INTEGER[1]>");
  assert.equal(String(back.bits), "<ASN1_BIT_STRING[101]=b'\\xa0' (5 unused bits)>");
  assert.equal(bytesHex(raw(back)), bytesHex(built));
  const withOid = raw(Outer({ maybe: "1.2.3" }));
  assert.equal(String(Outer(withOid).maybe), "<ASN1_OID['.1.2.3']>");
  // DER: a non-minimal length in the same message is refused (the outermost layer keeps what it read).
  const sloppy = Uint8Array.from([0x30, 0x81, built[1]!, ...built.subarray(2)]);
  assert.equal(Outer(sloppy).version, new Outer().version);
});

test("the MIB names OIDs by their longest known prefix, and takes new names", () => {
  assert.equal(mib.oidName("1.2.840.113549.1.1.11.7"), "sha256WithRSAEncryption.7");
  assert.equal(mib.oidName("1.3.6.1.2.1.1.1.0"), ".1.3.6.1.2.1.1.1.0");
  assert.ok(mib.size > 300);
});

test("SNMP's fields, as ls() lists them", () => {
  assert.deepEqual(SNMP.fields.map((f) => `${f.name}:${f.kindName}`), ["version:ASN1F_enum_INTEGER", "community:ASN1F_STRING", "PDU:ASN1F_CHOICE"]);
  assert.deepEqual(SNMPvarbind.fields.map((f) => f.name), ["oid", "value"]);
  assert.throws(() => SNMPget({ error: "no_such_thing" as never }), /error/);
});

function u16(n: number): Uint8Array {
  return Uint8Array.of(n >> 8, n & 255);
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
