/**
 * explore(): the layers of a protocol family, as Scapy's explore("dns") lists a module's packets
 * (a table of class names and Scapy's display names). Without a family, the families.
 */
import { strictOptions } from "../core/options.ts";
import { registry, type LayerRef } from "../core/state.ts";
import * as dhcp from "../layers/dhcp.ts";
import * as dns from "../layers/dns.ts";
import * as dnsRecords from "../layers/dnsRecords.ts";
import * as http from "../layers/http.ts";
import * as icmpv6 from "../layers/icmpv6.ts";
import * as icmpv6Nd from "../layers/icmpv6Nd.ts";
import * as inet from "../layers/inet.ts";
import * as inet6 from "../layers/inet6.ts";
import * as ipOptions from "../layers/ipOptions.ts";
import * as ipv6Options from "../layers/ipv6Options.ts";
import * as l2 from "../layers/l2.ts";
import * as loopback from "../layers/loopback.ts";
import * as ndOptions from "../layers/ndOptions.ts";
import * as tcpOptions from "../layers/tcpOptions.ts";
import { printLine } from "../render/color.ts";

/** The families, named as Scapy's modules (scapy.layers.dns...), and the files that declare them. */
const FAMILIES: Record<string, object[]> = {
  l2: [l2, loopback],
  inet: [inet, ipOptions, tcpOptions],
  inet6: [inet6, icmpv6, icmpv6Nd, ndOptions, ipv6Options],
  dns: [dns, dnsRecords],
  dhcp: [dhcp],
  http: [http],
};

function isLayer(x: unknown): x is LayerRef {
  return typeof x === "function" && "spec" in x && registry.layers.get((x as LayerRef).name) === x;
}

/** Each family's layers; layers no family names (added by later modules or by users) are "other". */
export function layerFamilies(): Map<string, LayerRef[]> {
  const families = new Map<string, LayerRef[]>();
  const seen = new Set<LayerRef>();
  for (const [name, modules] of Object.entries(FAMILIES)) {
    const layers = [...new Set(modules.flatMap((m) => Object.values(m).filter(isLayer)))].filter((l) => !seen.has(l));
    for (const l of layers) seen.add(l);
    families.set(name, layers.sort((a, b) => (a.name < b.name ? -1 : 1)));
  }
  const other = [...registry.layers.values()].filter((l) => !seen.has(l) && l.name !== "NoPayload");
  if (other.length) families.set("other", other.sort((a, b) => (a.name < b.name ? -1 : 1)));
  return families;
}

function table(rows: Array<[string, string]>, headers: [string, string]): string {
  const w0 = Math.max(headers[0].length, ...rows.map((r) => r[0].length));
  const w1 = Math.max(headers[1].length, ...rows.map((r) => r[1].length));
  const line = ([a, b]: [string, string]) => `${a.padEnd(w0)}|${b}`.trimEnd();
  return [line(headers), `${"-".repeat(w0)}|${"-".repeat(w1)}`, ...rows.map(line)].join("\n");
}

const check = strictOptions<{ dump?: boolean }>("explore", { dump: true });

/**
 * Lists the layers of a family (`explore("dns")`; a layer class names its family), as Scapy's
 * explore(); without one, the families and how many layers each has. {dump: true} returns the text.
 */
export function explore(layer?: string | LayerRef | null, options: { dump?: boolean } = {}): string | undefined {
  check(options);
  const families = layerFamilies();
  let text: string;
  if (layer === undefined || layer === null) {
    const rows = [...families].map(([name, ls]): [string, string] => [name, `${ls.length} layers: ${ls.slice(0, 4).map((l) => l.name).join(", ")}${ls.length > 4 ? ", ..." : ""}`]);
    text = `Layer families (explore("dns") lists one):\n${table(rows, ["Family", "Layers"])}`;
  } else {
    const name = typeof layer === "string" ? layer.replace(/^(scapy\.)?(layers|contrib)\./, "") : [...families].find(([, ls]) => ls.includes(layer))?.[0];
    const members = name === undefined ? undefined : families.get(name);
    if (!members) throw new TypeError(`explore(): no layer family ${JSON.stringify(typeof layer === "string" ? layer : layer.name)} (families: ${[...families.keys()].join(", ")})`);
    text = `Packets contained in ${name}:\n${table(members.map((l) => [l.name, l.spec.displayName]), ["Class", "Name"])}`;
  }
  if (options.dump) return text;
  printLine(text);
  return undefined;
}
