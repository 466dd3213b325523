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

/** Adds the rule; returns what removes it. */
export function dropKernelResets(c: Connection): () => void {
  iptables(["-I", ...rule(c)]);
  let removed = false;
  return () => {
    if (removed) return;
    removed = true;
    iptables(["-D", ...rule(c)]);
  };
}

/** The command a user runs to add the same rule by hand (what the warning suggests). */
export function dropKernelResetsCommand(c: Connection): string {
  return `iptables -A ${rule(c).join(" ")}`;
}
