/** Small timing helpers shared by the benchmarks. */
import { spawnSync } from "node:child_process";

/** Milliseconds of CPU this process has used (user + system). */
const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/**
 * Operations per CPU second of fn: the best of several short rounds after a warm-up. Counted in
 * the process's CPU time, not the wall clock: this machine is shared, and a loaded one would
 * otherwise time the other processes too (Scapy's side counts its process time the same way).
 */
export function measure(fn: () => void, seconds = 2, rounds = 5): number {
  const warm = cpuMs() + 300;
  while (cpuMs() < warm) for (let i = 0; i < 1000; i++) fn();
  let best = 0;
  for (let r = 0; r < rounds; r++) {
    let n = 0;
    const start = cpuMs();
    const stop = start + (seconds * 1000) / rounds;
    let now = start;
    while (now < stop) {
      for (let i = 0; i < 1000; i++) fn();
      n += 1000;
      now = cpuMs();
    }
    best = Math.max(best, (n * 1000) / (now - start));
  }
  return best;
}

/**
 * How the benchmarks start Debian's Scapy: offline, in a network namespace of its own (Scapy may
 * resolve names or ARP by itself; nothing may leave this machine). `spawnSync(...scapyPython([...]))`.
 */
export function scapyPython(args: string[]): [string, string[]] {
  return ["unshare", ["-n", "/usr/bin/python3", ...args]];
}

let scapyChecked: boolean | null = null;
/** True when Debian's python3-scapy can be imported. */
export function scapyAvailable(): boolean {
  if (scapyChecked === null) scapyChecked = spawnSync(...scapyPython(["-c", "import scapy.all"]), { stdio: "ignore" }).status === 0;
  return scapyChecked;
}

const fmt = (n: number) => Math.round(n).toLocaleString("en-US");

/** Prints one line per operation: our rate, the target, Scapy's rate and the ratio. */
export function report(rows: Array<[label: string, key: string, target: number]>, ours: Record<string, number>, scapy: Record<string, number> | null): void {
  for (const [label, key, target] of rows) {
    const mine = ours[key]!;
    const theirs = scapy?.[key];
    const parts = [`${label.padEnd(36)} ${fmt(mine).padStart(11)} pkt/s`, `target ${fmt(target)} ${mine >= target ? "met" : "NOT met"}`];
    if (theirs) parts.push(`scapy ${fmt(theirs)} pkt/s`, `ratio ${fmt(mine / theirs)}x`);
    console.log(parts.join("  |  "));
  }
  if (!scapy) console.log("(Scapy not installed: apt-get install python3-scapy for the side-by-side figures)");
}
