/**
 * The core where `new Function` is forbidden (a page whose content-security policy lacks
 * 'unsafe-eval'): every layer runs on the generic closures and gives the same results. The
 * core's, layers' and capture tests run again in a Node that refuses code from strings.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { test } from "node:test";

const root = new URL("../..", import.meta.url).pathname;

test("the core, the layers and the vectors pass where code cannot be generated", { timeout: 600_000 }, () => {
  const probe = spawnSync(
    process.execPath,
    ["--disallow-code-generation-from-strings", "--import", "tsx", "-e", 'import("./src/core/codegen/generate.ts").then((m) => console.log(m.canGenerateCode()))'],
    { cwd: root, encoding: "utf8" },
  );
  assert.equal(probe.stdout.trim(), "false", probe.stderr);
  const files = ["test/core/packet.test.ts", "test/core/contract.test.ts", "test/layers/inet.test.ts", "test/layers/dns.test.ts", "test/oracle/inet.test.ts", "test/oracle/dns.test.ts", "test/pcap/read.test.ts", "test/pcap/write.test.ts"];
  const env = { ...process.env };
  delete env.NODE_TEST_CONTEXT; // run as a test run of its own, not as a child of this one
  const run = spawnSync(process.execPath, ["scripts/run-tests.mjs", ...files, "--disallow-code-generation-from-strings"], { cwd: root, encoding: "utf8", env });
  const failed = /^# fail (\d+)/m.exec(run.stdout)?.[1];
  assert.equal(run.status, 0, run.stdout.slice(-4000) + run.stderr.slice(-2000));
  assert.equal(failed, "0");
  assert.match(run.stdout, /^# pass [1-9]/m);
});
