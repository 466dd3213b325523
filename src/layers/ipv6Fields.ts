/**
 * Field kinds the IPv6 family needs: the destination address (bound by the payload), address
 * lists, the phantom autopad switch, DNS search lists, option types that show their handling
 * bits, a quoted packet cut to 8-byte units, and a prefix stored on as many bytes as the
 * option's length says.
 * Dissection never throws: bytes a field cannot hold make its layer Raw, as in Scapy.
 */
import { formatIPv6, parseIPv6 } from "../core/addr.ts";
import { fromLatin1, latin1, pyBytesRepr, pyStrRepr, pySliceLength } from "../core/bytes.ts";
import { Field, invalid, siblingValue } from "../core/field.ts";
import { DestinationRules, IP6Field } from "../core/fields/address.ts";
import { describe, IntField } from "../core/fields/integers.ts";
import type { EnumTable } from "../core/fields/enums.ts";
import { bytesFromUser } from "../core/fields/strings.ts";
import type { Packet } from "../core/packet.ts";
import { isPacket, type LayerRef } from "../core/state.ts";
import type { Writer } from "../core/writer.ts";

const ADDRESS = new IP6Field("address", "::");

/** Destinations named by what IPv6 carries (mDNS: ff02::fb). */
export const ipv6Destinations = new DestinationRules();

/** `IPv6()/upper` goes to `addr` by default when `upper` has these field values (Scapy's DestIP6Field.bind_addr). */
export function bindIPv6Destination(upper: LayerRef, addr: string, fields: Record<string, number> = {}): void {
  ipv6Destinations.add(upper.spec, addr, fields);
}

/**
 * IPv6 addresses back to back, as many as the layer's count or byte length rule says. Bytes that
 * end inside an address cannot be read (Scapy fails there, and the header becomes Raw).
 */
export class IP6ListField<N extends string = string> extends Field<N, readonly string[] | string, string[]> {
  kindName = "IP6ListField";
  override isList = true;
  override mutable = true;

  constructor(name: N, defaultValue: readonly string[]) {
    super(name, defaultValue);
  }

  override defaultFor(): unknown {
    return [...(this.defaultValue as string[])];
  }

  override fromUser(value: unknown): unknown {
    const list = typeof value === "string" ? [value] : value;
    if (!Array.isArray(list)) return invalid(`expected a list of IPv6 addresses, got ${describe(value)}`);
    return list.map((a) => ADDRESS.fromUser(a));
  }

  override measure(pkt: Packet, _buf: Uint8Array, off: number, end: number): number {
    const len = this.lengthFrom?.(pkt);
    const available = len === null || len === undefined ? end - off : pySliceLength(end - off, len);
    const count = this.countFrom?.(pkt) ?? null;
    const wanted = count === null ? available : Math.min(available, 16 * Math.max(count, 0));
    return wanted % 16 === 0 ? wanted : -1;
  }

  override decode(_pkt: Packet, buf: Uint8Array, off: number, end: number): unknown {
    const out: string[] = [];
    for (let at = off; at + 16 <= end; at += 16) out.push(formatIPv6(buf, at));
    return out;
  }

  override write(w: Writer, value: unknown): void {
    for (const a of (value as string[] | null) ?? []) w.bytes(parseIPv6(a) ?? new Uint8Array(16));
  }

  override countOf(value: unknown): number {
    return Array.isArray(value) ? value.length : 0;
  }

  override lengthOf(value: unknown): number {
    return 16 * this.countOf(value);
  }

  override repr(value: unknown): string {
    return `[ ${((value as string[] | null) ?? []).join(", ")} ]`;
  }

  override literal(value: unknown): string {
    return `[${((value as string[] | null) ?? []).map(pyStrRepr).join(", ")}]`;
  }
}

/** Takes no bytes; a switch for the options field that follows (Scapy's _PhantomAutoPadField). */
export class PhantomAutoPadField<N extends string = string> extends IntField<N> {
  override kindName = "_PhantomAutoPadField";
  constructor(name: N, defaultValue: number) {
    super(name, defaultValue, 1);
    this.bits = 0;
  }
  override readFixed(): unknown {
    return this.defaultValue;
  }
  override write(): void {}
  override repr(value: unknown): string {
    return value ? "On" : "Off";
  }
  override lengthOf(): number {
    return 0;
  }
}

const ACTION = { 0x00: "00: skip", 0x40: "01: discard", 0x80: "10: discard+ICMP", 0xc0: "11: discard+ICMP not mcast" } as Record<number, string>;
const EN_ROUTE = { 0x00: "0: Don't change en-route", 0x20: "1: May change en-route" } as Record<number, string>;

/** An option type byte shown with what its top bits tell a node that does not know it (RFC 8200 §4.2). */
export class OptionTypeField<N extends string = string> extends IntField<N, number | string> {
  constructor(name: N, defaultValue: number, names: EnumTable) {
    super(name, defaultValue, 1, { enum: names, kindName: "_OTypeField" });
  }
  override repr(value: unknown): string {
    const v = value as number;
    const names = this.options.enum as EnumTable;
    return `${names[v] ?? String(v)} [${ACTION[v & 0xc0]}, ${EN_ROUTE[v & 0x20]}]`;
  }
}

/**
 * Domain names in DNS wire form without compression (RFC 8106 DNSSL); zero bytes pad the end to
 * 8 bytes. Names read back with a trailing dot; text maps byte for byte (latin1) both ways.
 * Unpadded (`padded: false`, DHCPv6's lists) nothing is added, and every zero byte ends a name.
 */
export class DomainNameListField<N extends string = string> extends Field<N, readonly string[] | string, string[]> {
  kindName = "DomainNameListField";
  override isList = true;
  override mutable = true;

  override total = true;
  readonly padded: boolean;

  constructor(name: N, options: { padded?: boolean } = {}) {
    super(name, []);
    this.padded = options.padded ?? true;
  }

  override defaultFor(): unknown {
    return [];
  }

  override measure(pkt: Packet, _buf: Uint8Array, off: number, end: number): number {
    return pySliceLength(end - off, this.lengthFrom?.(pkt) ?? end - off);
  }

  override fromUser(value: unknown): unknown {
    const list = typeof value === "string" ? [value] : value;
    if (!Array.isArray(list) || !list.every((n) => typeof n === "string")) return invalid(`expected a list of domain names, got ${describe(value)}`);
    return [...list];
  }

  override decode(_pkt: Packet, buf: Uint8Array, off: number, end: number): unknown {
    const names: string[] = [];
    let at = off;
    while (at < end) {
      const labels: string[] = [];
      while (at < end && buf[at] !== 0) {
        const len = buf[at]!;
        labels.push(latin1(buf.subarray(at + 1, Math.min(end, at + 1 + len))));
        at += 1 + len;
      }
      // Padded, zero bytes after the last name are padding, not empty names.
      if (labels.length || !this.padded) names.push(labels.join(".") + ".");
      if (at < end) at++;
    }
    return names;
  }

  override write(w: Writer, value: unknown): void {
    const start = w.pos;
    for (const name of (value as string[] | null) ?? []) {
      for (const label of name.split(".")) {
        w.u8(label.length);
        w.bytes(fromLatin1(label));
      }
      // A name written with its trailing dot already ends in the root label.
      if (w.buf[w.pos - 1] !== 0) w.u8(0);
    }
    const used = w.pos - start;
    if (this.padded && used % 8) w.zeros(8 - (used % 8));
  }

  override repr(value: unknown): string {
    return `[${((value as string[] | null) ?? []).map(pyStrRepr).join(", ")}]`;
  }

  override literal(value: unknown): string {
    return this.repr(value);
  }
}

/**
 * A quoted packet (Scapy's TruncPktLenField): dissected as `cls` when it can be (else Raw), and
 * written cut down so that, with `shift` bytes before it, it fills whole 8-byte units.
 */
export class TruncatedPacketField<N extends string = string> extends Field<N, Packet | Uint8Array | string, Packet | Uint8Array> {
  kindName = "TruncPktLenField";
  override holdsPackets = true;
  override mutable = true;

  override total = true;

  constructor(
    name: N,
    readonly cls: LayerRef,
    readonly shift: number,
  ) {
    super(name, new Uint8Array(0));
  }

  override fromUser(value: unknown): unknown {
    return isPacket(value) ? value : bytesFromUser(value);
  }

  override measure(pkt: Packet, _buf: Uint8Array, off: number, end: number): number {
    return pySliceLength(end - off, this.lengthFrom?.(pkt) ?? end - off);
  }

  override decode(_pkt: Packet, buf: Uint8Array, off: number, end: number): unknown {
    return this.cls.spec.codecs.dissect(buf, off, end, null, null, false);
  }

  override write(w: Writer, value: unknown): void {
    const start = w.pos;
    if (isPacket(value)) value._s.spec.codecs.buildInto(value, w);
    else if (value) w.bytes(value as Uint8Array);
    const len = w.pos - start;
    w.pos -= (len + this.shift) % 8;
  }

  override repr(value: unknown): string {
    return isPacket(value) ? value.toString() : pyBytesRepr((value as Uint8Array | null) ?? new Uint8Array(0));
  }

  override literal(value: unknown): string {
    return isPacket(value) ? value.command() : pyBytesRepr((value as Uint8Array | null) ?? new Uint8Array(0));
  }
}

/**
 * A prefix stored on 0, 8 or 16 bytes as the option's length says (RFC 4191 §2.3): len 1 -> no
 * bytes, 2 -> the first 8, 3 -> all 16, more -> 16 then zeros. Shown as an address.
 */
export class PrefixField<N extends string = string> extends IP6Field<N> {
  override kindName = "_IP6PrefixField";
  override bits = -1;

  constructor(
    name: N,
    /** The option's length field (in 8-byte units). */
    readonly lengthField: string,
  ) {
    super(name, null);
    this.refs = [lengthField];
  }

  private optionLength(pkt: Packet): number | null {
    return siblingValue(pkt, this.lengthField) as number | null;
  }

  override measure(pkt: Packet, _buf: Uint8Array, off: number, end: number): number {
    const len = this.optionLength(pkt) ?? 0;
    return pySliceLength(end - off, 8 * (len - 1));
  }

  override decode(_pkt: Packet, buf: Uint8Array, off: number, end: number): unknown {
    const bytes = new Uint8Array(16);
    bytes.set(buf.subarray(off, Math.min(end, off + 16)));
    return formatIPv6(bytes, 0);
  }

  override write(w: Writer, value: unknown, pkt: Packet): void {
    const bytes = parseIPv6((value as string | null) ?? "::") ?? new Uint8Array(16);
    const len = this.optionLength(pkt);
    if (len === null) w.bytes(value === null ? bytes.subarray(0, 0) : bytes);
    else if (len <= 1) return;
    else if (len <= 3) w.bytes(bytes.subarray(0, 8 * (len - 1)));
    else {
      w.bytes(bytes);
      w.zeros(8 * (len - 3));
    }
  }
}
