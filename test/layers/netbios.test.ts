/**
 * NetBIOS (NBNS, datagram and session services) and LLMNR: request/response matching, hostile
 * bytes, and what tshark reads in the frames packetry builds.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  DNSQR, DNSRR, Ether, IP, IPv6, LLMNRQuery, LLMNRResponse, NBNS_ADD_ENTRY, NBNSHeader, NBNSNodeStatusRequest, NBNSNodeStatusResponse,
  NBNSNodeStatusResponseService, NBNSQueryRequest, NBNSQueryResponse, NBNSRegistrationRequest, NBTDatagram, NBTSession, Raw, TCP, UDP, raw,
  type Packet,
} from "../../src/index.ts";
import { tsharkAvailable, tsharkField, tsharkRead } from "../tshark.ts";

const E = () => Ether({ src: "02:00:00:00:00:01", dst: "02:00:00:00:00:02" });
const ns = () => UDP({ sport: 137, dport: 137 });

test("a name query response answers its query (same name), a node status response its status request", () => {
  const q = NBNSHeader({ NAME_TRN_ID: 5 }).div(NBNSQueryRequest({ QUESTION_NAME: "FILESRV" }));
  const r = NBNSHeader({ NAME_TRN_ID: 5 }).div(NBNSQueryResponse({ RR_NAME: "FILESRV", ADDR_ENTRY: [NBNS_ADD_ENTRY({ NB_ADDRESS: "10.0.0.9" })] }));
  // Dissected, the names are padded to 15 with spaces on both sides.
  const dq = NBNSHeader(raw(q));
  const dr = NBNSHeader(raw(r));
  assert.ok(dr.answers(dq));
  assert.ok(!dq.answers(dr));
  assert.equal(dr.summary(), "NBNSHeader / NBNSQueryResponse '\\\\FILESRV' is at 10.0.0.9");
  const other = NBNSHeader(raw(NBNSHeader({ NAME_TRN_ID: 5 }).div(NBNSQueryRequest({ QUESTION_NAME: "OTHER" }))));
  assert.ok(!dr.answers(other));
  const sq = NBNSHeader(raw(NBNSHeader().div(NBNSNodeStatusRequest({ QUESTION_NAME: "FILESRV" }))));
  const sr = NBNSHeader(raw(NBNSHeader().div(NBNSNodeStatusResponse({ RR_NAME: "FILESRV", MAC_ADDRESS: "00:11:22:33:44:55" }))));
  assert.ok(sr.answers(sq));
  assert.equal(sq.layers().at(-1)!.name, "NBNSNodeStatusRequest");
});

test("LLMNR: the QR bit picks the class; a response answers the query of its id; hashret is the id", () => {
  const q = LLMNRQuery({ id: 0x4242, qd: [DNSQR({ qname: "wpad" })] });
  const r = LLMNRResponse({ id: 0x4242, qd: [DNSQR({ qname: "wpad" })], an: [DNSRR({ rrname: "wpad", rdata: "10.0.0.3" })] });
  const dq = IP(raw(IP({ dst: "224.0.0.252" }).div(UDP({ sport: 50000, dport: 5355 }), q)));
  const dr = IP(raw(IP().div(UDP({ sport: 5355, dport: 50000 }), r)));
  assert.deepEqual(dq.layers().map((l) => l.name), ["IP", "UDP", "LLMNRQuery"]);
  assert.deepEqual(dr.layers().map((l) => l.name), ["IP", "UDP", "LLMNRResponse"]);
  const lr = dr.getLayer(LLMNRResponse)!;
  const lq = dq.getLayer(LLMNRQuery)!;
  assert.ok(lr.answers(lq));
  assert.ok(!lr.answers(LLMNRQuery({ id: 1 })));
  assert.deepEqual([...lr.hashret()], [...lq.hashret()]);
  assert.equal(UDP().div(LLMNRQuery()).build().length, 20);
  assert.deepEqual([UDP().div(LLMNRResponse()).getLayer(UDP)!.sport, UDP(raw(UDP().div(LLMNRResponse()))).dport], [5355, 5355]);
});

test("NBTSession's 17-bit length is the payload's; a payload too long for it is a clear error", () => {
  const s = NBTSession(raw(NBTSession().div(Raw({ load: new Uint8Array(70000) }))));
  assert.equal(s.LENGTH, 70000);
  assert.throws(() => raw(NBTSession().div(Raw({ load: new Uint8Array(1 << 17) }))), /LENGTH/);
});

test("hostile bytes: cut names, counts past the end and garbage give fields or Raw, never a throw", () => {
  const full = raw(E().div(IP(), ns(), NBNSHeader(), NBNSNodeStatusResponse({ MAC_ADDRESS: "00:11:22:33:44:55", NODE_NAME: [NBNSNodeStatusResponseService(), NBNSNodeStatusResponseService()] })));
  for (let n = 0; n <= full.length; n++) {
    const p = Ether(full.subarray(0, n));
    p.summary();
    raw(p);
  }
  // A count of 255 names in a short message, a name of odd letters.
  const bad = raw(NBNSHeader().div(NBNSNodeStatusResponse({ NUM_NAMES: 255 })));
  const p = NBNSHeader(bad);
  assert.equal(p.getLayer(NBNSNodeStatusResponse)!.NODE_NAME.length, 4); // three whole names and one cut short, as Scapy (vector nbns/dissect-status-count-past-end)
  const odd = NBNSQueryRequest(Uint8Array.of(0x20, 0x51, 0x52, 0x53, ...new Uint8Array(40)));
  assert.equal(odd.QUESTION_NAME.length, 1);
  for (const seed of [1, 2, 3]) {
    let x = seed;
    const junk = Uint8Array.from({ length: 600 }, () => ((x = (x * 1103515245 + 12345) >>> 0) >>> 24));
    for (const cls of [NBNSHeader, NBTDatagram, NBTSession, LLMNRQuery]) (cls(junk) as Packet).show2({ dump: true });
  }
});

const skip = tsharkAvailable() ? false : "tshark is not installed";

test("tshark reads the NBNS, datagram, session and LLMNR frames packetry builds, without complaint", { skip }, () => {
  const frames: Packet[] = [
    E().div(IP({ src: "10.0.0.1", dst: "10.0.0.255" }), ns(), NBNSHeader({ NAME_TRN_ID: 0x1234 }), NBNSQueryRequest({ QUESTION_NAME: "FILESRV", SUFFIX: "file server service" })),
    E().div(IP({ src: "10.0.0.2", dst: "10.0.0.1" }), ns(), NBNSHeader({ NAME_TRN_ID: 0x1234 }), NBNSQueryResponse({ RR_NAME: "FILESRV", SUFFIX: "file server service", ADDR_ENTRY: [NBNS_ADD_ENTRY({ OWNER_NODE_TYPE: "H node", NB_ADDRESS: "10.0.0.2" })] })),
    E().div(IP({ src: "10.0.0.1", dst: "10.0.0.2" }), ns(), NBNSHeader({ NAME_TRN_ID: 0x1235 }), NBNSNodeStatusRequest()),
    E().div(IP({ src: "10.0.0.2", dst: "10.0.0.1" }), ns(), NBNSHeader({ NAME_TRN_ID: 0x1235 }), NBNSNodeStatusResponse({ RR_NAME: "*", SUFFIX: 0x4141, MAC_ADDRESS: "00:11:22:33:44:55", RDLENGTH: 1 + 2 * 18 + 6 + 46, NODE_NAME: [NBNSNodeStatusResponseService({ NETBIOS_NAME: "FILESRV        " }), NBNSNodeStatusResponseService({ NETBIOS_NAME: "WORKGROUP      ", NAME_FLAGS: 0x84 })] })),
    E().div(IP({ src: "10.0.0.1", dst: "10.0.0.255" }), ns(), NBNSHeader({ NAME_TRN_ID: 0x99 }), NBNSRegistrationRequest({ QUESTION_NAME: "HOST1", TTL: 300000, NB_ADDRESS: "10.0.0.1" })),
    E().div(IP({ src: "10.0.0.1", dst: "10.0.0.255" }), UDP({ sport: 138, dport: 138 }), NBTDatagram({ Type: 0x11, SourceIP: "10.0.0.1", SourceName: "HOST1", DestinationName: "WORKGROUP", Length: 68, SUFFIX2: 0x4142 }), Raw({ load: new Uint8Array(0) })),
    E().div(IP({ src: "10.0.0.1", dst: "10.0.0.2" }), TCP({ sport: 139, dport: 139, flags: "PA" }), NBTSession({ TYPE: "Session Keepalive" })),
    E().div(IP({ src: "10.0.0.1", dst: "224.0.0.252", ttl: 1 }), UDP({ sport: 50000, dport: 5355 }), LLMNRQuery({ id: 0x4242, qd: [DNSQR({ qname: "wpad" })] })),
    E().div(IPv6({ src: "fe80::2", dst: "fe80::1" }), UDP({ sport: 5355, dport: 50000 }), LLMNRResponse({ id: 0x4242, qd: [DNSQR({ qname: "wpad" })], an: [DNSRR({ rrname: "wpad", ttl: 30, rdata: "10.0.0.3" })] })),
  ];
  const views = tsharkRead(frames);
  for (const [i, v] of views.entries()) assert.deepEqual(v.problems, [], `frame ${i}: ${v.protocols}`);
  assert.deepEqual(views.map((v) => v.protocols.split(":").at(-1)), ["nbns", "nbns", "nbns", "nbns", "nbns", "nbdgm", "nbss", "llmnr", "llmnr"]);
  assert.equal(tsharkField(views[0]!, "nbns.id"), "0x1234");
  assert.equal(tsharkField(views[0]!, "nbns.name"), "FILESRV<20>");
  assert.equal(tsharkField(views[1]!, "nbns.addr"), "10.0.0.2");
  assert.equal(tsharkField(views[3]!, "nbns.number_of_names"), "2");
  assert.equal(tsharkField(views[3]!, "nbns.unit_id"), "00:11:22:33:44:55");
  assert.equal(tsharkField(views[5]!, "nbdgm.source_name"), "HOST1<00>");
  assert.equal(tsharkField(views[5]!, "nbdgm.destination_name"), "WORKGROUP<01>");
  assert.equal(tsharkField(views[6]!, "nbss.type"), "0x85");
  assert.equal(tsharkField(views[7]!, "dns.qry.name"), "wpad");
  assert.equal(tsharkField(views[8]!, "dns.a"), "10.0.0.3");
});
