/**
 * Capture link types (DLT_* / LINKTYPE_*) and the first layer of a frame of each type, as
 * Scapy's conf.l2types. Layer files register their own types; capture readers and live
 * sockets look them up. An unknown type dissects as Raw.
 */
import type { LayerRef } from "../core/state.ts";

const byType = new Map<number, LayerRef>();
const byLayer = new Map<string, number>();

/** Frames of `linktype` start with `layer`; the first registration of a layer also maps it back. */
export function registerLinkType(linktype: number, layer: LayerRef): void {
  byType.set(linktype, layer);
  if (!byLayer.has(layer.name)) byLayer.set(layer.name, linktype);
}

/** First layer for a link type (undefined when unknown: use Raw). */
export function layerForLinkType(linktype: number): LayerRef | undefined {
  return byType.get(linktype);
}

/** Link type to write for packets whose first layer is `layer` (undefined when unknown). */
export function linkTypeForLayer(layer: LayerRef): number | undefined {
  return byLayer.get(layer.name);
}

export const DLT = {
  NULL: 0,
  EN10MB: 1,
  PPP: 9,
  RAW_BSD12: 12,
  RAW_BSD14: 14,
  PPP_SERIAL: 50,
  PPP_ETHER: 51,
  RAW: 101,
  IEEE802_11: 105,
  LOOP: 108,
  LINUX_SLL: 113,
  PRISM_HEADER: 119,
  IEEE802_11_RADIO: 127,
  PPI: 192,
  PPP_WITH_DIR: 204,
  IPV4: 228,
  IPV6: 229,
  LINUX_SLL2: 276,
} as const;
