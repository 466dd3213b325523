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
}

export interface StreamProtocol {
  /** Length of the whole message at the start of data, or null while more bytes are needed. */
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

interface Flow {
  protocol: StreamProtocol;
  layer: LayerSpec;
  /** Sequence number of data[0]. */
  base: number;
  data: Uint8Array;
  /** Segments past a gap, by sequence number. */
  pending: Map<number, Uint8Array>;
  ended: boolean;
  conversation: Record<string, unknown>;
  /** The last segment seen: carries what flush() returns. */
  last: Packet;
}

const seqDiff = (a: number, b: number) => ((a - b) | 0);

const concat = (a: Uint8Array, b: Uint8Array): Uint8Array => concatBytes([a, b]);

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
  return parts.reduce(concat, new Uint8Array(0));
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
      flow = { protocol, layer, base: this.synSeq.get(key) ?? seq, data: new Uint8Array(0), pending: new Map(), ended: false, conversation, last: pkt };
      this.flows.set(key, flow);
      this.synSeq.delete(key);
    }
    if (!flow) return [pkt];
    flow.last = pkt;
    // A SYN takes one sequence number before its data.
    if (data.length > 0) this.add(flow, flags & 0x02 ? (seq + 1) >>> 0 : seq, data);
    if (flags & 0x05) flow.ended = true; // FIN or RST
    const out = this.messages(flow, pkt);
    if (flow.ended && flow.data.length === 0) this.flows.delete(key);
    // A segment without data (an ACK, a bare FIN) passes through unless it completed a message.
    if (data.length === 0 && out.length === 0) return [pkt];
    return out;
  }

  /** What is still buffered, as messages cut short (a capture that ends mid-message). */
  flush(): Packet[] {
    const out: Packet[] = [];
    for (const flow of this.flows.values()) {
      flow.ended = true;
      out.push(...this.messages(flow, flow.last));
    }
    this.flows.clear();
    return out;
  }

  /** Adds a segment, then the held segments that now follow on. */
  private add(flow: Flow, seq: number, bytes: Uint8Array): void {
    this.place(flow, seq, bytes);
    for (let moved = true; moved && flow.pending.size > 0; ) {
      moved = false;
      for (const [s, b] of flow.pending) {
        if (seqDiff(s, flow.base) > flow.data.length) continue;
        flow.pending.delete(s);
        this.place(flow, s, b);
        moved = true;
      }
    }
  }

  private place(flow: Flow, seq: number, bytes: Uint8Array): void {
    let rel = seqDiff(seq, flow.base);
    if (rel < 0) {
      // Starts before what is kept: that part was already used (a retransmission).
      if (-rel >= bytes.length) return;
      bytes = bytes.subarray(-rel);
      rel = 0;
    }
    if (rel > flow.data.length) flow.pending.set(seq, bytes);
    else if (rel + bytes.length > flow.data.length) flow.data = concat(flow.data, bytes.subarray(flow.data.length - rel));
  }

  private messages(flow: Flow, carrier: Packet): Packet[] {
    const out: Packet[] = [];
    const ctx: StreamContext = { ended: flow.ended, conversation: flow.conversation };
    while (flow.data.length > 0) {
      let n = flow.protocol.messageLength(flow.data, ctx);
      if (n === null && flow.ended) n = flow.data.length;
      if (n === null) break;
      n = Math.max(1, Math.min(n, flow.data.length));
      const message = flow.data.slice(0, n);
      out.push(this.carry(carrier, flow, message, ctx));
      flow.data = flow.data.subarray(n);
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
  for (const p of packets) out.push(...session.process(p));
  out.push(...session.flush());
  return out;
}
