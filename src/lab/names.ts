/**
 * The lab's names, one lab per checkout: several checkouts (or installs) on one machine each get
 * their own namespaces and state folder, named with a short id derived from the checkout's
 * path, so one's `lab up`/`lab down` never touches another's. lab/env.sh derives the same names
 * (sha256 of the real path, first 6 hex digits); PACKETRY_LAB_ID overrides the id.
 * Addresses are the same in every lab: they live only inside its namespaces.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, realpathSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export interface LabNames {
  id: string;
  /** The checkout (or installed package) whose lab/ scripts run it. */
  checkout: string;
  serverNs: string;
  clientNs: string;
  /** pid files, dnsmasq's leases and logs, nginx's config. */
  state: string;
}

/** The lab's fixed addresses and interfaces (mirrored in lab/env.sh and lab/README.md). */
export const LAB_ADDRESSES = {
  server: "10.77.0.1",
  client: "10.77.0.2",
  server6: "fd77::1",
  client6: "fd77::2",
  /** Nobody answers ARP for it. */
  silent: "10.77.0.99",
  zone: "lab.test",
  /** cli0 has the static addresses and the default route; cli1 has none (for DHCP). */
  iface: "cli0",
  dhcpIface: "cli1",
  /** The server's side: the bridge dnsmasq and nginx listen on. */
  serverIface: "br0",
} as const;

/** This package's folder (src/lab and dist/lab are two levels below it; so is dist/cjs). */
export const packageRoot: string = fileURLToPath(new URL("../../", import.meta.url)).replace(/\/$/, "");

/** The short id of a checkout: the first 6 hex digits of the sha256 of its real path. */
export function labId(checkout: string): string {
  let path = checkout;
  try {
    path = realpathSync(checkout);
  } catch {
    // A path that does not exist yet still gets an id.
  }
  return createHash("sha256").update(path).digest("hex").slice(0, 6);
}

export function namesFor(id: string, checkout: string): LabNames {
  return { id, checkout, serverNs: `pkt-server-${id}`, clientNs: `pkt-client-${id}`, state: `/run/packetry-lab-${id}` };
}

/** The lab of a checkout (PACKETRY_LAB_ID, when set, names it instead). */
export function labFor(checkout: string = packageRoot, env: NodeJS.ProcessEnv = process.env): LabNames {
  return namesFor(env.PACKETRY_LAB_ID || labId(checkout), checkout);
}

/** Labs that are up on this machine, any checkout's: their id and the checkout recorded by up.sh. */
export function runningLabs(): Array<{ id: string; checkout: string | null }> {
  let entries: string[] = [];
  try {
    entries = readdirSync("/run/netns");
  } catch {
    return [];
  }
  return entries
    .map((n) => /^pkt-client-([0-9a-z]+)$/.exec(n)?.[1])
    .filter((id): id is string => !!id && entries.includes(`pkt-server-${id}`))
    .sort()
    .map((id) => {
      const owner = join(`/run/packetry-lab-${id}`, "checkout");
      return { id, checkout: existsSync(owner) ? readFileSync(owner, "utf8").trim() : null };
    });
}

/**
 * The lab a test or a benchmark of this checkout uses: its own when it is up (or the one
 * PACKETRY_LAB_ID names), else another checkout's that is up (tests only use a lab, they never
 * bring one up or down), else null. `own` says which.
 */
export function findLab(checkout: string = packageRoot, env: NodeJS.ProcessEnv = process.env): (LabNames & { own: boolean }) | null {
  const mine = labFor(checkout, env);
  if (existsSync(`/run/netns/${mine.clientNs}`)) return { ...mine, own: true };
  if (env.PACKETRY_LAB_ID) return null;
  const other = runningLabs()[0];
  if (other) return { ...namesFor(other.id, other.checkout ?? "(unknown checkout)"), own: false };
  return null;
}
