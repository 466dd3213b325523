/**
 * Fragment tricks: overlapFrag (fragments whose data overlaps, to test what a reassembler keeps),
 * fragleak and fragleak2 (probes for stacks that leak memory in ICMP replies to fragments).
 */
import { toHex } from "../core/bytes.ts";
import { strictOptions } from "../core/options.ts";
import { Packet } from "../core/packet.ts";
import { PacketList } from "../core/plist.ts";
import { Padding, Raw } from "../core/raw.ts";
import { RandShort } from "../core/volatile.ts";
import { fragment } from "../layers/fragment.ts";
import { IP, IPerror, UDP } from "../layers/inet.ts";
import { send } from "../live/send.ts";
import { AsyncSniffer } from "../live/sniff.ts";
import { routeTable } from "../live/tables.ts";
import { linehexdump } from "../render/hexdump.ts";
import { sleepUnless } from "./live.ts";

const MF = 1;

/**
 * Fragments that overlap (Scapy's overlap_frag): first `overlap` as the datagram's data from
 * offset 0 (in fragments of overlapFragsize bytes, by default fragsize as Scapy's), MF set, then p's own fragments of
 * `fragsize` bytes. A reassembler that keeps the first copy sees `overlap` at the start.
 */
export function overlapFrag(p: Packet, overlap: Packet | Uint8Array | string, fragsize = 8, overlapFragsize: number | null = null): PacketList {
  const q = p.copy();
  const ip = q.getLayer(IP);
  if (!ip) throw new TypeError("overlap_frag(): the packet has no IP layer");
  // The overlapping data replaces the payload: the protocol it pushed down goes with it.
  ip.reset("proto");
  ip.payload = overlap instanceof Packet ? overlap.copy() : Raw({ load: overlap });
  const first = fragment(q, overlapFragsize ?? fragsize);
  // Their protocol stays unset, as the overlap pushed none (fragment() copies the one it read).
  if (!(overlap instanceof Packet)) for (const f of first) f.getLayer(IP)!.reset("proto");
  const lastIP = first[first.length - 1]!.getLayer(IP)!;
  lastIP.setFieldValue("flags", Number(lastIP.flags) | MF);
  return new PacketList([...first, ...fragment(p, fragsize)]);
}

/** 40 bytes of zero options (end of options, then padding): the longest header, the most room for a leak. */
const FORTY_ZEROS = () => [Raw({ load: new Uint8Array(40) })] as never;

export interface FragleakOptions {
  /** Seconds to wait for answers after each probe (fragleak 0.2, fragleak2 0.4). */
  timeout?: number;
  /** Print the leaked bytes as text only (Scapy's onlyasc). */
  onlyasc?: boolean | number;
  /** Probes to send (default: until stopped, with signal or Ctrl-C). */
  count?: number;
  signal?: AbortSignal;
  iface?: string;
}

const checkFragleak = strictOptions<FragleakOptions & { sport?: number; dport?: number }>("fragleak", { timeout: true, onlyasc: true, count: true, signal: true, iface: true, sport: true, dport: true });
const checkFragleak2 = strictOptions<FragleakOptions>("fragleak2", { timeout: true, onlyasc: true, count: true, signal: true, iface: true });

/**
 * Sends first fragments that never complete (IP options of 40 zero bytes, MF set) and waits for
 * the ICMP errors quoting them (reassembly time exceeded): bytes after the quoted datagram that
 * the sender put there come from its memory, and each new run of them is printed (Scapy's
 * fragleak). Resolves with the ICMP answers that quoted a probe.
 */
export async function fragleak(target: string, options: FragleakOptions & { sport?: number; dport?: number } = {}): Promise<PacketList> {
  checkFragleak(options);
  const { sport = 123, dport = 123, ...rest } = options;
  const probe = () => IP({ dst: target, id: new RandShort(), options: FORTY_ZEROS(), flags: "MF" }).div(UDP({ sport, dport })).div("XXXXYYYYYYYYYY");
  return leak(target, probe, { timeout: 0.2, ...rest });
}

/** fragleak with another probe: a first fragment of protocol 200 (Scapy's fragleak2). */
export async function fragleak2(target: string, options: FragleakOptions = {}): Promise<PacketList> {
  checkFragleak2(options);
  const probe = () => IP({ dst: target, id: new RandShort(), options: FORTY_ZEROS(), proto: 200, flags: "MF" }).div("XXXXYYYYYYYYYYYY");
  return leak(target, probe, { timeout: 0.4, ...options });
}

async function leak(target: string, probe: () => Packet, options: FragleakOptions): Promise<PacketList> {
  const answers = new PacketList<Packet>([], "fragleak");
  const found = new Set<string>();
  const sniffer = new AsyncSniffer({ iface: options.iface ?? routeTable().route(target)[0], filter: `icmp and src host ${target}`, store: false, prn: (p) => void take(p) });
  const take = (p: Packet) => {
    const quoted = p.getLayer(IPerror);
    if (!quoted || String(quoted.dst) !== target) return;
    answers.push(p);
    const pad = p.getLayer(Padding)?.load as Uint8Array | undefined;
    if (!pad || pad.length === 0) return;
    const key = toHex(pad);
    if (found.has(key)) return;
    found.add(key);
    linehexdump(pad, { onlyasc: options.onlyasc });
  };
  sniffer.start();
  try {
    for (let n = 0; (options.count === undefined || n < options.count) && !options.signal?.aborted; n++) {
      await send(probe(), { verbose: 0 });
      await sleepUnless(options.timeout ?? 0.2, options.signal);
    }
  } finally {
    sniffer.stop();
  }
  return answers;
}
