/**
 * A shell session: a vm context holding the library, the Python builtins and the runtime, and
 * `run(source)` for what the user types. Input is read as the Python subset first; what is not
 * valid there but is valid JavaScript (or TypeScript) runs as JavaScript.
 */
import vm from "node:vm";
import { compileJavaScript, JsSyntaxError, stripTypes } from "./javascript.ts";
import { compilePython, type CompileMode } from "./python/compiler.ts";
import { PySyntaxError } from "./python/errors.ts";
import { parse } from "./python/parser.ts";
import { metaOf } from "./runtime/calls.ts";
import { createRuntime, LINE, type Runtime } from "./runtime/index.ts";
import { formatError } from "./runtime/errors.ts";
import { repr } from "./runtime/repr.ts";
import { libraryScope, returnsPromise } from "./scope.ts";

export type Language = "python" | "javascript";

/** A syntax error of either language, with where it is. */
export class ShellSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly col: number,
    readonly incomplete: boolean,
    readonly kind: "SyntaxError" | "IndentationError",
    readonly language: Language,
  ) {
    super(message);
    this.name = kind;
  }
}

export interface Compiled {
  language: Language;
  code: string;
}

export interface SessionOptions {
  write?: (text: string) => void;
  argv?: string[];
  /** Name in error messages and stack traces. */
  filename?: string;
}

/** Globals of Node the session shares with the library (same realm: `new Uint8Array` is the library's). */
const HOST_GLOBALS = [
  "console", "process", "Buffer", "Uint8Array", "Uint16Array", "Uint32Array", "Int8Array", "Int16Array", "Int32Array",
  "Float32Array", "Float64Array", "BigInt64Array", "BigUint64Array", "ArrayBuffer", "SharedArrayBuffer", "DataView",
  "TextEncoder", "TextDecoder", "Map", "Set", "WeakMap", "WeakSet", "URL", "URLSearchParams", "AbortController",
  "AbortSignal", "setTimeout", "clearTimeout", "setInterval", "clearInterval", "setImmediate", "clearImmediate",
  "queueMicrotask", "performance", "structuredClone", "fetch", "atob", "btoa",
] as const;

export class Session {
  readonly context: vm.Context;
  readonly runtime: Runtime;
  readonly filename: string;
  /** The library's names and their snake_case aliases. */
  readonly library: Record<string, unknown>;
  private readonly write: (text: string) => void;
  private readonly builtins: Record<string, unknown>;

  constructor(options: SessionOptions = {}) {
    this.write = options.write ?? ((t) => void process.stdout.write(t));
    this.filename = options.filename ?? "<stdin>";
    this.library = libraryScope();
    const sandbox: Record<string, unknown> = {};
    const { $py, builtins } = createRuntime({
      write: (t) => this.write(t),
      library: this.library,
      argv: options.argv ?? [""],
      global: () => sandbox,
      globals: () => this.names(),
      evaluate: async (source, mode) => {
        // eval: one expression's value; exec: statements, None.
        if (mode === "eval" && parse(source).some((st, i, all) => st.kind !== "Expr" || all.length > 1)) throw new SyntaxError("eval() takes one expression; exec() runs statements");
        const value = await this.run(source, mode === "eval" ? "eval" : "script", "python");
        return mode === "eval" ? value : null;
      },
    });
    this.runtime = $py;
    this.builtins = builtins as Record<string, unknown>;
    for (const name of HOST_GLOBALS) if (name in globalThis) sandbox[name] = (globalThis as Record<string, unknown>)[name];
    Object.assign(sandbox, this.library, builtins, { $py, __name__: "__main__" });
    this.context = vm.createContext(sandbox, { name: "packetry" });
  }

  /** Does the name still hold the shell's builtin of that name (not rebound by the user)? */
  isBuiltin(name: string): boolean {
    return name in this.builtins && (this.context as Record<string, unknown>)[name] === this.builtins[name];
  }

  /** Names a user can reach (for completion and dir()). */
  names(): string[] {
    return Object.keys(this.context).filter((n) => !n.startsWith("$") && !(HOST_GLOBALS as readonly string[]).includes(n));
  }

  /** Is this global an async function (its calls inside a def make the def async)? */
  isAsyncName(name: string): boolean {
    const v = (this.context as Record<string, unknown>)[name];
    if (typeof v !== "function") return false;
    return v.constructor?.name === "AsyncFunction" || returnsPromise(v) || !!metaOf(v)?.async;
  }

  /**
   * Python if it parses as Python; else JavaScript; else TypeScript. A syntax error reports the
   * language that read further (Python on a tie).
   */
  compile(source: string, mode: CompileMode, preferred?: Language): Compiled {
    let pyError: PySyntaxError | null = null;
    if (preferred !== "javascript") {
      try {
        return { language: "python", code: compilePython(parse(source), { mode, isAsyncName: (n) => this.isAsyncName(n) }) };
      } catch (e) {
        if (!(e instanceof PySyntaxError)) throw e;
        pyError = e;
        if (preferred === "python") throw fromPython(e);
      }
    }
    let jsError: JsSyntaxError;
    try {
      return { language: "javascript", code: compileJavaScript(source) };
    } catch (e) {
      if (!(e instanceof JsSyntaxError)) throw e;
      jsError = e;
    }
    const ts = stripTypes(source);
    if (ts !== null) {
      try {
        return { language: "javascript", code: compileJavaScript(ts) };
      } catch {
        // report the errors below
      }
    }
    if (pyError && (pyError.incomplete || pyError.unsupported || offsetOf(source, pyError.line, pyError.col) >= jsError.pos)) throw fromPython(pyError);
    const [line, col] = lineCol(source, jsError.pos);
    throw new ShellSyntaxError(jsError.message, line, col, jsError.incomplete, "SyntaxError", "javascript");
  }

  /**
   * How a REPL should treat this much input. incomplete: an open bracket or string ("more"), or
   * a Python block header still waiting for its body ("block"). block: a complete Python
   * compound statement, which Python's REPL runs only after a blank line.
   */
  status(source: string): { state: "complete" | "incomplete" | "error"; block: boolean; reason?: "more" | "block" } {
    try {
      const first = parse(source)[0];
      return { state: "complete", block: !!first && ["If", "While", "For", "FunctionDef", "Try", "With"].includes(first.kind) };
    } catch (e) {
      if (!(e instanceof PySyntaxError)) throw e;
      if (e.incomplete) return { state: "incomplete", block: true, reason: e.message.startsWith("expected an indented block") ? "block" : "more" };
    }
    try {
      compileJavaScript(source);
      return { state: "complete", block: false };
    } catch (e) {
      if (e instanceof JsSyntaxError && e.incomplete) return { state: "incomplete", block: false, reason: "more" };
    }
    if (stripTypes(source) !== null) return { state: "complete", block: false };
    return { state: "error", block: false };
  }

  /**
   * Runs input. interactive: shows each expression's value as Python's REPL does; eval: returns
   * the last expression's value (packetry -c); script: shows nothing.
   */
  async run(source: string, mode: CompileMode, preferred?: Language): Promise<unknown> {
    const compiled = this.compile(source, mode, preferred);
    let result: unknown;
    try {
      result = await vm.runInContext(compiled.code, this.context, { filename: this.filename });
    } catch (e) {
      throw compiled.language === "python" ? this.runtime.caught(e) : e;
    }
    if (compiled.language === "python") return result;
    const value = result && typeof (result as { then?: unknown }).then === "function" ? await result : result;
    if (mode === "interactive") this.runtime.display(value);
    return value;
  }

  /** The line a runtime error was raised on (Python input), if known. */
  lineOf(e: unknown): number | undefined {
    return e && typeof e === "object" ? (e as Record<symbol, number | undefined>)[LINE] : undefined;
  }

  repr(value: unknown): string {
    return repr(value);
  }
}

function fromPython(e: PySyntaxError): ShellSyntaxError {
  return new ShellSyntaxError(e.message, e.line, e.col, e.incomplete, e.kind, "python");
}

function offsetOf(src: string, line: number, col: number): number {
  let off = 0;
  for (let l = 1; l < line; l++) {
    const nl = src.indexOf("\n", off);
    if (nl < 0) return src.length;
    off = nl + 1;
  }
  return off + col;
}

function lineCol(src: string, pos: number): [number, number] {
  const before = src.slice(0, pos);
  const line = before.split("\n").length;
  return [line, pos - (before.lastIndexOf("\n") + 1)];
}

/** A syntax error as Python shows it: where, the line, a caret, the message. */
export function formatSyntaxError(e: ShellSyntaxError, source: string, filename: string): string {
  const text = source.split("\n")[e.line - 1] ?? "";
  const indent = text.length - text.trimStart().length;
  const caret = " ".repeat(Math.max(0, e.col - indent)) + "^";
  return [`  File "${filename}", line ${e.line}`, `    ${text.trim()}`, `    ${caret}`, `${e.kind}: ${e.message}`].join("\n");
}

/** One line for a syntax error (packetry -c). */
export function syntaxErrorLine(e: ShellSyntaxError): string {
  return `${e.kind}: ${e.message} (line ${e.line}, column ${e.col + 1})`;
}

export { formatError };
