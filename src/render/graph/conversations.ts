/**
 * Scapy's PacketList.conversations() as a picture: addresses as nodes, an edge per direction
 * labelled with its packet count (`digraph "conv" { "a" -> "b" [label="3"] }`), drawn by
 * renderGraph. `conversations` given options draws (Scapy's keywords, as the shell passes
 * them); given nothing or a function it keeps core's meaning, the counts.
 */
import type { Packet } from "../../core/packet.ts";
import { PacketList } from "../../core/plist.ts";
import { dotAttrs, dotId } from "./dot.ts";
import { renderGraph, type GraphOptions } from "./render.ts";

export type SrcDst = (p: Packet) => readonly [unknown, unknown] | null | undefined;

export interface ConversationOptions extends GraphOptions {
  /** Scapy's getsrcdst: the (source, destination) of a packet, or null to leave it out. */
  getsrcdst?: SrcDst;
  /** The same, in packetry's spelling. */
  getSrcDst?: SrcDst;
}

type Counts = Array<{ src: string; dst: string; count: number }>;

declare module "../../core/plist.ts" {
  interface PacketList<T> {
    /**
     * Draws who talks to whom; resolves to the file written. `pl.conversations({type, target,
     * getsrcdst})` (Scapy's call, as the shell makes it) does the same at run time; core's typed
     * `conversations()` still returns the counts.
     */
    conversationGraph(options?: ConversationOptions): Promise<string>;
  }
}

/** The DOT source of conversation counts, as Scapy writes it. */
export function conversationsDot(counts: Counts): string {
  let dot = 'digraph "conv" {\n';
  for (const e of counts) dot += `\t${dotId(e.src)} -> ${dotId(e.dst)}${dotAttrs({ label: String(e.count) })}\n`;
  return dot + "}\n";
}

const coreConversations = PacketList.prototype.conversations as (this: PacketList<unknown>, getSrcDst?: SrcDst) => Counts;

function pairOf(fn: SrcDst): (p: Packet) => readonly [string, string] | null {
  return (p) => {
    let pair: readonly [unknown, unknown] | null | undefined;
    try {
      pair = fn(p);
    } catch {
      // As Scapy: a packet the function cannot read (no IP layer...) is left out.
      return null;
    }
    return pair ? [String(pair[0]), String(pair[1])] : null;
  };
}

export function drawConversations(pl: PacketList<unknown>, options: ConversationOptions = {}): Promise<string> {
  const fn = options.getsrcdst ?? options.getSrcDst;
  const counts = coreConversations.call(pl, fn ? (pairOf(fn) as SrcDst) : undefined);
  if (counts.length === 0) return Promise.reject(new Error(`${pl.name} has no conversation to draw: no packet gave a source and a destination`));
  return renderGraph(conversationsDot(counts), options);
}

Object.defineProperty(PacketList.prototype, "conversationGraph", {
  configurable: true,
  writable: true,
  value: function conversationGraph(this: PacketList<unknown>, options: ConversationOptions = {}) {
    return drawConversations(this, options);
  },
});

Object.defineProperty(PacketList.prototype, "conversations", {
  configurable: true,
  writable: true,
  value: function conversations(this: PacketList<unknown>, options?: ConversationOptions | SrcDst) {
    if (options === undefined || typeof options === "function") return coreConversations.call(this, options);
    return drawConversations(this, options);
  },
});
