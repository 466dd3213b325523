/**
 * Connects the pure core to this machine: conf.iface (the default route's interface),
 * conf.route / conf.route6, and conf.resolvers (source addresses from routes, Ether source from
 * the interface's MAC, Ether destination from the neighbour cache, host names). Nothing is read
 * until first used, and nothing here needs the addon or root.
 *
 * Host names resolve synchronously, as Scapy does when a packet is made (`IP({dst: "www.lab.test"})`):
 * through the system resolver (`getent`, so /etc/hosts, nsswitch and DNS all apply), cached for
 * conf.netcacheTimeout seconds. A blocking call of a few milliseconds at construction is the
 * price of Scapy's synchronous constructors; async code can resolve first with node:dns.
 */
import { execFileSync } from "node:child_process";
import { conf, provideConfProperty, type Resolvers } from "../core/conf.ts";
import type { Packet } from "../core/packet.ts";
import { getInterface, interfaces, IFF, isLoopback } from "./interfaces.ts";
import { BROADCAST_MAC, knownMacFor } from "./neighbor.ts";
import { routeTable, route6Table } from "./tables.ts";

/** The interface of the default route; else the first interface that is up and not loopback; else lo. */
export function defaultInterface(): string {
  const [iface, , gw] = routeTable().route("0.0.0.0");
  if (gw !== "0.0.0.0" || !isLoopback(iface)) return iface;
  const up = interfaces().find((i) => i.flags & IFF.UP && !(i.flags & IFF.LOOPBACK));
  return up?.name ?? iface;
}

/** The layer that says where a frame goes: the Ether's payload, or the layer itself. */
function l3Of(p: Packet): Packet | null {
  return p.spec.name === "Ether" || p.spec.name === "Dot3" ? p.payload : p;
}

/** Destination address of an IP, IPv6 or ARP layer, if it is one. */
function destinationOf(l3: Packet | null): string | null {
  if (!l3) return null;
  const name = l3.spec.name;
  if (name === "IP" || name === "IPv6") return l3.getFieldValue("dst") as string;
  if (name === "ARP") {
    const pdst = l3.getFieldValue("pdst");
    return typeof pdst === "string" ? pdst : null;
  }
  return null;
}

function ifaceToward(dst: string | null): string {
  if (!dst) return conf.iface;
  return dst.includes(":") ? route6Table().route(dst, conf.iface)[0] : routeTable().route(dst)[0];
}

function macOf(iface: string): string | null {
  const i = getInterface(iface);
  return i && i.mac ? i.mac : null;
}

const names = new Map<string, { address: string | null; expires: number }>();

/** Resolves a host name with the system resolver; null when it has no such address. */
export function resolveHostname(name: string, family: 4 | 6): string | null {
  const key = `${family} ${name}`;
  const hit = names.get(key);
  if (hit && Date.now() < hit.expires) return hit.address;
  let address: string | null = null;
  try {
    const out = execFileSync("getent", [family === 4 ? "ahostsv4" : "ahostsv6", name], { encoding: "utf8", timeout: 10_000, stdio: ["ignore", "pipe", "ignore"] });
    address = out.split("\n")[0]?.split(/\s+/)[0] || null;
  } catch {
    address = null;
  }
  names.set(key, { address, expires: Date.now() + conf.netcacheTimeout * 1000 });
  return address;
}

export const liveResolvers: Required<Resolvers> = {
  sourceIPv4(dst) {
    const src = routeTable().route(dst)[1];
    return src === "0.0.0.0" ? null : src;
  },
  sourceIPv6(dst) {
    const src = route6Table().route(dst, conf.iface)[1];
    return src === "::" ? null : src;
  },
  etherSource(p) {
    return macOf(ifaceToward(destinationOf(l3Of(p))));
  },
  etherDestination(ether) {
    const l3 = l3Of(ether);
    const dst = destinationOf(l3);
    if (!dst) return null;
    // Scapy: an ARP who-has goes to its target's MAC when known, else to everyone.
    return knownMacFor(dst) ?? (l3?.spec.name === "ARP" ? BROADCAST_MAC : null);
  },
  hostnameIPv4: (name) => resolveHostname(name, 4),
  hostnameIPv6: (name) => resolveHostname(name, 6),
};

let installed = false;

/** Fills conf.resolvers and makes conf.iface, conf.route and conf.route6 follow the kernel (until set). */
export function installLiveConf(): void {
  if (installed) return;
  installed = true;
  Object.assign(conf.resolvers, liveResolvers);
  let iface: string | null = null;
  provideConfProperty("iface", {
    get: () => iface ?? defaultInterface(),
    set: (v: string | null) => {
      iface = v;
    },
  });
  const readOnly = (name: string) => () => {
    throw new TypeError(`conf.${name} is the kernel's table: edit it with conf.${name}.add() / .delete(), or read it again with .resync()`);
  };
  provideConfProperty("route", { get: routeTable, set: readOnly("route") });
  provideConfProperty("route6", { get: route6Table, set: readOnly("route6") });
}
