/** Python's repr() of internal values, for ls(), command() and fields that show lists. */
import { pyBytesRepr, pyStrRepr } from "../core/bytes.ts";
import { FlagValue } from "../core/flags.ts";
import { Packet } from "../core/packet.ts";

export function pyRepr(value: unknown): string {
  if (value === null || value === undefined) return "None";
  if (typeof value === "boolean") return value ? "True" : "False";
  if (typeof value === "number" || typeof value === "bigint") return String(value);
  if (typeof value === "string") return pyStrRepr(value);
  if (value instanceof Uint8Array) return pyBytesRepr(value);
  if (value instanceof FlagValue) return value.repr();
  if (value instanceof Packet) return value.toString();
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(", ")}]`;
  return String(value);
}

/** A tuple, as Python prints it: ('MSS', 1460) and ('NOP', None). */
export function pyTupleRepr(items: readonly unknown[]): string {
  return items.length === 1 ? `(${pyRepr(items[0])},)` : `(${items.map(pyRepr).join(", ")})`;
}
