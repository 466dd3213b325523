/**
 * The contract every registered layer keeps (layers added later are checked without a line here):
 * its default packet dissects and rebuilds to the same bytes, every truncation of it dissects
 * without throwing and loses no byte, and random values of its plain fields build, dissect and
 * read back the same. PACKETRY_SEED replays a failing run of the random part.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { bytesHex, raw, registry, type LayerRef, type LayerSpec, type Packet } from "../../src/index.ts";
import type { AnyField } from "../../src/core/field.ts";
import { BitField, FlagsField } from "../../src/core/fields/bits.ts";
import { IntField } from "../../src/core/fields/integers.ts";

const layers = [...registry.layers].sort(([a], [b]) => (a < b ? -1 : 1));

/** Layers whose Scapy defaults contradict themselves, so a packet made from the dissected values differs. */
const INCONSISTENT_DEFAULTS: Record<string, string> = {
  DNSRRTSIG: "Scapy's default mac_len (20) disagrees with its empty mac_data: the dissection takes the next fields as MAC",
  NTPPrivate: "Scapy's default mode is 0, not 7: its default bytes dissect as an NTPHeader (NTP's dispatcher reads the mode)",
  PPP_PAP: "Scapy's base class has code 1, which dissects (and, given as a keyword, builds) as PPP_PAP_Request",
  PPP_CHAP: "Scapy's base class has code 1, which dissects (and, given as a keyword, builds) as PPP_CHAP_ChallengeResponse",
};

function defaultBytes(name: string, cls: LayerRef): Uint8Array {
  try {
    return raw(cls());
  } catch (e) {
    throw new Error(`${name}() does not build: ${(e as Error).message}`);
  }
}

test("every layer's default packet dissects and rebuilds to the same bytes", () => {
  const failures: string[] = [];
  for (const [name, cls] of layers) {
    const bytes = defaultBytes(name, cls);
    const hex = bytesHex(bytes);
    try {
      const q = cls(bytes);
      if (bytesHex(raw(q)) !== hex) failures.push(`${name}: its dissection gives other bytes`);
      if (bytesHex(raw(q.rebuilt())) !== hex) failures.push(`${name}: the dissection of its dissection gives other bytes`);
      if (!(name in INCONSISTENT_DEFAULTS) && bytesHex(raw(cls(q.fieldValues() as never))) !== hex) {
        failures.push(`${name}: a packet made from its dissected values gives other bytes`);
      }
    } catch (e) {
      failures.push(`${name}: ${(e as Error).message}`);
    }
  }
  assert.deepEqual(failures, []);
});

test("every truncation of every layer's default packet dissects, shows and keeps its bytes", () => {
  const failures: string[] = [];
  for (const [name, cls] of layers) {
    const bytes = defaultBytes(name, cls);
    for (let k = 1; k < bytes.length; k++) {
      const cut = bytes.subarray(0, k);
      try {
        const q = cls(cut);
        q.summary();
        q.show2({ dump: true });
        if (bytesHex(raw(q)) !== bytesHex(cut)) {
          failures.push(`${name} cut to ${k} bytes: its dissection gives other bytes`);
          break;
        }
      } catch (e) {
        failures.push(`${name} cut to ${k} bytes: ${(e as Error).message}`);
        break;
      }
    }
  }
  assert.deepEqual(failures, []);
});

/** Integer fields that nothing else depends on: present always, not computed, not named by another's length or count. */
function plainFields(cls: LayerRef): Array<IntField | BitField | FlagsField> {
  const layout = cls.spec.layout;
  const named = new Set<string>();
  for (const f of layout.fields) for (const r of f.refs) named.add(r);
  return layout.fields.filter(
    (f: AnyField): f is IntField | BitField | FlagsField =>
      (f instanceof IntField || f instanceof BitField || f instanceof FlagsField) &&
      f.when === null && f.lengthFrom === null && f.countFrom === null && f.computed === null && !f.dynamic && !named.has(f.name),
  );
}

/** A field some of whose values make the bytes dissect as another class (IGMP's type, Ether's type, an option's number). */
function choosesClass(cls: LayerRef, home: LayerSpec, f: IntField | BitField | FlagsField): boolean {
  const max = f instanceof IntField ? Number(f.max) : 2 ** f.bits - 1;
  const min = f instanceof IntField ? Number(f.min) : 0;
  const probes = [min, max, 0, 1, 2, 3, 4, 5, 6, 17, 0x80, 0xff, 0x600, Math.floor(max / 2)].filter((v) => v >= min && v <= max);
  for (const v of probes) {
    try {
      if (cls(raw(cls({ [f.name]: v } as never))).spec !== home) return true;
    } catch {
      return true;
    }
  }
  return false;
}

function arbitraryFor(f: IntField | BitField | FlagsField): fc.Arbitrary<number | bigint> {
  if (f instanceof IntField) {
    return typeof f.max === "bigint" ? fc.bigInt({ min: f.min as bigint, max: f.max }) : fc.integer({ min: f.min as number, max: f.max });
  }
  return fc.integer({ min: 0, max: 2 ** f.bits - 1 });
}

const seed = process.env.PACKETRY_SEED ? Number(process.env.PACKETRY_SEED) : Date.now() % 2 ** 31;

test(`random values of every layer's plain fields build, dissect and read back (seed ${seed})`, () => {
  const failures: string[] = [];
  for (const [name, cls] of layers) {
    if (name in INCONSISTENT_DEFAULTS) continue;
    // The class its default bytes dissect as (IPv46's are IP's): values that make these bytes another class are that class's to check.
    const home = cls(raw(cls())).spec;
    const fields = plainFields(cls).filter((f) => !choosesClass(cls, home, f));
    if (fields.length === 0) continue;
    const record = fc.record(Object.fromEntries(fields.map((f) => [f.name, arbitraryFor(f)])));
    try {
      fc.assert(
        fc.property(record, (values) => {
          let p: Packet;
          try {
            p = cls(values as never);
          } catch (e) {
            // A layer that picks another class from the values given (IPv46 with version 6) refuses the first one's fields.
            fc.pre(cls.spec.hooks.dispatchInit === undefined);
            throw e;
          }
          const bytes = raw(p);
          const q: Packet = cls(bytes);
          // Ether's type <= 1500 makes Dot3, an option's number picks its class.
          fc.pre(q.spec === home);
          for (const f of fields) {
            const got = q.getFieldValue(f.name);
            const want = values[f.name];
            // 64-bit values are numbers while they are safe integers.
            if (typeof want === "bigint" ? BigInt(got as number) !== want : Number(got) !== want) return false;
          }
          return bytesHex(raw(q)) === bytesHex(bytes);
        }),
        { seed, numRuns: 25 },
      );
    } catch (e) {
      failures.push(`${name}: ${(e as Error).message.split("\n").slice(0, 3).join(" ")}`);
    }
  }
  assert.deepEqual(failures, []);
});
