/**
 * Scapy's diagram methods on Packet and PacketList (pdfdump, psdump, svgdump, canvasDump; the
 * shell also knows canvas_dump), installed on their prototypes from here so core stays free of
 * drawing code (as core's textHooks do for the text views). A list draws a page per packet.
 */
import { Packet } from "../../core/packet.ts";
import { PacketList } from "../../core/plist.ts";
import { Canvas, withExtension } from "./canvas.ts";
import { packetDiagram, type DiagramOptions } from "./packet.ts";
import { deliver } from "../output.ts";

export interface DumpOptions extends DiagramOptions {
  /** Most pages a PacketList draws (default 10,000): past it the call fails before drawing anything. */
  maxPages?: number;
}

export const DEFAULT_MAX_PAGES = 10_000;

declare module "../../core/packet.ts" {
  interface Packet {
    /** The packet diagram, with PyX's canvas methods (writePDFfile...). */
    canvasDump(options?: DiagramOptions): Canvas;
    /** Writes the diagram as SVG to filename, or to a temporary file that is shown; returns the path. */
    svgdump(filename?: string | null, options?: DiagramOptions): string;
    /** Writes the diagram as EPS (PostScript with a bounding box); returns the path. */
    psdump(filename?: string | null, options?: DiagramOptions): string;
    /** Writes the diagram as PDF (fonts embedded); resolves to the path. */
    pdfdump(filename?: string | null, options?: DiagramOptions): Promise<string>;
  }
}

declare module "../../core/plist.ts" {
  interface PacketList<T> {
    /** The diagrams of every packet, a page each. */
    canvasDump(options?: DumpOptions): Canvas;
    svgdump(filename?: string | null, options?: DumpOptions): string;
    /** PostScript, a page per packet (EPS when the list holds one packet). */
    psdump(filename?: string | null, options?: DumpOptions): string;
    pdfdump(filename?: string | null, options?: DumpOptions): Promise<string>;
  }
}

/** The canvas of one packet. */
export function packetCanvas(p: Packet, options: DiagramOptions = {}): Canvas {
  const drawing = packetDiagram(p, options);
  return new Canvas([drawing], p.summary());
}

/** The canvas of many packets, a page each, drawn when the pages are read. */
export function listCanvas(packets: readonly Packet[], name: string, options: DumpOptions = {}): Canvas {
  const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
  if (packets.length > maxPages) {
    throw new RangeError(
      `${name} holds ${packets.length} packets, a page each; diagrams draw at most ${maxPages} pages at once (about 100 pages a second). ` +
        `Draw a slice (pl.slice(0, ${maxPages})) or pass maxPages: ${packets.length}.`,
    );
  }
  if (packets.length === 0) throw new RangeError(`${name} is empty: there is no packet to draw`);
  return new Canvas({ count: packets.length, page: (i) => packetDiagram(packets[i]!, options) }, name);
}

function install(proto: object, canvasOf: (self: never, options: DumpOptions) => Canvas): void {
  Object.defineProperties(proto, {
    canvasDump: {
      configurable: true,
      writable: true,
      value: function canvasDump(this: never, options: DumpOptions = {}) {
        return canvasOf(this, options);
      },
    },
    svgdump: {
      configurable: true,
      writable: true,
      value: function svgdump(this: never, filename?: string | null, options: DumpOptions = {}) {
        return deliver(canvasOf(this, options).svg(), ".svg", withExtension(filename, ".svg"));
      },
    },
    psdump: {
      configurable: true,
      writable: true,
      value: function psdump(this: never, filename?: string | null, options: DumpOptions = {}) {
        return canvasOf(this, options).writeEPSfile(filename ?? undefined);
      },
    },
    pdfdump: {
      configurable: true,
      writable: true,
      value: function pdfdump(this: never, filename?: string | null, options: DumpOptions = {}) {
        // A promise in every case: errors of the options reject it rather than throw.
        return Promise.resolve().then(() => canvasOf(this, options).writePDFfile(filename ?? undefined));
      },
    },
  });
}

install(Packet.prototype, (p: Packet, o) => packetCanvas(p, o));
install(PacketList.prototype, (pl: PacketList<unknown>, o) => listCanvas(pl.packets(), pl.name, o));
