/** Errors about capture files: each names the file and, when it helps, the byte offset. */
import { PacketryError } from "../core/errors.ts";
import type { PacketList } from "../core/plist.ts";

export class CaptureError extends PacketryError {
  /** Packets read before the damage, when the error ended a whole-file read (rdpcap). */
  packets?: PacketList;

  /** For errors of the file system: the system call that failed (code is then the system's, ENOENT...). */
  syscall?: string;
  /** For errors of the file system: the path. */
  path?: string;

  constructor(
    /** What is wrong, without the file and the offset. */
    readonly detail: string,
    readonly source: string,
    readonly offset?: number,
    code = "ECAPTURE",
  ) {
    super(offset === undefined ? `${source}: ${detail}` : `${source}: ${detail} (at byte offset ${offset})`, code);
    this.name = "CaptureError";
  }
}

/** The first bytes of a file, as hex, to say what it looks like. */
export function firstBytesHex(bytes: Uint8Array, n = 8): string {
  return Array.from(bytes.subarray(0, n), (b) => b.toString(16).padStart(2, "0")).join(" ");
}
