import assert from "node:assert/strict";
import { test } from "node:test";
import {
  bytesHex,
  CookedLinux,
  Ether,
  fromHex,
  HAO,
  HBHOptUnknown,
  ICMP,
  ICMPv6DestUnreach,
  ICMPv6EchoReply,
  ICMPv6EchoRequest,
  ICMPv6HAADReply,
  ICMPv6HAADRequest,
  ICMPv6MLDMultAddrRec,
  ICMPv6MLDone,
  ICMPv6MLQuery,
  ICMPv6MLQuery2,
  ICMPv6MLReport,
  ICMPv6MLReport2,
  ICMPv6MPAdv,
  ICMPv6MPSol,
  ICMPv6MRD_Advertisement,
  ICMPv6MRD_Solicitation,
  ICMPv6ND_INDAdv,
  ICMPv6ND_INDSol,
  ICMPv6ND_NA,
  ICMPv6ND_NS,
  ICMPv6ND_RA,
  ICMPv6ND_Redirect,
  ICMPv6ND_RS,
  ICMPv6NDOptAdvInterval,
  ICMPv6NDOptDNSSL,
  ICMPv6NDOptDstLLAddr,
  ICMPv6NDOptEFA,
  ICMPv6NDOptHAInfo,
  ICMPv6NDOptIPAddr,
  ICMPv6NDOptLLA,
  ICMPv6NDOptMAP,
  ICMPv6NDOptMTU,
  ICMPv6NDOptNewRtrPrefix,
  ICMPv6NDOptPrefixInfo,
  ICMPv6NDOptRDNSS,
  ICMPv6NDOptRedirectedHdr,
  ICMPv6NDOptRouteInfo,
  ICMPv6NDOptShortcutLimit,
  ICMPv6NDOptSrcAddrList,
  ICMPv6NDOptSrcLLAddr,
  ICMPv6NDOptTgtAddrList,
  ICMPv6NDOptUnknown,
  ICMPv6PacketTooBig,
  ICMPv6ParamProblem,
  ICMPv6TimeExceeded,
  ICMPv6Unknown,
  IP,
  IPv6,
  IPv6ExtHdrDestOpt,
  IPv6ExtHdrFragment,
  IPv6ExtHdrHopByHop,
  IPv6ExtHdrRouting,
  Jumbo,
  Pad1,
  PadN,
  raw,
  Raw,
  RouterAlert,
  TCP,
  UDP,
  type Packet,
} from "../../src/index.ts";

// One packet per IPv6-family class. Every row was produced by Debian's python3-scapy 2.5 from the
// same expression written in Python: its bytes, its summary, and the layers and summary Scapy
// gets when it dissects those bytes again.
const A = "2001:db8::1";
const B = "2001:db8::2";
const LL_A = "fe80::211:22ff:fe33:4455";
const LL_B = "fe80::6477:88ff:fe99:aabb";
const MAC_A = "00:11:22:33:44:55";
const MAC_B = "66:77:88:99:aa:bb";

type Row = [name: string, build: () => Packet, hex: string, summary: string, layers: string[], dissectedSummary: string];


const ROWS: Row[] = [
  ["IPv6", () => IPv6({ src: A, dst: B, tc: 0xb8, fl: 0xabcde, hlim: 3 }).div(Raw({ load: "xyz" })), "6b8abcde00033b0320010db800000000000000000000000120010db800000000000000000000000278797a", "2001:db8::1 > 2001:db8::2 (59) / Raw", ["IPv6", "Raw"], "2001:db8::1 > 2001:db8::2 (59) / Raw"],
  ["IPv6 over Ether", () => Ether({ dst: MAC_A, src: MAC_B }).div(IPv6({ src: A, dst: B }), UDP({ sport: 1000, dport: 53 }), "hello"), "00112233445566778899aabb86dd60000000000d114020010db800000000000000000000000120010db800000000000000000000000203e80035000d5c7068656c6c6f", "Ether / IPv6 / UDP 2001:db8::1:1000 > 2001:db8::2:domain / Raw", ["Ether", "IPv6", "UDP", "Raw"], "Ether / IPv6 / UDP 2001:db8::1:1000 > 2001:db8::2:domain / Raw"],
  ["IPv6 TCP", () => IPv6({ src: A, dst: B }).div(TCP({ sport: 1000, dport: 80, flags: "S" })), "600000000014064020010db800000000000000000000000120010db800000000000000000000000203e8005000000000000000005002200030360000", "IPv6 / TCP 2001:db8::1:1000 > 2001:db8::2:http S", ["IPv6", "TCP"], "IPv6 / TCP 2001:db8::1:1000 > 2001:db8::2:http S"],
  ["IPv6 in IP", () => IP({ src: "10.0.0.1", dst: "10.0.0.2" }).div(IPv6({ src: A, dst: B }), ICMPv6EchoRequest({ id: 7 })), "45000044000100004029668e0a0000010a0000026000000000083a4020010db800000000000000000000000120010db80000000000000000000000028000244100070000", "IP / IPv6 / ICMPv6 Echo Request (id: 0x7 seq: 0x0)", ["IP", "IPv6", "ICMPv6EchoRequest"], "IP / IPv6 / ICMPv6 Echo Request (id: 0x7 seq: 0x0)"],
  ["IP in IPv6", () => IPv6({ src: A, dst: B }).div(IP({ src: "10.0.0.1", dst: "10.0.0.2" }), ICMP()), "60000000001c044020010db800000000000000000000000120010db80000000000000000000000024500001c00010000400166de0a0000010a0000020800f7ff00000000", "IPv6 / IP / ICMP 10.0.0.1 > 10.0.0.2 echo-request 0", ["IPv6", "IP", "ICMP"], "IPv6 / IP / ICMP 10.0.0.1 > 10.0.0.2 echo-request 0"],
  ["IPv6 in IPv6", () => IPv6({ src: A, dst: B }).div(IPv6({ src: "::2", dst: "::3" }), UDP()), "600000000030294020010db800000000000000000000000120010db800000000000000000000000260000000000811400000000000000000000000000000000200000000000000000000000000000003003500350008ff6f", "IPv6 / IPv6 / UDP ::2:domain > ::3:domain", ["IPv6", "IPv6", "UDP"], "IPv6 / IPv6 / UDP ::2:domain > ::3:domain"],
  ["CookedLinux", () => CookedLinux().div(IPv6({ src: A, dst: B }), ICMPv6EchoRequest()), "000002000000000000000000000086dd6000000000083a4020010db800000000000000000000000120010db80000000000000000000000028000244800000000", "CookedLinux / IPv6 / ICMPv6 Echo Request (id: 0x0 seq: 0x0)", ["CookedLinux", "IPv6", "ICMPv6EchoRequest"], "CookedLinux / IPv6 / ICMPv6 Echo Request (id: 0x0 seq: 0x0)"],
  ["IPv6ExtHdrHopByHop", () => IPv6({ src: A, dst: B }).div(IPv6ExtHdrHopByHop({ options: [RouterAlert({ value: 0 })] }), ICMPv6MLReport({ mladdr: "ff02::fb" })), "600000000020004020010db800000000000000000000000120010db80000000000000000000000023a000502000001008300213a00000000ff0200000000000000000000000000fb", "2001:db8::1 > 2001:db8::2 (0) / IPv6ExtHdrHopByHop / ICMPv6MLReport", ["IPv6", "IPv6ExtHdrHopByHop", "ICMPv6MLReport"], "2001:db8::1 > 2001:db8::2 (0) / IPv6ExtHdrHopByHop / ICMPv6MLReport"],
  ["Jumbo", () => IPv6({ src: A, dst: B }).div(IPv6ExtHdrHopByHop({ options: [Jumbo({ jumboplen: 70000 })] }), UDP()), "600000000010004020010db800000000000000000000000120010db80000000000000000000000021100c20400011170003500350008a3ff", "IPv6 / IPv6ExtHdrHopByHop / UDP domain > domain", ["IPv6", "IPv6ExtHdrHopByHop", "UDP"], "IPv6 / IPv6ExtHdrHopByHop / UDP domain > domain"],
  ["IPv6ExtHdrDestOpt, HAO, Pad1, PadN", () => IPv6({ src: A, dst: B }).div(IPv6ExtHdrDestOpt({ options: [HAO({ hoa: "2001:db8::9" }), Jumbo({ jumboplen: 5 }), PadN({ optdata: "zz" }), Pad1()] }), IPv6ExtHdrRouting({ addresses: ["2001:db8::3", "2001:db8::4"] }), IPv6ExtHdrFragment({ id: 7, m: 1 }), UDP()), "6000000000603c4020010db800000000000000000000000120010db80000000000000000000000022b0401020000c91020010db80000000000000000000000090100c2040000000501027a7a000101002c0400020000000020010db800000000000000000000000320010db80000000000000000000000041100000100000007003500350008a3fd", "IPv6 / IPv6ExtHdrDestOpt / IPv6ExtHdrRouting / IPv6ExtHdrFragment / UDP domain > domain", ["IPv6", "IPv6ExtHdrDestOpt", "IPv6ExtHdrRouting", "IPv6ExtHdrFragment", "UDP"], "IPv6 / IPv6ExtHdrDestOpt / IPv6ExtHdrRouting / IPv6ExtHdrFragment / UDP domain > domain"],
  ["autopad off", () => IPv6({ src: A, dst: B }).div(IPv6ExtHdrDestOpt({ autopad: 0, options: [RouterAlert()] }), Raw({ load: "ab" })), "6000000000083c4020010db800000000000000000000000120010db80000000000000000000000023b00050200006162", "2001:db8::1 > 2001:db8::2 (60) / IPv6ExtHdrDestOpt / Raw", ["IPv6", "IPv6ExtHdrDestOpt"], "2001:db8::1 > 2001:db8::2 (60) / IPv6ExtHdrDestOpt"],
  ["HBHOptUnknown", () => IPv6({ src: A, dst: B }).div(IPv6ExtHdrDestOpt({ options: [HBHOptUnknown({ otype: 0x3e, optdata: "abc" })] })), "6000000000083c4020010db800000000000000000000000120010db80000000000000000000000023b003e0361626300", "2001:db8::1 > 2001:db8::2 (60) / IPv6ExtHdrDestOpt", ["IPv6", "IPv6ExtHdrDestOpt"], "2001:db8::1 > 2001:db8::2 (60) / IPv6ExtHdrDestOpt"],
  ["IPv6ExtHdrRouting", () => IPv6({ src: A, dst: B }).div(IPv6ExtHdrRouting({ addresses: ["2001:db8::3"], segleft: 0 }), TCP()), "60000000002c2b4020010db800000000000000000000000120010db8000000000000000000000002060200000000000020010db800000000000000000000000300140050000000000000000050022000340a0000", "IPv6 / IPv6ExtHdrRouting / TCP ftp_data > http S", ["IPv6", "IPv6ExtHdrRouting", "TCP"], "IPv6 / IPv6ExtHdrRouting / TCP ftp_data > http S"],
  ["IPv6ExtHdrFragment", () => IPv6({ src: A, dst: B }).div(IPv6ExtHdrFragment({ id: 0x12345678, offset: 100, m: 1 }), Raw({ load: "12345678" })), "6000000000102c4020010db800000000000000000000000120010db80000000000000000000000023b000321123456783132333435363738", "2001:db8::1 > 2001:db8::2 (44) / IPv6ExtHdrFragment / Raw", ["IPv6", "IPv6ExtHdrFragment", "Raw"], "2001:db8::1 > 2001:db8::2 (44) / IPv6ExtHdrFragment / Raw"],
  ["ICMPv6Unknown", () => IPv6({ src: A, dst: B }).div(ICMPv6Unknown({ type: 200, code: 3, msgbody: "abcd" })), "6000000000083a4020010db800000000000000000000000120010db8000000000000000000000002c803177e61626364", "2001:db8::1 > 2001:db8::2 (58) / ICMPv6Unknown", ["IPv6", "Raw"], "2001:db8::1 > 2001:db8::2 (58) / Raw"],
  ["ICMPv6EchoRequest", () => IPv6({ src: A, dst: B }).div(ICMPv6EchoRequest({ id: 0x1234, seq: 0x5678, data: "0123456789" })), "6000000000123a4020010db800000000000000000000000120010db80000000000000000000000028000b6871234567830313233343536373839", "IPv6 / ICMPv6 Echo Request (id: 0x1234 seq: 0x5678)", ["IPv6", "ICMPv6EchoRequest"], "IPv6 / ICMPv6 Echo Request (id: 0x1234 seq: 0x5678)"],
  ["ICMPv6EchoReply", () => Ether({ dst: MAC_A, src: MAC_B }).div(IPv6({ src: A, dst: B }), ICMPv6EchoReply({ id: 3, seq: 4, data: "ping" })), "00112233445566778899aabb86dd60000000000c3a4020010db800000000000000000000000120010db80000000000000000000000028100446c0003000470696e67", "Ether / IPv6 / ICMPv6 Echo Reply (id: 0x3 seq: 0x4)", ["Ether", "IPv6", "ICMPv6EchoReply"], "Ether / IPv6 / ICMPv6 Echo Reply (id: 0x3 seq: 0x4)"],
  ["ICMPv6DestUnreach, IPerror6, UDPerror", () => IPv6({ src: A, dst: B }).div(ICMPv6DestUnreach({ code: 4 }), IPv6({ src: B, dst: A }), UDP({ sport: 1234, dport: 5000 }), "abc"), "60000000003b3a4020010db800000000000000000000000120010db8000000000000000000000002010431e20000000060000000000b114020010db800000000000000000000000220010db800000000000000000000000104d21388000bc7a6616263", "IPv6 / ICMPv6DestUnreach / IPv6 / UDP 2001:db8::2:1234 > 2001:db8::1:5000 / Raw", ["IPv6", "ICMPv6DestUnreach", "IPerror6", "UDPerror", "Raw"], "2001:db8::1 > 2001:db8::2 (58) / ICMPv6DestUnreach / IPerror6 / UDPerror / Raw"],
  ["TCPerror", () => IPv6({ src: A, dst: B }).div(ICMPv6DestUnreach({ code: 1 }), IPv6({ src: B, dst: A }), TCP({ sport: 1234, dport: 80 })), "6000000000443a4020010db800000000000000000000000120010db800000000000000000000000201013cd100000000600000000014064020010db800000000000000000000000220010db800000000000000000000000104d200500000000000000000500220002f4c0000", "IPv6 / ICMPv6DestUnreach / IPv6 / TCP 2001:db8::2:1234 > 2001:db8::1:http S", ["IPv6", "ICMPv6DestUnreach", "IPerror6", "TCPerror"], "2001:db8::1 > 2001:db8::2 (58) / ICMPv6DestUnreach / IPerror6 / TCPerror"],
  ["ICMPv6PacketTooBig", () => IPv6({ src: A, dst: B }).div(ICMPv6PacketTooBig({ mtu: 1400 }), IPv6({ src: B, dst: A }), IPv6ExtHdrFragment(), ICMPv6EchoRequest()), "6000000000403a4020010db800000000000000000000000120010db80000000000000000000000020200d689000005786000000000102c4020010db800000000000000000000000220010db80000000000000000000000013a000000000000008000244800000000", "IPv6 / ICMPv6PacketTooBig / IPv6 / IPv6ExtHdrFragment / ICMPv6 Echo Request (id: 0x0 seq: 0x0)", ["IPv6", "ICMPv6PacketTooBig", "IPerror6", "IPv6ExtHdrFragment", "ICMPv6EchoRequest"], "IPv6 / ICMPv6PacketTooBig / IPerror6 / IPv6ExtHdrFragment / ICMPv6 Echo Request (id: 0x0 seq: 0x0)"],
  ["ICMPv6TimeExceeded", () => IPv6({ src: A, dst: B }).div(ICMPv6TimeExceeded({ code: 1 }), IPv6({ src: B, dst: A }), ICMPv6EchoRequest({ id: 5 })), "6000000000383a4020010db800000000000000000000000120010db800000000000000000000000203010711000000006000000000083a4020010db800000000000000000000000220010db80000000000000000000000018000244300050000", "IPv6 / ICMPv6TimeExceeded / IPv6 / ICMPv6 Echo Request (id: 0x5 seq: 0x0)", ["IPv6", "ICMPv6TimeExceeded", "IPerror6", "ICMPv6EchoRequest"], "IPv6 / ICMPv6TimeExceeded / IPerror6 / ICMPv6 Echo Request (id: 0x5 seq: 0x0)"],
  ["ICMPv6ParamProblem", () => IPv6({ src: A, dst: B }).div(ICMPv6ParamProblem({ code: 2, ptr: 40 }), IPv6({ src: B, dst: A }), IPv6ExtHdrHopByHop(), ICMPv6EchoRequest()), "6000000000403a4020010db800000000000000000000000120010db8000000000000000000000002040204d400000028600000000010004020010db800000000000000000000000220010db80000000000000000000000013a000104000000008000244800000000", "IPv6 / ICMPv6ParamProblem / IPv6 / IPv6ExtHdrHopByHop / ICMPv6 Echo Request (id: 0x0 seq: 0x0)", ["IPv6", "ICMPv6ParamProblem", "IPerror6", "IPv6ExtHdrHopByHop", "ICMPv6EchoRequest"], "IPv6 / ICMPv6ParamProblem / IPerror6 / IPv6ExtHdrHopByHop / ICMPv6 Echo Request (id: 0x0 seq: 0x0)"],
  ["ICMPv6ND_RS", () => IPv6({ src: LL_A }).div(ICMPv6ND_RS(), ICMPv6NDOptSrcLLAddr({ lladdr: MAC_A })), "6000000000103afffe80000000000000021122fffe334455ff0200000000000000000000000000028500adfb000000000101001122334455", "IPv6 / ICMPv6ND_RS / ICMPv6 Neighbor Discovery Option - Source Link-Layer Address 00:11:22:33:44:55", ["IPv6", "ICMPv6ND_RS", "ICMPv6NDOptSrcLLAddr"], "IPv6 / ICMPv6ND_RS / ICMPv6 Neighbor Discovery Option - Source Link-Layer Address 00:11:22:33:44:55"],
  ["ICMPv6ND_RA and options", () => IPv6({ src: LL_A }).div(ICMPv6ND_RA({ chlim: 64, M: 1, O: 1, prf: 3, routerlifetime: 600, reachabletime: 30000, retranstimer: 1000 }), ICMPv6NDOptSrcLLAddr({ lladdr: MAC_A }), ICMPv6NDOptMTU({ mtu: 1500 }), ICMPv6NDOptPrefixInfo({ prefix: "2001:db8:1::", validlifetime: 86400, preferredlifetime: 14400 }), ICMPv6NDOptRDNSS({ dns: ["2001:db8::53", "2001:db8::54"], lifetime: 600 }), ICMPv6NDOptDNSSL({ searchlist: ["example.com", "lab.test."], lifetime: 600 })), "6000000000883afffe80000000000000021122fffe334455ff0200000000000000000000000000018600ce9c40d8025800007530000003e8010100112233445505010000000005dc030440c000015180000038400000000020010db8000100000000000000000000190500000000025820010db800000000000000000000005320010db80000000000000000000000541f04000000000258076578616d706c6503636f6d00036c616204746573740000", "IPv6 / ICMPv6ND_RA / ICMPv6NDOptSrcLLAddr / ICMPv6NDOptMTU / ICMPv6NDOptPrefixInfo / ICMPv6NDOptRDNSS / ICMPv6 Neighbor Discovery Option - DNS Search List Option example.com, lab.test.", ["IPv6", "ICMPv6ND_RA", "ICMPv6NDOptSrcLLAddr", "ICMPv6NDOptMTU", "ICMPv6NDOptPrefixInfo", "ICMPv6NDOptRDNSS", "ICMPv6NDOptDNSSL"], "IPv6 / ICMPv6ND_RA / ICMPv6NDOptSrcLLAddr / ICMPv6NDOptMTU / ICMPv6NDOptPrefixInfo / ICMPv6NDOptRDNSS / ICMPv6 Neighbor Discovery Option - DNS Search List Option example.com., lab.test."],
  ["ICMPv6NDOptRouteInfo, AdvInterval, HAInfo", () => IPv6({ src: LL_A }).div(ICMPv6ND_RA(), ICMPv6NDOptRouteInfo({ plen: 48, prefix: "2001:db8:5::", prf: 1 }), ICMPv6NDOptRouteInfo(), ICMPv6NDOptAdvInterval({ advint: 5000 }), ICMPv6NDOptHAInfo({ pref: 3, lifetime: 9 })), "6000000000403afffe80000000000000021122fffe334455ff02000000000000000000000000000186005cf600080708000000000000000018033008ffffffff20010db800050000000000000000000018010000ffffffff07010000000013880801000000030009", "IPv6 / ICMPv6ND_RA / ICMPv6NDOptRouteInfo / ICMPv6NDOptRouteInfo / ICMPv6NDOptAdvInterval / ICMPv6 Neighbor Discovery - Home Agent Information 3 9 seconds", ["IPv6", "ICMPv6ND_RA", "ICMPv6NDOptRouteInfo", "ICMPv6NDOptRouteInfo", "ICMPv6NDOptAdvInterval", "ICMPv6NDOptHAInfo"], "IPv6 / ICMPv6ND_RA / ICMPv6NDOptRouteInfo / ICMPv6NDOptRouteInfo / ICMPv6NDOptAdvInterval / ICMPv6 Neighbor Discovery - Home Agent Information 3 9 seconds"],
  ["ICMPv6ND_NS", () => IPv6({ src: LL_A, dst: "ff02::1:ff99:aabb" }).div(ICMPv6ND_NS({ tgt: LL_B }), ICMPv6NDOptSrcLLAddr({ lladdr: MAC_A })), "6000000000203afffe80000000000000021122fffe334455ff0200000000000000000001ff99aabb87006c4900000000fe80000000000000647788fffe99aabb0101001122334455", "IPv6 / ICMPv6ND_NS / ICMPv6 Neighbor Discovery Option - Source Link-Layer Address 00:11:22:33:44:55", ["IPv6", "ICMPv6ND_NS", "ICMPv6NDOptSrcLLAddr"], "IPv6 / ICMPv6ND_NS / ICMPv6 Neighbor Discovery Option - Source Link-Layer Address 00:11:22:33:44:55"],
  ["ICMPv6ND_NA", () => IPv6({ src: LL_B, dst: LL_A }).div(ICMPv6ND_NA({ tgt: LL_B, R: 0, S: 1, O: 1 }), ICMPv6NDOptDstLLAddr({ lladdr: MAC_B })), "6000000000203afffe80000000000000647788fffe99aabbfe80000000000000021122fffe3344558800eb2160000000fe80000000000000647788fffe99aabb020166778899aabb", "IPv6 / ICMPv6ND_NA / ICMPv6 Neighbor Discovery Option - Destination Link-Layer Address 66:77:88:99:aa:bb", ["IPv6", "ICMPv6ND_NA", "ICMPv6NDOptDstLLAddr"], "IPv6 / ICMPv6ND_NA / ICMPv6 Neighbor Discovery Option - Destination Link-Layer Address 66:77:88:99:aa:bb"],
  ["ICMPv6ND_Redirect, ICMPv6NDOptRedirectedHdr", () => IPv6({ src: LL_A, dst: LL_B }).div(ICMPv6ND_Redirect({ tgt: "fe80::1", dst: "2001:db8::77" }), ICMPv6NDOptDstLLAddr({ lladdr: MAC_A }), ICMPv6NDOptRedirectedHdr({ pkt: IPv6({ src: A, dst: "2001:db8::77" }).div(ICMPv6EchoRequest({ data: "x".repeat(30) })) })), "6000000000803afffe80000000000000021122fffe334455fe80000000000000647788fffe99aabb8900b0e900000000fe80000000000000000000000000000120010db80000000000000000000000770201001122334455040a0000000000006000000000263a4020010db800000000000000000000000120010db8000000000000000000000077800014a600000000787878787878787878787878787878787878787878787878", "IPv6 / ICMPv6ND_Redirect / ICMPv6 Neighbor Discovery Option - Destination Link-Layer Address 00:11:22:33:44:55 / ICMPv6NDOptRedirectedHdr", ["IPv6", "ICMPv6ND_Redirect", "ICMPv6NDOptDstLLAddr", "ICMPv6NDOptRedirectedHdr"], "IPv6 / ICMPv6ND_Redirect / ICMPv6 Neighbor Discovery Option - Destination Link-Layer Address 00:11:22:33:44:55 / ICMPv6NDOptRedirectedHdr"],
  ["ICMPv6NDOptUnknown", () => IPv6({ src: A, dst: B }).div(ICMPv6ND_NS({ tgt: LL_B }), ICMPv6NDOptUnknown({ type: 99, data: "abcdef" })), "6000000000203aff20010db800000000000000000000000120010db80000000000000000000000028700faac00000000fe80000000000000647788fffe99aabb6308616263646566", "IPv6 / ICMPv6 Neighbor Discovery - Neighbor Solicitation (tgt: fe80::6477:88ff:fe99:aabb) / ICMPv6NDOptUnknown", ["IPv6", "ICMPv6ND_NS", "Raw"], "IPv6 / ICMPv6 Neighbor Discovery - Neighbor Solicitation (tgt: fe80::6477:88ff:fe99:aabb) / Raw"],
  ["Inverse ND", () => IPv6({ src: A, dst: B }).div(ICMPv6ND_INDSol(), ICMPv6NDOptSrcAddrList({ addrlist: [A, B] }), ICMPv6NDOptTgtAddrList()), "6000000000383aff20010db800000000000000000000000120010db80000000000000000000000028d00a89c00000000090500000000000020010db800000000000000000000000120010db80000000000000000000000020a01000000000000", "2001:db8::1 > 2001:db8::2 (58) / ICMPv6ND_INDSol / ICMPv6NDOptSrcAddrList / ICMPv6NDOptTgtAddrList", ["IPv6", "ICMPv6ND_INDSol", "ICMPv6NDOptSrcAddrList", "ICMPv6NDOptTgtAddrList"], "2001:db8::1 > 2001:db8::2 (58) / ICMPv6ND_INDSol / ICMPv6NDOptSrcAddrList / ICMPv6NDOptTgtAddrList"],
  ["ICMPv6ND_INDAdv", () => IPv6({ src: A, dst: B }).div(ICMPv6ND_INDAdv({ reserved: 5 })), "6000000000083aff20010db800000000000000000000000120010db80000000000000000000000028e00164300000005", "2001:db8::1 > 2001:db8::2 (58) / ICMPv6ND_INDAdv", ["IPv6", "ICMPv6ND_INDAdv"], "2001:db8::1 > 2001:db8::2 (58) / ICMPv6ND_INDAdv"],
  ["other ND options", () => IPv6({ src: A, dst: B }).div(ICMPv6ND_RA(), ICMPv6NDOptShortcutLimit(), ICMPv6NDOptIPAddr(), ICMPv6NDOptNewRtrPrefix(), ICMPv6NDOptLLA({ lla: MAC_A }), ICMPv6NDOptMAP(), ICMPv6NDOptEFA()), "6000000000713aff20010db800000000000000000000000120010db80000000000000000000000028600938f000807080000000000000000060128000000000011030140000000000000000000000000000000000000000012030040000000000000000000000000000000000000000013010000112233445517031f80ffffffff000000000000000000000000000000001a01000000000000", "IPv6 / ICMPv6 Neighbor Discovery - Router Advertisement Lifetime 1800 Hop Limit 0 Preference High Managed 0 Other 0 Home 0 / ICMPv6NDOptShortcutLimit / ICMPv6NDOptIPAddr / ICMPv6NDOptNewRtrPrefix / ICMPv6NDOptLLA / ICMPv6NDOptMAP / ICMPv6NDOptEFA", ["IPv6", "ICMPv6ND_RA", "ICMPv6NDOptShortcutLimit", "ICMPv6NDOptIPAddr", "ICMPv6NDOptNewRtrPrefix", "ICMPv6NDOptLLA", "ICMPv6NDOptMAP", "ICMPv6NDOptEFA"], "IPv6 / ICMPv6 Neighbor Discovery - Router Advertisement Lifetime 1800 Hop Limit 0 Preference High Managed 0 Other 0 Home 0 / ICMPv6NDOptShortcutLimit / ICMPv6NDOptIPAddr / ICMPv6NDOptNewRtrPrefix / ICMPv6NDOptLLA / ICMPv6NDOptMAP / ICMPv6NDOptEFA"],
  ["ICMPv6MLQuery", () => IPv6({ src: LL_A }).div(ICMPv6MLQuery({ mladdr: "ff02::fb" })), "6000000000183a01fe80000000000000021122fffe334455ff0200000000000000000000000000018200f18027100000ff0200000000000000000000000000fb", "fe80::211:22ff:fe33:4455 > ff02::1 (58) / ICMPv6MLQuery", ["IPv6", "ICMPv6MLQuery"], "fe80::211:22ff:fe33:4455 > ff02::1 (58) / ICMPv6MLQuery"],
  ["ICMPv6MLReport", () => IPv6({ src: LL_A, dst: "ff02::fb" }).div(ICMPv6MLReport({ mladdr: "ff02::fb" })), "6000000000183a01fe80000000000000021122fffe334455ff0200000000000000000000000000fb8300169700000000ff0200000000000000000000000000fb", "fe80::211:22ff:fe33:4455 > ff02::fb (58) / ICMPv6MLReport", ["IPv6", "ICMPv6MLReport"], "fe80::211:22ff:fe33:4455 > ff02::fb (58) / ICMPv6MLReport"],
  ["ICMPv6MLDone", () => IPv6({ src: LL_A }).div(ICMPv6MLDone({ mladdr: "ff02::fb" })), "6000000000183a01fe80000000000000021122fffe334455ff0200000000000000000000000000028400169000000000ff0200000000000000000000000000fb", "fe80::211:22ff:fe33:4455 > ff02::2 (58) / ICMPv6MLDone", ["IPv6", "ICMPv6MLDone"], "fe80::211:22ff:fe33:4455 > ff02::2 (58) / ICMPv6MLDone"],
  ["ICMPv6MLQuery2", () => IPv6({ src: LL_A }).div(ICMPv6MLQuery2({ sources: [A, B], S: 1, QRV: 2, QQIC: 125 })), "60000000003c3a01fe80000000000000021122fffe334455ff02000000000000000000000000000182008b6627100000000000000000000000000000000000000a7d000220010db800000000000000000000000120010db8000000000000000000000002", "fe80::211:22ff:fe33:4455 > ff02::1 (58) / ICMPv6MLQuery2", ["IPv6", "ICMPv6MLQuery2"], "fe80::211:22ff:fe33:4455 > ff02::1 (58) / ICMPv6MLQuery2"],
  ["ICMPv6MLReport2, ICMPv6MLDMultAddrRec", () => IPv6({ src: LL_A }).div(IPv6ExtHdrHopByHop({ options: [RouterAlert({ value: 0 })] }), ICMPv6MLReport2({ records: [ICMPv6MLDMultAddrRec({ dst: "ff02::fb" }), ICMPv6MLDMultAddrRec({ rtype: 3, dst: "ff02::1:3", sources: ["fe80::1"], auxdata: "abcd" })] })), "60000000004c0040fe80000000000000021122fffe334455000000000000000000000000000000013a000502000001008f0041110000000204000000ff0200000000000000000000000000fb03040001ff020000000000000000000000010003fe80000000000000000000000000000161626364", "fe80::211:22ff:fe33:4455 > ::1 (0) / IPv6ExtHdrHopByHop / ICMPv6MLReport2", ["IPv6", "IPv6ExtHdrHopByHop", "ICMPv6MLReport2"], "fe80::211:22ff:fe33:4455 > ::1 (0) / IPv6ExtHdrHopByHop / ICMPv6MLReport2"],
  ["ICMPv6HAADRequest", () => IPv6({ src: A, dst: B }).div(ICMPv6HAADRequest({ id: 5 })), "6000000000083a4020010db800000000000000000000000120010db80000000000000000000000029000944200058000", "2001:db8::1 > 2001:db8::2 (58) / ICMPv6HAADRequest", ["IPv6", "ICMPv6HAADRequest"], "2001:db8::1 > 2001:db8::2 (58) / ICMPv6HAADRequest"],
  ["ICMPv6HAADReply", () => IPv6({ src: A, dst: B }).div(ICMPv6HAADReply({ id: 5, addresses: ["2001:db8::8"] })), "6000000000183a4020010db800000000000000000000000120010db8000000000000000000000002910065710005800020010db8000000000000000000000008", "2001:db8::1 > 2001:db8::2 (58) / ICMPv6HAADReply", ["IPv6", "ICMPv6HAADReply"], "2001:db8::1 > 2001:db8::2 (58) / ICMPv6HAADReply"],
  ["ICMPv6MPSol", () => IPv6({ src: A, dst: B }).div(ICMPv6MPSol({ id: 5 })), "6000000000083a4020010db800000000000000000000000120010db80000000000000000000000029200124300050000", "2001:db8::1 > 2001:db8::2 (58) / ICMPv6MPSol", ["IPv6", "ICMPv6MPSol"], "2001:db8::1 > 2001:db8::2 (58) / ICMPv6MPSol"],
  ["ICMPv6MPAdv", () => IPv6({ src: A, dst: B }).div(ICMPv6MPAdv({ id: 5 }), ICMPv6NDOptPrefixInfo()), "6000000000283a4020010db800000000000000000000000120010db800000000000000000000000293004d5e00058000030440c0ffffffffffffffff0000000000000000000000000000000000000000", "IPv6 / ICMPv6MPAdv / ICMPv6 Neighbor Discovery Option - Prefix Information ::/64 On-link 1 Autonomous Address 1 Router Address 0", ["IPv6", "ICMPv6MPAdv", "ICMPv6NDOptPrefixInfo"], "IPv6 / ICMPv6MPAdv / ICMPv6 Neighbor Discovery Option - Prefix Information ::/64 On-link 1 Autonomous Address 1 Router Address 0"],
  ["ICMPv6MRD_Advertisement", () => IPv6({ src: LL_A }).div(ICMPv6MRD_Advertisement()), "6000000000083a01fe80000000000000021122fffe334455ff0200000000000000000000000000029714038a00000000", "fe80::211:22ff:fe33:4455 > ff02::2 (58) / ICMPv6MRD_Advertisement", ["IPv6", "ICMPv6MRD_Advertisement"], "fe80::211:22ff:fe33:4455 > ff02::2 (58) / ICMPv6MRD_Advertisement"],
  ["ICMPv6MRD_Solicitation", () => IPv6({ src: LL_A }).div(ICMPv6MRD_Solicitation()), "6000000000043a01fe80000000000000021122fffe334455ff020000000000000000000000000002980002a2", "fe80::211:22ff:fe33:4455 > ff02::2 (58) / ICMPv6MRD_Solicitation", ["IPv6", "ICMPv6MRD_Solicitation"], "fe80::211:22ff:fe33:4455 > ff02::2 (58) / ICMPv6MRD_Solicitation"],
];

for (const [name, build, hex, summary, layers, dissectedSummary] of ROWS) {
  test(`${name}: bytes and summary as Scapy's, dissected back to the same layers and bytes`, () => {
    const built = build();
    assert.equal(bytesHex(raw(built)), hex);
    const dissected = built.layerClass(fromHex(hex));
    assert.deepEqual(
      dissected.layers().map((l) => l.name),
      layers,
    );
    assert.equal(bytesHex(raw(dissected)), hex, "a dissected packet rebuilds to its bytes");
    assert.equal(bytesHex(raw(dissected.copy().rebuilt())), hex, "and so does a copy dissected again");
    assert.equal(built.summary(), summary);
    assert.equal(dissected.summary(), dissectedSummary);
  });
}
