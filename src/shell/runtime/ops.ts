/**
 * Python's operators over packetry's values: `a/b` stacks packets (and divides numbers),
 * `IP in pkt` asks hasLayer, `pkt[TCP]` is getLayer and `pl[TCP]` a selection, `pkt * 3` a list,
 * `==` compares packets by value, truth is Python's (an empty list is false).
 */
import { FlagValue, Packet, PacketList, Raw, SndRcvList, Volatile } from "../../index.ts";
import { bytesEqual, concatBytes } from "../../core/bytes.ts";
import { pyError } from "./errors.ts";
import { percentFormat } from "./format.ts";
import { repr } from "./repr.ts";
import { isLayerClass, isNone, isPlainObject, namedTuple, PyRange, PySlice, PyTuple, tuple, typeName } from "./types.ts";

type Num = number | bigint;

/** Numbers, booleans and flag values take part in arithmetic as numbers. */
function num(x: unknown): Num | null {
  if (typeof x === "number" || typeof x === "bigint") return x;
  if (typeof x === "boolean") return x ? 1 : 0;
  if (x instanceof FlagValue) return x.value;
  // Scapy's random numbers take part in arithmetic with a fresh value each time.
  if (x instanceof Volatile) {
    const v = x.draw();
    return typeof v === "number" || typeof v === "bigint" ? v : null;
  }
  return null;
}

function unsupported(op: string, a: unknown, b: unknown): Error {
  return pyError("TypeError", `unsupported operand type(s) for ${op}: '${typeName(a)}' and '${typeName(b)}'`);
}

/** Both numbers: as numbers, or as bigints when either is one. */
function arith(a: Num, b: Num, fn: (x: number, y: number) => number, big: (x: bigint, y: bigint) => bigint): Num {
  if (typeof a === "number" && typeof b === "number") return fn(a, b);
  return big(BigInt(a), BigInt(b));
}

export function truth(x: unknown): boolean {
  if (x === null || x === undefined) return false;
  switch (typeof x) {
    case "boolean":
      return x;
    case "number":
      return x !== 0 && !Number.isNaN(x);
    case "bigint":
      return x !== 0n;
    case "string":
      return x.length > 0;
    case "function":
      return true;
  }
  if (x instanceof Packet) return true;
  if (x instanceof FlagValue) return x.value !== 0;
  if (Array.isArray(x) || x instanceof Uint8Array || x instanceof PyRange) return x.length > 0;
  if (x instanceof Map || x instanceof Set) return x.size > 0;
  if (isPlainObject(x)) return Object.keys(x).length > 0;
  return true;
}

export function eq(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (isNone(a) || isNone(b)) return isNone(a) && isNone(b);
  if (a instanceof FlagValue || b instanceof FlagValue) {
    const [f, other] = a instanceof FlagValue ? [a, b] : [b as FlagValue, a];
    if (other instanceof FlagValue) return f.value === other.value;
    try {
      return f.is(other as number | string);
    } catch {
      return false;
    }
  }
  const na = num(a);
  const nb = num(b);
  if (na !== null && nb !== null) return typeof na === typeof nb ? na === nb : BigInt(Math.trunc(Number(na))) === BigInt(Math.trunc(Number(nb))) && Number(na) === Number(nb);
  if (typeof a !== "object" || typeof b !== "object") return false;
  if (a instanceof Packet) return b instanceof Packet && a.equals(b);
  if (a instanceof Uint8Array) return b instanceof Uint8Array && bytesEqual(a, b);
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a instanceof PyTuple !== b instanceof PyTuple && !(a instanceof PacketList || b instanceof PacketList)) return false;
    return a.length === b.length && a.every((x, i) => eq(x, b[i]));
  }
  if (a instanceof Set && b instanceof Set) return a.size === b.size && [...a].every((x) => b.has(x));
  if (isPlainObject(a) && isPlainObject(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && eq(a[k], b[k]));
  }
  if (a instanceof PyRange && b instanceof PyRange) return eq([...a], [...b]);
  return false;
}

export function is(a: unknown, b: unknown): boolean {
  if (isNone(a) || isNone(b)) return isNone(a) && isNone(b);
  return a === b;
}

export function compare(op: "<" | "<=" | ">" | ">=", a: unknown, b: unknown): boolean {
  const c = order(op, a, b);
  switch (op) {
    case "<":
      return c < 0;
    case "<=":
      return c <= 0;
    case ">":
      return c > 0;
    default:
      return c >= 0;
  }
}

function order(op: string, a: unknown, b: unknown): number {
  const na = num(a);
  const nb = num(b);
  if (na !== null && nb !== null) return na < nb ? -1 : na > nb ? 1 : na === nb || Number(na) === Number(nb) ? 0 : NaN;
  if (typeof a === "string" && typeof b === "string") return a < b ? -1 : a > b ? 1 : 0;
  if (a instanceof Uint8Array && b instanceof Uint8Array) return order(op, [...a], [...b]);
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      if (!eq(a[i], b[i])) return order(op, a[i], b[i]);
    }
    return a.length - b.length;
  }
  throw pyError("TypeError", `'${op}' not supported between instances of '${typeName(a)}' and '${typeName(b)}'`);
}

export function contains(container: unknown, item: unknown): boolean {
  if (container instanceof Packet) {
    if (isLayerClass(item) || typeof item === "string") return container.hasLayer(item as never);
    throw pyError("TypeError", `'in <packet>' needs a layer (IP in pkt), not ${typeName(item)}`);
  }
  // Scapy: a flags value holds the names of the flags it has set ("S" in flags; "SA" is not one name).
  if (container instanceof FlagValue) return typeof item === "string" && container.names.some((n, bit) => n === item && (container.value & (2 ** bit)) !== 0);
  if (typeof container === "string") {
    if (typeof item !== "string") throw pyError("TypeError", `'in <string>' requires string as left operand, not ${typeName(item)}`);
    return container.includes(item);
  }
  if (container instanceof Uint8Array) {
    if (typeof item === "number") return container.includes(item);
    if (item instanceof Uint8Array) return indexOfBytes(container, item) >= 0;
    throw pyError("TypeError", `a bytes-like object is required, not '${typeName(item)}'`);
  }
  if (container instanceof Set || container instanceof Map) return container.has(item);
  if (container instanceof PyRange) {
    const n = num(item);
    if (n === null) return false;
    const k = (Number(n) - container.start) / container.step;
    return Number.isInteger(k) && k >= 0 && k < container.length;
  }
  if (isPlainObject(container)) return typeof item === "string" || typeof item === "number" ? Object.prototype.hasOwnProperty.call(container, String(item)) : false;
  if (Array.isArray(container)) return container.some((x) => eq(x, item));
  if (container && typeof container === "object" && Symbol.iterator in container) {
    for (const x of container as Iterable<unknown>) if (eq(x, item)) return true;
    return false;
  }
  throw pyError("TypeError", `argument of type '${typeName(container)}' is not iterable`);
}

export function indexOfBytes(hay: Uint8Array, needle: Uint8Array, from = 0): number {
  outer: for (let i = from; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

// ---------- arithmetic ----------

/** `a/b`: packets stack (Scapy's `/`), numbers divide. */
export function truediv(a: unknown, b: unknown): unknown {
  if (a instanceof Packet) {
    if (b instanceof Packet || typeof b === "string" || b instanceof Uint8Array) return a.div(b);
    throw unsupported("/", a, b);
  }
  if ((typeof a === "string" || a instanceof Uint8Array) && b instanceof Packet) return Raw({ load: a }).div(b);
  const na = num(a);
  const nb = num(b);
  if (na === null || nb === null) throw unsupported("/", a, b);
  if (Number(nb) === 0) throw pyError("ZeroDivisionError", "division by zero");
  return Number(na) / Number(nb);
}

export function floordiv(a: unknown, b: unknown): unknown {
  const na = num(a);
  const nb = num(b);
  if (na === null || nb === null) throw unsupported("//", a, b);
  if (Number(nb) === 0) throw pyError("ZeroDivisionError", "integer division or modulo by zero");
  return arith(na, nb, (x, y) => Math.floor(x / y), (x, y) => {
    const q = x / y;
    return (x % y !== 0n && (x < 0n) !== (y < 0n)) ? q - 1n : q;
  });
}

export function mod(a: unknown, b: unknown): unknown {
  if (typeof a === "string") return percentFormat(a, b);
  const na = num(a);
  const nb = num(b);
  if (na === null || nb === null) throw unsupported("%", a, b);
  if (Number(nb) === 0) throw pyError("ZeroDivisionError", "integer division or modulo by zero");
  return arith(na, nb, (x, y) => ((x % y) + y) % y, (x, y) => ((x % y) + y) % y);
}

export function add(a: unknown, b: unknown): unknown {
  const na = num(a);
  const nb = num(b);
  if (na !== null && nb !== null) return arith(na, nb, (x, y) => x + y, (x, y) => x + y);
  if (typeof a === "string") {
    if (typeof b !== "string") throw pyError("TypeError", `can only concatenate str (not "${typeName(b)}") to str`);
    return a + b;
  }
  if (a instanceof Uint8Array && b instanceof Uint8Array) return concatBytes([a, b]);
  if (a instanceof PacketList && Array.isArray(b)) return a.plus(b as never);
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a instanceof PyTuple !== b instanceof PyTuple) throw pyError("TypeError", `can only concatenate ${typeName(a)} (not "${typeName(b)}") to ${typeName(a)}`);
    return a instanceof PyTuple ? tuple([...a, ...b]) : [...a, ...b];
  }
  throw unsupported("+", a, b);
}

export function sub(a: unknown, b: unknown): unknown {
  const na = num(a);
  const nb = num(b);
  if (na !== null && nb !== null) return arith(na, nb, (x, y) => x - y, (x, y) => x - y);
  if (a instanceof Set && b instanceof Set) return new Set([...a].filter((x) => !b.has(x)));
  throw unsupported("-", a, b);
}

export function mul(a: unknown, b: unknown): unknown {
  const na = num(a);
  const nb = num(b);
  if (na !== null && nb !== null) return arith(na, nb, (x, y) => x * y, (x, y) => x * y);
  const [seq, times] = nb !== null && na === null ? [a, Number(nb)] : [b, Number(na)];
  if (na === null && nb === null) throw unsupported("*", a, b);
  if (!Number.isInteger(times)) throw pyError("TypeError", `can't multiply sequence by non-int of type '${typeName(nb !== null ? b : a)}'`);
  const n = Math.max(0, times);
  if (typeof seq === "string") return seq.repeat(n);
  // Scapy: pkt * 3 is a list holding the packet three times.
  if (seq instanceof Packet) return Array.from({ length: n }, () => seq);
  if (seq instanceof Uint8Array) return concatBytes(Array.from({ length: n }, () => seq));
  if (Array.isArray(seq)) {
    const out = Array.from({ length: n }, () => seq).flat();
    return seq instanceof PyTuple ? tuple(out) : out;
  }
  throw unsupported("*", a, b);
}

export function pow(a: unknown, b: unknown): unknown {
  const na = num(a);
  const nb = num(b);
  if (na === null || nb === null) throw unsupported("** or pow()", a, b);
  if (typeof na === "number" && typeof nb === "number") {
    const r = na ** nb;
    return Number.isInteger(na) && Number.isInteger(nb) && nb >= 0 && !Number.isSafeInteger(r) ? BigInt(na) ** BigInt(nb) : r;
  }
  return BigInt(na) ** BigInt(nb);
}

/** Bitwise operators over Python's unbounded integers (JavaScript's are 32-bit). */
function bitwise(op: string, a: unknown, b: unknown, fn: (x: bigint, y: bigint) => bigint): unknown {
  const na = num(a);
  const nb = num(b);
  if (na === null || nb === null || !Number.isInteger(Number(na)) || !Number.isInteger(Number(nb))) throw unsupported(op, a, b);
  const r = fn(BigInt(na), BigInt(nb));
  const n = Number(r);
  return typeof na === "bigint" || typeof nb === "bigint" || !Number.isSafeInteger(n) ? (Number.isSafeInteger(n) ? n : r) : n;
}

export const lshift = (a: unknown, b: unknown) => bitwise("<<", a, b, (x, y) => x << y);
export const rshift = (a: unknown, b: unknown) => bitwise(">>", a, b, (x, y) => x >> y);

export function and(a: unknown, b: unknown): unknown {
  if (a instanceof Set && b instanceof Set) return new Set([...a].filter((x) => b.has(x)));
  return bitwise("&", a, b, (x, y) => x & y);
}

export function or(a: unknown, b: unknown): unknown {
  if (a instanceof Set && b instanceof Set) return new Set([...a, ...b]);
  if (isPlainObject(a) && isPlainObject(b)) return { ...a, ...b };
  return bitwise("|", a, b, (x, y) => x | y);
}

export function xor(a: unknown, b: unknown): unknown {
  if (a instanceof Set && b instanceof Set) return new Set([...[...a].filter((x) => !b.has(x)), ...[...b].filter((x) => !a.has(x))]);
  return bitwise("^", a, b, (x, y) => x ^ y);
}

export function matmul(a: unknown, b: unknown): never {
  throw unsupported("@", a, b);
}

export function neg(a: unknown): unknown {
  const n = num(a);
  if (n === null) throw pyError("TypeError", `bad operand type for unary -: '${typeName(a)}'`);
  return -n;
}

export function pos(a: unknown): unknown {
  const n = num(a);
  if (n === null) throw pyError("TypeError", `bad operand type for unary +: '${typeName(a)}'`);
  return n;
}

export function invert(a: unknown): unknown {
  const n = num(a);
  if (n === null || !Number.isInteger(Number(n))) throw pyError("TypeError", `bad operand type for unary ~: '${typeName(a)}'`);
  return typeof n === "bigint" ? ~n : -n - 1;
}

const BINARY: Record<string, (a: unknown, b: unknown) => unknown> = {
  "+": add, "-": sub, "*": mul, "/": truediv, "//": floordiv, "%": mod, "**": pow,
  "<<": lshift, ">>": rshift, "&": and, "|": or, "^": xor, "@": matmul,
};

/** `a op= b`: lists grow in place (as Python's +=), everything else is `a = a op b`. */
export function inplace(op: string, a: unknown, b: unknown): unknown {
  if (op === "+" && Array.isArray(a) && !(a instanceof PyTuple)) {
    for (const x of iter(b)) a.push(x);
    return a;
  }
  return BINARY[op]!(a, b);
}

// ---------- iteration ----------

/** What `for x in obj` walks: a dict's keys, a string's characters, bytes as numbers... */
export function iter(x: unknown): Iterable<unknown> {
  if (Array.isArray(x) || typeof x === "string") return x as Iterable<unknown>;
  if (x && typeof x === "object") {
    if (isPlainObject(x)) return Object.keys(x);
    if (x instanceof Map) return x.keys();
    if (Symbol.iterator in x) return x as Iterable<unknown>;
  }
  throw pyError("TypeError", `'${typeName(x)}' object is not iterable`);
}

/** `a, b = value`: exactly n items, or a list for the starred one. */
export function unpack(value: unknown, n: number, star: number): unknown[] {
  const items = [...iter(value)];
  if (star < 0) {
    if (items.length > n) throw pyError("ValueError", `too many values to unpack (expected ${n})`);
    if (items.length < n) throw pyError("ValueError", `not enough values to unpack (expected ${n}, got ${items.length})`);
    return items;
  }
  if (items.length < n - 1) throw pyError("ValueError", `not enough values to unpack (expected at least ${n - 1}, got ${items.length})`);
  const after = n - 1 - star;
  return [...items.slice(0, star), items.slice(star, items.length - after), ...items.slice(items.length - after)];
}

// ---------- items ----------

export function slice(start: unknown, stop: unknown, step: unknown): PySlice {
  return new PySlice(start, stop, step);
}

function index(i: unknown, length: number, what: string): number {
  const n = num(i);
  if (n === null || !Number.isInteger(Number(n))) throw pyError("TypeError", `${what} indices must be integers or slices, not ${typeName(i)}`);
  const k = Number(n) < 0 ? Number(n) + length : Number(n);
  if (k < 0 || k >= length) throw pyError("IndexError", `${what} index out of range`);
  return k;
}

export function getitem(x: unknown, key: unknown): unknown {
  if (x instanceof Packet) return packetItem(x, key);
  if (x instanceof PacketList) {
    if (isLayerClass(key) || typeof key === "string") return x.select(key as never);
    if (key instanceof PySlice) {
      const picked = key.pick(x.length);
      const [start, stop, step] = key.indices(x.length);
      return step === 1 ? x.slice(start, Math.max(start, stop)) : x.filter((_, i) => picked.includes(i));
    }
    const item = x[index(key, x.length, "list")];
    // Scapy's results hold QueryAnswer(query=..., answer=...) named tuples.
    return x instanceof SndRcvList && Array.isArray(item) ? namedTuple("QueryAnswer", ["query", "answer"], item) : item;
  }
  if (typeof x === "string") {
    if (key instanceof PySlice) return key.pick(x.length).map((i) => x[i]).join("");
    return x[index(key, x.length, "string")];
  }
  if (x instanceof Uint8Array) {
    if (key instanceof PySlice) return Uint8Array.from(key.pick(x.length), (i) => x[i]!);
    return x[index(key, x.length, "index")];
  }
  if (Array.isArray(x)) {
    if (key instanceof PySlice) {
      const items = key.pick(x.length).map((i) => x[i]);
      return x instanceof PyTuple ? tuple(items) : items;
    }
    return x[index(key, x.length, x instanceof PyTuple ? "tuple" : "list")];
  }
  if (x instanceof PyRange) {
    if (key instanceof PySlice) return key.pick(x.length).map((i) => x.at(i));
    return x.at(index(key, x.length, "range object"));
  }
  if (x instanceof Map) {
    if (!x.has(key)) throw pyError("KeyError", repr(key));
    return x.get(key);
  }
  if (isPlainObject(x)) {
    const k = String(key);
    if (!Object.prototype.hasOwnProperty.call(x, k)) throw pyError("KeyError", repr(key));
    return x[k];
  }
  throw pyError("TypeError", `'${typeName(x)}' object is not subscriptable`);
}

/** pkt[IP], pkt["IP"], pkt[IP:2] (the second IP), pkt[1] (the second layer). */
function packetItem(p: Packet, key: unknown): Packet {
  let layer: unknown = key;
  let nb = 1;
  if (key instanceof PySlice) {
    layer = key.start;
    nb = key.stop === null || key.stop === undefined ? 1 : Number(key.stop);
  }
  if (typeof layer === "number") {
    let q: Packet | null = p;
    for (let i = 0; i < layer && q; i++) q = q.payload;
    if (!q || layer < 0) throw pyError("IndexError", `Layer [${layer}] not found`);
    return q;
  }
  if (!isLayerClass(layer) && typeof layer !== "string") throw pyError("TypeError", `a packet is indexed by a layer (pkt[IP]) or a number, not ${typeName(layer)}`);
  const found = p.getLayer(layer as never, nb);
  if (!found) throw pyError("IndexError", `Layer [${typeof layer === "string" ? layer : layer.name}] not found`);
  return found as Packet;
}

export function setitem(x: unknown, key: unknown, value: unknown): void {
  if (Array.isArray(x)) {
    if (x instanceof PyTuple) throw pyError("TypeError", "'tuple' object does not support item assignment");
    if (key instanceof PySlice) {
      const [start, stop] = key.indices(x.length);
      x.splice(start, Math.max(0, stop - start), ...iter(value));
      return;
    }
    x[index(key, x.length, "list assignment")] = value;
    return;
  }
  if (x instanceof Map) {
    x.set(key, value);
    return;
  }
  if (isPlainObject(x)) {
    x[String(key)] = value;
    return;
  }
  if (x instanceof Packet) throw pyError("TypeError", "a packet's layers cannot be assigned by index: set fields (pkt[IP].ttl = 3) or build a new packet");
  throw pyError("TypeError", `'${typeName(x)}' object does not support item assignment`);
}

export function delitem(x: unknown, key: unknown): void {
  if (Array.isArray(x) && !(x instanceof PyTuple)) {
    if (key instanceof PySlice) {
      const drop = new Set(key.pick(x.length));
      const kept = x.filter((_, i) => !drop.has(i));
      x.length = 0;
      x.push(...kept);
      return;
    }
    x.splice(index(key, x.length, "list assignment"), 1);
    return;
  }
  if (x instanceof Map) {
    if (!x.delete(key)) throw pyError("KeyError", repr(key));
    return;
  }
  if (isPlainObject(x)) {
    const k = String(key);
    if (!(k in x)) throw pyError("KeyError", repr(key));
    delete x[k];
    return;
  }
  throw pyError("TypeError", `'${typeName(x)}' object doesn't support item deletion`);
}
