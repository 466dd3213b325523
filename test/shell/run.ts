/**
 * Runs the packetry command as a child process (through tsx, from the sources), and Debian's
 * Scapy on the same script text, for the shell's tests.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const CLI = join(ROOT, "src", "cli.ts");

export interface Run {
  stdout: string;
  stderr: string;
  code: number | null;
}

export interface RunOptions {
  /** Text written to stdin (then stdin is closed). */
  input?: string;
  env?: Record<string, string>;
  /** Run inside this network namespace (ip netns exec). */
  netns?: string;
  /** Kill after this many milliseconds (default 120 s: a guard against hangs, not a timing check; a loaded machine starts tsx slowly). */
  timeout?: number;
}

/** `packetry ARGS...` */
export function packetry(args: string[], options: RunOptions = {}): Promise<Run> {
  const node = [process.execPath, "--import", "tsx", CLI, ...args];
  const [cmd, ...argv] = options.netns ? ["ip", "netns", "exec", options.netns, ...node] : node;
  return new Promise((resolve, reject) => {
    const child = spawn(cmd!, argv, { cwd: ROOT, env: { ...process.env, NO_COLOR: "1", ...options.env }, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`packetry ${args.join(" ")} did not finish in ${options.timeout ?? 120_000} ms\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, options.timeout ?? 120_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ stdout, stderr, code });
    });
    child.stdin.end(options.input ?? "");
  });
}

/** Writes a script to a fresh temporary directory; `cleanup()` removes it. */
export function tempScript(name: string, text: string): { path: string; dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), "packetry-shell-"));
  const path = join(dir, name);
  writeFileSync(path, text);
  return { path, dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

const PYTHON = "/usr/bin/python3";

/** Why Scapy cannot run here, or null when it can. */
export function whyNoScapy(): string | null {
  if (!existsSync(PYTHON)) return `${PYTHON} is missing (apt-get install python3-scapy)`;
  const r = spawnSync(PYTHON, ["-c", "import scapy.all"], { encoding: "utf8" });
  return r.status === 0 ? null : "Scapy is not installed (apt-get install python3-scapy)";
}

/** Runs a Python script with Scapy; stdout without Scapy's start-up warnings. */
export function scapy(script: string): Run {
  const r = spawnSync(PYTHON, ["-c", script], { encoding: "utf8", timeout: 60000 });
  return { stdout: r.stdout, stderr: r.stderr.split("\n").filter((l) => !l.startsWith("WARNING")).join("\n"), code: r.status };
}
