// Scapy's socket objects on a real link (namespaces of the test's own): conf.L2socket,
// conf.L3socket and conf.L2listen against the kernel of the other end.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { ARP, conf, Ether, ICMP, IP, L2ListenSocket, L2Socket, L3PacketSocket } from "../../src/index.ts";
import { NET, netSkip, TestNet } from "../automata/netns.ts";

describe("link sockets against the kernel", { skip: netSkip }, () => {
  let net: TestNet;
  before(() => {
    net = new TestNet("k");
    net.enterServer();
    conf.verb = 0;
  });
  after(() => net?.destroy());

  test("conf.L2socket, conf.L3socket and conf.L2listen are Scapy's classes", () => {
    assert.equal(conf.L2socket, L2Socket);
    assert.equal(conf.L3socket, L3PacketSocket);
    assert.equal(conf.L2listen, L2ListenSocket);
  });

  test("L2Socket.sr1: an ARP request answered by the other end's kernel", async () => {
    const s = new L2Socket({ iface: NET.srvIface, filter: "arp" });
    try {
      const r = await s.sr1(Ether({ dst: "ff:ff:ff:ff:ff:ff" }).div(ARP({ pdst: NET.client })), { timeout: 3, verbose: 0 });
      assert.ok(r, "answered");
      assert.equal(r.getLayer(ARP)!.op, 2);
      assert.equal(r.getLayer(ARP)!.psrc, NET.client);
      assert.equal(r.sniffedOn, NET.srvIface);
    } finally {
      s.close();
    }
  });

  test("L3PacketSocket: sr of echo requests by route, answers at layer 3", async () => {
    const s = new L3PacketSocket({ iface: NET.srvIface, filter: "icmp" });
    try {
      const [ans, unans] = await s.sr(IP({ dst: NET.client }).div(ICMP({ seq: [1, 2, 3] })), { timeout: 3, verbose: 0 });
      assert.equal(ans.length, 3);
      assert.equal(unans.length, 0);
      for (const [q, r] of ans) {
        assert.equal(r.spec.name, "IP");
        assert.equal(r.getLayer(ICMP)!.seq, q.getLayer(ICMP)!.seq);
      }
    } finally {
      s.close();
    }
  });

  test("L2ListenSocket sees both directions; recv and async iteration; it cannot send", async () => {
    const listen = new L2ListenSocket({ iface: NET.srvIface, filter: "icmp" });
    const out = new L3PacketSocket({ iface: NET.srvIface, filter: "icmp" });
    try {
      const seen: string[] = [];
      const reading = (async () => {
        for await (const p of listen) {
          seen.push(String(p.getLayer(ICMP)!.type));
          if (seen.length === 2) break;
        }
      })();
      await listen.poll(0);
      await out.sr1(IP({ dst: NET.client }).div(ICMP({ seq: 9 })), { timeout: 3, verbose: 0 });
      await reading;
      assert.deepEqual(seen.sort(), ["0", "8"], "the request it sent and the reply");
      await assert.rejects(listen.send(Ether()), /only receives/);
    } finally {
      listen.close();
      out.close();
    }
  });

  test("from the shell: s = conf.L2socket(iface=...); s.sr1(...)", async () => {
    const child = net.shell("server", `s = conf.L2socket(iface="${NET.srvIface}")\nr = s.sr1(Ether(dst="ff:ff:ff:ff:ff:ff")/ARP(pdst="${NET.client}"), timeout=3)\nprint(r[ARP].psrc, r[ARP].op)\ns.close()`);
    assert.equal(await TestNet.ended(child, 60), 0, child.output());
    assert.match(child.output(), /10\.79\.0\.2 2\n$/);
  });
});
