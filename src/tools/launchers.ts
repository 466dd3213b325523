/**
 * Handing packets to Wireshark's and tcpdump's tools (Scapy's tcpdump, tdecode, wireshark): the
 * packets go to the program's stdin as a pcap stream (or through a temporary file), its output
 * to the terminal or back as text. The programs come from conf.prog; a missing one, or no
 * display for Wireshark, is said plainly (then the capture is written and its path given).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { Readable } from "node:stream";
import { strictOptions } from "../core/options.ts";
import { Packet } from "../core/packet.ts";
import { PacketryError } from "../core/errors.ts";
import { pcapBytes } from "../pcap/writer.ts";
import { findProgram, hasDisplay, prog } from "./programs.ts";

function warn(message: string): void {
  console.warn(`WARNING: ${message}`);
}

/** What tcpdump() runs on: packets, or a capture file already written. */
export type PacketSource = Packet | Iterable<Packet> | string;

export interface TcpdumpOptions {
  /** Return the program's output as text instead of printing it. */
  dump?: boolean;
  /** Return the program's output as a stream to read from. */
  getfd?: boolean;
  /** Return the running program (a ChildProcess). */
  getproc?: boolean;
  /** Arguments for the program (default: none; tdecode: -V). */
  args?: string[];
  /** A BPF filter for tcpdump to apply. */
  flt?: string;
  /** The program (default conf.prog.tcpdump; conf.prog.tshark works too). */
  prog?: string;
  /** Discard the program's stderr ("reading from file -..."). */
  quiet?: boolean;
  /** Pass the packets in a temporary file instead of stdin (default: for tshark and Wireshark, which do not read a socket). */
  useTempfile?: boolean;
  /** The arguments that make the program read stdin (default -r -, or -ki - for Wireshark). */
  readStdinOpts?: string[];
  /** The capture's link type (a DLT number), instead of the first packet's. */
  linktype?: number;
  /** Wait for the program to end (default true; false leaves it running). */
  wait?: boolean;
}

const TCPDUMP_OPTIONS = { dump: true, getfd: true, getproc: true, args: true, flt: true, prog: true, quiet: true, useTempfile: true, readStdinOpts: true, linktype: true, wait: true } as const;
const checkTcpdump = strictOptions<TcpdumpOptions>("tcpdump", TCPDUMP_OPTIONS);
const checkTdecode = strictOptions<TcpdumpOptions>("tdecode", TCPDUMP_OPTIONS);
const checkWireshark = strictOptions<TcpdumpOptions>("wireshark", TCPDUMP_OPTIONS);

/** The program's conf.prog name (for messages) and Debian package, by what the program is called. */
function describeProgram(name: string): [setting: string, pkg: string] {
  if (/tshark$/.test(name)) return ["tshark", "tshark (apt-get install tshark)"];
  if (/wireshark$/.test(name)) return ["wireshark", "Wireshark (apt-get install wireshark)"];
  return ["tcpdump", "tcpdump (apt-get install tcpdump)"];
}

function captureOf(source: Packet | Iterable<Packet>, linktype: number | undefined): Uint8Array {
  return pcapBytes(source instanceof Packet ? [source] : source, linktype === undefined ? {} : { linktype });
}

function tempCapture(bytes: Uint8Array): string {
  const path = join(mkdtempSync(join(tmpdir(), "packetry-")), "packets.pcap");
  writeFileSync(path, bytes);
  return path;
}

/**
 * Runs tcpdump (or tshark, with prog) on packets or a capture file, as Scapy's tcpdump(): the
 * output is printed (resolves when the program ends), or returned as text with {dump: true},
 * as a stream with {getfd: true}, or the process itself with {getproc: true}. Without packets
 * (undefined) the program captures live.
 */
export async function tcpdump(pktlist?: PacketSource | null, options: TcpdumpOptions = {}): Promise<string | Readable | ChildProcess | undefined> {
  checkTcpdump(options);
  return run(pktlist, options);
}

async function run(pktlist: PacketSource | null | undefined, options: TcpdumpOptions): Promise<string | Readable | ChildProcess | undefined> {
  const name = options.prog ?? prog.tcpdump;
  const [setting, pkg] = describeProgram(name);
  const path = findProgram(name, setting, pkg);
  const wireshark = setting === "wireshark";
  const args: string[] = [];
  let input: Uint8Array | null = null;
  let temp: string | null = null;
  if (typeof pktlist === "string") args.push("-r", pktlist);
  else if (pktlist !== undefined && pktlist !== null) {
    const bytes = captureOf(pktlist, options.linktype);
    // Node's pipes to a child are sockets, and Wireshark's readers refuse a socket on stdin: they get a file.
    if (options.useTempfile ?? setting !== "tcpdump") args.push("-r", (temp = tempCapture(bytes)));
    else {
      args.push(...(options.readStdinOpts ?? (wireshark ? ["-ki", "-"] : ["-r", "-"])));
      input = bytes;
    }
  }
  // tcpdump writes each packet as it reads it (-U) when the output is a pipe.
  if (setting === "tcpdump" && !args.includes("-U")) args.unshift("-U");
  args.push(...(options.args ?? []));
  if (options.flt) args.push(options.flt);

  const capture = !!(options.dump || options.getfd);
  const child = spawn(path, args, { stdio: [input ? "pipe" : "ignore", capture || options.getproc ? "pipe" : "inherit", options.quiet ? "ignore" : "inherit"] });
  const failed = new Promise<never>((_, reject) => child.on("error", reject));
  failed.catch(() => {});
  if (input) {
    child.stdin!.on("error", () => {}); // the program may stop reading early (a count, an error)
    child.stdin!.end(input);
  }
  if (options.getproc) return child;
  if (options.getfd) return child.stdout!;
  let text = "";
  if (options.dump) child.stdout!.on("data", (d: Buffer) => (text += d.toString()));
  if (options.wait === false && !options.dump) {
    child.unref();
    return undefined;
  }
  const code = await Promise.race([new Promise<number | null>((resolve) => child.on("close", resolve)), failed]).finally(() => temp && rmSync(dirname(temp), { recursive: true, force: true }));
  if (code !== 0 && !options.dump) throw new PacketryError(`${name} exited with status ${code}`, "EPROG");
  return options.dump ? text : undefined;
}

/** Runs tshark -V on the packets: each one decoded in full by Wireshark's dissectors (Scapy's tdecode). */
export async function tdecode(pktlist: PacketSource, options: TcpdumpOptions = {}): Promise<string | Readable | ChildProcess | undefined> {
  checkTdecode(options);
  return run(pktlist, { ...options, prog: options.prog ?? prog.tshark, args: options.args ?? ["-V"] });
}

/**
 * Opens the packets in Wireshark (Scapy's wireshark): it reads them from stdin (-ki -) and keeps
 * running (wait: false). Without a display (no DISPLAY or WAYLAND_DISPLAY) the packets are
 * written to a capture file instead: a warning says where and how to open it, and the path is returned.
 */
export async function wireshark(pktlist: PacketSource, options: TcpdumpOptions = {}): Promise<string | Readable | ChildProcess | undefined> {
  checkWireshark(options);
  if (!hasDisplay()) {
    const path = typeof pktlist === "string" ? pktlist : tempCapture(captureOf(pktlist, options.linktype));
    warn(`wireshark(): no display here (DISPLAY and WAYLAND_DISPLAY are unset). The packets are in ${path}: open it with wireshark where there is a display, or read it here with tshark -r ${path}`);
    return path;
  }
  return run(pktlist, { wait: false, ...options, prog: options.prog ?? prog.wireshark });
}
