/** The plots as PacketList methods (Scapy's names; the shell also knows timeskew_graph, make_table_figure). */
import type { Packet } from "../../core/packet.ts";
import { PacketList } from "../../core/plist.ts";
import type { Figure, FigureOptions } from "./figure.ts";
import { diffplot, multiplot, plot, timeskewGraph, type DiffplotOptions, type PlotOptions } from "./plots.ts";
import { tableFigure, type Triple } from "./table.ts";

declare module "../../core/plist.ts" {
  interface PacketList<T> {
    /** A value per packet, as a line chart. */
    plot(fn: (p: Packet) => unknown, options?: PlotOptions): Figure;
    /** A value per pair of packets `delay` apart. */
    diffplot(fn: (a: Packet, b: Packet) => unknown, options?: DiffplotOptions): Figure;
    /** fn gives (key, value): a series per key, with a legend. */
    multiplot(fn: (p: Packet) => unknown, options?: PlotOptions): Figure;
    /** The skew of ip's TCP timestamp clock against capture time. */
    timeskewGraph(ip: string, options?: PlotOptions): Figure;
    /** makeTable's cross table as an image (fn as makeTable's: of an element, or of (query, answer) for results). */
    makeTableFigure(fn: (...x: never[]) => Triple, options?: FigureOptions & { title?: string }): Figure;
  }
}

const methods = {
  plot(this: PacketList<unknown>, fn: (p: Packet) => unknown, options: PlotOptions = {}) {
    return plot(this.packets(), fn, options);
  },
  diffplot(this: PacketList<unknown>, fn: (a: Packet, b: Packet) => unknown, options: DiffplotOptions = {}) {
    return diffplot(this.packets(), fn, options);
  },
  multiplot(this: PacketList<unknown>, fn: (p: Packet) => unknown, options: PlotOptions = {}) {
    return multiplot(this.packets(), fn, options);
  },
  timeskewGraph(this: PacketList<unknown>, ip: string, options: PlotOptions = {}) {
    return timeskewGraph(this.packets(), ip, options);
  },
  makeTableFigure(this: PacketList<unknown>, fn: (...x: unknown[]) => Triple, options: FigureOptions & { title?: string } = {}) {
    // Results (SndRcvList) hold [query, answer] pairs: fn takes both, as makeTable's does.
    const pairs = (x: unknown) => Array.isArray(x) && x.length === 2;
    return tableFigure(this, (x) => (pairs(x) ? fn(...(x as unknown[])) : fn(x)), options);
  },
};

for (const [name, value] of Object.entries(methods)) Object.defineProperty(PacketList.prototype, name, { configurable: true, writable: true, value });
