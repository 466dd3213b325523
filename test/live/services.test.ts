/**
 * SNMP and NTP through sr1 to real daemons: net-snmp's snmpd and ntpsec's ntpd, started in the
 * lab's server namespace for these tests (and stopped after). Skips without the lab or the daemons.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync, chmodSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { IP, NTPHeader, SNMP, SNMPget, SNMPnext, SNMPresponse, SNMPvarbind, sr1, UDP, type Packet } from "../../src/index.ts";
import { LAB, labSkip } from "./lab.ts";

const has = (tool: string) => {
  try {
    execFileSync("sh", ["-c", `command -v ${tool}`], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
};
const skip = labSkip || (!has("snmpd") ? "snmpd is not installed (apt-get install snmpd)" : !has("ntpd") ? "ntpd is not installed (apt-get install ntpsec)" : false);

describe("SNMP and NTP against real daemons in the lab", { skip }, () => {
  const dir = mkdtempSync(join(tmpdir(), "packetry-services-"));
  const pidOf = (name: string) => Number(readFileSync(join(dir, name), "utf8").trim());
  before(async () => {
    chmodSync(dir, 0o755);
    writeFileSync(join(dir, "snmpd.conf"), `agentAddress udp:${LAB.server}:161\nrocommunity public default\nsysName lab-agent\n`);
    execFileSync("ip", ["netns", "exec", LAB.serverNs, "snmpd", "-C", "-c", join(dir, "snmpd.conf"), "-Lf", join(dir, "snmpd.log"), "-p", join(dir, "snmpd.pid")]);
    // A local reference clock only: no server outside the lab is ever asked.
    writeFileSync(join(dir, "ntp.conf"), `server 127.127.1.0 minpoll 4\nfudge 127.127.1.0 stratum 10\ninterface ignore wildcard\ninterface listen ${LAB.server}\n`);
    execFileSync("ip", ["netns", "exec", LAB.serverNs, "ntpd", "-c", join(dir, "ntp.conf"), "-p", join(dir, "ntpd.pid"), "-l", join(dir, "ntpd.log")]);
    await new Promise((r) => setTimeout(r, 1500));
  });
  after(() => {
    for (const f of ["snmpd.pid", "ntpd.pid"]) {
      try {
        process.kill(pidOf(f));
      } catch {
        /* already gone */
      }
    }
    rmSync(dir, { recursive: true, force: true });
  });

  const ask = async (pdu: Packet): Promise<Packet> => {
    const reply = await sr1(IP({ dst: LAB.server }).div(UDP({ sport: 40161 }), SNMP({ PDU: pdu })), { timeout: 3, retry: 2 });
    assert.ok(reply, "snmpd answers");
    return reply.getLayer(SNMP)!.PDU as Packet;
  };

  test("an SNMP get through sr1: snmpd's response, matched by its request id", async () => {
    const pdu = (await ask(SNMPget({ id: 4242, varbindlist: [SNMPvarbind({ oid: "1.3.6.1.2.1.1.5.0" })] }))) as InstanceType<typeof SNMPresponse>;
    assert.equal(pdu.spec.name, "SNMPresponse");
    assert.equal(Number(pdu.id), 4242);
    assert.equal(String(pdu.varbindlist[0]!.value), "<ASN1_STRING[b'lab-agent']>");
  });

  test("a get-next walks to the next OID", async () => {
    const pdu = (await ask(SNMPnext({ id: 7, varbindlist: [SNMPvarbind({ oid: "1.3.6.1.2.1.1.1.0" })] }))) as InstanceType<typeof SNMPresponse>;
    assert.equal(String(pdu.varbindlist[0]!.oid), "<ASN1_OID['.1.3.6.1.2.1.1.2.0']>");
  });

  test("an NTP client request through sr1: ntpd's server reply echoes our transmit time", async () => {
    const q = IP({ dst: LAB.server }).div(UDP({ sport: 40123 }), NTPHeader({ sent: new Date() }));
    const reply = await sr1(q, { timeout: 3, retry: 2 });
    assert.ok(reply, "ntpd answers");
    const h = reply.getLayer(NTPHeader)!;
    assert.equal(Number(h.mode), 4);
    assert.equal(BigInt(h.orig.raw), BigInt(q.getLayer(NTPHeader)!.sent.raw));
  });
});
