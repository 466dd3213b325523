/**
 * `packetry read FILE`: prints a capture like `tcpdump -r` (time and summary, one line per
 * packet), or each packet's full tree (--show), or one JSON object per packet (--json).
 * Long reads draw a progress bar on stderr when stderr is a terminal.
 */
import { bytesHex } from "../render/hexdump.ts";
import { FlagValue } from "../core/flags.ts";
import { Packet } from "../core/packet.ts";
import { CaptureError } from "../pcap/errors.ts";
import { PcapReader } from "../pcap/reader.ts";
import type { CaptureMeta } from "../pcap/record.ts";

const USAGE = `usage: packetry read FILE [--count N] [--show | --json]
  Prints each packet of a pcap or pcapng file (gzip-compressed or not).
  --count N   stop after N packets
  --show      the full tree of each packet (as pkt.show())
  --json      one JSON object per line: time, lengths, link type and the layers with their fields`;

interface ReadArgs {
  file: string;
  count?: number;
  mode: "summary" | "show" | "json";
}

function parseArgs(args: string[]): ReadArgs | string {
  let file: string | undefined;
  let count: number | undefined;
  let mode: ReadArgs["mode"] = "summary";
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "--count" || a === "-c") {
      const n = Number(args[++i]);
      if (!Number.isInteger(n) || n < 0) return `--count needs a whole number, got ${JSON.stringify(args[i] ?? "")}`;
      count = n;
    } else if (a.startsWith("--count=")) {
      const n = Number(a.slice(8));
      if (!Number.isInteger(n) || n < 0) return `--count needs a whole number, got ${JSON.stringify(a.slice(8))}`;
      count = n;
    } else if (a === "--show") mode = "show";
    else if (a === "--json") mode = "json";
    else if (a === "-h" || a === "--help") return "";
    else if (a.startsWith("-") && a !== "-") return `unknown option ${a}`;
    else if (file === undefined) file = a;
    else return `one file at a time (got ${JSON.stringify(file)} and ${JSON.stringify(a)})`;
  }
  if (file === undefined) return "a capture file is needed";
  return { file, count, mode };
}

export async function readCommand(args: string[]): Promise<number> {
  const parsed = parseArgs(args);
  if (typeof parsed === "string") {
    if (parsed) console.error(`packetry read: ${parsed}`);
    console.error(USAGE);
    return parsed ? 2 : 0;
  }
  const out = new Output(process.stdout);
  let reader: PcapReader;
  try {
    reader = new PcapReader(parsed.file, { count: parsed.count, onWarning: (m) => process.stderr.write(`WARNING: ${m}\n`) });
  } catch (e) {
    console.error(`packetry read: ${describe(e)}`);
    return 1;
  }
  const progress = process.stderr.isTTY && reader.size !== undefined && reader.size > 0 ? new Progress(reader, process.stderr) : null;
  let index = 0;
  try {
    for (let p = reader.read(); p !== null; p = reader.read()) {
      if (parsed.mode === "summary") await out.line(`${clockTime(p)} ${p.summary()}`);
      else if (parsed.mode === "show") await out.line(p.show({ dump: true })!);
      else await out.line(JSON.stringify(packetJson(p, index)));
      index++;
      progress?.tick(index);
      if (out.closed) break;
    }
  } catch (e) {
    progress?.clear();
    await out.end();
    console.error(`packetry read: ${describe(e)}`);
    return 1;
  } finally {
    reader.close();
  }
  progress?.clear();
  await out.end();
  return 0;
}

/** Local time of day with microseconds, as tcpdump prints it, from the exact timestamp. */
function clockTime(p: Packet): string {
  const meta = p.meta as CaptureMeta | null;
  const ns = meta?.timeNs ?? BigInt(Math.round(p.time * 1e6)) * 1000n;
  const sec = Number(ns / 1_000_000_000n);
  const micros = Number((ns % 1_000_000_000n) / 1000n);
  const d = new Date(sec * 1000);
  const two = (n: number) => String(n).padStart(2, "0");
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}.${String(micros).padStart(6, "0")}`;
}

function describe(e: unknown): string {
  if (e instanceof CaptureError) return e.message;
  if (e instanceof Error) return (e as NodeJS.ErrnoException).code === "ENOENT" ? `${e.message}` : `${e.name}: ${e.message}`;
  return String(e);
}

/** A packet as JSON: capture data, then its layers as [name, fields] pairs (the project's packet spec form). */
export function packetJson(p: Packet, index: number): Record<string, unknown> {
  const meta = (p.meta ?? {}) as CaptureMeta;
  const caplen = p.original()?.length ?? p.build().length;
  const out: Record<string, unknown> = { index, time: meta.time ?? null };
  if (meta.timeNs !== undefined) out.timeNs = meta.timeNs.toString();
  out.caplen = caplen;
  out.wirelen = meta.wirelen ?? caplen;
  if (meta.linktype !== undefined) out.linktype = meta.linktype;
  if (meta.sniffedOn !== undefined) out.sniffedOn = meta.sniffedOn;
  if (meta.comment !== undefined) out.comment = meta.comment;
  out.layers = layersJson(p);
  return out;
}

function layersJson(pkt: Packet): Array<[string, Record<string, unknown>]> {
  const layers: Array<[string, Record<string, unknown>]> = [];
  for (let p: Packet | null = pkt; p !== null; p = p.payload) {
    const fields: Record<string, unknown> = {};
    for (const f of p.spec.layout.fields) {
      if (!f.present(p)) continue;
      try {
        fields[f.name] = jsonValue(p.getFieldValue(f.name));
      } catch (e) {
        fields[f.name] = { $error: e instanceof Error ? e.message : String(e) };
      }
    }
    layers.push([p.spec.name, fields]);
  }
  return layers;
}

/** Field values in the shared JSON form: bytes as {"$bytes": hex}, packets as {"$pkt": layers}, big integers as {"$int": text}. */
function jsonValue(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v === "number" || typeof v === "string" || typeof v === "boolean") return v;
  if (typeof v === "bigint") return Number.isSafeInteger(Number(v)) ? Number(v) : { $int: v.toString() };
  if (v instanceof FlagValue) return v.value;
  if (v instanceof Uint8Array) return { $bytes: bytesHex(v) };
  if (v instanceof Packet) return { $pkt: layersJson(v) };
  if (Array.isArray(v)) return v.map(jsonValue);
  if (v instanceof Map) return { $dict: [...v.entries()].map(([k, x]) => [jsonValue(k), jsonValue(x)]) };
  if (typeof v === "object") {
    const prim = (v as { valueOf(): unknown }).valueOf();
    if (typeof prim === "number" || typeof prim === "bigint") return jsonValue(prim);
    return { $dict: Object.entries(v).map(([k, x]) => [k, jsonValue(x)]) };
  }
  return String(v);
}

/** Buffered stdout that waits when the pipe is full and stops quietly when the reader goes away (| head). */
class Output {
  private pending: string[] = [];
  private size = 0;
  closed = false;

  constructor(private readonly stream: NodeJS.WriteStream) {
    stream.on("error", (e: NodeJS.ErrnoException) => {
      if (e.code === "EPIPE") this.closed = true;
      else throw e;
    });
  }

  async line(text: string): Promise<void> {
    if (this.closed) return;
    this.pending.push(text);
    this.size += text.length + 1;
    if (this.size >= 1 << 16) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.pending.length === 0 || this.closed) return;
    const text = this.pending.join("\n") + "\n";
    this.pending = [];
    this.size = 0;
    if (!this.stream.write(text) && !this.closed) {
      await new Promise<void>((resolve) => {
        const done = () => {
          this.stream.off("drain", done);
          this.stream.off("close", done);
          resolve();
        };
        this.stream.on("drain", done);
        this.stream.on("close", done);
      });
    }
  }

  async end(): Promise<void> {
    await this.flush();
  }
}

/** `[#####.....]  45%  123456 packets` on one stderr line, redrawn at most every 100 ms. */
class Progress {
  private last = 0;
  private drawn = false;

  constructor(
    private readonly reader: PcapReader,
    private readonly stream: NodeJS.WriteStream,
  ) {}

  tick(packets: number): void {
    if ((packets & 1023) !== 0) return;
    const now = Date.now();
    if (now - this.last < 100) return;
    this.last = now;
    const size = this.reader.size!;
    // Gzip files: the position counts decompressed bytes, so show packets only.
    const fraction = this.reader.compressed ? null : Math.min(1, this.reader.position / size);
    const width = 30;
    const bar = fraction === null ? "" : `[${"#".repeat(Math.round(fraction * width)).padEnd(width, ".")}] ${String(Math.round(fraction * 100)).padStart(3)}%  `;
    this.stream.write(`\r${bar}${packets} packets`);
    this.drawn = true;
  }

  clear(): void {
    if (this.drawn) this.stream.write("\r\x1b[K");
    this.drawn = false;
  }
}
