/** Dynamic DNS (RFC 2136): dyndnsAdd / dyndnsDel send one UPDATE to a name server and resolve with its rcode. */
import { strictOptions } from "../core/options.ts";
import { DNS, DNSQR, DNSRR } from "../layers/dns.ts";
import { IP, UDP } from "../layers/inet.ts";
import { sr1 } from "../live/sr.ts";

export interface DyndnsOptions {
  /** The record type (default A; dyndns_del: ALL, every record of the name). */
  type?: string;
  ttl?: number;
  /** Seconds to wait for the answer (default 5). */
  timeout?: number;
}

const checkAdd = strictOptions<DyndnsOptions>("dyndns_add", { type: true, ttl: true, timeout: true });
const checkDel = strictOptions<DyndnsOptions>("dyndns_del", { type: true, ttl: true, timeout: true });

/** The zone of a name: what follows its first label ("dyn.lab.test" → "lab.test"). */
function zoneOf(name: string): string {
  return name.slice(name.indexOf(".") + 1);
}

/** The UPDATE's rcode (0: done), or -1 when no answer came. */
async function update(nameserver: string, name: string, record: ReturnType<typeof DNSRR>, timeout: number): Promise<number> {
  const query = IP({ dst: nameserver }).div(UDP()).div(DNS({ opcode: 5, qd: [DNSQR({ qname: zoneOf(name), qtype: "SOA" })], ns: [record] }));
  const r = await sr1(query, { verbose: 0, timeout });
  const dns = r?.getLayer(DNS);
  return dns ? Number(dns.rcode) : -1;
}

/** Asks nameserver to add a record for name (Scapy's dyndns_add): resolves with the rcode, -1 without answer. */
export async function dyndnsAdd(nameserver: string, name: string, rdata: string, options: DyndnsOptions = {}): Promise<number> {
  checkAdd(options);
  return update(nameserver, name, DNSRR({ rrname: name, type: options.type ?? "A", ttl: options.ttl ?? 10, rdata }), options.timeout ?? 5);
}

/** Asks nameserver to delete name's records (of one type, or all): resolves with the rcode, -1 without answer. */
export async function dyndnsDel(nameserver: string, name: string, options: DyndnsOptions = {}): Promise<number> {
  checkDel(options);
  // "ALL" (every type, 255) is named ANY in the type table (Scapy 2.5's own default "ALL" fails there with a KeyError).
  const type = (options.type ?? "ALL") === "ALL" ? 255 : options.type!;
  return update(nameserver, name, DNSRR({ rrname: name, type, rclass: "ANY", ttl: 0, rdata: "" }), options.timeout ?? 5);
}
