/**
 * The command line: `packetry` opens the shell, `packetry -c CODE` evaluates code and prints the
 * result, `packetry FILE [ARGS]` runs a script with the library in scope. Other subcommands
 * register in `subcommands` (one line each).
 */
import { readFileSync } from "node:fs";
import { extname } from "node:path";
import { VERSION } from "./banner.ts";
import { runRepl } from "./repl.ts";
import { SystemExit } from "./runtime/errors.ts";
import { formatError, formatSyntaxError, Session, ShellSyntaxError, syntaxErrorLine, type Language } from "./session.ts";

export const subcommands = new Map<string, (args: string[]) => Promise<number>>();
subcommands.set("read", async (args) => (await import("./read.ts")).readCommand(args));
subcommands.set("lab", async (args) => (await import("../lab/command.ts")).labCommand(args));
subcommands.set("workshop", async (args) => (await import("../lab/workshop.ts")).workshopCommand(args));

const USAGE = `usage: packetry [-c CODE | FILE [ARG...] | read FILE ... | lab ... | workshop]
  (no arguments)  the interactive shell: Scapy's syntax (a Python subset) or JavaScript
  -c CODE [ARG...] run CODE and print its result (a string as plain text); sys.argv is ["-c", ARG...]
  FILE [ARG...]   run a script in the shell's scope (sys.argv holds FILE and the ARGs)
  read FILE       print a capture like tcpdump -r (packetry read --help)
  lab up|down|status|shell|exec   the network-namespace lab (packetry lab --help)
  workshop        the workshop's slides as a guided session in the lab (packetry workshop --help)
  --version       packetry's version`;

export async function main(argv: string[]): Promise<number> {
  const [first, ...rest] = argv;
  if (first === "-h" || first === "--help") {
    console.log(USAGE);
    return 0;
  }
  if (first === "--version" || first === "-V") {
    console.log(VERSION);
    return 0;
  }
  if (first && subcommands.has(first)) return subcommands.get(first)!(rest);
  // `packetry -c ... | head`: the reader going away ends the program quietly, as Python's does.
  process.stdout.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") process.exit(0);
    throw e;
  });
  if (first === "-c") {
    if (rest.length === 0) {
      console.error("packetry: -c needs code to run");
      return 2;
    }
    return runCode(rest[0]!, rest.slice(1));
  }
  if (first && first.startsWith("-")) {
    console.error(`packetry: unknown option ${first}\n${USAGE}`);
    return 2;
  }
  if (first) return runScript(first, rest);
  return runRepl(new Session());
}

/** `packetry -c CODE`: the last expression's value is printed; an error is one line on stderr. */
async function runCode(code: string, args: string[]): Promise<number> {
  const session = new Session({ filename: "<string>", argv: ["-c", ...args] });
  try {
    const value = await session.run(code, "eval");
    if (value !== undefined && value !== null) console.log(typeof value === "string" ? value : session.repr(value));
    return 0;
  } catch (e) {
    return fail(e, (err) => (err instanceof ShellSyntaxError ? syntaxErrorLine(err) : formatError(err)));
  }
}

/** `packetry FILE`: a script (Python unless it is .js/.mjs/.ts or only parses as JavaScript). */
async function runScript(file: string, args: string[]): Promise<number> {
  let source: string;
  try {
    source = readFileSync(file, "utf8");
  } catch (e) {
    console.error(`packetry: can't open file '${file}': ${formatError(e)}`);
    return 2;
  }
  const session = new Session({ filename: file, argv: [file, ...args] });
  const ext = extname(file).toLowerCase();
  const preferred: Language | undefined = [".js", ".mjs", ".cjs", ".ts", ".mts"].includes(ext) ? "javascript" : ext === ".py" ? "python" : undefined;
  try {
    await session.run(source.replace(/^\uFEFF/, "").replace(/^#!.*/, ""), "script", preferred);
    return 0;
  } catch (e) {
    return fail(e, (err) => {
      if (err instanceof ShellSyntaxError) return formatSyntaxError(err, source, file);
      const line = session.lineOf(err);
      const where = line ? `  File "${file}", line ${line}, in <module>\n` : "";
      return `Traceback (most recent call last):\n${where}${formatError(err)}`;
    });
  }
}

function fail(e: unknown, describe: (e: unknown) => string): number {
  if (e instanceof SystemExit) return e.code;
  console.error(describe(e));
  return 1;
}
