/**
 * What tshark reads in frames packetry builds: each frame written to a temporary pcap, read back
 * with `tshark -T json`, and returned as tshark's layer tree with the problems it reported
 * (malformed packets, expert errors and warnings). Protocol tests use it to check that a real
 * dissector agrees with the bytes we write.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pcapBytes, type Packet } from "../src/index.ts";

export interface TsharkView {
  /** tshark's "frame.protocols", e.g. "eth:ethertype:ip:udp:dns". */
  protocols: string;
  /** The layer tree: protocol name -> { "proto.field": value, ... } (repeated fields as arrays). */
  layers: Record<string, unknown>;
  /** Malformed-packet and expert messages of severity warning or error. */
  problems: string[];
}

let available: boolean | null = null;

/** True when tshark is installed (CI installs it; tests that need it skip without). */
export function tsharkAvailable(): boolean {
  if (available === null) {
    try {
      execFileSync("tshark", ["--version"], { stdio: "ignore" });
      available = true;
    } catch {
      available = false;
    }
  }
  return available;
}

/** tshark's reading of each packet (built with raw()), written with the link type of its first layer, or `linktype`. */
export function tsharkRead(packets: readonly Packet[], options: { linktype?: number; decodeAs?: readonly string[]; mergeDuplicates?: boolean; prefs?: readonly string[] } = {}): TsharkView[] {
  const dir = mkdtempSync(join(tmpdir(), "packetry-tshark-"));
  try {
    const file = join(dir, "frames.pcap");
    writeFileSync(file, pcapBytes(packets, options.linktype === undefined ? {} : { linktype: options.linktype }));
    const args = ["-Q", "-n", "-r", file, "-T", "json", "-V", "-o", "tcp.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE", "-o", "ip.check_checksum:TRUE"];
    for (const d of options.decodeAs ?? []) args.push("-d", d);
    for (const pref of options.prefs ?? []) args.push("-o", pref);
    // Repeated keys (one per option of a message) as arrays instead of only the last one.
    if (options.mergeDuplicates) args.push("--no-duplicate-keys");
    const out = execFileSync("tshark", args, { encoding: "utf8", maxBuffer: 1 << 28, stdio: ["ignore", "pipe", "pipe"] });
    const docs = JSON.parse(out) as Array<{ _source: { layers: Record<string, unknown> } }>;
    return docs.map(({ _source }) => {
      const layers = _source.layers;
      const frame = layers.frame as Record<string, string>;
      return { protocols: frame["frame.protocols"] ?? "", layers, problems: problemsIn(layers) };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Expert messages of severity warning or error, and malformed markers, anywhere in the tree. */
function problemsIn(tree: unknown, out: string[] = []): string[] {
  if (tree === null || typeof tree !== "object") return out;
  for (const [key, value] of Object.entries(tree as Record<string, unknown>)) {
    if (key === "_ws.malformed" || key === "_ws.malformed_tree") out.push("malformed packet");
    if (key === "_ws.expert" && value && typeof value === "object") {
      // Several expert items under one key are an array (with --no-duplicate-keys).
      for (const e of (Array.isArray(value) ? value : [value]) as Array<Record<string, unknown>>) {
        const severity = String(e["_ws.expert.severity"] ?? "");
        // Wireshark's severities (epan/proto.h): PI_NOTE 0x400000 (4194304) is no problem (a
        // retransmission, a response in frame N); PI_WARN 0x600000 (6291456) and PI_ERROR
        // 0x800000 (8388608) are.
        if (severity === "6291456" || severity === "8388608") out.push(String(e["_ws.expert.message"] ?? key));
      }
    }
    problemsIn(value, out);
  }
  return out;
}

/** The first value tshark gives for a field ("ip.ttl"), searching the whole tree; undefined when absent. */
export function tsharkField(view: TsharkView, name: string): string | undefined {
  const found = findField(view.layers, name);
  return Array.isArray(found) ? (found[0] as string) : (found as string | undefined);
}

function findField(tree: unknown, name: string): unknown {
  if (tree === null || typeof tree !== "object") return undefined;
  for (const [key, value] of Object.entries(tree as Record<string, unknown>)) {
    if (key === name) return value;
    const inner = findField(value, name);
    if (inner !== undefined) return inner;
  }
  return undefined;
}
