/**
 * Graphviz's drawing operations (xdot, as its json output gives them) turned into the drawing
 * model, so a graph has the same SVG, PDF, EPS and PNG outputs as everything else drawn here.
 */
import { textWidth } from "../draw/metrics.ts";
import type { Color, Drawing, Font, Shape, Stroke } from "../draw/model.ts";

export interface XdotOp {
  op: string;
  color?: string;
  points?: number[][];
  rect?: number[];
  pt?: number[];
  align?: string;
  width?: number;
  text?: string;
  size?: number;
  face?: string;
  style?: string;
}

interface XdotObject {
  _draw_?: XdotOp[];
  _ldraw_?: XdotOp[];
  _hdraw_?: XdotOp[];
  _tdraw_?: XdotOp[];
  _hldraw_?: XdotOp[];
  _tldraw_?: XdotOp[];
  nodes?: number[];
}

export interface XdotGraph extends XdotObject {
  bb: string;
  objects?: XdotObject[];
  edges?: XdotObject[];
}

const MARGIN = 4;

// The colour names Graphviz users write most; others draw black outside SVG.
const NAMED: Record<string, string> = {
  black: "#000000", white: "#ffffff", red: "#ff0000", green: "#00ff00", blue: "#0000ff", yellow: "#ffff00",
  cyan: "#00ffff", magenta: "#ff00ff", gray: "#c0c0c0", grey: "#c0c0c0", orange: "#ffa500", purple: "#a020f0",
  brown: "#a52a2a", pink: "#ffc0cb", navy: "#000080", darkgreen: "#006400", lightgrey: "#d3d3d3", lightgray: "#d3d3d3",
  lightblue: "#add8e6", darkblue: "#00008b", darkred: "#8b0000", gold: "#ffd700", transparent: "none", none: "none",
};

/** "#rrggbb", or null for a transparent colour. */
function normalize(c: string | undefined): Color | null {
  if (!c) return "#000000";
  const lower = c.toLowerCase();
  const hex = /^#([0-9a-f]{6})([0-9a-f]{2})?$/.exec(lower);
  if (hex) return hex[2] === "00" ? null : `#${hex[1]}`;
  const named = NAMED[lower];
  if (named) return named === "none" ? null : named;
  return "#000000";
}

function fontOf(face: string): Font {
  const f = face.toLowerCase();
  if (/courier|mono/.test(f)) return "mono";
  return /bold/.test(f) ? "bold" : "sans";
}

interface Pen {
  stroke: Color | null;
  fill: Color | null;
  width: number;
  dash: number[] | undefined;
  font: Font;
  size: number;
}

/** The shapes of a list of xdot operations; y is flipped with the graph's height h. */
function shapes(ops: readonly XdotOp[] | undefined, h: number, out: Shape[]): void {
  if (!ops) return;
  // No fill until a "C" sets one: Graphviz writes edges as "b" (filled) splines without any.
  const pen: Pen = { stroke: "#000000", fill: null, width: 1, dash: undefined, font: "sans", size: 14 };
  const X = (x: number) => x + MARGIN;
  const Y = (y: number) => h - y + MARGIN;
  const stroke = (): Stroke | undefined => (pen.stroke ? { color: pen.stroke, width: pen.width, ...(pen.dash ? { dash: pen.dash } : {}) } : undefined);
  for (const op of ops) {
    const pts = op.points ?? [];
    switch (op.op) {
      case "c":
        pen.stroke = normalize(op.color);
        break;
      case "C":
        pen.fill = normalize(op.color);
        break;
      case "S": {
        const st = op.style ?? "";
        const lw = /setlinewidth\(([\d.]+)\)/.exec(st);
        if (lw) pen.width = Number(lw[1]);
        else if (st === "dashed") pen.dash = [5, 2];
        else if (st === "dotted") pen.dash = [1, 3];
        else if (st === "solid") pen.dash = undefined;
        else if (st === "bold") pen.width = 2;
        break;
      }
      case "F":
        pen.font = fontOf(op.face ?? "");
        pen.size = op.size ?? 14;
        break;
      case "P":
      case "p":
      case "L": {
        if (pts.length === 0) break;
        const ops = pts.map((p, i) => [i === 0 ? "M" : "L", X(p[0]!), Y(p[1]!)] as const);
        const closed = op.op !== "L";
        const fill = op.op === "P" ? pen.fill : null;
        const s = stroke();
        if (!fill && !s) break;
        out.push({ kind: "path", ops: closed ? [...ops, ["Z"]] : ops, ...(fill ? { fill } : {}), ...(s ? { stroke: s } : {}) });
        break;
      }
      case "B":
      case "b": {
        if (pts.length === 0) break;
        const path: Array<readonly ["M", number, number] | readonly ["C", number, number, number, number, number, number] | readonly ["Z"]> = [["M", X(pts[0]![0]!), Y(pts[0]![1]!)]];
        for (let i = 1; i + 2 < pts.length; i += 3) {
          const [a, b, c] = [pts[i]!, pts[i + 1]!, pts[i + 2]!];
          path.push(["C", X(a[0]!), Y(a[1]!), X(b[0]!), Y(b[1]!), X(c[0]!), Y(c[1]!)]);
        }
        const fill = op.op === "b" ? pen.fill : null;
        if (fill) path.push(["Z"]);
        const s = stroke();
        out.push({ kind: "path", ops: path, ...(fill ? { fill } : {}), ...(s ? { stroke: s } : {}) });
        break;
      }
      case "E":
      case "e": {
        const [cx, cy, rx, ry] = op.rect ?? [0, 0, 0, 0];
        const fill = op.op === "E" ? pen.fill : null;
        const s = stroke();
        out.push({ kind: "ellipse", cx: X(cx!), cy: Y(cy!), rx: rx!, ry: ry!, ...(fill ? { fill } : {}), ...(s ? { stroke: s } : {}) });
        break;
      }
      case "T": {
        if (!op.text || !op.pt) break;
        // Graphviz measured the text in its own metrics: shrink DejaVu to the width it gave.
        const natural = textWidth(op.text, pen.font, pen.size);
        const size = op.width && natural > op.width ? (pen.size * op.width) / natural : pen.size;
        const anchor = op.align === "l" ? "start" : op.align === "r" ? "end" : "middle";
        out.push({ kind: "text", x: X(op.pt[0]!), y: Y(op.pt[1]!), text: op.text, size, font: pen.font, color: pen.stroke ?? "#000000", anchor });
        break;
      }
    }
  }
}

/** The drawing of a graph laid out by Graphviz (its json output). */
export function xdotDrawing(g: XdotGraph): Drawing {
  const bb = g.bb.split(",").map(Number);
  const w = bb[2]! - bb[0]!;
  const h = bb[3]! - bb[1]!;
  const out: Shape[] = [];
  shapes(g._draw_, h, out);
  shapes(g._ldraw_, h, out);
  const objects = g.objects ?? [];
  const clusters = objects.filter((o) => o.nodes !== undefined);
  const nodes = objects.filter((o) => o.nodes === undefined);
  for (const c of clusters) {
    shapes(c._draw_, h, out);
    shapes(c._ldraw_, h, out);
  }
  for (const e of g.edges ?? []) {
    for (const k of ["_draw_", "_hdraw_", "_tdraw_", "_ldraw_", "_hldraw_", "_tldraw_"] as const) shapes(e[k], h, out);
  }
  for (const n of nodes) {
    shapes(n._draw_, h, out);
    shapes(n._ldraw_, h, out);
  }
  return { width: w + 2 * MARGIN, height: h + 2 * MARGIN, background: "#ffffff", shapes: out };
}
