/**
 * tshark reads what packetry builds, for every golden vector of a file: each vector's packet
 * (built from its spec, or dissected from its bytes) is written to a pcap with the link type of
 * its first layer, read by `tshark -T json`, and must give no malformed items or expert warnings or errors;
 * the fields the mapping puts under tshark's names must equal what tshark reports.
 */
import assert from "node:assert/strict";
import { fromHex, linkTypeForLayer, raw, type Packet } from "../../src/index.ts";
import { loadVectors, type Vector } from "../oracle/vectors.ts";
import { buildSpec, layerByName } from "../oracle/spec.ts";
import { tsharkRead } from "../tshark.ts";
import { packetryFields, type Fields, type LayerMapping } from "./routingCaptures.ts";

export interface TsharkVectorOptions {
  /** Vectors tshark is not asked about, and why (bytes made wrong on purpose, a layer without a link type...). */
  skip?: (v: Vector) => string | undefined;
  /** Vectors whose problems are expected (what tshark says and why it is right). */
  problemsExpected?: ReadonlyMap<string, string>;
  /** Options for tshark (`-d` decode-as rules). */
  decodeAs?: readonly string[];
}

function walkFields(layers: Record<string, unknown>, wanted: ReadonlySet<string>): Fields {
  const fields: Fields = new Map();
  const walk = (key: string, v: unknown): void => {
    if (Array.isArray(v)) for (const x of v) walk(key, x);
    else if (v !== null && typeof v === "object") for (const [k, x] of Object.entries(v)) walk(k, x);
    else if (wanted.has(key)) (fields.get(key) ?? fields.set(key, []).get(key)!).push(String(v));
  };
  walk("", layers);
  return fields;
}

/** Checks the vectors of `file`; returns how many frames tshark read, and how many held each mapped layer. */
export function checkVectorsWithTshark(file: string, mapping: LayerMapping, compared: ReadonlySet<string>, options: TsharkVectorOptions = {}): { frames: number; seen: Map<string, number> } {
  const groups = new Map<number, Array<{ v: Vector; p: Packet }>>();
  for (const v of loadVectors(file)) {
    if (options.skip?.(v)) continue;
    const cls = layerByName(v.cls);
    const linktype = linkTypeForLayer(cls);
    if (linktype === undefined) continue;
    // What packetry builds (or the given bytes), read back by packetry: computed fields hold their values.
    const p = cls(v.spec ? raw(buildSpec(v.spec)) : fromHex(v.bytes));
    (groups.get(linktype) ?? groups.set(linktype, []).get(linktype)!).push({ v, p });
  }
  const seen = new Map<string, number>();
  const failures: string[] = [];
  let frames = 0;
  for (const [linktype, items] of groups) {
    const views = tsharkRead(items.map((x) => x.p), { linktype, decodeAs: options.decodeAs, mergeDuplicates: true });
    assert.equal(views.length, items.length);
    items.forEach(({ v, p }, i) => {
      try {
        checkOne(v, p, views[i]!);
      } catch (e) {
        failures.push((e as Error).message);
      }
    });
    function checkOne(v: Vector, p: Packet, view: (typeof views)[number]): void {
      frames++;
      const problems = view.problems;
      const expected = options.problemsExpected?.get(v.id);
      if (expected !== undefined) {
        assert.ok(problems.length > 0, `${v.id}: tshark was expected to report a problem (${expected})`);
        return;
      }
      assert.deepEqual(problems, [], `${v.id}: tshark reports problems (${view.protocols})`);
      const theirs = walkFields(view.layers, compared);
      const { fields: mine, mapped } = packetryFields(p, mapping, compared);
      for (const name of new Set(mapped)) seen.set(name, (seen.get(name) ?? 0) + 1);
      for (const key of new Set([...mine.keys(), ...theirs.keys()])) assert.deepEqual(mine.get(key) ?? [], theirs.get(key) ?? [], `${v.id}: ${key} (${view.protocols})`);
    }
  }
  assert.deepEqual(failures, [], `${failures.length} vector(s) read differently by tshark`);
  return { frames, seen };
}
