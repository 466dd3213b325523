// The RA machine (NDP_Attack_Fake_Router) against ndisc6's rdisc6 and the kernel's SLAAC, and
// NA spoofing against the kernel's neighbour discovery, in namespaces of the test's own.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { conf, Ether, getIfHwaddr, ICMPv6ND_RA, ICMPv6NDOptPrefixInfo, ICMPv6NDOptSrcLLAddr, IPv6, NDP_Fake_Router_am, NDP_NA_Spoofing_am } from "../../src/index.ts";
import { missing, NET, netSkip, TestNet } from "./netns.ts";

const PREFIX = "fd7a:1::";

describe("NDP machines against rdisc6, SLAAC and the kernel's neighbour discovery", { skip: netSkip || missing("rdisc6", "ndisc6") }, () => {
  let net: TestNet;
  let linkLocal: string;
  let mac: string;
  before(async () => {
    net = new TestNet("r");
    // IPv6 on a link starts once its link-local address is there.
    for (let i = 0; i < 100 && !/inet6 fe80::/.test(net.exec("client", "ip", "-6", "-o", "addr", "show", "dev", NET.cliIface)); i++) await new Promise((r) => setTimeout(r, 50));
    net.exec("client", "sysctl", "-qw", `net.ipv6.conf.${NET.cliIface}.accept_ra=2`);
    net.enterServer();
    conf.verb = 0;
    linkLocal = /inet6 (fe80::[0-9a-f:]+)\//.exec(net.exec("server", "ip", "-6", "-o", "addr", "show", "dev", NET.srvIface, "scope", "link"))![1]!;
    mac = getIfHwaddr(NET.srvIface);
  });
  after(() => net?.destroy());

  /** The RA a router on am-srv would send. */
  const ra = () =>
    Ether({ src: mac, dst: "33:33:00:00:00:01" }).div(
      IPv6({ src: linkLocal, dst: "ff02::1", hlim: 255 }),
      ICMPv6ND_RA({ routerlifetime: 600 }),
      ICMPv6NDOptPrefixInfo({ prefix: PREFIX, prefixlen: 64 }),
      ICMPv6NDOptSrcLLAddr({ lladdr: mac }),
    );

  test("rdisc6's solicitation gets the RA, and the kernel configures an address from its prefix", async () => {
    const am = new NDP_Fake_Router_am({ ra: ra(), iface: NET.srvIface, verbose: false });
    const bg = am.bg();
    try {
      const out = await net.run("client", "rdisc6", "-1", "-r", "3", "-w", "1500", NET.cliIface);
      assert.match(out, /Prefix\s*:\s*fd7a:1::\/64/);
      assert.match(out, /Router lifetime\s*:\s*600 \(0x00000258\) seconds/);
      assert.match(out, new RegExp(`from ${linkLocal}`));
      // The kernel solicits a router when the link comes up, and takes an address from the prefix.
      net.exec("client", "ip", "link", "set", NET.cliIface, "down");
      net.exec("client", "ip", "link", "set", NET.cliIface, "up");
      let addrs = "";
      for (let i = 0; i < 100 && !addrs.includes("fd7a:1:"); i++) {
        await new Promise((r) => setTimeout(r, 100));
        addrs = await net.run("client", "ip", "-6", "-o", "addr", "show", "dev", NET.cliIface);
      }
      assert.match(addrs, /inet6 fd7a:1::[0-9a-f:]+\/64 scope global/);
      const routes = await net.run("client", "ip", "-6", "route", "show", "default");
      assert.match(routes, new RegExp(`default via ${linkLocal} dev ${NET.cliIface}`));
    } finally {
      await bg.stop();
    }
    assert.ok(am.stats.replies >= 2, JSON.stringify(am.stats));
  });

  test("NA spoofing: the kernel resolving a neighbour takes the machine's MAC for it", async () => {
    const spoofed = "02:00:00:79:66:66";
    const am = new NDP_NA_Spoofing_am({ replyMac: spoofed, tgtFilter: "fd79::66", iface: NET.srvIface, verbose: false });
    const bg = am.bg();
    try {
      await net.run("client", "ip", "-6", "addr", "add", "fd79::2/64", "dev", NET.cliIface, "nodad").catch(() => "");
      await net.run("client", "ping", "-6", "-c", "1", "-W", "1", "fd79::66").catch(() => "");
      const neigh = await net.run("client", "ip", "-6", "neigh", "show", "fd79::66");
      assert.match(neigh, new RegExp(`lladdr ${spoofed}`));
    } finally {
      await bg.stop();
    }
  });

  test("from the shell: NDP_Attack_Fake_Router(ra, iface=...)", async () => {
    const code = [
      `ra = Ether(src="${mac}", dst="33:33:00:00:00:01")/IPv6(src="${linkLocal}", dst="ff02::1", hlim=255)/ICMPv6ND_RA()/ICMPv6NDOptPrefixInfo(prefix="fd7a:2::", prefixlen=64)/ICMPv6NDOptSrcLLAddr(lladdr="${mac}")`,
      'print("ready")',
      `NDP_Attack_Fake_Router(ra, iface="${NET.srvIface}", count=1, timeout=30)`,
    ].join("\n");
    const server = net.shell("server", code);
    await TestNet.printed(server, /ready/);
    await new Promise((r) => setTimeout(r, 500));
    const out = await net.run("client", "rdisc6", "-1", "-r", "3", "-w", "1500", NET.cliIface);
    assert.match(out, /Prefix\s*:\s*fd7a:2::\/64/);
    assert.equal(await TestNet.ended(server, 30), 0);
    assert.match(server.output(), /Fake RA sent in response to RS from fe80::/);
  });
});
