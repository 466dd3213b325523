import assert from "node:assert/strict";
import { test } from "node:test";
import { bytesHex, conf, Ether, fromHex, ICMP, ICMPerror, IP, IPerror, raw, TCP, TCPerror, UDP, UDPerror } from "../../src/index.ts";
import { roundTrip, scapyCaseTests, type ScapyCase } from "../helpers.ts";

// Expected output comes from Debian's Scapy (python3-scapy 2.5) on the expression in each case;
// reprs and show() text in 2.6 form (bytes as b'..', no trailing spaces).

const cases: ScapyCase[] = [
  {
    scapy: "IP(src=\"1.1.1.1\",dst=\"2.2.2.2\")/ICMP(id=0x1234,seq=1)/b\"abcdefgh\"",
    build: () => IP({ src: "1.1.1.1", dst: "2.2.2.2" }).div(ICMP({ id: 0x1234, seq: 1 }), "abcdefgh"),
    hex: "4500002400010000400174d3010101010202020208005435123400016162636465666768",
    summary: "IP / ICMP 1.1.1.1 > 2.2.2.2 echo-request 0 / Raw",
    repr: "<IP  frag=0 proto=icmp src=1.1.1.1 dst=2.2.2.2 |<ICMP  id=0x1234 seq=0x1 |<Raw  load=b'abcdefgh' |>>>",
  },
  {
    scapy: "IP(src=\"2.2.2.2\",dst=\"1.1.1.1\")/ICMP(type=\"echo-reply\",id=0x1234,seq=1)/b\"abcdefgh\"",
    build: () => IP({ src: "2.2.2.2", dst: "1.1.1.1" }).div(ICMP({ type: "echo-reply", id: 0x1234, seq: 1 }), "abcdefgh"),
    hex: "4500002400010000400174d3020202020101010100005c35123400016162636465666768",
    summary: "IP / ICMP 2.2.2.2 > 1.1.1.1 echo-reply 0 / Raw",
    repr: "<IP  frag=0 proto=icmp src=2.2.2.2 dst=1.1.1.1 |<ICMP  type=echo-reply id=0x1234 seq=0x1 |<Raw  load=b'abcdefgh' |>>>",
  },
  {
    scapy: "IP(src=\"10.0.0.9\",dst=\"10.0.0.1\")/ICMP(type=3,code=\"port-unreachable\")/IP(src=\"10.0.0.1\",dst=\"10.0.0.2\")/UDP(sport=1234,dport=9999)/b\"data\"",
    build: () => IP({ src: "10.0.0.9", dst: "10.0.0.1" }).div(ICMP({ type: 3, code: "port-unreachable" }), IP({ src: "10.0.0.1", dst: "10.0.0.2" }), UDP({ sport: 1234, dport: 9999 }), "data"),
    hex: "4500003c00010000400166b70a0000090a0000010303111d000000004500002000010000401166ca0a0000010a00000204d2270f000ce72f64617461",
    summary: "IP / ICMP / IP / UDP 10.0.0.1:1234 > 10.0.0.2:9999 / Raw",
    repr: "<IP  frag=0 proto=icmp src=10.0.0.9 dst=10.0.0.1 |<ICMP  type=dest-unreach code=port-unreachable |<IP  frag=0 proto=udp src=10.0.0.1 dst=10.0.0.2 |<UDP  sport=1234 dport=9999 |<Raw  load=b'data' |>>>>>",
  },
  {
    scapy: "IP(src=\"10.0.0.9\",dst=\"10.0.0.1\")/ICMP(type=3,code=4,nexthopmtu=1400)/IPerror(src=\"10.0.0.1\",dst=\"10.0.0.2\",flags=\"DF\")/TCPerror(sport=1234,dport=80)",
    build: () => IP({ src: "10.0.0.9", dst: "10.0.0.1" }).div(ICMP({ type: 3, code: 4, nexthopmtu: 1400 }), IPerror({ src: "10.0.0.1", dst: "10.0.0.2", flags: "DF" }), TCPerror({ sport: 1234, dport: 80 })),
    hex: "4500004400010000400166af0a0000090a00000103040ba1000005784500002800014000400626cd0a0000010a00000204d2005000000000000000005002200076be0000",
    summary: "IP / ICMP 10.0.0.9 > 10.0.0.1 dest-unreach fragmentation-needed / IPerror / TCPerror",
    repr: "<IP  frag=0 proto=icmp src=10.0.0.9 dst=10.0.0.1 |<ICMP  type=dest-unreach code=fragmentation-needed nexthopmtu=1400 |<IPerror  flags=DF frag=0 proto=tcp src=10.0.0.1 dst=10.0.0.2 |<TCPerror  sport=1234 dport=http |>>>>",
  },
  {
    scapy: "IP(src=\"10.0.0.9\",dst=\"10.0.0.1\")/ICMP(type=\"time-exceeded\")/IP(src=\"10.0.0.1\",dst=\"10.0.0.2\",ttl=1)/ICMP(id=5,seq=6)",
    build: () => IP({ src: "10.0.0.9", dst: "10.0.0.1" }).div(ICMP({ type: "time-exceeded" }), IP({ src: "10.0.0.1", dst: "10.0.0.2", ttl: 1 }), ICMP({ id: 5, seq: 6 })),
    hex: "4500003800010000400166bb0a0000090a0000010b00f4ff000000004500001c000100000101a5de0a0000010a0000020800f7f400050006",
    summary: "IP / ICMP / IP / ICMP 10.0.0.1 > 10.0.0.2 echo-request 0",
    repr: "<IP  frag=0 proto=icmp src=10.0.0.9 dst=10.0.0.1 |<ICMP  type=time-exceeded |<IP  frag=0 ttl=1 proto=icmp src=10.0.0.1 dst=10.0.0.2 |<ICMP  id=0x5 seq=0x6 |>>>>",
  },
  {
    scapy: "IP(src=\"10.0.0.9\",dst=\"10.0.0.1\")/ICMP(type=\"redirect\",code=1,gw=\"10.0.0.254\")/IP(src=\"10.0.0.1\",dst=\"8.8.8.8\")/UDP(sport=5000,dport=5001)",
    build: () => IP({ src: "10.0.0.9", dst: "10.0.0.1" }).div(ICMP({ type: "redirect", code: 1, gw: "10.0.0.254" }), IP({ src: "10.0.0.1", dst: "8.8.8.8" }), UDP({ sport: 5000, dport: 5001 })),
    hex: "4500003800010000400166bb0a0000090a00000105010a2b0a0000fe4500001c00010000401160c00a00000108080808138813890008bebc",
    summary: "IP / ICMP / IP / UDP 10.0.0.1:5000 > 8.8.8.8:5001",
    repr: "<IP  frag=0 proto=icmp src=10.0.0.9 dst=10.0.0.1 |<ICMP  type=redirect code=host-redirect gw=10.0.0.254 |<IP  frag=0 proto=udp src=10.0.0.1 dst=8.8.8.8 |<UDP  sport=5000 dport=5001 |>>>>",
  },
  {
    scapy: "IP(src=\"10.0.0.9\",dst=\"10.0.0.1\")/ICMP(type=12,ptr=20,length=5)/IP(src=\"10.0.0.1\",dst=\"10.0.0.2\")",
    build: () => IP({ src: "10.0.0.9", dst: "10.0.0.1" }).div(ICMP({ type: 12, ptr: 20, length: 5 }), IP({ src: "10.0.0.1", dst: "10.0.0.2" })),
    hex: "4500003000010000400166c30a0000090a0000010c00dffa140500004500001400010000400066e70a0000010a000002",
    summary: "IP / ICMP / 10.0.0.1 > 10.0.0.2 hopopt",
    repr: "<IP  frag=0 proto=icmp src=10.0.0.9 dst=10.0.0.1 |<ICMP  type=parameter-problem ptr=20 length=5 |<IP  src=10.0.0.1 dst=10.0.0.2 |>>>",
  },
  {
    scapy: "IP(src=\"10.0.0.9\",dst=\"10.0.0.1\")/ICMP(type=4)/IP(src=\"10.0.0.1\",dst=\"10.0.0.2\")",
    build: () => IP({ src: "10.0.0.9", dst: "10.0.0.1" }).div(ICMP({ type: 4 }), IP({ src: "10.0.0.1", dst: "10.0.0.2" })),
    hex: "4500003000010000400166c30a0000090a0000010400fbff000000004500001400010000400066e70a0000010a000002",
    summary: "IP / ICMP / 10.0.0.1 > 10.0.0.2 hopopt",
    repr: "<IP  frag=0 proto=icmp src=10.0.0.9 dst=10.0.0.1 |<ICMP  type=source-quench |<IP  src=10.0.0.1 dst=10.0.0.2 |>>>",
  },
  {
    scapy: "IP(src=\"1.1.1.1\",dst=\"2.2.2.2\")/ICMP(type=\"timestamp-request\",id=1,seq=2,ts_ori=1,ts_rx=3723004,ts_tx=\"23:59:59.999\")",
    build: () => IP({ src: "1.1.1.1", dst: "2.2.2.2" }).div(ICMP({ type: "timestamp-request", id: 1, seq: 2, ts_ori: 1, ts_rx: 3723004, ts_tx: "23:59:59.999" })),
    hex: "4500002800010000400174cf01010101020202020d00c2a100010002000000010038cefc05265bff",
    summary: "IP / ICMP 1.1.1.1 > 2.2.2.2 timestamp-request 0",
    repr: "<IP  frag=0 proto=icmp src=1.1.1.1 dst=2.2.2.2 |<ICMP  type=timestamp-request id=0x1 seq=0x2 ts_ori=0:0:0.1 ts_rx=1:2:3.4 ts_tx=23:59:59.999 |>>",
  },
  {
    scapy: "IP(src=\"1.1.1.1\",dst=\"2.2.2.2\")/ICMP(type=17,id=3,addr_mask=\"255.255.255.0\")",
    build: () => IP({ src: "1.1.1.1", dst: "2.2.2.2" }).div(ICMP({ type: 17, id: 3, addr_mask: "255.255.255.0" })),
    hex: "4500002000010000400174d701010101020202021100effb00030000ffffff00",
    summary: "IP / ICMP 1.1.1.1 > 2.2.2.2 address-mask-request 0",
    repr: "<IP  frag=0 proto=icmp src=1.1.1.1 dst=2.2.2.2 |<ICMP  type=address-mask-request id=0x3 addr_mask=255.255.255.0 |>>",
  },
  {
    scapy: "IP(src=\"1.1.1.1\",dst=\"2.2.2.2\")/ICMP(type=10,unused=0x01020304)",
    build: () => IP({ src: "1.1.1.1", dst: "2.2.2.2" }).div(ICMP({ type: 10, unused: 0x01020304 })),
    hex: "4500001c00010000400174db01010101020202020a00f1f901020304",
    summary: "IP / ICMP 1.1.1.1 > 2.2.2.2 router-solicitation 0",
    repr: "<IP  frag=0 proto=icmp src=1.1.1.1 dst=2.2.2.2 |<ICMP  type=router-solicitation unused=16909060 |>>",
  },
  {
    scapy: "IP(src=\"1.1.1.1\",dst=\"2.2.2.2\")/ICMP(type=40,code=3)",
    build: () => IP({ src: "1.1.1.1", dst: "2.2.2.2" }).div(ICMP({ type: 40, code: 3 })),
    hex: "4500001c00010000400174db01010101020202022803d7fc00000000",
    summary: "IP / ICMP 1.1.1.1 > 2.2.2.2 photuris decryption-failed",
    repr: "<IP  frag=0 proto=icmp src=1.1.1.1 dst=2.2.2.2 |<ICMP  type=photuris code=decryption-failed |>>",
  },
  {
    scapy: "ICMP(type=0,id=9)",
    build: () => ICMP({ type: 0, id: 9 }),
    hex: "0000fff600090000",
    summary: "ICMP echo-reply 0",
    repr: "<ICMP  type=echo-reply id=0x9 |>",
  },
];

scapyCaseTests("ICMP ", cases);

// Ether(bytes(Ether(src="00:00:00:00:00:09",dst="00:00:00:00:00:01")/IP(src="10.0.0.9",dst="10.0.0.1")/ICMP(type=3,code=3)/req))
// with req = IP(src="10.0.0.1",dst="10.0.0.2")/UDP(sport=1234,dport=9999)/b"q"
const PORT_UNREACHABLE = "00000000000100000000000908004500003900010000400166ba0a0000090a0000010303111a000000004500001d00010000401166cd0a0000010a00000204d2270f00094ef871";
const request = () => IP({ src: "10.0.0.1", dst: "10.0.0.2" }).div(UDP({ sport: 1234, dport: 9999 }), "q");

test("an ICMP error quotes the datagram as IPerror / UDPerror", () => {
  const d = roundTrip(Ether, PORT_UNREACHABLE);
  assert.deepEqual(d.layers().map((l) => l.name), ["Ether", "IP", "ICMP", "IPerror", "UDPerror", "Raw"]);
  assert.equal(d.summary(), "Ether / IP / ICMP 10.0.0.9 > 10.0.0.1 dest-unreach port-unreachable / IPerror / UDPerror / Raw");
  const quoted = d.getLayer(IPerror)!;
  assert.equal(quoted.dst, "10.0.0.2");
  assert.equal(d.getLayer(UDPerror)!.dport, 9999);
  assert.equal(d.getLayer(ICMP)!.code, 3);
});

test("show() of an ICMP error is Scapy's", () => {
  const expected = [
    "###[ Ethernet ]###",
    "  dst       = 00:00:00:00:00:01",
    "  src       = 00:00:00:00:00:09",
    "  type      = IPv4",
    "###[ IP ]###",
    "     version   = 4",
    "     ihl       = 5",
    "     tos       = 0x0",
    "     len       = 57",
    "     id        = 1",
    "     flags     =",
    "     frag      = 0",
    "     ttl       = 64",
    "     proto     = icmp",
    "     chksum    = 0x66ba",
    "     src       = 10.0.0.9",
    "     dst       = 10.0.0.1",
    "     \\options   \\",
    "###[ ICMP ]###",
    "        type      = dest-unreach",
    "        code      = port-unreachable",
    "        chksum    = 0x111a",
    "        reserved  = 0",
    "        length    = 0",
    "        nexthopmtu= 0",
    "        unused    = b''",
    "###[ IP in ICMP ]###",
    "           version   = 4",
    "           ihl       = 5",
    "           tos       = 0x0",
    "           len       = 29",
    "           id        = 1",
    "           flags     =",
    "           frag      = 0",
    "           ttl       = 64",
    "           proto     = udp",
    "           chksum    = 0x66cd",
    "           src       = 10.0.0.1",
    "           dst       = 10.0.0.2",
    "           \\options   \\",
    "###[ UDP in ICMP ]###",
    "              sport     = 1234",
    "              dport     = 9999",
    "              len       = 9",
    "              chksum    = 0x4ef8",
    "###[ Raw ]###",
    "                 load      = b'q'",
    "",
  ].join("\n");
  assert.equal(Ether(fromHex(PORT_UNREACHABLE)).show({ dump: true }), expected);
});

test("an ICMP error answers the request it quotes, and hashes like it", () => {
  const err = Ether(fromHex(PORT_UNREACHABLE));
  const req = request();
  // Scapy: req.hashret() == err[IP].hashret() == "0000000311"; err.hashret() adds Ether's type.
  assert.equal(bytesHex(req.hashret()), "0000000311");
  assert.equal(bytesHex(err.getLayer(IP)!.hashret()), "0000000311");
  assert.equal(bytesHex(err.hashret()), "00080000000311");
  assert.ok(err.getLayer(IP)!.answers(req));
  assert.ok(err.answers(Ether().div(req)));
  // The quote must match the request: another destination port is not this request's error.
  const other = IP({ src: "10.0.0.1", dst: "10.0.0.2" }).div(UDP({ sport: 1234, dport: 9998 }), "q");
  assert.ok(!err.getLayer(IP)!.answers(other));
});

test("echo reply answers its request (same id and seq), not the other way", () => {
  const echo = IP({ src: "10.0.0.1", dst: "10.0.0.2" }).div(ICMP({ id: 7, seq: 3 }));
  const reply = IP(raw(IP({ src: "10.0.0.2", dst: "10.0.0.1" }).div(ICMP({ type: 0, id: 7, seq: 3 }))));
  // Scapy: both hashret() are 000000030107000300.
  assert.equal(bytesHex(echo.hashret()), "000000030107000300");
  assert.equal(bytesHex(reply.hashret()), "000000030107000300");
  assert.ok(reply.answers(echo));
  assert.ok(!echo.answers(reply));
  const wrongSeq = IP({ src: "10.0.0.2", dst: "10.0.0.1" }).div(ICMP({ type: 0, id: 7, seq: 4 }));
  assert.ok(!wrongSeq.answers(echo));
});

test("conf.checkIPaddr off: hashes leave the addresses out and replies from elsewhere match", () => {
  const syn = IP({ src: "10.0.0.1", dst: "10.0.0.2" }).div(TCP({ sport: 1234, dport: 80, seq: 1000 }));
  const fromElsewhere = IP({ src: "10.0.0.7", dst: "10.0.0.1" }).div(TCP({ sport: 80, dport: 1234, seq: 5, ack: 1001, flags: "SA" }));
  assert.equal(bytesHex(syn.hashret()), "00000003068204");
  assert.ok(!fromElsewhere.answers(syn));
  conf.checkIPaddr = false;
  try {
    // Scapy with conf.checkIPaddr=False: "068204" for both.
    assert.equal(bytesHex(syn.hashret()), "068204");
    assert.equal(bytesHex(fromElsewhere.hashret()), "068204");
    assert.ok(fromElsewhere.answers(syn));
    assert.equal(bytesHex(Ether(fromHex(PORT_UNREACHABLE)).hashret()), "000811");
  } finally {
    conf.checkIPaddr = true;
  }
});

test("the quoted layers answer with their own rules", () => {
  const tcpReq = TCP({ sport: 1234, dport: 80 });
  assert.ok(TCPerror({ sport: 1234, dport: 80 }).answers(tcpReq));
  assert.ok(!TCPerror({ sport: 1234, dport: 81 }).answers(tcpReq));
  assert.ok(UDPerror({ sport: 1, dport: 2 }).answers(UDP({ sport: 1, dport: 2 })));
  assert.ok(!UDPerror({ sport: 1, dport: 2 }).answers(UDP({ sport: 2, dport: 1 })));
  assert.ok(ICMPerror({ id: 1, seq: 2 }).answers(ICMP({ id: 1, seq: 2 })));
  assert.ok(!ICMPerror({ id: 1, seq: 3 }).answers(ICMP({ id: 1, seq: 2 })));
  assert.ok(IPerror({ src: "1.1.1.1", dst: "2.2.2.2", proto: 17 }).answers(IP({ src: "1.1.1.1", dst: "2.2.2.2", proto: 17 })));
  assert.ok(!IPerror({ src: "1.1.1.1", dst: "2.2.2.3", proto: 17 }).answers(IP({ src: "1.1.1.1", dst: "2.2.2.2", proto: 17 })));
});

test("ICMP conditional fields follow the type; the code reads by the type's names", () => {
  const unreach = ICMP({ type: "dest-unreach", code: "host-unreachable", nexthopmtu: 1280 });
  assert.equal(unreach.type, 3);
  assert.equal(unreach.code, 1);
  assert.equal(unreach.nexthopmtu, 1280);
  assert.throws(() => ICMP({ type: 3, code: "no-such-code" }), /ICMP\.code/);
  const ts = ICMP(fromHex("0d00f2f9000000000000000100000002" + "00000003"));
  assert.deepEqual([ts.ts_ori, ts.ts_rx, ts.ts_tx], [1, 2, 3]);
  assert.ok(ts.show({ dump: true })!.includes("ts_ori    = 0:0:0.1"));
  assert.equal(ICMP({ ts_ori: "1:02:03.4" }).ts_ori, 3723400);
  assert.throws(() => ICMP({ ts_ori: "noon" }), /ICMP\.ts_ori/);
});
