/** A number stored scaled on the wire (Scapy's ScalingField: RadioTap's rate in 500 kbit/s units, signal in dBm). */
import { Field, invalid } from "../field.ts";
import type { Writer } from "../writer.ts";
import { IntField, type IntSize } from "./integers.ts";

export interface ScalingOptions {
  scaling?: number;
  offset?: number;
  unit?: string;
  /** Digits kept after scaling (Scapy's ndigits, 3). */
  ndigits?: number;
  size?: IntSize;
  signed?: boolean;
  littleEndian?: boolean;
}

/** Python's repr of a float (11.0, 0.5) or an int (-42), as Scapy prints scaled values. */
function pyNumber(v: number, isFloat: boolean): string {
  if (!isFloat) return String(v);
  return Number.isInteger(v) ? v.toFixed(1) : String(v);
}

export class ScalingField<N extends string = string> extends Field<N, number, number> {
  readonly kindName = "ScalingField";
  private readonly raw: IntField;
  readonly scaling: number;
  readonly offset: number;
  readonly unit: string;
  readonly ndigits: number;

  constructor(name: N, defaultValue: number | null, o: ScalingOptions = {}) {
    super(name, defaultValue);
    this.raw = new IntField(name, 0, o.size ?? 1, { signed: o.signed, littleEndian: o.littleEndian });
    this.bits = this.raw.bits;
    this.littleEndian = !!o.littleEndian;
    this.scaling = o.scaling ?? 1;
    this.offset = o.offset ?? 0;
    this.unit = o.unit ?? "";
    this.ndigits = o.ndigits ?? 3;
  }

  /** The scale makes floats (Python: an int times 0.5 is a float). */
  private get floats(): boolean {
    return !Number.isInteger(this.scaling) || !Number.isInteger(this.offset);
  }

  override fromUser(value: unknown): unknown {
    if (typeof value !== "number" || !Number.isFinite(value)) return invalid(`expected a number, got ${typeof value}`);
    this.raw.fromUser(this.toWire(value), null);
    return value;
  }

  private toWire(v: number): number {
    return Math.round((v - this.offset) / this.scaling);
  }

  override readFixed(buf: Uint8Array, off: number): unknown {
    const m = this.raw.readFixed(buf, off) as number;
    const k = 10 ** this.ndigits;
    return Math.round((m * this.scaling + this.offset) * k) / k;
  }

  override write(w: Writer, value: unknown): void {
    this.raw.write(w, value === null || value === undefined ? 0 : this.toWire(value as number));
  }

  override repr(value: unknown): string {
    if (value === null || value === undefined) return "None";
    const text = pyNumber(value as number, this.floats && typeof value === "number");
    return this.unit ? `${text} ${this.unit}` : text;
  }

  override literal(value: unknown): string {
    return value === null || value === undefined ? "None" : pyNumber(value as number, this.floats);
  }
}

export const scaling = <const N extends string>(name: N, d: number | null, o: ScalingOptions = {}) => new ScalingField<N>(name, d, o);

/** Python's repr of a float: 1.0, 0.5, 1e-06, 1.5e+16 (shortest digits that read back, as JavaScript's). */
export function pyFloat(v: number): string {
  if (Number.isNaN(v)) return "nan";
  if (!Number.isFinite(v)) return v > 0 ? "inf" : "-inf";
  if (Number.isInteger(v) && Math.abs(v) < 1e16) return v.toFixed(1);
  const [mantissa, e] = v.toExponential().split("e") as [string, string];
  const exp = Number(e);
  if (exp < -4 || exp >= 16) return `${mantissa}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
  return String(v);
}
