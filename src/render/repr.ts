/** repr (`<IP  src=10.0.0.1 |<TCP  |>>`) and command() (Scapy source that rebuilds the packet). */
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
    layer.spec.fields.forEach((f, i) => {
      if (!f.present(layer!)) return;
      if (!layer!._isSet(i) && !layer!._isOverloaded(i)) return;
      const v = layer!._get(i);
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
    layer.spec.fields.forEach((f, i) => {
      if (!layer!._isSet(i)) return;
      const v = layer!._get(i);
      if (isEmptyList(v) || isDefaultVolatile(v)) return;
      args.push(`${f.name}=${fieldLiteral(layer!, f, v)}`);
    });
    parts.push(`${layer.spec.name}(${args.join(", ")})`);
  }
  return parts.join("/");
}
