/**
 * Strict arguments: an option a function does not know, or one Scapy has and packetry does not
 * implement, is a TypeError naming the function and the option — in the library and in the shell.
 * (The live functions check before anything is opened or sent, so these run without the lab.)
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { AsyncSniffer, Ether, getmacbyip, hexdiff, hexdump, hexstr, IP, linehexdump, LiveSocket, ls, lsc, PcapReader, PcapWriter, rdpcap, send, sendp, sniff, sniffOffline, sr, sr1, srp, srp1, TCP, wrpcap, wrpcapng } from "../../src/index.ts";
import { packetry } from "../shell/run.ts";
import { py, scapy } from "./scapy.ts";

const CAPTURE = "test/fixtures/pcap/scapy-le.pcap";
const dir = mkdtempSync(join(tmpdir(), "packetry-strict-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const unexpected = (fn: string, option: string) => new RegExp(`^TypeError: ${fn}\\(\\) got an unexpected keyword argument '${option}'$`);
const unsupported = (fn: string, option: string) => new RegExp(`^TypeError: ${fn}\\(\\) argument '${option}' is not supported by packetry`);
const asError = (e: unknown) => String(e);

describe("an unknown option is a TypeError naming the function and the option", () => {
  const bogus = { bogusOption: 5 } as never;
  const cases: Array<[string, () => unknown]> = [
    ["sniff", () => sniff(bogus)],
    ["AsyncSniffer", () => new AsyncSniffer(bogus)],
    ["sniffOffline", () => sniffOffline({ offline: CAPTURE, ...(bogus as object) })],
    ["sr", () => sr(IP(), bogus)],
    ["sr1", () => sr1(IP(), bogus)],
    ["srp", () => srp(Ether(), bogus)],
    ["srp1", () => srp1(Ether(), bogus)],
    ["send", () => send(IP(), bogus)],
    ["sendp", () => sendp(Ether(), bogus)],
    ["getmacbyip", () => getmacbyip("10.0.0.1", bogus)],
    ["LiveSocket", () => new LiveSocket({ iface: "lo", ...(bogus as object) })],
    ["rdpcap", () => rdpcap(CAPTURE, bogus)],
    ["PcapReader", () => new PcapReader(CAPTURE, bogus)],
    ["wrpcap", () => wrpcap(join(dir, "x.pcap"), [], bogus)],
    ["wrpcap", () => wrpcapng(join(dir, "x.pcapng"), [], bogus)],
    ["PcapWriter", () => new PcapWriter(join(dir, "x.pcap"), bogus)],
    ["hexdump", () => hexdump(IP(), bogus)],
    ["hexstr", () => hexstr(IP(), bogus)],
    ["linehexdump", () => linehexdump(IP(), bogus)],
    ["ls", () => ls(TCP, bogus)],
    ["lsc", () => lsc(bogus)],
    ["hexdiff", () => hexdiff(IP(), IP(), bogus)],
  ];
  for (const [fn, call] of cases) {
    test(fn, async () => {
      await assert.rejects(async () => call(), (e) => unexpected(fn, "bogusOption").test(asError(e)));
    });
  }
});

test("Scapy's options that packetry lacks say so, instead of being dropped", async () => {
  await assert.rejects(() => sniff({ monitor: true } as never), (e) => unsupported("sniff", "monitor").test(asError(e)));
  await assert.rejects(() => sr(IP(), { chainCC: true } as never), (e) => unsupported("sr", "chainCC").test(asError(e)));
  await assert.rejects(() => send(IP(), { realtime: true } as never), (e) => unsupported("send", "realtime").test(asError(e)));
  assert.throws(() => wrpcap(join(dir, "e.pcap"), [], { endianness: ">" } as never), /wrpcap\(\) argument 'endianness' is not supported by packetry: give byte_order='big' or 'little'/);
  assert.throws(() => ls(TCP, { verbose: true } as never), /ls\(\) argument 'verbose' is not supported by packetry/);
});

describe("Scapy's hexstr switches", () => {
  test("onlyasc and onlyhex give one column each, as Scapy", () => {
    assert.equal(hexstr(new TextEncoder().encode("abc")), "61 62 63  abc");
    assert.equal(hexstr(new TextEncoder().encode("abc"), { onlyasc: 1 }), "abc");
    assert.equal(hexstr(new TextEncoder().encode("abc"), { onlyhex: 1 }), "61 62 63");
    assert.equal(linehexdump(new TextEncoder().encode("abc"), { onlyhex: 1, dump: true }), "61 62 63");
  });
});

describe("wrpcap(gz=1) writes gzip", () => {
  test("the file is gzip that tcpdump reads through zcat, and rdpcap reads back; appending adds to it", () => {
    const path = join(dir, "t.pcap.gz");
    const pkts = rdpcap(CAPTURE);
    wrpcap(path, pkts, { gz: 1 });
    const bytes = readFileSync(path);
    assert.deepEqual([bytes[0], bytes[1]], [0x1f, 0x8b]);
    const text = execFileSync("sh", ["-c", `zcat ${path} | tcpdump -nr - 2>/dev/null`], { encoding: "utf8" });
    assert.equal(text.trim().split("\n").length, pkts.length);
    assert.equal(rdpcap(path).length, pkts.length);
    wrpcap(path, pkts, { gz: true, append: true });
    assert.equal(rdpcap(path).length, 2 * pkts.length);
  });

  test("appending with and without gz to a file of the other kind is an error, not a corrupt file", () => {
    const plain = join(dir, "plain.pcap");
    wrpcap(plain, rdpcap(CAPTURE));
    assert.throws(() => wrpcap(plain, rdpcap(CAPTURE), { gz: 1, append: true }), /cannot append compressed records to an uncompressed file/);
    const gz = join(dir, "c.pcap.gz");
    wrpcap(gz, rdpcap(CAPTURE), { gz: 1 });
    assert.throws(() => wrpcap(gz, rdpcap(CAPTURE), { append: true }), /the file is gzip-compressed: append with gz=1/);
    assert.equal(rdpcap(gz).length, rdpcap(CAPTURE).length);
  });

  test("gz on a target that is not a file path is an error", () => {
    assert.throws(() => wrpcap(() => undefined, rdpcap(CAPTURE), { gz: 1 }), /gz applies to a file path/);
  });

  test("Debian's Scapy reads what we gzip, and we read what it gzips", () => {
    const ours = join(dir, "ours.pcap.gz");
    const theirs = join(dir, "theirs.pcap.gz");
    wrpcap(ours, rdpcap(CAPTURE), { gz: 1 });
    const out = scapy(`print(len(rdpcap(${py(ours)})))\nwrpcap(${py(theirs)}, rdpcap(${py(CAPTURE)}), gz=1)`);
    assert.equal(Number(out.trim()), rdpcap(CAPTURE).length);
    assert.equal(rdpcap(theirs).length, rdpcap(CAPTURE).length);
  });
});

describe("in the shell", () => {
  test("the message names the keyword as typed", async () => {
    const r = await packetry(["-c", `sniff(offline="${CAPTURE}", bogus_option=5)`]);
    assert.equal(r.stderr, "TypeError: sniff() got an unexpected keyword argument 'bogus_option'\n");
    const s = await packetry(["-c", `sniff(offline="${CAPTURE}", opened_socket=1)`]);
    assert.match(s.stderr, /^TypeError: sniff\(\) argument 'opened_socket' is not supported by packetry/);
  });

  test("help() lists a command's keyword arguments, and Scapy's that packetry lacks", async () => {
    const r = await packetry(["-c", "help(sniff)\nhelp(arping)"]);
    assert.match(r.stdout, /^    Keyword arguments: iface, ifaces, filter, count, timeout, prn, lfilter, stop_filter, store, offline, .*session\.$/m);
    assert.match(r.stdout, /^    Scapy's, not supported by packetry: .*opened_socket.*monitor.*\.$/m);
    assert.match(r.stdout, /^    Keyword arguments: iface, timeout, .*cache\.$/m);
  });

  test("hexstr(onlyasc=1) and wrpcap(gz=1) do what Scapy's do", async () => {
    const path = join(dir, "shell.pcap.gz");
    const r = await packetry(["-c", `print(hexstr(b"abc", onlyasc=1)); print(hexstr(b"abc", onlyhex=1)); wrpcap("${path}", rdpcap("${CAPTURE}"), gz=1); print(len(rdpcap("${path}")))`]);
    assert.equal(r.stdout, `abc\n61 62 63\n${rdpcap(CAPTURE).length}\n`);
    assert.deepEqual([...readFileSync(path).subarray(0, 2)], [0x1f, 0x8b]);
  });
});
