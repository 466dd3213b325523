/**
 * Scapy's Net and Net6: a block of addresses, from "10.77.0.0/28", a single address (or host
 * name) or a first and last address. They iterate lazily, answer `contains` by arithmetic, and
 * print as Scapy's repr (`Net("10.77.0.0/28")`); `String(net)` is the first address, as str().
 */
import { formatIPv6, ipv4FromNumber, parseIPv4, parseIPv6 } from "../core/addr.ts";
import { conf } from "../core/conf.ts";

abstract class AddressBlock implements Iterable<string> {
  readonly start: bigint;
  readonly stop: bigint;
  /** The text before the slash and the prefix length, or null for a first-last range. */
  readonly net: string | null;
  readonly mask: number | null;

  protected abstract bitWidth(): number;
  protected abstract parse(address: string): bigint;
  protected abstract format(value: bigint): string;

  constructor(net: string, stop?: string) {
    if (typeof net !== "string") throw new TypeError(`${new.target.name}() takes an address text, not ${typeof net}`);
    if (net.includes("*")) throw new TypeError(`Wildcards are no longer accepted in ${new.target.name}(): write "${net.replace(/\*/g, "0")}/..." instead`);
    if (stop === undefined) {
      const slash = net.indexOf("/");
      const base = slash < 0 ? net : net.slice(0, slash);
      const mask = slash < 0 ? this.bitWidth() : Number(net.slice(slash + 1));
      if (!Number.isInteger(mask) || mask < 0 || mask > this.bitWidth()) throw new TypeError(`${new.target.name}(${JSON.stringify(net)}): the prefix length must be 0 to ${this.bitWidth()}`);
      const host = BigInt(this.bitWidth() - mask);
      this.start = (this.parse(base) >> host) << host;
      this.stop = this.start + (1n << host) - 1n;
      this.net = base;
      this.mask = mask;
    } else {
      this.start = this.parse(net);
      this.stop = this.parse(stop);
      if (this.stop < this.start) throw new TypeError(`${new.target.name}(${JSON.stringify(net)}, ${JSON.stringify(stop)}): the last address comes before the first`);
      this.net = null;
      this.mask = null;
    }
  }

  /** How many addresses (a bigint: an IPv6 block may hold more than a number can count). */
  get count(): bigint {
    return this.stop - this.start + 1n;
  }

  /** Python's len(): the count as a number. */
  get length(): number {
    return Number(this.count);
  }

  *[Symbol.iterator](): Iterator<string> {
    for (let v = this.start; v <= this.stop; v++) yield this.format(v);
  }

  /** Whether an address (or a whole block) lies inside this one. */
  contains(other: string | AddressBlock): boolean {
    if (other instanceof AddressBlock) return other.constructor === this.constructor && this.start <= other.start && other.stop <= this.stop;
    let v: bigint;
    try {
      v = this.parse(other);
    } catch {
      return false;
    }
    return this.start <= v && v <= this.stop;
  }

  /** Python's `in` (the shell's `x in net`). */
  has(address: string): boolean {
    return this.contains(address);
  }

  /** A random address of the block. */
  choice(): string {
    const span = this.count;
    let r = 0n;
    for (let i = 0n; 1n << i < span; i += 32n) r = (r << 32n) | BigInt(Math.floor(Math.random() * 2 ** 32));
    return this.format(this.start + (r % span));
  }

  equals(other: unknown): boolean {
    return other instanceof AddressBlock && other.constructor === this.constructor && other.start === this.start && other.stop === this.stop;
  }

  /** The first address (Scapy's str(Net(...)), which is how a host name gets resolved). */
  toString(): string {
    return this.format(this.start);
  }

  /** Scapy's repr. */
  repr(): string {
    const name = this.constructor.name;
    return this.mask !== null ? `${name}("${this.net}/${this.mask}")` : `${name}("${this.format(this.start)}", "${this.format(this.stop)}")`;
  }
}

/** IPv4 addresses: `new Net("10.77.0.0/28")`, `new Net("10.77.0.5")`, `new Net("10.77.0.5", "10.77.0.9")`. */
export class Net extends AddressBlock {
  protected bitWidth(): number {
    return 32;
  }

  protected parse(address: string): bigint {
    let n = parseIPv4(address);
    if (n < 0) {
      if (/^\d+(\.\d+)*-\d+/.test(address) || /\.\d+-\d+/.test(address)) throw new TypeError(`Ranges are no longer accepted in Net(): give the first and last address, Net("a.b.c.d", "a.b.c.e")`);
      const resolved = conf.resolvers.hostnameIPv4?.(address);
      n = resolved ? parseIPv4(resolved) : -1;
      if (n < 0) throw new TypeError(`Net(): not an IPv4 address or a name that resolves: ${JSON.stringify(address)}`);
    }
    return BigInt(n);
  }

  protected format(value: bigint): string {
    return ipv4FromNumber(Number(value));
  }
}

/** IPv6 addresses: `new Net6("fd77::/120")`. */
export class Net6 extends AddressBlock {
  protected bitWidth(): number {
    return 128;
  }

  protected parse(address: string): bigint {
    let b = parseIPv6(address);
    if (!b) {
      const resolved = conf.resolvers.hostnameIPv6?.(address);
      b = resolved ? parseIPv6(resolved) : null;
      if (!b) throw new TypeError(`Net6(): not an IPv6 address or a name that resolves: ${JSON.stringify(address)}`);
    }
    let v = 0n;
    for (const byte of b) v = (v << 8n) | BigInt(byte);
    return v;
  }

  protected format(value: bigint): string {
    const b = new Uint8Array(16);
    for (let i = 15; i >= 0; i--) {
      b[i] = Number(value & 0xffn);
      value >>= 8n;
    }
    return formatIPv6(b, 0);
  }
}

/** Addresses given as a Net, a list, or one address text (Scapy's pool and filter arguments). */
export type AddressSet = Net | Net6 | string | readonly string[];

/** Whether `address` is in `set` (a text is one address, or a block in CIDR form). */
export function inAddressSet(address: string, set: AddressSet): boolean {
  if (set instanceof Net || set instanceof Net6) return set.contains(address);
  if (typeof set === "string") return (set.includes(":") ? new Net6(set) : new Net(set)).contains(address);
  return set.includes(address);
}
