// DNS-SD (dnssd) and mDNS against avahi-daemon, the Linux mDNS responder, in namespaces of the test's own.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { conf, DNS, dnssd, type Packet, type QueryAnswer } from "../../src/index.ts";
import { missing, NET, netSkip, TestNet } from "./netns.ts";

describe("dnssd against avahi-daemon", { skip: netSkip || missing("avahi-daemon", "avahi-daemon") }, () => {
  let net: TestNet;
  let dir: string;
  before(async () => {
    net = new TestNet("m");
    dir = mkdtempSync(join(tmpdir(), "packetry-avahi-"));
    // A responder on the client side only, named labhost, publishing its workstation service; no D-Bus, no wide area.
    writeFileSync(
      join(dir, "avahi-daemon.conf"),
      ["[server]", "host-name=labhost", "domain-name=local", "use-ipv4=yes", "use-ipv6=no", `allow-interfaces=${NET.cliIface}`, "enable-dbus=no", "[publish]", "publish-workstation=yes", "publish-addresses=yes", "[wide-area]", "enable-wide-area=no", ""].join("\n"),
    );
    const avahi = net.start("client", "avahi-daemon", ["--no-drop-root", "--no-chroot", "--no-rlimits", "--no-proc-title", "-f", join(dir, "avahi-daemon.conf")]);
    await TestNet.printed(avahi, /Server startup complete/, 60);
    conf.verb = 0;
  });
  after(() => {
    net?.destroy();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test("the service types avahi announces, then its workstation's PTR with SRV and address in the additional records, shown as Scapy's table", async () => {
    net.enterServer();
    // avahi may delay an answer up to ~120 ms (RFC 6762 6) and announces itself at start: a few seconds for its answers.
    const types = await dnssd({ iface: NET.srvIface, timeout: 3, verbose: 0 });
    const fromAvahi = [...types].filter(([, a]: QueryAnswer) => a.getLayer("IP")?.getFieldValue("src") === NET.client);
    assert.ok(fromAvahi.length >= 1, "avahi answered");
    const names = fromAvahi.flatMap(([, a]: QueryAnswer) => ((a.getLayer(DNS)!.an as Packet[]) ?? []).filter((rr) => rr.getFieldValue("type") === 12).map((rr) => new TextDecoder().decode(rr.getFieldValue("rdata") as Uint8Array)));
    assert.ok(names.includes("_workstation._tcp.local."), names.join(", "));
    const table = types.show({ dump: true })!;
    assert.match(table, /^IP\s+Service$/m);
    assert.match(table, new RegExp(`^${NET.client.replace(/\./g, "\\.")}\\s+PTR=b'_workstation\\._tcp\\.local\\.'`, "m"));

    const ws = await dnssd({ service: "_workstation._tcp.local", iface: NET.srvIface, timeout: 3, verbose: 0 });
    const shown = ws.show({ dump: true })!;
    assert.match(shown, /PTR=b'labhost \[[0-9a-f:]{17}\]\._workstation\._tcp\.local\.'/);
    assert.match(shown, /SRV=\(b'labhost\.local\.',9\)/);
    // Every type (alltypes): the A record avahi adds, its cache-flush bit set.
    assert.match(ws.show({ dump: true, alltypes: true })!, new RegExp(`A=${NET.client.replace(/\./g, "\\.")}`));
    const a = ws.flatMap(([, r]) => [...((r.getLayer(DNS)!.an as Packet[]) ?? []), ...((r.getLayer(DNS)!.ar as Packet[]) ?? [])]).find((rr) => rr.getFieldValue("type") === 1);
    assert.equal(a?.getFieldValue("cacheflush"), 1);
  });

  test("options are checked", async () => {
    await assert.rejects(dnssd({ af: 5 as never }), /dnssd: af must be 4 or 6/);
    await assert.rejects(dnssd({ ifname: "x" } as never), /dnssd: unknown option ifname/);
  });
});
