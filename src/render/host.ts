/**
 * What pictures need from the platform they run on, installed by it: font files for PDF, a
 * rasterizer for PNG, files (write, temporary paths), a viewer, a progress bar. The Node side
 * (node/) installs all of them; in a browser, SVG, EPS and the drawing model work without any,
 * and each missing piece is a clear error naming what to pass instead.
 */
import type { FontFiles } from "./draw/pdf.ts";

export interface Progress {
  update(done: number): void;
  end(): void;
}

export interface RenderHost {
  /** TrueType bytes of DejaVu Sans, Sans Bold and Sans Mono. */
  fonts(): FontFiles;
  /** A PNG of an SVG document, at `scale` pixels per point. */
  rasterize(svg: string, scale: number): Uint8Array;
  /** Writes bytes or text to a file (throws an Error naming the path). */
  writeFile(path: string, data: Uint8Array | string): void;
  /** A fresh path in the temporary directory ending with ext (".pdf"). */
  tempPath(ext: string): string;
  /** Opens a file in the desktop's viewer when there is one; false when there is none. */
  view(path: string): boolean;
  /** A progress bar for `total` steps on a terminal, or null when output is not a terminal. */
  progress(label: string, total: number): Progress | null;
  /** Tells the user something (where a file went). */
  notify(message: string): void;
}

const installed: Partial<RenderHost> = {};

export function installRenderHost(host: Partial<RenderHost>): void {
  Object.assign(installed, host);
}

/** The host's `name` service, or an error saying what it is for. */
export function host<K extends keyof RenderHost>(name: K): RenderHost[K] {
  const f = installed[name];
  if (!f) {
    const what: Record<keyof RenderHost, string> = {
      fonts: "PDF output needs the DejaVu fonts (on Node, packetry's dependency dejavu-fonts-ttf)",
      rasterize: "PNG output needs a rasterizer (on Node, @resvg/resvg-js)",
      writeFile: "writing files needs Node.js; get the bytes instead (canvas.svg(), canvas.pdf(), canvas.eps())",
      tempPath: "temporary files need Node.js; give a file name or get the bytes",
      view: "a viewer needs Node.js",
      progress: "a progress bar needs a terminal",
      notify: "messages need a console",
    };
    throw new Error(what[name]);
  }
  return (f as Function).bind(installed) as RenderHost[K];
}

export function hasHost(name: keyof RenderHost): boolean {
  return installed[name] !== undefined;
}
