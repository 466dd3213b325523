/**
 * PcapReader: streams packets out of a pcap or pcapng capture (gzip-compressed or not) in
 * constant memory. It iterates synchronously (`for (const p of reader)`) over a file path,
 * bytes or a sync source, and asynchronously (`for await`) over those and over streams.
 * Packets are dissected lazily from the reader's buffers: no record is copied.
 */
import { strictOptions } from "../core/options.ts";
import type { Packet } from "../core/packet.ts";
import type { LayerSpec } from "../core/state.ts";
import { PacketList } from "../core/plist.ts";
import { ClassicDecoder, classicMagic, FILE_HEADER_LEN, parseClassicHeader, type ClassicHeader } from "./classic.ts";
import { CaptureError, firstBytesHex } from "./errors.ts";
import { baseName, fileAccess, type FileSource } from "./files.ts";
import { gunzipStreaming, gunzipWhole } from "./gzip.ts";
import { BLOCK, type CaptureSection, type InterfaceStatistics, type NameRecord } from "./pcapng.ts";
import { PcapngDecoder } from "./pcapngDecoder.ts";
import { CaptureRecord, packetFromSlot, RecordSlot, specForLinkType, type CaptureInterface } from "./record.ts";
import { chunksOf, isArrayBuffer, isSyncSource, streamSource } from "./sources.ts";
import { ByteWindow, DEFAULT_CHUNK, type AsyncSource, type SyncSource } from "./window.ts";

/** Anything a capture can be read from synchronously. */
export type SyncCaptureInput = string | Uint8Array | ArrayBuffer | SyncSource;
/** Anything a capture can be read from (streams only with `for await`). */
export type CaptureInput = SyncCaptureInput | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>;

export interface ReadOptions {
  /** Stop after this many packets (default: all). */
  count?: number;
  /** Throw when the file ends inside a record, instead of warning and keeping the whole packets. */
  strict?: boolean;
  /** Where warnings go (default: console.warn, prefixed "WARNING: " as Scapy does). */
  onWarning?: (message: string) => void;
  /** Name for messages and for the PacketList (default: the file's base name). */
  name?: string;
  /** Bytes read at a time (default 256 KiB). */
  chunkSize?: number;
  /**
   * Keeps only the records for which this is true, before any dissection: how a compiled BPF
   * filter plugs in. `data` is a view of the record's bytes.
   */
  recordFilter?: (data: Uint8Array, linktype: number) => boolean;
}

/** Checks a ReadOptions object (rdpcap and PcapReader take the same options). */
export const readOptionsChecker = (fn: string) => strictOptions<ReadOptions>(fn, { count: true, strict: true, onWarning: true, name: true, chunkSize: true, recordFilter: true });
const checkReader = readOptionsChecker("PcapReader");

type Decoder = ClassicDecoder | PcapngDecoder;

const GZIP_0 = 0x1f;
const GZIP_1 = 0x8b;

export class PcapReader implements Iterable<Packet>, AsyncIterable<Packet> {
  /** The file's base name, or the name given: what the PacketList is called. */
  readonly name: string;
  /** What messages call the input: the path as given, or the name. */
  readonly label: string;
  /** Warnings given so far (a file cut short...). */
  readonly warnings: string[] = [];
  /** Total bytes of the input when known (files, bytes), for progress. */
  readonly size: number | undefined;

  private win: ByteWindow;
  private sync: SyncSource | null = null;
  private async: AsyncSource | null = null;
  private decoder: Decoder | null = null;
  private readonly slot = new RecordSlot();
  private readonly limit: number;
  private readonly strict: boolean;
  private readonly warn: (message: string) => void;
  private readonly recordFilter: ((data: Uint8Array, linktype: number) => boolean) | undefined;
  private delivered = 0;
  private done = false;
  private gzipped = false;
  private busy = false;
  private specIface: CaptureInterface | null = null;
  private spec: LayerSpec | null = null;

  constructor(input: CaptureInput, options: ReadOptions = {}) {
    checkReader(options);
    const chunk = options.chunkSize ?? DEFAULT_CHUNK;
    this.limit = options.count !== undefined && options.count >= 0 ? options.count : Infinity;
    this.strict = options.strict ?? false;
    this.warn = options.onWarning ?? ((m) => console.warn(`WARNING: ${m}`));
    this.recordFilter = options.recordFilter;
    if (typeof input === "string") {
      const file: FileSource = fileAccess(input).open(input);
      this.name = options.name ?? baseName(input);
      this.label = input;
      this.size = file.size;
      this.sync = file;
      this.async = file;
      this.win = new ByteWindow(chunk);
    } else if (ArrayBuffer.isView(input) || isArrayBuffer(input)) {
      // Checked without instanceof: bytes may come from another realm (a worker, an iframe).
      const bytes = ArrayBuffer.isView(input) ? new Uint8Array(input.buffer, input.byteOffset, input.byteLength) : new Uint8Array(input);
      this.name = options.name ?? "bytes";
      this.label = this.name;
      this.size = bytes.length;
      this.win = new ByteWindow(chunk, bytes);
    } else if (isSyncSource(input)) {
      this.name = options.name ?? "stream";
      this.label = this.name;
      this.sync = input;
      this.win = new ByteWindow(chunk);
    } else {
      this.name = options.name ?? "stream";
      this.label = this.name;
      this.async = streamSource(input);
      this.win = new ByteWindow(chunk);
    }
  }

  // ---------- what the file says ----------

  /** "pcap" or "pcapng" once the header is read (reading the first packet reads it). */
  get format(): "pcap" | "pcapng" | undefined {
    return this.decoder?.format as "pcap" | "pcapng" | undefined;
  }

  /** Classic pcap header (undefined for pcapng). */
  get header(): ClassicHeader | undefined {
    return this.decoder instanceof ClassicDecoder ? this.decoder.header : undefined;
  }

  /** Link type of a classic file, or of the first interface of a pcapng file. */
  get linktype(): number | undefined {
    return this.interfaces[0]?.linktype;
  }

  /** Interfaces seen so far: the single implicit one of a classic file, or every pcapng IDB. */
  get interfaces(): readonly CaptureInterface[] {
    const d = this.decoder;
    if (d instanceof ClassicDecoder) return [d.iface];
    return d ? d.allInterfaces : [];
  }

  /** pcapng sections seen so far. */
  get sections(): readonly CaptureSection[] {
    return this.decoder instanceof PcapngDecoder ? this.decoder.sections : [];
  }

  /** pcapng interface statistics blocks seen so far. */
  get statistics(): readonly InterfaceStatistics[] {
    return this.decoder instanceof PcapngDecoder ? this.decoder.statistics : [];
  }

  /** pcapng name resolution records seen so far. */
  get names(): readonly NameRecord[] {
    return this.decoder instanceof PcapngDecoder ? this.decoder.names : [];
  }

  /** Bytes consumed so far (of the decompressed data for gzip files). */
  get position(): number {
    return this.win.offset;
  }

  /** Was the input gzip-compressed? */
  get compressed(): boolean {
    return this.gzipped;
  }

  /** Reads the file header now (it is otherwise read with the first packet). */
  open(): this {
    this.requireSync();
    if (this.decoder === null && !this.done) this.guard(() => this.readHeaderSync());
    return this;
  }

  /** open() for streams. */
  async openAsync(): Promise<this> {
    if (this.decoder === null && !this.done) {
      try {
        await this.readHeaderAsync();
      } catch (e) {
        this.close();
        throw e;
      }
    }
    return this;
  }

  // ---------- reading, synchronously ----------

  /** The next packet, or null at the end (Scapy's read_packet). */
  read(): Packet | null {
    return this.nextSync() ? this.packet() : null;
  }

  /** The next raw record (bytes and capture data, no dissection), or null at the end. */
  readRecord(): CaptureRecord | null {
    return this.nextSync() ? this.record() : null;
  }

  /** Every remaining packet, in a PacketList named after the file. */
  readAll(): PacketList {
    const list = new PacketList<Packet>([], this.name);
    try {
      for (let p = this.read(); p !== null; p = this.read()) list.push(p);
    } catch (e) {
      if (e instanceof CaptureError) e.packets = list;
      throw e;
    }
    return list;
  }

  [Symbol.iterator](): IterableIterator<Packet> {
    return this.iterate(() => this.read());
  }

  /** Raw records, synchronously. */
  records(): IterableIterator<CaptureRecord> {
    return this.iterate(() => this.readRecord());
  }

  // ---------- reading, asynchronously ----------

  async readAsync(): Promise<Packet | null> {
    return (await this.nextAsync()) ? this.packet() : null;
  }

  async readRecordAsync(): Promise<CaptureRecord | null> {
    return (await this.nextAsync()) ? this.record() : null;
  }

  async readAllAsync(): Promise<PacketList> {
    const list = new PacketList<Packet>([], this.name);
    try {
      for (let p = await this.readAsync(); p !== null; p = await this.readAsync()) list.push(p);
    } catch (e) {
      if (e instanceof CaptureError) e.packets = list;
      throw e;
    }
    return list;
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<Packet> {
    return this.iterateAsync(() => this.readAsync());
  }

  recordsAsync(): AsyncIterableIterator<CaptureRecord> {
    return this.iterateAsync(() => this.readRecordAsync());
  }

  /** Releases the file; further reads return null. */
  close(): void {
    if (this.done && this.sync === null && this.async === null) return;
    this.done = true;
    const s = this.sync ?? this.async;
    this.sync = null;
    this.async = null;
    void s?.close?.();
  }

  // ---------- internals ----------

  private iterate<T>(next: () => T | null): IterableIterator<T> {
    const it: IterableIterator<T> = {
      next: () => {
        const v = next();
        return v === null ? { value: undefined, done: true } : { value: v, done: false };
      },
      return: (value?: unknown) => {
        this.close();
        return { value: value as T, done: true };
      },
      [Symbol.iterator]: () => it,
    };
    return it;
  }

  private iterateAsync<T>(next: () => Promise<T | null>): AsyncIterableIterator<T> {
    const it: AsyncIterableIterator<T> = {
      next: async () => {
        const v = await next();
        return v === null ? { value: undefined, done: true } : { value: v, done: false };
      },
      return: async (value?: unknown) => {
        this.close();
        return { value: value as T, done: true };
      },
      [Symbol.asyncIterator]: () => it,
    };
    return it;
  }

  private packet(): Packet {
    this.delivered++;
    const slot = this.slot;
    const iface = slot.iface!;
    // The first layer is looked up once per interface, not per packet.
    if (iface !== this.specIface) {
      this.specIface = iface;
      this.spec = specForLinkType(iface.linktype);
    }
    return packetFromSlot(this.win.buf, slot, this.spec!, iface);
  }

  private record(): CaptureRecord {
    this.delivered++;
    const s = this.slot;
    const iface = s.iface!;
    return new CaptureRecord(this.win.buf.subarray(s.start, s.end), s.sec, s.ns, s.hasTime, s.wirelen, iface.linktype, s.offset, iface, s.interfaceId, s.comments ?? [], s.flags);
  }

  /** Runs f; on a capture error the reader is closed before the error goes on. */
  private guard<T>(f: () => T): T {
    try {
      return f();
    } catch (e) {
      this.close();
      throw e;
    }
  }

  private nextSync(): boolean {
    if (this.done || this.delivered >= this.limit) return false;
    this.requireSync();
    return this.guard(() => {
      if (this.decoder === null) this.readHeaderSync();
      const dec = this.decoder!;
      const win = this.win;
      for (;;) {
        const need = dec.next(win, this.slot);
        if (need === 0) {
          if (this.recordFilter === undefined || this.keep()) return true;
          continue;
        }
        if (!win.fillSync(need, this.sync)) return this.ended(need);
      }
    });
  }

  private async nextAsync(): Promise<boolean> {
    if (this.done || this.delivered >= this.limit) return false;
    // Reads share one window: a second read while the first waits for bytes would corrupt it.
    if (this.busy) throw new Error(`${this.label}: one read at a time (await each readAsync, or use for await)`);
    this.busy = true;
    try {
      if (this.decoder === null) await this.readHeaderAsync();
      const dec = this.decoder!;
      const win = this.win;
      for (;;) {
        const need = dec.next(win, this.slot);
        if (need === 0) {
          if (this.recordFilter === undefined || this.keep()) return true;
          continue;
        }
        const ok = this.async !== null ? await win.fillAsync(need, this.async) : win.fillSync(need, this.sync);
        if (!ok) return this.ended(need);
      }
    } catch (e) {
      this.close();
      throw e;
    } finally {
      this.busy = false;
    }
  }

  private keep(): boolean {
    const s = this.slot;
    return this.recordFilter!(this.win.buf.subarray(s.start, s.end), s.iface!.linktype);
  }

  /** The data ran out while `need` bytes were wanted: a clean end, or a record cut short. */
  private ended(need: number): false {
    const left = this.win.available;
    this.close();
    if (left === 0) return false;
    const what = this.decoder instanceof PcapngDecoder ? "block" : "record";
    const msg = `file ends in the middle of a ${what} (it needs ${need} bytes, ${left} remain); ${this.delivered} whole packets were read`;
    if (this.strict) throw new CaptureError(msg, this.label, this.win.offset);
    const full = `${this.label}: ${msg} (at byte offset ${this.win.offset})`;
    this.warnings.push(full);
    this.warn(full);
    return false;
  }

  private requireSync(): void {
    if (this.async !== null && this.sync === null) {
      throw new TypeError(`${this.label}: this input is a stream: read it with for await (or readAllAsync, openAsync)`);
    }
  }

  private readHeaderSync(): void {
    for (;;) {
      this.win.fillSync(8, this.sync);
      const r = this.detect();
      if (r === null) return;
      if (r === "gzip") {
        this.gunzipWhole();
        continue;
      }
      if (!this.win.fillSync(r, this.sync)) this.headerCut(r);
    }
  }

  private async readHeaderAsync(): Promise<void> {
    for (;;) {
      if (this.async !== null) await this.win.fillAsync(8, this.async);
      else this.win.fillSync(8, this.sync);
      const r = this.detect();
      if (r === null) return;
      if (r === "gzip") {
        this.gunzipStream();
        continue;
      }
      const ok = this.async !== null ? await this.win.fillAsync(r, this.async) : this.win.fillSync(r, this.sync);
      if (!ok) this.headerCut(r);
    }
  }

  /** Looks at the first bytes: sets the decoder (null), asks for gunzip, or says how many bytes the header needs. */
  private detect(): number | "gzip" | null {
    const win = this.win;
    const b = win.buf;
    const p = win.pos;
    const n = win.available;
    if (n === 0) throw new CaptureError("empty file: not a pcap or pcapng capture", this.label);
    if (n >= 2 && b[p] === GZIP_0 && b[p + 1] === GZIP_1 && !this.gzipped) return "gzip";
    if (n < 4) throw new CaptureError(`too short to be a capture (${n} bytes: ${firstBytesHex(b.subarray(p, p + n))})`, this.label);
    const magic = win.view.getUint32(p, true);
    if (classicMagic(magic)) {
      if (n < FILE_HEADER_LEN) return FILE_HEADER_LEN;
      const header = parseClassicHeader(win.view, p);
      win.pos += FILE_HEADER_LEN;
      const dec = new ClassicDecoder(header, this.label);
      this.slot.iface = dec.iface;
      this.decoder = dec;
      return null;
    }
    if (magic === BLOCK.SHB) {
      this.decoder = new PcapngDecoder(this.label);
      return null;
    }
    const kind = this.gzipped ? "gzip-compressed file holds something that is" : "file is";
    throw new CaptureError(`${kind} not a pcap or pcapng capture (it starts with ${firstBytesHex(b.subarray(p, p + n))})`, this.label);
  }

  private headerCut(need: number): never {
    throw new CaptureError(`file header cut short (${this.win.available} of ${need} bytes)`, this.label);
  }

  /** Synchronous gzip: the whole file is decompressed at once (needs Node's zlib). */
  private gunzipWhole(): void {
    const data = gunzipWhole(this.win.buf.slice(this.win.pos, this.win.end), this.sync, this.label);
    this.close();
    this.done = false;
    this.gzipped = true;
    this.win = new ByteWindow(this.win.chunkSize, data);
  }

  /** Asynchronous gzip: decompressed as it streams. */
  private gunzipStream(): void {
    const win = this.win;
    const rest = this.async ?? (this.sync !== null ? chunksOf(this.sync) : null);
    this.async = gunzipStreaming(win.buf.slice(win.pos, win.end), rest, this.label);
    this.sync = null;
    this.gzipped = true;
    this.win = new ByteWindow(win.chunkSize);
  }
}
