/**
 * The right column of a packet diagram: where each byte sits (16 a row; with layer_shift, each
 * layer after the first starts that many rows lower, as Scapy draws it) and the outline of a
 * bit range over those bytes, one rectangle per row it crosses.
 */

export const BYTES_PER_ROW = 16;

export interface HexGrid {
  /** Visual row of byte i. */
  row(i: number): number;
  col(i: number): number;
  /** Index of the outermost layer holding byte i. */
  owner(i: number): number;
  readonly rows: number;
}

/** layerStarts: the first byte of each outermost layer, in order. */
export function hexGrid(length: number, layerStarts: readonly number[], layerShift: number): HexGrid {
  const owner = (i: number) => {
    // Binary search: the last layer starting at or before i.
    let lo = 0;
    let hi = layerStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (layerStarts[mid]! <= i) lo = mid;
      else hi = mid - 1;
    }
    return Math.max(0, lo);
  };
  const row = (i: number) => Math.floor(i / BYTES_PER_ROW) + owner(i) * layerShift;
  return { row, col: (i) => i % BYTES_PER_ROW, owner, rows: length === 0 ? 0 : row(length - 1) + 1 };
}

/** One row's piece of a bit range: columns as fractions of a byte cell ([0, 16]). */
export interface Segment {
  readonly row: number;
  readonly from: number;
  readonly to: number;
}

/** The pieces of bits [bitStart, bitEnd) on the grid; rows at or past maxRow are left out. */
export function segments(grid: HexGrid, bitStart: number, bitEnd: number, maxRow: number): Segment[] {
  if (bitEnd <= bitStart) return [];
  const first = bitStart >> 3;
  const last = (bitEnd - 1) >> 3;
  const out: Segment[] = [];
  let i = first;
  while (i <= last) {
    const row = grid.row(i);
    if (row >= maxRow) break;
    // Bytes on this row: up to the row's end or the range's end, whichever comes first.
    const rowEnd = Math.min(last, i + (BYTES_PER_ROW - 1 - grid.col(i)));
    let j = i;
    while (j < rowEnd && grid.row(j + 1) === row) j++;
    const from = grid.col(i) + (i === first ? (bitStart & 7) / 8 : 0);
    const to = grid.col(j) + (j === last ? ((bitEnd - 1) & 7) / 8 + 1 / 8 : 1);
    out.push({ row, from, to });
    i = j + 1;
  }
  return out;
}
