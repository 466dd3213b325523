/** A field's value as text (Scapy's i2repr), including fields that hold several values. */
import type { AnyField } from "../core/field.ts";
import type { Packet } from "../core/packet.ts";
import { Alternatives } from "../core/values.ts";

export function fieldRepr(layer: Packet, f: AnyField, value: unknown): string {
  const actual = f.resolve(layer);
  if (value instanceof Alternatives) return `[${value.values.map((v) => actual.repr(v, layer)).join(", ")}]`;
  return actual.repr(value, layer);
}

export function fieldLiteral(layer: Packet, f: AnyField, value: unknown): string {
  const actual = f.resolve(layer);
  if (value instanceof Alternatives) return `[${value.values.map((v) => actual.literal(v, layer)).join(", ")}]`;
  return actual.literal(value, layer);
}
