/** Length and count fields: when left to compute, they hold the size of another field (or its item count). */
import type { Packet } from "../packet.ts";
import { IntField, type IntOptions, type IntSize } from "./integers.ts";

export interface LengthOptions extends IntOptions {
  /** The field whose length in bytes this holds. */
  lengthOf?: string;
  /** The field whose number of items this holds. */
  countOf?: string;
  /** Changes the computed value (Scapy's adjust), e.g. (pkt, x) => x + 8. */
  adjust?: (pkt: Packet, value: number) => number;
}

export class FieldLenField<N extends string = string> extends IntField<N, number, number | null> {
  readonly target: string | null;
  readonly isCount: boolean;
  readonly adjust?: (pkt: Packet, value: number) => number;

  constructor(name: N, defaultValue: number | null, size: IntSize, options: LengthOptions) {
    super(name, defaultValue, size, { kindName: "FieldLenField", ...options });
    this.target = options.lengthOf ?? options.countOf ?? null;
    this.isCount = options.countOf !== undefined;
    this.adjust = options.adjust;
  }
}

const SIZES: Record<string, IntSize> = { B: 1, H: 2, I: 4, Q: 8, "<H": 2, "<I": 4 };

/** Scapy's FieldLenField(name, None, length_of=..., fmt="B"). */
export const fieldLen = <const N extends string>(name: N, d: number | null, options: LengthOptions & { fmt?: string }) =>
  new FieldLenField<N>(name, d, SIZES[options.fmt ?? "H"] ?? 2, { littleEndian: options.fmt?.startsWith("<"), ...options });
