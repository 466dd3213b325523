// SuperSocket's services (recv, sniff, sr, iteration, close) over in-memory pipes, and
// StreamSocket over a TCP connection on loopback: no lab, no root.
import assert from "node:assert/strict";
import { createServer, connect, type Socket } from "node:net";
import { describe, test } from "node:test";
import { HTTP, HTTPResponse, ICMP, IP, PipeSocket, Raw, StreamSocket, UDP, type Packet } from "../../src/index.ts";

const ping = (seq: number) => IP({ src: "10.0.0.2", dst: "10.0.0.1" }).div(ICMP({ id: 1, seq }));
const pong = (req: Packet) => IP({ src: "10.0.0.1", dst: "10.0.0.2" }).div(ICMP({ type: 0, id: 1, seq: req.getLayer(ICMP)!.seq }));

/** The other end answers echo requests whose seq is in `answered`, `times` times each. */
async function responder(sock: PipeSocket, answered: (seq: number) => boolean, times = 1): Promise<void> {
  for await (const p of sock) {
    const icmp = p.getLayer(ICMP);
    if (icmp?.type === 8 && answered(icmp.seq)) for (let i = 0; i < times; i++) await sock.send(pong(p));
  }
}

describe("SuperSocket over a pipe", () => {
  test("recv returns packets in order, null on timeout and once the peer closed", async () => {
    const [a, b] = PipeSocket.pair();
    await a.send(ping(1));
    await a.send(ping(2));
    assert.equal((await b.recv())!.getLayer(ICMP)!.seq, 1);
    assert.equal((await b.recv())!.getLayer(ICMP)!.seq, 2);
    assert.equal(await b.recv({ timeout: 0.05 }), null);
    const controller = new AbortController();
    const waiting = b.recv({ signal: controller.signal });
    controller.abort();
    assert.equal(await waiting, null);
    a.close();
    assert.equal(await b.recv(), null);
    await assert.rejects(a.send(ping(3)), /closed/);
  });

  test("what the peer receives is dissected from the bytes sent, as from a wire", async () => {
    const [a, b] = PipeSocket.pair();
    const sent = ping(7);
    await a.send(sent);
    const got = (await b.recv())!;
    assert.notEqual(got, sent);
    assert.equal(got.getLayer(IP)!.chksum, sent.copy().rebuilt().getLayer(IP)!.chksum);
    assert.equal(a.sent[0], sent);
  });

  test("sniff: count, lfilter, prn, stopFilter, timeout", async () => {
    const [a, b] = PipeSocket.pair();
    for (let i = 0; i < 6; i++) await a.send(ping(i));
    const seen: number[] = [];
    const got = await b.sniff({ count: 2, lfilter: (p) => p.getLayer(ICMP)!.seq % 2 === 1, prn: (p) => void seen.push(p.getLayer(ICMP)!.seq) });
    assert.deepEqual(seen, [1, 3]);
    assert.equal(got.length, 2);
    assert.equal(String(got), "<Sniffed: TCP:0 UDP:0 ICMP:2 Other:0>");
    const rest = await b.sniff({ stopFilter: (p) => p.getLayer(ICMP)!.seq === 5 });
    assert.deepEqual(rest.map((p) => p.getLayer(ICMP)!.seq), [4, 5]);
    const none = await b.sniff({ timeout: 0.05 });
    assert.equal(none.length, 0);
  });

  test("async iteration ends when the socket closes", async () => {
    const [a, b] = PipeSocket.pair();
    await a.send(ping(1));
    await a.send(ping(2));
    setTimeout(() => a.close(), 20);
    const seqs: number[] = [];
    for await (const p of b) seqs.push(p.getLayer(ICMP)!.seq);
    assert.deepEqual(seqs, [1, 2]);
  });

  test("sr pairs each answer with its request; unanswered ones come back; sr1 gives the first", async () => {
    const [a, b] = PipeSocket.pair();
    void responder(b, (seq) => seq !== 3);
    const [ans, unans] = await a.sr([ping(1), ping(2), ping(3)], { timeout: 0.3, verbose: 0 });
    assert.deepEqual(ans.map(([s, r]) => [s.getLayer(ICMP)!.seq, r.getLayer(ICMP)!.seq]), [[1, 1], [2, 2]]);
    assert.deepEqual(unans.map((p) => p.getLayer(ICMP)!.seq), [3]);
    assert.equal(String(ans), "<Results: TCP:0 UDP:0 ICMP:2 Other:0>");
    const r = await a.sr1(ping(9), { timeout: 1, verbose: 0 });
    assert.equal(r!.getLayer(ICMP)!.seq, 9);
    a.close();
  });

  test("sr with multi collects every answer; retry resends what is unanswered", async () => {
    const [a, b] = PipeSocket.pair();
    void responder(b, () => true, 2);
    const [ans] = await a.sr(ping(4), { timeout: 0.2, multi: true, verbose: 0 });
    assert.equal(ans.length, 2);
    a.close();
    // The peer answers seq 5 only from its second copy on.
    const [c, d] = PipeSocket.pair();
    let copies = 0;
    void responder(d, (seq) => seq === 5 && ++copies >= 2);
    const [ans2, unans2] = await c.sr(ping(5), { timeout: 0.1, retry: 2, verbose: 0 });
    assert.equal(ans2.length, 1);
    assert.equal(unans2.length, 0);
    c.close();
  });
});

describe("StreamSocket", () => {
  async function connected(): Promise<{ client: Socket; server: Socket; close: () => void }> {
    let accepted!: (s: Socket) => void;
    const got = new Promise<Socket>((r) => (accepted = r));
    const srv = createServer((s) => accepted(s));
    await new Promise<void>((r) => srv.listen(0, "127.0.0.1", () => r()));
    const port = (srv.address() as { port: number }).port;
    const client = connect(port, "127.0.0.1");
    await new Promise<void>((r) => client.once("connect", () => r()));
    const server = await got;
    return { client, server, close: () => srv.close() };
  }

  test("a stream of IP packets comes out one packet a read, whatever the chunks", async () => {
    const { client, server, close } = await connected();
    const sock = new StreamSocket(client, IP);
    const pkts = [1, 2, 3].map((i) => IP({ src: "10.0.0.1", dst: "10.0.0.2" }).div(UDP({ sport: i, dport: 9 }), "x".repeat(i * 10)));
    const bytes = Buffer.concat(pkts.map((p) => p.build()));
    // In two chunks that cut the second packet: read once both have come, each packet is whole.
    server.write(bytes.subarray(0, 75));
    server.write(bytes.subarray(75));
    await new Promise((r) => setTimeout(r, 50));
    const got: number[] = [];
    for (let i = 0; i < 3; i++) got.push((await sock.recv({ timeout: 2 }))!.getLayer(UDP)!.sport);
    assert.deepEqual(got, [1, 2, 3]);
    server.end();
    assert.equal(await sock.recv({ timeout: 2 }), null);
    sock.close();
    close();
  });

  test("HTTP is read in whole messages: a response cut short waits for the rest", async () => {
    const { client, server, close } = await connected();
    const sock = new StreamSocket(client, HTTP);
    server.write("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhello");
    assert.equal(await sock.recv({ timeout: 0.2 }), null, "half a body is not a message yet");
    server.write("world");
    const r = (await sock.recv({ timeout: 2 }))!;
    assert.deepEqual(r.getLayer(HTTPResponse)!.Status_Code, new TextEncoder().encode("200"));
    assert.equal(new TextDecoder().decode(r.getLayer(Raw)!.load as Uint8Array), "helloworld");
    sock.close();
    server.destroy();
    close();
  });

  test("send writes the packet's bytes; Raw by default on reads", async () => {
    const { client, server, close } = await connected();
    const sock = new StreamSocket(client);
    const n = await sock.send(Raw({ load: "GET / HTTP/1.0\r\n\r\n" }));
    assert.equal(n, 18);
    const seen = await new Promise<string>((r) => server.once("data", (d) => r(d.toString())));
    assert.equal(seen, "GET / HTTP/1.0\r\n\r\n");
    server.write("HTTP/1.0 200 OK\r\n\r\nhi");
    const reply = (await sock.recv({ timeout: 2 }))!;
    assert.equal(reply.spec.name, "Raw");
    assert.equal(new TextDecoder().decode(reply.getFieldValue("load") as Uint8Array), "HTTP/1.0 200 OK\r\n\r\nhi");
    sock.close();
    server.destroy();
    close();
  });
});
