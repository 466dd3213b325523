/** The shell: the with statement (Scapy scripts' `with PcapReader(f) as r:`), next() on a reader, eval and exec, type(e).__name__. */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { packetry } from "./run.ts";

const dir = mkdtempSync(join(tmpdir(), "packetry-with-"));
after(() => rmSync(dir, { recursive: true, force: true }));

test("with enters, binds and closes, however the body ends; several managers nest; a non-manager is Python's TypeError", async () => {
  const out = join(dir, "with.pcap");
  const r = await packetry([
    "-c",
    [
      `def first(path):`,
      `    with PcapReader(path) as r:`,
      `        return next(r).summary()`,
      `print(first(sample_path("dns.pcap")))`,
      `w = PcapWriter(${JSON.stringify(out)})`,
      `with w:`,
      `    w.write(IP(dst="10.0.0.1")/ICMP())`,
      `print(len(rdpcap(${JSON.stringify(out)})))`,
      `with PcapReader(sample_path("dns.pcap")) as a, PcapReader(sample_path("http.pcap")) as b:`,
      `    print(next(a).summary(), "|", next(b).summary(), "|", next(a).summary())`,
      `try:`,
      `    with PcapReader(sample_path("dns.pcap")) as r:`,
      `        raise ValueError("inside")`,
      `except ValueError as e:`,
      `    print(type(e).__name__, e)`,
      `try:`,
      `    with 3 as x:`,
      `        pass`,
      `except TypeError as e:`,
      `    print(type(e).__name__, e)`,
    ].join("\n"),
  ]);
  assert.equal(r.stderr, "");
  assert.equal(
    r.stdout,
    [
      "Ether / IP / UDP / DNS Qry b'www.cap.test.'",
      "1",
      "Ether / IP / UDP / DNS Qry b'www.cap.test.' | Ether / IP / TCP 10.88.0.2:39658 > 10.88.0.1:http S | Ether / IP / UDP / DNS Ans 10.88.0.1",
      "ValueError inside",
      "TypeError 'int' object does not support the context manager protocol",
      "",
    ].join("\n"),
  );
});

test("eval and exec run in the shell's globals, from a def and a comprehension too", async () => {
  const r = await packetry([
    "-c",
    [
      `x = 5`,
      `print(eval("x * 2"), eval("IP(ttl=3).ttl"))`,
      `exec("y = x + 1")`,
      `def f():`,
      `    return eval("y + 100")`,
      `print(y, f(), [eval(n).__name__ for n in ["RandShort", "RandIP"]])`,
      `try:`,
      `    eval("z = 3")`,
      `except SyntaxError as e:`,
      `    print(type(e).__name__)`,
      `try:`,
      `    eval("x", {})`,
      `except TypeError as e:`,
      `    print(e)`,
    ].join("\n"),
  ]);
  assert.equal(r.stderr, "");
  assert.equal(r.stdout, "10 3\n6 106 ['RandShort', 'RandIP']\nSyntaxError\neval() argument 'globals'/'locals' is not supported by packetry: it runs in the shell's globals\n");
});
