/**
 * DHCPv6_am (dhcp6d): a DHCPv6 server on UDP 547 with Scapy's options: dns, domain, sntpservers,
 * sipdomains, sipservers, nisdomain, nisservers, nispdomain, nispservers, bcmcsdomains,
 * bcmcsservers (each a list, or a text of comma-separated items; null for none), duid (default a
 * DUID_LLT of the interface's MAC and the start time), advpref (the Advertise preference, 255)
 * and the pool startip–endip. Replies go from the interface's link-local address to the client,
 * from port 547 to 546, with the options the client's Option Request asks for.
 *
 * As Scapy's: an Information-Request gets a Reply with every option; a Solicit without IAs an
 * Advertise (preference, server and client ids, Reconfigure Accept, the options asked for); one
 * with Rapid Commit a Reply; one asking only for temporary addresses (IA_TA) or prefixes (IA_PD)
 * an Advertise with NoAddrsAvail or NoPrefixAvail; messages without the ids RFC 8415 §16 wants,
 * or naming another server, nothing.
 *
 * Where Scapy 2.5 stops short, this one does what RFC 8415 says, so that a real client
 * (`dhclient -6`) gets a lease: addresses for IA_NA are handed out from startip–endip (Scapy
 * parses the pool but answers NoAddrsAvail), one per client DUID and IAID, with lease_time,
 * renewal_time (T1) and rebinding_time (T2); a Request gets a Reply (Scapy answers with a
 * Solicit), Renew and Rebind extend a binding, Release frees it, Decline takes the address out
 * of the pool, and Confirm says whether the addresses are on the link (Scapy answers none of
 * these four).
 */
import { normalizeIPv6, parseIPv6 } from "../core/addr.ts";
import type { Packet } from "../core/packet.ts";
import { isPacket } from "../core/state.ts";
import {
  DHCP6_Advertise,
  DHCP6_Reply,
  DHCP6OptBCMCSDomains,
  DHCP6OptBCMCSServers,
  DHCP6OptClientId,
  DHCP6OptDNSDomains,
  DHCP6OptDNSServers,
  DHCP6OptIA_NA,
  DHCP6OptIA_PD,
  DHCP6OptIA_TA,
  DHCP6OptIAAddress,
  DHCP6OptNISDomain,
  DHCP6OptNISPDomain,
  DHCP6OptNISPServers,
  DHCP6OptNISServers,
  DHCP6OptOptReq,
  DHCP6OptPref,
  DHCP6OptRapidCommit,
  DHCP6OptReconfAccept,
  DHCP6OptServerId,
  DHCP6OptSIPDomains,
  DHCP6OptSIPServers,
  DHCP6OptSNTPServers,
  DHCP6OptStatusCode,
  DUID_LLT,
} from "../layers/dhcp6.ts";
import { UDP } from "../layers/inet.ts";
import { IPv6 } from "../layers/inet6.ts";
import { Ether } from "../layers/l2.ts";
import { getInterface } from "../live/interfaces.ts";
import { getIfHwaddr } from "../live/ifutil.ts";
import { say } from "../live/output.ts";
import { sendp } from "../live/send.ts";
import { AnsweringMachine, machineFunction } from "./ansmachine.ts";

type List = string | readonly string[] | null;

export interface DHCPv6MachineOptions {
  /** Recursive DNS servers (default "2001:500::1035"). */
  dns?: List;
  /** DNS search domains (default "localdomain, local"). */
  domain?: List;
  sntpservers?: List;
  sipdomains?: List;
  sipservers?: List;
  /** NIS domain (the first of the list). */
  nisdomain?: List;
  nisservers?: List;
  nispdomain?: List;
  nispservers?: List;
  bcmcsdomains?: List;
  bcmcsservers?: List;
  /** First and last address handed out for IA_NA (default 2001:db8::1 to 2001:db8::20). */
  startip?: string;
  endip?: string;
  /** The server's DUID (a DUID_LLT, DUID_LL, DUID_EN packet); default DUID_LLT of the interface's MAC. */
  duid?: Packet | null;
  /** Preference in Advertise messages, 0–255 (default 255: clients take the first server). */
  advpref?: number;
  /** Preferred and valid lifetime of the addresses, seconds (default 1800). */
  leaseTime?: number;
  /** T1, seconds (default half the lease). */
  renewalTime?: number;
  /** T2, seconds (default 0.8 of the lease). */
  rebindingTime?: number;
  /** Print the options, the DUID and each Decline. */
  debug?: number | boolean;
}

/** Each configuration option: the machine's option, its class and field (in Scapy's order). */
const CONFIG: ReadonlyArray<readonly [option: keyof DHCPv6MachineOptions, cls: (init: Record<string, unknown>) => Packet, field: string, single?: boolean]> = [
  ["dns", DHCP6OptDNSServers, "dnsservers"],
  ["domain", DHCP6OptDNSDomains, "dnsdomains"],
  ["sntpservers", DHCP6OptSNTPServers, "sntpservers"],
  ["sipservers", DHCP6OptSIPServers, "sipservers"],
  ["sipdomains", DHCP6OptSIPDomains, "sipdomains"],
  ["nisservers", DHCP6OptNISServers, "nisservers"],
  ["nisdomain", DHCP6OptNISDomain, "nisdomain", true],
  ["nispservers", DHCP6OptNISPServers, "nispservers"],
  ["nispdomain", DHCP6OptNISPDomain, "nispdomain", true],
  ["bcmcsservers", DHCP6OptBCMCSServers, "bcmcsservers"],
  ["bcmcsdomains", DHCP6OptBCMCSDomains, "bcmcsdomains"],
] as never;

const ADDRESS_OPTIONS = new Set(["dns", "sntpservers", "sipservers", "nisservers", "nispservers", "bcmcsservers"]);

/** DHCPv6 status codes (RFC 8415 §21.13). */
const STATUS = { Success: 0, NoAddrsAvail: 2, NoBinding: 3, NotOnLink: 4, NoPrefixAvail: 6 } as const;

/** Seconds from 1970 to 2000, the DUID_LLT epoch. */
const EPOCH_2000 = 946684800;

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
const duidBytes = (v: unknown): Uint8Array => (isPacket(v) ? (v as Packet).build() : v instanceof Uint8Array ? v : new Uint8Array(0));

function toBig(addr: string, what: string): bigint {
  const b = parseIPv6(addr);
  if (!b) throw new TypeError(`DHCPv6_am: ${what} must be an IPv6 address, not ${JSON.stringify(addr)}`);
  let n = 0n;
  for (const x of b) n = (n << 8n) | BigInt(x);
  return n;
}

function fromBig(n: bigint): string {
  const parts: string[] = [];
  for (let i = 7; i >= 0; i--) parts.push(((n >> BigInt(i * 16)) & 0xffffn).toString(16));
  return normalizeIPv6(parts.join(":"))!;
}

/** Addresses startip–endip, one per (client DUID, IAID), kept for the machine's life; released ones come back, declined ones do not. */
class AddressPool {
  private next: bigint;
  private readonly freed: bigint[] = [];
  private readonly bindings = new Map<string, bigint>();
  private readonly taken = new Set<bigint>();

  constructor(
    readonly start: bigint,
    readonly end: bigint,
  ) {
    this.next = start;
  }

  has(addr: string): boolean {
    const parsed = parseIPv6(addr);
    if (!parsed) return false;
    const n = toBig(addr, "address");
    return n >= this.start && n <= this.end;
  }

  /** The client's address for this IA, or null (none yet, when `create` is false; or the pool is used up). */
  bind(key: string, create: boolean): string | null {
    const known = this.bindings.get(key);
    if (known !== undefined) return fromBig(known);
    if (!create) return null;
    let n = this.freed.shift();
    while (n === undefined && this.next <= this.end) {
      const c = this.next++;
      if (!this.taken.has(c)) n = c;
    }
    if (n === undefined) return null;
    this.taken.add(n);
    this.bindings.set(key, n);
    return fromBig(n);
  }

  /** Ends a binding; the address goes back to the pool unless `declined`. */
  release(key: string, declined = false): void {
    const n = this.bindings.get(key);
    if (n === undefined) return;
    this.bindings.delete(key);
    if (!declined) {
      this.taken.delete(n);
      this.freed.push(n);
    }
  }

  get handedOut(): ReadonlyMap<string, string> {
    return new Map([...this.bindings].map(([k, n]) => [k, fromBig(n)]));
  }
}

/** The options that follow a message, in order (its payload chain). */
function optionsOf(msg: Packet): Packet[] {
  const out: Packet[] = [];
  for (let o = msg.payload; o && o.spec.name !== "Raw" && o.spec.name !== "Padding"; o = o.payload) out.push(o);
  return out;
}

/** The IAs a message holds. */
const iasOf = (msg: Packet, name: string) => optionsOf(msg).filter((o) => o.spec.name === name);

export class DHCPv6_am extends AnsweringMachine {
  static override function_name = "dhcp6d";
  static override filter = "udp and port 546 and port 547";
  static override send_function = sendp;
  static override options = [
    "dns",
    "domain",
    "startip",
    "endip",
    "duid",
    "sntpservers",
    "sipdomains",
    "sipservers",
    "nisdomain",
    "nisservers",
    "nispdomain",
    "nispservers",
    "bcmcsservers",
    "bcmcsdomains",
    "debug",
    "advpref",
    "leaseTime",
    "renewalTime",
    "rebindingTime",
  ];

  /** The configuration options by code (Scapy's dhcpv6_options). */
  declare dhcpv6_options: Map<number, Packet>;
  declare advpref: number;
  declare startip: string;
  declare endip: string;
  declare lease_time: number;
  declare renewal_time: number;
  declare rebinding_time: number;
  declare debug: number;
  declare private givenDuid: Packet | null;
  declare private madeDuid: { iface: string; duid: Packet } | null;
  declare private pool: AddressPool;
  declare private givenSrc: string | null;

  override parse_options(o: DHCPv6MachineOptions): void {
    this.dhcpv6_options = new Map();
    const defaults: Partial<DHCPv6MachineOptions> = { dns: "2001:500::1035", domain: "localdomain, local" };
    for (const [name, cls, field, single] of CONFIG) {
      const given = o[name] === undefined ? defaults[name] : o[name];
      if (given === null || given === undefined) continue;
      let list: string[];
      if (typeof given === "string") list = given.split(",").map((x) => x.trim());
      else if (Array.isArray(given) && given.every((x) => typeof x === "string")) list = [...given];
      else throw new TypeError(`DHCPv6_am: bad '${name}': give a list of ${ADDRESS_OPTIONS.has(name) ? "IPv6 addresses" : "names"} or a text of them separated by commas`);
      if (ADDRESS_OPTIONS.has(name)) for (const a of list) if (!parseIPv6(a)) throw new TypeError(`DHCPv6_am: bad '${name}': ${JSON.stringify(a)} is not an IPv6 address`);
      const opt = cls({ [field]: single ? (list[0] ?? "") : list });
      this.dhcpv6_options.set(Number(opt.getFieldValue("optcode")), opt);
    }
    const advpref = o.advpref ?? 255;
    if (!Number.isInteger(advpref) || advpref < 0 || advpref > 255) throw new TypeError(`DHCPv6_am: advpref must be 0 to 255, not ${JSON.stringify(o.advpref)}`);
    this.advpref = advpref;
    this.startip = o.startip ?? "2001:db8::1";
    this.endip = o.endip ?? "2001:db8::20";
    const start = toBig(this.startip, "startip");
    const end = toBig(this.endip, "endip");
    if (end < start) throw new TypeError(`DHCPv6_am: endip ${this.endip} comes before startip ${this.startip}`);
    this.pool = new AddressPool(start, end);
    this.lease_time = o.leaseTime ?? 1800;
    this.renewal_time = o.renewalTime ?? Math.floor(this.lease_time / 2);
    this.rebinding_time = o.rebindingTime ?? Math.floor((this.lease_time * 4) / 5);
    for (const [k, v] of [["lease_time", this.lease_time], ["renewal_time", this.renewal_time], ["rebinding_time", this.rebinding_time]] as const) {
      if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) throw new TypeError(`DHCPv6_am: ${k} must be a whole number of seconds`);
    }
    if (o.duid !== undefined && o.duid !== null && !isPacket(o.duid)) throw new TypeError("DHCPv6_am: duid must be a DUID packet (DUID_LLT(...), DUID_LL(...), DUID_EN(...))");
    this.givenDuid = (o.duid as Packet | null | undefined) ?? null;
    this.madeDuid = null;
    this.givenSrc ??= null;
    this.debug = Number(o.debug ?? 0);
    if (this.debug) {
      say("\n[+] List of active DHCPv6 options:\n");
      for (const code of [...this.dhcpv6_options.keys()].sort((a, b) => a - b)) say(`    ${code}: ${String(this.dhcpv6_options.get(code)!)}\n`);
    }
  }

  private get iface(): string {
    const iface = this.replyIface;
    if (!iface) throw new Error("no interface to answer on (give iface=...)");
    return iface;
  }

  /** The server's DUID: the one given, else a DUID_LLT of the interface's MAC made the first time it is needed. */
  get duid(): Packet {
    if (this.givenDuid) return this.givenDuid;
    const iface = this.iface;
    if (this.madeDuid?.iface !== iface) {
      const duid = DUID_LLT({ lladdr: getIfHwaddr(iface), timeval: Math.floor(Date.now() / 1000) - EPOCH_2000 });
      this.madeDuid = { iface, duid };
      if (this.debug) say(`\n[+] Our server DUID:\n${duid.show({ dump: true }) ?? ""}`);
    }
    return this.madeDuid.duid;
  }

  /** The link-local address replies come from (the interface's, unless set: `am.src_addr = "fe80::1"`, as in Scapy). */
  get src_addr(): string {
    if (this.givenSrc) return this.givenSrc;
    const iface = this.iface;
    const a = getInterface(iface)?.addresses.find((x) => x.family === "IPv6" && /^fe[89ab]/i.test(x.address));
    if (!a) throw new Error(`${iface} has no link-local IPv6 address to answer from`);
    return a.address.replace(/%.*$/, "");
  }

  set src_addr(addr: string | null) {
    if (addr !== null && !parseIPv6(addr)) throw new TypeError(`DHCPv6_am: src_addr must be an IPv6 address, not ${JSON.stringify(addr)}`);
    this.givenSrc = addr;
  }

  /** Client DUID and IAID → address, for the bindings made so far (Scapy's am.leases). */
  get leases(): ReadonlyMap<string, string> {
    return this.pool.handedOut;
  }

  private ours(msg: Packet): boolean {
    const sid = msg.getLayer(DHCP6OptServerId);
    if (!sid) return false;
    const want = duidBytes(this.duid);
    const got = duidBytes(sid.duid);
    return got.length === want.length && got.every((b, i) => b === want[i]);
  }

  override is_request(req: Packet): boolean {
    const ip = req.getLayer(IPv6);
    const udp = ip?.getLayer(UDP);
    if (!ip || !udp || udp.sport !== 546 || udp.dport !== 547) return false;
    const msg = udp.payload;
    if (!msg || !(msg.spec.name === "DHCP6" || (msg.spec.name.startsWith("DHCP6_") && !msg.spec.name.startsWith("DHCP6_Relay")))) return false;
    // A datagram cut short (fewer bytes than UDP's length says) is not answered.
    const claimed = udp.len;
    if (typeof claimed === "number" && msg.build().length < claimed - 8) return false;
    const type = Number(msg.getFieldValue("msgtype"));
    const client = !!msg.getLayer(DHCP6OptClientId);
    const server = !!msg.getLayer(DHCP6OptServerId);
    switch (type) {
      case 1: // Solicit
      case 4: // Confirm
      case 6: // Rebind
        return client && !server;
      case 3: // Request
      case 5: // Renew
      case 8: // Release
      case 9: // Decline
        return client && this.ours(msg);
      case 11: // Information-Request
        if (server && !this.ours(msg)) return false;
        return !msg.getLayer(DHCP6OptIA_NA) && !msg.getLayer(DHCP6OptIA_TA) && !msg.getLayer(DHCP6OptIA_PD);
      default:
        return false;
    }
  }

  override make_reply(req: Packet): Packet | null {
    const msg = req.getLayer(UDP)!.payload!;
    const type = Number(msg.getFieldValue("msgtype"));
    const trid = Number(msg.getFieldValue("trid"));
    const clientDuid = msg.getLayer(DHCP6OptClientId)?.duid;
    const ids = () => [DHCP6OptServerId({ duid: this.duid }), ...(clientDuid === undefined ? [] : [DHCP6OptClientId({ duid: clientDuid })])];
    const ianas = iasOf(msg, "DHCP6OptIA_NA");
    const key = (ia: Packet) => `${hex(duidBytes(clientDuid))}/${Number(ia.getFieldValue("iaid")) >>> 0}`;
    let body: Packet[];
    switch (type) {
      case 1: {
        if (msg.getLayer(DHCP6OptRapidCommit)) {
          body = [DHCP6_Reply({ trid }), DHCP6OptRapidCommit(), ...ids(), ...ianas.map((ia) => this.lease(ia, key(ia), true))];
        } else if (ianas.length) {
          body = [DHCP6_Advertise({ trid }), DHCP6OptPref({ prefval: this.advpref }), ...ids(), ...ianas.map((ia) => this.offer(ia, key(ia))), DHCP6OptReconfAccept(), ...this.asked(msg)];
        } else if (msg.getLayer(DHCP6OptIA_TA)) {
          body = [DHCP6_Advertise({ trid }), DHCP6OptStatusCode({ statuscode: STATUS.NoAddrsAvail, statusmsg: "packetry dhcp6d does not assign temporary addresses" }), ...ids()];
        } else if (msg.getLayer(DHCP6OptIA_PD)) {
          body = [DHCP6_Advertise({ trid }), DHCP6OptStatusCode({ statuscode: STATUS.NoPrefixAvail, statusmsg: "packetry dhcp6d does not delegate prefixes" }), ...ids()];
        } else {
          body = [DHCP6_Advertise({ trid }), DHCP6OptPref({ prefval: this.advpref }), ...ids(), DHCP6OptReconfAccept(), ...this.asked(msg)];
        }
        break;
      }
      case 3: // Request: bind what was offered (or anything free)
      case 5: // Renew: the same binding, lifetimes again
        body = [DHCP6_Reply({ trid }), ...ids(), ...ianas.map((ia) => this.lease(ia, key(ia), type === 3)), ...this.asked(msg)];
        break;
      case 6: {
        // Rebind: answered only for bindings this server has (another server may hold them).
        if (!ianas.length || ianas.some((ia) => this.pool.bind(key(ia), false) === null)) return null;
        body = [DHCP6_Reply({ trid }), ...ids(), ...ianas.map((ia) => this.lease(ia, key(ia), false)), ...this.asked(msg)];
        break;
      }
      case 8:
      case 9: {
        for (const ia of ianas) this.pool.release(key(ia), type === 9);
        if (type === 9 && this.debug) say(`[DEBUG] Received Decline from ${req.getLayer(IPv6)!.src} for ${this.addressesIn(ianas).join(", ")}\n`);
        body = [DHCP6_Reply({ trid }), ...ids(), DHCP6OptStatusCode({ statuscode: STATUS.Success, statusmsg: type === 8 ? "Release received" : "Decline received" })];
        break;
      }
      case 4: {
        const addrs = this.addressesIn(ianas);
        if (!addrs.length) return null;
        const onLink = addrs.every((a) => this.pool.has(a));
        body = [DHCP6_Reply({ trid }), ...ids(), DHCP6OptStatusCode(onLink ? { statuscode: STATUS.Success, statusmsg: "All addresses still on link" } : { statuscode: STATUS.NotOnLink, statusmsg: "Some addresses are not on link" })];
        break;
      }
      case 11:
        body = [DHCP6_Reply({ trid }), ...ids(), ...this.dhcpv6_options.values()];
        break;
      default:
        return null;
    }
    const l3 = IPv6({ src: this.src_addr, dst: req.getLayer(IPv6)!.src }).div(UDP({ sport: 547, dport: 546 }), ...body.map((o) => o.copy()));
    const ether = req.getLayer(Ether);
    return ether ? Ether({ dst: ether.src }).div(l3) : l3;
  }

  /** The configuration options the message's Option Request asks for (all of them without one). */
  private asked(msg: Packet): Packet[] {
    const oro = msg.getLayer(DHCP6OptOptReq);
    if (!oro) return [...this.dhcpv6_options.values()];
    const wanted = new Set((oro.reqopts as number[]).map(Number));
    return [...this.dhcpv6_options].filter(([code]) => wanted.has(code)).map(([, o]) => o);
  }

  private addressesIn(ianas: Packet[]): string[] {
    return ianas.flatMap((ia) => (ia.getFieldValue("ianaopts") as Packet[]).filter((o) => o.spec.name === "DHCP6OptIAAddress").map((o) => String(o.getFieldValue("addr"))));
  }

  private ia(ia: Packet, inner: Packet[]): Packet {
    return DHCP6OptIA_NA({ iaid: Number(ia.getFieldValue("iaid")) >>> 0, T1: this.renewal_time, T2: this.rebinding_time, ianaopts: inner });
  }

  private address(addr: string): Packet {
    return DHCP6OptIAAddress({ addr, preflft: this.lease_time, validlft: this.lease_time });
  }

  /** The address an Advertise offers for an IA (bound to it, so the Request gets the same). */
  private offer(ia: Packet, key: string): Packet {
    const addr = this.pool.bind(key, true);
    if (addr === null) return this.iaStatus(ia, STATUS.NoAddrsAvail, "No addresses left in the pool");
    return this.ia(ia, [this.address(addr)]);
  }

  /** The IA of a Reply: its binding (made now when `create`), else the status saying why not. */
  private lease(ia: Packet, key: string, create: boolean): Packet {
    const addr = this.pool.bind(key, create);
    if (addr === null) return create ? this.iaStatus(ia, STATUS.NoAddrsAvail, "No addresses left in the pool") : this.iaStatus(ia, STATUS.NoBinding, "No binding for this IA");
    return this.ia(ia, [this.address(addr)]);
  }

  private iaStatus(ia: Packet, statuscode: number, statusmsg: string): Packet {
    return DHCP6OptIA_NA({ iaid: Number(ia.getFieldValue("iaid")) >>> 0, T1: 0, T2: 0, ianaopts: [DHCP6OptStatusCode({ statuscode, statusmsg })] });
  }

  override print_reply(req: Packet, reply: Packet | readonly Packet[]): void {
    const norm = (p: Packet | null | undefined) => (p?.spec.displayName ?? p?.spec.name ?? "?").replace(/^DHCPv6 /, "").replace(/ Message$/, "");
    const r = reply as Packet;
    say(`Sent ${norm(r.getLayer(UDP)?.payload)} answering to ${norm(req.getLayer(UDP)?.payload)} from ${req.getLayer(IPv6)!.src}\n`);
  }
}

/** Scapy's dhcp6d(...): DHCPv6_am(...)() — a DHCPv6 server until count, timeout or Ctrl-C. */
export const dhcp6d = machineFunction(DHCPv6_am, "dhcp6d");
