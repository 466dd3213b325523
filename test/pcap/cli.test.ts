import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { Ether, IP, PcapWriter, raw, rdpcap, UDP } from "../../src/index.ts";
import { fixture, tempDir, writeBigGzCapture } from "./helpers.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const dir = tempDir();
const env = { ...process.env, TZ: "UTC" };

/** Runs `packetry read ...` from the sources. */
function read(...args: string[]): { status: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ["--import", "tsx", join(ROOT, "src/cli.ts"), "read", ...args], { cwd: ROOT, env, encoding: "utf8" });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

test("one line per packet: tcpdump's time of day, then the summary", () => {
  const file = fixture("scapy-le.pcap");
  const r = read(file);
  assert.equal(r.status, 0);
  const lines = r.stdout.trimEnd().split("\n");
  const times = execFileSync("tcpdump", ["-r", file, "-nn"], { env, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] })
    .trimEnd()
    .split("\n")
    .map((l) => l.split(" ")[0]);
  assert.deepEqual(
    lines.map((l) => l.split(" ")[0]),
    times,
  );
  assert.deepEqual(
    lines.map((l) => l.slice(16)),
    rdpcap(file).map((p) => p.summary()),
  );
  assert.equal(lines[0], "22:13:20.000001 Ether / IP / TCP 10.0.0.1:40000 > 10.0.0.2:http S");
});

test("--count N stops after N packets", () => {
  assert.equal(read(fixture("scapy.pcapng"), "--count", "2").stdout.trimEnd().split("\n").length, 2);
});

test("--show prints each packet's tree", () => {
  const r = read(fixture("scapy-le.pcap"), "--show", "--count", "1");
  assert.equal(r.stdout, rdpcap(fixture("scapy-le.pcap"))[0]!.show({ dump: true }) + "\n");
});

test("--json: one object per line with capture data and layers", () => {
  const r = read(fixture("scapy.pcapng"), "--json");
  const objs = r.stdout.trimEnd().split("\n").map((l) => JSON.parse(l));
  assert.equal(objs.length, 5);
  const [first] = objs;
  assert.equal(first.index, 0);
  assert.equal(first.timeNs, "1700000000000001000");
  assert.equal(first.comment, "first packet\n");
  assert.equal(first.caplen, 54);
  assert.equal(first.linktype, 1);
  assert.deepEqual(first.layers.map((l: [string, unknown]) => l[0]), ["Ether", "IP", "TCP"]);
  assert.deepEqual(first.layers[1][1].src, "10.0.0.1");
  assert.equal(first.layers[2][1].flags, 2);
  assert.equal(objs[4].wirelen, 142);
  assert.deepEqual(objs[4].layers[3], ["Raw", { load: { $bytes: "78".repeat(18) } }]);
});

test("not a capture: one line on stderr, exit status 1", () => {
  const path = join(dir, "notes.txt");
  writeFileSync(path, "hello");
  const r = read(path);
  assert.equal(r.status, 1);
  assert.equal(r.stdout, "");
  assert.equal(r.stderr, `packetry read: ${path}: file is not a pcap or pcapng capture (it starts with 68 65 6c 6c 6f)\n`);
});

test("a missing file or a directory: one line on stderr naming it, exit status 1", () => {
  const missing = join(dir, "missing.pcap");
  const r = read(missing);
  assert.equal(r.status, 1);
  assert.equal(r.stderr, `packetry read: ${missing}: cannot open the file: no such file or directory (check the path)\n`);
  assert.equal(read(dir).stderr, `packetry read: ${dir}: cannot open the file: this is a directory, not a capture file: name a file in it\n`);
});

test("--count 1 of a big .pcap.gz reads only the start of the file", () => {
  // 300,000 packets (20 MB of pcap): the first line comes after decompressing a few hundred KB at most.
  const path = join(dir, "big.pcap.gz");
  writeBigGzCapture(path, 300_000, 6);
  const r = spawnSync(process.execPath, ["--import", "tsx", "-e", `
    const { PcapReader } = await import(${JSON.stringify(join(ROOT, "src/index.ts"))});
    const before = process.memoryUsage().arrayBuffers;
    const r = new PcapReader(${JSON.stringify(path)}, { count: 1 });
    let n = 0;
    for (const p of r) n++;
    console.log(n, process.memoryUsage().arrayBuffers - before);`], { cwd: ROOT, encoding: "utf8" });
  const [n, grew] = r.stdout.trim().split(" ").map(Number);
  assert.equal(n, 1, r.stderr);
  assert.ok(grew! < 8 << 20, `${grew} bytes of buffers for one packet`);
  const cli = read(path, "--count", "1");
  assert.equal(cli.status, 0);
  assert.equal(cli.stdout.trimEnd().split("\n").length, 1);
});

test("a cut file: the whole packets, and a warning on stderr", () => {
  const path = join(dir, "cut.pcap");
  writeFileSync(path, readFileSync(fixture("scapy-le.pcap")).subarray(0, 200));
  const r = read(path);
  assert.equal(r.status, 0);
  assert.equal(r.stdout.trimEnd().split("\n").length, 2);
  assert.match(r.stderr, /^WARNING: .*cut\.pcap: file ends in the middle of a record/);
});

test("bad arguments say what is wrong", () => {
  const r = read("--count", "x", "f.pcap");
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--count needs a whole number/);
  assert.match(read().stderr, /a capture file is needed/);
});

test("the progress bar goes to stderr only when stderr is a terminal", () => {
  const path = join(dir, "many.pcap");
  const w = new PcapWriter(path);
  const frame = raw(Ether().div(IP({ src: "10.0.0.1", dst: "10.0.0.2" }), UDP()));
  for (let i = 0; i < 5000; i++) w.writeRaw(frame, { time: 1700000000 + i });
  w.close();
  const piped = read(path, "--count", "3000");
  assert.equal(piped.stderr, "");
  assert.equal(piped.stdout.trimEnd().split("\n").length, 3000);
  // Under `script`, stdout and stderr are a pseudo-terminal.
  const cmd = `${process.execPath} --import tsx src/cli.ts read ${path} > /dev/null`;
  const tty = spawnSync("script", ["-qec", cmd, "/dev/null"], { cwd: ROOT, env, encoding: "utf8" });
  assert.equal(tty.status, 0);
  assert.match(tty.stdout, /\[#*\.*\] +\d+%  \d+ packets/);
  assert.match(tty.stdout, /\r\x1b\[K/, "the bar is cleared at the end");
});

test("output into a closed pipe (| head) stops quietly", () => {
  const path = join(dir, "many.pcap");
  const r = spawnSync("sh", ["-c", `${process.execPath} --import tsx src/cli.ts read ${path} | head -1`], { cwd: ROOT, env, encoding: "utf8" });
  assert.match(r.stdout, /^\d\d:\d\d:\d\d\.000000 Ether \/ IP \/ UDP 10\.0\.0\.1:domain > 10\.0\.0\.2:domain\n/);
  assert.doesNotMatch(r.stderr, /EPIPE|Error/);
});
