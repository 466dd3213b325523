/**
 * Options of machines and automata, whatever their spelling: Scapy's (`renewal_time`, `IP_addr`),
 * the shell's camelCase of it (`renewalTime`, `IPAddr`) or TypeScript's (`ipAddr`) name the same
 * option. An option nobody declared is a TypeError naming the machine and the option.
 */
import { KEYWORD_NAMES } from "../core/options.ts";

const fold = (name: string) => name.replace(/_/g, "").toLowerCase();

/** Options keyed by their declared names; throws for a name not declared (named as the user typed it). */
export function normalizeOptions(owner: string, given: object | null | undefined, declared: readonly string[]): Record<string, unknown> {
  const byFold = new Map(declared.map((d) => [fold(d), d]));
  const typed = (given as { [KEYWORD_NAMES]?: Record<string, string> } | null | undefined)?.[KEYWORD_NAMES];
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(given ?? {})) {
    if (value === undefined) continue;
    const name = byFold.get(fold(key));
    if (name === undefined) throw new TypeError(`${owner}() got an unexpected keyword argument '${typed?.[key] ?? key}'`);
    out[name] = value;
  }
  return out;
}

/** Splits options into those `names` declares and the rest. */
export function splitOptions(options: Record<string, unknown>, names: readonly string[]): [picked: Record<string, unknown>, rest: Record<string, unknown>] {
  const wanted = new Set(names);
  const picked: Record<string, unknown> = {};
  const rest: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(options)) (wanted.has(k) ? picked : rest)[k] = v;
  return [picked, rest];
}
