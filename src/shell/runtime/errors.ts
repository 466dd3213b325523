/**
 * Python's exceptions in the shell: the builtin classes (`raise ValueError("x")`, `except
 * KeyError:`), JavaScript errors seen under their Python names (a ReferenceError is a NameError,
 * ENOENT a FileNotFoundError), and the one line an error prints as.
 */
import { PyErrorLike } from "./types.ts";

/** Python's exception tree, child -> parent, for the builtins the shell knows. */
const PARENT: Record<string, string> = {
  Exception: "BaseException",
  SystemExit: "BaseException",
  KeyboardInterrupt: "BaseException",
  ArithmeticError: "Exception",
  ZeroDivisionError: "ArithmeticError",
  OverflowError: "ArithmeticError",
  AssertionError: "Exception",
  AttributeError: "Exception",
  ImportError: "Exception",
  ModuleNotFoundError: "ImportError",
  LookupError: "Exception",
  IndexError: "LookupError",
  KeyError: "LookupError",
  NameError: "Exception",
  UnboundLocalError: "NameError",
  OSError: "Exception",
  FileNotFoundError: "OSError",
  FileExistsError: "OSError",
  PermissionError: "OSError",
  IsADirectoryError: "OSError",
  NotADirectoryError: "OSError",
  TimeoutError: "OSError",
  RuntimeError: "Exception",
  NotImplementedError: "RuntimeError",
  RecursionError: "RuntimeError",
  StopIteration: "Exception",
  SyntaxError: "Exception",
  IndentationError: "SyntaxError",
  TypeError: "Exception",
  ValueError: "Exception",
  UnicodeError: "ValueError",
};

/** The exception classes the shell defines (TypeError and SyntaxError are JavaScript's own). */
export const pyExceptions: Record<string, unknown> = {};
for (const name of Object.keys(PARENT)) {
  if (name === "TypeError" || name === "SyntaxError") continue;
  pyExceptions[name] = makeClass(name);
}
pyExceptions.BaseException = makeClass("BaseException");
pyExceptions.TypeError = TypeError;
pyExceptions.SyntaxError = SyntaxError;

function makeClass(name: string): new (...args: unknown[]) => Error {
  const cls = {
    [name]: class extends Error {
      args: unknown[];
      constructor(...args: unknown[]) {
        super(args.length === 1 ? String(args[0]) : args.length ? String(args) : "");
        this.name = name;
        this.args = args;
      }
    },
  }[name]!;
  return cls;
}

/** A Python exception by name, ready to throw. */
export function pyError(name: string, message: string): Error {
  const cls = pyExceptions[name] as (new (m: string) => Error) | undefined;
  return cls ? new cls(message) : new PyErrorLike(name, message);
}

const ERRNO: Record<string, [string, number, string]> = {
  ENOENT: ["FileNotFoundError", 2, "No such file or directory"],
  EEXIST: ["FileExistsError", 17, "File exists"],
  EACCES: ["PermissionError", 13, "Permission denied"],
  EPERM: ["PermissionError", 1, "Operation not permitted"],
  EISDIR: ["IsADirectoryError", 21, "Is a directory"],
  ENOTDIR: ["NotADirectoryError", 20, "Not a directory"],
};

interface ErrorShape {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  path?: unknown;
  syscall?: unknown;
}

/** The Python name of an error (JavaScript errors from any realm included). */
export function pyName(e: unknown): string {
  if (!e || typeof e !== "object") return "Exception";
  const err = e as ErrorShape;
  if (typeof err.code === "string" && err.code in ERRNO && typeof err.syscall === "string") return ERRNO[err.code]![0];
  const name = typeof err.name === "string" ? err.name : "Exception";
  if (name === "ReferenceError") return "NameError";
  if (name === "RangeError" && /call stack/.test(String(err.message))) return "RecursionError";
  return name;
}

/** The message as Python would word it. */
export function pyMessage(e: unknown): string {
  if (!e || typeof e !== "object") return String(e);
  const err = e as ErrorShape;
  const message = typeof err.message === "string" ? err.message : String(e);
  if (typeof err.code === "string" && err.code in ERRNO && typeof err.syscall === "string") {
    const [, errno, text] = ERRNO[err.code]!;
    return typeof err.path === "string" ? `[Errno ${errno}] ${text}: '${err.path}'` : `[Errno ${errno}] ${text}`;
  }
  if (err.name === "ReferenceError") {
    const m = /^(\S+) is not defined$/.exec(message);
    if (m) return `name '${m[1]!.replace(/^\$\$/, "")}' is not defined`;
  }
  if (err.name === "RangeError" && /call stack/.test(message)) return "maximum recursion depth exceeded";
  return message;
}

/** `NameError: name 'x' is not defined` — how an error prints in the shell. */
export function formatError(e: unknown): string {
  if (e === null || e === undefined || typeof e !== "object") return `Exception: ${String(e)}`;
  const name = pyName(e);
  const message = pyMessage(e);
  return message ? `${name}: ${message}` : name;
}

/** Is `e` an instance of the Python exception class (or tuple of classes) `cls`? */
export function matches(e: unknown, cls: unknown): boolean {
  if (Array.isArray(cls)) return cls.some((c) => matches(e, c));
  if (typeof cls !== "function") throw pyError("TypeError", "catching classes that do not inherit from BaseException is not allowed");
  const target = cls.name;
  if (cls !== pyExceptions[target] && !(target in PARENT) && target !== "BaseException" && target !== "Error") {
    // A library error class (CaptureError, PacketryError...).
    return e instanceof (cls as new () => unknown) || (!!e && typeof e === "object" && (e as ErrorShape).name === target);
  }
  if (target === "Error") return true;
  for (let name: string | undefined = pyName(e); name; name = PARENT[name] ?? (name === "BaseException" ? undefined : "Exception")) {
    if (name === target) return true;
    if (name === "BaseException") break;
  }
  return false;
}

/** What `raise X` throws: classes are instantiated, instances thrown as they are. */
export function toRaise(x: unknown): unknown {
  if (x === null || x === undefined) return pyError("RuntimeError", "No active exception to reraise");
  if (typeof x === "function") {
    try {
      return new (x as new () => unknown)();
    } catch {
      return pyError("TypeError", "exceptions must derive from BaseException");
    }
  }
  if (typeof x === "object") return x;
  return pyError("TypeError", "exceptions must derive from BaseException");
}

/** Thrown by exit() and sys.exit(): ends a script or the shell with this status. */
export class SystemExit extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
    this.name = "SystemExit";
  }
}
pyExceptions.SystemExit = SystemExit;
