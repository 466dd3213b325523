import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ICMP, IP, PacketList, rdpcap, raw, SndRcvList, TCP, type Packet } from "../../src/index.ts";
import { assertPicturePng, descendants, parseSvg, tempDir, type SvgElement } from "./pictures.ts";

const http = () => rdpcap("test/fixtures/captures/http.pcap");
const texts = (svg: SvgElement) => [...descendants(svg)].filter((e) => e.name === "text").map((e) => e.text);
/** The points of the series lines (the first path after the grid that has many segments). */
const lines = (svg: SvgElement) => [...descendants(svg)].filter((e) => e.name === "path" && e.attrs["stroke-width"] === "1.2").map((e) => e.attrs.d!.split(/(?=[ML])/).length);

test("plot: a value per packet, with axes and labels, saved as SVG or PNG by the extension", async () => {
  const pl = http();
  const dir = tempDir();
  const fig = pl.plot((p) => raw(p).length, { title: "frame lengths", xlabel: "packet", ylabel: "bytes" });
  const svg = parseSvg(readFileSync(fig.saveSync(join(dir, "len.svg")), "utf8"));
  const t = texts(svg);
  for (const label of ["frame lengths", "packet", "bytes", "0", "1,600"]) assert.ok(t.includes(label), `${label} is drawn`);
  assert.deepEqual(lines(svg), [pl.length], "one line through every packet");
  assertPicturePng(readFileSync(await fig.save(join(dir, "len.png"))));
  assert.match(String(fig), /<Figure plot: 1 series, 90 points>/);
});

test("plot with lfilter and plotXy, and filename= saving at once", () => {
  const pl = http();
  const file = join(tempDir(), "xy.svg");
  const fig = pl.plot((p) => [p.time - pl[0]!.time, raw(p).length], { lfilter: (p) => p.hasLayer("Raw"), plotXy: true, filename: file });
  const kept = pl.filter((p) => p.hasLayer("Raw")).length;
  assert.deepEqual(lines(parseSvg(readFileSync(file, "utf8"))), [kept]);
  assert.ok(kept > 0 && kept < pl.length && fig.pageCount === 1);
  assert.throws(() => pl.plot((p) => p.summary()), /plot's function, for packet 0, gave "Ether \/ IP \/ TCP [^"]*": not a number to plot/);
  assert.throws(() => pl.plot((p) => 1, { lfilter: () => false }), /plot: nothing to plot \(no packet kept by lfilter\)/);
  assert.throws(() => pl.plot((p) => 1, { filename: "x.gif" }), /cannot tell the format of "x.gif"/);
});

test("diffplot: the function of each packet and the one `delay` after it", () => {
  const pl = new PacketList([1, 4, 9, 16].map((t) => Object.assign(IP().div(ICMP()), { time: t })));
  const seen: Array<[number, number]> = [];
  pl.diffplot((a, b) => (seen.push([a.time, b.time]), b.time - a.time));
  assert.deepEqual(seen, [[1, 4], [4, 9], [9, 16]]);
  seen.length = 0;
  pl.diffplot((a, b) => (seen.push([a.time, b.time]), 0), { delay: 2 });
  assert.deepEqual(seen, [[1, 9], [4, 16]]);
  assert.throws(() => pl.diffplot(() => 0, { delay: 0 }), /delay must be a whole number of packets/);
});

test("multiplot: a series per key, named in the legend", () => {
  const pl = http();
  const svg = parseSvg(pl.multiplot((p: Packet) => [p.getLayer(IP)!.src, raw(p).length]).svg());
  const bySrc = new Map<string, number>();
  for (const p of pl) bySrc.set(p.getLayer(IP)!.src, (bySrc.get(p.getLayer(IP)!.src) ?? 0) + 1);
  assert.deepEqual(lines(svg), [...bySrc.values()]);
  for (const src of bySrc.keys()) assert.ok(texts(svg).includes(src), `legend names ${src}`);
  assert.throws(() => pl.multiplot(() => 3), /multiplot's function, for packet 0, gave 3: it must give a \(key, value\) pair/);
});

test("timeskew_graph: the skew of a host's TCP timestamp clock, and a clear error without timestamps", () => {
  const at = (t: number, tsval: number) => Object.assign(IP({ src: "10.0.0.1" }).div(TCP({ options: [["Timestamp", [tsval, 0]]] })), { time: t });
  // The clock runs 1% fast: 1010 ms of timestamps a second.
  const pl = new PacketList([at(100, 5000), at(101, 6010), at(102, 7020)]);
  const svg = pl.timeskewGraph("10.0.0.1").svg();
  assert.ok(texts(parseSvg(svg)).includes("10.0.0.1"));
  const t = texts(parseSvg(svg));
  assert.ok(t.includes("−0.020") && t.includes("0.000") && !t.includes("−0.025"), "the skew runs from 0 to -0.02 s (-10 ms a second)");
  assert.ok(t.includes("2.0") && !t.includes("2.2"), "over 2 seconds");
  assert.throws(() => pl.timeskewGraph("10.0.0.9"), /no TCP segment from 10\.0\.0\.9 carries a Timestamp option/);
});

test("make_table as an image: the cross table of a list, and of results (query, answer)", () => {
  const pl = http();
  const fig = pl.makeTableFigure((p: Packet) => [p.getLayer(IP)!.dst, p.getLayer(IP)!.src, p.getLayer(TCP)!.dport]);
  const t = texts(parseSvg(fig.svg()));
  assert.ok(["10.88.0.1", "10.88.0.2", "80"].every((s) => t.includes(s)), t.join(" "));
  const q = IP({ dst: "10.0.0.2" }).div(ICMP());
  const a = IP({ src: "10.0.0.2", ttl: 61 }).div(ICMP({ type: 0 }));
  const res = new SndRcvList([[q, a]]);
  const t2 = texts(parseSvg(res.makeTableFigure((s: Packet, r: Packet) => [s.getLayer(IP)!.dst, "ttl", r.getLayer(IP)!.ttl]).svg()));
  assert.deepEqual(t2.sort(), ["10.0.0.2", "61", "ttl"]);
  assert.throws(() => pl.makeTableFigure(() => null), /the function gave no \(column, row, cell\)/);
});
