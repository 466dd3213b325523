/**
 * Scapy's AnsweringMachine: read packets, and answer each one that is_request() accepts with
 * what make_reply() builds. Options go to the constructor or to the call (`am = DHCP_am({...});
 * await am({count: 3})`): the machine's own (pool, joker...) to parse_options, the rest to the
 * capture (iface, filter, promisc, count, timeout, lfilter, stopFilter, openedSocket) and to the
 * sending (iface, inter, socket, sendFunction). A machine runs until count, timeout, its signal
 * aborts (the shell's Ctrl-C) or stop(); bg() runs it while the program goes on.
 *
 * The hooks keep Scapy's names (is_request, make_reply, print_reply, parse_options, send_reply)
 * so that a subclass written in the shell and one written in TypeScript override the same
 * methods. A request that makes a hook throw is answered with nothing and the machine goes on.
 */
import { conf } from "../core/conf.ts";
import type { Packet } from "../core/packet.ts";
import { L2Socket } from "../live/linksockets.ts";
import { say, warn } from "../live/output.ts";
import { interruptible } from "../live/interruptible.ts";
import { send, sendp } from "../live/send.ts";
import type { SuperSocket } from "../live/supersocket.ts";
import { normalizeOptions, splitOptions } from "./options.ts";

/** A reply: one packet, several, or nothing. */
export type Reply = Packet | readonly Packet[] | null | undefined | false;

/** What every machine takes besides its own options. */
export interface MachineRunOptions {
  /** Interface to capture on (default conf.iface) and to send on. */
  iface?: string;
  /** BPF filter (default: the machine's own). */
  filter?: string;
  promisc?: boolean;
  /** Kernel ring for the machine's capture, bytes (default 64 MiB: a busy server's backlog waits there, not dropped). */
  bufferSize?: number;
  /** Stop after this many packets that pass lfilter (0 or none: no limit). */
  count?: number;
  /** Stop after this many seconds. */
  timeout?: number;
  /** Only these packets are considered. */
  lfilter?: (p: Packet) => boolean;
  /** Stop after the first packet for which this returns true. */
  stopFilter?: (p: Packet) => boolean;
  /** Read from this socket instead of opening one. */
  openedSocket?: SuperSocket;
  /** Send replies through this socket. */
  socket?: SuperSocket;
  /** Seconds between two replies. */
  inter?: number;
  /** Sends each reply (default: the machine's send or sendp, batched). */
  sendFunction?: (reply: Packet) => unknown;
  /** Print each answered request and its reply (default true, as Scapy). */
  verbose?: boolean | number;
  /** Stops the machine (the shell's Ctrl-C). */
  signal?: AbortSignal;
}

const RUN_OPTIONS = ["iface", "filter", "promisc", "bufferSize", "count", "timeout", "lfilter", "stopFilter", "openedSocket", "socket", "inter", "sendFunction", "verbose", "signal"] as const;

/** What a machine has done. */
export interface MachineStats {
  /** Packets read (that passed lfilter). */
  received: number;
  /** Of those, requests (is_request true). */
  requests: number;
  /** Replies sent. */
  replies: number;
  /** Requests a hook failed on, and replies that could not be sent. */
  failures: number;
  /** The kernel's counters for the machine's own capture at its last run's end: packets it handed over, and dropped (buffer full). */
  kernel?: { received: number; dropped: number };
}

/** A machine running in the background (what bg() returns). */
export class MachineRun {
  private readonly controller = new AbortController();
  readonly done: Promise<void>;
  running = true;

  constructor(start: (signal: AbortSignal) => Promise<void>, signal?: AbortSignal) {
    const both = signal ? AbortSignal.any([signal, this.controller.signal]) : this.controller.signal;
    this.done = start(both).finally(() => {
      this.running = false;
    });
    this.done.catch(() => {});
  }

  /** Stops the machine; resolves once its socket is closed. */
  async stop(): Promise<void> {
    this.controller.abort();
    await this.done.catch(() => {});
  }

  /** Waits until the machine ends (count, timeout, stop() or an error, which it throws). */
  join(): Promise<void> {
    return this.done;
  }
}

/** The hooks a subclass may override (Scapy's names). */
export interface MachineHooks {
  is_request(req: Packet): unknown;
  make_reply(req: Packet): Reply | Promise<Reply>;
  print_reply(req: Packet, reply: Packet | readonly Packet[]): void;
}

export interface AnsweringMachine {
  /** Runs the machine with these options added (Scapy's `am()`). */
  (options?: Record<string, unknown>): Promise<void>;
}

/** Longest stretch of answering before the event loop gets a turn (ms). */
const SLICE_MS = 4;

/** The kernel ring of a machine's capture (bytes). */
const MACHINE_RING = 64 << 20;

/** Errors printed before the machine goes quiet about them (it keeps counting). */
const SHOWN_FAILURES = 5;

export class AnsweringMachine implements MachineHooks {
  /** Scapy's function name (farpd, dhcpd...): the library exports a function of that name. */
  static function_name = "";
  /** The BPF filter the machine listens with unless told otherwise. */
  static filter: string | undefined = undefined;
  /** How replies leave: Scapy's send or sendp (either way, frames go by sendp and IP packets by send), or a function of the replies. */
  static send_function: (pkts: Packet[], options: { iface?: string; inter?: number; verbose?: number }) => Promise<unknown> = send;
  /** The machine's own options (what parse_options takes), as named in TypeScript. */
  static options: readonly string[] = [];

  /** What the machine has done so far. */
  declare stats: MachineStats;
  /** The background run bg() started (Scapy's am.sniffer). */
  declare sniffer: MachineRun | undefined;
  declare protected runOptions: MachineRunOptions;
  /** The socket the running machine reads from. */
  declare protected listening: SuperSocket | undefined;
  declare private machineOptions: Record<string, unknown>;
  declare private reparse: boolean;

  constructor(options: Record<string, unknown> = {}) {
    // Instances are callable, as Scapy's: `am = DNS_am(...); am()`.
    const self = function (this: unknown, options?: Record<string, unknown>) {
      return (self as unknown as AnsweringMachine).run(options);
    } as unknown as AnsweringMachine;
    Object.setPrototypeOf(self, new.target.prototype);
    Object.defineProperty(self, "name", { value: new.target.name });
    interruptible(self);
    const [machine, run] = self.splitAll(options);
    self.stats = { received: 0, requests: 0, replies: 0, failures: 0 };
    self.sniffer = undefined;
    self.runOptions = run;
    self.machineOptions = machine;
    self.reparse = false;
    self.listening = undefined;
    self.parse_options(machine);
    return self;
  }

  private get cls(): typeof AnsweringMachine {
    return this.constructor as typeof AnsweringMachine;
  }

  /** A name for messages: the function name, else the class name. */
  get machineName(): string {
    return this.cls.function_name || this.cls.name;
  }

  private splitAll(options: Record<string, unknown>): [Record<string, unknown>, MachineRunOptions] {
    const all = normalizeOptions(this.machineName, options, [...RUN_OPTIONS, ...this.cls.options]);
    const [run, machine] = splitOptions(all, RUN_OPTIONS);
    return [machine, run as MachineRunOptions];
  }

  /** Reads the machine's own options (keys as in `options`); subclasses set their fields here. */
  parse_options(_options: Record<string, unknown>): void {}

  /** Whether a packet is a request this machine answers (default: every packet). */
  is_request(_req: Packet): unknown {
    return true;
  }

  /** The reply to a request: a packet, several, or nothing (default: the request itself). */
  make_reply(req: Packet): Reply | Promise<Reply> {
    return req;
  }

  /** What is printed for each answered request (when verbose). */
  print_reply(req: Packet, reply: Packet | readonly Packet[]): void {
    const shown = Array.isArray(reply) ? `[${(reply as readonly Packet[]).map((r) => `'${r.summary()}'`).join(", ")}]` : (reply as Packet).summary();
    say(`${req.summary()} ==> ${shown}\n`);
  }

  /** Where frames go out: the iface option, else the interface the machine listens on. */
  protected get replyIface(): string | undefined {
    return this.runOptions.iface ?? this.listening?.iface;
  }

  /**
   * Sends replies: through sendFunction or the socket when given; else frames (Ether...) with
   * sendp on the machine's interface and IP/IPv6 packets with send by their route, batched.
   */
  async send_reply(replies: Packet[]): Promise<void> {
    const o = this.runOptions;
    const fn = this.cls.send_function;
    if (o.sendFunction) {
      for (const r of replies) await o.sendFunction(r);
    } else if (o.socket) {
      await o.socket.sendMany(replies);
    } else if (fn !== send && fn !== sendp) {
      await fn(replies, { iface: o.iface, inter: o.inter, verbose: 0 });
    } else {
      const routed = (r: Packet) => r.spec.name === "IP" || r.spec.name === "IPv6";
      const frames = replies.filter((r) => !routed(r));
      const packets = replies.filter(routed);
      if (frames.length) await sendp(frames, { iface: this.replyIface, inter: o.inter, verbose: 0 });
      if (packets.length) await send(packets, { iface: o.iface, inter: o.inter, verbose: 0 });
    }
  }

  /** Runs the machine (options given here add to the constructor's); resolves when it ends. */
  run(options: Record<string, unknown> = {}): Promise<void> {
    // Options are checked now, so a wrong one throws at the call (as in Scapy), not in the promise.
    const [machine, run] = this.splitAll(options);
    return this.runWith(machine, run);
  }

  private async runWith(machine: Record<string, unknown>, run: MachineRunOptions): Promise<void> {
    if (Object.keys(machine).length) {
      this.parse_options({ ...this.machineOptions, ...machine });
      this.reparse = true;
    } else if (this.reparse) {
      this.parse_options(this.machineOptions);
      this.reparse = false;
    }
    const saved = this.runOptions;
    this.runOptions = { ...saved, ...run };
    try {
      await this.serve(this.runOptions);
    } finally {
      this.runOptions = saved;
    }
  }

  /** Runs the machine in the background; stop() on what it returns (also kept as `sniffer`) ends it. */
  bg(options: Record<string, unknown> = {}): MachineRun {
    const { signal, ...rest } = options as { signal?: AbortSignal };
    this.sniffer = new MachineRun((s) => this.run({ ...rest, signal: s }), signal);
    return this.sniffer;
  }

  private async serve(o: MachineRunOptions): Promise<void> {
    const sock = o.openedSocket ?? new L2Socket({ iface: o.iface ?? conf.iface, filter: o.filter ?? this.cls.filter, promisc: o.promisc, bufferSize: o.bufferSize ?? MACHINE_RING });
    this.listening = sock;
    const verbose = o.verbose === undefined ? conf.verb >= 0 : !!o.verbose;
    const limit = o.count ?? 0;
    const deadline = o.timeout === undefined ? Infinity : Date.now() + o.timeout * 1000;
    let seen = 0;
    try {
      for (let stop = false; !stop; ) {
        const left = deadline - Date.now();
        if (left <= 0 || o.signal?.aborted) break;
        const batch = await sock.recvMany({ timeout: Number.isFinite(left) ? left / 1000 : undefined, signal: o.signal });
        if (batch === null) break;
        let answered: Array<[Packet, Packet | readonly Packet[]]> = [];
        let since = performance.now();
        for (let i = 0; i < batch.length; i++) {
          const p = batch[i]!;
          if (o.lfilter && !o.lfilter(p)) continue;
          seen++;
          const reply = await this.answer(p, verbose);
          if (reply) answered.push([p, reply]);
          if ((o.stopFilter && o.stopFilter(p)) || (limit > 0 && seen >= limit)) {
            // A socket the machine was given keeps what it did not get to.
            if (o.openedSocket) o.openedSocket.unrecv(batch.slice(i + 1));
            stop = true;
            break;
          }
          // A long batch is answered a few milliseconds at a time, with the event loop let in
          // between: the capture keeps emptying the kernel's ring meanwhile, and replies go out.
          if (performance.now() - since > SLICE_MS) {
            if (answered.length) await this.deliver(answered, verbose);
            answered = [];
            await new Promise((r) => setImmediate(r));
            since = performance.now();
          }
        }
        if (answered.length) await this.deliver(answered, verbose);
      }
    } finally {
      const counters = (sock as { stats?: () => { received: number; dropped: number } }).stats;
      if (typeof counters === "function" && !sock.closed) {
        try {
          const k = counters.call(sock);
          this.stats.kernel = { received: k.received, dropped: k.dropped };
        } catch {
          // the interface went away: no counters
        }
      }
      if (!o.openedSocket) sock.close();
      this.listening = undefined;
    }
  }

  /** The reply to one packet, or null (not a request, no reply, or a hook failed). */
  private async answer(p: Packet, verbose: boolean): Promise<Packet | readonly Packet[] | null> {
    this.stats.received++;
    try {
      if (!this.is_request(p)) return null;
      this.stats.requests++;
      const reply = await this.make_reply(p);
      if (!reply || (Array.isArray(reply) && reply.length === 0)) return null;
      return reply as Packet | readonly Packet[];
    } catch (e) {
      this.failed(`could not answer ${safeSummary(p)}: ${(e as Error)?.message ?? e}`, verbose);
      return null;
    }
  }

  private async deliver(answered: Array<[Packet, Packet | readonly Packet[]]>, verbose: boolean): Promise<void> {
    const replies = answered.flatMap(([, r]) => (Array.isArray(r) ? [...(r as readonly Packet[])] : [r as Packet]));
    try {
      await this.send_reply(replies);
      this.stats.replies += replies.length;
    } catch (e) {
      this.failed(`could not send ${replies.length} repl${replies.length === 1 ? "y" : "ies"}: ${(e as Error)?.message ?? e}`, verbose);
      return;
    }
    if (verbose) for (const [req, reply] of answered) this.print_reply(req, reply);
  }

  private failed(message: string, verbose: boolean): void {
    this.stats.failures++;
    if (!verbose || this.stats.failures > SHOWN_FAILURES) return;
    warn(`${this.machineName}: ${message}${this.stats.failures === SHOWN_FAILURES ? " (further failures are only counted, in stats.failures)" : ""}`);
  }
}

Object.setPrototypeOf(AnsweringMachine.prototype, Function.prototype);
interruptible(AnsweringMachine.prototype.run);

function safeSummary(p: Packet): string {
  try {
    return p.summary();
  } catch {
    return "a packet";
  }
}

/** Scapy's function for a machine (`farpd(...)` is `ARP_am(...)()`): builds the machine and runs it. */
export function machineFunction<T extends AnsweringMachine>(cls: new (options?: Record<string, unknown>) => T, name: string): (options?: Record<string, unknown>) => Promise<void> {
  const fn = (options = {}) => new cls(options)();
  Object.defineProperty(fn, "name", { value: name });
  interruptible(fn);
  return fn;
}
