/** What the live tools share: sr()'s options (passed through, as Scapy's **kargs) and waits that a signal ends. */
import type { SrOptions } from "../live/sr.ts";

/** Every option of sr()/srp(), for the tools that pass them on (strictOptions needs the full list). */
export const SR_KEYS: Record<keyof Required<SrOptions>, true> = { iface: true, timeout: true, retry: true, multi: true, inter: true, filter: true, verbose: true, signal: true, promisc: true };

/** Waits `seconds`, or less when the signal aborts. */
export function sleepUnless(seconds: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, seconds * 1000);
    signal?.addEventListener("abort", done);
  });
}

/** The options given over the tools' defaults; an option given as undefined keeps the default. */
export function withDefaults<T extends object>(defaults: T, given: Partial<T>): T {
  const out = { ...defaults };
  for (const [k, v] of Object.entries(given)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}
