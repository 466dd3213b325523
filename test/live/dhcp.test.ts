import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { BOOTP, conf, DHCP, Ether, IP, srp, srp1, UDP, type Packet } from "../../src/index.ts";
import { LAB, labSkip, macOf } from "./lab.ts";

type Option = string | [string, ...unknown[]];
const optionsOf = (p: Packet) => (p.getLayer(DHCP) as unknown as { options: Option[] }).options;
const option = (p: Packet, name: string) => (optionsOf(p).find((o) => Array.isArray(o) && o[0] === name) as unknown[] | undefined)?.slice(1);

/** A DHCP message from cli1 (which has no address), broadcast as a client without a lease sends it. */
function dhcpFrom(mac: string, xid: number, options: Option[]) {
  return Ether({ dst: "ff:ff:ff:ff:ff:ff", src: mac }).div(
    IP({ src: "0.0.0.0", dst: "255.255.255.255" }),
    UDP({ sport: 68, dport: 67 }),
    BOOTP({ chaddr: mac, xid, flags: "B" }),
    DHCP({ options }),
  );
}

describe("DHCP against the lab's dnsmasq", { skip: labSkip }, () => {
  let mac = "";
  const saved = conf.checkIPaddr;
  before(() => {
    mac = macOf(LAB.clientNs, LAB.dhcpIface);
  });
  after(() => {
    conf.checkIPaddr = saved;
  });

  test("discover then request: an offer and an ack with the lease's options", async () => {
    conf.checkIPaddr = false;
    const [ans, unans] = await srp(dhcpFrom(mac, 0x1001, [["message-type", "discover"], "end"]), { iface: LAB.dhcpIface, timeout: 3 });
    assert.equal(unans.length, 0);
    const offer = ans[0]![1];
    assert.deepEqual(option(offer, "message-type"), [2]);
    const yiaddr = offer.getLayer(BOOTP)!.yiaddr as string;
    assert.match(yiaddr, /^10\.77\.0\.(1[0-4]\d|150)$/, "from the lab's range");
    assert.deepEqual(option(offer, "server_id"), [LAB.server]);

    const ack = await srp1(
      dhcpFrom(mac, 0x1002, [["message-type", "request"], ["requested_addr", yiaddr], ["server_id", LAB.server], "end"]),
      { iface: LAB.dhcpIface, timeout: 3 },
    );
    assert.ok(ack, "an ack");
    assert.deepEqual(option(ack, "message-type"), [5]);
    assert.equal(ack.getLayer(BOOTP)!.yiaddr, yiaddr);
    assert.deepEqual(option(ack, "router"), [LAB.server]);
    assert.deepEqual(option(ack, "name_server"), [LAB.server]);
    assert.deepEqual(option(ack, "subnet_mask"), ["255.255.255.0"]);
    assert.deepEqual(option(ack, "lease_time"), [3600]);
  });

  test("with conf.checkIPaddr on, the offer does not match (as in Scapy)", async () => {
    conf.checkIPaddr = true;
    const [ans, unans] = await srp(dhcpFrom(mac, 0x1003, [["message-type", "discover"], "end"]), { iface: LAB.dhcpIface, timeout: 1 });
    assert.equal(ans.length, 0);
    assert.equal(unans.length, 1);
  });
});
