/**
 * One captured record as a format decoder reports it, and the Packet made from it: the first
 * layer comes from the link type (Raw when unknown, the link type kept), dissected lazily
 * straight from the reader's buffer.
 */
import { dissectLayer } from "../core/read/dissect.ts";
import type { Packet } from "../core/packet.ts";
import type { PacketMeta } from "../core/state.ts";
import { registry, type LayerSpec } from "../core/state.ts";
import { layerForLinkType } from "../layers/linktypes.ts";
import { timeNsOf, timeOf } from "./timestamps.ts";

/** What readers keep on a packet beyond core's PacketMeta, so writers can write it back as it was. */
export interface CaptureMeta extends PacketMeta {
  /** Timestamp resolution of the source, as pcapng's if_tsresol (6 µs, 9 ns, 0x80|k for 2^-k). */
  tsresol?: number;
  /** Every pcapng comment of the packet (comment holds them joined by newlines). */
  comments?: string[];
  /** pcapng epb_flags (direction, reception type, FCS length...). */
  flags?: number;
}

/** A pcapng interface (IDB), or the single implicit interface of a classic pcap file. */
export interface CaptureInterface {
  linktype: number;
  snaplen: number;
  name?: string;
  description?: string;
  /** if_tsresol: 10^-k seconds, or 2^-k with the high bit set. */
  tsresol: number;
  /** if_tsoffset: seconds added to every timestamp. */
  tsoffset: number;
  comments: string[];
  /** Section (0, 1, ...) the interface belongs to. */
  section: number;
}

/** Decoder output for one packet record; `start`/`end` index the reader's current buffer. */
export class RecordSlot {
  start = 0;
  end = 0;
  /** Stream offset of the record (its header). */
  offset = 0;
  sec = 0;
  ns = 0;
  /** False for pcapng Simple Packet Blocks, which carry no time. */
  hasTime = true;
  wirelen = 0;
  iface: CaptureInterface | null = null;
  interfaceId = 0;
  comments: string[] | null = null;
  flags: number | undefined = undefined;
}

/** A raw record handed to users: the bytes (a view, not a copy) and what the file says about them. */
export class CaptureRecord {
  constructor(
    readonly data: Uint8Array,
    readonly sec: number,
    readonly ns: number,
    readonly hasTime: boolean,
    readonly wirelen: number,
    readonly linktype: number,
    readonly offset: number,
    readonly iface: CaptureInterface | null,
    readonly interfaceId: number,
    readonly comments: readonly string[],
    readonly flags: number | undefined,
  ) {}

  get time(): number {
    return timeOf(this.sec, this.ns);
  }

  get timeNs(): bigint {
    return timeNsOf(this.sec, this.ns);
  }
}

/** First layer for a link type; Raw when none is registered. */
export function specForLinkType(linktype: number): LayerSpec {
  return layerForLinkType(linktype)?.spec ?? registry.raw!;
}

/** The packet for a record: `spec` (the link type's first layer) dissected lazily from buf[slot.start, slot.end), no copy. */
export function packetFromSlot(buf: Uint8Array, slot: RecordSlot, spec: LayerSpec, iface: CaptureInterface): Packet {
  const p = dissectLayer(spec, buf, slot.start, slot.end, null, null, true);
  const comments = slot.comments;
  const meta: CaptureMeta = {
    time: slot.hasTime ? timeOf(slot.sec, slot.ns) : undefined,
    timeNs: slot.hasTime ? timeNsOf(slot.sec, slot.ns) : undefined,
    wirelen: slot.wirelen,
    linktype: iface.linktype,
    tsresol: iface.tsresol,
    sniffedOn: iface.name,
    comment: comments === null ? undefined : comments.join("\n"),
    comments: comments ?? undefined,
    flags: slot.flags,
  };
  p._s.meta = meta;
  return p;
}
