/**
 * Two network namespaces of a test's own, joined by a veth pair (am-srv in the server one,
 * 10.79.0.1/24 and fd79::1/64; am-cli in the client one, with 10.79.0.2/24 unless asked
 * not to), for machines under test and the real clients that talk to them. Nothing in them
 * reaches the host's network; they are deleted when the test ends. Without root or the addon,
 * `netSkip` says why and the tests skip.
 */
import { execFile, execFileSync, spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { enterNetns, nativeAvailable } from "../../src/index.ts";

const CLI = fileURLToPath(new URL("../../src/cli.ts", import.meta.url));

export const NET = {
  server: "10.79.0.1",
  client: "10.79.0.2",
  server6: "fd79::1",
  srvIface: "am-srv",
  cliIface: "am-cli",
} as const;

function why(): string | false {
  if (process.platform !== "linux") return "needs Linux";
  if (process.getuid?.() !== 0) return "needs root (network namespaces)";
  if (!nativeAvailable()) return "the libpcap addon is not built (apt-get install libpcap-dev; npm rebuild)";
  try {
    execFileSync("ip", ["-V"], { stdio: "ignore" });
  } catch {
    return "needs iproute2";
  }
  return false;
}

export const netSkip: string | false = why();

/** Whether a program is installed (tests that need one skip, saying which package brings it). */
export function missing(program: string, pkg: string): string | false {
  try {
    execFileSync("sh", ["-c", `command -v ${program}`], { stdio: "ignore" });
    return false;
  } catch {
    return `${program} is not installed (apt-get install ${pkg})`;
  }
}

const run = (...args: string[]) => execFileSync(args[0]!, args.slice(1), { stdio: ["ignore", "pipe", "pipe"], encoding: "utf8" });

export class TestNet {
  readonly serverNs: string;
  readonly clientNs: string;
  private children: ChildProcess[] = [];

  constructor(tag: string, options: { clientAddress?: boolean } = {}) {
    const id = `${tag}${process.pid % 100000}`;
    this.serverNs = `pkt-am${id}-s`;
    this.clientNs = `pkt-am${id}-c`;
    this.destroy();
    run("ip", "netns", "add", this.serverNs);
    run("ip", "netns", "add", this.clientNs);
    const S = ["ip", "netns", "exec", this.serverNs];
    const C = ["ip", "netns", "exec", this.clientNs];
    run(...S, "ip", "link", "set", "lo", "up");
    run(...C, "ip", "link", "set", "lo", "up");
    run(...S, "ip", "link", "add", NET.srvIface, "type", "veth", "peer", "name", NET.cliIface, "netns", this.clientNs);
    for (const [ns, iface] of [[S, NET.srvIface], [C, NET.cliIface]] as const) {
      run(...ns, "sysctl", "-qw", `net.ipv6.conf.${iface}.accept_dad=0`);
      try {
        run(...ns, "ethtool", "-K", iface, "tx", "off", "rx", "off");
      } catch {
        // without ethtool the kernel's own frames carry offloaded checksums: machines do not check them
      }
    }
    run(...S, "ip", "addr", "add", `${NET.server}/24`, "dev", NET.srvIface);
    run(...S, "ip", "addr", "add", `${NET.server6}/64`, "dev", NET.srvIface, "nodad");
    if (options.clientAddress ?? true) run(...C, "ip", "addr", "add", `${NET.client}/24`, "dev", NET.cliIface);
    run(...S, "ip", "link", "set", NET.srvIface, "up");
    run(...C, "ip", "link", "set", NET.cliIface, "up");
  }

  /** This process's sockets from now on live in the server namespace. */
  enterServer(): void {
    enterNetns(this.serverNs);
  }

  enterClient(): void {
    enterNetns(this.clientNs);
  }

  /** Runs a command in a namespace and returns its output (throws on failure). Blocks: not while a machine of this process must answer. */
  exec(where: "server" | "client", cmd: string, ...args: string[]): string {
    return run("ip", "netns", "exec", where === "server" ? this.serverNs : this.clientNs, cmd, ...args);
  }

  /** Runs a command in a namespace without blocking this process (its machines go on answering). */
  run(where: "server" | "client", cmd: string, ...args: string[]): Promise<string> {
    return new Promise((resolve, reject) => {
      execFile("ip", ["netns", "exec", where === "server" ? this.serverNs : this.clientNs, cmd, ...args], { encoding: "utf8", timeout: 30000 }, (err, stdout, stderr) => {
        if (err) reject(Object.assign(err, { message: `${err.message}\n${stdout}${stderr}` }));
        else resolve(stdout);
      });
    });
  }

  /** Starts a command in a namespace (stopped by destroy() if still running). */
  start(where: "server" | "client", cmd: string, args: string[]): ChildProcess & { output: () => string } {
    const child = spawn("ip", ["netns", "exec", where === "server" ? this.serverNs : this.clientNs, cmd, ...args], { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "1" } });
    let text = "";
    child.stdout!.on("data", (d: Buffer) => (text += d.toString()));
    child.stderr!.on("data", (d: Buffer) => (text += d.toString()));
    this.children.push(child);
    return Object.assign(child, { output: () => text });
  }

  /** `packetry -c CODE` in a namespace, from the sources (what a user types in the shell). */
  shell(where: "server" | "client", code: string): ChildProcess & { output: () => string } {
    return this.start(where, process.execPath, ["--import", "tsx", CLI, "-c", code]);
  }

  /** Waits until a child's output matches (or it ends, or `seconds` pass: then throws with the output). */
  static async printed(child: ChildProcess & { output: () => string }, pattern: RegExp, seconds = 30): Promise<void> {
    const end = Date.now() + seconds * 1000;
    while (!pattern.test(child.output())) {
      if (child.exitCode !== null || Date.now() > end) throw new Error(`never printed ${pattern}:\n${child.output()}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Waits for a child to end (killing it after `seconds`); resolves with its exit code. */
  static ended(child: ChildProcess, seconds = 20): Promise<number | null> {
    if (child.exitCode !== null) return Promise.resolve(child.exitCode);
    return new Promise((resolve) => {
      const timer = setTimeout(() => child.kill("SIGKILL"), seconds * 1000);
      child.once("close", (code) => {
        clearTimeout(timer);
        resolve(code);
      });
    });
  }

  destroy(): void {
    for (const c of this.children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGTERM");
    this.children = [];
    for (const ns of [this.clientNs, this.serverNs]) {
      try {
        run("ip", "netns", "del", ns);
      } catch {
        // not there
      }
    }
  }
}
