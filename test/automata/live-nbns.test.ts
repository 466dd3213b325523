// NBNS_am (nbns_spoof) against Samba's nmblookup, in namespaces of the test's own.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { conf, NBNS_am } from "../../src/index.ts";
import { missing, NET, netSkip, TestNet } from "./netns.ts";

describe("NBNS_am against nmblookup", { skip: netSkip || missing("nmblookup", "samba-common-bin") }, () => {
  let net: TestNet;
  /** nmblookup without a Samba configuration of the host's. */
  const nmblookup = (...args: string[]) => net.run("client", "nmblookup", "-s", "/dev/null", ...args);
  before(() => {
    net = new TestNet("n");
    net.enterServer();
    conf.verb = 0;
  });
  after(() => net?.destroy());

  test("a broadcast query for server_name gets ip; another name, and a unicast query, get nothing (as Scapy's)", async () => {
    const am = new NBNS_am({ serverName: "FILESRV", ip: "10.79.0.9", iface: NET.srvIface, verbose: false });
    const bg = am.bg();
    try {
      assert.match(await nmblookup("-B", "10.79.0.255", "FILESRV"), /^10\.79\.0\.9 FILESRV<00>$/m);
      await assert.rejects(nmblookup("-B", "10.79.0.255", "OTHER"), /name_query failed to find name OTHER/);
      // Scapy's layers read a query only with the broadcast flag (NM_FLAGS 0x11); a unicast one
      // (0x10) is Raw after the header, so Scapy's nbns_spoof does not answer it either.
      await assert.rejects(nmblookup("-U", NET.server, "--recursion", "FILESRV"), /name_query failed to find name FILESRV/);
    } finally {
      await bg.stop();
    }
    assert.equal(am.stats.replies, 1, JSON.stringify(am.stats));
  });

  test("from the shell: nbns_spoof(ip=..., iface=...) answers every name with the name asked", async () => {
    const server = net.shell("server", `print("ready")\nnbns_spoof(ip="10.79.0.10", iface="${NET.srvIface}", count=1, timeout=40)`);
    await TestNet.printed(server, /ready/);
    // The machine opens its socket as it starts, just after the print.
    await new Promise((r) => setTimeout(r, 500));
    assert.match(await nmblookup("-B", "10.79.0.255", "ANYHOST"), /^10\.79\.0\.10 ANYHOST<00>$/m);
    assert.equal(await TestNet.ended(server, 30), 0, server.output());
  });
});
