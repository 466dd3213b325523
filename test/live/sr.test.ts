import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ARP, conf, Ether, ICMP, ICMPv6EchoRequest, IP, IPv6, sr, sr1, srp, srp1, TCP } from "../../src/index.ts";
import { captureStdout, LAB, labSkip, macOf } from "./lab.ts";

describe("sr family against the lab's kernel", { skip: labSkip }, () => {
  test("ARP who-has for the server gives its MAC", async () => {
    const reply = await srp1(Ether({ dst: "ff:ff:ff:ff:ff:ff" }).div(ARP({ pdst: LAB.server })), { iface: LAB.iface, timeout: 2 });
    assert.ok(reply, "the server answers ARP");
    const arp = reply.getLayer(ARP)!;
    assert.equal(arp.op, 2);
    assert.equal(arp.psrc, LAB.server);
    assert.equal(arp.hwsrc, macOf(LAB.serverNs, "br0"));
    assert.equal(arp.pdst, LAB.client);
  });

  test("ICMP echo via sr1 gets the echo-reply", async () => {
    const reply = await sr1(IP({ dst: LAB.server }).div(ICMP({ id: 0x1234, seq: 7 }), "ping"), { timeout: 2 });
    assert.ok(reply);
    assert.deepEqual(reply.layers().map((l) => l.name), ["IP", "ICMP", "Raw"]);
    assert.equal(reply.getLayer(IP)!.src, LAB.server);
    const icmp = reply.getLayer(ICMP)!;
    assert.equal(icmp.type, 0);
    assert.equal(icmp.id, 0x1234);
    assert.equal(icmp.seq, 7);
    assert.equal(reply.summary(), "IP / ICMP 10.77.0.1 > 10.77.0.2 echo-reply 0 / Raw");
  });

  test("TCP SYN: an open port answers SYN-ACK, a closed one RST-ACK", async () => {
    const [ans, unans] = await sr(IP({ dst: LAB.server }).div(TCP({ sport: 40000, dport: [80, 81] })), { timeout: 2 });
    assert.equal(unans.length, 0);
    assert.equal(ans.length, 2);
    const byPort = new Map(ans.map(([sent, recv]) => [sent.getLayer(TCP)!.dport, recv.getLayer(TCP)!]));
    assert.equal(String(byPort.get(80)!.flags), "SA");
    assert.equal(String(byPort.get(81)!.flags), "RA");
    assert.equal(byPort.get(80)!.sport, 80);
    assert.equal(String(ans), "<Results: TCP:2 UDP:0 ICMP:0 Other:0>");
  });

  test("sr to a silent address returns it unanswered after the timeout", async () => {
    const t0 = Date.now();
    const [ans, unans] = await sr(IP({ dst: LAB.silent }).div(ICMP()), { timeout: 0.5 });
    assert.equal(ans.length, 0);
    assert.equal(unans.length, 1);
    assert.equal(unans[0]!.getLayer(IP)!.dst, LAB.silent);
    assert.ok(Date.now() - t0 >= 500, "waited for the timeout");
    assert.equal(String(unans), "<Unanswered: TCP:0 UDP:0 ICMP:1 Other:0>");
  });

  test("srp with several packets: each answer is paired with its own request", async () => {
    const reqs = IP({ dst: LAB.server }).div(ICMP({ seq: [1, 2, 3, 4, 5] }));
    const [ans] = await srp(Ether().div(reqs), { iface: LAB.iface, timeout: 2 });
    assert.equal(ans.length, 5);
    for (const [sent, recv] of ans) assert.equal(recv.getLayer(ICMP)!.seq, sent.getLayer(ICMP)!.seq);
  });

  test("retry resends what is unanswered (counted on the wire)", async () => {
    const out = await captureStdout(() => sr(IP({ dst: LAB.silent }).div(ICMP()), { timeout: 0.2, retry: 2, verbose: 1 }));
    assert.equal(out.match(/Begin emission/g)?.length, 3, "1 try + 2 retries");
    assert.match(out, /\nReceived \d+ packets, got 0 answers, remaining 1 packets\n$/);
  });

  test("a negative retry stops after that many rounds without a new answer", async () => {
    const out = await captureStdout(() => sr(IP({ dst: LAB.silent }).div(ICMP()), { timeout: 0.1, retry: -2, verbose: 1 }));
    assert.equal(out.match(/Begin emission/g)?.length, 3);
  });

  test("progress output as Scapy 2.6 prints it", async () => {
    const out = await captureStdout(() => sr(IP({ dst: LAB.server }).div(ICMP({ seq: [1, 2, 3] })), { timeout: 2, verbose: 2, filter: "icmp" }));
    assert.equal(out, "Begin emission\nFinished sending 3 packets\n***\nReceived 3 packets, got 3 answers, remaining 0 packets\n");
  });

  test("multi keeps listening after the first answer, until the timeout", async () => {
    // Two echo requests with the same id/seq: both replies answer both requests.
    const [ans] = await sr([IP({ dst: LAB.server }).div(ICMP({ id: 9, seq: 9 })), IP({ dst: LAB.server }).div(ICMP({ id: 9, seq: 9 }))], { timeout: 0.5, multi: true });
    assert.ok(ans.length >= 2);
  });

  test("inter spaces the sends", async () => {
    const t0 = Date.now();
    const [ans] = await sr(IP({ dst: LAB.server }).div(ICMP({ seq: [1, 2, 3] })), { timeout: 1, inter: 0.1 });
    assert.equal(ans.length, 3);
    assert.ok(Date.now() - t0 >= 300);
    const times = ans.map(([s]) => s.time).sort();
    assert.ok(times[2]! - times[0]! >= 0.18, "requests were sent ~0.1 s apart");
  });

  test("conf.verb is the default verbosity", async () => {
    const saved = conf.verb;
    conf.verb = 1;
    try {
      const out = await captureStdout(() => sr1(IP({ dst: LAB.server }).div(ICMP()), { timeout: 2, filter: "icmp" }));
      assert.equal(out, "Begin emission\nFinished sending 1 packets\n\nReceived 1 packets, got 1 answers, remaining 0 packets\n");
    } finally {
      conf.verb = saved;
    }
  });

  test("on loopback: L3 through lo, each answer once, our own copies not matched", async () => {
    const [ans, unans] = await sr([IP({ dst: "127.0.0.1" }).div(ICMP({ seq: 1 })), IP({ dst: "127.0.0.1" }).div(TCP({ dport: 1 }))], { timeout: 1 });
    assert.equal(unans.length, 0);
    assert.deepEqual(ans.map(([, r]) => r.summary()).sort(), ["IP / ICMP 127.0.0.1 > 127.0.0.1 echo-reply 0", "IP / TCP 127.0.0.1:tcpmux > 127.0.0.1:ftp_data RA"]);
  });

  test("IPv6: echo to the server (MAC by neighbour solicitation), to ::1 and to our own address; TCP SYN-ACK", async () => {
    for (const dst of [LAB.server6, "::1", LAB.client6]) {
      const reply = await sr1(IPv6({ dst }).div(ICMPv6EchoRequest({ id: 5, seq: 1 })), { timeout: 2 });
      assert.equal(reply?.summary(), "IPv6 / ICMPv6 Echo Reply (id: 0x5 seq: 0x1)", dst);
      assert.equal(reply!.getLayer(IPv6)!.src, dst);
    }
    const synack = await sr1(IPv6({ dst: LAB.server6 }).div(TCP({ dport: 80 })), { timeout: 2 });
    assert.equal(String(synack?.getLayer(TCP)?.flags), "SA");
  });

  test("sr refuses frames, pointing at srp", async () => {
    await assert.rejects(sr(Ether().div(ARP())), /use sendp\(\)\/srp\(\)/);
  });
});
