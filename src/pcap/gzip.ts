/**
 * gzip-compressed captures, decompressed as they are read, in constant memory, synchronously or
 * not, in Node and in browsers alike (pako's streaming inflate: pure JavaScript). A file whose
 * gzip data is cut short or damaged keeps every byte decompressed before the damage; what went
 * wrong is kept in `damage` for the reader's warning.
 */
import { Inflate } from "pako";
import { DEFAULT_CHUNK, type AsyncSource, type SyncSource } from "./window.ts";

/** pako's stream state (not in its typings): input used, and output not handed over yet. */
type InflateState = { strm: { total_in: number; output: Uint8Array; next_out: number } };

/**
 * Compressed bytes inflated at a time: deflate expands at most ~1000:1, so one step never makes
 * more than a few MB however the file was made; output is still handed over in DEFAULT_CHUNK pieces.
 */
const STEP = 4096;

export class GunzipSource implements SyncSource, AsyncSource {
  /** What went wrong with the gzip data (null while it is sound). */
  damage: string | null = null;
  private inflate: Inflate;
  /** Decompressed chunks not handed out yet; out[0] from outPos. */
  private out: Uint8Array[] = [];
  private outPos = 0;
  private head: Uint8Array | null;
  /** Compressed input not inflated yet. */
  private pending: Uint8Array | null = null;
  /** No more compressed input will come. */
  private inputDone = false;
  private finished = false;
  /** Compressed bytes of the members before the current one. */
  private before = 0;

  constructor(
    head: Uint8Array,
    private readonly sync: SyncSource | null,
    private readonly async: AsyncSource | null,
  ) {
    this.head = head;
    this.inflate = this.member();
  }

  /** Compressed bytes consumed so far (where the damage was found). */
  get compressedOffset(): number {
    return this.before + (this.inflate as unknown as InflateState).strm.total_in;
  }

  private member(): Inflate {
    const inf = new Inflate({ chunkSize: DEFAULT_CHUNK });
    inf.onData = (chunk) => this.out.push(chunk);
    return inf;
  }

  /** Inflates one more step of the pending input; with none pending, the input is over. */
  private step(): void {
    const chunk = this.pending;
    if (chunk === null) {
      this.inputDone = true;
      if (!this.inflate.ended) {
        this.inflate.push(new Uint8Array(0), true);
        if (this.inflate.err !== 0) this.fail(this.inflate.err === -5 ? "the gzip data stops before its end (the file was cut short)" : `the gzip data is damaged (${this.inflate.msg})`);
      }
      this.finished = true;
      return;
    }
    this.pending = chunk.length > STEP ? chunk.subarray(STEP) : null;
    const piece = chunk.subarray(0, STEP);
    if (this.inflate.ended) {
      if (this.inflate.err !== 0) return;
      // A member ended with a piece: what follows is another member (zeros pad some files).
      if (piece.every((b) => b === 0)) return;
      this.before += (this.inflate as unknown as InflateState).strm.total_in;
      this.inflate = this.member();
    }
    this.inflate.push(piece, false);
    if (this.inflate.err !== 0) this.fail(`the gzip data is damaged (${this.inflate.msg})`);
  }

  private fail(why: string): void {
    // pako drops the output it had not handed over when it fails: keep it.
    const strm = (this.inflate as unknown as InflateState).strm;
    if (strm.next_out > 0) this.out.push(strm.output.slice(0, strm.next_out));
    this.damage = `${why} at compressed byte ${this.compressedOffset}`;
    this.finished = true;
  }

  private nextSyncInput(): Uint8Array | null {
    if (this.head !== null) {
      const h = this.head;
      this.head = null;
      return h;
    }
    if (this.sync === null) return null;
    const chunk = new Uint8Array(DEFAULT_CHUNK);
    const got = this.sync.readInto(chunk, 0, chunk.length);
    return got <= 0 ? null : chunk.subarray(0, got);
  }

  private async nextAsyncInput(): Promise<Uint8Array | null> {
    if (this.head !== null || this.async === null) return this.nextSyncInput();
    return this.async.nextChunk();
  }

  private take(): Uint8Array | null {
    while (this.out.length > 0) {
      const first = this.out[0]!;
      const rest = this.outPos === 0 ? first : first.subarray(this.outPos);
      this.out.shift();
      this.outPos = 0;
      if (rest.length > 0) return rest;
    }
    return null;
  }

  readInto(buf: Uint8Array, offset: number, length: number): number {
    while (this.out.length === 0 && !this.finished) {
      if (this.pending === null && !this.inputDone) this.pending = this.nextSyncInput();
      this.step();
    }
    let n = 0;
    while (n < length && this.out.length > 0) {
      const first = this.out[0]!;
      const k = Math.min(length - n, first.length - this.outPos);
      buf.set(first.subarray(this.outPos, this.outPos + k), offset + n);
      n += k;
      this.outPos += k;
      if (this.outPos === first.length) {
        this.out.shift();
        this.outPos = 0;
      }
    }
    return n;
  }

  async nextChunk(): Promise<Uint8Array | null> {
    while (this.out.length === 0 && !this.finished) {
      if (this.pending === null && !this.inputDone) this.pending = await this.nextAsyncInput();
      this.step();
    }
    return this.take();
  }

  close(): void {
    this.finished = true;
    this.out = [];
    this.sync?.close?.();
    void this.async?.close?.();
  }
}
