/** A drawing as SVG text (pure: runs in a browser as well). */
import type { Drawing, Font, Shape, Stroke } from "./model.ts";

/** A class per face, styled once per document (texts are most of a diagram's size). */
const FONT_CLASS: Record<Font, string> = { sans: "s", bold: "b", mono: "m" };
const STYLE =
  "<style>.s,.b{font-family:'DejaVu Sans',Verdana,sans-serif}.b{font-weight:bold}.m{font-family:'DejaVu Sans Mono',Menlo,monospace}</style>";

const n = (v: number) => (Math.round(v * 100) / 100).toString();

export function escapeXml(s: string): string {
  // XML 1.0 forbids most control characters, even escaped: they are shown as U+FFFD.
  return s.replace(/[&<>"]|[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, (c) =>
    c === "&" ? "&amp;" : c === "<" ? "&lt;" : c === ">" ? "&gt;" : c === '"' ? "&quot;" : "\ufffd",
  );
}

function strokeAttrs(s: Stroke | undefined): string {
  if (!s) return "";
  let out = ` stroke="${s.color}" stroke-width="${n(s.width)}"`;
  if (s.dash && s.dash.length) out += ` stroke-dasharray="${s.dash.map(n).join(" ")}"`;
  return out;
}

function dataAttrs(data: Readonly<Record<string, string | number>> | undefined): string {
  if (!data) return "";
  let out = "";
  for (const [k, v] of Object.entries(data)) out += ` data-${k}="${escapeXml(String(v))}"`;
  return out;
}

function shapeSvg(s: Shape, out: string[]): void {
  switch (s.kind) {
    case "rect":
      out.push(`<rect x="${n(s.x)}" y="${n(s.y)}" width="${n(s.w)}" height="${n(s.h)}" fill="${s.fill ?? "none"}"${strokeAttrs(s.stroke)}${dataAttrs(s.data)}/>`);
      return;
    case "ellipse":
      out.push(`<ellipse cx="${n(s.cx)}" cy="${n(s.cy)}" rx="${n(s.rx)}" ry="${n(s.ry)}" fill="${s.fill ?? "none"}"${strokeAttrs(s.stroke)}/>`);
      return;
    case "path": {
      const d = s.ops.map((op) => op[0] + (op.length > 1 ? (op.slice(1) as number[]).map(n).join(" ") : "")).join("");
      out.push(`<path d="${d}" fill="${s.fill ?? "none"}"${strokeAttrs(s.stroke)}/>`);
      return;
    }
    case "text": {
      const anchor = s.anchor === "start" ? "" : ` text-anchor="${s.anchor}"`;
      const fill = s.color === "#000000" ? "" : ` fill="${s.color}"`;
      out.push(`<text x="${n(s.x)}" y="${n(s.y)}" class="${FONT_CLASS[s.font]}" font-size="${n(s.size)}"${fill}${anchor}${/^ | $|  /.test(s.text) ? ' xml:space="preserve"' : ""}>${escapeXml(s.text)}</text>`);
      return;
    }
    case "group":
      out.push(`<g${dataAttrs(s.data)}>`);
      for (const c of s.shapes) shapeSvg(c, out);
      out.push("</g>");
  }
}

/** One page as a standalone SVG document. */
export function drawingSvg(d: Drawing): string {
  const out = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<svg xmlns="http://www.w3.org/2000/svg" width="${n(d.width)}pt" height="${n(d.height)}pt" viewBox="0 0 ${n(d.width)} ${n(d.height)}">`,
    STYLE,
  ];
  if (d.background) out.push(`<rect width="100%" height="100%" fill="${d.background}"/>`);
  for (const s of d.shapes) shapeSvg(s, out);
  out.push("</svg>");
  return out.join("\n") + "\n";
}

/**
 * Several pages in one SVG, one under the other with a gap (SVG has no pages). Pages are read
 * one at a time and turned into text at once, so only the text is kept.
 */
export function pagesSvg(pages: Iterable<Drawing>, gap = 12): string {
  const body: string[] = [];
  let width = 0;
  let y = 0;
  let count = 0;
  let only: Drawing | null = null;
  for (const p of pages) {
    if (count++ === 0) only = p;
    else only = null;
    const out: string[] = [`<g transform="translate(0 ${n(y)})" data-page="${count - 1}">`];
    if (p.background) out.push(`<rect width="${n(p.width)}" height="${n(p.height)}" fill="${p.background}"/>`);
    for (const s of p.shapes) shapeSvg(s, out);
    out.push("</g>");
    body.push(out.join("\n"));
    width = Math.max(width, p.width);
    y += p.height + gap;
  }
  if (count === 1) return drawingSvg(only!);
  const height = Math.max(0, y - gap);
  const head = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<svg xmlns="http://www.w3.org/2000/svg" width="${n(width)}pt" height="${n(height)}pt" viewBox="0 0 ${n(width)} ${n(height)}">`,
    STYLE,
  ];
  return [...head, ...body, "</svg>"].join("\n") + "\n";
}
