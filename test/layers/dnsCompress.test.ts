import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { test } from "node:test";
import { bytesHex, DNS, DNSQR, DNSRR, DNSRRMX, DNSRRSOA, DNSRRSRV, dnsCompress, fromHex, raw, type Packet } from "../../src/index.ts";
import { bytesCopied, seededRandom } from "../helpers.ts";

// dnsCompress against Debian's Scapy on random messages, and its cost on big ones.

const latin1 = (b: Uint8Array) => String.fromCharCode(...b);

/** Every name of a message as it decodes, so that two compressions can be told apart by what they mean. */
function names(bytes: Uint8Array): string[] {
  const d = DNS(bytes);
  const out: string[] = [];
  for (const rec of [...d.qd, ...d.an, ...d.ns, ...d.ar] as Packet[]) {
    for (const f of rec.spec.layout.fields) {
      const v = rec.getFieldValue(f.name);
      if (f.kindName === "DNSStrField" || (f.name === "rdata" && [2, 5, 12].includes(rec.getFieldValue("type") as number))) out.push(latin1(v as Uint8Array));
    }
  }
  return out;
}

/** Random messages whose names share suffixes, each as a packetry packet and a Scapy expression. */
function randomMessages(count: number, seed: number): Array<{ pkt: Packet; scapy: string }> {
  const random = seededRandom(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
  const LABELS = ["www", "mail", "a", "b", "example", "com", "org", "ns1", "_tcp", "_http"];
  const name = () => Array.from({ length: 1 + Math.floor(random() * 4) }, () => pick(LABELS)).join(".") + ".";
  const q = JSON.stringify;
  const record = (): [Packet, string] => {
    const r = name();
    const n = name();
    switch (Math.floor(random() * 7)) {
      case 0:
        return [DNSRR({ rrname: r, rdata: "10.0.0.7" }), `DNSRR(rrname=${q(r)}, rdata="10.0.0.7")`];
      case 1:
        return [DNSRR({ rrname: r, type: "CNAME", rdata: n }), `DNSRR(rrname=${q(r)}, type="CNAME", rdata=${q(n)})`];
      case 2:
        return [DNSRR({ rrname: r, type: "NS", rdata: n }), `DNSRR(rrname=${q(r)}, type="NS", rdata=${q(n)})`];
      case 3:
        // Scapy 2.5's DNSRRMX defaults to type 6: given here.
        return [DNSRRMX({ rrname: r, exchange: n }), `DNSRRMX(rrname=${q(r)}, type=15, exchange=${q(n)})`];
      case 4:
        return [DNSRRSOA({ rrname: r, mname: n, rname: name() }), ""];
      case 5:
        return [DNSRRSRV({ rrname: r, port: 80, target: n }), `DNSRRSRV(rrname=${q(r)}, port=80, target=${q(n)})`];
      default:
        // A TXT string that holds a name's wire form by chance.
        return [DNSRR({ rrname: r, type: "TXT", rdata: ["x", "\x03com\x00"] }), `DNSRR(rrname=${q(r)}, type="TXT", rdata=[b"x", b"\\x03com\\x00"])`];
    }
  };
  return Array.from({ length: count }, (_, id) => {
    const qname = name();
    const an = Array.from({ length: 1 + Math.floor(random() * 5) }, record);
    const ns = Array.from({ length: Math.floor(random() * 3) }, record);
    for (const r of [...an, ...ns]) {
      // The SOA expression needs its own names: rebuilt from the packet's values.
      if (r[1] === "") r[1] = `DNSRRSOA(rrname=${q(latin1(r[0].getFieldValue("rrname") as Uint8Array))}, mname=${q(latin1(r[0].getFieldValue("mname") as Uint8Array))}, rname=${q(latin1(r[0].getFieldValue("rname") as Uint8Array))})`;
    }
    const list = (xs: Array<[Packet, string]>) => (xs.length ? xs.map((x) => x[1]).join("/") : "None");
    return {
      pkt: DNS({ id, qr: 1, qd: [DNSQR({ qname })], an: an.map((x) => x[0]), ns: ns.map((x) => x[0]) }),
      scapy: `DNS(id=${id}, qr=1, qd=DNSQR(qname=${q(qname)}), an=${list(an)}, ns=${list(ns)})`,
    };
  });
}

/** Scapy's dns_compress of each expression, in hex (offline: Scapy may try to resolve names). */
function scapyCompress(expressions: string[]): string[] | string {
  const script = `import sys, json
from scapy.all import DNS, DNSQR, DNSRR, DNSRRMX, DNSRRSOA, DNSRRSRV
from scapy.layers.dns import dns_compress
for line in sys.stdin:
    print(bytes(dns_compress(eval(json.loads(line)))).hex())`;
  const r = spawnSync("unshare", ["-n", "/usr/bin/python3", "-c", script], { input: expressions.map((e) => JSON.stringify(e)).join("\n") + "\n", encoding: "utf8", timeout: 120_000 });
  if (r.status !== 0) return `Scapy could not run offline (${(r.error?.message ?? r.stderr).trim().split("\n").pop()})`;
  return r.stdout.trim().split("\n");
}

const cases = randomMessages(600, 20251201);
const scapy = scapyCompress(cases.map((c) => c.scapy));

test("dnsCompress writes Scapy's bytes, but for two cases where Scapy's pointers land elsewhere", { skip: typeof scapy === "string" ? scapy : false }, () => {
  const theirs = scapy as string[];
  let same = 0;
  cases.forEach((c, i) => {
    const ours = raw(dnsCompress(c.pkt));
    const plain = names(raw(c.pkt));
    const why = `${c.scapy}\nscapy ${theirs[i]}\nours  ${bytesHex(ours)}`;
    // Always: the compressed message means what the plain one does.
    assert.deepEqual(names(ours), plain, why);
    if (bytesHex(ours) === theirs[i]) {
      same++;
      return;
    }
    // Scapy marks a compressed name with a placeholder that an earlier label can then match: its
    // pointer lands on a longer name. Or it points a suffix at its first occurrence anywhere,
    // even inside TXT data that holds it by chance; packetry at a name. Nothing else differs.
    const scapyNames = names(fromHex(theirs[i]!));
    assert.ok(JSON.stringify(scapyNames) !== JSON.stringify(plain) || fromHex(theirs[i]!).length === ours.length, why);
  });
  assert.ok(same > 0.8 * cases.length, `${same} of ${cases.length} the same`);
});

test("compressing 4,000 records copies the message a few times over, not once per name (it took 52.9 s)", () => {
  const an = Array.from({ length: 4000 }, (_, i) => DNSRR({ rrname: `host${i % 50}.zone${i % 7}.example.com`, type: "CNAME", rdata: `target${i}.zone${i % 7}.example.com` }));
  // A bare message: at this size it fits neither a UDP datagram nor TCP's 16-bit length.
  const p = DNS({ qr: 1, an });
  const size = raw(p).length;
  let out: Packet | undefined;
  const copied = bytesCopied(() => (out = dnsCompress(p)));
  assert.ok(copied < 20 * size, `${copied} bytes copied for a ${size}-byte message`);
  const compressed = raw(out!);
  assert.ok(compressed.length < size / 2);
  assert.deepEqual(names(compressed), names(raw(p)));
});
