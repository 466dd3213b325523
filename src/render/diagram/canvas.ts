/**
 * What canvas_dump returns: the pages of a drawing with PyX's canvas methods that Scapy users
 * call (writeSVGfile, writeEPSfile, writePDFfile, and writePNGfile), plus the bytes themselves
 * (svg(), eps(), pdf(), png()) for browsers and tools. Pages are drawn when asked for, one at a
 * time, so a long PacketList never holds every page's shapes at once.
 */
import type { Drawing } from "../draw/model.ts";
import { pagesPdf } from "../draw/pdf.ts";
import { pagesPs } from "../draw/ps.ts";
import { pagesSvg } from "../draw/svg.ts";
import { host, hasHost } from "../host.ts";
import { deliver } from "../output.ts";

/** Pages drawn on demand: page(i) for i in [0, count). */
export interface PageSource {
  readonly count: number;
  page(i: number): Drawing;
}

/** Default pixels per point of PNG output (144 dpi). */
export const PNG_SCALE = 2;
/** Pages after which a progress bar shows on a terminal. */
const PROGRESS_FROM = 50;

/** PyX adds the format's extension when the name has none. */
export function withExtension(name: string | undefined | null, ext: string): string | undefined {
  if (name === undefined || name === null) return undefined;
  if (typeof name !== "string") throw new TypeError(`the file name must be a string, not ${typeof name}`);
  return /\.[A-Za-z0-9]{1,5}$/.test(name) ? name : name + ext;
}

export class Canvas {
  readonly title: string;
  private readonly source: PageSource;

  constructor(source: PageSource | readonly Drawing[], title = "packetry") {
    this.source = Array.isArray(source) ? { count: source.length, page: (i) => (source as readonly Drawing[])[i]! } : (source as PageSource);
    this.title = title;
  }

  get pageCount(): number {
    return this.source.count;
  }

  /** The pages, drawn one by one (with a progress bar on a terminal for long documents). */
  *pages(label = "drawing"): Generator<Drawing> {
    const total = this.source.count;
    const bar = total >= PROGRESS_FROM && hasHost("progress") ? host("progress")(label, total) : null;
    try {
      for (let i = 0; i < total; i++) {
        yield this.source.page(i);
        bar?.update(i + 1);
      }
    } finally {
      bar?.end();
    }
  }

  /** SVG text (several pages are stacked one under the other). */
  svg(): string {
    return pagesSvg(this.pages("svg"));
  }

  /** PostScript: EPS with a bounding box for one page, a multi-page document for several. */
  eps(): string {
    return pagesPs(this.pages("postscript"), this.title);
  }

  /** PDF bytes, a page per page, fonts embedded. */
  pdf(): Promise<Uint8Array> {
    return pagesPdf(this.pages("pdf"), host("fonts")(), { title: this.title });
  }

  /** PNG bytes at `scale` pixels per point. */
  png(scale = PNG_SCALE): Uint8Array {
    return host("rasterize")(this.svg(), scale);
  }

  writeSVGfile(file?: string): string {
    return deliver(this.svg(), ".svg", withExtension(file, ".svg"));
  }

  writeEPSfile(file?: string): string {
    return deliver(this.eps(), this.pageCount === 1 ? ".eps" : ".ps", withExtension(file, this.pageCount === 1 ? ".eps" : ".ps"));
  }

  async writePDFfile(file?: string): Promise<string> {
    return deliver(await this.pdf(), ".pdf", withExtension(file, ".pdf"));
  }

  writePNGfile(file?: string, options: { scale?: number } = {}): string {
    return deliver(this.png(options.scale), ".png", withExtension(file, ".png"));
  }

  /** Writes the format the name's extension says (.svg, .eps, .ps, .png); PDF is asynchronous: use save(). */
  saveSync(file: string): string {
    const ext = extensionOf(file);
    if (ext === "svg") return this.writeSVGfile(file);
    if (ext === "eps" || ext === "ps") return this.writeEPSfile(file);
    if (ext === "png") return this.writePNGfile(file);
    if (ext === "pdf") throw new Error(`PDF is written asynchronously: await save(${JSON.stringify(file)}) or writePDFfile()`);
    throw new Error(`cannot tell the format of ${JSON.stringify(file)}: end it with .svg, .pdf, .eps, .ps or .png`);
  }

  /** Writes the format the name's extension says (.svg, .eps, .ps, .pdf, .png); resolves to the path. */
  async save(file: string): Promise<string> {
    return extensionOf(file) === "pdf" ? this.writePDFfile(file) : this.saveSync(file);
  }
}

function extensionOf(file: string): string | undefined {
  if (typeof file !== "string") throw new TypeError(`a file name is a string, not ${typeof file}`);
  return /\.([A-Za-z0-9]+)$/.exec(file)?.[1]?.toLowerCase();
}
