/**
 * send (layer 3, by route) and sendp (layer 2): frames are built once, then sent in batches
 * (sendmmsg) unless `inter` asks for a pause between packets. As Scapy, prints a dot per packet
 * and "Sent N packets." when verbose.
 */
import { conf } from "../core/conf.ts";
import type { Packet } from "../core/packet.ts";
import { PacketList } from "../core/plist.ts";
import { expandPackets, l2Frames, l3Frames, type PacketsInput } from "./frames.ts";
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

/** Sends IP/IPv6 packets; each leaves by its route, with the next hop's MAC. */
export async function send(pkts: PacketsInput, options: SendOptions = {}): Promise<PacketList | undefined> {
  const list = expandPackets(pkts);
  const { iface, frames } = await l3Frames(list, options.iface);
  return sendFrames(iface, list, frames, options);
}

/** Sends frames as they are built. */
export async function sendp(pkts: PacketsInput, options: SendOptions = {}): Promise<PacketList | undefined> {
  const list = expandPackets(pkts);
  const frames = await l2Frames(list);
  return sendFrames(options.iface ?? conf.iface, list, frames, options);
}

const sleep = (seconds: number) => new Promise<void>((r) => setTimeout(r, seconds * 1000));
const yieldToLoop = () => new Promise<void>((r) => setImmediate(r));

async function sendFrames(iface: string, pkts: Packet[], frames: Uint8Array[], options: SendOptions): Promise<PacketList | undefined> {
  const verb = verbosity(options.verbose);
  const count = options.count ?? 1;
  const sent: Packet[] = [];
  let n = 0;
  const sock = senderFor(iface);
  const stopped = () => !!options.signal?.aborted;
  try {
    const once = async () => {
      if (options.inter && options.inter > 0) {
        for (let i = 0; i < frames.length && !stopped(); i++) {
          sock.send(frames[i]!);
          n++;
          if (options.returnPackets) sent.push(pkts[i]!);
          if (verb > 0) say(".");
          await sleep(options.inter);
        }
      } else {
        sock.sendMany(frames);
        n += frames.length;
        if (options.returnPackets) sent.push(...pkts);
        if (verb > 0) say(".".repeat(frames.length));
        if (options.loop) await yieldToLoop();
      }
    };
    if (options.loop) {
      while (!stopped()) await once();
    } else if (!options.inter && !options.returnPackets && verb === 0) {
      n = sock.sendMany(frames, count);
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
