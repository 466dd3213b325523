/**
 * The kernel's IPv4 routing table, as Scapy's conf.route: rows from /proc/net/route plus the
 * loopback network, `route(dst)` → [iface, source, gateway] by longest prefix then lowest
 * metric, a destination that is one of our own addresses going out on `lo`. The table follows
 * the kernel (read again when a second old) until it is edited with add()/delete().
 */
import { readFileSync } from "node:fs";
import { ipv4FromNumber, parseIPv4 } from "../core/addr.ts";
import { interfaces, ipv4Of, isLoopback } from "./interfaces.ts";
import { formatTable } from "./table.ts";

export interface Route4 {
  /** Network, netmask and gateway as numbers (host order), for matching. */
  net: number;
  mask: number;
  gw: number;
  iface: string;
  /** The address packets on this route leave from ("Output IP"). */
  src: string;
  metric: number;
}

/** [interface, source address, gateway] ("0.0.0.0" when the destination is on the link). */
export type RouteResult = [iface: string, src: string, gateway: string];

const RTF_UP = 0x1;
const RTF_REJECT = 0x200;
const REFRESH_MS = 1000;

const maskOf = (bits: number) => (bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0);
/** /proc/net/route prints addresses as little-endian hex words. */
const fromProcHex = (h: string) => {
  const n = parseInt(h, 16) >>> 0;
  return (((n & 0xff) << 24) | ((n >>> 8 & 0xff) << 16) | ((n >>> 16 & 0xff) << 8) | (n >>> 24)) >>> 0;
};

function loopbackName(): string {
  return interfaces().find((i) => isLoopback(i))?.name ?? "lo";
}

/** The address an interface sends from toward `net/mask`: one inside that network, else its first. */
function sourceFor(iface: string, net: number, mask: number): string {
  const i = interfaces().find((x) => x.name === iface);
  if (!i) return "0.0.0.0";
  const v4 = i.addresses.filter((a) => a.family === "IPv4");
  const inside = v4.find((a) => ((parseIPv4(a.address) & mask) >>> 0) === net);
  return (inside ?? v4[0])?.address ?? "0.0.0.0";
}

/** Reads the kernel's main IPv4 table. */
export function readKernelRoutes(text?: string): Route4[] {
  let content = text;
  if (content === undefined) {
    try {
      content = readFileSync("/proc/net/route", "utf8");
    } catch {
      content = "";
    }
  }
  const rows: Route4[] = [];
  for (const line of content.split("\n").slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 8) continue;
    const flags = parseInt(f[3]!, 16);
    if (!(flags & RTF_UP) || flags & RTF_REJECT) continue;
    const net = fromProcHex(f[1]!);
    const mask = fromProcHex(f[7]!);
    rows.push({ net, mask, gw: fromProcHex(f[2]!), iface: f[0]!, src: sourceFor(f[0]!, net, mask), metric: Number(f[6]) || 0 });
  }
  const lo = loopbackName();
  const loAddr = interfaces().find((i) => i.name === lo);
  rows.push({ net: 0x7f000000, mask: 0xff000000, gw: 0, iface: lo, src: (loAddr && ipv4Of(loAddr)?.address) || "127.0.0.1", metric: 1 });
  return rows;
}

export class RouteTable {
  routes: Route4[] = [];
  private loadedAt = 0;
  private edited = false;
  private cache = new Map<string, RouteResult>();

  /** A table of these rows that does not follow the kernel (for tests and what-ifs). */
  static of(routes: Route4[]): RouteTable {
    const t = new RouteTable();
    t.routes = routes;
    t.loadedAt = Date.now();
    t.edited = true;
    return t;
  }

  /** Reads the kernel's table again (Scapy's conf.route.resync()); forgets edits. */
  resync(): this {
    this.routes = readKernelRoutes();
    this.loadedAt = Date.now();
    this.edited = false;
    this.cache.clear();
    return this;
  }

  private fresh(): void {
    if (!this.edited && Date.now() - this.loadedAt > REFRESH_MS) this.resync();
  }

  /** Adds a route: {net: "10.1.0.0/16" | host: "10.1.2.3", gw?, dev?, metric?}. */
  add(spec: { net?: string; host?: string; gw?: string; dev?: string; metric?: number } = {}): this {
    this.fresh();
    const [addr, bits] = spec.host ? [spec.host, 32] : (() => {
      const [a, b] = (spec.net ?? "0.0.0.0/0").split("/");
      return [a!, b === undefined ? 32 : Number(b)];
    })();
    const mask = maskOf(bits);
    const net = (parseIPv4(addr) & mask) >>> 0;
    const gw = spec.gw ? parseIPv4(spec.gw) >>> 0 : 0;
    const iface = spec.dev ?? (gw ? this.route(ipv4FromNumber(gw))[0] : loopbackName());
    this.routes.push({ net, mask, gw, iface, src: sourceFor(iface, net, mask), metric: spec.metric ?? 1 });
    this.edited = true;
    this.cache.clear();
    return this;
  }

  /** Removes the routes to a network ("10.1.0.0/16") or host (only those through gw, on dev, when given). */
  delete(spec: { net?: string; host?: string; gw?: string; dev?: string } = {}): this {
    this.fresh();
    const [a, b] = (spec.host ?? spec.net ?? "").split("/");
    const mask = maskOf(spec.host ? 32 : b === undefined ? 32 : Number(b));
    const net = (parseIPv4(a!) & mask) >>> 0;
    const gw = spec.gw === undefined ? null : parseIPv4(spec.gw) >>> 0;
    this.routes = this.routes.filter((r) => r.net !== net || r.mask !== mask || (gw !== null && r.gw !== gw) || (spec.dev !== undefined && r.iface !== spec.dev));
    this.edited = true;
    this.cache.clear();
    return this;
  }

  /** [iface, source, gateway] toward dst: longest prefix, then lowest metric; our own addresses via lo. */
  route(dst: string = "0.0.0.0"): RouteResult {
    this.fresh();
    const key = dst.split("/")[0]!;
    const hit = this.cache.get(key);
    if (hit) return hit;
    const d = parseIPv4(key) >>> 0;
    let best: Route4 | null = null;
    let local: Route4 | null = null;
    for (const r of this.routes) {
      if (r.src !== "0.0.0.0" && parseIPv4(r.src) >>> 0 === d && !local) local = r;
      if (((d & r.mask) >>> 0) !== r.net) continue;
      if (!best || r.mask > best.mask || (r.mask === best.mask && r.metric < best.metric)) best = r;
    }
    let result: RouteResult;
    if (local) result = [loopbackName(), local.src, "0.0.0.0"];
    else if (best) result = [best.iface, best.src, ipv4FromNumber(best.gw)];
    else result = [loopbackName(), "0.0.0.0", "0.0.0.0"];
    this.cache.set(key, result);
    return result;
  }

  /** Broadcast address of the link network `addr` is on (for getmacbyip), if any. */
  isLinkBroadcast(addr: string): boolean {
    this.fresh();
    const d = parseIPv4(addr) >>> 0;
    return this.routes.some((r) => r.gw === 0 && r.mask !== 0 && r.mask !== 0xffffffff && ((d & r.mask) >>> 0) === r.net && (d | r.mask) >>> 0 === 0xffffffff);
  }

  toString(): string {
    this.fresh();
    return formatTable(
      ["Network", "Netmask", "Gateway", "Iface", "Output IP", "Metric"],
      this.routes.map((r) => [ipv4FromNumber(r.net), ipv4FromNumber(r.mask), ipv4FromNumber(r.gw), r.iface, r.src, String(r.metric)]),
    );
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}


