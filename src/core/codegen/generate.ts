/**
 * Whether per-layer code can be generated here. A page whose content-security policy lacks
 * 'unsafe-eval' (or Node with --disallow-code-generation-from-strings) forbids `new Function`:
 * then every layer runs on the generic closures, which do the same work more slowly.
 */
let allowed: boolean | null = null;

/** True when `new Function` works in this realm. */
export function canGenerateCode(): boolean {
  if (allowed === null) {
    try {
      allowed = new Function("return true")() === true;
    } catch {
      allowed = false;
    }
  }
  return allowed;
}

/** Makes a function from generated source, its free names bound to `bindings` (only called when canGenerateCode()). */
export function generate<T>(source: string, bindings: Record<string, unknown>): T {
  const names = Object.keys(bindings);
  return new Function(...names, `"use strict";\n${source}`)(...names.map((n) => bindings[n])) as T;
}
