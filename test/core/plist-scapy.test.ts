/**
 * Scapy's PacketList and SndRcvList methods — show(prn), make_table / make_lined_table /
 * make_tex_table (with (s, r) or one-argument functions on results), rawhexdump, hexraw, padding,
 * nzpadding, replace, getlayer, sr(), listname, filter on results, results' items as
 * QueryAnswer(query=..., answer=...) — through the shell, on one
 * script that Debian's Scapy runs too: the same output.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { ICMP, IP, PacketList, rdpcap, SndRcvList, TCP, type QueryAnswer } from "../../src/index.ts";
import { packetry } from "../shell/run.ts";

const SAMPLE = new URL("../../samples/http.pcap", import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), "packetry-plist-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const SCRIPT = SCRIPT_TEXT();

function SCRIPT_TEXT(): string {
  return [
    `pl = rdpcap(SAMPLE)`,
    `pl[:2].show(lambda x: x.sprintf("%IP.src%"))`,
    `pl[:4].make_lined_table(lambda x: (x[IP].src, x[IP].dst, x[TCP].dport))`,
    `pl[:4].make_tex_table(lambda x: (x[IP].src, x[IP].dst, x[TCP].dport))`,
    `pl[:4].make_table(lambda x: (x[IP].src, x[IP].dst, x[TCP].dport))`,
    `pl[:1].rawhexdump()`,
    `h = Ether(src="00:11:22:33:44:55", dst="66:77:88:99:aa:bb")/IP(src="1.1.1.1", dst="1.1.1.2")/UDP(sport=1, dport=2)/Raw(b"hello raw")`,
    `h.time = 1700000000.25`,
    `i = Ether(src="00:11:22:33:44:55", dst="66:77:88:99:aa:bb")/IP(src="1.1.1.1", dst="1.1.1.2")/ICMP()`,
    `i.time = 1700000000.75`,
    `PacketList([h, i]).hexraw()`,
    `print(pl.listname)`,
    `r = pl[:3].replace(TCP.dport, 80, 8080)`,
    `print(r, [p[TCP].dport for p in r])`,
    `r = pl[:3].replace((TCP.sport, 8), (IP.ttl, 64, 1))`,
    `print([(p[TCP].sport, p[IP].ttl) for p in r])`,
    `print(pl[:3].getlayer(TCP), pl[:3].getlayer(TCP)[0].summary())`,
    `a, u = pl[:3].sr()`,
    `print(a, u)`,
    `a.nsummary()`,
    `ans = SndRcvList([(IP(src="1.1.1.2", dst="1.1.1.1")/TCP(dport=80, flags="S"), IP(src="1.1.1.1", dst="1.1.1.2")/TCP(sport=80, flags="SA")), (IP(src="1.1.1.2", dst="1.1.1.1")/TCP(dport=81, flags="S"), IP(src="1.1.1.1", dst="1.1.1.2")/TCP(sport=81, flags="RA"))])`,
    `print(ans.filter(lambda s, r: r[TCP].flags == "SA"), len(ans.filter(lambda x: x[1][TCP].flags == "RA")))`,
    `ans.make_table(lambda x: (x[0].dst, x[0].dport, x[1].sprintf("%TCP.flags%")))`,
    `ans.make_table(lambda s, r: (s.dst, s.dport, r.sprintf("%TCP.flags%")))`,
    `e = Ether(bytes(Ether(src="00:11:22:33:44:55", dst="66:77:88:99:aa:bb")/IP(src="1.1.1.1", dst="1.1.1.2")/ICMP()) + b"\\x00" * 10)`,
    `f = Ether(bytes(Ether(src="00:11:22:33:44:55", dst="66:77:88:99:aa:bb")/IP(src="1.1.1.1", dst="1.1.1.2")/ICMP()) + b"\\x01\\x02")`,
    `e.time = 1700000000.5`,
    `f.time = 1700000001.5`,
    `PacketList([e, f]).padding()`,
    `PacketList([e, f]).nzpadding()`,
    `q = IP(src="1.1.1.2", dst="1.1.1.1")/TCP(sport=1234, dport=80, flags="S")`,
    `r = IP(src="1.1.1.1", dst="1.1.1.2")/TCP(sport=80, dport=1234, flags="SA")`,
    `a, u = PacketList([q, r]).sr()`,
    `print(repr(a[0]))`,
    `print(a[0].answer[TCP].flags, a[0].query.dport, a[0][1].sport, len(a[0]))`,
  ].join("\n");
}

test("the shell prints what Scapy prints for the same script", async () => {
  const file = join(dir, "plist.py");
  writeFileSync(file, `SAMPLE = ${JSON.stringify(SAMPLE)}\n${SCRIPT}\n`);
  const env = { ...process.env, TZ: "UTC" };
  const theirs = execFileSync("unshare", ["-n", "/usr/bin/python3", "-c", `from scapy.all import *\nexec(open(${JSON.stringify(file)}).read())`], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], env });
  const ours = await packetry([file], { env: { TZ: "UTC" } });
  assert.equal(ours.stderr, "");
  assert.equal(ours.stdout, theirs);
});

test("in the library: SndRcvList.filter and makeTable take (query, answer) or the pair; replace needs a field", () => {
  const ans = new SndRcvList([[IP({ dst: "1.1.1.1" }).div(TCP({ dport: 80 })), IP({ src: "1.1.1.1" }).div(TCP({ sport: 80, flags: "SA" }))]]);
  assert.equal(ans.filter((_s: unknown, r: { getLayer(c: typeof TCP): { flags: { has(f: string): boolean } } | undefined }) => r.getLayer(TCP)!.flags.has("SA")).length, 1);
  assert.equal(ans.filter((x: unknown) => Array.isArray(x)).length, 1);
  assert.equal(ans.makeTable((x: QueryAnswer) => [x[0].getFieldValue("dst"), 1, String(x[1].getLayer(TCP)!.flags)] as const, { dump: true }), "  1.1.1.1 \n1 SA      ");
  assert.throws(() => rdpcap(SAMPLE).replace("dport" as never, 1), /replace\(\) takes \(field, new\), \(field, old, new\)/);
  assert.equal(new PacketList([IP().div(ICMP())], "x").listname, "x");
});
