/** Checks of picture files shared by the render tests: SVG parsed as XML, PNG decoded, PDF read by poppler. */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { PNG } from "pngjs";

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), "packetry-render-test-"));
}

export interface SvgElement {
  name: string;
  attrs: Record<string, string>;
  children: SvgElement[];
  text: string;
}

/** The SVG parsed (asserting it is well-formed XML with an <svg> root). */
export function parseSvg(svg: string): SvgElement {
  const valid = XMLValidator.validate(svg);
  assert.equal(valid, true, `SVG is not well-formed: ${JSON.stringify(valid)}`);
  const tree = new XMLParser({ preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: "", trimValues: false, parseTagValue: false, parseAttributeValue: false }).parse(svg) as unknown[];
  const convert = (node: Record<string, unknown>): SvgElement | null => {
    const name = Object.keys(node).find((k) => k !== ":@");
    if (!name || name === "?xml" || name === "#text") return null;
    const kids = (node[name] as Record<string, unknown>[]) ?? [];
    const text = kids.filter((k) => "#text" in k).map((k) => String(k["#text"])).join("");
    return { name, attrs: (node[":@"] as Record<string, string>) ?? {}, children: kids.map(convert).filter((x): x is SvgElement => x !== null), text };
  };
  const root = (tree as Record<string, unknown>[]).map(convert).find((x) => x?.name === "svg");
  assert.ok(root, "no <svg> root element");
  return root;
}

export function* descendants(e: SvgElement): Generator<SvgElement> {
  for (const c of e.children) {
    yield c;
    yield* descendants(c);
  }
}

/** Decodes a PNG and asserts it is not blank: several colours, a sensible size. */
export function assertPicturePng(bytes: Uint8Array, minSide = 50): PNG {
  const png = PNG.sync.read(Buffer.from(bytes));
  assert.ok(png.width >= minSide && png.height >= minSide, `PNG is only ${png.width}x${png.height}`);
  const colours = new Set<number>();
  let dark = 0;
  for (let i = 0; i < png.data.length; i += 4 * 7) {
    colours.add((png.data[i]! << 16) | (png.data[i + 1]! << 8) | png.data[i + 2]!);
    if (png.data[i]! + png.data[i + 1]! + png.data[i + 2]! < 200) dark++;
  }
  assert.ok(colours.size > 8, `PNG has only ${colours.size} colours: it looks blank`);
  assert.ok(dark > 20, "PNG has almost no dark pixels: no text or lines drawn");
  return png;
}

/** Runs a poppler or Ghostscript tool, asserting it exists and succeeds. */
export function tool(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { encoding: "utf8", maxBuffer: 64 << 20 });
  assert.ok(!r.error, `${cmd} is needed (apt-get install poppler-utils ghostscript): ${r.error?.message}`);
  assert.equal(r.status, 0, `${cmd} ${args.join(" ")} failed: ${r.stderr}`);
  return r.stdout;
}
