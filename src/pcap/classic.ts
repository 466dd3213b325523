/**
 * Classic pcap (libpcap's savefile): a 24-byte file header, then records of
 * `ts_sec ts_frac caplen wirelen` + data, in the writer's byte order. The magic says the byte
 * order and whether ts_frac counts microseconds or nanoseconds.
 */
import { CaptureError } from "./errors.ts";
import type { CaptureInterface, RecordSlot } from "./record.ts";
import { TSRESOL_MICRO, TSRESOL_NANO } from "./timestamps.ts";
import { MAX_RECORD, type ByteWindow } from "./window.ts";

export const MAGIC_MICRO = 0xa1b2c3d4;
export const MAGIC_NANO = 0xa1b23c4d;
/** Alexey Kuznetzov's patched libpcap: 8 more bytes per record header (ifindex, protocol, pkt_type). */
export const MAGIC_KUZNETZOV = 0xa1b2cd34;
export const FILE_HEADER_LEN = 24;

/** libpcap refuses records longer than this unless the snaplen is larger (MAXIMUM_SNAPLEN). */
export const MAX_SNAPLEN = 262144;

export interface ClassicHeader {
  littleEndian: boolean;
  nano: boolean;
  kuznetzov: boolean;
  versionMajor: number;
  versionMinor: number;
  snaplen: number;
  linktype: number;
}

/** The magic read as little-endian, for each known variant; undefined when not classic pcap. */
export function classicMagic(first4: number): { littleEndian: boolean; nano: boolean; kuznetzov: boolean } | undefined {
  for (const littleEndian of [true, false]) {
    const m = littleEndian ? first4 : byteSwap32(first4);
    if (m === MAGIC_MICRO) return { littleEndian, nano: false, kuznetzov: false };
    if (m === MAGIC_NANO) return { littleEndian, nano: true, kuznetzov: false };
    if (m === MAGIC_KUZNETZOV) return { littleEndian, nano: false, kuznetzov: true };
  }
  return undefined;
}

export function byteSwap32(n: number): number {
  return (((n & 0xff) << 24) | ((n & 0xff00) << 8) | ((n >>> 8) & 0xff00) | (n >>> 24)) >>> 0;
}

export function parseClassicHeader(view: DataView, at: number): ClassicHeader {
  const kind = classicMagic(view.getUint32(at, true))!;
  const le = kind.littleEndian;
  return {
    ...kind,
    versionMajor: view.getUint16(at + 4, le),
    versionMinor: view.getUint16(at + 6, le),
    snaplen: view.getUint32(at + 16, le),
    // The upper bits of this word may carry FCS information; the link type is the low 16.
    linktype: view.getUint32(at + 20, le) & 0xffff,
  };
}

export function encodeClassicHeader(h: { littleEndian: boolean; nano: boolean; snaplen: number; linktype: number }): Uint8Array {
  const out = new Uint8Array(FILE_HEADER_LEN);
  const v = new DataView(out.buffer);
  const le = h.littleEndian;
  v.setUint32(0, h.nano ? MAGIC_NANO : MAGIC_MICRO, le);
  v.setUint16(4, 2, le);
  v.setUint16(6, 4, le);
  v.setUint32(16, h.snaplen, le);
  v.setUint32(20, h.linktype, le);
  return out;
}

/** Reads the records of a classic pcap file whose header has been consumed. */
export class ClassicDecoder {
  readonly format = "pcap";
  readonly iface: CaptureInterface;
  readonly tsresol: number;
  private readonly le: boolean;
  private readonly fracToNs: number;
  private readonly headerLen: number;
  private readonly maxCaplen: number;

  constructor(
    readonly header: ClassicHeader,
    private readonly source: string,
  ) {
    this.le = header.littleEndian;
    this.fracToNs = header.nano ? 1 : 1000;
    this.tsresol = header.nano ? TSRESOL_NANO : TSRESOL_MICRO;
    this.headerLen = header.kuznetzov ? 24 : 16;
    // A header's snaplen may be anything (0xffffffff is common): it raises the limit only so far.
    this.maxCaplen = Math.max(Math.min(header.snaplen, MAX_RECORD), MAX_SNAPLEN);
    this.iface = { linktype: header.linktype, snaplen: header.snaplen, tsresol: this.tsresol, tsoffset: 0, comments: [], section: 0 };
  }

  /** Fills slot with the next record: 0 when done, else the number of bytes needed at win.pos. */
  next(win: ByteWindow, slot: RecordSlot): number {
    const p = win.pos;
    const avail = win.end - p;
    const hl = this.headerLen;
    if (avail < hl) return hl;
    const v = win.view;
    const le = this.le;
    const caplen = v.getUint32(p + 8, le);
    if (caplen > this.maxCaplen) {
      throw new CaptureError(`record claims ${caplen} captured bytes, more than the ${this.maxCaplen} a pcap record may hold: the file is corrupt from here on`, this.source, win.base + p);
    }
    const total = hl + caplen;
    if (avail < total) return total;
    slot.sec = v.getUint32(p, le);
    slot.ns = v.getUint32(p + 4, le) * this.fracToNs;
    slot.wirelen = v.getUint32(p + 12, le);
    slot.start = p + hl;
    slot.end = p + total;
    slot.offset = win.base + p;
    win.pos = p + total;
    return 0;
  }
}
