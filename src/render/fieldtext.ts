/** A field's value as text (Scapy's i2repr), including fields that hold several values. */
import type { AnyField } from "../core/field.ts";
import type { Packet } from "../core/packet.ts";
import { conf } from "../core/conf.ts";
import { Alternatives, Volatile } from "../core/values.ts";
import { FixedValue } from "../core/volatile.ts";

export function fieldRepr(layer: Packet, f: AnyField, value: unknown): string {
  // A random value shows as itself (`<RandShort>`), as Scapy's; one drawn once and kept as its value.
  if (value instanceof FixedValue) value = value.value;
  else if (value instanceof Volatile) return String(value);
  // A MAC field in conf.resolve shows its vendor (`Cisco:11:22:33`), as Scapy's.
  if (typeof value === "string" && conf.manufdb !== null && conf.resolve.has(f)) return conf.manufdb.resolveMAC(value);
  const actual = f.resolve(layer);
  if (value instanceof Alternatives) return `[${value.values.map((v) => actual.repr(v, layer)).join(", ")}]`;
  return actual.repr(value, layer);
}

export function fieldLiteral(layer: Packet, f: AnyField, value: unknown): string {
  if (value instanceof Volatile) return typeof (value as { command?: unknown }).command === "function" ? (value as unknown as { command(): string }).command() : String(value);
  const actual = f.resolve(layer);
  if (value instanceof Alternatives) return `[${value.values.map((v) => actual.literal(v, layer)).join(", ")}]`;
  return actual.literal(value, layer);
}
