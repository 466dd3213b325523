/**
 * Every layer in the registry, default-built, drawn as a diagram: one framed region per field,
 * over exactly that field's bytes (layers added later join this test by themselves).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { packetLayout, registry, type LayerLayout, type Packet } from "../../src/index.ts";
import { descendants, parseSvg, type SvgElement } from "./pictures.ts";

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

const box = (e: SvgElement): Box => ({ x: Number(e.attrs.x), y: Number(e.attrs.y), w: Number(e.attrs.width), h: Number(e.attrs.height) });
const overlaps = (a: Box, b: Box) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

/** Fields with bits, with held packets' fields, as the diagram should frame them. */
function expectedFrames(layers: readonly LayerLayout[], out: Array<{ field: string; start: number; end: number }> = []) {
  for (const l of layers) {
    for (const f of l.fields) {
      if (f.bitEnd > f.bitStart) out.push({ field: f.name, start: f.start, end: f.end });
      expectedFrames(f.children, out);
    }
  }
  return out;
}

function checkDiagram(p: Packet): void {
  const layout = packetLayout(p, { rebuild: true });
  const svg = parseSvg(p.canvasDump().svg());
  const all = [...descendants(svg)];
  const cells = all.filter((e) => e.name === "rect" && e.attrs["data-byte"] !== undefined).map((e) => ({ byte: Number(e.attrs["data-byte"]), ...box(e) }));
  assert.equal(cells.length, layout.bytes.length, "a cell per byte");
  const frames = all.filter((e) => e.name === "g" && e.attrs["data-field"] !== undefined);
  const expected = expectedFrames(layout.layers);
  assert.deepEqual(
    frames.map((g) => ({ field: g.attrs["data-field"], start: Number(g.attrs["data-start"]), end: Number(g.attrs["data-end"]) })),
    expected,
    "one frame per field, in order, with its byte range",
  );
  for (const g of frames) {
    // The frame's rectangles cover exactly the cells of the field's bytes.
    const covered = new Set<number>();
    for (const r of g.children.filter((c) => c.name === "rect")) for (const c of cells) if (overlaps(box(r), c)) covered.add(c.byte);
    const want = [];
    for (let i = Number(g.attrs["data-start"]); i < Number(g.attrs["data-end"]); i++) want.push(i);
    assert.deepEqual([...covered].sort((a, b) => a - b), want, `field ${g.attrs["data-field"]} is framed over its bytes`);
  }
}

const SKIP = new Set(["NoPayload"]);

test("every registered layer, default-built, has one frame per field over that field's bytes", () => {
  const failures: string[] = [];
  let drawn = 0;
  for (const [name, cls] of registry.layers) {
    if (SKIP.has(name)) continue;
    try {
      checkDiagram((cls as unknown as () => Packet)());
      drawn++;
    } catch (e) {
      failures.push(`${name}: ${(e as Error).message.split("\n")[0]}`);
    }
  }
  assert.deepEqual(failures, []);
  assert.ok(drawn > 100, `only ${drawn} layers drawn: is the registry loaded?`);
});
