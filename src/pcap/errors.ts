/** Errors about capture files: each names the file and, when it helps, the byte offset. */
import { PacketryError } from "../core/errors.ts";
import type { PacketList } from "../core/plist.ts";

export class CaptureError extends PacketryError {
  /** Packets read before the damage, when the error ended a whole-file read (rdpcap). */
  packets?: PacketList;

  constructor(
    /** What is wrong, without the file and the offset. */
    readonly detail: string,
    readonly source: string,
    readonly offset?: number,
  ) {
    super(offset === undefined ? `${source}: ${detail}` : `${source}: ${detail} (at byte offset ${offset})`, "ECAPTURE");
    this.name = "CaptureError";
  }
}

/** The first bytes of a file, as hex, to say what it looks like. */
export function firstBytesHex(bytes: Uint8Array, n = 8): string {
  return Array.from(bytes.subarray(0, n), (b) => b.toString(16).padStart(2, "0")).join(" ");
}
