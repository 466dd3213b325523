/**
 * A field at the end of its layer's bytes, after the payload (Scapy's TrailerField / FCSField:
 * 802.11's frame check sequence). Dissection reads it from the last bytes and gives the payload
 * what comes before; the build writes it after the payload, where its computed value (the CRC)
 * covers the header and the payload.
 */
import { crc32 } from "../checksum.ts";
import { Field } from "../field.ts";
import type { Packet } from "../packet.ts";
import type { Computed } from "../state.ts";
import type { Writer } from "../writer.ts";
import { hexRepr } from "./integers.ts";

export class TrailerField<N extends string = string, In = unknown, Get = unknown> extends Field<N, In, Get> {
  readonly kindName: string;

  constructor(
    readonly inner: Field<N, In, Get>,
    kindName = "FCSField",
  ) {
    super(inner.name, inner.defaultValue);
    if (inner.bits <= 0 || inner.bits % 8 !== 0) throw new Error(`trailer ${inner.name}: the field must have a fixed size in bytes`);
    this.kindName = kindName;
    this.trailerBits = inner.bits;
    this.littleEndian = inner.littleEndian;
  }

  override fromUser(value: unknown, pkt: Packet | null): unknown {
    return this.inner.fromUser(value, pkt);
  }

  /** Takes no header bytes; the bytes after the header must hold it (a struct error otherwise, as Scapy). */
  override measure(_pkt: Packet, _buf: Uint8Array, off: number, end: number): number {
    return end - off >= this.trailerBits >> 3 ? 0 : -1;
  }

  override decode(pkt: Packet, buf: Uint8Array): unknown {
    return this.inner.readFixed(buf, pkt._s.end - (this.trailerBits >> 3), 0);
  }

  /** The header writer writes nothing here: the build appends the value after the payload. */
  override write(): void {}

  override writeTrailer(w: Writer, value: unknown, pkt: Packet): void {
    this.inner.write(w, value, pkt);
  }

  override lengthOf(): number {
    return 0;
  }

  override repr(value: unknown, pkt: Packet): string {
    return typeof value === "number" ? hexRepr(value) : this.inner.repr(value, pkt);
  }

  override literal(value: unknown, pkt: Packet): string {
    return this.inner.literal(value, pkt);
  }
}

/** `field` read from and written at the end of the layer's bytes (Scapy's FCSField). */
export const trailer = <N extends string, In, Get>(field: Field<N, In, Get>, kindName?: string) => new TrailerField<N, In, Get>(field, kindName);

/** CRC-32 of the layer and its payload, up to this field (802.11's FCS; the value is written as the field is, little-endian there). */
export const frameCheckSequence = (): Computed => ({
  stage: "checksum",
  describe: "CRC-32 of the layer and its payload",
  refs: [],
  compute: (_p, out, self) => crc32(out.buf, out.start, (out.bitsOf(self)?.[0] ?? out.end * 8) >> 3),
});
