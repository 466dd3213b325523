/** Python values that JavaScript lacks: tuples, ranges, slices, and the names of types for messages. */
import { conf, FlagValue, Packet, PacketList } from "../../index.ts";

/**
 * A tuple: an Array (so TCP and DHCP options, which take arrays for tuples, accept it) that
 * prints as `(a, b)` and, as a field value, stands for Scapy's inclusive range `(low, high)`.
 */
export class PyTuple<T = unknown> extends Array<T> {
  static override get [Symbol.species](): ArrayConstructor {
    return Array;
  }
}

/** A named tuple (Scapy's QueryAnswer(query=..., answer=...)): a tuple whose items are also attributes. */
export class PyNamedTuple<T = unknown> extends PyTuple<T> {
  typename = "";
  fields: readonly string[] = [];
}

export function namedTuple<T>(typename: string, fields: readonly string[], items: Iterable<T>): PyNamedTuple<T> {
  const t = new PyNamedTuple<T>();
  t.typename = typename;
  t.fields = fields;
  for (const x of items) t.push(x);
  return t;
}

export function tuple<T>(items: Iterable<T>): PyTuple<T> {
  const t = new PyTuple<T>();
  for (const x of items) t.push(x);
  return t;
}

/** Python's range: lazy, end-exclusive, with a step. */
export class PyRange {
  constructor(
    readonly start: number,
    readonly stop: number,
    readonly step: number,
  ) {}

  get length(): number {
    const n = Math.ceil((this.stop - this.start) / this.step);
    return Math.max(0, n);
  }

  at(i: number): number {
    return this.start + i * this.step;
  }

  *[Symbol.iterator](): Generator<number> {
    const n = this.length;
    for (let i = 0; i < n; i++) yield this.start + i * this.step;
  }

  toString(): string {
    return this.step === 1 ? `range(${this.start}, ${this.stop})` : `range(${this.start}, ${this.stop}, ${this.step})`;
  }
}

/** `a[lower:upper:step]`; for a packet `pkt[TCP:2]` is the second TCP layer. */
export class PySlice {
  constructor(
    readonly start: unknown,
    readonly stop: unknown,
    readonly step: unknown,
  ) {}

  /** Start, stop and step resolved for a sequence of this length (Python's slice.indices). */
  indices(length: number): [number, number, number] {
    const step = this.step === null || this.step === undefined ? 1 : Number(this.step);
    if (step === 0) throw new PyErrorLike("ValueError", "slice step cannot be zero");
    const clamp = (v: unknown, dflt: number, lo: number, hi: number) => {
      if (v === null || v === undefined) return dflt;
      let n = Math.trunc(Number(v));
      if (n < 0) n += length;
      return Math.min(Math.max(n, lo), hi);
    };
    if (step > 0) return [clamp(this.start, 0, 0, length), clamp(this.stop, length, 0, length), step];
    return [clamp(this.start, length - 1, -1, length - 1), clamp(this.stop, -1, -1, length - 1), step];
  }

  /** The indexes this slice picks from a sequence of this length. */
  pick(length: number): number[] {
    const [start, stop, step] = this.indices(length);
    const out: number[] = [];
    if (step > 0) for (let i = start; i < stop; i += step) out.push(i);
    else for (let i = start; i > stop; i += step) out.push(i);
    return out;
  }

  toString(): string {
    return `slice(${[this.start, this.stop, this.step].map((v) => (v === null || v === undefined ? "None" : String(v))).join(", ")})`;
  }
}

/** An error carrying a Python exception name, made before errors.ts is loaded (no import cycle). */
export class PyErrorLike extends Error {
  constructor(pyName: string, message: string) {
    super(message);
    this.name = pyName;
  }
}

export const Ellipsis = Object.freeze({ toString: () => "Ellipsis" });

/** What Python's type(x).__name__ would say, for error messages. */
export function typeName(x: unknown): string {
  if (x === null || x === undefined) return "NoneType";
  switch (typeof x) {
    case "boolean":
      return "bool";
    case "number":
      return Number.isInteger(x) ? "int" : "float";
    case "bigint":
      return "int";
    case "string":
      return "str";
    case "function":
      return isClass(x) || isLayerClass(x) ? "type" : "function";
    case "symbol":
      return "symbol";
  }
  if (x instanceof Packet) return x.spec.name;
  if (x instanceof PacketList) return x.constructor.name;
  // conf is a plain object here; in Scapy it is the instance of Conf.
  if (x === conf) return "Conf";
  if (x instanceof FlagValue) return "FlagValue";
  if (x instanceof PyTuple) return "tuple";
  if (Array.isArray(x)) return "list";
  if (x instanceof Uint8Array) return "bytes";
  if (x instanceof PyRange) return "range";
  if (x instanceof Map || isPlainObject(x)) return "dict";
  if (x instanceof Set) return "set";
  return (x as object).constructor?.name ?? "object";
}

export function isPlainObject(x: unknown): x is Record<string, unknown> {
  if (x === null || typeof x !== "object") return false;
  const proto = Object.getPrototypeOf(x);
  // Objects made in the vm context have that realm's Object.prototype: compare by shape, not identity.
  return proto === null || Object.getPrototypeOf(proto) === null;
}

/** An ES class (called with new), as opposed to a function or a layer callable. */
export function isClass(fn: unknown): fn is new (...args: unknown[]) => unknown {
  return typeof fn === "function" && /^class[\s{]/.test(Function.prototype.toString.call(fn));
}

/** A packetry layer (IP, TCP...): a callable carrying its spec. */
export function isLayerClass(fn: unknown): fn is ((init?: unknown) => Packet) & { spec: Packet["spec"] } {
  return typeof fn === "function" && "spec" in fn && (fn as { spec?: { cls?: unknown } }).spec?.cls === fn;
}

export function isNone(x: unknown): x is null | undefined {
  return x === null || x === undefined;
}
