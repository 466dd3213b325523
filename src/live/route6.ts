/**
 * The kernel's IPv6 routing table, as Scapy's conf.route6: rows from /proc/net/ipv6_route
 * (every table, so our own addresses route via their /128 entries), `route(dst)` →
 * [iface, source, next hop] by longest prefix then lowest metric. Sources are picked among the
 * interface's addresses: link-local for link-local and link-scoped multicast destinations,
 * else global ones sharing the longest prefix with the destination.
 */
import { readFileSync } from "node:fs";
import { formatIPv6, parseIPv6 } from "../core/addr.ts";
import { interfaces, isLoopback } from "./interfaces.ts";
import { formatTable } from "./table.ts";

export interface Route6 {
  net: Uint8Array;
  prefixlen: number;
  nexthop: string;
  iface: string;
  metric: number;
  /** Source for a local address: the address itself. */
  src?: string;
}

export type Route6Result = [iface: string, src: string, nexthop: string];

const RTF_UP = 0x1;
const RTF_REJECT = 0x200;
/** The kernel's local table: our own addresses. Packets to them go through loopback. */
const RTF_LOCAL = 0x80000000;
const REFRESH_MS = 1000;

function commonPrefix(a: Uint8Array, b: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < 16; i++) {
    const x = a[i]! ^ b[i]!;
    if (x === 0) {
      n += 8;
      continue;
    }
    return n + Math.clz32(x) - 24;
  }
  return n;
}

function loopbackName(): string {
  return interfaces().find((i) => isLoopback(i))?.name ?? "lo";
}

const isLinkLocal = (b: Uint8Array) => b[0] === 0xfe && (b[1]! & 0xc0) === 0x80;
const isLinkScopedMulticast = (b: Uint8Array) => b[0] === 0xff && (b[1]! & 0x0f) <= 2;

/** Candidate sources on `iface` for `dst`, best first. */
export function sourceCandidates6(iface: string, dst: Uint8Array): string[] {
  const i = interfaces().find((x) => x.name === iface);
  if (!i) return [];
  const wantLinkLocal = isLinkLocal(dst) || isLinkScopedMulticast(dst);
  const all = i.addresses.filter((a) => a.family === "IPv6").map((a) => ({ text: a.address.split("%")[0]!, bytes: parseIPv6(a.address.split("%")[0]!)! }));
  const scoped = all.filter((a) => (a.text === "::1" ? true : isLinkLocal(a.bytes) === wantLinkLocal));
  return scoped.sort((a, b) => commonPrefix(b.bytes, dst) - commonPrefix(a.bytes, dst)).map((a) => a.text);
}

export function readKernelRoutes6(text?: string): Route6[] {
  let content = text;
  if (content === undefined) {
    try {
      content = readFileSync("/proc/net/ipv6_route", "utf8");
    } catch {
      content = "";
    }
  }
  const hexAddr = (h: string) => Uint8Array.from(h.match(/../g) ?? [], (x) => parseInt(x, 16));
  const rows: Route6[] = [];
  for (const line of content.split("\n")) {
    const f = line.trim().split(/\s+/);
    if (f.length < 10) continue;
    const flags = parseInt(f[8]!, 16);
    if (!(flags & RTF_UP) || flags & RTF_REJECT) continue;
    const net = hexAddr(f[0]!);
    const local = (flags & RTF_LOCAL) !== 0 && f[1] === "80";
    rows.push({ net, prefixlen: parseInt(f[1]!, 16), nexthop: formatIPv6(hexAddr(f[4]!), 0), iface: local ? loopbackName() : f[9]!, metric: parseInt(f[5]!, 16), ...(local ? { src: formatIPv6(net, 0) } : {}) });
  }
  return rows;
}

/** A network as text ("2001:db8::/32", an address alone is /128) as bytes and prefix length. */
function network6(text: string): [Uint8Array, number] {
  const [a, b] = text.split("/");
  const addr = parseIPv6(a!);
  const bits = b === undefined ? 128 : Number(b);
  if (!addr || !(bits >= 0 && bits <= 128)) throw new TypeError(`not an IPv6 network: ${JSON.stringify(text)}`);
  for (let i = 0; i < 16; i++) addr[i]! &= i * 8 >= bits ? 0 : i * 8 + 8 <= bits ? 0xff : (0xff << (8 - (bits - i * 8))) & 0xff;
  return [addr, bits];
}

export class Route6Table {
  routes: Route6[] = [];
  private loadedAt = 0;
  /** Routes were added or deleted: the table no longer follows the kernel until resync(). */
  private edited = false;
  private cache = new Map<string, Route6Result>();

  /** Reads the kernel's table again (Scapy's conf.route6.resync()); forgets edits. */
  resync(): this {
    this.routes = readKernelRoutes6();
    this.loadedAt = Date.now();
    this.edited = false;
    this.cache.clear();
    return this;
  }

  private fresh(): void {
    if (!this.edited && Date.now() - this.loadedAt > REFRESH_MS) this.resync();
  }

  /**
   * Adds a route (Scapy's conf.route6.add(dst="2001:db8::/32", gw="fd77::1", dev="cli0")): the
   * interface defaults to the one toward gw, the next hop to none (on the link).
   */
  add(spec: string | { dst?: string; gw?: string; dev?: string; metric?: number } = {}): this {
    const s = typeof spec === "string" ? { dst: spec } : spec;
    this.fresh();
    const [net, prefixlen] = network6(s.dst ?? "::/0");
    const nexthop = s.gw ?? "::";
    if (!parseIPv6(nexthop)) throw new TypeError(`not an IPv6 address: ${JSON.stringify(nexthop)}`);
    const iface = s.dev ?? (s.gw ? this.route(s.gw)[0] : loopbackName());
    this.routes.push({ net, prefixlen, nexthop: formatIPv6(parseIPv6(nexthop)!, 0), iface, metric: s.metric ?? 1 });
    this.edited = true;
    this.cache.clear();
    return this;
  }

  /** Removes the routes to dst (only those through gw when given). */
  delete(spec: string | { dst?: string; gw?: string } = {}): this {
    const s = typeof spec === "string" ? { dst: spec } : spec;
    this.fresh();
    const [net, prefixlen] = network6(s.dst ?? "::/0");
    const gw = s.gw === undefined ? null : formatIPv6(parseIPv6(s.gw) ?? new Uint8Array(16), 0);
    const before = this.routes.length;
    this.routes = this.routes.filter((r) => r.prefixlen !== prefixlen || commonPrefix(r.net, net) < prefixlen || (gw !== null && r.nexthop !== gw));
    if (this.routes.length === before) throw new Error(`conf.route6.delete(): no route to ${s.dst ?? "::/0"}${gw ? ` via ${gw}` : ""}`);
    this.edited = true;
    this.cache.clear();
    return this;
  }

  /** [iface, source, next hop] toward dst ("::" next hop: on the link). */
  route(dst: string = "::", defaultIface?: string): Route6Result {
    this.fresh();
    const key = dst.split("/")[0]!;
    const hit = this.cache.get(key);
    if (hit) return hit;
    const d = parseIPv6(key) ?? new Uint8Array(16);
    let result: Route6Result;
    if (isLinkScopedMulticast(d) || (isLinkLocal(d) && defaultIface)) {
      // Link-scoped destinations carry no route: Scapy sends them on conf.iface.
      const iface = defaultIface ?? "lo";
      result = [iface, sourceCandidates6(iface, d)[0] ?? "::", "::"];
    } else {
      let best: Route6 | null = null;
      for (const r of this.routes) {
        if (commonPrefix(r.net, d) < r.prefixlen) continue;
        if (!best || r.prefixlen > best.prefixlen || (r.prefixlen === best.prefixlen && r.metric < best.metric)) best = r;
      }
      result = best ? [best.iface, best.src ?? sourceCandidates6(best.iface, d)[0] ?? "::", best.nexthop] : [loopbackName(), "::", "::"];
    }
    this.cache.set(key, result);
    return result;
  }

  toString(): string {
    this.fresh();
    const rows: string[][] = [];
    for (const r of this.routes) {
      const cands = r.src ? [r.src] : sourceCandidates6(r.iface, r.net);
      rows.push([`${formatIPv6(r.net, 0)}/${r.prefixlen}`, r.nexthop, r.iface, cands[0] ?? "", String(r.metric)]);
      for (const c of cands.slice(1)) rows.push(["", "", "", c, ""]);
    }
    return formatTable(["Destination", "Next Hop", "Iface", "Src candidates", "Metric"], rows);
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}
