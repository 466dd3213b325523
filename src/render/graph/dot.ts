/** Writing DOT source: quoted identifiers and attribute lists. */

/** A DOT string literal. */
export function dotId(s: string): string {
  return `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;
}

export function dotAttrs(attrs: Readonly<Record<string, string | number | undefined>>): string {
  const parts = Object.entries(attrs)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${typeof v === "number" ? v : dotId(v!)}`);
  return parts.length ? ` [${parts.join(", ")}]` : "";
}
