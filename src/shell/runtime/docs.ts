/**
 * Signatures and doc comments of the library's functions and classes, for help(): read from
 * the declarations tsc writes (dist/**\/*.d.ts keeps each export's doc comment and signature),
 * or from the sources when there is no build. Read once, on the first help() that needs it.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export interface Declaration {
  kind: "function" | "class";
  /** One line per overload: `sr1(pkts: PacketsInput, options?: SrOptions): Promise<Packet | undefined>`. */
  signatures: string[];
  /** The doc comment's text, without its stars. */
  doc: string;
}

const root = fileURLToPath(new URL("../../../", import.meta.url));
let index: Map<string, Declaration> | null = null;

function files(dir: string, ext: string): string[] {
  let out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (name !== "cjs") out = out.concat(files(path, ext));
    } else if (name.endsWith(ext)) out.push(path);
  }
  return out;
}

function docText(comment: string | undefined): string {
  if (!comment) return "";
  return comment
    .trim()
    .replace(/^\/\*\*\s*/, "")
    .replace(/\s*\*\/$/, "")
    .split("\n")
    .map((l) => l.replace(/^\s*\* ?/, ""))
    .join("\n")
    .trim();
}

/** The text from `(` to its matching `)`, then the return type up to the declaration's end. */
function signatureAt(text: string, open: number): string | null {
  let depth = 0;
  let i = open;
  for (; i < text.length; i++) {
    const c = text[i];
    if (c === "(" || c === "{" || c === "[" || c === "<") depth++;
    else if (c === ")" || c === "}" || c === "]" || (c === ">" && text[i - 1] !== "=")) depth--;
    if (depth === 0) break;
  }
  if (i >= text.length) return null;
  const params = text.slice(open, i + 1);
  const rest = /^\s*:\s*([^;{]+?)\s*(?:;|\{\s*$)/m.exec(text.slice(i + 1, i + 400));
  return (params + (rest ? `: ${rest[1]}` : "")).replace(/\s+/g, " ").replace(/\( /g, "(").replace(/ \)/g, ")");
}

function build(): Map<string, Declaration> {
  const map = new Map<string, Declaration>();
  const dist = join(root, "dist");
  const list = existsSync(join(dist, "index.d.ts")) ? files(dist, ".d.ts") : existsSync(join(root, "src")) ? files(join(root, "src"), ".ts") : [];
  const decl = /(\/\*\*(?:(?!\*\/)[\s\S])*\*\/\s*)?export (?:declare )?(?:async )?(function|class) (\w+)\s*(<[^(]*?>)?\s*(\(|extends|implements|\{)/g;
  for (const file of list) {
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(decl)) {
      const [, comment, kind, name] = m;
      const entry = map.get(name!) ?? { kind: kind as "function" | "class", signatures: [], doc: "" };
      if (kind === "function") {
        const sig = signatureAt(text, m.index! + m[0].length - 1);
        if (sig) entry.signatures.push(`${name}${m[4] ?? ""}${sig}`);
      } else if (!entry.signatures.length) {
        entry.signatures.push(`class ${name}`);
      }
      if (!entry.doc) entry.doc = docText(comment);
      map.set(name!, entry);
    }
  }
  return map;
}

/** The declaration of an exported function or class, or undefined. */
export function declarationOf(name: string): Declaration | undefined {
  try {
    index ??= build();
  } catch {
    index = new Map();
  }
  return index.get(name);
}
