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

export function formatIPv4(buf: Uint8Array, off: number): string {
  return buf[off] + "." + buf[off + 1] + "." + buf[off + 2] + "." + buf[off + 3];
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

/** Parses IPv6 text (with "::" and an embedded IPv4 tail) to 16 bytes, or null. */
export function parseIPv6(text: string): Uint8Array | null {
  const zone = text.indexOf("%");
  if (zone >= 0) text = text.slice(0, zone);
  const words: number[] = [];
  let gap = -1;
  const halves = text.split("::");
  if (halves.length > 2) return null;
  const parseHalf = (half: string, allowV4: boolean): number[] | null => {
    if (half === "") return [];
    const groups = half.split(":");
    const out: number[] = [];
    for (let i = 0; i < groups.length; i++) {
      const g = groups[i]!;
      if (allowV4 && i === groups.length - 1 && g.includes(".")) {
        const v4 = parseIPv4(g);
        if (v4 < 0) return null;
        out.push(v4 >>> 16, v4 & 0xffff);
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null;
        out.push(parseInt(g, 16));
      }
    }
    return out;
  };
  if (halves.length === 2) {
    const head = parseHalf(halves[0]!, false);
    const tail = parseHalf(halves[1]!, true);
    if (!head || !tail || head.length + tail.length > 7) return null;
    words.push(...head);
    gap = words.length;
    words.push(...tail);
  } else {
    const all = parseHalf(text, true);
    if (!all || all.length !== 8) return null;
    words.push(...all);
  }
  const out = new Uint8Array(16);
  const fill = 8 - words.length;
  let w = 0;
  for (let i = 0; i < 8; i++) {
    let value = 0;
    if (gap >= 0 && i >= gap && i < gap + fill) value = 0;
    else value = words[w++]!;
    out[i * 2] = value >> 8;
    out[i * 2 + 1] = value & 0xff;
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
