import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ARP, AsyncSniffer, Ether, ICMP, IP, sendp, sniff, sr1, UDP, wrpcap, Raw, type Packet } from "../../src/index.ts";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LAB, labSkip, waitFor } from "./lab.ts";

const arpTo = (pdst: string) => Ether({ dst: "ff:ff:ff:ff:ff:ff" }).div(ARP({ pdst }));

describe("sniff in the lab", { skip: labSkip }, () => {
  test("filter \"arp\" sees exactly the ARP frames", async () => {
    const sniffer = new AsyncSniffer({ iface: LAB.iface, filter: "arp" });
    sniffer.start();
    await sniffer.started;
    // ARP and IP mixed; the sniffer sees what other sockets send on the interface.
    for (let i = 0; i < 3; i++) {
      await sendp([arpTo(`10.77.0.${200 + i}`), Ether().div(IP({ dst: LAB.server }), UDP({ dport: 9 }))], { iface: LAB.iface });
    }
    const ours = (p: Packet) => p.getLayer(ARP)?.op === 1 && /^10\.77\.0\.20[0-2]$/.test(p.getLayer(ARP)!.pdst as string);
    await waitFor(() => sniffer.results!.filter(ours).length >= 3);
    const got = sniffer.stop();
    assert.ok(got.length >= 3, `saw ${got.length} ARP frames`);
    assert.ok(got.every((p) => p.hasLayer(ARP)), "only ARP frames");
    assert.equal(got.filter(ours).length, 3);
    assert.ok(got.every((p) => p.sniffedOn === LAB.iface));
  });

  test("count, lfilter, prn and store", async () => {
    const seen: number[] = [];
    const pending = sniff({ iface: LAB.iface, filter: "udp port 9", count: 4, lfilter: (p) => p.getLayer(UDP)!.sport % 2 === 0, prn: (p) => void seen.push(p.getLayer(UDP)!.sport), timeout: 5 });
    await new Promise((r) => setTimeout(r, 50));
    await sendp(Ether().div(IP({ dst: LAB.server }), UDP({ sport: [10, 11, 12, 13, 14, 15, 16, 17, 18, 19], dport: 9 })), { iface: LAB.iface });
    const got = await pending;
    assert.deepEqual(seen, [10, 12, 14, 16]);
    assert.equal(got.length, 4);
    const unstored = sniff({ iface: LAB.iface, filter: "udp port 9", count: 2, store: false, timeout: 5 });
    await new Promise((r) => setTimeout(r, 50));
    await sendp(Ether().div(IP({ dst: LAB.server }), UDP({ dport: 9 })), { iface: LAB.iface, count: 2 });
    assert.equal((await unstored).length, 0);
  });

  test("stopFilter ends the capture after the matching packet", async () => {
    const pending = sniff({ iface: LAB.iface, filter: "icmp", stopFilter: (p) => p.getLayer(ICMP)?.type === 0, timeout: 5 });
    await new Promise((r) => setTimeout(r, 50));
    await sr1(IP({ dst: LAB.server }).div(ICMP()), { timeout: 2 });
    const got = await pending;
    assert.equal(got.at(-1)!.getLayer(ICMP)!.type, 0);
    assert.ok(got.length <= 2);
  });

  test("AsyncSniffer stops when asked, and nothing keeps running", async () => {
    const s = new AsyncSniffer({ iface: LAB.iface });
    s.start();
    await s.started;
    assert.equal(s.running, true);
    await sr1(IP({ dst: LAB.server }).div(ICMP()), { timeout: 2 });
    // The kernel hands packets over in blocks, within a few milliseconds.
    await waitFor(() => s.results!.length >= 2);
    const results = s.stop();
    assert.equal(s.running, false);
    assert.ok(results.length >= 2, "saw the request and the reply");
    assert.equal(await s.join(), results);
    assert.match(String(results), /^<Sniffed: TCP:\d+ UDP:\d+ ICMP:\d+ Other:\d+>$/);
    const stats = s.stats()[LAB.iface]!;
    assert.ok(stats.received >= results.length);
    assert.equal(stats.dropped, 0);
  });

  test("an exception in prn ends the sniff with that error", async () => {
    const pending = sniff({ iface: LAB.iface, filter: "udp port 9", prn: () => {
      throw new Error("prn broke");
    }, timeout: 5 });
    await new Promise((r) => setTimeout(r, 50));
    await sendp(Ether().div(IP({ dst: LAB.server }), UDP({ dport: 9 })), { iface: LAB.iface, count: 3 });
    await assert.rejects(pending, /prn broke/);
  });

  test("a timeout with nothing to see gives an empty list", async () => {
    const t0 = Date.now();
    const got = await sniff({ iface: LAB.iface, filter: "udp port 7777", timeout: 0.3 });
    assert.equal(got.length, 0);
    assert.ok(Date.now() - t0 >= 290);
  });

  test("several interfaces at once, each packet tagged with its own", async () => {
    const pending = sniff({ ifaces: [LAB.iface, LAB.dhcpIface], filter: "udp port 9", count: 2, timeout: 5 });
    await new Promise((r) => setTimeout(r, 50));
    await sendp(Ether().div(IP({ dst: LAB.server }), UDP({ dport: 9 })), { iface: LAB.iface });
    await sendp(Ether().div(IP({ dst: LAB.server }), UDP({ dport: 9 })), { iface: LAB.dhcpIface });
    const got = await pending;
    assert.deepEqual(got.map((p) => p.sniffedOn).sort(), [LAB.iface, LAB.dhcpIface]);
  });

  test("offline files go through the capture readers, with a BPF filter", async () => {
    const dir = mkdtempSync(join(tmpdir(), "packetry-sniff-"));
    try {
      const file = join(dir, "mixed.pcap");
      wrpcap(file, [arpTo("10.0.0.1"), Ether().div(IP({ dst: "10.0.0.1" }), UDP({ dport: 53 }), Raw({ load: "x" })), arpTo("10.0.0.2")]);
      const got = await sniff({ offline: file, filter: "arp" });
      assert.equal(got.length, 2);
      assert.ok(got.every((p) => p.hasLayer(ARP)));
      const all = await sniff({ offline: file });
      assert.equal(all.length, 3);
    } finally {
      rmSync(dir, { recursive: true });
    }
  });
});
