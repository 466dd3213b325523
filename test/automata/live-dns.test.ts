// packetry's DNS server (dnsd, DNS_am) against BIND's dig and host, in namespaces of the test's own.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { conf, DNS_am } from "../../src/index.ts";
import { missing, NET, netSkip, TestNet } from "./netns.ts";

describe("DNS server against dig and host", { skip: netSkip || missing("dig", "bind9-dnsutils") }, () => {
  let net: TestNet;
  before(() => {
    net = new TestNet("n");
    // The server namespace's kernel has no port 53 open: its "port unreachable" would beat the
    // machine's answer. Scapy's dnsd documentation drops it the same way (here, in the test's namespace only).
    net.exec("server", "iptables", "-w", "-I", "OUTPUT", "-p", "icmp", "--icmp-type", "port-unreachable", "-j", "DROP");
    conf.verb = 0;
  });
  after(() => net?.destroy());

  const dig = async (...args: string[]) => (await net.run("client", "dig", `@${NET.server}`, "+time=3", "+tries=2", ...args)).trim();

  test("dig and host get DNS_am's answers: match, joker, SRV, PTR, NXDOMAIN", async () => {
    net.enterServer();
    const am = new DNS_am({
      match: { "www.am.test": "10.79.0.80", "dual.am.test": ["10.79.0.81", "fd79::81"] },
      joker: "10.79.0.99",
      srvmatch: { "_http._tcp.am.test": [80, "www.am.test"] },
      jokerarpa: "host.am.test",
      sendError: true,
      iface: NET.srvIface,
      verbose: false,
    });
    const bg = am.bg();
    try {
      assert.equal(await dig("+short", "www.am.test"), "10.79.0.80");
      assert.equal(await dig("+short", "WWW.AM.TEST"), "10.79.0.80");
      assert.equal(await dig("+short", "anything.else.test"), "10.79.0.99");
      assert.equal(await dig("+short", "AAAA", "dual.am.test"), "fd79::81");
      assert.equal(await dig("+short", "SRV", "_http._tcp.am.test"), "0 100 80 www.am.test.");
      assert.equal(await dig("+short", "-x", "10.79.0.5"), "host.am.test.");
      const full = await dig("AAAA", "nowhere.am.test");
      assert.match(full, /status: NXDOMAIN/);
      const answer = await dig("www.am.test");
      assert.match(answer, /;; ANSWER SECTION:\nwww\.am\.test\.\s+10\s+IN\s+A\s+10\.79\.0\.80/);
      assert.match(answer, /flags: qr rd;/);
      assert.match(await net.run("client", "host", "-W", "3", "-t", "A", "www.am.test", NET.server), /www\.am\.test has address 10\.79\.0\.80/);
    } finally {
      await bg.stop();
    }
    assert.equal(am.stats.failures, 0);
  });

  test("malformed queries from a real socket get nothing, and the machine goes on answering", async () => {
    const am = new DNS_am({ joker: "10.79.0.99", iface: NET.srvIface, verbose: false });
    const bg = am.bg();
    try {
      // Garbage, a truncated header, and a header claiming questions it does not hold, over the kernel's UDP.
      for (const junk of ["garbage\\n", "\\x12\\x34", "\\x12\\x34\\x01\\x00\\x00\\x05\\x00\\x00\\x00\\x00\\x00\\x00"]) {
        await net.run("client", "bash", "-c", `printf '${junk}' > /dev/udp/${NET.server}/53`);
      }
      assert.equal(await dig("+short", "still.here.test"), "10.79.0.99");
    } finally {
      await bg.stop();
    }
    assert.equal(am.stats.replies, 1);
    assert.ok(am.stats.received >= 4, JSON.stringify(am.stats));
  });

  test("from the shell: dnsd(match=..., iface=...) answers host", async () => {
    const server = net.shell("server", `print("ready")\ndnsd(match={"mail.am.test": "10.79.0.25"}, iface="${NET.srvIface}", count=1, timeout=30)`);
    await TestNet.printed(server, /ready/);
    await new Promise((r) => setTimeout(r, 500));
    const out = await net.run("client", "host", "-W", "3", "-t", "A", "mail.am.test", NET.server);
    assert.match(out, /mail\.am\.test has address 10\.79\.0\.25/);
    assert.equal(await TestNet.ended(server, 30), 0);
    assert.match(server.output(), /ready\n.*DNS Qry b'mail\.am\.test\.' ==> .*DNS Ans /);
  });
});
