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
import { tsharkField, tsharkRead, type TsharkView } from "../tshark.ts";
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
  decodeAs?: readonly string[];
}

/** Checks every vector of a file with tshark; returns how many were checked. */
export function checkVectorsWithTshark(file: string, expect: TsharkExpect, options: VectorTsharkOptions): number {
  const { skip = {}, expectedProblems = {} } = options;
  const picked = loadVectors(file).filter((v) => !(v.id in skip));
  const packets = picked.map((v) => (v.spec ? buildSpec(v.spec) : (layerByName(v.cls)(fromHex(v.bytes)) as Packet)));
  const views: TsharkView[] = tsharkRead(packets.map((p) => layerByName("Ether")(raw(p)) as Packet), { decodeAs: options.decodeAs ?? [] });
  assert.equal(views.length, packets.length);
  picked.forEach((v, i) => {
    const view = views[i]!;
    const where = `${v.id} (${packets[i]!.summary()})`;
    assert.match(view.protocols, options.protocol, `${where}: tshark's protocols ${view.protocols}`);
    const allowed = expectedProblems[v.id];
    const problems = allowed ? view.problems.filter((m) => !allowed.test(m)) : view.problems;
    assert.deepEqual(problems, [], `${where}: tshark reports problems`);
    for (const layer of allLayers(packets[i]!)) {
      const want = expect(layer);
      if (!want) continue;
      for (const [name, value] of Object.entries(want)) assert.equal(tsharkField(view, name), String(value), `${where}: ${layer.spec.name} ${name}`);
    }
  });
  return picked.length;
}
