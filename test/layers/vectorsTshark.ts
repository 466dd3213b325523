/**
 * tshark reads what packetry builds, vector by vector: every packet a vector file builds (and
 * every well-formed packet it dissects) is built by packetry, written to one pcap and read by
 * `tshark -T json`; each must come out with no malformed or expert warning/error items, and
 * with the main fields equal to packetry's values (under tshark's names, by a mapping per test).
 */
import assert from "node:assert/strict";
import { fromHex, raw, type Packet } from "../../src/index.ts";
import { loadVectors } from "../oracle/vectors.ts";
import { buildSpec, layerByName } from "../oracle/spec.ts";
import { tsharkRead, type TsharkView } from "../tshark.ts";
import { allLayers } from "./routingCaptures.ts";

/** tshark field name -> value expected, for one layer (undefined: the layer is not compared). */
export type TsharkExpect = (layer: Packet) => Record<string, string | number> | undefined;

export interface VectorTsharkOptions {
  /** Vectors tshark is not asked about, with the reason (deliberately malformed, cut, ...). */
  skip?: Readonly<Record<string, string>>;
  /** Problems tshark reports that are expected for a vector, matched by a pattern, with the reason. */
  expectedProblems?: Readonly<Record<string, RegExp>>;
  /** The protocol tshark must name in frame.protocols. */
  protocol: RegExp;
  /** Problems tshark reports for every vector of the file that are not about the bytes (its own heuristics), with the reason. */
  ignoreProblems?: RegExp;
  decodeAs?: readonly string[];
}

/** Checks every vector of a file with tshark; returns how many were checked. */
export function checkVectorsWithTshark(file: string, expect: TsharkExpect, options: VectorTsharkOptions): number {
  const { skip = {}, expectedProblems = {} } = options;
  const picked = loadVectors(file).filter((v) => !(v.id in skip));
  // The frames as built, read back (so that computed lengths and checksums have their values).
  const packets = picked.map((v) => layerByName("Ether")(raw(v.spec ? buildSpec(v.spec) : (layerByName(v.cls)(fromHex(v.bytes)) as Packet))) as Packet);
  const views: TsharkView[] = tsharkRead(packets, { decodeAs: options.decodeAs ?? [], mergeDuplicates: true });
  assert.equal(views.length, packets.length);
  picked.forEach((v, i) => {
    const view = views[i]!;
    const where = `${v.id} (${packets[i]!.summary()})`;
    assert.match(view.protocols, options.protocol, `${where}: tshark's protocols ${view.protocols}`);
    const allowed = expectedProblems[v.id];
    const problems = view.problems.filter((m) => !(allowed?.test(m) || options.ignoreProblems?.test(m)));
    assert.deepEqual(problems, [], `${where}: tshark reports problems`);
    // Each field's values in frame order (a TLV repeated is compared occurrence by occurrence).
    const wanted = new Map<string, string[]>();
    for (const layer of allLayers(packets[i]!)) {
      for (const [name, value] of Object.entries(expect(layer) ?? {})) (wanted.get(name) ?? wanted.set(name, []).get(name)!).push(String(value));
    }
    for (const [name, values] of wanted) assert.deepEqual(tsharkValues(view.layers, name), values, `${where}: ${name}`);
  });
  return picked.length;
}

/** Every value tshark gives for a field, in the order of its tree. */
function tsharkValues(tree: unknown, name: string, out: string[] = []): string[] {
  if (Array.isArray(tree)) for (const x of tree) tsharkValues(x, name, out);
  else if (tree !== null && typeof tree === "object") {
    for (const [key, value] of Object.entries(tree as Record<string, unknown>)) {
      if (key === name) for (const x of Array.isArray(value) ? value : [value]) out.push(String(x));
      else tsharkValues(value, name, out);
    }
  }
  return out;
}
