/**
 * Scapy's make_table drawn as an image: the cross table of (column, row, cell) triples, keys
 * ordered as the text table orders them (as numbers, else as IPv4 addresses, else as text).
 */
import { textWidth } from "../draw/metrics.ts";
import type { Shape } from "../draw/model.ts";
import { Figure, saveAtOnce, type FigureOptions } from "./figure.ts";

export type Triple = readonly [unknown, unknown, unknown] | null | undefined;

const FONT = 9;
const ROW = 15;
const PAD = 6;
/** Most rows and columns drawn: past them the table says how many it left out. */
export const TABLE_LIMIT = 500;

function keyOrder(keys: string[]): string[] {
  const ipv4 = /^\d{1,3}(\.\d{1,3}){3}$/;
  const number = (k: string) => (/^-?\d+$/.test(k) ? Number(k) : null);
  const address = (k: string) => (ipv4.test(k) ? k.split(".").reduce((a, b) => a * 256 + Number(b), 0) : null);
  for (const rank of [number, address]) {
    if (keys.every((k) => rank(k) !== null)) return [...keys].sort((a, b) => rank(a)! - rank(b)!);
  }
  return [...keys].sort();
}

export function tableFigure(elements: Iterable<unknown>, fn: (x: unknown) => Triple, options: FigureOptions & { title?: string } = {}): Figure {
  const cells = new Map<string, Map<string, string>>();
  const rowSet = new Set<string>();
  for (const x of elements) {
    const t = fn(x);
    if (!t) continue;
    const [c, r, v] = [String(t[0]), String(t[1]), String(t[2])];
    rowSet.add(r);
    let col = cells.get(c);
    if (!col) cells.set(c, (col = new Map()));
    col.set(r, v);
  }
  if (cells.size === 0) throw new RangeError("make_table: the function gave no (column, row, cell) for any element");
  const allCols = keyOrder([...cells.keys()]);
  const allRows = keyOrder([...rowSet]);
  const cols = allCols.slice(0, TABLE_LIMIT);
  const rows = allRows.slice(0, TABLE_LIMIT);
  const cell = (c: string, r: string) => cells.get(c)?.get(r) ?? "-";

  const w = (s: string, bold = false) => textWidth(s, bold ? "bold" : "sans", FONT);
  const headW = Math.max(0, ...rows.map((r) => w(r, true))) + 2 * PAD;
  const colW = cols.map((c) => Math.max(w(c, true), ...rows.map((r) => w(cell(c, r)))) + 2 * PAD);
  const title = options.title ?? "";
  const top = title ? 24 : 6;
  const left = 6;
  const cut = allCols.length > cols.length || allRows.length > rows.length;
  const width = left * 2 + headW + colW.reduce((a, b) => a + b, 0);
  const height = top + (rows.length + 1) * ROW + 6 + (cut ? ROW : 0);

  const shapes: Shape[] = [{ kind: "rect", x: left, y: top, w: width - 2 * left, h: ROW, fill: "#e8eef6" }];
  rows.forEach((_, i) => {
    if (i % 2 === 1) shapes.push({ kind: "rect", x: left, y: top + (i + 1) * ROW, w: width - 2 * left, h: ROW, fill: "#f6f6f6" });
  });
  const text = (s: string, x: number, row: number, bold: boolean) =>
    shapes.push({ kind: "text", x, y: top + row * ROW + ROW * 0.7, text: s, size: FONT, font: bold ? "bold" : "sans", color: "#222222", anchor: "start" });
  rows.forEach((r, i) => text(r, left + PAD, i + 1, true));
  let x = left + headW;
  cols.forEach((c, j) => {
    text(c, x + PAD, 0, true);
    rows.forEach((r, i) => text(cell(c, r), x + PAD, i + 1, false));
    shapes.push({ kind: "path", ops: [["M", x, top], ["L", x, top + (rows.length + 1) * ROW]], stroke: { color: "#cccccc", width: 0.5 } });
    x += colW[j]!;
  });
  shapes.push({ kind: "rect", x: left, y: top, w: width - 2 * left, h: (rows.length + 1) * ROW, stroke: { color: "#888888", width: 0.6 } });
  if (title) shapes.push({ kind: "text", x: width / 2, y: 16, text: title, size: 11, font: "bold", color: "#222222", anchor: "middle" });
  if (cut) text(`… ${allRows.length - rows.length} more rows, ${allCols.length - cols.length} more columns not drawn`, left, rows.length + 1.3, false);
  const fig = new Figure({ width, height, background: "#ffffff", shapes }, "table", `${allCols.length} columns, ${allRows.length} rows`);
  return saveAtOnce(fig, options);
}
