/**
 * A line chart in the drawing model, with d3's scales (ticks, nice bounds) and line generator:
 * axes with ticks and labels, a light grid, a line (and markers, for short series) per series,
 * and a legend naming them.
 */
import { scaleLinear } from "d3-scale";
import { line } from "d3-shape";
import { textWidth } from "../draw/metrics.ts";
import type { Drawing, PathOp, Shape } from "../draw/model.ts";

export interface Series {
  readonly name: string;
  readonly points: ReadonlyArray<readonly [number, number]>;
}

export interface ChartOptions {
  title?: string;
  xlabel?: string;
  ylabel?: string;
  width?: number;
  height?: number;
  /** Markers on the points (default: when a series has at most 500 points). */
  markers?: boolean;
}

/** matplotlib's tab10, which Scapy's plots use through matplotlib. */
const COLORS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];
const FONT = 9;
const TEXT = "#222222";

/** d3-shape drawing into path commands (its CanvasPath-like context). */
class PathRecorder {
  readonly ops: PathOp[] = [];
  moveTo(x: number, y: number) {
    this.ops.push(["M", x, y]);
  }
  lineTo(x: number, y: number) {
    this.ops.push(["L", x, y]);
  }
  closePath() {
    this.ops.push(["Z"]);
  }
  bezierCurveTo(a: number, b: number, c: number, d: number, x: number, y: number) {
    this.ops.push(["C", a, b, c, d, x, y]);
  }
  quadraticCurveTo(a: number, b: number, x: number, y: number) {
    this.ops.push(["L", a, b], ["L", x, y]);
  }
  arc() {}
  arcTo() {}
  rect() {}
}

function extent(values: number[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo === Infinity) return [0, 1];
  if (lo === hi) return [lo - 1, hi + 1];
  return [lo, hi];
}

export function lineChart(series: readonly Series[], options: ChartOptions = {}): Drawing {
  const width = options.width ?? 560;
  const height = options.height ?? 340;
  const xs: number[] = [];
  const ys: number[] = [];
  for (const s of series) for (const [x, y] of s.points) xs.push(x), ys.push(y);
  const x = scaleLinear().domain(extent(xs)).nice();
  const y = scaleLinear().domain(extent(ys)).nice();
  const yTicks = y.ticks(6);
  const yFormat = y.tickFormat(6);
  const xTicks = x.ticks(8);
  const xFormat = x.tickFormat(8);

  const legend = series.length > 1 || (series.length === 1 && series[0]!.name !== "");
  const legendW = legend ? Math.min(180, Math.max(...series.map((s) => textWidth(s.name, "sans", FONT))) + 34) : 0;
  const left = 14 + (options.ylabel ? 14 : 0) + Math.max(...yTicks.map((t) => textWidth(yFormat(t), "sans", FONT)));
  const top = options.title ? 30 : 14;
  const bottom = 30 + (options.xlabel ? 14 : 0);
  const right = 14 + legendW;
  x.range([left, width - right]);
  y.range([height - bottom, top]);

  const shapes: Shape[] = [];
  const axis = { color: "#333333", width: 0.8 };
  const grid = { color: "#e4e4e4", width: 0.5 };
  for (const t of yTicks) {
    shapes.push({ kind: "path", ops: [["M", left, y(t)], ["L", width - right, y(t)]], stroke: grid });
    shapes.push({ kind: "path", ops: [["M", left - 4, y(t)], ["L", left, y(t)]], stroke: axis });
    shapes.push({ kind: "text", x: left - 6, y: y(t) + 3, text: yFormat(t), size: FONT, font: "sans", color: TEXT, anchor: "end" });
  }
  for (const t of xTicks) {
    shapes.push({ kind: "path", ops: [["M", x(t), top], ["L", x(t), height - bottom]], stroke: grid });
    shapes.push({ kind: "path", ops: [["M", x(t), height - bottom], ["L", x(t), height - bottom + 4]], stroke: axis });
    shapes.push({ kind: "text", x: x(t), y: height - bottom + 14, text: xFormat(t), size: FONT, font: "sans", color: TEXT, anchor: "middle" });
  }
  shapes.push({ kind: "rect", x: left, y: top, w: width - right - left, h: height - bottom - top, stroke: axis });

  series.forEach((s, i) => {
    const color = COLORS[i % COLORS.length]!;
    const rec = new PathRecorder();
    line<readonly [number, number]>()
      .x((p) => x(p[0]))
      .y((p) => y(p[1]))
      .context(rec as unknown as CanvasRenderingContext2D)(s.points as Array<readonly [number, number]>);
    shapes.push({ kind: "path", ops: rec.ops, stroke: { color, width: 1.2 } });
    if (options.markers ?? s.points.length <= 500) {
      // matplotlib's "+" marker, as Scapy's default plot style.
      const m = 2.5;
      const ops: PathOp[] = [];
      for (const [px, py] of s.points) ops.push(["M", x(px) - m, y(py)], ["L", x(px) + m, y(py)], ["M", x(px), y(py) - m], ["L", x(px), y(py) + m]);
      shapes.push({ kind: "path", ops, stroke: { color, width: 0.8 } });
    }
  });

  if (legend) {
    const lx = width - right + 10;
    series.forEach((s, i) => {
      const ly = top + 8 + i * 14;
      const color = COLORS[i % COLORS.length]!;
      shapes.push({ kind: "path", ops: [["M", lx, ly], ["L", lx + 16, ly]], stroke: { color, width: 2 } });
      shapes.push({ kind: "text", x: lx + 20, y: ly + 3, text: s.name, size: FONT, font: "sans", color: TEXT, anchor: "start" });
    });
  }
  if (options.title) shapes.push({ kind: "text", x: (left + width - right) / 2, y: 18, text: options.title, size: 11, font: "bold", color: TEXT, anchor: "middle" });
  if (options.xlabel) shapes.push({ kind: "text", x: (left + width - right) / 2, y: height - 8, text: options.xlabel, size: FONT, font: "sans", color: TEXT, anchor: "middle" });
  if (options.ylabel) {
    // Vertical text is not in the model: the label goes above the axis instead.
    shapes.push({ kind: "text", x: 6, y: top - 4, text: options.ylabel, size: FONT, font: "sans", color: TEXT, anchor: "start" });
  }
  return { width, height, background: "#ffffff", shapes };
}
