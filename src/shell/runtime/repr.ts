/**
 * repr() and str() with Python's and Scapy's looks: packets print their repr (`<IP  dst=... |>`)
 * when echoed and their summary with print(), a PacketList is `<Sniffed: TCP:0 UDP:1 ...>`, a
 * string is quoted when echoed and plain when printed, None is None.
 */
import { inspect } from "node:util";
import { conf, FlagValue, Packet, PacketList, Volatile } from "../../index.ts";
import { pyBytesRepr, pyStrRepr } from "../../core/bytes.ts";
import { pyMessage, pyName } from "./errors.ts";
import { isClass, isLayerClass, isPlainObject, PyNamedTuple, PyRange, PySlice, PyTuple } from "./types.ts";

export function repr(x: unknown, seen: Set<unknown> = new Set()): string {
  if (x === null || x === undefined) return "None";
  switch (typeof x) {
    case "boolean":
      return x ? "True" : "False";
    case "number":
      return numberRepr(x);
    case "bigint":
      return String(x);
    case "string":
      return pyStrRepr(x);
    case "function":
      return functionRepr(x);
    case "symbol":
      return String(x);
  }
  if (x instanceof Uint8Array) return pyBytesRepr(x);
  if (x instanceof Packet || x instanceof PacketList || x instanceof FlagValue) return x instanceof FlagValue ? x.repr() : x.toString();
  if (seen.has(x)) return Array.isArray(x) ? "[...]" : "{...}";
  seen.add(x);
  try {
    if (x instanceof PyNamedTuple) return `${x.typename}(${x.map((v, i) => `${x.fields[i]}=${repr(v, seen)}`).join(", ")})`;
    if (x instanceof PyTuple) return x.length === 1 ? `(${repr(x[0], seen)},)` : `(${x.map((v) => repr(v, seen)).join(", ")})`;
    if (Array.isArray(x)) return `[${x.map((v) => repr(v, seen)).join(", ")}]`;
    if (x instanceof Set) return x.size ? `{${[...x].map((v) => repr(v, seen)).join(", ")}}` : "set()";
    if (x instanceof Map) return `{${[...x].map(([k, v]) => `${repr(k, seen)}: ${repr(v, seen)}`).join(", ")}}`;
    if (x === conf) return confRepr();
    if (isPlainObject(x)) return `{${Object.entries(x).map(([k, v]) => `${pyStrRepr(k)}: ${repr(v, seen)}`).join(", ")}}`;
    if (x instanceof PyRange || x instanceof PySlice) return x.toString();
    if (isError(x)) return `${pyName(x)}(${pyStrRepr(pyMessage(x))})`;
    if (typeof (x as { then?: unknown }).then === "function") return "<pending promise>";
    // Objects with a Python repr of their own (Net("10.0.0.0/24")) give it.
    if (typeof (x as { repr?: unknown }).repr === "function") return String((x as { repr(): unknown }).repr());
    // Objects that print themselves (conf.route, a RouteTable...) do so; others as Python's <X object>.
    const own = (x as { toString?: unknown }).toString;
    if (typeof own === "function" && own !== Object.prototype.toString && !/^\[object /.test(String(x))) return String(x);
    if (Symbol.for("nodejs.util.inspect.custom") in (x as object)) return inspect(x, { depth: 2, colors: false });
    const name = (x as object).constructor?.name;
    return name && name !== "Object" ? `<${name} object>` : inspect(x, { depth: 2, colors: false });
  } finally {
    seen.delete(x);
  }
}

/** str(): what print() writes. */
export function str(x: unknown): string {
  if (typeof x === "string") return x;
  if (x instanceof Packet) return x.summary();
  if (x instanceof FlagValue) return x.toString();
  if (isError(x)) return pyMessage(x);
  // Scapy: str() of a random value is a drawn value, its repr the class (<RandShort>).
  if (x instanceof Volatile) return str(x.draw());
  // An object with a repr() of its own prints as its text (str(Net(...)) is its first address, as Scapy's).
  if (typeof x === "object" && x !== null && typeof (x as { repr?: unknown }).repr === "function") return String(x);
  return repr(x);
}

function numberRepr(n: number): string {
  if (Number.isNaN(n)) return "nan";
  if (n === Infinity) return "inf";
  if (n === -Infinity) return "-inf";
  if (Object.is(n, -0)) return "-0.0";
  const s = String(n);
  // Python writes 1e+16 and above in exponent form as JavaScript does from 1e21: keep JavaScript's.
  return s;
}

function functionRepr(fn: Function): string {
  if (isLayerClass(fn)) return `<class 'packetry.${fn.name}'>`;
  if ((fn as { pyClass?: boolean }).pyClass) return `<class '${fn.name}'>`;
  if (isClass(fn)) return `<class '${fn.name}'>`;
  const name = (fn as { pyName?: string }).pyName ?? fn.name;
  return name ? `<function ${name}>` : "<function>";
}

/** Scapy prints conf as `name = value` lines. */
function confRepr(): string {
  const keys = Object.keys(conf).filter((k) => k !== "resolvers").sort((a, b) => a.localeCompare(b));
  return keys
    .map((k) => {
      let v: unknown;
      try {
        v = conf[k];
      } catch (e) {
        v = `<${e instanceof Error ? e.message : String(e)}>`;
      }
      const text = v !== null && typeof v === "object" && !Array.isArray(v) ? `<${v.constructor?.name ?? "object"}>` : repr(v);
      return `${k.padEnd(15)} = ${text.split("\n")[0]}`;
    })
    .join("\n");
}

/** An error from any realm (errors thrown in the vm context are not this realm's Error). */
function isError(x: unknown): x is Error {
  return x instanceof Error || Object.prototype.toString.call(x) === "[object Error]";
}
