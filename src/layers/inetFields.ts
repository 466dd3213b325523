/**
 * Field kinds of the IPv4 layers: the destinations IP's payload names (mDNS's group), and ICMP's
 * timestamps and type-dependent code.
 */
import { invalid } from "../core/field.ts";
import { DestinationRules } from "../core/fields/address.ts";
import { IntField } from "../core/fields/integers.ts";
import type { Packet } from "../core/packet.ts";
import type { LayerRef } from "../core/state.ts";
import { enumByField } from "../core/fields/enums.ts";
import { ICMP_CODES } from "./data/icmp.ts";

/** Destinations named by what IPv4 carries (mDNS: 224.0.0.251). */
export const ipv4Destinations = new DestinationRules();

/** `IP()/upper` goes to `addr` by default when `upper` has these field values (Scapy's DestIPField.bind_addr). */
export function bindIPv4Destination(upper: LayerRef, addr: string, fields: Record<string, number> = {}): void {
  ipv4Destinations.add(upper.spec, addr, fields);
}

/** Scapy fixes the timestamps' default when the module is loaded: milliseconds since midnight UTC. */
const LOADED_AT_MS = Date.now() % 86_400_000;

/** Milliseconds since midnight UTC, shown as h:m:s.ms; accepts "12:34:56.789" (Scapy's ICMPTimeStampField). */
export class ICMPTimeStampField<N extends string = string> extends IntField<N, number | string, number> {
  constructor(name: N) {
    super(name, LOADED_AT_MS, 4, { kindName: "ICMPTimeStampField" });
  }
  override fromUser(value: unknown, pkt: Packet | null): unknown {
    if (typeof value !== "string") return super.fromUser(value, pkt);
    const m = /^([0-2]?[0-9])[Hh:](([0-5]?[0-9])([Mm:]([0-5]?[0-9])([sS:.]([0-9]{0,3}))?)?)?$/.exec(value);
    // Scapy reads text it cannot parse as 0; a typo is more likely a mistake worth reporting.
    if (!m) return invalid(`not a time of day (h:m:s.ms): ${JSON.stringify(value)}`);
    const ms = Number(((m[7] ?? "") + "000").slice(0, 3));
    return ((Number(m[1]) * 60 + Number(m[3] ?? 0)) * 60 + Number(m[5] ?? 0)) * 1000 + ms;
  }
  override repr(value: unknown): string {
    if (value === null || value === undefined) return "--";
    const v = value as number;
    const ms = v % 1000;
    const sec = Math.floor(v / 1000);
    return `${Math.floor(sec / 3600)}:${Math.floor(sec / 60) % 60}:${sec % 60}.${ms}`;
  }
}

/** ICMP code: names depend on the type (Scapy's MultiEnumField). */
export class ICMPCodeField<N extends string = string> extends IntField<N, number | string, number> {
  constructor(name: N) {
    super(name, 0, 1, { enum: enumByField("type", ICMP_CODES), kindName: "MultiEnumField" });
    this.refs = ["type"];
  }
  override describeKind(): string {
    return "MultiEnumField (Depends on 8)";
  }
}
