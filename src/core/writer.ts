import { POW2 } from "./bytes.ts";

/** A growable byte buffer that packets are built into, front to back, in one allocation. */
export class Writer {
  buf: Uint8Array;
  pos = 0;
  /** Where the header being written starts (fields aligned to the layer's start read it: RadioTap). */
  headerStart = 0;

  constructor(capacity = 2048) {
    this.buf = new Uint8Array(capacity);
  }

  /** Makes room for n more bytes. */
  reserve(n: number): void {
    const need = this.pos + n;
    if (need <= this.buf.length) return;
    let size = Math.max(256, this.buf.length * 2);
    while (size < need) size *= 2;
    const bigger = new Uint8Array(size);
    bigger.set(this.buf.subarray(0, this.pos));
    this.buf = bigger;
  }

  u8(v: number): void {
    this.reserve(1);
    this.buf[this.pos++] = v;
  }

  u16(v: number): void {
    this.reserve(2);
    const b = this.buf;
    b[this.pos] = v >>> 8;
    b[this.pos + 1] = v;
    this.pos += 2;
  }

  u16le(v: number): void {
    this.reserve(2);
    const b = this.buf;
    b[this.pos] = v;
    b[this.pos + 1] = v >>> 8;
    this.pos += 2;
  }

  /** Unsigned big-endian integer of `size` bytes (1..6 as a number; 8 through writeU64). */
  uint(v: number, size: number, littleEndian = false): void {
    if (!littleEndian) {
      if (size === 1) return this.u8(v);
      if (size === 2) return this.u16(v);
      if (size === 4) return this.u32(v);
    }
    this.reserve(size);
    const b = this.buf;
    for (let i = 0; i < size; i++) {
      const byte = Math.floor(v / POW2[8 * i]!) & 0xff;
      b[this.pos + (littleEndian ? i : size - 1 - i)] = byte;
    }
    this.pos += size;
  }

  u32(v: number): void {
    this.reserve(4);
    const b = this.buf;
    b[this.pos] = v >>> 24;
    b[this.pos + 1] = v >>> 16;
    b[this.pos + 2] = v >>> 8;
    b[this.pos + 3] = v;
    this.pos += 4;
  }

  u64(v: bigint, littleEndian = false): void {
    this.reserve(8);
    const x = BigInt.asUintN(64, v);
    for (let i = 0; i < 8; i++) {
      const byte = Number((x >> BigInt(8 * i)) & 0xffn);
      this.buf[this.pos + (littleEndian ? i : 7 - i)] = byte;
    }
    this.pos += 8;
  }

  bytes(data: Uint8Array): void {
    this.reserve(data.length);
    this.buf.set(data, this.pos);
    this.pos += data.length;
  }

  /** Appends src[start, end) (short ranges byte by byte: a subarray would cost an object). */
  range(src: Uint8Array, start: number, end: number): void {
    const n = end - start;
    this.reserve(n);
    const b = this.buf;
    const at = this.pos;
    if (n <= 64) for (let i = 0; i < n; i++) b[at + i] = src[start + i]!;
    else b.set(src.subarray(start, end), at);
    this.pos += n;
  }

  zeros(n: number): void {
    this.reserve(n);
    this.buf.fill(0, this.pos, this.pos + n);
    this.pos += n;
  }

  /** Writes a big-endian unsigned value of `size` bytes at an earlier position. */
  patch(at: number, v: number, size: number, littleEndian = false): void {
    for (let i = 0; i < size; i++) {
      const byte = Math.floor(v / POW2[8 * i]!) & 0xff;
      this.buf[at + (littleEndian ? i : size - 1 - i)] = byte;
    }
  }

  /** Inserts bytes at an earlier position, moving what follows (rarely needed: post-build padding). */
  insert(at: number, data: Uint8Array): void {
    this.reserve(data.length);
    this.buf.copyWithin(at + data.length, at, this.pos);
    this.buf.set(data, at);
    this.pos += data.length;
  }

  /** A copy of what was written from `start`. */
  take(start = 0): Uint8Array {
    return this.buf.slice(start, this.pos);
  }
}

/**
 * Packets are built straight into a shared pool (like Node's Buffer pool): the result is a view
 * of the bytes written, with no copy. A build that outgrows the pool's free space moves to a
 * buffer of its own. Pools are small so that a kept packet does not hold much memory.
 */
const POOL_SIZE = 16 * 1024;
/** Below this free space a build starts in a fresh pool rather than risk moving. */
const POOL_MIN_FREE = 2048;

let pool = new ArrayBuffer(POOL_SIZE);
let poolUsed = 0;
/** The writer that owns the pool's free space right now (builds may nest: the inner one gets its own buffer). */
let poolWriter: Writer | null = null;
const shared = new Writer(0);

/** Borrows the shared writer, writing into the pool's free space (a fresh writer when builds nest). */
export function acquireWriter(): Writer {
  if (poolWriter !== null) return new Writer(256);
  if (POOL_SIZE - poolUsed < POOL_MIN_FREE) {
    pool = new ArrayBuffer(POOL_SIZE);
    poolUsed = 0;
  }
  poolWriter = shared;
  shared.buf = new Uint8Array(pool, poolUsed, POOL_SIZE - poolUsed);
  shared.pos = 0;
  return shared;
}

/** The bytes built: a view of the pool when they stayed in it (the pool's space is then used up to them). */
export function finishWriter(w: Writer): Uint8Array {
  if (w === poolWriter && w.buf.buffer === pool && w.buf.byteOffset === poolUsed) {
    const out = new Uint8Array(pool, poolUsed, w.pos);
    poolUsed += (w.pos + 7) & ~7;
    return out;
  }
  return w.take(0);
}

export function releaseWriter(w: Writer): void {
  if (w !== poolWriter) return;
  poolWriter = null;
  w.buf = EMPTY_BUF;
}

const EMPTY_BUF = new Uint8Array(0);
