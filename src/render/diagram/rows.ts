/**
 * The left column of a packet diagram: a row per layer (its name) and per field (name, size,
 * value as Scapy's repr cut to 18 characters), packets held in a field (IP options, DNS
 * records) indented under it, in the order of the bytes.
 */
import type { FieldLayout, LayerLayout } from "../../core/layout.ts";
import { fieldRepr } from "../fieldtext.ts";

export interface LayerRow {
  readonly kind: "layer";
  readonly name: string;
  readonly depth: number;
  /** Index of the outermost layer this row belongs to (its colour). */
  readonly top: number;
}

export interface FieldRow {
  readonly kind: "field";
  readonly name: string;
  readonly size: string;
  readonly value: string;
  readonly depth: number;
  readonly top: number;
  /** Layer name, for the frame's attributes. */
  readonly layer: string;
  readonly bitStart: number;
  readonly bitEnd: number;
}

export type Row = LayerRow | FieldRow;

/** Scapy cuts long values to 18 characters and "[...]". */
export const VALUE_CHARS = 18;

export function cutValue(repr: string): string {
  const oneLine = repr.replace(/\s*\n\s*/g, " ");
  return oneLine.length > VALUE_CHARS ? oneLine.slice(0, VALUE_CHARS) + "[...]" : oneLine;
}

/** "4b" for a bit field, "2B" when whole bytes. */
export function sizeLabel(bits: number): string {
  return bits % 8 === 0 ? `${bits / 8}B` : `${bits}b`;
}

function safeRepr(layer: LayerLayout, f: FieldLayout): string {
  try {
    return fieldRepr(layer.layer, f.field, f.value);
  } catch (e) {
    // A value the field cannot show (bad bytes): draw what failed rather than no diagram.
    return `<${(e as Error).message}>`;
  }
}

/** Rows of these layers (outermost first); stops after `limit` rows and says how many it left out. */
export function diagramRows(layers: readonly LayerLayout[], limit: number): { rows: Row[]; omitted: number } {
  const rows: Row[] = [];
  let omitted = 0;
  const add = (row: Row) => {
    if (rows.length < limit) rows.push(row);
    else omitted++;
  };
  const walk = (chain: readonly LayerLayout[], depth: number, top: number | null) => {
    chain.forEach((layer, i) => {
      const t = top ?? i;
      add({ kind: "layer", name: layer.layer.spec.displayName, depth, top: t });
      for (const f of layer.fields) {
        if (rows.length >= limit) {
          omitted++;
          if (f.children.length) walk(f.children, depth + 1, t);
          continue;
        }
        add({
          kind: "field",
          name: f.name,
          size: sizeLabel(f.bitEnd - f.bitStart),
          value: cutValue(safeRepr(layer, f)),
          depth,
          top: t,
          layer: layer.layer.spec.name,
          bitStart: f.bitStart,
          bitEnd: f.bitEnd,
        });
        if (f.children.length) walk(f.children, depth + 1, t);
      }
    });
  };
  walk(layers, 0, null);
  return { rows, omitted };
}
