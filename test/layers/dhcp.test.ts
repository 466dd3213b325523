import assert from "node:assert/strict";
import { afterEach, test } from "node:test";
import { BOOTP, bytesHex, conf, DHCP, DHCP_MAGIC, Ether, fromHex, IP, Raw, raw, UDP, type DHCPOption } from "../../src/index.ts";
import { assertBytes, roundTrip } from "../helpers.ts";
import { golden } from "./appGolden.ts";

// Expected bytes come from Debian's Scapy (scripts/captures/golden_app.py; the expression is in
// test/fixtures/golden/app.json). Options use Scapy's list form with arrays for tuples.

const enc = new TextEncoder();
const b = (s: string) => enc.encode(s);

afterEach(() => {
  conf.checkIPaddr = true;
});

const discover = () =>
  Ether({ src: "00:11:22:33:44:55", dst: "ff:ff:ff:ff:ff:ff" }).div(
    IP({ src: "0.0.0.0", dst: "255.255.255.255" }),
    UDP({ sport: 68, dport: 67 }),
    BOOTP({ chaddr: "00:11:22:33:44:55", xid: 0x1234 }),
    DHCP({ options: [["message-type", "discover"], ["requested_addr", "1.2.3.4"], ["hostname", "box"], ["param_req_list", [1, 3, 6]], "end"] }),
  );

test("the workshop DISCOVER builds as Scapy's (302 bytes, no padding to 300)", () => {
  assertBytes(discover(), golden("dhcp/workshop-discover"));
  assert.equal(raw(discover()).length, 302);
  assert.equal(discover().summary(), "Ether / IP / UDP / BOOTP / DHCP Discover");
});

test("dissecting it gives Scapy's values: message-type as a number, strings as bytes", () => {
  const p = roundTrip(Ether, golden("dhcp/workshop-discover"));
  assert.deepEqual(
    p.layers().map((l) => l.name),
    ["Ether", "IP", "UDP", "BOOTP", "DHCP"],
  );
  const bootp = p.getLayer(BOOTP)!;
  assert.equal(bootp.xid, 0x1234);
  assert.equal(bytesHex(bootp.chaddr), "001122334455" + "00".repeat(10));
  assert.deepEqual(bootp.options, Uint8Array.of(0x63, 0x82, 0x53, 0x63));
  assert.deepEqual(p.getLayer(DHCP)!.options, [["message-type", 1], ["requested_addr", "1.2.3.4"], ["hostname", b("box")], ["param_req_list", [1, 3, 6]], "end"]);
  const text = p.show({ dump: true })!;
  assert.match(text, /chaddr {4}= 00:11:22:33:44:55 \(\+ 10 nul pad\)/);
  assert.match(text, /options {3}= b'c\\x82Sc' \(DHCP magic\)/);
  assert.match(text, /options {3}= \[message-type=discover requested_addr=1\.2\.3\.4 hostname=b'box' param_req_list=\[1, 3, 6\] end\]/);
  assert.equal(p.summary(), "Ether / IP / UDP / BOOTP / DHCP Discover");
});

test("an OFFER with every kind of option value builds as Scapy's and reads back", () => {
  const options: DHCPOption[] = [
    ["message-type", "offer"],
    ["server_id", "192.168.1.1"],
    ["lease_time", 3600],
    ["renewal_time", 1800],
    ["rebinding_time", 3150],
    ["subnet_mask", "255.255.255.0"],
    ["router", "192.168.1.1"],
    ["name_server", "1.1.1.1", "8.8.8.8"],
    ["domain", "example.lan"],
    ["broadcast_address", "192.168.1.255"],
    ["classless_static_routes", "10.0.0.0/8:192.168.1.254", "0.0.0.0/0:192.168.1.1"],
    ["client_id", Uint8Array.of(1, 0, 0x11, 0x22, 0x33, 0x44, 0x55)],
    ["max_dhcp_size", 1500],
    [224, "private"],
    "pad",
    "end",
  ];
  const offer = Ether({ src: "02:00:00:00:00:01", dst: "00:11:22:33:44:55" }).div(
    IP({ src: "192.168.1.1", dst: "192.168.1.50" }),
    UDP({ sport: 67, dport: 68 }),
    BOOTP({ op: 2, xid: 0x1234, yiaddr: "192.168.1.50", siaddr: "192.168.1.1", chaddr: "00:11:22:33:44:55", flags: "B" }),
    DHCP({ options }),
  );
  assertBytes(offer, golden("dhcp/offer"));
  const d = roundTrip(Ether, golden("dhcp/offer"));
  assert.equal(d.summary(), "Ether / IP / UDP / BOOTP / DHCP Offer");
  assert.equal(String(d.getLayer(BOOTP)!.flags), "B");
  const got = d.getLayer(DHCP)!.options;
  assert.deepEqual(got[7], ["name_server", "1.1.1.1", "8.8.8.8"]);
  assert.deepEqual(got[10], ["classless_static_routes", ["10.0.0.0/8:192.168.1.254", "0.0.0.0/0:192.168.1.1"]]);
  assert.deepEqual(got[13], [224, b("private")]);
  assert.deepEqual(got.slice(-2), ["pad", "end"]);
});

test("BOOTP without the magic keeps its vendor area and has no DHCP layer", () => {
  const p = UDP({ sport: 68, dport: 67 }).div(BOOTP({ xid: 1, chaddr: "00:11:22:33:44:55", sname: "server", file: "pxelinux.0" }));
  assertBytes(p, golden("dhcp/bootp-only"));
  const d = roundTrip(UDP, golden("dhcp/bootp-only"));
  assert.ok(!d.hasLayer(DHCP));
  assert.equal(d.getLayer(BOOTP)!.payload, null);
});

test("malformed options: a length past the end, a short address, a short integer are kept as bytes", () => {
  const frame = (options: string) => raw(UDP({ sport: 68, dport: 67 }).div(BOOTP({ xid: 1, options: DHCP_MAGIC }), Raw({ load: fromHex(options) })));
  const cases: Array<[string, DHCPOption[]]> = [
    ["3501010c0a626f78ff", [["message-type", 1], Uint8Array.of(0x0c, 0x0a, 0x62, 0x6f, 0x78, 0xff)]],
    ["010301020304ff", [Uint8Array.of(1, 3, 1, 2, 3, 4, 0xff)]],
    ["330200ff", [Uint8Array.of(0x33, 2, 0, 0xff)]],
    ["35", [Uint8Array.of(0x35)]],
  ];
  for (const [options, expected] of cases) {
    const bytes = frame(options);
    const p = UDP(bytes);
    assert.deepEqual(p.getLayer(DHCP)!.options, expected, options);
    assert.equal(bytesHex(raw(p)), bytesHex(bytes));
    p.show({ dump: true });
    p.summary();
  }
  assert.match(UDP(frame("3501010c0a626f78ff")).show({ dump: true })!, /\[message-type=discover \.\.box\.\]/);
});

test("every cut of a DHCP frame dissects and rebuilds", () => {
  const full = fromHex(golden("dhcp/offer"));
  for (let n = 7; n <= full.length; n += 7) {
    const p = Ether(full.subarray(0, n));
    p.summary();
    assert.equal(bytesHex(raw(p)), bytesHex(full.subarray(0, n)));
  }
});

test("bad option values fail with a clear error", () => {
  assert.throws(() => DHCP({ options: [["message-type", "hello"]] }), /message-type: unknown type "hello"/);
  assert.throws(() => DHCP({ options: [["router", "300.1.1.1"]] }), /router: not an IPv4 address/);
  assert.throws(() => DHCP({ options: [["no-such-option", 1]] }), /unknown DHCP option "no-such-option"/);
});

test("with conf.checkIPaddr off a broadcast exchange matches by xid, with Scapy's hash", () => {
  const req = Ether({ src: "00:11:22:33:44:55" }).div(
    IP({ src: "0.0.0.0", dst: "255.255.255.255" }),
    UDP({ sport: 68, dport: 67 }),
    BOOTP({ xid: 0x1234, chaddr: "00:11:22:33:44:55" }),
    DHCP({ options: [["message-type", "discover"], "end"] }),
  );
  const rep = Ether({ dst: "00:11:22:33:44:55" }).div(
    IP({ src: "192.168.1.1", dst: "192.168.1.50" }),
    UDP({ sport: 67, dport: 68 }),
    BOOTP({ op: 2, xid: 0x1234 }),
    DHCP({ options: [["message-type", "offer"], "end"] }),
  );
  // Hashes as Scapy 2.5 gives them (both checkIPaddr settings), see the reference §2.
  conf.checkIPaddr = false;
  assert.equal(bytesHex(req.hashret()), "00081100001234");
  assert.equal(bytesHex(rep.hashret()), "00081100001234");
  assert.ok(rep.answers(req));
  const otherXid = rep.copy();
  otherXid.getLayer(BOOTP)!.xid = 0x9999;
  assert.ok(!otherXid.answers(req));
  conf.checkIPaddr = true;
  assert.equal(bytesHex(req.hashret()), "0008ffffffff1100001234");
  assert.equal(bytesHex(rep.hashret()), "0008000000331100001234");
  assert.ok(!rep.answers(req));
});
