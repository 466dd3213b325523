/**
 * The workshop's iptables rule, for one connection: a TCP connection made from user space is
 * unknown to the kernel, which answers the peer's SYN-ACK with a RST. The rule drops the
 * kernel's RSTs for exactly this (source, destination, ports), in the network namespace this
 * process is in (the lab's client namespace, when packetry runs there), and is removed after.
 */
import { execFileSync } from "node:child_process";
import { PacketryError } from "../core/errors.ts";

export interface Connection {
  src: string;
  dst: string;
  sport: number;
  dport: number;
}

function rule(c: Connection): string[] {
  return ["OUTPUT", "-p", "tcp", "-s", c.src, "-d", c.dst, "--sport", String(c.sport), "--dport", String(c.dport), "--tcp-flags", "RST", "RST", "-j", "DROP"];
}

function iptables(args: string[]): void {
  try {
    execFileSync("iptables", ["-w", ...args], { stdio: ["ignore", "ignore", "pipe"] });
  } catch (e) {
    const err = e as { code?: string; stderr?: Buffer };
    if (err.code === "ENOENT") throw new PacketryError("Dropping the kernel's RSTs needs iptables (apt-get install iptables).", "ENOENT");
    throw new PacketryError(`iptables ${args.join(" ")} failed: ${err.stderr?.toString().trim() || String(e)}`, "EPERM");
  }
}

/** Removers of the rules still in place: the process takes them out as it exits, whatever the connections' state. */
const inPlace = new Set<() => void>();
let exitHook = false;

function removeAllAtExit(): void {
  for (const remove of [...inPlace]) {
    try {
      remove();
    } catch {
      // the namespace or iptables went away: nothing left to remove
    }
  }
}

/** Adds the rule; returns what removes it (once; later calls do nothing). It is also removed when the process exits. */
export function dropKernelResets(c: Connection): () => void {
  iptables(["-I", ...rule(c)]);
  let removed = false;
  const remove = () => {
    if (removed) return;
    removed = true;
    inPlace.delete(remove);
    if (inPlace.size === 0) {
      for (const [s, h] of watching) process.removeListener(s, h);
      watching.clear();
    }
    iptables(["-D", ...rule(c)]);
  };
  inPlace.add(remove);
  if (!exitHook) {
    exitHook = true;
    process.on("exit", removeAllAtExit);
  }
  watchSignals();
  return remove;
}

/** Signals that end the process without its exit event: while rules are in place and nobody else handles them, they remove the rules first, then end the process as the signal would have. */
const ENDING = ["SIGTERM", "SIGHUP"] as const;
const watching = new Map<string, () => void>();

function watchSignals(): void {
  for (const sig of ENDING) {
    if (watching.has(sig) || process.listenerCount(sig) > 0) continue;
    const onSignal = () => {
      removeAllAtExit();
      for (const [s, h] of watching) process.removeListener(s, h);
      watching.clear();
      process.kill(process.pid, sig);
    };
    watching.set(sig, onSignal);
    process.on(sig, onSignal);
  }
}

/** How many rules this process has in place (tests). */
export function kernelResetRulesInPlace(): number {
  return inPlace.size;
}

/** The command a user runs to add the same rule by hand (what the warning suggests). */
export function dropKernelResetsCommand(c: Connection): string {
  return `iptables -A ${rule(c).join(" ")}`;
}
