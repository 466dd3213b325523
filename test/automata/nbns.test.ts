/** NBNS_am (nbns_spoof) over an in-memory pipe: whom and what it answers, as Scapy's. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Ether, IP, NBNS_am, NBNSHeader, NBNSQueryRequest, NBNSQueryResponse, NBNSNodeStatusRequest, UDP, raw, type Packet } from "../../src/index.ts";
import { received, wire } from "./pipes.ts";

const query = (name: string, src = "10.0.0.2", id = 0x77) =>
  Ether(raw(Ether({ src: "02:00:00:00:00:02", dst: "ff:ff:ff:ff:ff:ff" }).div(IP({ src, dst: "10.0.0.255" }), UDP({ sport: 40000, dport: 137 }), NBNSHeader({ NAME_TRN_ID: id }), NBNSQueryRequest({ QUESTION_NAME: name }))));

async function serve(options: Record<string, unknown>, queries: Packet[], expect: number): Promise<Packet[]> {
  const { client, server } = wire();
  const am = server.am(NBNS_am, { verbose: false, ...options });
  const running = am({ count: queries.length });
  for (const q of queries) await client.send(q);
  await running;
  return received(client, expect, expect === 0 ? 0.3 : 2);
}

describe("NBNS_am (nbns_spoof)", () => {
  test("answers a query for its name to the querier, with the transaction id and the given address", async () => {
    const [r, ...more] = await serve({ serverName: "FILESRV", ip: "10.0.0.9" }, [query("FILESRV"), query("OTHER", "10.0.0.2", 5)], 1);
    assert.equal(more.length, 0);
    assert.ok(r);
    const back = IP(raw(r));
    assert.deepEqual([back.getLayer(IP)!.dst, back.getLayer(UDP)!.sport, back.getLayer(UDP)!.dport, back.getLayer(NBNSHeader)!.NAME_TRN_ID], ["10.0.0.2", 137, 40000, 0x77]);
    const resp = back.getLayer(NBNSQueryResponse)!;
    assert.ok(resp, back.summary());
    assert.equal((resp.ADDR_ENTRY[0] as unknown as { NB_ADDRESS: string }).NB_ADDRESS, "10.0.0.9");
    assert.ok(back.getLayer(NBNSHeader)!.answers(query("FILESRV").getLayer(NBNSHeader)!));
  });

  test("without a name it answers every name with the name asked; from_ip limits whom", async () => {
    const got = await serve({ ip: "10.0.0.9", fromIp: "10.0.0.0/30" }, [query("ANY", "10.0.0.2", 1), query("ANY", "10.0.0.200", 2)], 1);
    assert.equal(got.length, 1);
    assert.equal(new TextDecoder().decode(IP(raw(got[0]!)).getLayer(NBNSQueryResponse)!.RR_NAME).trim(), "ANY");
  });

  test("node status requests are queries too (Scapy's isinstance); bad options are clear errors", async () => {
    const status = Ether(raw(Ether().div(IP({ src: "10.0.0.2" }), UDP({ sport: 40000, dport: 137 }), NBNSHeader(), NBNSNodeStatusRequest())));
    const got = await serve({ ip: "10.0.0.9" }, [status], 1);
    assert.equal(got.length, 1);
    const { server } = wire();
    assert.throws(() => server.am(NBNS_am, { ip: 5 }), /ip must be/);
  });
});
