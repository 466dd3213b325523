// farpd and icmpechod for an address nothing else owns, against the kernel's ping and
// iputils' arping, in namespaces of the test's own.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { ARP_am, conf, getIfHwaddr, ICMPEcho_am } from "../../src/index.ts";
import { missing, NET, netSkip, TestNet } from "./netns.ts";

const GHOST = "10.79.0.99";
const GHOST_MAC = "02:00:00:79:00:99";

describe("ARP and ICMP echo machines against arping and ping", { skip: netSkip || missing("arping", "iputils-arping") || missing("ping", "iputils-ping") }, () => {
  let net: TestNet;
  before(() => {
    net = new TestNet("p");
    conf.verb = 0;
  });
  after(() => net?.destroy());

  test("arping gets farpd's is-at for the address, with the MAC it was given", async () => {
    net.enterServer();
    const am = new ARP_am({ IP_addr: GHOST, ARP_addr: GHOST_MAC, iface: NET.srvIface, verbose: false });
    const bg = am.bg();
    try {
      const out = await net.run("client", "arping", "-c", "3", "-w", "10", "-I", NET.cliIface, GHOST);
      assert.match(out, new RegExp(`Unicast reply from ${GHOST.replace(/\./g, "\\.")} \\[${GHOST_MAC.toUpperCase()}\\]`));
      assert.match(out, /Received 3 response\(s\)/);
      // Nothing answers for an address farpd was not given.
      await assert.rejects(net.run("client", "arping", "-c", "1", "-w", "2", "-I", NET.cliIface, "10.79.0.98"));
    } finally {
      await bg.stop();
    }
    assert.ok(am.stats.replies >= 3);
  });

  test("ping gets icmpechod's replies (farpd answering ARP for the same address)", async () => {
    net.enterServer();
    const arp = new ARP_am({ IP_addr: GHOST, iface: NET.srvIface, verbose: false }).bg();
    const echo = new ICMPEcho_am({ filter: `icmp and host ${GHOST}`, iface: NET.srvIface, verbose: false });
    const bg = echo.bg();
    try {
      const out = await net.run("client", "ping", "-c", "3", "-i", "0.2", "-W", "2", "-s", "56", GHOST);
      assert.match(out, /3 packets transmitted, 3 received, 0% packet loss/);
      assert.match(out, /64 bytes from 10\.79\.0\.99: icmp_seq=1 ttl=64/);
      assert.doesNotMatch(out, /DUP|truncated|wrong data/);
    } finally {
      await bg.stop();
      await arp.stop();
    }
    assert.equal(echo.stats.replies, 3);
    // farpd answered with the interface's own MAC, as Scapy's does without ARP_addr.
    const neigh = await net.run("client", "ip", "neigh", "show", GHOST);
    assert.ok(neigh.includes(getIfHwaddr(NET.srvIface)), neigh);
  });

  test("from the shell: farpd(...) and icmpechod(...) in Scapy's syntax", async () => {
    const code = [
      `a = ARP_am(IP_addr="${GHOST}", verbose=False).bg(iface="${NET.srvIface}")`,
      'print("ready")',
      `icmpechod(iface="${NET.srvIface}", filter="icmp and host ${GHOST}", count=2, timeout=30)`,
      "a.stop()",
    ].join("\n");
    const server = net.shell("server", code);
    await TestNet.printed(server, /ready/);
    await new Promise((r) => setTimeout(r, 500));
    const out = await net.run("client", "ping", "-c", "2", "-i", "0.2", "-W", "2", GHOST);
    assert.match(out, /2 packets transmitted, 2 received/);
    assert.equal(await TestNet.ended(server, 30), 0);
    assert.match(server.output(), /ready\n(Replying 10\.79\.0\.2 to ([0-9a-f]{2}:){5}[0-9a-f]{2}\n){2}$/);
  });
});
