/** Python's string formatting: `"%s is %d" % (a, b)`, f-string fields and str.format(). */
import { FlagValue } from "../../index.ts";
import { pyError } from "./errors.ts";
import { repr, str } from "./repr.ts";
import { isPlainObject, PyTuple, typeName } from "./types.ts";

interface Spec {
  fill: string;
  align: string;
  sign: string;
  alt: boolean;
  zero: boolean;
  width: number;
  grouping: string;
  precision: number | null;
  type: string;
}

const SPEC = /^(?:([\s\S])?([<>=^]))?([+\- ])?(#)?(0)?(\d+)?([,_])?(?:\.(\d+))?([bcdeEfFgGnosxX%])?$/;

function toNumber(value: unknown, type: string): number | bigint {
  if (typeof value === "number" || typeof value === "bigint") return value;
  if (typeof value === "boolean") return value ? 1 : 0;
  if (value instanceof FlagValue) return value.value;
  throw pyError("TypeError", `%${type} format: a real number is required, not ${typeName(value)}`);
}

function digits(value: unknown, s: Spec): string {
  const t = s.type;
  if (t === "c") return typeof value === "number" ? String.fromCodePoint(value) : str(value);
  const n = toNumber(value, t);
  const neg = n < 0;
  const abs = typeof n === "bigint" ? (neg ? -n : n) : Math.abs(n);
  let body: string;
  const int = () => (typeof abs === "bigint" ? abs : BigInt(Math.trunc(abs)));
  switch (t) {
    case "d":
    case "n":
    case "i":
    case "u":
      body = String(int());
      break;
    case "x":
    case "X":
      body = (s.alt ? "0x" : "") + int().toString(16);
      if (t === "X") body = body.toUpperCase();
      break;
    case "o":
      body = (s.alt ? "0o" : "") + int().toString(8);
      break;
    case "b":
      body = (s.alt ? "0b" : "") + int().toString(2);
      break;
    case "e":
    case "E":
      body = Number(abs).toExponential(s.precision ?? 6).replace(/e([+-])(\d)$/, "e$10$2");
      if (t === "E") body = body.toUpperCase();
      break;
    case "f":
    case "F":
      body = Number(abs).toFixed(s.precision ?? 6);
      break;
    case "%":
      body = (Number(abs) * 100).toFixed(s.precision ?? 6) + "%";
      break;
    case "g":
    case "G":
      body = String(Number(Number(abs).toPrecision(s.precision || 6)));
      if (t === "G") body = body.toUpperCase();
      break;
    default:
      body = String(abs);
  }
  if (s.grouping && /^\d/.test(body)) {
    const [whole, frac] = body.split(".");
    body = whole!.replace(/\B(?=(\d{3})+(?!\d))/g, s.grouping) + (frac !== undefined ? "." + frac : "");
  }
  const sign = neg ? "-" : s.sign === "+" ? "+" : s.sign === " " ? " " : "";
  return sign + body;
}

function pad(text: string, s: Spec, numeric: boolean): string {
  if (text.length >= s.width) return text;
  const fill = s.fill || (s.zero && numeric ? "0" : " ");
  const align = s.align || (s.zero && numeric ? "=" : numeric ? ">" : "<");
  const n = s.width - text.length;
  switch (align) {
    case "<":
      return text + fill.repeat(n);
    case "^":
      return fill.repeat(Math.floor(n / 2)) + text + fill.repeat(Math.ceil(n / 2));
    case "=": {
      const m = /^([+\- ]?(?:0[xXob])?)/.exec(text)!;
      return m[1] + fill.repeat(n) + text.slice(m[1]!.length);
    }
    default:
      return fill.repeat(n) + text;
  }
}

function apply(value: unknown, s: Spec): string {
  let type = s.type;
  if (!type) {
    if (typeof value === "number" || typeof value === "bigint" || value instanceof FlagValue) type = s.precision !== null ? "g" : "";
    if (!type) return pad(s.precision !== null ? str(value).slice(0, s.precision) : str(value), s, typeof value === "number" || typeof value === "bigint");
  }
  if (type === "s") return pad(s.precision !== null ? str(value).slice(0, s.precision) : str(value), s, false);
  return pad(digits(value, { ...s, type }), s, true);
}

/** A format spec (`>10`, `04x`, `.2f`) applied to a value: f-strings and str.format(). */
export function formatValue(value: unknown, conversion: string | null, spec: string): string {
  if (conversion === "r" || conversion === "a") value = repr(value);
  else if (conversion === "s") value = str(value);
  if (!spec) return str(value);
  const m = SPEC.exec(spec);
  if (!m) throw pyError("ValueError", `Invalid format specifier '${spec}' for object of type '${typeName(value)}'`);
  return apply(value, {
    fill: m[1] ?? "",
    align: m[2] ?? "",
    sign: m[3] ?? "",
    alt: !!m[4],
    zero: !!m[5],
    width: m[6] ? Number(m[6]) : 0,
    grouping: m[7] ?? "",
    precision: m[8] !== undefined ? Number(m[8]) : null,
    type: m[9] ?? "",
  });
}

const PERCENT = /%(?:\(([^)]*)\))?([-+ #0]*)(\*|\d+)?(?:\.(\*|\d+))?[hlL]?([diouxXeEfFgGcrsa%])?/g;

/** `fmt % args`: a tuple gives the values in order, a dict gives them by name. */
export function percentFormat(fmt: string, args: unknown): string {
  const values = args instanceof PyTuple ? [...args] : [args];
  const byName = isPlainObject(args) ? args : null;
  let next = 0;
  const take = (): unknown => {
    if (next >= values.length) throw pyError("TypeError", "not enough arguments for format string");
    return values[next++];
  };
  let named = false;
  const out = fmt.replace(PERCENT, (whole, name: string | undefined, flags: string, width: string | undefined, precision: string | undefined, conv: string | undefined) => {
    if (!conv) throw pyError("ValueError", `incomplete format`);
    if (conv === "%" && whole === "%%") return "%";
    let value: unknown;
    if (name !== undefined) {
      if (!byName) throw pyError("TypeError", "format requires a mapping");
      if (!(name in byName)) throw pyError("KeyError", repr(name));
      named = true;
      value = byName[name];
    }
    const w = width === "*" ? Number(take()) : width ? Number(width) : 0;
    const p = precision === "*" ? Number(take()) : precision !== undefined ? Number(precision) : null;
    if (name === undefined) value = take();
    const spec: Spec = {
      fill: "",
      align: flags.includes("-") ? "<" : ">",
      sign: flags.includes("+") ? "+" : flags.includes(" ") ? " " : "",
      alt: flags.includes("#"),
      zero: flags.includes("0") && !flags.includes("-"),
      width: w,
      grouping: "",
      precision: p,
      type: conv,
    };
    if (conv === "s" || conv === "r" || conv === "a") {
      const text = conv === "s" ? str(value) : repr(value);
      return pad(p !== null ? text.slice(0, p) : text, { ...spec, zero: false }, false);
    }
    const type = conv === "i" || conv === "u" ? "d" : conv === "F" ? "f" : conv;
    if (type === "x" || type === "X" || type === "o") {
      // printf's # gives 0x and 0o (Python's % uses 0o for octal too).
      const text = digits(value, { ...spec, type });
      return pad(text, spec, true);
    }
    return pad(digits(value, { ...spec, type }), spec, true);
  });
  if (!named && !byName && next < values.length) throw pyError("TypeError", "not all arguments converted during string formatting");
  return out;
}

/** str.format(): `"{} {name} {0:>4}".format(a, b, name=c)`. */
export function strFormat(fmt: string, args: unknown[], kwargs: Record<string, unknown>): string {
  let auto = 0;
  return fmt.replace(/\{\{|\}\}|\{([^{}!:]*)(?:!([rsa]))?(?::([^{}]*))?\}/g, (whole, field: string | undefined, conv: string | undefined, spec: string | undefined) => {
    if (whole === "{{") return "{";
    if (whole === "}}") return "}";
    const path = field ?? "";
    const m = /^([^.[]*)(.*)$/.exec(path)!;
    const head = m[1]!;
    let value: unknown;
    if (head === "") value = args[auto++];
    else if (/^\d+$/.test(head)) value = args[Number(head)];
    else if (head in kwargs) value = kwargs[head];
    else throw pyError("KeyError", repr(head));
    if (value === undefined && (head === "" || /^\d+$/.test(head))) throw pyError("IndexError", "Replacement index out of range for positional args tuple");
    for (const part of m[2]!.match(/\.[^.[]+|\[[^\]]+\]/g) ?? []) {
      const key = part.startsWith(".") ? part.slice(1) : part.slice(1, -1);
      value = (value as Record<string, unknown>)[/^\d+$/.test(key) && Array.isArray(value) ? Number(key) : key];
    }
    return formatValue(value, conv ?? null, spec ?? "");
  });
}
