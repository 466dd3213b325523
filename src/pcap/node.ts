/**
 * The Node layer: file paths become byte sources and sinks, and gzip goes through zlib.
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

function openFile(path: string): FileSource {
  const fs = builtin<typeof Fs>("node:fs", path);
  const fd = fs.openSync(path, "r");
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
      return closed ? 0 : fs.readSync(fd, buf, offset, length, null);
    },
    nextChunk() {
      return new Promise((resolve, reject) => {
        if (closed) return resolve(null);
        const chunk = new Uint8Array(DEFAULT_CHUNK);
        fs.read(fd, chunk, 0, chunk.length, null, (err, n) => (err ? reject(err) : resolve(n === 0 ? null : chunk.subarray(0, n))));
      });
    },
    readIntoAsync(buf, offset, length) {
      return new Promise((resolve, reject) => {
        if (closed) return resolve(0);
        fs.read(fd, buf, offset, length, null, (err, n) => (err ? reject(err) : resolve(n)));
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
  const fd = fs.openSync(path, append ? "a" : "w");
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
  gunzipSync(data) {
    const zlib = builtin<typeof Zlib>("node:zlib", "gzip");
    const out = zlib.gunzipSync(data);
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  },
  gzipSync(data) {
    const zlib = builtin<typeof Zlib>("node:zlib", "gzip");
    const out = zlib.gzipSync(data);
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  },
};

if ((globalThis as { process?: { getBuiltinModule?: unknown } }).process?.getBuiltinModule) installFileAccess(nodeFileAccess);
