import assert from "node:assert/strict";
import { createSocket } from "node:dgram";
import { after, before, describe, test } from "node:test";
import { conf, DNS, DNS_am, DNSQR, DNSRR, dnsCompress, Ether, IP, IPv6, LLMNR_am, LLMNRQuery, LLMNRResponse, mDNS_am, Net, raw, UDP, type Packet } from "../../src/index.ts";
import { tsharkAvailable, tsharkField, tsharkRead } from "../tshark.ts";
import { received, wire } from "./pipes.ts";

const query = (qname: string, qtype: string | number = "A", src = "10.0.0.2", id = 0x4242) =>
  Ether({ src: "02:00:00:00:00:02", dst: "02:00:00:00:00:01" }).div(IP({ src, dst: "10.0.0.1" }), UDP({ sport: 5555, dport: 53 }), DNS({ id, rd: 1, qd: [DNSQR({ qname, qtype })] }));
const dnsOf = (p: Packet) => p.getLayer(DNS)!;
const text = (v: unknown) => (v instanceof Uint8Array ? new TextDecoder().decode(v) : String(v));
const answers = (p: Packet) => ((dnsOf(p).an as Packet[]) ?? []).map((rr) => [text(rr.getFieldValue("rrname")), rr.getFieldValue("type"), text(rr.getFieldValue(rr.spec.name === "DNSRRSRV" ? "target" : "rdata"))]);

/** Runs a DNS machine on a pipe for these queries; returns the replies that came back. */
async function serve(options: Record<string, unknown>, queries: Packet[], expect: number): Promise<Packet[]> {
  const { client, server } = wire();
  const am = server.am(DNS_am, { verbose: false, ...options });
  const running = am({ count: queries.length });
  for (const q of queries) await client.send(q);
  await running;
  return received(client, expect, expect === 0 ? 0.2 : 2);
}

describe("DNS_am (dnsd)", () => {
  test("match answers its names (any case), turned around to the asker, compressed", async () => {
    const [r] = await serve({ match: { "www.am.test": "10.77.0.80", "both.am.test": ["10.77.0.81", "fd77::81"] } }, [query("WWW.am.test")], 1);
    assert.ok(r);
    assert.deepEqual(answers(r), [["WWW.am.test.", 1, "10.77.0.80"]]);
    const dns = dnsOf(r);
    assert.deepEqual([dns.id, dns.qr, dns.rcode, dns.ancount], [0x4242, 1, 0, 1]);
    assert.deepEqual([r.getLayer(IP)!.src, r.getLayer(IP)!.dst, r.getLayer(UDP)!.sport, r.getLayer(UDP)!.dport], ["10.0.0.1", "10.0.0.2", 53, 5555]);
    assert.equal(r.getLayer(Ether)!.dst, "02:00:00:00:00:02");
    assert.ok(dnsOf(r).answers(dnsOf(query("WWW.am.test"))));
  });

  test("replies are compressed as dnsCompress compresses them (the usual one written directly)", async () => {
    const [one] = await serve({ match: { "www.am.test": ["10.77.0.80", "fd77::80"] } }, [query("www.am.test", "A")], 1);
    const mine = dnsOf(one!).build();
    const expected = dnsCompress(DNS({ id: 0x4242, qr: 1, qd: [DNSQR({ qname: "www.am.test", qtype: "A" })], an: [DNSRR({ rrname: "www.am.test.", ttl: 10, rdata: "10.77.0.80", type: 1 })] })).build();
    assert.deepEqual(mine, expected);
    assert.deepEqual([...mine.subarray(29, 31)], [0xc0, 0x0c], "the answer's name points at the question");
  });

  test("with match and no joker, other names get nothing; AAAA of a pair gets the IPv6 half", async () => {
    const got = await serve({ match: { "both.am.test": ["10.77.0.81", "fd77::81"] } }, [query("other.am.test"), query("both.am.test", "AAAA"), query("both.am.test", "ALL")], 2);
    assert.deepEqual(got.map(answers), [[["both.am.test.", 28, "fd77::81"]], [["both.am.test.", 1, "10.77.0.81"], ["both.am.test.", 28, "fd77::81"]]]);
  });

  test("joker answers every A name; joker6 is off unless given; send_error gives NXDOMAIN", async () => {
    const got = await serve({ joker: "10.77.0.99", sendError: true }, [query("x.any.test"), query("y.any.test", "AAAA")], 2);
    assert.deepEqual(answers(got[0]!), [["x.any.test.", 1, "10.77.0.99"]]);
    assert.deepEqual([dnsOf(got[1]!).rcode, dnsOf(got[1]!).ancount], [3, 0]);
    const six = await serve({ joker: false, joker6: "fd77::99" }, [query("z.any.test", "AAAA"), query("z.any.test", "A")], 1);
    assert.deepEqual(six.map(answers), [[["z.any.test.", 28, "fd77::99"]]]);
  });

  test("srvmatch, jokerarpa and ttl", async () => {
    const got = await serve({ joker: false, srvmatch: { "_http._tcp.am.test": [80, "www.am.test"] }, jokerarpa: "host.am.test", ttl: 77 }, [query("_http._tcp.am.test", "SRV"), query("5.0.77.10.in-addr.arpa", "PTR")], 2);
    assert.deepEqual(answers(got[0]!), [["_http._tcp.am.test.", 33, "www.am.test."]]);
    const srv = (dnsOf(got[0]!).an as Packet[])[0]!;
    assert.deepEqual([srv.getFieldValue("port"), srv.getFieldValue("weight"), srv.getFieldValue("ttl")], [80, 100, 77]);
    assert.deepEqual(answers(got[1]!), [["5.0.77.10.in-addr.arpa.", 12, "host.am.test."]]);
  });

  test("from_ip limits who is answered; IPv6 queries only with from_ip6", async () => {
    const got = await serve({ joker: "10.77.0.99", fromIp: new Net("10.0.0.0/30") }, [query("a.t", "A", "10.0.0.2", 1), query("a.t", "A", "10.0.0.9", 2)], 1);
    assert.deepEqual(got.map((p) => dnsOf(p).id), [1]);
    const q6 = Ether().div(IPv6({ src: "fd77::2", dst: "fd77::1" }), UDP({ sport: 5555, dport: 53 }), DNS({ id: 6, qd: [DNSQR({ qname: "a.t" })] }));
    assert.equal((await serve({ joker: "10.77.0.99" }, [q6], 0)).length, 0);
    const [r6] = await serve({ joker: "10.77.0.99", fromIp6: true }, [q6], 1);
    assert.deepEqual([r6!.getLayer(IPv6)!.src, r6!.getLayer(IPv6)!.dst, answers(r6!)], ["fd77::1", "fd77::2", [["a.t.", 1, "10.77.0.99"]]]);
  });

  test("responses and malformed queries get nothing, and the machine goes on", async () => {
    const response = Ether().div(IP({ src: "10.0.0.2", dst: "10.0.0.1" }), UDP({ sport: 5555, dport: 53 }), DNS({ qr: 1, an: [DNSRR({ rrname: "a.t" })] }));
    const garbled = Ether().div(IP({ src: "10.0.0.2", dst: "10.0.0.1" }), UDP({ sport: 5555, dport: 53 }), new Uint8Array([0x12, 0x34, 0x01, 0x00, 0x00, 0x05, 0, 0, 0, 0, 0, 0, 0xff, 0xff]));
    const cut = Ether().div(IP({ src: "10.0.0.2", dst: "10.0.0.1" }), UDP({ sport: 5555, dport: 53 }), new Uint8Array([0x12, 0x34]));
    const got = await serve({ joker: "10.77.0.99" }, [response, garbled, cut, query("ok.t", "A", "10.0.0.2", 9)], 1);
    assert.deepEqual(got.map((p) => dnsOf(p).id), [9]);
  });

  test("options are checked: a bad joker is a TypeError", () => {
    assert.throws(() => new DNS_am({ joker: 5 }), /bad 'joker'/);
    assert.throws(() => new DNS_am({ jokr: "1.2.3.4" }), /dnsd\(\) got an unexpected keyword argument 'jokr'/);
  });
});

describe("DNS_am relay", () => {
  // An upstream server on loopback that answers every A query with 10.9.9.9.
  const upstream = createSocket("udp4");
  let saved: unknown;
  before(async () => {
    upstream.on("message", (msg, rinfo) => {
      const q = DNS(new Uint8Array(msg));
      const reply = DNS({ id: q.id, qr: 1, qd: q.qd, an: [DNSRR({ rrname: (q.qd as Packet[])[0]!.getFieldValue("qname") as Uint8Array, rdata: "10.9.9.9" })] });
      upstream.send(reply.build(), rinfo.port, rinfo.address);
    });
    await new Promise<void>((r) => upstream.bind(0, "127.0.0.1", () => r()));
    saved = conf.nameservers;
    conf.nameservers = [`127.0.0.1:${upstream.address().port}`];
  });
  after(() => {
    conf.nameservers = saved;
    upstream.close();
  });

  test("what it cannot answer is asked of conf.nameservers; its own names stay its own", async () => {
    const got = await serve({ match: { "mine.t": "10.77.0.5" }, relay: true }, [query("mine.t", "A", "10.0.0.2", 1), query("elsewhere.t", "A", "10.0.0.2", 2)], 2);
    assert.deepEqual(got.map(answers), [[["mine.t.", 1, "10.77.0.5"]], [["elsewhere.t.", 1, "10.9.9.9"]]]);
  });
});

describe("LLMNR_am (llmnrd)", () => {
  test("answers a multicast query to the querier, from the interface's address, uncompressed", async () => {
    const q = Ether({ src: "02:00:00:00:00:02", dst: "01:00:5e:00:00:fc" }).div(IP({ src: "10.0.0.2", dst: "224.0.0.252", ttl: 1 }), UDP({ sport: 6000, dport: 5355 }), LLMNRQuery({ id: 77, qd: [DNSQR({ qname: "printer" })] }));
    const { client, server } = wire();
    const am = server.am(LLMNR_am, { match: { printer: "10.0.0.9" }, srcIp: "10.0.0.1", verbose: false });
    const running = am({ count: 1 });
    await client.send(q);
    await running;
    const [r] = await received(client, 1);
    assert.ok(r);
    assert.deepEqual([r.getLayer(Ether)!.dst, r.getLayer(IP)!.src, r.getLayer(IP)!.dst, r.getLayer(UDP)!.sport, r.getLayer(UDP)!.dport], ["02:00:00:00:00:02", "10.0.0.1", "10.0.0.2", 5355, 6000]);
    // The reply reads as LLMNR's response class (the QR bit), answering the query.
    const reply = r.getLayer(LLMNRResponse)!;
    assert.ok(reply, r.summary());
    assert.equal(reply.id, 77);
    assert.deepEqual(reply.an.map((rr) => [text(rr.getFieldValue("rrname")), rr.getFieldValue("type"), text(rr.getFieldValue("rdata"))]), [["printer.", 1, "10.0.0.9"]]);
    // Not compressed: the answer repeats the name in full.
    assert.ok(!reply.build().includes(0xc0));
  });
});

describe("mDNS_am (mdnsd)", () => {
  const mquery = (qd: Packet[], v6 = false) =>
    Ether({ src: "02:00:00:00:00:02", dst: v6 ? "33:33:00:00:00:fb" : "01:00:5e:00:00:fb" }).div(
      v6 ? IPv6({ src: "fe80::2", dst: "ff02::fb", hlim: 255 }) : IP({ src: "10.0.0.2", dst: "224.0.0.251", ttl: 255, id: 77 }),
      UDP({ sport: 5353, dport: 5353 }),
      DNS({ id: 0, rd: 0, qd }),
    );
  async function mserve(options: Record<string, unknown>, queries: Packet[], expect: number): Promise<Packet[]> {
    const { client, server } = wire();
    const am = server.am(mDNS_am, { verbose: false, ...options });
    const running = am({ count: queries.length });
    for (const q of queries) await client.send(q);
    await running;
    return received(client, expect, expect === 0 ? 0.2 : 2);
  }

  test("answers to the group with TTL 255 from the address it announces: cache-flush set, no question, aa, OPT with the owner option, compressed", async () => {
    const [r] = await mserve({ match: { "printer.local": ["10.0.0.9", "fe80::9"] } }, [mquery([DNSQR({ qname: "printer.local", qtype: "A", unicastresponse: 1 })])], 1);
    assert.ok(r);
    assert.deepEqual([r.getLayer(IP)!.src, r.getLayer(IP)!.dst, r.getLayer(IP)!.ttl, r.getLayer(IP)!.id], ["10.0.0.9", "224.0.0.251", 255, 77]);
    assert.deepEqual([r.getLayer(UDP)!.sport, r.getLayer(UDP)!.dport], [5353, 5353]);
    assert.equal(r.getLayer(Ether)!.dst, "01:00:5e:00:00:fb");
    const dns = dnsOf(r);
    assert.deepEqual([dns.qr, dns.aa, dns.rd, dns.qdcount, dns.ancount, dns.arcount], [1, 1, 0, 0, 1, 1]);
    const rr = (dns.an as Packet[])[0]!;
    assert.deepEqual([text(rr.getFieldValue("rrname")), rr.getFieldValue("type"), rr.getFieldValue("cacheflush"), rr.getFieldValue("rclass"), text(rr.getFieldValue("rdata"))], ["printer.local.", 1, 1, 1, "10.0.0.9"]);
    const opt = (dns.ar as Packet[])[0]!;
    assert.deepEqual([opt.spec.name, opt.getFieldValue("z"), (opt.getFieldValue("rdata") as Packet[])[0]!.spec.name], ["DNSRROPT", 0x1194, "EDNS0OWN"]);
    assert.equal(dns.summary(), "mDNS Ans 10.0.0.9");
  });

  test("ALL asks A and AAAA; over IPv6 to ff02::fb; a name without the type asked gets NSEC, a reply of NSEC alone is not sent", async () => {
    const names = { match: { "box.local": ["10.0.0.7", "fe80::7"], "v4only.local": ["10.0.0.8", false] } };
    const [all] = await mserve(names, [mquery([DNSQR({ qname: "box.local", qtype: "ALL" })])], 1);
    assert.deepEqual(answers(all!), [["box.local.", 1, "10.0.0.7"], ["box.local.", 28, "fe80::7"]]);
    // IPv6 queries only with fromIp6, as DNS_am.
    const [six] = await mserve({ ...names, fromIp6: true }, [mquery([DNSQR({ qname: "box.local", qtype: "AAAA" })], true)], 1);
    assert.deepEqual([six!.getLayer(IPv6)!.src, six!.getLayer(IPv6)!.dst, six!.getLayer(IPv6)!.hlim], ["fe80::7", "ff02::fb", 255]);
    const [mixed] = await mserve(names, [mquery([DNSQR({ qname: "v4only.local", qtype: "A" }), DNSQR({ qname: "v4only.local", qtype: "AAAA" })])], 1);
    const an = dnsOf(mixed!).an as Packet[];
    assert.deepEqual(an.map((x) => x.spec.name), ["DNSRR", "DNSRRNSEC"]);
    // The bitmap as written: window 0, 4 bytes, bit 28 (AAAA).
    assert.deepEqual([text(an[1]!.getFieldValue("nextname")), [...(an[1]!.getFieldValue("typebitmaps") as Uint8Array)]], ["v4only.local.", [0, 4, 0, 0, 0, 8]]);
    assert.equal((await mserve(names, [mquery([DNSQR({ qname: "v4only.local", qtype: "AAAA" })])], 0)).length, 0);
  });

  test("src_ip is refused in mDNS, as Scapy does", () => {
    assert.throws(() => new mDNS_am({ srcIp: "10.0.0.1" }), /mDNS_am: cannot use 'srcIp'/);
    assert.throws(() => new mDNS_am({ srcIp6: "fe80::1" }), /mDNS_am: cannot use 'srcIp6'/);
    assert.equal((mDNS_am as unknown as { filter: string }).filter, "udp port 5353");
  });

  test("tshark reads mdnsd's answer as mDNS: cache flush, the OPT record, no problem", { skip: tsharkAvailable() ? false : "tshark is not installed" }, async () => {
    const [r] = await mserve({ match: { "printer.local": ["10.0.0.9", "fe80::9"] } }, [mquery([DNSQR({ qname: "printer.local", qtype: "A" }), DNSQR({ qname: "printer.local", qtype: "AAAA" })])], 1);
    const sent = Ether({ src: "02:00:00:00:00:01" }).div(IP({ ...Object.fromEntries(["src", "dst", "ttl", "id"].map((k) => [k, r!.getLayer(IP)!.getFieldValue(k)])) }), UDP({ sport: 5353, dport: 5353 }), dnsOf(r!));
    const [view] = tsharkRead([Ether(raw(sent))], { mergeDuplicates: true });
    assert.match(view!.protocols, /:udp:mdns$/);
    assert.deepEqual(view!.problems, []);
    assert.equal(tsharkField(view!, "dns.resp.cache_flush"), "1");
    assert.equal(tsharkField(view!, "dns.flags.authoritative"), "1");
    assert.equal(tsharkField(view!, "dns.count.queries"), "0");
    assert.equal(tsharkField(view!, "dns.count.answers"), "2");
    assert.equal(tsharkField(view!, "dns.a"), "10.0.0.9");
    assert.equal(tsharkField(view!, "dns.aaaa"), "fe80::9");
    assert.equal(tsharkField(view!, "dns.resp.type"), "1");
  });
});
