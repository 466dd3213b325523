/**
 * The command line: `packetry` opens the shell, `packetry -c CODE` evaluates code and prints the
 * result, `packetry FILE` runs a script with the library in scope. Other subcommands register here.
 */
import { readFileSync } from "node:fs";
import repl from "node:repl";
import vm from "node:vm";
import { inspect } from "node:util";
import { shellScope } from "./scope.ts";

export const subcommands = new Map<string, (args: string[]) => Promise<number>>();
subcommands.set("read", async (args) => (await import("./read.ts")).readCommand(args));

const VERSION = "0.1.0";

const BANNER = `packetry ${VERSION} - Scapy for TypeScript
Layers: Ether(), IP(), TCP()... stack with .div(): Ether().div(IP({dst: "10.0.0.1"}), ICMP())
Try: ls(TCP), lsc(), IP().show()
`;

/** Evaluates code in a context holding the library; top-level await works. */
export async function evaluate(code: string, context: vm.Context): Promise<unknown> {
  const wrapped = /\bawait\b/.test(code) ? `(async () => { return (${code}\n) })()` : code;
  try {
    return await vm.runInContext(wrapped, context, { filename: "packetry" });
  } catch (e) {
    if (e instanceof SyntaxError && wrapped !== code) return await vm.runInContext(`(async () => {${code}\n})()`, context);
    throw e;
  }
}

function printResult(value: unknown): void {
  if (value === undefined) return;
  if (typeof value === "string") console.log(value);
  else console.log(inspect(value, { depth: 4, colors: !!process.stdout.isTTY }));
}

export async function main(argv: string[]): Promise<number> {
  const [first, ...rest] = argv;
  if (first === "-h" || first === "--help") {
    console.log("usage: packetry [-c CODE | FILE | read FILE ...]\n  (no arguments: the interactive shell)");
    return 0;
  }
  if (first === "--version") {
    console.log(VERSION);
    return 0;
  }
  const context = vm.createContext({ ...globalThis, console, process, ...shellScope() });
  if (first === "-c") {
    if (rest.length === 0) {
      console.error("packetry: -c needs code to run");
      return 2;
    }
    printResult(await evaluate(rest.join(" "), context));
    return 0;
  }
  if (first && subcommands.has(first)) return subcommands.get(first)!(rest);
  if (first) {
    const source = readFileSync(first, "utf8");
    await vm.runInContext(`(async () => {\n${source}\n})()`, context, { filename: first });
    return 0;
  }
  console.log(BANNER);
  const server = repl.start({ prompt: ">>> ", useGlobal: false });
  Object.assign(server.context, shellScope());
  await new Promise<void>((resolve) => server.on("exit", resolve));
  return 0;
}
