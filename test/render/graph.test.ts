import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { GraphError, graphCanvas, renderGraph } from "../../src/index.ts";
import { assertPicturePng, descendants, parseSvg, tempDir, tool } from "./pictures.ts";

const DOT = 'digraph "hops" { "10.0.0.1" -> "10.0.0.2" [label="3"]; "AS 65000" [shape=box, style=filled, fillcolor="#ffcc00"]; "AS 65000" -> "10.0.0.1" [style=dashed] }';

test("renderGraph lays out DOT with Graphviz and writes each type to its target", async () => {
  const dir = tempDir();
  const svg = await renderGraph(DOT, { type: "svg", target: join(dir, "g.svg") });
  const texts = [...descendants(parseSvg(readFileSync(svg, "utf8")))].filter((e) => e.name === "text").map((e) => e.text);
  assert.deepEqual(texts.sort(), ["10.0.0.1", "10.0.0.2", "3", "AS 65000"]);
  assertPicturePng(readFileSync(await renderGraph(DOT, { type: "png", target: join(dir, "g.png") })));
  const pdf = await renderGraph(DOT, { type: "pdf", target: `> ${join(dir, "g.pdf")}` });
  assert.equal(pdf, join(dir, "g.pdf"), "Scapy's '> path' target names the file");
  assert.match(tool("pdftotext", [pdf, "-"]), /10\.0\.0\.1[\s\S]*AS 65000|AS 65000[\s\S]*10\.0\.0\.1/);
  const eps = await renderGraph(DOT, { type: "eps", target: join(dir, "g.eps") });
  assert.match(readFileSync(eps, "latin1"), /^%!PS-Adobe-3\.0 EPSF-3\.0\n%%BoundingBox: 0 0 \d+ \d+/);
  assert.equal(readFileSync(await renderGraph(DOT, { type: "dot", target: join(dir, "g.dot") }), "utf8"), DOT + "\n");
});

test("a graph canvas gives the bytes without any file", async () => {
  const canvas = await graphCanvas("graph { a -- b -- c; a -- c }", { engine: "circo" });
  const svg = parseSvg(canvas.svg());
  assert.equal([...descendants(svg)].filter((e) => e.name === "ellipse").length, 3);
});

test("bad DOT, an unknown type or engine are clear errors", async () => {
  await assert.rejects(renderGraph("digraph { a -> }"), (e: Error) => e instanceof GraphError && /syntax error in line 1/.test(e.message));
  await assert.rejects(renderGraph(DOT, { type: "gif" as "svg" }), /unknown graph type "gif": use one of svg, png, pdf, eps, ps, dot/);
  await assert.rejects(renderGraph(DOT, { engine: "nope" as "dot" }), /unknown Graphviz engine "nope"/);
  await assert.rejects(renderGraph(DOT, { target: "/proc/no-such-dir/g.svg" }), /cannot write \/proc\/no-such-dir\/g\.svg: no such directory/);
});
