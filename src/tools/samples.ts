/** The captures packetry ships in samples/ (the workshop's ARP, DHCP, DNS and HTTP), for examples and the workshop. */
import { existsSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** samples/ beside dist/ and src/: both are one folder deeper than this file's folder. */
const folder = fileURLToPath(new URL("../../samples/", import.meta.url));

/**
 * The path of a capture shipped in packetry's samples/ folder, wherever the package is installed:
 * `rdpcap(samplePath("dhcp.pcap"))`. With no name, the folder. A name that is not there is an
 * error listing the ones that are.
 */
export function samplePath(name?: string): string {
  if (name === undefined) return folder;
  if (name.includes("/") || name.includes("\\") || !existsSync(folder + name)) {
    const names = existsSync(folder) ? readdirSync(folder).sort().join(", ") : "none (samples/ is missing)";
    throw new Error(`No sample named ${JSON.stringify(name)}: the samples are ${names}`);
  }
  return folder + name;
}
