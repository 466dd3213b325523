/**
 * Reads pcapng blocks from a ByteWindow. Packet blocks (EPB, SPB and the obsolete OPB) fill a
 * RecordSlot; section headers, interfaces, name records and statistics are kept on the
 * decoder; other blocks are skipped. Byte order may change at each section.
 */
import { formatIPv4, formatIPv6 } from "../core/addr.ts";
import { CaptureError } from "./errors.ts";
import {
  BLOCK,
  BYTE_ORDER_MAGIC,
  forEachOption,
  OPT,
  optionText,
  readU64,
  type CaptureSection,
  type InterfaceStatistics,
  type NameRecord,
} from "./pcapng.ts";
import type { CaptureInterface, RecordSlot } from "./record.ts";
import { splitUnits, TSRESOL_MICRO } from "./timestamps.ts";
import { MAX_RECORD, type ByteWindow } from "./window.ts";


export class PcapngDecoder {
  readonly format = "pcapng";
  littleEndian = true;
  readonly sections: CaptureSection[] = [];
  /** Interfaces of the current section, by interface id. */
  interfaces: CaptureInterface[] = [];
  /** Every interface of every section, in file order. */
  readonly allInterfaces: CaptureInterface[] = [];
  readonly statistics: InterfaceStatistics[] = [];
  readonly names: NameRecord[] = [];
  private readonly split = { sec: 0, ns: 0 };

  constructor(private readonly source: string) {}

  private fail(message: string, offset: number): never {
    throw new CaptureError(message, this.source, offset);
  }

  /** Fills slot with the next packet: 0 when done, else the number of bytes needed at win.pos. */
  next(win: ByteWindow, slot: RecordSlot): number {
    for (;;) {
      const p = win.pos;
      const avail = win.end - p;
      if (avail < 12) return 12;
      const v = win.view;
      const offset = win.base + p;
      let le = this.littleEndian;
      const type = v.getUint32(p, le);
      if (type === BLOCK.SHB) {
        const bom = v.getUint32(p + 8, true);
        if (bom === BYTE_ORDER_MAGIC) le = true;
        else if (bom === 0x4d3c2b1a) le = false;
        else this.fail(`section header with a bad byte-order magic 0x${bom.toString(16)}`, offset);
      } else if (this.sections.length === 0) {
        this.fail(`pcapng file does not start with a section header block`, offset);
      }
      const len = v.getUint32(p + 4, le);
      if (len < 12 || len % 4 !== 0) this.fail(`block of type 0x${type.toString(16)} has an invalid length ${len}`, offset);
      if (len > MAX_RECORD) this.fail(`block of type 0x${type.toString(16)} claims ${len} bytes, more than the ${MAX_RECORD} a block may hold: the file is corrupt from here on`, offset);
      if (avail < len) return len;
      const trailer = v.getUint32(p + len - 4, le);
      if (trailer !== len) this.fail(`block length mismatch: the block of type 0x${type.toString(16)} starts with length ${len} but ends with ${trailer}`, offset);
      const end = p + len - 4;
      let isPacket = false;
      switch (type) {
        case BLOCK.SHB:
          this.readSection(win, p, end, le);
          break;
        case BLOCK.IDB:
          this.readInterface(win, p, end, le, offset);
          break;
        case BLOCK.EPB:
          isPacket = this.readPacket(win, p, end, le, slot, offset, false);
          break;
        case BLOCK.SPB:
          isPacket = this.readSimple(win, p, end, le, slot, offset);
          break;
        case BLOCK.OPB:
          isPacket = this.readPacket(win, p, end, le, slot, offset, true);
          break;
        case BLOCK.ISB:
          this.readStatistics(win, p, end, le);
          break;
        case BLOCK.NRB:
          this.readNames(win, p, end, le);
          break;
        default:
          break; // unknown or uninteresting blocks (DSB, custom, journal...) are skipped
      }
      win.pos = p + len;
      if (isPacket) {
        slot.offset = offset;
        return 0;
      }
    }
  }

  private readSection(win: ByteWindow, p: number, end: number, le: boolean): void {
    const v = win.view;
    this.littleEndian = le;
    const section: CaptureSection = {
      index: this.sections.length,
      littleEndian: le,
      versionMajor: v.getUint16(p + 12, le),
      versionMinor: v.getUint16(p + 14, le),
      comments: [],
    };
    forEachOption(v, p + 24, end, le, (code, at, n) => {
      if (code === OPT.COMMENT) section.comments.push(optionText(win.buf, at, n));
      else if (code === OPT.SHB_HARDWARE) section.hardware = optionText(win.buf, at, n);
      else if (code === OPT.SHB_OS) section.os = optionText(win.buf, at, n);
      else if (code === OPT.SHB_USERAPPL) section.userAppl = optionText(win.buf, at, n);
    });
    this.sections.push(section);
    this.interfaces = [];
  }

  private readInterface(win: ByteWindow, p: number, end: number, le: boolean, offset: number): void {
    const v = win.view;
    if (end - p < 16) this.fail("interface description block too short", offset);
    const iface: CaptureInterface = {
      linktype: v.getUint16(p + 8, le),
      snaplen: v.getUint32(p + 12, le),
      tsresol: TSRESOL_MICRO,
      tsoffset: 0,
      comments: [],
      section: this.sections.length - 1,
    };
    forEachOption(v, p + 16, end, le, (code, at, n) => {
      if (code === OPT.COMMENT) iface.comments.push(optionText(win.buf, at, n));
      else if (code === OPT.IF_NAME) iface.name = optionText(win.buf, at, n);
      else if (code === OPT.IF_DESCRIPTION) iface.description = optionText(win.buf, at, n);
      else if (code === OPT.IF_TSRESOL && n >= 1) iface.tsresol = win.buf[at]!;
      else if (code === OPT.IF_TSOFFSET && n >= 8) iface.tsoffset = Number(v.getBigInt64(at, le));
    });
    this.interfaces.push(iface);
    this.allInterfaces.push(iface);
  }

  private interfaceFor(id: number, offset: number): CaptureInterface {
    const iface = this.interfaces[id];
    if (!iface) this.fail(`packet refers to interface ${id}, but the section describes ${this.interfaces.length}`, offset);
    return iface;
  }

  private setTime(slot: RecordSlot, iface: CaptureInterface, high: number, low: number): void {
    splitUnits(high, low, iface.tsresol, this.split);
    slot.sec = this.split.sec + iface.tsoffset;
    slot.ns = this.split.ns;
    slot.hasTime = true;
  }

  /** An enhanced packet block, or the obsolete packet block (a 16-bit interface id and a drop count in its place). */
  private readPacket(win: ByteWindow, p: number, end: number, le: boolean, slot: RecordSlot, offset: number, obsolete: boolean): boolean {
    const v = win.view;
    const kind = obsolete ? "packet block" : "enhanced packet block";
    if (end - p < 28) this.fail(`${kind} too short`, offset);
    const id = obsolete ? v.getUint16(p + 8, le) : v.getUint32(p + 8, le);
    const iface = this.interfaceFor(id, offset);
    const caplen = v.getUint32(p + 20, le);
    const data = p + 28;
    if (data + caplen > end) this.fail(`${kind} holds ${end - data} bytes but says ${caplen} were captured`, offset);
    this.setTime(slot, iface, v.getUint32(p + 12, le), v.getUint32(p + 16, le));
    slot.wirelen = v.getUint32(p + 24, le);
    slot.start = data;
    slot.end = data + caplen;
    slot.iface = iface;
    slot.interfaceId = id;
    this.readPacketOptions(win, data + ((caplen + 3) & ~3), end, le, slot);
    return true;
  }

  private readSimple(win: ByteWindow, p: number, end: number, le: boolean, slot: RecordSlot, offset: number): boolean {
    const v = win.view;
    if (end - p < 12) this.fail("simple packet block too short", offset);
    const iface = this.interfaceFor(0, offset);
    const wirelen = v.getUint32(p + 8, le);
    const data = p + 12;
    // The captured length is not stored: the packet, cut to the snaplen and to the block.
    let caplen = Math.min(wirelen, end - data);
    if (iface.snaplen > 0) caplen = Math.min(caplen, iface.snaplen);
    slot.hasTime = false;
    slot.sec = 0;
    slot.ns = 0;
    slot.wirelen = wirelen;
    slot.start = data;
    slot.end = data + caplen;
    slot.iface = iface;
    slot.interfaceId = 0;
    slot.comments = null;
    slot.flags = undefined;
    return true;
  }

  private readPacketOptions(win: ByteWindow, from: number, end: number, le: boolean, slot: RecordSlot): void {
    slot.comments = null;
    slot.flags = undefined;
    if (from >= end) return;
    forEachOption(win.view, from, end, le, (code, at, n) => {
      if (code === OPT.COMMENT) (slot.comments ??= []).push(optionText(win.buf, at, n));
      else if (code === OPT.EPB_FLAGS && n >= 4) slot.flags = win.view.getUint32(at, le);
    });
  }

  private readStatistics(win: ByteWindow, p: number, end: number, le: boolean): void {
    const v = win.view;
    if (end - p < 20) return;
    const interfaceId = v.getUint32(p + 8, le);
    const iface = this.interfaces[interfaceId];
    const resol = iface?.tsresol ?? TSRESOL_MICRO;
    const time = (high: number, low: number) => {
      splitUnits(high, low, resol, this.split);
      return this.split.sec + (iface?.tsoffset ?? 0) + this.split.ns / 1e9;
    };
    const stats: InterfaceStatistics = { interfaceId, section: this.sections.length - 1, time: time(v.getUint32(p + 12, le), v.getUint32(p + 16, le)), comments: [] };
    forEachOption(v, p + 20, end, le, (code, at, n) => {
      const u64 = () => (n >= 8 ? readU64(v, at, le) : undefined);
      const ts = () => (n >= 8 ? time(v.getUint32(at, le), v.getUint32(at + 4, le)) : undefined);
      if (code === OPT.COMMENT) stats.comments.push(optionText(win.buf, at, n));
      else if (code === OPT.ISB_STARTTIME) stats.startTime = ts();
      else if (code === OPT.ISB_ENDTIME) stats.endTime = ts();
      else if (code === OPT.ISB_IFRECV) stats.ifRecv = u64();
      else if (code === OPT.ISB_IFDROP) stats.ifDrop = u64();
      else if (code === OPT.ISB_FILTERACCEPT) stats.filterAccept = u64();
      else if (code === OPT.ISB_OSDROP) stats.osDrop = u64();
      else if (code === OPT.ISB_USRDELIV) stats.usrDeliv = u64();
    });
    this.statistics.push(stats);
  }

  private readNames(win: ByteWindow, p: number, end: number, le: boolean): void {
    const v = win.view;
    const buf = win.buf;
    let at = p + 8;
    while (at + 4 <= end) {
      const type = v.getUint16(at, le);
      const n = v.getUint16(at + 2, le);
      if (type === 0 || at + 4 + n > end) return;
      const value = at + 4;
      const addrLen = type === 1 ? 4 : type === 2 ? 16 : 0;
      if (addrLen > 0 && n > addrLen) {
        const names = optionText(buf, value + addrLen, n - addrLen).split("\0").filter((s) => s.length > 0);
        this.names.push({ address: addrLen === 4 ? formatIPv4(buf, value) : formatIPv6(buf, value), names });
      }
      at = value + ((n + 3) & ~3);
    }
  }
}
