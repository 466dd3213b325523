/**
 * Lost answers and blocked loops under load, on a link of this test's own (two namespaces and a
 * veth pair made here, 10.199.x addresses nothing else uses): sr of 20,000 probes all answered,
 * a long sendp that lets timers run and stops on its signal, and a sniffer too small for a
 * burst that says how many the kernel dropped.
 */
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import { AsyncSniffer, conf, enterNetns, Ether, ICMP, IP, nativeAvailable, Raw, sendp, sr, srp } from "../../src/index.ts";

const A = `prel${process.pid}a`;
const B = `prel${process.pid}b`;
const why = process.getuid?.() !== 0 ? "needs root (network namespaces)" : !nativeAvailable() ? "the libpcap addon is not built" : false;

const ip = (...args: string[]) => execFileSync("ip", args, { stdio: ["ignore", "ignore", "pipe"] });

/** What a run printed on stderr while fn ran (the warnings). */
async function stderrOf(fn: () => Promise<unknown>): Promise<string> {
  const write = process.stderr.write;
  let text = "";
  process.stderr.write = ((chunk: string) => ((text += chunk), true)) as typeof process.stderr.write;
  try {
    await fn();
  } finally {
    process.stderr.write = write;
  }
  return text;
}

describe("sr, sendp and sniff under load, on a veth pair of their own", { skip: why }, () => {
  before(() => {
    ip("netns", "add", A);
    ip("netns", "add", B);
    ip("-n", A, "link", "add", "ld0", "type", "veth", "peer", "name", "ld1", "netns", B);
    ip("-n", A, "addr", "add", "10.199.0.2/24", "dev", "ld0");
    ip("-n", B, "addr", "add", "10.199.0.1/24", "dev", "ld1");
    for (const [ns, dev] of [[A, "ld0"], [B, "ld1"]] as const) {
      ip("-n", ns, "link", "set", dev, "up");
      ip("-n", ns, "link", "set", "lo", "up");
    }
    // Echo replies however many come.
    execFileSync("ip", ["netns", "exec", B, "sysctl", "-qw", "net.ipv4.icmp_ratelimit=0"]);
    enterNetns(A);
    conf.verb = 0;
  });
  after(() => {
    spawnSync("ip", ["netns", "del", A]);
    spawnSync("ip", ["netns", "del", B]);
    assert.ok(!existsSync(`/run/netns/${A}`));
  });

  test("sr of 20,000 echo requests: every one answered, the kernel's counters in the result (was 3,224 of 20,000)", async () => {
    const probes = Array.from({ length: 20_000 }, (_, i) => IP({ dst: "10.199.0.1" }).div(ICMP({ id: 7 + (i >> 16), seq: i & 0xffff })));
    const result = await sr(probes, { timeout: 5 });
    const [ans, unans] = result;
    assert.equal(ans.length, 20_000);
    assert.equal(unans.length, 0);
    for (const [sent, recv] of ans.slice(0, 100)) assert.equal(recv.getLayer(ICMP)!.seq, sent.getLayer(ICMP)!.seq);
    assert.equal(result.captureStats.dropped, 0);
    assert.ok(result.captureStats.received >= 20_000);
  });

  test("answers that came while the process was stalled past the timeout are still taken (srp failed so on a loaded machine)", async () => {
    // A stall of 1.5 s just after the requests leave (in the loop's check phase, as a long
    // callback would): on waking, the 0.5 s timeout is overdue, and timers run before pending I/O.
    const stall = setTimeout(
      () =>
        setImmediate(() => {
          const until = Date.now() + 1500;
          while (Date.now() < until);
        }),
      100,
    );
    const [ans] = await srp(Ether().div(IP({ dst: "10.199.0.1" }), ICMP({ seq: [1, 2, 3, 4, 5] })), { iface: "ld0", timeout: 0.5 });
    clearTimeout(stall);
    assert.equal(ans.length, 5);
    for (const [sent, recv] of ans) assert.equal(recv.getLayer(ICMP)!.seq, sent.getLayer(ICMP)!.seq);
  });

  test("a long sendp lets timers run while it sends, and its signal stops it", async () => {
    const frame = Ether({ dst: "02:00:00:00:00:02", src: "02:00:00:00:00:01", type: 0x88b5 }).div(Raw({ load: new Uint8Array(46) }));
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    const stop = new AbortController();
    setTimeout(() => stop.abort(), 300);
    const t0 = Date.now();
    await sendp(frame, { iface: "ld0", count: 100_000_000, signal: stop.signal });
    clearInterval(timer);
    // 100 million frames take minutes; the abort ended it within a moment of the 300 ms.
    assert.ok(Date.now() - t0 < 5_000, `stopped after ${Date.now() - t0} ms`);
    // The abort came from a timer, so timers ran; the interval's ticks show it went on doing so
    // (a machine loaded past its cores runs this process rarely: one tick in 300 ms was seen).
    assert.ok(ticks >= 1, `${ticks} timer ticks during the send`);
    // loop without inter: sends until the signal, which a timer gives.
    const again = new AbortController();
    setTimeout(() => again.abort(), 200);
    await sendp(frame, { iface: "ld0", loop: true, signal: again.signal });
    assert.ok(again.signal.aborted);
  });

  test("a sniffer whose buffer a burst overflows says how many the kernel dropped, and the result has it", async () => {
    const sniffer = new AsyncSniffer({ iface: "ld0", filter: "ether proto 0x88b5", store: false, bufferSize: 1 << 16, immediate: true });
    sniffer.start();
    // From the other end: 50,000 frames at once, while this process does not read (a busy loop).
    const burst = spawnSync(process.execPath, ["--import", "tsx", "-e", `
      const { enterNetns, sendp, Ether, Raw } = await import(${JSON.stringify(new URL("../../src/index.ts", import.meta.url).pathname)});
      enterNetns(${JSON.stringify(B)});
      await sendp(Ether({ dst: "ff:ff:ff:ff:ff:ff", type: 0x88b5 }).div(Raw({ load: new Uint8Array(46) })), { iface: "ld1", count: 50000, verbose: 0 });`], { encoding: "utf8" });
    assert.equal(burst.status, 0, burst.stderr);
    const warnings = await stderrOf(async () => {
      await new Promise((r) => setTimeout(r, 200));
      sniffer.stop();
    });
    const result = await sniffer.join();
    const stats = result.captureStats!["ld0"]!;
    assert.ok(stats.dropped > 0, `dropped ${stats.dropped}`);
    assert.match(warnings, new RegExp(`WARNING: ${stats.dropped} packets were dropped by the kernel on ld0: the capture buffer \\(64 KiB\\) was full`));
  });
});
