/**
 * Options of the Hop-by-Hop and Destination Options headers (RFC 8200 §4.2): Pad1, PadN, Router
 * Alert (RFC 2711), Jumbo Payload (RFC 2675), Home Address (RFC 6275) and any other as
 * HBHOptUnknown. The options field pads each option to its alignment and the header to 8 bytes
 * when autopad is on (the default), as Scapy does. Also the TLVs of the Segment Routing header.
 */
import { dissectedFieldBytes } from "../core/read/measure.ts";
import { defineLayer } from "../core/define.ts";
import { siblingValue } from "../core/field.ts";
import { ipv6 } from "../core/fields/address.ts";
import { bits } from "../core/fields/bits.ts";
import { byte, byteEnum, int, shortEnum } from "../core/fields/integers.ts";
import { fieldLen } from "../core/fields/length.ts";
import { PacketListField } from "../core/fields/packets.ts";
import { strLen } from "../core/fields/strings.ts";
import type { Packet } from "../core/packet.ts";
import type { LayerRef, LayerSpec } from "../core/state.ts";
import type { Writer } from "../core/writer.ts";
import { OptionTypeField } from "./ipv6Fields.ts";

export const IPV6_OPTION_TYPES = {
  0x00: "Pad1",
  0x01: "PadN",
  0x04: "Tunnel Encapsulation Limit",
  0x05: "Router Alert",
  0x06: "Quick-Start",
  0xc2: "Jumbo Payload",
  0xc9: "Home Address Option",
};

const ROUTER_ALERT_VALUES = {
  0: "Datagram contains a MLD message",
  1: "Datagram contains RSVP message",
  2: "Datagram contains an Active Network message",
  68: "NSIS NATFW NSLP",
  69: "MPLS OAM",
  65535: "Reserved",
};

const otype = <const N extends string>(name: N, d: number) => new OptionTypeField<N>(name, d, IPV6_OPTION_TYPES);
/** Options sit back to back inside their header: none takes the bytes after it. */
const element = { extractPadding: () => 0 };

export const HBHOptUnknown = defineLayer("HBHOptUnknown", [otype("otype", 0x01), fieldLen("optlen", null, { fmt: "B", lengthOf: "optdata" }), strLen("optdata", "", "optlen")], {
  ...element,
  displayName: "Scapy6 Unknown Option",
});

export const Pad1 = defineLayer("Pad1", [otype("otype", 0x00)], element);

export const PadN = defineLayer("PadN", [otype("otype", 0x01), fieldLen("optlen", null, { fmt: "B", lengthOf: "optdata" }), strLen("optdata", "", "optlen")], element);

export const RouterAlert = defineLayer("RouterAlert", [otype("otype", 0x05), byte("optlen", 2), shortEnum("value", null, ROUTER_ALERT_VALUES)], {
  ...element,
  displayName: "Router Alert",
});

export const Jumbo = defineLayer("Jumbo", [otype("otype", 0xc2), byte("optlen", 4), int("jumboplen", null)], { ...element, displayName: "Jumbo Payload" });

export const HAO = defineLayer("HAO", [otype("otype", 0xc9), byte("optlen", 16), ipv6("hoa", "::")], { ...element, displayName: "Home Address Option" });

const OPTION_CLASSES: Record<number, LayerRef> = { 0x00: Pad1, 0x01: PadN, 0x05: RouterAlert, 0xc2: Jumbo, 0xc9: HAO };

/** Where each option must start: at x*n + y bytes from the start of its header (RFC 8200 §4.2). */
const ALIGNMENT = new Map<LayerSpec, readonly [number, number]>([
  [RouterAlert.spec, [2, 0]],
  [Jumbo.spec, [4, 2]],
  [HAO.spec, [8, 6]],
]);

function alignmentDelta(option: Packet, position: number): number {
  const a = ALIGNMENT.get(option.spec);
  if (!a) return 0;
  const [x, y] = a;
  return x * Math.floor((position - y + x - 1) / x) + y - position;
}

/** n bytes of padding: a Pad1 for one byte, else a PadN of zeros. */
function writePadding(w: Writer, n: number): void {
  if (n === 1) w.u8(0);
  else if (n > 1) {
    w.u8(1);
    w.u8(n - 2);
    w.zeros(n - 2);
  }
}

/**
 * The options of an extension header (in the region its lengthFrom rule gives); `offset` is where
 * they start in it (after nh and len), and field `autopad` says whether to pad them.
 */
export class IPv6OptionsField<N extends string = string> extends PacketListField<N> {
  override kindName = "_OptionsField";

  constructor(
    name: N,
    readonly offset: number,
    readonly autopadField: string,
  ) {
    super(name, [], (_pkt: Packet, buf: Uint8Array, off: number) => OPTION_CLASSES[buf[off]!] ?? HBHOptUnknown);
    this.refs = [autopadField];
  }

  /** `pkt` is the extension header (the build always passes it). */
  override write(w: Writer, value: unknown, pkt?: Packet): void {
    const options = (value as Packet[] | null) ?? [];
    if (!pkt || !siblingValue(pkt, this.autopadField) || this.unchangedSinceDissection(pkt, options, w)) {
      super.write(w, options);
      return;
    }
    let position = this.offset;
    for (const option of options) {
      const delta = alignmentDelta(option, position);
      writePadding(w, delta);
      const at = w.pos;
      option._s.spec.codecs.buildInto(option, w);
      position += delta + w.pos - at;
    }
    if (position % 8) writePadding(w, 8 - (position % 8));
  }

  /**
   * Dissected options that still encode to the bytes they came from are written as they are:
   * padding them again would change a header cut short (Scapy keeps such bytes too).
   */
  private unchangedSinceDissection(pkt: Packet, options: Packet[], w: Writer): boolean {
    const original = dissectedFieldBytes(pkt, this.name);
    if (original === null) return false;
    const start = w.pos;
    super.write(w, options);
    const same = w.pos - start === original.length && original.every((b, k) => w.buf[start + k] === b);
    w.pos = start;
    return same;
  }
}

// ---------- Segment Routing header TLVs (RFC 8754 §2.1) ----------

const SRH_TLV_TYPES = { 0: "Pad1 TLV", 1: "Ingress Node TLV", 2: "Egress Node TLV", 4: "PadN TLV", 5: "HMAC TLV" };
const srhName = (what: string) => `IPv6 Option Header Segment Routing - ${what}`;
export const IPv6ExtHdrSegmentRoutingTLV = defineLayer(
  "IPv6ExtHdrSegmentRoutingTLV",
  [byteEnum("type", null, SRH_TLV_TYPES), byte("len", 0), strLen("value", "", "len")],
  { ...element, displayName: srhName("Generic TLV") },
);

const nodeTLV = (type: number, field: "ingress_node" | "egress_node") =>
  [byteEnum("type", type, SRH_TLV_TYPES), byte("len", 18), byte("reserved", 0), byte("flags", 0), ipv6(field, "::1")] as const;

export const IPv6ExtHdrSegmentRoutingTLVIngressNode = defineLayer("IPv6ExtHdrSegmentRoutingTLVIngressNode", nodeTLV(1, "ingress_node"), {
  ...element,
  parent: IPv6ExtHdrSegmentRoutingTLV,
  displayName: srhName("Ingress Node TLV"),
});

export const IPv6ExtHdrSegmentRoutingTLVEgressNode = defineLayer("IPv6ExtHdrSegmentRoutingTLVEgressNode", nodeTLV(2, "egress_node"), {
  ...element,
  parent: IPv6ExtHdrSegmentRoutingTLV,
  displayName: srhName("Egress Node TLV"),
});

const padTLV = (type: number) =>
  [byteEnum("type", type, SRH_TLV_TYPES), fieldLen("len", null, { fmt: "B", lengthOf: "padding" }), strLen("padding", Uint8Array.of(0), "len")] as const;

export const IPv6ExtHdrSegmentRoutingTLVPad1 = defineLayer("IPv6ExtHdrSegmentRoutingTLVPad1", padTLV(0), {
  ...element,
  parent: IPv6ExtHdrSegmentRoutingTLV,
  displayName: srhName("Pad1 TLV"),
});

export const IPv6ExtHdrSegmentRoutingTLVPadN = defineLayer("IPv6ExtHdrSegmentRoutingTLVPadN", padTLV(4), {
  ...element,
  parent: IPv6ExtHdrSegmentRoutingTLV,
  displayName: srhName("PadN TLV"),
});

/** Scapy gives this TLV a 2-byte length (the RFC has one byte): kept so the bytes agree. */
export const IPv6ExtHdrSegmentRoutingTLVHMAC = defineLayer(
  "IPv6ExtHdrSegmentRoutingTLVHMAC",
  [
    byteEnum("type", 5, SRH_TLV_TYPES),
    fieldLen("len", null, { fmt: "H", lengthOf: "hmac", adjust: (x) => x + 48 }),
    bits("D", 0, 1),
    bits("reserved", 0, 15),
    int("hmackeyid", 0),
    strLen("hmac", ""),
  ],
  { ...element, parent: IPv6ExtHdrSegmentRoutingTLV, displayName: srhName("HMAC TLV"), lengthFrom: { hmac: (p) => (p.len ?? 0) - 48 } },
);

const TLV_CLASSES: Record<number, LayerRef> = {
  0: IPv6ExtHdrSegmentRoutingTLVPad1,
  1: IPv6ExtHdrSegmentRoutingTLVIngressNode,
  2: IPv6ExtHdrSegmentRoutingTLVEgressNode,
  4: IPv6ExtHdrSegmentRoutingTLVPadN,
  5: IPv6ExtHdrSegmentRoutingTLVHMAC,
};

/** The TLV that starts at buf[off] (the generic one for unknown types). */
export const chooseSegmentRoutingTLV = (_pkt: Packet, buf: Uint8Array, off: number): LayerRef => TLV_CLASSES[buf[off]!] ?? IPv6ExtHdrSegmentRoutingTLV;
