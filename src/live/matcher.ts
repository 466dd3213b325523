/**
 * Pairing replies with the requests they answer, as Scapy's SndRcvHandler: each request waits
 * in a bucket keyed by its hashret (hex), and a received packet is tried with answers() only
 * against the requests of its own bucket, oldest first. With `multi` a request stays in its
 * bucket and may collect several answers.
 */
import { toHex } from "../core/bytes.ts";
import type { Packet } from "../core/packet.ts";
import type { QueryAnswer } from "../core/plist.ts";

function keyOf(p: Packet): string | null {
  try {
    return toHex(p.hashret());
  } catch {
    return null;
  }
}

function tryAnswers(reply: Packet, query: Packet): boolean {
  try {
    return reply.answers(query);
  } catch {
    return false;
  }
}

export class AnswerMatcher {
  readonly pairs: QueryAnswer[] = [];
  /** Requests that got at least one answer. */
  readonly answered = new Set<Packet>();
  /** Received packets that answered nothing. */
  unmatched = 0;
  private buckets = new Map<string, Packet[]>();
  private waiting = 0;

  constructor(private readonly multi = false) {}

  /** Requests of this round still without an answer. */
  get outstanding(): number {
    return this.waiting;
  }

  /** Starts a round: these requests (the unanswered ones) wait for answers. */
  expect(queries: readonly Packet[]): void {
    this.buckets = new Map();
    this.waiting = 0;
    for (const q of queries) {
      const key = keyOf(q) ?? "";
      const bucket = this.buckets.get(key);
      if (bucket) bucket.push(q);
      else this.buckets.set(key, [q]);
      if (!this.answered.has(q)) this.waiting++;
    }
  }

  /** Tries a received packet; true when it answered a request. */
  offer(reply: Packet): boolean {
    const key = keyOf(reply);
    const bucket = key === null ? undefined : this.buckets.get(key);
    if (bucket) {
      for (let i = 0; i < bucket.length; i++) {
        const q = bucket[i]!;
        if (!tryAnswers(reply, q)) continue;
        this.pairs.push([q, reply]);
        if (!this.answered.has(q)) this.waiting--;
        this.answered.add(q);
        if (!this.multi) bucket.splice(i, 1);
        return true;
      }
    }
    this.unmatched++;
    return false;
  }
}
