/**
 * Global settings, as Scapy's `conf`. Matching switches (checkIPaddr...) are read by layers;
 * the resolvers are filled in by the live part (routes, neighbour cache) and are empty in the
 * pure core, where defaults fall back to what Scapy does without a network.
 */
import type { Packet } from "./packet.ts";
import { registry, type LayerRef, type LayerSpec } from "./state.ts";

export interface Resolvers {
  /** Source IPv4 address the routing table picks toward dst. */
  sourceIPv4?(dst: string): string | null;
  sourceIPv6?(dst: string): string | null;
  /** Source MAC for an Ether frame (by the route of what it carries). */
  etherSource?(ether: Packet): string | null;
  /** Destination MAC for an Ether frame, from the neighbour cache (never blocks). */
  etherDestination?(ether: Packet): string | null;
  /** Resolves a host name to an IPv4 address, synchronously (Scapy resolves at construction). */
  hostnameIPv4?(name: string): string | null;
  hostnameIPv6?(name: string): string | null;
}

/** What conf.route and conf.route6 hold once the live part has loaded (Scapy's Route / Route6). */
export interface RoutingTable {
  /** [interface, source address, gateway or next hop] toward dst. */
  route(dst?: string): [iface: string, src: string, gateway: string];
  /** Reads the kernel's table again. */
  resync(): unknown;
  toString(): string;
}

/** What conf.manufdb answers (the tools install Wireshark's vendor table there). */
export interface MacVendors {
  /** The MAC with its vendor's short name for the first three bytes: `Cisco:11:22:33`. */
  resolveMAC(mac: string): string;
}

/** The fields shown resolved (Scapy's conf.resolve): a MAC field then shows its vendor. */
export class Resolve {
  private readonly fields = new Set<unknown>();
  add(...fields: unknown[]): void {
    for (const f of fields) this.fields.add(f);
  }
  remove(...fields: unknown[]): void {
    for (const f of fields) this.fields.delete(f);
  }
  has(field: unknown): boolean {
    return this.fields.has(field);
  }
  toString(): string {
    return `<Resolve [${[...this.fields].map((f) => (f as { name?: string }).name ?? String(f)).join(", ")}]>`;
  }
}

/** The layers packetry knows (Scapy's conf.layers); filter() limits dissection to some of them. */
export class LayersList {
  /** Only these layers are dissected as payloads (what follows is Raw); null: every layer. */
  filtered: ReadonlySet<LayerSpec> | null = null;

  /** Dissects only these layers from now on (Scapy's conf.layers.filter([Ether, IP])). */
  filter(layers: Iterable<LayerRef>): void {
    this.filtered = new Set([...layers].map((l) => l.spec));
  }

  /** Dissects every layer again. */
  unfilter(): void {
    this.filtered = null;
  }

  /** The layer classes, by name. */
  layers(): LayerRef[] {
    return [...registry.layers.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
  }

  toString(): string {
    return this.layers()
      .map((l) => `${l.name.padEnd(20)}: ${l.spec.displayName}`)
      .join("\n");
  }
}

/** The programs packetry starts (Scapy's conf.prog): names looked up on $PATH, or paths. */
export class ProgPath {
  display = "display";
  dot = "dot";
  hexedit = "hexer";
  ifconfig = "ifconfig";
  pdfreader = "xdg-open";
  psreader = "xdg-open";
  svgreader = "xdg-open";
  tcpdump = "tcpdump";
  tcpreplay = "tcpreplay";
  tshark = "tshark";
  universalOpen = "xdg-open";
  wireshark = "wireshark";

  /** Scapy's listing: `tcpdump    = 'tcpdump'`, by Scapy's names. */
  toString(): string {
    return Object.entries(this)
      .map(([k, v]) => [k.replace(/[A-Z]/g, (c) => "_" + c.toLowerCase()), v] as const)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, v]) => `${k.padEnd(10)} = '${v}'`)
      .join("\n");
  }
}

export interface Conf {
  /** Replies must come from the address the request went to (IP.hashret/answers). */
  checkIPaddr: boolean;
  /** Ports are part of the hash for TCP/UDP errors. */
  checkIPsrc: boolean;
  checkIPID: boolean;
  checkIPinIP: boolean;
  /** Verbosity of live functions: 0 silent, 1 summary lines, 2 progress marks. */
  verb: number;
  /** Keep trailing bytes as a Padding layer. */
  padding: boolean;
  /** Colours in text output when writing to a terminal. */
  color: boolean;
  /** Default interface for layer-2 operations (set by the live part to the default route's). */
  iface: string;
  /** Routing tables (set by the live part; null in the pure core). */
  route: RoutingTable | null;
  route6: RoutingTable | null;
  resolvers: Resolvers;
  /** Raise instead of returning Raw when a dissector fails (for debugging layers). */
  debugDissector: boolean;
  /** Seconds a neighbour cache entry lives. */
  netcacheTimeout: number;
  /** Seed of the random values (Rand*, fuzz): setting it restarts their sequence; null seeds at random. */
  randomSeed: number | string | null;
  /** The programs tcpdump(), tshark(), wireshark(), hexedit(), sendpfast()... start. */
  prog: ProgPath;
  /** MAC vendors (set by the tools: Wireshark's manuf data); null in the pure core. */
  manufdb: MacVendors | null;
  /** Fields whose values are shown resolved (MAC fields: with their vendor). */
  resolve: Resolve;
  /** The layers, and a filter on which ones dissection uses. */
  layers: LayersList;
  /** Captures open interfaces in promiscuous mode unless told otherwise (Scapy's conf.sniff_promisc). */
  sniffPromisc: boolean;
  /** Extra fields used by tools and the shell. */
  [key: string]: unknown;
}

/**
 * A conf property that an upper part computes or watches (the live part's interface and routes,
 * the random values' seed): it provides the property here rather than redefining it on conf,
 * which would turn conf into a dictionary object, slow to read on every packet dissected.
 */
export interface ConfProperty<T> {
  get(): T;
  set(value: T): void;
}

const stored = <T>(initial: T): ConfProperty<T> => {
  let value = initial;
  return { get: () => value, set: (v) => void (value = v) };
};

const provided = {
  iface: stored<string>("lo"),
  route: stored<RoutingTable | null>(null),
  route6: stored<RoutingTable | null>(null),
  randomSeed: stored<number | string | null>(null),
};

/** Makes conf.<name> read and set through `property` (the live part, the random generator). */
export function provideConfProperty<K extends keyof typeof provided>(name: K, property: (typeof provided)[K]): void {
  provided[name] = property;
}

export const conf = {
  checkIPaddr: true,
  checkIPsrc: true,
  checkIPID: false,
  checkIPinIP: true,
  verb: 2,
  padding: true,
  color: true,
  resolvers: {},
  debugDissector: false,
  netcacheTimeout: 120,
  prog: new ProgPath(),
  manufdb: null,
  resolve: new Resolve(),
  layers: new LayersList(),
  sniffPromisc: true,
} satisfies Partial<Conf> as unknown as Conf;

// Accessors added to the literal's object keep it a fast object (an object literal declaring
// them, or a data property redefined as one, is a dictionary: slower to read on every packet).
for (const name of Object.keys(provided) as Array<keyof typeof provided>) {
  Object.defineProperty(conf, name, {
    enumerable: true,
    configurable: false,
    get: () => provided[name].get(),
    set: (v: never) => provided[name].set(v),
  });
}
