/**
 * A sliding window over a byte stream. Records are handed out as views into the window's
 * buffers, so a buffer is never written again once its bytes may have been handed out: a
 * refill that needs more room starts a fresh buffer and carries over only the unread tail.
 */

/** Bytes pulled on demand, synchronously (a file, or bytes already in memory). */
export interface SyncSource {
  /** Reads up to `length` bytes into buf at offset; 0 at the end. */
  readInto(buf: Uint8Array, offset: number, length: number): number;
  close?(): void;
}

/** Bytes arriving in chunks (a stream); null at the end. */
export interface AsyncSource {
  nextChunk(): Promise<Uint8Array | null>;
  /** Reads into the window's own buffer instead (files): no chunk to copy. */
  readIntoAsync?(buf: Uint8Array, offset: number, length: number): Promise<number>;
  close?(): void | Promise<void>;
}

/**
 * The most bytes one record (a pcap record, a pcapng block) may claim: more is taken for
 * corruption, before any memory is set aside for it (libpcap's own limits are of this order).
 */
export const MAX_RECORD = 16 * 1024 * 1024;

// Small enough that the buffers young packets still hold stay few; large enough that reads are cheap.
export const DEFAULT_CHUNK = 1 << 18;

export class ByteWindow {
  buf: Uint8Array;
  view: DataView;
  pos = 0;
  end = 0;
  /** Offset in the stream of buf[0]. */
  base = 0;
  eof = false;

  constructor(readonly chunkSize = DEFAULT_CHUNK, initial?: Uint8Array) {
    this.buf = initial ?? new Uint8Array(0);
    this.view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
    if (initial) {
      this.end = initial.length;
      this.eof = true;
    }
  }

  /** Stream offset of the next unread byte. */
  get offset(): number {
    return this.base + this.pos;
  }

  get available(): number {
    return this.end - this.pos;
  }

  /** Makes room for n unread bytes from pos: a fresh buffer when the current one is too small. */
  private roomFor(n: number): void {
    if (this.buf.length - this.pos >= n && this.end < this.buf.length) return;
    const size = Math.max(this.chunkSize, n);
    const fresh = new Uint8Array(size);
    fresh.set(this.buf.subarray(this.pos, this.end));
    this.setBuffer(fresh, this.end - this.pos);
  }

  private setBuffer(buf: Uint8Array, end: number): void {
    this.base += this.pos;
    this.buf = buf;
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    this.pos = 0;
    this.end = end;
  }

  /** Ensures n unread bytes; false when the stream ends first. */
  fillSync(n: number, src: SyncSource | null): boolean {
    while (this.end - this.pos < n) {
      if (this.eof || src === null) {
        this.eof = true;
        return false;
      }
      this.roomFor(n);
      const got = src.readInto(this.buf, this.end, this.buf.length - this.end);
      if (got <= 0) this.eof = true;
      else this.end += got;
    }
    return true;
  }

  async fillAsync(n: number, src: AsyncSource): Promise<boolean> {
    while (this.end - this.pos < n) {
      if (this.eof) return false;
      if (src.readIntoAsync) {
        this.roomFor(n);
        const got = await src.readIntoAsync(this.buf, this.end, this.buf.length - this.end);
        if (got <= 0) this.eof = true;
        else this.end += got;
        continue;
      }
      const chunk = await src.nextChunk();
      if (chunk === null) {
        this.eof = true;
        return false;
      }
      if (chunk.length === 0) continue;
      if (this.pos === this.end) this.setBuffer(chunk, chunk.length); // adopt: no copy
      else {
        const need = this.end - this.pos + chunk.length;
        if (this.buf.length - this.end < chunk.length) this.roomFor(Math.max(need, n));
        this.buf.set(chunk, this.end);
        this.end += chunk.length;
      }
    }
    return true;
  }
}
