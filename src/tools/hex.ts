/**
 * Hex tools: chexdump (bytes as a C array body), importHexcap (bytes back from a tcpdump -xx,
 * hexdump() or Wireshark hex view pasted as text) and hexedit (packets edited in a hex editor).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { strictOptions } from "../core/options.ts";
import { Packet } from "../core/packet.ts";
import type { PacketList } from "../core/plist.ts";
import { rdpcap } from "../pcap/index.ts";
import { wrpcap } from "../pcap/writer.ts";
import { printLine } from "../render/color.ts";
import { bytesOf, type BytesLike } from "../render/hexdump.ts";
import { findProgram, prog, whichProgram } from "./programs.ts";

const checkDump = strictOptions<{ dump?: boolean }>("chexdump", { dump: true });

/** The bytes as `0x45, 0x00, ...` (Scapy's chexdump); printed unless {dump: true}. */
export function chexdump(x: BytesLike, options: { dump?: boolean } = {}): string | undefined {
  checkDump(options);
  const text = Array.from(bytesOf(x), (b) => "0x" + b.toString(16).padStart(2, "0")).join(", ");
  if (options.dump) return text;
  printLine(text);
  return undefined;
}

/** An offset at the start of a dump line: `0x0010:`, `0010`, `00000010`. */
const OFFSET = /^\s*(?:0x)?[0-9a-fA-F]{2,8}:?(?=\s)/;

/**
 * The bytes of a hex view given as text, as Scapy's import_hexcap reads `tcpdump -xx` output:
 * each line an offset, then up to 16 bytes in hex (in groups of 2 or 4 digits); what follows a
 * gap of three spaces or more (the ASCII column) is not read. Lines without an offset are skipped.
 */
export function importHexcap(text: string): Uint8Array {
  if (typeof text !== "string") throw new TypeError("import_hexcap() takes the hex view as text (paste it between triple quotes)");
  const out: number[] = [];
  for (const line of text.split(/\r?\n/)) {
    const m = OFFSET.exec(line);
    if (!m) continue;
    const rest = line.slice(m[0].length).replace(/^\s+/, "").split(/\s{3,}/)[0]!;
    let n = 0;
    for (const token of rest.split(/\s+/)) {
      if (!/^([0-9a-fA-F]{2})+$/.test(token) || n >= 16) break;
      for (let i = 0; i < token.length && n < 16; i += 2, n++) out.push(parseInt(token.slice(i, i + 2), 16));
    }
  }
  if (out.length === 0) throw new TypeError("import_hexcap(): no hex dump lines found (each line starts with an offset, e.g. '0x0000:  4500 0054')");
  return Uint8Array.from(out);
}

const checkHexedit = strictOptions<{ prog?: string }>("hexedit", { prog: true });

/**
 * Writes the packets to a capture, opens it in a hex editor (conf.prog.hexedit: hexer as in
 * Scapy, else $EDITOR) on this terminal, and returns the packets read back once it exits.
 */
export function hexedit(pkts: Packet | Iterable<Packet>, options: { prog?: string } = {}): PacketList {
  checkHexedit(options);
  // $EDITOR may carry arguments ("emacs -nw"): the first word is the program.
  const [editor, ...args] = (options.prog ?? (whichProgram(prog.hexedit) === null && process.env.EDITOR ? process.env.EDITOR : prog.hexedit)).trim().split(/\s+/);
  const command = findProgram(editor!, "hexedit", "a hex editor (apt-get install hexer) or set $EDITOR");
  const dir = mkdtempSync(join(tmpdir(), "packetry-hexedit-"));
  try {
    const file = join(dir, "packets.pcap");
    wrpcap(file, pkts instanceof Packet ? [pkts] : pkts);
    const r = spawnSync(command, [...args, file], { stdio: "inherit" });
    if (r.error) throw r.error;
    if (r.status !== 0) throw new Error(`hexedit: ${editor} exited with status ${r.status}`);
    return rdpcap(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
