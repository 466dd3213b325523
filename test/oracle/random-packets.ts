/**
 * Seeded random packets for the live comparison with Scapy: random field values within each
 * field's range (sizes as Scapy declares them), random option lists and payloads, and mutated
 * frames (cut, flipped, extended). The same seed gives the same packets.
 */
import type { FieldInfo } from "./scapy-oracle.ts";
import type { FieldsJson, Json, Spec } from "./spec.ts";

/** mulberry32: small, fast, good enough to spread test cases. */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  float(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** Integer in [0, n). */
  below(n: number): number {
    return Math.floor(this.float() * n);
  }
  chance(p: number): boolean {
    return this.float() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.below(items.length)]!;
  }
  /** An unsigned value of `bits` bits, often an edge (0, 1, max). */
  uint(bits: number): number {
    const max = bits >= 53 ? Number.MAX_SAFE_INTEGER : 2 ** bits - 1;
    const edge = this.below(8);
    if (edge === 0) return 0;
    if (edge === 1) return max;
    if (edge === 2) return Math.min(1, max);
    return bits <= 32 ? Math.floor(this.float() * (max + 1)) : this.below(2 ** 32);
  }
  bytes(n: number): number[] {
    return Array.from({ length: n }, () => this.below(256));
  }
}

const hex = (b: number[]) => b.map((x) => x.toString(16).padStart(2, "0")).join("");
const B = (b: number[]): Json => ({ $bytes: hex(b) });
const P = (name: string, fields: FieldsJson = {}): Json => ({ $pkt: [[name, fields]] });

// Addresses from ranges no host uses (benchmark, documentation): Scapy's host defaults never collide.
const ipv4 = (r: Rng) => (r.chance(0.1) ? r.pick(["0.0.0.0", "255.255.255.255", "224.0.0.1"]) : `198.${18 + r.below(2)}.${r.below(256)}.${r.below(256)}`);
const ipv6 = (r: Rng) => (r.chance(0.1) ? r.pick(["::", "ff02::1", "fe80::1"]) : `2001:db8:${r.below(65536).toString(16)}::${r.below(65536).toString(16)}`);
const mac = (r: Rng) => ["02", ...r.bytes(5).map((x) => x.toString(16).padStart(2, "0"))].join(":");
const port = (r: Rng) => 1024 + r.below(64512);

type Gen = (r: Rng) => Json;

interface Policy {
  /** Values always given (addresses, so that no host route or interface leaks in). */
  fixed?: (r: Rng) => FieldsJson;
  /** Fields left to Scapy's defaults or bindings (payload selectors). */
  keep?: string[];
  /** Conditional fields that may be set (for the types this policy picks). */
  conditional?: string[];
  /** Generators for fields that are not plain numbers or addresses. */
  extra?: Record<string, Gen>;
}

const COMPUTED_EXPLICIT = 0.08;

const tcpOption: Gen[] = [
  (r) => ["MSS", r.uint(16)],
  (r) => ["WScale", r.below(15)],
  () => ["SAckOK", { $bytes: "" }],
  (r) => ["Timestamp", [r.uint(32), r.uint(32)]],
  () => ["NOP", null],
  (r) => ["SAck", Array.from({ length: 2 * (1 + r.below(3)) }, () => r.uint(32))],
  (r) => ["UTO", r.uint(16)],
  (r) => ["MD5", B(r.bytes(16))],
  (r) => [r.pick([6, 7, 30, 76, 200, 254]), B(r.bytes(r.below(6)))],
];
const TCP_OPTION_SIZE: Record<string, (v: Json) => number> = {
  MSS: () => 4, WScale: () => 3, SAckOK: () => 2, Timestamp: () => 10, NOP: () => 1, UTO: () => 4, MD5: () => 18,
  SAck: (v) => 2 + 4 * (v as number[]).length,
};

function tcpOptions(r: Rng): Json {
  const out: Json[] = [];
  let size = 0;
  for (let n = r.below(5); n > 0; n--) {
    const opt = r.pick(tcpOption)(r) as [string | number, Json];
    const len = typeof opt[0] === "number" ? 2 + ((opt[1] as { $bytes: string }).$bytes.length >> 1) : TCP_OPTION_SIZE[opt[0]]!(opt[1]);
    if (size + len > 40) break;
    size += len;
    out.push(opt);
  }
  return out;
}

const ipOption: Array<(r: Rng) => [Json, number]> = [
  () => [P("IPOption_NOP"), 1],
  (r) => {
    const n = 1 + r.below(3);
    return [P(r.pick(["IPOption_RR", "IPOption_LSRR", "IPOption_SSRR"]), { routers: Array.from({ length: n }, () => ipv4(r)) }), 3 + 4 * n];
  },
  (r) => [P("IPOption_Router_Alert", { alert: r.uint(16) }), 4],
  (r) => [P("IPOption_MTU_Probe", { mtu: r.uint(16) }), 4],
  (r) => [P("IPOption_Stream_Id", { security: r.uint(16) }), 4],
  (r) => [P("IPOption_Timestamp", { flg: 0, length: 8, timestamp: r.uint(32) }), 8],
  (r) => [P("IPOption_Traceroute", { id: r.uint(16), outbound_hops: r.uint(16), return_hops: r.uint(16), originator_ip: ipv4(r) }), 12],
];

function ipOptions(r: Rng): Json {
  const out: Json[] = [];
  let size = 0;
  for (let n = r.below(4); n > 0; n--) {
    const [opt, len] = r.pick(ipOption)(r);
    if (size + len > 40) break;
    size += len;
    out.push(opt);
  }
  return out;
}

const dhcpOption: Gen[] = [
  (r) => ["message-type", 1 + r.below(8)],
  (r) => ["requested_addr", ipv4(r)],
  (r) => ["server_id", ipv4(r)],
  (r) => ["lease_time", r.uint(32)],
  (r) => ["max_dhcp_size", r.uint(16)],
  (r) => ["hostname", B(r.bytes(1 + r.below(12)).map((x) => 97 + (x % 26)))],
  (r) => ["param_req_list", Array.from({ length: 1 + r.below(6) }, () => 1 + r.below(254))],
  (r) => ["name_server", ipv4(r), ipv4(r)],
  (r) => [r.pick([224, 240, 250]), B(r.bytes(r.below(8)))],
  () => "pad",
];

const label = (r: Rng) => String.fromCharCode(...Array.from({ length: 1 + r.below(10) }, () => 97 + r.below(26)));
const dnsName = (r: Rng) => Array.from({ length: 1 + r.below(3) }, () => label(r)).join(".") + r.pick(["", "."]);

const POLICIES: Record<string, Policy> = {
  Ether: { fixed: (r) => ({ dst: mac(r), src: mac(r) }), keep: ["type"] },
  Dot1Q: { keep: ["type"] },
  ARP: { fixed: (r) => ({ hwsrc: mac(r), psrc: ipv4(r), hwdst: mac(r), pdst: ipv4(r) }), keep: ["hwtype", "ptype", "hwlen", "plen"] },
  IP: { fixed: (r) => ({ src: ipv4(r), dst: ipv4(r) }), keep: ["version", "proto", "ihl", "frag"], extra: { options: ipOptions } },
  TCP: { keep: ["dataofs"], extra: { options: tcpOptions } },
  UDP: {},
  ICMP: { keep: ["type"], conditional: ["id", "seq"] },
  IPv6: { fixed: (r) => ({ src: ipv6(r), dst: ipv6(r) }), keep: ["version", "nh", "plen"] },
  ICMPv6EchoRequest: { keep: ["type"], extra: { data: (r) => B(r.bytes(r.below(16))) } },
  ICMPv6EchoReply: { keep: ["type"], extra: { data: (r) => B(r.bytes(r.below(16))) } },
  DNS: { keep: ["length", "qdcount", "ancount", "nscount", "arcount"], extra: { qd: (r) => Array.from({ length: r.below(3) }, () => P("DNSQR", { qname: dnsName(r), qtype: r.pick([1, 2, 5, 12, 15, 16, 28, 33, 255]) })) } },
  BOOTP: { keep: ["options", "hlen"], extra: { chaddr: (r) => B(r.bytes(6)) } },
  DHCP: { extra: { options: (r) => [...Array.from({ length: r.below(5) }, () => r.pick(dhcpOption)(r)), "end"] } },
  Raw: { extra: { load: (r) => B(r.bytes(r.below(48))) } },
};

/** Stacks of layers, each with the values that hold it together (ports that bind DNS, ICMP types...). */
const STACKS: Array<(r: Rng) => Array<[string, FieldsJson]>> = [
  (r) => [["Ether", {}], ["IP", {}], ["TCP", { sport: port(r), dport: port(r) }], ["Raw", {}]],
  (r) => [["Ether", {}], ["IP", {}], ["UDP", { sport: port(r), dport: port(r) }], ["Raw", {}]],
  (r) => [["Ether", {}], ["IP", {}], ["ICMP", { type: r.pick([0, 8]) }], ["Raw", {}]],
  () => [["Ether", {}], ["ARP", {}]],
  (r) => [["Ether", {}], ["Dot1Q", {}], ["IP", {}], ["UDP", { sport: port(r), dport: port(r) }]],
  (r) => [["IP", {}], ["TCP", { sport: port(r), dport: port(r) }]],
  (r) => [["Ether", {}], ["IPv6", {}], ["UDP", { sport: port(r), dport: port(r) }], ["Raw", {}]],
  (r) => [["Ether", {}], ["IPv6", {}], ["TCP", { sport: port(r), dport: port(r) }]],
  (r) => [["IPv6", {}], [r.pick(["ICMPv6EchoRequest", "ICMPv6EchoReply"]), {}]],
  (r) => [["Ether", {}], ["IP", {}], ["UDP", { sport: port(r), dport: 53 }], ["DNS", {}]],
  () => [["Ether", {}], ["IP", {}], ["UDP", { sport: 68, dport: 67 }], ["BOOTP", {}], ["DHCP", {}]],
];

/** Every layer name the stacks use (to ask Scapy for their fields once). */
export const STACK_LAYERS = Object.keys(POLICIES);

function randomLayer(r: Rng, name: string, given: FieldsJson, fields: FieldInfo[]): [string, FieldsJson] {
  const policy = POLICIES[name] ?? {};
  const out: FieldsJson = { ...(policy.fixed?.(r) ?? {}), ...given };
  for (const f of fields) {
    if (f.name in out || policy.keep?.includes(f.name)) continue;
    if (f.conditional && !policy.conditional?.includes(f.name)) continue;
    const extra = policy.extra?.[f.name];
    if (extra) {
      if (r.chance(0.7)) out[f.name] = extra(r);
      continue;
    }
    const computed = f.default === null;
    if (!r.chance(computed ? COMPUTED_EXPLICIT : 0.5)) continue;
    if (f.type === "int" && f.bits) out[f.name] = r.uint(f.bits);
    else if (f.type === "ipv4") out[f.name] = ipv4(r);
    else if (f.type === "ipv6") out[f.name] = ipv6(r);
    else if (f.type === "mac") out[f.name] = mac(r);
  }
  return [name, out];
}

/** A random spec; `fieldsOf` gives Scapy's fields for a layer name. */
export function randomSpec(r: Rng, fieldsOf: (layer: string) => FieldInfo[]): Spec {
  return r.pick(STACKS)(r).map(([name, given]) => randomLayer(r, name, given, fieldsOf(name)));
}

/** Bytes changed the way broken captures are: cut, bytes flipped or overwritten, junk added or removed. */
export function mutate(r: Rng, bytes: number[]): { how: string; bytes: number[] } {
  const b = [...bytes];
  const at = () => r.below(Math.max(1, b.length));
  switch (r.below(5)) {
    case 0: {
      const n = at();
      return { how: `cut to ${n} bytes`, bytes: b.slice(0, n) };
    }
    case 1: {
      const spots: number[] = [];
      for (let k = 1 + r.below(3); k > 0; k--) {
        const i = at();
        b[i] = (b[i]! ^ (1 + r.below(255))) & 0xff;
        spots.push(i);
      }
      return { how: `bytes ${spots.join(",")} flipped`, bytes: b };
    }
    case 2: {
      const i = r.below(Math.min(b.length, 60) || 1);
      b[i] = r.pick([0x00, 0xff]);
      return { how: `byte ${i} set to ${b[i]}`, bytes: b };
    }
    case 3: {
      const extra = r.bytes(1 + r.below(20));
      return { how: `${extra.length} bytes appended`, bytes: [...b, ...extra] };
    }
    default: {
      const i = at();
      const n = 1 + r.below(8);
      return { how: `${n} bytes removed at ${i}`, bytes: [...b.slice(0, i), ...b.slice(i + n)] };
    }
  }
}

export { hex as bytesToHex };
