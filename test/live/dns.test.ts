import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { DNS, DNSQR, IP, IPv6, sr, sr1, UDP, type Packet } from "../../src/index.ts";
import { LAB, labSkip } from "./lab.ts";

/** Asks the lab's dnsmasq (authoritative for lab.test) one question. */
async function ask(qname: string, qtype: string, server: string = LAB.server): Promise<Packet> {
  const ip = server.includes(":") ? IPv6({ dst: server }) : IP({ dst: server });
  const reply = await sr1(ip.div(UDP({ sport: 53535, dport: 53 }), DNS({ id: 0x4242, rd: 1, qd: [DNSQR({ qname, qtype })] })), { timeout: 2 });
  assert.ok(reply, `an answer for ${qname} ${qtype}`);
  return reply.getLayer(DNS)!;
}

/** Names and strings come back as bytes, as in Scapy (b"www.lab.test."). */
const text = (v: unknown) => (v instanceof Uint8Array ? new TextDecoder().decode(v) : String(v));

type RR = { type: number; rrname: string; rdata?: unknown; exchange?: string; preference?: number; target?: string; port?: number; mname?: string };
const answers = (dns: Packet) => (dns as unknown as { an: RR[] }).an;

describe("DNS against the lab's dnsmasq", { skip: labSkip }, () => {
  test("A", async () => {
    const dns = await ask("www.lab.test", "A");
    assert.equal((dns as unknown as { aa: number }).aa, 1, "authoritative");
    assert.equal((dns as unknown as { id: number }).id, 0x4242);
    assert.deepEqual(answers(dns).map((r) => r.rdata), [LAB.server]);
  });

  test("AAAA, asked over IPv6", async () => {
    const dns = await ask("www.lab.test", "AAAA", LAB.server6);
    assert.deepEqual(answers(dns).map((r) => r.rdata), [LAB.server6]);
  });

  test("MX", async () => {
    const [mx] = answers(await ask("lab.test", "MX"));
    assert.equal(mx!.preference, 10);
    assert.equal(text(mx!.exchange), "mail.lab.test.");
  });

  test("CNAME, TXT, SRV, PTR and SOA", async () => {
    const [cname] = answers(await ask("web.lab.test", "CNAME"));
    assert.equal(text(cname!.rdata), "www.lab.test.");
    const [txt] = answers(await ask("lab.test", "TXT"));
    assert.deepEqual((txt!.rdata as Uint8Array[]).map(text), ["v=spf1 mx -all"]);
    const [srv] = answers(await ask("_http._tcp.lab.test", "SRV"));
    assert.equal(srv!.port, 80);
    assert.equal(text(srv!.target), "www.lab.test.");
    const [ptr] = answers(await ask("1.0.77.10.in-addr.arpa", "PTR"));
    assert.equal(text(ptr!.rdata), "www.lab.test.");
    const [soa] = answers(await ask("lab.test", "SOA"));
    assert.equal(text(soa!.mname), "ns.lab.test.");
  });

  test("a name that does not exist: NXDOMAIN", async () => {
    const dns = await ask("nothere.lab.test", "A");
    assert.equal((dns as unknown as { rcode: number }).rcode, 3);
    assert.equal(answers(dns).length, 0);
  });

  test("several questions in one sr, each matched to its own answer", async () => {
    const names = ["www.lab.test", "mail.lab.test", "client.lab.test"];
    const [ans, unans] = await sr(names.map((qname, i) => IP({ dst: LAB.server }).div(UDP({ sport: 50000 + i, dport: 53 }), DNS({ id: i + 1, qd: [DNSQR({ qname })] }))), { timeout: 2 });
    assert.equal(unans.length, 0);
    for (const [q, r] of ans) {
      const qd = text((q.getLayer(DNS) as unknown as { qd: Array<{ qname: unknown }> }).qd[0]!.qname);
      const want = ({ "www.lab.test.": LAB.server, "mail.lab.test.": "10.77.0.25", "client.lab.test.": LAB.client } as Record<string, string>)[qd];
      assert.deepEqual(answers(r.getLayer(DNS)!).map((x) => x.rdata), [want]);
    }
  });
});
