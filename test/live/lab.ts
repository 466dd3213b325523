/**
 * Live tests run inside the lab's client namespace (lab/up.sh; pkt-client-ID, ID from the checkout's path): this process's main thread
 * enters it with setns, so every socket the test opens lives there. Without root, the addon or
 * the lab, `labSkip` says why and the tests skip.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { conf, enterNetns, nativeAvailable } from "../../src/index.ts";
import { findLab, LAB_ADDRESSES, labFor } from "../../src/lab/names.ts";
import { captureLiveOutput } from "../helpers.ts";

/** This checkout's lab (lab/env.sh names it after the checkout), else another checkout's that is up. */
const found = findLab(new URL("../..", import.meta.url).pathname.replace(/\/$/, ""));
const names = found ?? labFor(new URL("../..", import.meta.url).pathname.replace(/\/$/, ""));

export const LAB = {
  serverNs: names.serverNs,
  clientNs: names.clientNs,
  ...LAB_ADDRESSES,
} as const;

function why(): string | null {
  if (process.platform !== "linux") return "live tests need Linux";
  if (process.getuid?.() !== 0) return "live tests need root (network namespaces, raw sockets)";
  if (!nativeAvailable()) return "the libpcap addon is not built (apt-get install libpcap-dev; npm rebuild)";
  if (!existsSync(`/run/netns/${LAB.clientNs}`)) return `the lab is down (run: sudo npx packetry lab up, or sudo lab/up.sh)`;
  return null;
}

/** Why live tests cannot run here (false when they can: then this process is in the lab). */
export const labSkip: string | false = (() => {
  const reason = why();
  if (reason) {
    console.log(`# skipping live tests: ${reason}`);
    return reason;
  }
  if (found && !found.own) console.log(`# using the lab of ${found.checkout} (${LAB.clientNs}): this checkout's is down`);
  enterNetns(LAB.clientNs);
  conf.verb = 0;
  return false;
})();

/** Runs a command in the server namespace and returns its output. */
export function inServer(cmd: string, ...args: string[]): string {
  return execFileSync("ip", ["netns", "exec", LAB.serverNs, cmd, ...args], { encoding: "utf8" });
}

/** MAC address of an interface in a namespace. */
export function macOf(ns: string, iface: string): string {
  const out = JSON.parse(execFileSync("ip", ["-n", ns, "-j", "link", "show", iface], { encoding: "utf8" })) as Array<{ address: string }>;
  return out[0]!.address;
}

/** Captures the progress text live functions print while `fn` runs. */
export const captureStdout = captureLiveOutput;

/** Waits until `done()` holds (polling), at most `seconds`. */
export async function waitFor(done: () => boolean, seconds = 3): Promise<void> {
  const end = Date.now() + seconds * 1000;
  while (!done() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
}
