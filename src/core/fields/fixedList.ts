/**
 * Lists of fixed-size values counted by another field (Scapy's FieldListField of IPField, as
 * VRRP's addresses or IGMPv3's sources): bytes that end inside the counted items cannot be read,
 * so the layer is cut short there (Scapy's struct error makes it Raw), never a partial item; bytes
 * that end on an item boundary end the list early, as in Scapy.
 */
import { Measured } from "../field.ts";
import type { Packet } from "../packet.ts";
import { pySliceLength } from "../bytes.ts";
import { FieldListField } from "./packets.ts";
import type { Field } from "../field.ts";
import type { Writer } from "../writer.ts";

export class FixedItemListField<N extends string = string, In = unknown, Get = unknown> extends FieldListField<N, In, Get> {
  override measure(pkt: Packet, buf: Uint8Array, off: number, end: number): number | Measured {
    const size = this.item.bits >> 3;
    if (this.item.bits <= 0 || this.item.lenient) return super.measure(pkt, buf, off, end);
    const len = this.lengthFrom?.(pkt);
    const to = len === null || len === undefined ? end : off + pySliceLength(end - off, len);
    const count = this.countFrom?.(pkt) ?? null;
    if (count === null) return (to - off) % size === 0 ? to - off : -1;
    // As many as counted, or as the bytes hold when they end first (on an item boundary).
    const values: unknown[] = [];
    let at = off;
    for (; values.length < count && at < to; at += size) {
      if (at + size > to) return -1;
      values.push(this.item.readFixed(buf, at, 0));
    }
    return new Measured(at - off, values);
  }

  /** Bytes given instead of items (a field whose kind is chosen per packet may hold them) are written as they are. */
  override write(w: Writer, value: unknown, pkt: Packet): void {
    if (value instanceof Uint8Array) w.bytes(value);
    else super.write(w, value, pkt);
  }
}

/** A list of fixed-size values (addresses, integers) whose count or byte length comes from the layer's rules. */
export const fixedList = <const N extends string, In, Get>(name: N, d: readonly unknown[] | null, item: Field<string, In, Get>) => new FixedItemListField<N, In, Get>(name, d, item);
