/** PNG from SVG through @resvg/resvg-js (a native addon shipped in the npm package), with the DejaVu fonts only. */
import { requirePackage } from "./builtins.ts";
import { fontPaths } from "./fonts.ts";

interface ResvgModule {
  Resvg: new (svg: string, options: object) => { render(): { asPng(): Uint8Array; width: number; height: number } };
}

let resvg: ResvgModule | null = null;

/** Largest PNG side in pixels: past it the scale is lowered so the image stays a few hundred MB at most. */
const MAX_SIDE = 16_384;

export function rasterize(svg: string, scale: number): Uint8Array {
  if (!(scale > 0) || !Number.isFinite(scale)) throw new RangeError(`PNG scale must be a positive number, not ${scale}`);
  resvg ??= requirePackage<ResvgModule>("@resvg/resvg-js");
  const size = /viewBox="0 0 ([\d.]+) ([\d.]+)"/.exec(svg);
  const w = size ? Number(size[1]) : 0;
  const h = size ? Number(size[2]) : 0;
  const fit = Math.min(scale, MAX_SIDE / Math.max(1, w), MAX_SIDE / Math.max(1, h));
  const p = fontPaths();
  const r = new resvg.Resvg(svg, {
    // The SVG is sized in points (resvg reads 1pt as 4/3 px): fit its width in pixels instead.
    fitTo: { mode: "width", value: Math.max(1, Math.round(w * fit)) },
    background: "#ffffff",
    font: { fontFiles: [p.sans, p.bold, p.mono], loadSystemFonts: false, defaultFontFamily: "DejaVu Sans", sansSerifFamily: "DejaVu Sans", monospaceFamily: "DejaVu Sans Mono" },
  });
  return r.render().asPng();
}
