/**
 * hexdiff: two byte strings (or packets) side by side in hexdump rows, aligned so that inserted
 * and deleted bytes show as gaps (a minimal edit script, Wagner–Fischer), as Scapy prints it:
 * a row the same on both sides once with both offsets, a differing row twice (left, then
 * right), the differing bytes in the theme's left and right colours on a terminal.
 */
import { strictOptions } from "../core/options.ts";
import { Packet } from "../core/packet.ts";
import { printLine, printTheme, PLAIN, type Theme } from "./color.ts";

/** Past this many cells the middle is aligned byte for byte (a valid, not minimal, alignment): no quadratic cost on big inputs. */
const MAX_CELLS = 4_000_000;
const GAP = -1;
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).toUpperCase().padStart(2, "0"));

function bytesOf(x: unknown, which: string): Uint8Array {
  if (x instanceof Packet) return x.build();
  if (x instanceof Uint8Array) return x;
  if (typeof x === "string") return new TextEncoder().encode(x);
  throw new TypeError(`hexdiff compares packets, bytes or strings; its ${which} argument is ${x === null ? "null" : typeof x}`);
}

/** Pairs of positions [i in a or GAP, j in b or GAP], in order. */
export function alignBytes(a: Uint8Array, b: Uint8Array): Array<[number, number]> {
  let p = 0;
  while (p < a.length && p < b.length && a[p] === b[p]) p++;
  let s = 0;
  while (s < a.length - p && s < b.length - p && a[a.length - 1 - s] === b[b.length - 1 - s]) s++;
  const out: Array<[number, number]> = [];
  for (let i = 0; i < p; i++) out.push([i, i]);
  const n = a.length - p - s;
  const m = b.length - p - s;
  if ((n + 1) * (m + 1) <= MAX_CELLS) out.push(...editScript(a, b, p, n, m));
  else {
    for (let k = 0; k < Math.max(n, m); k++) out.push([k < n ? p + k : GAP, k < m ? p + k : GAP]);
  }
  for (let k = s; k > 0; k--) out.push([a.length - k, b.length - k]);
  return out;
}

function editScript(a: Uint8Array, b: Uint8Array, at: number, n: number, m: number): Array<[number, number]> {
  const w = m + 1;
  const d = new Uint32Array((n + 1) * w);
  for (let j = 0; j <= m; j++) d[j] = j;
  for (let i = 1; i <= n; i++) {
    d[i * w] = i;
    const ai = a[at + i - 1];
    for (let j = 1; j <= m; j++) {
      const sub = d[(i - 1) * w + j - 1]! + (ai === b[at + j - 1] ? 0 : 1);
      d[i * w + j] = Math.min(sub, d[(i - 1) * w + j]! + 1, d[i * w + j - 1]! + 1);
    }
  }
  // Back from the end: equal bytes first, then a byte on one side only, a substitution last
  // (so changed bytes pair up in place and extra bytes show as gaps after them).
  const rev: Array<[number, number]> = [];
  let i = n;
  let j = m;
  while (i > 0 || j > 0) {
    const here = d[i * w + j]!;
    if (i > 0 && j > 0 && a[at + i - 1] === b[at + j - 1] && here === d[(i - 1) * w + j - 1]) rev.push([at + --i, at + --j]);
    else if (i > 0 && here === d[(i - 1) * w + j]! + 1) rev.push([at + --i, GAP]);
    else if (j > 0 && here === d[i * w + j - 1]! + 1) rev.push([GAP, at + --j]);
    else rev.push([at + --i, at + --j]);
  }
  return rev.reverse();
}

const offset = (n: number) => n.toString(16).padStart(4, "0");
const printable = (v: number) => (v >= 32 && v < 127 ? String.fromCharCode(v) : ".");

function side(row: Array<[number, number]>, bytes: Uint8Array, pick: 0 | 1, other: Uint8Array, style: (s: string) => string): string {
  let cells = "";
  let ascii = "";
  for (let c = 0; c < 16; c++) {
    const col = row[c];
    const k = col ? col[pick] : GAP;
    if (k === GAP) cells += "   ";
    else {
      const o = col![pick === 0 ? 1 : 0];
      const same = o !== GAP && other[o] === bytes[k];
      cells += (same ? HEX[bytes[k]!]! : style(HEX[bytes[k]!]!)) + " ";
    }
    if (col) ascii += k === GAP ? " " : printable(bytes[k]!);
    if (c === 7) cells += " ";
  }
  return `${cells}  ${ascii}`;
}

/** hexdiff's text in a theme's colours. */
export function hexdiffText(x: unknown, y: unknown, theme: Theme = PLAIN): string {
  const a = bytesOf(x, "first");
  const b = bytesOf(y, "second");
  const cols = alignBytes(a, b);
  const lines: string[] = [];
  // Offsets count positions in the alignment (gaps included), on both sides, as Scapy prints them.
  for (let r = 0; r < cols.length; r += 16) {
    const row = cols.slice(r, r + 16);
    const inA = row.filter((c) => c[0] !== GAP).length;
    const inB = row.filter((c) => c[1] !== GAP).length;
    if (row.every(([i, j]) => i !== GAP && j !== GAP && a[i] === b[j])) {
      lines.push(`${offset(r)} ${offset(r)}   ${side(row, a, 0, b, theme.left)}`.trimEnd());
    } else {
      if (inA) lines.push(`${offset(r)}        ${side(row, a, 0, b, theme.left)}`.trimEnd());
      if (inB) lines.push(`     ${offset(r)}   ${side(row, b, 1, a, theme.right)}`.trimEnd());
    }
  }
  return lines.join("\n");
}

const checkHexdiff = strictOptions<{ dump?: boolean; autojunk?: boolean }>("hexdiff", { dump: true, autojunk: true });

/** Scapy's hexdiff(a, b): printed (in colour on a terminal) unless {dump: true}, which returns the plain text. */
export function hexdiff(a: Packet | Uint8Array | string, b: Packet | Uint8Array | string, options: { dump?: boolean; autojunk?: boolean } = {}): string | undefined {
  checkHexdiff(options);
  // Scapy's autojunk=False (its default) is what packetry does; difflib's junk heuristic is not implemented.
  if (options.autojunk) throw new TypeError("hexdiff() argument 'autojunk' is not supported by packetry: it aligns the bytes without difflib's junk heuristic (autojunk=False)");
  if (options.dump) return hexdiffText(a, b);
  printLine(hexdiffText(a, b, printTheme()));
  return undefined;
}
