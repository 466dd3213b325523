/**
 * Scapy's Packet methods: getlayer(index), iterpayloads, remove_payload, add_payload,
 * guess_payload_class, decode_payload_as, hide_defaults, clone_with, mysummary, route — in the
 * library, and in the shell on a script that Debian's Scapy runs too (the same output).
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { DNS, Ether, ICMP, IP, IPv6, Raw, UDP } from "../../src/index.ts";
import { packetry } from "../shell/run.ts";

const stack = () => Ether({ src: "00:11:22:33:44:55", dst: "66:77:88:99:aa:bb" }).div(IP({ src: "10.0.0.1", dst: "10.0.0.2", ttl: 64 })).div(UDP({ sport: 53, dport: 53 })).div(DNS());

describe("in the library", () => {
  test("getLayer(index) is the layer at that depth from this one", () => {
    const p = stack();
    assert.equal(p.getLayer(0), p);
    assert.equal(p.getLayer(1)!.name, "IP");
    assert.equal(p.getLayer(3)!.name, "DNS");
    assert.equal(p.getLayer(9), undefined);
    assert.throws(() => p.getLayer(-1), /a layer index is a whole number from 0, got -1/);
  });

  test("iterPayloads, removePayload, addPayload", () => {
    assert.deepEqual([...stack().iterPayloads()].map((l) => l.name), ["Ethernet", "IP", "UDP", "DNS"]);
    const p = IP().div(UDP());
    p.removePayload();
    assert.equal(p.payload, null);
    p.addPayload(UDP()).addPayload("ab");
    assert.deepEqual(p.layers().map((c) => c.name), ["IP", "UDP", "Raw"]);
    assert.equal(p.getLayer(UDP)!.underlayer, p);
  });

  test("guessPayloadClass and decodePayloadAs", () => {
    assert.equal(IP({ proto: 17 }).guessPayloadClass(UDP().build()), UDP);
    assert.equal(IP().guessPayloadClass(UDP().build()), Raw);
    const q = IP(IP({ src: "1.1.1.1", dst: "2.2.2.2" }).div(UDP({ sport: 1, dport: 2 })).div(Raw({ load: DNS().build() })).build());
    q.getLayer(UDP)!.decodePayloadAs(DNS);
    assert.deepEqual(q.layers().map((c) => c.name), ["IP", "UDP", "DNS"]);
    assert.equal(q.getLayer(DNS)!.underlayer, q.getLayer(UDP));
  });

  test("hideDefaults unsets what equals its default, in every layer; cloneWith keeps only what it is given", () => {
    const q = IP({ ttl: 64, dst: "1.2.3.4", proto: 17 }).div(UDP({ sport: 53 }));
    q.hideDefaults();
    assert.deepEqual(q.fieldValues(), { dst: "1.2.3.4", proto: 17 });
    assert.deepEqual(q.getLayer(UDP)!.fieldValues(), {});
    const c = IP({ ttl: 3, dst: "1.2.3.4" }).cloneWith(UDP(), { ttl: 5 });
    assert.deepEqual(c.fieldValues(), { ttl: 5 });
    assert.equal(c.payload!.name, "UDP");
  });

  test("mySummary is the layer's own text; route() is the first IP layer's route", () => {
    const p = stack();
    assert.equal(p.getLayer(IP)!.mySummary(), "10.0.0.1 > 10.0.0.2 udp");
    assert.equal(Raw({ load: "x" }).mySummary(), "");
    assert.deepEqual(Ether().div(ICMP()).route(), [null, null, null]);
    assert.equal(p.route().length, 3);
    assert.equal(typeof IPv6({ dst: "::1" }).route()[0], "string");
  });
});

describe("in the shell, as Scapy", () => {
  const dir = mkdtempSync(join(tmpdir(), "packetry-methods-"));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test("the same script prints the same lines", async () => {
    const script = `f = TCP(flags="SA").flags
print("S" in f, "SA" in f, "F" in f, 2 in f)
p = Ether(src="00:11:22:33:44:55", dst="66:77:88:99:aa:bb")/IP(src="10.0.0.1", dst="10.0.0.2", ttl=64)/UDP(sport=53, dport=53)
print(repr(p.getlayer(1)), p.getlayer(9))
print(repr(p[IP].mysummary()), repr(p[UDP].mysummary()), repr(Raw(b"x").mysummary()), repr(p.mysummary()))
q = IP(ttl=64, dst="1.2.3.4", proto=17)/UDP(sport=53)
q.hide_defaults()
print(repr(q))
print(repr(IP(ttl=3, dst="1.2.3.4").clone_with(payload=UDP(), ttl=5)))
x = IP()/UDP()
x.remove_payload()
print(repr(x))
x = IP()
x.add_payload(UDP())
print(repr(x))
print([l.name for l in p.iterpayloads()])
print(IP(proto=17).guess_payload_class(bytes(UDP())).__name__)
q = IP(bytes(IP(src="1.1.1.1", dst="2.2.2.2")/UDP(sport=1, dport=2)/Raw(bytes(DNS(id=7)))))
q[UDP].decode_payload_as(DNS)
print([l.__name__ for l in q.layers()], q[DNS].id, q[DNS].underlayer.name)
print(tuple(Ether().route()))
print([f.name for f in IP().fields_desc][:3])
`;
    const file = join(dir, "methods.py");
    writeFileSync(file, script);
    const theirs = execFileSync("unshare", ["-n", "/usr/bin/python3", "-c", `from scapy.all import *\nexec(open(${JSON.stringify(file)}).read())`], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
    const ours = await packetry([file]);
    assert.equal(ours.stderr, "");
    assert.equal(ours.stdout, theirs);
  });
});
