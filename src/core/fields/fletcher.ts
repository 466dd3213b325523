/**
 * The Fletcher checksum of ISO 8473 / RFC 905 annex B as OSPF and IS-IS place it in their link
 * state advertisements: two check bytes chosen so that both running sums of the covered bytes
 * are zero modulo 255.
 */
import type { Computed } from "../state.ts";

/** The two check bytes (as one 16-bit value) for buf[start, end) with the check bytes at `at` (counted as zeros). */
export function fletcher16CheckBytes(buf: Uint8Array, start: number, end: number, at: number): number {
  let c0 = 0;
  let c1 = 0;
  for (let i = start; i < end; i++) {
    const b = i === at || i === at + 1 ? 0 : buf[i]!;
    c0 = (c0 + b) % 255;
    c1 = (c1 + c0) % 255;
  }
  let x = ((end - at - 1) * c0 - c1) % 255;
  if (x <= 0) x += 255;
  let y = 510 - c0 - x;
  if (y > 255) y -= 255;
  return ((x & 0xff) << 8) | (y & 0xff);
}

/**
 * The Fletcher check bytes of the layer's own bytes from `skip` on (OSPF leaves out the LSA age:
 * skip 2), written where this field is.
 */
export const fletcherChecksum = (skip = 0): Computed => ({
  stage: "checksum",
  describe: `Fletcher checksum of the header${skip ? ` after its first ${skip} bytes` : ""}`,
  refs: [],
  compute: (_p, out, self) => {
    const bits = out.bitsOf(self);
    if (bits === null) return 0;
    return fletcher16CheckBytes(out.buf, out.start + skip, out.headerEnd, bits[0] >> 3);
  },
});
