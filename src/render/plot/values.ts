/** Numbers out of what a user's function returns for a plot (numbers, bigints, flags, booleans). */

export function plotNumber(v: unknown, where: string): number {
  const n = typeof v === "number" ? v : typeof v === "bigint" || typeof v === "boolean" ? Number(v) : v !== null && typeof v === "object" ? Number(v.valueOf()) : NaN;
  if (!Number.isFinite(n)) throw new TypeError(`${where}, gave ${typeof v === "string" ? JSON.stringify(v) : String(v)}: not a number to plot`);
  return n;
}

/** [x, y] from a pair (Scapy's plot_xy). */
export function plotPair(v: unknown, where: string): [number, number] {
  if (!Array.isArray(v) || v.length !== 2) throw new TypeError(`${where}, gave ${String(v)}: plot_xy wants an (x, y) pair`);
  return [plotNumber(v[0], where), plotNumber(v[1], where)];
}
