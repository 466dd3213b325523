/**
 * Scapy's StreamSocket: a connected stream (a node:net TCP socket, or any Duplex) seen as a
 * socket of packets. Each read dissects `basecls` from the bytes that have arrived and takes
 * only what the packet used: what the layer calls padding stays for the next read, so a
 * stream of length-prefixed messages comes out one message at a time. A layer that says where
 * its messages end on TCP (HTTP: headers, Content-Length, chunks) is read in whole messages:
 * a message cut short waits for the rest of its bytes (or for the stream's end).
 */
import type { Duplex } from "node:stream";
import { concatBytes } from "../core/bytes.ts";
import { PacketryError } from "../core/errors.ts";
import { Packet } from "../core/packet.ts";
import { Raw } from "../core/raw.ts";
import type { LayerRef } from "../core/state.ts";
import { streamProtocolOf, type StreamContext } from "../layers/tcpSession.ts";
import { SuperSocket, type Sendable } from "./supersocket.ts";
import { Waiters } from "./waiters.ts";

/** Bytes buffered before the stream is paused until the reader catches up. */
const PAUSE_AT = 4 << 20;

export class StreamSocket extends SuperSocket {
  static override desc = "transforms a stream socket into a layer 2";
  readonly basecls: LayerRef;
  private chunks: Uint8Array[] = [];
  private buffered = 0;
  /** Bytes came since the last read. */
  private fresh = false;
  private streamEnded = false;
  private streamError: Error | null = null;
  private readonly waiters = new Waiters();
  /** What the stream's protocol keeps between messages (HTTP: the methods of requests sent). */
  private readonly conversation: Record<string, unknown> = {};

  constructor(
    readonly stream: Duplex,
    basecls?: LayerRef,
  ) {
    super();
    this.basecls = basecls ?? (Raw as unknown as LayerRef);
    stream.on("data", (chunk: Uint8Array | string) => {
      const bytes = typeof chunk === "string" ? new TextEncoder().encode(chunk) : chunk;
      this.chunks.push(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      this.buffered += bytes.byteLength;
      this.fresh = true;
      if (this.buffered >= PAUSE_AT) stream.pause();
      this.wake();
    });
    const finish = () => {
      this.streamEnded = true;
      this.wake();
    };
    stream.on("end", finish);
    stream.on("close", finish);
    stream.on("error", (err: Error) => {
      this.streamError = new PacketryError(`The stream failed: ${err.message}`, (err as { code?: string }).code ?? "EIO");
      finish();
    });
  }

  get iface(): string | undefined {
    return undefined;
  }

  async send(x: Sendable): Promise<number> {
    if (this.closed || this.stream.destroyed) throw new PacketryError("The stream socket is closed.", "ECLOSED");
    const bytes = x instanceof Packet ? x.build() : x;
    await new Promise<void>((resolve, reject) => this.stream.write(bytes, (err) => (err ? reject(err) : resolve())));
    return bytes.length;
  }

  /** Packets dissected from what has arrived; bytes a packet leaves as padding wait for the next read. */
  protected pull(): Packet[] {
    const out: Packet[] = [];
    this.fresh = false;
    if (this.buffered === 0) return out;
    let data = this.chunks.length === 1 ? this.chunks[0]! : concatBytes(this.chunks);
    const protocol = streamProtocolOf(this.basecls);
    const ctx: StreamContext = { ended: this.streamEnded, conversation: this.conversation };
    while (data.length > 0) {
      if (protocol) {
        let n = protocol.messageLength(data, ctx);
        if (n === null && !this.streamEnded) break;
        n = Math.max(1, Math.min(n ?? data.length, data.length));
        const msg = this.basecls(data.slice(0, n));
        protocol.finish?.(msg, ctx);
        out.push(msg);
        data = data.subarray(n);
        continue;
      }
      const p = this.basecls(data);
      const used = data.length - cutPadding(p);
      if (used <= 0) break;
      out.push(p);
      data = data.subarray(used);
    }
    this.chunks = data.length ? [data] : [];
    this.buffered = data.length;
    if (this.buffered < PAUSE_AT && this.stream.isPaused()) this.stream.resume();
    return out;
  }

  protected ready(seconds?: number, signal?: AbortSignal): Promise<void> {
    // Bytes kept from the last read (a message cut short) wait for new ones.
    if (this.fresh || this.ended) return Promise.resolve();
    return this.waiters.wait(seconds, signal);
  }

  protected get ended(): boolean {
    return this.closed || (this.streamEnded && this.buffered === 0);
  }

  protected override get failure(): Error | null {
    return this.streamError;
  }

  protected release(): void {
    this.stream.destroy();
    this.wake();
  }

  private wake(): void {
    this.waiters.wake();
  }
}

/** Removes the Padding layers at the end of a packet; returns how many bytes they held. */
function cutPadding(p: Packet): number {
  let pad: Packet | null = p;
  while (pad && pad.spec.name !== "Padding") pad = pad.payload;
  if (!pad) return 0;
  // A Padding layer builds with what follows it: its length is every trailing byte.
  const bytes = pad.build().length;
  const under = pad.underlayer;
  if (under) under.payload = null;
  return bytes;
}
