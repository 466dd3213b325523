/**
 * The fuzzing loop: seeded mutations of the corpus (frames, and whole capture files), each
 * dissected and read back through summary(), show2() and raw(); any exception is a failure, and
 * so is a frame that takes over 10 ms — timed again before it counts, the machine being shared.
 */
import { CaptureError, raw, readPcapBytes } from "../../src/index.ts";
import { seededRandom } from "../helpers.ts";
import { captureFiles, corpus } from "./corpus.ts";
import { mutate, type Random, type Seed } from "./mutate.ts";

export const SLOW_MS = 10;

export interface Failure {
  seed: string;
  kind: string;
  /** Index of the mutation in the run (with the run's seed, it replays the case). */
  index: number;
  hex: string;
  error: string;
}

export interface FuzzReport {
  seed: number;
  mutations: number;
  frames: number;
  files: number;
  seconds: number;
  byKind: Record<string, number>;
  failures: Failure[];
  slow: Array<Failure & { ms: number; limit: number }>;
  seeds: number;
  unbuildable: string[];
}

/** Everything a frame is put through. */
/**
 * Characters of text the last frame's views produced. show2 indents each layer under the one
 * before (Scapy's format), so a frame of 600 chained messages (MQTT's 2-byte PUBCOMPs) prints
 * megabytes: its time is allowed to grow with that text (TEXT_CHARS_PER_MS), never beyond.
 */
let textChars = 0;
const TEXT_CHARS_PER_MS = 20_000;

function exercise(seed: Seed, bytes: Uint8Array): void {
  const p = seed.first(bytes);
  textChars = p.summary().length;
  textChars += p.show2({ dump: true })!.length;
  raw(p);
}

function timed(f: () => void): number {
  const t0 = performance.now();
  f();
  return performance.now() - t0;
}

/**
 * What one run of a frame cost: the wall clock or this process's CPU time, whichever is less. A
 * loaded machine stretches the wall clock (other processes run in between) but not the CPU time;
 * the collector's helper threads add CPU time but not wall time; a frame that is slow itself is
 * slow by both.
 */
export function costMs(f: () => void): number {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  f();
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(c0);
  return Math.min(wall, (cpu.user + cpu.system) / 1000);
}

/** Blocks this thread for `ms` (no CPU used): the pause between the tries of a suspect. */
function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** How many times a frame over its limit is run again before it counts as slow, at once and then after a pause. */
export const RETRIES = { now: 3, later: 5, pauseMs: 20 } as const;

/**
 * The least a frame over its limit costs over several more runs: at once, then (if still over)
 * again after short pauses, by when a collection or a burst of load has passed. A frame counts as
 * slow only if it was over its limit every time: a quadratic frame is, a stalled one is not.
 */
export function settledMs(f: () => void, first: number, limit: number, retries: { now: number; later: number; pauseMs: number } = RETRIES): number {
  let best = first;
  for (let i = 0; i < retries.now && best > limit; i++) best = Math.min(best, costMs(f));
  for (let i = 0; i < retries.later && best > limit; i++) {
    pause(retries.pauseMs);
    best = Math.min(best, costMs(f));
  }
  return best;
}

/** The input of a case in hex (the first 2 KB: the seed and index replay the whole of it). */
const hexOf = (b: Uint8Array) => Array.from(b.subarray(0, 2048), (x) => x.toString(16).padStart(2, "0")).join("") + (b.length > 2048 ? `... (${b.length} bytes)` : "");

/** Damage to a whole capture file: a cut, bytes changed (often in headers), a length set to an edge value, or gzip cut short. */
function damageFile(bytes: Uint8Array, rnd: Random): { kind: string; bytes: Uint8Array } {
  const n = bytes.length;
  const at = (limit: number) => Math.floor(rnd() * Math.min(limit, n));
  switch (Math.floor(rnd() * 4)) {
    case 0:
      return { kind: "file cut", bytes: bytes.slice(0, at(n + 1)) };
    case 1: {
      const out = bytes.slice();
      for (let k = 1 + Math.floor(rnd() * 6); k > 0; k--) out[rnd() < 0.5 ? at(64) : at(n)] = Math.floor(rnd() * 256);
      return { kind: "file corrupted", bytes: out };
    }
    case 2: {
      // A record or block length near the start, set huge or odd.
      const out = bytes.slice();
      const word = 4 * Math.floor(rnd() * Math.min(64, n >> 2));
      const v = [0xffffffff, 0xfffffff0, 0x7fffffff, 0x01000000, 13, 0][Math.floor(rnd() * 6)]!;
      new DataView(out.buffer).setUint32(word, v, rnd() < 0.5);
      return { kind: "file huge length", bytes: out };
    }
    default:
      return { kind: "file gzip cut", bytes: gzipCut(bytes, rnd) };
  }
}

let gzipSync: ((b: Uint8Array) => Uint8Array) | null = null;
function gzipCut(bytes: Uint8Array, rnd: Random): Uint8Array {
  gzipSync ??= (process.getBuiltinModule("node:zlib") as typeof import("node:zlib")).gzipSync;
  const gz = gzipSync(bytes);
  return gz.slice(0, Math.floor(rnd() * (gz.length + 1)));
}

/** Reading a damaged file gives packets, warnings, or one CaptureError; the packets read back. */
function readFile(bytes: Uint8Array): void {
  let packets;
  try {
    packets = readPcapBytes(bytes, { onWarning: () => undefined });
  } catch (e) {
    if (e instanceof CaptureError) {
      packets = e.packets ?? [];
    } else throw e;
  }
  for (const p of packets) {
    p.summary();
    raw(p);
  }
}

export interface FuzzOptions {
  seed: number;
  /** Stop after this many mutations... */
  mutations?: number;
  /** ...or after this many seconds. */
  seconds?: number;
  /** One mutation in `fileEvery` is of a whole capture file. */
  fileEvery?: number;
  onProgress?: (done: number, elapsed: number) => void;
  /** This run's share of the mutations, [k, n]: those whose index is k modulo n (the others run beside it, in other threads). */
  part?: [number, number];
  /** Only the seeds and capture files whose name this matches (all of them by default). */
  only?: RegExp;
}

export function fuzz(options: FuzzOptions): FuzzReport {
  const all = corpus();
  const unbuildable = all.unbuildable;
  const seeds = options.only ? all.seeds.filter((s) => options.only!.test(s.name)) : all.seeds;
  if (seeds.length === 0) throw new TypeError(`fuzz: no seed matches ${options.only}`);
  // A capture file may take 10 ms for each packet it holds.
  const files = captureFiles().filter((f) => !options.only || options.only.test(f.name)).map((f) => ({ ...f, limit: SLOW_MS * Math.max(1, readPcapBytes(f.bytes).length) }));
  const fileEvery = options.fileEvery ?? 50;
  const report: FuzzReport = { seed: options.seed, mutations: 0, frames: 0, files: 0, seconds: 0, byKind: {}, failures: [], slow: [], seeds: seeds.length, unbuildable };
  const start = performance.now();
  const deadline = options.seconds !== undefined ? start + options.seconds * 1000 : Infinity;
  const limit = options.mutations ?? Infinity;
  let lastProgress = start;
  const [part, parts] = options.part ?? [0, 1];
  // Whether a seed is an Ether frame (mutations wrap those differently), read once.
  const isEther = new Map(seeds.map((s) => [s, s.first(s.bytes).spec.name === "Ether"]));
  for (let i = part; i < limit; i += parts) {
    // Each mutation draws from its own generator, seeded by the run's seed and its index: a case
    // replays alone, whichever thread ran it.
    const rnd = seededRandom((options.seed ^ Math.imul(i + 1, 0x9e3779b1)) | 0);
    if ((report.mutations & 255) === 0) {
      const now = performance.now();
      if (now >= deadline) break;
      if (options.onProgress && now - lastProgress > 10_000) {
        options.onProgress(report.mutations, (now - start) / 1000);
        lastProgress = now;
      }
    }
    let name: string;
    let kind: string;
    let bytes: Uint8Array;
    let run: () => void;
    let limitMs = SLOW_MS;
    if (i % fileEvery === fileEvery - 1 && files.length > 0) {
      const file = files[Math.floor(rnd() * files.length)]!;
      ({ kind, bytes } = damageFile(file.bytes, rnd));
      name = file.name;
      limitMs = file.limit;
      const b = bytes;
      run = () => readFile(b);
      report.files++;
    } else {
      const seed = seeds[Math.floor(rnd() * seeds.length)]!;
      ({ kind, bytes } = mutate(seed, rnd, isEther.get(seed)!));
      name = seed.name;
      const b = bytes;
      run = () => exercise(seed, b);
      report.frames++;
    }
    report.byKind[kind] = (report.byKind[kind] ?? 0) + 1;
    report.mutations++;
    try {
      textChars = 0;
      const ms = timed(run);
      limitMs += textChars / TEXT_CHARS_PER_MS;
      if (ms > limitMs) {
        const settled = settledMs(run, ms, limitMs);
        if (settled > limitMs) report.slow.push({ seed: name, kind, index: i, hex: hexOf(bytes), error: "", ms: settled, limit: limitMs });
      }
    } catch (e) {
      report.failures.push({ seed: name, kind, index: i, hex: hexOf(bytes), error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
    }
  }
  report.seconds = (performance.now() - start) / 1000;
  return report;
}
