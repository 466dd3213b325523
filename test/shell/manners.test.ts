/**
 * The shell's manners, as Python's REPL and Scapy have them: help() shows a library function's
 * signature and doc comment, `exit`/`quit` alone leave, attribute errors name what Scapy names,
 * and a layer's keywords complete at once (`IP(d` → `dst=`).
 */
import assert from "node:assert/strict";
import { PassThrough } from "node:stream";
import { describe, test } from "node:test";
import { complete } from "../../src/shell/complete.ts";
import { runRepl } from "../../src/shell/repl.ts";
import { Session } from "../../src/shell/session.ts";

/** What the shell writes for the code. */
async function run(code: string): Promise<{ out: string }> {
  let out = "";
  const session = new Session({ write: (t) => (out += t) });
  await session.run(code, "interactive");
  return { out };
}

/** Piped input through the REPL: what it wrote, and its exit status. */
async function piped(text: string): Promise<{ code: number; written: string }> {
  const input = new PassThrough();
  const output = new PassThrough();
  const errors = new PassThrough();
  let written = "";
  const session = new Session({ write: (t) => (written += t) });
  const done = runRepl(session, { input, output, errors, terminal: false, historyFile: null, color: false });
  input.end(text);
  return { code: await done, written };
}

describe("help()", () => {
  test("a library function: its signature and doc comment, under Python's heading", async () => {
    const { out } = await run("help(sr1)");
    const lines = out.split("\n");
    assert.equal(lines[0], "Help on function sr1 in module packetry:");
    assert.match(lines[2]!, /^sr1\(pkts: PacketsInput, options\?: SrOptions\): Promise<Packet \| undefined>$/);
    assert.match(out, /\n    Send packets at layer 3 and return only the first answer\n/, "Scapy's line for the command");
    assert.match(out, /\n    Like sr\(\), returning only the first answer/, "the doc comment, indented");
    assert.doesNotMatch(out, /\*\//);
  });

  test("a snake_case alias shows the function it stands for; a builtin its Python parameters", async () => {
    assert.match((await run("help(dns_compress)")).out, /^Help on function dnsCompress in module packetry:\n\ndnsCompress<T extends Packet>\(pkt: T\): T\n    The packet with its DNS names compressed/);
    assert.match((await run("help(len)")).out, /^Help on function len:\n\nlen\(obj\)/);
    assert.match((await run("help(rdpcap)")).out, /rdpcap\(input: SyncCaptureInput, options\?: ReadOptions\): PacketList/);
  });
});

describe("exit and quit", () => {
  test("alone on a line they leave the shell, as in Python 3.13's REPL", async () => {
    for (const word of ["exit", "quit"]) {
      const r = await piped(`1 + 1\n${word}\n2 + 2\n`);
      assert.equal(r.code, 0);
      assert.equal(r.written, "2\n", `${word}: nothing after it runs`);
    }
    assert.deepEqual(await piped("exit(3)\n4\n"), { code: 3, written: "" });
  });

  test("rebound, or inside an expression, they are values like any other", async () => {
    const r = await piped("exit = 5\nexit\nquit is quit\n");
    assert.equal(r.code, 0);
    assert.equal(r.written, "5\nTrue\n");
  });
});

describe("attribute errors name what Scapy names", () => {
  // Scapy 2.5, run: conf.foo, IP().foo, (Ether()/IP()).foo, IP.foo, [].foo, PacketList([IP()]).foo.
  const cases: Array<[string, string]> = [
    ["conf.foo", "AttributeError: 'Conf' object has no attribute 'foo'"],
    ["IP().foo", "AttributeError: foo"],
    ["(Ether()/IP()).foo", "AttributeError: foo"],
    ["IP.foo", "AttributeError: foo"],
    ["[].foo", "AttributeError: 'list' object has no attribute 'foo'"],
    ["PacketList([IP()]).foo", "AttributeError: 'list' object has no attribute 'foo'"],
    ["'x'.foo", "AttributeError: 'str' object has no attribute 'foo'"],
  ];
  for (const [code, message] of cases) {
    test(code, async () => {
      const r = await piped(`try:\n    ${code}\nexcept AttributeError as e:\n    print("AttributeError: " + str(e))\n\n`);
      assert.equal(r.written, message + "\n");
    });
  }
});

describe("completion of a layer's keywords", () => {
  const session = new Session({ write: () => undefined });
  const c = (line: string) => complete(line, session.context, session.names());

  test("IP(d completes to dst= alone (the one field), not to every name with a d", () => {
    assert.deepEqual(c("IP(d"), [["dst="], "d"]);
    assert.deepEqual(c('Ether()/IP(src="10.0.0.1", d'), [["dst="], "d"]);
    assert.deepEqual(c("TCP(dp"), [["dport="], "dp"]);
  });

  test("after = a value is wanted: names, not keywords; no field matching: names", () => {
    const [value] = c("IP(dst=d");
    assert.ok(!value.includes("dst=") && value.includes("dir"));
    const [none] = c("IP(zz");
    assert.ok(!none.some((x) => x.endsWith("=")));
  });
});
