import assert from "node:assert/strict";
import { test } from "node:test";
import { bytesHex, Ether, fromHex, IP, IPOption_NOP, ls, Padding, Raw, registry, TCP, UDP } from "../../src/index.ts";
import { roundTrip, scapyCaseTests, type ScapyCase } from "../helpers.ts";

// Expected bytes, summaries and reprs come from Debian's Scapy (python3-scapy 2.5) building the
// same expressions (shown in each case); reprs are in 2.6 form (bytes as b'..').

const cases: ScapyCase[] = [
  {
    scapy: `IP(src="10.0.0.2",dst="10.0.0.1")/TCP(flags="S")`,
    build: () => IP({ src: "10.0.0.2", dst: "10.0.0.1" }).div(TCP({ flags: "S" })),
    hex: "4500002800010000400666cd0a0000020a000001001400500000000000000000500220007b7c0000",
    summary: "IP / TCP 10.0.0.2:ftp_data > 10.0.0.1:http S",
    repr: "<IP  frag=0 proto=tcp src=10.0.0.2 dst=10.0.0.1 |<TCP  flags=S |>>",
  },
  {
    scapy: `IP()/TCP()`,
    build: () => IP().div(TCP()),
    hex: "450000280001000040067ccd7f0000017f00000100140050000000000000000050022000917c0000",
    summary: "IP / TCP 127.0.0.1:ftp_data > 127.0.0.1:http S",
    repr: "<IP  frag=0 proto=tcp |<TCP  |>>",
  },
  {
    scapy: `IP(src="10.0.0.1",dst="10.0.0.2",len=100,ihl=6,options=[IPOption_NOP()])/TCP(dataofs=7,sport=1234,dport=80)/b"data"`,
    build: () => IP({ src: "10.0.0.1", dst: "10.0.0.2", len: 100, ihl: 6, options: [IPOption_NOP()] }).div(TCP({ dataofs: 7, sport: 1234, dport: 80 }), "data"),
    hex: "4600006400010000400664910a0000010a0000020100000004d200500000000000000000700220007dc3000064617461",
    summary: "IP / TCP 10.0.0.1:1234 > 10.0.0.2:http S / Raw",
    repr: "<IP  ihl=6 len=100 frag=0 proto=tcp src=10.0.0.1 dst=10.0.0.2 options=[<IPOption_NOP  |>] |<TCP  sport=1234 dport=http dataofs=7 |<Raw  load=b'data' |>>>",
  },
  {
    scapy: `IP(src="10.0.0.1",dst="10.0.0.2",len=30)/UDP(sport=1,dport=2)/b"hello world"`,
    build: () => IP({ src: "10.0.0.1", dst: "10.0.0.2", len: 30 }).div(UDP({ sport: 1, dport: 2 }), "hello world"),
    hex: "4500001e00010000401166cc0a0000010a00000200010002001359fd68656c6c6f20776f726c64",
    summary: "IP / UDP 10.0.0.1:1 > 10.0.0.2:2 / Raw",
    repr: "<IP  len=30 frag=0 proto=udp src=10.0.0.1 dst=10.0.0.2 |<UDP  sport=1 dport=2 |<Raw  load=b'hello world' |>>>",
  },
  {
    scapy: `IP(src="10.0.0.1",dst="10.0.0.2",ihl=7)/TCP(sport=1,dport=2,seq=5)`,
    build: () => IP({ src: "10.0.0.1", dst: "10.0.0.2", ihl: 7 }).div(TCP({ sport: 1, dport: 2, seq: 5 })),
    hex: "4700002800010000400664cd0a0000010a000002000100020000000500000000500220007bd80000",
    summary: "IP / TCP 10.0.0.1:tcpmux > 10.0.0.2:2 S",
    repr: "<IP  ihl=7 frag=0 proto=tcp src=10.0.0.1 dst=10.0.0.2 |<TCP  sport=tcpmux dport=2 seq=5 |>>",
  },
  {
    scapy: `IP(src="1.1.1.1",dst="2.2.2.2")/UDP(sport=1000,dport=2000)/b"hello"`,
    build: () => IP({ src: "1.1.1.1", dst: "2.2.2.2" }).div(UDP({ sport: 1000, dport: 2000 }), "hello"),
    hex: "4500002100010000401174c6010101010202020203e807d0000daa4468656c6c6f",
    summary: "IP / UDP 1.1.1.1:1000 > 2.2.2.2:2000 / Raw",
    repr: "<IP  frag=0 proto=udp src=1.1.1.1 dst=2.2.2.2 |<UDP  sport=1000 dport=2000 |<Raw  load=b'hello' |>>>",
  },
  {
    scapy: `IP(src="10.0.0.1",dst="10.0.0.2",flags="DF",ttl=3,id=0x1234,tos=0x10)/UDP(sport=53,dport=12345)`,
    build: () => IP({ src: "10.0.0.1", dst: "10.0.0.2", flags: "DF", ttl: 3, id: 0x1234, tos: 0x10 }).div(UDP({ sport: 53, dport: 12345 })),
    hex: "4510001c123440000311518b0a0000010a000002003530390008bb6d",
    summary: "IP / UDP 10.0.0.1:domain > 10.0.0.2:12345",
    repr: "<IP  tos=0x10 id=4660 flags=DF frag=0 ttl=3 proto=udp src=10.0.0.1 dst=10.0.0.2 |<UDP  sport=domain dport=12345 |>>",
  },
  {
    // The UDP checksum of this segment sums to 0: it is sent as 0xffff.
    scapy: `IP(src="192.168.0.1",dst="192.168.0.2")/UDP(sport=0x0102,dport=0x0304)/bytes.fromhex("3e2b")`,
    build: () => IP({ src: "192.168.0.1", dst: "192.168.0.2" }).div(UDP({ sport: 0x0102, dport: 0x0304 }), fromHex("3e2b")),
    hex: "4500001e000100004011f97ac0a80001c0a8000201020304000a3c553e2b",
    summary: "IP / UDP 192.168.0.1:258 > 192.168.0.2:772 / Raw",
    repr: "<IP  frag=0 proto=udp src=192.168.0.1 dst=192.168.0.2 |<UDP  sport=258 dport=772 |<Raw  load=b'>+' |>>>",
  },
  {
    scapy: `Ether(src="00:11:22:33:44:55",dst="66:77:88:99:aa:bb")/IP(src="10.0.0.1",dst="10.0.0.2")/TCP(sport=1234,dport=80,seq=1,ack=2,flags="PA")/b"GET / HTTP/1.0\\r\\n\\r\\n"`,
    build: () =>
      Ether({ src: "00:11:22:33:44:55", dst: "66:77:88:99:aa:bb" }).div(
        IP({ src: "10.0.0.1", dst: "10.0.0.2" }),
        TCP({ sport: 1234, dport: 80, seq: 1, ack: 2, flags: "PA" }),
        "GET / HTTP/1.0\r\n\r\n",
      ),
    hex: "66778899aabb00112233445508004500003a00010000400666bb0a0000010a00000204d2005000000001000000025018200097f30000474554202f20485454502f312e300d0a0d0a",
    summary: "Ether / IP / TCP 10.0.0.1:1234 > 10.0.0.2:http PA / Raw",
    repr: "<Ether  dst=66:77:88:99:aa:bb src=00:11:22:33:44:55 type=IPv4 |<IP  frag=0 proto=tcp src=10.0.0.1 dst=10.0.0.2 |<TCP  sport=1234 dport=http seq=1 ack=2 flags=PA |<Raw  load=b'GET / HTTP/1.0\\r\\n\\r\\n' |>>>>",
  },
  {
    scapy: `IP(src="10.0.0.1",dst="10.0.0.2",proto=99)/b"xyz"`,
    build: () => IP({ src: "10.0.0.1", dst: "10.0.0.2", proto: 99 }).div("xyz"),
    hex: "4500001700010000406366810a0000010a00000278797a",
    summary: "10.0.0.1 > 10.0.0.2 99 / Raw",
    repr: "<IP  proto=99 src=10.0.0.1 dst=10.0.0.2 |<Raw  load=b'xyz' |>>",
  },
  {
    scapy: `IP(src="10.0.0.1",dst="10.0.0.2")/IP(src="10.0.0.3",dst="10.0.0.4")/UDP()`,
    build: () => IP({ src: "10.0.0.1", dst: "10.0.0.2" }).div(IP({ src: "10.0.0.3", dst: "10.0.0.4" }), UDP()),
    hex: "4500003000010000400466c70a0000010a0000024500001c00010000401166ca0a0000030a000004003500350008eb6d",
    summary: "IP / IP / UDP 10.0.0.3:domain > 10.0.0.4:domain",
    repr: "<IP  frag=0 proto=ipencap src=10.0.0.1 dst=10.0.0.2 |<IP  frag=0 proto=udp src=10.0.0.3 dst=10.0.0.4 |<UDP  |>>>",
  },
  {
    scapy: `Ether(dst="ff:ff:ff:ff:ff:ff",src="00:00:00:00:00:01")/IP(src="10.0.0.1",dst="10.0.0.2")/TCP(sport=80,dport=1025,flags="SA",seq=100,ack=1,window=65535)`,
    build: () =>
      Ether({ dst: "ff:ff:ff:ff:ff:ff", src: "00:00:00:00:00:01" }).div(
        IP({ src: "10.0.0.1", dst: "10.0.0.2" }),
        TCP({ sport: 80, dport: 1025, flags: "SA", seq: 100, ack: 1, window: 65535 }),
      ),
    hex: "ffffffffffff00000000000108004500002800010000400666cd0a0000010a0000020050040100000064000000015012ffff971a0000",
    summary: "Ether / IP / TCP 10.0.0.1:http > 10.0.0.2:1025 SA",
    repr: "<Ether  dst=ff:ff:ff:ff:ff:ff src=00:00:00:00:00:01 type=IPv4 |<IP  frag=0 proto=tcp src=10.0.0.1 dst=10.0.0.2 |<TCP  sport=http dport=1025 seq=100 ack=1 flags=SA window=65535 |>>>",
  },
  {
    // No IP below: the checksum stays 0.
    scapy: `TCP(sport=1,dport=2)`,
    build: () => TCP({ sport: 1, dport: 2 }),
    hex: "0001000200000000000000005002200000000000",
    summary: "TCP tcpmux > 2 S",
    repr: "<TCP  sport=tcpmux dport=2 |>",
  },
  {
    scapy: `UDP(sport=1,dport=2)/b"x"`,
    build: () => UDP({ sport: 1, dport: 2 }).div("x"),
    hex: "000100020009000078",
    summary: "UDP 1 > 2 / Raw",
    repr: "<UDP  sport=1 dport=2 |<Raw  load=b'x' |>>",
  },
];

scapyCaseTests("", cases);

test("IP fields read back as Scapy's internal values", () => {
  const d = IP(fromHex("4510001c123440000311518b0a0000010a000002003530390008bb6d"));
  assert.equal(d.version, 4);
  assert.equal(d.ihl, 5);
  assert.equal(d.len, 28);
  assert.equal(d.id, 0x1234);
  assert.equal(String(d.flags), "DF");
  assert.equal(Number(d.flags), 2);
  assert.equal(d.ttl, 3);
  assert.equal(d.proto, 17);
  assert.equal(d.chksum, 0x518b);
  assert.equal(d.src, "10.0.0.1");
  assert.deepEqual(d.options, []);
  const u = d.getLayer(UDP)!;
  assert.deepEqual([u.sport, u.dport, u.len, u.chksum], [53, 12345, 8, 0xbb6d]);
});

test("TCP fields read back as Scapy's internal values", () => {
  const d = TCP(fromHex("0050040100000064000000015012ffff971a0000"));
  assert.deepEqual([d.sport, d.dport, d.seq, d.ack, d.dataofs, d.reserved, d.window, d.chksum, d.urgptr], [80, 1025, 100, 1, 5, 0, 65535, 0x971a, 0]);
  assert.equal(String(d.flags), "SA");
  assert.ok(d.flags.has("S") && d.flags.has("A") && !d.flags.has("R"));
});

test("bad values are TypeErrors naming the layer and field", () => {
  assert.throws(() => IP({ dst: "300.1.2.3" }), (e: Error) => e instanceof TypeError && /IP\.dst/.test(e.message));
  assert.throws(() => IP({ id: 70000 }), (e: Error) => e instanceof TypeError && /IP\.id/.test(e.message));
  assert.throws(() => IP({ flags: "XX" }), (e: Error) => e instanceof TypeError && /IP\.flags/.test(e.message));
  assert.throws(() => IP({ proto: "nope" }), (e: Error) => e instanceof TypeError && /IP\.proto/.test(e.message));
  assert.throws(() => TCP({ sport: 70000 }), (e: Error) => e instanceof TypeError && /TCP\.sport/.test(e.message));
  assert.throws(() => TCP({ flags: "Z" }), (e: Error) => e instanceof TypeError && /TCP\.flags/.test(e.message));
  assert.throws(() => UDP({ len: -1 }), (e: Error) => e instanceof TypeError && /UDP\.len/.test(e.message));
  assert.throws(() => IP({ ihl: 16 }), (e: Error) => e instanceof TypeError && /IP\.ihl/.test(e.message));
  assert.throws(() => IP({ nosuch: 1 } as never), TypeError);
});

test("names are accepted where Scapy accepts them", () => {
  assert.equal(IP({ proto: "udp" }).proto, 17);
  assert.equal(TCP({ dport: "http" }).dport, 80);
  assert.equal(UDP({ sport: "domain" }).sport, 53);
});

test("Ethernet padding after the IP total length is Padding, and rebuilds identically", () => {
  // Ether()/IP()/TCP() on the wire, padded to 60 bytes.
  const hex = "ffffffffffff0000000000000800450000280001000040067ccd7f0000017f00000100140050000000000000000050022000917c0000" + "000000000000";
  const d = roundTrip(Ether, hex);
  assert.deepEqual(d.layers().map((l) => l.name), ["Ether", "IP", "TCP", "Padding"]);
  assert.equal(bytesHex(d.getLayer(Padding)!.load), "000000000000");
  void Raw;
});

// ls(IP), ls(TCP), ls(UDP), ls(IPOption_Timestamp) and ls(ICMP) printed by Debian's Scapy.
const LS: Record<string, string> = {
  IP: "version    : BitField  (4 bits)                  = ('4')\nihl        : BitField  (4 bits)                  = ('None')\ntos        : XByteField                          = ('0')\nlen        : ShortField                          = ('None')\nid         : ShortField                          = ('1')\nflags      : FlagsField                          = ('<Flag 0 ()>')\nfrag       : BitField  (13 bits)                 = ('0')\nttl        : ByteField                           = ('64')\nproto      : ByteEnumField                       = ('0')\nchksum     : XShortField                         = ('None')\nsrc        : SourceIPField                       = ('None')\ndst        : DestIPField                         = ('None')\noptions    : PacketListField                     = ('[]')",
  TCP: "sport      : ShortEnumField                      = ('20')\ndport      : ShortEnumField                      = ('80')\nseq        : IntField                            = ('0')\nack        : IntField                            = ('0')\ndataofs    : BitField  (4 bits)                  = ('None')\nreserved   : BitField  (3 bits)                  = ('0')\nflags      : FlagsField                          = ('<Flag 2 (S)>')\nwindow     : ShortField                          = ('8192')\nchksum     : XShortField                         = ('None')\nurgptr     : ShortField                          = ('0')\noptions    : TCPOptionsField                     = (\"b''\")",
  UDP: "sport      : ShortEnumField                      = ('53')\ndport      : ShortEnumField                      = ('53')\nlen        : ShortField                          = ('None')\nchksum     : XShortField                         = ('None')",
  IPOption_Timestamp: "copy_flag  : BitField  (1 bit)                   = ('0')\noptclass   : BitEnumField                        = ('2')\noption     : BitEnumField                        = ('4')\nlength     : ByteField                           = ('None')\npointer    : ByteField                           = ('9')\noflw       : BitField  (4 bits)                  = ('0')\nflg        : BitEnumField                        = ('1')\ninternet_address : IPField (Cond)                      = (\"'0.0.0.0'\")\ntimestamp  : IntField                            = ('0')",
  ICMP: "type       : ByteEnumField                       = ('8')\ncode       : MultiEnumField (Depends on 8)       = ('0')\nchksum     : XShortField                         = ('None')\nid         : XShortField (Cond)                  = ('0')\nseq        : XShortField (Cond)                  = ('0')\nts_ori     : ICMPTimeStampField (Cond)           = ('57577314')\nts_rx      : ICMPTimeStampField (Cond)           = ('57577314')\nts_tx      : ICMPTimeStampField (Cond)           = ('57577314')\ngw         : IPField (Cond)                      = (\"'0.0.0.0'\")\nptr        : ByteField (Cond)                    = ('0')\nreserved   : ByteField (Cond)                    = ('0')\nlength     : ByteField (Cond)                    = ('0')\naddr_mask  : IPField (Cond)                      = (\"'0.0.0.0'\")\nnexthopmtu : ShortField (Cond)                   = ('0')\nunused     : MultipleTypeField (ShortField, IntField, StrFixedLenField) = (\"b''\")",
};

test("ls() of each layer is Scapy's", () => {
  for (const [name, expected] of Object.entries(LS)) {
    const text = ls(registry.layers.get(name)!, { dump: true })!;
    // ICMP's timestamps default to the time the module was loaded (as in Scapy): any number.
    const norm = (t: string) => t.replace(/^(ts_\w+ +: .*= )\('\d+'\)$/gm, "$1(N)");
    assert.equal(norm(text), norm(expected), name);
  }
});

test("show() and show2() of IP()/TCP() are Scapy's", () => {
  // Scapy: (IP()/TCP()).show() and .show2() (2.6 form: TCP options print as []).
  const show = [
    "###[ IP ]###",
    "  version   = 4",
    "  ihl       = None",
    "  tos       = 0x0",
    "  len       = None",
    "  id        = 1",
    "  flags     =",
    "  frag      = 0",
    "  ttl       = 64",
    "  proto     = tcp",
    "  chksum    = None",
    "  src       = 127.0.0.1",
    "  dst       = 127.0.0.1",
    "  \\options   \\",
    "###[ TCP ]###",
    "     sport     = ftp_data",
    "     dport     = http",
    "     seq       = 0",
    "     ack       = 0",
    "     dataofs   = None",
    "     reserved  = 0",
    "     flags     = S",
    "     window    = 8192",
    "     chksum    = None",
    "     urgptr    = 0",
    "     options   = []",
    "",
  ].join("\n");
  const show2 = [
    "###[ IP ]###",
    "  version   = 4",
    "  ihl       = 5",
    "  tos       = 0x0",
    "  len       = 40",
    "  id        = 1",
    "  flags     =",
    "  frag      = 0",
    "  ttl       = 64",
    "  proto     = tcp",
    "  chksum    = 0x7ccd",
    "  src       = 127.0.0.1",
    "  dst       = 127.0.0.1",
    "  \\options   \\",
    "###[ TCP ]###",
    "     sport     = ftp_data",
    "     dport     = http",
    "     seq       = 0",
    "     ack       = 0",
    "     dataofs   = 5",
    "     reserved  = 0",
    "     flags     = S",
    "     window    = 8192",
    "     chksum    = 0x917c",
    "     urgptr    = 0",
    "     options   = []",
    "",
  ].join("\n");
  const p = IP().div(TCP());
  assert.equal(p.show({ dump: true }), show);
  assert.equal(p.show2({ dump: true }), show2);
});
