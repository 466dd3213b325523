/**
 * Checks for the committed captures of real routing and multicast daemons (scripts/captures/
 * routing.sh and multicast.sh): every frame is dissected, its fields compared with what tshark
 * reads in the same file, and it is built again from its values alone (every length, count and
 * checksum reset to be computed) to the same bytes.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { bytesHex, layerForLinkType, PcapReader, raw, type Packet } from "../../src/index.ts";
import { isPacket } from "../../src/core/state.ts";

export const CAPTURES = fileURLToPath(new URL("../fixtures/captures/", import.meta.url));

export type Fields = Map<string, string[]>;
/** Adds one value of a tshark field (repeated fields in order). */
export type Put = (key: string, value: string | number | bigint) => void;
/** Puts what packetry reads in one layer under tshark's names; returns false for a layer it does not map. */
export type LayerMapping = (layer: Packet, put: Put) => boolean;

export const hex = (n: number | bigint, digits: number) => "0x" + n.toString(16).padStart(digits, "0");

export interface Frame {
  bytes: Uint8Array;
  packet: Packet;
}

export function frames(file: string): Frame[] {
  return [...new PcapReader(CAPTURES + file).records()].map((r) => ({ bytes: r.data, packet: layerForLinkType(r.linktype)!(r.data) }));
}

/** tshark's values of the wanted fields, frame by frame. */
export function tsharkFields(file: string, wanted: ReadonlySet<string>, extra: readonly string[] = []): Fields[] {
  const out = execFileSync("tshark", ["-r", CAPTURES + file, "-T", "json", "--no-duplicate-keys", ...extra], { maxBuffer: 256 << 20, stdio: ["ignore", "pipe", "ignore"] });
  return (JSON.parse(out.toString()) as Array<{ _source: { layers: Record<string, unknown> } }>).map((f) => {
    const fields: Fields = new Map();
    const walk = (key: string, v: unknown): void => {
      if (Array.isArray(v)) for (const x of v) walk(key, x);
      else if (v !== null && typeof v === "object") for (const [k, x] of Object.entries(v)) walk(k, x);
      else if (wanted.has(key)) (fields.get(key) ?? fields.set(key, []).get(key)!).push(String(v));
    };
    walk("", f._source.layers);
    return fields;
  });
}

/** Every layer from p down, and the packets its list fields hold (records, options), depth first. */
export function allLayers(p: Packet): Packet[] {
  const out: Packet[] = [];
  const visit = (q: Packet | null): void => {
    for (; q !== null; q = q.payload) {
      out.push(q);
      for (const f of q.spec.layout.fields) {
        if (!f.holdsPackets || !f.present(q)) continue;
        const v = q.getFieldValue(f.name);
        for (const el of Array.isArray(v) ? v : [v]) if (isPacket(el)) visit(el);
      }
    }
  };
  visit(p);
  return out;
}

/** A copy of p whose every computed field (lengths, counts, checksums) is reset, in every layer and element. */
export function withComputedFieldsReset(p: Packet, keep: (layer: Packet, field: string) => boolean = () => false): Packet {
  const copy = p.copy();
  for (const q of allLayers(copy)) for (const f of q.spec.layout.fields) if (f.computed !== null && f.present(q) && !keep(q, f.name)) q.setFieldValue(f.name, null);
  return copy;
}

/** What packetry reads in a frame, under tshark's names, for the layers the mapping knows. */
export function packetryFields(p: Packet, mapping: LayerMapping, compared: ReadonlySet<string>): { fields: Fields; mapped: string[] } {
  const fields: Fields = new Map();
  const mapped: string[] = [];
  const put: Put = (key, value) => {
    if (!compared.has(key)) throw new Error(`${key} is not among the compared fields`);
    (fields.get(key) ?? fields.set(key, []).get(key)!).push(String(value));
  };
  for (const q of allLayers(p)) if (mapping(q, put)) mapped.push(q.spec.name);
  return { fields, mapped };
}

/**
 * The whole check of one capture: frames read as tshark reads them (the compared fields), the
 * protocol's layers are there (not Raw), and each frame is built again from its values alone.
 * `firstOnly` names fields compared by their first value only; `keep` computed fields not reset.
 * Returns how many frames held each mapped layer (for the tests to require what they expect).
 */
export function checkCapture(
  file: string,
  mapping: LayerMapping,
  compared: ReadonlySet<string>,
  options: { extra?: readonly string[]; firstOnly?: ReadonlySet<string>; keep?: (layer: Packet, field: string) => boolean } = {},
): Map<string, number> {
  const { extra = [], firstOnly = new Set<string>(), keep } = options;
  const ours = frames(file);
  assert.ok(ours.length > 0, `${file} holds frames`);
  const theirs = tsharkFields(file, compared, extra);
  assert.equal(theirs.length, ours.length);
  const seen = new Map<string, number>();
  ours.forEach(({ bytes, packet }, i) => {
    const where = `${file} frame ${i + 1} (${packet.summary()})`;
    assert.equal(bytesHex(raw(packet)), bytesHex(bytes), `${where}: bytes kept`);
    assert.equal(bytesHex(raw(withComputedFieldsReset(packet, keep))), bytesHex(bytes), `${where}: built again with lengths and checksums computed`);
    const { fields, mapped } = packetryFields(packet, mapping, compared);
    for (const name of new Set(mapped)) seen.set(name, (seen.get(name) ?? 0) + 1);
    for (const key of new Set([...fields.keys(), ...theirs[i]!.keys()])) {
      const [mine, tshark] = [fields.get(key) ?? [], theirs[i]!.get(key) ?? []];
      // Fields where packetry (as Scapy) reads only the first of several values and keeps the rest as Raw.
      if (firstOnly.has(key)) assert.equal(mine[0], tshark[0], `${where}: ${key} (the first)`);
      else assert.deepEqual(mine, tshark, `${where}: ${key}`);
    }
  });
  return seen;
}

let tshark: boolean | null = null;
export function tsharkSkip(): false | string {
  if (tshark === null) {
    try {
      execFileSync("tshark", ["--version"], { stdio: "ignore" });
      tshark = true;
    } catch {
      tshark = false;
    }
  }
  return tshark ? false : "tshark is not installed (apt-get install tshark)";
}
