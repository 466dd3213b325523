/**
 * `packetry lab`: one lab per checkout (names derived from the checkout's path, the same in
 * lab/env.sh and src/lab/names.ts), a clear refusal without root, and, when this checkout's lab
 * is up (root), status, shell and exec inside its client namespace. Nothing here brings a lab
 * up or down: `down` is only run for an id that has no lab.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { labFor, labId } from "../../src/lab/names.ts";

const root = new URL("../..", import.meta.url).pathname.replace(/\/$/, "");
const cli = join(root, "src", "cli.ts");
const packetry = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, ["--import", "tsx", cli, ...args], { cwd: root, encoding: "utf8", timeout: 120_000, env: { ...process.env, NO_COLOR: "1", ...env } });

function envSh(dir: string, env: Record<string, string> = {}): Record<string, string> {
  const r = spawnSync("bash", ["-c", `. "${dir}/lab/env.sh"; echo "$LAB_ID $LAB_SERVER_NS $LAB_CLIENT_NS $LAB_STATE"`], { encoding: "utf8", env: { ...process.env, ...env } });
  const [id, serverNs, clientNs, state] = r.stdout.trim().split(" ");
  return { id: id!, serverNs: serverNs!, clientNs: clientNs!, state: state! };
}

describe("one lab per checkout", () => {
  const other = mkdtempSync(join(tmpdir(), "packetry-checkout-"));
  after(() => rmSync(other, { recursive: true, force: true }));

  test("lab/env.sh and src/lab/names.ts name this checkout's lab alike", () => {
    const lab = labFor(root, {});
    assert.deepEqual(envSh(root, { PACKETRY_LAB_ID: "" }), { id: lab.id, serverNs: lab.serverNs, clientNs: lab.clientNs, state: lab.state });
    assert.match(lab.id, /^[0-9a-f]{6}$/);
    assert.equal(lab.clientNs, `pkt-client-${lab.id}`);
  });

  test("another checkout gets other names, so its up.sh and down.sh leave this one's lab alone", () => {
    mkdirSync(join(other, "lab"));
    cpSync(join(root, "lab", "env.sh"), join(other, "lab", "env.sh"));
    const theirs = envSh(other, { PACKETRY_LAB_ID: "" });
    assert.notEqual(theirs.id, labId(root));
    assert.equal(theirs.id, labId(other));
    assert.notEqual(theirs.clientNs, labFor(root, {}).clientNs);
    assert.notEqual(theirs.state, labFor(root, {}).state);
  });

  test("PACKETRY_LAB_ID names the lab instead", () => {
    assert.equal(envSh(root, { PACKETRY_LAB_ID: "abc123" }).clientNs, "pkt-client-abc123");
    assert.equal(labFor(root, { PACKETRY_LAB_ID: "abc123" }).serverNs, "pkt-server-abc123");
  });
});

describe("packetry lab", () => {
  test("--help lists the commands; an unknown one is an error", () => {
    const help = packetry(["lab", "--help"]);
    assert.equal(help.status, 0);
    for (const verb of ["up", "down", "status", "shell", "exec"]) assert.match(help.stdout, new RegExp(`^  ${verb}\\b`, "m"));
    const bad = packetry(["lab", "sideways"]);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /unknown command sideways/);
  });

  test("without root, up, down, shell and exec say that they need root, and change nothing", { skip: process.getuid?.() !== 0 && "needs root to drop to another user" }, () => {
    for (const verb of ["up", "down", "shell", "exec"]) {
      const r = spawnSync("setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", process.execPath, "--import", "tsx", cli, "lab", verb, ...(verb === "exec" ? ["true"] : [])], {
        cwd: root,
        encoding: "utf8",
        timeout: 120_000,
        env: { ...process.env, HOME: "/tmp", TSX_TSCONFIG_PATH: join(root, "tsconfig.json") },
      });
      assert.equal(r.status, 1, `${verb}: ${r.stderr}`);
      assert.match(r.stderr, new RegExp(`packetry lab ${verb}: needs root \\(network namespaces\\): run it as root, e.g. sudo npx packetry lab ${verb}`));
    }
  });

  test("status of a lab that is not up says down (status 3); down of it does nothing to this checkout's", { skip: process.getuid?.() !== 0 && "needs root" }, () => {
    const mine = labFor(root, {});
    const wasUp = existsSync(`/run/netns/${mine.clientNs}`);
    const r = packetry(["lab", "status"], { PACKETRY_LAB_ID: "f0f0f0" });
    assert.equal(r.status, 3);
    assert.match(r.stdout, /^lab f0f0f0 \(.*\): down$/m);
    const down = packetry(["lab", "down"], { PACKETRY_LAB_ID: "f0f0f0" });
    assert.equal(down.status, 0, down.stderr);
    assert.equal(existsSync(`/run/netns/${mine.clientNs}`), wasUp);
  });
});

const mine = labFor(root, {});
const labUp = process.getuid?.() === 0 && existsSync(`/run/netns/${mine.clientNs}`);

describe("packetry lab in this checkout's lab", { skip: !labUp && "this checkout's lab is not up (root: packetry lab up)" }, () => {
  test("status: up, with its namespaces and servers", () => {
    const r = packetry(["lab", "status"], { PACKETRY_LAB_ID: "" });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`^lab ${mine.id} \\(${root}\\): up$`, "m"));
    assert.match(r.stdout, new RegExp(`namespaces ${mine.serverNs}, ${mine.clientNs}; dnsmasq running, nginx running`));
  });

  test("shell runs packetry inside the client namespace; exec any command there", () => {
    const sh = packetry(["lab", "shell", "-c", 'get_if_addr("cli0"), sr1(IP(dst="www.lab.test")/ICMP(), timeout=5, verbose=0).src'], { PACKETRY_LAB_ID: "" });
    assert.equal(sh.status, 0, sh.stderr);
    assert.equal(sh.stdout.trim(), "('10.77.0.2', '10.77.0.1')");
    const ex = packetry(["lab", "exec", "ip", "-br", "addr", "show", "cli0"], { PACKETRY_LAB_ID: "" });
    assert.equal(ex.status, 0, ex.stderr);
    assert.match(ex.stdout, /^cli0\S*\s+UP\s+10\.77\.0\.2\/24/);
  });

  test("exec of a command that fails passes its status on", () => {
    assert.equal(packetry(["lab", "exec", "false"], { PACKETRY_LAB_ID: "" }).status, 1);
  });
});
