import assert from "node:assert/strict";
import { test } from "node:test";
import { deflateSync, gzipSync } from "node:zlib";
import { bytesHex, fromHex, HTTP, HTTPRequest, HTTPResponse, IP, Raw, raw, setHttpDecompressor, TCP } from "../../src/index.ts";
import { assertBytes } from "../helpers.ts";
import { golden } from "./appGolden.ts";

// Expected bytes come from Debian's Scapy with load_layer("http") (scripts/captures/golden_app.py).

const enc = new TextEncoder();
const b = (s: string) => enc.encode(s);
const text = (u: Uint8Array) => new TextDecoder("latin1").decode(u);

test("a request's headers are built in Scapy's order (sorted by name)", () => {
  assertBytes(HTTP().div(HTTPRequest({ Host: "example.com", User_Agent: "scapy", Accept: "*/*" })), golden("http/request-sorted-headers"));
  assert.equal(text(raw(HTTP().div(HTTPRequest({ Host: "example.com", User_Agent: "scapy", Accept: "*/*" })))), "GET / HTTP/1.1\r\nAccept: */*\r\nHost: example.com\r\nUser-Agent: scapy\r\n\r\n");
});

test("a POST over TCP port 80 with an unknown header and a body", () => {
  const p = IP({ src: "10.0.0.1", dst: "10.0.0.2" }).div(
    TCP({ sport: 40000, dport: 80, flags: "PA", seq: 1000, ack: 2000 }),
    HTTP(),
    HTTPRequest({ Method: "POST", Path: "/form", Host: "example.com", Content_Type: "application/x-www-form-urlencoded", Content_Length: "7", Unknown_Headers: { "X-Trace": "abc" } }),
    Raw({ load: "a=1&b=2" }),
  );
  assertBytes(p, golden("http/request-post"));
  const d = IP(fromHex(golden("http/request-post")));
  assert.deepEqual(
    d.layers().map((l) => l.name),
    ["IP", "TCP", "HTTP", "HTTPRequest", "Raw"],
  );
  const req = d.getLayer(HTTPRequest)!;
  assert.deepEqual(req.Method, b("POST"));
  assert.deepEqual(req.Path, b("/form"));
  assert.deepEqual(req.Content_Length, b("7"));
  assert.deepEqual(req.Unknown_Headers, { "X-Trace": b("abc") });
  assert.equal(req.User_Agent, null);
  assert.equal(d.summary(), "IP / TCP / HTTP / POST '/form'  / Raw");
  assert.equal(bytesHex(raw(d)), golden("http/request-post"));
});

test("a response: status line fields, Scapy 2.6's summary and show", () => {
  const r = HTTP().div(HTTPResponse({ Status_Code: "404", Reason_Phrase: "Not Found", Server: "nginx", Content_Length: "9", Content_Type: "text/plain" }), Raw({ load: "not found" }));
  assertBytes(r, golden("http/response"));
  const d = HTTP(fromHex(golden("http/response")));
  assert.equal(d.summary(), "HTTP / 404 Not Found / Raw");
  const shown = d.show({ dump: true })!;
  // HTTP does not indent its payload (Scapy's show_indent = 0); absent headers print None.
  assert.match(shown, /^###\[ HTTP 1 \]###\n###\[ HTTP Response \]###\n {2}Http_Version= b'HTTP\/1\.1'\n {2}Status_Code= b'404'\n/);
  assert.match(shown, /\n {2}Age {7}= None\n/);
  assert.match(shown, /\n###\[ Raw \]###\n {5}load {6}= b'not found'\n/);
});

test("dissected headers keep their bytes: case, spacing and order as sent", () => {
  const wire = b("GET /x HTTP/1.1\r\nhost: a\r\nX-Foo: bar\r\nAccept:  */* \r\n\r\nbody");
  const d = HTTP(wire);
  const req = d.getLayer(HTTPRequest)!;
  assert.deepEqual(req.Host, b("a"));
  assert.deepEqual(req.Accept, b("*/*"));
  assert.deepEqual(req.Unknown_Headers, { "X-Foo": b("bar") });
  assert.equal(bytesHex(raw(d)), bytesHex(wire));
  assert.equal(d.toString(), "<HTTP  |<HTTPRequest  Method=b'GET' Path=b'/x' Http_Version=b'HTTP/1.1' Accept=b'*/*' Host=b'a' Unknown_Headers={b'X-Foo': b'bar'} |<Raw  load=b'body' |>>>");
  // Once a field changes, the message is written the way Scapy writes it.
  req.Path = b("/y");
  assert.equal(text(raw(d)), "GET /y HTTP/1.1\r\nAccept: */*\r\nHost: a\r\nX-Foo: bar\r\n\r\nbody");
});

test("without the blank line the headers still parse; a start line that is not HTTP is Raw", () => {
  const noBlank = HTTP(b("GET / HTTP/1.1\r\nHost: a\r\n"));
  assert.equal(noBlank.summary(), "HTTP / GET '/' ");
  assert.deepEqual(noBlank.getLayer(HTTPRequest)!.Host, b("a"));
  assert.equal(noBlank.getLayer(HTTPRequest)!.payload, null);
  for (const wire of ["GET /\r\nHost: a\r\n\r\n", "FOO / HTTP/1.1\r\n\r\n", "GET / HTTP/1.1", "", "\r\n\r\n"]) {
    const p = HTTP(b(wire));
    assert.ok(!p.hasLayer(HTTPRequest) && !p.hasLayer(HTTPResponse), JSON.stringify(wire));
    assert.equal(text(raw(p)), wire);
  }
  // Dissected directly, a start line of two words leaves the start-line fields at their defaults, as in Scapy.
  const two = HTTPResponse(b("HTTP/1.1 200\r\nServer: x\r\n\r\n"));
  assert.deepEqual(two.Server, b("x"));
  assert.deepEqual(two.Reason_Phrase, b("OK"));
  assert.equal(two.toString(), "<HTTPResponse  Server=b'x' |>");
});

test("a response answers a request; hashret is HTTP1 for both", () => {
  const req = IP({ src: "10.0.0.1", dst: "10.0.0.2" }).div(TCP({ sport: 40000, dport: 80 }), HTTP(), HTTPRequest());
  const resp = HTTP().div(HTTPResponse());
  assert.ok(resp.answers(HTTP().div(HTTPRequest())));
  assert.ok(resp.getLayer(HTTPResponse)!.answers(req));
  assert.ok(!HTTP().div(HTTPRequest()).answers(resp));
  assert.equal(text(resp.hashret()), "HTTP1");
});

test("decodedBody undoes chunking and gzip/deflate; without a decompressor the body stays as sent", () => {
  const body = "hello ".repeat(100);
  const gz = gzipSync(Buffer.from(body));
  const chunked = Buffer.concat([Buffer.from(`10\r\n`), gz.subarray(0, 16), Buffer.from(`\r\n${(gz.length - 16).toString(16)}\r\n`), gz.subarray(16), Buffer.from("\r\n0\r\n\r\n")]);
  const resp = (headers: Record<string, string>, payload: Uint8Array) => HTTP(raw(HTTP().div(HTTPResponse(headers), Raw({ load: payload })))).getLayer(HTTPResponse)!;
  const decoded = (p: ReturnType<typeof HTTPResponse>) => text(p.decodedBody());
  assert.equal(decoded(resp({ Transfer_Encoding: "chunked", Content_Encoding: "gzip" }, chunked)), body);
  assert.equal(decoded(resp({ Content_Encoding: "deflate" }, deflateSync(Buffer.from(body)))), body);
  assert.equal(decoded(resp({ Transfer_Encoding: "chunked" }, b("5\r\nhello\r\n0\r\nX-Trailer: 1\r\n\r\n"))), "hello");
  // Corrupt data stays as it is.
  assert.equal(decoded(resp({ Content_Encoding: "gzip" }, b("not gzip"))), "not gzip");
  setHttpDecompressor(null);
  try {
    assert.equal(decoded(resp({ Content_Encoding: "gzip" }, gz)), text(gz));
    setHttpDecompressor((coding, data) => (coding === "gzip" ? new Uint8Array(require_gunzip()(data)) : null));
    assert.equal(decoded(resp({ Content_Encoding: "gzip" }, gz)), body);
  } finally {
    setHttpDecompressor(undefined);
  }
  assert.equal(decoded(resp({ Content_Encoding: "gzip" }, gz)), body);
});

function require_gunzip(): (d: Uint8Array) => Uint8Array {
  return (process.getBuiltinModule("node:zlib") as typeof import("node:zlib")).gunzipSync;
}

test("port 8080 is HTTP too; building on TCP sets ports 80", () => {
  const p = IP(raw(IP({ src: "10.0.0.1", dst: "10.0.0.2" }).div(TCP({ sport: 40000, dport: 8080 }), Raw({ load: "GET / HTTP/1.0\r\n\r\n" }))));
  assert.ok(p.hasLayer(HTTPRequest));
  const built = TCP(raw(TCP().div(HTTP(), HTTPRequest())));
  assert.deepEqual([built.sport, built.dport], [80, 80]);
});
