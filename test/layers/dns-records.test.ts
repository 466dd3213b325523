/**
 * Record classes that Debian's Scapy 2.5 does not have (SVCB/HTTPS with SvcParams, NAPTR, HINFO and
 * the EDNS0 option classes of Scapy 2.6) are checked against tshark: we build them, tshark reads
 * them, and they dissect back to what was built.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import {
  bytesHex,
  DNS,
  DNSQR,
  DNSRRHINFO,
  DNSRRHTTPS,
  DNSRRNAPTR,
  DNSRROPT,
  DNSRRSVCB,
  EDNS0ClientSubnet,
  EDNS0COOKIE,
  EDNS0DAU,
  EDNS0ExtendedDNSError,
  EDNS0OWN,
  Ether,
  IP,
  raw,
  SvcParam,
  UDP,
  wrpcap,
  type Packet,
} from "../../src/index.ts";

type Tree = Record<string, unknown>;
const enc = new TextEncoder();

function hasTshark(): boolean {
  try {
    execFileSync("tshark", ["-v"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** tshark's DNS layer for one frame. */
function tsharkDns(frame: Packet): Tree {
  const dir = mkdtempSync(join(tmpdir(), "packetry-dns-"));
  try {
    const file = join(dir, "f.pcap");
    wrpcap(file, [frame]);
    const out = execFileSync("tshark", ["-T", "json", "--no-duplicate-keys", "-r", file], { stdio: ["ignore", "pipe", "ignore"] });
    return (JSON.parse(out.toString()) as Array<{ _source: { layers: Tree } }>)[0]!._source.layers.dns as Tree;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const frame = (dns: Packet) => Ether({ src: "02:00:00:00:00:01", dst: "02:00:00:00:00:02" }).div(IP({ src: "10.0.0.53", dst: "10.0.0.1" }), UDP({ sport: 53, dport: 40000 }), dns);
const records = (dns: Tree, section: string) => Object.values(dns[section] as Record<string, Tree>);

test("HTTPS and SVCB records with their SvcParams, as tshark reads them", { skip: hasTshark() ? false : "tshark is not installed" }, () => {
  const https = DNSRRHTTPS({
    rrname: "example.com",
    ttl: 60,
    svc_priority: 1,
    target_name: ".",
    svc_params: [
      SvcParam({ key: "alpn", value: ["h2", "h3"] }),
      SvcParam({ key: "port", value: 8443 }),
      SvcParam({ key: "ipv4hint", value: ["192.0.2.1", "192.0.2.2"] }),
      SvcParam({ key: "ipv6hint", value: ["2001:db8::1"] }),
      SvcParam({ key: "mandatory", value: ["alpn", "port"] }),
      SvcParam({ key: 9, value: "opaque" }),
    ],
  });
  const svcb = DNSRRSVCB({ rrname: "_dns.example.com", ttl: 60, svc_priority: 0, target_name: "dns.example.com" });
  const p = frame(DNS({ id: 9, qr: 1, qd: DNSQR({ qname: "example.com", qtype: "HTTPS" }), an: [https, svcb] }));
  const [h, s] = records(tsharkDns(p), "Answers") as [Tree, Tree];
  assert.equal(h["dns.resp.type"], "65");
  assert.equal(h["dns.resp.len"], "69");
  assert.equal(h["dns.svcb.svcpriority"], "1");
  assert.equal(h["dns.svcb.targetname"], "<Root>");
  const params = h["dns.svcb.svcparam"] as Tree[];
  assert.deepEqual(
    params.map((x) => x["dns.svcb.svcparam.key"]),
    ["1", "3", "4", "6", "0", "9"],
  );
  assert.deepEqual(params[0]!["dns.svcb.svcparam.alpn"], ["h2", "h3"]);
  assert.equal(params[1]!["dns.svcb.svcparam.port"], "8443");
  assert.deepEqual(params[2]!["dns.svcb.svcparam.ipv4hint.ip"], ["192.0.2.1", "192.0.2.2"]);
  assert.equal(params[3]!["dns.svcb.svcparam.ipv6hint.ip"], "2001:db8::1");
  assert.deepEqual(params[4]!["dns.svcb.svcparam.mandatory.key"], ["1", "3"]);
  assert.equal(s["dns.svcb.targetname"], "dns.example.com");
  // And back.
  const d = DNS(raw(p.getLayer(DNS)!));
  const back = d.an[0]!.svc_params as Array<Packet & { key: number; value: unknown }>;
  assert.deepEqual(
    back.map((x) => x.value),
    [[enc.encode("h2"), enc.encode("h3")], 8443, ["192.0.2.1", "192.0.2.2"], ["2001:db8::1"], [1, 3], enc.encode("opaque")],
  );
  assert.equal(d.an[1]!.spec.name, "DNSRRSVCB");
  assert.match(d.an[0]!.show({ dump: true })!, /\|###\[ SvcParam \]###\n {3}\| {2}key {7}= alpn\n {3}\| {2}len {7}= 6\n {3}\| {2}value {5}= \[b'h2', b'h3'\]/);
});

test("NAPTR and HINFO records, as tshark reads them", { skip: hasTshark() ? false : "tshark is not installed" }, () => {
  const p = frame(
    DNS({
      qr: 1,
      an: [
        DNSRRNAPTR({ rrname: "example.com", order: 100, preference: 10, flags: "S", services: "SIP+D2U", regexp: "", replacement: "_sip._udp.example.com" }),
        DNSRRHINFO({ rrname: "example.com", cpu: "x86", os: "Linux" }),
      ],
    }),
  );
  const [naptr, hinfo] = records(tsharkDns(p), "Answers") as [Tree, Tree];
  assert.deepEqual(
    [naptr["dns.naptr.order"], naptr["dns.naptr.flags"], naptr["dns.naptr.service"], naptr["dns.naptr.replacement"]],
    ["100", "S", "SIP+D2U", "_sip._udp.example.com"],
  );
  assert.deepEqual([hinfo["dns.hinfo.cpu"], hinfo["dns.hinfo.os"], hinfo["dns.resp.len"]], ["x86", "Linux", "10"]);
  const d = DNS(raw(p.getLayer(DNS)!));
  assert.deepEqual(d.an[0]!.replacement, enc.encode("_sip._udp.example.com."));
  assert.deepEqual(d.an[1]!.os, enc.encode("Linux"));
});

test("EDNS0 options (cookie, client subnet, extended error, DAU, owner), as tshark reads them", { skip: hasTshark() ? false : "tshark is not installed" }, () => {
  const opt = DNSRROPT({
    rclass: 1232,
    rdata: [
      EDNS0COOKIE({ client_cookie: Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8), server_cookie: Uint8Array.of(9, 9, 9, 9, 9, 9, 9, 9) }),
      EDNS0ClientSubnet({ address: "192.0.2.0" }),
      EDNS0ExtendedDNSError({ info_code: "Prohibited", extra_text: "blocked" }),
      EDNS0DAU({ alg_code: [8, 13, 15] }),
      EDNS0OWN({ primary_mac: "00:11:22:33:44:55" }),
    ],
  });
  const p = frame(DNS({ qr: 1, ar: opt }));
  const o = records(tsharkDns(p), "Additional records")[0]!;
  assert.deepEqual([o["dns.rr.udp_payload_size"], (o["dns.resp.z_tree"] as Tree)["dns.resp.z.do"]], ["1232", "1"]);
  const opts = o["dns.opt"] as Tree[];
  assert.deepEqual(
    opts.map((x) => x["dns.opt.code"]),
    ["10", "8", "15", "5", "4"],
  );
  assert.equal(opts[0]!["dns.opt.cookie.server"], "09:09:09:09:09:09:09:09");
  assert.deepEqual([opts[1]!["dns.opt.client.netmask"], opts[1]!["dns.opt.client.addr4"]], ["24", "192.0.2.0"]);
  assert.deepEqual([opts[2]!["dns.opt.ext_error.info_code"], opts[2]!["dns.opt.ext_error.extra_text"]], ["18", "blocked"]);
  assert.deepEqual(opts[3]!["dns.opt.dau"], ["8", "13", "15"]);
  assert.equal(opts[4]!["dns.opt.data"], "00:00:00:11:22:33:44:55");
  // And back, to the same classes and bytes.
  const d = DNS(raw(p.getLayer(DNS)!));
  const back = d.ar[0]!.rdata as Packet[];
  assert.deepEqual(
    back.map((x) => x.spec.name),
    ["EDNS0COOKIE", "EDNS0ClientSubnet", "EDNS0ExtendedDNSError", "EDNS0DAU", "EDNS0OWN"],
  );
  assert.equal(bytesHex(raw(d)), bytesHex(raw(p.getLayer(DNS)!)));
});
