/** Colours of packet diagrams: a pale fill per layer, a strong colour per field (its frame and leader). */

const LAYER_FILLS = ["#b7e4ef", "#f6dcb0", "#cbe8b5", "#f3c1d2", "#d8cdf3", "#f4eea6", "#c5d6f0", "#e9cfb9"];
const LAYER_EDGES = ["#2a8fa8", "#c08a2c", "#5b9a36", "#c0577b", "#7a62c2", "#a59a1e", "#4d74b3", "#9a6b47"];
const FIELD_COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17a2b8", "#e377c2", "#8c564b", "#7f7f00", "#555555", "#0b5d1e", "#b8336a"];

export function layerFill(i: number): string {
  return LAYER_FILLS[i % LAYER_FILLS.length]!;
}

export function layerEdge(i: number): string {
  return LAYER_EDGES[i % LAYER_EDGES.length]!;
}

export function fieldColor(i: number): string {
  return FIELD_COLORS[i % FIELD_COLORS.length]!;
}
