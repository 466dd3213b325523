/** Byte sources from what callers hand over: streams, async iterables, sync sources. */
import { DEFAULT_CHUNK, type AsyncSource, type SyncSource } from "./window.ts";

export function isArrayBuffer(x: unknown): x is ArrayBuffer {
  return Object.prototype.toString.call(x) === "[object ArrayBuffer]";
}

export function isSyncSource(x: unknown): x is SyncSource {
  return typeof (x as SyncSource).readInto === "function";
}

/** Chunks from a ReadableStream or an async iterable of bytes. */
export function streamSource(input: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>): AsyncSource {
  if (typeof (input as ReadableStream<Uint8Array>).getReader === "function") {
    const reader = (input as ReadableStream<Uint8Array>).getReader();
    return {
      nextChunk: async () => {
        const r = await reader.read();
        return r.done ? null : toU8(r.value);
      },
      close: () => {
        void reader.cancel().catch(() => undefined);
      },
    };
  }
  const it = (input as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]();
  return {
    nextChunk: async () => {
      const r = await it.next();
      return r.done ? null : toU8(r.value);
    },
    close: () => {
      void it.return?.();
    },
  };
}

/** A chunked view of a sync source (fresh buffer per chunk). */
export function chunksOf(src: SyncSource): AsyncSource {
  return {
    nextChunk: async () => {
      const chunk = new Uint8Array(DEFAULT_CHUNK);
      const got = src.readInto(chunk, 0, chunk.length);
      return got <= 0 ? null : chunk.subarray(0, got);
    },
    close: () => src.close?.(),
  };
}

function toU8(v: Uint8Array | ArrayBuffer): Uint8Array {
  // Node streams give Buffers: a plain Uint8Array view of the same memory, no copy.
  return v instanceof ArrayBuffer ? new Uint8Array(v) : new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
}
