/**
 * Captures: pcap and pcapng, read and written, streaming, in pure TypeScript. File paths work
 * under Node (node.ts); in a browser use bytes, streams and chunk sinks.
 */
import "./node.ts";
import { registerCommand } from "../core/commands.ts";
import type { Packet } from "../core/packet.ts";
import type { PacketList } from "../core/plist.ts";
import { PcapReader, readOptionsChecker, type CaptureInput, type ReadOptions, type SyncCaptureInput } from "./reader.ts";
import { wrpcap, type WriteOptions } from "./writer.ts";
import type { ByteSink } from "./files.ts";

export { PcapReader, type CaptureInput, type SyncCaptureInput, type ReadOptions } from "./reader.ts";
export { streamSource } from "./sources.ts";
export { PcapWriter, wrpcap, pcapBytes, pcapChunks, type WriteOptions, type RawRecordMeta } from "./writer.ts";
export { CaptureError } from "./errors.ts";
export { CaptureRecord, type CaptureInterface, type CaptureMeta } from "./record.ts";
export type { CaptureSection, InterfaceStatistics, NameRecord } from "./pcapng.ts";
export type { ByteSink, FileAccess, FileSource } from "./files.ts";
export { installFileAccess } from "./files.ts";
export type { SyncSource, AsyncSource } from "./window.ts";
export { sniffOffline, type OfflineSniffOptions } from "./sniff.ts";

const checkRdpcap = readOptionsChecker("rdpcap");

/**
 * Reads a whole capture (pcap, pcapng, gzip-compressed or not) into a PacketList named after
 * the file: Scapy's rdpcap. A file cut short gives its whole packets and a warning; damage
 * that stops reading throws a CaptureError whose `packets` holds what came before.
 */
export function rdpcap(input: SyncCaptureInput, options: ReadOptions = {}): PacketList {
  checkRdpcap(options);
  return new PcapReader(input, options).readAll();
}

/** rdpcap for streams and browsers (gzip decompresses as it streams). */
export function rdpcapAsync(input: CaptureInput, options: ReadOptions = {}): Promise<PacketList> {
  return new PcapReader(input, options).readAllAsync();
}

/** A capture held in memory, as a PacketList. */
export function readPcapBytes(bytes: Uint8Array | ArrayBuffer, options: ReadOptions = {}): PacketList {
  return new PcapReader(bytes, options).readAll();
}

/** wrpcap writing pcapng (Scapy's wrpcapng). */
export function wrpcapng(target: string | ByteSink | ((chunk: Uint8Array) => void), packets: Packet | Iterable<Packet | Uint8Array>, options: Omit<WriteOptions, "format"> = {}): void {
  wrpcap(target, packets, { ...options, format: "pcapng" });
}

registerCommand("rdpcap", "Read a pcap or pcapng file and return a packet list", rdpcap);
registerCommand("wrpcap", "Write a list of packets to a pcap file", wrpcap);
registerCommand("wrpcapng", "Write a list of packets to a pcapng file", wrpcapng);
