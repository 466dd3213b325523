/**
 * The fuzzer's time limit on a loaded machine: a frame counts as slow only if it is over its
 * limit every time it is run again (at once, then after pauses), each run costing its CPU time or
 * its wall clock, whichever is less. So a stall that is not the frame's (the process off the CPU
 * while other processes run, a collection, a burst of load) cannot fail CI, and a frame that is
 * slow itself still does.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { bindLayers, defineLayer, fields, UDP } from "../../src/index.ts";
import { costMs, fuzz, RETRIES, settledMs, SLOW_MS } from "./engine.ts";

/**
 * Works for `ms` (what a slow frame does): `ms` of this process's CPU time and of the wall clock
 * both (the collector's helper threads add CPU time beside this thread's, so CPU time alone can
 * reach `ms` before this thread has worked that long).
 */
function burn(ms: number): void {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  while (true) {
    const c = process.cpuUsage(c0);
    if ((c.user + c.system) / 1000 >= ms && performance.now() - t0 >= ms) return;
  }
}

/** Off the CPU for `ms` (what a loaded machine does to the process: the wall clock runs, the CPU time does not). */
function stall(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

test("a run's cost is the CPU time when the process was off the CPU, and the wall clock when it worked", () => {
  assert.ok(costMs(() => stall(40)) < 5);
  assert.ok(costMs(() => burn(15)) >= 14);
});

test("a frame the machine stalls on every run (wall clock 25 ms, little CPU) is not slow", () => {
  const settled = settledMs(() => stall(25), 25, SLOW_MS);
  assert.ok(settled <= SLOW_MS, `${settled} ms`);
});

test("a frame slow on its first runs only (a collection, a burst of load), past the immediate retries, is not slow", () => {
  let runs = 0;
  const f = () => burn(++runs <= 1 + RETRIES.now + 1 ? 20 : 0.5);
  f();
  const settled = settledMs(f, 20, SLOW_MS);
  assert.ok(settled <= SLOW_MS, `${settled} ms after ${runs} runs`);
  assert.ok(runs > 1 + RETRIES.now, "it was tried again after a pause");
});

test("a frame slow every time is slow, after every retry", () => {
  let runs = 0;
  const settled = settledMs(() => (runs++, burn(SLOW_MS + 5)), SLOW_MS + 5, SLOW_MS);
  assert.ok(settled > SLOW_MS, `${settled} ms`);
  assert.equal(runs, RETRIES.now + RETRIES.later);
});

test("in a fuzz run, a layer slow by itself is reported and one stalled by the machine is not", () => {
  // Both cost 12 ms of wall clock when their first byte is not 0; only FuzzSlow spends it on the CPU.
  const Slow = defineLayer("FuzzSlow", [fields.byte("trigger", 0), fields.byte("other", 0)], {
    summary: (p) => {
      if (p.getFieldValue("trigger") !== 0) burn(SLOW_MS + 2);
      return "FuzzSlow";
    },
  });
  let stalls = 0;
  const Stalled = defineLayer("FuzzStalled", [fields.byte("trigger", 0), fields.byte("other", 0)], {
    summary: (p) => {
      if (p.getFieldValue("trigger") !== 0) stall(SLOW_MS + 2), stalls++;
      return "FuzzStalled";
    },
  });
  bindLayers(UDP, Slow, { dport: 31338 });
  bindLayers(UDP, Stalled, { dport: 31339 });
  const report = fuzz({ seed: 11, mutations: 40, only: /^layer Fuzz(Slow|Stalled)$/ });
  assert.deepEqual(report.failures, []);
  assert.ok(stalls > 0, "the stalled layer was stalled");
  const slow = new Set(report.slow.map((s) => s.seed));
  assert.deepEqual([...slow], ["layer FuzzSlow"]);
  assert.ok(report.slow.every((s) => s.ms > SLOW_MS));
});
