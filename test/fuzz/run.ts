/**
 * `npm run fuzz [-- --minutes N | --mutations N] [--seed S] [--threads T]`: the mutation fuzzer
 * over every frame of the repository's captures, every registered layer and the capture files
 * themselves, in one thread per core (--threads, default the machine's cores, at most 4), each
 * running the mutations whose index falls to it. Prints the seed first (a failure replays with
 * --seed: each mutation's draws depend on the seed and its index only), exits 1 on any failure
 * or slow frame.
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { RETRIES, SLOW_MS, type FuzzReport } from "./engine.ts";

function option(name: string): string | undefined {
  const args = process.argv.slice(2);
  const i = args.indexOf(`--${name}`);
  if (i >= 0) return args[i + 1];
  return args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
}

const number = (name: string) => {
  const v = option(name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new TypeError(`--${name} needs a number, got ${JSON.stringify(v)}`);
  return n;
};

const seed = number("seed") ?? Math.floor(Math.random() * 2 ** 31);
const minutes = number("minutes");
const mutations = number("mutations") ?? (minutes === undefined ? 300_000 : undefined);
console.log(`fuzz: seed ${seed} (replay: npm run fuzz -- --seed ${seed}${mutations !== undefined ? ` --mutations ${mutations}` : ""})`);

const threads = Math.max(1, Math.floor(number("threads") ?? Math.min(4, availableParallelism())));
const started = performance.now();
const done = new Array<number>(threads).fill(0);
const reports = await Promise.all(
  Array.from(
    { length: threads },
    (_, k) =>
      new Promise<FuzzReport>((resolve, reject) => {
        // A thread does not take tsx's loader from --import: a line of script loads the .ts file through tsx's API.
        const worker = new Worker(`import("tsx/esm/api").then((tsx) => tsx.tsImport(${JSON.stringify(new URL("./worker.ts", import.meta.url).href)}, ${JSON.stringify(import.meta.url)}))`, {
          eval: true,
          workerData: { seed, mutations, seconds: minutes !== undefined ? minutes * 60 : undefined, part: [k, threads], progress: true },
        });
        worker.on("message", (m: { progress?: [number, number]; report?: FuzzReport }) => {
          if (m.report) resolve(m.report);
          else if (m.progress) {
            done[k] = m.progress[0];
            if (k === 0) console.log(`fuzz: ${done.reduce((a, b) => a + b, 0).toLocaleString("en-US")} mutations, ${((performance.now() - started) / 1000).toFixed(0)} s`);
          }
        });
        worker.on("error", reject);
        worker.on("exit", (code) => code !== 0 && reject(new Error(`fuzz thread ${k} exited with ${code}`)));
      }),
  ),
);
const report: FuzzReport = { ...reports[0]!, mutations: 0, frames: 0, files: 0, byKind: {}, failures: [], slow: [], seconds: (performance.now() - started) / 1000 };
for (const r of reports) {
  report.mutations += r.mutations;
  report.frames += r.frames;
  report.files += r.files;
  for (const [k, n] of Object.entries(r.byKind)) report.byKind[k] = (report.byKind[k] ?? 0) + n;
  report.failures.push(...r.failures);
  report.slow.push(...r.slow);
}
report.failures.sort((a, b) => a.index - b.index);
report.slow.sort((a, b) => a.index - b.index);

const kinds = Object.entries(report.byKind)
  .sort(([a], [b]) => (a < b ? -1 : 1))
  .map(([k, n]) => `${k} ${n.toLocaleString("en-US")}`)
  .join(", ");
console.log(`fuzz: ${report.seeds} seeds (capture frames and one default packet per registered layer${report.unbuildable.length ? `; no default packet for ${report.unbuildable.join(", ")}` : ""})`);
console.log(`fuzz: ${report.mutations.toLocaleString("en-US")} mutations in ${threads} thread${threads > 1 ? "s" : ""} (${report.frames.toLocaleString("en-US")} frames, ${report.files.toLocaleString("en-US")} capture files) in ${report.seconds.toFixed(1)} s: ${kinds}`);
for (const f of report.failures.slice(0, 10)) console.log(`\nFAILED #${f.index} (${f.kind} of ${f.seed}): ${f.hex}\n${f.error}`);
for (const f of report.slow.slice(0, 10)) console.log(`\nSLOW #${f.index} (${f.kind} of ${f.seed}): ${f.ms.toFixed(1)} ms at best (over ${f.limit} ms every one of ${1 + RETRIES.now + RETRIES.later} runs, CPU time or wall clock, whichever is less): ${f.hex}`);
const bad = report.failures.length + report.slow.length;
console.log(`\nfuzz: ${report.failures.length} failures, ${report.slow.length} over ${SLOW_MS} ms a frame (seed ${seed})`);
process.exit(bad ? 1 : 0);
