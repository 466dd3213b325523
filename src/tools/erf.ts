/**
 * ERF (Endace's Extensible Record Format) captures, as Scapy's rderf/wrerf: each record a
 * 16-byte header (a 32.32 fixed-point timestamp, little-endian; type; flags; record and wire
 * lengths, big-endian) then, for Ethernet records (type 2), two bytes of offset and padding and
 * the frame. Records of other types are kept as Raw; gzip-compressed files are read and written.
 */
import { closeSync, existsSync, openSync, readFileSync, writeSync } from "node:fs";
import { gunzipSync, gzipSync } from "node:zlib";
import { strictOptions } from "../core/options.ts";
import { Packet } from "../core/packet.ts";
import { PacketList } from "../core/plist.ts";
import { Raw } from "../core/raw.ts";
import { Ether } from "../layers/l2.ts";
import { CaptureError } from "../pcap/errors.ts";
import { baseName } from "../pcap/files.ts";

const HEADER = 16;
const TYPE_ETH = 2;
const EXTENSION = 0x80;

export interface RderfOptions {
  /** Read at most this many packets (Scapy's count; -1 or absent: all). */
  count?: number;
}

export interface WrerfOptions {
  /** gzip-compress the file. */
  gz?: boolean | number;
  /** Add to the end of an existing file. */
  append?: boolean;
  /** Write each record as it is made (the file is complete after every packet). */
  sync?: boolean;
}

const checkRead = strictOptions<RderfOptions>("rderf", { count: true });
const checkWrite = strictOptions<WrerfOptions>("wrerf", { gz: true, append: true, sync: true });

/**
 * Reads an ERF file into a PacketList named after it (Ethernet records dissected, others Raw).
 * A file cut short gives its whole records and a warning; a broken record header throws a
 * CaptureError saying where, holding the packets before it in `packets`.
 */
export function rderf(filename: string, options: RderfOptions = {}): PacketList {
  checkRead(options);
  const limit = options.count !== undefined && options.count >= 0 ? options.count : Infinity;
  let data: Uint8Array = readFileSync(filename);
  if (data[0] === 0x1f && data[1] === 0x8b) data = gunzipSync(data);
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const out = new PacketList<Packet>([], baseName(filename));
  let off = 0;
  while (off < data.length && out.length < limit) {
    const rlen = data.length - off >= HEADER ? view.getUint16(off + 10) : 0;
    if (data.length - off < HEADER || off + rlen > data.length) {
      console.warn(`WARNING: ${new CaptureError(`the file ends inside a record; kept the ${out.length} whole records before it`, filename, off).message}`);
      break;
    }
    if (rlen < HEADER) {
      const e = new CaptureError(`a record length of ${rlen} is shorter than its header: not an ERF file, or damaged`, filename, off);
      e.packets = out;
      throw e;
    }
    const type = data[off + 8]!;
    const wlen = view.getUint16(off + 14);
    let body = off + HEADER;
    // Extension headers (8 bytes each) follow while their first bit says another comes.
    for (let more = (type & EXTENSION) !== 0; more && body + 8 <= off + rlen; body += 8) more = (data[body]! & EXTENSION) !== 0;
    const ethernet = (type & 0x7f) === TYPE_ETH;
    if (ethernet) body += 2;
    const end = Math.min(off + rlen, body + wlen);
    const frame = data.slice(body, Math.max(body, end));
    const p: Packet = ethernet ? Ether(frame) : Raw(frame);
    p.time = view.getUint32(off + 4, true) + view.getUint32(off, true) / 2 ** 32;
    p.wirelen = wlen;
    out.push(p);
    off += rlen;
  }
  return out;
}

/** One Ethernet ERF record for a packet: its build, timestamp and wire length. */
function record(p: Packet): Uint8Array {
  const frame = p.build();
  const rlen = HEADER + 2 + frame.length;
  if (rlen > 0xffff) throw new RangeError(`wrerf: a frame of ${frame.length} bytes does not fit an ERF record`);
  const out = new Uint8Array(rlen);
  const view = new DataView(out.buffer);
  const t = p.time;
  const seconds = Math.floor(t);
  view.setUint32(0, Math.min(2 ** 32 - 1, Math.round((t - seconds) * 2 ** 32)), true);
  view.setUint32(4, seconds, true);
  out[8] = TYPE_ETH;
  view.setUint16(10, rlen);
  view.setUint16(14, Math.max(frame.length, p.wirelen ?? 0));
  out.set(frame, HEADER + 2);
  return out;
}

/** Writes packets to an ERF file as Ethernet records (Scapy's wrerf). */
export function wrerf(filename: string, pkts: Packet | Iterable<Packet>, options: WrerfOptions = {}): void {
  checkWrite(options);
  if (options.append && options.gz && existsSync(filename)) {
    const head = readFileSync(filename).subarray(0, 2);
    if (head.length && !(head[0] === 0x1f && head[1] === 0x8b)) throw new CaptureError("cannot append compressed records to an uncompressed file (leave out gz)", filename);
  }
  const fd = openSync(filename, options.append ? "a" : "w");
  try {
    const pending: Uint8Array[] = [];
    const flush = () => {
      if (pending.length === 0) return;
      const bytes = Buffer.concat(pending.splice(0));
      writeSync(fd, options.gz ? gzipSync(bytes) : bytes);
    };
    for (const p of pkts instanceof Packet ? [pkts] : pkts) {
      for (const q of p.expand()) {
        pending.push(record(q));
        if (options.sync) flush();
      }
    }
    flush();
  } finally {
    closeSync(fd);
  }
}
