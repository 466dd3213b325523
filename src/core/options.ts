/**
 * Strict options objects. Every library function that takes an options object checks it at its
 * entry with a checker made here: an option it does not know, or one that Scapy has and packetry
 * does not implement, is a TypeError naming the function and the option, never silently ignored
 * (`sniff({bogusOption: 5})`, `wrpcap(f, pkts, {sync: true})`).
 */

/**
 * The shell hands keyword arguments over as an options object in camelCase (`only_asc` →
 * `onlyAsc`); it records the names as typed under this key so messages repeat what the user wrote.
 */
export const KEYWORD_NAMES: unique symbol = Symbol.for("packetry.keywordNames") as never;

/** Checks an options object: throws a TypeError for an unknown or unimplemented option. */
export type OptionsCheck<T> = (options: T | null | undefined) => void;

/**
 * A checker for the options of `fn`. `known` lists every option of the options type (the
 * compiler insists on all of them, so the list cannot drift from the interface);
 * `notImplemented` names Scapy's options that packetry lacks, each with what to do instead.
 */
/** Each checked function's options by its name (help() lists them): known ones, and Scapy's that packetry lacks. */
export const optionsOf = new Map<string, { known: readonly string[]; notImplemented: readonly string[] }>();

export function strictOptions<T extends object>(fn: string, known: Record<keyof Required<T>, true>, notImplemented: Record<string, string> = {}): OptionsCheck<T> {
  const names = new Set(Object.keys(known));
  if (!optionsOf.has(fn)) optionsOf.set(fn, { known: [...names], notImplemented: Object.keys(notImplemented) });
  return (options) => {
    if (options === null || options === undefined || typeof options !== "object") return;
    for (const key of Object.keys(options)) {
      if (names.has(key)) continue;
      const typed = (options as { [KEYWORD_NAMES]?: Record<string, string> })[KEYWORD_NAMES]?.[key] ?? key;
      const why = notImplemented[key];
      if (why !== undefined) throw new TypeError(`${fn}() argument '${typed}' is not supported by packetry${why ? `: ${why}` : ""}`);
      throw new TypeError(`${fn}() got an unexpected keyword argument '${typed}'`);
    }
  };
}
