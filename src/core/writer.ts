/** A growable byte buffer that packets are built into, front to back, in one allocation. */
export class Writer {
  buf: Uint8Array;
  pos = 0;

  constructor(capacity = 2048) {
    this.buf = new Uint8Array(capacity);
  }

  /** Makes room for n more bytes. */
  reserve(n: number): void {
    const need = this.pos + n;
    if (need <= this.buf.length) return;
    let size = this.buf.length * 2;
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
      const byte = Math.floor(v / 2 ** (8 * i)) & 0xff;
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

  zeros(n: number): void {
    this.reserve(n);
    this.buf.fill(0, this.pos, this.pos + n);
    this.pos += n;
  }

  /** Writes a big-endian unsigned value of `size` bytes at an earlier position. */
  patch(at: number, v: number, size: number, littleEndian = false): void {
    for (let i = 0; i < size; i++) {
      const byte = Math.floor(v / 2 ** (8 * i)) & 0xff;
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

let spare: Writer | null = null;

/** Borrows the shared writer (or a fresh one when it is in use: builds may nest). */
export function acquireWriter(): Writer {
  const w = spare ?? new Writer(4096);
  spare = null;
  w.pos = 0;
  return w;
}

export function releaseWriter(w: Writer): void {
  if (w.buf.length <= 1 << 20) spare = w;
}
