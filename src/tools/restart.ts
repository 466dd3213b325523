/** restart(): packetry starts again, as it was started (Scapy's restart), and this one ends with its status. */
import { spawnSync } from "node:child_process";

/**
 * Runs this program again with the same arguments on the same terminal, and exits with its
 * status once it ends: a fresh shell, with everything loaded anew.
 */
export function restart(): never {
  const r = spawnSync(process.execPath, [...process.execArgv, ...process.argv.slice(1)], { stdio: "inherit", env: process.env });
  if (r.error) throw r.error;
  process.exit(r.status ?? 1);
}
