/**
 * `packetry lab up|down|status|shell|exec`: the network-namespace lab of lab/ as a command. Each
 * checkout (or install) has a lab of its own (src/lab/names.ts), so `lab up` in one never
 * replaces another's and `lab down` only takes down its own.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { labFor, packageRoot, runningLabs, type LabNames } from "./names.ts";

const USAGE = `usage: packetry lab up|down|status|shell [ARG...]|exec CMD [ARG...]
  up       bring this checkout's lab up (root): namespaces pkt-server-ID and pkt-client-ID,
           dnsmasq (DHCP, DNS for lab.test, router advertisements) and nginx; idempotent
  down     take this checkout's lab down (root); other checkouts' labs are left alone
  status   whether this checkout's lab is up, and which other labs run on this machine
  shell    the packetry shell inside the lab's client namespace (root); ARGs as for packetry
           (e.g. -c CODE, FILE, workshop)
  exec     run a command inside the lab's client namespace (root)
The lab's id comes from the checkout's path (PACKETRY_LAB_ID overrides it). Its addresses
(10.77.0.0/24, fd77::/64) live only inside its namespaces: nothing reaches the host's network.`;

/** Is the lab's client namespace there, with its servers running? */
export function labHealth(lab: LabNames): { up: boolean; namespaces: boolean; servers: Record<string, boolean> } {
  const namespaces = existsSync(`/run/netns/${lab.clientNs}`) && existsSync(`/run/netns/${lab.serverNs}`);
  const servers: Record<string, boolean> = {};
  for (const name of ["dnsmasq", "nginx"]) {
    const pidfile = join(lab.state, `${name}.pid`);
    let alive = false;
    if (existsSync(pidfile)) {
      try {
        process.kill(Number(readFileSync(pidfile, "utf8").trim()), 0);
        alive = true;
      } catch {
        alive = false;
      }
    }
    servers[name] = alive;
  }
  return { up: namespaces && Object.values(servers).every(Boolean), namespaces, servers };
}

/** Is this process in the lab's client namespace? (Its network namespace is the one /run/netns names.) */
export function insideLab(lab: LabNames): boolean {
  try {
    return statSync("/proc/self/ns/net").ino === statSync(`/run/netns/${lab.clientNs}`).ino;
  } catch {
    return false;
  }
}

function isRoot(): boolean {
  return process.getuid?.() === 0;
}

function needRoot(what: string): number | null {
  if (process.platform !== "linux") {
    console.error(`packetry lab ${what}: the lab is made of Linux network namespaces (this is ${process.platform})`);
    return 1;
  }
  if (isRoot()) return null;
  console.error(`packetry lab ${what}: needs root (network namespaces): run it as root, e.g. sudo npx packetry lab ${what}`);
  return 1;
}

function missingPrograms(): string[] {
  const wanted: Array<[string, string]> = [["ip", "iproute2"], ["dnsmasq", "dnsmasq"], ["nginx", "nginx-light"], ["ethtool", "ethtool"]];
  return wanted.filter(([cmd]) => spawnSync("sh", ["-c", `command -v ${cmd}`], { stdio: "ignore" }).status !== 0).map(([, pkg]) => pkg);
}

function script(name: string, lab: LabNames): number {
  const r = spawnSync("bash", [join(packageRoot, "lab", name)], { stdio: "inherit", env: { ...process.env, PACKETRY_LAB_ID: lab.id } });
  return r.status ?? 1;
}

function notUp(lab: LabNames, what: string): number {
  console.error(`packetry lab ${what}: this checkout's lab (${lab.clientNs}) is not up: run packetry lab up first`);
  return 1;
}

/** Runs argv in the lab's client namespace, on this terminal; its exit status. */
function inClient(lab: LabNames, argv: string[]): number {
  const r = spawnSync("ip", ["netns", "exec", lab.clientNs, ...argv], { stdio: "inherit", env: { ...process.env, PACKETRY_LAB_ID: lab.id } });
  if (r.error) {
    console.error(`packetry lab: ${r.error.message}`);
    return 1;
  }
  return r.status ?? (r.signal ? 128 + 1 : 1);
}

export async function labCommand(args: string[]): Promise<number> {
  const [verb, ...rest] = args;
  const lab = labFor();
  switch (verb) {
    case undefined:
    case "-h":
    case "--help":
      console.log(USAGE);
      return verb === undefined ? 2 : 0;
    case "up": {
      const no = needRoot("up");
      if (no !== null) return no;
      const missing = missingPrograms();
      if (missing.length) {
        console.error(`packetry lab up: the lab needs ${missing.join(", ")}: apt-get install ${missing.join(" ")}`);
        return 1;
      }
      return script("up.sh", lab);
    }
    case "down": {
      const no = needRoot("down");
      return no ?? script("down.sh", lab);
    }
    case "status": {
      const health = labHealth(lab);
      const state = health.up ? "up" : health.namespaces ? "half up (servers not running: packetry lab up repairs it)" : "down";
      const owner = join(lab.state, "checkout");
      const checkout = existsSync(owner) ? readFileSync(owner, "utf8").trim() : lab.checkout;
      console.log(`lab ${lab.id} (${checkout}): ${state}`);
      if (health.namespaces) {
        console.log(`  namespaces ${lab.serverNs}, ${lab.clientNs}; ${Object.entries(health.servers).map(([n, ok]) => `${n} ${ok ? "running" : "not running"}`).join(", ")}`);
        console.log("  client 10.77.0.2 on cli0 (cli1 for DHCP), server 10.77.0.1 (DNS lab.test, DHCP, http://www.lab.test/)");
      }
      const others = runningLabs().filter((l) => l.id !== lab.id);
      for (const o of others) console.log(`other lab ${o.id} (${o.checkout ?? "unknown checkout"}): up`);
      return health.up ? 0 : 3;
    }
    case "shell": {
      const no = needRoot("shell");
      if (no !== null) return no;
      if (!labHealth(lab).namespaces) return notUp(lab, "shell");
      return inClient(lab, [process.execPath, join(packageRoot, "bin", "packetry.js"), ...rest]);
    }
    case "exec": {
      const no = needRoot("exec");
      if (no !== null) return no;
      if (rest.length === 0) {
        console.error("packetry lab exec: needs a command to run");
        return 2;
      }
      if (!labHealth(lab).namespaces) return notUp(lab, "exec");
      return inClient(lab, rest);
    }
    default:
      console.error(`packetry lab: unknown command ${verb}\n${USAGE}`);
      return 2;
  }
}
