/**
 * TCP stream reassembly (Scapy's TCPSession). The segments of each direction of a connection
 * are put back in sequence order (retransmissions and overlaps dropped, out-of-order segments
 * held until the gap fills); a protocol that knows where its messages end (HTTP, DNS over TCP)
 * cuts the stream into whole messages. Each message comes out as a copy of the segment that
 * completed it, with the whole message as its TCP payload and the sequence number of the
 * message's first byte. Segments still waiting for the rest of their message are held back;
 * everything else passes through unchanged.
 */
import { dissectLayer, measuredHeader } from "../core/read/dissect.ts";
import { guessPayloadSpec } from "../core/read/guess.ts";
import type { InstanceOf } from "../core/define.ts";
import type { Packet } from "../core/packet.ts";
import { Padding } from "../core/raw.ts";
import type { LayerRef, LayerSpec } from "../core/state.ts";
import { TCP } from "./inet.ts";
import { concatBytes } from "../core/bytes.ts";

/** What a protocol knows about the stream it is cutting. */
export interface StreamContext {
  /** The sender closed or reset the connection: no more bytes will come. */
  readonly ended: boolean;
  /** State shared by both directions of the connection (HTTP queues request methods here). */
  readonly conversation: Record<string, unknown>;
  /**
   * Scratch for the message being cut, kept from one call to the next until that message is
   * complete: a protocol notes how far it has looked, so each call reads only the new bytes.
   */
  readonly scan: Record<string, unknown>;
}

export interface StreamProtocol {
  /**
   * Length of the whole message at the start of data, or null while more bytes are needed. It is
   * asked again each time data grows: keep in ctx.scan what was learnt, so the stream is read once.
   */
  messageLength(data: Uint8Array, ctx: StreamContext): number | null;
  /** Adjusts the dissected message (HTTP decodes the body); called once per message. */
  finish?(message: Packet, ctx: StreamContext): void;
}

const protocols = new Map<LayerSpec, StreamProtocol>();

/** Declares how a layer found on TCP is cut into messages (Scapy's tcp_reassemble). */
export function registerStreamProtocol(layer: LayerRef, protocol: StreamProtocol): void {
  protocols.set(layer.spec, protocol);
}

/** How a layer is cut into messages, when it declared it (stream sockets read whole messages with it). */
export function streamProtocolOf(layer: LayerRef): StreamProtocol | undefined {
  return protocols.get(layer.spec);
}

/** A segment that came before the bytes it follows, by its offset in the stream. */
interface Held {
  at: number;
  bytes: Uint8Array;
}

interface Flow {
  protocol: StreamProtocol;
  layer: LayerSpec;
  /** The bytes not cut into messages yet: buf[start, end), growing by doubling (appends are linear overall). */
  buf: Uint8Array;
  start: number;
  end: number;
  /** Sequence number of buf[start]. */
  base: number;
  /** Stream offset of buf[start] (bytes cut into messages so far): held segments are ordered by it. */
  offset: number;
  /** Segments past a gap, smallest offset first (a binary heap). */
  held: Held[];
  ended: boolean;
  conversation: Record<string, unknown>;
  scan: Record<string, unknown>;
  /** The last segment seen: carries what flush() returns. */
  last: Packet;
}

const seqDiff = (a: number, b: number) => ((a - b) | 0);

function heapPush(heap: Held[], item: Held): void {
  let i = heap.push(item) - 1;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (heap[parent]!.at <= item.at) break;
    heap[i] = heap[parent]!;
    i = parent;
  }
  heap[i] = item;
}

function heapPop(heap: Held[]): Held {
  const top = heap[0]!;
  const last = heap.pop()!;
  if (heap.length > 0) {
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= heap.length) break;
      const c = l + 1 < heap.length && heap[l + 1]!.at < heap[l]!.at ? l + 1 : l;
      if (heap[c]!.at >= last.at) break;
      heap[i] = heap[c]!;
      i = c;
    }
    heap[i] = last;
  }
  return top;
}

/** Appends bytes to what a flow holds, growing its buffer by doubling (or compacting it in place). */
function append(flow: Flow, bytes: Uint8Array): void {
  const used = flow.end - flow.start;
  if (flow.end + bytes.length > flow.buf.length) {
    const need = used + bytes.length;
    if (need <= flow.buf.length >> 1) flow.buf.copyWithin(0, flow.start, flow.end);
    else {
      const bigger = new Uint8Array(Math.max(2 * need, 4096));
      bigger.set(flow.buf.subarray(flow.start, flow.end));
      flow.buf = bigger;
    }
    flow.start = 0;
    flow.end = used;
  }
  flow.buf.set(bytes, flow.end);
  flow.end += bytes.length;
}

/** The TCP payload as it came on the wire (without link-layer padding). */
function segmentData(tcp: Packet): Uint8Array {
  const s = measuredHeader(tcp);
  if (s.buf !== null && !s.dirty) return s.buf.subarray(s.hdrEnd, s.payEnd);
  const parts: Uint8Array[] = [];
  for (let p = tcp.payload; p !== null && p.spec !== Padding.spec; p = p.payload) {
    const whole = p.build();
    const rest = p.payload;
    parts.push(rest ? whole.subarray(0, whole.length - rest.build().length) : whole);
  }
  return concatBytes(parts);
}

function endpoints(tcp: InstanceOf<typeof TCP>): [string, string] {
  const net = tcp.underlayer;
  if (!net || !net.spec.layout.fieldIndex.has("src")) return ["", ""];
  return [`${String(net.getFieldValue("src"))}:${tcp.sport}`, `${String(net.getFieldValue("dst"))}:${tcp.dport}`];
}

export class TCPSession {
  private readonly flows = new Map<string, Flow>();
  private readonly conversations = new Map<string, Record<string, unknown>>();
  /** Sequence number after a SYN, per direction, for flows whose data has not started. */
  private readonly synSeq = new Map<string, number>();

  /** Feeds one packet; returns what comes out now (nothing, the packet itself, or whole messages). */
  process(pkt: Packet): Packet[] {
    const tcp = pkt.getLayer(TCP);
    if (!tcp) return [pkt];
    const [src, dst] = endpoints(tcp);
    const key = `${src}>${dst}`;
    const flags = tcp.flags.value;
    const seq = tcp.seq;
    const data = segmentData(tcp);
    if (flags & 0x02) {
      // SYN: a new connection in this direction; its data starts at seq + 1.
      this.flows.delete(key);
      this.synSeq.set(key, (seq + 1) >>> 0);
    }
    let flow = this.flows.get(key);
    if (!flow && data.length > 0) {
      // The class the ports bind (a first segment too short to dissect is still DNS over TCP).
      const layer = guessPayloadSpec(tcp, data, 0, data.length);
      const protocol = protocols.get(layer);
      if (!protocol) return [pkt];
      const conversationKey = src < dst ? `${src}|${dst}` : `${dst}|${src}`;
      let conversation = this.conversations.get(conversationKey);
      if (!conversation) this.conversations.set(conversationKey, (conversation = {}));
      const base = this.synSeq.get(key) ?? seq;
      flow = { protocol, layer, buf: new Uint8Array(0), start: 0, end: 0, base, offset: 0, held: [], ended: false, conversation, scan: {}, last: pkt };
      this.flows.set(key, flow);
      this.synSeq.delete(key);
    }
    if (!flow) return [pkt];
    flow.last = pkt;
    // A SYN takes one sequence number before its data.
    if (data.length > 0) this.add(flow, flags & 0x02 ? (seq + 1) >>> 0 : seq, data);
    if (flags & 0x05) flow.ended = true; // FIN or RST
    const out = this.messages(flow, pkt);
    if (flow.ended && flow.end === flow.start) this.flows.delete(key);
    // A segment without data (an ACK, a bare FIN) passes through unless it completed a message.
    if (data.length === 0 && out.length === 0) return [pkt];
    return out;
  }

  /** What is still buffered, as messages cut short (a capture that ends mid-message). */
  flush(): Packet[] {
    const out: Packet[] = [];
    for (const flow of this.flows.values()) {
      flow.ended = true;
      for (const m of this.messages(flow, flow.last)) out.push(m);
    }
    this.flows.clear();
    return out;
  }

  /** Adds a segment, then the held segments that now follow on. */
  private add(flow: Flow, seq: number, bytes: Uint8Array): void {
    this.place(flow, flow.offset + seqDiff(seq, flow.base), bytes);
    const held = flow.held;
    while (held.length > 0 && held[0]!.at <= flow.offset + (flow.end - flow.start)) {
      const h = heapPop(held);
      this.place(flow, h.at, h.bytes);
    }
  }

  /** Puts bytes at stream offset `at`: appended where they go past what is held, kept for later past a gap. */
  private place(flow: Flow, at: number, bytes: Uint8Array): void {
    const have = flow.offset + (flow.end - flow.start);
    if (at > have) {
      // A held segment's bytes are its own: the packet's buffer may be reused by a reader.
      heapPush(flow.held, { at, bytes: bytes.slice() });
      return;
    }
    // What is before `have` was already placed (a retransmission, an overlap).
    if (at + bytes.length > have) append(flow, bytes.subarray(have - at));
  }

  private messages(flow: Flow, carrier: Packet): Packet[] {
    const out: Packet[] = [];
    for (;;) {
      const held = flow.end - flow.start;
      if (held === 0) break;
      const ctx: StreamContext = { ended: flow.ended, conversation: flow.conversation, scan: flow.scan };
      const data = flow.buf.subarray(flow.start, flow.end);
      let n = flow.protocol.messageLength(data, ctx);
      if (n === null && flow.ended) n = held;
      if (n === null) break;
      n = Math.max(1, Math.min(n, held));
      const message = data.slice(0, n);
      flow.scan = {};
      out.push(this.carry(carrier, flow, message, ctx));
      flow.start += n;
      flow.offset += n;
      flow.base = (flow.base + n) >>> 0;
    }
    return out;
  }

  /** A copy of the carrier segment whose TCP payload is the whole message. */
  private carry(carrier: Packet, flow: Flow, message: Uint8Array, ctx: StreamContext): Packet {
    const out = carrier.copy();
    const tcp = out.getLayer(TCP)!;
    tcp.setFieldValue("seq", flow.base);
    const msg = dissectLayer(flow.layer, message, 0, message.length, tcp, null, true);
    tcp.payload = msg;
    flow.protocol.finish?.(msg, ctx);
    // Lengths and checksums no longer match the segment: computed again at build.
    for (let p: Packet | null = tcp; p !== null; p = p.underlayer) {
      for (const name of ["len", "plen", "chksum"]) if (p.spec.layout.fieldIndex.has(name)) p.setFieldValue(name, null);
    }
    out.wirelen = undefined;
    return out;
  }
}

/** Reassembles a capture (Scapy's sniff(offline=..., session=TCPSession)); what is left at the end is flushed. */
export function tcpReassemble(packets: Iterable<Packet>): Packet[] {
  const session = new TCPSession();
  const out: Packet[] = [];
  for (const p of packets) for (const q of session.process(p)) out.push(q);
  for (const q of session.flush()) out.push(q);
  return out;
}
