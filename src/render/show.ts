/** show(): every layer, every field, sub-packets indented under their field, as Scapy 2.6 prints it. */
import { getValue } from "../core/read/values.ts";
import type { AnyField } from "../core/field.ts";
import type { Packet } from "../core/packet.ts";
import { PLAIN, printLine, printTheme, type Theme } from "./color.ts";
import { fieldRepr } from "./fieldtext.ts";

const INDENT = 3;

export function show(p: Packet, dump: boolean): string | undefined {
  const text = showText(p, dump ? PLAIN : printTheme(), "", "");
  if (dump) return text;
  printLine(text);
  return undefined;
}

/** show()'s text in a theme's colours (Scapy's conf.color_theme). */
export function showInTheme(p: Packet, theme: Theme): string {
  return showText(p, theme, "", "");
}

function pad(name: string): string {
  return " ".repeat(Math.max(0, 10 - name.length));
}

function showText(p: Packet, theme: Theme, lvl: string, labelLvl: string): string {
  let out = "";
  for (let layer: Packet | null = p; layer !== null; layer = layer.payload) {
    out += `${labelLvl}${theme.punct("###[")} ${theme.layerName(layer.spec.displayName)} ${theme.punct("]###")}\n`;
    const fields: readonly AnyField[] = layer.spec.layout.fields;
    for (let i = 0; i < fields.length; i++) {
      const f: AnyField = fields[i]!;
      if (!f.present(layer)) continue;
      const value = getValue(layer, i);
      const prefix = labelLvl + lvl;
      if (f.holdsPackets && (Array.isArray(value) || (value !== null && typeof value === "object" && "spec" in value))) {
        out += `${prefix}  ${theme.punct("\\")}${theme.fieldName(f.name)}${pad(f.name)}${theme.punct("\\")}\n`;
        const items = Array.isArray(value) ? (value as Packet[]) : [value as Packet];
        for (const item of items) out += showText(item, theme, "", prefix + "   |");
        continue;
      }
      const repr = fieldRepr(layer, f, value).replace(/\n/g, "\n" + " ".repeat(labelLvl.length + lvl.length + f.name.length + 4));
      out += `${prefix}  ${theme.fieldName(f.name)}${pad(f.name)}${theme.punct("=")} ${repr === "" ? "" : theme.fieldValue(repr)}`.trimEnd() + "\n";
    }
    if (layer.spec.hooks.showIndent !== false) lvl += " ".repeat(INDENT);
  }
  return out;
}
