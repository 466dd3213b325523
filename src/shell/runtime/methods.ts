/** Python's methods of str, bytes, list and dict, for values that are JavaScript strings, arrays and objects. */
import { toHex, fromHex, utf8, concatBytes } from "../../core/bytes.ts";
import { builtin, call, type Callable } from "./calls.ts";
import { pyError } from "./errors.ts";
import { strFormat } from "./format.ts";
import { compare, eq, indexOfBytes, iter } from "./ops.ts";
import { repr, str } from "./repr.ts";
import { isNone, PyTuple, tuple, typeName } from "./types.ts";

type Method = Callable;

const m = (name: string, sig: string, impl: (...args: never[]) => unknown): [string, Method] => [name, builtin(name, sig, impl, true)];

function strip(s: string, chars: unknown, left: boolean, right: boolean): string {
  const set = isNone(chars) ? null : String(chars);
  const drop = (c: string) => (set === null ? /\s/.test(c) : set.includes(c));
  let a = 0;
  let b = s.length;
  if (left) while (a < b && drop(s[a]!)) a++;
  if (right) while (b > a && drop(s[b - 1]!)) b--;
  return s.slice(a, b);
}

function split(s: string, sep: unknown, max: number): string[] {
  if (isNone(sep)) {
    const parts = s.trim().split(/\s+/).filter(Boolean);
    if (max < 0 || parts.length <= max + 1) return parts;
    const head = parts.slice(0, max);
    let rest = s.trim();
    for (const h of head) rest = rest.slice(rest.indexOf(h) + h.length).trimStart();
    return [...head, rest];
  }
  const sepText = String(sep);
  if (!sepText) throw pyError("ValueError", "empty separator");
  const parts = s.split(sepText);
  if (max < 0 || parts.length <= max + 1) return parts;
  return [...parts.slice(0, max), parts.slice(max).join(sepText)];
}

function prefixes(p: unknown): string[] {
  return p instanceof PyTuple ? p.map(String) : [String(p)];
}

export const strMethods = new Map<string, Method>([
  m("upper", "", (s: string) => s.toUpperCase()),
  m("lower", "", (s: string) => s.toLowerCase()),
  m("title", "", (s: string) => s.replace(/\b\w/g, (c) => c.toUpperCase())),
  m("capitalize", "", (s: string) => s.charAt(0).toUpperCase() + s.slice(1).toLowerCase()),
  m("strip", "chars=None", (s: string, c: unknown) => strip(s, c, true, true)),
  m("lstrip", "chars=None", (s: string, c: unknown) => strip(s, c, true, false)),
  m("rstrip", "chars=None", (s: string, c: unknown) => strip(s, c, false, true)),
  m("split", "sep=None, maxsplit=-1", (s: string, sep: unknown, max: number) => split(s, sep, max)),
  m("rsplit", "sep=None, maxsplit=-1", (s: string, sep: unknown, max: number) => split(s, sep, max)),
  m("splitlines", "keepends=False", (s: string) => s.split(/\r\n|\r|\n/).filter((x, i, a) => i < a.length - 1 || x !== "")),
  m("join", "iterable", (s: string, it: unknown) =>
    [...iter(it)]
      .map((x) => {
        if (typeof x !== "string") throw pyError("TypeError", `sequence item: expected str instance, ${typeName(x)} found`);
        return x;
      })
      .join(s),
  ),
  m("startswith", "prefix", (s: string, p: unknown) => prefixes(p).some((x) => s.startsWith(x))),
  m("endswith", "suffix", (s: string, p: unknown) => prefixes(p).some((x) => s.endsWith(x))),
  m("find", "sub, start=0", (s: string, sub: string, start: number) => s.indexOf(sub, start)),
  m("rfind", "sub", (s: string, sub: string) => s.lastIndexOf(sub)),
  m("index", "sub, start=0", (s: string, sub: string, start: number) => {
    const i = s.indexOf(sub, start);
    if (i < 0) throw pyError("ValueError", "substring not found");
    return i;
  }),
  m("count", "sub", (s: string, sub: string) => (sub ? s.split(sub).length - 1 : s.length + 1)),
  m("replace", "old, new, count=-1", (s: string, a: string, b: string, n: number) => {
    if (n < 0) return s.split(a).join(b);
    let out = s;
    let from = 0;
    for (let k = 0; k < n; k++) {
      const i = out.indexOf(a, from);
      if (i < 0) break;
      out = out.slice(0, i) + b + out.slice(i + a.length);
      from = i + b.length;
    }
    return out;
  }),
  m("format", "*args, **kwargs", (s: string, args: unknown[], kw: Record<string, unknown>) => strFormat(s, args, kw)),
  m("encode", "encoding='utf-8', errors='strict'", (s: string, enc: string) => (/^(latin-?1|iso-8859-1|ascii)$/i.test(enc) ? Uint8Array.from(s, (c) => c.charCodeAt(0) & 0xff) : utf8(s))),
  m("zfill", "width", (s: string, w: number) => (s.startsWith("-") || s.startsWith("+") ? s[0] + s.slice(1).padStart(w - 1, "0") : s.padStart(w, "0"))),
  m("center", "width, fillchar=' '", (s: string, w: number, f: string) => {
    const n = Math.max(0, w - s.length);
    return f.repeat(Math.floor(n / 2)) + s + f.repeat(Math.ceil(n / 2));
  }),
  m("ljust", "width, fillchar=' '", (s: string, w: number, f: string) => s.padEnd(w, f)),
  m("rjust", "width, fillchar=' '", (s: string, w: number, f: string) => s.padStart(w, f)),
  m("isdigit", "", (s: string) => /^\d+$/.test(s)),
  m("isalpha", "", (s: string) => /^[A-Za-z]+$/.test(s)),
  m("isalnum", "", (s: string) => /^[A-Za-z0-9]+$/.test(s)),
  m("isspace", "", (s: string) => /^\s+$/.test(s)),
  m("isupper", "", (s: string) => /[A-Z]/.test(s) && s === s.toUpperCase()),
  m("islower", "", (s: string) => /[a-z]/.test(s) && s === s.toLowerCase()),
  m("partition", "sep", (s: string, sep: string) => {
    const i = s.indexOf(sep);
    return i < 0 ? tuple([s, "", ""]) : tuple([s.slice(0, i), sep, s.slice(i + sep.length)]);
  }),
]);

export const bytesMethods = new Map<string, Method>([
  m("hex", "sep=''", (b: Uint8Array, sep: string) => (sep ? Array.from(b, (x) => x.toString(16).padStart(2, "0")).join(sep) : toHex(b))),
  m("decode", "encoding='utf-8', errors='strict'", (b: Uint8Array, enc: string) => (/^(latin-?1|iso-8859-1|ascii)$/i.test(enc) ? String.fromCharCode(...b) : new TextDecoder().decode(b))),
  m("startswith", "prefix", (b: Uint8Array, p: Uint8Array) => indexOfBytes(b, p) === 0 && b.length >= p.length),
  m("endswith", "suffix", (b: Uint8Array, p: Uint8Array) => b.length >= p.length && indexOfBytes(b, p, b.length - p.length) === b.length - p.length),
  m("find", "sub", (b: Uint8Array, sub: Uint8Array) => indexOfBytes(b, sub)),
  m("count", "sub", (b: Uint8Array, sub: Uint8Array) => {
    let n = 0;
    for (let i = indexOfBytes(b, sub); i >= 0 && sub.length; i = indexOfBytes(b, sub, i + sub.length)) n++;
    return n;
  }),
  m("split", "sep", (b: Uint8Array, sep: Uint8Array) => {
    const out: Uint8Array[] = [];
    let from = 0;
    for (let i = indexOfBytes(b, sep); i >= 0 && sep.length; i = indexOfBytes(b, sep, from)) {
      out.push(b.slice(from, i));
      from = i + sep.length;
    }
    out.push(b.slice(from));
    return out;
  }),
  m("join", "iterable", (b: Uint8Array, it: unknown) => {
    const parts = [...iter(it)] as Uint8Array[];
    return concatBytes(parts.flatMap((p, i) => (i ? [b, p] : [p])));
  }),
]);
bytesMethods.set("fromhex", builtin("fromhex", "string", (s: unknown) => fromHex(String(s).replace(/\s/g, ""))));

function sortInPlace(list: unknown[], key: unknown, reverse: boolean): void {
  const keyed = list.map((x) => [isNone(key) ? x : call(key, [x]), x] as const);
  keyed.sort((a, b) => (eq(a[0], b[0]) ? 0 : compare("<", a[0], b[0]) ? -1 : 1));
  if (reverse) keyed.reverse();
  list.splice(0, list.length, ...keyed.map((k) => k[1]));
}
export { sortInPlace };

export const listMethods = new Map<string, Method>([
  m("append", "x", (l: unknown[], x: unknown) => void l.push(x)),
  m("extend", "iterable", (l: unknown[], it: unknown) => void l.push(...iter(it))),
  m("insert", "i, x", (l: unknown[], i: number, x: unknown) => void l.splice(i < 0 ? Math.max(0, l.length + i) : i, 0, x)),
  m("pop", "i=-1", (l: unknown[], i: number) => {
    if (!l.length) throw pyError("IndexError", "pop from empty list");
    const k = i < 0 ? l.length + i : i;
    if (k < 0 || k >= l.length) throw pyError("IndexError", "pop index out of range");
    return l.splice(k, 1)[0];
  }),
  m("remove", "x", (l: unknown[], x: unknown) => {
    const i = l.findIndex((y) => eq(y, x));
    if (i < 0) throw pyError("ValueError", "list.remove(x): x not in list");
    l.splice(i, 1);
  }),
  m("index", "x", (l: unknown[], x: unknown) => {
    const i = l.findIndex((y) => eq(y, x));
    if (i < 0) throw pyError("ValueError", `${repr(x)} is not in list`);
    return i;
  }),
  m("count", "x", (l: unknown[], x: unknown) => l.filter((y) => eq(y, x)).length),
  m("sort", "key=None, reverse=False", (l: unknown[], key: unknown, reverse: boolean) => void sortInPlace(l, key, reverse)),
  m("reverse", "", (l: unknown[]) => void l.reverse()),
  m("copy", "", (l: unknown[]) => [...l]),
  m("clear", "", (l: unknown[]) => void l.splice(0)),
]);

type Dict = Record<string, unknown>;

export const dictMethods = new Map<string, Method>([
  m("keys", "", (d: Dict) => Object.keys(d)),
  m("values", "", (d: Dict) => Object.values(d)),
  m("items", "", (d: Dict) => Object.entries(d).map((e) => tuple(e))),
  m("get", "key, default=None", (d: Dict, k: unknown, dflt: unknown) => (Object.prototype.hasOwnProperty.call(d, String(k)) ? d[String(k)] : dflt)),
  m("pop", "key, *default", (d: Dict, k: unknown, dflt: unknown[]) => {
    const key = String(k);
    if (!Object.prototype.hasOwnProperty.call(d, key)) {
      if (dflt.length) return dflt[0];
      throw pyError("KeyError", repr(k));
    }
    const v = d[key];
    delete d[key];
    return v;
  }),
  m("setdefault", "key, default=None", (d: Dict, k: unknown, dflt: unknown) => {
    const key = String(k);
    if (!Object.prototype.hasOwnProperty.call(d, key)) d[key] = dflt;
    return d[key];
  }),
  m("update", "other=None, **kwargs", (d: Dict, other: unknown, kw: Dict) => {
    if (other && typeof other === "object" && !Array.isArray(other)) Object.assign(d, other);
    else if (!isNone(other)) for (const pair of iter(other)) d[str((pair as unknown[])[0])] = (pair as unknown[])[1];
    Object.assign(d, kw);
  }),
  m("copy", "", (d: Dict) => ({ ...d })),
  m("clear", "", (d: Dict) => {
    for (const k of Object.keys(d)) delete d[k];
  }),
]);
