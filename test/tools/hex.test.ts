/** chexdump, import_hexcap and hexedit, against Scapy's output and tcpdump's hex views. */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { bytesHex, chexdump, conf, Ether, hexdump, hexedit, ICMP, importHexcap, IP, raw, rdpcap } from "../../src/index.ts";
import { packetry } from "../shell/run.ts";
import { scapy } from "./scapy.ts";

const CAPTURE = "test/fixtures/captures/dns.pcap";
const dir = mkdtempSync(join(tmpdir(), "packetry-hex-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const PACKET = "Ether(dst='ff:ff:ff:ff:ff:ff', src='00:11:22:33:44:55')/IP(src='1.2.3.4', dst='5.6.7.8')/ICMP()";
const packet = () => Ether({ dst: "ff:ff:ff:ff:ff:ff", src: "00:11:22:33:44:55" }).div(IP({ src: "1.2.3.4", dst: "5.6.7.8" })).div(ICMP());

test("chexdump prints the bytes as Scapy's does", () => {
  assert.equal(chexdump(packet(), { dump: true }), scapy(`chexdump(${PACKET})`).trimEnd());
});

describe("import_hexcap", () => {
  const pkts = rdpcap(CAPTURE);

  test("reads back every packet from tcpdump -xx and -XX (with the ASCII column)", () => {
    for (const flag of ["-xx", "-XX"]) {
      const text = execFileSync("tcpdump", ["-nr", CAPTURE, flag], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
      const dumps = text.split(/\n(?=\S)/).map((block) => block.split("\n").slice(1).join("\n"));
      assert.equal(dumps.length, pkts.length);
      dumps.forEach((d, i) => assert.equal(bytesHex(importHexcap(d)), bytesHex(raw(pkts[i]!)), `${flag} packet ${i}`));
    }
  });

  test("reads back hexdump() (Scapy's view), short last line included", () => {
    for (const p of pkts) assert.equal(bytesHex(importHexcap(hexdump(p, { dump: true })!)), bytesHex(raw(p)));
  });

  test("text without a hex dump line is an error saying what it expects", () => {
    assert.throws(() => importHexcap("no hex here"), /no hex dump lines found \(each line starts with an offset/);
  });

  test("in the shell, as a packet's bytes", async () => {
    const r = await packetry(["-c", "Ether(import_hexcap('''0000  ff ff ff ff ff ff 00 11 22 33 44 55 08 00 45 00\n0010  00 1c 00 01 00 00 40 01 6a cd 01 02 03 04 05 06\n0020  07 08 08 00 f7 ff 00 00 00 00''')).summary()"]);
    assert.equal(r.stdout, "Ether / IP / ICMP 1.2.3.4 > 5.6.7.8 echo-request 0\n");
  });
});

describe("hexedit", () => {
  test("the packets come back as the editor left them", () => {
    // An "editor" that sets the IP TTL byte of the first record (24-byte header, 16-byte record header, 14 + 8).
    const editor = join(dir, "editor.sh");
    writeFileSync(editor, `#!/bin/sh\nprintf '\\007' | dd of="$1" bs=1 seek=${24 + 16 + 14 + 8} conv=notrunc 2>/dev/null\n`);
    chmodSync(editor, 0o755);
    const saved = conf.prog.hexedit;
    conf.prog.hexedit = editor;
    try {
      const edited = hexedit([packet()]);
      assert.equal(edited.length, 1);
      assert.equal(edited[0]!.getLayer(IP)!.ttl, 7);
    } finally {
      conf.prog.hexedit = saved;
    }
  });

  test("a missing editor is named, with what to install", () => {
    assert.throws(() => hexedit([packet()], { prog: "no-such-hex-editor" }), /no-such-hex-editor is not installed or not on PATH: install a hex editor \(apt-get install hexer\) or set \$EDITOR, or set conf.prog.hexedit/);
  });
});
