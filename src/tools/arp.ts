/**
 * ARP tools (Scapy's l2 commands): arping (who is up on a network), arpcachepoison and arpMitm
 * (false ARP replies, in a loop until stopped), isPromisc and promiscping (who answers a frame
 * not sent to them), etherleak and arpleak (probes for stacks that pad or answer with memory).
 */
import { parseIPv4 } from "../core/addr.ts";
import { strictOptions } from "../core/options.ts";
import type { Packet } from "../core/packet.ts";
import { PacketList, SndRcvList, type QueryAnswer } from "../core/plist.ts";
import { Padding } from "../core/raw.ts";
import { IP } from "../layers/inet.ts";
import { ARP, Ether } from "../layers/l2.ts";
import { getIfHwaddr } from "../live/ifutil.ts";
import { arpCache, BROADCAST_MAC, getmacbyip } from "../live/neighbor.ts";
import { say, verbosity } from "../live/output.ts";
import { sendp } from "../live/send.ts";
import { srp, type SrOptions } from "../live/sr.ts";
import { routeTable } from "../live/tables.ts";
import { hexstr } from "../render/hexdump.ts";
import { manufdb } from "./manuf.ts";
import { SR_KEYS, sleepUnless, withDefaults } from "./live.ts";

/**
 * The addresses of a network ("10.77.0.0/24"), or the address given. (ARP's pdst does not expand
 * networks itself here: its kind depends on ptype.)
 */
export function addressesOf(net: string): string[] {
  return IP({ dst: net }).expand().map((p) => String(p.dst));
}

/** The interface toward a network or address (Scapy's iface_hint): the route to its first address. */
export function ifaceToward(net: string): string {
  const addr = net.split("/")[0]!;
  return parseIPv4(addr) >= 0 ? routeTable().route(addr)[0] : routeTable().route()[0];
}

/** arping's answers (Scapy's ARPingResult): show() lists each host's MAC, vendor and address. */
export class ARPingResult extends SndRcvList {
  constructor(items: Iterable<QueryAnswer> = [], name = "ARPing") {
    super(items, name);
  }

  /** `  MAC vendor IP` per answer, the vendors in a column ("unknown" when the MAC has none), as Scapy 2.5 prints them. */
  override show(options: { dump?: boolean } = {}): string | undefined {
    const rows = Array.from(this, ([, r]) => {
      const mac = String(r.getLayer(Ether)?.src ?? r.getLayer(ARP)?.hwsrc);
      const vendor = manufdb.lookup(mac)?.[0] ?? "unknown";
      return [mac, vendor, String(r.getLayer(ARP)?.psrc)] as const;
    });
    const width = Math.max(0, ...rows.map(([, v]) => v.length));
    const text = rows.map(([mac, vendor, ip]) => `  ${mac.padEnd(17)} ${vendor.padEnd(width)} ${ip}`).join("\n");
    if (options.dump) return text;
    if (text) console.log(text);
    return undefined;
  }
}

export interface ArpingOptions extends SrOptions {
  /** Put the answers in the ARP cache (conf.netcache). */
  cache?: boolean | number;
}

const checkArping = strictOptions<ArpingOptions>("arping", { ...SR_KEYS, cache: true });

/**
 * Sends ARP who-has to every address of `net` ("10.77.0.0/24") and returns [answers, unanswered]:
 * the hosts that are up. Prints them (ARPingResult.show) unless verbose is 0.
 */
export async function arping(net: string, options: ArpingOptions = {}): Promise<[ARPingResult, PacketList]> {
  checkArping(options);
  const { cache, ...sr } = options;
  const [ans, unans] = await srp(Ether({ dst: BROADCAST_MAC }).div(ARP({ pdst: addressesOf(net) })), withDefaults<SrOptions>({ filter: "arp and arp[7] = 2", timeout: 2, iface: ifaceToward(net) }, sr));
  const result = new ARPingResult(ans);
  if (cache) for (const [, r] of result) arpCache.set(String(r.getLayer(ARP)!.psrc), String(r.getLayer(ARP)!.hwsrc));
  if (verbosity(options.verbose) > 0) result.show();
  return [result, unans];
}

export interface PromiscOptions extends SrOptions {
  /** The destination MAC of the probe: one a host should not take unless promiscuous. */
  fakeBcast?: string;
}

const checkIsPromisc = strictOptions<PromiscOptions>("is_promisc", { ...SR_KEYS, fakeBcast: true });
const checkPromiscping = strictOptions<PromiscOptions>("promiscping", { ...SR_KEYS, fakeBcast: true });

/**
 * Is the host at ip in promiscuous mode? Sends it an ARP who-has to a MAC that is not its own
 * nor broadcast (ff:ff:00:00:00:00); an answer means its interface took the frame. (Links
 * that filter nothing, as veths, deliver such frames anyway: the answer then says yes.)
 */
export async function isPromisc(ip: string, options: PromiscOptions = {}): Promise<boolean> {
  checkIsPromisc(options);
  const { fakeBcast = "ff:ff:00:00:00:00", ...sr } = options;
  const [ans] = await srp(Ether({ dst: fakeBcast }).div(ARP({ op: "who-has", pdst: ip })), withDefaults<SrOptions>({ timeout: 1, verbose: 0, filter: "arp and arp[7] = 2", iface: ifaceToward(ip) }, sr));
  return ans.length > 0;
}

/** ARP who-has to the hosts of net, sent to a MAC no one should take (ff:ff:ff:ff:ff:fe): who answers is promiscuous. */
export async function promiscping(net: string, options: PromiscOptions = {}): Promise<[ARPingResult, PacketList]> {
  checkPromiscping(options);
  const { fakeBcast = "ff:ff:ff:ff:ff:fe", ...sr } = options;
  const [ans, unans] = await srp(Ether({ dst: fakeBcast }).div(ARP({ pdst: addressesOf(net) })), withDefaults<SrOptions>({ timeout: 2, filter: "arp and arp[7] = 2", iface: ifaceToward(net) }, sr));
  const result = new ARPingResult(ans, "Promiscuous");
  if (verbosity(options.verbose) > 0) result.show();
  return [result, unans];
}

const checkEtherleak = strictOptions<SrOptions>("etherleak", SR_KEYS);
const checkArpleak = strictOptions<SrOptions & { plen?: number; hwlen?: number }>("arpleak", { ...SR_KEYS, plen: true, hwlen: true });

/** Prints each answer's padding in hex: bytes a driver added to reach 60 bytes, zeros unless it leaks memory. */
function printLeaks(ans: SndRcvList, leak: (r: Packet) => Uint8Array | null): void {
  for (const [, r] of ans) {
    const bytes = leak(r);
    if (bytes && bytes.length) console.log(hexstr(bytes, { onlyhex: 1 }));
  }
}

/**
 * The Etherleak probe (CVE-2003-0001): ARP who-has to target; the padding of each short answer
 * is printed in hex (a sound driver pads with zeros). Returns [answers, unanswered].
 */
export async function etherleak(target: string, options: SrOptions = {}): Promise<[SndRcvList, PacketList]> {
  checkEtherleak(options);
  const result = await srp(Ether({ dst: BROADCAST_MAC }).div(ARP({ pdst: target })), withDefaults<SrOptions>({ filter: "arp", timeout: 2, iface: ifaceToward(target) }, options));
  printLeaks(result[0], (r) => (r.getLayer(Padding)?.load as Uint8Array | undefined) ?? null);
  return result;
}

/**
 * The ARP leak probe (NetBSD-SA2017-002): a who-has claiming address lengths of plen and hwlen
 * bytes; an answer echoing more bytes than an IPv4 or MAC address holds leaks memory (printed).
 */
export async function arpleak(target: string, options: SrOptions & { plen?: number; hwlen?: number } = {}): Promise<[SndRcvList, PacketList]> {
  checkArpleak(options);
  const { plen = 255, hwlen = 255, ...sr } = options;
  const mac = getIfHwaddr(sr.iface ?? ifaceToward(target));
  const probe = Ether({ dst: BROADCAST_MAC }).div(ARP({ plen, hwlen, hwsrc: macBytes(mac, hwlen), psrc: addrBytes(target, plen, 0), pdst: addrBytes(target, plen, 1) }));
  const result = await srp(probe, withDefaults<SrOptions>({ filter: "arp and arp[7] = 2", timeout: 2, iface: ifaceToward(target) }, sr));
  printLeaks(result[0], (r) => {
    const arp = r.getLayer(ARP)!;
    const p = Number(arp.plen ?? 4);
    const h = Number(arp.hwlen ?? 6);
    return p > 4 || h > 6 ? arp.build().subarray(8) : null;
  });
  return result;
}

/** A MAC as bytes, padded to n bytes (what an ARP with hwlen n carries). */
function macBytes(mac: string, n: number): Uint8Array {
  const out = new Uint8Array(n);
  out.set(mac.split(":").map((h) => parseInt(h, 16)).slice(0, n));
  return out;
}

/** An IPv4 address as bytes, padded to n; `which` 0 is our own (unspecified), 1 the target. */
function addrBytes(ip: string, n: number, which: 0 | 1): Uint8Array {
  const out = new Uint8Array(n);
  if (which === 1) out.set(ip.split(".").map(Number).slice(0, n));
  return out;
}

export interface PoisonOptions {
  /** Seconds between two rounds (Scapy's interval, default 15). */
  interval?: number;
  /** Stop after this many rounds (default: until stopped with signal or Ctrl-C). */
  count?: number;
  iface?: string;
  signal?: AbortSignal;
  verbose?: number | boolean;
}

const checkPoison = strictOptions<PoisonOptions>("arpcachepoison", { interval: true, count: true, iface: true, signal: true, verbose: true });

/** An address, a network or a list of them, as the addresses to poison. */
function targetsOf(target: string | readonly string[]): string[] {
  return (typeof target === "string" ? [target] : [...target]).flatMap(addressesOf);
}

/**
 * Tells the targets (an address, a network or a list) that `addresses` are at our MAC, or at
 * the MAC given with each ([ip, mac] pairs), again every interval seconds until stopped (Scapy's
 * arpcachepoison). Each round sends one ARP who-has per target and address: Linux takes the
 * sender's address from it.
 */
export async function arpcachepoison(target: string | readonly string[], addresses: string | readonly [string, string] | ReadonlyArray<readonly [string, string]>, options: PoisonOptions = {}): Promise<number> {
  checkPoison(options);
  const targets = targetsOf(target);
  const iface = options.iface ?? ifaceToward(targets[0]!);
  const ours = getIfHwaddr(iface);
  const claims: ReadonlyArray<readonly [string, string]> = typeof addresses === "string" ? [[addresses, ours]] : Array.isArray(addresses[0]) ? (addresses as ReadonlyArray<readonly [string, string]>) : [addresses as readonly [string, string]];
  const frames: Packet[] = [];
  for (const t of targets) {
    const tmac = (await getmacbyip(t)) ?? BROADCAST_MAC;
    for (const [ip, mac] of claims) frames.push(Ether({ src: mac, dst: tmac }).div(ARP({ op: "who-has", hwsrc: mac, psrc: ip, hwdst: tmac, pdst: t })));
  }
  return inRounds(frames, iface, options.interval ?? 15, options);
}

/** Sends the frames every `pause` seconds until count rounds or the signal; a dot per round when verbose. Resolves with the rounds. */
async function inRounds(frames: Packet[], iface: string, pause: number, options: { count?: number; signal?: AbortSignal; verbose?: number | boolean }): Promise<number> {
  let rounds = 0;
  while (!options.signal?.aborted && (options.count === undefined || rounds < options.count)) {
    await sendp(frames, { iface, verbose: 0 });
    rounds++;
    if (verbosity(options.verbose) > 0) say(".");
    if (options.count !== undefined && rounds >= options.count) break;
    await sleepUnless(pause, options.signal);
  }
  return rounds;
}

export interface MitmOptions {
  iface?: string;
  /** Stop after this many rounds (default: until stopped with signal or Ctrl-C). */
  count?: number;
  signal?: AbortSignal;
  verbose?: number | boolean;
  mac1?: string;
  mac2?: string;
  /** The MAC the two are told to send to (default: this interface's). */
  targetMac?: string;
  /** Seconds between two rounds (Scapy's inter, default 3). */
  inter?: number;
}

const checkMitm = strictOptions<MitmOptions>("arp_mitm", { count: true, iface: true, signal: true, verbose: true, mac1: true, mac2: true, targetMac: true, inter: true });

/**
 * Puts this host between ip1 and ip2 (Scapy's arp_mitm): each is told the other is at
 * targetMac (this interface's), every inter seconds until stopped; then both are told the
 * truth again. Forwarding between them is the kernel's job (sysctl net.ipv4.ip_forward=1).
 */
export async function arpMitm(ip1: string, ip2: string, options: MitmOptions = {}): Promise<number> {
  checkMitm(options);
  const iface = options.iface ?? ifaceToward(ip1);
  const mac1 = options.mac1 ?? (await getmacbyip(ip1));
  const mac2 = options.mac2 ?? (await getmacbyip(ip2));
  if (!mac1 || !mac2) throw new Error(`arp_mitm(): no MAC for ${!mac1 ? ip1 : ip2} (it did not answer ARP)`);
  const ours = options.targetMac ?? getIfHwaddr(iface);
  const lie = [Ether({ src: ours, dst: mac1 }).div(ARP({ op: "who-has", hwsrc: ours, psrc: ip2, hwdst: mac1, pdst: ip1 })), Ether({ src: ours, dst: mac2 }).div(ARP({ op: "who-has", hwsrc: ours, psrc: ip1, hwdst: mac2, pdst: ip2 }))];
  const truth = [Ether({ src: mac2, dst: mac1 }).div(ARP({ op: "is-at", hwsrc: mac2, psrc: ip2, hwdst: mac1, pdst: ip1 })), Ether({ src: mac1, dst: mac2 }).div(ARP({ op: "is-at", hwsrc: mac1, psrc: ip1, hwdst: mac2, pdst: ip2 }))];
  try {
    return await inRounds(lie, iface, options.inter ?? 3, options);
  } finally {
    await sendp(truth, { iface, verbose: 0, count: 3 });
  }
}
