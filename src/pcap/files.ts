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

/** The last path component (what Scapy names a PacketList read from a file). */
export function baseName(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] || path;
}
