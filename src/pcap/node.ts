/**
 * The Node layer: file paths become byte sources and sinks, and gzip writing goes through zlib.
 * Node's modules are fetched when a path is first used (process.getBuiltinModule), so this
 * module loads in a browser too and the rest of src/pcap never sees the file system.
 */
import type * as Fs from "node:fs";
import type * as Zlib from "node:zlib";
import { CaptureError } from "./errors.ts";
import { installFileAccess, type ByteSink, type FileAccess, type FileSource } from "./files.ts";
import { DEFAULT_CHUNK } from "./window.ts";

type BuiltinGetter = (id: string) => unknown;

function builtin<T>(id: string, path: string): T {
  const get = (globalThis as { process?: { getBuiltinModule?: BuiltinGetter } }).process?.getBuiltinModule;
  if (!get) throw new CaptureError("file paths need Node.js 20.16 or later; pass the bytes or a stream instead", path);
  return get(id) as T;
}

/** What an error opening or reading a file means for the person reading it (Node's codes). */
function fileError(e: unknown, path: string, doing: "open" | "read" | "write"): CaptureError {
  const err = e as { code?: string; message?: string } | undefined;
  const why: Record<string, string> = {
    ENOENT: "no such file or directory (check the path)",
    EISDIR: "this is a directory, not a capture file: name a file in it",
    ENOTDIR: "a part of the path is not a directory",
    EACCES: "permission denied (run as a user who may, or change the file's permissions)",
    EPERM: "permission denied (run as a user who may, or change the file's permissions)",
    EMFILE: "too many files open in this process",
    EIO: "the disk could not be read (input/output error)",
  };
  const text = (err?.code && why[err.code]) ?? `${err?.message ?? String(e)}`;
  // The system's code, call and path stay on the error (the shell words them as Python's OSError).
  const out = new CaptureError(`cannot ${doing} the file: ${text}`, path, undefined, err?.code ?? "ECAPTURE");
  if (err?.code) Object.assign(out, { syscall: doing, path });
  return out;
}

function openFile(path: string): FileSource {
  const fs = builtin<typeof Fs>("node:fs", path);
  let fd: number;
  try {
    fd = fs.openSync(path, "r");
    // A directory opens on Linux; reading it fails later with EISDIR: say so now.
    if (fs.fstatSync(fd).isDirectory()) {
      fs.closeSync(fd);
      throw Object.assign(new Error("is a directory"), { code: "EISDIR" });
    }
  } catch (e) {
    throw fileError(e, path, "open");
  }
  let closed = false;
  let size = 0;
  try {
    size = fs.fstatSync(fd).size;
  } catch {
    // a pipe or device: size unknown
  }
  return {
    size,
    readInto(buf, offset, length) {
      if (closed) return 0;
      try {
        return fs.readSync(fd, buf, offset, length, null);
      } catch (e) {
        throw fileError(e, path, "read");
      }
    },
    nextChunk() {
      return new Promise((resolve, reject) => {
        if (closed) return resolve(null);
        const chunk = new Uint8Array(DEFAULT_CHUNK);
        fs.read(fd, chunk, 0, chunk.length, null, (err, n) => (err ? reject(fileError(err, path, "read")) : resolve(n === 0 ? null : chunk.subarray(0, n))));
      });
    },
    readIntoAsync(buf, offset, length) {
      return new Promise((resolve, reject) => {
        if (closed) return resolve(0);
        fs.read(fd, buf, offset, length, null, (err, n) => (err ? reject(fileError(err, path, "read")) : resolve(n)));
      });
    },
    close() {
      if (closed) return;
      closed = true;
      fs.closeSync(fd);
    },
  };
}

function createFile(path: string, append: boolean): ByteSink {
  const fs = builtin<typeof Fs>("node:fs", path);
  let fd: number;
  try {
    fd = fs.openSync(path, append ? "a" : "w");
  } catch (e) {
    throw fileError(e, path, "write");
  }
  let closed = false;
  return {
    write(chunk) {
      let at = 0;
      while (at < chunk.length) at += fs.writeSync(fd, chunk, at, chunk.length - at);
    },
    // Only for files opened to write from the start: "a" mode ignores positions on Linux.
    patch: append ? undefined : (offset, bytes) => void fs.writeSync(fd, bytes, 0, bytes.length, offset),
    close() {
      if (closed) return;
      closed = true;
      fs.closeSync(fd);
    },
  };
}

export const nodeFileAccess: FileAccess = {
  open: openFile,
  create: createFile,
  size(path) {
    const fs = builtin<typeof Fs>("node:fs", path);
    try {
      return fs.statSync(path).size;
    } catch {
      return 0;
    }
  },
  gzipSync(data) {
    const zlib = builtin<typeof Zlib>("node:zlib", "gzip");
    const out = zlib.gzipSync(data);
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  },
};

if ((globalThis as { process?: { getBuiltinModule?: unknown } }).process?.getBuiltinModule) installFileAccess(nodeFileAccess);
