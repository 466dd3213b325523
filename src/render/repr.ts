/** repr (`<IP  src=10.0.0.1 |<TCP  |>>`) and command() (Scapy source that rebuilds the packet). */
import { getValue, isOverloaded, isSet } from "../core/read/values.ts";
import type { Packet } from "../core/packet.ts";
import { isDefaultVolatile } from "../core/volatile.ts";
import { fieldLiteral, fieldRepr } from "./fieldtext.ts";

function isEmptyList(v: unknown): boolean {
  return Array.isArray(v) && v.length === 0;
}

/** Fields given or dissected, then fields pushed down by the payload; empty lists skipped. */
export function packetRepr(p: Packet): string {
  let out = "";
  for (let layer: Packet | null = p, depth = 0; layer !== null; layer = layer.payload, depth++) {
    let fields = "";
    layer.spec.layout.fields.forEach((f, i) => {
      if (!f.present(layer!)) return;
      if (!isSet(layer!, i) && !isOverloaded(layer!, i)) return;
      const v = getValue(layer!, i);
      if (isEmptyList(v) || isDefaultVolatile(v)) return;
      fields += ` ${f.name}=${fieldRepr(layer!, f, v)}`;
    });
    out += `<${layer.spec.name} ${fields} |`;
  }
  let closing = "";
  for (let layer: Packet | null = p; layer !== null; layer = layer.payload) closing += ">";
  return out + closing;
}

export function command(p: Packet): string {
  const parts: string[] = [];
  for (let layer: Packet | null = p; layer !== null; layer = layer.payload) {
    const args: string[] = [];
    layer.spec.layout.fields.forEach((f, i) => {
      if (!isSet(layer!, i)) return;
      const v = getValue(layer!, i);
      if (isEmptyList(v) || isDefaultVolatile(v)) return;
      args.push(`${f.name}=${fieldLiteral(layer!, f, v)}`);
    });
    parts.push(`${layer.spec.name}(${args.join(", ")})`);
  }
  return parts.join("/");
}
