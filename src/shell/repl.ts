/**
 * The interactive loop, as Python's REPL: `>>> ` and `... ` prompts, a block (a line ending in
 * ':') runs after a blank line, each expression's value is echoed, an error prints one line and
 * the shell goes on. Ctrl-C abandons the lines typed so far, or interrupts what is running
 * (sr, sniff and sleep stop and return what they have). On a terminal: a banner, colours,
 * history in ~/.packetry_history and tab completion. With piped input: no banner, no prompts.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import readline from "node:readline";
import { conf } from "../index.ts";
import { banner } from "./banner.ts";
import { complete } from "./complete.ts";
import { interrupt } from "./runtime/calls.ts";
import { SystemExit } from "./runtime/errors.ts";
import { formatError, formatSyntaxError, Session, ShellSyntaxError } from "./session.ts";

const PS1 = ">>> ";
const PS2 = "... ";
const HISTORY_SIZE = 1000;

export interface ReplOptions {
  input?: NodeJS.ReadableStream & { isTTY?: boolean };
  output?: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  errors?: NodeJS.WritableStream;
  /** Line editing, prompts, completion and history (default: when the input is a terminal). */
  terminal?: boolean;
  /** History file (default $PACKETRY_HISTORY or ~/.packetry_history; null: none). */
  historyFile?: string | null;
  /** Colours (default: on a terminal, unless conf.color is off). */
  color?: boolean;
}

export async function runRepl(session: Session, options: ReplOptions = {}): Promise<number> {
  const input = options.input ?? process.stdin;
  const output = options.output ?? process.stdout;
  const errors = options.errors ?? process.stderr;
  const terminal = options.terminal ?? !!input.isTTY;
  const color = options.color ?? (terminal && !!output.isTTY && conf.color);
  const red = (s: string) => (color ? `\x1b[31m${s}\x1b[0m` : s);
  const historyFile = terminal ? (options.historyFile === undefined ? (process.env.PACKETRY_HISTORY ?? join(homedir(), ".packetry_history")) : options.historyFile) : null;

  if (terminal) output.write(banner({ columns: output.columns, color }) + "\n");
  const rl = readline.createInterface({
    input,
    output: terminal ? output : undefined,
    terminal,
    completer: terminal ? (line: string) => complete(line, session.context, session.names()) : undefined,
    history: historyFile ? loadHistory(historyFile) : [],
    historySize: HISTORY_SIZE,
    removeHistoryDuplicates: true,
    tabSize: 4,
  });
  if (historyFile) rl.on("history", (h: string[]) => saveHistory(historyFile, h));

  let buffer: string[] = [];
  let running: AbortController | null = null;
  let exitCode = 0;

  rl.on("SIGINT", () => {
    if (running) {
      running.abort();
      return;
    }
    // Forget the line being typed: to its end (Ctrl-E), then everything before (Ctrl-U).
    rl.write(null, { ctrl: true, name: "e" });
    rl.write(null, { ctrl: true, name: "u" });
    output.write("\nKeyboardInterrupt\n");
    buffer = [];
    rl.setPrompt(PS1);
    rl.prompt();
  });

  const execute = async (source: string): Promise<boolean> => {
    running = new AbortController();
    interrupt.signal = running.signal;
    // Python 3.13's REPL: `exit` or `quit` alone on a line leaves, as exit() does.
    const bare = /^\s*(exit|quit)\s*$/.exec(source);
    if (bare && session.isBuiltin(bare[1]!)) {
      exitCode = 0;
      return true;
    }
    try {
      await session.run(source, "interactive");
    } catch (e) {
      if (e instanceof SystemExit) {
        exitCode = e.code;
        return true;
      }
      if (e instanceof ShellSyntaxError) errors.write(red(formatSyntaxError(e, source, "<stdin>")) + "\n");
      else if (running.signal.aborted) errors.write(red("KeyboardInterrupt") + "\n");
      else errors.write(red(formatError(e)) + "\n");
    } finally {
      running = null;
      interrupt.signal = null;
    }
    return false;
  };

  rl.setPrompt(PS1);
  rl.prompt();
  for await (const line of rl) {
    if (buffer.length === 0 && !line.trim()) {
      rl.prompt();
      continue;
    }
    buffer.push(line);
    const source = buffer.join("\n");
    if (!readMore(session, source, !line.trim())) {
      buffer = [];
      if (await execute(source)) break;
    }
    rl.setPrompt(buffer.length ? PS2 : PS1);
    rl.prompt();
  }
  // Input ended inside a statement: run it, so its error (an unclosed bracket...) is seen.
  if (buffer.length && exitCode === 0) await execute(buffer.join("\n"));
  rl.close();
  if (terminal) output.write("\n");
  return exitCode;
}

/** Should the REPL read another line before running this? */
function readMore(session: Session, source: string, blank: boolean): boolean {
  const st = session.status(source);
  if (st.state === "incomplete") return !(blank && st.reason === "block");
  if (st.state === "complete" && st.block) return !blank;
  return false;
}

function loadHistory(file: string): string[] {
  try {
    return readFileSync(file, "utf8").split("\n").filter(Boolean).reverse().slice(0, HISTORY_SIZE);
  } catch {
    return [];
  }
}

function saveHistory(file: string, history: string[]): void {
  try {
    writeFileSync(file, [...history].reverse().join("\n") + "\n", { mode: 0o600 });
  } catch {
    // history is a convenience: a read-only home must not break the shell
  }
}
