/** The Internet checksum (RFC 1071): ones' complement of the ones' complement sum of 16-bit words. */

/** Sum of 16-bit big-endian words over buf[start, end), odd length padded with a zero byte; not folded. */
export function sumWords(buf: Uint8Array, start: number, end: number, initial = 0): number {
  let sum = initial;
  let i = start;
  const evenEnd = end - ((end - start) & 1);
  for (; i < evenEnd; i += 2) sum += (buf[i]! << 8) | buf[i + 1]!;
  if (i < end) sum += buf[i]! << 8;
  return sum;
}

/** Folds a word sum to 16 bits and complements it. */
export function finishChecksum(sum: number): number {
  while (sum > 0xffff) sum = (sum & 0xffff) + Math.floor(sum / 65536);
  return ~sum & 0xffff;
}

export function internetChecksum(buf: Uint8Array, start = 0, end = buf.length, initial = 0): number {
  return finishChecksum(sumWords(buf, start, end, initial));
}

let crcTable: Uint32Array | null = null;

/** CRC-32 (IEEE 802.3, zlib's crc32) of buf[start, end): the 802.11 and Ethernet frame check sequence. */
export function crc32(buf: Uint8Array, start = 0, end = buf.length): number {
  if (crcTable === null) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (let i = start; i < end; i++) crc = crcTable[(crc ^ buf[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** CRC-32C (Castagnoli, reflected polynomial 0x82F63B78): SCTP's checksum (RFC 9260 appendix A), iSCSI's. */
const CRC32C_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** CRC-32C of buf[start, end) as the usual unsigned value (0xe3069283 for "123456789"). */
export function crc32c(buf: Uint8Array, start = 0, end = buf.length): number {
  let crc = 0xffffffff;
  for (let i = start; i < end; i++) crc = CRC32C_TABLE[(crc ^ buf[i]!) & 0xff]! ^ (crc >>> 8);
  return ~crc >>> 0;
}
