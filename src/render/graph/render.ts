/**
 * renderGraph: DOT source to a picture, for every graph packetry draws (conversations,
 * afterglow, TracerouteResult.graph, Automaton.graph):
 *
 *   await renderGraph('digraph { "a" -> "b" }', { type: "png", target: "g.png" })  // "g.png"
 *   await renderGraph(dot)                     // SVG in a temporary file, shown or its path printed
 *   await renderGraph(dot, { type: "dot" })    // the DOT source itself (no layout)
 *
 * type: svg (default), png, pdf, eps/ps, dot; target: a path or Scapy's "> path"; engine: a
 * Graphviz layout (dot by default). Resolves to the path written. Layout is Graphviz's
 * WebAssembly build, so nothing needs installing; graphCanvas gives the bytes instead of a file.
 */
import { Canvas } from "../diagram/canvas.ts";
import { deliver } from "../output.ts";
import { layoutGraph, type Engine } from "./layout.ts";

export const GRAPH_TYPES = ["svg", "png", "pdf", "eps", "ps", "dot"] as const;
export type GraphType = (typeof GRAPH_TYPES)[number];

export interface GraphOptions {
  type?: GraphType;
  /** Where to write: a path, or Scapy's "> path". Without it, a temporary file shown in a viewer. */
  target?: string | null;
  engine?: Engine;
}

/** The laid-out graph as a canvas (svg(), pdf(), png(), writeSVGfile...). */
export async function graphCanvas(dot: string, options: { engine?: Engine; title?: string } = {}): Promise<Canvas> {
  return new Canvas([await layoutGraph(dot, options)], options.title ?? "graph");
}

export async function renderGraph(dot: string, options: GraphOptions = {}): Promise<string> {
  const type = (options.type ?? "svg").toLowerCase() as GraphType;
  if (!GRAPH_TYPES.includes(type)) throw new Error(`unknown graph type ${JSON.stringify(options.type)}: use one of ${GRAPH_TYPES.join(", ")}`);
  const target = options.target ?? undefined;
  if (type === "dot") return deliver(dot.endsWith("\n") ? dot : dot + "\n", ".dot", target);
  const canvas = await graphCanvas(dot, options);
  if (type === "svg") return deliver(canvas.svg(), ".svg", target);
  if (type === "png") return deliver(canvas.png(), ".png", target);
  if (type === "pdf") return deliver(await canvas.pdf(), ".pdf", target);
  return deliver(canvas.eps(), ".eps", target);
}
