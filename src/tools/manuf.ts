/**
 * conf.manufdb: MAC vendor names by OUI (the first three bytes), from Wireshark's manuf data
 * shipped with packetry (data/manuf.ts), with Scapy's ManufDA methods: the vendor's long and
 * short names, a MAC written with its vendor (`Cisco:11:22:33`), and a search by name.
 */
import { normalizeMAC } from "../core/addr.ts";
import { MANUF } from "./data/manuf.ts";

export type Vendor = readonly [short: string, long: string];

function ouiOf(mac: string): string | null {
  const m = normalizeMAC(mac);
  return m === null ? null : m.slice(0, 8).toUpperCase();
}

export class ManufDA {
  private table: Map<string, Vendor> | null = null;

  /** OUI ("00:00:0C") → [short, long], parsed on first use. */
  private get vendors(): Map<string, Vendor> {
    if (this.table) return this.table;
    const table = new Map<string, Vendor>();
    for (const line of MANUF.split("\n")) {
      const [short = "", long = "", ouis = ""] = line.split("\t");
      const vendor: Vendor = [short, long || short];
      for (let i = 0; i < ouis.length; i += 6) table.set(`${ouis.slice(i, i + 2)}:${ouis.slice(i + 2, i + 4)}:${ouis.slice(i + 4, i + 6)}`, vendor);
    }
    return (this.table = table);
  }

  /** [short, long] of the MAC's vendor, or undefined. */
  lookup(mac: string): Vendor | undefined {
    const oui = ouiOf(mac);
    return oui === null ? undefined : this.vendors.get(oui);
  }

  /** The vendor's full name, or the MAC itself when unknown (Scapy's _get_manuf). */
  getManuf(mac: string): string {
    return this.lookup(mac)?.[1] ?? mac;
  }

  /** The vendor's short name, or the MAC itself (Scapy's _get_short_manuf). */
  getShortManuf(mac: string): string {
    return this.lookup(mac)?.[0] ?? mac;
  }

  /** The MAC with its vendor's short name for the first three bytes, `Cisco:11:22:33` (Scapy's _resolve_MAC). */
  resolveMAC(mac: string): string {
    const vendor = this.lookup(mac);
    const m = normalizeMAC(mac);
    return vendor && m ? `${vendor[0]}:${m.slice(9)}` : mac;
  }

  /** Every OUI whose vendor's short or long name contains `name` (case-insensitive unless asked). */
  reverseLookup(name: string, caseSensitive = false): Record<string, Vendor> {
    const needle = caseSensitive ? name : name.toLowerCase();
    const out: Record<string, Vendor> = {};
    for (const [oui, v] of this.vendors) {
      const [s, l] = caseSensitive ? v : [v[0].toLowerCase(), v[1].toLowerCase()];
      if (s.includes(needle) || l.includes(needle)) out[oui] = v;
    }
    return out;
  }

  // Scapy's own (underscored) names, which Scapy users call.
  _get_manuf(mac: string): string {
    return this.getManuf(mac);
  }
  _get_short_manuf(mac: string): string {
    return this.getShortManuf(mac);
  }
  _resolve_MAC(mac: string): string {
    return this.resolveMAC(mac);
  }

  toString(): string {
    return `<packetry manuf data (Wireshark) - ${this.vendors.size} elements>`;
  }
}

export const manufdb = new ManufDA();
