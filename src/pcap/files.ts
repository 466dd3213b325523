/**
 * Where file paths are turned into byte sources and sinks. The format code never touches the
 * file system: the Node layer (node.ts) installs itself here; in a browser nothing is installed
 * and a path gives one clear error (pass bytes or a stream instead).
 */
import { CaptureError } from "./errors.ts";
import type { AsyncSource, SyncSource } from "./window.ts";

/** An open file: read synchronously or in chunks, whichever the caller iterates with. */
export interface FileSource extends SyncSource, AsyncSource {
  readonly size: number;
  close(): void;
}

/** Where written bytes go. `patch` rewrites bytes already written (seekable sinks only). */
export interface ByteSink {
  write(chunk: Uint8Array): void;
  patch?(offset: number, bytes: Uint8Array): void;
  close?(): void;
}

export interface FileAccess {
  open(path: string): FileSource;
  /** A sink writing to path; with append, after what the file holds. */
  create(path: string, append: boolean): ByteSink;
  /** Size of a file, 0 when it does not exist. */
  size(path: string): number;
  /** Whole-buffer gzip decompression (synchronous). */
  gunzipSync?(data: Uint8Array): Uint8Array;
  /** Whole-buffer gzip compression (synchronous): one gzip member. */
  gzipSync?(data: Uint8Array): Uint8Array;
}

let access: FileAccess | null = null;

export function installFileAccess(a: FileAccess): void {
  access = a;
}

export function fileAccess(path: string): FileAccess {
  if (access === null) {
    throw new CaptureError("file paths need Node.js; in a browser pass the bytes (readPcapBytes) or a ReadableStream", path);
  }
  return access;
}

/** gunzip without waiting, when the platform offers it (Node); null otherwise. */
export function gunzipSyncOrNull(): ((data: Uint8Array) => Uint8Array) | null {
  return access?.gunzipSync ?? null;
}

/** The last path component (what Scapy names a PacketList read from a file). */
export function baseName(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] || path;
}

/** Does the file start with gzip's magic bytes? */
export function isGzipFile(files: FileAccess, path: string): boolean {
  const src = files.open(path);
  try {
    const head = new Uint8Array(2);
    return src.readInto(head, 0, 2) === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    src.close();
  }
}

/**
 * A sink that gzips each chunk into a gzip member of its own: a series of members is one valid
 * gzip file (RFC 1952), so writing streams in constant memory and appending adds members.
 */
export function gzipMembers(file: ByteSink, files: FileAccess, path: string): ByteSink {
  const gzip = files.gzipSync;
  if (!gzip) {
    file.close?.();
    throw new CaptureError("gzip writing needs Node.js's zlib", path);
  }
  return {
    write: (chunk) => file.write(gzip(chunk)),
    close: () => file.close?.(),
  };
}
