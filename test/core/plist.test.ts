import assert from "node:assert/strict";
import { test } from "node:test";
import { ARP, Ether, ICMP, IP, PacketList, rdpcap, sessionKey, SndRcvList, TCP, UDP, type Packet } from "../../src/index.ts";

// Expected text is what Scapy 2.5 prints for the same capture (its rdpcap of this fixture),
// e.g. `repr(rdpcap(f))`, `rdpcap(f).nsummary()`, `rdpcap(f).sessions()`.
const FILE = new URL("../fixtures/pcap/scapy-le.pcap", import.meta.url).pathname;
const pl = () => rdpcap(FILE);

/** Captures what console.log prints while fn runs. */
function printed(fn: () => void): string {
  const lines: string[] = [];
  const log = console.log;
  console.log = (...args: unknown[]) => void lines.push(args.join(" "));
  try {
    fn();
  } finally {
    console.log = log;
  }
  return lines.join("\n");
}

test("a PacketList is an array: index, length, iteration, map", () => {
  const list = pl();
  assert.equal(list.length, 5);
  assert.equal(list[2]!.summary(), "Ether / ARP who has 10.0.0.9 says 10.0.0.1");
  assert.equal([...list].length, 5);
  assert.ok(Array.isArray(list));
  const names = list.map((p) => p.layers().length);
  assert.ok(!(names instanceof PacketList), "map gives a plain array");
});

test("repr as Scapy's: counted under the first of TCP, UDP, ICMP", () => {
  assert.equal(String(pl()), "<scapy-le.pcap: TCP:1 UDP:1 ICMP:1 Other:2>");
  assert.equal(String(new PacketList([], "x")), "<x: TCP:0 UDP:0 ICMP:0 Other:0>");
  // An ICMP error quoting TCP counts as ICMP: the quoted header is TCPerror, not TCP.
  const icmpError = Ether(Ether().div(IP({ src: "10.0.0.1", dst: "10.0.0.2" }), ICMP({ type: 3, code: 3 }), IP({ src: "10.0.0.2", dst: "10.0.0.1" }), TCP()).build());
  assert.equal(String(new PacketList([icmpError])), "<PacketList: TCP:0 UDP:0 ICMP:1 Other:0>");
});

test("selection, slices, filter and concatenation are named as in Scapy", () => {
  const list = pl();
  assert.equal(String(list.slice(1, 3)), "<mod scapy-le.pcap: TCP:0 UDP:1 ICMP:0 Other:1>");
  assert.equal(String(list.select(TCP)), "<TCP from scapy-le.pcap: TCP:1 UDP:0 ICMP:0 Other:0>");
  assert.equal(String(list.select("IP")), "<IP from scapy-le.pcap: TCP:1 UDP:1 ICMP:1 Other:0>");
  assert.equal(String(list.filter((p) => p.hasLayer(UDP))), "<filtered scapy-le.pcap: TCP:0 UDP:1 ICMP:0 Other:0>");
  assert.equal(String(list.plus(list.slice(0, 1))), "<scapy-le.pcap+mod scapy-le.pcap: TCP:2 UDP:1 ICMP:1 Other:2>");
});

test("nsummary and show number the packets; summary prints one line each", () => {
  const list = pl();
  const lines = list.map((p) => p.summary());
  assert.equal(printed(() => list.nsummary()), lines.map((l, i) => `${String(i).padStart(4, "0")} ${l}`).join("\n"));
  assert.equal(list.show({ dump: true }), list.nsummary({ dump: true }));
  assert.equal(list.summary({ dump: true }), lines.join("\n"));
  assert.equal(lines[0], "Ether / IP / TCP 10.0.0.1:40000 > 10.0.0.2:http S");
  assert.equal(lines[4], "Ether / IP / ICMP 10.0.0.1 > 10.0.0.2 echo-request 0 / Raw");
  assert.equal(list.summary({ dump: true, lfilter: (p) => p.hasLayer(ARP), prn: (p) => p.sprintf("%ARP.pdst%") }), "10.0.0.9");
});

test("sessions are keyed as Scapy's", () => {
  const sessions = pl().sessions();
  assert.deepEqual(
    [...sessions.keys()],
    ["TCP 10.0.0.1:40000 > 10.0.0.2:80", "UDP 10.0.0.2:53 > 10.0.0.1:33333", "ARP 10.0.0.1 > 10.0.0.9", "IPv6 fe80::1 > fe80::2 nh=ICMPv6", "ICMP 10.0.0.1 > 10.0.0.2 type=8 code=0 id=0x3"],
  );
  assert.equal(String(sessions.get("UDP 10.0.0.2:53 > 10.0.0.1:33333")), "<scapy-le.pcap: TCP:0 UDP:1 ICMP:0 Other:0>");
  assert.equal(sessionKey(Ether({ type: 0x1234 })), "Ethernet type=1234");
  assert.equal(sessionKey(Ether().div(IP({ src: "1.1.1.1", dst: "2.2.2.2", proto: 47 }))), "IP 1.1.1.1 > 2.2.2.2 proto=gre");
});

test("conversations: who talks to whom, with counts", () => {
  const list = pl().plus(pl());
  assert.deepEqual(list.conversations(), [
    { src: "10.0.0.1", dst: "10.0.0.2", count: 4 },
    { src: "10.0.0.2", dst: "10.0.0.1", count: 2 },
    { src: "10.0.0.1", dst: "10.0.0.9", count: 2 },
    { src: "fe80::1", dst: "fe80::2", count: 2 },
  ]);
});

test("make_table as Scapy prints it", () => {
  const table = pl().makeTable((p) => (p.name === "Ethernet" ? [p.getFieldValue("dst"), p.sprintf("%Ether.type%"), p.build().length] : null), { dump: true });
  assert.equal(table, ["     66:77:88:99:aa:bb ", "ARP  42                ", "IPv4 60                ", "IPv6 62                "].join("\n"));
});

test("hexdump: index, time and summary, then the bytes", () => {
  const list = pl().slice(2, 3);
  const text = list.hexdump({ dump: true })!;
  const [head, ...hex] = text.split("\n");
  assert.match(head!, /^0000 \d\d:\d\d:\d\d\.\d{6} Ether \/ ARP who has 10\.0\.0\.9 says 10\.0\.0\.1$/);
  // Scapy: hexdump(rdpcap(f)[2])
  assert.deepEqual(hex, [
    '0000  66 77 88 99 AA BB 00 11 22 33 44 55 08 06 00 01  fw......"3DU....',
    '0010  08 00 06 04 00 01 00 11 22 33 44 55 0A 00 00 01  ........"3DU....',
    "0020  00 00 00 00 00 00 0A 00 00 09                    ..........",
  ]);
});

test("SndRcvList: pairs to destructure, `query ==> answer` summaries, repr of the answers", () => {
  const list = pl();
  const ans = new SndRcvList([
    [list[0]!, list[1]!],
    [list[2]!, list[4]!],
  ]);
  const pairs: string[] = [];
  for (const [sent, recv] of ans) pairs.push(`${sent.name}->${recv.getLayer(ICMP) ? "ICMP" : "other"}`);
  assert.deepEqual(pairs, ["Ethernet->other", "Ethernet->ICMP"]);
  assert.equal(String(ans), "<Results: TCP:0 UDP:1 ICMP:1 Other:0>");
  assert.equal(
    ans.nsummary({ dump: true }),
    [`0000 ${list[0]!.summary()} ==> ${list[1]!.summary()}`, `0001 Ether / ARP who has 10.0.0.9 says 10.0.0.1 ==> Ether / IP / ICMP 10.0.0.1 > 10.0.0.2 echo-request 0 / Raw`].join("\n"),
  );
  assert.equal(String(ans.slice(0, 1)), "<mod Results: TCP:0 UDP:1 ICMP:0 Other:0>");
  assert.equal(String(ans.filter(() => true)), "<filtered Results: TCP:0 UDP:1 ICMP:1 Other:0>");
  assert.deepEqual(ans.queries().map((p: Packet) => p.summary()), [list[0]!.summary(), list[2]!.summary()]);
  const table = ans.makeTable((s, r) => [s.sprintf("%Ether.src%"), s.sprintf("%Ether.type%"), r.sprintf("%Ether.type%")], { dump: true });
  assert.equal(table, ["     00:11:22:33:44:55 ", "ARP  IPv4              ", "IPv4 IPv4              "].join("\n"));
});

test("a list built by hand and UDP counted", () => {
  const list = new PacketList([Ether().div(IP(), UDP()), IP().div(TCP())], "Sniffed");
  assert.equal(String(list), "<Sniffed: TCP:1 UDP:1 ICMP:0 Other:0>");
});
