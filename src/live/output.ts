/** What live functions print: Scapy's progress lines on stdout, warnings on stderr. */
import { conf } from "../core/conf.ts";

/** Effective verbosity: the call's `verbose` option, else conf.verb. */
export function verbosity(verbose?: number | boolean): number {
  if (verbose === undefined) return conf.verb;
  return typeof verbose === "boolean" ? (verbose ? conf.verb || 1 : 0) : verbose;
}

/** Where progress text goes (tests and embedders may redirect it). */
export const liveOutput = { write: (text: string): void => void process.stdout.write(text) };

export function say(text: string): void {
  liveOutput.write(text);
}

export function warn(message: string): void {
  process.stderr.write(`WARNING: ${message}\n`);
}
