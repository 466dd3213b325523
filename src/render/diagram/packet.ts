/**
 * A packet diagram as Scapy's canvas_dump draws it: on the left a coloured box per layer with
 * its fields (name, size, value); on the right the hex dump, 16 bytes a row, each field's bytes
 * framed, and a leader from each value to its bytes. Built from core's packetLayout.
 */
import { packetLayout } from "../../core/layout.ts";
import type { Packet } from "../../core/packet.ts";
import { textWidth } from "../draw/metrics.ts";
import type { Drawing, Shape } from "../draw/model.ts";
import { hexGrid, segments, BYTES_PER_ROW, type HexGrid } from "./hexgrid.ts";
import { fieldColor, layerEdge, layerFill } from "./palette.ts";
import { diagramRows, type FieldRow, type Row } from "./rows.ts";

export interface DiagramOptions {
  /** Scapy's layer_shift: rows each following layer's bytes start lower in the hex dump. */
  layerShift?: number;
  /** Scapy's rebuild (default true, as Scapy): draw the packet built and dissected again. */
  rebuild?: boolean;
  /** At most this many rows on each side (the rest is counted in a note): keeps huge packets drawable. */
  maxRows?: number;
}

export const DEFAULT_MAX_ROWS = 1000;

// Geometry, in points.
const ROW = 11;
const MARGIN = 6;
const NAME_SIZE = 8;
const SIZE_SIZE = 5.5;
const VALUE_SIZE = 8;
const HEX_SIZE = 7.5;
const CELL = 13.5;
const INDENT = 9;
const GAP = 56; // between the value column and the hex dump: room for the leaders to bend
const BLACK = "#000000";
const GREY = "#666666";

const baseline = (row: number) => MARGIN + row * ROW + ROW * 0.74;

function checkOptions(o: DiagramOptions): Required<DiagramOptions> {
  const layerShift = o.layerShift ?? 0;
  const maxRows = o.maxRows ?? DEFAULT_MAX_ROWS;
  if (!Number.isInteger(layerShift) || layerShift < 0) throw new RangeError(`layerShift must be a whole number of rows (0 or more), not ${String(o.layerShift)}`);
  if (!Number.isInteger(maxRows) || maxRows < 1) throw new RangeError(`maxRows must be a positive whole number, not ${String(o.maxRows)}`);
  return { layerShift, maxRows, rebuild: o.rebuild ?? true };
}

const hex2 = (b: number) => (b < 16 ? "0" : "") + b.toString(16);

export function packetDiagram(p: Packet, options: DiagramOptions = {}): Drawing {
  const o = checkOptions(options);
  const layout = packetLayout(p, { rebuild: o.rebuild });
  const { rows, omitted } = diagramRows(layout.layers, o.maxRows);
  const bytes = layout.bytes;
  const grid = hexGrid(bytes.length, layout.layers.map((l) => l.start), o.layerShift);
  const hexRows = Math.min(grid.rows, o.maxRows);
  const hiddenBytes = grid.rows > o.maxRows ? bytes.length - firstByteOnRow(grid, bytes.length, o.maxRows) : 0;

  // Column positions from the widest text in each.
  let nameW = 0;
  let sizeW = 0;
  let valueW = 0;
  for (const r of rows) {
    if (r.kind === "layer") {
      nameW = Math.max(nameW, r.depth * INDENT + textWidth(r.name, "sans", NAME_SIZE) + 6);
      continue;
    }
    nameW = Math.max(nameW, r.depth * INDENT + textWidth(r.name, "sans", NAME_SIZE) + 4);
    sizeW = Math.max(sizeW, textWidth(r.size, "sans", SIZE_SIZE));
    valueW = Math.max(valueW, textWidth(r.value, "sans", VALUE_SIZE));
  }
  const nameX = MARGIN;
  const sizeX = nameX + nameW + 8;
  const valueX = sizeX + sizeW + 6;
  const hexX = valueX + valueW + GAP;
  const notes = (omitted ? 1 : 0) + (hiddenBytes ? 1 : 0);
  const leftRows = rows.length + notes;
  const width = hexX + BYTES_PER_ROW * CELL + MARGIN;
  const height = MARGIN * 2 + Math.max(leftRows, hexRows) * ROW + 2;

  // Leaders go under the byte cells, so they never hide a byte.
  const background: Shape[] = [];
  const texts: Shape[] = [];
  const frames: Shape[] = [];
  const leaders: Shape[] = [];
  const arrowheads: Shape[] = [];

  // The hex dump: each byte on a cell tinted with its layer's colour.
  const lastByte = hiddenBytes ? bytes.length - hiddenBytes : bytes.length;
  for (let i = 0; i < lastByte; i++) {
    const x = hexX + grid.col(i) * CELL;
    const y = MARGIN + grid.row(i) * ROW;
    // Cells touch, so the leaders passing under the dump stay hidden until their own bytes.
    background.push({ kind: "rect", x, y, w: CELL, h: ROW, fill: layerFill(grid.owner(i)), data: { byte: i } });
    texts.push({ kind: "text", x: x + CELL / 2, y: baseline(grid.row(i)) - 0.2, text: hex2(bytes[i]!), size: HEX_SIZE, font: "mono", color: BLACK, anchor: "middle" });
  }

  let fieldIndex = 0;
  rows.forEach((r: Row, i) => {
    const y = baseline(i);
    const indent = r.depth * INDENT;
    if (r.kind === "layer") {
      const w = textWidth(r.name, "sans", NAME_SIZE) + 5;
      background.push({ kind: "rect", x: nameX + indent, y: MARGIN + i * ROW + 0.5, w, h: ROW - 1, fill: layerFill(r.top), stroke: { color: layerEdge(r.top), width: 0.6 } });
      texts.push({ kind: "text", x: nameX + indent + 2.5, y, text: r.name, size: NAME_SIZE, font: "sans", color: BLACK, anchor: "start" });
      return;
    }
    const color = fieldColor(fieldIndex++);
    texts.push({ kind: "text", x: nameX + indent + 2, y, text: r.name, size: NAME_SIZE, font: "sans", color: BLACK, anchor: "start" });
    texts.push({ kind: "text", x: sizeX, y, text: r.size, size: SIZE_SIZE, font: "sans", color: GREY, anchor: "start" });
    texts.push({ kind: "text", x: valueX, y, text: r.value, size: VALUE_SIZE, font: "sans", color: BLACK, anchor: "start" });
    const segs = segments(grid, r.bitStart, r.bitEnd, hexRows);
    if (segs.length === 0) return;
    frames.push(fieldFrame(r, segs, hexX, color));
    const [curve, head] = leader(valueX + textWidth(r.value, "sans", VALUE_SIZE) + 2, MARGIN + i * ROW + ROW / 2, segs[0]!, hexX, color);
    leaders.push(curve);
    arrowheads.push(head);
  });

  let noteRow = rows.length;
  const note = (text: string) => texts.push({ kind: "text", x: nameX, y: baseline(noteRow++), text, size: NAME_SIZE, font: "sans", color: GREY, anchor: "start" });
  if (omitted) note(`… ${omitted} more rows not drawn (maxRows = ${o.maxRows})`);
  if (hiddenBytes) note(`… ${hiddenBytes} more bytes not drawn (maxRows = ${o.maxRows})`);

  return { width, height, background: "#ffffff", shapes: [...leaders, ...background, ...frames, ...arrowheads, ...texts] };
}

function firstByteOnRow(grid: HexGrid, length: number, row: number): number {
  // Rows only grow with the byte index: binary search the first byte at or past `row`.
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (grid.row(mid) >= row) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function fieldFrame(r: FieldRow, segs: ReturnType<typeof segments>, hexX: number, color: string): Shape {
  const inset = 0.5;
  return {
    kind: "group",
    data: { layer: r.layer, field: r.name, "bit-start": r.bitStart, "bit-end": r.bitEnd, start: r.bitStart >> 3, end: (r.bitEnd + 7) >> 3 },
    shapes: segs.map((s) => ({
      kind: "rect" as const,
      x: hexX + s.from * CELL + inset,
      y: MARGIN + s.row * ROW + inset,
      w: Math.max(0.5, (s.to - s.from) * CELL - 2 * inset),
      h: ROW - 2 * inset,
      stroke: { color, width: 0.8 },
    })),
  };
}

/** A curve from the end of the value to the bottom of its bytes' first frame, with an arrowhead. */
function leader(x0: number, y0: number, seg: { row: number; from: number; to: number }, hexX: number, color: string): [Shape, Shape] {
  const x3 = hexX + ((seg.from + seg.to) / 2) * CELL;
  const y3 = MARGIN + (seg.row + 1) * ROW;
  const rise = Math.max(8, (y0 - y3) * 0.6);
  const curve: Shape = {
    kind: "path",
    ops: [["M", x0, y0], ["C", x0 + Math.max(12, (x3 - x0) * 0.55), y0, x3, y3 + rise, x3, y3 + 2.2]],
    stroke: { color, width: 0.5 },
  };
  const head: Shape = { kind: "path", ops: [["M", x3, y3], ["L", x3 - 1.6, y3 + 3], ["L", x3 + 1.6, y3 + 3], ["Z"]], fill: color };
  return [curve, head];
}
