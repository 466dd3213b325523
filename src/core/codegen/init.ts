/** The constructor's keyword handling: each key set through its field, in the order given (declaration order when a field's kind depends on another). */
import type { Packet } from "../packet.ts";
import { setValue } from "../read/values.ts";
import type { LayerLayout, PacketState } from "../state.ts";
import { warnOnce } from "../warn.ts";

export type InitCodec = (p: Packet, s: PacketState, init: Record<string, unknown>) => void;

export function unknownField(layer: string, layout: LayerLayout, key: string): never {
  throw new TypeError(`${layer} has no field ${JSON.stringify(key)} (fields: ${layout.fields.map((f) => f.name).join(", ")})`);
}

/** The field index a keyword names (a deprecated name warns and stands for its new one). */
function indexOf(layout: LayerLayout, layer: string, key: string): number {
  const i = layout.fieldIndex.get(key);
  if (i !== undefined) return i;
  const moved = layout.deprecated.get(key);
  if (moved) {
    warnOnce(`${layer}.${key}`, `DeprecationWarning: ${key} has been deprecated in favor of ${moved[0]} since ${moved[1]} !`);
    return layout.fieldIndex.get(moved[0])!;
  }
  return unknownField(layer, layout, key);
}

export function genericInit(layout: LayerLayout, layer: string): InitCodec {
  if (!layout.hasDynamicFields) {
    return (p, _s, init) => {
      for (const key in init) setValue(p, indexOf(layout, layer, key), init[key]);
    };
  }
  // In declaration order: a field's kind may depend on an earlier one (DNSRR's rdata on its type).
  return (p, _s, init) => {
    const order = Object.keys(init).map((key) => [indexOf(layout, layer, key), key] as const);
    order.sort((a, b) => a[0] - b[0]);
    for (const [i, key] of order) setValue(p, i, init[key]);
  };
}
