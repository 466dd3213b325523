// An answering machine under load, short: DNS_am on a veth pair in namespaces of the test's own,
// flooded at 10,000 queries a second for a third of a second by a client in the other namespace.
// Every query the kernel handed to the machine is answered, and the client gets each answer.
// The long run (10 s, with the figures) is `npm run bench -- automata`.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { after, before, describe, test } from "node:test";
import { conf, DNS_am, getIfHwaddr } from "../../src/index.ts";
import { NET, netSkip, TestNet } from "./netns.ts";

const FLOOD = fileURLToPath(new URL("../../bench/automata-flood.ts", import.meta.url));
const RATE = 10000;
const SECONDS = 0.3;

describe("DNS_am under a flood of queries", { skip: netSkip }, () => {
  let net: TestNet;
  before(() => {
    net = new TestNet("l");
    // Nothing listens on port 53 there: the kernel's port-unreachable replies would only add load.
    net.exec("server", "iptables", "-w", "-I", "OUTPUT", "-p", "icmp", "--icmp-type", "port-unreachable", "-j", "DROP");
    net.enterServer();
    conf.verb = 0;
  });
  after(() => net?.destroy());

  test(`${RATE} queries a second: none the kernel delivered goes unanswered, none is answered twice`, { timeout: 120_000 }, async () => {
    const am = new DNS_am({ joker: "10.79.0.99", iface: NET.srvIface, verbose: false });
    const run = am.bg();
    let out = "";
    let err = "";
    try {
      // The machine's capture is open once bg() has returned; the client starts after it.
      const client = spawn("ip", ["netns", "exec", net.clientNs, process.execPath, "--import", "tsx", FLOOD, NET.cliIface, NET.server, getIfHwaddr(NET.srvIface), String(RATE), String(SECONDS)], { stdio: ["ignore", "pipe", "pipe"] });
      client.stdout.on("data", (d: Buffer) => (out += d.toString()));
      client.stderr.on("data", (d: Buffer) => (err += d.toString()));
      const code = await new Promise((r) => client.once("close", r));
      assert.equal(code, 0, err);
    } finally {
      await run.stop();
    }
    const c = JSON.parse(out.trim().split("\n").at(-1)!) as { sent: number; answered: number; duplicates: number; clientKernel: { dropped: number } };
    const k = am.stats.kernel!;
    const figures = `client ${JSON.stringify(c)}; machine ${JSON.stringify(am.stats)}`;
    assert.equal(c.sent, RATE * SECONDS, figures);
    // Each query the machine read is a request, answered once, without a failure.
    assert.equal(am.stats.requests, am.stats.received, figures);
    assert.equal(am.stats.replies, am.stats.requests, figures);
    assert.equal(am.stats.failures, 0, figures);
    // What the kernel dropped (its ring full) is all that may be missing, on either side.
    assert.ok(am.stats.received + k.dropped >= c.sent, figures);
    assert.ok(c.answered + c.clientKernel.dropped >= am.stats.replies, figures);
    assert.equal(c.duplicates, 0, figures);
    // With a 64 MiB ring nothing is dropped at this rate, even on a loaded machine.
    assert.equal(k.dropped, 0, figures);
    assert.equal(c.answered, c.sent, figures);
  });
});
