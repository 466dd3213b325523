import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { DNS, DNSRR, ICMP, IP, PacketList, UDP, installRenderHost, rdpcap, type Packet } from "../../src/index.ts";
import { fieldRepr } from "../../src/render/fieldtext.ts";
import { cutValue } from "../../src/render/diagram/rows.ts";
import { packetLayout, type LayerLayout } from "../../src/core/layout.ts";
import { assertPicturePng, descendants, parseSvg, tempDir, tool } from "./pictures.ts";

const DHCP = "test/fixtures/captures/dhcp.pcap";

/** Every field's name and its value as the diagram shows it (Scapy's repr, cut). */
function namesAndValues(p: Packet): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const walk = (layers: readonly LayerLayout[]) => {
    for (const l of layers) for (const f of l.fields) out.push([f.name, cutValue(fieldRepr(l.layer, f.field, f.value))]), walk(f.children);
  };
  walk(packetLayout(p, { rebuild: true }).layers);
  return out;
}

const squash = (s: string) => s.replace(/\s+/g, "");

test("pdfdump of the workshop's DHCP capture: a page per packet, every field name and value in the text", async () => {
  const a = rdpcap(DHCP);
  const file = await a.pdfdump(join(tempDir(), "dhcp.pdf"), { layerShift: 1 });
  const info = tool("pdfinfo", [file]);
  assert.match(info, /^Pages:\s+7$/m);
  assert.match(tool("pdffonts", [file]), /DejaVuSans\S*\s+CID TrueType\s+Identity-H\s+yes/, "fonts embedded");
  for (let page = 1; page <= a.length; page++) {
    const text = squash(tool("pdftotext", ["-f", String(page), "-l", String(page), file, "-"]));
    for (const [name, value] of namesAndValues(a[page - 1]!)) {
      assert.ok(text.includes(squash(name)), `page ${page} shows the field name ${name}`);
      assert.ok(text.includes(squash(value)), `page ${page} shows ${name}'s value ${value}`);
    }
  }
});

test("psdump: EPS with a bounding box for one packet, which Ghostscript renders; PostScript pages for a list", () => {
  const dir = tempDir();
  const p = IP({ dst: "10.0.0.1" }).div(ICMP(), "hello");
  const eps = p.psdump(join(dir, "one"), { layerShift: 1 });
  assert.equal(eps, join(dir, "one.eps"), "the extension is added, as PyX does");
  const text = readFileSync(eps, "latin1");
  const bbox = /^%%BoundingBox: 0 0 (\d+) (\d+)$/m.exec(text);
  assert.match(text, /^%!PS-Adobe-3\.0 EPSF-3\.0\n/);
  const d = p.canvasDump({ layerShift: 1 });
  assert.ok(bbox && Number(bbox[1]) >= d.pageCount && Number(bbox[1]) > 200 && Number(bbox[2]) > 100);
  tool("gs", ["-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-dEPSCrop", "-sDEVICE=png16m", "-r72", `-sOutputFile=${join(dir, "gs.png")}`, eps]);
  const png = assertPicturePng(readFileSync(join(dir, "gs.png")));
  assert.ok(Math.abs(png.width - Number(bbox![1])) <= 1 && Math.abs(png.height - Number(bbox![2])) <= 1, "Ghostscript's page is the bounding box");
  const ps = readFileSync(rdpcap(DHCP).psdump(join(dir, "list.ps")), "latin1");
  assert.match(ps, /^%!PS-Adobe-3\.0\n[\s\S]*^%%Pages: 7$/m);
  assert.equal(ps.match(/^%%Page: /gm)!.length, 7);
});

test("PNG and SVG of a diagram: decoded at twice the size in points, text for every value", () => {
  const dir = tempDir();
  const p = IP({ src: "10.0.0.2", dst: "10.0.0.1" }).div(UDP({ sport: 5353 }), "payload");
  const canvas = p.canvasDump();
  const page = [...canvas.pages()][0]!;
  const png = assertPicturePng(readFileSync(canvas.writePNGfile(join(dir, "p.png"))));
  assert.deepEqual([png.width, png.height], [Math.round(page.width * 2), Math.round(page.height * 2)]);
  const svg = parseSvg(readFileSync(p.svgdump(join(dir, "p.svg")), "utf8"));
  const texts = new Set([...descendants(svg)].filter((e) => e.name === "text").map((e) => e.text));
  for (const [name, value] of namesAndValues(p)) assert.ok(texts.has(name) && (value === "" || texts.has(value)), `${name} = ${value}`);
});

test("layer_shift starts each following layer's bytes that many rows lower", () => {
  const p = IP().div(ICMP(), "hello");
  const rowOf = (shift: number, byte: number) => {
    const cells = [...descendants(parseSvg(p.canvasDump({ layerShift: shift }).svg()))].filter((e) => e.attrs["data-byte"] === String(byte));
    return Number(cells[0]!.attrs.y);
  };
  const step = rowOf(0, 16) - rowOf(0, 0);
  assert.ok(step > 0);
  const near = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) < 0.01, `${what}: ${a} vs ${b}`);
  near(rowOf(1, 20) - rowOf(0, 20), step, "ICMP (the second layer) one row lower");
  near(rowOf(1, 28) - rowOf(0, 28), 2 * step, "Raw (the third) two rows lower");
  near(rowOf(2, 28) - rowOf(0, 28), 4 * step, "two rows a layer");
  assert.throws(() => p.canvasDump({ layerShift: -1 }), /layerShift must be a whole number of rows/);
});

test("a packet with 10,000 records and a 64 KB payload draw their first rows and say what they left out", () => {
  const records = Array.from({ length: 10_000 }, (_, i) => DNSRR({ rrname: `h${i}.test`, rdata: "10.0.0.1" }));
  const big = DNS({ qr: 1, an: records });
  const svg = big.canvasDump().svg();
  const tree = parseSvg(svg);
  const texts = [...descendants(tree)].filter((e) => e.name === "text").map((e) => e.text);
  assert.ok(texts.some((t) => /^… \d+ more rows not drawn \(maxRows = 1000\)$/.test(t)), "rows cut with a note");
  assert.ok(texts.some((t) => /^… \d+ more bytes not drawn \(maxRows = 1000\)$/.test(t)), "bytes cut with a note");
  assert.ok(svg.length < 5_000_000, `the SVG stays small (${svg.length} characters)`);

  const payload = IP().div(UDP(), new Uint8Array(65_000).fill(0x41));
  const cells = [...descendants(parseSvg(payload.canvasDump().svg()))].filter((e) => e.attrs["data-byte"] !== undefined);
  assert.equal(cells.length, 16_000, "1000 rows of 16 bytes");
  const all = payload.canvasDump({ maxRows: 5000 }).svg();
  assert.equal(all.match(/data-byte=/g)!.length, 65_028, "maxRows draws more");
});

test("a list of 100,000 packets: refused before drawing, or drawn page by page on request", () => {
  const one = IP().div(ICMP());
  const pl = new PacketList(Array.from({ length: 100_000 }, () => one), "huge");
  assert.throws(() => pl.canvasDump(), /huge holds 100000 packets, a page each; diagrams draw at most 10000 pages at once[\s\S]*pass maxPages: 100000/);
  const canvas = pl.canvasDump({ maxPages: 100_000 });
  assert.equal(canvas.pageCount, 100_000);
  const pages = canvas.pages();
  assert.ok(pages.next().value.width > 0, "pages are drawn one at a time, when read");
  pages.return(undefined);
  assert.throws(() => new PacketList([]).canvasDump(), /PacketList is empty: there is no packet to draw/);
});

test("a long list shows a progress bar while its PDF is drawn", async () => {
  const seen: number[] = [];
  let ended = 0;
  installRenderHost({ progress: () => ({ update: (n) => seen.push(n), end: () => ended++ }) });
  try {
    const pl = new PacketList(Array.from({ length: 60 }, (_, i) => IP({ id: i }).div(ICMP())), "sixty");
    const pdf = await pl.canvasDump().pdf();
    assert.ok(pdf.length > 1000);
    assert.deepEqual([seen.length, seen.at(-1), ended], [60, 60, 1]);
  } finally {
    const { progressBar } = await import("../../src/render/node/progress.ts");
    installRenderHost({ progress: (label, total) => progressBar(label, total) });
  }
});

test("the progress bar draws on a terminal only", async () => {
  const { progressBar } = await import("../../src/render/node/progress.ts");
  let out = "";
  const tty = { isTTY: true, write: (s: string) => (out += s) };
  const bar = progressBar("pdf", 4, tty)!;
  for (let i = 1; i <= 4; i++) bar.update(i);
  bar.end();
  assert.match(out, /\rpdf \[#{30}\] 4\/4\n$/);
  assert.equal(progressBar("pdf", 4, { isTTY: false, write: () => assert.fail("no output off a terminal") }), null);
});

test("unwritable paths are clear errors; no file name writes a temporary file and says where", async () => {
  const p = IP().div(ICMP());
  await assert.rejects(p.pdfdump("/nonexistent-dir/x.pdf"), /cannot write \/nonexistent-dir\/x\.pdf: no such directory \(ENOENT\)/);
  assert.throws(() => p.psdump("/etc/hostname/x.eps"), /cannot write \/etc\/hostname\/x\.eps: a parent is not a directory \(ENOTDIR\)/);
  assert.throws(() => p.svgdump(42 as unknown as string), /the file name must be a string/);
  const said: string[] = [];
  installRenderHost({ notify: (m) => said.push(m), view: () => false });
  try {
    const path = p.svgdump();
    assert.match(path, /packetry-.*\.svg$/);
    assert.ok(statSync(path).size > 1000);
    assert.deepEqual(said, [`written to ${path}`]);
  } finally {
    const files = await import("../../src/render/node/files.ts");
    installRenderHost({ notify: (m) => console.log(m), view: files.view });
  }
});
