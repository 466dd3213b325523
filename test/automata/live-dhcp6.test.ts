// packetry's DHCPv6 server (DHCPv6_am, dhcp6d) against ISC's dhclient -6, in namespaces of the test's own.
import assert from "node:assert/strict";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { conf, DHCPv6_am } from "../../src/index.ts";
import { missing, NET, netSkip, TestNet } from "./netns.ts";

/** dhclient -6 with a script that only writes down what it learned (it configures nothing). */
function dhclient6(net: TestNet, dir: string, extra: string[] = []) {
  const record = join(dir, "record");
  const script = join(dir, "script");
  writeFileSync(script, `#!/bin/sh\nenv | grep -E '^(reason|new_)' | sort >> ${record}\necho --- >> ${record}\nexit 0\n`);
  chmodSync(script, 0o755);
  rmSync(record, { force: true });
  rmSync(join(dir, "leases"), { force: true });
  const child = net.start("client", "dhclient", ["-6", ...extra, "-d", "-1", "-v", "-sf", script, "-lf", join(dir, "leases"), "-pf", join(dir, "pid"), NET.cliIface]);
  /** What dhclient's script saw once it had what it asked for (waits up to `seconds`). */
  const got = async (reason: RegExp, seconds = 40): Promise<Record<string, string>> => {
    const end = Date.now() + seconds * 1000;
    while (Date.now() < end) {
      let text = "";
      try {
        text = readFileSync(record, "utf8");
      } catch {
        // not yet
      }
      const block = text.split("---\n").find((b) => reason.test(b));
      if (block) return Object.fromEntries(block.trim().split("\n").map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]));
      if (child.exitCode !== null && child.exitCode !== 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    let seen = "";
    try {
      seen = readFileSync(record, "utf8");
    } catch {
      // none
    }
    throw new Error(`dhclient -6 got nothing:\n${child.output()}\nits script saw:\n${seen}`);
  };
  return { child, got };
}

describe("DHCPv6 server against dhclient -6", { skip: netSkip || missing("dhclient", "isc-dhcp-client") }, () => {
  let net: TestNet;
  let dir: string;
  before(async () => {
    net = new TestNet("6", { clientAddress: false });
    dir = mkdtempSync(join(tmpdir(), "am-dhcp6-"));
    // DHCPv6 goes from link-local addresses: wait until both ends have theirs.
    for (const [where, iface] of [["client", NET.cliIface], ["server", NET.srvIface]] as const) {
      for (let i = 0; i < 100 && !/inet6 fe80::\S+ scope link\s*(valid|$)/m.test(net.exec(where, "ip", "-6", "-o", "addr", "show", "dev", iface)); i++) await new Promise((r) => setTimeout(r, 50));
    }
    conf.verb = 0;
  });
  after(() => {
    net?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  test("dhclient -6 gets an address from startip–endip, with the DNS servers and search list", async () => {
    net.enterServer();
    const am = new DHCPv6_am({ dns: "fd79::53", domain: "am.test, lab.test", startip: "fd79::1000", endip: "fd79::10ff", leaseTime: 900, iface: NET.srvIface, verbose: false });
    const bg = am.bg();
    const client = dhclient6(net, dir);
    try {
      const lease = await client.got(/reason=BOUND6/);
      assert.equal(lease.new_ip6_address, "fd79::1000");
      assert.equal(lease.new_dhcp6_name_servers, "fd79::53");
      assert.match(lease.new_dhcp6_domain_search ?? "", /^am\.test\.? lab\.test\.?$/);
      assert.equal(lease.new_max_life, "900");
      assert.equal(lease.new_preferred_life, "900");
      assert.ok(lease.new_dhcp6_server_id, "the server's DUID");
      assert.deepEqual([...am.leases.values()], ["fd79::1000"]);
    } finally {
      client.child.kill("SIGTERM");
      await TestNet.ended(client.child, 5);
      await bg.stop();
    }
    assert.ok(am.stats.replies >= 2, `advertise and reply (${JSON.stringify(am.stats)})`);
  });

  test("dhclient -6 -S (stateless) gets the options from an Information-Request, as from Scapy's dhcp6d", async () => {
    net.enterServer();
    const am = new DHCPv6_am({ dns: ["fd79::53", "fd79::54"], domain: "am.test", iface: NET.srvIface, verbose: false });
    const bg = am.bg();
    const client = dhclient6(net, dir, ["-S"]);
    try {
      // dhclient 4.4 runs its script with RENEW6 for what an Information-Request brought.
      const info = await client.got(/reason=(INFORM6|RENEW6)/);
      assert.equal(info.new_dhcp6_name_servers, "fd79::53 fd79::54");
      assert.match(info.new_dhcp6_domain_search ?? "", /^am\.test\.?$/);
      assert.equal(info.new_ip6_address, undefined, "no address in stateless mode");
    } finally {
      client.child.kill("SIGTERM");
      await TestNet.ended(client.child, 5);
      await bg.stop();
    }
  });

  test("from the shell, Scapy's one-liner: dhcp6d(dns=..., startip=..., endip=..., iface=...)", async () => {
    const code = `print("ready")\ndhcp6d(dns="fd79::53", domain="am.test", startip="fd79::2000", endip="fd79::20ff", iface="${NET.srvIface}", stop_filter=lambda p: DHCP6_Request in p, timeout=50)`;
    const server = net.shell("server", code);
    await TestNet.printed(server, /ready/);
    // dhcp6d opens its socket as it starts, just after the print.
    await new Promise((r) => setTimeout(r, 500));
    const client = dhclient6(net, dir);
    try {
      assert.equal((await client.got(/reason=BOUND6/)).new_ip6_address, "fd79::2000");
    } finally {
      client.child.kill("SIGTERM");
      await TestNet.ended(client.child, 5);
    }
    assert.equal(await TestNet.ended(server, 30), 0);
    assert.match(server.output(), /Sent Advertise answering to Solicit from fe80::[0-9a-f:]+\nSent Reply answering to Request from fe80::/);
  });
});
