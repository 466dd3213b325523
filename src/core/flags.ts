/**
 * A flags value: converts to its number, prints as its names ("SA", "DF", "MF+DF"),
 * and tests single flags as properties (`flags.S`). Immutable, like a number.
 */
export class FlagValue {
  constructor(
    readonly value: number,
    /** Bit 0 first. */
    readonly names: readonly string[],
    /** Multi-letter names print joined with "+" (IP's MF+DF); single letters print packed (TCP's SA). */
    readonly joined: boolean,
  ) {}

  valueOf(): number {
    return this.value;
  }

  [Symbol.toPrimitive](hint: string): number | string {
    return hint === "string" ? this.toString() : this.value;
  }

  toString(): string {
    const set: string[] = [];
    for (let bit = 0; bit < this.names.length; bit++) if (this.value & (2 ** bit)) set.push(this.names[bit]!);
    return set.join(this.joined ? "+" : "");
  }

  /** True when every flag named in `flags` ("SA", "DF", ["S", "A"]) is set. */
  has(flags: string | readonly string[] | number): boolean {
    const mask = parseFlags(flags, this.names, this.joined);
    return (this.value & mask) === mask;
  }

  /** Same bits as `other` (a number, "SA", or another FlagValue). */
  is(other: FlagValue | number | string | readonly string[]): boolean {
    return this.value === (other instanceof FlagValue ? other.value : parseFlags(other, this.names, this.joined));
  }

  /** Scapy's repr: <Flag 18 (SA)>. */
  repr(): string {
    return `<Flag ${this.value} (${this.toString()})>`;
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.repr();
  }
}

/** Turns "SA", "MF+DF", ["S","A"] or a number into a bit mask; throws on an unknown flag name. */
export function parseFlags(value: number | string | readonly string[] | FlagValue, names: readonly string[], joined: boolean): number {
  if (value instanceof FlagValue) return value.value;
  if (typeof value === "number") {
    if (!Number.isInteger(value) || value < 0) throw new RangeError(`not a flags value: ${value}`);
    return value;
  }
  const list: readonly string[] = typeof value === "string" ? splitFlagText(value, names, joined) : value;
  let mask = 0;
  for (const name of list) {
    const bit = names.indexOf(name);
    if (bit < 0) throw new RangeError(`unknown flag ${JSON.stringify(name)} (known: ${names.filter((n) => n && n !== "?").join(", ")})`);
    mask += 2 ** bit;
  }
  return mask;
}

function splitFlagText(text: string, names: readonly string[], joined: boolean): string[] {
  if (text === "") return [];
  if (joined || text.includes("+")) return text.split("+").map((s) => s.trim()).filter(Boolean);
  // Single-letter flag names: each character is a flag ("SA").
  if (names.every((n) => n.length <= 1)) return [...text];
  return [text];
}

/** Builds a FlagValue subclass whose prototype answers `value.S`, `value.DF`... for these names. */
export function flagValueClass(names: readonly string[], joined: boolean): new (value: number) => FlagValue {
  class Flags extends FlagValue {
    constructor(value: number) {
      super(value, names, joined);
    }
  }
  names.forEach((name, bit) => {
    if (!name || name === "?" || name in Flags.prototype) return;
    Object.defineProperty(Flags.prototype, name, {
      get(this: FlagValue) {
        return (this.value & (2 ** bit)) !== 0;
      },
    });
  });
  return Flags;
}
