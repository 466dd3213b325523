/**
 * send (layer 3, by route) and sendp (layer 2): frames are built once, then sent in batches
 * (sendmmsg) unless `inter` asks for a pause between packets. As Scapy, prints a dot per packet
 * and "Sent N packets." when verbose.
 */
import { conf } from "../core/conf.ts";
import type { Packet } from "../core/packet.ts";
import { PacketList } from "../core/plist.ts";
import { expandPackets, l2Frames, l3Frames, sendL3, type PacketsInput } from "./frames.ts";
import { say, verbosity } from "./output.ts";
import { dropSenders, senderFor } from "./socket.ts";

export interface SendOptions {
  /** Interface (send: the first packet's route; sendp: conf.iface). */
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

/** Sends IP/IPv6 packets; they leave by the first one's route, with the next hop's MAC (raw IP sockets on loopback). */
export async function send(pkts: PacketsInput, options: SendOptions = {}): Promise<PacketList | undefined> {
  const list = expandPackets(pkts);
  const batch = await l3Frames(list, options.iface);
  return sendAll(batch.iface, list, options, (indexes, repeat) => {
    let n = 0;
    for (let r = 0; r < repeat; r++) n += sendL3(batch, indexes, () => senderFor(batch.iface));
    return n;
  });
}

/** Sends frames as they are built. */
export async function sendp(pkts: PacketsInput, options: SendOptions = {}): Promise<PacketList | undefined> {
  const list = expandPackets(pkts);
  const frames = await l2Frames(list);
  const iface = options.iface ?? conf.iface;
  return sendAll(iface, list, options, (indexes, repeat) => senderFor(iface).sendMany(indexes.map((i) => frames[i]!), repeat));
}

const sleep = (seconds: number) => new Promise<void>((r) => setTimeout(r, seconds * 1000));
const yieldToLoop = () => new Promise<void>((r) => setImmediate(r));

/** Sends packets `indexes`, the list `repeat` times; returns how many left. */
type Emit = (indexes: number[], repeat: number) => number;

async function sendAll(iface: string, pkts: Packet[], options: SendOptions, emit: Emit): Promise<PacketList | undefined> {
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
        if (options.returnPackets) sent.push(...pkts);
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
    dropSenders(iface);
    throw e;
  }
  if (verb > 0) say(`\nSent ${n} packets.\n`);
  return options.returnPackets ? new PacketList(sent, "PacketList") : undefined;
}
