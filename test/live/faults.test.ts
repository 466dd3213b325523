import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { describe, test } from "node:test";
import { AsyncSniffer, compileFilter, Ether, ICMP, IP, PacketryError, sniff, sr, sr1, UDP } from "../../src/index.ts";
import { LAB, labSkip } from "./lab.ts";

const index = new URL("../../src/index.ts", import.meta.url).pathname;

/** Runs an ES module snippet in a child node (with tsx), as `prefix` says (e.g. another user); returns its JSON output. */
function child(code: string, options: { env?: Record<string, string>; prefix?: string[] } = {}): { out: unknown; stderr: string; status: number | null } {
  const prefix = options.prefix ?? [];
  const args = [...prefix, process.execPath, "--import", "tsx", "--input-type=module", "-e", code];
  const r = spawnSync(args[0]!, args.slice(1), { encoding: "utf8", env: { ...process.env, ...options.env }, cwd: new URL("../..", import.meta.url).pathname, timeout: 120_000 });
  const last = r.stdout.trim().split("\n").at(-1) ?? "";
  let out: unknown = null;
  try {
    out = JSON.parse(last);
  } catch {
    out = r.stdout;
  }
  return { out, stderr: r.stderr, status: r.status };
}

/** Outcome of a live call, as JSON the parent can read. */
const report = (call: string) => `
  import * as p from ${JSON.stringify(index)};
  try { await (${call}); console.log(JSON.stringify({ ok: true })); }
  catch (e) { console.log(JSON.stringify({ ok: false, code: e.code, name: e.name, message: e.message })); }`;

describe("the addon is missing", () => {
  test("importing and offline work; live calls name libpcap-dev and npm rebuild", () => {
    const r = child(
      `import * as p from ${JSON.stringify(index)};
       const bytes = p.bytesHex(p.raw(p.Ether({ dst: "ff:ff:ff:ff:ff:ff", src: "00:11:22:33:44:55" }).div(p.ARP({ pdst: "10.0.0.1", psrc: "10.0.0.2" }))));
       let err;
       try { await p.sniff({ iface: "lo", timeout: 0.1 }); } catch (e) { err = { code: e.code, message: e.message }; }
       let err2;
       try { await p.sendp(p.Ether(), { iface: "lo" }); } catch (e) { err2 = e.code; }
       const route = String(p.conf.route), iface = p.conf.iface, src = p.IP({ dst: "127.0.0.1" }).src;
       console.log(JSON.stringify({ bytes, available: p.nativeAvailable(), err, err2, route, iface, src }));`,
      { env: { PACKETRY_NATIVE: "/nonexistent/packetry_pcap.node" } },
    );
    const out = r.out as { bytes: string; available: boolean; err: { code: string; message: string }; err2: string; route: string; iface: string; src: string };
    assert.equal(out.bytes.slice(0, 24), "ffffffffffff001122334455");
    assert.equal(out.available, false);
    assert.equal(out.err.code, "ENOADDON");
    assert.match(out.err.message, /libpcap-dev/);
    assert.match(out.err.message, /npm rebuild/);
    assert.match(out.err.message, /\/nonexistent\/packetry_pcap\.node/);
    assert.equal(out.err2, "ENOADDON");
    // Routes and interfaces come from /proc and /sys without the addon.
    assert.match(out.route, /^Network +Netmask +Gateway +Iface +Output IP +Metric\n/);
    assert.match(out.route, /127\.0\.0\.0 +255\.0\.0\.0 +0\.0\.0\.0 +lo +127\.0\.0\.1 +1/);
    assert.equal(typeof out.iface, "string");
    assert.equal(out.src, "127.0.0.1");
  });
});

describe("faults with the addon", { skip: labSkip }, () => {
  test("not root: says to run as root or grant CAP_NET_RAW and CAP_NET_ADMIN", () => {
    const nobody = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--inh-caps=-all"];
    const r = child(report(`p.sniff({ iface: "lo", timeout: 0.1 })`), { prefix: nobody, env: { HOME: "/tmp", TSX_TSCONFIG_PATH: "" } });
    const out = r.out as { ok: boolean; code: string; message: string };
    assert.equal(out.ok, false, `child output: ${JSON.stringify(r.out)} ${r.stderr}`);
    assert.equal(out.code, "EPERM");
    assert.match(out.message, /permission denied/);
    assert.match(out.message, /run as root or grant CAP_NET_RAW and CAP_NET_ADMIN/);
  });

  test("a missing interface lists the ones there are", async () => {
    await assert.rejects(sniff({ iface: "nope0", timeout: 0.1 }), (e: PacketryError) => {
      assert.equal(e.code, "ENODEV");
      assert.match(e.message, /No such interface: "nope0" \(interfaces here: .*lo.*cli0.*\)/);
      return true;
    });
    await assert.rejects(sr(IP({ dst: LAB.server }).div(ICMP()), { iface: "nope0", timeout: 0.1 }), { code: "ENODEV" });
  });

  test("a bad BPF filter gives libpcap's message, not a crash", async () => {
    await assert.rejects(sniff({ iface: LAB.iface, filter: "tcp port eighty", timeout: 0.1 }), (e: PacketryError) => {
      assert.equal(e.code, "EFILTER");
      assert.match(e.message, /^Bad BPF filter "tcp port eighty": .*eighty/);
      return true;
    });
    await assert.rejects(sr1(IP({ dst: LAB.server }).div(ICMP()), { filter: "((", timeout: 0.1 }), { code: "EFILTER" });
    assert.throws(() => compileFilter("udp and"), { code: "EFILTER" });
    const ok = compileFilter("udp port 53");
    assert.equal(ok.matches(Ether().div(IP(), UDP({ sport: 1000, dport: 53 })).build(), 1), true);
    assert.equal(ok.matches(Ether().div(IP(), UDP({ sport: 1000, dport: 54 })).build(), 1), false);
  });

  test("a timeout with no answers: sr1 gives undefined", async () => {
    assert.equal(await sr1(IP({ dst: LAB.server }).div(UDP({ dport: 9 })), { timeout: 0.3, filter: "udp and not icmp" }), undefined);
  });

  for (const how of ["set down", "deleted"] as const) {
    test(`an interface ${how} during a sniff ends it with a clear error or a clean result`, async () => {
      const ip = (...a: string[]) => execFileSync("ip", a);
      ip("link", "add", "pktdown0", "type", "veth", "peer", "name", "pktdown1");
      try {
        ip("link", "set", "pktdown0", "up");
        ip("link", "set", "pktdown1", "up");
        const s = new AsyncSniffer({ iface: "pktdown0" });
        s.start();
        await new Promise((r) => setTimeout(r, 100));
        if (how === "set down") ip("link", "set", "pktdown0", "down");
        else ip("link", "del", "pktdown0");
        const outcome = await Promise.race([
          s.join().then(
            (list) => ({ ended: "result" as const, list }),
            (e: PacketryError) => ({ ended: "error" as const, e }),
          ),
          new Promise<{ ended: "hang" }>((r) => setTimeout(() => r({ ended: "hang" }), 3000)),
        ]);
        if (outcome.ended === "hang") {
          // Still running with the link down is acceptable only if stop() ends it at once.
          assert.equal(how, "set down", "a deleted interface must end the sniff");
          const list = s.stop();
          assert.equal(s.running, false);
          assert.ok(Array.isArray(list));
        } else if (outcome.ended === "error") {
          assert.equal(outcome.e.code, "ENETDOWN", outcome.e.message);
          assert.match(outcome.e.message, /pktdown0 is down or went away/);
        }
        assert.equal(s.running, false);
      } finally {
        spawnSync("ip", ["link", "del", "pktdown0"]);
      }
    });
  }
});
