/** Python's builtin functions for the shell (print, len, range, isinstance, sorted...). */
import { commands, FlagValue, lsText, Packet, PacketList, Volatile } from "../../index.ts";
import { fromLatin1, utf8 } from "../../core/bytes.ts";
import { optionsOf } from "../../core/options.ts";
import { attributeNames, getattr, hasattr, setattr } from "./attrs.ts";
import { builtin, call, metaOf } from "./calls.ts";
import { pyError, pyExceptions, pyName, SystemExit } from "./errors.ts";
import { declarationOf } from "./docs.ts";
import { formatValue } from "./format.ts";
import { sortInPlace } from "./methods.ts";
import { compare, iter, truth } from "./ops.ts";
import { repr, str } from "./repr.ts";
import { isClass, isLayerClass, isNone, isPlainObject, PyRange, PyTuple, tuple, typeName } from "./types.ts";

export interface BuiltinHost {
  /** Where print() and the shell's echo write. */
  write(text: string): void;
  /** The names in scope, for dir() without argument. */
  globals(): string[];
  /** Runs source in the shell's globals: an expression's value (eval), or statements (exec). */
  evaluate?(source: string, mode: "eval" | "exec"): Promise<unknown>;
}

type Fn = ReturnType<typeof builtin>;


function toInt(x: unknown, base: number | null): number | bigint {
  if (typeof x === "boolean") return x ? 1 : 0;
  if (typeof x === "bigint") return x;
  if (typeof x === "number") {
    if (!Number.isFinite(x)) throw pyError(Number.isNaN(x) ? "ValueError" : "OverflowError", `cannot convert float ${repr(x)} to integer`);
    return Math.trunc(x);
  }
  if (x instanceof FlagValue) return x.value;
  if (x instanceof Volatile) return toInt(x.draw(), base);
  if (typeof x === "string" || x instanceof Uint8Array) {
    const text = (typeof x === "string" ? x : String.fromCharCode(...x)).trim().replace(/_/g, "").toLowerCase();
    let b = base ?? 10;
    let body = text;
    const sign = body.startsWith("-") ? -1 : 1;
    body = body.replace(/^[+-]/, "");
    const prefixes: Record<string, number> = { "0x": 16, "0o": 8, "0b": 2 };
    const p = body.slice(0, 2);
    if ((b === 0 || prefixes[p] === b) && p in prefixes) {
      b = prefixes[p]!;
      body = body.slice(2);
    } else if (b === 0) b = 10;
    const digits = "0123456789abcdefghijklmnopqrstuvwxyz".slice(0, b);
    if (!body || [...body].some((c) => !digits.includes(c))) {
      throw pyError("ValueError", `invalid literal for int() with base ${base ?? 10}: ${repr(typeof x === "string" ? x : x)}`);
    }
    const big = [...body].reduce((acc, c) => acc * BigInt(b) + BigInt(digits.indexOf(c)), 0n) * BigInt(sign);
    const n = Number(big);
    return Number.isSafeInteger(n) ? n : big;
  }
  throw pyError("TypeError", `int() argument must be a string, a bytes-like object or a real number, not '${typeName(x)}'`);
}

function length(x: unknown): number {
  if (typeof x === "string" || Array.isArray(x) || x instanceof Uint8Array || x instanceof PyRange) return x.length;
  // Scapy: len(pkt) is the length of its bytes.
  if (x instanceof Packet) return x.build().length;
  if (x instanceof Map || x instanceof Set) return x.size;
  if (isPlainObject(x)) return Object.keys(x).length;
  // Library objects that count themselves (Net...).
  if (typeof x === "object" && x !== null && typeof (x as { length?: unknown }).length === "number") return (x as { length: number }).length;
  throw pyError("TypeError", `object of type '${typeName(x)}' has no len()`);
}

function extreme(name: string, sign: 1 | -1, args: unknown[], key: unknown, dflt: unknown[]): unknown {
  const items = args.length === 1 ? [...iter(args[0])] : args;
  if (!items.length) {
    if (dflt.length) return dflt[0];
    throw pyError("ValueError", `${name}() arg is an empty sequence`);
  }
  const k = (x: unknown) => (isNone(key) ? x : call(key, [x]));
  let best = items[0];
  let bestKey = k(best);
  for (const x of items.slice(1)) {
    const kx = k(x);
    if (compare(sign > 0 ? ">" : "<", kx, bestKey)) {
      best = x;
      bestKey = kx;
    }
  }
  return best;
}

/** Builtin types (str, int, list...): callable, and what isinstance() and type() know them by. */
type TypeTests = Map<Fn, (x: unknown) => boolean>;

function isinstance(typeTests: TypeTests, x: unknown, cls: unknown): boolean {
  if (cls instanceof PyTuple || Array.isArray(cls)) return cls.some((c) => isinstance(typeTests, x, c));
  if (typeof cls !== "function") throw pyError("TypeError", "isinstance() arg 2 must be a type, a tuple of types, or a union");
  const test = typeTests.get(cls as Fn);
  if (test) return test(x);
  if (isLayerClass(cls)) return x instanceof Packet && (x.spec === cls.spec || x.spec.aliases.includes(cls.spec));
  try {
    return x instanceof (cls as new () => unknown);
  } catch {
    return false;
  }
}

export function makeBuiltins(host: BuiltinHost): Record<string, unknown> {
  const b: Record<string, unknown> = {};
  const typeTests: TypeTests = new Map();
  const asType = (fn: Fn, test: (x: unknown) => boolean): Fn => {
    Object.defineProperty(fn, "pyClass", { value: true });
    typeTests.set(fn, test);
    return fn;
  };
  const def = (name: string, sig: string, impl: (...args: never[]) => unknown) => {
    const fn = builtin(name, sig, impl);
    b[name] = fn;
    return fn;
  };

  def("print", "*values, sep=' ', end='\n', file=None, flush=False", (values: unknown[], sep: unknown, end: unknown, file: unknown) => {
    const text = values.map(str).join(isNone(sep) ? " " : String(sep)) + (isNone(end) ? "\n" : String(end));
    if (file && typeof (file as { write?: unknown }).write === "function") (file as { write(t: string): void }).write(text);
    else host.write(text);
  });
  def("len", "obj", length);
  def("repr", "obj", repr);
  def("ascii", "obj", repr);
  def("format", "value, format_spec=''", (v: unknown, spec: string) => formatValue(v, null, spec));
  asType(def("str", "object='', encoding=None, errors='strict'", (x: unknown, enc: unknown) => (x instanceof Uint8Array && !isNone(enc) ? new TextDecoder().decode(x) : str(x))), (x) => typeof x === "string");
  asType(def("int", "x=0, base=None", (x: unknown, base: number | null) => toInt(x, base)), (x) => (typeof x === "number" && Number.isInteger(x)) || typeof x === "bigint" || typeof x === "boolean");
  asType(
    def("float", "x=0", (x: unknown) => {
      if (typeof x === "string") {
        const t = x.trim().toLowerCase();
        if (/^[+-]?(inf|infinity)$/.test(t)) return t.startsWith("-") ? -Infinity : Infinity;
        if (t === "nan") return NaN;
        const n = Number(t);
        if (t === "" || Number.isNaN(n)) throw pyError("ValueError", `could not convert string to float: ${repr(x)}`);
        return n;
      }
      if (x instanceof Volatile) x = x.draw();
      if (typeof x === "number") return x;
      if (typeof x === "bigint" || typeof x === "boolean" || x instanceof FlagValue) return Number(x);
      throw pyError("TypeError", `float() argument must be a string or a real number, not '${typeName(x)}'`);
    }),
    (x) => typeof x === "number",
  );
  asType(def("bool", "x=False", (x: unknown) => truth(x)), (x) => typeof x === "boolean");
  const bytesFn = asType(
    def("bytes", "source=None, encoding=None, errors='strict'", (src: unknown, enc: unknown) => {
      if (isNone(src)) return new Uint8Array(0);
      if (src instanceof Packet) return src.build();
      if (src instanceof Uint8Array) return Uint8Array.from(src);
      if (typeof src === "string") {
        if (isNone(enc)) throw pyError("TypeError", "string argument without an encoding");
        return /^(latin-?1|iso-8859-1|ascii)$/i.test(String(enc)) ? fromLatin1(src) : utf8(src);
      }
      if (typeof src === "number") return new Uint8Array(src);
      return Uint8Array.from(iter(src) as Iterable<number>, (v) => {
        if (typeof v !== "number" || v < 0 || v > 255) throw pyError("ValueError", "bytes must be in range(0, 256)");
        return v;
      });
    }),
    (x) => x instanceof Uint8Array,
  );
  Object.defineProperty(bytesFn, "fromhex", { value: builtin("fromhex", "string", (s: unknown) => Uint8Array.from(String(s).replace(/\s/g, "").match(/../g) ?? [], (h) => parseInt(h, 16))) });
  asType(def("list", "iterable=()", (it: unknown) => [...iter(it)]), (x) => Array.isArray(x) && !(x instanceof PyTuple));
  asType(def("tuple", "iterable=()", (it: unknown) => tuple(iter(it))), (x) => x instanceof PyTuple);
  asType(
    def("dict", "*args, **kwargs", (args: unknown[], kw: Record<string, unknown>) => {
      const out: Record<string, unknown> = {};
      const src = args[0];
      if (isPlainObject(src)) Object.assign(out, src);
      else if (!isNone(src)) for (const pair of iter(src)) out[str((pair as unknown[])[0])] = (pair as unknown[])[1];
      return Object.assign(out, kw);
    }),
    (x) => isPlainObject(x),
  );
  asType(def("set", "iterable=()", (it: unknown) => new Set(iter(it))), (x) => x instanceof Set);
  asType(
    def("range", "*args", (args: unknown[]) => {
      const n = args.map((a) => Number(toInt(a, null)));
      if (n.length === 0 || n.length > 3) throw pyError("TypeError", `range expected at most 3 arguments, got ${n.length}`);
      if (n[2] === 0) throw pyError("ValueError", "range() arg 3 must not be zero");
      return n.length === 1 ? new PyRange(0, n[0]!, 1) : new PyRange(n[0]!, n[1]!, n[2] ?? 1);
    }),
    (x) => x instanceof PyRange,
  );
  const noneType = asType(builtin("NoneType", "", () => null), isNone);
  asType(builtin("function", "", () => null), (x) => typeof x === "function" && !isClass(x) && !isLayerClass(x));

  def("hex", "x", (x: unknown) => {
    const n = toInt(x, null);
    return n < 0 ? "-0x" + (-n).toString(16) : "0x" + n.toString(16);
  });
  def("oct", "x", (x: unknown) => {
    const n = toInt(x, null);
    return n < 0 ? "-0o" + (-n).toString(8) : "0o" + n.toString(8);
  });
  def("bin", "x", (x: unknown) => {
    const n = toInt(x, null);
    return n < 0 ? "-0b" + (-n).toString(2) : "0b" + n.toString(2);
  });
  def("ord", "c", (c: unknown) => {
    if (typeof c === "string" && [...c].length === 1) return c.codePointAt(0);
    if (c instanceof Uint8Array && c.length === 1) return c[0];
    throw pyError("TypeError", `ord() expected a character, but string of length ${length(c)} found`);
  });
  def("chr", "i", (i: number) => String.fromCodePoint(Number(i)));
  def("abs", "x", (x: unknown) => {
    const n = typeof x === "boolean" || x instanceof FlagValue ? Number(x) : x;
    if (typeof n === "number") return Math.abs(n);
    if (typeof n === "bigint") return n < 0n ? -n : n;
    throw pyError("TypeError", `bad operand type for abs(): '${typeName(x)}'`);
  });
  def("round", "number, ndigits=None", (x: number, nd: number | null) => {
    const f = 10 ** (nd ?? 0);
    const v = x * f;
    // Python rounds halves to even.
    const r = Math.abs(v % 1) === 0.5 ? 2 * Math.round(v / 2) : Math.round(v);
    return r / f;
  });
  def("divmod", "a, b", (a: number, b: number) => {
    if (Number(b) === 0) throw pyError("ZeroDivisionError", "integer division or modulo by zero");
    return tuple([Math.floor(a / b), ((a % b) + b) % b]);
  });
  def("pow", "base, exp, mod=None", (x: number, y: number, m: number | null) => {
    if (isNone(m)) return x ** y;
    let r = 1n;
    let base = BigInt(x) % BigInt(m);
    for (let e = BigInt(y); e > 0n; e >>= 1n) {
      if (e & 1n) r = (r * base) % BigInt(m);
      base = (base * base) % BigInt(m);
    }
    return Number(r);
  });
  def("min", "*args, key=None, **kw", (args: unknown[], key: unknown, kw: Record<string, unknown>) => extreme("min", -1, args, key, "default" in kw ? [kw.default] : []));
  def("max", "*args, key=None, **kw", (args: unknown[], key: unknown, kw: Record<string, unknown>) => extreme("max", 1, args, key, "default" in kw ? [kw.default] : []));
  def("sum", "iterable, start=0", (it: unknown, start: unknown) => {
    let acc = start;
    for (const x of iter(it)) acc = (acc as number) + (typeof x === "boolean" || x instanceof FlagValue ? Number(x) : (x as number));
    return acc;
  });
  def("sorted", "iterable, key=None, reverse=False", (it: unknown, key: unknown, reverse: boolean) => {
    const l = [...iter(it)];
    sortInPlace(l, key, reverse);
    return l;
  });
  def("reversed", "seq", (s: unknown) => [...iter(s)].reverse());
  def("enumerate", "iterable, start=0", (it: unknown, start: number) => [...iter(it)].map((x, i) => tuple([i + start, x])));
  def("zip", "*iterables", (its: unknown[]) => {
    const lists = its.map((x) => [...iter(x)]);
    const n = lists.length ? Math.min(...lists.map((l) => l.length)) : 0;
    return Array.from({ length: n }, (_, i) => tuple(lists.map((l) => l[i])));
  });
  def("map", "function, *iterables", (fn: unknown, its: unknown[]) => {
    const lists = its.map((x) => [...iter(x)]);
    const n = lists.length ? Math.min(...lists.map((l) => l.length)) : 0;
    return Array.from({ length: n }, (_, i) => call(fn, lists.map((l) => l[i])));
  });
  def("filter", "function, iterable", (fn: unknown, it: unknown) => [...iter(it)].filter((x) => truth(isNone(fn) ? x : call(fn, [x]))));
  def("any", "iterable", (it: unknown) => [...iter(it)].some(truth));
  def("all", "iterable", (it: unknown) => [...iter(it)].every(truth));
  def("isinstance", "obj, class_or_tuple", (x: unknown, cls: unknown) => isinstance(typeTests, x, cls));
  def("issubclass", "cls, class_or_tuple", (c: unknown, k: unknown) => c === k || (typeof c === "function" && typeof k === "function" && c.prototype instanceof k));
  def("callable", "obj", (x: unknown) => typeof x === "function");
  def("hasattr", "obj, name", (o: unknown, n: string) => hasattr(o, n));
  def("getattr", "obj, name, *default", (o: unknown, n: string, d: unknown[]) => {
    if (d.length && !hasattr(o, n)) return d[0];
    return getattr(o, n);
  });
  def("setattr", "obj, name, value", (o: unknown, n: string, v: unknown) => void setattr(o, n, v));
  def("id", "obj", (() => {
    const ids = new WeakMap<object, number>();
    let next = 1;
    return (o: unknown) => (o && (typeof o === "object" || typeof o === "function") ? (ids.get(o) ?? (ids.set(o, next), next++)) : 0);
  })());
  def("type", "obj", (x: unknown) => {
    if (isNone(x)) return noneType;
    if (typeof x === "boolean") return b.bool;
    if (x instanceof Packet) return x.spec.cls;
    // An error is of its Python class (a JavaScript RangeError from the library is a ValueError's kin, by pyName).
    if (x instanceof Error) return pyExceptions[pyName(x)] ?? x.constructor;
    for (const [fn, test] of typeTests) if (test(x)) return fn;
    return (x as object).constructor;
  });
  // eval and exec run in the shell's globals (Python's with no dicts given); their calls are awaited, as an async def's.
  for (const mode of ["eval", "exec"] as const) {
    def(mode, "source, globals=None, locals=None", (source: unknown, g: unknown, l: unknown) => {
      if (!isNone(g) || !isNone(l)) throw pyError("TypeError", `${mode}() argument 'globals'/'locals' is not supported by packetry: it runs in the shell's globals`);
      if (typeof source !== "string") throw pyError("TypeError", `${mode}() arg 1 must be a string`);
      if (!host.evaluate) throw pyError("NameError", `name '${mode}' is not defined`);
      if (mode === "eval" && /^\s*$/.test(source)) throw pyError("SyntaxError", "invalid syntax");
      return host.evaluate(mode === "eval" ? source.trim() : source, mode);
    });
    metaOf(b[mode])!.async = true;
  }
  // JavaScript reserves the name eval: the compiled code reaches it as $$eval.
  b.$$eval = b.eval;
  def("iter", "obj", (x: unknown) => iter(x)[Symbol.iterator]());
  // next() on an iterable that is its own iterator in Scapy (PcapReader): one iterator per object, so each call goes on.
  const ownIterators = new WeakMap<object, Iterator<unknown>>();
  def("next", "iterator, *default", (it: Iterator<unknown>, d: unknown[]) => {
    if (typeof (it as { next?: unknown }).next !== "function") {
      if (it === null || typeof it !== "object" || !(Symbol.iterator in it)) throw pyError("TypeError", `'${typeName(it)}' object is not an iterator`);
      let own = ownIterators.get(it);
      if (!own) ownIterators.set(it, (own = (it as unknown as Iterable<unknown>)[Symbol.iterator]()));
      it = own;
    }
    const r = it.next();
    if (r.done) {
      if (d.length) return d[0];
      throw pyError("StopIteration", "");
    }
    return r.value;
  });
  def("dir", "obj=None", (o: unknown) => (o === null ? host.globals() : attributeNames(o)));
  def("vars", "obj", (o: unknown) => (o instanceof Packet ? o.fieldValues() : { ...(o as object) }));
  def("help", "obj=None", (o: unknown) => host.write(helpText(o) + "\n"));
  const exit = (code: unknown) => {
    if (typeof code === "string") {
      host.write(code + "\n");
      throw new SystemExit(1);
    }
    throw new SystemExit(isNone(code) ? 0 : Number(code));
  };
  def("exit", "code=None", exit);
  def("quit", "code=None", exit);
  def("input", "prompt=''", () => {
    throw pyError("RuntimeError", "input() is not available in packetry's shell");
  });
  return b;
}

/**
 * help(f) as Python prints it: a heading, the signature (from the library's declarations; for
 * the shell's own builtins their Python parameters) and the doc comment indented below, with
 * Scapy's one-line description of the command when it is one of Scapy's.
 */
function functionHelp(o: Function): string {
  let scapyName: string | undefined;
  let description: string | undefined;
  for (const [name, c] of commands) {
    if (c.fn === o) {
      scapyName = name;
      description = c.description;
      break;
    }
  }
  const decl = o.name ? declarationOf(o.name) : undefined;
  const meta = metaOf(o);
  const params = meta ? [...meta.params, ...(meta.varargs ? ["*" + meta.varargs] : []), ...(meta.kwargs ? ["**" + meta.kwargs] : [])] : null;
  const kind = decl?.kind === "class" || isClass(o) ? "class" : "function";
  const name = o.name || scapyName || "<lambda>";
  const lines = [`Help on ${kind} ${name}${decl ? " in module packetry" : ""}:`, ""];
  const signatures = decl?.signatures.length ? decl.signatures : [`${name}(${params ? params.join(", ") : "..."})`];
  lines.push(...signatures);
  const body: string[] = [];
  if (description) body.push(description);
  if (decl?.doc) body.push(...(body.length ? [""] : []), ...decl.doc.split("\n"));
  if (scapyName && scapyName !== name) body.push("", `In the shell also ${scapyName}().`);
  // The keywords its options object takes, as typed in the shell (snake_case).
  const options = optionsOf.get(scapyName ?? name) ?? optionsOf.get(name);
  if (options) {
    const snake = (k: string) => k.replace(/(?<=[a-z0-9])[A-Z]/g, (c) => "_" + c.toLowerCase());
    const known = options.known.filter((k) => k !== "signal").map(snake);
    if (known.length) body.push("", `Keyword arguments: ${known.join(", ")}.`);
    if (options.notImplemented.length) body.push(`Scapy's, not supported by packetry: ${options.notImplemented.map(snake).join(", ")}.`);
  }
  lines.push(...body.map((l) => (l ? "    " + l : "")));
  return lines.join("\n").replace(/\s+$/, "");
}

function helpText(o: unknown): string {
  if (o === null || o === undefined) {
    return [
      "packetry's shell speaks Scapy's Python: build with Ether()/IP(dst=\"10.0.0.1\")/ICMP(),",
      "look with ls(TCP), pkt.show(), pkt.summary(); lsc() lists the commands.",
      "Live functions (sr, srp, sniff...) are awaited for you. Plain JavaScript works too.",
    ].join("\n");
  }
  if (isLayerClass(o)) return `${o.name} (${o.spec.displayName}):\n${lsText(o)}`;
  if (o instanceof Packet) return `${o.summary()}\n${lsText(o)}`;
  if (o instanceof PacketList) return `${o.toString()}: a list of packets (summary(), nsummary(), show(), filter(), pl[TCP], pl[1:3])`;
  if (typeof o === "function") return functionHelp(o);
  return `${typeName(o)}: ${attributeNames(o).join(", ")}`;
}

