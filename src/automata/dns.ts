/**
 * DNS_am (dnsd, dns_spoof): a DNS server over UDP port 53 with Scapy 2.6's options. A and AAAA
 * queries are answered from `match` (name → address, or → [IPv4, IPv6]; a list of names answers
 * with the interface's addresses), else with `joker` / `joker6` (null: the interface's address,
 * false: no answer); SRV from `srvmatch` (name → [port, target]); in-addr.arpa PTR with
 * `jokerarpa`; anything left is asked of conf.nameservers when `relay` is on, and answered with
 * NXDOMAIN when `send_error` is, else not at all. `from_ip` / `from_ip6` say whose queries are
 * answered (true: everyone; false: no one; a Net or CIDR text).
 *
 * mDNS_am (mdnsd) is Scapy 2.6's multicast DNS responder (RFC 6762) on UDP 5353: the answer goes
 * to the group (224.0.0.251 or ff02::fb, TTL 255) from the address it announces, its records
 * with the cache-flush bit, the question not repeated (aa=1, rd=0), an OPT record with the EDNS0
 * owner option (Windows' extension, as Scapy adds it); a name of its own without the type asked
 * for gets an NSEC record saying so (RFC 6762 6.1), and a reply of NSEC records alone is not sent.
 * A null answer announces the interface's addresses, all of them.
 */
import { latin1 } from "../core/bytes.ts";
import type { Packet } from "../core/packet.ts";
import { DNS, DNSQR, DNSRR } from "../layers/dns.ts";
import { dnsCompress } from "../layers/dnsCompress.ts";
import { DNSRRNSEC, DNSRROPT, DNSRRSRV, EDNS0OWN } from "../layers/dnsRecords.ts";
import { LLMNRQuery } from "../layers/llmnr.ts";
import { IP, UDP } from "../layers/inet.ts";
import { IPv6 } from "../layers/inet6.ts";
import { Ether } from "../layers/l2.ts";
import { getIfAddr, getIfAddr6 } from "../live/ifutil.ts";
import { getInterface } from "../live/interfaces.ts";
import { warn } from "../live/output.ts";
import { conf } from "../core/conf.ts";
import { AnsweringMachine, machineFunction } from "./ansmachine.ts";
import { dnsResolve } from "./dnsRelay.ts";
import { inAddressSet, Net, Net6, type AddressSet } from "./net.ts";

type Address = string | readonly string[] | null | false;

/** Bytes of a DNS header. */
const DNS_HEADER = 12;

/** The first question's name starts right after the 12-byte header: a pointer to offset 12. */
const POINTER_TO_FIRST_QUESTION = Uint8Array.of(0xc0, DNS_HEADER);

export interface DNSMachineOptions {
  /** IPv4 answer for names not in match (null: the interface's; false: none). Default null, false when match is given. */
  joker?: string | null | false;
  /** IPv6 answer for names not in match (null: the interface's; false: none). Default false. */
  joker6?: string | null | false;
  /** Names answered: name → IPv4, or → [IPv4, IPv6] (each an address, a list of them, null or false); or a list of names. */
  match?: Record<string, string | readonly [Address, Address]> | readonly string[] | null;
  /** SRV answers: name → [port, target]. */
  srvmatch?: Record<string, readonly [number, string]> | null;
  /** The name every in-addr.arpa PTR query gets (false: none). */
  jokerarpa?: string | false;
  /** Ask conf.nameservers for what this server cannot answer. */
  relay?: boolean;
  /** Answer what is left with NXDOMAIN rather than silence. */
  sendError?: boolean;
  /** Whose IPv4 queries are answered: true (all, the default), false (none), a Net or CIDR text. */
  fromIp?: boolean | AddressSet;
  /** Whose IPv6 queries are answered (default false: none, as Scapy 2.6). */
  fromIp6?: boolean | AddressSet;
  /** Source address of the replies (default: the address the query went to). */
  srcIp?: string | null;
  srcIp6?: string | null;
  /** TTL of the answers, seconds (default 10). */
  ttl?: number;
}

/** A name as the match tables key it: lower case, with the final dot. */
function nameKey(name: string | Uint8Array): string {
  const text = (typeof name === "string" ? name : latin1(name)).toLowerCase();
  return text.endsWith(".") ? text : `${text}.`;
}

function source(v: boolean | AddressSet | undefined, dflt: boolean, ipv6: boolean): boolean | AddressSet {
  if (v === undefined) return dflt;
  if (typeof v === "string") return ipv6 ? new Net6(v) : new Net(v);
  if (typeof v === "boolean" || Array.isArray(v) || v instanceof Net || v instanceof Net6) return v;
  throw new TypeError(`DNS_am: from_ip${ipv6 ? "6" : ""} must be true, false, a Net or an address text`);
}

function checkJoker(name: string, v: unknown): string | null | false {
  if (v === undefined || v === null) return null;
  if (v === false || typeof v === "string") return v;
  throw new TypeError(`DNS_am: bad '${name}': give an address (text), null or false`);
}

export class DNS_am extends AnsweringMachine {
  static override function_name = "dnsd";
  static override filter: string | undefined = "udp port 53";
  static override options = ["joker", "joker6", "match", "srvmatch", "jokerarpa", "relay", "sendError", "fromIp", "fromIp6", "srcIp", "srcIp6", "ttl"];
  /** The message class answered. */
  static cls: (init?: Record<string, unknown>) => Packet = DNS as never;
  /** LLMNR's ways: answers from the interface's address, not compressed. */
  static llmnr = false;
  /** mDNS's ways: answers to the group, from the address announced, with cache-flush bits and NSEC for what is not there. */
  static mdns = false;

  declare joker: string | null | false;
  declare joker6: string | null | false;
  declare jokerarpa: string | false;
  declare match: Map<string, readonly [Address, Address]>;
  declare srvmatch: Map<string, readonly [number, string]>;
  declare relay: boolean;
  declare send_error: boolean;
  declare from_ip: boolean | AddressSet;
  declare from_ip6: boolean | AddressSet;
  declare src_ip: string | null;
  declare src_ip6: string | null;
  declare ttl: number;

  override parse_options(o: DNSMachineOptions): void {
    let joker = checkJoker("joker", o.joker);
    const joker6 = o.joker6 === undefined ? false : checkJoker("joker6", o.joker6);
    const jokerarpa = o.jokerarpa ?? false;
    if (jokerarpa !== false && typeof jokerarpa !== "string") throw new TypeError("DNS_am: bad 'jokerarpa': give a host name or false");
    if (o.joker === undefined && o.match) joker = false;
    this.joker = joker;
    this.joker6 = joker6;
    this.jokerarpa = jokerarpa;
    const pair = (v: unknown): readonly [Address, Address] => {
      if (Array.isArray(v) && v.length === 2) return [v[0] as Address, v[1] as Address];
      if (typeof v === "string") return [v, joker6];
      throw new TypeError(`DNS_am: bad match value ${JSON.stringify(v)}: give an address or [IPv4, IPv6]`);
    };
    this.match = new Map();
    if (Array.isArray(o.match)) for (const name of o.match) this.match.set(nameKey(name), [null, null]);
    else if (o.match) for (const [name, v] of Object.entries(o.match)) this.match.set(nameKey(name), pair(v));
    this.srvmatch = new Map(Object.entries(o.srvmatch ?? {}).map(([name, v]) => [nameKey(name), v]));
    this.relay = !!o.relay;
    this.send_error = !!o.sendError;
    this.from_ip = source(o.fromIp, true, false);
    this.from_ip6 = source(o.fromIp6, false, true);
    this.src_ip = o.srcIp ?? null;
    this.src_ip6 = o.srcIp6 ?? null;
    if (this.mdns && this.src_ip) throw new TypeError("mDNS_am: cannot use 'srcIp' in mDNS (the answer comes from the address it announces)");
    if (this.mdns && this.src_ip6) throw new TypeError("mDNS_am: cannot use 'srcIp6' in mDNS (the answer comes from the address it announces)");
    this.ttl = o.ttl ?? 10;
  }

  private get msgClass(): (init?: Record<string, unknown>) => Packet {
    return (this.constructor as typeof DNS_am).cls;
  }

  private get llmnr(): boolean {
    return (this.constructor as typeof DNS_am).llmnr;
  }

  private get mdns(): boolean {
    return (this.constructor as typeof DNS_am).mdns;
  }

  override is_request(req: Packet): boolean {
    const dns = req.getLayer(this.msgClass.name);
    if (!dns || dns.getFieldValue("qr") !== 0) return false;
    // A message shorter than DNS's header, or claiming other questions than it holds, is cut or
    // garbled: not answered (a packet built here rather than received has its counts computed).
    const udpLen = req.getLayer(UDP)?.len;
    if (typeof udpLen === "number" && udpLen - 8 < DNS_HEADER) return false;
    const qd = (dns.getFieldValue("qd") as Packet[] | null) ?? [];
    const qdcount = dns.getFieldValue("qdcount");
    if (typeof qdcount === "number" && qdcount !== qd.filter((q) => q.spec.name === "DNSQR").length) return false;
    const ip6 = req.getLayer(IPv6);
    const allowed = ip6 ? this.from_ip6 : this.from_ip;
    if (typeof allowed === "boolean") return allowed;
    const src = (ip6 ?? req.getLayer(IP))?.getFieldValue("src") as string | undefined;
    return src !== undefined && inAddressSet(src, allowed);
  }

  /** The interface's own address, for null answers (mDNS: all of them). */
  private ownAddress(v6: boolean): string | string[] | undefined {
    const iface = this.listening?.iface ?? this.runOptions.iface ?? conf.iface;
    if (this.mdns) {
      const all = (getInterface(iface)?.addresses ?? []).filter((a) => a.family === (v6 ? "IPv6" : "IPv4")).map((a) => a.address);
      return all.length > 0 ? all : undefined;
    }
    return v6 ? getIfAddr6(iface) : getIfAddr(iface);
  }

  override async make_reply(req: Packet): Promise<Packet | null> {
    const resp = this.replyHeaders(req);
    if (!resp) return null;
    const query = req.getLayer(this.msgClass.name)!;
    const questions = [...((query.getFieldValue("qd") as Packet[] | null) ?? [])];
    // Scapy's special case: ALL (255) stands for A and AAAA.
    const all = questions.findIndex((q) => q.getFieldValue("qtype") === 255);
    if (all >= 0) {
      const q = questions.splice(all, 1)[0]!;
      for (const qtype of [1, 28]) questions.push(DNSQR({ qname: q.getFieldValue("qname") as Uint8Array, qtype, unicastresponse: q.getFieldValue("unicastresponse") as number, qclass: q.getFieldValue("qclass") as number }));
    }
    const an: Packet[] = [];
    const announced: [string | null, string | null] = [null, null];
    for (const q of questions) {
      if (q.spec.name !== "DNSQR") continue;
      const qname = q.getFieldValue("qname") as Uint8Array;
      const qtype = q.getFieldValue("qtype") as number;
      const key = nameKey(qname);
      if (qtype === 1 || qtype === 28) {
        const v6 = qtype === 28;
        const entry = this.match.get(key) ?? [this.joker, this.joker6];
        let rdata = entry[v6 ? 1 : 0];
        if (rdata === null && !this.relay) rdata = this.ownAddress(v6) ?? false;
        if (rdata) {
          const addrs = typeof rdata === "string" ? [rdata] : rdata;
          // mDNS: the answer comes from the address it announces (the first, when there are several).
          if (this.mdns && addrs.length > 0) announced[v6 ? 1 : 0] = addrs[0]!;
          for (const addr of addrs) an.push(DNSRR({ rrname: qname, ttl: this.ttl, rdata: addr, type: qtype, ...(this.mdns ? { cacheflush: 1 } : {}) }));
          continue;
        }
      } else if (qtype === 33) {
        const srv = this.srvmatch.get(key);
        if (srv) {
          an.push(DNSRRSRV({ rrname: qname, port: srv[0], target: srv[1], weight: 100, ttl: this.ttl }));
          continue;
        }
      } else if (qtype === 12 && key.endsWith(".in-addr.arpa.") && this.jokerarpa) {
        an.push(DNSRR({ rrname: qname, type: 12, ttl: this.ttl, rdata: this.jokerarpa }));
        continue;
      }
      if (this.relay) {
        const got = await dnsResolve(qname, qtype);
        if (got && got.length) {
          an.push(...got);
          continue;
        }
      }
      // RFC 6762 6.1: no record of that type for the name: an NSEC record says so.
      if (this.mdns) an.push(DNSRRNSEC({ ttl: this.ttl, rrname: qname, nextname: qname, typebitmaps: [qtype] }));
    }
    const id = query.getFieldValue("id");
    const qd = query.getFieldValue("qd");
    if (this.mdns) {
      if (an.every((rr) => rr.getFieldValue("type") === 47)) return null;
      const message = this.msgClass({ id, aa: 1, rd: 0, qr: 1, qd: [], an, ar: [DNSRROPT({ z: 0x1194, rdata: [EDNS0OWN()] })] });
      const reply = resp(dnsCompress(message));
      const l3 = reply.getLayer(IPv6) ?? reply.getLayer(IP);
      const from = reply.getLayer(IPv6) ? announced[1] : announced[0];
      if (l3 && from) l3.setFieldValue("src", from);
      return reply;
    }
    if (an.length === 0) {
      if (this.send_error) return resp(this.msgClass({ id, qr: 1, qd, rcode: 3 }));
      return null;
    }
    // LLMNR answers are not compressed (Scapy's); neither is a message class of another layer.
    if (this.llmnr || this.msgClass !== (DNS as never)) return resp(this.msgClass({ id, qr: 1, qd, an }));
    // Compressed as Scapy's dns_compress does. The usual reply (one question, addresses for its
    // name) needs only its answers' names pointing at the question: written so directly.
    const first = nameKey((questions[0]?.getFieldValue("qname") as Uint8Array | undefined) ?? "");
    const single = questions.length === 1 && (qd as Packet[]).length === 1 && an.every((rr) => rr.spec.name === "DNSRR" && (rr.getFieldValue("type") === 1 || rr.getFieldValue("type") === 28) && nameKey(rr.getFieldValue("rrname") as Uint8Array) === first);
    if (single) {
      for (const rr of an) rr.setFieldValue("rrname", POINTER_TO_FIRST_QUESTION);
      return resp(this.msgClass({ id, qr: 1, qd, an }));
    }
    return resp(dnsCompress(this.msgClass({ id, qr: 1, qd, an })));
  }

  /** Ether (when the query had one), IP or IPv6, and UDP, turned around: a function stacking the message on them. */
  private replyHeaders(req: Packet): ((message: Packet) => Packet) | null {
    const udp = req.getLayer(UDP);
    const ip6 = req.getLayer(IPv6);
    const ip = req.getLayer(IP);
    if (!udp || (!ip && !ip6)) {
      warn(`${this.machineName}: no IP/UDP in ${req.summary()}`);
      return null;
    }
    const l4 = UDP({ sport: udp.dport, dport: udp.sport });
    if (this.mdns) {
      // To the group, TTL 255 ("all Multicast DNS responses SHOULD be sent with IP TTL set to 255"); the addresses filled when sent.
      const l3 = ip6 ? IPv6({ dst: "ff02::fb", fl: ip6.fl, hlim: 255 }) : IP({ dst: "224.0.0.251", id: ip!.id, ttl: 255 });
      if (!req.getLayer(Ether)) return (m) => l3.div(l4, m);
      return (m) => Ether().div(l3, l4, m);
    }
    // LLMNR queries go to a multicast group: the answer comes from the interface's own addresses.
    const llmnr = this.llmnr;
    const from6 = this.src_ip6 ?? (llmnr ? undefined : ip6?.dst);
    const from4 = this.src_ip ?? (llmnr ? undefined : ip?.dst);
    const l3 = ip6
      ? IPv6({ dst: ip6.src, ...(from6 ? { src: from6 } : {}), fl: ip6.fl, hlim: ip6.hlim })
      : IP({ dst: ip!.src, ...(from4 ? { src: from4 } : {}), id: ip!.id, ttl: ip!.ttl });
    const ether = req.getLayer(Ether);
    if (!ether) return (m) => l3.div(l4, m);
    // From the address the query went to (unless that was broadcast or, for LLMNR, multicast: then the interface's).
    const src = ether.dst === "ff:ff:ff:ff:ff:ff" || llmnr ? undefined : ether.dst;
    const l2 = Ether({ dst: ether.src, ...(src ? { src } : {}) });
    return (m) => l2.div(l3, l4, m);
  }
}

/**
 * LLMNR_am (llmnrd): DNS_am's options on UDP 5355 (RFC 4795), answering to the querier from the
 * interface's address, uncompressed. Queries are LLMNRQuery; the reply is LLMNRQuery with qr=1,
 * as Scapy's (it reads back as LLMNRResponse).
 */
export class LLMNR_am extends DNS_am {
  static override function_name = "llmnrd";
  static override filter: string | undefined = "udp port 5355";
  static override cls: (init?: Record<string, unknown>) => Packet = LLMNRQuery as never;
  static override llmnr = true;
}

/** mDNS_am (mdnsd): DNS_am's options on UDP 5353, answering as RFC 6762 says (see the file's comment). */
export class mDNS_am extends DNS_am {
  static override function_name = "mdnsd";
  static override filter: string | undefined = "udp port 5353";
  static override mdns = true;
}

/** Scapy 2.6's mdnsd(...): mDNS_am(...)(). */
export const mdnsd = machineFunction(mDNS_am, "mdnsd");

/** Scapy 2.6's llmnrd(...): LLMNR_am(...)(). */
export const llmnrd = machineFunction(LLMNR_am, "llmnrd");
/** Scapy 2.5's name for llmnrd. */
export const llmnr_spoof = machineFunction(LLMNR_am, "llmnr_spoof");

/** Scapy 2.6's dnsd(...): DNS_am(...)(). */
export const dnsd = machineFunction(DNS_am, "dnsd");
/** Scapy 2.5's name for dnsd. */
export const dns_spoof = machineFunction(DNS_am, "dns_spoof");
