/**
 * rfc(): a layer's header drawn as RFCs draw them, 32 bits a row, each field a cell as wide as
 * its bits, named in capitals (Scapy's rfc). A field whose size depends on the packet takes 16
 * bits, as in Scapy; a field wider than a row runs over the next rows.
 */
import { strictOptions } from "../core/options.ts";
import type { LayerRef } from "../core/state.ts";
import { printLine } from "../render/color.ts";

/** Python's str.center (the extra space of an odd padding goes left when the width is odd). */
function center(text: string, width: number): string {
  const pad = width - text.length;
  if (pad <= 0) return text;
  const left = Math.floor(pad / 2) + (pad & width & 1);
  return " ".repeat(left) + text + " ".repeat(pad - left);
}

interface Cell {
  field: number;
  name: string;
  /** First bit in the row, and how many bits of the field are in this row. */
  start: number;
  bits: number;
  first: boolean;
}

/** The cells of each 32-bit row. */
function rows(cls: LayerRef): Cell[][] {
  const out: Cell[][] = [[]];
  let at = 0;
  cls.spec.layout.fields.forEach((f, i) => {
    let bits = f.bits < 0 ? 16 : f.bits;
    if (bits === 0) return;
    let first = true;
    while (bits > 0) {
      if (at === 32) {
        out.push([]);
        at = 0;
      }
      const take = Math.min(bits, 32 - at);
      out[out.length - 1]!.push({ field: i, name: f.name.toUpperCase().replace(/_/g, " "), start: at, bits: take, first });
      at += take;
      bits -= take;
      first = false;
    }
  });
  return out;
}

/** The field at each bit of a row (-1 past its end). */
function owners(row: Cell[] | undefined): number[] {
  const out = new Array<number>(32).fill(-1);
  for (const c of row ?? []) for (let b = c.start; b < c.start + c.bits; b++) out[b] = c.field;
  return out;
}

/** The line under a row: "-+" under each bit, spaces where the same field goes on in the next row. */
function separator(above: Cell[], below: Cell[] | undefined): string {
  const up = owners(above);
  const down = owners(below);
  const width = above.reduce((n, c) => Math.max(n, c.start + c.bits), 0);
  const goesOn = (b: number) => up[b]! >= 0 && up[b] === down[b];
  let line = "+";
  for (let b = 0; b < width; b++) line += (goesOn(b) ? " " : "-") + (goesOn(b) && b + 1 < width && goesOn(b + 1) ? " " : "+");
  return line;
}

const check = strictOptions<{ ret?: boolean; legend?: boolean }>("rfc", { ret: true, legend: true });

/** Draws a layer's header as in an RFC; {ret: true} returns the text, {legend: false} leaves out the "Fig. NAME" line. */
export function rfc(cls: LayerRef, options: { ret?: boolean; legend?: boolean } = {}): string | undefined {
  check(options);
  if (typeof cls !== "function" || !("spec" in cls)) throw new TypeError("rfc() takes a layer class: rfc(IP)");
  const lines = [" 0                   1                   2                   3", " 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1", "+" + "-+".repeat(32)];
  const all = rows(cls);
  all.forEach((row, r) => {
    lines.push("|" + row.map((c) => center(c.first ? c.name.slice(0, 2 * c.bits - 1) : "", 2 * c.bits - 1) + "|").join(""));
    lines.push(separator(row, all[r + 1]));
  });
  let text = lines.join("\n") + "\n";
  if (options.legend ?? true) text += "\n" + center(`Fig. ${cls.name}`, 66).trimEnd();
  if (options.ret) return text;
  printLine(text);
  return undefined;
}
