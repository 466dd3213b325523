/**
 * `npm run bench`: every benchmark, one after another (`npm run bench -- core` runs the ones
 * whose name contains "core"). Each prints its own figures, with Scapy's where it can run it.
 */
import { existsSync, readdirSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

const here = dirname(fileURLToPath(import.meta.url));
/** Files of bench/ that are not benchmarks: shared helpers, and the programs benchmarks run in another namespace. */
const HELPERS = new Set(["index.ts", "measure.ts", "live-flood.ts", "automata-flood.ts"]);
/** Benchmarks that need root (and the lab): run last. */
const NEED_ROOT = new Set(["live", "automata"]);
/** Every benchmark file of bench/ (a new one joins by being there), in name order, those that need root last. */
const ALL = readdirSync(here)
  .filter((f) => f.endsWith(".ts") && !HELPERS.has(f))
  .map((f) => f.slice(0, -3))
  .sort((a, b) => Number(NEED_ROOT.has(a)) - Number(NEED_ROOT.has(b)) || a.localeCompare(b));
const wanted = process.argv.slice(2);
let failed = false;
for (const name of ALL) {
  if (wanted.length && !wanted.some((w) => name.includes(w))) continue;
  const file = join(here, `${name}.ts`);
  if (!existsSync(file)) continue;
  console.log(`\n=== bench/${name}.ts ===`);
  const r = spawnSync(process.execPath, ["--import", "tsx", file], { stdio: "inherit" });
  if (r.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
