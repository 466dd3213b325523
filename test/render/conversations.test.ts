import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PacketList, rdpcap, type Packet } from "../../src/index.ts";
import { descendants, parseSvg, tempDir } from "./pictures.ts";

const CAPTURE = "test/fixtures/captures/ipv6-link-up.pcap";

/** tshark's count of packets per (source, destination), the oracle for the graph's edges. */
function tsharkPairs(file: string): Map<string, number> {
  const r = spawnSync("tshark", ["-r", file, "-T", "fields", "-e", "ip.src", "-e", "ip.dst", "-e", "ipv6.src", "-e", "ipv6.dst"], { encoding: "utf8" });
  assert.equal(r.status, 0, `tshark failed: ${r.stderr}`);
  const pairs = new Map<string, number>();
  for (const line of r.stdout.trim().split("\n")) {
    const [s4, d4, s6, d6] = line.split("\t");
    const k = `${s4 || s6} -> ${d4 || d6}`;
    pairs.set(k, (pairs.get(k) ?? 0) + 1);
  }
  return pairs;
}

function dotEdges(dot: string): Map<string, number> {
  const edges = new Map<string, number>();
  for (const m of dot.matchAll(/^\t"([^"]+)" -> "([^"]+)" \[label="(\d+)"\]$/gm)) edges.set(`${m[1]} -> ${m[2]}`, Number(m[3]));
  return edges;
}

test("conversations of a lab capture: a node per address, an edge per direction with tshark's packet count", async () => {
  const pl = rdpcap(CAPTURE);
  const dir = tempDir();
  const expected = tsharkPairs(CAPTURE);
  assert.ok(expected.size >= 10, "the capture has many conversations");
  const dot = readFileSync(await pl.conversationGraph({ type: "dot", target: join(dir, "conv.dot") }), "utf8");
  assert.match(dot, /^digraph "conv" \{\n/);
  assert.deepEqual(dotEdges(dot), expected);

  const svg = parseSvg(readFileSync(await pl.conversationGraph({ type: "svg", target: `> ${join(dir, "conv.svg")}` }), "utf8"));
  const texts = [...descendants(svg)].filter((e) => e.name === "text").map((e) => e.text);
  const addresses = new Set([...expected.keys()].flatMap((k) => k.split(" -> ")));
  assert.deepEqual(new Set(texts.filter((t) => t.includes(":"))), addresses, "one node per address");
  const counts = texts.filter((t) => /^\d+$/.test(t)).map(Number).sort((a, b) => a - b);
  assert.deepEqual(counts, [...expected.values()].sort((a, b) => a - b), "one labelled edge per direction");
});

test("conversations with getsrcdst, and core's counts when given no options", async () => {
  const pl = rdpcap("test/fixtures/captures/dhcp.pcap");
  const macs = (p: Packet) => [p.getFieldValue("src"), p.getFieldValue("dst")] as const;
  const dot = readFileSync(await pl.conversationGraph({ getsrcdst: macs, type: "dot", target: join(tempDir(), "mac.dot") }), "utf8");
  assert.ok([...dotEdges(dot).keys()].every((k) => /^([0-9a-f]{2}:){5}[0-9a-f]{2} -> ([0-9a-f]{2}:){5}[0-9a-f]{2}$/.test(k)), dot);
  assert.equal(pl.conversations()[0]!.src, "0.0.0.0");
  await assert.rejects(new PacketList([]).conversationGraph({ type: "dot" }), /PacketList has no conversation to draw/);
});

test("afterglow: sources, ports and destinations sized by traffic", async () => {
  const pl = rdpcap("test/fixtures/captures/dhcp.pcap");
  const dot = readFileSync(await pl.afterglow({ type: "dot", target: join(tempDir(), "a.dot") }), "utf8");
  assert.match(dot, /"s:0\.0\.0\.0" \[label="0\.0\.0\.0", shape="box"/);
  assert.match(dot, /"e:67" \[label="67"/);
  assert.match(dot, /"s:0\.0\.0\.0" -> "e:67" \[label="3"\]/);
  assert.match(dot, /"e:68" -> "d:10\.88\.1\.113" \[label="2"\]/);
  const svg = parseSvg(readFileSync(await pl.afterglow({ target: join(tempDir(), "a.svg") }), "utf8"));
  assert.ok([...descendants(svg)].some((e) => e.name === "text" && e.text === "255.255.255.255"));
});
