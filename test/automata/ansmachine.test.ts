import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { AnsweringMachine, ARP, ARP_am, Ether, ICMP, ICMPEcho_am, IP, Raw, UDP, type Packet } from "../../src/index.ts";
import { printed, received, wire } from "./pipes.ts";

const CLIENT_MAC = "02:00:00:00:00:02";
const OUR_MAC = "02:00:00:00:00:01";
const whoHas = (pdst: string, psrc = "10.0.0.2") => Ether({ src: CLIENT_MAC, dst: "ff:ff:ff:ff:ff:ff" }).div(ARP({ op: 1, hwsrc: CLIENT_MAC, psrc, pdst }));
const quiet = { verbose: false };

/** Echoes UDP payloads back, upper-cased: a machine as a user writes one. */
class Shout extends AnsweringMachine {
  static override function_name = "shoutd";
  override is_request(req: Packet): boolean {
    return req.hasLayer(UDP) && req.hasLayer(Raw);
  }
  override make_reply(req: Packet): Packet {
    const text = new TextDecoder().decode(req.getLayer(Raw)!.load as Uint8Array);
    if (text === "boom") throw new Error("cannot shout that");
    const ip = req.getLayer(IP)!;
    const udp = req.getLayer(UDP)!;
    return IP({ src: ip.dst, dst: ip.src }).div(UDP({ sport: udp.dport, dport: udp.sport }), text.toUpperCase());
  }
}

const shoutTo = (text: string) => IP({ src: "10.0.0.2", dst: "10.0.0.1" }).div(UDP({ sport: 4000, dport: 7 }), text);
const loadOf = (p: Packet) => new TextDecoder().decode(p.getLayer(Raw)!.load as Uint8Array);

describe("AnsweringMachine", () => {
  test("answers each request, ignores the rest, and stops after count packets", async () => {
    const { client, server } = wire();
    const am = server.am(Shout, quiet);
    const running = am({ count: 3 });
    await client.send(shoutTo("hi"));
    await client.send(IP({ src: "10.0.0.2", dst: "10.0.0.1" }).div(UDP({ sport: 4000, dport: 7 })));
    await client.send(shoutTo("there"));
    await running;
    const got = await received(client, 2);
    assert.deepEqual(got.map(loadOf), ["HI", "THERE"]);
    assert.deepEqual(am.stats, { received: 3, requests: 2, replies: 2, failures: 0 });
  });

  test("a request a hook fails on gets no answer, and the machine goes on", async () => {
    const { client, server } = wire();
    const am = server.am(Shout, quiet);
    const running = am({ count: 3 });
    for (const t of ["a", "boom", "b"]) await client.send(shoutTo(t));
    await running;
    assert.deepEqual((await received(client, 2)).map(loadOf), ["A", "B"]);
    assert.equal(am.stats.failures, 1);
  });

  test("lfilter, stopFilter and timeout end or narrow the run", async () => {
    const { client, server } = wire();
    const am = server.am(Shout, quiet);
    const running = am({ lfilter: (p: Packet) => loadOf(p) !== "skip", stopFilter: (p: Packet) => loadOf(p) === "last" });
    for (const t of ["skip", "one", "last", "after"]) await client.send(shoutTo(t));
    await running;
    assert.deepEqual((await received(client, 2)).map(loadOf), ["ONE", "LAST"]);
    assert.equal(am.stats.received, 2);
    const started = Date.now();
    await am({ timeout: 0.2 });
    assert.ok(Date.now() - started >= 150, "ran until its timeout");
  });

  test("bg() serves while the caller goes on; stop() ends it and an AbortSignal too", async () => {
    const { client, server } = wire();
    const am = server.am(Shout, quiet);
    const bg = am.bg();
    assert.equal(bg.running, true);
    assert.equal(am.sniffer, bg);
    await client.send(shoutTo("x"));
    assert.deepEqual((await received(client, 1)).map(loadOf), ["X"]);
    await bg.stop();
    assert.equal(bg.running, false);
    const controller = new AbortController();
    const run = am({ signal: controller.signal });
    controller.abort();
    await run;
  });

  test("sendFunction takes over sending; verbose prints request ==> reply", async () => {
    const { client, server } = wire();
    const sent: Packet[] = [];
    const am = new Shout({ openedSocket: server, sendFunction: (r: Packet) => void sent.push(r) });
    const text = await printed(async () => {
      const running = am({ count: 1 });
      await client.send(shoutTo("ok"));
      await running;
    });
    assert.equal(sent.length, 1);
    assert.equal(loadOf(sent[0]!), "OK");
    assert.equal(text, "IP / UDP 10.0.0.2:4000 > 10.0.0.1:echo / Raw ==> IP / UDP 10.0.0.1:echo > 10.0.0.2:4000 / Raw\n");
  });

  test("options: Scapy's spellings and camelCase name the same option; an unknown one is a TypeError", () => {
    const a = new ARP_am({ IP_addr: "10.0.0.0/24", ARP_addr: OUR_MAC });
    const b = new ARP_am({ IPAddr: "10.0.0.0/24", ARPAddr: OUR_MAC });
    assert.equal(a.ARP_addr, b.ARP_addr);
    assert.ok(a.is_request(whoHas("10.0.0.7")) && b.is_request(whoHas("10.0.0.7")));
    assert.throws(() => new ARP_am({ IP_adr: "10.0.0.1" }), /farpd\(\) got an unexpected keyword argument 'IP_adr'/);
    assert.throws(() => new ARP_am({})({ bogus: 1 }), /unexpected keyword argument 'bogus'/);
  });

  test("machine options given to the call replace the constructor's for that run only", async () => {
    const { client, server } = wire();
    const am = server.am(ARP_am, { IPAddr: "10.0.0.5", ARPAddr: OUR_MAC, ...quiet });
    const first = am({ IPAddr: "10.0.0.6", count: 2 });
    await client.send(whoHas("10.0.0.5"));
    await client.send(whoHas("10.0.0.6"));
    await first;
    const got = await received(client, 1);
    assert.deepEqual(got.map((p) => p.getLayer(ARP)!.psrc), ["10.0.0.6"]);
    const second = am({ count: 1 });
    await client.send(whoHas("10.0.0.5"));
    await second;
    assert.deepEqual((await received(client, 1)).map((p) => p.getLayer(ARP)!.psrc), ["10.0.0.5"]);
  });
});

describe("ARP_am (farpd)", () => {
  test("answers who-has for its addresses with is-at, to the asker", async () => {
    const { client, server } = wire();
    const am = server.am(ARP_am, { IPAddr: "10.0.0.0/28", ARPAddr: OUR_MAC, fromIp: "10.0.0.0/24", iface: "veth-test", ...quiet });
    const running = am({ count: 4 });
    await client.send(whoHas("10.0.0.9"));
    await client.send(whoHas("10.0.0.99"));
    await client.send(whoHas("10.0.0.9", "10.1.0.2"));
    await client.send(Ether({ src: CLIENT_MAC }).div(ARP({ op: 2, psrc: "10.0.0.2", pdst: "10.0.0.9" })));
    await running;
    const got = await received(client, 1);
    assert.equal(got.length, 1);
    const r = got[0]!;
    assert.equal(r.summary(), "Ether / ARP is at 02:00:00:00:00:01 says 10.0.0.9");
    assert.deepEqual([r.getLayer(Ether)!.dst, r.getLayer(ARP)!.hwdst, r.getLayer(ARP)!.pdst], [CLIENT_MAC, CLIENT_MAC, "10.0.0.2"]);
    assert.equal(am.iff, "veth-test");
  });
});

describe("ICMPEcho_am (icmpechod)", () => {
  test("turns echo requests around, with id, seq and data, and valid checksums", async () => {
    const { client, server } = wire();
    const am = server.am(ICMPEcho_am, quiet);
    const running = am({ count: 2 });
    const ping = Ether({ src: CLIENT_MAC, dst: OUR_MAC }).div(IP({ src: "10.0.0.2", dst: "10.0.0.99", ttl: 64 }), ICMP({ id: 0x1234, seq: 3 }), "abcdefgh");
    await client.send(ping);
    await client.send(Ether({ src: CLIENT_MAC, dst: OUR_MAC }).div(IP({ src: "10.0.0.2", dst: "10.0.0.99" }), ICMP({ type: 0 })));
    await running;
    const [reply] = await received(client, 1);
    assert.ok(reply);
    assert.equal(reply.summary(), "Ether / IP / ICMP 10.0.0.99 > 10.0.0.2 echo-reply 0 / Raw");
    assert.deepEqual([reply.getLayer(Ether)!.dst, reply.getLayer(Ether)!.src], [CLIENT_MAC, OUR_MAC]);
    const icmp = reply.getLayer(ICMP)!;
    assert.deepEqual([icmp.id, icmp.seq, loadOf(reply)], [0x1234, 3, "abcdefgh"]);
    // Checksums as the kernel would compute them: rebuilding from null gives the same bytes.
    const again = Ether(reply.build());
    again.getLayer(IP)!.chksum = null;
    again.getLayer(ICMP)!.chksum = null;
    assert.deepEqual(Ether(again.build()).build(), reply.build());
    assert.ok(reply.answers(Ether(ping.build())));
  });
});
