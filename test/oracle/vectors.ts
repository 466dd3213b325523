/**
 * Checks packetry against the golden vectors in test/vectors/*.json (written from Scapy by
 * scripts/oracle/make_vectors.py). One node:test test per vector, named by its id; a failure
 * lists every difference: bytes (first differing offset), layers, field values, text.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { bytesHex, fromHex, raw, type Packet } from "../../src/index.ts";
import { diffHex, diffLayers, diffText } from "./compare.ts";
import { buildSpec, layerByName, layersOf, type FieldsJson, type Spec } from "./spec.ts";

export interface Vector {
  id: string;
  /** Present when the packet is built from a spec; absent for bytes given to dissect. */
  spec?: Spec;
  /** Class that dissects the bytes (the spec's first layer). */
  cls: string;
  bytes: string;
  summary: string | null;
  show2: string | null;
  dissect: { layers: string[]; fields: [string, FieldsJson][]; summary: string | null; rebuild: string | null };
  note?: string;
  /**
   * Aspects not compared, and why: Scapy 2.5 cannot answer them for 2.6 semantics, or they depend
   * on the host. Keys: summary, show2, layers (names and fields), fields (names still compared),
   * rebuild, dissect.summary.
   */
  unchecked?: Record<string, string>;
}

const VECTOR_DIR = new URL("../vectors/", import.meta.url);

export function loadVectors(file: string): Vector[] {
  return (JSON.parse(readFileSync(new URL(file, VECTOR_DIR), "utf8")) as { vectors: Vector[] }).vectors;
}

function attempt<T>(what: string, problems: string[], fn: () => T): T | undefined {
  try {
    return fn();
  } catch (e) {
    const err = e as Error;
    const where = err.stack?.split("\n").find((l) => l.includes("/src/"))?.trim();
    problems.push(`${what} threw ${err.name}: ${err.message}${where ? ` (${where})` : ""}`);
    return undefined;
  }
}

/** Every difference between packetry and the vector ([] when they agree). */
export function checkVector(v: Vector): string[] {
  const problems: string[] = [];
  const skip = v.unchecked ?? {};
  const add = (p: string) => p && problems.push(p);

  if (v.spec) {
    const built = attempt("building the spec", problems, () => buildSpec(v.spec!));
    if (built) {
      const bytes = attempt("raw(built)", problems, () => bytesHex(raw(built)));
      if (bytes !== undefined) add(diffHex("bytes", v.bytes, bytes));
      if (!skip.summary && v.summary !== null) add(diffText("summary", v.summary, attempt("summary()", problems, () => built.summary()) ?? ""));
      if (!skip.show2 && v.show2 !== null) add(diffText("show2", v.show2, attempt("show2()", problems, () => built.show2({ dump: true })!) ?? ""));
    }
  }

  const cls = attempt("looking up the first layer", problems, () => layerByName(v.cls));
  const dissected = cls && attempt(`${v.cls}(bytes)`, problems, () => cls(fromHex(v.bytes)) as Packet);
  if (dissected) {
    const layers = attempt("reading the dissected fields", problems, () => layersOf(dissected));
    if (layers && !skip.layers) {
      if (skip.fields) add(diffText("layers", v.dissect.layers.join(" / "), layers.map((l) => l[0]).join(" / ")));
      else diffLayers("", v.dissect.fields, layers, problems);
    }
    if (!skip.rebuild && v.dissect.rebuild !== null) {
      const rebuilt = attempt("raw(dissected)", problems, () => bytesHex(raw(dissected)));
      if (rebuilt !== undefined) add(diffHex("rebuild of the dissected bytes", v.dissect.rebuild, rebuilt));
    }
    if (!skip["dissect.summary"] && v.dissect.summary !== null) {
      add(diffText("summary of the dissected packet", v.dissect.summary, attempt("summary() of the dissected packet", problems, () => dissected.summary()) ?? ""));
    }
    if (!v.spec && !skip.show2 && v.show2 !== null) {
      add(diffText("show2", v.show2, attempt("show2()", problems, () => dissected.show2({ dump: true })!) ?? ""));
    }
  }
  return problems;
}

/** Registers one test per vector of a file. */
export function vectorTests(file: string): void {
  for (const v of loadVectors(file)) {
    test(v.id, (t) => {
      for (const [what, why] of Object.entries(v.unchecked ?? {})) t.diagnostic(`not compared: ${what} (${why})`);
      const problems = checkVector(v);
      const source = v.spec ? `spec ${JSON.stringify(v.spec)}` : `${v.cls}(bytes ${v.bytes})`;
      if (problems.length) assert.fail(`${v.id}: ${problems.length} difference(s) from Scapy\n  ${source}\n- ${problems.join("\n- ")}`);
    });
  }
}
