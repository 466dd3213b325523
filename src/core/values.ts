/** Value helpers shared by the packet model: alternatives (generators), deep equality, deep copy. */
import { FlagValue } from "./flags.ts";

/** Several values for one field: the packet stands for one packet per value (Scapy's generators). */
export class Alternatives {
  constructor(readonly values: readonly unknown[]) {}
}

/**
 * A value drawn anew at every build (Scapy's VolatileValue: `TCP({sport: RandShort()})`). The
 * packet keeps the volatile itself (reads give it back); each build fixes one drawn value per
 * field for the whole packet, so lengths and checksums agree with what was written.
 */
export abstract class Volatile<T = unknown> {
  /** A fresh value, as a user could have given it to the field. */
  abstract draw(): T;
  /** Arithmetic and comparisons draw a value, as Scapy's volatiles do. */
  valueOf(): T {
    return this.draw();
  }
  toString(): string {
    return `<${this.constructor.name}>`;
  }
}

/** An inclusive integer range for a field: `TCP({dport: range(1, 3)})` is 3 packets (Scapy's (1,3)). */
export class IntRange {
  constructor(
    readonly low: number,
    readonly high: number,
  ) {}
  *[Symbol.iterator](): Generator<number> {
    for (let v = this.low; v <= this.high; v++) yield v;
  }
}

/** Scapy's `(low, high)` tuple as a field value: every integer from low to high, inclusive. */
export function range(low: number, high: number): IntRange {
  return new IntRange(low, high);
}

interface Copyable {
  copy(): unknown;
}

/** Copies arrays and packets; bytes are values (never written in place), so they are shared. */
export function deepCopy<T>(value: T): T {
  if (value === null || typeof value !== "object" || value instanceof Uint8Array) return value;
  if (Array.isArray(value)) return value.map(deepCopy) as T;
  if (typeof (value as unknown as Copyable).copy === "function") return (value as unknown as Copyable).copy() as T;
  return value;
}

interface Comparable {
  equals(other: unknown): boolean;
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a instanceof FlagValue) a = a.value;
  if (b instanceof FlagValue) b = b.value;
  if (typeof a === "bigint" || typeof b === "bigint") return (typeof a === "bigint" || typeof a === "number") && (typeof b === "bigint" || typeof b === "number") && BigInt(a) === BigInt(b);
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return a === b;
  if (a instanceof Uint8Array && b instanceof Uint8Array) {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (typeof (a as Comparable).equals === "function") return (a as Comparable).equals(b);
  // Plain records (HTTP's Unknown_Headers: name -> value) are equal key by key.
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}

function isPlainObject(x: object): x is Record<string, unknown> {
  const proto = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}
