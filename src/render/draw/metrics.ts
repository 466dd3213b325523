/**
 * Text widths, so layouts are computed without a font engine (pure, and the same in every
 * output). Advance widths in 1/1000 em of DejaVu Sans, DejaVu Sans Bold and DejaVu Sans Mono
 * for ASCII 32..126, read from the fonts of the dejavu-fonts-ttf package that PDF and PNG embed.
 */
import type { Font } from "./model.ts";

const SANS = [318,401,460,838,636,950,780,275,390,390,500,838,318,361,318,337,636,636,636,636,636,636,636,636,636,636,337,337,838,838,838,531,1000,684,686,698,770,632,575,775,752,295,295,656,557,863,748,787,603,787,695,635,611,732,684,989,685,611,685,390,337,390,838,500,500,613,635,550,635,615,352,635,634,278,278,579,278,974,634,612,635,635,411,521,392,634,592,818,592,592,525,636,337,636,838];
const BOLD = [348,456,521,838,696,1002,872,306,457,457,523,838,380,415,380,365,696,696,696,696,696,696,696,696,696,696,400,400,838,838,838,580,1000,774,762,734,830,683,683,821,837,372,372,775,637,995,837,850,733,850,770,720,682,812,774,1103,771,724,725,457,365,457,838,500,500,675,716,593,716,678,435,716,712,343,343,665,343,1042,712,687,716,716,493,595,478,712,652,924,645,652,582,712,365,712,838];
const MONO = 602;
/** Above and below the baseline, in em. */
export const ASCENT = 0.928;
export const DESCENT = 0.236;

/** Width in points of text set in `font` at `size` (characters outside ASCII count as an "M"-ish 0.8 em). */
export function textWidth(text: string, font: Font, size: number): number {
  if (font === "mono") return (MONO * [...text].length * size) / 1000;
  const table = font === "bold" ? BOLD : SANS;
  let w = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    w += c >= 32 && c < 127 ? table[c - 32]! : 800;
  }
  return (w * size) / 1000;
}
