/** Graphviz layout through its WebAssembly build (@viz-js/viz): no system install, runs in a browser too. */
import type { Viz } from "@viz-js/viz";
import type { Drawing } from "../draw/model.ts";
import { xdotDrawing, type XdotGraph } from "./xdot.ts";

let viz: Promise<Viz> | null = null;

function graphviz(): Promise<Viz> {
  viz ??= import("@viz-js/viz").then((m) => m.instance());
  return viz;
}

export const ENGINES = ["dot", "neato", "fdp", "sfdp", "circo", "twopi", "osage", "patchwork"] as const;
export type Engine = (typeof ENGINES)[number];

/** Graphviz's error for bad DOT, as one message. */
export class GraphError extends Error {
  override name = "GraphError";
}

async function run(dot: string, format: string, engine: Engine): Promise<string> {
  if (typeof dot !== "string") throw new TypeError(`a graph is DOT source text, not ${typeof dot}`);
  if (!ENGINES.includes(engine)) throw new GraphError(`unknown Graphviz engine ${JSON.stringify(engine)}: use one of ${ENGINES.join(", ")}`);
  const v = await graphviz();
  // Helvetica's metrics are the ones Graphviz knows that are closest to DejaVu Sans (drawn here).
  const r = v.render(dot, { format, engine, graphAttributes: { fontname: "Helvetica" }, nodeAttributes: { fontname: "Helvetica" }, edgeAttributes: { fontname: "Helvetica" } });
  if (r.status === "failure") {
    const why = r.errors.map((e) => e.message.trim()).join("; ") || "Graphviz could not lay it out";
    throw new GraphError(`bad DOT graph: ${why}`);
  }
  return r.output;
}

/** The graph laid out, as a drawing. */
export async function layoutGraph(dot: string, options: { engine?: Engine } = {}): Promise<Drawing> {
  return xdotDrawing(JSON.parse(await run(dot, "json", options.engine ?? "dot")) as XdotGraph);
}

/** Graphviz's own output in one of its formats ("svg", "dot" with positions, "json"...). */
export function graphvizOutput(dot: string, format: string, options: { engine?: Engine } = {}): Promise<string> {
  return run(dot, format, options.engine ?? "dot");
}
