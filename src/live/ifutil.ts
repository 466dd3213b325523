/** Scapy's small interface helpers: get_if_list, get_if_hwaddr, get_if_addr, get_if_addr6. */
import { PacketryError } from "../core/errors.ts";
import { getInterface, interfaces, ipv4Of } from "./interfaces.ts";

function need(iface: string) {
  const i = getInterface(iface);
  if (!i) throw new PacketryError(`No such interface: ${JSON.stringify(iface)} (interfaces here: ${interfaces(true).map((x) => x.name).join(", ")}).`, "ENODEV");
  return i;
}

export function getIfList(): string[] {
  return interfaces(true).map((i) => i.name);
}

export function getIfHwaddr(iface: string): string {
  return need(iface).mac;
}

/** The interface's IPv4 address ("0.0.0.0" when it has none, as Scapy). */
export function getIfAddr(iface: string): string {
  return ipv4Of(need(iface))?.address ?? "0.0.0.0";
}

/** The interface's first global IPv6 address, if any. */
export function getIfAddr6(iface: string): string | undefined {
  return need(iface).addresses.find((a) => a.family === "IPv6" && !/^fe[89ab]/i.test(a.address))?.address;
}
