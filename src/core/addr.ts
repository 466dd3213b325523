/** Address text <-> bytes for MAC, IPv4 and IPv6, formatted as Scapy (and glibc's inet_ntop) print them. */

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

/** Parses dotted-quad IPv4 text to an unsigned 32-bit number, or -1 if it is not one. */
export function parseIPv4(text: string): number {
  let value = 0;
  let part = 0;
  let digits = 0;
  let parts = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      part = part * 10 + (c - 48);
      if (++digits > 3 || part > 255) return -1;
    } else if (c === 46) {
      if (digits === 0 || ++parts > 3) return -1;
      value = value * 256 + part;
      part = 0;
      digits = 0;
    } else return -1;
  }
  if (digits === 0 || parts !== 3) return -1;
  return value * 256 + part;
}

const DECIMAL = Array.from({ length: 256 }, (_, i) => String(i));

// The text of recently formatted addresses, direct-mapped by value: a capture holds few distinct
// addresses, and joining four strings per read was the biggest cost of reading an IP header.
const IPV4_SLOTS = 4096;
const ipv4Keys = new Float64Array(IPV4_SLOTS).fill(-1);
const ipv4Texts = new Array<string>(IPV4_SLOTS).fill("");

export function formatIPv4(buf: Uint8Array, off: number): string {
  const n = ((buf[off]! << 24) | (buf[off + 1]! << 16) | (buf[off + 2]! << 8) | buf[off + 3]!) >>> 0;
  const slot = (n ^ (n >>> 12) ^ (n >>> 24)) & (IPV4_SLOTS - 1);
  if (ipv4Keys[slot] === n) return ipv4Texts[slot]!;
  const text = DECIMAL[buf[off]!] + "." + DECIMAL[buf[off + 1]!] + "." + DECIMAL[buf[off + 2]!] + "." + DECIMAL[buf[off + 3]!];
  ipv4Keys[slot] = n;
  ipv4Texts[slot] = text;
  return text;
}

export function ipv4FromNumber(n: number): string {
  return (n >>> 24) + "." + ((n >>> 16) & 255) + "." + ((n >>> 8) & 255) + "." + (n & 255);
}

export function isIPv4(text: string): boolean {
  return parseIPv4(text) >= 0;
}

/** Parses a MAC address ("aa:bb:cc:dd:ee:ff", also with "-" separators) into dst at off. */
export function parseMACInto(text: string, dst: Uint8Array, off: number): boolean {
  if (text.length !== 17) return false;
  for (let i = 0; i < 6; i++) {
    const hi = hexDigit(text.charCodeAt(i * 3));
    const lo = hexDigit(text.charCodeAt(i * 3 + 1));
    if (hi < 0 || lo < 0) return false;
    if (i < 5) {
      const sep = text.charCodeAt(i * 3 + 2);
      if (sep !== 58 && sep !== 45) return false;
    }
    dst[off + i] = (hi << 4) | lo;
  }
  return true;
}

/** Normalised lowercase MAC text, or null when the text is not a MAC address. */
export function normalizeMAC(text: string): string | null {
  const tmp = new Uint8Array(6);
  return parseMACInto(text, tmp, 0) ? formatMAC(tmp, 0) : null;
}

export function formatMAC(buf: Uint8Array, off: number): string {
  return HEX[buf[off]!] + ":" + HEX[buf[off + 1]!] + ":" + HEX[buf[off + 2]!] + ":" + HEX[buf[off + 3]!] + ":" + HEX[buf[off + 4]!] + ":" + HEX[buf[off + 5]!];
}

function hexDigit(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/** Parses IPv6 text (with "::", an embedded IPv4 tail and a %zone ignored) to 16 bytes, or null. */
export function parseIPv6(text: string): Uint8Array | null {
  let end = text.indexOf("%");
  if (end < 0) end = text.length;
  const words = [0, 0, 0, 0, 0, 0, 0, 0];
  let n = 0;
  let gap = -1;
  let i = 0;
  if (end >= 2 && text.charCodeAt(0) === 58 && text.charCodeAt(1) === 58) {
    gap = 0;
    i = 2;
  }
  while (i < end) {
    let value = 0;
    let digits = 0;
    let j = i;
    for (let h: number; j < end && (h = hexDigit(text.charCodeAt(j))) >= 0; j++) {
      if (++digits > 4) return null;
      value = value * 16 + h;
    }
    if (j < end && text.charCodeAt(j) === 46) {
      // An IPv4 tail fills the last two words.
      const v4 = n <= 6 ? parseIPv4(text.slice(i, end)) : -1;
      if (v4 < 0) return null;
      words[n++] = v4 >>> 16;
      words[n++] = v4 & 0xffff;
      break;
    }
    if (digits === 0 || n === 8) return null;
    words[n++] = value;
    if (j === end) break;
    if (text.charCodeAt(j) !== 58) return null;
    i = j + 1;
    if (i < end && text.charCodeAt(i) === 58) {
      if (gap >= 0) return null;
      gap = n;
      i++;
    } else if (i === end) return null;
  }
  if (gap < 0 ? n !== 8 : n > 7) return null;
  const out = new Uint8Array(16);
  const tail = gap < 0 ? 0 : n - gap;
  for (let k = 0; k < n; k++) {
    const slot = gap >= 0 && k >= gap ? 8 - tail + (k - gap) : k;
    out[slot * 2] = words[k]! >> 8;
    out[slot * 2 + 1] = words[k]! & 0xff;
  }
  return out;
}

/** IPv6 text as glibc's inet_ntop writes it (what Scapy shows). */
export function formatIPv6(buf: Uint8Array, off: number): string {
  const words = new Array<number>(8);
  for (let i = 0; i < 8; i++) words[i] = (buf[off + i * 2]! << 8) | buf[off + i * 2 + 1]!;
  let bestBase = -1;
  let bestLen = 0;
  let curBase = -1;
  let curLen = 0;
  for (let i = 0; i < 8; i++) {
    if (words[i] === 0) {
      if (curBase < 0) {
        curBase = i;
        curLen = 1;
      } else curLen++;
      if (curLen > bestLen) {
        bestBase = curBase;
        bestLen = curLen;
      }
    } else curBase = -1;
  }
  if (bestLen < 2) bestBase = -1;
  let out = "";
  for (let i = 0; i < 8; i++) {
    if (bestBase >= 0 && i >= bestBase && i < bestBase + bestLen) {
      if (i === bestBase) out += ":";
      continue;
    }
    if (i !== 0) out += ":";
    // IPv4-compatible (::a.b.c.d) and IPv4-mapped (::ffff:a.b.c.d) tails.
    if (i === 6 && bestBase === 0 && (bestLen === 6 || (bestLen === 5 && words[5] === 0xffff))) {
      out += formatIPv4(buf, off + 12);
      break;
    }
    out += words[i]!.toString(16);
  }
  if (bestBase >= 0 && bestBase + bestLen === 8) out += ":";
  return out;
}

/** Canonical IPv6 text, or null when the text is not an IPv6 address. */
export function normalizeIPv6(text: string): string | null {
  const bytes = parseIPv6(text);
  return bytes ? formatIPv6(bytes, 0) : null;
}
