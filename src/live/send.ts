/**
 * send (layer 3, by route) and sendp (layer 2): frames are built once, then sent in batches
 * (sendmmsg) unless `inter` asks for a pause between packets. As Scapy, prints a dot per packet
 * and "Sent N packets." when verbose.
 */
import { conf } from "../core/conf.ts";
import { strictOptions } from "../core/options.ts";
import type { Packet } from "../core/packet.ts";
import { PacketList } from "../core/plist.ts";
import { expandPackets, l2Frames, l3Frames, l3Interface, sendL3, type L3Batch, type PacketsInput } from "./frames.ts";
import { say, verbosity } from "./output.ts";
import { dropSenders, senderFor } from "./socket.ts";

export interface SendOptions {
  /** Interface (send: each packet's route; sendp: conf.iface). */
  iface?: string;
  /** Send the packets this many times. */
  count?: number;
  /** Seconds between two packets. */
  inter?: number;
  /** Send again and again until `signal` aborts. */
  loop?: boolean;
  verbose?: number | boolean;
  /** Returns the packets sent, in a PacketList. */
  returnPackets?: boolean;
  signal?: AbortSignal;
}

const SEND_OPTIONS = { iface: true, count: true, inter: true, loop: true, verbose: true, returnPackets: true, signal: true } as const;
const SCAPY_ONLY = { realtime: "", socket: "", ifaceHint: "" };
const checkSend = strictOptions<SendOptions>("send", SEND_OPTIONS, SCAPY_ONLY);
const checkSendp = strictOptions<SendOptions>("sendp", SEND_OPTIONS, SCAPY_ONLY);

/** Sends IP/IPv6 packets, each by its own route with the next hop's MAC (raw IP sockets on loopback). */
export async function send(pkts: PacketsInput, options: SendOptions = {}): Promise<PacketList | undefined> {
  checkSend(options);
  const list = expandPackets(pkts);
  // One batch per interface; packet i is entry slot[i] of batch owner[i].
  const groups = new Map<string, number[]>();
  list.forEach((p, i) => {
    const iface = options.iface ?? l3Interface(p);
    const g = groups.get(iface);
    if (g) g.push(i);
    else groups.set(iface, [i]);
  });
  const owner: L3Batch[] = [];
  const slot: number[] = [];
  for (const [iface, members] of groups) {
    const batch = await l3Frames(members.map((i) => list[i]!), iface);
    members.forEach((i, k) => {
      owner[i] = batch;
      slot[i] = k;
    });
  }
  const ifaces = [...groups.keys()];
  return sendAll(ifaces, list, options, (indexes, repeat) => {
    let n = 0;
    for (let r = 0; r < repeat; r++) {
      // Consecutive packets of the same interface go out together, in order.
      for (let a = 0; a < indexes.length; ) {
        const batch = owner[indexes[a]!]!;
        let b = a;
        while (b < indexes.length && owner[indexes[b]!] === batch) b++;
        n += sendL3(batch, indexes.slice(a, b).map((i) => slot[i]!), () => senderFor(batch.iface));
        a = b;
      }
    }
    return n;
  });
}

/** Sends frames as they are built. */
export async function sendp(pkts: PacketsInput, options: SendOptions = {}): Promise<PacketList | undefined> {
  checkSendp(options);
  const list = expandPackets(pkts);
  const frames = await l2Frames(list);
  const iface = options.iface ?? conf.iface;
  return sendAll([iface], list, options, (indexes, repeat) => senderFor(iface).sendMany(indexes.map((i) => frames[i]!), repeat));
}

const sleep = (seconds: number) => new Promise<void>((r) => setTimeout(r, seconds * 1000));
const yieldToLoop = () => new Promise<void>((r) => setImmediate(r));

/** Sends packets `indexes`, the list `repeat` times; returns how many left. */
type Emit = (indexes: number[], repeat: number) => number;

async function sendAll(ifaces: string[], pkts: Packet[], options: SendOptions, emit: Emit): Promise<PacketList | undefined> {
  const verb = verbosity(options.verbose);
  const count = options.count ?? 1;
  const all = pkts.map((_, i) => i);
  const sent: Packet[] = [];
  let n = 0;
  const stopped = () => !!options.signal?.aborted;
  try {
    const once = async () => {
      if (options.inter && options.inter > 0) {
        for (let i = 0; i < pkts.length && !stopped(); i++) {
          n += emit([i], 1);
          if (options.returnPackets) sent.push(pkts[i]!);
          if (verb > 0) say(".");
          await sleep(options.inter);
        }
      } else {
        n += emit(all, 1);
        if (options.returnPackets) for (const p of pkts) sent.push(p);
        if (verb > 0) say(".".repeat(pkts.length));
        if (options.loop) await yieldToLoop();
      }
    };
    if (options.loop) {
      while (!stopped()) await once();
    } else if (!options.inter && !options.returnPackets && verb === 0) {
      n = emit(all, count);
    } else {
      for (let c = 0; c < count && !stopped(); c++) await once();
    }
  } catch (e) {
    for (const iface of ifaces) dropSenders(iface);
    throw e;
  }
  if (verb > 0) say(`\nSent ${n} packets.\n`);
  return options.returnPackets ? new PacketList(sent, "PacketList") : undefined;
}
