// An automaton driven through every kind of state and transition by a toy "knock" protocol,
// over an in-memory socket pair: the test plays the server on the other end.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { ATMT, Automaton, Breakpoint, ErrorState, InterceptionPoint, IP, PipeSocket, Raw, Singlestep, Stuck, UDP, type Packet } from "../../src/index.ts";

const msg = (text: string, sport = 1000, dport = 2000) => IP({ src: "10.0.0.2", dst: "10.0.0.1" }).div(UDP({ sport, dport }), text);
const textOf = (p: Packet) => (p.hasLayer(Raw) ? new TextDecoder().decode(p.getLayer(Raw)!.load as Uint8Array) : "");

/**
 * START knocks; WAIT_WELCOME waits for WELCOME (retrying twice on a timeout, then FAILED);
 * TALK relays io "chat" both ways, sends a keepalive on a timer and ends on BYE; STOP says BYE.
 */
class Knocker extends Automaton {
  visited: string[] = [];
  tries = 0;
  keepalives = 0;
  welcomeAfter = 0.15;

  override parse_args(wait: number, options: Record<string, unknown> = {}): void {
    this.welcomeAfter = wait;
    super.parse_args(options);
  }

  @ATMT.state({ initial: true })
  START() {
    this.visited.push("START");
  }
  @ATMT.state()
  WAIT_WELCOME() {
    this.visited.push("WAIT_WELCOME");
  }
  @ATMT.state()
  RETRY() {
    this.visited.push("RETRY");
    return this.tries;
  }
  @ATMT.state()
  TALK() {
    this.visited.push("TALK");
  }
  @ATMT.state({ error: true })
  FAILED() {
    this.visited.push("FAILED");
    return `gave up after ${this.tries} tries`;
  }
  @ATMT.state({ stop: true })
  STOP() {
    this.visited.push("STOP");
  }
  @ATMT.state({ final: true })
  END(why: string) {
    this.visited.push("END");
    return { why, keepalives: this.keepalives, tries: this.tries };
  }

  @ATMT.condition("START")
  knock() {
    throw this.WAIT_WELCOME();
  }
  @ATMT.action("knock")
  @ATMT.action("again")
  sendKnock() {
    this.tries++;
    return this.send(msg("KNOCK"));
  }

  @ATMT.receive_condition("WAIT_WELCOME")
  welcomed(pkt: Packet) {
    if (textOf(pkt) === "WELCOME") throw this.goto("TALK").actionParameters(pkt);
  }
  @ATMT.action("welcomed")
  sayHello(pkt: Packet) {
    return this.send(msg(`HELLO ${pkt.getLayer(UDP)!.sport}`));
  }
  @ATMT.timeout("WAIT_WELCOME", 0.15)
  noWelcome() {
    throw this.RETRY();
  }

  @ATMT.condition("RETRY")
  again(tries: number) {
    if (tries < 3) throw this.WAIT_WELCOME();
  }
  @ATMT.condition("RETRY", 1)
  giveUp() {
    throw this.FAILED();
  }

  @ATMT.ioevent("TALK", "chat")
  typed(fd: { recv(): unknown }) {
    throw this.goto("TALK").actionParameters(fd.recv());
  }
  @ATMT.action("typed")
  sendChat(text: string) {
    return this.send(msg(`SAY ${text}`));
  }
  @ATMT.receive_condition("TALK", 1)
  heard(pkt: Packet) {
    if (textOf(pkt).startsWith("SAY ")) {
      this.oi.chat!.send(textOf(pkt).slice(4));
      throw this.TALK();
    }
  }
  @ATMT.receive_condition("TALK", 0)
  bye(pkt: Packet) {
    if (textOf(pkt) === "BYE") throw this.END("server said bye");
  }
  @ATMT.timer("TALK", 0.05)
  keepalive() {
    this.keepalives++;
    return this.send(msg("PING"));
  }

  @ATMT.condition("STOP")
  leave() {
    throw this.goto("END", "stopped");
  }
  @ATMT.action("leave")
  sayBye() {
    return this.send(msg("BYE"));
  }
}

/** A knocker on one end of a pipe; the test reads and writes the other end. */
function knocker(extra: Record<string, unknown> = {}): { a: Knocker; server: PipeSocket } {
  const [mine, server] = PipeSocket.pair();
  const a = new Knocker(0.15, { ll: mine, recvsock: mine, ...extra });
  return { a, server };
}

/** Reads the server end until a packet with this text (the others are dropped); returns it. */
async function expect(server: PipeSocket, text: string, seconds = 3): Promise<Packet> {
  const end = Date.now() + seconds * 1000;
  for (;;) {
    const p = await server.recv({ timeout: Math.max(0, (end - Date.now()) / 1000) });
    if (!p) throw new Error(`no ${text} came`);
    if (textOf(p) === text) return p;
  }
}

describe("Automaton: a toy protocol through every state and timeout", () => {
  test("knock, a timeout and a retry, welcome, io both ways, the timer, and the final state's result", async () => {
    const { a, server } = knocker();
    const done = a.run();
    await expect(server, "KNOCK"); // ignored: WAIT_WELCOME times out, RETRY knocks again
    await expect(server, "KNOCK");
    await server.send(msg("noise", 2000, 1000));
    await server.send(msg("WELCOME", 2000, 1000));
    await expect(server, "HELLO 2000");
    a.io.chat!.send("hi there");
    await expect(server, "SAY hi there");
    await server.send(msg("SAY hello back", 2000, 1000));
    assert.equal(await a.io.chat!.recv(), "hello back");
    await expect(server, "PING");
    await server.send(msg("BYE", 2000, 1000));
    const result = (await done) as { why: string; keepalives: number; tries: number };
    assert.equal(result.why, "server said bye");
    assert.equal(result.tries, 2);
    assert.ok(result.keepalives >= 1);
    assert.deepEqual(a.visited.slice(0, 5), ["START", "WAIT_WELCOME", "RETRY", "WAIT_WELCOME", "TALK"]);
    assert.equal(a.visited.at(-1), "END");
    assert.equal(a.running, false);
    // The session list holds what was sent and the packets that took transitions.
    const texts = a.packets.map(textOf);
    assert.deepEqual(texts.slice(0, 4), ["KNOCK", "KNOCK", "WELCOME", "HELLO 2000"]);
    assert.equal(a.packets.name, "session[Knocker]");
  });

  test("no welcome at all: the retries run out into the error state", async () => {
    const { a } = knocker();
    await assert.rejects(a.run(), (e: unknown) => e instanceof ErrorState && e.state === "FAILED" && e.result === "gave up after 3 tries");
    assert.deepEqual(a.visited, ["START", "WAIT_WELCOME", "RETRY", "WAIT_WELCOME", "RETRY", "WAIT_WELCOME", "RETRY", "FAILED"]);
  });

  test("stop() goes through the stop state; forcestop() ends at once", async () => {
    const { a, server } = knocker();
    const done = a.run();
    await expect(server, "KNOCK");
    await server.send(msg("WELCOME", 2000, 1000));
    await expect(server, "HELLO 2000");
    await a.stop();
    assert.deepEqual((await done as { why: string }).why, "stopped");
    await expect(server, "BYE");
    assert.deepEqual(a.visited.slice(-2), ["STOP", "END"]);

    const b = knocker();
    const run = b.a.run();
    await expect(b.server, "KNOCK");
    await b.a.forcestop();
    assert.equal(await run, undefined);
    assert.equal(b.a.running, false);
  });

  test("a breakpoint stops run() on entering its state; run() again goes on", async () => {
    const { a, server } = knocker();
    a.add_breakpoints("TALK");
    const first = a.run();
    await expect(server, "KNOCK");
    await server.send(msg("WELCOME", 2000, 1000));
    await assert.rejects(first, (e: unknown) => e instanceof Breakpoint && e.state === "TALK");
    assert.equal(a.visited.includes("TALK"), false);
    const rest = a.run();
    await server.send(msg("BYE", 2000, 1000));
    assert.equal((await rest as { why: string }).why, "server said bye");
  });

  test("next() takes one step at a time", async () => {
    const { a, server } = knocker();
    await assert.rejects(a.next(), (e: unknown) => e instanceof Singlestep && e.state === "WAIT_WELCOME");
    await expect(server, "KNOCK");
    await server.send(msg("WELCOME", 2000, 1000));
    await assert.rejects(a.next(), (e: unknown) => e instanceof Singlestep && e.state === "TALK");
    await a.forcestop();
  });

  test("an interception point holds each packet sent there until accepted, replaced or rejected", async () => {
    const { a, server } = knocker();
    a.add_interception_points("WAIT_WELCOME", "RETRY");
    // The first knock is sent leaving START (not an interception point); the second, from RETRY, waits.
    await assert.rejects(a.run(), (e: unknown) => e instanceof InterceptionPoint && textOf(e.packet as Packet) === "KNOCK" && e.state === "RETRY");
    await expect(server, "KNOCK");
    assert.equal(await server.recv({ timeout: 0.05 }), null);
    assert.equal(textOf(a.intercepted_packet!), "KNOCK");
    await a.reject_packet();
    await assert.rejects(a.run(), (e: unknown) => e instanceof InterceptionPoint);
    await a.accept_packet(msg("KNOCK KNOCK"));
    await expect(server, "KNOCK KNOCK");
    await a.forcestop();
  });

  test("master_filter hides packets from the receive conditions", async () => {
    class Picky extends Knocker {
      override master_filter(pkt: Packet): boolean {
        return pkt.getLayer(UDP)!.sport === 2000;
      }
    }
    const [mine, server] = PipeSocket.pair();
    const a = new Picky(0.15, { ll: mine, recvsock: mine });
    const done = a.run();
    await expect(server, "KNOCK");
    await server.send(msg("WELCOME", 2001, 1000)); // filtered out
    await server.send(msg("WELCOME", 2000, 1000));
    await expect(server, "HELLO 2000");
    await server.send(msg("BYE", 2000, 1000));
    await done;
    assert.ok(!a.packets.some((p) => p.getLayer(UDP)!.sport === 2001));
  });

  test("a state with nowhere to go is Stuck", async () => {
    class Dead extends Automaton {
      @ATMT.state({ initial: true })
      BEGIN() {}
    }
    const [mine] = PipeSocket.pair();
    await assert.rejects(new Dead({ ll: mine }).run(), (e: unknown) => e instanceof Stuck && e.state === "BEGIN");
  });

  test("build_graph() gives the states and transitions as dot, in Scapy's style; graph() draws it", async () => {
    const dot = Knocker.build_graph();
    assert.match(dot, /^digraph "Knocker" \{\n\t"START" \[ style=filled, fillcolor=blue, shape=box, root=true\];\n/);
    assert.match(dot, /\t"END" \[ style=filled, fillcolor=green, shape=octagon \];/);
    assert.match(dot, /\t"FAILED" \[ style=filled, fillcolor=red, shape=octagon \];/);
    assert.match(dot, /\t"STOP" \[ style=filled, fillcolor=orange, shape=box, root=true \];/);
    assert.match(dot, /\t"START" -> "WAIT_WELCOME" \[label="knock\\l>\[sendKnock\]", color=purple\];/);
    assert.match(dot, /\t"WAIT_WELCOME" -> "TALK" \[label="welcomed\\l>\[sayHello\]", color=red\];/);
    assert.match(dot, /\t"WAIT_WELCOME" -> "RETRY" \[label="noWelcome\/0\.1s",color=blue\];/);
    assert.match(dot, /\t"TALK" -> "TALK" \[label="typed\\l>\[sendChat\]", color=orange\];/);
    assert.match(dot, /\t"TALK" -> "END" \[label="bye", color=red\];/);
    assert.ok(dot.endsWith("}\n"));
    const dir = mkdtempSync(join(tmpdir(), "atmt-"));
    try {
      const path = await Knocker.graph({ type: "svg", target: join(dir, "knocker.svg") });
      const svg = readFileSync(path, "utf8");
      assert.match(svg, /<svg/);
      for (const state of ["START", "WAIT_WELCOME", "RETRY", "TALK", "FAILED", "STOP", "END"]) assert.ok(svg.includes(state), state);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("Automaton without TypeScript decorators (the shell's class syntax maps onto this)", () => {
  test("members decorated by hand, as Python's @ATMT.state(initial=1) over a def does", async () => {
    // What `class Echo(Automaton): ...` with decorated defs becomes: functions, decorated by calls.
    class Echo extends Automaton {}
    const members: Record<string, unknown> = {
      BEGIN: ATMT.state({ initial: 1 })(function BEGIN() {}),
      DONE: ATMT.state({ final: 1 })(function DONE(this: Automaton, p: Packet) {
        return textOf(p);
      }),
    };
    members.got = ATMT.receive_condition(members.BEGIN as never)(function got(this: Record<string, (...a: unknown[]) => unknown>, p: Packet) {
      throw this.DONE!(p);
    });
    members.hello = ATMT.action(members.got as never)(function hello(this: Automaton) {
      return this.send(msg("ECHOED"));
    });
    Object.assign(Echo.prototype, members);
    const [mine, server] = PipeSocket.pair();
    const done = new Echo({ ll: mine, recvsock: mine }).run();
    await server.send(msg("anything"));
    assert.equal(await done, "anything");
    assert.equal(textOf((await server.recv({ timeout: 1 }))!), "ECHOED");
  });
});
