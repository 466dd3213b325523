/**
 * fuzz(): every field that is neither given nor computed draws a random value of its kind at
 * each build — checked against what Debian's Scapy does for the same layers and fields
 * (test/vectors/fuzz-kinds.json, from scripts/oracle/fuzz_kinds.py) and statistically.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { beforeEach, describe, test } from "node:test";
import { ARP, conf, Ether, fuzz, internetChecksum, IP, IPOption_RR, randomValueFor, raw, registry, TCP, UDP, Volatile } from "../../src/index.ts";
import { FixedValue } from "../../src/core/volatile.ts";
import type { Packet } from "../../src/index.ts";

interface ScapyField {
  kind: string;
  computed: boolean;
  randval: string | null;
  min?: string;
  max?: string;
  size?: number | string;
}
const oracle = JSON.parse(readFileSync(new URL("../vectors/fuzz-kinds.json", import.meta.url), "utf8")) as {
  layers: Record<string, Record<string, ScapyField>>;
  fuzzed: Record<string, string[] | null>;
};

/** Where packetry's random value differs from Scapy 2.5's, by Scapy's field kind, and why. */
const DIFFERENT: Record<string, [ours: string | null, why: string]> = {
  X3BytesField: ["RandNum", "Scapy draws RandInt, which a 3-byte field cannot hold"],
  OUIField: ["RandNum", "a 3-byte field: see X3BytesField"],
  TimeSignedField: ["RandNum", "a 48-bit time: a number, where Scapy draws 6 bytes"],
  FieldListField: ["RandList", "a list of random elements of the list's kind, where Scapy gives one element's kind"],
  IP6ListField: ["RandList", "a list of random addresses, where Scapy gives bytes"],
  RRlistField: ["RandList", "a list of random record types, where Scapy gives bytes"],
  DomainNameListField: [null, "names: left alone, where Scapy gives bytes"],
  _PhantomAutoPadField: [null, "holds no bits here"],
  // Scapy 2.6's DNS, which packetry follows: sections are packet lists (fuzz() goes into their
  // packets) and the class fields are 15 bits beside a flag (mDNS).
  DNSQRField: [null, "a packet list in 2.6"],
  DNSRRField: [null, "a packet list in 2.6"],
};
/** Fields declared otherwise here: EDNS0 client subnet's address is one kind (an IPv4 prefix), not a multiple-type field. */
const FIELDS: Record<string, string> = { "EDNS0ClientSubnet.address": "RandIP" };

/** Scapy 2.6's DNS classes are 15 bits beside the mDNS flag (a short in 2.5). */
function newer(f: { kindName: string; bits: number }): string | undefined {
  return f.kindName === "BitEnumField" && f.bits === 15 ? "RandNum" : undefined;
}

beforeEach(() => {
  conf.randomSeed = 11;
});

describe("the random value of each field's kind, against Scapy's", () => {
  for (const [layer, fields] of Object.entries(oracle.layers)) {
    test(layer, () => {
      const spec = registry.layers.get(layer)!.spec;
      for (const [name, scapy] of Object.entries(fields)) {
        const i = spec.layout.fieldIndex.get(name);
        if (i === undefined) continue; // renamed in 2.6 (Dot1Q.id is dei)
        const f = spec.layout.fields[i]!;
        const ours = randomValueFor(f);
        const expected = FIELDS[`${layer}.${name}`] ?? newer(f) ?? (scapy.kind in DIFFERENT ? DIFFERENT[scapy.kind]![0] : scapy.randval);
        assert.equal(ours?.constructor.name ?? null, expected, `${layer}.${name} (${scapy.kind})`);
        if (ours && scapy.randval === "RandNum" && !newer(f) && ours.constructor.name === "RandNum") {
          const r = ours as unknown as { min: number; max: number };
          assert.deepEqual([String(r.min), String(r.max)], [scapy.min, scapy.max], `${layer}.${name} range`);
        }
        if (ours?.constructor.name === "RandBin" && typeof scapy.size === "number") assert.equal((ours as unknown as { size: number }).size, scapy.size, `${layer}.${name} size`);
      }
    });
  }
});

/** The fields fuzz() gave a value drawn at each build (not the ones it drew once and kept). */
function randomFields(p: Packet): string[] {
  return p.spec.layout.fields.filter((_, i) => p._s.values?.[i] instanceof Volatile && !(p._s.values[i] instanceof FixedValue)).map((f) => f.name).sort();
}

describe("the fields fuzz() randomizes, against Scapy's", () => {
  for (const [layer, expected] of Object.entries(oracle.fuzzed)) {
    if (expected === null) continue;
    test(layer, () => {
      const cls = registry.layers.get(layer)!;
      const scapyFields = oracle.layers[layer]!;
      const leftAlone = (name: string) => {
        const kind = scapyFields[name]!.kind;
        return kind in DIFFERENT && DIFFERENT[kind]![0] === null;
      };
      const inBoth = (name: string) => name in scapyFields && cls.spec.layout.fieldIndex.has(name);
      const ours = randomFields(fuzz(cls())).filter(inBoth);
      // Scapy keeps the other fields fixed because its address is a multiple-type field; here it is one kind.
      if (layer === "EDNS0ClientSubnet") return assert.ok(ours.includes("address"));
      assert.deepEqual(ours, expected.filter((n) => inBoth(n) && !leftAlone(n)));
    });
  }
});

describe("fuzz(IP()/TCP()) over many builds", () => {
  const p = fuzz(IP({ dst: "10.0.0.2" }).div(TCP({ dport: 80 })));
  const frames = Array.from({ length: 3000 }, () => raw(p));

  test("the repr does not change, as Scapy's; show() names the random values", () => {
    assert.equal(String(p), "<IP  frag=0 proto=tcp dst=10.0.0.2 |<TCP  dport=http |>>");
    assert.equal(p.command(), "IP(dst='10.0.0.2')/TCP(dport=80)");
    const shown = p.show({ dump: true })!;
    assert.match(shown, /sport {5}= <RandShort>/);
    assert.match(shown, /ttl {7}= <RandByte>/);
    assert.match(shown, /len {7}= None/);
  });

  test("explicit and bound values stay; lengths and checksums are computed for each build", () => {
    for (const b of frames) {
      const ihl = (b[0]! & 15) * 4;
      assert.equal(b[9], 6, "proto stays tcp (pushed down by TCP)");
      assert.deepEqual([...b.subarray(16, 20)], [10, 0, 0, 2]);
      assert.equal((b[ihl + 2]! << 8) | b[ihl + 3]!, 80);
      if (ihl >= 20 && ihl <= b.length) {
        assert.equal((b[2]! << 8) | b[3]!, b.length, "IP len");
        assert.equal(internetChecksum(b.subarray(0, ihl)), 0, "IP checksum");
      }
    }
  });

  test("every random field takes values over its whole range", () => {
    const ttl = frames.map((b) => b[8]!);
    assert.equal(new Set(ttl).size, 256);
    const tos = new Set(frames.map((b) => b[1]!));
    assert.equal(tos.size, 256);
    const version = new Set(frames.map((b) => b[0]! >> 4));
    assert.equal(version.size, 16);
    const flags = new Set(frames.map((b) => b[6]! >> 5));
    assert.equal(flags.size, 8);
    const ids = frames.map((b) => (b[4]! << 8) | b[5]!);
    assert.ok(Math.min(...ids) < 1000 && Math.max(...ids) > 64535 && new Set(ids).size > 2900);
  });

  test("fresh values at every build; the same ones again from the same seed", () => {
    const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
    assert.equal(new Set(frames.map(hex)).size, frames.length);
    conf.randomSeed = 5;
    const a = [raw(p), raw(p)].map(hex);
    conf.randomSeed = 5;
    assert.deepEqual([raw(p), raw(p)].map(hex), a);
  });
});

describe("fuzz() follows Scapy in the corners", () => {
  test("the fields another field's kind depends on are drawn once and kept (ARP), the rest at each build", () => {
    const p = fuzz(Ether({ dst: "ff:ff:ff:ff:ff:ff", src: "02:00:00:00:00:01" }).div(ARP()));
    const arp = p.getLayer(ARP)!;
    const kept = ["hwtype", "ptype", "op"].map((n) => arp._s.values![arp.spec.layout.fieldIndex.get(n)!]);
    assert.ok(kept.every((v) => v instanceof FixedValue));
    const builds = Array.from({ length: 50 }, () => raw(p));
    assert.equal(new Set(builds.map((b) => Buffer.from(b.subarray(14, 22)).toString("hex"))).size, 1);
    // The addresses are random bytes: a random hwtype is not Ethernet's, so they are no MACs (as Scapy).
    assert.deepEqual(randomFields(arp), ["hwdst", "hwsrc", "pdst", "psrc"]);
    assert.equal(String(p), "<Ether  dst=ff:ff:ff:ff:ff:ff src=02:00:00:00:00:01 type=ARP |<ARP  |>>");
  });

  test("list elements are fuzzed; the list itself is kept", () => {
    const p = fuzz(IP({ options: [IPOption_RR()] }));
    assert.equal(String(p), "<IP  options=[<IPOption_RR  |>] |>");
    const option = (p.options as Packet[])[0]!;
    assert.deepEqual(randomFields(option), ["copy_flag", "optclass", "option", "pointer", "routers"]);
  });

  test("every layer packetry has can be fuzzed and built, on several seeds", () => {
    // Each kind draws what it holds: STP's ages in 1/256 s, NTP's timestamps, SCTP's "start:end"
    // gaps, a few bits of an 802.11 group, strings an element's one-byte length can measure.
    for (const seed of [3, 5, 11, 20, 33]) {
      conf.randomSeed = seed;
      for (const [name, cls] of registry.layers) {
        const p = fuzz(cls());
        for (let i = 0; i < 30; i++) assert.doesNotThrow(() => raw(p), `${name} (seed ${seed})`);
      }
    }
  });

  test("the packet given is not changed", () => {
    const p = IP().div(UDP());
    fuzz(p);
    assert.equal(String(p), "<IP  frag=0 proto=udp |<UDP  |>>");
    assert.equal(raw(p).length, 28);
  });
});
