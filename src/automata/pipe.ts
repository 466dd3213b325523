/**
 * Scapy's ObjectPipe: a FIFO of objects between the automaton and its users. send() never
 * blocks; recv() waits for the next object (or resolves undefined once the pipe is closed and
 * empty, or when its signal aborts); take() reads one synchronously when there is one.
 */
import { Waiters } from "../live/waiters.ts";

export class ObjectPipe<T = unknown> {
  private items: T[] = [];
  private readonly waiters = new Waiters();
  closed = false;

  constructor(readonly name = "ObjectPipe") {}

  send(obj: T): number {
    if (this.closed) throw new Error(`${this.name} is closed`);
    this.items.push(obj);
    this.waiters.wake();
    return 1;
  }

  /** Puts an object back in front (a reader that took one it does not handle). */
  unshift(obj: T): void {
    this.items.unshift(obj);
    this.waiters.wake();
  }

  write(obj: T): number {
    return this.send(obj);
  }

  empty(): boolean {
    return this.items.length === 0;
  }

  /** The next object now, or undefined when there is none. */
  take(): T | undefined {
    return this.items.shift();
  }

  /** Resolves when an object is there (or the pipe closes, `seconds` pass, `signal` aborts). */
  async readable(seconds?: number, signal?: AbortSignal): Promise<boolean> {
    if (this.items.length || this.closed) return this.items.length > 0;
    await this.waiters.wait(seconds, signal);
    return this.items.length > 0;
  }

  /** The next object, waiting for it; undefined once closed and empty, or when `signal` aborts. */
  async recv(signal?: AbortSignal): Promise<T | undefined> {
    for (;;) {
      if (this.items.length) return this.items.shift();
      if (this.closed || signal?.aborted) return undefined;
      await this.waiters.wait(undefined, signal);
    }
  }

  read(signal?: AbortSignal): Promise<T | undefined> {
    return this.recv(signal);
  }

  clear(): void {
    this.items = [];
  }

  close(): void {
    this.closed = true;
    this.waiters.wake();
  }

  toString(): string {
    return `<${this.name}>`;
  }
}
