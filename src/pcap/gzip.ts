/**
 * gzip-compressed captures: decompressed whole with the platform's synchronous gunzip when there
 * is one (Node's zlib, through files.ts), or as they stream with DecompressionStream (Node 18+
 * and browsers), in constant memory.
 */
import { concatBytes } from "../core/bytes.ts";
import { CaptureError } from "./errors.ts";
import { gunzipSyncOrNull } from "./files.ts";
import { streamSource } from "./sources.ts";
import { DEFAULT_CHUNK, type AsyncSource, type SyncSource } from "./window.ts";

/** `head` (bytes already read) then the rest of `src`, decompressed at once. */
export function gunzipWhole(head: Uint8Array, src: SyncSource | null, label: string): Uint8Array {
  const gunzip = gunzipSyncOrNull();
  if (gunzip === null) throw new CaptureError("gzip-compressed: read it with for await (readAllAsync), which decompresses as it streams", label);
  const parts: Uint8Array[] = [head];
  if (src !== null) {
    for (;;) {
      const chunk = new Uint8Array(DEFAULT_CHUNK);
      const got = src.readInto(chunk, 0, chunk.length);
      if (got <= 0) break;
      parts.push(chunk.subarray(0, got));
    }
  }
  try {
    return gunzip(concatBytes(parts));
  } catch (e) {
    throw new CaptureError(`gzip data is corrupt or cut short (${(e as Error).message})`, label);
  }
}

/** `head` then the chunks of `rest`, decompressed as they are pulled. */
export function gunzipStreaming(head: Uint8Array, rest: AsyncSource | null, label: string): AsyncSource {
  const compressed = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(head);
      if (rest === null) controller.close();
    },
    async pull(controller) {
      const c = rest === null ? null : await rest.nextChunk();
      if (c === null) controller.close();
      else controller.enqueue(c);
    },
  });
  const inner = streamSource(compressed.pipeThrough(new DecompressionStream("gzip") as unknown as ReadableWritablePair<Uint8Array, Uint8Array>));
  return {
    nextChunk: async () => {
      try {
        return await inner.nextChunk();
      } catch (e) {
        throw new CaptureError(`gzip data is corrupt or cut short (${(e as Error).message})`, label);
      }
    },
    close: () => {
      void inner.close?.();
      void rest?.close?.();
    },
  };
}
