/**
 * What the plots return: a drawing with save(path) (the format by the extension: .svg, .png,
 * .eps, .pdf), saveSync(path) for all but PDF, and show() for a viewer.
 */
import { Canvas } from "../diagram/canvas.ts";
import type { Drawing } from "../draw/model.ts";

export interface FigureOptions {
  /** Saves the figure at once (.svg, .png or .eps). */
  filename?: string;
}

export class Figure extends Canvas {
  readonly drawing: Drawing;
  /** What was drawn, for the repr: "plot, 120 points". */
  readonly description: string;

  constructor(drawing: Drawing, title: string, description: string) {
    super([drawing], title);
    this.drawing = drawing;
    this.description = description;
  }

  /** Writes a PNG to a temporary file and opens it in the desktop's viewer (or prints where it is). */
  show(): string {
    return this.writePNGfile();
  }

  override toString(): string {
    return `<Figure ${this.title}: ${this.description}>`;
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}

/** Saves at once when options.filename is given (.svg, .png, .eps: the formats written synchronously). */
export function saveAtOnce(fig: Figure, options: FigureOptions): Figure {
  if (options.filename !== undefined && options.filename !== null) fig.saveSync(options.filename);
  return fig;
}
