/**
 * What a socket has received and nobody has read yet: a FIFO of packets that readers wait on.
 * Batches go in whole (one call per wakeup of the capture); reads take one packet or everything
 * queued. Past `highWater` packets the producer is told to pause (the kernel's ring then holds
 * what comes, as it does for Scapy's sockets), and told to resume once readers have drained it.
 */
import type { Packet } from "../core/packet.ts";
import { Waiters } from "./waiters.ts";

export interface InboxHooks {
  /** The queue reached its high-water mark: stop pulling from the kernel. */
  pause?(): void;
  /** Readers took the queue below half of it: pull again. */
  resume?(): void;
}

export class Inbox {
  private items: Packet[] = [];
  private head = 0;
  private readonly waiters = new Waiters();
  private paused = false;
  private ended = false;
  private failure: Error | null = null;

  constructor(
    readonly highWater = 65536,
    private readonly hooks: InboxHooks = {},
  ) {}

  get size(): number {
    return this.items.length - this.head;
  }

  /** True once end() was called and everything queued has been read. */
  get drained(): boolean {
    return this.ended && this.size === 0;
  }

  /** The error the producer ended with, if any. */
  get error(): Error | null {
    return this.failure;
  }

  push(batch: readonly Packet[]): void {
    if (this.ended || batch.length === 0) return;
    for (const p of batch) this.items.push(p);
    if (!this.paused && this.size >= this.highWater) {
      this.paused = true;
      this.hooks.pause?.();
    }
    this.wake();
  }

  /** No more packets will come (closed, or the interface went away with `error`). */
  end(error?: Error): void {
    if (this.ended) return;
    this.ended = true;
    this.failure = error ?? null;
    this.wake();
  }

  /** The next packet, or undefined when none is queued. */
  shift(): Packet | undefined {
    if (this.head >= this.items.length) return undefined;
    const p = this.items[this.head]!;
    this.items[this.head++] = undefined as unknown as Packet;
    this.compact();
    return p;
  }

  /** Everything queued, in order. */
  takeAll(): Packet[] {
    const out = this.head === 0 ? this.items : this.items.slice(this.head);
    this.items = [];
    this.head = 0;
    this.compact();
    return out;
  }

  /**
   * Resolves when a packet is queued, the inbox ends, `seconds` pass or `signal` aborts
   * (whichever comes first); resolves at once when one is queued already.
   */
  wait(seconds?: number, signal?: AbortSignal): Promise<void> {
    if (this.size > 0 || this.ended) return Promise.resolve();
    return this.waiters.wait(seconds, signal);
  }

  private wake(): void {
    this.waiters.wake();
  }

  private compact(): void {
    // Drop the read prefix now and then, so reading stays O(1) per packet.
    if (this.head > 4096 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    if (this.paused && this.size <= this.highWater / 2) {
      this.paused = false;
      this.hooks.resume?.();
    }
  }
}
