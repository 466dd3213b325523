/**
 * `npm run fuzz [-- --minutes N | --mutations N] [--seed S]`: the mutation fuzzer over every
 * frame of the repository's captures, every registered layer and the capture files themselves.
 * Prints the seed first (a failure replays with --seed), exits 1 on any failure or slow frame.
 */
import { fuzz, RETRIES, SLOW_MS } from "./engine.ts";

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

const report = fuzz({
  seed,
  mutations,
  seconds: minutes !== undefined ? minutes * 60 : undefined,
  onProgress: (done, elapsed) => console.log(`fuzz: ${done.toLocaleString("en-US")} mutations, ${elapsed.toFixed(0)} s`),
});

const kinds = Object.entries(report.byKind)
  .sort(([a], [b]) => (a < b ? -1 : 1))
  .map(([k, n]) => `${k} ${n.toLocaleString("en-US")}`)
  .join(", ");
console.log(`fuzz: ${report.seeds} seeds (capture frames and one default packet per registered layer${report.unbuildable.length ? `; no default packet for ${report.unbuildable.join(", ")}` : ""})`);
console.log(`fuzz: ${report.mutations.toLocaleString("en-US")} mutations (${report.frames.toLocaleString("en-US")} frames, ${report.files.toLocaleString("en-US")} capture files) in ${report.seconds.toFixed(1)} s: ${kinds}`);
for (const f of report.failures.slice(0, 10)) console.log(`\nFAILED #${f.index} (${f.kind} of ${f.seed}): ${f.hex}\n${f.error}`);
for (const f of report.slow.slice(0, 10)) console.log(`\nSLOW #${f.index} (${f.kind} of ${f.seed}): ${f.ms.toFixed(1)} ms at best (over ${f.limit} ms every one of ${1 + RETRIES.now + RETRIES.later} runs, CPU time or wall clock, whichever is less): ${f.hex}`);
const bad = report.failures.length + report.slow.length;
console.log(`\nfuzz: ${report.failures.length} failures, ${report.slow.length} over ${SLOW_MS} ms a frame (seed ${seed})`);
process.exit(bad ? 1 : 0);
