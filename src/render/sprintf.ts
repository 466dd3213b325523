/**
 * sprintf with Scapy's directives: `%[fmt[r],][Class[:n].]field%`, `{Layer:text}` and
 * `{!Layer:text}` conditionals, `%%`, `%(` and `%)` for literal %, { and }.
 */
import { getValue } from "../core/read/values.ts";
import type { Packet } from "../core/packet.ts";
import { fieldRepr } from "./fieldtext.ts";
import { pyFormat } from "./pyformat.ts";

export function sprintf(p: Packet, format: string): string {
  let fmt = expandConditionals(p, format);
  let out = "";
  for (;;) {
    const i = fmt.indexOf("%");
    if (i < 0) break;
    out += fmt.slice(0, i);
    fmt = fmt.slice(i + 1);
    const esc = fmt[0];
    if (esc === "%" || esc === "(" || esc === ")") {
      out += esc === "%" ? "%" : esc === "(" ? "{" : "}";
      fmt = fmt.slice(1);
      continue;
    }
    const close = fmt.indexOf("%");
    if (close < 0) throw new SyntaxError(`bad format string [%${fmt.slice(0, 25)}${fmt.length > 25 ? "..." : ""}]`);
    out += directive(p, fmt.slice(0, close));
    fmt = fmt.slice(close + 1);
  }
  return out + fmt;
}

function expandConditionals(p: Packet, fmt: string): string {
  for (;;) {
    const i = fmt.lastIndexOf("{");
    if (i < 0) return fmt;
    const j = fmt.indexOf("}", i);
    if (j < 0) throw new SyntaxError(`unclosed { in format string`);
    let cond = fmt.slice(i + 1, j);
    const k = cond.indexOf(":");
    if (k < 0) throw new SyntaxError(`bad condition in format string: [${cond}]`);
    let text = cond.slice(k + 1);
    cond = cond.slice(0, k);
    let want = true;
    if (cond.startsWith("!")) {
      want = false;
      cond = cond.slice(1);
    }
    if (p.hasLayer(cond) !== want) text = "";
    fmt = fmt.slice(0, i) + text + fmt.slice(j + 1);
  }
}

/** One `%...%` directive, evaluated on p or the first matching layer below it ("??" when none). */
function directive(p: Packet, body: string): string {
  const parts = body.split(",");
  if (parts.length > 2) throw new SyntaxError(`bad format string [%${body}%]`);
  let conv = parts.length === 2 ? parts[0]! : "s";
  const target = parts.length === 2 ? parts[1]! : parts[0]!;
  const dot = target.indexOf(".");
  let cls = dot >= 0 ? target.slice(0, dot) : null;
  const field = dot >= 0 ? target.slice(dot + 1) : target;
  let nb = 1;
  if (cls !== null && cls.includes(":")) {
    const [c, n] = cls.split(":");
    cls = c!;
    nb = Number(n);
  }
  const raw = conv.endsWith("r");
  if (raw) conv = conv.slice(0, -1) || "s";
  if (field === "time") return pyFormat(conv === "s" ? "s" : conv, formatTime(p.time));
  let layer: Packet | undefined = p;
  if (cls !== null && cls !== "") {
    layer = undefined;
    let seen = 0;
    for (let q: Packet | null = p; q !== null; q = q.payload) {
      if (q.spec.name === cls && ++seen === nb) {
        layer = q;
        break;
      }
    }
  }
  // No such layer: Scapy's NoPayload answers "??" for the whole directive (no conversion applied).
  if (!layer) return "??";
  const i = layer.spec.layout.fieldIndex.get(field);
  if (i === undefined) {
    const v = (layer as unknown as Record<string, unknown>)[field];
    return v === undefined ? pyFormat(conv, "??") : pyFormat(conv, v);
  }
  const value = getValue(layer, i);
  if (raw) return pyFormat(conv, (layer as unknown as Record<string, unknown>)[field]);
  return pyFormat(conv, fieldRepr(layer, layer.spec.layout.fields[i]!, value));
}

/** %.time%: local HH:MM:SS.micros. */
function formatTime(t: number): string {
  const d = new Date(t * 1000);
  const two = (n: number) => String(n).padStart(2, "0");
  // Rounded, not truncated: 1700000000.001 is stored as ...0009999 in binary.
  const micros = Math.min(999999, Math.round((t - Math.floor(t)) * 1e6));
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}.${String(micros).padStart(6, "0")}`;
}
