/**
 * sniff and AsyncSniffer: capture on one or several interfaces (or read files offline) with a
 * BPF filter, a packet filter, a count, a timeout, a stop filter and a callback, as Scapy's.
 * The capture runs on the event loop (no thread): start() opens it at once, stop() ends it.
 */
import { conf } from "../core/conf.ts";
import { PacketryError } from "../core/errors.ts";
import { strictOptions } from "../core/options.ts";
import type { Packet } from "../core/packet.ts";
import { PacketList } from "../core/plist.ts";
import { sessionOf, sessionOutput, type Session, type SessionOption } from "../layers/sessions.ts";
import { sniffOffline } from "../pcap/sniff.ts";
import { compileFilter } from "./bpf.ts";
import type { NativeStats } from "./native.ts";
import { LiveSocket } from "./socket.ts";

export interface SniffOptions {
  /** Interface name or names (default conf.iface). */
  iface?: string | string[];
  /** Same as iface with a list (Scapy accepts both). */
  ifaces?: string[];
  /** BPF expression (tcpdump syntax). */
  filter?: string;
  /** Stop after this many packets that pass lfilter (0: no limit). */
  count?: number;
  /** Stop after this many seconds. */
  timeout?: number;
  /** Called with each packet; what it returns is printed unless undefined or null. */
  prn?: (p: Packet) => unknown;
  /** Keep only the packets for which this returns true. */
  lfilter?: (p: Packet) => boolean;
  /** Stop after the first packet for which this returns true. */
  stopFilter?: (p: Packet) => boolean;
  /** Keep packets in the result (default true). */
  store?: boolean;
  /** Read capture files (a path or paths) or packets instead of interfaces. */
  offline?: string | string[] | Iterable<Packet>;
  /** Promiscuous mode (default true). */
  promisc?: boolean;
  /** Kernel ring size in bytes per interface (default 16 MiB): more absorbs longer bursts. */
  bufferSize?: number;
  /** Bytes kept per packet (default 4096). */
  snaplen?: number;
  /** libpcap's immediate mode (see SocketOptions.immediate). */
  immediate?: boolean;
  /** Called once the capture is open. */
  startedCallback?: () => void;
  /** Runs each packet through a session first (IPSession defragments, TCPSession reassembles streams). */
  session?: SessionOption;
  signal?: AbortSignal;
}

const SNIFF_OPTIONS = { iface: true, ifaces: true, filter: true, count: true, timeout: true, prn: true, lfilter: true, stopFilter: true, store: true, offline: true, promisc: true, bufferSize: true, snaplen: true, immediate: true, startedCallback: true, session: true, signal: true } as const;
const SCAPY_ONLY = { quiet: "", L2socket: "", openedSocket: "", sessionKwargs: "give session an object made with its arguments", monitor: "" };
const checkSniffer = strictOptions<SniffOptions>("AsyncSniffer", SNIFF_OPTIONS, SCAPY_ONLY);
const checkSniff = strictOptions<SniffOptions>("sniff", SNIFF_OPTIONS, SCAPY_ONLY);

/** A capture that runs while the program goes on: start(), then stop() or await join(). */
export class AsyncSniffer {
  readonly options: SniffOptions;
  /** What was captured (filled as packets come when store is on). */
  results: PacketList | null = null;
  /** Resolves once the capture is open (start() opens it synchronously). */
  started: Promise<void>;
  private markStarted!: () => void;
  private failStarted!: (e: unknown) => void;
  private sockets: LiveSocket[] = [];
  private done: Promise<PacketList> | null = null;
  private finish: ((e?: unknown) => void) | null = null;
  private timer: NodeJS.Timeout | undefined;
  private seen = 0;
  private session: Session | null = null;
  private finalStats: Record<string, NativeStats> = {};

  constructor(options: SniffOptions = {}) {
    checkSniffer(options);
    this.options = options;
    this.started = new Promise((resolve, reject) => {
      this.markStarted = resolve;
      this.failStarted = reject;
    });
    this.started.catch(() => {});
  }

  get running(): boolean {
    return this.finish !== null;
  }

  /** Opens the capture (throws a clear error when it cannot) and starts delivering packets. */
  start(): this {
    if (this.done) throw new PacketryError("This sniffer was already started.", "EBUSY");
    const o = this.options;
    const list = new PacketList([], "Sniffed");
    this.results = list;
    this.done = new Promise<PacketList>((resolve, reject) => {
      this.finish = (e?: unknown) => {
        if (!this.finish) return;
        this.finish = null;
        clearTimeout(this.timer);
        o.signal?.removeEventListener("abort", onAbort);
        for (const s of this.sockets) {
          try {
            this.finalStats[s.iface] = s.stats();
          } catch {
            // closed because the interface went away: no counters
          }
          s.close();
        }
        // What the session still holds (a message cut short, fragments never completed) comes out last.
        const held = this.session?.flush?.() ?? [];
        this.session = null;
        if (e === undefined) {
          try {
            for (const p of held) if (this.take(p, list)) break;
          } catch (err) {
            e = err;
          }
        }
        if (e === undefined) resolve(list);
        else reject(e);
      };
    });
    this.done.catch(() => {});
    const onAbort = () => this.finish?.();

    if (o.offline !== undefined) {
      this.startOffline(list);
      return this;
    }
    if (o.session) this.session = sessionOf(o.session);
    const names = o.ifaces ?? (Array.isArray(o.iface) ? o.iface : [o.iface ?? conf.iface]);
    try {
      for (const iface of names) this.sockets.push(new LiveSocket({ iface, filter: o.filter, promisc: o.promisc, bufferSize: o.bufferSize, snaplen: o.snaplen, immediate: o.immediate }));
    } catch (e) {
      this.failStarted(e);
      this.finish!(e);
      throw e;
    }
    for (const s of this.sockets) s.receive((batch) => this.deliver(batch, list), (err) => this.finish?.(err));
    if (o.timeout !== undefined) this.timer = setTimeout(() => this.finish?.(), o.timeout * 1000);
    if (o.signal) {
      if (o.signal.aborted) this.finish!();
      else o.signal.addEventListener("abort", onAbort);
    }
    this.markStarted();
    o.startedCallback?.();
    return this;
  }

  /** Files or packets: read by the capture readers (src/pcap), the BPF filter compiled for each link type. */
  private startOffline(list: PacketList): void {
    const o = this.options;
    try {
      const matcher = o.filter ? compileFilter(o.filter) : undefined;
      // Stored straight into the list: spreading a big capture as call arguments overflows the stack.
      sniffOffline({
        into: list,
        offline: o.offline!,
        prn: o.prn,
        lfilter: o.lfilter,
        stopFilter: o.stopFilter,
        count: o.count,
        store: o.store,
        recordFilter: matcher ? (data, linktype) => matcher.matches(data, linktype) : undefined,
        session: o.session,
      });
    } catch (e) {
      this.failStarted(e);
      this.finish!(e);
      throw e;
    }
    this.markStarted();
    o.startedCallback?.();
    this.finish!();
  }

  private deliver(batch: Packet[], list: PacketList): void {
    try {
      for (const p of batch) {
        if (!this.finish) return;
        for (const q of this.session ? sessionOutput(this.session, p) : [p]) {
          if (this.take(q, list)) {
            this.finish?.();
            return;
          }
        }
      }
    } catch (e) {
      this.finish?.(e);
    }
  }

  /** Filters, stores and shows one packet; true when the capture is to end (count, stopFilter). */
  private take(p: Packet, list: PacketList): boolean {
    const o = this.options;
    if (o.lfilter && !o.lfilter(p)) return false;
    this.seen++;
    if (o.store ?? true) list.push(p);
    if (o.prn) {
      const shown = o.prn(p);
      if (shown !== undefined && shown !== null) console.log(String(shown));
    }
    return !!(o.stopFilter && o.stopFilter(p)) || ((o.count ?? 0) > 0 && this.seen >= o.count!);
  }

  /**
   * Stops the capture and returns what it got (Scapy's stop() with join). It returns at once:
   * the kernel hands packets over in blocks every few milliseconds, so what arrived in the last
   * few milliseconds may be missing. For exact ends use count, stopFilter or timeout, or
   * `immediate: true` (each packet handed over at once, smaller burst capacity).
   */
  stop(): PacketList {
    if (!this.done) throw new PacketryError("This sniffer was not started.", "EINVAL");
    this.finish?.();
    return this.results!;
  }

  /** Waits until the capture ends (count, timeout, stopFilter, stop() or an error). */
  join(): Promise<PacketList> {
    if (!this.done) return Promise.reject(new PacketryError("This sniffer was not started.", "EINVAL"));
    return this.done;
  }

  /** Kernel counters per interface: received, dropped (buffer full), dropped by the interface. */
  stats(): Record<string, NativeStats> {
    const out: Record<string, NativeStats> = { ...this.finalStats };
    for (const s of this.sockets) if (!s.closed) out[s.iface] = s.stats();
    return out;
  }
}

/** Captures packets until count, timeout, stopFilter or signal; resolves with a PacketList "Sniffed". */
export function sniff(options: SniffOptions = {}): Promise<PacketList> {
  let s: AsyncSniffer;
  try {
    checkSniff(options);
    s = new AsyncSniffer(options);
    s.start();
  } catch (e) {
    return Promise.reject(e);
  }
  return s.join();
}
