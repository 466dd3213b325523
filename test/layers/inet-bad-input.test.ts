import assert from "node:assert/strict";
import { test } from "node:test";
import { bytesHex, Ether, fromHex, IP, raw, registry, type Packet } from "../../src/index.ts";
import { seededRandom } from "../helpers.ts";

// Bad input never throws: what cannot be decoded becomes Raw, what follows a declared length
// becomes Padding, and the bytes always rebuild as they came. Expected reprs are Scapy's
// (python3-scapy 2.5, 2.6 text form) for the same bytes.

const layerNames = (p: Packet) => p.layers().map((l) => l.name).join("/");

const BAD_INPUT: Array<[cls: string, what: string, hex: string, repr: string]> = [
  ["IP", "ihl 0", "4000002700010000401166c30a0000010a00000200010002001359f468656c6c6f20776f726c64", "<IP  version=4 ihl=0 tos=0x0 len=39 id=1 flags= frag=0 ttl=64 proto=udp chksum=0x66c3 src=10.0.0.1 dst=10.0.0.2 |<UDP  sport=1 dport=2 len=19 chksum=0x59f4 |<Raw  load=b'hello world' |>>>"],
  ["IP", "ihl 1", "4100002700010000401166c30a0000010a00000200010002001359f468656c6c6f20776f726c64", "<IP  version=4 ihl=1 tos=0x0 len=39 id=1 flags= frag=0 ttl=64 proto=udp chksum=0x66c3 src=10.0.0.1 dst=10.0.0.2 options=[<IPOption_EOL  copy_flag=0 optclass=control option=end_of_list |>, <IPOption_NOP  copy_flag=0 optclass=control option=nop |>, <IPOption_EOL  copy_flag=0 optclass=control option=end_of_list |>] |<UDP  sport=biff dport=4953 len=62568 chksum=0x656c |<Raw  load=b'lo world' |>>>"],
  ["IP", "ihl 4", "4400002700010000401166c30a0000010a00000200010002001359f468656c6c6f20776f726c64", "<IP  version=4 ihl=4 tos=0x0 len=39 id=1 flags= frag=0 ttl=64 proto=udp chksum=0x66c3 src=10.0.0.1 dst=10.0.0.2 options=[<IPOption_EOL  copy_flag=0 optclass=control option=end_of_list |>, <IPOption_NOP  copy_flag=0 optclass=control option=nop |>, <IPOption_EOL  copy_flag=0 optclass=control option=end_of_list |>, <IPOption_Security  copy_flag=0 optclass=control option=security length=0 security=4953 compartment=62568 handling_restrictions=25964 transmission_control_code=b'lo ' |>, <IPOption  copy_flag=0 optclass=3 option=dynamic_packet_state |>] |<Raw  load=b'orld' |>>"],
  ["IP", "ihl 15", "4f00002700010000401166c30a0000010a00000200010002001359f468656c6c6f20776f726c64", "<IP  version=4 ihl=15 tos=0x0 len=39 id=1 flags= frag=0 ttl=64 proto=udp chksum=0x66c3 src=10.0.0.1 dst=10.0.0.2 options=[<IPOption_EOL  copy_flag=0 optclass=control option=end_of_list |>, <IPOption_NOP  copy_flag=0 optclass=control option=nop |>, <IPOption_EOL  copy_flag=0 optclass=control option=end_of_list |>, <IPOption_Security  copy_flag=0 optclass=control option=security length=0 security=4953 compartment=62568 handling_restrictions=25964 transmission_control_code=b'lo ' |>, <IPOption  copy_flag=0 optclass=3 option=dynamic_packet_state length=111 value=b'rld' |>] |>"],
  ["IP", "total length 0", "4500000000010000401166c30a0000010a00000200010002001359f468656c6c6f20776f726c64", "<IP  version=4 ihl=5 tos=0x0 len=0 id=1 flags= frag=0 ttl=64 proto=udp chksum=0x66c3 src=10.0.0.1 dst=10.0.0.2 |<UDP  sport=1 dport=2 len=19 chksum=0x59f4 |<Raw  load=b'hello world' |>>>"],
  ["IP", "total length 10", "4500000a00010000401166c30a0000010a00000200010002001359f468656c6c6f20776f726c64", "<IP  version=4 ihl=5 tos=0x0 len=10 id=1 flags= frag=0 ttl=64 proto=udp chksum=0x66c3 src=10.0.0.1 dst=10.0.0.2 |<UDP  sport=1 dport=2 len=19 chksum=0x59f4 |<Raw  load=b'hello world' |>>>"],
  ["IP", "total length 20", "4500001400010000401166c30a0000010a00000200010002001359f468656c6c6f20776f726c64", "<IP  version=4 ihl=5 tos=0x0 len=20 id=1 flags= frag=0 ttl=64 proto=udp chksum=0x66c3 src=10.0.0.1 dst=10.0.0.2 |<Padding  load=b'\\x00\\x01\\x00\\x02\\x00\\x13Y\\xf4hello world' |>>"],
  ["IP", "total length 27", "4500001b00010000401166c30a0000010a00000200010002001359f468656c6c6f20776f726c64", "<IP  version=4 ihl=5 tos=0x0 len=27 id=1 flags= frag=0 ttl=64 proto=udp chksum=0x66c3 src=10.0.0.1 dst=10.0.0.2 |<Raw  load=b'\\x00\\x01\\x00\\x02\\x00\\x13Y' |<Padding  load=b'\\xf4hello world' |>>>"],
  ["IP", "total length 100", "4500006400010000401166c30a0000010a00000200010002001359f468656c6c6f20776f726c64", "<IP  version=4 ihl=5 tos=0x0 len=100 id=1 flags= frag=0 ttl=64 proto=udp chksum=0x66c3 src=10.0.0.1 dst=10.0.0.2 |<UDP  sport=1 dport=2 len=19 chksum=0x59f4 |<Raw  load=b'hello world' |>>>"],
  ["IP", "UDP length 0", "4500002700010000401166c30a0000010a0000020001000200005a0768656c6c6f20776f726c64", "<IP  version=4 ihl=5 tos=0x0 len=39 id=1 flags= frag=0 ttl=64 proto=udp chksum=0x66c3 src=10.0.0.1 dst=10.0.0.2 |<UDP  sport=1 dport=2 len=0 chksum=0x5a07 |<Raw  load=b'hel' |<Padding  load=b'lo world' |>>>>"],
  ["IP", "UDP length 7", "4500002700010000401166c30a0000010a0000020001000200075a0068656c6c6f20776f726c64", "<IP  version=4 ihl=5 tos=0x0 len=39 id=1 flags= frag=0 ttl=64 proto=udp chksum=0x66c3 src=10.0.0.1 dst=10.0.0.2 |<UDP  sport=1 dport=2 len=7 chksum=0x5a00 |<Raw  load=b'hello worl' |<Padding  load=b'd' |>>>>"],
  ["IP", "UDP length 12", "4500002700010000401166c30a0000010a00000200010002000c59fb68656c6c6f20776f726c64", "<IP  version=4 ihl=5 tos=0x0 len=39 id=1 flags= frag=0 ttl=64 proto=udp chksum=0x66c3 src=10.0.0.1 dst=10.0.0.2 |<UDP  sport=1 dport=2 len=12 chksum=0x59fb |<Raw  load=b'hell' |<Padding  load=b'o world' |>>>>"],
  ["IP", "UDP length 30", "4500002700010000401166c30a0000010a00000200010002001e59e968656c6c6f20776f726c64", "<IP  version=4 ihl=5 tos=0x0 len=39 id=1 flags= frag=0 ttl=64 proto=udp chksum=0x66c3 src=10.0.0.1 dst=10.0.0.2 |<UDP  sport=1 dport=2 len=30 chksum=0x59e9 |<Raw  load=b'hello world' |>>>"],
  ["IP", "TCP dataofs 0", "4500003400010000400666c10a0000010a00000200010002000000000000000000022000e2830000020405b46162636465666768", "<IP  version=4 ihl=5 tos=0x0 len=52 id=1 flags= frag=0 ttl=64 proto=tcp chksum=0x66c1 src=10.0.0.1 dst=10.0.0.2 |<TCP  sport=tcpmux dport=2 seq=0 ack=0 dataofs=0 reserved=0 flags=S window=8192 chksum=0xe283 urgptr=0 |<Raw  load=b'\\x02\\x04\\x05\\xb4abcdefgh' |>>>"],
  ["IP", "TCP dataofs 4", "4500003400010000400666c10a0000010a00000200010002000000000000000040022000e2830000020405b46162636465666768", "<IP  version=4 ihl=5 tos=0x0 len=52 id=1 flags= frag=0 ttl=64 proto=tcp chksum=0x66c1 src=10.0.0.1 dst=10.0.0.2 |<TCP  sport=tcpmux dport=2 seq=0 ack=0 dataofs=4 reserved=0 flags=S window=8192 chksum=0xe283 urgptr=0 |<Raw  load=b'\\x02\\x04\\x05\\xb4abcdefgh' |>>>"],
  ["IP", "TCP dataofs 8", "4500003400010000400666c10a0000010a00000200010002000000000000000080022000e2830000020405b46162636465666768", "<IP  version=4 ihl=5 tos=0x0 len=52 id=1 flags= frag=0 ttl=64 proto=tcp chksum=0x66c1 src=10.0.0.1 dst=10.0.0.2 |<TCP  sport=tcpmux dport=2 seq=0 ack=0 dataofs=8 reserved=0 flags=S window=8192 chksum=0xe283 urgptr=0 options=[('MSS', 1460), (97, b'cdefgh')] |>>"],
  ["IP", "TCP dataofs 15", "4500003400010000400666c10a0000010a000002000100020000000000000000f0022000e2830000020405b46162636465666768", "<IP  version=4 ihl=5 tos=0x0 len=52 id=1 flags= frag=0 ttl=64 proto=tcp chksum=0x66c1 src=10.0.0.1 dst=10.0.0.2 |<TCP  sport=tcpmux dport=2 seq=0 ack=0 dataofs=15 reserved=0 flags=S window=8192 chksum=0xe283 urgptr=0 options=[('MSS', 1460), (97, b'cdefgh')] |>>"],
  ["Ether", "IP cut before its length", "00000000000200000000000108004500", "<Ether  dst=00:00:00:00:00:02 src=00:00:00:00:00:01 type=IPv4 |<Raw  load=b'E\\x00' |>>"],
  ["IP", "ICMP error quoting 4 bytes of UDP", "4500003800010000400166bb0a0000090a00000103031119000000004500001c00010000401166ce0a0000010a00000200010002", "<IP  version=4 ihl=5 tos=0x0 len=56 id=1 flags= frag=0 ttl=64 proto=icmp chksum=0x66bb src=10.0.0.9 dst=10.0.0.1 |<ICMP  type=dest-unreach code=port-unreachable chksum=0x1119 reserved=0 length=0 nexthopmtu=0 unused=b'' |<IPerror  version=4 ihl=5 tos=0x0 len=28 id=1 flags= frag=0 ttl=64 proto=udp chksum=0x66ce src=10.0.0.1 dst=10.0.0.2 |<Raw  load=b'\\x00\\x01\\x00\\x02' |>>>>"],
  ["IP", "ICMP error quoting 2 bytes of IP", "4500003000010000400166c30a0000090a0000010b00f4ff000000004500", "<IP  version=4 ihl=5 tos=0x0 len=48 id=1 flags= frag=0 ttl=64 proto=icmp chksum=0x66c3 src=10.0.0.9 dst=10.0.0.1 |<ICMP  type=time-exceeded code=ttl-zero-during-transit chksum=0xf4ff reserved=0 length=0 unused=0 |<Raw  load=b'E\\x00' |>>>"],
  ["IP", "later fragment stays Raw", "4500002800010003400666ca0a0000010a000002000100026162636465666768696a6b6c6d6e6f70", "<IP  version=4 ihl=5 tos=0x0 len=40 id=1 flags= frag=3 ttl=64 proto=tcp chksum=0x66ca src=10.0.0.1 dst=10.0.0.2 |<Raw  load=b'\\x00\\x01\\x00\\x02abcdefghijklmnop' |>>"],
  ["IP", "IP version 6 in an IP header", "6500002700010000401166c30a0000010a00000200010002001359f468656c6c6f20776f726c64", "<IP  version=6 ihl=5 tos=0x0 len=39 id=1 flags= frag=0 ttl=64 proto=udp chksum=0x66c3 src=10.0.0.1 dst=10.0.0.2 |<UDP  sport=1 dport=2 len=19 chksum=0x59f4 |<Raw  load=b'hello world' |>>>"],
];

for (const [cls, what, hex, expected] of BAD_INPUT) {
  test(`bad input, read as Scapy reads it: ${what}`, () => {
    const bytes = fromHex(hex);
    const p = cls === "IP" ? IP(bytes) : Ether(bytes);
    assert.equal(String(p), expected);
    assert.equal(bytesHex(raw(p)), hex);
  });
}

// Ether(dst="00:00:00:00:00:02",src="00:00:00:00:00:01")/IP(src="10.0.0.1",dst="10.0.0.2",options=[IPOption_NOP()])/TCP(sport=1,dport=2,options=[("MSS",1460),("NOP",None),("WScale",3)])/b"payload"
const TCP_FRAME = "00000000000200000000000108004600003b00010000400664ba0a0000010a000002010000000001000200000000000000007002200092e00000020405b4010303037061796c6f6164";
const TCP_FRAME_CUTS: Array<[length: number, layers: string]> = [
  [14, "Ether"],
  [15, "Ether/Raw"],
  [16, "Ether/Raw"],
  [17, "Ether/Raw"],
  [18, "Ether/IP"],
  [19, "Ether/Raw"],
  [20, "Ether/IP"],
  [21, "Ether/Raw"],
  [22, "Ether/IP"],
  [23, "Ether/IP"],
  [24, "Ether/IP"],
  [25, "Ether/Raw"],
  [26, "Ether/IP"],
  [27, "Ether/Raw"],
  [28, "Ether/Raw"],
  [29, "Ether/Raw"],
  [30, "Ether/IP"],
  [31, "Ether/Raw"],
  [32, "Ether/Raw"],
  [33, "Ether/Raw"],
  [34, "Ether/IP"],
  [35, "Ether/IP"],
  [36, "Ether/IP"],
  [37, "Ether/IP"],
  [38, "Ether/IP"],
  [39, "Ether/IP/Raw"],
  [40, "Ether/IP/TCP"],
  [41, "Ether/IP/Raw"],
  [42, "Ether/IP/TCP"],
  [43, "Ether/IP/Raw"],
  [44, "Ether/IP/Raw"],
  [45, "Ether/IP/Raw"],
  [46, "Ether/IP/TCP"],
  [47, "Ether/IP/Raw"],
  [48, "Ether/IP/Raw"],
  [49, "Ether/IP/Raw"],
  [50, "Ether/IP/TCP"],
  [51, "Ether/IP/Raw"],
  [52, "Ether/IP/TCP"],
  [53, "Ether/IP/Raw"],
  [54, "Ether/IP/TCP"],
  [55, "Ether/IP/Raw"],
  [56, "Ether/IP/TCP"],
  [57, "Ether/IP/Raw"],
  [58, "Ether/IP/TCP"],
  [59, "Ether/IP/TCP"],
  [60, "Ether/IP/TCP"],
  [61, "Ether/IP/TCP"],
  [62, "Ether/IP/TCP"],
  [63, "Ether/IP/TCP"],
  [64, "Ether/IP/TCP"],
  [65, "Ether/IP/TCP"],
  [66, "Ether/IP/TCP"],
  [67, "Ether/IP/TCP/Raw"],
  [68, "Ether/IP/TCP/Raw"],
  [69, "Ether/IP/TCP/Raw"],
  [70, "Ether/IP/TCP/Raw"],
  [71, "Ether/IP/TCP/Raw"],
  [72, "Ether/IP/TCP/Raw"],
];
// Ether(dst="00:00:00:00:00:02",src="00:00:00:00:00:01")/IP(src="10.0.0.9",dst="10.0.0.1")/ICMP(type=3,code=3)/IP(src="10.0.0.1",dst="10.0.0.2")/UDP(sport=1234,dport=9999)/b"query"
const ICMP_ERROR_FRAME = "00000000000200000000000108004500003d00010000400166b60a0000090a0000010303111e000000004500002100010000401166c90a0000010a00000204d2270f000d70087175657279";
const ICMP_ERROR_FRAME_CUTS: Array<[length: number, layers: string]> = [
  [14, "Ether"],
  [15, "Ether/Raw"],
  [16, "Ether/Raw"],
  [17, "Ether/Raw"],
  [18, "Ether/IP"],
  [19, "Ether/Raw"],
  [20, "Ether/IP"],
  [21, "Ether/Raw"],
  [22, "Ether/IP"],
  [23, "Ether/IP"],
  [24, "Ether/IP"],
  [25, "Ether/Raw"],
  [26, "Ether/IP"],
  [27, "Ether/Raw"],
  [28, "Ether/Raw"],
  [29, "Ether/Raw"],
  [30, "Ether/IP"],
  [31, "Ether/Raw"],
  [32, "Ether/Raw"],
  [33, "Ether/Raw"],
  [34, "Ether/IP"],
  [35, "Ether/IP/ICMP"],
  [36, "Ether/IP/ICMP"],
  [37, "Ether/IP/Raw"],
  [38, "Ether/IP/ICMP"],
  [39, "Ether/IP/ICMP"],
  [40, "Ether/IP/ICMP"],
  [41, "Ether/IP/Raw"],
  [42, "Ether/IP/ICMP"],
  [43, "Ether/IP/ICMP/Raw"],
  [44, "Ether/IP/ICMP/Raw"],
  [45, "Ether/IP/ICMP/Raw"],
  [46, "Ether/IP/ICMP/IPerror"],
  [47, "Ether/IP/ICMP/Raw"],
  [48, "Ether/IP/ICMP/IPerror"],
  [49, "Ether/IP/ICMP/Raw"],
  [50, "Ether/IP/ICMP/IPerror"],
  [51, "Ether/IP/ICMP/IPerror"],
  [52, "Ether/IP/ICMP/IPerror"],
  [53, "Ether/IP/ICMP/Raw"],
  [54, "Ether/IP/ICMP/IPerror"],
  [55, "Ether/IP/ICMP/Raw"],
  [56, "Ether/IP/ICMP/Raw"],
  [57, "Ether/IP/ICMP/Raw"],
  [58, "Ether/IP/ICMP/IPerror"],
  [59, "Ether/IP/ICMP/Raw"],
  [60, "Ether/IP/ICMP/Raw"],
  [61, "Ether/IP/ICMP/Raw"],
  [62, "Ether/IP/ICMP/IPerror"],
  [63, "Ether/IP/ICMP/IPerror/Raw"],
  [64, "Ether/IP/ICMP/IPerror/Raw"],
  [65, "Ether/IP/ICMP/IPerror/Raw"],
  [66, "Ether/IP/ICMP/IPerror/Raw"],
  [67, "Ether/IP/ICMP/IPerror/Raw"],
  [68, "Ether/IP/ICMP/IPerror/UDPerror"],
  [69, "Ether/IP/ICMP/IPerror/Raw"],
  [70, "Ether/IP/ICMP/IPerror/UDPerror"],
  [71, "Ether/IP/ICMP/IPerror/UDPerror/Raw"],
  [72, "Ether/IP/ICMP/IPerror/UDPerror/Raw"],
  [73, "Ether/IP/ICMP/IPerror/UDPerror/Raw"],
  [74, "Ether/IP/ICMP/IPerror/UDPerror/Raw"],
];

for (const [name, frame, cuts] of [
  ["Ether/IP/TCP", TCP_FRAME, TCP_FRAME_CUTS],
  ["Ether/IP/ICMP error", ICMP_ERROR_FRAME, ICMP_ERROR_FRAME_CUTS],
] as const) {
  test(`${name} cut at every length: never throws, rebuilds the same bytes, layers as Scapy`, () => {
    const full = fromHex(frame);
    const expected = new Map(cuts.map(([n, layers]) => [n, layers]));
    // Zero bytes are no bytes: Ether(b"") is a default Ether in Scapy (tested in l2.test.ts).
    for (let n = 1; n <= full.length; n++) {
      const bytes = full.subarray(0, n);
      const p = Ether(bytes);
      assert.equal(bytesHex(raw(p)), bytesHex(bytes), `rebuild of ${n} bytes`);
      p.summary();
      p.show({ dump: true });
      String(p);
      const want = expected.get(n);
      if (want !== undefined) assert.equal(layerNames(p), want, `layers of ${n} bytes`);
    }
  });
}


// Valid frames to mutate, built by Scapy: TCP with IP and TCP options, an ICMP error, IP options
// of every kind, a UDP datagram, ICMP timestamp.
const SEEDS = [
  TCP_FRAME,
  ICMP_ERROR_FRAME,
  // Ether()/IP(src="1.1.1.1",dst="2.2.2.2",options=[IPOption_Timestamp(timestamp=5),IPOption_RR(routers=["1.1.1.1"]),IPOption_Security(),IPOption_SDBM(addresses=["5.6.7.8"])])/UDP(sport=1,dport=2)/b"x"
  "ffffffffffff00000000000008004c00004000010000401154b80101010102020202440c0901000000000000000507070401010101820b0000000000000078787895060506070800000001000200095d7078",
  // Ether()/IP(src="1.1.1.1",dst="2.2.2.2")/ICMP(type=13,id=1,seq=2,ts_ori=1,ts_rx=2,ts_tx=3)
  "ffffffffffff000000000000080045000028000100004001 74cf01010101020202020d00f1f6000100020000000100000002 00000003".replace(/ /g, ""),
];

test("fuzz: thousands of random and mutated frames never throw and rebuild identically", () => {
  const next = seededRandom(0x1234abcd);
  const int = (n: number) => Math.floor(next() * n);
  const classes = [Ether, IP, registry.layers.get("TCP")!, registry.layers.get("UDP")!, registry.layers.get("ICMP")!, registry.layers.get("IPOption")!];
  let checked = 0;
  for (let round = 0; round < 3000; round++) {
    let bytes: Uint8Array;
    if (round % 4 === 0) {
      bytes = new Uint8Array(int(120));
      for (let i = 0; i < bytes.length; i++) bytes[i] = int(256);
      // Mostly IPv4 headers, so the interesting paths run.
      if (bytes.length > 14 && int(2)) (bytes[12] = 8), (bytes[13] = 0), (bytes[14] = 0x40 | int(16));
    } else {
      bytes = fromHex(SEEDS[int(SEEDS.length)]!);
      const flips = 1 + int(6);
      for (let k = 0; k < flips; k++) bytes[int(bytes.length)] = int(256);
      if (int(3) === 0) bytes = bytes.subarray(0, int(bytes.length + 1));
    }
    const cls = round % 5 === 4 ? classes[int(classes.length)]! : Ether;
    const start = cls === Ether ? 0 : Math.min(14, bytes.length);
    // At least one byte: no bytes at all build a default packet (Scapy's IP(b"")), tested in l2.test.ts.
    const input = bytes.length > start ? bytes.subarray(start) : Uint8Array.of(0x45);
    let p: Packet;
    try {
      p = cls(input);
      assert.equal(bytesHex(raw(p)), bytesHex(input));
      p.summary();
      p.show({ dump: true });
      String(p);
      p.hashret();
      p.answers(p);
      // Every field of every layer reads without throwing.
      for (let q: Packet | null = p; q !== null; q = q.payload) for (const f of q.spec.layout.fields) q.getFieldValue(f.name);
    } catch (e) {
      assert.fail(`${cls.name}(${bytesHex(input)}) threw: ${(e as Error).stack}`);
    }
    checked++;
  }
  assert.equal(checked, 3000);
});
