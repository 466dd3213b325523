import assert from "node:assert/strict";
import { test } from "node:test";
import {
  bytesHex,
  fromHex,
  ICMP,
  IP,
  IPOption,
  IPOption_Address_Extension,
  IPOption_EOL,
  IPOption_LSRR,
  IPOption_MTU_Probe,
  IPOption_MTU_Reply,
  IPOption_NOP,
  IPOption_Router_Alert,
  IPOption_RR,
  IPOption_SDBM,
  IPOption_Security,
  IPOption_SSRR,
  IPOption_Stream_Id,
  IPOption_Timestamp,
  IPOption_Traceroute,
  raw,
  TCP,
  TCPAOValue,
  tcpOptionsRepr,
  UDP,
  type Packet,
} from "../../src/index.ts";
import { assertBytes, roundTrip, scapyCaseTests, type ScapyCase } from "../helpers.ts";

// Expected output comes from Debian's Scapy (python3-scapy 2.5) on the expression in each case,
// reprs in 2.6 form (bytes as b'..').

const cases: ScapyCase[] = [
  {
    scapy: "IP(src=\"1.1.1.1\",dst=\"2.2.2.2\",options=[IPOption_RR(routers=[\"1.1.1.1\",\"2.2.2.2\"])])/UDP(sport=1,dport=2)",
    build: () => IP({ src: "1.1.1.1", dst: "2.2.2.2", options: [IPOption_RR({ routers: ["1.1.1.1", "2.2.2.2"] })] }).div(UDP({ sport: 1, dport: 2 })),
    hex: "4800002800010000401160ae0101010102020202070b04010101010202020200000100020008f9d5",
    summary: "IP / UDP 1.1.1.1:1 > 2.2.2.2:2",
    repr: "<IP  frag=0 proto=udp src=1.1.1.1 dst=2.2.2.2 options=[<IPOption_RR  routers=[1.1.1.1, 2.2.2.2] |>] |<UDP  sport=1 dport=2 |>>",
  },
  {
    scapy: "IP(src=\"1.1.1.1\",dst=\"2.2.2.2\",options=[IPOption_LSRR(routers=[\"3.3.3.3\",\"4.4.4.4\"])])/TCP(sport=1,dport=2)",
    build: () => IP({ src: "1.1.1.1", dst: "2.2.2.2", options: [IPOption_LSRR({ routers: ["3.3.3.3", "4.4.4.4"] })] }).div(TCP({ sport: 1, dport: 2 })),
    hex: "48000034000100004006dca40101010102020202830b040303030304040404000001000200000000000000005002200085d60000",
    summary: "IP / TCP 1.1.1.1:tcpmux > 2.2.2.2:2 S",
    repr: "<IP  frag=0 proto=tcp src=1.1.1.1 dst=2.2.2.2 options=[<IPOption_LSRR  routers=[3.3.3.3, 4.4.4.4] |>] |<TCP  sport=tcpmux dport=2 |>>",
  },
  {
    scapy: "IP(src=\"1.1.1.1\",dst=\"2.2.2.2\",options=[IPOption_SSRR(routers=[\"5.5.5.5\"],pointer=8)])/UDP(sport=1,dport=2)",
    build: () => IP({ src: "1.1.1.1", dst: "2.2.2.2", options: [IPOption_SSRR({ routers: ["5.5.5.5"], pointer: 8 })] }).div(UDP({ sport: 1, dport: 2 })),
    hex: "47000024000100004011d7b101010101020202028907080505050500000100020008f3cf",
    summary: "IP / UDP 1.1.1.1:1 > 2.2.2.2:2",
    repr: "<IP  frag=0 proto=udp src=1.1.1.1 dst=2.2.2.2 options=[<IPOption_SSRR  pointer=8 routers=[5.5.5.5] |>] |<UDP  sport=1 dport=2 |>>",
  },
  {
    scapy: "IP(src=\"1.1.1.1\",dst=\"2.2.2.2\",options=[IPOption_Timestamp(timestamp=5),IPOption_Timestamp(flg=0,timestamp=7)])",
    build: () => IP({ src: "1.1.1.1", dst: "2.2.2.2", options: [IPOption_Timestamp({ timestamp: 5 }), IPOption_Timestamp({ flg: 0, timestamp: 7 })] }),
    hex: "4a000028000100004000d5ae0101010102020202440c090100000000000000054408090000000007",
    summary: "1.1.1.1 > 2.2.2.2 hopopt",
    repr: "<IP  src=1.1.1.1 dst=2.2.2.2 options=[<IPOption_Timestamp  timestamp=5 |>, <IPOption_Timestamp  flg=timestamp_only timestamp=7 |>] |>",
  },
  {
    scapy: "IP(src=\"1.1.1.1\",dst=\"224.0.0.22\",options=[IPOption_Router_Alert()])/b\"\\x22\\x00\"",
    build: () => IP({ src: "1.1.1.1", dst: "224.0.0.22", options: [IPOption_Router_Alert()] }).div(fromHex("2200")),
    hex: "4600001a00010000400003c701010101e0000016940400002200",
    summary: "1.1.1.1 > 224.0.0.22 hopopt / Raw",
    repr: "<IP  src=1.1.1.1 dst=224.0.0.22 options=[<IPOption_Router_Alert  |>] |<Raw  load=b'\"\\x00' |>>",
  },
  {
    scapy: "IP(src=\"1.1.1.1\",dst=\"2.2.2.2\",options=[IPOption_NOP(),IPOption_NOP(),IPOption_EOL()])",
    build: () => IP({ src: "1.1.1.1", dst: "2.2.2.2", options: [IPOption_NOP(), IPOption_NOP(), IPOption_EOL()] }),
    hex: "4600001800010000400072df010101010202020201010000",
    summary: "1.1.1.1 > 2.2.2.2 hopopt",
    repr: "<IP  src=1.1.1.1 dst=2.2.2.2 options=[<IPOption_NOP  |>, <IPOption_NOP  |>, <IPOption_EOL  |>] |>",
  },
  {
    scapy: "IP(src=\"1.1.1.1\",dst=\"2.2.2.2\",options=[IPOption_NOP()])/ICMP()",
    build: () => IP({ src: "1.1.1.1", dst: "2.2.2.2", options: [IPOption_NOP()] }).div(ICMP()),
    hex: "4600002000010000400172d70101010102020202010000000800f7ff00000000",
    summary: "IP / ICMP 1.1.1.1 > 2.2.2.2 echo-request 0",
    repr: "<IP  frag=0 proto=icmp src=1.1.1.1 dst=2.2.2.2 options=[<IPOption_NOP  |>] |<ICMP  |>>",
  },
  {
    scapy: "IP(src=\"1.1.1.1\",dst=\"2.2.2.2\",options=[IPOption_Security(),IPOption_Stream_Id(security=5),IPOption_MTU_Probe(mtu=1500),IPOption_MTU_Reply(mtu=576)])",
    build: () => IP({ src: "1.1.1.1", dst: "2.2.2.2", options: [IPOption_Security(), IPOption_Stream_Id({ security: 5 }), IPOption_MTU_Probe({ mtu: 1500 }), IPOption_MTU_Reply({ mtu: 576 })] }),
    hex: "4b00002c000100004000cea00101010102020202820b000000000000787878880400050b0405dc0c04024000",
    summary: "1.1.1.1 > 2.2.2.2 hopopt",
    repr: "<IP  src=1.1.1.1 dst=2.2.2.2 options=[<IPOption_Security  |>, <IPOption_Stream_Id  security=5 |>, <IPOption_MTU_Probe  mtu=1500 |>, <IPOption_MTU_Reply  mtu=576 |>] |>",
  },
  {
    scapy: "IP(src=\"1.1.1.1\",dst=\"2.2.2.2\",options=[IPOption_Traceroute(id=1,outbound_hops=2,originator_ip=\"1.2.3.4\"),IPOption_SDBM(addresses=[\"5.6.7.8\",\"9.9.9.9\"]),IPOption_Address_Extension(src_ext=\"1.1.1.1\")])",
    build: () => IP({ src: "1.1.1.1", dst: "2.2.2.2", options: [IPOption_Traceroute({ id: 1, outbound_hops: 2, originator_ip: "1.2.3.4" }), IPOption_SDBM({ addresses: ["5.6.7.8", "9.9.9.9"] }), IPOption_Address_Extension({ src_ext: "1.1.1.1" })] }),
    hex: "4d0000340001000040000e780101010102020202120c00010002000001020304950a0506070809090909930a0101010100000000",
    summary: "1.1.1.1 > 2.2.2.2 hopopt",
    repr: "<IP  src=1.1.1.1 dst=2.2.2.2 options=[<IPOption_Traceroute  id=1 outbound_hops=2 originator_ip=1.2.3.4 |>, <IPOption_SDBM  addresses=[5.6.7.8, 9.9.9.9] |>, <IPOption_Address_Extension  src_ext=1.1.1.1 |>] |>",
  },
  {
    scapy: "IP(src=\"1.1.1.1\",dst=\"2.2.2.2\",options=[IPOption(option=25,value=b\"\\xaa\\xbb\\xcc\")])",
    build: () => IP({ src: "1.1.1.1", dst: "2.2.2.2", options: [IPOption({ option: 25, value: fromHex("aabbcc") })] }),
    hex: "4700001c000100004000e31a01010101020202021905aabbcc000000",
    summary: "1.1.1.1 > 2.2.2.2 hopopt",
    repr: "<IP  src=1.1.1.1 dst=2.2.2.2 options=[<IPOption  option=quick_start value=b'\\xaa\\xbb\\xcc' |>] |>",
  },
  {
    scapy: "IP(src=\"1.1.1.1\",dst=\"2.2.2.2\")/TCP(sport=1,dport=2,options=[(\"MSS\",1460),(\"SAckOK\",b\"\"),(\"Timestamp\",(12345,0)),(\"NOP\",None),(\"WScale\",7),(\"SAck\",(1,2)),(\"EOL\",None)])",
    build: () => IP({ src: "1.1.1.1", dst: "2.2.2.2" }).div(TCP({ sport: 1, dport: 2, options: [["MSS", 1460], ["SAckOK", new Uint8Array()], ["Timestamp", [12345, 0]], ["NOP", null], ["WScale", 7], ["SAck", [1, 2]], ["EOL", null]] })),
    hex: "4500004800010000400674aa0101010102020202000100020000000000000000d0022000bca50000020405b40402080a000030390000000001030307050a00000001000000020000",
    summary: "IP / TCP 1.1.1.1:tcpmux > 2.2.2.2:2 S",
    repr: "<IP  frag=0 proto=tcp src=1.1.1.1 dst=2.2.2.2 |<TCP  sport=tcpmux dport=2 options=[('MSS', 1460), ('SAckOK', b''), ('Timestamp', (12345, 0)), ('NOP', None), ('WScale', 7), ('SAck', (1, 2)), ('EOL', None)] |>>",
  },
  {
    scapy: "TCP(options=[(\"MSS\",1460),(\"SAckOK\",b\"\"),(\"Timestamp\",(12345,0)),(\"NOP\",None),(\"WScale\",7)])",
    build: () => TCP({ options: [["MSS", 1460], ["SAckOK", new Uint8Array()], ["Timestamp", [12345, 0]], ["NOP", null], ["WScale", 7]] }),
    hex: "001400500000000000000000a002200000000000020405b40402080a000030390000000001030307",
    summary: "TCP ftp_data > http S",
    repr: "<TCP  options=[('MSS', 1460), ('SAckOK', b''), ('Timestamp', (12345, 0)), ('NOP', None), ('WScale', 7)] |>",
  },
  {
    scapy: "TCP(sport=1,dport=2,options=[(\"MD5\",b\"abc\"),(99,b\"xy\"),(\"UTO\",5),(0,b\"\"),(1,b\"\")])",
    build: () => TCP({ sport: 1, dport: 2, options: [["MD5", "abc"], [99, "xy"], ["UTO", 5], [0, ""], [1, ""]] }),
    hex: "000100020000000000000000c002200000000000131261626300000000000000000000000000630478791c0400050001",
    summary: "TCP tcpmux > 2 S",
    repr: "<TCP  sport=tcpmux dport=2 options=[('MD5', b'abc'), (99, b'xy'), ('UTO', 5), (0, b''), (1, b'')] |>",
  },
  {
    scapy: "TCP(sport=1,dport=2,options=[(\"TFO\",(1,2)),(\"AltChkSum\",(1,2)),(\"Mood\",b\":)\"),(\"SAck\",())])",
    build: () => TCP({ sport: 1, dport: 2, options: [["TFO", [1, 2]], ["AltChkSum", [1, 2]], ["Mood", ":)"], ["SAck", []]] }),
    hex: "000100020000000000000000b002200000000000220a00000001000000020e0501000219043a290502000000",
    summary: "TCP tcpmux > 2 S",
    repr: "<TCP  sport=tcpmux dport=2 options=[('TFO', (1, 2)), ('AltChkSum', (1, 2)), ('Mood', b':)'), ('SAck', ())] |>",
  },
  {
    scapy: "TCP(sport=1,dport=2,options=[(\"MSS\",b\"\\x01\"),(\"TFO\",b\"abcd\"),(\"NOP\",None)])",
    build: () => TCP({ sport: 1, dport: 2, options: [["MSS", fromHex("01")], ["TFO", "abcd"], ["NOP", null]] }),
    hex: "0001000200000000000000008002200000000000020301220661626364010000",
    summary: "TCP tcpmux > 2 S",
    repr: "<TCP  sport=tcpmux dport=2 options=[('MSS', b'\\x01'), ('TFO', b'abcd'), ('NOP', None)] |>",
  },
  {
    scapy: "TCP(sport=1,dport=2,options=[(\"AO\",TCPAOValue(keyid=1,rnextkeyid=2,mac=b\"\\x01\\x02\\x03\\x04\"))])",
    build: () => TCP({ sport: 1, dport: 2, options: [["AO", TCPAOValue({ keyid: 1, rnextkeyid: 2, mac: fromHex("01020304") })]] }),
    hex: "00010002000000000000000070022000000000001d08010201020304",
    summary: "TCP tcpmux > 2 S",
    repr: "<TCP  sport=tcpmux dport=2 options=[('AO', <TCPAOValue  keyid=1 rnextkeyid=2 mac=b'\\x01\\x02\\x03\\x04' |>)] |>",
  },
];

scapyCaseTests("options ", cases);

// Malformed and odd options, dissected by Scapy: IP(bytes) / TCP(bytes), and repr(p.options).
const IP_OPTION_BYTES: Array<[what: string, hex: string, options: string]> = [
  ["RR, length 0", "4600001c00010000400100000a0000010a0000020700000061626364", "[<IPOption_RR  copy_flag=0 optclass=control option=record_route length=0 pointer=0 |>, <IPOption_EOL  copy_flag=0 optclass=control option=end_of_list |>]"],
  ["RR, length 1", "4600001c00010000400100000a0000010a0000020701000061626364", "[<IPOption_RR  copy_flag=0 optclass=control option=record_route length=1 pointer=0 |>, <IPOption_EOL  copy_flag=0 optclass=control option=end_of_list |>]"],
  ["RR, length 3 (no router)", "4600001c00010000400100000a0000010a0000020703040061626364", "[<IPOption_RR  copy_flag=0 optclass=control option=record_route length=3 pointer=4 |>, <IPOption_EOL  copy_flag=0 optclass=control option=end_of_list |>]"],
  ["RR, a router cut short", "4700002000010000400100000a0000010a0000020706040a0000000061626364", "[<Raw  load=b'\\x07\\x06\\x04\\n\\x00\\x00\\x00\\x00' |>]"],
  ["RR, length past the header", "4700002000010000400100000a0000010a0000020728040a0000010061626364", "[<Raw  load=b'\\x07(\\x04\\n\\x00\\x00\\x01\\x00' |>]"],
  ["timestamp, length 1", "4600001c00010000400100000a0000010a0000024401000061626364", "[<IPOption_Timestamp  copy_flag=0 optclass=debug option=timestamp length=1 pointer=0 oflw=0 flg=timestamp_only |>]"],
  ["timestamp, length 0", "4600001c00010000400100000a0000010a0000024400000061626364", "[<IPOption_Timestamp  copy_flag=0 optclass=debug option=timestamp length=0 pointer=0 oflw=0 flg=timestamp_only |>]"],
  ["timestamp with an address", "4800002400010000400100000a0000010a000002440c0901000000010a00000161626364", "[<IPOption_Timestamp  copy_flag=0 optclass=debug option=timestamp length=12 pointer=9 oflw=0 flg=timestamp_and_ip_addr internet_address=0.0.0.1 timestamp=167772161 |>]"],
  ["timestamp only", "4800002400010000400100000a0000010a000002440c0900000000010a00000161626364", "[<IPOption_Timestamp  copy_flag=0 optclass=debug option=timestamp length=12 pointer=9 oflw=0 flg=timestamp_only timestamp=1 |>, <IPOption  copy_flag=0 optclass=control option=experimental_measurement length=0 value=b'' |>, <IPOption_EOL  copy_flag=0 optclass=control option=end_of_list |>, <IPOption_NOP  copy_flag=0 optclass=control option=nop |>]"],
  ["unknown option, length 0", "4600001c00010000400100000a0000010a0000029900000061626364", "[<IPOption  copy_flag=1 optclass=control option=quick_start length=0 value=b'' |>, <IPOption_EOL  copy_flag=0 optclass=control option=end_of_list |>, <IPOption_EOL  copy_flag=0 optclass=control option=end_of_list |>]"],
  ["unknown option, length 1", "4600001c00010000400100000a0000010a0000029901000061626364", "[<IPOption  copy_flag=1 optclass=control option=quick_start length=1 value=b'\\x00' |>, <IPOption_EOL  copy_flag=0 optclass=control option=end_of_list |>]"],
  ["unknown option, length past the end", "4600001c00010000400100000a0000010a00000299ff010261626364", "[<IPOption  copy_flag=1 optclass=control option=quick_start length=255 value=b'\\x01\\x02' |>]"],
  ["LSRR then garbage", "4800002400010000400100000a0000010a00000283070401020304050600000061626364", "[<IPOption_LSRR  copy_flag=1 optclass=control option=loose_source_route length=7 pointer=4 routers=[1.2.3.4] |>, <IPOption  copy_flag=0 optclass=control option=extended_security length=6 value=b'\\x00\\x00\\x00' |>]"],
  ["NOP then EOL padding", "4600001c00010000400100000a0000010a0000020100000061626364", "[<IPOption_NOP  copy_flag=0 optclass=control option=nop |>, <IPOption_EOL  copy_flag=0 optclass=control option=end_of_list |>, <IPOption_EOL  copy_flag=0 optclass=control option=end_of_list |>, <IPOption_EOL  copy_flag=0 optclass=control option=end_of_list |>]"],
  ["EOL, NOP", "4600001c00010000400100000a0000010a0000020001000061626364", "[<IPOption_EOL  copy_flag=0 optclass=control option=end_of_list |>, <IPOption_NOP  copy_flag=0 optclass=control option=nop |>, <IPOption_EOL  copy_flag=0 optclass=control option=end_of_list |>, <IPOption_EOL  copy_flag=0 optclass=control option=end_of_list |>]"],
  ["router alert", "4600001c00010000400100000a0000010a0000029404000061626364", "[<IPOption_Router_Alert  copy_flag=1 optclass=control option=router_alert length=4 alert=router_shall_examine_packet |>]"],
  ["security, length 2", "4600001c00010000400100000a0000010a0000028202000061626364", "[<IPOption_Security  copy_flag=1 optclass=control option=security length=2 security=0 |>]"],
  ["traceroute, cut at the header end", "4600001c00010000400100000a0000010a0000029200000061626364", "[<IPOption_Traceroute  copy_flag=1 optclass=control option=traceroute length=0 id=0 |>]"],
  ["SDBM, length 2, then an option with length 0", "4600001c00010000400100000a0000010a00000295020a0061626364", "[<IPOption_SDBM  copy_flag=1 optclass=control option=selective_directed_broadcast_mode length=2 |>, <IPOption  copy_flag=0 optclass=control option=experimental_measurement length=0 |>]"],
  ["address extension cut in an address", "4600001c00010000400100000a0000010a0000029306000061626364", "[<Raw  load=b'\\x93\\x06\\x00\\x00' |>]"],
  ["address extension", "4800002400010000400100000a0000010a000002930a0102030405060708000061626364", "[<IPOption_Address_Extension  copy_flag=1 optclass=control option=address_extension length=10 src_ext=1.2.3.4 dst_ext=5.6.7.8 |>, <IPOption_EOL  copy_flag=0 optclass=control option=end_of_list |>, <IPOption_EOL  copy_flag=0 optclass=control option=end_of_list |>]"],
];

const TCP_OPTION_BYTES: Array<[what: string, hex: string, options: string]> = [
  ["MSS", "0001000200000000000000006002200000000000020405b4", "[('MSS', 1460)]"],
  ["MSS, length 3", "000100020000000000000000600220000000000002030000", "[('MSS', b'\\x00'), ('EOL', None)]"],
  ["length 0 counts as 2", "000100020000000000000000600220000000000002000000", "[('MSS', b''), ('EOL', None)]"],
  ["length 1 counts as 2", "000100020000000000000000600220000000000002010000", "[('MSS', b''), ('EOL', None)]"],
  ["kind without a length byte", "000100020000000000000000600220000000000002000000", "[('MSS', b''), ('EOL', None)]"],
  ["MSS, length 5", "00010002000000000000000070022000000000000205010203040000", "[('MSS', b'\\x01\\x02\\x03'), ('SAckOK', b''), ('EOL', None)]"],
  ["SAck, no block", "000100020000000000000000600220000000000005020000", "[('SAck', ()), ('EOL', None)]"],
  ["SAck, two edges", "0001000200000000000000008002200000000000050a00000001000000020000", "[('SAck', (1, 2)), ('EOL', None)]"],
  ["SAck, one edge", "00010002000000000000000070022000000000000506000000010000", "[('SAck', 1), ('EOL', None)]"],
  ["SAck, 3 bytes", "00010002000000000000000070022000000000000506000000000000", "[('SAck', 0), ('EOL', None)]"],
  ["timestamp", "0001000200000000000000008002200000000000080a00003039000000000000", "[('Timestamp', (12345, 0)), ('EOL', None)]"],
  ["timestamp, cut", "0001000200000000000000006002200000000000080a0000", "[('Timestamp', b'\\x00\\x00')]"],
  ["MD5", "000100020000000000000000a0022000000000001312000000000000000000000000000000000000", "[('MD5', b'\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00'), ('EOL', None)]"],
  ["UTO", "00010002000000000000000060022000000000001c040102", "[('UTO', 258)]"],
  ["AO", "00010002000000000000000070022000000000001d04010203040000", "[('AO', <TCPAOValue  keyid=1 rnextkeyid=2 |>), ('WScale', b'\\x00\\x00')]"],
  ["AO, empty", "00010002000000000000000060022000000000001d020000", "[('AO', <TCPAOValue  |>), ('EOL', None)]"],
  ["TFO cookie", "00010002000000000000000060022000000000002204aabb", "[('TFO', b'\\xaa\\xbb')]"],
  ["AltChkSum", "00010002000000000000000070022000000000000e05010203000000", "[('AltChkSum', (1, 515)), ('EOL', None)]"],
  ["Mood, 1 byte", "000100020000000000000000600220000000000019030a00", "[('Mood', b''), ('EOL', None)]"],
  ["unknown kind", "0001000200000000000000007002200000000000fe04010203040000", "[(254, b'\\x01\\x02'), ('WScale', b'\\x00\\x00')]"],
  ["unknown, length 0", "0001000200000000000000006002200000000000fe000000", "[(254, b''), ('EOL', None)]"],
  ["NOPs", "000100020000000000000000600220000000000001010100", "[('NOP', None), ('NOP', None), ('NOP', None), ('EOL', None)]"],
  ["EOL ends the list", "000100020000000000000000600220000000000000ff0000", "[('EOL', None)]"],
  ["NOP, then MSS with length 2", "000100020000000000000000600220000000000001020000", "[('NOP', None), ('MSS', b''), ('EOL', None)]"],
  ["kind 255 alone", "0001000200000000000000006002200000000000ff000000", "[(255, b''), ('EOL', None)]"],
];

for (const [what, hex, expected] of IP_OPTION_BYTES) {
  test(`IP options as Scapy reads them: ${what}`, () => {
    const p = roundTrip(IP, hex);
    assert.equal(`[${p.options.map(String).join(", ")}]`, expected);
    // The options never swallow the payload: it stays where ihl says.
    assert.equal(bytesHex(raw(p.payload!)), "61626364");
  });
}

for (const [what, hex, expected] of TCP_OPTION_BYTES) {
  test(`TCP options as Scapy reads them: ${what}`, () => {
    const p = roundTrip(TCP, hex);
    assert.equal(tcpOptionsRepr(p.options), expected);
  });
}

test("options read back as Scapy's list form, tuples as arrays", () => {
  const p = TCP(fromHex("001400500000000000000000d002200000000000020405b40402080a000030390000000001030307050a00000001000000020000"));
  assert.deepEqual(p.options, [["MSS", 1460], ["SAckOK", new Uint8Array(0)], ["Timestamp", [12345, 0]], ["NOP", null], ["WScale", 7], ["SAck", [1, 2]], ["EOL", null]]);
  const rr = IP(raw(IP({ options: [IPOption_RR({ routers: ["1.1.1.1", "2.2.2.2"] })] })));
  const opt = rr.options[0]!;
  assert.equal(opt.spec.name, "IPOption_RR");
  assert.deepEqual(opt.getFieldValue("routers"), ["1.1.1.1", "2.2.2.2"]);
  assert.equal(opt.getFieldValue("length"), 11);
});

test("a changed option list is written again, padded to 4 bytes, with ihl and checksum recomputed", () => {
  // Scapy: p = IP(bytes(IP(src="1.1.1.1",dst="2.2.2.2")/UDP(sport=1,dport=2)));
  // p.options = [IPOption_Router_Alert(), IPOption_NOP()]; del p.ihl; del p.len; del p.chksum
  const p = IP(raw(IP({ src: "1.1.1.1", dst: "2.2.2.2" }).div(UDP({ sport: 1, dport: 2 }))));
  p.options = [IPOption_Router_Alert(), IPOption_NOP()];
  p.reset("ihl", "len", "chksum");
  assertBytes(p, "47000024000100004011ddbe01010101020202029404000001000000000100020008f9d5");
});

test("the TCP/UDP checksum uses the last hop of a single source route", () => {
  // Scapy: IP(src="1.1.1.1",dst="2.2.2.2",options=[IPOption_LSRR(routers=["3.3.3.3","4.4.4.4"])])/TCP(sport=1,dport=2)
  const p = IP({ src: "1.1.1.1", dst: "2.2.2.2", options: [IPOption_LSRR({ routers: ["3.3.3.3", "4.4.4.4"] })] }).div(TCP({ sport: 1, dport: 2 }));
  assertBytes(p, "48000034000100004006dca40101010102020202830b040303030304040404000001000200000000000000005002200085d60000");
  // The same segment sent straight to 4.4.4.4 has the same checksum (Scapy: 0x85d6 for both).
  const direct = IP(raw(IP({ src: "1.1.1.1", dst: "4.4.4.4" }).div(TCP({ sport: 1, dport: 2 }))));
  assert.equal(direct.getLayer(TCP)!.chksum, 0x85d6);
});

test("bad TCP options are TypeErrors naming TCP.options", () => {
  const bad = (options: unknown) => assert.throws(() => TCP({ options } as never), (e: Error) => e instanceof TypeError && /TCP\.options/.test(e.message));
  bad([["Nonsense", 1]]);
  bad([["MSS", 70000]]);
  bad([["WScale", -1]]);
  bad([["Timestamp", [1]]]);
  bad([["SAck", ["x"]]]);
  bad([[300, new Uint8Array()]]);
  bad([[99, 5]]);
  bad("MSS");
  bad([["MSS"]]);
});

test("IP option fields reject bad values by name", () => {
  assert.throws(() => IPOption_RR({ routers: ["1.2.3.999"] }), /IPOption_RR\.routers/);
  assert.throws(() => IPOption_MTU_Probe({ mtu: 70000 }), /IPOption_MTU_Probe\.mtu/);
  assert.throws(() => IP({ options: ["x"] as never }), /IP\.options/);
});

test("each option byte picks its class", () => {
  const classes = [IPOption_EOL, IPOption_NOP, IPOption_Security, IPOption_LSRR, IPOption_Timestamp, IPOption_RR, IPOption_Stream_Id, IPOption_SSRR, IPOption_MTU_Probe, IPOption_MTU_Reply, IPOption_Traceroute, IPOption_Address_Extension, IPOption_Router_Alert, IPOption_SDBM];
  for (const cls of classes) {
    const built = raw((cls as (init?: object) => Packet)());
    assert.equal(IPOption(built).spec.name, cls.name, `${cls.name} from ${bytesHex(built)}`);
  }
  assert.equal(IPOption(fromHex("9903aa")).spec.name, "IPOption");
  void ICMP;
  void TCPAOValue;
});
