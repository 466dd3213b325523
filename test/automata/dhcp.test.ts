import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { BOOTP, BOOTP_am, DHCP, DHCP_am, Ether, IP, Net, UDP, type Packet } from "../../src/index.ts";
import { received, wire } from "./pipes.ts";

const MAC_A = "02:00:00:00:0a:01";
const MAC_B = "02:00:00:00:0b:01";

function client(mac: string, type: string, xid: number, extra: unknown[] = []): Packet {
  const chaddr = Uint8Array.from([...mac.split(":").map((h) => parseInt(h, 16)), ...new Array(10).fill(0)]);
  return Ether({ src: mac, dst: "ff:ff:ff:ff:ff:ff" }).div(
    IP({ src: "0.0.0.0", dst: "255.255.255.255" }),
    UDP({ sport: 68, dport: 67 }),
    BOOTP({ chaddr, xid }),
    DHCP({ options: [["message-type", type], ...extra, "end"] }),
  );
}

const optionsOf = (p: Packet) => Object.fromEntries((p.getLayer(DHCP)!.options as unknown[]).filter(Array.isArray).map((o) => [o[0], o.slice(1)]));

describe("DHCP_am (dhcpd)", () => {
  const lab = { pool: new Net("10.77.9.0/29"), network: "10.77.9.0/24", gw: "10.77.9.1", domain: "am.test", renewalTime: 300, leaseTime: 600, rebindingTime: 500, verbose: false };

  test("a discover gets an offer and a request an ack, from the pool, with Scapy's options", async () => {
    const { client: c, server } = wire();
    const am = server.am(DHCP_am, lab);
    const running = am({ count: 2 });
    await c.send(client(MAC_A, "discover", 0x1111));
    await c.send(client(MAC_A, "request", 0x1111, [["requested_addr", "10.77.9.2"]]));
    await running;
    const [offer, ack] = await received(c, 2);
    assert.ok(offer && ack);
    // 10.77.9.0 is the network address and .1 the gateway: the first address handed out is .2.
    assert.equal(offer.getLayer(BOOTP)!.yiaddr, "10.77.9.2");
    assert.equal(ack.getLayer(BOOTP)!.yiaddr, "10.77.9.2");
    assert.deepEqual([offer.getLayer(Ether)!.dst, offer.getLayer(IP)!.dst, offer.getLayer(UDP)!.sport, offer.getLayer(UDP)!.dport], [MAC_A, "10.77.9.2", 67, 68]);
    assert.equal(offer.getLayer(BOOTP)!.op, 2);
    assert.equal(offer.getLayer(BOOTP)!.xid, 0x1111);
    assert.deepEqual(optionsOf(offer), {
      "message-type": [2],
      server_id: ["10.77.9.1"],
      domain: [new TextEncoder().encode("am.test")],
      router: ["10.77.9.1"],
      name_server: ["10.77.9.1"],
      broadcast_address: ["10.77.9.255"],
      subnet_mask: ["255.255.255.0"],
      renewal_time: [300],
      rebinding_time: [500],
      lease_time: [600],
    });
    assert.deepEqual(optionsOf(ack)["message-type"], [5]);
  });

  test("each client keeps its address; a client that goes away mid-exchange costs nothing but its lease", async () => {
    const { client: c, server } = wire();
    const am = server.am(DHCP_am, lab);
    const running = am({ count: 4 });
    await c.send(client(MAC_A, "discover", 1)); // A never comes back for its ack
    await c.send(client(MAC_B, "discover", 2));
    await c.send(client(MAC_B, "request", 2));
    await c.send(client(MAC_A, "discover", 3));
    await running;
    const got = await received(c, 4);
    assert.deepEqual(got.map((p) => [p.getLayer(Ether)!.dst, p.getLayer(BOOTP)!.yiaddr]), [
      [MAC_A, "10.77.9.2"],
      [MAC_B, "10.77.9.3"],
      [MAC_B, "10.77.9.3"],
      [MAC_A, "10.77.9.2"],
    ]);
    assert.deepEqual([...am.leases], [[MAC_A, "10.77.9.2"], [MAC_B, "10.77.9.3"]]);
  });

  test("release and decline get no reply; a used-up pool answers nothing and the machine goes on", async () => {
    const { client: c, server } = wire();
    const am = server.am(DHCP_am, { ...lab, pool: new Net("10.77.9.2/31") });
    const running = am({ count: 5 });
    await c.send(client(MAC_A, "release", 1));
    await c.send(client(MAC_A, "decline", 2));
    await c.send(client(MAC_A, "discover", 3));
    await c.send(client(MAC_B, "discover", 4));
    await c.send(client("02:00:00:00:0c:01", "discover", 5));
    await running;
    const got = await received(c, 3, 0.5);
    assert.deepEqual(got.map((p) => p.getLayer(BOOTP)!.yiaddr), ["10.77.9.2", "10.77.9.3"]);
    assert.equal(am.stats.failures, 1);
  });

  test("a malformed request is answered with nothing", async () => {
    const { client: c, server } = wire();
    const am = server.am(DHCP_am, lab);
    const running = am({ count: 3 });
    await c.send(Ether({ src: MAC_A }).div(IP({ src: "0.0.0.0", dst: "255.255.255.255" }), UDP({ sport: 68, dport: 67 }), new Uint8Array([1, 1, 6])));
    await c.send(Ether({ src: MAC_A }).div(IP({ src: "0.0.0.0", dst: "255.255.255.255" }), UDP({ sport: 68, dport: 67 }), BOOTP({ op: 2 })));
    await c.send(client(MAC_B, "discover", 9));
    await running;
    const got = await received(c, 2, 0.5);
    assert.deepEqual(got.map((p) => p.getLayer(Ether)!.dst), [MAC_B]);
  });

  test("an inform gets an ack with the configuration and no lease", async () => {
    const { client: c, server } = wire();
    const am = server.am(DHCP_am, lab);
    const running = am({ count: 1 });
    const inform = client(MAC_A, "inform", 7);
    inform.getLayer(BOOTP)!.ciaddr = "10.77.9.50";
    await c.send(inform);
    await running;
    const [ack] = await received(c, 1);
    assert.ok(ack);
    assert.equal(ack.getLayer(BOOTP)!.yiaddr, "0.0.0.0");
    assert.equal(ack.getLayer(IP)!.dst, "10.77.9.50");
    assert.equal(optionsOf(ack).lease_time, undefined);
    assert.deepEqual(optionsOf(ack).subnet_mask, ["255.255.255.0"]);
    assert.equal(am.leases.size, 0);
  });
});

describe("BOOTP_am (bootpd)", () => {
  test("one address for every client when the pool is one address; Scapy's defaults otherwise", async () => {
    const { client: c, server } = wire();
    const am = server.am(BOOTP_am, { pool: "192.168.1.77", verbose: false });
    const running = am({ count: 2 });
    await c.send(client(MAC_A, "discover", 1));
    await c.send(client(MAC_B, "discover", 2));
    await running;
    const got = await received(c, 2);
    assert.deepEqual(got.map((p) => p.getLayer(BOOTP)!.yiaddr), ["192.168.1.77", "192.168.1.77"]);
    assert.equal(got[0]!.hasLayer(DHCP), false);
    const dflt = new BOOTP_am();
    assert.deepEqual([dflt.network, dflt.netmask, dflt.broadcast, dflt.gw, dflt.domain, dflt.renewal_time, dflt.lease_time], ["192.168.1.0", "255.255.255.0", "192.168.1.255", "192.168.1.1", "localnet", 60, 1800]);
  });
});
