/**
 * What `import` gives in the shell: Scapy's modules are the library itself (so scripts that
 * start with `from scapy.all import *` run), plus a few small stand-ins for Python's (time, sys,
 * math, random, os) that packet scripts reach for.
 */
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { builtin, interrupt } from "./calls.ts";
import { pyError, SystemExit } from "./errors.ts";
import { iter } from "./ops.ts";
import { repr } from "./repr.ts";
import { tuple } from "./types.ts";

export interface ModuleHost {
  /** The library's names, for `scapy.all`. */
  library: Record<string, unknown>;
  argv: string[];
  write(text: string): void;
}

export function makeModules(host: ModuleHost): (name: string) => Record<string, unknown> {
  const modules = new Map<string, Record<string, unknown>>();
  const scapy = { ...host.library };
  const time = {
    time: builtin("time", "", () => Date.now() / 1000),
    sleep: builtin("sleep", "secs", (s: number) => sleep(Number(s))),
    monotonic: builtin("monotonic", "", () => performance.now() / 1000),
    ctime: builtin("ctime", "secs=None", (s: number | null) => new Date(s === null ? Date.now() : s * 1000).toString()),
  };
  const sys = {
    argv: host.argv,
    version: `packetry on Node ${process.versions.node}`,
    platform: process.platform,
    maxsize: Number.MAX_SAFE_INTEGER,
    stdout: { write: builtin("write", "s", (s: unknown) => host.write(String(s))) },
    stderr: { write: builtin("write", "s", (s: unknown) => void process.stderr.write(String(s))) },
    exit: builtin("exit", "code=None", (code: unknown) => {
      throw new SystemExit(code === null || code === undefined ? 0 : typeof code === "number" ? code : 1);
    }),
  };
  const math = {
    pi: Math.PI,
    e: Math.E,
    inf: Infinity,
    nan: NaN,
    floor: builtin("floor", "x", Math.floor),
    ceil: builtin("ceil", "x", Math.ceil),
    sqrt: builtin("sqrt", "x", Math.sqrt),
    log: builtin("log", "x, base=None", (x: number, b: number | null) => (b === null ? Math.log(x) : Math.log(x) / Math.log(b))),
    log2: builtin("log2", "x", Math.log2),
    log10: builtin("log10", "x", Math.log10),
    exp: builtin("exp", "x", Math.exp),
    fabs: builtin("fabs", "x", Math.abs),
  };
  const random = {
    random: builtin("random", "", Math.random),
    randint: builtin("randint", "a, b", (a: number, b: number) => a + Math.floor(Math.random() * (b - a + 1))),
    randrange: builtin("randrange", "start, stop=None, step=1", (a: number, b: number | null, s: number) => {
      const [lo, hi] = b === null ? [0, a] : [a, b];
      const n = Math.ceil((hi - lo) / s);
      if (n <= 0) throw pyError("ValueError", "empty range for randrange()");
      return lo + s * Math.floor(Math.random() * n);
    }),
    choice: builtin("choice", "seq", (seq: unknown) => {
      const items = [...iter(seq)];
      if (!items.length) throw pyError("IndexError", "Cannot choose from an empty sequence");
      return items[Math.floor(Math.random() * items.length)];
    }),
    shuffle: builtin("shuffle", "x", (x: unknown[]) => {
      for (let i = x.length - 1; i > 0; i--) {
        const j = Math.floor(Math.random() * (i + 1));
        [x[i], x[j]] = [x[j], x[i]];
      }
    }),
  };
  const os = {
    environ: { ...process.env },
    getuid: builtin("getuid", "", () => process.getuid?.() ?? -1),
    getcwd: builtin("getcwd", "", () => process.cwd()),
    sep: "/",
    path: {
      exists: builtin("exists", "path", (p: string) => existsSync(p)),
      join: builtin("join", "*parts", (parts: string[]) => join(...parts)),
      expanduser: builtin("expanduser", "path", (p: string) => p.replace(/^~(?=$|\/)/, homedir())),
      basename: builtin("basename", "path", (p: string) => p.split("/").pop() ?? ""),
      splitext: builtin("splitext", "path", (p: string) => {
        const m = /^(.*?)(\.[^./]*)?$/.exec(p)!;
        return tuple([m[1], m[2] ?? ""]);
      }),
    },
  };
  for (const [name, m] of Object.entries({ time, sys, math, random, os, "os.path": os.path })) modules.set(name, m);

  return (name: string) => {
    if (name === "scapy" || name.startsWith("scapy.")) return scapy;
    const m = modules.get(name);
    if (!m) throw pyError("ModuleNotFoundError", `No module named ${repr(name)} in packetry's shell (Scapy's modules, time, sys, math, random and os are there)`);
    return m;
  };
}

/** time.sleep, cut short by the shell's Ctrl-C. */
function sleep(seconds: number): Promise<void> {
  const signal = interrupt.signal;
  return new Promise((resolve, reject) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", stop);
    };
    const stop = () => {
      done();
      reject(pyError("KeyboardInterrupt", ""));
    };
    const timer = setTimeout(() => {
      done();
      resolve();
    }, seconds * 1000);
    signal?.addEventListener("abort", stop, { once: true });
  });
}
