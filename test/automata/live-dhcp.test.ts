// packetry's DHCP server (dhcpd, DHCP_am) against ISC's dhclient, in namespaces of the test's own.
import assert from "node:assert/strict";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { conf, DHCP_am, Net, sendp, type Packet } from "../../src/index.ts";
import { missing, NET, netSkip, TestNet } from "./netns.ts";

/** dhclient with a script that only writes down what it learned (it configures nothing, touches no resolv.conf). */
function dhclient(net: TestNet, dir: string) {
  const record = join(dir, "record");
  const script = join(dir, "script");
  writeFileSync(script, `#!/bin/sh\nenv | grep -E '^(reason|new_)' | sort >> ${record}\necho --- >> ${record}\nexit 0\n`);
  chmodSync(script, 0o755);
  rmSync(record, { force: true });
  rmSync(join(dir, "leases"), { force: true });
  const child = net.start("client", "dhclient", ["-4", "-d", "-1", "-v", "-sf", script, "-lf", join(dir, "leases"), "-pf", join(dir, "pid"), NET.cliIface]);
  /** What dhclient's script saw once it was bound (waits up to `seconds`). */
  const bound = async (seconds = 30): Promise<Record<string, string>> => {
    const end = Date.now() + seconds * 1000;
    while (Date.now() < end) {
      let text = "";
      try {
        text = readFileSync(record, "utf8");
      } catch {
        // not yet
      }
      const block = text.split("---\n").find((b) => b.includes("reason=BOUND"));
      if (block) return Object.fromEntries(block.trim().split("\n").map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]));
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`dhclient got no lease:\n${child.output()}`);
  };
  return { child, bound };
}

describe("DHCP server against dhclient", { skip: netSkip || missing("dhclient", "isc-dhcp-client") }, () => {
  let net: TestNet;
  let dir: string;
  before(() => {
    net = new TestNet("d", { clientAddress: false });
    dir = mkdtempSync(join(tmpdir(), "am-dhcp-"));
    conf.verb = 0;
  });
  after(() => {
    net?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  test("dhclient gets a lease from DHCP_am, with the options given", async () => {
    net.enterServer();
    const am = new DHCP_am({ pool: new Net("10.79.0.16/28"), network: "10.79.0.0/24", gw: NET.server, domain: "am.test", renewalTime: 300, rebindingTime: 500, leaseTime: 600, iface: NET.srvIface, verbose: false });
    const bg = am.bg();
    const client = dhclient(net, dir);
    try {
      const lease = await client.bound();
      assert.equal(lease.new_ip_address, "10.79.0.16");
      assert.equal(lease.new_subnet_mask, "255.255.255.0");
      assert.equal(lease.new_routers, NET.server);
      assert.equal(lease.new_domain_name_servers, NET.server);
      assert.equal(lease.new_domain_name, "am.test");
      assert.equal(lease.new_dhcp_server_identifier, NET.server);
      assert.equal(lease.new_dhcp_lease_time, "600");
      assert.equal(lease.new_dhcp_renewal_time, "300");
      assert.equal(lease.new_dhcp_rebinding_time, "500");
      assert.equal(lease.new_broadcast_address, "10.79.0.255");
      assert.equal([...am.leases.values()][0], "10.79.0.16");
    } finally {
      client.child.kill("SIGTERM");
      await TestNet.ended(client.child, 5);
      await bg.stop();
    }
    assert.ok(am.stats.replies >= 2, `offer and ack (${JSON.stringify(am.stats)})`);
  });

  test("a client that disappears mid-exchange (gone before its offer leaves) costs nothing: the next dhclient gets its lease", async () => {
    net.enterServer();
    let first: ReturnType<typeof dhclient> | undefined;
    let vanished = false;
    // The machine's sending, with the first client killed just before its offer goes out.
    const sendFunction = async (reply: Packet) => {
      if (!vanished && first) {
        vanished = true;
        first.child.kill("SIGKILL");
        await TestNet.ended(first.child, 5);
      }
      await sendp(reply, { iface: NET.srvIface, verbose: 0 });
    };
    const am = new DHCP_am({ pool: new Net("10.79.0.64/28"), network: "10.79.0.0/24", gw: NET.server, iface: NET.srvIface, verbose: false, sendFunction });
    const bg = am.bg();
    try {
      first = dhclient(net, dir);
      for (let i = 0; i < 300 && !vanished; i++) await new Promise((r) => setTimeout(r, 100));
      assert.ok(vanished, "the first client's discover came");
      const second = dhclient(net, dir);
      try {
        assert.equal((await second.bound()).new_ip_address, "10.79.0.64");
      } finally {
        second.child.kill("SIGTERM");
        await TestNet.ended(second.child, 5);
      }
    } finally {
      await bg.stop();
    }
    assert.equal(am.stats.failures, 0);
    assert.ok(bg.running === false);
  });

  test("from the shell: DHCP_am(pool=Net(...)).bg(iface=...) serves until the request is answered", async () => {
    const code = [
      `am = DHCP_am(pool=Net("10.79.0.32/28"), network="10.79.0.0/24", gw="${NET.server}")`,
      `run = am.bg(iface="${NET.srvIface}", stop_filter=lambda p: DHCP in p and p[DHCP].options[0][1] == 3, timeout=40)`,
      'print("ready")',
      "run.join()",
      'print("done")',
    ].join("\n");
    const server = net.shell("server", code);
    await TestNet.printed(server, /ready/);
    const client = dhclient(net, dir);
    try {
      const lease = await client.bound();
      assert.equal(lease.new_ip_address, "10.79.0.32");
      assert.equal(lease.new_domain_name, "localnet");
    } finally {
      client.child.kill("SIGTERM");
      await TestNet.ended(client.child, 5);
    }
    assert.equal(await TestNet.ended(server, 30), 0);
    assert.match(server.output(), /^ready\n(Reply 10\.79\.0\.32 to ([0-9a-f]{2}:){5}[0-9a-f]{2}\n)+done\n$/);
  });

  test("from the shell: bootpd(pool=Net(...), iface=...) — dhclient takes the BOOTP reply (no DHCP options) as its lease", async () => {
    const code = `print("ready")\nbootpd(pool=Net("10.79.0.80/28"), network="10.79.0.0/24", gw="${NET.server}", iface="${NET.srvIface}", count=1, timeout=40)`;
    const server = net.shell("server", code);
    await TestNet.printed(server, /ready/);
    // bootpd opens its socket as it starts, just after the print.
    await new Promise((r) => setTimeout(r, 500));
    const client = dhclient(net, dir);
    try {
      const lease = await client.bound();
      assert.equal(lease.new_ip_address, "10.79.0.80");
      assert.equal(lease.new_next_server, NET.server, "siaddr: the gateway, as Scapy's");
      assert.equal(lease.new_routers, undefined, "a BOOTP reply carries no options");
    } finally {
      client.child.kill("SIGTERM");
      await TestNet.ended(client.child, 5);
    }
    assert.equal(await TestNet.ended(server, 30), 0);
    assert.match(server.output(), /Reply 10\.79\.0\.80 to ([0-9a-f]{2}:){5}[0-9a-f]{2}\n/);
  });

  test("from the shell, Scapy's one-liner: dhcpd(pool=Net(...), iface=...)", async () => {
    const code = `print("ready")\ndhcpd(pool=Net("10.79.0.48/28"), network="10.79.0.0/24", gw="${NET.server}", iface="${NET.srvIface}", stop_filter=lambda p: DHCP in p and p[DHCP].options[0][1] == 3, timeout=40)`;
    const server = net.shell("server", code);
    await TestNet.printed(server, /ready/);
    // dhcpd opens its socket as it starts, just after the print.
    await new Promise((r) => setTimeout(r, 500));
    const client = dhclient(net, dir);
    try {
      assert.equal((await client.bound()).new_ip_address, "10.79.0.48");
    } finally {
      client.child.kill("SIGTERM");
      await TestNet.ended(client.child, 5);
    }
    assert.equal(await TestNet.ended(server, 30), 0);
    assert.match(server.output(), /Reply 10\.79\.0\.48 to /);
  });
});
