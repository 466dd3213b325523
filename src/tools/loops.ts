/**
 * Sending in loops: srloop/srploop (the packets every inter seconds, each round's answers
 * printed) and the floods srflood/srpflood/sr1flood/srp1flood (sent again and again for the
 * timeout, every answer matched).
 */
import { strictOptions } from "../core/options.ts";
import type { Packet } from "../core/packet.ts";
import { PacketList, SndRcvList, type QueryAnswer } from "../core/plist.ts";
import type { PacketsInput } from "../live/frames.ts";
import { say, verbosity } from "../live/output.ts";
import { flood, sr, srp, type SrOptions, type SrResult } from "../live/sr.ts";
import { SR_KEYS, sleepUnless } from "./live.ts";

export interface LoopOptions extends SrOptions {
  /** What is printed for each answer (default its summary). */
  prn?: ((answer: QueryAnswer) => unknown) | null;
  /** What is printed for each packet left unanswered (default its summary). */
  prnfail?: ((query: Packet) => unknown) | null;
  /** Rounds to run (default: until stopped, with signal or Ctrl-C). */
  count?: number;
  /** Keep the answers and the unanswered in the result (default true). */
  store?: boolean | number;
}

const LOOP_KEYS = { ...SR_KEYS, prn: true, prnfail: true, count: true, store: true } as const;
const checkSrloop = strictOptions<LoopOptions>("srloop", LOOP_KEYS);
const checkSrploop = strictOptions<LoopOptions>("srploop", LOOP_KEYS);

/** Scapy's __sr_loop: a round every inter seconds (default 1), each answered with timeout (default min(2·inter, 5)). */
async function loop(send: (pkts: PacketsInput, o: SrOptions) => Promise<SrResult>, pkts: PacketsInput, options: LoopOptions): Promise<[SndRcvList, PacketList]> {
  const { prn = (x: QueryAnswer) => x[1].summary(), prnfail = (x: Packet) => x.summary(), count, store = true, ...sr } = options;
  const verb = verbosity(options.verbose);
  const inter = options.inter ?? 1;
  const timeout = options.timeout ?? Math.min(2 * inter, 5);
  const ans: QueryAnswer[] = [];
  const unans: Packet[] = [];
  let sent = 0;
  let received = 0;
  for (let round = 0; (count === undefined || round < count) && !options.signal?.aborted; round++) {
    const start = Date.now();
    if (verb > 1) say("\rsend...\r ");
    const [a, u] = await send(pkts, { ...sr, inter: undefined, timeout, verbose: 0 });
    sent += a.length + u.length;
    received += a.length;
    if (verb > 1 && prn && a.length > 0) {
      const msg = `RECV ${a.length}:`;
      say(`\r${msg} `);
      for (const x of a) say(`${String(prn(x))}\n${" ".repeat(msg.length)} `);
    }
    if (verb > 1 && prnfail && u.length > 0) {
      const msg = `fail ${u.length}:`;
      say(`\r${msg} `);
      for (const x of u) say(`${String(prnfail(x))}\n${" ".repeat(msg.length)} `);
    }
    if (verb > 1 && !prn && !prnfail) say(`recv:${a.length}  fail:${u.length}\n`);
    // Scapy at verbosity 1: a mark a round, * when it had answers, . when some went unanswered.
    if (verb === 1) say(`${a.length > 0 ? "*" : ""}${u.length > 0 ? "." : ""}`);
    if (store) {
      ans.push(...a);
      unans.push(...u);
    }
    const left = inter - (Date.now() - start) / 1000;
    if (left > 0 && (count === undefined || round + 1 < count)) await sleepUnless(left, options.signal);
  }
  if (verb > 0 && sent > 0) say(`\nSent ${sent} packets, received ${received} packets. ${((100 * received) / sent).toFixed(1)}% hits.\n`);
  return [new SndRcvList(ans), new PacketList(unans)];
}

/** Sends IP packets every inter seconds and prints the answers each time (Scapy's srloop): [answers, unanswered] of all rounds. */
export function srloop(pkts: PacketsInput, options: LoopOptions = {}): Promise<[SndRcvList, PacketList]> {
  checkSrloop(options);
  return loop(sr, pkts, options);
}

/** srloop at layer 2 (frames). */
export function srploop(pkts: PacketsInput, options: LoopOptions = {}): Promise<[SndRcvList, PacketList]> {
  checkSrploop(options);
  return loop(srp, pkts, options);
}

const [checkSrflood, checkSrpflood, checkSr1flood, checkSrp1flood] = ["srflood", "srpflood", "sr1flood", "srp1flood"].map((fn) => strictOptions<SrOptions>(fn, SR_KEYS));

/** Floods IP packets for timeout seconds (default 3), matching every answer: [answers, unanswered]. */
export function srflood(pkts: PacketsInput, options: SrOptions = {}): Promise<SrResult> {
  checkSrflood!(options);
  return flood(pkts, options, 3);
}

/** srflood at layer 2. */
export function srpflood(pkts: PacketsInput, options: SrOptions = {}): Promise<SrResult> {
  checkSrpflood!(options);
  return flood(pkts, options, 2);
}

/** srflood, resolving with the first answer (or undefined). */
export async function sr1flood(pkts: PacketsInput, options: SrOptions = {}): Promise<Packet | undefined> {
  checkSr1flood!(options);
  return (await flood(pkts, options, 3))[0][0]?.[1];
}

/** srpflood, resolving with the first answer (or undefined). */
export async function srp1flood(pkts: PacketsInput, options: SrOptions = {}): Promise<Packet | undefined> {
  checkSrp1flood!(options);
  return (await flood(pkts, options, 2))[0][0]?.[1];
}

