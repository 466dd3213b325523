/**
 * `$py`, the runtime the translated Python calls into, and the builtins it puts in scope. One
 * runtime per shell context: it knows where output goes and which line is running.
 */
import * as attrs from "./attrs.ts";
import * as calls from "./calls.ts";
import { makeBuiltins, type BuiltinHost } from "./builtins.ts";
import { formatError, matches, pyError, pyExceptions, toRaise } from "./errors.ts";
import { formatValue } from "./format.ts";
import { makeModules } from "./modules.ts";
import * as ops from "./ops.ts";
import { repr, str } from "./repr.ts";
import { Ellipsis, isPlainObject, tuple, typeName } from "./types.ts";
import { fromLatin1 } from "../../core/bytes.ts";

export interface RuntimeHost extends BuiltinHost {
  library: Record<string, unknown>;
  argv: string[];
  /** The context's global object (del of a global, the `_` of the last echo). */
  global(): Record<string, unknown>;
}

class Spread {
  constructor(readonly value: unknown) {}
}

/** A thrown value tagged with the line that was running, for script tracebacks. */
export const LINE: unique symbol = Symbol("packetry.shell.line");

export function createRuntime(host: RuntimeHost) {
  const module = makeModules(host);
  const builtins = { ...makeBuiltins(host), ...pyExceptions };
  const $py = {
    ...ops,
    getattr: attrs.getattr,
    setattr: attrs.setattr,
    delattr: attrs.delattr,
    callMethod: attrs.callMethod,
    call: calls.call,
    def: calls.def,
    method: calls.method,
    pyclass: calls.pyclass,
    line: 0,
    Ellipsis,
    tuple,
    set: (items: unknown[]) => new Set(items),
    b: (latin1: string) => fromLatin1(latin1),
    format: formatValue,
    spread: (value: unknown) => new Spread(value),
    dict(entries: Array<[unknown, unknown] | Spread>): Record<string, unknown> {
      const out: Record<string, unknown> = {};
      for (const e of entries) {
        if (e instanceof Spread) Object.assign(out, $py.kwargs(e.value));
        else out[typeof e[0] === "string" ? e[0] : str(e[0])] = e[1];
      }
      return out;
    },
    /** A dict key written as a bare name: its value, or its text when it names nothing (JavaScript's {dst: ...}). */
    nameKey(read: () => unknown, name: string): unknown {
      try {
        return read();
      } catch (e) {
        if (e && typeof e === "object" && (e as Error).name === "ReferenceError") return name;
        throw e;
      }
    },
    kwargs(value: unknown): Record<string, unknown> {
      if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [String(k), v]));
      if (isPlainObject(value)) return value;
      throw pyError("TypeError", `argument after ** must be a mapping, not ${typeName(value)}`);
    },
    /** The echo of Python's REPL: repr of anything but None, kept in `_`. */
    display(value: unknown): void {
      if (value === null || value === undefined) return;
      host.global()._ = value;
      host.write(repr(value) + "\n");
    },
    printStatement(values: unknown[], newline: boolean): void {
      host.write(values.map(str).join(" ") + (newline ? "\n" : " "));
    },
    /** `with m as v`: v is m.__enter__() when m has one, else m itself (files, readers, sockets: closed on the way out). */
    enter(m: unknown): unknown {
      const o = m as Record<string | symbol, unknown> | null;
      const usable = o !== null && (typeof o === "object" || typeof o === "function") && (typeof o.__enter__ === "function" || typeof o.close === "function" || typeof o[Symbol.dispose] === "function" || typeof o[Symbol.asyncDispose] === "function");
      if (!usable) throw pyError("TypeError", `'${typeName(m)}' object does not support the context manager protocol`);
      return typeof o.__enter__ === "function" ? (o.__enter__ as () => unknown).call(o) : o;
    },
    /** Leaving a with block: __exit__(type, value, None), else close() or dispose. */
    exit(m: unknown, e: unknown): unknown {
      const o = m as Record<string | symbol, unknown>;
      if (typeof o.__exit__ === "function") return (o.__exit__ as (...a: unknown[]) => unknown).call(o, e === null ? null : (builtins.type as (x: unknown) => unknown)(e), e, null);
      if (typeof o.close === "function") return (o.close as () => unknown).call(o);
      if (typeof o[Symbol.asyncDispose] === "function") return (o[Symbol.asyncDispose] as () => unknown).call(o);
      return (o[Symbol.dispose] as () => unknown).call(o);
    },
    caught(e: unknown): unknown {
      if (e && typeof e === "object" && !(LINE in e)) {
        try {
          (e as Record<symbol, number>)[LINE] = $py.line;
        } catch {
          // a frozen value: no line
        }
      }
      return e;
    },
    matches,
    raise(x: unknown): unknown {
      return $py.caught(toRaise(x));
    },
    assertionError(msg: unknown): Error {
      return pyError("AssertionError", msg === undefined ? "" : str(msg));
    },
    module,
    importName(m: Record<string, unknown>, name: string): unknown {
      if (!(name in m)) throw pyError("ImportError", `cannot import name ${repr(name)}`);
      return m[name];
    },
    delGlobal(name: string): void {
      const g = host.global();
      if (!(name in g)) throw pyError("NameError", `name '${name}' is not defined`);
      delete g[name];
    },
    formatError,
    ticks: 0,
    /** True every 4096th loop turn. */
    tick(): boolean {
      return (++$py.ticks & 4095) === 0;
    },
    /** Lets timers, input and signals run; a pending Ctrl-C is raised here as KeyboardInterrupt. */
    async breathe(): Promise<void> {
      await new Promise((r) => setImmediate(r));
      if (calls.interrupt.signal?.aborted) throw pyError("KeyboardInterrupt", "");
    },
  };
  return { $py, builtins };
}

export type Runtime = ReturnType<typeof createRuntime>["$py"];
