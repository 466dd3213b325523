/**
 * A live L2 socket over the addon: one libpcap handle on one interface that sends frames (one,
 * or batches through sendmmsg) and delivers what it receives in batches, dissected from the
 * link type's first layer. Packets are views into the batch buffer: no copy per packet.
 */
import { conf } from "../core/conf.ts";
import { PacketryError } from "../core/errors.ts";
import { strictOptions } from "../core/options.ts";
import type { Packet } from "../core/packet.ts";
import { registry, type LayerRef } from "../core/state.ts";
import { layerForLinkType } from "../layers/linktypes.ts";
import { interfaceNames, isLoopback } from "./interfaces.ts";
import { liveError, loadNative, type NativeCapture, type NativeStats } from "./native.ts";

export interface SocketOptions {
  iface: string;
  /** BPF expression (tcpdump syntax). */
  filter?: string;
  /** Promiscuous mode (default conf.sniffPromisc: true, as Scapy's conf.sniff_promisc). */
  promisc?: boolean;
  /** Bytes kept per packet (default 4096: keeps the kernel's ring slots small). */
  snaplen?: number;
  /** Kernel ring size in bytes (default 16 MiB). */
  bufferSize?: number;
  /**
   * Deliver each packet at once (libpcap's immediate mode: TPACKET_V2, one ring slot of snaplen
   * bytes per packet). Default false: TPACKET_V3 blocks pack packets tightly, so a burst of small
   * frames fits (16 MiB holds ~4,000 slots of 4 KB but ~150,000 small frames), handed over
   * within a millisecond or so.
   */
  immediate?: boolean;
  /** "in" skips frames this host sends; default "in" on loopback (else each frame shows twice), "inout" elsewhere. */
  direction?: "in" | "out" | "inout";
}

export type BatchHandler = (packets: Packet[]) => void;

const checkSocket = strictOptions<SocketOptions>("LiveSocket", { iface: true, filter: true, promisc: true, snaplen: true, bufferSize: true, immediate: true, direction: true });

const BATCH_FRAMES = 4096;

export class LiveSocket {
  readonly iface: string;
  readonly linktype: number;
  private cap: NativeCapture | null;
  private readonly first: LayerRef | undefined;
  private receiving = false;

  constructor(options: SocketOptions) {
    checkSocket(options);
    const { iface } = options;
    this.iface = iface;
    const native = loadNative();
    let cap: NativeCapture;
    try {
      cap = new native.Capture(iface, { snaplen: options.snaplen ?? 4096, promisc: options.promisc ?? conf.sniffPromisc, bufferSize: options.bufferSize ?? 16 << 20, immediate: options.immediate ?? false });
    } catch (e) {
      throw liveError(e, iface, "capture on", interfaceNames);
    }
    this.cap = cap;
    try {
      const direction = options.direction ?? (isLoopback(iface) ? "in" : "inout");
      if (direction !== "inout") cap.setDirection(direction);
      if (options.filter) this.setFilter(options.filter);
    } catch (e) {
      cap.close();
      this.cap = null;
      throw e;
    }
    this.linktype = cap.linktype();
    this.first = layerForLinkType(this.linktype);
  }

  private handle(): NativeCapture {
    if (!this.cap) throw new PacketryError(`The socket on ${this.iface} is closed.`, "ECLOSED");
    return this.cap;
  }

  get closed(): boolean {
    return this.cap === null;
  }

  setFilter(expression: string): void {
    try {
      this.handle().setFilter(expression);
    } catch (e) {
      const err = e as Error & { code?: string };
      if (err.code === "EFILTER") throw new PacketryError(`Bad BPF filter ${JSON.stringify(expression)}: ${err.message}`, "EFILTER");
      throw liveError(e, this.iface, "set a filter on", interfaceNames);
    }
  }

  /** Sends one frame. */
  send(frame: Uint8Array): void {
    try {
      this.handle().inject(frame);
    } catch (e) {
      throw liveError(e, this.iface, "send on", interfaceNames);
    }
  }

  /** Sends frames in batches (sendmmsg); `repeat` sends the whole list that many times. */
  sendMany(frames: readonly Uint8Array[], repeat = 1): number {
    if (frames.length === 0 || repeat <= 0) return 0;
    const cap = this.handle();
    // One buffer of at least a few thousand frames, so each native call moves many.
    const copies = frames.length >= BATCH_FRAMES ? 1 : Math.min(repeat, Math.ceil(BATCH_FRAMES / frames.length));
    const batch = concatFrames(frames, copies);
    let sent = 0;
    const total = frames.length * repeat;
    try {
      for (let left = repeat; left > 0; left -= copies) {
        const n = Math.min(copies, left) * frames.length;
        const ends = n === batch.ends.length ? batch.ends : batch.ends.subarray(0, n);
        for (let done = 0; done < n; ) {
          const from = done === 0 ? 0 : ends[done - 1]!;
          // The native side reads ends relative to the buffer start: hand it the remaining part.
          const part = done === 0 ? ends : ends.subarray(done).map((e) => e - from);
          const bytes = done === 0 ? batch.bytes : batch.bytes.subarray(from);
          const k = cap.injectBatch(bytes, part);
          if (k <= 0) throw new PacketryError("the kernel accepted no frame", "EPCAP");
          done += k;
        }
        sent += n;
      }
    } catch (e) {
      throw liveError(e, this.iface, `send (${sent} of ${total} sent) on`, interfaceNames);
    }
    return sent;
  }

  /** Starts delivering received packets; onError gets a clear error when the interface goes away. */
  receive(onPackets: BatchHandler, onError: (err: PacketryError) => void): void {
    const cap = this.handle();
    if (this.receiving) throw new PacketryError(`The socket on ${this.iface} is already receiving.`, "EBUSY");
    this.receiving = true;
    const first = this.first ?? registry.raw!.cls;
    const iface = this.iface;
    const linktype = this.linktype;
    cap.start(
      (data, meta) => {
        const n = meta.length / 5;
        const out = new Array<Packet>(n);
        for (let i = 0, m = 0; i < n; i++, m += 5) {
          const p = first(new Uint8Array(data, meta[m]!, meta[m + 1]!));
          p.meta = { time: meta[m + 3]! + meta[m + 4]! / 1e9, wirelen: meta[m + 2]!, sniffedOn: iface, linktype };
          out[i] = p;
        }
        onPackets(out);
      },
      (err) => {
        this.receiving = false;
        onError(liveError(err, iface, "capture on", interfaceNames));
      },
    );
  }

  /** Stops delivering (the handle stays open for sending). */
  stopReceiving(): void {
    if (this.cap && this.receiving) this.cap.stop();
    this.receiving = false;
  }

  /** Kernel counters: received, dropped (buffer full), dropped by the interface. */
  stats(): NativeStats {
    return this.handle().stats();
  }

  close(): void {
    if (!this.cap) return;
    this.cap.close();
    this.cap = null;
    this.receiving = false;
  }
}

/**
 * Sends IP packets through the kernel's output path (raw IP sockets, as Scapy's L3RawSocket):
 * what loopback needs, since frames injected there at layer 2 are dropped as martians.
 */
export function sendRawIp(packets: ReadonlyArray<{ version: 4 | 6; dst: string; bytes: Uint8Array }>): number {
  const native = loadNative();
  let sent = 0;
  for (let i = 0; i < packets.length; ) {
    const version = packets[i]!.version;
    let j = i;
    while (j < packets.length && packets[j]!.version === version) j++;
    const group = packets.slice(i, j);
    const { bytes, ends } = concatFrames(group.map((p) => p.bytes), 1);
    try {
      sent += native.sendRawIp(version, group.map((p) => p.dst), bytes, ends);
    } catch (e) {
      throw liveError(e, "lo", "send on", interfaceNames);
    }
    i = j;
  }
  return sent;
}

/** Frames laid end to end (the list `copies` times) with the end offset of each. */
function concatFrames(frames: readonly Uint8Array[], copies: number): { bytes: Uint8Array; ends: Uint32Array } {
  let size = 0;
  for (const f of frames) size += f.length;
  const bytes = new Uint8Array(size * copies);
  const ends = new Uint32Array(frames.length * copies);
  let pos = 0;
  let k = 0;
  for (let c = 0; c < copies; c++) {
    for (const f of frames) {
      bytes.set(f, pos);
      pos += f.length;
      ends[k++] = pos;
    }
  }
  return { bytes, ends };
}

/**
 * Sockets that only send, one per interface, kept open between calls: opening a packet socket
 * costs ~10 ms in the kernel (and Scapy's reopening on every send() is a known complaint).
 * They keep nothing: their filter rejects every frame, and they hold no event-loop handle.
 */
const senders = new Map<string, LiveSocket>();

export function senderFor(iface: string): LiveSocket {
  let s = senders.get(iface);
  if (s && !s.closed) return s;
  s = new LiveSocket({ iface, promisc: false, snaplen: 64, bufferSize: 1 << 16, filter: "less 1" });
  senders.set(iface, s);
  return s;
}

/** Forgets a pooled sender (after an error, or when the namespace changes). */
export function dropSenders(iface?: string): void {
  for (const [name, s] of senders) {
    if (iface !== undefined && name !== iface) continue;
    s.close();
    senders.delete(name);
  }
}
