/**
 * Scapy's PacketList plots: plot (a value per packet), diffplot (a value per pair of packets
 * `delay` apart), multiplot (a series per key) and timeskew_graph (the drift of a host's TCP
 * timestamp clock against capture time), each a Figure.
 */
import type { Packet } from "../../core/packet.ts";
import { lineChart, type ChartOptions, type Series } from "./chart.ts";
import { Figure, saveAtOnce, type FigureOptions } from "./figure.ts";
import { plotNumber, plotPair } from "./values.ts";

export interface PlotOptions extends ChartOptions, FigureOptions {
  lfilter?: (p: Packet) => unknown;
  /** Scapy's plot_xy: the function gives (x, y) pairs rather than y alone. */
  plotXy?: boolean;
}

export interface DiffplotOptions extends PlotOptions {
  /** Distance between the two packets given to the function (default 1). */
  delay?: number;
}

function figure(series: Series[], title: string, options: PlotOptions): Figure {
  const points = series.reduce((n, s) => n + s.points.length, 0);
  if (points === 0) throw new RangeError(`${title}: nothing to plot (no packet kept${options.lfilter ? " by lfilter" : ""})`);
  const fig = new Figure(lineChart(series, options), title, `${series.length} series, ${points} points`);
  return saveAtOnce(fig, options);
}

function point(v: unknown, i: number, xy: boolean, where: string): [number, number] {
  return xy ? plotPair(v, where) : [i, plotNumber(v, where)];
}

export function plot(packets: readonly Packet[], fn: (p: Packet) => unknown, options: PlotOptions = {}): Figure {
  const pts: Array<[number, number]> = [];
  packets.forEach((p, i) => {
    if (options.lfilter && !options.lfilter(p)) return;
    pts.push(point(fn(p), pts.length, !!options.plotXy, `plot's function, for packet ${i}`));
  });
  return figure([{ name: "", points: pts }], "plot", options);
}

export function diffplot(packets: readonly Packet[], fn: (a: Packet, b: Packet) => unknown, options: DiffplotOptions = {}): Figure {
  const delay = options.delay ?? 1;
  if (!Number.isInteger(delay) || delay < 1) throw new RangeError(`delay must be a whole number of packets (1 or more), not ${String(options.delay)}`);
  const pts: Array<[number, number]> = [];
  for (let i = 0; i + delay < packets.length; i++) {
    if (options.lfilter && !options.lfilter(packets[i]!)) continue;
    pts.push(point(fn(packets[i]!, packets[i + delay]!), pts.length, !!options.plotXy, `diffplot's function, for packets ${i} and ${i + delay}`));
  }
  return figure([{ name: "", points: pts }], "diffplot", options);
}

export function multiplot(packets: readonly Packet[], fn: (p: Packet) => unknown, options: PlotOptions = {}): Figure {
  const byKey = new Map<string, Array<[number, number]>>();
  packets.forEach((p, i) => {
    if (options.lfilter && !options.lfilter(p)) return;
    const r = fn(p);
    if (r === null || r === undefined) return;
    if (!Array.isArray(r) || r.length !== 2) throw new TypeError(`multiplot's function, for packet ${i}, gave ${String(r)}: it must give a (key, value) pair`);
    const key = String(r[0]);
    let pts = byKey.get(key);
    if (!pts) byKey.set(key, (pts = []));
    pts.push(point(r[1], pts.length, !!options.plotXy, `multiplot's function, for packet ${i}`));
  });
  return figure([...byKey].map(([name, points]) => ({ name, points })), "multiplot", options);
}

/** The TCP Timestamp option's TSval of a packet, or null. */
function tsval(p: Packet): number | null {
  const tcp = p.getLayer("TCP");
  if (!tcp) return null;
  for (const o of tcp.getFieldValue("options") as unknown[]) {
    if (Array.isArray(o) && o[0] === "Timestamp" && Array.isArray(o[1])) return Number(o[1][0]);
  }
  return null;
}

/**
 * For the TCP segments sent by `ip` that carry a timestamp: seconds since the first one
 * (x) against real time elapsed minus timestamp time elapsed (y, the clock's skew in
 * seconds, reading the timestamp clock as milliseconds as Scapy does).
 */
export function timeskewGraph(packets: readonly Packet[], ip: string, options: PlotOptions = {}): Figure {
  const samples: Array<[number, number]> = [];
  for (const p of packets) {
    const l3 = p.getLayer("IP") ?? p.getLayer("IPv6");
    if (!l3 || String(l3.getFieldValue("src")) !== ip) continue;
    const ts = tsval(p);
    if (ts !== null) samples.push([Number(p.time), ts]);
  }
  if (samples.length === 0) throw new RangeError(`timeskew_graph: no TCP segment from ${ip} carries a Timestamp option`);
  const [t0, ts0] = samples[0]!;
  const pts = samples.map(([t, ts]) => [t - t0, t - t0 - (ts - ts0) / 1000] as [number, number]);
  return figure([{ name: ip, points: pts }], "timeskew", { xlabel: "seconds since the first segment", ylabel: "skew (s)", ...options });
}
