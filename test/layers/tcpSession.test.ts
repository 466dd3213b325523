import assert from "node:assert/strict";
import { test } from "node:test";
import { deflateSync, gzipSync } from "node:zlib";
import { DNS, DNSQR, Ether, HTTPRequest, HTTPResponse, IP, Raw, raw, TCP, TCPSession, tcpReassemble, type Packet } from "../../src/index.ts";

const enc = new TextEncoder();
const latin1 = (u: Uint8Array) => new TextDecoder("latin1").decode(u);

/** A TCP conversation between a client (10.0.0.1:40000) and a server (10.0.0.2:port), as dissected frames. */
function conversation(port = 80) {
  let cseq = 1000;
  let sseq = 5000;
  const frame = (fromClient: boolean, seq: number, flags: string, data?: Uint8Array | string) => {
    const [src, dst, sport, dport] = fromClient ? ["10.0.0.1", "10.0.0.2", 40000, port] : ["10.0.0.2", "10.0.0.1", port, 40000];
    let p: Packet = Ether({ src: "02:00:00:00:00:01", dst: "02:00:00:00:00:02" }).div(IP({ src, dst }), TCP({ sport, dport, seq, flags }));
    if (data !== undefined) p = p.div(Raw({ load: data }));
    return Ether(raw(p));
  };
  return {
    handshake: () => [frame(true, cseq - 1, "S"), frame(false, sseq - 1, "SA"), frame(true, cseq, "A")],
    /** Client data at the current client sequence number (advanced unless `at` is given). */
    client: (data: Uint8Array | string, flags = "PA", at?: number) => {
      const seq = at ?? cseq;
      if (at === undefined) cseq += typeof data === "string" ? enc.encode(data).length : data.length;
      return frame(true, seq, flags, data);
    },
    server: (data: Uint8Array | string, flags = "PA", at?: number) => {
      const seq = at ?? sseq;
      if (at === undefined) sseq += typeof data === "string" ? enc.encode(data).length : data.length;
      return frame(false, seq, flags, data);
    },
    serverAt: () => sseq,
    fin: (fromClient: boolean) => frame(fromClient, fromClient ? cseq : sseq, "FA"),
  };
}

const messages = (out: Packet[]) => out.filter((p) => p.hasLayer(HTTPRequest) || p.hasLayer(HTTPResponse));
const body = (p: Packet) => latin1(p.getLayer(Raw)?.load ?? new Uint8Array(0));

test("a response split over segments comes out whole, at the first segment's sequence number", () => {
  const c = conversation();
  const head = "HTTP/1.1 200 OK\r\nContent-Length: 26\r\n\r\n";
  const start = 5000;
  const pkts = [...c.handshake(), c.client("GET / HTTP/1.1\r\nHost: a\r\n\r\n"), c.server(head + "abcdefghij"), c.server("klmnopqrst"), c.server("uvwxyz")];
  const session = new TCPSession();
  const out = pkts.map((p) => session.process(p));
  assert.deepEqual(
    out.map((o) => o.length),
    [1, 1, 1, 1, 0, 0, 1],
  );
  const resp = out[6]![0]!;
  assert.equal(resp.summary(), "Ether / IP / TCP / HTTP / 200 OK / Raw");
  assert.equal(body(resp), "abcdefghijklmnopqrstuvwxyz");
  assert.equal(resp.getLayer(TCP)!.seq, start);
  // The result builds with lengths and checksums computed again.
  const again = Ether(raw(resp));
  assert.equal(again.getLayer(IP)!.len, 20 + 20 + head.length + 26);
  assert.equal(body(again), "abcdefghijklmnopqrstuvwxyz");
});

test("segments out of order and retransmitted are put back in order once", () => {
  const c = conversation();
  const wire = "HTTP/1.1 200 OK\r\nContent-Length: 12\r\n\r\nhello, world";
  const s0 = c.serverAt();
  const parts = [wire.slice(0, 10), wire.slice(10, 30), wire.slice(30)];
  const at = [s0, s0 + 10, s0 + 30];
  const pkts = [...c.handshake(), c.server(parts[2]!, "PA", at[2]), c.server(parts[0]!, "PA", at[0]), c.server(parts[0]!, "PA", at[0]), c.server(wire.slice(5, 30), "PA", s0 + 5)];
  const out = tcpReassemble(pkts);
  assert.equal(messages(out).length, 1);
  assert.equal(body(messages(out)[0]!), "hello, world");
});

test("chunked and gzip: the body comes out decoded", () => {
  const c = conversation();
  const text = Array.from({ length: 400 }, (_, i) => `line ${i * 7919 % 1000}`).join("\n");
  const gz = gzipSync(Buffer.from(text));
  const half = gz.length >> 1;
  const chunked = Buffer.concat([Buffer.from(`${half.toString(16)}\r\n`), gz.subarray(0, half), Buffer.from(`\r\n${(gz.length - half).toString(16)}\r\n`), gz.subarray(half), Buffer.from("\r\n0\r\n\r\n")]);
  const wire = Buffer.concat([Buffer.from("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n\r\n"), chunked]);
  const pkts = [c.client("GET /z HTTP/1.1\r\nHost: a\r\n\r\n")];
  for (let i = 0; i < wire.length; i += 100) pkts.push(c.server(new Uint8Array(wire.subarray(i, i + 100))));
  const out = messages(tcpReassemble(pkts));
  assert.equal(out.length, 2);
  assert.equal(body(out[1]!), text);
});

test("deflate bodies with a Content-Length", () => {
  const c = conversation();
  const z = deflateSync(Buffer.from("deflated!".repeat(30)));
  const wire = Buffer.concat([Buffer.from(`HTTP/1.1 200 OK\r\nContent-Encoding: deflate\r\nContent-Length: ${z.length}\r\n\r\n`), z]);
  const out = messages(tcpReassemble([c.client("GET / HTTP/1.1\r\n\r\n"), c.server(new Uint8Array(wire.subarray(0, 50))), c.server(new Uint8Array(wire.subarray(50)))]));
  assert.equal(body(out[1]!), "deflated!".repeat(30));
});

test("a response to HEAD has no body even with a Content-Length", () => {
  const c = conversation();
  const session = new TCPSession();
  session.process(c.client("HEAD / HTTP/1.1\r\nHost: a\r\n\r\n"));
  const out = session.process(c.server("HTTP/1.1 200 OK\r\nContent-Length: 612\r\n\r\n"));
  assert.equal(out.length, 1);
  assert.equal(out[0]!.summary(), "Ether / IP / TCP / HTTP / 200 OK");
  // The next response on the same connection is read with its own length.
  session.process(c.client("GET / HTTP/1.1\r\nHost: a\r\n\r\n"));
  assert.equal(session.process(c.server("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nab")).length, 0);
  assert.equal(body(session.process(c.server("c"))[0]!), "abc");
});

test("204 and 304 have no body; a response without a length ends with the connection", () => {
  const c = conversation();
  const session = new TCPSession();
  session.process(c.client("GET /a HTTP/1.1\r\n\r\nGET /b HTTP/1.1\r\n\r\nGET /c HTTP/1.1\r\n\r\n"));
  const two = session.process(c.server("HTTP/1.1 204 No Content\r\n\r\nHTTP/1.1 304 Not Modified\r\nETag: x\r\n\r\n"));
  assert.deepEqual(
    two.map((p) => p.getLayer(HTTPResponse)!.sprintf("%Status_Code%")),
    ["b'204'", "b'304'"],
  );
  assert.equal(session.process(c.server("HTTP/1.0 200 OK\r\n\r\nuntil ")).length, 0);
  assert.equal(session.process(c.server("close")).length, 0);
  const closed = session.process(c.fin(false));
  assert.equal(closed.length, 1);
  assert.equal(body(closed[0]!), "until close");
});

test("pipelined requests in one segment come out one by one", () => {
  const c = conversation();
  const out = new TCPSession().process(c.client("GET /1 HTTP/1.1\r\nHost: a\r\n\r\nPOST /2 HTTP/1.1\r\nContent-Length: 2\r\n\r\nhiGET /3 HTTP/1.1\r\n\r\n"));
  assert.deepEqual(
    out.map((p) => latin1(p.getLayer(HTTPRequest)!.Path!)),
    ["/1", "/2", "/3"],
  );
  assert.equal(body(out[1]!), "hi");
});

test("data that is not HTTP on port 80 passes through as it is", () => {
  const c = conversation();
  const out = tcpReassemble([c.client("\x16\x03\x01 not http at all")]);
  assert.equal(out.length, 1);
  assert.equal(out[0]!.getLayer(Raw)!.load.length, 19);
});

test("a capture ending mid-message gives what it has at flush", () => {
  const c = conversation();
  const session = new TCPSession();
  assert.equal(session.process(c.server("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npartial")).length, 0);
  const left = session.flush();
  assert.equal(left.length, 1);
  assert.equal(body(left[0]!), "partial");
});

test("other ports pass through untouched; DNS over TCP is cut at its length prefix", () => {
  const c = conversation(53);
  const query = raw(TCP({ sport: 40000, dport: 53 }).div(DNS({ id: 5, qd: DNSQR({ qname: "example.com" }) }))).subarray(20);
  const session = new TCPSession();
  assert.equal(session.process(c.client(query.subarray(0, 10))).length, 0);
  const out = session.process(c.client(query.subarray(10)));
  assert.equal(out.length, 1);
  assert.equal(out[0]!.getLayer(DNS)!.id, 5);
  assert.deepEqual(out[0]!.getLayer(DNS)!.qd[0]!.qname, enc.encode("example.com."));
  const other = conversation(9999);
  const p = other.client("anything");
  assert.deepEqual(new TCPSession().process(p), [p]);
});
