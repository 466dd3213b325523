/**
 * The shell on a terminal, driven in this process through readline: banner, prompts, history
 * file, arrow-up recall, Ctrl-C (on a half-typed block, and during a wait), tab completion.
 */
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { PassThrough } from "node:stream";
import { after, describe, test } from "node:test";
import { banner, VERSION } from "../../src/shell/banner.ts";
import { complete } from "../../src/shell/complete.ts";
import { runRepl } from "../../src/shell/repl.ts";
import { Session } from "../../src/shell/session.ts";
import { tempScript } from "./run.ts";

const KEY = { enter: "\r", up: "\x1b[A", ctrlC: "\x03", ctrlD: "\x04", tab: "\t" };

/** A terminal session: type keys (waiting between them), then Ctrl-D. */
async function terminal(keys: Array<string | number>, history: string | null = null, columns = 100) {
  const input = new PassThrough();
  const output = Object.assign(new PassThrough(), { isTTY: true, columns });
  const errors = new PassThrough();
  let screen = "";
  let err = "";
  output.on("data", (d: Buffer) => (screen += d.toString()));
  errors.on("data", (d: Buffer) => (err += d.toString()));
  let written = "";
  const session = new Session({ write: (t) => (written += t) });
  const done = runRepl(session, { input, output, errors, terminal: true, historyFile: history, color: false });
  for (const k of keys) {
    if (typeof k === "number") await new Promise((r) => setTimeout(r, k));
    else input.write(k);
  }
  await new Promise((r) => setTimeout(r, 50));
  input.write(KEY.ctrlD);
  const code = await done;
  return { code, screen, written, err };
}

describe("the shell on a terminal", () => {
  const dir = tempScript("history", "");
  after(() => dir.cleanup());

  test("a banner with the version, the >>> and ... prompts, results echoed", async () => {
    const r = await terminal(["for n in range(2):", KEY.enter, "    n * 10", KEY.enter, KEY.enter, 100]);
    assert.equal(r.code, 0);
    assert.match(r.screen, /Welcome to packetry/);
    assert.match(r.screen, new RegExp(`Version ${VERSION.replace(/\./g, "\\.")}`));
    const screen = r.screen.replace(/\x1b\[\d*[A-Za-z]/g, "");
    assert.match(screen, />>> for n in range\(2\):/);
    assert.match(screen, /\.\.\. /);
    assert.equal(r.written, "0\n10\n");
  });

  test("history is saved to the file and recalled with the up arrow", async () => {
    const file = `${dir.dir}/history`;
    writeFileSync(file, 'old = "from last time"\n');
    const r = await terminal([KEY.up, KEY.enter, 50, "old", KEY.enter, 50, "IP(ttl=7).ttl", KEY.enter, 50, KEY.up, KEY.enter, 100], file);
    assert.equal(r.err, "");
    assert.equal(r.written, "'from last time'\n7\n7\n");
    assert.deepEqual(readFileSync(file, "utf8").split("\n").filter(Boolean), ['old = "from last time"', "old", "IP(ttl=7).ttl"]);
  });

  test("Ctrl-C drops a half-typed block; the shell goes on", async () => {
    const r = await terminal(["for p in [1, 2]:", KEY.enter, "    p", 30, KEY.ctrlC, 30, "41 + 1", KEY.enter, 100]);
    assert.match(r.screen, /KeyboardInterrupt/);
    assert.equal(r.written, "42\n");
    assert.equal(r.err, "");
  });

  test("Ctrl-C interrupts a wait (time.sleep here, sr or sniff likewise)", async () => {
    const started = Date.now();
    const r = await terminal(["import time", KEY.enter, "time.sleep(30)", KEY.enter, 150, KEY.ctrlC, 50, '"after"', KEY.enter, 100]);
    assert.ok(Date.now() - started < 10000, "did not wait the 30 s");
    assert.equal(r.err, "KeyboardInterrupt\n");
    assert.equal(r.written, "'after'\n");
  });

  test("Ctrl-C stops a loop that never waits", async () => {
    const r = await terminal(["n = 0", KEY.enter, "while True:", KEY.enter, "    n += 1", KEY.enter, KEY.enter, 300, KEY.ctrlC, 50, "n > 1000", KEY.enter, 100]);
    assert.equal(r.err, "KeyboardInterrupt\n");
    assert.equal(r.written, "True\n");
  });

  test("errors in red only when colours are on; syntax errors show where", async () => {
    const r = await terminal(["1 +* 2", KEY.enter, 50, "nope", KEY.enter, 100]);
    assert.equal(r.err, '  File "<stdin>", line 1\n    1 +* 2\n       ^\nSyntaxError: invalid syntax\nNameError: name \'nope\' is not defined\n');
  });

  test("tab completes on the terminal", async () => {
    const r = await terminal(["conf.checkIP", KEY.tab, 30, "a", KEY.tab, 30, KEY.enter, 100]);
    assert.match(r.screen, /conf\.checkIPaddr/);
    assert.equal(r.written, "True\n");
  });
});

describe("completion", () => {
  const session = new Session({ write: () => undefined });
  const names = session.names();
  const c = (line: string) => complete(line, session.context, names);

  test("names in scope, library and Python builtins", () => {
    const [hits, partial] = c("rdp");
    assert.equal(partial, "rdp");
    assert.deepEqual(hits, ["rdpcap", "rdpcap_async", "rdpcapAsync"].sort((a, b) => a.localeCompare(b)));
    assert.ok(c("pri")[0].includes("print"));
    assert.ok(c("TC")[0].includes("TCP"));
  });

  test("attributes after a dot: a layer's fields and packet methods, conf's switches", () => {
    const [hits] = c("IP().");
    for (const name of ["dst", "src", "ttl", "show", "summary", "haslayer", "getlayer"]) assert.ok(hits.includes(name), name);
    assert.deepEqual(c("IP().tt"), [["ttl"], "tt"]);
    assert.ok(c("conf.check")[0].includes("checkIPaddr"));
    assert.deepEqual(c("x = 'abc'.upp"), [[], "upp"], "literals are not evaluated");
    session.context.pkt = session.runtime.call(session.context.IP, [], {}) as never;
    assert.deepEqual(c("pkt[IP].tt"), [["ttl"], "tt"]);
    assert.deepEqual(c("pkt[0].ds"), [["dst"], "ds"]);
    assert.deepEqual(c("pkt[TCP].dp"), [[], "dp"], "no TCP layer: nothing");
  });

  test("a layer's call completes its fields as keywords; ls( completes layer names", () => {
    const [hits] = c('Ether()/IP(dst="10.0.0.1", t');
    assert.deepEqual(hits.slice(0, 2), ["tos=", "ttl="], "IP's fields first");
    assert.ok(!hits.includes("type="), "type is Ether's, not IP's");
    const [layers] = c("ls(T");
    assert.ok(layers.includes("TCP") && layers.includes("TCPerror"));
    assert.ok(layers.every((l) => l.startsWith("T")));
  });

  test("nothing runs but a layer's constructor; inside a string nothing completes", () => {
    assert.deepEqual(c("undefined_thing."), [[], ""]);
    assert.deepEqual(c("sniff().co"), [[], "co"]);
    assert.deepEqual(c('print("IP'), [[], "IP"]);
    assert.deepEqual(c("   "), [["    "], ""]);
  });
});

describe("the banner", () => {
  test("the logo beside the version on a wide terminal, one line on a narrow one", () => {
    const wide = banner({ columns: 100, color: false, quote: 0 });
    assert.match(wide, /^\.-+\.$/m);
    assert.match(wide, /\| Ether {19}\| {3}/);
    assert.match(wide, /Welcome to packetry/);
    assert.match(wide, /Leslie Lamport/);
    for (const line of wide.split("\n")) assert.ok(line.length <= 100 && line === line.trimEnd(), line);
    const narrow = banner({ columns: 60, color: false });
    assert.equal(narrow, `packetry ${VERSION}: Scapy, rebuilt in TypeScript. Try ls(TCP), lsc(), help().`);
    assert.ok(!/\x1b/.test(wide) && /\x1b\[/.test(banner({ columns: 100, color: true })), "colours only when asked");
  });
});
