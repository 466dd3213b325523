/**
 * The fuzzer in the suite: a short seeded run (the long one is its own CI step: npm run fuzz),
 * and a layer planted with a fault, to show that what escapes is caught and replayable.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { bindLayers, defineLayer, fields, UDP } from "../../src/index.ts";
import { fuzz } from "./engine.ts";

test("5,000 mutations of every capture frame, layer and capture file: nothing escapes", () => {
  const report = fuzz({ seed: 20251201, mutations: 5000 });
  assert.equal(report.mutations, 5000);
  assert.ok(report.seeds > 300, `${report.seeds} seeds`);
  assert.ok(report.files > 0 && report.frames > 0);
  for (const kind of ["bit flips", "cut", "insertion", "deletion", "lying length", "pointer", "encapsulation"]) assert.ok(report.byKind[kind]! > 0, kind);
  assert.deepEqual(report.failures.map((f) => `${f.kind} of ${f.seed}: ${f.error}`), []);
});

test("a layer whose summary throws when its first byte is not 0 is found, with the bytes", () => {
  const Canary = defineLayer("FuzzCanary", [fields.byte("trigger", 0), fields.byte("other", 0)], {
    summary: (p) => {
      if (p.getFieldValue("trigger") !== 0) throw new Error("canary");
      return "FuzzCanary";
    },
  });
  bindLayers(UDP, Canary, { dport: 31337 });
  const report = fuzz({ seed: 7, mutations: 10_000 });
  const found = report.failures.filter((f) => f.seed === "layer FuzzCanary");
  assert.ok(found.length > 0, "the planted fault is found");
  assert.match(found[0]!.error, /canary/);
  assert.doesNotMatch(found[0]!.hex, /^00/);
  assert.equal(report.failures.length, found.length, "and nothing else");
});
