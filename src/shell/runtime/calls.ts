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

// ---------- classes written in the shell ----------

/** The function a method def runs, with self first (what `Base.method(self, ...)` and __init__ call). */
const RAW: unique symbol = Symbol("packetry.shell.method");

/**
 * A def in a class body: a function whose `this` is Python's self (what the library's classes
 * call, `this.make_reply(p)`), with the def's signature less self for keyword calls.
 */
export function method(name: string, sig: Signature, async: boolean, impl: (...args: unknown[]) => unknown): Callable {
  if (sig.params.length === 0 && !sig.varargs) throw pyError("TypeError", `${name}() is defined in a class: it takes self first`);
  const params = sig.params.slice(1);
  const defaults = sig.defaults.slice(Math.max(0, sig.defaults.length - params.length));
  const fn = def(name, { ...sig, params, defaults }, async, function (this: unknown, ...out: unknown[]) {
    return impl.call(undefined, this, ...out);
  });
  Object.defineProperty(fn, RAW, { value: (self: unknown, args: unknown[], kw: Kwargs) => invoke(fn[META]!, self, args, kw, false) });
  // What it runs, for readers of a function's code (Automaton.graph() finds transitions there).
  Object.defineProperty(fn, Symbol.for("packetry.source"), { value: Function.prototype.toString.call(impl) });
  return fn;
}

/** Library hooks that get their options as a last plain object (Automaton.parse_args, AnsweringMachine.parse_options): a def there takes them as keywords. */
const OPTION_HOOKS = new Set(["parse_args", "parse_options"]);

/** `Cls.method` read off a class: the method unbound, called with self first (`Automaton.parse_args(self, **kargs)`). */
export function unboundMethod(cls: { prototype: Record<string, unknown> }, name: string): Callable | undefined {
  const f = cls.prototype[name];
  if (typeof f !== "function" || isClass(f)) return undefined;
  return def(name, { params: ["self"], defaults: [], varargs: "args", kwargs: "kw" }, false, (self: unknown, args: unknown, kw: unknown) => {
    const positional = [...(args as unknown[])];
    const keywords = kw as Record<string, unknown>;
    if ((f as Callable)[META]) return callWith(f as Callable, self, positional, keywords);
    return (f as Function).apply(self, Object.keys(keywords).length ? [...positional, keywords] : positional);
  });
}

/**
 * `class Name(Base): ...`: a JavaScript class extending Base (or a plain one) with the body's
 * defs as its methods and its other names as class attributes (on the class and its instances,
 * as Python's). Calling it with keywords gives them to Base's constructor as its options object
 * (`TCP_client(...)`, `DHCP_am(pool=...)`), or to __init__ when the class has one.
 */
export function pyclass(name: string, bases: unknown[], ns: Record<string, unknown>): Callable {
  if (bases.length > 1) throw pyError("TypeError", `class ${name}: packetry's shell takes one base class at most`);
  const Base = bases[0] as (new (...a: unknown[]) => object) & Record<string, unknown> | undefined;
  if (Base !== undefined && !isClass(Base)) throw pyError("TypeError", `class ${name}: its base must be a class, not '${typeName(Base)}'`);
  const B = Base as unknown as new (...a: unknown[]) => object;
  const C = (Base ? { [name]: class extends B {} }[name] : { [name]: class {} }[name]) as unknown as (new (...a: unknown[]) => object) & Record<string, unknown>;
  const proto = C.prototype as Record<string, unknown>;
  for (const [key, value] of Object.entries(ns)) {
    if (key === "__init__") continue;
    let member = value;
    if (OPTION_HOOKS.has(key) && typeof value === "function" && (value as Callable)[META]) {
      const py = value as Callable;
      member = function (this: unknown, ...args: unknown[]) {
        const last = args[args.length - 1];
        const kw = isPlainObject(last) ? (args.pop() as Record<string, unknown>) : undefined;
        return callWith(py, this, args, kw);
      };
    }
    if (typeof member === "function" && !isClass(member)) Object.defineProperty(proto, key, { value: member, writable: true, configurable: true });
    else {
      Object.defineProperty(C, key, { value: member, writable: true, configurable: true });
      Object.defineProperty(proto, key, { value: member, writable: true, configurable: true });
    }
  }
  // An answering machine's own options are parse_options' parameters.
  const parseOptions = ns.parse_options as Callable | undefined;
  if (Base && Array.isArray(Base.options) && parseOptions?.[META]) {
    Object.defineProperty(C, "options", { value: [...(Base.options as string[]), ...parseOptions[META].params], writable: true, configurable: true });
  }
  const init = ns.__init__ as Callable | undefined;
  const initRaw = init ? (init as unknown as Record<symbol, (self: unknown, args: unknown[], kw: Kwargs) => unknown>)[RAW] : undefined;
  if (init && !initRaw) throw pyError("TypeError", `class ${name}: __init__ must be a def`);
  // Calls from Python: keywords to __init__, or to the base's constructor as its options object.
  const sig: Signature = { params: [], defaults: [], varargs: "args", kwargs: "kw" };
  const make = (args: unknown, kw: unknown) => {
    const positional = [...(args as unknown[])];
    const keywords = kw as Record<string, unknown>;
    if (initRaw) {
      const o = new C();
      initRaw(o, positional, keywords);
      return o;
    }
    return new C(...positional, ...(Object.keys(keywords).length ? [keywords] : []));
  };
  (C as unknown as Callable)[META] = { ...sig, name, async: false, method: false, impl: make as (...a: unknown[]) => unknown };
  Object.defineProperty(C, "pyName", { value: name });
  return C as unknown as Callable;
}
