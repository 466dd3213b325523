/**
 * JavaScript (and TypeScript) typed into the shell: top-level declarations become globals of the
 * session (so `const x = 1` can be typed twice and `x` is there on the next line), top-level
 * await works, and the last expression is the result. TypeScript goes through esbuild (tsx's)
 * when it is installed.
 */
import { createRequire } from "node:module";
import { parse, tokenizer, type Node, type Options } from "acorn";

const OPTIONS: Options = { ecmaVersion: "latest", sourceType: "script", allowAwaitOutsideFunction: true, allowHashBang: true };

export class JsSyntaxError extends Error {
  constructor(
    message: string,
    /** Offset in the source. */
    readonly pos: number,
    readonly incomplete: boolean,
  ) {
    super(message);
    this.name = "SyntaxError";
  }
}

interface Statement extends Node {
  declarations?: Array<Node & { id: Node; init: Node | null }>;
  id?: Node & { name: string };
  expression?: Node;
  kind?: string;
}

/** The session-ready code: an async function whose result is the value of the last expression. */
export function compileJavaScript(src: string): string {
  let program: Node & { body: Statement[] };
  try {
    program = parse(src, OPTIONS) as Node & { body: Statement[] };
  } catch (e) {
    throw jsError(src, e);
  }
  const text = (n: Node) => src.slice(n.start, n.end);
  const hoisted: string[] = [];
  const body: string[] = [];
  program.body.forEach((s, i) => {
    const last = i === program.body.length - 1;
    if (s.type === "VariableDeclaration") {
      for (const d of s.declarations!) {
        const value = d.init ? text(d.init) : "undefined";
        body.push(d.id.type === "ObjectPattern" ? `(${text(d.id)} = ${value});` : `${text(d.id)} = ${value};`);
      }
    } else if (s.type === "FunctionDeclaration") hoisted.push(`${s.id!.name} = ${text(s)};`);
    else if (s.type === "ClassDeclaration") body.push(`${s.id!.name} = ${text(s)};`);
    else if (last && s.type === "ExpressionStatement") body.push(`return (${text(s.expression!)});`);
    else body.push(text(s));
  });
  return `(async () => {\n${[...hoisted, ...body].join("\n")}\n})()`;
}

function jsError(src: string, e: unknown): JsSyntaxError {
  const err = e as { message?: string; pos?: number };
  const message = String(err.message ?? e).replace(/\s*\(\d+:\d+\)$/, "");
  return new JsSyntaxError(message, err.pos ?? src.length, isIncomplete(src));
}

/** The input stops inside a bracket, a template or a comment: more lines could complete it. */
export function isIncomplete(src: string): boolean {
  let depth = 0;
  try {
    for (const t of tokenizer(src, OPTIONS)) {
      const label = t.type.label;
      if (label === "{" || label === "(" || label === "[" || label === "${") depth++;
      else if (label === "}" || label === ")" || label === "]") depth--;
    }
  } catch (e) {
    return /^Unterminated (template|comment)/.test(String((e as Error).message));
  }
  return depth > 0;
}

type Esbuild = { transformSync(code: string, options: { loader: "ts" }): { code: string } };
let esbuild: Esbuild | null | undefined;

/** TypeScript to JavaScript, or null when esbuild is not installed or the input is not TypeScript. */
export function stripTypes(src: string): string | null {
  if (esbuild === undefined) {
    try {
      esbuild = createRequire(import.meta.url)("esbuild") as Esbuild;
    } catch {
      esbuild = null;
    }
  }
  if (!esbuild) return null;
  try {
    return esbuild.transformSync(src, { loader: "ts" }).code;
  } catch {
    return null;
  }
}
