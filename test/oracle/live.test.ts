/**
 * Live differential test: random packets built and dissected by packetry and by a running Scapy
 * (scripts/oracle/oracle.py), compared on bytes, layers, field values, summary and show2.
 *
 * Seeded: PACKETRY_ORACLE_SEED=<n> reproduces a run, PACKETRY_ORACLE_COUNT=<n> sets how many
 * built packets (and 2/3 as many mutated frames). Skipped, with the reason, when /usr/bin/python3
 * cannot import scapy (apt-get install python3-scapy).
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { registry } from "../../src/index.ts";
import { bytesToHex, mutate, randomSpec, Rng, STACK_LAYERS } from "./random-packets.ts";
import { ScapyOracle, whyNoScapy, type FieldInfo } from "./scapy-oracle.ts";
import type { Spec } from "./spec.ts";
import { checkVector, type Vector } from "./vectors.ts";

const SEED = Number(process.env.PACKETRY_ORACLE_SEED ?? 0x5eed);
const BUILDS = Number(process.env.PACKETRY_ORACLE_COUNT ?? 300);
const MUTATIONS = Math.round((BUILDS * 2) / 3);
const noScapy = whyNoScapy();

let oracle: ScapyOracle;
const fields = new Map<string, FieldInfo[]>();

before(async () => {
  if (noScapy) return;
  oracle = await ScapyOracle.start();
  for (const name of STACK_LAYERS) fields.set(name, await oracle.describe(name));
  // Scapy guesses payloads only among the layers packetry has: bytes that Scapy would read as
  // a protocol packetry lacks (mutated ports and types) stay Raw on both sides.
  await oracle.filter([...registry.layers.keys()]);
});

after(async () => {
  if (!noScapy) await oracle.close();
});

const fieldsOf = (name: string) => fields.get(name) ?? [];
/** Each case's own seed, so that runs with nearby seeds do not share cases. */
const caseSeed = (stream: number, i: number) => {
  let h = Math.imul(SEED ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(stream + 1, 0x27d4eb2f) ^ Math.imul(i + 1, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  return (h ^ (h >>> 15)) >>> 0;
};
const reproduce = (kind: string, i: number) => `reproduce: PACKETRY_ORACLE_SEED=${SEED} (${kind} case ${i}) npm test -- oracle/live`;

function assertAgrees(scapy: Vector, what: string): void {
  const problems = checkVector(scapy);
  if (problems.length) {
    const input = scapy.spec ? `spec ${JSON.stringify(scapy.spec)}` : `${scapy.cls}(bytes ${scapy.bytes})`;
    assert.fail(`${what}: ${problems.length} difference(s) from Scapy\n  ${input}\n- ${problems.join("\n- ")}`);
  }
}

const label = (spec: Spec) => spec.map((l) => l[0]).join("/");

/** A random spec Scapy can build (some random explicit values make Scapy itself raise). */
async function buildable(r: Rng): Promise<{ spec: Spec; scapy: Vector } | { spec: Spec; error: string }> {
  let spec: Spec = [];
  let error = "";
  for (let attempt = 0; attempt < 5; attempt++) {
    spec = randomSpec(r, fieldsOf);
    const scapy = await oracle.build(spec);
    if (typeof scapy !== "string") return { spec, scapy };
    error = scapy;
  }
  return { spec, error };
}

test("random packets built by packetry and Scapy agree", { skip: noScapy ?? false }, async (t) => {
  t.diagnostic(`Scapy ${oracle.version}, seed ${SEED}, ${BUILDS} packets`);
  for (let i = 0; i < BUILDS; i++) {
    const r = new Rng(caseSeed(1, i));
    const got = await buildable(r);
    await t.test(`build ${i}: ${label(got.spec)}`, () => {
      if ("error" in got) assert.fail(`Scapy could not build 5 random specs in a row (last: ${got.error}) ${JSON.stringify(got.spec)}`);
      assertAgrees(got.scapy, `${reproduce("build", i)}`);
    });
  }
});

test("mutated frames dissect as in Scapy", { skip: noScapy ?? false }, async (t) => {
  let skipped = 0;
  for (let i = 0; i < MUTATIONS; i++) {
    const r = new Rng(caseSeed(2, i));
    const got = await buildable(r);
    if ("error" in got) continue;
    const original = got.scapy.bytes.match(/../g)!.map((h) => parseInt(h, 16));
    const { how, bytes } = mutate(r, original);
    const scapy = await oracle.dissect(got.spec[0]![0], bytesToHex(bytes));
    if (typeof scapy === "string") {
      skipped++; // Scapy raises at the top level for these bytes: nothing to compare
      continue;
    }
    await t.test(`mutation ${i}: ${label(got.spec)}, ${how}`, () => assertAgrees(scapy, reproduce("mutation", i)));
  }
  t.diagnostic(`${skipped} of ${MUTATIONS} mutated frames skipped: Scapy raised at the top level`);
});
