/** ANSI colours for text output, only when writing to a terminal (and conf.color is on). */
import { conf } from "../core/conf.ts";

export interface Theme {
  punct(s: string): string;
  layerName(s: string): string;
  fieldName(s: string): string;
  fieldValue(s: string): string;
}

const wrap = (code: string) => (s: string) => `\x1b[${code}m${s}\x1b[0m`;

export const PLAIN: Theme = { punct: (s) => s, layerName: (s) => s, fieldName: (s) => s, fieldValue: (s) => s };
export const ANSI: Theme = { punct: wrap("34"), layerName: wrap("1;31"), fieldName: wrap("34"), fieldValue: wrap("35") };

/** The theme for printing now: colours on a TTY, plain otherwise. */
export function printTheme(): Theme {
  const stdout = (globalThis as { process?: { stdout?: { isTTY?: boolean } } }).process?.stdout;
  return conf.color && stdout?.isTTY ? ANSI : PLAIN;
}

/** Writes text the way Python's print() does (a newline after it). */
export function printLine(text: string): void {
  console.log(text);
}
