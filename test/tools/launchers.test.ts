/** tcpdump(), tdecode(), wireshark(): the real programs read the packets handed to them. */
import assert from "node:assert/strict";
import { execFileSync, type ChildProcess } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { after, describe, test } from "node:test";
import { conf, IP, rdpcap, tcpdump, tdecode, TCP, UDP, wireshark, wrpcap } from "../../src/index.ts";
import { packetry } from "../shell/run.ts";

const dir = mkdtempSync(join(tmpdir(), "packetry-launch-"));
after(() => rmSync(dir, { recursive: true, force: true }));

function packets() {
  const a = IP({ src: "10.0.0.1", dst: "10.0.0.2" }).div(TCP({ sport: 1234, dport: 80, flags: "S" }));
  const b = IP({ src: "10.0.0.1", dst: "10.0.0.2" }).div(UDP({ sport: 1234, dport: 9 }));
  a.time = 1700000000.5;
  b.time = 1700000001.25;
  return [a, b];
}

/** What the program prints reading the same packets from a file we wrote. */
function direct(program: string, ...args: string[]): string {
  const file = join(dir, `direct-${program}.pcap`);
  wrpcap(file, packets());
  return execFileSync(program, ["-r", file, ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], env: { ...process.env, TZ: "UTC" } });
}

describe("tcpdump()", () => {
  test("dump: tcpdump's own text for the packets, as it prints them from a file", async () => {
    process.env.TZ = "UTC";
    assert.equal(await tcpdump(packets(), { dump: true, quiet: true, args: ["-n"] }), direct("tcpdump", "-n"));
  });

  test("flt filters; prog runs tshark instead; a file path is read as is", async () => {
    const udp = (await tcpdump(packets(), { dump: true, quiet: true, args: ["-n"], flt: "udp" })) as string;
    assert.equal(udp.trim().split("\n").length, 1);
    assert.match(udp, /10\.0\.0\.1\.1234 > 10\.0\.0\.2\.9: UDP/);
    assert.equal(await tcpdump(packets(), { dump: true, quiet: true, prog: conf.prog.tshark }), direct("tshark"));
    const file = join(dir, "in.pcap");
    wrpcap(file, packets());
    assert.equal(await tcpdump(file, { dump: true, quiet: true, args: ["-n"] }), direct("tcpdump", "-n"));
  });

  test("getfd gives tcpdump's output as a stream, getproc the process", async () => {
    const fd = (await tcpdump(packets(), { getfd: true, quiet: true, args: ["-n"] })) as Readable;
    let text = "";
    for await (const chunk of fd) text += chunk;
    assert.equal(text, direct("tcpdump", "-n"));
    const proc = (await tcpdump(packets(), { getproc: true, quiet: true })) as ChildProcess;
    assert.equal(await new Promise((r) => proc.on("close", r)), 0);
  });

  test("a missing program is named with its package and conf.prog setting", async () => {
    await assert.rejects(tcpdump(packets(), { prog: "/nonexistent/tcpdump" }), /\/nonexistent\/tcpdump is not installed or not on PATH: install tcpdump \(apt-get install tcpdump\), or set conf.prog.tcpdump/);
    await assert.rejects(tcpdump(packets(), { bogus: 1 } as never), /tcpdump\(\) got an unexpected keyword argument 'bogus'/);
  });
});

test("tdecode(): tshark -V's full decode", async () => {
  const text = (await tdecode(packets(), { dump: true, quiet: true })) as string;
  assert.equal(text, direct("tshark", "-V"));
  assert.match(text, /Transmission Control Protocol, Src Port: 1234, Dst Port: 80/);
});

describe("wireshark()", () => {
  test("without a display the packets are written to a file and the warning says how to open it", async (t) => {
    const saved = [process.env.DISPLAY, process.env.WAYLAND_DISPLAY];
    delete process.env.DISPLAY;
    delete process.env.WAYLAND_DISPLAY;
    const warn = t.mock.method(console, "warn", () => undefined);
    try {
      const path = (await wireshark(packets())) as string;
      assert.ok(existsSync(path));
      assert.equal(rdpcap(path).length, 2);
      assert.equal(warn.mock.calls[0]!.arguments[0], `WARNING: wireshark(): no display here (DISPLAY and WAYLAND_DISPLAY are unset). The packets are in ${path}: open it with wireshark where there is a display, or read it here with tshark -r ${path}`);
    } finally {
      if (saved[0] !== undefined) process.env.DISPLAY = saved[0];
      if (saved[1] !== undefined) process.env.WAYLAND_DISPLAY = saved[1];
    }
  });

  test("with a display, conf.prog.wireshark is started on a capture of the packets (-r FILE)", async () => {
    const fake = join(dir, "wireshark");
    const seen = join(dir, "seen.txt");
    writeFileSync(fake, `#!/bin/sh\necho "$@" > ${seen}.args\ncp "$2" ${seen}\n`);
    chmodSync(fake, 0o755);
    const saved = [process.env.DISPLAY, conf.prog.wireshark];
    process.env.DISPLAY = ":99";
    conf.prog.wireshark = fake;
    try {
      await wireshark(packets(), { wait: true });
      assert.equal(rdpcap(seen).length, 2);
    } finally {
      if (saved[0] === undefined) delete process.env.DISPLAY;
      else process.env.DISPLAY = saved[0];
      conf.prog.wireshark = saved[1]!;
    }
  });

  test("a missing Wireshark is said plainly", async () => {
    const saved = process.env.DISPLAY;
    process.env.DISPLAY = ":99";
    try {
      await assert.rejects(wireshark(packets(), { prog: "no-such-wireshark" }), /no-such-wireshark is not installed or not on PATH: install Wireshark \(apt-get install wireshark\), or set conf.prog.wireshark/);
    } finally {
      if (saved === undefined) delete process.env.DISPLAY;
      else process.env.DISPLAY = saved;
    }
  });
});

test("in the shell: tcpdump(pkts) prints tcpdump's lines", async () => {
  const r = await packetry(["-c", `tcpdump([Ether(dst="ff:ff:ff:ff:ff:ff", src="02:00:00:00:00:01")/IP(src="10.0.0.1", dst="10.0.0.2")/ICMP()], args=["-n", "-e"], quiet=True)`]);
  assert.match(r.stdout, /02:00:00:00:00:01 > ff:ff:ff:ff:ff:ff, ethertype IPv4 \(0x0800\), length 42: 10\.0\.0\.1 > 10\.0\.0\.2: ICMP echo request, id 0, seq 0, length 8\n$/);
  assert.equal(r.code, 0);
});
