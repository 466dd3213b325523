/**
 * Tab completion: names in scope; after a dot, the attributes of what is before it (`IP().`
 * gives IP's fields and packet methods, `conf.` conf's switches); in a layer's call, its field
 * names as keywords (`IP(d` → `dst=`); in `ls(`, layer names.
 */
import { registry } from "../index.ts";
import { attributeNames, getattr } from "./runtime/attrs.ts";
import { getitem } from "./runtime/ops.ts";
import { isLayerClass } from "./runtime/types.ts";

const KEYWORDS = ["and", "as", "assert", "break", "continue", "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "not", "or", "pass", "print", "raise", "return", "try", "while", "None", "True", "False"];

export type Completion = [matches: string[], partial: string];

/** Completions for the text before the cursor, given the names in scope and their values. */
export function complete(line: string, scope: Record<string, unknown>, names: readonly string[]): Completion {
  if (/^\s*$/.test(line)) return [["    "], ""];
  const attr = /((?:[A-Za-z_$][\w$]*(?:\(\))?(?:\[[\w$]+\])*)(?:\.[A-Za-z_$][\w$]*(?:\(\))?(?:\[[\w$]+\])*)*)\.([A-Za-z_$][\w$]*)?$/.exec(line);
  if (attr && !insideString(line.slice(0, attr.index))) {
    const partial = attr[2] ?? "";
    const target = evaluatePath(attr[1]!, scope);
    if (target === NOTHING) return [[], partial];
    return [attributeNames(target).filter((n) => n.startsWith(partial)), partial];
  }
  const partial = /[A-Za-z_$][\w$]*$/.exec(line)?.[0] ?? "";
  if (insideString(line.slice(0, line.length - partial.length))) return [[], partial];
  const before = line.slice(0, line.length - partial.length);
  const callee = openCall(before);
  const candidates: string[] = [];
  if (callee === "ls") {
    for (const name of registry.layers.keys()) candidates.push(name);
  } else {
    const layer = callee ? scope[callee] : undefined;
    // Where a keyword can stand (right after `(` or `,`), the layer's fields that match are what
    // is meant: `IP(d` completes to `dst=` at once rather than listing every name with a d.
    if (isLayerClass(layer) && /[(,]\s*$/.test(before)) {
      const fields = layer.spec.layout.fields.map((f) => `${f.name}=`).filter((f) => f.startsWith(partial));
      if (fields.length && partial) return [fields, partial];
      candidates.push(...fields);
    }
    candidates.push(...names, ...KEYWORDS);
  }
  const hits = [...new Set(candidates.filter((c) => c.startsWith(partial)))];
  return [callee === "ls" ? hits.sort() : hits.sort(byKind), partial];
}

/** Keyword arguments first, then names. */
function byKind(a: string, b: string): number {
  const ka = a.endsWith("=") ? 0 : 1;
  const kb = b.endsWith("=") ? 0 : 1;
  return ka - kb || a.localeCompare(b);
}

const NOTHING = Symbol("nothing");

/**
 * `name.attr[key].attr`, where a layer may be called with no arguments (`IP().`) and a key is a
 * number or a name in scope (`pkt[IP].`); nothing else runs.
 */
function evaluatePath(path: string, scope: Record<string, unknown>): unknown {
  let value: unknown = NOTHING;
  for (const [i, part] of path.split(".").entries()) {
    const m = /^([A-Za-z_$][\w$]*)(\(\))?((?:\[[\w$]+\])*)$/.exec(part);
    if (!m) return NOTHING;
    const [, name, called, keys] = m;
    try {
      if (i === 0) {
        if (!(name! in scope)) return NOTHING;
        value = scope[name!];
      } else value = getattr(value, name!);
      if (called) {
        if (!isLayerClass(value)) return NOTHING;
        value = value();
      }
      for (const [, key] of keys!.matchAll(/\[([\w$]+)\]/g)) {
        const k = /^\d+$/.test(key!) ? Number(key) : scope[key!];
        if (k === undefined || (typeof k !== "number" && !isLayerClass(k))) return NOTHING;
        value = getitem(value, k);
      }
    } catch {
      return NOTHING;
    }
  }
  return value;
}

/** The name before the innermost unclosed `(`, if any. */
function openCall(text: string): string | null {
  const stack: number[] = [];
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === "(") stack.push(i);
    else if (c === ")") stack.pop();
  }
  const open = stack[stack.length - 1];
  if (open === undefined) return null;
  return /([A-Za-z_$][\w$]*)\s*$/.exec(text.slice(0, open))?.[1] ?? null;
}

function insideString(text: string): boolean {
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
  }
  return quote !== null;
}
