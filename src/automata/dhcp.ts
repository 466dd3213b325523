/**
 * BOOTP_am (bootpd) and DHCP_am (dhcpd): hand out addresses from a pool, one per client MAC
 * (kept for the machine's life), with Scapy's options: pool, network, gw, nameserver, domain,
 * renewal_time, lease_time, and rebinding_time. Replies go to the client's MAC and the offered
 * address, from port 67 to 68, as Scapy's. DHCP_am answers a discover with an offer and a
 * request with an ack (an inform with an ack that leases nothing); a release or decline gets
 * no reply, as RFC 2131 wants (Scapy 2.5 echoes them back).
 */
import { formatMAC, ipv4FromNumber, parseIPv4 } from "../core/addr.ts";
import type { Packet } from "../core/packet.ts";
import { BOOTP, DHCP } from "../layers/dhcp.ts";
import { IP, UDP } from "../layers/inet.ts";
import { Ether } from "../layers/l2.ts";
import { say } from "../live/output.ts";
import { sendp } from "../live/send.ts";
import { AnsweringMachine, machineFunction } from "./ansmachine.ts";
import { Net } from "./net.ts";

export interface BOOTPMachineOptions {
  /** Addresses to hand out: a Net, a CIDR text, a list, or one address (every client gets it). Default Net("192.168.1.128/25"). */
  pool?: Net | string | readonly string[];
  /** The subnet, "a.b.c.d/len" (default "192.168.1.0/24"): gives the netmask and broadcast address. */
  network?: string;
  /** The router (also the server id Scapy announces); null for none. Default "192.168.1.1". */
  gw?: string | null;
  /** DNS server(s) (default: gw). */
  nameserver?: string | readonly string[] | null;
  /** Domain name (default "localnet"); null for none. */
  domain?: string | null;
  /** T1, seconds (default 60). */
  renewalTime?: number | null;
  /** Seconds (default 1800). */
  leaseTime?: number | null;
  /** T2, seconds (default: not sent, as Scapy). */
  rebindingTime?: number | null;
}

/** Addresses from a pool, one per MAC: drawn in order, never handed to two clients. */
class LeasePool {
  private readonly leases = new Map<string, string>();
  private readonly taken = new Set<string>();
  private readonly next: Iterator<string> | null;
  private readonly single: string | null;

  constructor(pool: Iterable<string> | string, exclude: ReadonlySet<string>) {
    if (typeof pool === "string") {
      this.single = pool;
      this.next = null;
      return;
    }
    const list = Array.isArray(pool) ? pool.filter((a) => !exclude.has(a)) : null;
    if (list && list.length === 1) {
      this.single = list[0]!;
      this.next = null;
      return;
    }
    this.single = null;
    const source = list ?? pool;
    this.next = (function* () {
      for (const a of source) if (!exclude.has(a)) yield a;
    })();
  }

  /** The address for this MAC (a new one the first time), or null when the pool is used up. */
  addressFor(mac: string): string | null {
    if (this.single !== null) return this.single;
    const known = this.leases.get(mac);
    if (known) return known;
    for (let r = this.next!.next(); !r.done; r = this.next!.next()) {
      if (this.taken.has(r.value)) continue;
      this.taken.add(r.value);
      this.leases.set(mac, r.value);
      return r.value;
    }
    return null;
  }

  /** MAC → address, for what has been handed out. */
  get handedOut(): ReadonlyMap<string, string> {
    return this.leases;
  }
}

function subnet(network: string): { network: string; netmask: string; broadcast: string } {
  const [base, bits = "32"] = network.split("/");
  const addr = parseIPv4(base!);
  const len = Number(bits);
  if (addr < 0 || !Number.isInteger(len) || len < 0 || len > 32) throw new TypeError(`BOOTP_am: network must be "a.b.c.d/len", not ${JSON.stringify(network)}`);
  const mask = len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0;
  const net = (addr & mask) >>> 0;
  return { network: ipv4FromNumber(net), netmask: ipv4FromNumber(mask), broadcast: ipv4FromNumber((net | ~mask) >>> 0) };
}

/** Bytes of BOOTP before its options (RFC 951). */
const BOOTP_FIXED = 236;

export class BOOTP_am extends AnsweringMachine {
  static override function_name = "bootpd";
  static override filter = "udp and port 68 and port 67";
  static override send_function = sendp;
  static override options = ["pool", "network", "gw", "nameserver", "domain", "renewalTime", "leaseTime", "rebindingTime"];

  declare domain: string | null;
  declare netmask: string;
  declare network: string;
  declare broadcast: string;
  declare gw: string | null;
  declare nameserver: string | readonly string[] | null;
  declare renewal_time: number | null;
  declare lease_time: number | null;
  declare rebinding_time: number | null;
  declare pool: LeasePool;

  override parse_options(o: BOOTPMachineOptions): void {
    const net = subnet(o.network ?? "192.168.1.0/24");
    this.network = net.network;
    this.netmask = net.netmask;
    this.broadcast = net.broadcast;
    this.gw = o.gw === undefined ? "192.168.1.1" : o.gw;
    this.nameserver = o.nameserver ?? this.gw;
    this.domain = o.domain === undefined ? "localnet" : o.domain;
    this.renewal_time = o.renewalTime === undefined ? 60 : o.renewalTime;
    this.lease_time = o.leaseTime === undefined ? 1800 : o.leaseTime;
    this.rebinding_time = o.rebindingTime ?? null;
    const raw = o.pool ?? new Net("192.168.1.128/25");
    // A text is a block (Net), and a single address stays one address every client gets.
    const pool = typeof raw === "string" ? (raw.includes("/") ? new Net(raw) : raw) : raw;
    const exclude = new Set([this.gw, this.network, this.broadcast].filter((a): a is string => !!a));
    this.pool = new LeasePool(pool instanceof Net ? pool : (pool as Iterable<string> | string), exclude);
  }

  /** MAC → address, for the clients answered so far (Scapy's am.leases). */
  get leases(): ReadonlyMap<string, string> {
    return this.pool.handedOut;
  }

  override is_request(req: Packet): boolean {
    if (req.getLayer(BOOTP)?.op !== 1) return false;
    // A message shorter than BOOTP's fixed part (a truncated or garbled datagram) is not answered.
    const len = req.getLayer(UDP)?.len;
    return len === null || len === undefined || len - 8 >= BOOTP_FIXED;
  }

  override make_reply(req: Packet): Packet | null {
    const mac = req.getLayer(Ether)?.src ?? formatMAC(req.getLayer(BOOTP)!.chaddr as Uint8Array, 0);
    const ip = this.pool.addressFor(mac);
    if (ip === null) throw new Error(`the pool is used up (${this.pool.handedOut.size} addresses handed out)`);
    const udp = req.getLayer(UDP)!;
    const repb = req.getLayer(BOOTP)!.copy();
    repb.op = 2;
    repb.yiaddr = ip;
    // As Scapy: the gateway in siaddr, ciaddr and giaddr.
    if (this.gw) {
      repb.siaddr = this.gw;
      repb.ciaddr = this.gw;
      repb.giaddr = this.gw;
    }
    repb.payload = null;
    return Ether({ dst: mac }).div(IP({ dst: ip }), UDP({ sport: udp.dport, dport: udp.sport }), repb);
  }

  override print_reply(_req: Packet, reply: Packet | readonly Packet[]): void {
    const r = reply as Packet;
    say(`Reply ${r.getLayer(IP)!.dst} to ${r.getLayer(Ether)!.dst}\n`);
  }
}

/** DHCP message types answered, and how: discover → offer, request → ack, inform → ack. */
const ANSWERS: Record<number, number> = { 1: 2, 3: 5, 8: 5 };

export class DHCP_am extends BOOTP_am {
  static override function_name = "dhcpd";

  override is_request(req: Packet): boolean {
    if (!super.is_request(req)) return false;
    const type = messageType(req);
    return type === null || type in ANSWERS;
  }

  override make_reply(req: Packet): Packet | null {
    const type = messageType(req);
    if (type === 8) return this.informReply(req);
    const resp = super.make_reply(req);
    if (!resp || type === null) return resp;
    return resp.div(DHCP({ options: [["message-type", ANSWERS[type]], ...this.leaseOptions(), "end"] }));
  }

  /** What the server tells every client, without the options it has no value for. */
  private leaseOptions(): Array<[string, ...unknown[]]> {
    const ns = this.nameserver === null ? null : typeof this.nameserver === "string" ? [this.nameserver] : [...this.nameserver];
    const opts: Array<[string, ...unknown[]] | null> = [
      this.gw ? ["server_id", this.gw] : null,
      this.domain !== null ? ["domain", this.domain] : null,
      this.gw ? ["router", this.gw] : null,
      ns && ns.length ? ["name_server", ...ns] : null,
      ["broadcast_address", this.broadcast],
      ["subnet_mask", this.netmask],
      this.renewal_time !== null ? ["renewal_time", this.renewal_time] : null,
      this.rebinding_time !== null ? ["rebinding_time", this.rebinding_time] : null,
      this.lease_time !== null ? ["lease_time", this.lease_time] : null,
    ];
    return opts.filter((x): x is [string, ...unknown[]] => x !== null);
  }

  /** An inform (RFC 2131 §3.4): the configuration, to the address the client already has. */
  private informReply(req: Packet): Packet {
    const bootp = req.getLayer(BOOTP)!;
    const udp = req.getLayer(UDP)!;
    const repb = bootp.copy();
    repb.op = 2;
    repb.yiaddr = "0.0.0.0";
    repb.payload = null;
    const to = bootp.ciaddr as string;
    const options = this.leaseOptions().filter(([name]) => !/_time$/.test(name));
    return Ether({ dst: req.getLayer(Ether)!.src }).div(IP({ dst: to }), UDP({ sport: udp.dport, dport: udp.sport }), repb, DHCP({ options: [["message-type", 5], ...options, "end"] }));
  }
}

function messageType(req: Packet): number | null {
  const options = req.getLayer(DHCP)?.options as unknown[] | undefined;
  if (!options) return null;
  for (const o of options) if (Array.isArray(o) && o[0] === "message-type") return typeof o[1] === "number" ? o[1] : null;
  return null;
}

/** Scapy's bootpd(...): BOOTP_am(...)(). */
export const bootpd = machineFunction(BOOTP_am, "bootpd");
/** Scapy's dhcpd(...): DHCP_am(...)() — a DHCP server until count, timeout or Ctrl-C. */
export const dhcpd = machineFunction(DHCP_am, "dhcpd");
