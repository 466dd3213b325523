/**
 * sendpfast: frames out at a rate (pps or mbps), at their captured pace (realtime) or as fast
 * as they go, loop times — through packetry's batched injection, or through tcpreplay
 * (conf.prog.tcpreplay) when asked (tcpreplay: true, or one of its own options). With
 * parseResults, the counts as Scapy parses them from tcpreplay.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { conf } from "../core/conf.ts";
import { strictOptions } from "../core/options.ts";
import { PacketryError } from "../core/errors.ts";
import { expandPackets, l2Frames, type PacketsInput } from "../live/frames.ts";
import { senderFor } from "../live/socket.ts";
import { wrpcap } from "../pcap/writer.ts";
import { findProgram, prog } from "./programs.ts";
import { sleepUnless } from "./live.ts";

export interface SendpfastOptions {
  /** Packets per second. */
  pps?: number;
  /** Megabits per second. */
  mbps?: number;
  /** At the pace of the packets' own times (a capture replayed as it was taken). */
  realtime?: boolean;
  /** Send the whole list this many times (default once; tcpreplay's 0 loops forever there). */
  loop?: number;
  /** tcpreplay only: load the capture in memory first (--preload-pcap). */
  fileCache?: boolean;
  iface?: string;
  /** tcpreplay only: more arguments for it. */
  replayArgs?: string[];
  /** Return the counts (packets, bytes, time, bps in bytes per second, mbps, pps...) instead of nothing. */
  parseResults?: boolean;
  /** Send through tcpreplay rather than packetry's own injection. */
  tcpreplay?: boolean;
  signal?: AbortSignal;
}

/** What sendpfast counts (Scapy's keys, from tcpreplay's report). */
export interface ReplayResults {
  packets: number;
  bytes: number;
  time: number;
  bps: number;
  mbps: number;
  pps: number;
  successful: number;
  failed: number;
  truncated: number;
  retried_enobufs: number;
  retried_eagain: number;
  command: string;
  warnings: string[];
}

const check = strictOptions<SendpfastOptions>("sendpfast", { pps: true, mbps: true, realtime: true, loop: true, fileCache: true, iface: true, replayArgs: true, parseResults: true, tcpreplay: true, signal: true });

/** Sends frames fast (Scapy's sendpfast); resolves with the counts when parseResults is set. */
export async function sendpfast(pkts: PacketsInput, options: SendpfastOptions = {}): Promise<ReplayResults | undefined> {
  check(options);
  if (options.pps !== undefined && options.mbps !== undefined) throw new TypeError("sendpfast(): give pps or mbps, not both");
  const viaTcpreplay = options.tcpreplay || options.fileCache || options.replayArgs !== undefined || (options.loop === 0);
  const results = viaTcpreplay ? replay(pkts, options) : await inject(pkts, options);
  return options.parseResults ? results : undefined;
}

/** packetry's injection: batches of frames paced by a clock (a batch per millisecond at most). */
async function inject(pkts: PacketsInput, options: SendpfastOptions): Promise<ReplayResults> {
  const list = expandPackets(pkts);
  const frames = await l2Frames(list);
  const iface = options.iface ?? conf.iface;
  const sock = senderFor(iface);
  const loops = options.loop ?? 1;
  const bytes = frames.reduce((n, f) => n + f.length, 0);
  // When each frame is due, in seconds from the start of a round.
  const due: number[] = [];
  let t = 0;
  frames.forEach((f, i) => {
    if (options.realtime && i > 0) t += Math.max(0, list[i]!.time - list[i - 1]!.time);
    else if (options.pps) t = i / options.pps;
    else if (options.mbps) t += (i === 0 ? 0 : frames[i - 1]!.length * 8) / (options.mbps * 1e6);
    due.push(t);
  });
  const roundLength = options.pps ? frames.length / options.pps : options.mbps ? (bytes * 8) / (options.mbps * 1e6) : options.realtime ? t : 0;
  const start = performance.now();
  let sent = 0;
  for (let round = 0; round < loops && !options.signal?.aborted; round++) {
    const base = round * roundLength;
    for (let i = 0; i < frames.length && !options.signal?.aborted; ) {
      const now = (performance.now() - start) / 1000;
      // Everything due by now goes in one batch.
      let j = i;
      while (j < frames.length && base + due[j]! <= now + 0.0005) j++;
      if (j === i) {
        await sleepUnless(Math.max(0.0005, base + due[i]! - now), options.signal);
        continue;
      }
      sent += sock.sendMany(frames.slice(i, j));
      i = j;
    }
  }
  const time = (performance.now() - start) / 1000;
  const total = bytes * loops;
  // bps is bytes per second, as tcpreplay reports it ("Rated: 4607.1 Bps, 0.036 Mbps").
  return { packets: sent, bytes: total, time, bps: time ? total / time : 0, mbps: time ? (total * 8) / time / 1e6 : 0, pps: time ? sent / time : 0, successful: sent, failed: frames.length * loops - sent, truncated: 0, retried_enobufs: 0, retried_eagain: 0, command: "packetry", warnings: [] };
}

/** tcpreplay on a capture of the packets; its report read as Scapy reads it. */
function replay(pkts: PacketsInput, options: SendpfastOptions): ReplayResults {
  const path = findProgram(prog.tcpreplay, "tcpreplay", "tcpreplay (apt-get install tcpreplay)");
  const dir = mkdtempSync(join(tmpdir(), "packetry-replay-"));
  try {
    const file = join(dir, "packets.pcap");
    wrpcap(file, expandPackets(pkts));
    const args = [`--intf1=${options.iface ?? conf.iface}`];
    if (options.pps !== undefined) args.push(`--pps=${options.pps}`);
    else if (options.mbps !== undefined) args.push(`--mbps=${options.mbps}`);
    else if (options.realtime) args.push("--multiplier=1");
    else args.push("--topspeed");
    if (options.loop !== undefined) args.push(`--loop=${options.loop}`);
    if (options.fileCache) args.push("--preload-pcap");
    args.push(...(options.replayArgs ?? []), file);
    const r = spawnSync(path, args, { encoding: "utf8" });
    if (r.error) throw r.error;
    if (r.status !== 0) throw new PacketryError(`tcpreplay exited with status ${r.status}: ${(r.stderr || r.stdout).trim().split("\n").pop()}`, "EPROG");
    return parseTcpreplay(r.stdout, `tcpreplay ${args.join(" ")}`, r.stderr);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** tcpreplay's report: "Actual: 10 packets (420 bytes) sent in 0.09 seconds", "Rated: ... Bps, ... Mbps, ... pps", the statistics lines. */
export function parseTcpreplay(stdout: string, command: string, stderr = ""): ReplayResults {
  const num = (re: RegExp) => Number(re.exec(stdout)?.[1] ?? 0);
  return {
    packets: num(/Actual: (\d+) packets/),
    bytes: num(/\((\d+) bytes\)/),
    time: num(/sent in ([\d.]+) seconds/),
    bps: num(/Rated: ([\d.]+) Bps/),
    mbps: num(/([\d.]+) Mbps/),
    pps: num(/([\d.]+) pps/),
    successful: num(/Successful packets:\s+(\d+)/),
    failed: num(/Failed packets:\s+(\d+)/),
    truncated: num(/Truncated packets:\s+(\d+)/),
    retried_enobufs: num(/Retried packets \(ENOBUFS\):\s+(\d+)/),
    retried_eagain: num(/Retried packets \(EAGAIN\):\s+(\d+)/),
    command,
    warnings: stderr.split("\n").filter((l) => /warning/i.test(l)),
  };
}
