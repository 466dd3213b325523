/** Fletcher-16 (RFC 1146; ISO 8473's checkbytes, used by IS-IS and OSPF's LSAs). */

/** The Fletcher-16 checksum of the bytes: (sum2 << 8) | sum1, both modulo 255. */
export function fletcher16Checksum(binbuf: Uint8Array): number {
  let c0 = 0;
  let c1 = 0;
  for (const b of binbuf) {
    c0 = (c0 + b) % 255;
    c1 = (c1 + c0) % 255;
  }
  return (c1 << 8) | c0;
}

/**
 * The two check bytes to put at `offset` so that the whole buffer sums to zero (ISO 8473
 * annex C); they are computed with zeros in their place, whatever the buffer holds there (as Scapy).
 */
export function fletcher16Checkbytes(binbuf: Uint8Array, offset: number): Uint8Array {
  if (!Number.isInteger(offset) || offset < 0 || binbuf.length < offset + 2) throw new RangeError(`fletcher16_checkbytes: the buffer (${binbuf.length} bytes) has no room for 2 check bytes at offset ${offset}`);
  const zeroed = Uint8Array.from(binbuf);
  zeroed[offset] = 0;
  zeroed[offset + 1] = 0;
  const sum = fletcher16Checksum(zeroed);
  const c0 = sum & 0xff;
  const c1 = sum >> 8;
  let x = ((binbuf.length - offset - 1) * c0 - c1) % 255;
  if (x <= 0) x += 255;
  let y = 510 - c0 - x;
  if (y > 255) y -= 255;
  return Uint8Array.of(x, y);
}
