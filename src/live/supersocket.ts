/**
 * Scapy's SuperSocket: an object that sends packets and receives them, with sr/sr1/sniff over
 * itself and `for await (const p of sock)`. Subclasses say how bytes leave (send) and how
 * received packets are found (pull/ready); everything else is here. All waits are async and
 * take an AbortSignal; nothing blocks the event loop.
 */
import { PacketryError } from "../core/errors.ts";
import { Packet } from "../core/packet.ts";
import { PacketList, SndRcvList } from "../core/plist.ts";
import { CaptureTally, type CaptureRules } from "./capturing.ts";
import { expandPackets, type PacketsInput } from "./frames.ts";
import { Inbox } from "./inbox.ts";
import { interruptible } from "./interruptible.ts";
import { AnswerMatcher } from "./matcher.ts";
import { say, verbosity } from "./output.ts";

export interface RecvOptions {
  /** Seconds to wait for a packet (default: until one comes or the socket closes). */
  timeout?: number;
  signal?: AbortSignal;
}

export interface SocketSniffOptions extends CaptureRules {
  /** Stop after this many seconds. */
  timeout?: number;
  signal?: AbortSignal;
  /** Called once the capture runs. */
  startedCallback?: () => void;
}

export interface SocketSrOptions {
  /** Seconds to wait after the last packet is sent (default: until every request is answered). */
  timeout?: number;
  /** Resend unanswered requests this many times; negative: while answers keep coming. */
  retry?: number;
  /** Accept several answers per request (then only the timeout ends the wait). */
  multi?: boolean;
  /** Seconds between two sends. */
  inter?: number;
  verbose?: number | boolean;
  signal?: AbortSignal;
}

export type SocketSrResult = [answered: SndRcvList, unanswered: PacketList];

/** What a socket takes to send: a packet (built here) or its bytes. */
export type Sendable = Packet | Uint8Array;

const sleep = (seconds: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, seconds * 1000);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done);
  });

export abstract class SuperSocket implements AsyncIterable<Packet> {
  /** One line saying what the socket is (Scapy's desc). */
  static desc = "a socket of packets";
  private isClosed = false;

  /** The interface this socket lives on, when it has one. */
  abstract get iface(): string | undefined;

  get closed(): boolean {
    return this.isClosed;
  }

  /** Sends one packet (or its bytes); resolves with the number of bytes handed to the transport. */
  abstract send(x: Sendable): Promise<number>;

  /** Sends several, in order (subclasses batch them). Resolves with how many left. */
  async sendMany(xs: readonly Sendable[]): Promise<number> {
    let n = 0;
    for (const x of xs) {
      await this.send(x);
      n++;
    }
    return n;
  }

  /** Packets received and not read yet (may be empty); starts receiving on first use. */
  protected abstract pull(): Packet[];

  /** Resolves when pull() has something, the socket ends, `seconds` pass or `signal` aborts. */
  protected abstract ready(seconds?: number, signal?: AbortSignal): Promise<void>;

  /** True when nothing more will be received (closed, or the transport ended). */
  protected abstract get ended(): boolean;

  /** The error receiving ended with, if any. */
  protected get failure(): Error | null {
    return null;
  }

  /** Releases the transport. */
  protected abstract release(): void;

  /** The next packet, or null when the socket ended or `timeout` passed first. */
  async recv(options: RecvOptions = {}): Promise<Packet | null> {
    const deadline = options.timeout === undefined ? Infinity : Date.now() + options.timeout * 1000;
    for (;;) {
      const p = this.pullOne();
      if (p) return p;
      if (this.ended) {
        if (this.failure) throw this.failure;
        return null;
      }
      const left = deadline - Date.now();
      if (left <= 0 || options.signal?.aborted) return null;
      await this.ready(Number.isFinite(left) ? left / 1000 : undefined, options.signal);
    }
  }

  /**
   * Every packet received and not read yet, waiting for at least one: an empty list when
   * `timeout` passed or `signal` aborted first, null once the socket has ended.
   */
  async recvMany(options: RecvOptions = {}): Promise<Packet[] | null> {
    const deadline = options.timeout === undefined ? Infinity : Date.now() + options.timeout * 1000;
    for (;;) {
      const got = this.pullAll();
      if (got.length) return got;
      if (this.ended) {
        if (this.failure) throw this.failure;
        return null;
      }
      const left = deadline - Date.now();
      if (left <= 0 || options.signal?.aborted) return [];
      await this.ready(Number.isFinite(left) ? left / 1000 : undefined, options.signal);
    }
  }

  private held: Packet[] = [];

  /** Resolves when a read would not wait (a packet is there, or the socket ended), after `seconds`, or when `signal` aborts. */
  async poll(seconds?: number, signal?: AbortSignal): Promise<void> {
    if (this.held.length || this.ended) return;
    await this.ready(seconds, signal);
  }

  /** Puts packets back in front of what the next reads return (a reader that took more than it used). */
  unrecv(pkts: readonly Packet[]): void {
    if (pkts.length) this.held = [...pkts, ...this.held];
  }

  /** One packet from what pull() gave (the rest is kept for the next reads). */
  private pullOne(): Packet | undefined {
    if (this.held.length === 0) this.held = this.pull();
    return this.held.shift();
  }

  /** Everything received and not read yet. */
  private pullAll(): Packet[] {
    const out = this.held.length ? this.held.concat(this.pull()) : this.pull();
    this.held = [];
    return out;
  }

  /** Captures from this socket until count, timeout, stopFilter or signal (Scapy's sniff(opened_socket=...)). */
  async sniff(options: SocketSniffOptions = {}): Promise<PacketList> {
    const list = new PacketList([], "Sniffed");
    const tally = new CaptureTally(options, list);
    const deadline = options.timeout === undefined ? Infinity : Date.now() + options.timeout * 1000;
    options.startedCallback?.();
    for (;;) {
      const batch = this.pullAll();
      const taken = tally.take(batch);
      if (tally.done) {
        // What came after the last packet taken stays for the next read.
        this.held = batch.slice(taken);
        break;
      }
      if (this.ended) {
        if (this.failure) throw this.failure;
        break;
      }
      const left = deadline - Date.now();
      if (left <= 0 || options.signal?.aborted) break;
      await this.ready(Number.isFinite(left) ? left / 1000 : undefined, options.signal);
    }
    return list;
  }

  /** Sends and matches the answers on this socket, as Scapy's sock.sr(). */
  async sr(pkts: PacketsInput, options: SocketSrOptions = {}): Promise<SocketSrResult> {
    const queries = expandPackets(pkts);
    const verb = verbosity(options.verbose);
    const multi = !!options.multi;
    const signal = options.signal;
    let retry = options.retry ?? 0;
    const autostop = retry < 0 ? -retry : 0;
    if (retry < 0) retry = -retry;
    const matcher = new AnswerMatcher(multi);
    // Packets that came before the requests were sent answer nothing: they are read away first.
    const drain = (): void => {
      let marks = "";
      for (const r of this.pullAll()) marks += matcher.offer(r) ? "*" : ".";
      if (verb > 1 && marks) say(marks);
    };
    let pending = queries;
    for (;;) {
      matcher.expect(pending);
      const before = matcher.answered.size;
      if (verb > 0) say("Begin emission\n");
      if (options.inter && options.inter > 0) {
        for (const q of pending) {
          if (signal?.aborted) break;
          q.time = Date.now() / 1000;
          await this.send(q);
          drain();
          await sleep(options.inter, signal);
        }
      } else {
        const now = Date.now() / 1000;
        for (const q of pending) q.time = now;
        await this.sendMany(pending);
      }
      if (verb > 0) say(`Finished sending ${pending.length} packets\n`);
      const deadline = options.timeout === undefined ? Infinity : Date.now() + options.timeout * 1000;
      for (;;) {
        drain();
        if (!multi && matcher.outstanding <= 0) break;
        if (this.ended) {
          if (this.failure) throw this.failure;
          break;
        }
        const left = deadline - Date.now();
        if (left <= 0 || signal?.aborted) break;
        await this.ready(Number.isFinite(left) ? left / 1000 : undefined, signal);
      }
      pending = pending.filter((q) => !matcher.answered.has(q));
      if (autostop && pending.length > 0 && matcher.answered.size > before) retry = autostop;
      if (pending.length === 0 || retry <= 0 || signal?.aborted || this.ended) break;
      retry--;
    }
    const unanswered = queries.filter((q) => !matcher.answered.has(q));
    const got = matcher.pairs.length;
    if (verb > 0) say(`\nReceived ${matcher.unmatched + got} packets, got ${got} answers, remaining ${unanswered.length} packets\n`);
    return [new SndRcvList(matcher.pairs, "Results"), new PacketList(unanswered, "Unanswered")];
  }

  /** The first answer, or undefined. */
  async sr1(pkts: PacketsInput, options: SocketSrOptions = {}): Promise<Packet | undefined> {
    const [ans] = await this.sr(pkts, options);
    return ans[0]?.[1];
  }

  /** Closes the socket: pending reads resolve with null. Closing twice does nothing. */
  close(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.release();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Packet> {
    for (;;) {
      const p = await this.recv();
      if (!p) return;
      yield p;
    }
  }

  /** An answering machine on this socket (Scapy's sock.am(cls, ...)): it reads and replies here. */
  am<T>(cls: new (options: Record<string, unknown>) => T, options: Record<string, unknown> = {}): T {
    return new cls({ ...options, openedSocket: this, socket: this });
  }

  toString(): string {
    const ctor = this.constructor as typeof SuperSocket;
    return `<${ctor.name}: ${ctor.desc}${this.iface ? ` on ${this.iface}` : ""}${this.isClosed ? " (closed)" : ""}>`;
  }
}

interruptible<Function>(SuperSocket.prototype.recv, SuperSocket.prototype.recvMany, SuperSocket.prototype.sniff, SuperSocket.prototype.sr, SuperSocket.prototype.sr1);

/** A SuperSocket whose received packets wait in an Inbox (sockets over captures, in-memory pipes). */
export abstract class QueueSocket extends SuperSocket {
  protected readonly inbox: Inbox;
  private receiving = false;

  constructor(highWater?: number) {
    super();
    this.inbox = new Inbox(highWater, { pause: () => this.pauseReceiving(), resume: () => this.resumeReceiving() });
  }

  /** Begins feeding the inbox (called by the first read, so an unread socket costs nothing). */
  protected abstract startReceiving(): void;
  /** The inbox is full: stop pulling (the kernel's buffer holds what comes meanwhile). */
  protected pauseReceiving(): void {}
  protected resumeReceiving(): void {}

  private ensureReceiving(): void {
    if (this.receiving || this.closed) return;
    this.receiving = true;
    this.startReceiving();
  }

  protected pull(): Packet[] {
    this.ensureReceiving();
    return this.inbox.takeAll();
  }

  protected ready(seconds?: number, signal?: AbortSignal): Promise<void> {
    this.ensureReceiving();
    return this.inbox.wait(seconds, signal);
  }

  protected get ended(): boolean {
    return this.closed || this.inbox.drained;
  }

  protected override get failure(): Error | null {
    return this.inbox.error;
  }

  override close(): void {
    super.close();
    this.inbox.end();
  }
}

/**
 * Two sockets joined in memory: what one sends, the other receives (as packets, or dissected
 * from bytes with `basecls`). For automata and answering machines driven without a network.
 */
export class PipeSocket extends QueueSocket {
  static override desc = "one end of an in-memory pair";
  peer: PipeSocket | null = null;
  /** Every packet this end sent, in order. */
  readonly sent: Packet[] = [];

  constructor(
    private readonly basecls?: (bytes: Uint8Array) => Packet,
    readonly name = "pipe",
  ) {
    super();
  }

  /** Two joined ends. */
  static pair(basecls?: (bytes: Uint8Array) => Packet): [PipeSocket, PipeSocket] {
    const a = new PipeSocket(basecls, "pipe-a");
    const b = new PipeSocket(basecls, "pipe-b");
    a.peer = b;
    b.peer = a;
    return [a, b];
  }

  get iface(): string | undefined {
    return undefined;
  }

  async send(x: Sendable): Promise<number> {
    if (this.closed) throw new PacketryError(`The ${this.name} socket is closed.`, "ECLOSED");
    const bytes = x instanceof Packet ? x.build() : x;
    // The peer sees a dissection of the bytes, as from a wire (its basecls, else the sent packet's first layer).
    const cls = this.peer?.basecls ?? (x instanceof Packet ? x.layerClass : this.basecls);
    if (!cls) throw new PacketryError("A PipeSocket that sends bytes needs a basecls on the other end to dissect them with.", "EINVAL");
    this.sent.push(x instanceof Packet ? x : cls(bytes));
    this.peer?.deliver(cls(bytes));
    return bytes.length;
  }

  /** Puts packets in this end's inbox, as if they had arrived. */
  deliver(...pkts: Packet[]): void {
    if (!this.closed) this.inbox.push(pkts);
  }

  protected startReceiving(): void {}

  protected release(): void {
    this.peer?.inbox.end();
  }
}
