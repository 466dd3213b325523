/**
 * Drawings as a PDF, one page each, through pdf-lib with the DejaVu fonts embedded (subset).
 * Each page's content stream is written as text and compressed as soon as the page is drawn,
 * so a long document holds compressed bytes, not millions of operator objects. Pure
 * JavaScript: it runs in a browser too when given the font bytes. pdf-lib and fontkit load when
 * the first PDF is made (they take a second and ~40 MB to load: most sessions draw none).
 */
import type { PDFDocument, PDFFont, PDFPage } from "pdf-lib";
import { flatShapes, type Color, type Drawing, type Font, type PathOp, type Stroke } from "./model.ts";

/** TrueType bytes of the three faces. */
export type FontFiles = Readonly<Record<Font, Uint8Array>>;

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

function paint(out: string[], fill: Color | undefined, stroke: Stroke | undefined): void {
  if (fill) out.push(`${rgb(fill)} rg`);
  if (stroke) out.push(`${rgb(stroke.color)} RG ${n(stroke.width)} w [${(stroke.dash ?? []).map(n).join(" ")}] 0 d`);
  out.push(fill && stroke ? "B" : fill ? "f" : stroke ? "S" : "n");
}

function pathOps(ops: readonly PathOp[]): string {
  return ops
    .map((op) => (op[0] === "M" ? `${n(op[1])} ${n(op[2])} m` : op[0] === "L" ? `${n(op[1])} ${n(op[2])} l` : op[0] === "C" ? `${op.slice(1).map((v) => n(v as number)).join(" ")} c` : "h"))
    .join(" ");
}

/** An ellipse as four Bézier quarters. */
function ellipseOps(cx: number, cy: number, rx: number, ry: number): string {
  const k = 0.5523;
  return [
    `${n(cx + rx)} ${n(cy)} m`,
    `${n(cx + rx)} ${n(cy + k * ry)} ${n(cx + k * rx)} ${n(cy + ry)} ${n(cx)} ${n(cy + ry)} c`,
    `${n(cx - k * rx)} ${n(cy + ry)} ${n(cx - rx)} ${n(cy + k * ry)} ${n(cx - rx)} ${n(cy)} c`,
    `${n(cx - rx)} ${n(cy - k * ry)} ${n(cx - k * rx)} ${n(cy - ry)} ${n(cx)} ${n(cy - ry)} c`,
    `${n(cx + k * rx)} ${n(cy - ry)} ${n(cx + rx)} ${n(cy - k * ry)} ${n(cx + rx)} ${n(cy)} c h`,
  ].join(" ");
}

interface PageFonts {
  readonly fonts: Record<Font, PDFFont>;
  readonly charsets: Map<PDFFont, Set<number>>;
  /** Encoded text and its width at size 1, per face: fontkit's shaping is the slow part, and texts repeat. */
  readonly encoded: Record<Font, Map<string, { hex: string; width: number }>>;
}

function encode(f: PageFonts, face: Font, text: string): { hex: string; width: number } {
  const cache = f.encoded[face];
  let e = cache.get(text);
  if (!e) {
    const font = f.fonts[face];
    const drawn = drawable(f, font, text);
    e = { hex: font.encodeText(drawn).toString(), width: font.widthOfTextAtSize(drawn, 1) };
    cache.set(text, e);
  }
  return e;
}

/** Characters the embedded font can draw (others become "?": a glyph-less character would vanish). */
function drawable(f: PageFonts, font: PDFFont, text: string): string {
  let set = f.charsets.get(font);
  if (!set) f.charsets.set(font, (set = new Set(font.getCharacterSet())));
  let out = "";
  for (const ch of text) out += set.has(ch.codePointAt(0)!) ? ch : "?";
  return out;
}

function pageContent(doc: PDFDocument, page: PDFPage, d: Drawing, f: PageFonts): void {
  const keys = new Map<Font, string>();
  const key = (font: Font) => {
    let k = keys.get(font);
    if (!k) keys.set(font, (k = page.node.newFontDictionary(font, f.fonts[font].ref).toString()));
    return k;
  };
  // y grows downwards in drawings: flip once for the page, and back for each text.
  const out: string[] = [`1 0 0 -1 0 ${n(d.height)} cm 1 j 1 J`];
  if (d.background) out.push(`${rgb(d.background)} rg 0 0 ${n(d.width)} ${n(d.height)} re f`);
  for (const s of flatShapes(d.shapes)) {
    switch (s.kind) {
      case "rect":
        out.push(`${n(s.x)} ${n(s.y)} ${n(s.w)} ${n(s.h)} re`);
        paint(out, s.fill, s.stroke);
        break;
      case "ellipse":
        out.push(ellipseOps(s.cx, s.cy, s.rx, s.ry));
        paint(out, s.fill, s.stroke);
        break;
      case "path":
        if (s.ops.length === 0) break;
        out.push(pathOps(s.ops));
        paint(out, s.fill, s.stroke);
        break;
      case "text": {
        if (s.text === "") break;
        const e = encode(f, s.font, s.text);
        const w = e.width * s.size;
        const x = s.anchor === "start" ? s.x : s.anchor === "middle" ? s.x - w / 2 : s.x - w;
        out.push(`${rgb(s.color)} rg BT 1 0 0 -1 ${n(x)} ${n(s.y)} Tm ${key(s.font)} ${n(s.size)} Tf ${e.hex} Tj ET`);
      }
    }
  }
  page.node.addContentStream(doc.context.register(doc.context.flateStream(out.join("\n"))));
}

export interface PdfOptions {
  title?: string;
  /** Called after each page (for a progress bar). */
  onPage?: (done: number) => void;
}

/** The PDF file of these pages (drawn one at a time from the iterable). */
export async function pagesPdf(pages: Iterable<Drawing>, fontFiles: FontFiles, options: PdfOptions = {}): Promise<Uint8Array> {
  const [{ PDFDocument }, { default: fontkit }] = await Promise.all([import("pdf-lib"), import("@pdf-lib/fontkit")]);
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  doc.setCreator("packetry");
  doc.setProducer("packetry (pdf-lib)");
  if (options.title) doc.setTitle(options.title);
  const fonts = {
    sans: await doc.embedFont(fontFiles.sans, { subset: true }),
    bold: await doc.embedFont(fontFiles.bold, { subset: true }),
    mono: await doc.embedFont(fontFiles.mono, { subset: true }),
  };
  const f: PageFonts = { fonts, charsets: new Map(), encoded: { sans: new Map(), bold: new Map(), mono: new Map() } };
  let done = 0;
  for (const d of pages) {
    const page = doc.addPage([Math.max(1, d.width), Math.max(1, d.height)]);
    pageContent(doc, page, d, f);
    options.onPage?.(++done);
  }
  return doc.save({ useObjectStreams: true });
}

