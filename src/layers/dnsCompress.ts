/**
 * DNS name compression (RFC 1035 4.1.4), as Scapy's dns_compress: each name that ends like an
 * earlier one is written as its own first labels and a pointer to the earlier suffix. Names are
 * visited in wire order; a compressed name is stored in wire form, and rdlen is recomputed.
 *
 * Linear in the message: it is built once. Each name is looked for after the previous one in
 * those bytes (compressing a name changes nothing after it but where it lies: the offsets are
 * those bytes' less what compression took out before them), and suffixes are known by an id
 * (label, id of the rest) so that no suffix text is made more than once.
 */
import { registry, type LayerSpec } from "../core/state.ts";
import { isLayer, type Packet } from "../core/packet.ts";
import { DNSStrField } from "./dnsFields.ts";
import { encodeName, isWireName, nameLabels } from "./dnsName.ts";
import { TCP } from "./inet.ts";

/** Record types of DNSRR whose rdata is a name. */
const NAME_RDATA = [2, 3, 4, 5, 12, 39];

/** The name fields of a record, in wire order. */
function nameFields(rec: Packet, dnsrr: LayerSpec | undefined): string[] {
  const nameRdata = rec.spec === dnsrr && NAME_RDATA.includes(rec.getFieldValue("type") as number);
  return rec.spec.layout.fields.filter((f) => f instanceof DNSStrField || (nameRdata && f.name === "rdata")).map((f) => f.name);
}

function indexOf(hay: Uint8Array, needle: Uint8Array, from: number): number {
  const first = needle[0]!;
  const last = hay.length - needle.length;
  outer: for (let i = hay.indexOf(first, from); i >= 0 && i <= last; i = hay.indexOf(first, i + 1)) {
    for (let j = 1; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

/** Each byte as one character, in slices (a label of any length). */
function labelText(b: Uint8Array): string {
  let s = "";
  for (let i = 0; i < b.length; i += 8192) s += String.fromCharCode.apply(null, b.subarray(i, i + 8192) as unknown as number[]);
  return s;
}

/** Ids of name suffixes: the same labels in the same order have the same id. */
class Suffixes {
  private readonly ids = new Map<string, number>();

  /** The id of each suffix of the name: ids[k] stands for labels k.. (ids[labels.length] is the root). */
  of(labels: readonly Uint8Array[]): number[] {
    const out = new Array<number>(labels.length + 1);
    out[labels.length] = 0;
    for (let k = labels.length - 1; k >= 0; k--) {
      const key = `${out[k + 1]} ${labelText(labels[k]!)}`;
      let id = this.ids.get(key);
      if (id === undefined) this.ids.set(key, (id = this.ids.size + 1));
      out[k] = id;
    }
    return out;
  }
}

/** The packet with its DNS names compressed (Scapy's dns_compress); the packet given is unchanged. */
export function dnsCompress<T extends Packet>(pkt: T): T {
  const top = pkt.copy();
  const dns = top.getLayer("DNS");
  if (!dns) throw new TypeError("dnsCompress: the packet has no DNS layer");
  const dnsrr = registry.layers.get("DNSRR")?.spec;
  const raw = registry.raw;
  // Over TCP, offsets count from after the 2-byte length.
  const message = dns.build().subarray(isLayer(dns.underlayer, TCP) ? 2 : 0);
  const suffixes = new Suffixes();
  /** Where each suffix (by id) was first written, in the compressed message. */
  const seen = new Map<number, number>();
  let cursor = 0;
  let removed = 0;
  for (const name of ["qd", "an", "ns", "ar"]) {
    for (const rec of dns.getFieldValue(name) as Packet[]) {
      if (rec.spec === raw) continue;
      for (const field of nameFields(rec, dnsrr)) {
        const value = rec.getFieldValue(field) as Uint8Array;
        if (isWireName(value) || value.length <= 1) continue;
        const encoded = encodeName(value);
        const found = indexOf(message, encoded, cursor);
        if (found < 0) continue;
        cursor = found + encoded.length;
        const at = found - removed;
        const labels = nameLabels(value);
        const ids = suffixes.of(labels);
        let offset = at;
        let k = 0;
        for (; k < labels.length; k++) {
          if (seen.has(ids[k]!)) break;
          if (offset < 0x4000) seen.set(ids[k]!, offset);
          offset += labels[k]!.length + 1;
        }
        if (k === labels.length) continue;
        const target = seen.get(ids[k]!)!;
        const kept = encoded.subarray(0, offset - at);
        const wire = new Uint8Array(kept.length + 2);
        wire.set(kept);
        wire[kept.length] = 0xc0 | (target >> 8);
        wire[kept.length + 1] = target & 0xff;
        rec.setFieldValue(field, wire);
        if (rec.spec.layout.fieldIndex.has("rdlen")) rec.setFieldValue("rdlen", null);
        removed += encoded.length - wire.length;
      }
    }
  }
  return top;
}
