// TCP_client against a scripted TCP peer on an in-memory socket pair: the handshake, a request,
// a response in two segments handed on whole, the peer's FIN, our FIN on close.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { HTTP, HTTPRequest, HTTPResponse, IP, PipeSocket, Raw, TCP, TCP_client, type Packet } from "../../src/index.ts";

const CLIENT = "10.0.0.2";
const SERVER = "10.0.0.1";
const flags = (p: Packet) => String(p.getLayer(TCP)!.flags);
const body = "<h1>hello from the peer</h1>\n";
const response = `HTTP/1.1 200 OK\r\nServer: peer\r\nContent-Length: ${body.length}\r\n\r\n${body}`;

/** A peer that plays the server's side of one HTTP exchange, then closes (or not). */
async function peer(sock: PipeSocket, options: { close: boolean }): Promise<string[]> {
  const seen: string[] = [];
  let seq = 5000;
  let ack = 0;
  let cport = 0;
  const out = (f: string, data?: string) => {
    const p = IP({ src: SERVER, dst: CLIENT }).div(TCP({ sport: 80, dport: cport, flags: f, seq, ack, window: 8192 }));
    const pkt = data ? p.div(Raw({ load: data })) : p;
    seq = (seq + (data?.length ?? 0) + (f.includes("S") || f.includes("F") ? 1 : 0)) >>> 0;
    return sock.send(pkt);
  };
  for await (const p of sock) {
    const t = p.getLayer(TCP)!;
    const payload = t.payload;
    const data = payload ? new TextDecoder().decode(payload.build()) : "";
    seen.push(flags(p) + (data ? ` ${data.split("\r\n")[0]}` : ""));
    if (flags(p) === "S") {
      cport = t.sport;
      ack = (t.seq + 1) >>> 0;
      await out("SA");
    } else if (data) {
      ack = (t.seq + data.length) >>> 0;
      await out("A");
      await out("PA", response.slice(0, 40));
      await out("PA", response.slice(40));
      if (options.close) await out("FA");
    } else if (flags(p).includes("F")) {
      ack = (t.seq + 1) >>> 0;
      await out("A");
      if (!options.close) await out("FA");
    }
  }
  return seen;
}

describe("TCP_client", () => {
  test("tcplink(HTTP, ...): handshake, a GET, the whole response, and the peer's FIN", async () => {
    const [mine, theirs] = PipeSocket.pair();
    const script = peer(theirs, { close: true });
    const link = TCP_client.tcplink(HTTP, SERVER, 80, { srcip: CLIENT, ll: mine, recvsock: mine });
    await link.send(HTTP().div(HTTPRequest({ Host: "www.lab.test" })));
    const reply = await link.recv({ timeout: 5 });
    assert.ok(reply, "a response came");
    assert.equal(reply.getLayer(HTTPResponse)!.Status_Code instanceof Uint8Array, true);
    assert.equal(new TextDecoder().decode(reply.getLayer(Raw)!.load as Uint8Array), body);
    await link.atmt.finished;
    assert.equal(link.atmt.state!.state, "CLOSED");
    link.close();
    theirs.close();
    const seen = await script;
    assert.deepEqual(seen.slice(0, 2), ["S", "A"]);
    assert.match(seen[2]!, /^PA GET \/ HTTP\/1\.1$/);
    // Each segment acknowledged, then our FIN-ACK to the peer's FIN.
    assert.deepEqual(seen.slice(3), ["A", "A", "FA"]);
    const client = link.atmt as TCP_client;
    assert.equal(client.l4.getLayer(TCP)!.ack, 5000 + 1 + response.length + 1);
  });

  test("close() sends our FIN and ends when the peer's comes", async () => {
    const [mine, theirs] = PipeSocket.pair();
    const script = peer(theirs, { close: false });
    const link = TCP_client.tcplink(HTTP, SERVER, 80, { srcip: CLIENT, ll: mine, recvsock: mine });
    await link.send(HTTP().div(HTTPRequest({ Host: "www.lab.test" })));
    assert.ok(await link.recv({ timeout: 5 }));
    link.close();
    await link.stopped;
    assert.equal(link.atmt.state!.state, "CLOSED");
    theirs.close();
    // Our FIN-ACK, then the ACK of the peer's FIN.
    assert.deepEqual((await script).slice(-2), ["FA", "A"]);
  });

  test("no answer to the SYN: closed after a second, and the socket reads nothing", async () => {
    const [mine] = PipeSocket.pair();
    const link = TCP_client.tcplink(HTTP, SERVER, 80, { srcip: CLIENT, ll: mine, recvsock: mine });
    assert.equal(await link.recv({ timeout: 5 }), null);
    assert.equal(link.atmt.state!.state, "CLOSED");
  });

  test("an automaton that fails makes the socket's reads throw its error", async () => {
    const [mine] = PipeSocket.pair();
    mine.close();
    const link = TCP_client.tcplink(HTTP, SERVER, 80, { srcip: CLIENT, ll: mine, recvsock: mine });
    await assert.rejects(link.recv({ timeout: 5 }), /closed/);
  });

  test("the states and transitions are Scapy's", () => {
    const dot = TCP_client.build_graph();
    for (const edge of ['"START" -> "SYN_SENT"', '"SYN_SENT" -> "ESTABLISHED"', '"ESTABLISHED" -> "LAST_ACK"', '"LAST_ACK" -> "CLOSED"', '"STOP" -> "STOP_SENT_FIN_ACK"', '"STOP_SENT_FIN_ACK" -> "CLOSED"', '"SYN_SENT" -> "CLOSED"']) {
      assert.ok(dot.includes(edge), edge);
    }
  });
});
