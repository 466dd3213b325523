/**
 * packetry: Scapy for TypeScript. Build packets layer by layer, dissect bytes, send and
 * receive, sniff, read and write captures, and look at packets in detail.
 */
import { buildPacket } from "./core/write/build.ts";
import type { Packet } from "./core/packet.ts";

export * from "./core/index.ts";
export * from "./layers/index.ts";
export * from "./render/index.ts";
export * from "./pcap/index.ts";
export * from "./live/index.ts";
export * from "./tools/index.ts";

/** The packet's bytes (Scapy's raw(pkt) / bytes(pkt)). */
export function raw(pkt: Packet): Uint8Array {
  return buildPacket(pkt);
}
export * from "./automata/index.ts";
