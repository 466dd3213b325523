/**
 * summary(): the uppermost layer that has something to say gives the text; every other layer
 * shows its class name ("Ether / IP / TCP 10.0.0.1:1234 > 10.0.0.2:http S").
 */
import type { Packet } from "../core/packet.ts";
import type { LayerRef } from "../core/state.ts";
import { sprintf } from "./sprintf.ts";

/** The layer's own summary (Scapy's mysummary): text and the lower layers it asks to show. */
export function layerSummary(p: Packet): { text: string; needed: LayerRef[] } {
  const hook = p.spec.hooks.summary;
  if (!hook) return { text: "", needed: [] };
  const r = typeof hook === "string" ? sprintf(p, hook) : hook(p);
  if (r === null || r === undefined) return { text: "", needed: [] };
  if (typeof r === "string") return { text: r, needed: [] };
  return { text: r.text, needed: r.show ?? [] };
}

export function summary(p: Packet): string {
  const layers: Packet[] = [];
  for (let q: Packet | null = p; q !== null; q = q.payload) layers.push(q);
  let found = false;
  let text = "";
  const needed: LayerRef[] = [];
  for (let k = layers.length - 1; k >= 0; k--) {
    const layer = layers[k]!;
    let own = "";
    if (!found || needed.some((c) => c.spec === layer.spec)) {
      const s = layerSummary(layer);
      own = s.text;
      needed.push(...s.needed);
    }
    if (own || needed.length) found = true;
    if (!own) own = layer.spec.name;
    text = own && text ? `${own} / ${text}` : own + text;
  }
  return text;
}
