/**
 * sr / sr1 / srp / srp1: send packets and match the answers, as Scapy's sndrcv. Every request
 * goes in a bucket keyed by its hashret (hex); a received packet is compared with answers()
 * only to the requests in its own bucket. The capture is open before the first frame leaves,
 * so no reply can be missed; sending and receiving overlap.
 */
import { conf } from "../core/conf.ts";
import { toHex } from "../core/bytes.ts";
import type { Packet } from "../core/packet.ts";
import { PacketList, SndRcvList, type QueryAnswer } from "../core/plist.ts";
import type { PacketryError } from "../core/errors.ts";
import { strictOptions } from "../core/options.ts";
import { expandPackets, l2Frames, l3Frames, sendL3, type PacketsInput } from "./frames.ts";
import { say, verbosity } from "./output.ts";
import { LiveSocket } from "./socket.ts";

export interface SrOptions {
  /** Interface (sr: the first packet's route; srp: conf.iface). */
  iface?: string;
  /** Seconds to wait after the last packet is sent. Default: until every request is answered (Scapy's None). */
  timeout?: number;
  /** Resend unanswered requests this many times; negative: keep resending while answers keep coming, stop after that many rounds without one. */
  retry?: number;
  /** Accept several answers per request (then only the timeout ends the wait). */
  multi?: boolean;
  /** Seconds between two sends. */
  inter?: number;
  /** BPF filter for what is received. */
  filter?: string;
  /** Verbosity for this call (default conf.verb): 1 prints the summary lines, 2 the marks too. */
  verbose?: number | boolean;
  /** Stops waiting (what was answered so far is returned). */
  signal?: AbortSignal;
  /** Promiscuous capture (default true). */
  promisc?: boolean;
}

export type SrResult = [answered: SndRcvList, unanswered: PacketList];

const SR_OPTIONS = { iface: true, timeout: true, retry: true, multi: true, inter: true, filter: true, verbose: true, signal: true, promisc: true } as const;
const SCAPY_ONLY = { nofilter: "", chainCC: "", rcvPks: "", prebuild: "", threaded: "", session: "", chainEX: "", ifaceHint: "", type: "", storeUnanswered: "", monitor: "", socket: "" };
const [checkSr, checkSr1, checkSrp, checkSrp1] = ["sr", "sr1", "srp", "srp1"].map((fn) => strictOptions<SrOptions>(fn, SR_OPTIONS, SCAPY_ONLY));

/** Sends IP/IPv6 packets and receives their answers (layer 3). */
export async function sr(pkts: PacketsInput, options: SrOptions = {}): Promise<SrResult> {
  checkSr!(options);
  const queries = expandPackets(pkts);
  const batch = await l3Frames(queries, options.iface);
  return sndrcv(batch.iface, queries, (sock, indexes) => sendL3(batch, indexes, () => sock), options, true);
}

/** Like sr(), returning only the first answer (undefined when none came). */
export async function sr1(pkts: PacketsInput, options: SrOptions = {}): Promise<Packet | undefined> {
  checkSr1!(options);
  const [ans] = await sr(pkts, options);
  return ans[0]?.[1];
}

/** Sends frames and receives their answers (layer 2). */
export async function srp(pkts: PacketsInput, options: SrOptions = {}): Promise<SrResult> {
  checkSrp!(options);
  const queries = expandPackets(pkts);
  const frames = await l2Frames(queries);
  return sndrcv(options.iface ?? conf.iface, queries, (sock, indexes) => sock.sendMany(indexes.map((i) => frames[i]!)), options, false);
}

/**
 * Floods (Scapy's srflood/srpflood): sends the packets again and again, as fast as they go, for
 * `timeout` seconds (default 3) or until signal, and matches every answer. The packets are built
 * once: random fields are drawn once per flood.
 */
export async function flood(pkts: PacketsInput, options: SrOptions, layer: 2 | 3): Promise<SrResult> {
  const queries = expandPackets(pkts);
  const floodOptions = { ...options, timeout: options.timeout ?? 3 };
  if (layer === 3) {
    const batch = await l3Frames(queries, options.iface);
    return sndrcv(batch.iface, queries, (sock, indexes) => sendL3(batch, indexes, () => sock), floodOptions, true, true);
  }
  const frames = await l2Frames(queries);
  return sndrcv(options.iface ?? conf.iface, queries, (sock, indexes) => sock.sendMany(indexes.map((i) => frames[i]!)), floodOptions, false, true);
}

export async function srp1(pkts: PacketsInput, options: SrOptions = {}): Promise<Packet | undefined> {
  checkSrp1!(options);
  const [ans] = await srp(pkts, options);
  return ans[0]?.[1];
}

const sleep = (seconds: number) => new Promise<void>((r) => setTimeout(r, seconds * 1000));

function safeKey(p: Packet): string | null {
  try {
    return toHex(p.hashret());
  } catch {
    return null;
  }
}

function safeAnswers(reply: Packet, query: Packet): boolean {
  try {
    return reply.answers(query);
  } catch {
    return false;
  }
}

/** Sends queries[i] for each index given, on (or beside) the capture socket. */
type Emit = (sock: LiveSocket, indexes: number[]) => number;

/** The send-and-match loop over one socket, with retries. */
async function sndrcv(iface: string, queries: Packet[], emit: Emit, options: SrOptions, l3: boolean, flooding = false): Promise<SrResult> {
  const verb = verbosity(options.verbose);
  // A flood sends each query many times: every answer counts.
  const multi = !!options.multi || flooding;
  let retry = options.retry ?? 0;
  const autostop = retry < 0 ? -retry : 0;
  if (retry < 0) retry = -retry;

  const indexOf = new Map<Packet, number>(queries.map((q, i) => [q, i]));
  const answers: QueryAnswer[] = [];
  const answered = new Set<Packet>();
  let unmatched = 0;
  let hsent = new Map<string, Packet[]>();
  let notans = 0;
  let sendingDone = false;
  let endRound: (() => void) | null = null;
  let failure: PacketryError | null = null;
  const aborted = () => !!options.signal?.aborted;

  const sock = new LiveSocket({ iface, filter: options.filter, promisc: options.promisc, direction: "in", bufferSize: 4 << 20 });
  const onAbort = () => endRound?.();
  options.signal?.addEventListener("abort", onAbort);
  try {
    sock.receive(
      (batch) => {
        let marks = "";
        for (const rx of batch) {
          const r = l3 ? rx.payload : rx;
          if (!r) continue;
          if (l3) r.meta = rx.meta;
          const key = safeKey(r);
          const bucket = key === null ? undefined : hsent.get(key);
          let matched = false;
          if (bucket) {
            for (let i = 0; i < bucket.length; i++) {
              const q = bucket[i]!;
              if (!safeAnswers(r, q)) continue;
              answers.push([q, r]);
              matched = true;
              if (!multi) {
                bucket.splice(i, 1);
                notans--;
              } else if (!answered.has(q)) notans--;
              answered.add(q);
              break;
            }
          }
          if (!matched) unmatched++;
          marks += matched ? "*" : ".";
        }
        if (verb > 1 && marks) say(marks);
        if (sendingDone && notans <= 0 && !multi) endRound?.();
      },
      (err) => {
        failure = err;
        endRound?.();
      },
    );

    let pending = queries;
    for (;;) {
      hsent = new Map();
      for (const q of pending) {
        const key = safeKey(q) ?? "";
        const bucket = hsent.get(key);
        if (bucket) bucket.push(q);
        else hsent.set(key, [q]);
      }
      notans = pending.length;
      sendingDone = false;
      const before = answered.size;
      const roundOver = new Promise<void>((resolve) => {
        endRound = resolve;
      });
      if (verb > 0) say("Begin emission\n");
      let sent = pending.length;
      if (flooding) {
        const until = Date.now() + options.timeout! * 1000;
        const all = pending.map((q) => indexOf.get(q)!);
        for (const q of pending) q.time = Date.now() / 1000;
        for (sent = 0; Date.now() < until && !aborted() && !failure; sent += all.length) {
          emit(sock, all);
          await new Promise<void>((r) => setImmediate(r)); // the answers come in meanwhile
        }
        options = { ...options, timeout: 0.1 }; // then a moment for the last answers
      } else if (options.inter && options.inter > 0) {
        for (let i = 0; i < pending.length && !aborted() && !failure; i++) {
          pending[i]!.time = Date.now() / 1000;
          emit(sock, [indexOf.get(pending[i]!)!]);
          await sleep(options.inter);
        }
      } else {
        const now = Date.now() / 1000;
        for (const q of pending) q.time = now;
        emit(sock, pending.map((q) => indexOf.get(q)!));
      }
      sendingDone = true;
      if (verb > 0) say(`Finished sending ${sent} packets\n`);
      let timer: NodeJS.Timeout | undefined;
      if ((notans <= 0 && !multi) || aborted() || failure) endRound!();
      else if (options.timeout !== undefined) timer = setTimeout(() => endRound?.(), Math.max(0, options.timeout * 1000));
      await roundOver;
      clearTimeout(timer);
      endRound = null;
      if (failure) throw failure;

      pending = pending.filter((q) => !answered.has(q));
      if (autostop && pending.length > 0 && answered.size > before) retry = autostop;
      if (pending.length === 0 || retry <= 0 || aborted()) break;
      retry--;
    }
    const unanswered = queries.filter((q) => !answered.has(q));
    if (verb > 0) say(`\nReceived ${unmatched + answers.length} packets, got ${answers.length} answers, remaining ${unanswered.length} packets\n`);
    return [new SndRcvList(answers, "Results"), new PacketList(unanswered, "Unanswered")];
  } finally {
    options.signal?.removeEventListener("abort", onAbort);
    sock.close();
  }
}
