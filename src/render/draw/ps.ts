/**
 * A drawing as PostScript: EPS for one page (a bounding box, no showpage side effects beyond
 * the page), a DSC-conforming multi-page document for several. Pure text, so it runs anywhere.
 * Text uses the standard Helvetica and Courier, which every PostScript interpreter has; they are
 * narrower than DejaVu, so layouts measured with DejaVu never overlap.
 */
import { flatShapes, type Color, type Drawing, type Font, type Shape, type Stroke } from "./model.ts";

const PS_FONT: Record<Font, string> = { sans: "Helvetica", bold: "Helvetica-Bold", mono: "Courier" };

const n = (v: number) => (Math.round(v * 100) / 100).toString();

const rgbCache = new Map<string, string>();
function rgb(c: Color): string {
  let v = rgbCache.get(c);
  if (v === undefined) {
    const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(c);
    v = m ? [m[1]!, m[2]!, m[3]!].map((h) => n(parseInt(h, 16) / 255)).join(" ") : "0 0 0";
    rgbCache.set(c, v);
  }
  return v;
}

/** A PostScript string literal: parentheses and backslashes escaped, non-ASCII as "?". */
function psString(s: string): string {
  let out = "(";
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === "(" || ch === ")" || ch === "\\") out += "\\" + ch;
    else if (c >= 32 && c < 127) out += ch;
    else out += "?";
  }
  return out + ")";
}

const PROLOG = `/pkt-text { % (s) anchor x y size /Font
  findfont exch scalefont setfont gsave translate 1 -1 scale 0 0 moveto
  dup 1 eq { exch dup stringwidth pop -2 div 0 rmoveto exch } if
  2 eq { dup stringwidth pop neg 0 rmoveto } if show grestore } bind def
/pkt-ellipse { % cx cy rx ry (the path kept, the unit circle's scaling undone)
  matrix currentmatrix 5 1 roll 4 2 roll translate scale newpath 0 0 1 0 360 arc closepath setmatrix } bind def`;

function strokeOps(s: Stroke): string {
  return `${rgb(s.color)} setrgbcolor ${n(s.width)} setlinewidth [${(s.dash ?? []).map(n).join(" ")}] 0 setdash stroke`;
}

function paint(fill: Color | undefined, stroke: Stroke | undefined): string {
  if (fill && stroke) return `gsave ${rgb(fill)} setrgbcolor fill grestore ${strokeOps(stroke)}`;
  if (fill) return `${rgb(fill)} setrgbcolor fill`;
  if (stroke) return strokeOps(stroke);
  return "newpath";
}

function shapePs(s: Exclude<Shape, { kind: "group" }>, out: string[]): void {
  switch (s.kind) {
    case "rect":
      out.push(`newpath ${n(s.x)} ${n(s.y)} moveto ${n(s.w)} 0 rlineto 0 ${n(s.h)} rlineto ${n(-s.w)} 0 rlineto closepath ${paint(s.fill, s.stroke)}`);
      return;
    case "ellipse":
      out.push(`${n(s.cx)} ${n(s.cy)} ${n(Math.max(s.rx, 0.01))} ${n(Math.max(s.ry, 0.01))} pkt-ellipse ${paint(s.fill, s.stroke)}`);
      return;
    case "path": {
      const ops = s.ops.map((op) => {
        if (op[0] === "M") return `${n(op[1])} ${n(op[2])} moveto`;
        if (op[0] === "L") return `${n(op[1])} ${n(op[2])} lineto`;
        if (op[0] === "C") return `${op.slice(1).map((v) => n(v as number)).join(" ")} curveto`;
        return "closepath";
      });
      out.push(`newpath ${ops.join(" ")} ${paint(s.fill, s.stroke)}`);
      return;
    }
    case "text": {
      const anchor = s.anchor === "start" ? 0 : s.anchor === "middle" ? 1 : 2;
      out.push(`${rgb(s.color)} setrgbcolor ${psString(s.text)} ${anchor} ${n(s.x)} ${n(s.y)} ${n(s.size)} /${PS_FONT[s.font]} pkt-text`);
    }
  }
}

function pageBody(d: Drawing): string[] {
  const out = [`gsave 0 ${n(d.height)} translate 1 -1 scale 1 setlinejoin 1 setlinecap`];
  if (d.background) out.push(`newpath 0 0 moveto ${n(d.width)} 0 rlineto 0 ${n(d.height)} rlineto ${n(-d.width)} 0 rlineto closepath ${rgb(d.background)} setrgbcolor fill`);
  for (const s of flatShapes(d.shapes)) shapePs(s, out);
  out.push("grestore");
  return out;
}

/** One page as Encapsulated PostScript. */
export function drawingEps(d: Drawing, title = "packetry"): string {
  const w = Math.ceil(d.width);
  const h = Math.ceil(d.height);
  return [
    "%!PS-Adobe-3.0 EPSF-3.0",
    `%%BoundingBox: 0 0 ${w} ${h}`,
    `%%HiResBoundingBox: 0 0 ${n(d.width)} ${n(d.height)}`,
    `%%Title: ${title.replace(/[\r\n]/g, " ")}`,
    "%%Creator: packetry",
    "%%LanguageLevel: 2",
    "%%Pages: 1",
    "%%EndComments",
    "%%BeginProlog",
    PROLOG,
    "%%EndProlog",
    "%%Page: 1 1",
    ...pageBody(d),
    "showpage",
    "%%Trailer",
    "%%EOF",
    "",
  ].join("\n");
}

/** Several pages as one PostScript document (EPS allows one page only), read one page at a time. */
export function pagesPs(pages: Iterable<Drawing>, title = "packetry"): string {
  const body: string[] = [];
  let w = 0;
  let h = 0;
  let count = 0;
  let first: Drawing | null = null;
  for (const p of pages) {
    if (count++ === 0) first = p;
    const pw = Math.ceil(p.width);
    const ph = Math.ceil(p.height);
    w = Math.max(w, pw);
    h = Math.max(h, ph);
    body.push([`%%Page: ${count} ${count}`, `%%PageBoundingBox: 0 0 ${pw} ${ph}`, `<< /PageSize [${pw} ${ph}] >> setpagedevice`, ...pageBody(p), "showpage"].join("\n"));
  }
  if (count === 1) return drawingEps(first!, title);
  const head = [
    "%!PS-Adobe-3.0",
    `%%BoundingBox: 0 0 ${w} ${h}`,
    `%%Title: ${title.replace(/[\r\n]/g, " ")}`,
    "%%Creator: packetry",
    "%%LanguageLevel: 2",
    `%%Pages: ${count}`,
    "%%EndComments",
    "%%BeginProlog",
    PROLOG,
    "%%EndProlog",
  ];
  return [...head, ...body, "%%Trailer", "%%EOF", ""].join("\n");
}
