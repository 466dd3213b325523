/**
 * `npm run bench`: every benchmark, one after another (`npm run bench -- core` runs the ones
 * whose name contains "core"). Each prints its own figures, with Scapy's where it can run it.
 */
import { existsSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

const here = dirname(fileURLToPath(import.meta.url));
/** Benchmarks in the order they run; live needs root and the lab. */
const ALL = ["core", "dns", "pcap", "render", "live", "automata"];
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
