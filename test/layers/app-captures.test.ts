/**
 * Real traffic (scripts/captures/app.sh: dig, dhclient and curl talking to dnsmasq and nginx in
 * network namespaces), read with rdpcap and compared frame by frame with what tshark reports.
 * Every frame must also rebuild to the bytes tshark read.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { test } from "node:test";
import {
  BOOTP,
  bytesHex,
  DHCP,
  DNS,
  HTTPRequest,
  HTTPResponse,
  raw,
  Raw,
  rdpcap,
  tcpReassemble,
  type DNSRecord,
  type Packet,
} from "../../src/index.ts";

type Tree = Record<string, unknown>;

const dir = new URL("../fixtures/captures/", import.meta.url);
const file = (name: string) => new URL(name, dir).pathname;

function tsharkAvailable(): boolean {
  try {
    execFileSync("tshark", ["-v"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}
const skip = tsharkAvailable() ? false : "tshark is not installed";

/** tshark's dissection of every frame (repeated fields as arrays), with the raw bytes. */
function tshark(name: string): Tree[] {
  const out = execFileSync("tshark", ["-T", "json", "--no-duplicate-keys", "-x", "-r", file(name)], { maxBuffer: 64 << 20, stdio: ["ignore", "pipe", "ignore"] });
  return (JSON.parse(out.toString()) as Array<{ _source: { layers: Tree } }>).map((f) => f._source.layers);
}

const rawHex = (v: unknown) => (Array.isArray(v) ? String(v[0]) : String(v));
const list = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const latin1 = (u: Uint8Array) => new TextDecoder("latin1").decode(u);
const num = (v: unknown) => Number(v);

/** The frames of a capture: ours and tshark's, side by side, after checking count and bytes. */
function frames(name: string): Array<[Packet, Tree]> {
  const ours = [...rdpcap(file(name))];
  const theirs = tshark(name);
  assert.equal(ours.length, theirs.length, `${name}: frame count`);
  ours.forEach((p, i) => assert.equal(bytesHex(raw(p)), rawHex(theirs[i]!.frame_raw), `${name} frame ${i + 1} rebuilds to the bytes read`));
  return ours.map((p, i) => [p, theirs[i]!]);
}

// ---------- DNS ----------

/** "www.cap.test." as tshark writes it: no final dot, the root as <Root>. */
const dnsName = (v: unknown) => {
  const s = latin1(v as Uint8Array);
  return s === "." ? "<Root>" : s.replace(/\.$/, "");
};

/** The records of a tshark section, in order. */
function tsharkRecords(dns: Tree, section: string): Tree[] {
  return Object.values((dns[section] as Record<string, Tree | Tree[]>) ?? {}).flatMap((r) => list(r) as Tree[]);
}

function compareRecord(ours: DNSRecord, theirs: Tree, where: string): void {
  const type = num(theirs["dns.resp.type"]);
  assert.equal(ours.type, type, `${where} type`);
  if (type !== 33) assert.equal(dnsName(ours.rrname), theirs["dns.resp.name"], `${where} name`);
  assert.equal(ours.rdlen, num(theirs["dns.resp.len"]), `${where} rdlen`);
  if (type === 41) {
    assert.equal(ours.rclass, num(theirs["dns.rr.udp_payload_size"]), `${where} payload size`);
    const options = ours.rdata as Packet[];
    const opts = list(theirs["dns.opt"]) as Tree[];
    assert.equal(options.length, opts.length, `${where} EDNS0 options`);
    options.forEach((o, k) => {
      assert.equal(o.getFieldValue("optcode"), num(opts[k]!["dns.opt.code"]), `${where} option code`);
      if (o.spec.name === "EDNS0COOKIE") assert.equal(bytesHex(o.getFieldValue("client_cookie") as Uint8Array), String(opts[k]!["dns.opt.cookie.client"]).replace(/:/g, ""));
    });
    return;
  }
  assert.equal(ours.rclass, num(theirs["dns.resp.class"]), `${where} class`);
  assert.equal(ours.ttl, num(theirs["dns.resp.ttl"]), `${where} ttl`);
  const expect: Record<number, Array<[string, (r: DNSRecord) => unknown]>> = {
    1: [["dns.a", (r) => r.rdata]],
    28: [["dns.aaaa", (r) => r.rdata]],
    2: [["dns.ns", (r) => dnsName(r.rdata)]],
    5: [["dns.cname", (r) => dnsName(r.rdata)]],
    12: [["dns.ptr.domain_name", (r) => dnsName(r.rdata)]],
    16: [["dns.txt", (r) => (r.rdata as Uint8Array[]).map(latin1)]],
    15: [
      ["dns.mx.preference", (r) => String(r.preference)],
      ["dns.mx.mail_exchange", (r) => dnsName(r.exchange)],
    ],
    33: [
      ["dns.srv.priority", (r) => String(r.priority)],
      ["dns.srv.weight", (r) => String(r.weight)],
      ["dns.srv.port", (r) => String(r.port)],
      ["dns.srv.target", (r) => dnsName(r.target)],
    ],
    6: [
      ["dns.soa.mname", (r) => dnsName(r.mname)],
      ["dns.soa.rname", (r) => dnsName(r.rname)],
      ["dns.soa.serial_number", (r) => String(r.serial)],
      ["dns.soa.minimum_ttl", (r) => String(r.minimum)],
    ],
  };
  const checks = expect[type];
  assert.ok(checks, `${where}: a record type the capture was not expected to hold (${type})`);
  for (const [field, read] of checks) {
    const want = type === 16 ? list(theirs[field]) : theirs[field];
    assert.deepEqual(read(ours), want, `${where} ${field}`);
  }
}

test("dns.pcap: every DNS message as tshark reads it", { skip }, () => {
  let messages = 0;
  for (const [p, t] of frames("dns.pcap")) {
    const theirs = t.dns as Tree | undefined;
    const dns = p.getLayer(DNS);
    if (!theirs) {
      assert.ok(!dns || p.getLayer("TCP") !== undefined, "DNS only where tshark sees it");
      continue;
    }
    messages++;
    assert.ok(dns, `frame ${t.frame && (t.frame as Tree)["frame.number"]} has DNS`);
    const where = `frame ${(t.frame as Tree)["frame.number"]}`;
    const flags = theirs["dns.flags_tree"] as Tree;
    assert.equal(dns.id, Number(theirs["dns.id"]), `${where} id`);
    assert.equal(dns.qr, num(flags["dns.flags.response"]));
    assert.equal(dns.rd, num(flags["dns.flags.recdesired"]));
    assert.equal(dns.ad, num(flags["dns.flags.authenticated"]));
    if (dns.qr) {
      assert.equal(dns.aa, num(flags["dns.flags.authoritative"]));
      assert.equal(dns.rcode, num(flags["dns.flags.rcode"]));
    }
    if (theirs["dns.length"] !== undefined) assert.equal(dns.length, num(theirs["dns.length"]));
    assert.deepEqual(
      [dns.qdcount, dns.ancount, dns.nscount, dns.arcount],
      ["queries", "answers", "auth_rr", "add_rr"].map((k) => num(theirs[`dns.count.${k}`])),
    );
    const queries = Object.values((theirs.Queries as Record<string, Tree>) ?? {});
    assert.deepEqual(
      dns.qd.map((q) => [dnsName(q.qname), q.qtype]),
      queries.map((q) => [q["dns.qry.name"], num(q["dns.qry.type"])]),
    );
    for (const [section, name] of [
      ["an", "Answers"],
      ["ns", "Authoritative nameservers"],
      ["ar", "Additional records"],
    ] as const) {
      const records = tsharkRecords(theirs, name);
      assert.equal(dns[section].length, records.length, `${where} ${section}`);
      dns[section].forEach((r, k) => compareRecord(r, records[k]!, `${where} ${section}[${k}]`));
    }
  }
  assert.equal(messages, 26);
});

test("dns.pcap: DNS over TCP comes out of stream reassembly as whole messages", { skip }, () => {
  const all = [...rdpcap(file("dns.pcap"))];
  const overTcp = tcpReassemble(all).filter((p) => p.getLayer("TCP") && p.hasLayer(DNS));
  assert.deepEqual(
    overTcp.map((p) => p.getLayer(DNS)!.qr),
    [0, 1, 0, 1],
  );
  assert.deepEqual(overTcp[1]!.getLayer(DNS)!.an[0]!.exchange, new TextEncoder().encode("mail.cap.test."));
});

// ---------- DHCP ----------

/** The data bytes of an option as packetry writes them again (code and length dropped). */
const optionData = (o: unknown) => raw(DHCP({ options: [o as never] })).subarray(2);

test("dhcp.pcap: BOOTP fields and DHCP options as tshark reads them (NAK, DORA, release)", { skip }, () => {
  const kinds: string[] = [];
  for (const [p, t] of frames("dhcp.pcap")) {
    const theirs = t.dhcp as Tree;
    const bootp = p.getLayer(BOOTP)!;
    const dhcp = p.getLayer(DHCP)!;
    assert.ok(bootp && dhcp && theirs);
    kinds.push(p.summary().split(" / ").pop()!);
    assert.equal(bootp.op, num(theirs["dhcp.type"]));
    assert.equal(bootp.htype, num(theirs["dhcp.hw.type"]));
    assert.equal(bootp.xid, Number(theirs["dhcp.id"]));
    assert.equal(Number(bootp.flags), Number(theirs["dhcp.flags"]));
    assert.deepEqual(
      [bootp.ciaddr, bootp.yiaddr, bootp.siaddr, bootp.giaddr],
      ["client", "your", "server", "relay"].map((k) => theirs[`dhcp.ip.${k}`]),
    );
    assert.equal(bytesHex(bootp.chaddr.subarray(0, 6)), String(theirs["dhcp.hw.mac_addr"]).replace(/:/g, ""));
    // Options with data, in order: same codes, same bytes.
    const ours = dhcp.options.filter((o) => Array.isArray(o));
    const trees = (list(theirs["dhcp.option.type_tree"]) as Tree[]).filter((x) => x["dhcp.option.value"] !== undefined);
    const codes = list(theirs["dhcp.option.type"]).map(num).filter((c) => c !== 0 && c !== 255);
    assert.equal(ours.length, trees.length);
    ours.forEach((o, k) => {
      const name = (o as unknown[])[0];
      assert.equal(bytesHex(optionData(o)), String(trees[k]!["dhcp.option.value"]).replace(/:/g, ""), `option ${String(name)}`);
      assert.equal(typeof name === "number" ? name : codes[k], codes[k]);
    });
  }
  assert.deepEqual(kinds, ["DHCP Request", "DHCP Nak", "DHCP Discover", "DHCP Offer", "DHCP Request", "DHCP Ack", "DHCP Release"]);
});

// ---------- HTTP ----------

const headerChecks: Array<[string, string]> = [
  ["Host", "http.host"],
  ["User_Agent", "http.user_agent"],
  ["Accept", "http.accept"],
  ["Server", "http.server"],
  ["Content_Type", "http.content_type"],
  ["Content_Length", "http.content_length_header"],
  ["Transfer_Encoding", "http.transfer_encoding"],
  ["Content_Encoding", "http.content_encoding"],
  ["Connection", "http.connection"],
];

function compareHeaders(msg: Packet, theirs: Tree, where: string): void {
  for (const [field, key] of headerChecks) {
    if (!msg.spec.layout.fieldIndex.has(field)) continue;
    const v = msg.getFieldValue(field) as Uint8Array | null;
    assert.equal(v === null ? undefined : latin1(v), theirs[key], `${where} ${field}`);
  }
}

function startLine(theirs: Tree): Tree {
  return Object.values(theirs).find((v) => v && typeof v === "object" && ("http.request.method" in v || "http.response.code" in v)) as Tree;
}

test("http.pcap: requests and responses whose headers fit in one segment, as tshark reads them", { skip }, () => {
  let seen = 0;
  for (const [p, t] of frames("http.pcap")) {
    const theirs = t.http as Tree | undefined;
    const req = p.getLayer(HTTPRequest);
    const resp = p.getLayer(HTTPResponse);
    if (!theirs || t["tcp.segments"] !== undefined) continue;
    const line = startLine(theirs);
    const where = `frame ${(t.frame as Tree)["frame.number"]}`;
    if (req) {
      assert.deepEqual([latin1(req.Method!), latin1(req.Path!), latin1(req.Http_Version!)], [line["http.request.method"], line["http.request.uri"], line["http.request.version"]], where);
      compareHeaders(req, theirs, where);
    } else {
      assert.ok(resp, `${where} has a response`);
      assert.deepEqual([latin1(resp.Status_Code!), latin1(resp.Reason_Phrase!)], [line["http.response.code"], line["http.response.phrase"]], where);
      compareHeaders(resp, theirs, where);
    }
    seen++;
  }
  assert.ok(seen >= 10, `${seen} messages compared`);
});

test("http.pcap: reassembled messages and decoded bodies (Content-Length, HEAD, chunked, gzip) match tshark's", { skip }, () => {
  const pkts = [...rdpcap(file("http.pcap"))];
  const theirs = tshark("http.pcap").filter((t) => t.http !== undefined);
  const ours = tcpReassemble(pkts).filter((p) => p.hasLayer(HTTPRequest) || p.hasLayer(HTTPResponse));
  assert.equal(ours.length, theirs.length);
  ours.forEach((p, k) => {
    const t = theirs[k]!.http as Tree;
    const line = startLine(t);
    const where = `message ${k + 1}`;
    const req = p.getLayer(HTTPRequest);
    if (req) {
      assert.equal(latin1(req.Path!), line["http.request.uri"], where);
      return;
    }
    const resp = p.getLayer(HTTPResponse)!;
    assert.equal(latin1(resp.Status_Code!), line["http.response.code"], where);
    compareHeaders(resp, t, where);
    const body = p.getLayer(Raw)?.load;
    if (t["http.file_data"] === undefined) assert.equal(body, undefined, `${where}: no body`);
    else assert.equal(latin1(body!), t["http.file_data"], `${where}: body`);
  });
  const bodies = ours.filter((p) => p.hasLayer(Raw)).map((p) => latin1(p.getLayer(Raw)!.load));
  assert.ok(bodies.filter((b) => b.startsWith("line 001 of a file")).length >= 3, "plain, static gzip and on-the-fly gzip bodies decoded");
});
