/**
 * DNS-SD (RFC 6763) as Scapy 2.6's dnssd: one mDNS question (PTR for _services._dns-sd._udp.local
 * by default) to 224.0.0.251 or ff02::fb on an interface, every answer gathered for `timeout`
 * seconds (sr with multi), in a DNSSDResult whose show() lists each responder's address and the
 * records it gave (PTR and SRV by default). Scapy's table adds a MAC column when Wireshark's
 * manufacturer database is there; packetry has none, so it shows the address and the records.
 */
import { conf } from "../core/conf.ts";
import type { Packet } from "../core/packet.ts";
import { SndRcvList, type QueryAnswer } from "../core/plist.ts";
import { DNS_TYPES } from "../layers/data/dnsTables.ts";
import { DNS, DNSQR } from "../layers/dns.ts";
import { IP, UDP } from "../layers/inet.ts";
import { IPv6 } from "../layers/inet6.ts";
import { getInterface } from "../live/interfaces.ts";
import { sr } from "../live/sr.ts";
import { formatTable } from "../live/table.ts";

export class DNSSDResult extends SndRcvList {
  constructor(items: Iterable<QueryAnswer> = [], name = "DNS-SD") {
    super(items, name);
  }

  /** Prints the services found: each responder's address and its records of these types (alltypes: every type). */
  override show(options: { types?: readonly string[]; alltypes?: boolean; dump?: boolean } = {}): string | undefined {
    const types = options.alltypes ? null : (options.types ?? ["PTR", "SRV"]);
    const rows: Array<[string, string[]]> = [];
    for (const [, r] of this) {
      const dns = r.getLayer(DNS);
      if (!dns) continue;
      const attrs: string[] = [];
      for (const rr of [...((dns.getFieldValue("an") as Packet[] | null) ?? []), ...((dns.getFieldValue("ar") as Packet[] | null) ?? [])]) {
        const type = (DNS_TYPES as Record<number, string>)[rr.getFieldValue("type") as number];
        if (types && (type === undefined || !types.includes(type))) continue;
        if (rr.spec.name === "DNSRRNSEC") attrs.push(rr.sprintf("%type%=%nextname%"));
        else if (rr.spec.name === "DNSRRSRV") attrs.push(rr.sprintf("%type%=(%target%,%port%)"));
        else if (rr.spec.layout.fieldIndex.has("rdata")) attrs.push(rr.sprintf("%type%=%rdata%"));
      }
      rows.push([String((r.getLayer(IPv6) ?? r.getLayer(IP))?.getFieldValue("src") ?? "??"), attrs]);
    }
    rows.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    // As Scapy's pretty_list: a cell holding several values takes a line each, the other cells blank below the first.
    const lines: string[][] = [];
    for (const [ip, attrs] of rows) {
      const values = attrs.length > 0 ? attrs : [" "];
      values.forEach((v, k) => lines.push([k === 0 ? ip : " ", v]));
    }
    const text = formatTable(["IP", "Service"], lines);
    if (options.dump) return text;
    console.log(text);
    return undefined;
  }
}

export interface DNSSDOptions {
  /** The service name asked (default "_services._dns-sd._udp.local": every service type). */
  service?: string;
  /** 4 (224.0.0.251, the default) or 6 (ff02::fb). */
  af?: 4 | 6;
  /** The question's type: "PTR" (default), "SRV", "TXT"... */
  qtype?: string | number;
  /** The interface to ask on (default conf.iface). */
  iface?: string;
  verbose?: number;
  /** Seconds to gather answers (default 3). */
  timeout?: number;
}

const DNSSD_OPTIONS = new Set(["service", "af", "qtype", "iface", "verbose", "timeout"]);

/** Scapy's dnssd(): asks on the interface, returns what every responder said. */
export async function dnssd(options: DNSSDOptions = {}): Promise<DNSSDResult> {
  for (const k of Object.keys(options)) if (!DNSSD_OPTIONS.has(k)) throw new TypeError(`dnssd: unknown option ${k} (options: ${[...DNSSD_OPTIONS].join(", ")})`);
  const af = options.af ?? 4;
  if (af !== 4 && af !== 6) throw new TypeError(`dnssd: af must be 4 or 6, got ${String(af)}`);
  const iface = options.iface ?? conf.iface;
  // Scapy's ScopedIP: the group on this interface, from its own address.
  const own = getInterface(iface)?.addresses.find((a) => a.family === (af === 4 ? "IPv4" : "IPv6"))?.address;
  const l3 = af === 4 ? IP({ dst: "224.0.0.251", ttl: 255, ...(own ? { src: own } : {}) }) : IPv6({ dst: "ff02::fb", ...(own ? { src: own } : {}) });
  const query = l3.div(UDP({ sport: 5353, dport: 5353 }), DNS({ rd: 0, qd: [DNSQR({ qname: options.service ?? "_services._dns-sd._udp.local", qtype: options.qtype ?? "PTR" })] }));
  const [ans] = await sr(query, { multi: true, timeout: options.timeout ?? 3, verbose: options.verbose ?? 2, iface });
  return new DNSSDResult(ans);
}
