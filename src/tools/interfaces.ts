/**
 * Interfaces as Scapy shows them: NetworkInterface objects (name, index, MAC, flags, addresses;
 * written as their name), conf.ifaces (all of them, printed as a table) and show_interfaces().
 */
import { conf } from "../core/conf.ts";
import { IFF, interfaces, type NetInterface } from "../live/interfaces.ts";
import { formatTable } from "../live/table.ts";
import { printLine } from "../render/color.ts";

const FLAG_NAMES: Array<[number, string]> = [
  [IFF.UP, "UP"],
  [IFF.BROADCAST, "BROADCAST"],
  [IFF.LOOPBACK, "LOOPBACK"],
  [IFF.RUNNING, "RUNNING"],
  [IFF.PROMISC, "PROMISC"],
  [IFF.MULTICAST, "MULTICAST"],
];

/** One interface (Scapy's NetworkInterface): written as its name, so it goes where a name goes. */
export class NetworkInterface {
  readonly name: string;
  readonly index: number;
  readonly mac: string;
  readonly flags: number;
  readonly mtu: number;
  /** Addresses by family: 4 → ["10.77.0.2"], 6 → ["fd77::2", "fe80::..."]. */
  readonly ips: ReadonlyMap<4 | 6, string[]>;

  constructor(i: NetInterface) {
    this.name = i.name;
    this.index = i.index;
    this.mac = i.mac;
    this.flags = i.flags;
    this.mtu = i.mtu;
    const of = (family: string) => i.addresses.filter((a) => a.family === family).map((a) => a.address.split("%")[0]!);
    this.ips = new Map([
      [4, of("IPv4")],
      [6, of("IPv6")],
    ]);
  }

  /** The first IPv4 address (Scapy's .ip), or null. */
  get ip(): string | null {
    return this.ips.get(4)![0] ?? null;
  }

  get description(): string {
    return this.name;
  }

  /** The IFF_* flags by name: "UP+LOOPBACK+RUNNING". */
  flagNames(): string {
    return FLAG_NAMES.filter(([bit]) => this.flags & bit).map(([, n]) => n).join("+");
  }

  /** Scapy's repr: `<NetworkInterface lo [UP+LOOPBACK+RUNNING]>`. */
  repr(): string {
    return `<NetworkInterface ${this.name} [${this.flagNames()}]>`;
  }

  toString(): string {
    return this.name;
  }

  [Symbol.toPrimitive](): string {
    return this.name;
  }
}

/** Every interface of this namespace (Scapy's conf.ifaces): printed as show_interfaces() prints them. */
export class NetworkInterfaceDict {
  /** The interfaces that are up, in kernel order (as Scapy lists them). */
  values(): NetworkInterface[] {
    return interfaces(true)
      .filter((i) => i.flags & IFF.UP)
      .map((i) => new NetworkInterface(i));
  }

  /** The interface of that name (Scapy's dev_from_name). */
  devFromName(name: string): NetworkInterface {
    const i = this.values().find((x) => x.name === String(name));
    if (!i) throw new Error(`Unknown network interface ${JSON.stringify(String(name))} (interfaces: ${this.values().map((x) => x.name).join(", ")})`);
    return i;
  }

  /** The interface of that index (Scapy's dev_from_index). */
  devFromIndex(index: number): NetworkInterface {
    const i = this.values().find((x) => x.index === index);
    if (!i) throw new Error(`Unknown network interface index ${index}`);
    return i;
  }

  toString(): string {
    return formatTable(
      ["Source", "Index", "Name", "MAC", "IPv4", "IPv6"],
      this.values().map((i) => ["sys", String(i.index), i.name, i.mac, i.ips.get(4)![0] ?? "", i.ips.get(6)![0] ?? ""]),
    );
  }
}

export const ifaces = new NetworkInterfaceDict();

/** Prints the interfaces: index, name, MAC, first IPv4 and IPv6 address (Scapy's show_interfaces). */
export function showInterfaces(): void {
  printLine(String(conf.ifaces ?? ifaces));
}
