import assert from "node:assert/strict";
import { test } from "node:test";
import { bytesHex, CutName, DNS, DNSRR, fromHex, IP, Raw, raw, TCP, UDP } from "../../src/index.ts";

// Malformed messages: each must dissect without throwing or hanging, rebuild to the same bytes,
// and show what could not be read as Raw (or as the part of a name that could be read).

const enc = new TextEncoder();
const b = (s: string) => enc.encode(s);

/** Header of a response with these counts, then the given section bytes. */
const message = (qd: number, an: number, body: string) =>
  fromHex("1234" + "8180" + [qd, an, 0, 0].map((n) => n.toString(16).padStart(4, "0")).join("") + body.replace(/\s/g, ""));

const QUESTION = "03777777 076578616d706c65 03636f6d 00 0001 0001"; // www.example.com A IN, at offset 12

function dissectAll(bytes: Uint8Array): ReturnType<typeof DNS> {
  const p = DNS(bytes);
  // Reading everything must not throw.
  p.show({ dump: true });
  p.summary();
  assert.equal(bytesHex(raw(p)), bytesHex(bytes), "rebuilds to the same bytes");
  return p;
}

test("a pointer loop is cut, not followed forever", () => {
  // The answer's name points at itself (offset 33).
  const bytes = message(1, 1, QUESTION + "c021 0001 0001 00000000 0004 01020304");
  const started = Date.now();
  const d = dissectAll(bytes);
  assert.ok(Date.now() - started < 1000);
  // What could be read, marked as cut.
  assert.deepEqual(new Uint8Array(d.an[0]!.rrname), b("."));
  assert.ok(d.an[0]!.rrname instanceof CutName);
  assert.equal((d.an[0]!.rrname as CutName).cut, "pointer loop");
  assert.ok(!(d.qd[0]!.qname instanceof CutName));
  assert.equal(d.an[0]!.rdata, "1.2.3.4");
});

test("two names pointing at each other stop after the loop is seen", () => {
  // Answer 1 at 33: label "a" then a pointer to 51 (answer 2's name); answer 2: label "b" then a pointer to 33.
  const bytes = message(1, 2, QUESTION + "0161 c033 0001 0001 00000000 0004 01020304" + "0162 c021 0001 0001 00000000 0004 05060708");
  const d = dissectAll(bytes);
  assert.deepEqual(new Uint8Array(d.an[0]!.rrname), b("a.b.a."));
  assert.deepEqual(new Uint8Array(d.an[1]!.rrname), b("b.a.b."));
  assert.equal((d.an[1]!.rrname as CutName).cut, "pointer loop");
  assert.equal(d.an[1]!.rdata, "5.6.7.8");
});

test("a pointer past the end of the message ends the name", () => {
  const bytes = message(1, 1, QUESTION + "0378797a c3ff 0001 0001 00000000 0004 01020304");
  const d = dissectAll(bytes);
  assert.deepEqual(d.an[0]!.rrname, b("xyz."));
  assert.equal(d.an[0]!.rdata, "1.2.3.4");
});

test("a pointer cut in half at the end of the message ends the name there", () => {
  const d = dissectAll(message(1, 0, "03777777 c0"));
  assert.deepEqual(d.qd[0]!.qname, b("www."));
});

test("a label length over 63 is read as a pointer (as Scapy reads it) and never as a huge label", () => {
  // 0x4c 0x0c: top bits 01 -> offset (0x0c & 0x3f)<<8 | 0x0c... out of range here: the name stops.
  const bytes = message(1, 1, QUESTION + "4c0c 0001 0001 00000000 0004 01020304");
  const d = dissectAll(bytes);
  assert.equal(d.an[0]!.rdata, "1.2.3.4");
});

test("a name longer than 255 bytes (pointer chains) still dissects, without hanging", () => {
  // 20 answers each adding a 63-byte label in front of the previous name: the last name is 1300+ bytes.
  let body = QUESTION;
  let prev = 12;
  let offset = 12 + 21;
  for (let i = 0; i < 20; i++) {
    body += "3f" + "61".repeat(63) + (0xc000 | prev).toString(16) + "0001000100000000000401020304";
    prev = offset;
    offset += 1 + 63 + 2 + 14;
  }
  const d = dissectAll(message(1, 20, body));
  const last = d.an[19]!.rrname as Uint8Array;
  assert.ok(last.length > 255);
  assert.ok(new TextDecoder().decode(last).endsWith("www.example.com."));
});

test("a name through 300 valid pointers (each to the one before) is read whole, not cut after 20", () => {
  // Answer i's name: label "n" then a pointer to answer i-1's name; the first points at the question.
  let body = QUESTION;
  let prev = 12;
  let offset = 12 + 21;
  for (let i = 0; i < 300; i++) {
    body += "016e" + (0xc000 | prev).toString(16) + "0001000100000000000401020304";
    prev = offset;
    offset += 4 + 14;
  }
  const d = dissectAll(message(1, 300, body));
  const last = d.an[299]!.rrname as Uint8Array;
  assert.ok(!(last instanceof CutName));
  assert.equal(new TextDecoder().decode(last), "n.".repeat(300) + "www.example.com.");
});

test("a message whose names would take quadratic work to read is cut, marked, and fast", () => {
  // Over TCP, 64 KB: a chain of 900 answers (each a label and a pointer to the one before, all
  // within the 16 KB pointers reach), then 3,000 answers pointing at the deepest: read whole,
  // that is 5 million label bytes.
  const record = (name: string) => name + "0001000100000000000401020304";
  let body = QUESTION;
  let prev = 12;
  let offset = 12 + 21;
  for (let i = 0; i < 900; i++) {
    body += record("016e" + (0xc000 | prev).toString(16));
    prev = offset;
    offset += 18;
  }
  for (let i = 0; i < 3000; i++) body += record((0xc000 | prev).toString(16));
  const msg = message(1, 3900, body);
  const prefixed = new Uint8Array(msg.length + 2);
  prefixed.set([msg.length >> 8, msg.length & 0xff]);
  prefixed.set(msg, 2);
  const started = Date.now();
  const dns = TCP(raw(TCP({ sport: 53, dport: 40000 }).div(Raw({ load: prefixed })))).getLayer(DNS)!;
  assert.equal(dns.an.length, 3900);
  // The chain itself reads whole; some of the names pointing at its end are cut, and say why.
  assert.equal(new TextDecoder().decode(dns.an[899]!.rrname), "n.".repeat(900) + "www.example.com.");
  const cut = dns.an.filter((r) => r.rrname instanceof CutName);
  assert.ok(cut.length > 0 && cut.length < 3000, `${cut.length} names cut`);
  assert.equal((cut[0]!.rrname as CutName).cut, "too much decompression");
  assert.ok(Date.now() - started < 10_000);
});

test("a truncated record becomes a Raw element and ends its section", () => {
  const full = message(1, 2, QUESTION + "c00c 0001 0001 00000000 0004 01020304" + "c00c 0001 0001 00000000 0004 05060708");
  for (let cut = 12; cut < full.length; cut++) {
    const d = dissectAll(full.subarray(0, cut));
    const all = [...d.qd, ...d.an];
    // Every element is a record or Raw, and Raw only at the end.
    all.forEach((r, i) => assert.ok(r.spec !== Raw.spec || i === all.length - 1, `cut at ${cut}`));
  }
  const d = dissectAll(full.subarray(0, full.length - 6));
  assert.equal(d.an[0]!.rdata, "1.2.3.4");
  assert.equal(d.an[1]!.spec, Raw.spec);
});

test("an rdlen that lies: too long takes the rest, too short leaves the address unread", () => {
  const long = dissectAll(message(1, 2, QUESTION + "c00c 0001 0001 00000000 00ff 01020304" + "c00c 0001 0001 00000000 0004 05060708"));
  assert.equal(long.an.length, 1);
  assert.equal(long.an[0]!.rdata, "1.2.3.4");
  // Scapy 2.6 (_DNSRR) cuts the record at its rdlen: what the A rdata leaves is Padding inside the record.
  assert.equal(long.an[0]!.payload!.spec.name, "Padding");
  const short = dissectAll(message(1, 2, QUESTION + "c00c 0001 0001 00000000 0002 0102" + "c00c 0001 0001 00000000 0004 05060708"));
  // The record that cannot be read and everything after it are one Raw element, as in Scapy 2.6.
  assert.equal(short.an.length, 1);
  assert.equal(short.an[0]!.spec, Raw.spec);
  assert.equal(bytesHex(short.an[0]!.getFieldValue("load") as Uint8Array), "c00c00010001000000000002" + "0102" + "c00c0001000100000000000405060708");
  // A name rdata whose rdlen stops inside it: the part inside is read.
  const cname = dissectAll(message(1, 1, QUESTION + "c00c 0005 0001 00000000 0003 03777777 03636f6d00"));
  assert.deepEqual(cname.an[0]!.rdata, b("ww."));
});

test("counts larger than the records present stop at the end of the bytes", () => {
  const d = dissectAll(message(5, 9, QUESTION));
  assert.equal(d.qd.length, 1);
  assert.equal(d.an.length, 0);
  assert.equal(d.qdcount, 5);
});

test("TXT strings that run past rdlen are cut", () => {
  const d = dissectAll(message(1, 1, QUESTION + "c00c 0010 0001 00000000 0004 0a616263"));
  assert.deepEqual(d.an[0]!.rdata, [b("abc")]);
});

test("DNS over TCP with a bad length prefix is Raw", () => {
  const msg = message(1, 0, QUESTION);
  for (const prefix of ["0005", "000d", "ffff"]) {
    const bytes = raw(TCP({ sport: 53, dport: 40000 }).div(Raw({ load: fromHex(prefix + bytesHex(msg)) })));
    const p = TCP(bytes);
    assert.equal(p.payload!.spec, Raw.spec, prefix);
    assert.equal(bytesHex(raw(p)), bytesHex(bytes));
  }
  const tiny = TCP(raw(TCP({ sport: 53, dport: 40000 }).div(Raw({ load: fromHex("12") }))));
  assert.equal(tiny.payload!.spec, Raw.spec);
  const good = TCP(raw(TCP({ sport: 53, dport: 40000 }).div(Raw({ load: fromHex(msg.length.toString(16).padStart(4, "0") + bytesHex(msg)) }))));
  assert.ok(good.hasLayer(DNS));
});

test("random bytes on port 53 never throw and always rebuild", () => {
  let seed = 7;
  const rand = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % 256;
  for (let n = 0; n < 300; n++) {
    const body = Uint8Array.from({ length: 12 + (n % 90) }, rand);
    const frame = raw(IP({ src: "10.0.0.1", dst: "10.0.0.2" }).div(UDP({ sport: 53, dport: 53 }), Raw({ load: body })));
    const p = IP(frame);
    p.summary();
    p.show({ dump: true });
    assert.equal(bytesHex(raw(p)), bytesHex(frame));
  }
});

test("a record given bytes that are no address fails clearly", () => {
  assert.throws(() => DNSRR({ type: "A", rdata: "not-an-ip-and-not-a-host" }), TypeError);
});

test("the decompression budget is the message's: the same bytes dissected again read whole names", () => {
  // A name through three pointers; the budget must not carry over from one dissection to the next.
  const bytes = message(1, 3, QUESTION + "c00c 0001 0001 00000000 0004 01020304".repeat(3));
  for (let i = 0; i < 20_000; i++) {
    const names = DNS(bytes).an.map((r) => r.rrname);
    assert.ok(names.every((n) => !(n instanceof CutName)), `dissection ${i}: a name was cut`);
  }
  assert.equal(new TextDecoder().decode(DNS(bytes).an[2]!.rrname), "www.example.com.");
});
