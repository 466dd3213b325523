/**
 * IPv4 options (RFC 791 and later), one class per option as Scapy has them. The first byte
 * (copy flag, class, number) picks the class; an unknown number gives IPOption with a raw value.
 * Each class reads its own fields whatever the length byte says (as Scapy does), so a bad
 * length never loops; an option cut inside a field becomes Raw with the remaining bytes.
 */
import { defineLayer } from "../core/define.ts";
import type { LayerRef } from "../core/state.ts";
import type { Writer } from "../core/writer.ts";
import { ipv4 } from "../core/fields/address.ts";
import { bitEnum, bits } from "../core/fields/bits.ts";
import { headerLength } from "../core/fields/computed.ts";
import { byte, int, short, shortEnum } from "../core/fields/integers.ts";
import { fieldLen } from "../core/fields/length.ts";
import { fieldList, PacketListField } from "../core/fields/packets.ts";
import { strFixedLen, strLen } from "../core/fields/strings.ts";

export const IP_OPTION_NAMES: Readonly<Record<number, string>> = {
  0: "end_of_list",
  1: "nop",
  2: "security",
  3: "loose_source_route",
  4: "timestamp",
  5: "extended_security",
  6: "commercial_security",
  7: "record_route",
  8: "stream_id",
  9: "strict_source_route",
  10: "experimental_measurement",
  11: "mtu_probe",
  12: "mtu_reply",
  13: "flow_control",
  14: "access_control",
  15: "encode",
  16: "imi_traffic_descriptor",
  17: "extended_IP",
  18: "traceroute",
  19: "address_extension",
  20: "router_alert",
  21: "selective_directed_broadcast_mode",
  23: "dynamic_packet_state",
  24: "upstream_multicast_packet",
  25: "quick_start",
  30: "rfc4727_experiment",
};
const OPTION_CLASSES = { 0: "control", 2: "debug" };

/** The option type byte: copy flag, class and number, with this option's defaults. */
const header = (copy: number, optclass: number, option: number) =>
  [bits("copy_flag", copy, 1), bitEnum("optclass", optclass, 2, OPTION_CLASSES), bitEnum("option", option, 5, IP_OPTION_NAMES)] as const;

/** The bytes after an option's first `head` bytes, as its length byte says. */
const valueLength = (head: number) => (p: { length: number | null }) => (p.length ?? 0) - head;

/** Option number -> class, for dissection. */
const variants = new Map<number, LayerRef>();

/** An option Scapy has no class for: the length byte and the raw value. */
export const IPOption = defineLayer(
  "IPOption",
  [...header(0, 0, 0), fieldLen("length", null, { fmt: "B", lengthOf: "value", adjust: (n) => n + 2 }), strLen("value", "")],
  {
    displayName: "IP Option",
    lengthFrom: { value: valueLength(2) },
    // An option never has a payload: the bytes after it are the next option.
    extractPadding: () => 0,
    dispatch: (buf, start, end) => (end > start ? variants.get(buf[start]! & 0x1f) : undefined),
  },
);

function variant<L extends LayerRef>(layer: L): L {
  variants.set(layer.spec.layout.fields[2]!.defaultValue as number, layer);
  return layer;
}

export const IPOption_EOL = variant(defineLayer("IPOption_EOL", header(0, 0, 0), { parent: IPOption, displayName: "IP Option End of Options List" }));
export const IPOption_NOP = variant(defineLayer("IPOption_NOP", header(0, 0, 1), { parent: IPOption, displayName: "IP Option No Operation" }));

export const IPOption_Security = variant(
  defineLayer(
    "IPOption_Security",
    [
      ...header(1, 0, 2),
      byte("length", 11),
      short("security", 0),
      short("compartment", 0),
      short("handling_restrictions", 0),
      strFixedLen("transmission_control_code", "xxx", 3),
    ],
    { parent: IPOption, displayName: "IP Option Security" },
  ),
);

/** Record route and the source routes: a pointer, then the addresses (length - 3 bytes of them). */
const routeFields = (copy: number, option: number) =>
  [
    ...header(copy, 0, option),
    fieldLen("length", null, { fmt: "B", lengthOf: "routers", adjust: (n) => n + 3 }),
    byte("pointer", 4),
    fieldList("routers", [], ipv4("", "0.0.0.0")),
  ] as const;
const route = { parent: IPOption, lengthFrom: { routers: valueLength(3) } };

export const IPOption_RR = variant(defineLayer("IPOption_RR", routeFields(0, 7), { ...route, displayName: "IP Option Record Route" }));
export const IPOption_LSRR = variant(defineLayer("IPOption_LSRR", routeFields(1, 3), { ...route, displayName: "IP Option Loose Source and Record Route" }));
export const IPOption_SSRR = variant(defineLayer("IPOption_SSRR", routeFields(1, 9), { ...route, displayName: "IP Option Strict Source and Record Route" }));

export const IPOption_Stream_Id = variant(
  defineLayer("IPOption_Stream_Id", [...header(1, 0, 8), byte("length", 4), short("security", 0)], { parent: IPOption, displayName: "IP Option Stream ID" }),
);
export const IPOption_MTU_Probe = variant(
  defineLayer("IPOption_MTU_Probe", [...header(0, 0, 11), byte("length", 4), short("mtu", 0)], { parent: IPOption, displayName: "IP Option MTU Probe" }),
);
export const IPOption_MTU_Reply = variant(
  defineLayer("IPOption_MTU_Reply", [...header(0, 0, 12), byte("length", 4), short("mtu", 0)], { parent: IPOption, displayName: "IP Option MTU Reply" }),
);

export const IPOption_Traceroute = variant(
  defineLayer(
    "IPOption_Traceroute",
    [...header(0, 0, 18), byte("length", 12), short("id", 0), short("outbound_hops", 0), short("return_hops", 0), ipv4("originator_ip", "0.0.0.0")],
    { parent: IPOption, displayName: "IP Option Traceroute" },
  ),
);

export const TIMESTAMP_FLAGS = { 0: "timestamp_only", 1: "timestamp_and_ip_addr", 3: "prespecified_ip_addr" };

/** Timestamp: one entry (an address unless flg is 0, then the time); the length is the option's size when left to compute. */
export const IPOption_Timestamp = variant(
  defineLayer(
    "IPOption_Timestamp",
    [
      ...header(0, 2, 4),
      byte("length", null).compute(headerLength()),
      byte("pointer", 9),
      bits("oflw", 0, 4),
      bitEnum("flg", 1, 4, TIMESTAMP_FLAGS),
      ipv4("internet_address", "0.0.0.0"),
      int("timestamp", 0),
    ],
    {
      parent: IPOption,
      displayName: "IP Option Timestamp",
      when: { internet_address: (p) => p.flg !== 0 },
    },
  ),
);

export const IPOption_Address_Extension = variant(
  defineLayer("IPOption_Address_Extension", [...header(1, 0, 19), byte("length", 10), ipv4("src_ext", "0.0.0.0"), ipv4("dst_ext", "0.0.0.0")], {
    parent: IPOption,
    displayName: "IP Option Address Extension",
  }),
);

export const IPOption_Router_Alert = variant(
  defineLayer("IPOption_Router_Alert", [...header(1, 0, 20), byte("length", 4), shortEnum("alert", 0, { 0: "router_shall_examine_packet" })], {
    parent: IPOption,
    displayName: "IP Option Router Alert",
  }),
);

export const IPOption_SDBM = variant(
  defineLayer(
    "IPOption_SDBM",
    [
      ...header(1, 0, 21),
      fieldLen("length", null, { fmt: "B", lengthOf: "addresses", adjust: (n) => n + 2 }),
      fieldList("addresses", [], ipv4("", "0.0.0.0")),
    ],
    { parent: IPOption, displayName: "IP Option Selective Directed Broadcast Mode", lengthFrom: { addresses: valueLength(2) } },
  ),
);

/** IP's options: a list of IPOption packets (in the region IP's lengthFrom gives), written padded with NULs to a multiple of 4 bytes. */
export class IPOptionsField<N extends string = string> extends PacketListField<N> {
  constructor(name: N) {
    super(name, [], IPOption);
  }

  override write(w: Writer, value: unknown): void {
    const start = w.pos;
    super.write(w, value);
    w.zeros((4 - ((w.pos - start) % 4)) % 4);
  }
}
