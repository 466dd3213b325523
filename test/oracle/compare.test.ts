import assert from "node:assert/strict";
import { test } from "node:test";
import { Raw } from "../../src/index.ts";
import { diffHex, diffText } from "./compare.ts";
import { buildSpec, encodeValue, layersOf } from "./spec.ts";
import { checkVector, type Vector } from "./vectors.ts";

// The harness itself: a vector that agrees passes, and each kind of disagreement is named.

function agreeing(): Vector {
  const spec: Vector["spec"] = [["Raw", { load: { $bytes: "616263" } }]];
  const pkt = buildSpec(spec);
  return {
    id: "self/raw",
    spec,
    cls: "Raw",
    bytes: "616263",
    summary: pkt.summary(),
    show2: pkt.show2({ dump: true })!,
    dissect: { layers: ["Raw"], fields: layersOf(Raw(new Uint8Array([97, 98, 99]))), summary: pkt.summary(), rebuild: "616263" },
  };
}

test("a vector that agrees has no differences", () => {
  assert.deepEqual(checkVector(agreeing()), []);
});

test("different bytes name the first differing offset", () => {
  const v = { ...agreeing(), bytes: "616163" };
  const problems = checkVector(v);
  assert.ok(problems.some((p) => p.startsWith("bytes: first difference at byte 1 (0x1): expected 61, got 62")), problems.join("\n"));
});

test("a different field value names layer and field", () => {
  const v = agreeing();
  v.dissect.fields = [["Raw", { load: { $bytes: "616264" } }]];
  assert.deepEqual(checkVector(v), ['Raw.load: expected {"$bytes":"616264"}, got {"$bytes":"616263"}']);
});

test("a missing field and different layers are reported", () => {
  const v = agreeing();
  v.dissect.fields = [["Raw", { nope: 1 }], ["Padding", {}]];
  const problems = checkVector(v);
  assert.match(problems[0]!, /^layers: expected \["Raw","Padding"\], got \["Raw"\]/);
  assert.match(problems[1]!, /Raw\.nope: expected 1, but packetry's Raw has no field nope here/);
});

test("an unknown layer name is a problem, not a crash", () => {
  const v = { ...agreeing(), spec: [["NoSuchLayer", {}]] as Vector["spec"] };
  assert.match(checkVector(v)[0]!, /building the spec threw Error: packetry has no layer named NoSuchLayer/);
});

test("text differences show the first differing line", () => {
  assert.equal(diffText("show2", "a\nb\nc", "a\nx\nc"), 'show2: line 2 differs (of 3 expected, 3 actual lines)\n    expected "b"\n    actual   "x"');
  assert.equal(diffHex("bytes", "00", "00"), "");
  assert.match(diffHex("bytes", "0001", "00"), /byte 1 .*expected 01, got \(end\); lengths expected 2, got 1/);
});

test("values encode as the shared JSON form", () => {
  assert.deepEqual(encodeValue(new Uint8Array([1, 255])), { $bytes: "01ff" });
  assert.deepEqual(encodeValue([1n, 2n ** 60n]), [1, { $int: String(2n ** 60n) }]);
  assert.equal(encodeValue(undefined), null);
});
