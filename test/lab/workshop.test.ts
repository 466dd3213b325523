/**
 * `packetry workshop`: the slides as a guided session, run only in the lab. Without the lab it
 * refuses; in this checkout's lab (root, lab up) `--yes` walks all four protocols and the
 * explanations say what came back, and piped answers skip, run and edit steps.
 */
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { labFor } from "../../src/lab/names.ts";

const root = new URL("../..", import.meta.url).pathname.replace(/\/$/, "");
const cli = join(root, "src", "cli.ts");

function packetry(args: string[], input = "", env: Record<string, string> = {}, argv0: string[] = []): Promise<{ status: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(argv0[0] ?? process.execPath, [...argv0.slice(1), ...(argv0.length ? [process.execPath] : []), "--import", "tsx", cli, ...args], {
      cwd: root,
      env: { ...process.env, NO_COLOR: "1", ...env },
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), 400_000);
    child.on("close", (status) => {
      clearTimeout(timer);
      resolve({ status, out, err });
    });
    child.stdin.end(input);
  });
}

describe("packetry workshop, anywhere", () => {
  test("--list names the steps of the four protocols", async () => {
    const r = await packetry(["workshop", "--list"]);
    assert.equal(r.status, 0, r.err);
    assert.deepEqual(r.out.trim().split("\n").map((l) => l.split(/\s+/)[0]), ["ping", "arp", "dns", "dhcp-discover", "dhcp-request", "http-rst", "http-iptables"]);
  });

  test("an unknown step or option is an error", async () => {
    const r = await packetry(["workshop", "--step", "smtp"]);
    assert.equal(r.status, 2);
    assert.match(r.err, /no step named smtp; the steps: ping, arp/);
  });

  test("without the lab it refuses, sending nothing", { skip: process.getuid?.() !== 0 && "needs root (to have a lab that is down)" }, async () => {
    const r = await packetry(["workshop", "--yes"], "", { PACKETRY_LAB_ID: "f0f0f0" });
    assert.equal(r.status, 1);
    assert.match(r.err, /packetry workshop: runs only inside the lab \(it sends packets\), and this checkout's lab \(pkt-client-f0f0f0\) is not up: sudo npx packetry lab up first/);
    assert.doesNotMatch(r.out, /Step 1/);
  });

  test("without root it refuses", { skip: process.getuid?.() !== 0 && "needs root to drop to another user" }, async () => {
    const r = await packetry(["workshop", "--yes"], "", { HOME: "/tmp" }, ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]);
    assert.equal(r.status, 1, r.err);
    assert.match(r.err, /runs only inside the lab \(it sends packets\), which needs root/);
  });
});

const lab = labFor(root, {});
const up = process.getuid?.() === 0 && existsSync(`/run/netns/${lab.clientNs}`);

describe("packetry workshop in this checkout's lab", { skip: !up && "this checkout's lab is not up (root: packetry lab up)" }, () => {
  test("--yes walks ARP, DNS, DHCP and HTTP, explaining each answer, and leaves no iptables rule", async () => {
    const serverMac = (JSON.parse(execFileSync("ip", ["-n", lab.serverNs, "-j", "link", "show", "br0"], { encoding: "utf8" })) as Array<{ address: string }>)[0]!.address;
    const r = await packetry(["workshop", "--yes"], "", { PACKETRY_LAB_ID: "" });
    assert.equal(r.status, 0, r.out + r.err);
    const out = r.out;
    for (let n = 1; n <= 7; n++) assert.match(out, new RegExp(`Step ${n}/7 `));
    // Each step shows the slide, then the lab's version of it.
    assert.match(out, /│ ip = IP\(dst="8\.8\.8\.8"\)\n[\s\S]*> ip = IP\(dst="10\.77\.0\.1"\)/);
    assert.match(out, /│ d = DNS\(rd=1,qd=DNSQR\(qname="www\.brucon\.org"\)\)[\s\S]*> d = DNS\(rd=1,qd=DNSQR\(qname="www\.lab\.test"\)\)/);
    assert.match(out, /sr1 sent one echo request and returned the first packet that answers it: IP \/ ICMP 10\.77\.0\.1 > 10\.77\.0\.2 echo-reply 0/);
    assert.match(out, new RegExp(`MAC address for: 10\\.77\\.0\\.1 is ${serverMac}`));
    assert.match(out, /only 10\.77\.0\.1 owns that address, and it answered is-at/);
    assert.match(out, /the answer section holds 10\.77\.0\.1\./);
    assert.match(out, /With checkIPaddr on: 0 answer\(s\)\. The server did answer, but its offer comes from 10\.77\.0\.1 to 10\.77\.0\.1\d\d, not from 255\.255\.255\.255/);
    const offered = /offering (10\.77\.0\.1\d\d)/.exec(out)?.[1];
    assert.ok(offered, "an offer with checkIPaddr off");
    assert.match(out, new RegExp(`DHCP Ack: the server \\(10\\.77\\.0\\.1\\) confirms ${offered.replace(/\./g, "\\.")} for 3600 s, subnet 255\\.255\\.255\\.0, router 10\\.77\\.0\\.1, DNS server 10\\.77\\.0\\.1, domain lab\\.test`));
    assert.match(out, /Ether \/ IP \/ TCP 10\.77\.0\.2:2203 > 10\.77\.0\.1:http R\n/, "the kernel's RST, in the capture");
    assert.match(out, /our own kernel sent a RST/);
    assert.match(out, /iptables -A OUTPUT -p tcp -d 10\.77\.0\.1 -s 10\.77\.0\.2 --dport 80 --tcp-flags RST RST -j DROP/);
    assert.match(out, /b'200'\n[\s\S]*The server answered the GET: Ether \/ IP \/ TCP \/ HTTP \/ 200 OK/);
    assert.doesNotMatch(out, /Error:/);
    const rules = execFileSync("ip", ["netns", "exec", lab.clientNs, "iptables", "-S", "OUTPUT"], { encoding: "utf8" });
    assert.doesNotMatch(rules, /^-A OUTPUT -s 10\.77\.0\.2\/32 -d 10\.77\.0\.1\/32 -p tcp -m tcp --dport 80 --tcp-flags RST RST -j DROP$/m, "the slide's rule is removed");
  });

  test("piped answers: s skips a step, Enter runs it, e runs the code typed instead", async () => {
    const r = await packetry(["workshop", "--step", "ping,dns"], "s\n\n", { PACKETRY_LAB_ID: "" });
    assert.equal(r.status, 0, r.out + r.err);
    assert.doesNotMatch(r.out, /echo-reply/, "ping skipped");
    assert.match(r.out, /the answer section holds 10\.77\.0\.1\./, "dns ran");
    const edited = await packetry(["workshop", "--step", "ping"], "e\nx = 6 * 7\nx\n\n", { PACKETRY_LAB_ID: "" });
    assert.equal(edited.status, 0, edited.out + edited.err);
    assert.match(edited.out, /\n42\n/);
    assert.doesNotMatch(edited.out, /echo-reply 0'/, "the typed code ran, not the step's");
  });
});
