/** What the addon offers besides sockets: availability, libpcap's version, entering a network namespace. */
import { PacketryError } from "../core/errors.ts";
import { interfaces } from "./interfaces.ts";
import { loadNative, nativeAvailable } from "./native.ts";
import { arpCache, ndCache } from "./neighbor.ts";
import { dropSenders } from "./socket.ts";
import { routeTable, route6Table } from "./tables.ts";

export { nativeAvailable };

export function libpcapVersion(): string {
  return loadNative().libpcapVersion;
}

/**
 * Moves this process's main thread into a network namespace (a name from `ip netns` or a
 * path): sockets opened afterwards, and processes spawned, live there. For labs and tests.
 */
export function enterNetns(nameOrPath: string): void {
  const path = nameOrPath.includes("/") ? nameOrPath : `/run/netns/${nameOrPath}`;
  try {
    loadNative().enterNetns(path);
  } catch (e) {
    if (e instanceof PacketryError) throw e;
    throw new PacketryError(`Cannot enter network namespace ${nameOrPath}: ${(e as Error).message}`, (e as { code?: string }).code ?? "EINVAL");
  }
  // What was read in the old namespace is wrong here.
  interfaces(true);
  dropSenders();
  routeTable().resync();
  route6Table().resync();
  arpCache.clear();
  ndCache.clear();
}
