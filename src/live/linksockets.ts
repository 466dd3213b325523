/**
 * Scapy's Linux sockets over packetry's libpcap handle: L2Socket (frames in and out, not the
 * frames this host sends), L2ListenSocket (receives only, both directions, as sniff uses) and
 * L3PacketSocket (IP packets out by their route with the next hop's MAC, the network layer of
 * what arrives back). `conf.L2socket`, `conf.L2listen` and `conf.L3socket` name them, as in Scapy.
 */
import { conf } from "../core/conf.ts";
import { PacketryError } from "../core/errors.ts";
import { Packet } from "../core/packet.ts";
import { l2Frames, l3Frames, l3Interface, sendL3 } from "./frames.ts";
import { LiveSocket, senderFor } from "./socket.ts";
import { QueueSocket, type Sendable } from "./supersocket.ts";

export interface LinkSocketOptions {
  /** Interface (default conf.iface). */
  iface?: string;
  /** BPF expression (tcpdump syntax) for what is received. */
  filter?: string;
  /** Promiscuous mode (default true, Scapy's conf.sniff_promisc). */
  promisc?: boolean;
  /** Kernel ring size in bytes (default 16 MiB). */
  bufferSize?: number;
  /** Bytes kept per packet (default 4096). */
  snaplen?: number;
  /** Hand each packet over at once (libpcap's immediate mode) rather than in blocks every millisecond or so. */
  immediate?: boolean;
}

/** Received packets the JS side queues before it lets the kernel's ring hold the rest. */
const QUEUE_HIGH_WATER = 65536;

abstract class CaptureSocket extends QueueSocket {
  protected readonly live: LiveSocket;

  constructor(options: LinkSocketOptions, direction: "in" | "inout") {
    super(QUEUE_HIGH_WATER);
    this.live = new LiveSocket({
      iface: options.iface ?? conf.iface,
      filter: options.filter,
      promisc: options.promisc,
      bufferSize: options.bufferSize,
      snaplen: options.snaplen,
      immediate: options.immediate,
      direction,
    });
  }

  get iface(): string {
    return this.live.iface;
  }

  /** Kernel counters: received, dropped (buffer full), dropped by the interface. */
  stats(): { received: number; dropped: number; ifDropped: number } {
    return this.live.stats();
  }

  /** What a received frame is to this socket (the frame itself, or its network layer). */
  protected accept(frame: Packet): Packet | null {
    return frame;
  }

  protected startReceiving(): void {
    this.live.receive(
      (batch) => {
        const out: Packet[] = [];
        for (const f of batch) {
          const p = this.accept(f);
          if (p) out.push(p);
        }
        this.inbox.push(out);
      },
      (err) => this.inbox.end(err),
    );
  }

  protected override pauseReceiving(): void {
    this.live.stopReceiving();
  }

  protected override resumeReceiving(): void {
    if (!this.closed) this.startReceiving();
  }

  protected release(): void {
    this.live.close();
  }
}

/** Frames in and out on one interface (Scapy's conf.L2socket); it does not see the frames this host sends. */
export class L2Socket extends CaptureSocket {
  static override desc = "read/write packets at layer 2 (libpcap)";

  constructor(options: LinkSocketOptions = {}) {
    super(options, "in");
  }

  async send(x: Sendable): Promise<number> {
    const frame = x instanceof Packet ? (await l2Frames([x]))[0]! : x;
    this.live.send(frame);
    return frame.length;
  }

  override async sendMany(xs: readonly Sendable[]): Promise<number> {
    const pkts = xs.filter((x): x is Packet => x instanceof Packet);
    const built = await l2Frames(pkts);
    let k = 0;
    const frames = xs.map((x) => (x instanceof Packet ? built[k++]! : x));
    return this.live.sendMany(frames);
  }
}

/** Receives every frame on an interface, both directions (Scapy's conf.L2listen, what sniff uses); it cannot send. */
export class L2ListenSocket extends CaptureSocket {
  static override desc = "read packets at layer 2 (libpcap)";

  constructor(options: LinkSocketOptions = {}) {
    super(options, "inout");
  }

  async send(_x: Sendable): Promise<number> {
    throw new PacketryError("An L2ListenSocket only receives: send with an L2Socket (conf.L2socket) instead.", "EINVAL");
  }
}

/**
 * IP and IPv6 packets out by their route (the next hop's MAC resolved first, raw IP sockets on
 * loopback) and the network layer of the frames that arrive on the interface (Scapy's
 * conf.L3socket, L3PacketSocket).
 */
export class L3PacketSocket extends CaptureSocket {
  static override desc = "read/write packets at layer 3 (libpcap, routed)";

  constructor(options: LinkSocketOptions = {}) {
    super(options, "in");
  }

  protected override accept(frame: Packet): Packet | null {
    const l3 = frame.payload;
    if (!l3) return null;
    l3.meta = frame.meta;
    return l3;
  }

  async send(x: Sendable): Promise<number> {
    if (!(x instanceof Packet)) throw new PacketryError("An L3PacketSocket sends IP or IPv6 packets, not bytes (it needs the destination to route them).", "EINVAL");
    return this.sendMany([x]).then(() => x.build().length);
  }

  override async sendMany(xs: readonly Sendable[]): Promise<number> {
    const pkts = xs.map((x) => {
      if (!(x instanceof Packet)) throw new PacketryError("An L3PacketSocket sends IP or IPv6 packets, not bytes.", "EINVAL");
      return x;
    });
    // Consecutive packets that leave by the same interface go out as one batch, in order.
    let sent = 0;
    for (let a = 0; a < pkts.length; ) {
      const iface = l3Interface(pkts[a]!);
      let b = a + 1;
      while (b < pkts.length && l3Interface(pkts[b]!) === iface) b++;
      const batch = await l3Frames(pkts.slice(a, b), iface);
      sent += sendL3(batch, batch.frames.map((_, i) => i), () => (iface === this.iface ? this.live : senderFor(iface)));
      a = b;
    }
    return sent;
  }
}

conf.L2socket = L2Socket;
conf.L2listen = L2ListenSocket;
conf.L3socket = L3PacketSocket;
