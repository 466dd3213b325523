/** DHCPv6_am (dhcp6d) over an in-memory pipe: Scapy's replies (Debian's Scapy as the byte oracle) and the leases it adds. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  DHCP6_InfoRequest,
  DHCP6_Release,
  DHCP6_Renew,
  DHCP6_Request,
  DHCP6_Solicit,
  DHCP6_Decline,
  DHCP6_Confirm,
  DHCP6_Rebind,
  DHCP6OptClientId,
  DHCP6OptDNSServers,
  DHCP6OptSNTPServers,
  DHCP6OptElapsedTime,
  DHCP6OptIA_NA,
  DHCP6OptIA_TA,
  DHCP6OptIAAddress,
  DHCP6OptOptReq,
  DHCP6OptRapidCommit,
  DHCP6OptServerId,
  DHCP6OptStatusCode,
  DHCPv6_am,
  DUID_LL,
  DUID_LLT,
  Ether,
  IPv6,
  raw,
  UDP,
  type Packet,
} from "../../src/index.ts";
import { scapy } from "../tools/scapy.ts";
import { received, wire } from "./pipes.ts";

const SERVER_DUID = () => DUID_LLT({ lladdr: "02:00:00:00:00:01", timeval: 1000 });
const SRC = "fe80::1";
const hexOf = (b: Uint8Array) => Buffer.from(b).toString("hex");

/** A client's message as it comes off the wire (dissected from bytes). */
function fromClient(mac: string, msg: Packet, ...options: Packet[]): Packet {
  const ll = `fe80::${mac.split(":").slice(4).join("")}`;
  return Ether(raw(Ether({ src: mac, dst: "33:33:00:01:00:02" }).div(IPv6({ src: ll, dst: "ff02::1:2" }), UDP({ sport: 546, dport: 547 }), msg, ...options)));
}
const clientId = (mac: string) => DHCP6OptClientId({ duid: DUID_LL({ lladdr: mac }) });
const serverId = () => DHCP6OptServerId({ duid: SERVER_DUID() });
const iana = (iaid: number, addr?: string) => DHCP6OptIA_NA({ iaid, ianaopts: addr ? [DHCP6OptIAAddress({ addr })] : [] });

function machine(options: Record<string, unknown> = {}) {
  const { client, server } = wire();
  const am = server.am(DHCPv6_am, { duid: SERVER_DUID(), verbose: false, ...options });
  am.src_addr = SRC;
  return { client, am };
}

/** Sends the requests to a fresh run of the machine and returns what came back. */
async function exchange(am: DHCPv6_am, client: ReturnType<typeof wire>["client"], requests: Packet[], expect: number): Promise<Packet[]> {
  const running = am({ count: requests.length });
  for (const r of requests) await client.send(r);
  await running;
  return received(client, expect, expect ? 2 : 0.3);
}

const msgName = (p: Packet) => p.getLayer(UDP)!.payload!.spec.name;
const iaAddr = (p: Packet) => ((p.getLayer(DHCP6OptIA_NA)!.getFieldValue("ianaopts") as Packet[])[0]!.getFieldValue("addr") as string);

describe("DHCPv6_am (dhcp6d)", () => {
  test("Information-Request, Solicit without IAs, Rapid Commit: the bytes Debian's Scapy's machine answers with", async () => {
    const mac = "02:00:00:00:0c:01";
    const requests = [
      fromClient(mac, DHCP6_InfoRequest({ trid: 0x1234 }), clientId(mac), DHCP6OptOptReq({ reqopts: [23, 24] }), DHCP6OptElapsedTime()),
      fromClient(mac, DHCP6_Solicit({ trid: 0x2345 }), clientId(mac), DHCP6OptOptReq({ reqopts: [23, 31] }), DHCP6OptElapsedTime()),
      fromClient(mac, DHCP6_Solicit({ trid: 0x3456 }), clientId(mac), DHCP6OptRapidCommit()),
    ];
    const options = { dns: "2001:db8::53, 2001:db8::54", domain: ["am.test", "lab.test"], sntpservers: "2001:db8::123", nisdomain: "nis.test" };
    const { client, am } = machine(options);
    const got = await exchange(am, client, requests, 3);
    assert.equal(got.length, 3);
    const ours = got.map((p) => hexOf(raw(Ether(raw(p)).getLayer(IPv6)!)));
    const theirs = scapy(
      [
        `am = DHCPv6_am(dns=${JSON.stringify(options.dns)}, domain=${JSON.stringify(options.domain)}, sntpservers=${JSON.stringify(options.sntpservers)}, nisdomain=${JSON.stringify(options.nisdomain)}, duid=DUID_LLT(lladdr="02:00:00:00:00:01", timeval=1000), iface="lo")`,
        `am.src_addr = "${SRC}"`,
        `for h in ${JSON.stringify(requests.map((r) => hexOf(raw(r))))}:`,
        "    p = Ether(bytes.fromhex(h))",
        "    assert am.is_request(p)",
        "    print(bytes(am.make_reply(p)).hex())",
      ].join("\n"),
    )
      .trim()
      .split("\n");
    assert.equal(theirs.length, 3);
    assert.equal(ours[0], theirs[0]);
    assert.equal(ours[2], theirs[2]);
    // Scapy 2.5's Advertise leaves out the options asked for (its helper adds them to a copy); this
    // one has them after Scapy's bytes, as RFC 8415 §18.3.9 wants. From the DHCPv6 message on:
    const dhcp = (h: string) => h.slice(2 * 48);
    assert.ok(dhcp(ours[1]!).startsWith(dhcp(theirs[1]!)), `${ours[1]}\n${theirs[1]}`);
    assert.equal(dhcp(ours[1]!).slice(dhcp(theirs[1]!).length), hexOf(raw(DHCP6OptDNSServers({ dnsservers: ["2001:db8::53", "2001:db8::54"] }))) + hexOf(raw(DHCP6OptSNTPServers({ sntpservers: ["2001:db8::123"] }))));
  });

  test("messages Scapy's machine leaves unanswered: no client id, another server's id, a server id on a Solicit", async () => {
    const mac = "02:00:00:00:0c:02";
    const other = DHCP6OptServerId({ duid: DUID_LL({ lladdr: "02:00:00:00:99:99" }) });
    const { client, am } = machine();
    const got = await exchange(
      am,
      client,
      [
        fromClient(mac, DHCP6_Solicit({ trid: 1 }), iana(1)),
        fromClient(mac, DHCP6_Solicit({ trid: 2 }), clientId(mac), serverId(), iana(1)),
        fromClient(mac, DHCP6_Request({ trid: 3 }), clientId(mac), other, iana(1)),
        fromClient(mac, DHCP6_InfoRequest({ trid: 4 }), clientId(mac), other),
        fromClient(mac, DHCP6_InfoRequest({ trid: 5 }), clientId(mac), iana(1)),
      ],
      0,
    );
    assert.equal(got.length, 0);
    assert.equal(am.stats.requests, 0);
  });

  test("a lease from startip–endip: Solicit, Request, Renew, Release, Decline, Confirm, Rebind", async () => {
    const a = "02:00:00:00:0a:01";
    const b = "02:00:00:00:0b:01";
    const { client, am } = machine({ startip: "fd79::100", endip: "fd79::102", leaseTime: 600, renewalTime: 300, rebindingTime: 480 });
    const [adv] = await exchange(am, client, [fromClient(a, DHCP6_Solicit({ trid: 7 }), clientId(a), iana(0x0a), DHCP6OptOptReq({ reqopts: [23] }))], 1);
    assert.equal(msgName(adv!), "DHCP6_Advertise");
    assert.equal(adv!.getLayer(IPv6)!.dst, "fe80::a01");
    assert.equal(adv!.getLayer(Ether)!.dst, a);
    const ia = adv!.getLayer(DHCP6OptIA_NA)!;
    assert.deepEqual([ia.getFieldValue("iaid"), ia.getFieldValue("T1"), ia.getFieldValue("T2")], [0x0a, 300, 480]);
    const addr = (ia.getFieldValue("ianaopts") as Packet[])[0]!;
    assert.deepEqual([addr.getFieldValue("addr"), addr.getFieldValue("preflft"), addr.getFieldValue("validlft")], ["fd79::100", 600, 600]);
    // The Request gets the address offered; a Renew keeps it; another client gets the next one.
    const [reply, renewed, other] = await exchange(
      am,
      client,
      [
        fromClient(a, DHCP6_Request({ trid: 8 }), clientId(a), serverId(), iana(0x0a, "fd79::100")),
        fromClient(a, DHCP6_Renew({ trid: 9 }), clientId(a), serverId(), iana(0x0a, "fd79::100")),
        fromClient(b, DHCP6_Solicit({ trid: 10 }), clientId(b), DHCP6OptRapidCommit(), iana(1)),
      ],
      3,
    );
    assert.deepEqual([msgName(reply!), iaAddr(reply!)], ["DHCP6_Reply", "fd79::100"]);
    assert.deepEqual([msgName(renewed!), iaAddr(renewed!)], ["DHCP6_Reply", "fd79::100"]);
    assert.deepEqual([msgName(other!), iaAddr(other!), !!other!.getLayer(DHCP6OptRapidCommit)], ["DHCP6_Reply", "fd79::101", true]);
    assert.equal(am.leases.size, 2);
    // A releases (its address comes back), B declines (its address is gone for good).
    const [released, declined, confirmed, notOnLink, rebound, unknownRebind] = await exchange(
      am,
      client,
      [
        fromClient(a, DHCP6_Release({ trid: 11 }), clientId(a), serverId(), iana(0x0a, "fd79::100")),
        fromClient(b, DHCP6_Decline({ trid: 12 }), clientId(b), serverId(), iana(1, "fd79::101")),
        fromClient(a, DHCP6_Confirm({ trid: 13 }), clientId(a), iana(0x0a, "fd79::100")),
        fromClient(a, DHCP6_Confirm({ trid: 14 }), clientId(a), iana(0x0a, "fd00::1")),
        fromClient(a, DHCP6_Solicit({ trid: 15 }), clientId(a), DHCP6OptRapidCommit(), iana(0x0a)),
        fromClient(b, DHCP6_Rebind({ trid: 16 }), clientId(b), iana(1, "fd79::101")),
      ],
      5,
    );
    for (const [p, code] of [[released, 0], [declined, 0], [confirmed, 0], [notOnLink, 4]] as const) {
      assert.equal(msgName(p!), "DHCP6_Reply");
      assert.equal(p!.getLayer(DHCP6OptStatusCode)!.getFieldValue("statuscode"), code);
    }
    assert.equal(iaAddr(rebound!), "fd79::100");
    assert.equal(unknownRebind, undefined, "a Rebind for a binding this server does not have gets nothing");
    // The pool is used up: the IA says NoAddrsAvail.
    const c = "02:00:00:00:0c:03";
    const d = "02:00:00:00:0d:03";
    const [third, none] = await exchange(am, client, [fromClient(c, DHCP6_Solicit({ trid: 17 }), clientId(c), iana(2)), fromClient(d, DHCP6_Solicit({ trid: 18 }), clientId(d), iana(2))], 2);
    assert.equal(iaAddr(third!), "fd79::102");
    const status = (none!.getLayer(DHCP6OptIA_NA)!.getFieldValue("ianaopts") as Packet[])[0]!;
    assert.equal(status.getFieldValue("statuscode"), 2);
  });

  test("a client that goes away after the Advertise costs only its offer; malformed messages get nothing and the machine goes on", async () => {
    const a = "02:00:00:00:0a:02";
    const b = "02:00:00:00:0b:02";
    const { client, am } = machine({ startip: "fd79::200", endip: "fd79::2ff" });
    const cut = raw(fromClient(b, DHCP6_Solicit({ trid: 21 }), clientId(b), iana(1)));
    const garbled = Ether(cut.subarray(0, cut.length - 20));
    const got = await exchange(
      am,
      client,
      [
        fromClient(a, DHCP6_Solicit({ trid: 20 }), clientId(a), iana(1)),
        garbled,
        // A lone byte after UDP: not a DHCPv6 message.
        Ether(Uint8Array.from([...raw(Ether({ src: b }).div(IPv6({ src: "fe80::b02" }), UDP({ sport: 546, dport: 547 }))), 3])),
        fromClient(b, DHCP6_Solicit({ trid: 22 }), clientId(b), iana(1)),
        fromClient(b, DHCP6_Request({ trid: 23 }), clientId(b), serverId(), iana(1, "fd79::201")),
      ],
      3,
    );
    assert.deepEqual(got.map(msgName), ["DHCP6_Advertise", "DHCP6_Advertise", "DHCP6_Reply"]);
    assert.deepEqual(got.map(iaAddr), ["fd79::200", "fd79::201", "fd79::201"]);
    assert.equal(am.stats.failures, 0);
  });

  test("IA_TA and IA_PD alone are answered as Scapy does (no address, a status); options are checked", async () => {
    const a = "02:00:00:00:0a:03";
    const { client, am } = machine();
    const [ta] = await exchange(am, client, [fromClient(a, DHCP6_Solicit({ trid: 30 }), clientId(a), DHCP6OptIA_TA({ iaid: 1 }))], 1);
    assert.equal(ta!.getLayer(DHCP6OptStatusCode)!.getFieldValue("statuscode"), 2);
    const { server } = wire();
    assert.throws(() => server.am(DHCPv6_am, { dns: 5 }), /DHCPv6_am: bad 'dns'/);
    assert.throws(() => server.am(DHCPv6_am, { dns: "not-an-address" }), /is not an IPv6 address/);
    assert.throws(() => server.am(DHCPv6_am, { startip: "fd00::9", endip: "fd00::1" }), /endip fd00::1 comes before startip/);
    assert.throws(() => server.am(DHCPv6_am, { advpref: 300 }), /advpref must be 0 to 255/);
    assert.throws(() => server.am(DHCPv6_am, { pool: "x" }), /dhcp6d\(\) got an unexpected keyword argument 'pool'/);
  });
});
