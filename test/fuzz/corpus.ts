/**
 * What the fuzzer mutates: every frame of the repository's captures, and a default packet of
 * every registered layer (so layers added later are fuzzed without a line here), each with the
 * layer it is dissected as and where its length and count fields lie.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { raw, readPcapBytes, registry, type Packet } from "../../src/index.ts";
import { lengthFields, type Seed } from "./mutate.ts";

const FIXTURES = new URL("../fixtures/", import.meta.url).pathname;

/** The capture files under test/fixtures (pcap and pcapng, as they are stored). */
export function captureFiles(): Array<{ name: string; bytes: Uint8Array }> {
  const out: Array<{ name: string; bytes: Uint8Array }> = [];
  for (const dir of ["captures", "pcap"]) {
    for (const file of readdirSync(join(FIXTURES, dir)).sort()) {
      if (/\.(pcap|pcapng)$/.test(file)) out.push({ name: `${dir}/${file}`, bytes: new Uint8Array(readFileSync(join(FIXTURES, dir, file))) });
    }
  }
  return out;
}

function seedOf(name: string, p: Packet, bytes: Uint8Array): Seed {
  const cls = p.spec.cls;
  return { name, first: (b) => cls(b), bytes, lengths: lengthFields(cls(bytes)) };
}

export interface Corpus {
  seeds: Seed[];
  /** Layers whose default packet cannot be built (they need values): named, not fuzzed from a default. */
  unbuildable: string[];
}

export function corpus(): Corpus {
  const seeds: Seed[] = [];
  for (const { name, bytes } of captureFiles()) {
    readPcapBytes(bytes).forEach((p, i) => seeds.push(seedOf(`${name}#${i + 1}`, p, raw(p))));
  }
  const unbuildable: string[] = [];
  for (const [name, layer] of [...registry.layers].sort(([a], [b]) => (a < b ? -1 : 1))) {
    let p: Packet;
    let bytes: Uint8Array;
    try {
      p = layer();
      bytes = raw(p);
    } catch {
      unbuildable.push(name);
      continue;
    }
    seeds.push(seedOf(`layer ${name}`, p, bytes));
  }
  return { seeds, unbuildable };
}
