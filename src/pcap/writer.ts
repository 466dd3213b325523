/**
 * PcapWriter: writes packets as classic pcap (Scapy's layout by default: little-endian,
 * version 2.4, snaplen 65535, microseconds) or pcapng (one interface per link type and
 * capture interface, comments kept). Bytes go to a file path (Node), a ByteSink or a callback
 * that receives Uint8Array chunks, so it works in browsers too.
 */
import { concatBytes } from "../core/bytes.ts";
import { strictOptions } from "../core/options.ts";
import { Packet } from "../core/packet.ts";
import { linkTypeForLayer } from "../layers/linktypes.ts";
import { encodeClassicHeader } from "./classic.ts";
import { CaptureError } from "./errors.ts";
import { fileAccess, gzipMembers, isGzipFile, type ByteSink } from "./files.ts";
import { BLOCK, BYTE_ORDER_MAGIC, encodeBlock, OPT, OptionsBuilder } from "./pcapng.ts";
import { PcapReader } from "./reader.ts";
import type { CaptureMeta } from "./record.ts";
import { exactTimeNs, TSRESOL_MICRO, TSRESOL_NANO, unitsOf } from "./timestamps.ts";

export interface WriteOptions {
  /** Classic pcap (default) or pcapng. When appending, the existing file's format wins. */
  format?: "pcap" | "pcapng";
  /** Link type for the file (classic) or for every packet; default: the packet's own, else from its first layer. */
  linktype?: number;
  /** Classic header snaplen (default 65535, raised at close when a longer packet was written to a file). */
  snaplen?: number;
  /** Classic pcap with nanosecond timestamps (default: as the first packet was captured). */
  nano?: boolean;
  /** Byte order of what is written (default little-endian). */
  byteOrder?: "little" | "big";
  /** Add to the end of an existing file (a path target). */
  append?: boolean;
  /** pcapng section comment. */
  comment?: string;
  /** gzip-compress the file (a path target), as Scapy's gz=1; appending keeps a compressed file compressed. */
  gz?: boolean | number;
  /** Hand each packet to the file as soon as it is written (Scapy's sync=True). */
  sync?: boolean;
}

const WRITE_OPTIONS = { format: true, linktype: true, snaplen: true, nano: true, byteOrder: true, append: true, comment: true, gz: true, sync: true } as const;
const SCAPY_ONLY = { endianness: "give byte_order='big' or 'little'" };
const checkWriter = strictOptions<WriteOptions>("PcapWriter", WRITE_OPTIONS, SCAPY_ONLY);
const checkWrpcap = strictOptions<WriteOptions>("wrpcap", WRITE_OPTIONS, SCAPY_ONLY);

/** What a raw record written with writeRaw carries. */
export interface RawRecordMeta extends CaptureMeta {}

const CHUNK = 1 << 18;
const NS = 1_000_000_000n;
const ETHERNET = 1;

interface IfaceState {
  id: number;
  tsresol: number;
}

export class PcapWriter {
  /** Packets written so far. */
  count = 0;
  private readonly sink: ByteSink;
  private readonly ownsSink: boolean;
  private readonly format: "pcap" | "pcapng";
  private le: boolean;
  private buf = new Uint8Array(CHUNK);
  private view = new DataView(this.buf.buffer);
  private pos = 0;
  private written = 0;
  private started = false;
  private closed = false;
  // classic
  private linktype: number | undefined;
  private nano: boolean | undefined;
  private snaplen: number;
  private maxCaplen = 0;
  // pcapng
  private readonly ifaces = new Map<string, IfaceState>();
  private nextIfaceId = 0;

  constructor(
    target: string | ByteSink | ((chunk: Uint8Array) => void),
    private readonly options: WriteOptions = {},
  ) {
    checkWriter(options);
    this.format = options.format ?? "pcap";
    this.le = options.byteOrder !== "big";
    this.linktype = options.linktype;
    this.nano = options.nano;
    this.snaplen = options.snaplen ?? 65535;
    if (typeof target === "string") {
      const files = fileAccess(target);
      const gz = !!options.gz;
      if (options.append && files.size(target) > 0) {
        if (isGzipFile(files, target) !== gz) throw new CaptureError(gz ? "cannot append compressed records to an uncompressed file (leave out gz)" : "the file is gzip-compressed: append with gz=1", target);
        this.format = this.resume(target);
      }
      const file = files.create(target, !!options.append);
      this.sink = gz ? gzipMembers(file, files, target) : file;
      this.ownsSink = true;
    } else if (options.gz) {
      throw new CaptureError("gz applies to a file path; compress the bytes yourself for other targets", "PcapWriter");
    } else if (typeof target === "function") {
      this.sink = { write: target };
      this.ownsSink = false;
    } else {
      this.sink = target;
      this.ownsSink = false;
    }
  }

  /** Writes packets: a packet (each packet it stands for, as Scapy), or any iterable of packets or raw frames. */
  write(packets: Packet | Uint8Array | Iterable<Packet | Uint8Array>): this {
    if (this.closed) throw new Error("PcapWriter: write after close");
    if (packets instanceof Packet) this.writeEach(packets);
    else if (packets instanceof Uint8Array) this.writeRaw(packets);
    else {
      for (const p of packets) {
        if (p instanceof Uint8Array) this.writeRaw(p);
        else this.writeEach(p);
      }
    }
    if (this.options.sync) this.flush();
    return this;
  }

  /** Writes one frame of bytes with its capture metadata (time, wirelen, linktype, comment...). */
  writeRaw(data: Uint8Array, meta: RawRecordMeta = {}): this {
    if (this.closed) throw new Error("PcapWriter: write after close");
    const linktype = this.options.linktype ?? meta.linktype ?? this.linktype ?? ETHERNET;
    const timeNs = exactTimeNs(meta, Date.now() / 1000);
    this.record(data, meta, linktype, timeNs);
    if (this.options.sync) this.flush();
    return this;
  }

  /** Hands buffered bytes to the sink. */
  flush(): void {
    if (this.pos === 0) return;
    const chunk = this.buf.subarray(0, this.pos);
    // A fresh buffer each time: the sink may keep the chunk it was given.
    this.buf = new Uint8Array(CHUNK);
    this.view = new DataView(this.buf.buffer);
    this.pos = 0;
    this.written += chunk.length;
    this.sink.write(chunk);
  }

  /** Writes what is left (the header alone for an empty capture) and closes a file target. */
  close(): void {
    if (this.closed) return;
    if (!this.started) this.start(this.linktype ?? ETHERNET, undefined);
    this.flush();
    this.closed = true;
    if (this.format === "pcap" && this.maxCaplen > this.snaplen && this.sink.patch) {
      // A record longer than the header's snaplen would be cut by libpcap readers.
      const b = new Uint8Array(4);
      new DataView(b.buffer).setUint32(0, this.maxCaplen, this.le);
      this.sink.patch(16, b);
    }
    if (this.ownsSink) this.sink.close?.();
  }

  // ---------- internals ----------

  /** Each packet a packet stands for (one, unless a field holds several values). */
  private writeEach(p: Packet): void {
    const bytes = untouchedBytes(p);
    if (bytes !== null) this.writePacket(p, bytes);
    else for (const q of p) this.writePacket(q, q.build());
  }

  private writePacket(p: Packet, bytes: Uint8Array): void {
    const meta = (p._s.meta ?? {}) as CaptureMeta;
    const linktype = this.options.linktype ?? meta.linktype ?? linkTypeForLayer(p.layerClass) ?? this.linktype ?? ETHERNET;
    const timeNs = exactTimeNs(meta, p.time);
    this.record(bytes, meta, linktype, timeNs);
  }

  private record(data: Uint8Array, meta: CaptureMeta, linktype: number, timeNs: bigint): void {
    if (!this.started) this.start(linktype, meta);
    const wirelen = Math.max(meta.wirelen ?? 0, data.length);
    if (this.format === "pcap") this.classicRecord(data, wirelen, timeNs);
    else this.enhancedPacket(data, wirelen, timeNs, linktype, meta);
    this.count++;
  }

  /** Writes the file header, deciding what the first packet decides (link type, precision). */
  private start(linktype: number, meta: CaptureMeta | undefined): void {
    this.started = true;
    if (this.format === "pcap") {
      this.linktype ??= linktype;
      this.nano ??= meta?.tsresol === TSRESOL_NANO || (meta?.timeNs !== undefined && meta.timeNs % 1000n !== 0n && meta.tsresol === undefined);
      this.put(encodeClassicHeader({ littleEndian: this.le, nano: this.nano, snaplen: this.snaplen, linktype: this.linktype }));
      return;
    }
    const shbOptions = new OptionsBuilder().text(OPT.COMMENT, this.options.comment).text(OPT.SHB_USERAPPL, "packetry");
    this.put(
      encodeBlock(BLOCK.SHB, 16, shbOptions, this.le, (_, v) => {
        v.setUint32(8, BYTE_ORDER_MAGIC, this.le);
        v.setUint16(12, 1, this.le);
        v.setUint16(14, 0, this.le);
        v.setBigInt64(16, -1n, this.le); // section length not given
      }),
    );
  }

  /** Reads an existing file's header or interfaces so appended records fit it; returns its format. */
  private resume(path: string): "pcap" | "pcapng" {
    const reader = new PcapReader(path, { onWarning: () => undefined });
    try {
      reader.open();
      if (reader.format === "pcap") {
        const h = reader.header!;
        this.le = h.littleEndian;
        this.nano = h.nano;
        this.linktype = h.linktype;
        this.snaplen = h.snaplen;
        this.started = true;
        return "pcap";
      }
      // Appended packets join the last section: learn its byte order and interfaces.
      while (reader.readRecord() !== null);
      const sections = reader.sections;
      const last = sections[sections.length - 1]!;
      this.le = last.littleEndian;
      reader.interfaces
        .filter((i) => i.section === last.index)
        .forEach((i, id) => {
          const key = ifaceKey(i.linktype, i.name);
          if (!this.ifaces.has(key)) this.ifaces.set(key, { id, tsresol: i.tsresol });
        });
      this.nextIfaceId = reader.interfaces.filter((i) => i.section === last.index).length;
      this.started = true;
      return "pcapng";
    } catch (e) {
      if (e instanceof CaptureError) throw new CaptureError(`cannot append: ${e.message}`, path);
      throw e;
    } finally {
      reader.close();
    }
  }

  private classicRecord(data: Uint8Array, wirelen: number, timeNs: bigint): void {
    const sec = timeNs / NS;
    const frac = timeNs % NS;
    let secN = Number(sec);
    let fracN = this.nano ? Number(frac) : Math.round(Number(frac) / 1000);
    if (!this.nano && fracN === 1_000_000) {
      secN++;
      fracN = 0;
    }
    this.room(16 + data.length);
    const v = this.view;
    const at = this.pos;
    const le = this.le;
    v.setUint32(at, secN >>> 0, le);
    v.setUint32(at + 4, fracN, le);
    v.setUint32(at + 8, data.length, le);
    v.setUint32(at + 12, wirelen, le);
    this.buf.set(data, at + 16);
    this.pos = at + 16 + data.length;
    if (data.length > this.maxCaplen) this.maxCaplen = data.length;
  }

  private enhancedPacket(data: Uint8Array, wirelen: number, timeNs: bigint, linktype: number, meta: CaptureMeta): void {
    const iface = this.interfaceFor(linktype, meta);
    const units = unitsOf(timeNs, iface.tsresol);
    const options = new OptionsBuilder();
    for (const c of commentsOf(meta)) options.text(OPT.COMMENT, c);
    if (meta.flags !== undefined) options.u32(OPT.EPB_FLAGS, meta.flags, this.le);
    const padded = (data.length + 3) & ~3;
    const total = 32 + padded + options.length;
    this.room(total);
    const v = this.view;
    const at = this.pos;
    const le = this.le;
    v.setUint32(at, BLOCK.EPB, le);
    v.setUint32(at + 4, total, le);
    v.setUint32(at + 8, iface.id, le);
    v.setUint32(at + 12, Number(units >> 32n), le);
    v.setUint32(at + 16, Number(units & 0xffffffffn), le);
    v.setUint32(at + 20, data.length, le);
    v.setUint32(at + 24, wirelen, le);
    this.buf.set(data, at + 28);
    this.buf.fill(0, at + 28 + data.length, at + 28 + padded);
    options.writeTo(this.buf, v, at + 28 + padded, le);
    v.setUint32(at + total - 4, total, le);
    this.pos = at + total;
  }

  /** The interface for a packet: one per (link type, capture interface name), described on first use. */
  private interfaceFor(linktype: number, meta: CaptureMeta): IfaceState {
    const key = ifaceKey(linktype, meta.sniffedOn);
    let iface = this.ifaces.get(key);
    if (iface) return iface;
    // Resolution: as the packet was captured, else nanoseconds (exact for any time we hold).
    const tsresol = meta.tsresol ?? TSRESOL_NANO;
    iface = { id: this.nextIfaceId++, tsresol };
    this.ifaces.set(key, iface);
    const options = new OptionsBuilder().text(OPT.IF_NAME, meta.sniffedOn);
    if (tsresol !== TSRESOL_MICRO) options.u8(OPT.IF_TSRESOL, tsresol);
    this.put(
      encodeBlock(BLOCK.IDB, 8, options, this.le, (_, v) => {
        v.setUint16(8, linktype, this.le);
        v.setUint16(10, 0, this.le);
        v.setUint32(12, 0, this.le); // snaplen 0: no limit
      }),
    );
    return iface;
  }

  private room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    this.flush();
    if (n > this.buf.length) {
      this.buf = new Uint8Array(n);
      this.view = new DataView(this.buf.buffer);
    }
  }

  private put(bytes: Uint8Array): void {
    this.room(bytes.length);
    this.buf.set(bytes, this.pos);
    this.pos += bytes.length;
  }
}

/**
 * The bytes of a dissected packet nobody touched: no field set and the payload never looked at
 * (any change below would have had to go through it). Written as read, without rebuilding.
 */
function untouchedBytes(p: Packet): Uint8Array | null {
  const s = p._s;
  if (s.buf === null || s.payload !== undefined || s.values !== null || s.dirty || s.under !== null) return null;
  return s.buf.subarray(s.start, s.end);
}

function ifaceKey(linktype: number, name: string | undefined): string {
  return `${linktype}\u0000${name ?? ""}`;
}

/** The packet's comments: as read (all of them) unless the comment was changed since. */
function commentsOf(meta: CaptureMeta): string[] {
  const c = meta.comment;
  if (c === undefined) return [];
  const all = meta.comments;
  return all !== undefined && all.join("\n") === c ? all : [c];
}

/** Writes packets to a file (or sink) and closes it: Scapy's wrpcap. */
export function wrpcap(target: string | ByteSink | ((chunk: Uint8Array) => void), packets: Packet | Uint8Array | Iterable<Packet | Uint8Array>, options: WriteOptions = {}): void {
  checkWrpcap(options);
  const w = new PcapWriter(target, options);
  try {
    w.write(packets);
  } finally {
    w.close();
  }
}

/** A whole capture as bytes (for browsers: download it, or hand it to a Blob). */
export function pcapBytes(packets: Packet | Uint8Array | Iterable<Packet | Uint8Array>, options: Omit<WriteOptions, "append"> = {}): Uint8Array {
  const chunks: Uint8Array[] = [];
  wrpcap((c) => chunks.push(c), packets, options);
  return chunks.length === 1 ? chunks[0]! : concatBytes(chunks);
}

/** A capture as a stream of chunks, produced as the packets are consumed. */
export function* pcapChunks(packets: Iterable<Packet | Uint8Array>, options: Omit<WriteOptions, "append"> = {}): Generator<Uint8Array> {
  const ready: Uint8Array[] = [];
  const w = new PcapWriter((c) => ready.push(c), options);
  for (const p of packets) {
    w.write(p);
    if (ready.length > 0) yield* ready.splice(0);
  }
  w.close();
  yield* ready.splice(0);
}
