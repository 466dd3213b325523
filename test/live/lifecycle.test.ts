import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { describe, test } from "node:test";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { AsyncSniffer, Ether, IP, sendp, UDP } from "../../src/index.ts";
import { LAB, labSkip, waitFor } from "./lab.ts";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

describe("resources", { skip: labSkip }, () => {
  test("nothing keeps Node alive once the work is done", () => {
    const index = new URL("../../src/index.ts", import.meta.url).pathname;
    const code = `
      import * as p from ${JSON.stringify(index)};
      p.conf.verb = 0;
      await p.sniff({ iface: "cli0", timeout: 0.2 });
      await p.sr1(p.IP({ dst: "${LAB.server}" }).div(p.ICMP()), { timeout: 1 });
      await p.sendp(p.Ether().div(p.IP({ dst: "${LAB.server}" }), p.UDP()), { iface: "cli0", count: 10 });
      await p.send(p.IP({ dst: "127.0.0.1" }).div(p.UDP()));
      const s = new p.AsyncSniffer({ iface: "cli0" }).start();
      s.stop();
      console.log("done");`;
    const t0 = Date.now();
    const r = spawnSync("ip", ["netns", "exec", LAB.clientNs, process.execPath, "--import", "tsx", "--input-type=module", "-e", code], { encoding: "utf8", timeout: 120_000, cwd: new URL("../..", import.meta.url).pathname });
    assert.equal(r.signal, null, "exited by itself (not killed by the timeout)");
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), "done");
    assert.ok(Date.now() - t0 < 15_000);
  });

  test("batch buffers are freed once the packets are collected", async () => {
    const frame = Ether({ dst: "02:00:00:00:00:09" }).div(IP({ dst: LAB.server }), UDP({ dport: 9 }), "x".repeat(1000));
    const round = async () => {
      const s = new AsyncSniffer({ iface: LAB.iface, filter: "udp port 9" });
      s.start();
      await sendp(frame, { iface: LAB.iface, count: 5000 });
      await waitFor(() => s.results!.length >= 5000);
      return s.stop().length;
    };
    // Batch buffers live outside the JS heap (counted in `external`) and are released by weak
    // callbacks after a collection: collect a few times.
    const settle = async () => {
      for (let i = 0; i < 3; i++) {
        gc();
        await new Promise((r) => setTimeout(r, 20));
      }
      return process.memoryUsage().external;
    };
    assert.equal(await round(), 5000);
    const base = await settle();
    for (let i = 0; i < 10; i++) assert.equal(await round(), 5000);
    const grown = (await settle()) - base;
    // Ten rounds held ~52 MB of packet bytes; once collected, their buffers are gone.
    assert.ok(grown < 2 << 20, `external memory grew by ${(grown / 1048576).toFixed(1)} MiB`);
  });
});
