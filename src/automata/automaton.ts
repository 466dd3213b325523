/**
 * Scapy's Automaton, on the event loop: a state machine whose states, conditions, receive
 * conditions, io events, timeouts and actions are decorated members (atmt.ts). run() drives it
 * until a final state (resolving with that state's result), an error state or a stuck state
 * (rejecting with ErrorState / Stuck), a breakpoint, a single step or an intercepted packet
 * (rejecting with Breakpoint / Singlestep / InterceptionPoint, after which run() goes on).
 * runbg() starts it without waiting; stop() goes to the stop state when there is one (else
 * ends it), forcestop() ends it at once. Packets go out through the `ll` socket (default
 * conf.L3socket) and come in through `recvsock` (default conf.L2listen), opened when it starts
 * (the listening one only when a state has receive conditions); either may be given as an
 * open socket instead of a class (PipeSocket pairs drive automata without a network).
 *
 * The hooks keep Scapy's names (parse_args, master_filter, my_send) so that a subclass written
 * in the shell and one written in TypeScript override the same methods.
 */
import { conf } from "../core/conf.ts";
import type { Packet } from "../core/packet.ts";
import { PacketList } from "../core/plist.ts";
import { Raw } from "../core/raw.ts";
import { L2ListenSocket, L3PacketSocket } from "../live/linksockets.ts";
import { renderGraph, type GraphOptions } from "../render/graph/render.ts";
import { interruptible } from "../live/interruptible.ts";
import { say, warn } from "../live/output.ts";
import { SuperSocket, type RecvOptions } from "../live/supersocket.ts";
import {
  AutomatonError,
  Breakpoint,
  ErrorState,
  InterceptionPoint,
  NewStateRequested,
  Singlestep,
  Stuck,
  type ConditionMeta,
} from "./atmt.ts";
import { definitionOf, type AutomatonDefinition } from "./definition.ts";
import { automatonDot } from "./graph.ts";
import { normalizeOptions } from "./options.ts";
import { ObjectPipe } from "./pipe.ts";

/** A socket class (constructed with the socket options) or an open socket. */
export type SocketSource = (new (options: Record<string, unknown>) => SuperSocket) | SuperSocket;

export interface AutomatonOptions {
  /** Debug level: 1 prints states, 2 transitions and actions, 3 packets, 5 everything. */
  debug?: number;
  /** Keep the packets sent and received in `packets` (default true). */
  store?: boolean | number;
  /** Socket options for the sockets the automaton opens. */
  iface?: string;
  filter?: string;
  promisc?: boolean;
  /** The socket packets are sent with (default conf.L3socket). */
  ll?: SocketSource;
  /** The socket packets are received with (default conf.L2listen). */
  recvsock?: SocketSource;
  /** io channels bound to pipes of the caller: name → pipe (both ways) or [read from, write to]. */
  externalFd?: Record<string, ObjectPipe | readonly [ObjectPipe | null, ObjectPipe | null]>;
}

const PARSE_ARGS = ["debug", "store", "iface", "filter", "promisc", "bufferSize", "snaplen", "immediate"];
const SOCKET_OPTIONS = ["iface", "filter", "promisc", "bufferSize", "snaplen", "immediate"];

type Command = { type: "RUN" | "NEXT" | "FREEZE" | "STOP" | "FORCESTOP" | "ACCEPT" | "REJECT" } | { type: "REPLACE"; pkt: Packet };
type Outcome =
  | { type: "END"; result: unknown }
  | { type: "SINGLESTEP" | "BREAKPOINT"; state: string }
  | { type: "INTERCEPT"; state: string; pkt: Packet }
  | { type: "EXCEPTION"; error: unknown };
type Step = { kind: "transition" } | { kind: "command" } | { kind: "breakpoint"; state: string };

/** One end of an io channel: what the automaton (oi) or its user (io) reads and writes. */
export class IoChannel<T = unknown> {
  constructor(
    readonly name: string,
    private readonly rd: ObjectPipe<T>,
    private readonly wr: ObjectPipe<T>,
  ) {}
  send(msg: T): number {
    return this.wr.send(msg);
  }
  write(msg: T): number {
    return this.send(msg);
  }
  /** The next object written from the other end (undefined once closed, or when `signal` aborts). */
  recv(signal?: AbortSignal): Promise<T | undefined> {
    return this.rd.recv(signal);
  }
  read(signal?: AbortSignal): Promise<T | undefined> {
    return this.recv(signal);
  }
  /** The next object now, if one is there. */
  take(): T | undefined {
    return this.rd.take();
  }
}

/** A timer of a state, per automaton (Scapy's Timer): get() and set() its delay in seconds. */
export class Timer {
  /** When it fires next (ms, Date.now() clock); Infinity once fired (unless it reloads). */
  deadline = Infinity;
  constructor(
    readonly meta: ConditionMeta,
    private seconds: number,
  ) {}
  get(): number {
    return this.seconds;
  }
  set(seconds: number): void {
    this.seconds = seconds;
  }
  get prio(): number {
    return this.meta.prio;
  }
  toString(): string {
    return `<Timer ${this.meta.name} ${this.seconds}s>`;
  }
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(done, Math.max(0, ms));
    function done() {
      clearTimeout(t);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done);
  });

const isOptions = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null && Object.getPrototypeOf(x) === Object.prototype;

export class Automaton {
  /** The state the automaton is in (a NewStateRequested naming it). */
  state: NewStateRequested | null = null;
  /** What was sent and received (Scapy's session[Name] list), when `store` is on. */
  packets: PacketList = new PacketList([], "session");
  /** The user's ends of the io channels: `atmt.io.tcp.send(data)`, `await atmt.io.tcp.recv()`. */
  readonly io: Record<string, IoChannel> = {};
  /** The automaton's own ends: `this.oi.tcp.send(data)` from an action. */
  readonly oi: Record<string, IoChannel> = {};
  readonly breakpoints = new Set<string>();
  readonly interception_points = new Set<string>();
  intercepted_packet: Packet | undefined = undefined;
  debug_level = 0;
  store_packets = true;
  socket_kargs: Record<string, unknown> = {};
  send_sock: SuperSocket | undefined = undefined;
  listen_sock: SuperSocket | undefined = undefined;
  final_state_output: unknown = undefined;
  /** What ended the last run with an error (an error state, Stuck, a socket failure), if anything. */
  error: unknown = undefined;

  private readonly initArgs: unknown[];
  private readonly initOptions: Record<string, unknown>;
  private readonly ll: SocketSource | undefined;
  private readonly recvsock: SocketSource | undefined;
  private readonly ioin = new Map<string, ObjectPipe>();
  private readonly ioout = new Map<string, ObjectPipe>();
  private cmdin = new ObjectPipe<Command>("cmdin");
  private cmdout = new ObjectPipe<Outcome>("cmdout");
  private readonly timers = new Map<string, Timer[]>();
  private control: Promise<void> | null = null;
  private opened: SuperSocket[] = [];
  private breakpointed: string | null = null;
  private sendChain: Promise<void> = Promise.resolve();

  /** Positional arguments go to parse_args; a last plain object holds the options (Python's keywords). */
  constructor(...args: unknown[]) {
    const options = isOptions(args[args.length - 1]) ? (args.pop() as Record<string, unknown>) : {};
    const { ll, recvsock, externalFd, external_fd, ...rest } = options as AutomatonOptions & { external_fd?: AutomatonOptions["externalFd"] };
    this.ll = ll;
    this.recvsock = recvsock;
    this.initArgs = args;
    this.initOptions = rest;
    const def = this.definition;
    const external = externalFd ?? external_fd ?? {};
    for (const name of def.ionames) {
      const ext = external[name];
      const [rd, wr] = ext instanceof ObjectPipe ? [ext, ext] : ext ? ext : [null, null];
      const ioin = rd ?? new ObjectPipe(`ioin ${name}`);
      const ioout = wr ?? new ObjectPipe(`ioout ${name}`);
      this.ioin.set(name, ioin);
      this.ioout.set(name, ioout);
      this.io[name] = new IoChannel(name, ioout, ioin);
      this.oi[name] = new IoChannel(name, ioin, ioout);
    }
    for (const [state, list] of def.timeouts) this.timers.set(state, list.map((m) => new Timer(m, m.seconds!)));
  }

  /** What the class declares (its states, conditions, actions...). */
  static definition(): AutomatonDefinition {
    return definitionOf(this);
  }

  get definition(): AutomatonDefinition {
    return definitionOf(this.constructor as typeof Automaton);
  }

  /** The states and transitions as Graphviz dot (Scapy's build_graph). */
  static build_graph(): string {
    return automatonDot(this.definition());
  }

  /**
   * Draws the automaton (Scapy's graph()) through packetry's graph renderer: `type` svg (the
   * default), png, pdf, eps or dot, written to `target` (or a temporary file that is shown).
   * Resolves with the path written.
   */
  static graph(options: GraphOptions = {}): Promise<string> {
    return renderGraph(this.build_graph(), options);
  }

  graph(options: GraphOptions = {}): Promise<string> {
    return (this.constructor as typeof Automaton).graph(options);
  }

  /**
   * Opens an io event declared with as_supersocket as a socket (Scapy's `Cls.NAME(proto, ...)`,
   * e.g. TCP_client.tcplink): what is sent goes to the automaton's io channel, what it writes
   * back comes out dissected with `proto`. The automaton runs in the background until closed.
   */
  static supersocket(name: string, proto: ((bytes: Uint8Array) => Packet) | undefined, ...args: unknown[]): AutomatonSocket {
    const ioname = this.definition().supersockets.get(name);
    if (!ioname) throw new TypeError(`${this.name} has no io event opened as the socket ${JSON.stringify(name)}`);
    const Cls = this as unknown as new (...a: unknown[]) => Automaton;
    return new AutomatonSocket(name, ioname, (external) => {
      const opts = isOptions(args[args.length - 1]) ? (args.pop() as Record<string, unknown>) : {};
      return new Cls(...args, { ...opts, externalFd: { [ioname]: external } });
    }, proto);
  }

  // ---------------------------------------------------------------- hooks

  /** Reads the arguments (subclasses take their own first, then call super with the options). */
  // Subclasses take their own arguments first (TCP_client: ip, port), then the options.
  parse_args(...args: any[]): void {
    const options = (isOptions(args[args.length - 1]) ? args[args.length - 1] : {}) as AutomatonOptions & Record<string, unknown>;
    const o = normalizeOptions(this.constructor.name, options, PARSE_ARGS);
    this.debug_level = Number(o.debug ?? 0);
    this.store_packets = o.store === undefined ? true : !!o.store;
    this.socket_kargs = Object.fromEntries(Object.entries(o).filter(([k]) => SOCKET_OPTIONS.includes(k)));
  }

  /** Which received packets the receive conditions see (default: all). */
  master_filter(_pkt: Packet): boolean {
    return true;
  }

  /** Called once the automaton has ended, however it ended (releases what parse_args took). */
  protected on_end(): void {}

  /** How a packet leaves (default: the send socket). */
  async my_send(pkt: Packet): Promise<void> {
    await this.send_sock!.send(pkt);
  }

  // ---------------------------------------------------------------- services

  debug(lvl: number, msg: string): void {
    if (this.debug_level >= lvl) say(`${msg}\n`);
  }

  /**
   * Sends a packet as it is now (later changes to it do not matter), in order with the other
   * sends. In a state that is an interception point it waits for accept_packet() or
   * reject_packet() first. The automaton waits for each send before going on.
   */
  send(pkt: Packet): Promise<void> {
    const snapshot = pkt.copy();
    const state = this.state?.state;
    const done = this.sendChain.then(() => this.transmit(snapshot, state));
    this.sendChain = done.catch(() => {});
    return done;
  }

  private async transmit(pkt: Packet, state: string | undefined): Promise<void> {
    if (state !== undefined && this.interception_points.has(state)) {
      this.debug(3, `INTERCEPT: packet intercepted: ${pkt.summary()}`);
      this.intercepted_packet = pkt;
      this.cmdout.send({ type: "INTERCEPT", state, pkt });
      let verdict = await this.cmdin.recv();
      // A run() or next() while the packet waits only asks to be told: the verdict is still to come.
      while (verdict && (verdict.type === "RUN" || verdict.type === "NEXT" || verdict.type === "FREEZE")) verdict = await this.cmdin.recv();
      this.intercepted_packet = undefined;
      if (!verdict) return;
      if (verdict.type === "STOP" || verdict.type === "FORCESTOP") {
        // Stopped while waiting for a verdict: the packet is dropped and the stop goes on.
        this.cmdin.unshift(verdict);
        return;
      }
      if (verdict.type === "REJECT") return this.debug(3, "INTERCEPT: packet rejected");
      if (verdict.type === "REPLACE") pkt = verdict.pkt;
      else if (verdict.type !== "ACCEPT") throw new AutomatonError(`INTERCEPT: unknown verdict: ${verdict.type}`);
    }
    await this.my_send(pkt);
    this.debug(3, `SENT : ${pkt.summary()}`);
    if (this.store_packets) this.packets.push(pkt.copy());
  }

  /** A request to go to a state (typed: `throw this.goto("TALK").actionParameters(pkt)`; Scapy's `this.TALK()` does the same). */
  goto(state: string, ...args: unknown[]): NewStateRequested {
    const meta = this.definition.states.get(state);
    if (!meta) throw new TypeError(`${this.constructor.name} has no state ${JSON.stringify(state)}`);
    return new NewStateRequested(meta, this, args);
  }

  timer_by_name(name: string): Timer | undefined {
    for (const list of this.timers.values()) for (const t of list) if (t.meta.name === name) return t;
    return undefined;
  }

  add_breakpoints(...states: Array<string | { name: string }>): void {
    for (const s of states) this.breakpoints.add(typeof s === "string" ? s : s.name);
  }
  remove_breakpoints(...states: Array<string | { name: string }>): void {
    for (const s of states) this.breakpoints.delete(typeof s === "string" ? s : s.name);
  }
  add_interception_points(...states: Array<string | { name: string }>): void {
    for (const s of states) this.interception_points.add(typeof s === "string" ? s : s.name);
  }
  remove_interception_points(...states: Array<string | { name: string }>): void {
    for (const s of states) this.interception_points.delete(typeof s === "string" ? s : s.name);
  }

  // ---------------------------------------------------------------- control

  /** Whether the automaton is started and has not ended. */
  get running(): boolean {
    return this.control !== null;
  }

  /** Resolves when the automaton ends (at once when it is not running). */
  get finished(): Promise<void> {
    return this.control ?? Promise.resolve();
  }

  /** Starts it (parse_args, sockets, the initial state) without running a step: run() or next() then drive it. */
  start(...args: unknown[]): void {
    if (this.control) throw new AutomatonError("Already started");
    const options = isOptions(args[args.length - 1]) ? (args.pop() as Record<string, unknown>) : {};
    const positional = [...args, ...this.initArgs.slice(args.length)];
    this.opened = [];
    (this.parse_args as (...a: unknown[]) => void)(...positional, { ...this.initOptions, ...options });
    const def = this.definition;
    try {
      if (def.initial.length === 0) throw new AutomatonError(`${def.name} has no initial state`);
      this.cmdin = new ObjectPipe("cmdin");
      this.cmdout = new ObjectPipe("cmdout");
      this.packets = new PacketList([], `session[${def.name}]`);
      this.final_state_output = undefined;
      this.error = undefined;
      this.send_sock = this.openSocket(this.ll, conf.L3socket ?? L3PacketSocket);
      const listens = [...def.receives.values()].some((l) => l.length > 0);
      this.listen_sock = listens ? this.openSocket(this.recvsock, conf.L2listen ?? L2ListenSocket) : undefined;
      this.state = new NewStateRequested(def.initial[0]!, this, []);
    } catch (e) {
      // It never ran: what parse_args took (TCP_client's iptables rule) is given back now.
      this.release();
      throw e;
    }
    this.control = this.drive().finally(() => {
      this.control = null;
      this.release();
    });
  }

  /** Closes the sockets the automaton opened and runs on_end (whose failure is only said: the automaton has ended anyway). */
  private release(): void {
    for (const s of this.opened) s.close();
    this.opened = [];
    try {
      this.on_end();
    } catch (e) {
      warn(`${this.constructor.name}: ${(e as Error)?.message ?? e}`);
    }
  }

  private openSocket(given: SocketSource | undefined, dflt: unknown): SuperSocket {
    if (given instanceof SuperSocket) return given;
    const Cls = (given ?? dflt) as new (options: Record<string, unknown>) => SuperSocket;
    const sock = new Cls({ ...this.socket_kargs });
    this.opened.push(sock);
    return sock;
  }

  /**
   * Runs until the automaton ends (resolving with the final state's result), or a breakpoint,
   * single step or interception (rejecting with it; run() again goes on). `wait: false` returns
   * at once (runbg). `signal` stops the wait and freezes the automaton where it is.
   */
  async run(options: { wait?: boolean; signal?: AbortSignal; resume?: Command } = {}): Promise<unknown> {
    if (!this.control) this.start();
    this.cmdin.send(options.resume ?? { type: "RUN" });
    if (options.wait === false) return undefined;
    const c = await this.cmdout.recv(options.signal);
    if (!c) {
      if (options.signal?.aborted) this.cmdin.send({ type: "FREEZE" });
      return undefined;
    }
    switch (c.type) {
      case "END":
        await this.finished;
        return c.result;
      case "INTERCEPT":
        throw new InterceptionPoint("packet intercepted", c.state, c.pkt);
      case "SINGLESTEP":
        throw new Singlestep(`singlestep state=[${c.state}]`, c.state);
      case "BREAKPOINT":
        throw new Breakpoint(`breakpoint triggered on state [${c.state}]`, c.state);
      case "EXCEPTION":
        throw c.error;
    }
  }

  /** Starts running without waiting (Scapy's runbg); a failure to start throws here, a later one ends it (see `error`). */
  runbg(): void {
    if (!this.control) this.start();
    this.cmdin.send({ type: "RUN" });
  }

  /** Runs one step (rejects with Singlestep naming the state reached, or resolves at the end). */
  next(): Promise<unknown> {
    return this.run({ resume: { type: "NEXT" } });
  }

  /** Goes to the stop state (the automaton ends from there), or ends it when it has none; waits for the end. */
  async stop(wait = true): Promise<void> {
    if (!this.control) return;
    this.cmdin.send({ type: "STOP" });
    if (wait) await this.control;
  }

  /** Ends the automaton at once. */
  async forcestop(wait = true): Promise<void> {
    if (!this.control) return;
    this.cmdin.send({ type: "FORCESTOP" });
    if (wait) await this.control;
  }

  /** Stops, then starts again (with these arguments). */
  async restart(...args: unknown[]): Promise<void> {
    await this.stop();
    this.start(...args);
  }

  /** Lets the intercepted packet go (or `pkt` in its place). */
  accept_packet(pkt?: Packet, wait = false): Promise<unknown> {
    return this.run({ resume: pkt ? { type: "REPLACE", pkt } : { type: "ACCEPT" }, wait });
  }

  /** Drops the intercepted packet. */
  reject_packet(wait = false): Promise<unknown> {
    return this.run({ resume: { type: "REJECT" }, wait });
  }

  /** Frees what a stopped automaton holds (its io pipes). */
  destroy(): void {
    if (this.control) throw new AutomatonError("Can't close running Automaton ! Call stop() beforehand");
    for (const p of [...this.ioin.values(), ...this.ioout.values()]) p.close();
  }

  toString(): string {
    return `<Automaton ${this.constructor.name} [${this.control ? "RUNNING" : "HALTED"}]>`;
  }

  // ---------------------------------------------------------------- the machine

  /** Reads commands and steps the machine between them (Scapy's _do_control). */
  private async drive(): Promise<void> {
    const def = this.definition;
    let singlestep = true;
    let steps = this.steps();
    try {
      outer: for (;;) {
        const c = await this.cmdin.recv();
        if (!c) break;
        this.debug(5, `Received command ${c.type}`);
        if (c.type === "RUN") singlestep = false;
        else if (c.type === "NEXT") singlestep = true;
        else if (c.type === "STOP") {
          if (def.stops.length === 0) break;
          await steps.return(undefined);
          this.state = new NewStateRequested(def.stops[0]!, this, []);
          steps = this.steps();
        } else if (c.type === "FORCESTOP") break;
        else continue; // FREEZE, or a verdict with nothing intercepted
        for (;;) {
          const r = await steps.next();
          if (r.done) {
            this.cmdout.send({ type: "END", result: this.final_state_output });
            break outer;
          }
          if (r.value.kind === "command") break;
          if (r.value.kind === "breakpoint") {
            this.cmdout.send({ type: "BREAKPOINT", state: r.value.state });
            break;
          }
          if (singlestep) {
            this.cmdout.send({ type: "SINGLESTEP", state: this.state!.state });
            break;
          }
        }
      }
    } catch (e) {
      this.error = e;
      this.cmdout.send({ type: "EXCEPTION", error: e });
      return;
    } finally {
      await steps.return(undefined).catch(() => {});
    }
    // Stopped without a final state: a run() waiting gets undefined.
    if (this.cmdout.empty()) this.cmdout.send({ type: "END", result: undefined });
  }

  /** The machine itself (Scapy's _do_iter): yields each transition, and when a command waits. */
  private async *steps(): AsyncGenerator<Step, void, unknown> {
    const def = this.definition;
    for (;;) {
      try {
        const st = this.state!;
        this.debug(1, `## state=[${st.state}]`);
        if (this.breakpoints.has(st.state) && this.breakpointed !== st.state) {
          this.breakpointed = st.state;
          yield { kind: "breakpoint", state: st.state };
        }
        this.breakpointed = null;
        const output = await st.run();
        await this.sendChain;
        if (st.error) throw new ErrorState(`Reached ${st.state}: [${String(output)}]`, st.state, output);
        if (st.final) {
          this.final_state_output = output;
          return;
        }
        const args = output === undefined || output === null ? [] : Array.isArray(output) ? output : [output];
        const receives = def.receives.get(st.state)!;
        const ioevents = def.ioevents.get(st.state)!;
        const timers = this.timers.get(st.state) ?? [];
        if (this.cmdin.empty()) {
          for (const cond of def.conditions.get(st.state)!) await this.runCondition(cond, args);
          if (receives.length === 0 && ioevents.length === 0 && timers.length === 0) throw new Stuck(`stuck in [${st.state}]`, st.state, args);
        }
        const entered = Date.now();
        for (const t of timers) t.deadline = entered + t.get() * 1000;
        for (;;) {
          const due = timers.filter((t) => t.deadline <= Date.now()).sort((a, b) => b.prio - a.prio);
          for (const t of due) {
            t.deadline = t.meta.autoreload ? t.deadline + t.get() * 1000 : Infinity;
            await this.runCondition(t.meta, args);
          }
          const next = Math.min(...timers.map((t) => t.deadline));
          const event = await this.wait(receives.length > 0, ioevents, next);
          if (event === "command") yield { kind: "command" };
          else if (event === "packets") await this.receive(receives, args);
          else if (event.startsWith("io:")) await this.ioEvent(event.slice(3), ioevents, args);
        }
      } catch (e) {
        if (!(e instanceof NewStateRequested)) throw e;
        this.debug(2, `switching from [${this.state?.state}] to [${e.state}]`);
        this.state = e;
        yield { kind: "transition" };
      }
    }
  }

  /** Waits for a command, a packet, an io write or the next timer, whichever comes first. */
  private async wait(listen: boolean, ioevents: readonly ConditionMeta[], deadline: number): Promise<string> {
    if (!this.cmdin.empty()) return "command";
    const ac = new AbortController();
    const waits: Array<Promise<string>> = [this.cmdin.readable(undefined, ac.signal).then((r) => (r ? "command" : ""))];
    if (listen && this.listen_sock) waits.push(this.listen_sock.poll(undefined, ac.signal).then(() => "packets"));
    for (const name of new Set(ioevents.map((c) => c.ioname!))) waits.push(this.ioin.get(name)!.readable(undefined, ac.signal).then((r) => (r ? `io:${name}` : "")));
    if (Number.isFinite(deadline)) waits.push(sleep(deadline - Date.now(), ac.signal).then(() => "timer"));
    try {
      return await Promise.race(waits);
    } finally {
      ac.abort();
    }
  }

  /** Received packets through master_filter, then the state's receive conditions, one packet at a time. */
  private async receive(conds: readonly ConditionMeta[], args: unknown[]): Promise<void> {
    const sock = this.listen_sock!;
    const pkts = await sock.recvMany({ timeout: 0 } satisfies RecvOptions);
    if (pkts === null) {
      // The socket ended (closed under us): nothing more will come.
      this.listen_sock = undefined;
      return;
    }
    for (let i = 0; i < pkts.length; i++) {
      const pkt = pkts[i]!;
      if (!this.master_filter(pkt)) {
        this.debug(4, `FILTR: ${pkt.summary()}`);
        continue;
      }
      this.debug(3, `RECVD: ${pkt.summary()}`);
      try {
        for (const cond of conds) await this.runCondition(cond, [pkt, ...args]);
      } catch (e) {
        // The next state sees the packets that came after this one.
        if (e instanceof NewStateRequested) sock.unrecv(pkts.slice(i + 1));
        throw e;
      }
    }
  }

  private async ioEvent(name: string, conds: readonly ConditionMeta[], args: unknown[]): Promise<void> {
    const pipe = this.ioin.get(name)!;
    const fd = { ioname: name, recv: () => pipe.take(), read: () => pipe.take() };
    const before = pipe.empty() ? 0 : 1;
    for (const cond of conds) if (cond.ioname === name) await this.runCondition(cond, [fd, ...args]);
    // Nobody read what was written: give the event loop a turn before looking again.
    if (before && !pipe.empty()) await new Promise((r) => setImmediate(r));
  }

  /** Runs a condition; when it goes to a state, runs its actions (and waits for their sends) first. */
  private async runCondition(cond: ConditionMeta, args: unknown[]): Promise<void> {
    this.debug(5, `Trying ${cond.kind} [${cond.name}]`);
    try {
      const r = await (cond.fn as (...a: unknown[]) => unknown).apply(this, args);
      if (r instanceof NewStateRequested) throw r;
      await this.sendChain;
    } catch (e) {
      if (!(e instanceof NewStateRequested)) throw e;
      this.debug(2, `${cond.kind} [${cond.name}] taken to state [${e.state}]`);
      if (cond.kind === "receive" && this.store_packets) this.packets.push(args[0] as Packet);
      for (const action of this.definition.actions.get(cond.name) ?? []) {
        this.debug(2, `   + Running action [${action.name}]`);
        await (action.fn as (...a: unknown[]) => unknown).apply(this, e.action_args);
        await this.sendChain;
      }
      throw e;
    }
    this.debug(2, `${cond.kind} [${cond.name}] not taken`);
  }
}

/**
 * A socket over an automaton's io channel (Scapy's _ATMT_supersocket): send() writes to the
 * channel, recv() reads what the automaton writes back, dissected with `proto`. Closing it
 * stops the automaton.
 */
export class AutomatonSocket extends SuperSocket {
  static override desc = "a socket over an automaton's io channel";
  readonly atmt: Automaton;
  private readonly toAtmt = new ObjectPipe<unknown>("spa");
  private readonly fromAtmt = new ObjectPipe<unknown>("spb");
  private stopping: Promise<void> | null = null;

  constructor(
    readonly name: string,
    readonly ioname: string,
    make: (external: readonly [ObjectPipe, ObjectPipe]) => Automaton,
    private readonly proto?: (bytes: Uint8Array) => Packet,
  ) {
    super();
    this.atmt = make([this.toAtmt, this.fromAtmt]);
    this.atmt.runbg();
  }

  get iface(): string | undefined {
    return undefined;
  }

  async send(x: Packet | Uint8Array): Promise<number> {
    const bytes = x instanceof Uint8Array ? x : x.build();
    this.toAtmt.send(bytes);
    return bytes.length;
  }

  protected pull(): Packet[] {
    const out: Packet[] = [];
    for (let x = this.fromAtmt.take(); x !== undefined; x = this.fromAtmt.take()) {
      const bytes = x instanceof Uint8Array ? x : new TextEncoder().encode(String(x));
      out.push(this.proto ? this.proto(bytes) : (Raw(bytes) as unknown as Packet));
    }
    return out;
  }

  protected async ready(seconds?: number, signal?: AbortSignal): Promise<void> {
    if (this.ended) return;
    await Promise.race([this.fromAtmt.readable(seconds, signal), this.atmt.finished]);
  }

  protected get ended(): boolean {
    return this.closed || (!this.atmt.running && this.fromAtmt.empty());
  }

  /** The automaton's error, when it ended with one: reads throw it. */
  protected override get failure(): Error | null {
    const e = this.atmt.error;
    return e === undefined ? null : e instanceof Error ? e : new Error(String(e));
  }

  protected release(): void {
    this.stopping = this.atmt.stop().then(() => this.atmt.destroy());
    this.stopping.catch(() => {});
  }

  /** Resolves once the automaton has stopped after close(). */
  get stopped(): Promise<void> {
    return this.stopping ?? Promise.resolve();
  }
}

interruptible(Automaton.prototype.run);
