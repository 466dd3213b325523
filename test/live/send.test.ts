import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { AsyncSniffer, Ether, getmacbyip, ICMP, IP, send, sendp, UDP, arpCache } from "../../src/index.ts";
import { captureStdout, LAB, labSkip, macOf, waitFor } from "./lab.ts";

/** Frames on the wire of cli0 while `fn` runs, seen by a second socket (waits for `expected` of them). */
async function onTheWire(filter: string, fn: () => Promise<unknown>, expected = 1) {
  const s = new AsyncSniffer({ iface: LAB.iface, filter });
  s.start();
  await fn();
  await waitFor(() => s.results!.length >= expected);
  await new Promise((r) => setTimeout(r, 50));
  return s.stop();
}

describe("send and sendp in the lab", { skip: labSkip }, () => {
  test("sendp count sends every copy, in batches", async () => {
    const got = await onTheWire("udp port 9", () => sendp(Ether({ dst: "02:00:00:00:00:01" }).div(IP({ dst: LAB.server }), UDP({ sport: 1234, dport: 9 })), { iface: LAB.iface, count: 5000 }), 5000);
    assert.equal(got.length, 5000);
    assert.ok(got.every((p) => p.getLayer(UDP)!.sport === 1234));
  });

  test("send resolves the next hop's MAC and uses the interface's own", async () => {
    arpCache.clear();
    const got = await onTheWire("icmp and dst host 10.77.0.1", () => send(IP({ dst: LAB.server }).div(ICMP())));
    assert.equal(got.length, 1);
    const ether = got[0]!.getLayer(Ether)!;
    assert.equal(ether.dst, macOf(LAB.serverNs, "br0"));
    assert.equal(ether.src, macOf(LAB.clientNs, LAB.iface));
    assert.equal(got[0]!.getLayer(IP)!.src, LAB.client);
    assert.equal(await getmacbyip(LAB.server), macOf(LAB.serverNs, "br0"), "cached by the send");
  });

  test("the Ether destination of an IP frame is resolved before it is built", async () => {
    arpCache.clear();
    const got = await onTheWire("udp port 9", () => sendp(Ether().div(IP({ dst: LAB.server }), UDP({ dport: 9 })), { iface: LAB.iface }));
    assert.equal(got[0]!.getLayer(Ether)!.dst, macOf(LAB.serverNs, "br0"));
  });

  test("send routes each packet: loopback ones through lo, the others on cli0", async () => {
    const lo = new AsyncSniffer({ iface: "lo", filter: "udp port 9" }).start();
    const got = await onTheWire("udp port 9", () => send([IP({ dst: LAB.server }).div(UDP({ dport: 9 })), IP({ dst: "127.0.0.1" }).div(UDP({ dport: 9 }))]));
    await waitFor(() => lo.results!.length >= 1);
    const onLo = lo.stop();
    assert.deepEqual(got.map((p) => p.getLayer(IP)!.dst), [LAB.server]);
    assert.deepEqual(onLo.map((p) => p.getLayer(IP)!.dst), ["127.0.0.1"]);
  });

  test("off-link destinations go to the gateway's MAC", async () => {
    const got = await onTheWire("udp port 9", () => send(IP({ dst: "10.99.0.1" }).div(UDP({ dport: 9 }))));
    assert.equal(got[0]!.getLayer(Ether)!.dst, macOf(LAB.serverNs, "br0"));
  });

  test("multicast destinations map to 01:00:5e without asking", async () => {
    const got = await onTheWire("udp port 9", () => send(IP({ dst: "224.0.0.251" }).div(UDP({ dport: 9 })), { iface: LAB.iface }));
    assert.equal(got[0]!.getLayer(Ether)!.dst, "01:00:5e:00:00:fb");
  });

  test("inter and count: spaced copies; verbose prints Scapy's dots and total", async () => {
    let out = "";
    const t0 = Date.now();
    const got = await onTheWire("udp port 9", async () => {
      out = await captureStdout(() => sendp(Ether().div(IP({ dst: LAB.server }), UDP({ dport: 9 })), { iface: LAB.iface, count: 3, inter: 0.05, verbose: 1 }));
    }, 3);
    assert.ok(Date.now() - t0 >= 150);
    assert.equal(got.length, 3);
    assert.equal(out, "...\nSent 3 packets.\n");
  });

  test("loop sends until the signal aborts", async () => {
    const stop = new AbortController();
    const got = await onTheWire("udp port 9", async () => {
      setTimeout(() => stop.abort(), 100);
      await sendp(Ether().div(IP({ dst: LAB.server }), UDP({ dport: 9 })), { iface: LAB.iface, loop: true, inter: 0.01, signal: stop.signal });
    });
    assert.ok(got.length >= 3 && got.length < 100, `${got.length} sent in 100 ms`);
  });

  test("returnPackets gives what was sent", async () => {
    const sent = await sendp(Ether().div(IP({ dst: LAB.server }), UDP({ dport: [9, 10] })), { iface: LAB.iface, returnPackets: true, verbose: 0 });
    assert.equal(sent!.length, 2);
  });
});
