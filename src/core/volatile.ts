/**
 * Random values, as Scapy's volatile module: `TCP({sport: new RandShort()})` (in the shell
 * `TCP(sport=RandShort())`) holds the volatile, and every build draws a fresh value (the core
 * draws one per field for the whole packet, so lengths and checksums agree). All of them draw
 * from one seeded generator: `conf.randomSeed = 42` makes what follows repeatable.
 *
 * Numbers: RandNum and its fixed-width kinds (RandByte ... RandSLong), RandFloat, RandBinFloat,
 * RandNumGamma/Gauss/Expo; without repetition: RandEnum and its kinds, RandEnumKeys.
 * Choices: RandChoice, RandPool (weighted), RandSingularity, RandSingNum and its kinds
 * (RandSingByte ...: the edge values 0, ±2^k±1, min, max, middle), RandSingString.
 * Bytes and text: RandString, RandBin, RandTermString, RandRegExp, CorruptedBytes/Bits.
 * Addresses and identifiers: RandIP, RandIP6, RandMAC, RandOID, RandUUID.
 * Others: IncrementalValue, DelayedEval, AutoTime, IntAutoTime, ZuluTime, GeneralizedTime.
 * Browser-safe (RandUUID versions 3 and 5 hash with Node's crypto).
 */
import { pyBytesRepr, pyStrRepr, utf8 } from "./bytes.ts";
import { formatIPv6, ipv4FromNumber, parseIPv4 } from "./addr.ts";
import { provideConfProperty } from "./conf.ts";
import { strictOptions } from "./options.ts";
import { Volatile } from "./values.ts";

// ---------- the generator ----------

/** xoshiro128**: fast, small state, good statistics; seeded through splitmix32. */
class Xoshiro128 {
  private s = new Uint32Array(4);

  constructor(seed: number) {
    this.seed(seed);
  }

  seed(seed: number): void {
    let x = seed >>> 0 || 0x9e3779b9;
    for (let i = 0; i < 4; i++) {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      this.s[i] = (z ^ (z >>> 16)) >>> 0;
    }
  }

  next(): number {
    const s = this.s;
    const result = Math.imul(rotl(Math.imul(s[1]!, 5), 7), 9) >>> 0;
    const t = s[1]! << 9;
    s[2]! ^= s[0]!;
    s[3]! ^= s[1]!;
    s[1]! ^= s[2]!;
    s[0]! ^= s[3]!;
    s[2]! ^= t;
    s[3] = rotl(s[3]!, 11);
    return result;
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** A seed from the platform when none was set (crypto when present). */
function freshSeed(): number {
  const c = (globalThis as { crypto?: { getRandomValues?(a: Uint32Array): Uint32Array } }).crypto;
  if (c?.getRandomValues) return c.getRandomValues(new Uint32Array(1))[0]!;
  return (Date.now() ^ (performance.now() * 1000)) >>> 0;
}

/** Text or numbers as a 32-bit seed. */
function seedNumber(seed: number | string | bigint): number {
  if (typeof seed === "number" && Number.isInteger(seed)) return seed >>> 0 ^ Math.floor(seed / 2 ** 32);
  let h = 0x811c9dc5;
  for (const ch of String(seed)) h = Math.imul(h ^ ch.codePointAt(0)!, 0x01000193) >>> 0;
  return h;
}

let generator = new Xoshiro128(freshSeed());
let currentSeed: number | string | null = null;

// conf.randomSeed: setting it (even to the same value again) restarts the sequence; null reseeds at random.
provideConfProperty("randomSeed", {
  get: () => currentSeed,
  set(seed: number | string | null) {
    currentSeed = seed ?? null;
    generator.seed(seed === null || seed === undefined ? freshSeed() : seedNumber(seed));
  },
});

/** 32 random bits. */
export function randomUint32(): number {
  return generator.next();
}

/** A float in [0, 1) with 53 random bits. */
export function randomFloat(): number {
  return ((generator.next() >>> 5) * 67108864 + (generator.next() >>> 6)) / 9007199254740992;
}

/** An integer in [low, high] (inclusive), numbers or bigints. */
export function randomInteger(low: number, high: number): number;
export function randomInteger(low: bigint, high: bigint): bigint;
export function randomInteger(low: number | bigint, high: number | bigint): number | bigint;
export function randomInteger(low: number | bigint, high: number | bigint): number | bigint {
  if (typeof low === "number" && typeof high === "number" && high - low < 2 ** 53) {
    if (high < low) throw new RangeError(`empty range [${low}, ${high}]`);
    return low + Math.floor(randomFloat() * (high - low + 1));
  }
  const lo = BigInt(low);
  const span = BigInt(high) - lo + 1n;
  if (span <= 0n) throw new RangeError(`empty range [${low}, ${high}]`);
  return lo + randomBelow(span);
}

/** A bigint in [0, n): whole 32-bit words, rejecting the top so every value is as likely. */
function randomBelow(n: bigint): bigint {
  const words = Math.ceil(n.toString(2).length / 32);
  const space = 1n << BigInt(32 * words);
  const limit = space - (space % n);
  for (;;) {
    let v = 0n;
    for (let i = 0; i < words; i++) v = (v << 32n) | BigInt(generator.next());
    if (v < limit) return v % n;
  }
}

/** n random bytes. */
export function randomBytes(n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i += 4) {
    const w = generator.next();
    for (let j = 0; j < 4 && i + j < n; j++) out[i + j] = (w >>> (8 * j)) & 0xff;
  }
  return out;
}

function pick<T>(items: readonly T[]): T {
  if (items.length === 0) throw new RangeError("nothing to choose from");
  return items[Math.floor(randomFloat() * items.length)]!;
}

/** The value of a parameter that may itself be random (a size given as RandNum...). */
function drawn<T>(v: T | Volatile<T>): T {
  return v instanceof Volatile ? v.draw() : v;
}

// ---------- the base ----------

/** Python's literal for a constructor argument (command() text). */
function literal(v: unknown): string {
  if (v instanceof RandField) return v.command();
  if (v instanceof Volatile) return String(v);
  if (typeof v === "string") return pyStrRepr(v);
  if (v instanceof Uint8Array) return pyBytesRepr(v);
  if (v === null || v === undefined) return "None";
  if (typeof v === "boolean") return v ? "True" : "False";
  if (Array.isArray(v)) return `(${v.map(literal).join(", ")}${v.length === 1 ? "," : ""})`;
  if (typeof v === "function") return v.name || "<function>";
  if (v instanceof Map) return `{${[...v].map(([k, x]) => `${literal(k)}: ${literal(x)}`).join(", ")}}`;
  if (typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype) return `{${Object.entries(v).map(([k, x]) => `${/^-?\d+$/.test(k) ? k : literal(k)}: ${literal(x)}`).join(", ")}}`;
  return String(v);
}

/**
 * Scapy's RandField: a volatile that knows how it was made. `command()` writes it back as
 * Scapy source (`RandIP(iptemplate='10.0.0.0/8')`), which a packet's command() uses.
 */
export abstract class RandField<T = unknown> extends Volatile<T> {
  /** Constructor arguments given (not defaulted), by name, for command(); positional ones under "". */
  protected given: Array<[name: string, value: unknown]> = [];

  /** Records the arguments that were given, for command(). */
  protected args(named: Record<string, unknown>, positional: readonly unknown[] = []): void {
    for (const v of positional) this.given.push(["", v]);
    for (const [k, v] of Object.entries(named)) if (v !== undefined) this.given.push([k, v]);
  }

  command(): string {
    return `${this.constructor.name}(${this.given.map(([k, v]) => (k ? `${k}=${literal(v)}` : literal(v))).join(", ")})`;
  }
}

// ---------- numbers ----------

/** Numbers, or bigints for `RandNum<bigint>` (not inferred from literals: `new RandNum(1, 9)` draws numbers). */
type Bound<N> = N extends number ? number : bigint;

/** A uniform integer in [min, max] (bigints beyond 2^53). */
export class RandNum<N extends number | bigint = number> extends RandField<N> {
  constructor(
    readonly min: Bound<N>,
    readonly max: Bound<N>,
  ) {
    super();
    if (max < min) throw new RangeError(`${this.constructor.name}: max ${max} is below min ${min}`);
    if (new.target === RandNum) this.args({}, [min, max]);
  }

  draw(): N {
    return randomInteger(this.min, this.max) as N;
  }
}

/**
 * A subclass of one of the integer volatiles fixed to a width, named as Scapy names it
 * (RandShort, RandEnumShort, RandSingShort...): `new RandShort()` draws 0..65535.
 */
function ofWidth<A, R>(Base: new (min: A, max: A) => R, name: string, min: A, max: A): new () => R {
  const Parent = Base as unknown as new (min: A, max: A) => object;
  const named = {
    [name]: class extends Parent {
      constructor() {
        super(min, max);
      }
    },
  };
  return named[name] as unknown as new () => R;
}

/** 0..255 */
export const RandByte = ofWidth(RandNum, "RandByte", 0, 255);
/** -128..127 */
export const RandSByte = ofWidth(RandNum, "RandSByte", -128, 127);
/** 0..65535 (the SYN-scan idiom: `TCP(sport=RandShort())`). */
export const RandShort = ofWidth(RandNum, "RandShort", 0, 65535);
/** -32768..32767 */
export const RandSShort = ofWidth(RandNum, "RandSShort", -32768, 32767);
/** 0..2^32-1 */
export const RandInt = ofWidth(RandNum, "RandInt", 0, 4294967295);
/** -2^31..2^31-1 */
export const RandSInt = ofWidth(RandNum, "RandSInt", -2147483648, 2147483647);
/** 0..2^64-1, as bigints. */
export const RandLong = ofWidth(RandNum<bigint>, "RandLong", 0n, 2n ** 64n - 1n);
/** -2^63..2^63-1, as bigints. */
export const RandSLong = ofWidth(RandNum<bigint>, "RandSLong", -(2n ** 63n), 2n ** 63n - 1n);
export type RandByte = RandNum;
export type RandSByte = RandNum;
export type RandShort = RandNum;
export type RandSShort = RandNum;
export type RandInt = RandNum;
export type RandSInt = RandNum;
export type RandLong = RandNum<bigint>;
export type RandSLong = RandNum<bigint>;

/** A uniform float in [min, max). */
export class RandFloat extends RandField<number> {
  constructor(
    readonly min: number,
    readonly max: number,
  ) {
    super();
    this.args({}, [min, max]);
  }
  draw(): number {
    return this.min + randomFloat() * (this.max - this.min);
  }
}

/** A float made of 32 random bits (any finite float32, as Scapy's; min and max are kept for its signature). */
export class RandBinFloat extends RandFloat {
  override draw(): number {
    const view = new DataView(new ArrayBuffer(4));
    for (;;) {
      view.setUint32(0, generator.next());
      const f = view.getFloat32(0);
      if (Number.isFinite(f)) return f;
    }
  }
}

/** int(gamma(alpha, beta)): Marsaglia and Tsang's method. */
export class RandNumGamma extends RandField<number> {
  constructor(
    readonly alpha: number,
    readonly beta: number,
  ) {
    super();
    if (!(alpha > 0 && beta > 0)) throw new RangeError("RandNumGamma: alpha and beta must be > 0");
    this.args({}, [alpha, beta]);
  }
  draw(): number {
    return Math.trunc(gamma(this.alpha) * this.beta);
  }
}

function gamma(alpha: number): number {
  if (alpha < 1) return gamma(alpha + 1) * Math.pow(1 - randomFloat(), 1 / alpha);
  const d = alpha - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = gaussian();
    const v = (1 + c * x) ** 3;
    if (v <= 0) continue;
    const u = 1 - randomFloat();
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

/** A standard normal value (Box-Muller). */
function gaussian(): number {
  const u = 1 - randomFloat();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * randomFloat());
}

/** round(gauss(mu, sigma)). */
export class RandNumGauss extends RandField<number> {
  constructor(
    readonly mu: number,
    readonly sigma: number,
  ) {
    super();
    this.args({}, [mu, sigma]);
  }
  draw(): number {
    return Math.round(this.mu + this.sigma * gaussian());
  }
}

/** base + round(expovariate(lambd)): mostly small, sometimes large (Scapy's default string sizes). */
export class RandNumExpo extends RandField<number> {
  constructor(
    readonly lambd: number,
    readonly base = 0,
  ) {
    super();
    if (!(lambd > 0)) throw new RangeError("RandNumExpo: lambd must be > 0");
    this.args({ base: base === 0 ? undefined : base }, [lambd]);
  }
  draw(): number {
    return this.base + Math.round(-Math.log(1 - randomFloat()) / this.lambd);
  }
}

// ---------- without repetition ----------

/**
 * A pseudo-random permutation of [0, n): a random bijection of [0, 2^k) (multiply by an odd
 * number, add, xor-shift: each step is invertible), walked until it lands below n. Any n, no
 * table, the same order every round (as Scapy's enumerations repeat).
 */
class Permutation {
  private readonly bits: bigint;
  private readonly mask: bigint;
  private readonly rounds: Array<[mul: bigint, add: bigint, shift: bigint]> = [];

  constructor(
    private readonly n: bigint,
    rand: () => number,
  ) {
    let k = 1n;
    while (1n << k < n) k++;
    this.bits = k;
    this.mask = (1n << k) - 1n;
    const word = () => (BigInt(rand()) << 32n) | BigInt(rand());
    for (let i = 0; i < 3; i++) this.rounds.push([(word() | 1n) & this.mask, word() & this.mask, k > 1n ? 1n + (word() % (k - 1n)) : 0n]);
  }

  private step(x: bigint): bigint {
    for (const [mul, add, shift] of this.rounds) {
      x = (x * mul + add) & this.mask;
      if (shift) x ^= x >> shift;
    }
    return x;
  }

  at(i: bigint): bigint {
    let x = this.step(i);
    while (x >= this.n) x = this.step(x);
    return x;
  }
}

/** Every integer of [min, max] once, in a random order, then the same order again (Scapy's RandEnum). */
export class RandEnum<N extends number | bigint = number> extends RandField<N> {
  private perm: Permutation | null = null;
  private index = 0n;

  constructor(
    readonly min: Bound<N>,
    readonly max: Bound<N>,
    /** Fixes the order, independently of conf.randomSeed. */
    readonly seed?: number | string,
  ) {
    super();
    if (max < min) throw new RangeError(`${this.constructor.name}: max ${max} is below min ${min}`);
    if (new.target === RandEnum) this.args({ seed }, [min, max]);
  }

  draw(): N {
    const n = BigInt(this.max) - BigInt(this.min) + 1n;
    if (this.perm === null) {
      const local = this.seed === undefined ? null : new Xoshiro128(seedNumber(this.seed));
      this.perm = new Permutation(n, local ? () => local.next() : randomUint32);
    }
    const v = BigInt(this.min) + this.perm.at(this.index);
    this.index = (this.index + 1n) % n;
    return (typeof this.min === "bigint" ? v : Number(v)) as N;
  }
}

/** Each byte value once, in a random order (the same order every 256 draws); and so on for each width. */
export const RandEnumByte = ofWidth(RandEnum, "RandEnumByte", 0, 255);
export const RandEnumSByte = ofWidth(RandEnum, "RandEnumSByte", -128, 127);
export const RandEnumShort = ofWidth(RandEnum, "RandEnumShort", 0, 65535);
export const RandEnumSShort = ofWidth(RandEnum, "RandEnumSShort", -32768, 32767);
export const RandEnumInt = ofWidth(RandEnum, "RandEnumInt", 0, 4294967295);
export const RandEnumSInt = ofWidth(RandEnum, "RandEnumSInt", -2147483648, 2147483647);
export const RandEnumLong = ofWidth(RandEnum<bigint>, "RandEnumLong", 0n, 2n ** 64n - 1n);
export const RandEnumSLong = ofWidth(RandEnum<bigint>, "RandEnumSLong", -(2n ** 63n), 2n ** 63n - 1n);

/** The keys of an enum table (a record, a Map or a list), each once in a random order, repeated. */
export class RandEnumKeys<K = unknown> extends RandField<K> {
  private readonly keys: K[];
  private readonly order: RandEnum;

  constructor(enumTable: Record<string | number, unknown> | Map<K, unknown> | readonly K[], seed?: number | string) {
    super();
    this.keys = enumTable instanceof Map ? [...enumTable.keys()] : Array.isArray(enumTable) ? [...enumTable] : (Object.keys(enumTable).map((k) => (/^-?\d+$/.test(k) ? Number(k) : k)) as K[]);
    if (this.keys.length === 0) throw new RangeError("RandEnumKeys: the table is empty");
    this.order = new RandEnum(0, this.keys.length - 1, seed);
    this.args({ seed }, [enumTable]);
  }

  draw(): K {
    return this.keys[this.order.draw()]!;
  }
}

// ---------- choices ----------

/** One of the values given, each as likely (a volatile among them is drawn). */
export class RandChoice<T = unknown> extends RandField<T> {
  readonly choices: readonly (T | Volatile<T>)[];
  constructor(...choices: Array<T | Volatile<T>>) {
    super();
    if (choices.length === 0) throw new TypeError(`${new.target.name} needs at least one value`);
    this.choices = choices;
    if (new.target === RandChoice || new.target === RandSingularity) this.args({}, choices);
  }
  draw(): T {
    return drawn(pick(this.choices));
  }
}

/** RandChoice for values chosen because they tend to break things. */
export class RandSingularity<T = unknown> extends RandChoice<T> {}

/** One of the values given, weighted: `RandPool([RandByte(), 1], [1000, 3])` is 1000 three times in four. */
export class RandPool<T = unknown> extends RandField<T> {
  private readonly values: Array<T | Volatile<T>> = [];
  private readonly cumulative: number[] = [];

  constructor(...pool: Array<readonly [value: T | Volatile<T>, weight: number]>) {
    super();
    let total = 0;
    for (const entry of pool) {
      if (!Array.isArray(entry) || entry.length !== 2 || typeof entry[1] !== "number" || !(entry[1] >= 0)) throw new TypeError("RandPool takes (value, weight) pairs with weights >= 0");
      total += entry[1];
      this.values.push(entry[0]);
      this.cumulative.push(total);
    }
    if (!(total > 0)) throw new RangeError("RandPool: the weights add up to 0");
    this.args({}, pool);
  }

  draw(): T {
    const x = randomFloat() * this.cumulative[this.cumulative.length - 1]!;
    const i = this.cumulative.findIndex((c) => x < c);
    return drawn(this.values[i < 0 ? this.values.length - 1 : i]!);
  }
}

/** The integers of [mn, mx] that break programs: 0, ±2^k and their neighbours, the ends, the middle and theirs. */
function singularNumbers(mn: bigint, mx: bigint): bigint[] {
  const out = new Set<bigint>([0n]);
  for (let p = 1n; p <= (mx > -mn ? mx : -mn) + 1n; p <<= 1n) for (const v of [p - 1n, p, p + 1n]) out.add(v).add(-v);
  const mid = (mn + mx) >> 1n; // floor, also below zero
  for (const v of [mn, mn + 1n, mx - 1n, mx, mid - 1n, mid, mid + 1n]) out.add(v);
  return [...out].filter((v) => v >= mn && v <= mx).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** One of the singular integers of [mn, mx] (see singularNumbers). */
export class RandSingNum<N extends number | bigint = number> extends RandSingularity<N> {
  constructor(mn: Bound<N>, mx: Bound<N>) {
    const values = singularNumbers(BigInt(mn), BigInt(mx)).map((v) => (typeof mn === "bigint" ? v : Number(v)) as N);
    super(...values);
    if (new.target === RandSingNum) this.given = [["", mn], ["", mx]];
    else this.given = [];
  }
}

/** The edge values of a byte (0, 1, 2, 3, 4, 5, 7, 8, 9, 15, ... 254, 255); and so on for each width. */
export const RandSingByte = ofWidth(RandSingNum, "RandSingByte", 0, 255);
export const RandSingSByte = ofWidth(RandSingNum, "RandSingSByte", -128, 127);
export const RandSingShort = ofWidth(RandSingNum, "RandSingShort", 0, 65535);
export const RandSingSShort = ofWidth(RandSingNum, "RandSingSShort", -32768, 32767);
export const RandSingInt = ofWidth(RandSingNum, "RandSingInt", 0, 4294967295);
export const RandSingSInt = ofWidth(RandSingNum, "RandSingSInt", -2147483648, 2147483647);
export const RandSingLong = ofWidth(RandSingNum<bigint>, "RandSingLong", 0n, 2n ** 64n - 1n);
export const RandSingSLong = ofWidth(RandSingNum<bigint>, "RandSingSLong", -(2n ** 63n), 2n ** 63n - 1n);

/** Strings that parsers, shells, databases and file systems choke on. */
const SINGULAR_STRINGS: readonly string[] = [
  "",
  "\x00",
  "%",
  "%%",
  "%n",
  "%s",
  "%x",
  "%d%d%d%d",
  "%n%n%n%n%n%n%n%n",
  "%s".repeat(32),
  "%x".repeat(32),
  "%99999999999s",
  "\\",
  "'",
  '"',
  "`",
  "' or '1'='1",
  '" or "1"="1',
  "1; DROP TABLE users; --",
  "' UNION SELECT NULL --",
  "$(id)",
  "`id`",
  ";id;",
  "|id",
  "&& id",
  "${IFS}",
  "${HOME}".repeat(64),
  "../".repeat(32) + "etc/passwd",
  "..\\".repeat(32) + "windows\\win.ini",
  "%2e%2e%2f".repeat(32) + "etc/passwd",
  "..%c0%af".repeat(32) + "etc/passwd",
  "/etc/passwd\x00.png",
  "file.php%00",
  "CON",
  "NUL:",
  "COM1:",
  "LPT1:",
  "AUX",
  "\\\\?\\C:\\",
  "\\\\server\\share",
  "<script>alert(1)</script>",
  "<!--",
  "]]>",
  "{{7*7}}",
  "\r\n\r\n",
  "\n".repeat(256),
  "A".repeat(255),
  "A".repeat(256),
  "A".repeat(1024),
  "A".repeat(65536),
  "\x00".repeat(1024),
  "\xff".repeat(1024),
  " ".repeat(4096),
  "/".repeat(4096),
];

/** One of the strings that break programs (format strings, injections, long runs, device names...), as bytes. */
export class RandSingString extends RandSingularity<Uint8Array> {
  constructor() {
    super(...SINGULAR_STRINGS.map(latin1Bytes));
  }
}

function latin1Bytes(s: string): Uint8Array {
  return Uint8Array.from(s, (c) => c.charCodeAt(0) & 0xff);
}

// ---------- bytes and text ----------

const ALNUM = utf8("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789");
const ALL_BYTES = Uint8Array.from({ length: 256 }, (_, i) => i);

function bytesOf(v: string | Uint8Array): Uint8Array {
  return typeof v === "string" ? utf8(v) : v;
}

/** size bytes picked from chars (default: letters and digits); size defaults to RandNumExpo(0.01) (mean 100). */
export class RandString extends RandField<Uint8Array> {
  readonly size: number | Volatile<number>;
  readonly chars: Uint8Array;

  constructor(size?: number | Volatile<number> | null, chars?: string | Uint8Array) {
    super();
    this.size = size ?? new RandNumExpo(0.01);
    this.chars = chars === undefined ? ALNUM : bytesOf(chars);
    if (this.chars.length === 0) throw new RangeError(`${new.target.name}: no characters to pick from`);
    if (new.target === RandString) this.args({ size: size ?? undefined, chars });
  }

  draw(): Uint8Array {
    const n = Number(drawn(this.size));
    const out = new Uint8Array(Math.max(0, n));
    for (let i = 0; i < out.length; i++) out[i] = this.chars[Math.floor(randomFloat() * this.chars.length)]!;
    return out;
  }
}

/** size random bytes (any byte value). */
export class RandBin extends RandString {
  constructor(size?: number | Volatile<number> | null) {
    super(size, ALL_BYTES);
    if (new.target === RandBin) this.args({ size: size ?? undefined });
  }
}

/** size random bytes, then the terminator (StrNullField's kind: `RandTermString(5, b"\0")`). */
export class RandTermString extends RandBin {
  readonly term: Uint8Array;
  constructor(size: number | Volatile<number>, term: string | Uint8Array) {
    super(size);
    this.term = bytesOf(term);
    this.given = [];
    this.args({ size, term });
  }
  override draw(): Uint8Array {
    const body = super.draw();
    const out = new Uint8Array(body.length + this.term.length);
    out.set(body);
    out.set(this.term, body.length);
    return out;
  }
}

/** Bytes of data with n of them (default len*p, at least 1) changed, each to another value. */
export function corruptBytes(data: string | Uint8Array, p = 0.01, n?: number | null): Uint8Array {
  const out = Uint8Array.from(bytesOf(data));
  if (out.length === 0) return out;
  const count = Math.min(out.length, n ?? Math.max(1, Math.floor(out.length * p)));
  for (const i of sample(out.length, count)) out[i] = (out[i]! + randomInteger(1, 255)) & 0xff;
  return out;
}

/** Bytes of data with n bits (default len*8*p, at least 1) flipped. */
export function corruptBits(data: string | Uint8Array, p = 0.01, n?: number | null): Uint8Array {
  const out = Uint8Array.from(bytesOf(data));
  if (out.length === 0) return out;
  const count = Math.min(out.length * 8, n ?? Math.max(1, Math.floor(out.length * 8 * p)));
  for (const bit of sample(out.length * 8, count)) out[bit >> 3]! ^= 1 << (bit & 7);
  return out;
}

/** count distinct integers of [0, n). */
function sample(n: number, count: number): number[] {
  const perm = new Permutation(BigInt(n), randomUint32);
  const start = BigInt(randomInteger(0, n - 1));
  return Array.from({ length: count }, (_, i) => Number(perm.at((start + BigInt(i)) % BigInt(n))));
}

/** The data with some bytes changed at every draw (corruptBytes). */
export class CorruptedBytes extends RandField<Uint8Array> {
  readonly data: Uint8Array;
  constructor(
    s: string | Uint8Array,
    readonly p = 0.01,
    readonly n: number | null = null,
  ) {
    super();
    this.data = bytesOf(s);
    this.args({ p: p === 0.01 ? undefined : p, n: n ?? undefined }, [s]);
  }
  draw(): Uint8Array {
    return corruptBytes(this.data, this.p, this.n);
  }
}

/** The data with some bits flipped at every draw (corruptBits). */
export class CorruptedBits extends CorruptedBytes {
  override draw(): Uint8Array {
    return corruptBits(this.data, this.p, this.n);
  }
}

// ---------- regular expressions ----------

type RegexNode =
  | { kind: "chars"; set: number[] }
  | { kind: "seq"; items: RegexNode[] }
  | { kind: "alt"; options: RegexNode[] }
  | { kind: "repeat"; node: RegexNode; min: number; max: number | null };

const DIGITS = range(0x30, 0x39);
const WORD = [...range(0x41, 0x5a), ...range(0x61, 0x7a), ...DIGITS, 0x5f];
const SPACE = [0x20, 0x09, 0x0a, 0x0d, 0x0b, 0x0c];
const PRINTABLE = range(0x20, 0x7e);

function range(a: number, b: number): number[] {
  return Array.from({ length: b - a + 1 }, (_, i) => a + i);
}

function complement(set: number[]): number[] {
  const has = new Set(set);
  return range(0, 255).filter((c) => !has.has(c));
}

/** A small regular-expression parser: literals, escapes, `.`, classes, groups, `|`, `* + ? {n,m}`. */
class RegexParser {
  private at = 0;
  constructor(private readonly src: string) {}

  parse(): RegexNode {
    const node = this.alternation();
    if (this.at < this.src.length) this.fail(`unexpected '${this.src[this.at]}'`);
    return node;
  }

  private fail(message: string): never {
    throw new SyntaxError(`RandRegExp: ${message} at ${this.at} in ${JSON.stringify(this.src)}`);
  }

  private alternation(): RegexNode {
    const options = [this.sequence()];
    while (this.src[this.at] === "|") {
      this.at++;
      options.push(this.sequence());
    }
    return options.length === 1 ? options[0]! : { kind: "alt", options };
  }

  private sequence(): RegexNode {
    const items: RegexNode[] = [];
    while (this.at < this.src.length && this.src[this.at] !== "|" && this.src[this.at] !== ")") {
      const c = this.src[this.at]!;
      if (c === "^" || c === "$") {
        this.at++; // anchors take no characters
        continue;
      }
      items.push(this.quantified(this.atom()));
    }
    return { kind: "seq", items };
  }

  private atom(): RegexNode {
    const c = this.src[this.at++]!;
    if (c === "(") {
      if (this.src.startsWith("?:", this.at)) this.at += 2;
      const inner = this.alternation();
      if (this.src[this.at++] !== ")") this.fail("missing ')'");
      return inner;
    }
    if (c === "[") return { kind: "chars", set: this.charClass() };
    if (c === ".") return { kind: "chars", set: PRINTABLE };
    if (c === "\\") return { kind: "chars", set: this.escape() };
    if ("*+?{".includes(c) && c !== "{") this.fail(`nothing to repeat before '${c}'`);
    return { kind: "chars", set: [c.charCodeAt(0) & 0xff] };
  }

  private escape(): number[] {
    const c = this.src[this.at++];
    if (c === undefined) this.fail("a trailing backslash");
    switch (c) {
      case "d":
        return DIGITS;
      case "D":
        return complement(DIGITS);
      case "w":
        return WORD;
      case "W":
        return complement(WORD);
      case "s":
        return SPACE;
      case "S":
        return complement(SPACE);
      case "n":
        return [0x0a];
      case "r":
        return [0x0d];
      case "t":
        return [0x09];
      case "x": {
        const hex = this.src.slice(this.at, this.at + 2);
        if (!/^[0-9a-fA-F]{2}$/.test(hex)) this.fail("\\x needs two hex digits");
        this.at += 2;
        return [parseInt(hex, 16)];
      }
      default:
        if (/[1-9]/.test(c)) this.fail("back references are not supported");
        return [c.charCodeAt(0) & 0xff];
    }
  }

  private charClass(): number[] {
    let negate = false;
    if (this.src[this.at] === "^") {
      negate = true;
      this.at++;
    }
    const set = new Set<number>();
    let first = true;
    while (this.src[this.at] !== "]" || first) {
      if (this.at >= this.src.length) this.fail("missing ']'");
      first = false;
      let lo: number[];
      if (this.src[this.at] === "\\") {
        this.at++;
        lo = this.escape();
      } else lo = [this.src.charCodeAt(this.at++) & 0xff];
      if (lo.length === 1 && this.src[this.at] === "-" && this.src[this.at + 1] !== "]" && this.at + 1 < this.src.length) {
        this.at++;
        const hi = this.src[this.at] === "\\" ? (this.at++, this.escape()) : [this.src.charCodeAt(this.at++) & 0xff];
        if (hi.length !== 1 || hi[0]! < lo[0]!) this.fail("a bad range in a class");
        for (const v of range(lo[0]!, hi[0]!)) set.add(v);
      } else for (const v of lo) set.add(v);
    }
    this.at++;
    const list = [...set];
    return negate ? complement(list) : list;
  }

  private quantified(node: RegexNode): RegexNode {
    for (;;) {
      const c = this.src[this.at];
      let min: number;
      let max: number | null;
      if (c === "*") [min, max] = [0, null];
      else if (c === "+") [min, max] = [1, null];
      else if (c === "?") [min, max] = [0, 1];
      else if (c === "{") {
        const m = /^\{(\d*)(,(\d*))?\}/.exec(this.src.slice(this.at));
        if (!m || (m[1] === "" && m[3] === undefined)) return node; // a literal '{'
        min = m[1] ? Number(m[1]) : 0;
        max = m[2] === undefined ? min : m[3] ? Number(m[3]) : null;
        if (max !== null && max < min) this.fail("{n,m} with m < n");
        this.at += m[0].length - 1;
      } else return node;
      this.at++;
      if (this.src[this.at] === "?") this.at++; // lazy or greedy: the same for generating
      node = { kind: "repeat", node, min, max };
    }
  }
}

/**
 * Strings that match a regular expression: `RandRegExp("[a-f0-9]{8}")`. Unbounded repeats
 * (`*`, `+`, `{n,}`) add a number of extra repetitions drawn from an exponential law of rate
 * lambda (0.3: about 3 on average).
 */
export class RandRegExp extends RandField<string> {
  private readonly tree: RegexNode;
  constructor(
    readonly regexp: string,
    readonly lambda_ = 0.3,
  ) {
    super();
    this.tree = new RegexParser(regexp).parse();
    this.args({ lambda_: lambda_ === 0.3 ? undefined : lambda_ }, [regexp]);
  }

  draw(): string {
    const out: number[] = [];
    this.emit(this.tree, out);
    return String.fromCharCode(...out);
  }

  private emit(node: RegexNode, out: number[]): void {
    switch (node.kind) {
      case "chars":
        out.push(pick(node.set));
        return;
      case "seq":
        for (const item of node.items) this.emit(item, out);
        return;
      case "alt":
        this.emit(pick(node.options), out);
        return;
      case "repeat": {
        const n = node.max === null ? node.min + Math.round(-Math.log(1 - randomFloat()) / this.lambda_) : randomInteger(node.min, node.max);
        for (let i = 0; i < n; i++) this.emit(node.node, out);
      }
    }
  }
}

// ---------- addresses and identifiers ----------

/** A random IPv4 address of a network: `RandIP("10.0.0.0/8")` (default any address). */
export class RandIP extends RandField<string> {
  private readonly base: number;
  private readonly size: number;

  constructor(readonly iptemplate = "0.0.0.0/0") {
    super();
    const m = /^([\d.]+)(?:\/(\d{1,2}))?$/.exec(iptemplate.trim());
    const prefix = m?.[2] === undefined ? 32 : Number(m[2]);
    const addr = m ? parseIPv4(m[1]!) : -1;
    if (addr < 0 || prefix > 32) throw new TypeError(`RandIP: ${JSON.stringify(iptemplate)} is not an IPv4 network (a.b.c.d/n)`);
    this.size = 2 ** (32 - prefix);
    this.base = addr - (addr % this.size);
    this.args({ iptemplate: iptemplate === "0.0.0.0/0" ? undefined : iptemplate });
  }

  draw(): string {
    return ipv4FromNumber(this.base + Math.floor(randomFloat() * this.size));
  }
}

/** One template part: a fixed value or a range (inclusive) to draw from. */
type Part = [low: number, high: number];

function templatePart(token: string, max: number, what: string, template: string): Part {
  if (token === "*") return [0, max];
  const range = /^([0-9a-fA-F]+)-([0-9a-fA-F]+)$/.exec(token);
  const [lo, hi] = range ? [parseInt(range[1]!, 16), parseInt(range[2]!, 16)] : /^[0-9a-fA-F]+$/.test(token) ? [parseInt(token, 16), parseInt(token, 16)] : [NaN, NaN];
  if (!(lo <= hi && hi <= max)) throw new TypeError(`${what}: bad part ${JSON.stringify(token)} in ${JSON.stringify(template)} (hex, '*' or 'a-b')`);
  return [lo, hi];
}

/**
 * A random IPv6 address from a template of 16-bit groups: hex, `*` (any), `a-b` (a hex range),
 * `**` (as many random groups as the address needs), `::` (zeros): `RandIP6("2001:db8::*")`.
 */
export class RandIP6 extends RandField<string> {
  private readonly parts: Part[];

  constructor(readonly ip6template = "**") {
    super();
    const what = "RandIP6";
    const [head, tail, ...rest] = ip6template.split("::");
    if (rest.length) throw new TypeError(`${what}: ${JSON.stringify(ip6template)} has '::' twice`);
    const tokens = (s: string | undefined) => (s ? s.split(":") : []);
    const left = tokens(head);
    const right = tokens(tail);
    const fixed = [...left, ...right].filter((t) => t !== "**").length;
    const stars = [...left, ...right].filter((t) => t === "**").length;
    if (stars > 1) throw new TypeError(`${what}: ${JSON.stringify(ip6template)} has '**' twice`);
    const fill = 8 - fixed;
    const expand = (ts: string[]) => ts.flatMap((t) => (t === "**" ? Array<string>(Math.max(0, fill)).fill("*") : [t]));
    const l = expand(left);
    const r = expand(right);
    const zeros = tail === undefined ? 0 : 8 - l.length - r.length;
    if (l.length + r.length + zeros !== 8 || zeros < 0 || (tail === undefined && stars === 0 && fixed !== 8)) {
      throw new TypeError(`${what}: ${JSON.stringify(ip6template)} does not make 8 groups (use '::' or '**')`);
    }
    this.parts = [...l, ...Array<string>(zeros).fill("0"), ...r].map((t) => templatePart(t, 0xffff, what, ip6template));
    this.args({ ip6template: ip6template === "**" ? undefined : ip6template });
  }

  draw(): string {
    const bytes = new Uint8Array(16);
    this.parts.forEach(([lo, hi], i) => {
      const v = randomInteger(lo, hi);
      bytes[2 * i] = v >> 8;
      bytes[2 * i + 1] = v & 0xff;
    });
    return formatIPv6(bytes, 0);
  }
}

/** A random MAC address from a template of bytes (hex, `*`, `a-b`); missing bytes are random: `RandMAC("00:11:22")`. */
export class RandMAC extends RandField<string> {
  private readonly parts: Part[];

  constructor(readonly template = "*") {
    super();
    const tokens = template.split(":");
    if (tokens.length > 6) throw new TypeError(`RandMAC: ${JSON.stringify(template)} has more than 6 bytes`);
    while (tokens.length < 6) tokens.push("*");
    this.parts = tokens.map((t) => templatePart(t, 0xff, "RandMAC", template));
    this.args({ template: template === "*" ? undefined : template });
  }

  draw(): string {
    return this.parts.map(([lo, hi]) => randomInteger(lo, hi).toString(16).padStart(2, "0")).join(":");
  }
}

/**
 * A random ASN.1 object identifier: `RandOID()` (1 + depth components, each idnum), or from a
 * format whose parts are numbers, `*` (an idnum) or `a-b` ranges: `RandOID("1.3.6.1.4.1.*")`.
 */
export class RandOID extends RandField<string> {
  readonly depth: number | Volatile<number>;
  readonly idnum: number | Volatile<number>;
  private readonly parts: Array<Part | null> | null;

  constructor(
    readonly fmt: string | null = null,
    depth?: number | Volatile<number>,
    idnum?: number | Volatile<number>,
  ) {
    super();
    this.depth = depth ?? new RandNumExpo(0.1);
    this.idnum = idnum ?? new RandNumExpo(0.01);
    this.parts =
      fmt === null
        ? null
        : fmt.split(".").map((t) => {
            if (t === "*") return null;
            const m = /^(\d+)(?:-(\d+))?$/.exec(t);
            if (!m || (m[2] !== undefined && Number(m[2]) < Number(m[1]))) throw new TypeError(`RandOID: bad part ${JSON.stringify(t)} in ${JSON.stringify(fmt)}`);
            return [Number(m[1]), Number(m[2] ?? m[1])] as Part;
          });
    this.args({ fmt: fmt ?? undefined, depth, idnum });
  }

  draw(): string {
    if (this.parts === null) return Array.from({ length: 1 + Number(drawn(this.depth)) }, () => String(drawn(this.idnum))).join(".");
    return this.parts.map((p) => String(p === null ? drawn(this.idnum) : randomInteger(p[0], p[1]))).join(".");
  }
}

/** Node's builtins when present (RandUUID versions 3 and 5 hash names). */
function nodeCrypto(): { createHash(alg: string): { update(d: Uint8Array): { digest(): Uint8Array } } } {
  const get = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule;
  if (!get) throw new TypeError("RandUUID versions 3 and 5 need Node.js (name hashing)");
  return get("node:crypto") as never;
}

const UUID_RE = /^([0-9a-f]{8})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{12})$/i;

function uuidBytes(text: string): Uint8Array {
  const m = UUID_RE.exec(text);
  if (!m) throw new TypeError(`RandUUID: ${JSON.stringify(text)} is not a UUID`);
  const hex = m.slice(1).join("");
  return Uint8Array.from({ length: 16 }, (_, i) => parseInt(hex.slice(2 * i, 2 * i + 2), 16));
}

function uuidText(b: Uint8Array): string {
  const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** 100-ns intervals between the Gregorian reform (1582-10-15) and the Unix epoch. */
const GREGORIAN_OFFSET = 122192928000000000n;

export interface RandUUIDOptions {
  /** A template: five groups (8-4-4-4-12 hex digits), each hex or `*` (random). Not with the other options. */
  template?: string;
  /** Version 1: the 48-bit node (default random, multicast bit set as RFC 4122 asks). */
  node?: number | bigint;
  /** Version 1: the 14-bit clock sequence (default random). */
  clockSeq?: number;
  /** Versions 3 and 5: the namespace UUID. */
  namespace?: string;
  /** Versions 3 and 5: the name. */
  name?: string | Uint8Array;
  /** 1 (time), 3 (MD5 of a name), 4 (random, the default) or 5 (SHA-1 of a name); guessed from the others when absent. */
  version?: 1 | 3 | 4 | 5;
}

const checkUUID = strictOptions<RandUUIDOptions>("RandUUID", { template: true, node: true, clockSeq: true, namespace: true, name: true, version: true });

/** A random UUID (RFC 4122): version 4 by default, 1, 3 and 5 from their inputs, or from a template. Draws text. */
export class RandUUID extends RandField<string> {
  readonly version: 1 | 3 | 4 | 5 | null;
  private readonly parts: Part[] | null = null;

  constructor(readonly options: RandUUIDOptions = {}) {
    super();
    checkUUID(options);
    const o = options;
    if (o.template !== undefined) {
      if (o.node !== undefined || o.clockSeq !== undefined || o.namespace !== undefined || o.name !== undefined || o.version !== undefined) throw new TypeError("RandUUID: a template goes alone");
      const groups = o.template.split("-");
      const widths = [8, 4, 4, 4, 12];
      if (groups.length !== 5) throw new TypeError(`RandUUID: template ${JSON.stringify(o.template)} needs 5 groups`);
      // A group of 12 hex digits overflows a double's exactness: split each group in 4-digit pieces.
      this.parts = groups.flatMap((g, i) => {
        const n = widths[i]! / 4;
        if (g === "*") return Array.from({ length: n }, (): Part => [0, 0xffff]);
        if (/^[0-9a-fA-F]+$/.test(g) && g.length === widths[i]) return Array.from({ length: n }, (_, k): Part => [parseInt(g.slice(4 * k, 4 * k + 4), 16), parseInt(g.slice(4 * k, 4 * k + 4), 16)]);
        throw new TypeError(`RandUUID: group ${JSON.stringify(g)} of ${JSON.stringify(o.template)} must be ${widths[i]} hex digits or '*'`);
      });
      this.version = null;
    } else {
      const named = o.namespace !== undefined || o.name !== undefined;
      const version = o.version ?? (named ? 5 : o.node !== undefined || o.clockSeq !== undefined ? 1 : 4);
      if (![1, 3, 4, 5].includes(version)) throw new TypeError(`RandUUID: version ${version} is not 1, 3, 4 or 5`);
      if ((version === 3 || version === 5) && (o.namespace === undefined || o.name === undefined)) throw new TypeError(`RandUUID: version ${version} needs namespace and name`);
      if ((version === 1 || version === 4) && named) throw new TypeError(`RandUUID: version ${version} takes no namespace or name`);
      if (version !== 1 && (o.node !== undefined || o.clockSeq !== undefined)) throw new TypeError("RandUUID: node and clock_seq are for version 1");
      if (o.namespace !== undefined) uuidBytes(o.namespace);
      this.version = version;
    }
    this.args({ template: o.template, node: o.node, clock_seq: o.clockSeq, namespace: o.namespace, name: o.name, version: o.version });
  }

  draw(): string {
    if (this.parts) {
      const b = new Uint8Array(16);
      this.parts.forEach(([lo, hi], i) => {
        const v = randomInteger(lo, hi);
        b[2 * i] = v >> 8;
        b[2 * i + 1] = v & 0xff;
      });
      return uuidText(b);
    }
    const o = this.options;
    let b: Uint8Array;
    if (this.version === 4) b = randomBytes(16);
    else if (this.version === 1) {
      const t = BigInt(Date.now()) * 10000n + GREGORIAN_OFFSET + BigInt(randomInteger(0, 9999));
      const clock = o.clockSeq ?? randomInteger(0, 0x3fff);
      const node = o.node !== undefined ? BigInt(o.node) : (BigInt(randomInteger(0, 2 ** 48 - 1)) | 0x010000000000n);
      b = new Uint8Array(16);
      const v = new DataView(b.buffer);
      v.setUint32(0, Number(t & 0xffffffffn));
      v.setUint16(4, Number((t >> 32n) & 0xffffn));
      v.setUint16(6, Number((t >> 48n) & 0x0fffn));
      v.setUint16(8, clock & 0x3fff);
      v.setUint16(10, Number(node >> 32n));
      v.setUint32(12, Number(node & 0xffffffffn));
    } else {
      const ns = uuidBytes(o.namespace!);
      const name = typeof o.name === "string" ? utf8(o.name) : o.name!;
      const data = new Uint8Array(ns.length + name.length);
      data.set(ns);
      data.set(name, ns.length);
      b = nodeCrypto().createHash(this.version === 3 ? "md5" : "sha1").update(data).digest().slice(0, 16);
    }
    b[6] = (b[6]! & 0x0f) | (this.version! << 4);
    b[8] = (b[8]! & 0x3f) | 0x80;
    return uuidText(b);
  }
}

// ---------- others ----------

/** start, start+step, ... and back to start after reaching restart (Scapy's IncrementalValue). */
export class IncrementalValue extends RandField<number> {
  private value: number;
  constructor(
    readonly start = 0,
    readonly step = 1,
    readonly restart = -1,
  ) {
    super();
    this.value = start;
    this.args({ start: start || undefined, step: step === 1 ? undefined : step, restart: restart === -1 ? undefined : restart });
  }
  draw(): number {
    const v = this.value;
    this.value = v === this.restart ? this.start : v + this.step;
    return v;
  }
}

/** A value computed anew at every build: `DelayedEval(() => Date.now() & 0xffff)` (Scapy's takes Python text). */
export class DelayedEval<T = unknown> extends RandField<T> {
  constructor(readonly expr: () => T) {
    super();
    if (typeof expr !== "function") throw new TypeError("DelayedEval takes a function (in the shell: DelayedEval(lambda: ...))");
    this.args({}, [expr]);
  }
  draw(): T {
    return this.expr();
  }
}

/** Seconds since the epoch minus diff; with base, base plus the time elapsed since it was made. */
export class AutoTime extends RandField<number> {
  readonly diff: number;
  constructor(base?: number | null, diff?: number | null) {
    super();
    this.diff = diff ?? (base === undefined || base === null ? 0 : Date.now() / 1000 - base);
    this.args({ base: base ?? undefined, diff: diff ?? undefined });
  }
  draw(): number {
    return Date.now() / 1000 - this.diff;
  }
}

/** AutoTime in whole seconds. */
export class IntAutoTime extends AutoTime {
  override draw(): number {
    return Math.floor(super.draw());
  }
}

function utcStamp(seconds: number, fullYear: boolean): string {
  const d = new Date(seconds * 1000);
  const two = (n: number) => String(n).padStart(2, "0");
  const year = fullYear ? String(d.getUTCFullYear()).padStart(4, "0") : two(d.getUTCFullYear() % 100);
  return `${year}${two(d.getUTCMonth() + 1)}${two(d.getUTCDate())}${two(d.getUTCHours())}${two(d.getUTCMinutes())}${two(d.getUTCSeconds())}Z`;
}

/** The time now (plus diff seconds) as ASN.1 UTCTime text: `YYMMDDhhmmssZ`. */
export class ZuluTime extends RandField<string> {
  constructor(readonly diff = 0) {
    super();
    this.args({ diff: diff || undefined });
  }
  draw(): string {
    return utcStamp(Date.now() / 1000 + this.diff, false);
  }
}

/** The time now (plus diff seconds) as ASN.1 GeneralizedTime text: `YYYYMMDDhhmmssZ`. */
export class GeneralizedTime extends ZuluTime {
  override draw(): string {
    return utcStamp(Date.now() / 1000 + this.diff, true);
  }
}

// ---------- values that stand for defaults ----------

/** A value drawn once and kept: fuzz() fixes the fields that the kind of another field depends on (as Scapy). */
export class FixedValue<T = unknown> extends Volatile<T> {
  constructor(readonly value: T) {
    super();
  }
  draw(): T {
    return this.value;
  }
}

const standingDefaults = new WeakSet<Volatile>();

/**
 * Marks a volatile as standing for a field's default, as fuzz() puts them (Scapy changes the
 * defaults, so repr and command() do not show them; show() does). Returns it.
 */
export function asDefault<V extends Volatile>(v: V): V {
  standingDefaults.add(v);
  return v;
}

export function isDefaultVolatile(v: unknown): boolean {
  return v instanceof Volatile && standingDefaults.has(v);
}
