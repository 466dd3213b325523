/**
 * sniff(session=...): DefaultSession, IPSession (defragments), TCPSession (HTTP and DNS over
 * TCP), and sessions one writes — offline against Debian's Scapy on the same captures, and on a
 * live loopback in a network namespace of the test's own.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { DefaultSession, Ether, fragment, HTTPResponse, ICMP, IP, IPSession, sniff, TCP, TCPSession, UDP, wrpcap, type Packet } from "../../src/index.ts";
import { ROOT } from "../shell/run.ts";
import { py, scapy } from "./scapy.ts";

const HTTP_CAPTURE = "test/fixtures/captures/http.pcap";
const DNS_CAPTURE = "test/fixtures/captures/dns.pcap";
const dir = mkdtempSync(join(tmpdir(), "packetry-sessions-"));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Layer names per packet: what a session changes, whatever the text of each layer's summary. */
const shape = (p: Packet) => p.layers().map((l) => l.name).join("/");
const scapyShapes = (code: string) => scapy(`${code}\nfor p in l: print('/'.join(x.__name__ for x in p.layers()))`).trim().split("\n");

describe("TCPSession", () => {
  test("HTTP: requests and responses come out whole, as Scapy's (which also waits for a body after HEAD)", async () => {
    const ours = (await sniff({ offline: HTTP_CAPTURE, session: TCPSession })).map(shape);
    const theirs = scapyShapes(`load_layer('http')\nl = sniff(offline=${py(HTTP_CAPTURE)}, session=TCPSession)`);
    // Scapy 2.5 holds the answer to HEAD waiting for its Content-Length of body, which never comes:
    // packetry knows a HEAD response has none (RFC 9110 §9.3.2) and gives it.
    const head = ours.findIndex((s, i) => s.includes("HTTPResponse") && theirs[i] !== s);
    assert.ok(head > 0);
    assert.deepEqual([...ours.slice(0, head), ...ours.slice(head + 1)], theirs);
    assert.equal(ours.filter((s) => s.includes("HTTPResponse")).length, 9);
  });

  test("a response's body is whole, however many segments carried it", async () => {
    const l = await sniff({ offline: HTTP_CAPTURE, session: TCPSession, lfilter: (p) => p.hasLayer(HTTPResponse) });
    const first = l[0]!.getLayer(HTTPResponse)!;
    assert.equal(first.payload!.build().length, Number(new TextDecoder().decode(first.getFieldValue("Content_Length") as Uint8Array)));
  });

  test("DNS over TCP: each message dissected as DNS, as Scapy's", async () => {
    const ours = (await sniff({ offline: DNS_CAPTURE, session: TCPSession, filter: "tcp port 53" })).map(shape);
    assert.deepEqual(ours, scapyShapes(`l = sniff(offline=${py(DNS_CAPTURE)}, session=TCPSession, filter='tcp port 53')`));
    assert.equal(ours.filter((s) => s.endsWith("DNS")).length, 4);
  });
});

describe("IPSession", () => {
  const frags = () => [...fragment(Ether({ dst: "ff:ff:ff:ff:ff:ff", src: "02:00:00:00:00:01" }).div(IP({ src: "10.0.0.1", dst: "10.0.0.2", id: 9 })).div(ICMP()).div("x".repeat(3000)), 1000)];
  const other = () => Ether({ dst: "ff:ff:ff:ff:ff:ff", src: "02:00:00:00:00:01" }).div(IP({ src: "10.0.0.1", dst: "10.0.0.2" })).div(UDP());

  test("fragments in order: the datagram comes out whole when its last fragment comes, as Scapy's", async () => {
    const f = frags();
    const path = join(dir, "in-order.pcap");
    wrpcap(path, [f[0]!, other(), f[1]!, f[2]!, f[3]!, other()]);
    const ours = await sniff({ offline: path, session: IPSession });
    const theirs = scapy(`l = sniff(offline=${py(path)}, session=IPSession)\nfor p in l: print(p.summary(), len(p))`).trim().split("\n");
    assert.deepEqual(ours.map((p) => `${p.summary()} ${p.build().length}`), theirs);
    assert.equal(ours[1]!.build().length, 14 + 20 + 8 + 3000);
  });

  test("out of order too (Scapy 2.5's IPSession raises IndexError there); fragments never completed come out at the end", async () => {
    const f = frags();
    const path = join(dir, "shuffled.pcap");
    wrpcap(path, [f[2]!, f[0]!, other(), f[3]!, f[1]!, f[0]!.copy()]);
    const ours = await sniff({ offline: path, session: IPSession });
    assert.deepEqual(ours.map((p) => p.summary()), ["Ether / IP / UDP 10.0.0.1:domain > 10.0.0.2:domain", "Ether / IP / ICMP 10.0.0.1 > 10.0.0.2 echo-request 0 / Raw", "Ether / IP / ICMP 10.0.0.1 > 10.0.0.2 echo-request 0 / Raw"]);
    assert.equal(ours[1]!.getLayer(IP)!.flags.valueOf(), 0);
    assert.equal(ours[2]!.getLayer(IP)!.flags.valueOf(), 1, "the lone first fragment of a second copy, as it came");
  });
});

describe("DefaultSession and sessions one writes", () => {
  test("DefaultSession changes nothing; a class or an object both do", async () => {
    const plain = (await sniff({ offline: HTTP_CAPTURE })).map(shape);
    assert.deepEqual((await sniff({ offline: HTTP_CAPTURE, session: DefaultSession })).map(shape), plain);
    assert.deepEqual((await sniff({ offline: HTTP_CAPTURE, session: new DefaultSession() })).map(shape), plain);
  });

  test("Scapy 2.6's way: process() returns what comes out (here: SYNs only, counted by count)", async () => {
    class Syns extends DefaultSession {
      override process(p: Packet) {
        return Number(p.getLayer(TCP)?.flags) === 2 ? p : null;
      }
    }
    const l = await sniff({ offline: HTTP_CAPTURE, session: Syns, count: 3 });
    assert.equal(l.length, 3);
    assert.ok(l.every((p) => p.summary().endsWith(" S")));
  });

  test("Scapy 2.5's way: onPacketReceived() hands packets on through super's", async () => {
    class Numbered extends DefaultSession {
      n = 0;
      override onPacketReceived(p: Packet | null | undefined) {
        if (p && this.n++ % 2 === 0) super.onPacketReceived(p);
      }
    }
    const all = await sniff({ offline: HTTP_CAPTURE });
    const l = await sniff({ offline: HTTP_CAPTURE, session: Numbered });
    assert.equal(l.length, Math.ceil(all.length / 2));
  });

  test("something that is not a session is a TypeError", async () => {
    await assert.rejects(sniff({ offline: HTTP_CAPTURE, session: 5 as never }), /sniff\(\): session must be a session class/);
  });
});

const root = process.getuid?.() === 0;

test("live, on the loopback of a namespace of the test's own: IPSession puts sent fragments back together", { skip: !root && "needs root (a network namespace)" }, () => {
  const code = [
    "t = AsyncSniffer(iface='lo', filter='udp port 9999 or (ip[6:2] & 0x1fff != 0)', session=IPSession)",
    "t.start()",
    "send(fragment(IP(dst='127.0.0.1')/UDP(sport=5555, dport=9999)/('y'*3000), 1000), verbose=0)",
    "time.sleep(0.5)",
    "l = t.stop()",
    "print(len(l), [len(p[Raw].load) for p in l if Raw in p])",
  ].join("\n");
  const out = execFileSync("unshare", ["-n", "sh", "-c", `ip link set lo up && ${process.execPath} --import tsx src/cli.ts -c "import time\n${code.replace(/"/g, '\\"')}"`], { cwd: ROOT, encoding: "utf8", timeout: 60_000 });
  assert.equal(out.trim(), "1 [3000]");
});
