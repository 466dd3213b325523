import assert from "node:assert/strict";
import { test } from "node:test";
import { gzipSync } from "node:zlib";
import { bytesCopied, seconds } from "../helpers.ts";
import { concatBytes, Ether, HTTP, HTTPRequest, HTTPResponse, IP, Raw, raw, setHttpBodyLimit, TCP, tcpReassemble, type Packet } from "../../src/index.ts";

// HTTP reassembly over long, slow and hostile streams: linear in the bytes, no crash on huge
// lines, bounded decompression. Linearity is checked by counting the bytes copied (exact, whatever
// the machine's load), and where the cost was rescanning, by a time limit far above what it takes.

const enc = new TextEncoder();
const cat = (...parts: Uint8Array[]) => concatBytes(parts);
const filled = (n: number, byte = 0x61) => new Uint8Array(n).fill(byte);

/** The server side of a connection carrying `stream` in segments of `size` bytes, as dissected frames (made by patching one frame). */
function segments(stream: Uint8Array, size: number): Packet[] {
  const frame = raw(Ether({ src: "02:00:00:00:00:01", dst: "02:00:00:00:00:02" }).div(IP({ src: "10.0.0.2", dst: "10.0.0.1" }), TCP({ sport: 80, dport: 40000, flags: "PA" })));
  const out: Packet[] = [];
  for (let off = 0; off < stream.length; off += size) {
    const n = Math.min(size, stream.length - off);
    const f = new Uint8Array(frame.length + n);
    f.set(frame);
    f.set(stream.subarray(off, off + n), frame.length);
    const v = new DataView(f.buffer);
    v.setUint16(14 + 2, 40 + n); // IP total length
    v.setUint32(14 + 20 + 4, 1000 + off); // TCP sequence number
    out.push(Ether(f));
  }
  return out;
}

const responses = (out: Packet[]) => out.filter((p) => p.hasLayer(HTTPResponse));
const bodyOf = (p: Packet) => p.getLayer(Raw)?.load ?? new Uint8Array(0);

test("a body in 1-byte segments is copied a few times over, not once per segment (1 MB took 861 s)", () => {
  const stream = cat(enc.encode("HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n"), filled(100_000));
  const pkts = segments(stream, 1);
  let out: Packet[] = [];
  const copied = bytesCopied(() => (out = responses(tcpReassemble(pkts))));
  assert.equal(out.length, 1);
  assert.equal(bodyOf(out[0]!).length, 100_000);
  assert.equal(out[0]!.getLayer(TCP)!.seq, 1000);
  assert.ok(copied < 10 * stream.length, `${copied} bytes copied for a ${stream.length}-byte stream`);
});

test("an 8 MB Content-Length body in 1460-byte segments is copied a few times over (it took 23.7 s)", () => {
  const stream = cat(enc.encode("HTTP/1.1 200 OK\r\nContent-Length: 8000000\r\n\r\n"), filled(8_000_000, 0x62));
  const pkts = segments(stream, 1460);
  let out: Packet[] = [];
  const copied = bytesCopied(() => (out = responses(tcpReassemble(pkts))));
  assert.equal(out.length, 1);
  const body = bodyOf(out[0]!);
  assert.equal(body.length, 8_000_000);
  assert.ok(body.every((b) => b === 0x62));
  assert.ok(copied < 10 * stream.length, `${copied} bytes copied for a ${stream.length}-byte stream`);
});

test("a chunked body of 100,000 chunks in 16-byte segments is read once (it took 70 s rescanning)", () => {
  const chunks = [enc.encode("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")];
  for (let i = 0; i < 100_000; i++) chunks.push(enc.encode("a ; ext=1\r\n0123456789\r\n"));
  chunks.push(enc.encode("0\r\nX-Trailer: yes\r\n\r\n"));
  const pkts = segments(cat(...chunks), 16);
  let out: Packet[] = [];
  const took = seconds(() => (out = responses(tcpReassemble(pkts))));
  assert.equal(out.length, 1);
  assert.equal(bodyOf(out[0]!).length, 1_000_000);
  assert.ok(took < 30, `${took} s`);
});

test("a 200 KB chunk-size line or a 240 KB header does not crash reassembly", () => {
  const longSize = cat(enc.encode("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"), filled(200_000, 0x31), enc.encode("\r\n"));
  const a = tcpReassemble(segments(longSize, 1000));
  assert.equal(responses(a).length, 1);
  // The size is no chunk size: the body is kept as it came.
  assert.equal(bodyOf(responses(a)[0]!).length, 200_002);
  const longCoding = cat(enc.encode("HTTP/1.1 200 OK\r\nTransfer-Encoding: "), filled(240_000, 0x78), enc.encode("\r\nContent-Length: 3\r\n\r\nabc"));
  const b = responses(tcpReassemble(segments(longCoding, 1000)));
  assert.equal(b.length, 1);
  const head = cat(enc.encode("HTTP/1.1 200 OK\r\nX-Big: "), filled(240_000), enc.encode("\r\nContent-Length: 2\r\n\r\nok"));
  const c = responses(tcpReassemble(segments(head, 100)));
  assert.equal(c.length, 1);
  assert.deepEqual(bodyOf(c[0]!), enc.encode("ok"));
  c[0]!.summary();
  c[0]!.show({ dump: true });
});

test("decompression stops at the body limit, and the message says it was cut", () => {
  const zeros = gzipSync(new Uint8Array(10_000_000));
  const stream = cat(enc.encode(`HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: ${zeros.length}\r\n\r\n`), zeros);
  setHttpBodyLimit(1_000_000);
  try {
    const [resp] = responses(tcpReassemble(segments(stream, 1460)));
    assert.equal(bodyOf(resp!).length, 1_000_000);
    assert.equal(resp!.comment, "the gzip body decompresses to more than 1000000 bytes: cut there (setHttpBodyLimit raises the limit)");
  } finally {
    setHttpBodyLimit(64 * 1024 * 1024);
  }
  // Under the limit: whole, and no comment.
  const small = gzipSync(enc.encode("hello"));
  const [ok] = responses(tcpReassemble(segments(cat(enc.encode(`HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: ${small.length}\r\n\r\n`), small), 1460)));
  assert.deepEqual(bodyOf(ok!), enc.encode("hello"));
  assert.equal(ok!.comment, undefined);
});

test("by default a body decompresses to at most 64 MiB (a 1 MB gzip body of 1 GiB is not made)", { timeout: 60_000 }, () => {
  const zeros = gzipSync(new Uint8Array(100 * 1024 * 1024), { level: 9 });
  const resp = HTTP(raw(HTTP().div(HTTPResponse({ Content_Encoding: "gzip" }), Raw({ load: zeros })))).getLayer(HTTPResponse)!;
  assert.equal(resp.decodedBody().length, 64 * 1024 * 1024);
});

test("a dissected message with a header of its own equals its copy (and not one with another value)", () => {
  const frame = raw(IP({ src: "10.0.0.1", dst: "10.0.0.2" }).div(TCP({ sport: 40000, dport: 80 }), HTTP(), HTTPRequest({ Host: "a", Unknown_Headers: { "X-Foo": "bar" } })));
  const p = IP(frame);
  assert.ok(p.equals(p.copy()));
  assert.ok(p.copy().equals(p));
  const other = IP(frame);
  other.getLayer(HTTPRequest)!.Unknown_Headers = { "X-Foo": enc.encode("baz") };
  assert.ok(!p.equals(other));
  const fewer = IP(frame);
  fewer.getLayer(HTTPRequest)!.Unknown_Headers = {};
  assert.ok(!p.equals(fewer));
});

test("start-line bytes 0x80-0x9f are kept as they are (no windows-1252 round trip)", () => {
  const path = Uint8Array.of(0x2f, 0x80, 0x9f, 0xa0);
  const wire = cat(enc.encode("GET "), path, enc.encode(" HTTP/1.1\r\nHost: a\r\n\r\n"));
  const req = HTTP(wire).getLayer(HTTPRequest)!;
  assert.deepEqual(req.Path, path);
});
