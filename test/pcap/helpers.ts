/** Shared pieces of the capture tests: fixtures, temp files, and what tshark says about a file. */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after } from "node:test";

export const FIXTURES = new URL("../fixtures/pcap/", import.meta.url).pathname;

export function fixture(name: string): string {
  return join(FIXTURES, name);
}

/** What Scapy's rdpcap read from each fixture (made by make_fixtures.py). */
export interface ScapyPacket {
  hex: string;
  time: string;
  wirelen: number;
  layers: string[];
  comment?: string;
}
export const expected: Record<string, ScapyPacket[]> = JSON.parse(readFileSync(fixture("expected.json"), "utf8"));

/** A temporary directory for this test file, removed when it ends. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "packetry-pcap-"));
  after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Exact seconds as text with nine decimals, the way tshark prints frame.time_epoch. */
export function epochText(ns: bigint): string {
  const s = ns / 1_000_000_000n;
  return `${s}.${(ns % 1_000_000_000n).toString().padStart(9, "0")}`;
}

/** Scapy's decimal time text padded to nine decimals. */
export function decimalToNine(t: string): string {
  const [s, f = ""] = t.split(".");
  return `${s}.${f.padEnd(9, "0")}`;
}

export interface TsharkFrame {
  time: string;
  len: number;
  caplen: number;
  hex: string;
  comments: string[];
  interfaceId: number;
  interfaceName?: string;
  encap: number;
  /** Protocols tshark dissected, e.g. "eth:ethertype:ip:tcp". */
  protocols: string;
}

/** Every frame of a file as tshark reads it (its "ek" output keeps repeated fields as arrays). */
export function tshark(path: string): TsharkFrame[] {
  const out = execFileSync("tshark", ["-Q", "-r", path, "-T", "ek", "-x"], { encoding: "utf8", maxBuffer: 1 << 28, stdio: ["ignore", "pipe", "pipe"] });
  const docs = out
    .split("\n")
    .filter((line) => line.startsWith('{"timestamp"'))
    .map((line) => JSON.parse(line) as { layers: Record<string, Record<string, unknown> | string> });
  const list = (v: unknown): string[] => (v === undefined ? [] : Array.isArray(v) ? (v as string[]) : [v as string]);
  return docs.map(({ layers }) => {
    const frame = layers.frame as Record<string, string>;
    const comments = list((layers.pkt_comment as Record<string, unknown> | undefined)?.frame_frame_comment);
    return {
      time: frame.frame_frame_time_epoch!,
      len: Number(frame.frame_frame_len),
      caplen: Number(frame.frame_frame_cap_len),
      hex: (layers.frame_raw as string | undefined) ?? "",
      comments,
      interfaceId: Number(frame.frame_frame_interface_id ?? 0),
      interfaceName: frame.frame_frame_interface_name,
      encap: Number(frame.frame_frame_encap_type),
      protocols: frame.frame_frame_protocols!,
    };
  });
}

/** capinfos's machine-readable report (-M -T): field name to value. */
export function capinfos(path: string): Record<string, string> {
  const out = execFileSync("capinfos", ["-M", "-T", path], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  const [names, values] = [out.split("\n")[0]!.split("\t"), out.split("\n")[1]?.split("\t") ?? []];
  return Object.fromEntries(names.map((n, i) => [n, values[i] ?? ""]));
}

/**
 * Writes a big gzip-compressed capture at path: `count` copies of scapy-le.pcap's first record
 * (a 54-byte frame); returns that record (header and frame).
 */
export function writeBigGzCapture(path: string, count: number, level = 1): Uint8Array {
  const one = readFileSync(fixture("scapy-le.pcap"));
  const record = one.subarray(24, 24 + 16 + 54);
  const body = Buffer.alloc(record.length * count);
  for (let i = 0; i < count; i++) record.copy(body, i * record.length);
  writeFileSync(path, gzipSync(Buffer.concat([one.subarray(0, 24), body]), { level }));
  return record;
}
