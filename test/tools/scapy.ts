/**
 * Debian's Scapy as the oracle for the tools' tests: a Python snippet run with `from scapy.all
 * import *`, offline (in a network namespace of its own: Scapy resolves names and MACs by
 * itself), its stdout returned.
 */
import { execFileSync } from "node:child_process";

export function scapy(code: string, timeout = 120_000): string {
  return execFileSync("unshare", ["-n", "/usr/bin/python3", "-c", `from scapy.all import *\n${code}`], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout });
}

/** A TypeScript string as a Python string literal. */
export function py(text: string): string {
  return JSON.stringify(text);
}
