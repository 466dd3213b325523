/**
 * traceroute (Scapy's TCP traceroute: SYNs with TTLs 1..maxttl, the hops answering with ICMP
 * time-exceeded and the target with SYN-ACK or RST), traceroute6, tracerouteMap, and their
 * result: TracerouteResult, whose show() is Scapy's table (one column per target, one row per
 * TTL), getTrace() the hops per target, and graph() a picture of the paths.
 */
import { strictOptions } from "../core/options.ts";
import type { Packet } from "../core/packet.ts";
import { type PacketList, SndRcvList, type QueryAnswer } from "../core/plist.ts";
import { range, Volatile } from "../core/values.ts";
import { RandInt, RandShort } from "../core/volatile.ts";
import { ICMP, IP, TCP } from "../layers/inet.ts";
import { IPv6 } from "../layers/inet6.ts";
import { verbosity } from "../live/output.ts";
import { sr, type SrOptions } from "../live/sr.ts";
import { dotAttrs, dotId } from "../render/graph/dot.ts";
import { renderGraph, type GraphOptions } from "../render/graph/render.ts";
import { SR_KEYS, withDefaults } from "./live.ts";

/** The hops toward one target: TTL → [address that answered, whether it is the target (not an ICMP error)]. */
export type Trace = Map<number, readonly [address: string, reached: boolean]>;

/** Scapy's TracerouteResult: the answers of a traceroute, shown as a table of hops by TTL. */
export class TracerouteResult extends SndRcvList {
  constructor(items: Iterable<QueryAnswer> = [], name = "Traceroute") {
    super(items, name);
  }

  /** Scapy's table: a column per target (`10.79.0.2:tcp80`), a row per TTL, each cell who answered and how (TCP flags, ICMP type). */
  override show(options: { dump?: boolean } = {}): string | undefined {
    return this.makeTable(
      (s, r) => [s.sprintf("%IP.dst%:{TCP:tcp%ir,TCP.dport%}{UDP:udp%ir,UDP.dport%}{ICMP:ICMP}"), Number(s.getLayer(IP)?.ttl ?? s.getLayer(IPv6)?.hlim), r.sprintf("%-15s,IP.src% {TCP:%TCP.flags%}{ICMP:%ir,ICMP.type%}")],
      options,
    );
  }

  /**
   * The hops per target (Scapy's get_trace): TTL → [address, reached]; a target's hops end at
   * the first TTL that reached it.
   */
  getTrace(): Map<string, Trace> {
    const raw = new Map<string, Trace>();
    for (const [s, r] of this) {
      const hop = this.hop(s, r);
      if (!hop) continue;
      const [dst, ttl, src, reached] = hop;
      let t = raw.get(dst);
      if (!t) raw.set(dst, (t = new Map()));
      t.set(ttl, [src, reached]);
    }
    const out = new Map<string, Trace>();
    for (const [dst, t] of raw) {
      const reached = [...t].filter(([, [, done]]) => done).map(([ttl]) => ttl);
      const first = reached.length ? Math.min(...reached) : Infinity;
      out.set(dst, new Map([...t].filter(([ttl, [, done]]) => !done || ttl <= first).sort(([a], [b]) => a - b)));
    }
    return out;
  }

  /** Scapy's spelling. */
  get_trace(): Map<string, Trace> {
    return this.getTrace();
  }

  /** [target, TTL, who answered, whether the answer came from the target (anything but an ICMP error)], or null. */
  protected hop(s: Packet, r: Packet): [string, number, string, boolean] | null {
    const ip = s.getLayer(IP);
    return ip ? [String(ip.dst), Number(ip.ttl), String(r.getLayer(IP)?.src), !r.hasLayer(ICMP)] : null;
  }

  /** Scapy's world_trace draws the paths on a world map from GeoIP data, which packetry does not ship. */
  worldTrace(): never {
    throw new TypeError("world_trace() needs GeoIP data, which packetry does not ship: graph() draws the paths");
  }

  /** The paths as a Graphviz graph: this host, then each hop in TTL order, to each target (reached or not). */
  graphDot(): string {
    const lines = ['digraph "traceroute" {', '\tnode [shape=ellipse, fontsize=10];', '\t"localhost" [shape=box];'];
    const edges = new Set<string>();
    for (const [dst, trace] of this.getTrace()) {
      let prev = "localhost";
      let expected = 1;
      for (const [ttl, [addr, reached]] of trace) {
        // TTLs nobody answered for show as a node of their own per target.
        for (; expected < ttl; expected++) {
          const unknown = `? ${dst} ttl ${expected}`;
          lines.push(`\t${dotId(unknown)}${dotAttrs({ label: "?", style: "dashed" })};`);
          edges.add(`\t${dotId(prev)} -> ${dotId(unknown)};`);
          prev = unknown;
        }
        expected = ttl + 1;
        if (reached) lines.push(`\t${dotId(addr)}${dotAttrs({ shape: "doubleoctagon" })};`);
        edges.add(`\t${dotId(prev)} -> ${dotId(addr)};`);
        prev = addr;
      }
      if (prev !== dst) {
        lines.push(`\t${dotId(dst)}${dotAttrs({ shape: "doubleoctagon", style: "dashed" })};`);
        edges.add(`\t${dotId(prev)} -> ${dotId(dst)}${dotAttrs({ style: "dashed" })};`);
      }
    }
    return [...new Set(lines), ...edges, "}"].join("\n") + "\n";
  }

  /**
   * Draws the paths (Scapy's graph(); type and target as there, through the Graphviz renderer):
   * resolves to the file written. Scapy groups hops by AS number from whois servers: packetry
   * draws offline, without AS numbers.
   */
  graph(options: GraphOptions & { ASres?: unknown; padding?: number } = {}): Promise<string> {
    checkGraph(options);
    if (options.ASres !== undefined && options.ASres !== null) throw new TypeError("graph(): ASres (AS numbers from whois servers) is not supported by packetry: the graph is drawn offline");
    const { ASres: _, padding: __, ...graph } = options;
    return renderGraph(this.graphDot(), graph);
  }
}

const checkGraph = strictOptions<GraphOptions & { ASres?: unknown; padding?: number }>("graph", { type: true, target: true, engine: true, ASres: true, padding: true });

export interface TracerouteOptions extends SrOptions {
  /** Destination port of the SYNs (default 80). */
  dport?: number;
  minttl?: number;
  maxttl?: number;
  /** Source port (default RandShort()). */
  sport?: number | Volatile<number>;
  /** What to send above IP instead of a TCP SYN (UDP()/DNS(), ICMP()...); then every IP packet is listened for. */
  l4?: Packet | null;
}

const checkTraceroute = strictOptions<TracerouteOptions>("traceroute", { ...SR_KEYS, dport: true, minttl: true, maxttl: true, sport: true, l4: true });
const checkTraceroute6 = strictOptions<TracerouteOptions>("traceroute6", { ...SR_KEYS, dport: true, minttl: true, maxttl: true, sport: true, l4: true });
const checkMap = strictOptions<TracerouteOptions>("traceroute_map", { ...SR_KEYS, dport: true, minttl: true, maxttl: true, sport: true, l4: true });

/** ICMP errors, and TCP answers that are no bare ACK (SYN-ACK, RST): what a TCP traceroute listens for. */
const TRACE_FILTER = "(icmp and (icmp[0]=3 or icmp[0]=4 or icmp[0]=5 or icmp[0]=11 or icmp[0]=12)) or (tcp and (tcp[13] & 0x16 > 0x10))";

/**
 * Scapy's TCP traceroute toward one or several targets: resolves to [TracerouteResult,
 * unanswered]; prints the table unless verbose is 0.
 */
export async function traceroute(target: string | readonly string[], options: TracerouteOptions = {}): Promise<[TracerouteResult, PacketList]> {
  checkTraceroute(options);
  return trace(target, options, false);
}

async function trace(target: string | readonly string[], options: TracerouteOptions, v6: boolean): Promise<[TracerouteResult, PacketList]> {
  const { dport = 80, minttl = 1, maxttl = 30, sport = new RandShort(), l4 = null, ...given } = options;
  const ttls = range(minttl, maxttl);
  const dst = typeof target === "string" ? target : [...target];
  const head = v6 ? IPv6({ dst, hlim: ttls }) : IP({ dst, id: new RandShort(), ttl: ttls });
  const probe = head.div(l4 ?? TCP({ seq: new RandInt(), sport, dport }));
  const filter = l4 ? (v6 ? "ip6" : "ip") : v6 ? "icmp6 or tcp" : TRACE_FILTER;
  const [ans, unans] = await sr(probe, withDefaults<SrOptions>({ timeout: 2, filter }, given));
  const result = v6 ? new TracerouteResult6(ans) : new TracerouteResult(ans);
  if (verbosity(options.verbose) > 0) result.show();
  return [result, unans];
}

const ICMP6_ERRORS = ["ICMPv6DestUnreach", "ICMPv6PacketTooBig", "ICMPv6TimeExceeded", "ICMPv6ParamProblem"];
const ICMP6_ANSWERS = [...ICMP6_ERRORS, "ICMPv6EchoReply"];

/** traceroute6's answers (Scapy's TracerouteResult6): by hop limit, addresses in 42 columns, ICMPv6 types. */
export class TracerouteResult6 extends TracerouteResult {
  override show(options: { dump?: boolean } = {}): string | undefined {
    const types = ICMP6_ANSWERS.map((l) => `{${l}:%ir,${l}.type%}`).join("");
    return this.makeTable((s, r) => [s.sprintf("%-42s,IPv6.dst%:{TCP:tcp%TCP.dport%}{UDP:udp%UDP.dport%}{ICMPv6EchoRequest:IER}"), Number(s.getLayer(IPv6)?.hlim), r.sprintf(`%-42s,IPv6.src% {TCP:%TCP.flags%}${types}`)], options);
  }

  protected override hop(s: Packet, r: Packet): [string, number, string, boolean] | null {
    const ip6 = s.getLayer(IPv6);
    return ip6 ? [String(ip6.dst), Number(ip6.hlim), String(r.getLayer(IPv6)?.src), !ICMP6_ERRORS.some((l) => r.hasLayer(l))] : null;
  }
}

/** traceroute over IPv6 (hop limits instead of TTLs; hops answer with ICMPv6 time exceeded). */
export async function traceroute6(target: string | readonly string[], options: TracerouteOptions = {}): Promise<[TracerouteResult, PacketList]> {
  checkTraceroute6(options);
  return trace(target, options, true);
}

/** Scapy's traceroute_map: a traceroute to each target, silent, and the picture of the paths (graph()). */
export async function tracerouteMap(ips: readonly string[], options: TracerouteOptions & GraphOptions = {}): Promise<string> {
  const { type, target, engine, ...rest } = options;
  checkMap(rest);
  const [result] = await traceroute(ips, { verbose: 0, ...rest });
  return result.graph(withDefaults<GraphOptions>({}, { type, target, engine }));
}
