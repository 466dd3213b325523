/**
 * Calls with Python's keyword arguments. A layer's keywords are its field values
 * (`IP(dst="x", ttl=3)` is `IP({dst: "x", ttl: 3})`); a function's keywords go to the parameter
 * of that name, the rest (snake_case turned camelCase) into its options object
 * (`srp(p, iface="eth0", timeout=3)` is `srp(p, {iface: "eth0", timeout: 3})`). Parameter names
 * are read from the function's own source once. Functions written in the shell carry their
 * Python signature.
 */
import { homedir } from "node:os";
import { parseExpressionAt, type Node, type Pattern } from "acorn";
import { Packet } from "../../index.ts";
import { range } from "../../core/values.ts";
import { utf8 } from "../../core/bytes.ts";
import { KEYWORD_NAMES } from "../../core/options.ts";
import { pyError } from "./errors.ts";
import { isClass, isLayerClass, isPlainObject, PyRange, PyTuple, tuple, typeName } from "./types.ts";

export const META: unique symbol = Symbol("packetry.shell.signature");

/** A Python signature: what `def` and the builtins carry. */
export interface Signature {
  params: string[];
  /** Defaults of the last parameters. */
  defaults: unknown[];
  varargs: string | null;
  /** Parameters after *args: given by keyword only (print's sep and end), with their defaults. */
  kwonly?: Array<[name: string, dflt: unknown]>;
  kwargs: string | null;
}

export interface Meta extends Signature {
  name: string;
  async: boolean;
  /** Takes `self` first (a builtin method of str, list, dict...). */
  method: boolean;
  impl: (...args: unknown[]) => unknown;
}

export type Callable = ((...args: unknown[]) => unknown) & { [META]?: Meta };
type Kwargs = Record<string, unknown> | undefined;

/** A function made by `def` or `lambda`: called from Python with keywords, from JavaScript with plain arguments. */
export function def(name: string, sig: Signature, async: boolean, impl: (...args: unknown[]) => unknown): Callable {
  const meta: Meta = { ...sig, name, async, method: false, impl };
  const fn = {
    [name]: function (this: unknown, ...args: unknown[]) {
      return invoke(meta, this, args, undefined, true);
    },
  }[name] as Callable;
  fn[META] = meta;
  Object.defineProperty(fn, "pyName", { value: name });
  // Its arity as a JavaScript function's: the library calls Scapy's callbacks by it (a 1-argument make_table lambda on results gets the pair).
  Object.defineProperty(fn, "length", { value: sig.params.length });
  return fn;
}

/** A builtin with a Python signature given as text: `builtin("split", "sep=None, maxsplit=-1", fn)`. */
export function builtin(name: string, signature: string, impl: (...args: never[]) => unknown, method = false): Callable {
  const sig = parseSignature(signature);
  const meta: Meta = { ...sig, name, async: false, method, impl: impl as (...args: unknown[]) => unknown };
  const fn = {
    [name]: function (this: unknown, ...args: unknown[]) {
      return invoke(meta, this, args, undefined, !method);
    },
  }[name] as Callable;
  fn[META] = meta;
  return fn;
}

function parseSignature(text: string): Signature {
  const sig: Signature = { params: [], defaults: [], varargs: null, kwargs: null };
  for (const raw of text.split(",").map((s) => s.trim()).filter(Boolean)) {
    if (raw.startsWith("**")) sig.kwargs = raw.slice(2);
    else if (raw.startsWith("*")) sig.varargs = raw.slice(1);
    else {
      const [name, text] = raw.split("=").map((s) => s.trim());
      const dflt = text === undefined ? undefined : text === "None" ? null : text === "True" ? true : text === "False" ? false : /^-?\d/.test(text) ? Number(text) : text.replace(/^'|'$/g, "").replace(/\\n/g, "\n");
      if (sig.varargs) (sig.kwonly ??= []).push([name!, dflt]);
      else {
        sig.params.push(name!);
        if (text !== undefined) sig.defaults.push(dflt);
      }
    }
  }
  return sig;
}

/** Binds Python's arguments to a Python signature and runs it. */
function invoke(meta: Meta, self: unknown, args: unknown[], kw: Kwargs, fromJs: boolean): unknown {
  const np = meta.params.length;
  // Scapy's lambda_tuple_converter: a function of several arguments given one tuple takes it apart.
  if (fromJs && args.length === 1 && np - meta.defaults.length >= 2 && Array.isArray(args[0])) args = [...(args[0] as unknown[])];
  const out = new Array<unknown>(np);
  const given = new Array<boolean>(np).fill(false);
  let extra: unknown[] = [];
  args.forEach((a, i) => {
    if (i < np) {
      out[i] = a;
      given[i] = true;
    } else extra.push(a);
  });
  if (extra.length && !meta.varargs) {
    if (fromJs) extra = [];
    else {
      const takes = np === 1 ? "1 positional argument" : `${np} positional arguments`;
      throw pyError("TypeError", `${meta.name}() takes ${takes} but ${args.length} ${args.length === 1 ? "was" : "were"} given`);
    }
  }
  const extraKw: Record<string, unknown> = {};
  const kwonly = meta.kwonly?.map(([, d]) => d) ?? [];
  for (const [k, v] of Object.entries(kw ?? {})) {
    const i = meta.params.indexOf(k);
    const j = meta.kwonly?.findIndex(([n]) => n === k) ?? -1;
    if (j >= 0) kwonly[j] = v;
    else if (i >= 0) {
      if (given[i]) throw pyError("TypeError", `${meta.name}() got multiple values for argument '${k}'`);
      out[i] = v;
      given[i] = true;
    } else if (meta.kwargs) extraKw[k] = v;
    else throw pyError("TypeError", `${meta.name}() got an unexpected keyword argument '${k}'`);
  }
  const firstDefault = np - meta.defaults.length;
  const missing: string[] = [];
  for (let i = 0; i < np; i++) {
    if (given[i]) continue;
    if (i >= firstDefault) out[i] = meta.defaults[i - firstDefault];
    else missing.push(meta.params[i]!);
  }
  if (missing.length) {
    const names = missing.map((m) => `'${m}'`);
    const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
    throw pyError("TypeError", `${meta.name}() missing ${missing.length} required positional argument${missing.length > 1 ? "s" : ""}: ${list}`);
  }
  if (meta.varargs) out.push(tuple(extra), ...kwonly);
  if (meta.kwargs) out.push(extraKw);
  return meta.method ? meta.impl(self, ...out) : meta.impl.apply(self, out);
}

/** Bound methods handed out by attribute reads: they remember their function for keyword calls. */
const bound = new WeakMap<object, { fn: Callable; self: unknown }>();

export function bindMethod(fn: Callable, self: unknown): Callable {
  const b = fn[META]?.method ? ((...args: unknown[]) => invoke(fn[META]!, self, args, undefined, false)) : (fn.bind(self) as Callable);
  bound.set(b, { fn, self });
  if (fn[META]) Object.defineProperty(b, "pyName", { value: fn[META]!.name });
  return b;
}

/** `f(*args, **kw)` from Python. */
export function call(fn: unknown, args: unknown[], kw?: Kwargs): unknown {
  if (typeof fn !== "function") throw pyError("TypeError", `'${typeName(fn)}' object is not callable`);
  const b = bound.get(fn);
  if (b) return callWith(b.fn, b.self, args, kw);
  return callWith(fn as Callable, undefined, args, kw);
}

/**
 * Functions whose first argument is a file path: a leading `~` means the home directory there
 * (the workshop reads `rdpcap("~/pkts/dhcp.pcap")`).
 */
export const pathArguments: { functions: WeakSet<Function>; methods: Set<string> } = {
  functions: new WeakSet(),
  methods: new Set(["pdfdump", "psdump", "svgdump"]),
};

export function expandHome(args: unknown[]): unknown[] {
  const first = args[0];
  if (typeof first !== "string" || !/^~(\/|$)/.test(first)) return args;
  return [homedir() + first.slice(1), ...args.slice(1)];
}

/** Functions that return Python tuples as arrays (sr's (ans, unans)): their results print as tuples. */
export const tupleResults = new WeakSet<Function>();

export function callWith(fn: Callable, self: unknown, args: unknown[], kw: Kwargs): unknown {
  if (pathArguments.functions.has(fn)) args = expandHome(args);
  const meta = fn[META];
  if (meta) return invoke(meta, self, args, kw, false);
  if (isLayerClass(fn)) return callLayer(fn, args, kw);
  if (isClass(fn)) return new fn(...mapArguments(fn, args, kw));
  const result = fn.apply(self, mapArguments(fn, args, kw));
  if (!tupleResults.has(fn)) return result;
  const toTuple = (r: unknown) => (Array.isArray(r) ? tuple(r) : r);
  return result instanceof Promise ? result.then(toTuple) : toTuple(result);
}

/** `IP(dst="x")`, `Ether(b"...")`, `IP({"dst": "x"})` (JavaScript's form), `IP(b"...", ttl=3)`. */
function callLayer(cls: ((init?: unknown) => Packet) & { spec: Packet["spec"] }, args: unknown[], kw: Kwargs): Packet {
  if (args.length > 1) throw pyError("TypeError", `${cls.name}() takes the bytes to dissect as its only positional argument; give fields as keywords (${cls.name}(${cls.spec.layout.fields[0]?.name ?? "field"}=...))`);
  const fields = kw && Object.keys(kw).length ? fieldValues(cls, kw) : undefined;
  if (args.length === 0) return cls(fields);
  let first = args[0];
  if (typeof first === "string") first = utf8(first);
  if (first instanceof Packet) first = first.build();
  if (first instanceof Uint8Array) {
    const p = cls(first);
    for (const [k, v] of Object.entries(fields ?? {})) p.setFieldValue(k, v);
    return p;
  }
  if (isPlainObject(first)) return cls({ ...fieldValues(cls, first), ...fields });
  if (first === null || first === undefined) return cls(fields);
  return cls(first);
}

/** Keyword values as fields take them: Scapy's `(low, high)` tuple is an inclusive range, a Python range its values. */
function fieldValues(cls: { spec: Packet["spec"] }, values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values)) {
    const i = cls.spec.layout.fieldIndex.get(k);
    const f = i === undefined ? undefined : cls.spec.layout.fields[i];
    if (v instanceof PyRange) out[k] = [...v];
    else if (f && !f.isList && v instanceof PyTuple && v.length === 2 && typeof v[0] === "number" && typeof v[1] === "number") out[k] = range(v[0], v[1]);
    else out[k] = v;
  }
  return out;
}

// ---------- keyword arguments for JavaScript functions ----------

interface ParamInfo {
  name: string | null;
  rest: boolean;
  /** An options object: destructured, or defaulting to {}, or named so. */
  options: boolean;
}

const OPTION_NAMES = /^(options|opts|init|config|settings|params|kwargs|o)$/i;
const paramCache = new WeakMap<Function, ParamInfo[] | null>();

/** Scapy's positional parameters where packetry takes an options object (pl.summary(lambda ...), sniff(10)). */
const SCAPY_POSITIONAL: Record<string, string[]> = {
  summary: ["prn", "lfilter"],
  nsummary: ["prn", "lfilter"],
  show: ["prn", "lfilter"],
  sniff: ["count", "store", "offline", "quiet", "prn", "lfilter"],
};

export function snakeToCamel(name: string): string {
  return name.replace(/(?<=[A-Za-z0-9])_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** The parameters of a JavaScript function, from its source (null for native code). */
export function paramsOf(fn: Function): ParamInfo[] | null {
  if (paramCache.has(fn)) return paramCache.get(fn)!;
  let result: ParamInfo[] | null = null;
  const src = Function.prototype.toString.call(fn);
  if (!/\[native code\]\s*\}\s*$/.test(src)) {
    const node = parseFunction(src);
    if (node) result = node.map(paramInfo);
  }
  paramCache.set(fn, result);
  return result;
}

function parseFunction(src: string): Pattern[] | null {
  const attempts = [`(${src})`, `({${src}})`];
  for (const code of attempts) {
    try {
      const e = parseExpressionAt(code, 0, { ecmaVersion: "latest" }) as Node & Record<string, unknown>;
      const fn = findFunction(e);
      if (fn) return fn;
    } catch {
      // next form
    }
  }
  return null;
}

function findFunction(e: Node & Record<string, unknown>): Pattern[] | null {
  if (e.type === "FunctionExpression" || e.type === "ArrowFunctionExpression") return e.params as Pattern[];
  if (e.type === "ObjectExpression") {
    const prop = (e.properties as Array<Record<string, unknown>>)[0];
    const value = prop?.value as (Node & Record<string, unknown>) | undefined;
    return value ? findFunction(value) : null;
  }
  if (e.type === "ClassExpression") {
    const body = (e.body as { body: Array<Record<string, unknown>> }).body;
    const ctor = body.find((m) => m.kind === "constructor");
    return ctor ? findFunction(ctor.value as Node & Record<string, unknown>) : null;
  }
  return null;
}

function paramInfo(p: Pattern): ParamInfo {
  if (p.type === "Identifier") return { name: p.name, rest: false, options: OPTION_NAMES.test(p.name) };
  if (p.type === "RestElement") return { name: p.argument.type === "Identifier" ? p.argument.name : null, rest: true, options: false };
  if (p.type === "AssignmentPattern") {
    const left = paramInfo(p.left);
    return { ...left, options: left.options || p.right.type === "ObjectExpression" };
  }
  if (p.type === "ObjectPattern") return { name: null, rest: false, options: true };
  return { name: null, rest: false, options: false };
}

/**
 * The shell's Ctrl-C: functions registered here (sr, sniff...), or marked by the library as
 * interruptible (live/interruptible.ts), get `signal` in their options unless the call gives
 * one, so an interrupt ends the wait and returns what came so far.
 */
export const interrupt: { signal: AbortSignal | null; aware: WeakSet<Function> } = { signal: null, aware: new WeakSet() };

/** Positional arguments for a JavaScript function, keywords placed by name or gathered into its options. */
export function mapArguments(fn: Function, args: unknown[], kw: Kwargs): unknown[] {
  const params = paramsOf(fn);
  const optionsAt = params ? lastOptionsIndex(params) : -1;
  const out = [...args];
  const aware = interrupt.aware.has(fn) || Symbol.for("packetry.interruptible") in fn;
  if (interrupt.signal && optionsAt >= 0 && aware && (out[optionsAt] === undefined || isPlainObject(out[optionsAt]))) {
    out[optionsAt] = { signal: interrupt.signal, ...(out[optionsAt] as object | undefined) };
  }
  if (optionsAt >= 0 && out.length > optionsAt && !isPlainObject(out[optionsAt]) && out[optionsAt] !== undefined) {
    const names = SCAPY_POSITIONAL[fn.name];
    if (names) {
      const opts: Record<string, unknown> = {};
      out.splice(optionsAt).forEach((v, i) => {
        if (i < names.length) opts[snakeToCamel(names[i]!)] = v;
      });
      out[optionsAt] = opts;
    }
  }
  if (!kw || Object.keys(kw).length === 0) return out;
  const leftover: Record<string, unknown> = {};
  const typed: Record<string, string> = {};
  for (const [k, v] of Object.entries(kw)) {
    const camel = snakeToCamel(k);
    const i = params ? params.findIndex((p, j) => !p.rest && j !== optionsAt && p.name !== null && (p.name === k || p.name === camel)) : -1;
    if (i >= 0) {
      if (i < args.length) throw pyError("TypeError", `${fn.name || "function"}() got multiple values for argument '${k}'`);
      out[i] = v;
    } else {
      leftover[camel] = v;
      typed[camel] = k;
    }
  }
  if (Object.keys(leftover).length) {
    if (params && optionsAt < 0) {
      const k = Object.keys(kw).find((key) => snakeToCamel(key) in leftover)!;
      throw pyError("TypeError", `${fn.name || "function"}() got an unexpected keyword argument '${k}'`);
    }
    const at = optionsAt >= 0 ? optionsAt : out.length;
    const given = out[at];
    out[at] = isPlainObject(given) ? { ...given, ...leftover } : leftover;
    // The names as typed, for the library's messages about options (core/options.ts).
    Object.defineProperty(out[at], KEYWORD_NAMES, { value: typed });
  }
  for (let i = 0; i < out.length; i++) if (!(i in out)) out[i] = undefined;
  return out;
}

function lastOptionsIndex(params: ParamInfo[]): number {
  for (let i = params.length - 1; i >= 0; i--) {
    if (params[i]!.rest) continue;
    return params[i]!.options ? i : -1;
  }
  return -1;
}

export function metaOf(fn: unknown): Meta | undefined {
  return typeof fn === "function" ? (fn as Callable)[META] : undefined;
}
