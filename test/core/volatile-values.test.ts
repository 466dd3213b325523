/**
 * Random values, checked statistically: every value in range, the whole range reached, fresh at
 * every draw and every build, repeatable from conf.randomSeed; and the edge values, name-based
 * UUIDs and template forms as Debian's Scapy gives them (test/vectors/fuzz-kinds.json).
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { beforeEach, describe, test } from "node:test";
import {
  AutoTime, conf, CorruptedBits, CorruptedBytes, corruptBits, corruptBytes, DelayedEval, GeneralizedTime, IncrementalValue, IntAutoTime, IP, RandBin,
  RandBinFloat, RandByte, RandChoice, RandEnum, RandEnumKeys, RandEnumShort, RandFloat, RandInt, RandIP, RandIP6, RandLong, RandMAC, RandNum,
  RandNumExpo, RandNumGamma, RandNumGauss, RandOID, RandPool, RandRegExp, RandSByte, RandShort, RandSingByte, RandSingNum, RandSingSByte, RandSingShort,
  RandSingSShort, RandSingString, RandSInt, RandSLong, RandSShort, RandString, RandTermString, RandUUID, raw, TCP, UDP, Volatile, ZuluTime,
} from "../../src/index.ts";

const oracle = JSON.parse(readFileSync(new URL("../vectors/fuzz-kinds.json", import.meta.url), "utf8")) as {
  singular: Record<string, number[]>;
  uuid: Record<string, string>;
};

beforeEach(() => {
  conf.randomSeed = 2024;
});

function draws<T>(v: Volatile<T>, n: number): T[] {
  return Array.from({ length: n }, () => v.draw());
}

/** Every draw in [min, max], and each of `bins` equal slices of the range hit about as often. */
function assertUniform(values: Array<number | bigint>, min: number | bigint, max: number | bigint, most = 16): void {
  const lo = BigInt(min);
  const span = BigInt(max) - lo + 1n;
  const bins = span < BigInt(most) ? Number(span) : most;
  const counts = new Array<number>(bins).fill(0);
  for (const v of values) {
    const b = BigInt(v);
    assert.ok(b >= lo && b <= BigInt(max), `${v} outside [${min}, ${max}]`);
    counts[Number(((b - lo) * BigInt(bins)) / span)]!++;
  }
  const expected = values.length / bins;
  for (const c of counts) assert.ok(Math.abs(c - expected) < expected * 0.25, `bins ${counts.join(" ")}: not uniform`);
}

describe("fixed-width integers", () => {
  const kinds: Array<[string, () => Volatile<number | bigint>, number | bigint, number | bigint]> = [
    ["RandByte", () => new RandByte(), 0, 255],
    ["RandSByte", () => new RandSByte(), -128, 127],
    ["RandShort", () => new RandShort(), 0, 65535],
    ["RandSShort", () => new RandSShort(), -32768, 32767],
    ["RandInt", () => new RandInt(), 0, 2 ** 32 - 1],
    ["RandSInt", () => new RandSInt(), -(2 ** 31), 2 ** 31 - 1],
    ["RandLong", () => new RandLong(), 0n, 2n ** 64n - 1n],
    ["RandSLong", () => new RandSLong(), -(2n ** 63n), 2n ** 63n - 1n],
    ["RandNum(-5, 5)", () => new RandNum(-5, 5), -5, 5],
  ];
  for (const [name, make, min, max] of kinds) {
    test(`${name}: in range, uniform, both ends reachable`, () => {
      const values = draws(make(), 20000);
      assertUniform(values, min, max);
      // The extreme slices are hit (the bins above), and for small ranges each value is.
      if (BigInt(max) - BigInt(min) < 300n) assert.equal(new Set(values).size, Number(BigInt(max) - BigInt(min) + 1n));
    });
  }

  test("64-bit values are bigints; the others numbers", () => {
    assert.equal(typeof new RandLong().draw(), "bigint");
    assert.equal(typeof new RandShort().draw(), "number");
  });

  test("a range given upside down is an error", () => {
    assert.throws(() => new RandNum(5, 1), /max 1 is below min 5/);
  });
});

describe("floats and distributions", () => {
  test("RandFloat is uniform in [min, max)", () => {
    const v = draws(new RandFloat(1, 2), 20000);
    assert.ok(v.every((x) => x >= 1 && x < 2));
    assertUniform(v.map((x) => Math.floor((x - 1) * 1000)), 0, 999);
  });

  test("RandBinFloat gives finite floats of every sign and magnitude (random bits, as Scapy's)", () => {
    const v = draws(new RandBinFloat(0, 1), 2000);
    assert.ok(v.every(Number.isFinite));
    assert.ok(v.some((x) => x < 0) && v.some((x) => Math.abs(x) > 1e10) && v.some((x) => Math.abs(x) < 1e-10));
  });

  test("Gauss, gamma and exponential draws have their means", () => {
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    assert.ok(Math.abs(mean(draws(new RandNumGauss(10, 2), 20000)) - 10) < 0.1);
    // int(gamma(2, 3)): mean 6 minus about half a unit lost to truncation.
    assert.ok(Math.abs(mean(draws(new RandNumGamma(2, 3), 20000)) - 5.5) < 0.2);
    const expo = draws(new RandNumExpo(0.5, 10), 20000);
    assert.ok(expo.every((x) => Number.isInteger(x) && x >= 10));
    assert.ok(Math.abs(mean(expo) - 12) < 0.1);
  });
});

describe("without repetition", () => {
  test("RandEnum gives every value once, in a random order, then the same order again", () => {
    const e = new RandEnum(1, 100);
    const first = draws(e, 100);
    assert.deepEqual([...first].sort((a, b) => a - b), Array.from({ length: 100 }, (_, i) => i + 1));
    assert.notDeepEqual(first, [...first].sort((a, b) => a - b));
    assert.deepEqual(draws(e, 100), first);
  });

  test("RandEnumShort covers the 16-bit range without repeating", () => {
    const v = draws(new RandEnumShort(), 65536);
    assert.equal(new Set(v).size, 65536);
  });

  test("a seed fixes the order, whatever conf.randomSeed is", () => {
    const a = draws(new RandEnum(0, 1000, 7), 20);
    conf.randomSeed = 99;
    assert.deepEqual(draws(new RandEnum(0, 1000, 7), 20), a);
    assert.notDeepEqual(draws(new RandEnum(0, 1000, 8), 20), a);
  });

  test("RandEnumKeys cycles through a table's keys (numbers stay numbers)", () => {
    const v = draws(new RandEnumKeys({ 1: "a", 7: "b", 9: "c" }), 9);
    assert.deepEqual([...v.slice(0, 3)].sort(), [1, 7, 9]);
    assert.deepEqual(v.slice(3, 6), v.slice(0, 3));
  });
});

describe("choices", () => {
  test("RandChoice: each value about as often; a volatile among them is drawn", () => {
    const v = draws(new RandChoice<unknown>("a", "b", new RandNum(10, 11)), 9000);
    const count = (x: unknown) => v.filter((y) => y === x).length;
    for (const [x, n] of [["a", 3000], ["b", 3000], [10, 1500], [11, 1500]] as const) assert.ok(Math.abs(count(x) - n) < n * 0.1, `${x}: ${count(x)}`);
  });

  test("RandPool weighs its values", () => {
    const v = draws(new RandPool([new RandByte(), 1], [1000, 3]), 8000);
    const big = v.filter((x) => x === 1000).length;
    assert.ok(Math.abs(big - 6000) < 300, String(big));
    assert.ok(v.every((x) => x === 1000 || (x >= 0 && x <= 255)));
    assert.throws(() => new RandPool([1, 0]), /add up to 0/);
  });

  test("RandSingNum and its kinds draw exactly Scapy's edge values", () => {
    const cases: Array<[string, Volatile<number>]> = [
      ["0,255", new RandSingByte()],
      ["-128,127", new RandSingSByte()],
      ["0,65535", new RandSingShort()],
      ["-32768,32767", new RandSingSShort()],
      ["-10,100", new RandSingNum(-10, 100)],
      ["5,1000", new RandSingNum(5, 1000)],
    ];
    for (const [key, v] of cases) assert.deepEqual([...new Set(draws(v, 20000))].sort((a, b) => a - b), oracle.singular[key], key);
  });

  test("RandSingString draws bytes that break programs, all of them in time", () => {
    const v = draws(new RandSingString(), 20000);
    assert.ok(v.every((x) => x instanceof Uint8Array));
    const seen = new Set(v.map((x) => Buffer.from(x).toString("latin1")));
    assert.ok(seen.has("%n") && seen.has("") && seen.has("A".repeat(256)) && seen.size > 50);
  });
});

describe("bytes and text", () => {
  test("RandString: the size given, from the characters given", () => {
    const v = draws(new RandString(8, "xyz"), 1000);
    assert.ok(v.every((s) => s.length === 8 && [...s].every((c) => "xyz".includes(String.fromCharCode(c)))));
    const letters = new Set(v.flatMap((s) => [...s]));
    assert.equal(letters.size, 3);
  });

  test("RandString without a size: mostly short, about 100 on average (RandNumExpo(0.01))", () => {
    const sizes = draws(new RandString(), 5000).map((s) => s.length);
    const mean = sizes.reduce((a, b) => a + b, 0) / sizes.length;
    assert.ok(Math.abs(mean - 100) < 6, String(mean));
    assert.ok(Math.min(...sizes) < 5 && Math.max(...sizes) > 400);
  });

  test("RandBin takes every byte value; its size may be random too", () => {
    const v = draws(new RandBin(new RandNum(0, 4)), 5000);
    assert.deepEqual([...new Set(v.map((b) => b.length))].sort(), [0, 1, 2, 3, 4]);
    assert.equal(new Set(v.flatMap((b) => [...b])).size, 256);
  });

  test("RandTermString ends with its terminator", () => {
    for (const s of draws(new RandTermString(5, "\0"), 100)) {
      assert.equal(s.length, 6);
      assert.equal(s[5], 0);
    }
  });

  test("RandRegExp draws strings the expression matches", () => {
    for (const re of ["[a-c]{2,4}x(ab|cd)+\\d?", "^\\w+@[a-z]{3,8}\\.(com|org)$", "[^a-z]{3}", "a*b+c?", "(?:0x)?[0-9a-fA-F]{4}", "\\d\\d-\\s\\S", "x{2}y{1,}z{0,2}"]) {
      const js = new RegExp(`^(?:${re.replace(/^\^|\$$/g, "")})$`, "s");
      for (const s of draws(new RandRegExp(re), 200)) assert.match(s, js, `${re} drew ${JSON.stringify(s)}`);
    }
    assert.throws(() => new RandRegExp("(ab"), /missing '\)'/);
    assert.throws(() => new RandRegExp("(a)\\1"), /back references are not supported/);
  });

  test("corruptBytes changes exactly n bytes, each to another value; corruptBits flips exactly n bits", () => {
    const data = new Uint8Array(100).fill(0x41);
    for (let i = 0; i < 200; i++) {
      assert.equal(corruptBytes(data, 0.01, 7).filter((b) => b !== 0x41).length, 7);
      const flipped = corruptBits(data, 0.01, 9).reduce((n, b) => n + popcount(b ^ 0x41), 0);
      assert.equal(flipped, 9);
    }
    // By default len*p, at least one.
    assert.equal(corruptBytes(data, 0.05).filter((b) => b !== 0x41).length, 5);
    assert.equal(corruptBytes(new Uint8Array(3), 0.01).filter((b) => b !== 0).length, 1);
    assert.equal(corruptBits(data).reduce((n, b) => n + popcount(b ^ 0x41), 0), 8);
    // Each position can be hit.
    const hits = new Set<number>();
    for (let i = 0; i < 2000; i++) corruptBytes(data, 0.01, 1).forEach((b, j) => b !== 0x41 && hits.add(j));
    assert.equal(hits.size, 100);
    assert.equal(new CorruptedBytes("AAAA", 0.01, 2).draw().filter((b) => b !== 0x41).length, 2);
    assert.equal(new CorruptedBits("AAAA", 0.01, 3).draw().reduce((n, b) => n + popcount(b ^ 0x41), 0), 3);
  });
});

function popcount(x: number): number {
  let n = 0;
  for (; x; x &= x - 1) n++;
  return n;
}

describe("addresses and identifiers", () => {
  test("RandIP stays in its network and reaches every address of a small one", () => {
    const v = draws(new RandIP("10.0.0.0/30"), 400);
    assert.deepEqual([...new Set(v)].sort(), ["10.0.0.0", "10.0.0.1", "10.0.0.2", "10.0.0.3"]);
    const wide = draws(new RandIP("172.16.0.0/12"), 5000);
    assert.ok(wide.every((a) => /^172\.(1[6-9]|2\d|3[01])\.\d+\.\d+$/.test(a)));
    assertUniform(draws(new RandIP(), 20000).map((a) => Number(a.split(".")[0])), 0, 255);
    assert.throws(() => new RandIP("10.0.0/8"), /not an IPv4 network/);
  });

  test("RandIP6 follows its template: hex, '*', ranges, '**', '::'", () => {
    for (const a of draws(new RandIP6("2001:db8::*"), 200)) assert.match(a, /^2001:db8::([0-9a-f]{1,4})?$/);
    for (const a of draws(new RandIP6("2001:db8:*:1-3::**"), 200)) assert.match(a, /^2001:db8:[0-9a-f]{1,4}:[1-3]:/);
    assert.equal(draws(new RandIP6(), 500).filter((a) => a.split(":").length === 8).length > 450, true);
    assert.throws(() => new RandIP6("*:*"), /does not make 8 groups/);
    assert.throws(() => new RandIP6("2001:db8:zz::"), /bad part "zz"/);
  });

  test("RandMAC follows its template; missing bytes are random", () => {
    const v = draws(new RandMAC("00:11:0-3"), 2000);
    assert.ok(v.every((m) => /^00:11:0[0-3](:[0-9a-f]{2}){3}$/.test(m)));
    assert.equal(new Set(v.map((m) => m.slice(6, 8))).size, 4);
    assert.equal(new Set(draws(new RandMAC(), 3000).map((m) => m.slice(0, 2))).size, 256);
  });

  test("RandOID: a format's parts, or 1 + depth random components", () => {
    for (const o of draws(new RandOID("1.3.6.*.4-6"), 300)) assert.match(o, /^1\.3\.6\.\d+\.[4-6]$/);
    const depths = draws(new RandOID(), 2000).map((o) => o.split(".").length);
    assert.equal(Math.min(...depths), 1);
    assert.ok(Math.max(...depths) > 20);
  });

  test("RandUUID: version and variant bits, name-based ones as Python's uuid module computes them", () => {
    for (const version of [1, 4] as const) {
      for (const u of draws(new RandUUID({ version }), 200)) assert.match(u, new RegExp(`^[0-9a-f]{8}-[0-9a-f]{4}-${version}[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`));
    }
    const ns = oracle.uuid.NAMESPACE_DNS!;
    assert.equal(new RandUUID({ version: 5, namespace: ns, name: "packetry.test" }).draw(), oracle.uuid["uuid5(NAMESPACE_DNS, 'packetry.test')"]);
    assert.equal(new RandUUID({ version: 3, namespace: ns, name: "packetry.test" }).draw(), oracle.uuid["uuid3(NAMESPACE_DNS, 'packetry.test')"]);
    for (const u of draws(new RandUUID({ template: "12345678-*-0001-000a-*" }), 50)) assert.match(u, /^12345678-[0-9a-f]{4}-0001-000a-[0-9a-f]{12}$/);
    assert.throws(() => new RandUUID({ template: "12345678-*-1-0-*" }), /group "1" of "12345678-\*-1-0-\*" must be 4 hex digits or '\*'/);
    assert.throws(() => new RandUUID({ version: 3 }), /needs namespace and name/);
    assert.throws(() => new RandUUID({ template: "*-*-*-*-*", version: 4 }), /a template goes alone/);
    assert.throws(() => new RandUUID({ clockSeq: 1, bogus: 1 } as never), /RandUUID\(\) got an unexpected keyword argument 'bogus'/);
  });
});

describe("others", () => {
  test("IncrementalValue counts by step and restarts after reaching restart", () => {
    assert.deepEqual(draws(new IncrementalValue(5, 2, 11), 6), [5, 7, 9, 11, 5, 7]);
  });

  test("DelayedEval calls its function at each draw", () => {
    let n = 0;
    assert.deepEqual(draws(new DelayedEval(() => ++n), 3), [1, 2, 3]);
    assert.throws(() => new DelayedEval("1+1" as never), /takes a function/);
  });

  test("the time values: now, offset, in whole seconds, as ASN.1 text", () => {
    const now = Date.now() / 1000;
    assert.ok(Math.abs(new AutoTime().draw() - now) < 5);
    assert.ok(new AutoTime(0).draw() < 5);
    assert.ok(Math.abs(new AutoTime(null, 100).draw() - (now - 100)) < 5);
    assert.ok(Number.isInteger(new IntAutoTime().draw()));
    assert.match(new ZuluTime().draw(), /^\d{12}Z$/);
    assert.match(new GeneralizedTime(3600).draw(), /^\d{14}Z$/);
    assert.equal(new GeneralizedTime().draw().slice(0, 4), String(new Date().getUTCFullYear()));
  });
});

describe("in packets", () => {
  test("every build draws again: a SYN scan's source ports vary, and cover the range", () => {
    const p = IP({ src: "10.0.0.1", dst: "10.0.0.2" }).div(TCP({ sport: new RandShort(), flags: "S" }));
    const ports = Array.from({ length: 4000 }, () => {
      const b = raw(p);
      return (b[20]! << 8) | b[21]!;
    });
    assertUniform(ports, 0, 65535);
    assert.ok(new Set(ports).size > 3800);
  });

  test("repr shows the volatile and command() the way to make it, as Scapy's", () => {
    const p = IP({ dst: new RandIP("10.0.0.0/8") }).div(UDP({ sport: new RandShort() }));
    assert.equal(String(p), "<IP  frag=0 proto=udp dst=<RandIP> |<UDP  sport=<RandShort> |>>");
    assert.equal(p.command(), "IP(dst=RandIP(iptemplate='10.0.0.0/8'))/UDP(sport=RandShort())");
    assert.equal(new RandString(5).command(), "RandString(size=5)");
    assert.equal(new RandNum(1, 9).command(), "RandNum(1, 9)");
  });

  test("conf.randomSeed makes a run repeatable (setting it again restarts the sequence)", () => {
    const p = IP({ dst: new RandIP() }).div(TCP({ sport: new RandShort(), seq: new RandInt() }));
    conf.randomSeed = 42;
    const first = [raw(p), raw(p), raw(p)].map((b) => Buffer.from(b).toString("hex"));
    conf.randomSeed = 42;
    assert.deepEqual([raw(p), raw(p), raw(p)].map((b) => Buffer.from(b).toString("hex")), first);
    conf.randomSeed = 43;
    assert.notDeepEqual([raw(p), raw(p), raw(p)].map((b) => Buffer.from(b).toString("hex")), first);
    assert.equal(conf.randomSeed, 43);
  });
});
