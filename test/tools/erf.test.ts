/** ERF files: what we write, tshark and Scapy read; what Scapy writes, we read. */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { bytesHex, Ether, ICMP, IP, raw, rderf, UDP, wrerf } from "../../src/index.ts";
import { py, scapy } from "./scapy.ts";

const dir = mkdtempSync(join(tmpdir(), "packetry-erf-"));
after(() => rmSync(dir, { recursive: true, force: true }));

function packets() {
  const p = Ether({ dst: "ff:ff:ff:ff:ff:ff", src: "00:11:22:33:44:55" }).div(IP({ src: "1.2.3.4", dst: "5.6.7.8" })).div(ICMP());
  p.time = 1700000000.25;
  const q = Ether({ dst: "ff:ff:ff:ff:ff:ff", src: "00:11:22:33:44:55" }).div(IP({ src: "1.2.3.4", dst: "5.6.7.8" })).div(UDP({ sport: 1234, dport: 9 })).div("xyz");
  q.time = 1700000001.5;
  return [p, q];
}

test("wrerf writes Ethernet records that tshark reads with their lengths and times", () => {
  const path = join(dir, "ours.erf");
  wrerf(path, packets());
  const out = execFileSync("tshark", ["-r", path, "-T", "fields", "-e", "frame.len", "-e", "frame.time_epoch", "-e", "ip.src"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
  assert.deepEqual(out.trim().split("\n").map((l) => l.split("\t")), [
    ["42", "1700000000.250000000", "1.2.3.4"],
    ["45", "1700000001.500000000", "1.2.3.4"],
  ]);
});

test("Scapy's rderf reads ours, and we read Scapy's wrerf, byte for byte", () => {
  const ours = join(dir, "ours2.erf");
  const theirs = join(dir, "theirs.erf");
  wrerf(ours, packets());
  const out = scapy(`l = rderf(${py(ours)})\nprint([bytes(p).hex() for p in l], [float(p.time) for p in l])\np = Ether(dst='ff:ff:ff:ff:ff:ff', src='00:11:22:33:44:55')/IP(src='1.2.3.4', dst='5.6.7.8')/ICMP()\np.time = 1700000000.25\nwrerf(${py(theirs)}, [p, p])`);
  const expected = packets().map((p) => `'${bytesHex(raw(p))}'`);
  assert.equal(out.trim(), `[${expected.join(", ")}] [1700000000.25, 1700000001.5]`);
  const back = rderf(theirs);
  assert.equal(String(back), "<theirs.erf: TCP:0 UDP:0 ICMP:2 Other:0>");
  assert.equal(bytesHex(raw(back[0]!)), bytesHex(raw(packets()[0]!)));
  assert.equal(back[0]!.time, 1700000000.25);
});

test("count, append and gzip", () => {
  const path = join(dir, "more.erf.gz");
  wrerf(path, packets(), { gz: 1 });
  wrerf(path, packets(), { gz: 1, append: true });
  assert.deepEqual([...readFileSync(path).subarray(0, 2)], [0x1f, 0x8b]);
  assert.equal(rderf(path).length, 4);
  assert.equal(rderf(path, { count: 3 }).length, 3);
  assert.throws(() => wrerf(path, packets(), { bogus: 1 } as never), /wrerf\(\) got an unexpected keyword argument 'bogus'/);
});

test("a file cut inside a record gives the whole records and a warning saying where", (t) => {
  const path = join(dir, "cut.erf");
  wrerf(path, packets());
  writeFileSync(path, readFileSync(path).subarray(0, 90));
  const warn = t.mock.method(console, "warn", () => undefined);
  const l = rderf(path);
  assert.equal(l.length, 1);
  assert.equal(warn.mock.calls[0]!.arguments[0], `WARNING: ${path}: the file ends inside a record; kept the 1 whole records before it (at byte offset 60)`);
});

test("a file that is no ERF capture is an error saying where, with the packets before", () => {
  const path = join(dir, "bad.erf");
  wrerf(path, packets());
  const bytes = readFileSync(path);
  bytes.writeUInt16BE(4, 60 + 10); // the second record's length
  writeFileSync(path, bytes);
  assert.throws(() => rderf(path), (e: Error & { packets?: unknown[] }) => e.message === `${path}: a record length of 4 is shorter than its header: not an ERF file, or damaged (at byte offset 60)` && e.packets?.length === 1);
});
