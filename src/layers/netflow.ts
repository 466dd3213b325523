/**
 * NetFlow v1, v5, v9 and IPFIX (v10) as Scapy's layers/netflow has them: the headers and fixed
 * v1/v5 records, v9/IPFIX template and options-template flowsets, and data flowsets whose records
 * stay one blob until `netflowv9Defragment(packets)` (Scapy's netflowv9_defragment) splits them
 * with the templates seen earlier in the same list of packets. The templates live in that call
 * only (no global state); each one becomes a record class made at run time, unregistered.
 *
 * Where Scapy 2.5 is wrong this follows the RFCs, and says so: the IPFIX header's length counts the
 * version field (as exporters and tshark do; Scapy's is 2 bytes short); an options template's length
 * counts its padding (Scapy's does not, and tshark then misreads what follows); an IPFIX options template is built
 * with its options (Scapy's post_build cuts them off when `pad` is left unset) and its padding is
 * what its length leaves after scopes and options (Scapy forgets the options, so the pad runs into
 * the next flowset); a record's leftover bytes are the last element of its flowset's records (Scapy
 * moves them to the end of the packet, so the packet no longer builds to its bytes); a template
 * field whose length does not fit its type's decoder is read as bytes; IPFIX option templates are
 * learnt too (Scapy 2.5 matches the v9 class exactly and misses them).
 */
import { bindBottomUp, bindLayers } from "../core/bind.ts";
import { defineLayer } from "../core/define.ts";
import type { AnyField } from "../core/field.ts";
import { siblingValue } from "../core/field.ts";
import { ipv4, ipv6, mac } from "../core/fields/address.ts";
import { bitEnum, bits, flags } from "../core/fields/bits.ts";
import { countOf, layerLength, lengthOf } from "../core/fields/computed.ts";
import { byte, byteEnum, int, IntField, long, short, shortEnum, threeBytes, xbyte, xshort, type IntSize } from "../core/fields/integers.ts";
import { fieldLen } from "../core/fields/length.ts";
import { packetList } from "../core/fields/packets.ts";
import { str, strFixedLen, strLen } from "../core/fields/strings.ts";
import { isLayer, type Packet } from "../core/packet.ts";
import { Padding, Raw } from "../core/raw.ts";
import type { BuiltLayer, Computed, LayerRef } from "../core/state.ts";
import { IP_PROTOS } from "./data/ipProtocols.ts";
import { NETFLOW_SCOPE_TYPES, NETFLOW_V9_DECODERS, NETFLOW_V9_DEFAULT_LENGTHS, NETFLOW_V910_FIELD_TYPES } from "./data/netflow.ts";
import { UTCTimeField } from "./dnsFields.ts";
import { UDP } from "./inet.ts";

export { NETFLOW_SCOPE_TYPES, NETFLOW_V9_DEFAULT_LENGTHS, NETFLOW_V910_FIELD_TYPES };

const element = { extractPadding: () => 0 } as const;

// ---------------------------------------------------------------- time fields

/** Python's repr of a float (what Scapy's "%s sec" prints): 5.0, 0.25, 1e-05. */
function pyFloat(x: number): string {
  if (Number.isInteger(x) && Math.abs(x) < 1e16) return `${x}.0`;
  const exp = Math.floor(Math.log10(Math.abs(x)));
  if (exp < -4 || exp >= 16) {
    const [m, e] = x.toExponential().split("e") as [string, string];
    const n = Number(e);
    return `${m}e${n < 0 ? "-" : "+"}${String(Math.abs(n)).padStart(2, "0")}`;
  }
  return String(x);
}

/** Seconds since the epoch in some unit (Scapy's UTCTimeField with use_msec/use_nano...), shown as a UTC date. */
export class ScaledUTCTimeField<N extends string = string> extends IntField<N, number | bigint, number | bigint> {
  constructor(
    name: N,
    defaultValue: number | null,
    readonly scale: number,
    size: IntSize = 4,
  ) {
    super(name, defaultValue, size, { kindName: size === 4 ? "UTCTimeField" : "N9UTCTimeField" });
  }

  override repr(value: unknown): string {
    if (typeof value !== "number" && typeof value !== "bigint") return "None";
    const seconds = Math.trunc(Number(value) / this.scale);
    return new UTCTimeField("t", 0).repr(seconds);
  }
}

/** A duration in some unit, shown in seconds (Scapy's SecondsIntField: "1.5 sec"). */
export class SecondsField<N extends string = string> extends IntField<N, number | bigint, number | bigint> {
  constructor(
    name: N,
    defaultValue: number | null,
    readonly scale: number,
    size: IntSize = 4,
  ) {
    super(name, defaultValue, size, { kindName: size === 4 ? "SecondsIntField" : "N9SecondsIntField" });
  }

  override repr(value: unknown): string {
    if (typeof value !== "number" && typeof value !== "bigint") return "0 sec";
    const v = Number(value);
    return `${this.scale === 1 ? String(v) : pyFloat(v / this.scale)} sec`;
  }
}

/** Build time as Scapy's UTCTimeField(None): the clock now. */
const now: Computed = { stage: "length", describe: "the time now", refs: [], compute: () => Math.floor(Date.now() / 1000) };

// ---------------------------------------------------------------- header

export const NetflowHeader = defineLayer("NetflowHeader", [short("version", 1)], { displayName: "Netflow Header" });

for (const port of [2055, 2056, 9995, 9996, 6343]) {
  bindBottomUp(UDP, NetflowHeader, { dport: port });
  bindBottomUp(UDP, NetflowHeader, { sport: port });
}
// Building, 2055 both ways (Scapy's "classic among classics").
bindLayers(UDP, NetflowHeader, { dport: 2055, sport: 2055 });

/** The layers after this one (Scapy's len(self.layers()) - 1): v1/v5 count their records so. */
const layersAfter: Computed = {
  stage: "length",
  describe: "number of layers after the header",
  refs: [],
  compute: (p) => {
    let n = 0;
    for (let q = p.payload; q !== null; q = q.payload) n++;
    return n;
  },
};

// ---------------------------------------------------------------- v1

export const NetflowHeaderV1 = defineLayer(
  "NetflowHeaderV1",
  [short("count", null).compute(layersAfter), int("sysUptime", 0), new UTCTimeField("unixSecs", 0), new ScaledUTCTimeField("unixNanoSeconds", 0, 1e9)],
  { displayName: "Netflow Header v1" },
);

export const NetflowRecordV1 = defineLayer(
  "NetflowRecordV1",
  [
    ipv4("ipsrc", "0.0.0.0"),
    ipv4("ipdst", "0.0.0.0"),
    ipv4("nexthop", "0.0.0.0"),
    short("inputIfIndex", 0),
    short("outpuIfIndex", 0),
    int("dpkts", 0),
    int("dbytes", 0),
    int("starttime", 0),
    int("endtime", 0),
    short("srcport", 0),
    short("dstport", 0),
    short("padding", 0),
    byte("proto", 0),
    byte("tos", 0),
    int("padding1", 0),
    int("padding2", 0),
  ],
  { displayName: "Netflow Record v1" },
);

bindLayers(NetflowHeader, NetflowHeaderV1, { version: 1 });
bindLayers(NetflowHeaderV1, NetflowRecordV1);
bindLayers(NetflowRecordV1, NetflowRecordV1);

// ---------------------------------------------------------------- v5

export const NetflowHeaderV5 = defineLayer(
  "NetflowHeaderV5",
  [
    short("count", null).compute(layersAfter),
    int("sysUptime", 0),
    new UTCTimeField("unixSecs", 0),
    new ScaledUTCTimeField("unixNanoSeconds", 0, 1e9),
    int("flowSequence", 0),
    byte("engineType", 0),
    byte("engineID", 0),
    short("samplingInterval", 0),
  ],
  { displayName: "Netflow Header v5" },
);

export const NetflowRecordV5 = defineLayer(
  "NetflowRecordV5",
  [
    ipv4("src", "127.0.0.1"),
    ipv4("dst", "127.0.0.1"),
    ipv4("nexthop", "0.0.0.0"),
    short("input", 0),
    short("output", 0),
    int("dpkts", 1),
    int("dOctets", 60),
    int("first", 0),
    int("last", 0),
    short("srcport", 0),
    short("dstport", 0),
    byte("pad1", 0),
    flags("tcpFlags", 0x2, 8, "FSRPAUEC"),
    byteEnum("prot", 6, IP_PROTOS),
    byte("tos", 0),
    short("src_as", 0),
    short("dst_as", 0),
    byte("src_mask", 0),
    byte("dst_mask", 0),
    short("pad2", 0),
  ],
  { displayName: "Netflow Record v5" },
);

bindLayers(NetflowHeader, NetflowHeaderV5, { version: 5 });
bindLayers(NetflowHeaderV5, NetflowRecordV5);
bindLayers(NetflowRecordV5, NetflowRecordV5);

// ---------------------------------------------------------------- v9 / IPFIX headers

/** The flowsets after the v9 header (Scapy counts layers of exactly these three classes). */
const flowsetsAfter: Computed = {
  stage: "length",
  describe: "number of flowsets",
  refs: [],
  compute: (p) => {
    let n = 0;
    for (let q = p.payload; q !== null; q = q.payload) if (FLOWSET_NAMES.has(q._s.spec.name) && q._s.spec.name !== "NetflowOptionsFlowset10") n++;
    return n;
  },
};
const FLOWSET_NAMES = new Set(["NetflowFlowsetV9", "NetflowDataflowsetV9", "NetflowOptionsFlowsetV9", "NetflowOptionsFlowset10"]);

export const NetflowHeaderV9 = defineLayer(
  "NetflowHeaderV9",
  [short("count", null).compute(flowsetsAfter), int("sysUptime", 0), new ScaledUTCTimeField("unixSecs", null, 1).compute(now), int("packageSequence", 0), int("SourceID", 0)],
  { displayName: "Netflow Header V9" },
);

export const NetflowHeaderV10 = defineLayer(
  "NetflowHeaderV10",
  // The whole message, the version field in NetflowHeader included (RFC 7011; Scapy leaves those 2 bytes out).
  [short("length", null).compute(layerLength((n) => n + 2)), new UTCTimeField("ExportTime", 0), int("flowSequence", 0), int("ObservationDomainID", 0)],
  { displayName: "IPFix (Netflow V10) Header" },
);

// ---------------------------------------------------------------- templates

/** A template field's length: left unset, the type's usual length (Scapy's __init__ fills it in). */
class TemplateFieldLength<N extends string> extends IntField<N, number, number | null, "fieldType"> {
  override refs = ["fieldType"] as const;
  constructor(name: N) {
    super(name, null, 2, { kindName: "ShortField" });
  }

  override defaultFor(pkt: Packet): unknown {
    const type = siblingValue(pkt, "fieldType");
    return typeof type === "number" ? (NETFLOW_V9_DEFAULT_LENGTHS[type] ?? null) : null;
  }
}

export const NetflowTemplateFieldV9 = defineLayer(
  "NetflowTemplateFieldV9",
  [bits("enterpriseBit", 0, 1), bitEnum("fieldType", null, 15, NETFLOW_V910_FIELD_TYPES), new TemplateFieldLength("fieldLength"), int("enterpriseNumber", 0)],
  { displayName: "Netflow Flowset Template Field V9/10", when: { enterpriseNumber: (p) => p.enterpriseBit !== 0 }, ...element },
);

export const NetflowTemplateV9 = defineLayer(
  "NetflowTemplateV9",
  [short("templateID", 255), fieldLen("fieldCount", null, { countOf: "template_fields" }), packetList("template_fields", null, NetflowTemplateFieldV9)],
  { displayName: "Netflow Flowset Template V9/10", countFrom: { template_fields: (p) => p.fieldCount }, ...element },
);

export const NetflowFlowsetV9 = defineLayer(
  "NetflowFlowsetV9",
  [short("flowSetID", 0), fieldLen("length", null, { lengthOf: "templates", adjust: (n) => n + 4 }), packetList("templates", null, NetflowTemplateV9)],
  { displayName: "Netflow FlowSet V9/10", lengthFrom: { templates: (p) => (p.length ?? 4) - 4 } },
);

// ---------------------------------------------------------------- data flowsets

export const NetflowRecordV9 = defineLayer("NetflowRecordV9", [str("fieldValue", "")], { displayName: "Netflow DataFlowset Record V9/10", ...element });

export const NetflowOptionsRecordScopeV9 = defineLayer("NetflowOptionsRecordScopeV9", [str("fieldValue", "")], { parent: NetflowRecordV9, displayName: "Netflow Options Template Record V9/10 - Scope" });
export const NetflowOptionsRecordOptionV9 = defineLayer("NetflowOptionsRecordOptionV9", [str("fieldValue", "")], { parent: NetflowRecordV9, displayName: "Netflow Options Template Record V9/10 - Option" });

/** Scapy's dispatch_hook: the flowset ID says which kind of flowset this is. */
function flowsetClass(buf: Uint8Array, start: number, end: number): LayerRef | undefined {
  if (end - start < 2 || buf[start] !== 0) return undefined;
  return ({ 0: NetflowFlowsetV9, 1: NetflowOptionsFlowsetV9, 2: NetflowFlowsetV9, 3: NetflowOptionsFlowset10 } as Record<number, LayerRef>)[buf[start + 1]!];
}

export const NetflowDataflowsetV9 = defineLayer(
  "NetflowDataflowsetV9",
  [short("templateID", 255), short("length", null), packetList("records", null, NetflowRecordV9)],
  {
    displayName: "Netflow DataFlowSet V9/10",
    lengthFrom: { records: (p) => (p.length ?? 4) - 4 },
    dispatch: flowsetClass,
    // Left unset, the length covers the records padded to 4 bytes (the padding is written here).
    postBuild: (p, out) => {
      if (p.length !== null) return;
      const len = out.headerEnd - out.start;
      const pad = -len & 3;
      if (pad) out.insert(out.headerEnd, new Uint8Array(pad));
      out.set("length", len + pad);
    },
  },
);

// ---------------------------------------------------------------- options templates

export const NetflowOptionsFlowsetOptionV9 = defineLayer(
  "NetflowOptionsFlowsetOptionV9",
  [bits("enterpriseBit", 0, 1), bitEnum("optionFieldType", null, 15, NETFLOW_V910_FIELD_TYPES), short("optionFieldlength", 0), short("enterpriseNumber", 0)],
  { displayName: "Netflow Options Template FlowSet V9/10 - Option", when: { enterpriseNumber: (p) => p.enterpriseBit !== 0 }, ...element },
);

export const NetflowOptionsFlowsetScopeV9 = defineLayer(
  "NetflowOptionsFlowsetScopeV9",
  [shortEnum("scopeFieldType", null, NETFLOW_SCOPE_TYPES), short("scopeFieldlength", 0)],
  { displayName: "Netflow Options Template FlowSet V9/10 - Scope", ...element },
);

/** Zeros to 4 bytes when pad is unset, then the length when unset (padding included, as RFC 3954 and 7011 say; Scapy leaves it out). */
function padOptions(p: Packet, out: BuiltLayer): void {
  let len = out.headerEnd - out.start;
  if (p.getFieldValue("pad") === null) {
    const pad = -len & 3;
    if (pad) out.insert(out.headerEnd, new Uint8Array(pad));
    len += pad;
  }
  if (p.getFieldValue("length") === null) out.set("length", len);
}

export const NetflowOptionsFlowsetV9 = defineLayer(
  "NetflowOptionsFlowsetV9",
  [
    short("flowSetID", 1),
    short("length", null),
    short("templateID", 255),
    fieldLen("option_scope_length", null, { lengthOf: "scopes" }),
    fieldLen("option_field_length", null, { lengthOf: "options" }),
    packetList("scopes", null, NetflowOptionsFlowsetScopeV9),
    packetList("options", null, NetflowOptionsFlowsetOptionV9),
    strLen("pad", null),
  ],
  {
    displayName: "Netflow Options Template FlowSet V9",
    lengthFrom: {
      scopes: (p) => p.option_scope_length,
      options: (p) => p.option_field_length,
      pad: (p) => (p.length ?? 0) - (p.option_scope_length ?? 0) - (p.option_field_length ?? 0) - 10,
    },
    postBuild: padOptions,
  },
);

export const NetflowOptionsFlowset10 = defineLayer(
  "NetflowOptionsFlowset10",
  [
    short("flowSetID", 3),
    short("length", null),
    short("templateID", 255),
    // Scapy counts all the fields here, and among them the scopes next.
    short("field_count", null).compute({ stage: "length", describe: "number of scopes and options", refs: ["scopes", "options"], compute: (p) => fieldItems(p, "scopes") + fieldItems(p, "options") }),
    fieldLen("scope_field_count", null, { countOf: "scopes" }),
    packetList("scopes", null, NetflowOptionsFlowsetScopeV9),
    packetList("options", null, NetflowOptionsFlowsetOptionV9),
    strLen("pad", null),
  ],
  {
    parent: NetflowOptionsFlowsetV9,
    displayName: "Netflow V10 (IPFix) Options Template FlowSet",
    countFrom: { scopes: (p) => p.scope_field_count, options: (p) => (p.field_count ?? 0) - (p.scope_field_count ?? 0) },
    // What the length leaves after the scopes and the options (each option 4 bytes, 6 with an enterprise number... as read).
    lengthFrom: { pad: (p) => Math.max(0, (p.length ?? 0) - 10 - 4 * (p.scope_field_count ?? 0) - optionBytes(p.options)) },
    postBuild: padOptions,
  },
);

function fieldItems(p: Packet, name: string): number {
  const v = p.getFieldValue(name);
  return Array.isArray(v) ? v.length : 0;
}

function optionBytes(options: readonly Packet[]): number {
  let n = 0;
  for (const o of options) n += o.getFieldValue("enterpriseBit") ? 6 : 4;
  return n;
}

bindLayers(NetflowHeader, NetflowHeaderV9, { version: 9 });
bindLayers(NetflowHeaderV9, NetflowDataflowsetV9);
bindLayers(NetflowDataflowsetV9, NetflowDataflowsetV9);
bindLayers(NetflowOptionsFlowsetV9, NetflowDataflowsetV9);
bindLayers(NetflowFlowsetV9, NetflowDataflowsetV9);
// Past the header IPFIX and v9 are alike (RFC 5655 appendix B.1.2).
bindLayers(NetflowHeader, NetflowHeaderV10, { version: 10 });
bindLayers(NetflowHeaderV10, NetflowDataflowsetV9);

// ---------------------------------------------------------------- records from templates

/** [fieldLength, fieldType] of each field of a template, in order. */
export type TemplateLayout = ReadonlyArray<readonly [length: number, type: number]>;

const FIXED_SIZES: Record<string, number> = { ByteEnumField: 1, XByteField: 1, ByteField: 1, ShortField: 2, XShortField: 2, IntField: 4, ThreeBytesField: 3, IPField: 4, IP6Field: 16, MACField: 6, SecondsIntField: 4 };

/** The field that reads one template field: Scapy's decoder for its type when the length fits it, bytes otherwise. */
function recordField(name: string, length: number, type: number): AnyField {
  const d = NETFLOW_V9_DECODERS[type];
  const kind = d?.[0];
  const arg = d?.[1];
  if (kind !== undefined) {
    const size = FIXED_SIZES[kind];
    if (size === length || size === undefined) {
      switch (kind) {
        case "ByteEnumField":
          return byteEnum(name, 0, arg === "IP_PROTOS" ? IP_PROTOS : (arg as Record<number, string>));
        case "XByteField":
          return xbyte(name, 0);
        case "ByteField":
          return byte(name, 0);
        case "ShortField":
          return short(name, 0);
        case "XShortField":
          return xshort(name, 0);
        case "IntField":
          return int(name, 0);
        case "ThreeBytesField":
          return threeBytes(name, 0);
        case "IPField":
          return ipv4(name, "0.0.0.0");
        case "IP6Field":
          return ipv6(name, "::");
        case "MACField":
          return mac(name, "00:00:00:00:00:00");
        case "SecondsIntField":
          return new SecondsField(name, 0, arg as number);
        case "ShortOrInt":
          if (length === 2) return short(name, 0);
          if (length === 4) return int(name, 0);
          break;
        case "N9SecondsIntField":
          if (length === 4 || length === 8) return new SecondsField(name, 0, arg as number, length);
          break;
        case "N9UTCTimeField":
          if (length === 4 || length === 8) return new ScaledUTCTimeField(name, 0, arg as number, length);
          break;
      }
    }
  }
  return strFixedLen(name, new Uint8Array(0), length);
}

/**
 * A record class for a template (Scapy's _GenNetflowRecordV9): one field per template field, named
 * as Scapy names its type ("unknown_data" when it has no name; a repeated name gets a suffix).
 */
export function netflowRecordClass(layout: TemplateLayout, base: LayerRef = NetflowRecordV9): LayerRef {
  const seen = new Map<string, number>();
  const fields = layout.map(([length, type]) => {
    let name = NETFLOW_V910_FIELD_TYPES[type] ?? "unknown_data";
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    if (n > 1) name = `${name}_${n}`;
    return recordField(name, length, type);
  });
  return defineLayer(base.spec.name, fields as readonly AnyField[], { parent: base, displayName: base.spec.hooks.displayName, unregistered: true, ...element });
}

const layoutOf = (template: Packet): TemplateLayout =>
  (template.getFieldValue("template_fields") as Packet[]).map((f) => [Number(f.getFieldValue("fieldLength") ?? 0), Number(f.getFieldValue("fieldType") ?? 0)] as const);

/** Scapy's GetNetflowRecordV9: the record class of a flowset's template (templateID when it has several). */
export function GetNetflowRecordV9(flowset: Packet, templateID?: number): LayerRef {
  const definitions = new Map<number, LayerRef>();
  for (const t of flowset.getFieldValue("templates") as Packet[]) {
    const layout = layoutOf(t);
    if (layout.length > 0) definitions.set(Number(t.getFieldValue("templateID")), netflowRecordClass(layout));
  }
  if (definitions.size === 0) throw new Error("No template IDs detected");
  if (definitions.size > 1) {
    if (templateID === undefined) throw new Error("Multiple possible templates ! Specify templateID=..");
    const cls = definitions.get(templateID);
    if (!cls) throw new Error(`No template ${templateID} in this flowset`);
    return cls;
  }
  return [...definitions.values()][0]!;
}

interface DataTemplate {
  kind: "data";
  size: number;
  cls: LayerRef;
}
interface OptionsTemplate {
  kind: "options";
  scopeSize: number;
  scopeCls: LayerRef;
  optionSize: number;
  optionCls: LayerRef;
}
type Template = DataTemplate | OptionsTemplate;

/** What netflowv9Defragment learnt: the templates by ID, and the IDs of data flowsets it had no template for. */
export interface NetflowTemplates {
  readonly templates: Map<number, Template>;
  readonly ignored: Set<number>;
}

/** The layers of a packet, outermost first. */
function* layersOf(pkt: Packet): Generator<Packet> {
  for (let p: Packet | null = pkt; p !== null; p = p.payload) yield p;
}

/** Learns the templates one packet defines, then splits its data flowsets' records with what is known. */
export function netflowv9DefragmentPacket(pkt: Packet, state: NetflowTemplates): void {
  const layers = [...layersOf(pkt)];
  for (const p of layers) {
    if (p._s.spec === NetflowFlowsetV9.spec) {
      for (const t of p.getFieldValue("templates") as Packet[]) {
        const layout = layoutOf(t);
        if (layout.length === 0) continue;
        const size = layout.reduce((n, [len]) => n + len, 0);
        state.templates.set(Number(t.getFieldValue("templateID")), { kind: "data", size, cls: netflowRecordClass(layout) });
      }
    } else if (isLayer(p, NetflowOptionsFlowsetV9)) {
      const scopes = (p.getFieldValue("scopes") as Packet[]).map((s) => [Number(s.getFieldValue("scopeFieldlength") ?? 0), Number(s.getFieldValue("scopeFieldType") ?? 0)] as const);
      const options = (p.getFieldValue("options") as Packet[]).map((o) => [Number(o.getFieldValue("optionFieldlength") ?? 0), Number(o.getFieldValue("optionFieldType") ?? 0)] as const);
      state.templates.set(Number(p.getFieldValue("templateID")), {
        kind: "options",
        scopeSize: scopes.reduce((n, [len]) => n + len, 0),
        scopeCls: netflowRecordClass(scopes, NetflowOptionsRecordScopeV9),
        optionSize: options.reduce((n, [len]) => n + len, 0),
        optionCls: netflowRecordClass(options, NetflowOptionsRecordOptionV9),
      });
    }
  }
  for (const p of layers) {
    if (p._s.spec !== NetflowDataflowsetV9.spec) continue;
    const tid = Number(p.getFieldValue("templateID"));
    const template = state.templates.get(tid);
    if (!template) {
      state.ignored.add(tid);
      continue;
    }
    const records = p.getFieldValue("records") as Packet[];
    // Split once: a flowset already split holds records of the template's class.
    if (records.length !== 1 || records[0]!._s.spec !== NetflowRecordV9.spec) continue;
    const data = records[0]!.getFieldValue("fieldValue") as Uint8Array;
    const out: Packet[] = [];
    let at = 0;
    if (template.kind === "data") {
      // A template of zero bytes cannot split anything (Scapy loops forever on it).
      if (template.size > 0) for (; at + template.size <= data.length; at += template.size) out.push(template.cls(data.subarray(at, at + template.size)));
    } else {
      if (template.scopeSize) out.push(template.scopeCls(data.subarray(0, template.scopeSize)));
      if (template.optionSize) out.push(template.optionCls(data.subarray(template.scopeSize, template.scopeSize + template.optionSize)));
      at = Math.min(data.length, template.scopeSize + template.optionSize);
    }
    const rest = data.subarray(at);
    // Padding to 4 bytes, or bytes the template does not describe.
    if (rest.length > 0) out.push(rest.length <= 4 || template.kind === "options" ? Padding({ load: rest }) : Raw({ load: rest }));
    p.setFieldValue("records", out);
  }
}

/**
 * Scapy's netflowv9_defragment: the templates and options templates of each packet in turn, kept
 * for the packets after it, split the records of the data flowsets that use them (in place; the
 * list is returned). Templates live in this call only. `ipfixDefragment` is the same function.
 */
export function netflowv9Defragment<T extends Packet | readonly Packet[]>(plist: T, state: NetflowTemplates = { templates: new Map(), ignored: new Set() }): T {
  for (const pkt of Array.isArray(plist) ? (plist as readonly Packet[]) : [plist as Packet]) netflowv9DefragmentPacket(pkt, state);
  return plist;
}

export const ipfixDefragment = netflowv9Defragment;
