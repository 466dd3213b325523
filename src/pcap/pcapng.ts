/**
 * pcapng (the "next generation" capture format): a file is sections, each a Section Header
 * Block followed by blocks (interfaces, packets, name records, statistics...). Every block is
 * `type, total length, body, total length` with options as `code, length, value` padded to 4.
 * Block types and option codes are those of draft-ietf-opsawg-pcapng.
 */
export const BLOCK = {
  SHB: 0x0a0d0d0a,
  IDB: 1,
  OPB: 2,
  SPB: 3,
  NRB: 4,
  ISB: 5,
  EPB: 6,
} as const;

export const BYTE_ORDER_MAGIC = 0x1a2b3c4d;

export const OPT = {
  END: 0,
  COMMENT: 1,
  SHB_HARDWARE: 2,
  SHB_OS: 3,
  SHB_USERAPPL: 4,
  IF_NAME: 2,
  IF_DESCRIPTION: 3,
  IF_TSRESOL: 9,
  IF_TSOFFSET: 14,
  EPB_FLAGS: 2,
  ISB_STARTTIME: 2,
  ISB_ENDTIME: 3,
  ISB_IFRECV: 4,
  ISB_IFDROP: 5,
  ISB_FILTERACCEPT: 6,
  ISB_OSDROP: 7,
  ISB_USRDELIV: 8,
} as const;

const utf8 = new TextDecoder("utf-8");
const encoder = new TextEncoder();

/** Calls fn for each option in buf[from, to); stops at opt_endofopt or at an option that overruns the block. */
export function forEachOption(view: DataView, from: number, to: number, le: boolean, fn: (code: number, at: number, length: number) => void): void {
  let at = from;
  while (at + 4 <= to) {
    const code = view.getUint16(at, le);
    const length = view.getUint16(at + 2, le);
    if (code === OPT.END || at + 4 + length > to) return;
    fn(code, at + 4, length);
    at += 4 + ((length + 3) & ~3);
  }
}

export function optionText(buf: Uint8Array, at: number, length: number): string {
  // Some writers include a terminating NUL.
  let end = at + length;
  while (end > at && buf[end - 1] === 0) end--;
  return utf8.decode(buf.subarray(at, end));
}

export function readU64(view: DataView, at: number, le: boolean): number {
  return Number(view.getBigUint64(at, le));
}

/** Section Header Block contents. */
export interface CaptureSection {
  index: number;
  littleEndian: boolean;
  versionMajor: number;
  versionMinor: number;
  hardware?: string;
  os?: string;
  userAppl?: string;
  comments: string[];
}

/** Interface Statistics Block contents (counters as numbers; absent ones left out). */
export interface InterfaceStatistics {
  interfaceId: number;
  section: number;
  time: number;
  comments: string[];
  startTime?: number;
  endTime?: number;
  ifRecv?: number;
  ifDrop?: number;
  filterAccept?: number;
  osDrop?: number;
  usrDeliv?: number;
}

/** One Name Resolution Block record: an address and its names. */
export interface NameRecord {
  address: string;
  names: string[];
}

/** Builds option bytes (code, length, value, padding), ending with opt_endofopt; empty when there are none. */
export class OptionsBuilder {
  private readonly parts: Array<[number, Uint8Array]> = [];

  text(code: number, value: string | undefined): this {
    if (value !== undefined) this.parts.push([code, encoder.encode(value)]);
    return this;
  }

  bytes(code: number, value: Uint8Array): this {
    this.parts.push([code, value]);
    return this;
  }

  u8(code: number, value: number): this {
    return this.bytes(code, Uint8Array.of(value));
  }

  u32(code: number, value: number, le: boolean): this {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, value, le);
    return this.bytes(code, b);
  }

  get length(): number {
    if (this.parts.length === 0) return 0;
    let n = 4;
    for (const [, v] of this.parts) n += 4 + ((v.length + 3) & ~3);
    return n;
  }

  writeTo(out: Uint8Array, view: DataView, at: number, le: boolean): number {
    if (this.parts.length === 0) return at;
    for (const [code, v] of this.parts) {
      view.setUint16(at, code, le);
      view.setUint16(at + 2, v.length, le);
      out.set(v, at + 4);
      const padded = (v.length + 3) & ~3;
      out.fill(0, at + 4 + v.length, at + 4 + padded);
      at += 4 + padded;
    }
    view.setUint32(at, 0, le);
    return at + 4;
  }
}

/** A whole block: type, length, body (written by fill at offset 8), options, length. */
export function encodeBlock(type: number, bodyLength: number, options: OptionsBuilder, le: boolean, fill: (out: Uint8Array, view: DataView) => void): Uint8Array {
  const body = (bodyLength + 3) & ~3;
  const total = 12 + body + options.length;
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  view.setUint32(0, type, le);
  view.setUint32(4, total, le);
  fill(out, view);
  options.writeTo(out, view, 8 + body, le);
  view.setUint32(total - 4, total, le);
  return out;
}
