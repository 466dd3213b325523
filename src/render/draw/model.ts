/**
 * The drawing model every picture is made of (packet diagrams, graphs, plots): a page of plain
 * shapes in points (1/72 inch), y growing downwards as in SVG. Each output (svg.ts, ps.ts,
 * pdf.ts, and PNG through the SVG) reads only this, so all outputs show the same picture.
 */

export type Color = string; // "#rrggbb"

/** The three faces packetry draws with (DejaVu Sans, its bold, DejaVu Sans Mono). */
export type Font = "sans" | "bold" | "mono";

export interface Stroke {
  readonly color: Color;
  readonly width: number;
  readonly dash?: readonly number[];
}

/** Path commands: move, line, cubic Bézier, close (absolute coordinates). */
export type PathOp =
  | readonly ["M", number, number]
  | readonly ["L", number, number]
  | readonly ["C", number, number, number, number, number, number]
  | readonly ["Z"];

export interface RectShape {
  readonly kind: "rect";
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
  readonly fill?: Color;
  readonly stroke?: Stroke;
  /** What the rectangle stands for, kept as attributes in SVG (`data-*`) for tests and tools. */
  readonly data?: Readonly<Record<string, string | number>>;
}

export interface PathShape {
  readonly kind: "path";
  readonly ops: readonly PathOp[];
  readonly fill?: Color;
  readonly stroke?: Stroke;
}

export interface EllipseShape {
  readonly kind: "ellipse";
  readonly cx: number;
  readonly cy: number;
  readonly rx: number;
  readonly ry: number;
  readonly fill?: Color;
  readonly stroke?: Stroke;
}

export interface TextShape {
  readonly kind: "text";
  /** x at the anchor, y at the baseline. */
  readonly x: number;
  readonly y: number;
  readonly text: string;
  readonly size: number;
  readonly font: Font;
  readonly color: Color;
  readonly anchor: "start" | "middle" | "end";
}

/** Shapes drawn together; an SVG group with its data attributes (a field's frame over several rows). */
export interface GroupShape {
  readonly kind: "group";
  readonly shapes: readonly Shape[];
  readonly data?: Readonly<Record<string, string | number>>;
}

export type Shape = RectShape | PathShape | EllipseShape | TextShape | GroupShape;

/** One page. */
export interface Drawing {
  readonly width: number;
  readonly height: number;
  readonly shapes: readonly Shape[];
  readonly background?: Color;
}

/** Shapes of a drawing, groups opened, in drawing order. */
export function* flatShapes(shapes: readonly Shape[]): Generator<Exclude<Shape, GroupShape>> {
  for (const s of shapes) {
    if (s.kind === "group") yield* flatShapes(s.shapes);
    else yield s;
  }
}
