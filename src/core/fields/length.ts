/**
 * Length and count fields (Scapy's FieldLenField): an integer that, left null, is computed at
 * build as the size of another field or its number of items (with Scapy's adjust).
 */
import { countOf, lengthOf, payloadLength, type Adjust } from "./computed.ts";
import { IntField, type IntOptions, type IntSize } from "./integers.ts";

export interface LengthOptions<T extends string> extends IntOptions {
  /** Struct format of the integer: "B", "H" (default), "I", "Q", "<H", "<I". */
  fmt?: string;
  /** The field whose length in bytes this holds. */
  lengthOf?: T;
  /** The field whose number of items this holds. */
  countOf?: T;
  /** Changes the computed value (Scapy's adjust), e.g. (n) => n + 8. */
  adjust?: Adjust;
}

const SIZES: Record<string, IntSize> = { B: 1, H: 2, I: 4, Q: 8, "<H": 2, "<I": 4 };

export class FieldLenField<N extends string = string, T extends string = never> extends IntField<N, number, number | null, T> {}

/** Scapy's FieldLenField(name, None, length_of=..., fmt="B"). */
export function fieldLen<const N extends string, const T extends string>(name: N, d: number | null, options: LengthOptions<T>): FieldLenField<N, T> {
  const { fmt = "H", lengthOf: lengthTarget, countOf: countTarget, adjust, ...int } = options;
  const f = new FieldLenField<N, T>(name, d, SIZES[fmt] ?? 2, { kindName: "FieldLenField", littleEndian: fmt.startsWith("<"), ...int });
  if (lengthTarget !== undefined) f.compute(lengthOf(lengthTarget, adjust));
  else if (countTarget !== undefined) f.compute(countOf(countTarget, adjust));
  return f;
}

/** Scapy's LenField: a short that, left null, holds the length of the payload (adjusted). */
export const lenField = <const N extends string>(name: N, d: number | null, adjust?: Adjust) =>
  new IntField<N, number, number | null>(name, d, 2, { kindName: "LenField" }).compute(payloadLength(adjust));
