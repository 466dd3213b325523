/**
 * DHCPv6: request/response matching, the options' chain and lists, hostile bytes, and what
 * tshark reads in the messages packetry builds.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  DHCP6, DHCP6_Advertise, DHCP6_InfoRequest, DHCP6_RelayForward, DHCP6_RelayReply, DHCP6_Reply, DHCP6_Request, DHCP6_Solicit, DHCP6OptClientId,
  DHCP6OptDNSDomains, DHCP6OptDNSServers, DHCP6OptElapsedTime, DHCP6OptIA_NA, DHCP6OptIA_PD, DHCP6OptIAAddress, DHCP6OptIAPrefix, DHCP6OptOptReq,
  DHCP6OptRelayMsg, DHCP6OptServerId, DHCP6OptStatusCode, DUID_LL, DUID_LLT, Ether, IPv6, UDP, raw, type Packet,
} from "../../src/index.ts";
import { tsharkAvailable, tsharkField, tsharkRead } from "../tshark.ts";

const client = () => Ether({ src: "00:11:22:33:44:55", dst: "33:33:00:01:00:02" }).div(IPv6({ src: "fe80::211:22ff:fe33:4455", dst: "ff02::1:2" }), UDP());
const server = () => Ether({ src: "66:77:88:99:aa:bb", dst: "00:11:22:33:44:55" }).div(IPv6({ src: "fe80::6477:88ff:fe99:aabb", dst: "fe80::211:22ff:fe33:4455" }), UDP());
const clientId = () => DHCP6OptClientId({ duid: DUID_LLT({ timeval: 0x2a000000, lladdr: "00:11:22:33:44:55" }) });
const serverId = () => DHCP6OptServerId({ duid: DUID_LL({ lladdr: "66:77:88:99:aa:bb" }) });

test("an Advertise answers the Solicit of its transaction, a Reply the Request; a relay reply its forward", () => {
  const sol = DHCP6_Solicit({ trid: 0x1234 }).div(clientId());
  const adv = DHCP6_Advertise({ trid: 0x1234 }).div(serverId(), clientId());
  assert.ok(DHCP6(raw(adv)).answers(DHCP6(raw(sol))));
  assert.ok(!DHCP6_Advertise({ trid: 9 }).answers(sol));
  assert.ok(DHCP6_Reply({ trid: 5 }).answers(DHCP6_Request({ trid: 5 })));
  assert.ok(DHCP6_Reply({ trid: 5 }).answers(DHCP6_InfoRequest({ trid: 5 })));
  assert.ok(!DHCP6_Reply({ trid: 5 }).answers(DHCP6_Advertise({ trid: 5 })));
  assert.deepEqual([...DHCP6_Reply({ trid: 0x010203 }).hashret()], [1, 2, 3]);
  const fw = DHCP6_RelayForward({ hopcount: 1, peeraddr: "fe80::1" }).div(DHCP6OptRelayMsg({ message: sol }));
  const rr = DHCP6_RelayReply({ hopcount: 1, peeraddr: "fe80::1" }).div(DHCP6OptRelayMsg({ message: adv }));
  assert.ok(rr.answers(fw));
  assert.deepEqual([...rr.hashret()], [...fw.hashret()]);
  // The relayed message reads as its own class, with its options.
  const got = DHCP6(raw(fw)).getLayer(DHCP6OptRelayMsg)!.message as Packet;
  assert.deepEqual(got.layers().map((l) => l.name), ["DHCP6_Solicit", "DHCP6OptClientId"]);
});

test("the UDP ports follow the message: clients 546 to 547, servers back, relays 547 both ways", () => {
  const ports = (m: Packet) => {
    const u = UDP(raw(UDP().div(m)));
    return [u.sport, u.dport, u.payload!.spec.name];
  };
  assert.deepEqual(ports(DHCP6_Solicit()), [546, 547, "DHCP6_Solicit"]);
  assert.deepEqual(ports(DHCP6_Reply()), [547, 546, "DHCP6_Reply"]);
  assert.deepEqual(ports(DHCP6_RelayForward()), [547, 547, "DHCP6_RelayForward"]);
});

test("hostile bytes: lengths past the end, nested relays and garbage give fields or Raw, never a throw or a hang", () => {
  const full = raw(client().div(DHCP6_Solicit({ trid: 1 }), clientId(), DHCP6OptIA_NA({ iaid: 1, ianaopts: [DHCP6OptIAAddress({ addr: "2001:db8::1" }), DHCP6OptStatusCode({ statuscode: 0 })] }), DHCP6OptOptReq()));
  for (let n = 0; n <= full.length; n++) {
    const p = Ether(full.subarray(0, n));
    p.summary();
    raw(p);
  }
  // Relays nested as deep as 16-bit option lengths allow (about 1,700 levels), as bytes.
  let bytes = raw(DHCP6_Solicit({ trid: 1 }));
  const relay = raw(DHCP6_RelayForward({ hopcount: 0 }));
  while (bytes.length + relay.length + 4 <= 0xffff) {
    const out = new Uint8Array(relay.length + 4 + bytes.length);
    out.set(relay);
    out.set([0, 9, bytes.length >> 8, bytes.length & 0xff], relay.length);
    out.set(bytes, relay.length + 4);
    bytes = out;
  }
  const back = DHCP6(bytes);
  back.summary();
  back.show2({ dump: true });
  assert.equal(raw(back).length, bytes.length);
  for (const seed of [7, 8, 9]) {
    let x = seed;
    const junk = Uint8Array.from({ length: 800 }, () => ((x = (x * 1103515245 + 12345) >>> 0) >>> 24));
    junk[0] = 1;
    (DHCP6(junk) as Packet).show2({ dump: true });
    DHCP6OptIA_NA(junk).show2({ dump: true });
  }
});

const skip = tsharkAvailable() ? false : "tshark is not installed";

test("tshark reads the DHCPv6 messages packetry builds, without complaint", { skip }, () => {
  const frames: Packet[] = [
    client().div(DHCP6_Solicit({ trid: 0xabcdef }), clientId(), DHCP6OptElapsedTime(), DHCP6OptOptReq({ reqopts: [23, 24] }), DHCP6OptIA_NA({ iaid: 0xf1 }), DHCP6OptIA_PD({ iaid: 2 })),
    server().div(
      DHCP6_Advertise({ trid: 0xabcdef }),
      DHCP6OptIA_NA({ iaid: 0xf1, T1: 3600, T2: 5400, ianaopts: [DHCP6OptIAAddress({ addr: "2001:db8::100", preflft: 7200, validlft: 7500 })] }),
      DHCP6OptIA_PD({ iaid: 2, T1: 3600, T2: 5400, iapdopt: [DHCP6OptIAPrefix({ plen: 56, prefix: "2001:db8:ff00::", preflft: 7200, validlft: 7500 })] }),
      clientId(),
      serverId(),
      DHCP6OptDNSServers({ dnsservers: ["2001:db8::53"] }),
      DHCP6OptDNSDomains({ dnsdomains: ["example.com."] }),
    ),
    server().div(DHCP6_Reply({ trid: 0xabcdef }), serverId(), clientId(), DHCP6OptStatusCode({ statuscode: "NoAddrsAvail", statusmsg: "none" })),
    Ether().div(IPv6({ src: "2001:db8::1", dst: "2001:db8::2" }), UDP(), DHCP6_RelayForward({ hopcount: 0, linkaddr: "2001:db8::1", peeraddr: "fe80::1" }), DHCP6OptRelayMsg({ message: DHCP6_Solicit({ trid: 1 }).div(clientId()) })),
  ];
  const views = tsharkRead(frames, { mergeDuplicates: true });
  for (const [i, v] of views.entries()) assert.deepEqual(v.problems, [], `frame ${i}: ${v.protocols}`);
  assert.equal(tsharkField(views[0]!, "dhcpv6.msgtype"), "1");
  assert.equal(tsharkField(views[0]!, "dhcpv6.xid"), "0xabcdef");
  assert.equal(tsharkField(views[0]!, "dhcpv6.duidllt.link_layer_addr"), "00:11:22:33:44:55");
  assert.equal(tsharkField(views[1]!, "dhcpv6.iaaddr.ip"), "2001:db8::100");
  assert.equal(tsharkField(views[1]!, "dhcpv6.iaprefix.pref_addr"), "2001:db8:ff00::");
  assert.equal(tsharkField(views[1]!, "dhcpv6.dns_server"), "2001:db8::53");
  assert.equal(tsharkField(views[1]!, "dhcpv6.search_list_entry"), "example.com.");
  assert.equal(tsharkField(views[2]!, "dhcpv6.status_code"), "2");
  assert.equal(tsharkField(views[3]!, "dhcpv6.peeraddr"), "fe80::1");
});
