/**
 * The packetry command as a user runs it: `-c CODE`, `FILE`, and the shell on stdin. Results on
 * stdout, errors as one line on stderr with a non-zero status.
 */
import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import { packetry, tempScript } from "./run.ts";

describe("packetry -c", () => {
  test("prints the last expression: a packet as its repr, a string as plain text", async () => {
    const r = await packetry(["-c", 'Ether()/IP(dst="8.8.8.8")/ICMP()']);
    assert.deepEqual(r, { stdout: "<Ether  type=IPv4 |<IP  frag=0 proto=icmp dst=8.8.8.8 |<ICMP  |>>>\n", stderr: "", code: 0 });
    const s = await packetry(["-c", '(IP(src="10.0.0.1", dst="10.0.0.2")/TCP(dport=80)).summary()']);
    assert.equal(s.stdout, "IP / TCP 10.0.0.1:ftp_data > 10.0.0.2:http S\n");
  });

  test("None and statements print nothing; several statements run in order", async () => {
    assert.deepEqual(await packetry(["-c", "x = 1"]), { stdout: "", stderr: "", code: 0 });
    assert.deepEqual(await packetry(["-c", "None"]), { stdout: "", stderr: "", code: 0 });
    const r = await packetry(["-c", 'p = IP(dst="10.0.0.1"); p.ttl = 3; print(p.ttl); p.ttl + 1']);
    assert.equal(r.stdout, "3\n4\n");
  });

  test("a runtime error: Python's one line on stderr, status 1", async () => {
    assert.deepEqual(await packetry(["-c", "foo"]), { stdout: "", stderr: "NameError: name 'foo' is not defined\n", code: 1 });
    const r = await packetry(["-c", 'print("before")\nIP(dstt="10.0.0.1")']);
    assert.equal(r.stdout, "before\n");
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^TypeError: IP has no field "dstt" \(fields: version, ihl, .*\)\n$/);
    assert.equal((await packetry(["-c", 'rdpcap("/nonexistent/x.pcap")'])).stderr, "FileNotFoundError: [Errno 2] No such file or directory: '/nonexistent/x.pcap'\n");
    assert.equal((await packetry(["-c", "1/0"])).stderr, "ZeroDivisionError: division by zero\n");
    assert.equal((await packetry(["-c", "(IP()/TCP())[UDP]"])).stderr, "IndexError: Layer [UDP] not found\n");
    // Scapy's Packet.__getattr__ raises AttributeError(name): AttributeError('foo').
    assert.equal((await packetry(["-c", "IP().foo"])).stderr, "AttributeError: foo\n");
  });

  test("a syntax error says where, on one line, status 1", async () => {
    const r = await packetry(["-c", 'ip = IP(dst="8.8.8.8"']);
    assert.deepEqual(r, { stdout: "", stderr: "SyntaxError: '(' was never closed (line 1, column 8)\n", code: 1 });
    const s = await packetry(["-c", "x = 1\nif x\n  pass"]);
    assert.equal(s.stderr, "SyntaxError: expected ':' (line 2, column 5)\n");
  });

  test("arguments after the code are sys.argv, as Python's -c", async () => {
    assert.equal((await packetry(["-c", "import sys; sys.argv", "a", "b"])).stdout, "['-c', 'a', 'b']\n");
  });

  test("all the output is out before the program ends", async () => {
    const r = await packetry(["-c", "for i in range(50000): print(i)"]);
    const lines = r.stdout.split("\n");
    assert.equal(lines.length, 50001);
    assert.equal(lines[49999], "49999");
  });

  test("exit(n) ends with status n", async () => {
    assert.deepEqual(await packetry(["-c", 'print("a"); exit(3); print("b")']), { stdout: "a\n", stderr: "", code: 3 });
    assert.equal((await packetry(["-c", "import sys; sys.exit(0)"])).code, 0);
  });

  test("plain JavaScript and TypeScript run when they are not Python", async () => {
    const cases: Array<[string, string]> = [
      ['Ether().div(IP({dst: "10.0.0.1"}), ICMP()).summary()', "Ether / IP / ICMP 192.0.2.2 > 10.0.0.1 echo-request 0"],
      ["const x = 2; x * 21", "42"],
      ["[1, 2, 3].map((v) => v * 2)", "[2, 4, 6]"],
      ['IP({dst: "10.0.0.1"}).getLayer(IP)!.dst', "10.0.0.1"],
      ["const n: number = 5; n", "5"],
      ["let total = 0; for (const p of [IP(), IP()]) { total += p.ttl } total", "128"],
    ];
    for (const [code, expected] of cases) {
      const r = await packetry(["-c", code]);
      assert.equal(r.stderr, "", code);
      // The source address of a route-less packet depends on the machine: compare the rest.
      assert.equal(r.stdout.replace(/\d+\.\d+\.\d+\.\d+ > 10\.0\.0\.1/, "192.0.2.2 > 10.0.0.1"), expected + "\n", code);
    }
    const bad = await packetry(["-c", "const x = ;"]);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /^SyntaxError: .* \(line 1, column \d+\)\n$/);
  });

  test("--help and --version", async () => {
    assert.match((await packetry(["--help"])).stdout, /^usage: packetry \[-c CODE \| FILE/);
    assert.match((await packetry(["--version"])).stdout, /^\d+\.\d+\.\d+\n$/);
    const bad = await packetry(["--nope"]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /^packetry: unknown option --nope/);
  });
});

describe("packetry FILE", () => {
  const files: Array<{ cleanup(): void }> = [];
  after(() => files.forEach((f) => f.cleanup()));
  const script = (name: string, text: string) => {
    const f = tempScript(name, text);
    files.push(f);
    return f.path;
  };

  test("runs a Python script in the shell's scope, with its arguments in sys.argv", async () => {
    const path = script(
      "ping.py",
      `#!/usr/bin/env packetry
from scapy.all import *
import sys

def probe(dst, ttl=64):
    """One ICMP echo request."""
    return IP(dst=dst, ttl=ttl)/ICMP()

packets = [probe(h) for h in sys.argv[1:]]
for p in packets:
    print(p[IP].dst, p.ttl, p.summary().split()[-2])
if __name__ == "__main__":
    print(len(packets), "packets")
`,
    );
    const r = await packetry([path, "10.0.0.1", "10.0.0.2"]);
    assert.equal(r.stderr, "");
    assert.equal(r.stdout, "10.0.0.1 64 echo-request\n10.0.0.2 64 echo-request\n2 packets\n");
  });

  test("expression statements print nothing in a script", async () => {
    const r = await packetry([script("quiet.py", 'IP()\n"text"\nprint("only this")\n')]);
    assert.equal(r.stdout, "only this\n");
  });

  test("an error names the script and the line", async () => {
    const r = await packetry([script("bad.py", 'x = 1\ny = IP()\nprint("ok")\ny[TCP].dport\n')]);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, "ok\n");
    assert.match(r.stderr, /^Traceback \(most recent call last\):\n {2}File ".*bad\.py", line 4, in <module>\nIndexError: Layer \[TCP\] not found\n$/);
    const s = await packetry([script("syntax.py", "x = 1\nfor p in [1, 2]\n    print(p)\n")]);
    assert.equal(s.code, 1);
    assert.match(s.stderr, /^ {2}File ".*syntax\.py", line 2\n {4}for p in \[1, 2\]\n {19}\^\nSyntaxError: expected ':'\n$/);
  });

  test("a .js script runs as JavaScript, with top-level await", async () => {
    const r = await packetry([script("build.js", 'const p = IP({ dst: "10.0.0.9" }).div(UDP({ dport: 53 }));\nawait Promise.resolve();\nconsole.log(p.getLayer(UDP).dport, bytesHex(raw(p)).length);\n')]);
    assert.equal(r.stderr, "");
    assert.equal(r.stdout, "53 56\n");
  });

  test("a missing file: one line, status 2", async () => {
    const r = await packetry(["/nonexistent/script.py"]);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, "packetry: can't open file '/nonexistent/script.py': FileNotFoundError: [Errno 2] No such file or directory: '/nonexistent/script.py'\n");
  });
});

describe("the shell, driven through stdin", () => {
  test("echoes values, runs blocks after a blank line, reports an error and goes on", async () => {
    const session = [
      'pkts = [IP(dst="10.0.0.%d" % n)/TCP(dport=80, flags="S") for n in range(1, 4)]',
      "len(pkts)",
      "for p in pkts:",
      "    if p[IP].dst.endswith('.2'):",
      "        continue",
      "    p[IP].dst",
      "",
      "ans, unans = [(p, p) for p in pkts[:2]], pkts[2:]",
      "for snd, rcv in ans:",
      '    macaddy = rcv.sprintf(r"%IP.dst%:%TCP.dport%")',
      "",
      "macaddy",
      "unans",
      'ip = IP(dst="8.8.8.8"',
      ")",
      "ip.dst",
      "1 +* 2",
      '"still here"',
      "undefined_name",
      "IP in pkts[0], UDP in pkts[0]",
      "pkts[0][TCP].flags",
      "x = {'a': 1}",
      "x['a'] += 1; x",
      "",
    ].join("\n");
    const r = await packetry([], { input: session });
    assert.equal(r.code, 0);
    assert.equal(
      r.stdout,
      [
        "3",
        "'10.0.0.1'",
        "'10.0.0.3'",
        "'10.0.0.2:http'",
        "[<IP  frag=0 proto=tcp dst=10.0.0.3 |<TCP  dport=http flags=S |>>]",
        "'8.8.8.8'",
        "'still here'",
        "(True, False)",
        "<Flag 2 (S)>",
        "{'a': 2}",
        "",
      ].join("\n"),
    );
    assert.equal(
      r.stderr,
      [
        '  File "<stdin>", line 1',
        "    1 +* 2",
        "       ^",
        "SyntaxError: invalid syntax",
        "NameError: name 'undefined_name' is not defined",
        "",
      ].join("\n"),
    );
  });

  test("no banner and no prompts when stdin is not a terminal; exit() sets the status", async () => {
    const r = await packetry([], { input: "1 + 1\nexit(4)\n2 + 2\n" });
    assert.deepEqual(r, { stdout: "2\n", stderr: "", code: 4 });
  });

  test("JavaScript blocks continue until their braces close", async () => {
    const r = await packetry([], { input: "let n = 0\nfor (const p of [IP(), IP(), IP()]) {\n  n += p.ttl\n}\nn\n" });
    assert.equal(r.stderr, "");
    assert.equal(r.stdout, "192\n");
  });
});
