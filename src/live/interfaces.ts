/**
 * Network interfaces of this namespace (name, index, MAC, flags, MTU, addresses). From the
 * addon (getifaddrs: sees every interface, up or down); without it, from /sys and
 * os.networkInterfaces() (which misses the addresses of interfaces that are not running).
 */
import { readdirSync, readFileSync } from "node:fs";
import { networkInterfaces } from "node:os";
import { loadNative, nativeAvailable, type NativeAddress } from "./native.ts";

export type InterfaceAddress = NativeAddress;

export interface NetInterface {
  name: string;
  index: number;
  /** "00:00:00:00:00:00" for loopback; "" when the link has no hardware address. */
  mac: string;
  /** ARPHRD_* link type (1 Ethernet, 772 loopback). */
  hwtype: number;
  /** IFF_* flags. */
  flags: number;
  mtu: number;
  addresses: InterfaceAddress[];
}

export const IFF = { UP: 0x1, BROADCAST: 0x2, LOOPBACK: 0x8, RUNNING: 0x40, PROMISC: 0x100, MULTICAST: 0x1000 } as const;

const CACHE_MS = 1000;
let cache: { at: number; list: NetInterface[] } | null = null;

/** Every interface, in kernel order (cached for a second; `refresh` reads again). */
export function interfaces(refresh = false): NetInterface[] {
  const now = Date.now();
  if (!refresh && cache && now - cache.at < CACHE_MS) return cache.list;
  const list = nativeAvailable() ? loadNative().interfaces() : fromSysfs();
  cache = { at: now, list };
  return list;
}

export function interfaceNames(): string[] {
  return interfaces(true).map((i) => i.name);
}

export function getInterface(name: string): NetInterface | undefined {
  return interfaces().find((i) => i.name === name) ?? interfaces(true).find((i) => i.name === name);
}

export function isLoopback(iface: NetInterface | string | undefined): boolean {
  const i = typeof iface === "string" ? getInterface(iface) : iface;
  return !!i && (i.flags & IFF.LOOPBACK) !== 0;
}

/** The interface's first IPv4 address, if any. */
export function ipv4Of(iface: NetInterface): InterfaceAddress | undefined {
  return iface.addresses.find((a) => a.family === "IPv4");
}

/** Reads what Linux shows in /sys; addresses only for running interfaces. */
function fromSysfs(): NetInterface[] {
  let names: string[];
  try {
    names = readdirSync("/sys/class/net");
  } catch {
    return [];
  }
  const os = networkInterfaces();
  const read = (name: string, file: string) => {
    try {
      return readFileSync(`/sys/class/net/${name}/${file}`, "utf8").trim();
    } catch {
      return "";
    }
  };
  return names
    .map((name) => ({
      name,
      index: Number(read(name, "ifindex")) || 0,
      mac: read(name, "address"),
      hwtype: Number(read(name, "type")) || 0,
      flags: parseInt(read(name, "flags") || "0", 16),
      mtu: Number(read(name, "mtu")) || 0,
      addresses: (os[name] ?? []).map((a) => ({
        family: a.family,
        address: a.address,
        netmask: a.netmask,
        prefixlen: Number(a.cidr?.split("/")[1] ?? 0),
        ...(a.family === "IPv6" ? { scopeid: a.scopeid ?? 0 } : {}),
      })),
    }))
    .sort((a, b) => a.index - b.index);
}
