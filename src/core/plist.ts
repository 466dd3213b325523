/**
 * PacketList: what rdpcap, sniff and sr return (Scapy's plist.py). An Array of packets with a
 * name, Scapy's repr `<name: TCP:n UDP:n ICMP:n Other:n>`, summaries, selection, sessions and
 * tables. SndRcvList holds [query, answer] pairs. Layers are found by name, so core does not
 * import them.
 */
import { textHooks, type Packet } from "./packet.ts";
import type { LayerRef } from "./state.ts";

/** A request and the reply that answers it: `for (const [sent, recv] of ans)`. */
export type QueryAnswer = [query: Packet, answer: Packet];

/** Protocols counted in the repr: each packet counts under the first it contains (Scapy's stats_classic_protocols). */
const CLASSIC = ["TCP", "UDP", "ICMP"] as const;

type Selector = LayerRef | string;
type Printed = { dump?: boolean };
type TableRow = readonly [unknown, unknown, unknown] | null | undefined;

export class PacketList<T = Packet> extends Array<T> {
  /** Scapy's listname: the file name, "Sniffed", "Results"... */
  name: string;

  // Array methods that make new arrays (map, slice...) give plain Arrays; ours return lists.
  static override get [Symbol.species](): ArrayConstructor {
    return Array;
  }

  constructor(items: Iterable<T> | number = [], name = "PacketList") {
    super();
    this.name = name;
    if (typeof items === "number") this.length = items;
    else for (const x of items) this.push(x);
  }

  /** The packet an element stands for (the answer, for a SndRcvList). */
  protected elementPacket(x: T): Packet {
    return x as unknown as Packet;
  }

  /** One summary line for an element. */
  protected elementSummary(x: T): string {
    return this.elementPacket(x).summary();
  }

  /** A list of the same kind holding `items`. */
  protected derive(items: Iterable<T>, name: string): this {
    const Ctor = this.constructor as new (items: Iterable<T>, name: string) => this;
    return new Ctor(items, name);
  }

  /** The elements as a plain array (Scapy's `.res`). */
  get res(): T[] {
    return Array.from(this);
  }

  /** Packets of this list (answers for a SndRcvList). */
  packets(): Packet[] {
    return Array.from(this, (x) => this.elementPacket(x));
  }

  /** Count of packets under TCP, UDP, ICMP and Other. */
  stats(): Record<(typeof CLASSIC)[number] | "Other", number> {
    const counts = { TCP: 0, UDP: 0, ICMP: 0, Other: 0 };
    for (const x of this) counts[classicProtocol(this.elementPacket(x))]++;
    return counts;
  }

  /** Scapy's repr: `<name: TCP:n UDP:n ICMP:n Other:n>`. */
  override toString(): string {
    const s = this.stats();
    return `<${this.name}: TCP:${s.TCP} UDP:${s.UDP} ICMP:${s.ICMP} Other:${s.Other}>`;
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }

  /** One line per element (prn formats it, lfilter keeps some); with {dump: true} returns the text. */
  summary(options: { prn?: (x: T) => unknown; lfilter?: (x: T) => boolean } & Printed = {}): string | undefined {
    const lines: string[] = [];
    for (const x of this) {
      if (options.lfilter && !options.lfilter(x)) continue;
      lines.push(options.prn ? String(options.prn(x)) : this.elementSummary(x));
    }
    return emit(lines, options.dump);
  }

  /** summary() with the index first: `0000 Ether / IP / TCP ...`. */
  nsummary(options: { prn?: (x: T) => unknown; lfilter?: (x: T) => boolean } & Printed = {}): string | undefined {
    const lines: string[] = [];
    this.forEach((x, i) => {
      if (options.lfilter && !options.lfilter(x)) return;
      lines.push(`${pad4(i)} ${options.prn ? String(options.prn(x)) : this.elementSummary(x)}`);
    });
    return emit(lines, options.dump);
  }

  /** Scapy's PacketList.show() is nsummary() (prn and lfilter too). */
  show(options: { prn?: (x: T) => unknown; lfilter?: (x: T) => boolean } & Printed = {}): string | undefined {
    return this.nsummary(options);
  }

  /** Scapy's listname. */
  get listname(): string {
    return this.name;
  }

  /** Index, time and summary of each packet, then its hexdump. */
  hexdump(options: { lfilter?: (p: Packet) => boolean } & Printed = {}): string | undefined {
    const dump = textHooks.hexdump;
    if (!dump) throw new Error("hexdump needs the text views (import packetry, not only its core)");
    const lines: string[] = [];
    this.forEach((x, i) => {
      const p = this.elementPacket(x);
      if (options.lfilter && !options.lfilter(p)) return;
      lines.push(`${pad4(i)} ${p.sprintf("%.time%")} ${this.elementSummary(x)}`, dump(p));
    });
    return emit(lines, options.dump);
  }

  /** Elements for which fn is true, in a list named `filtered NAME`. */
  override filter(fn: (x: T, i: number, list: T[]) => unknown, thisArg?: unknown): this {
    const kept: T[] = [];
    this.forEach((x, i) => {
      if (fn.call(thisArg, x, i, this)) kept.push(x);
    });
    return this.derive(kept, `filtered ${this.name}`);
  }

  /** Packets containing a layer (Scapy's `pl[TCP]`), in a list named `TCP from NAME`. */
  select(layer: Selector): this {
    const name = typeof layer === "string" ? layer : layer.name;
    const kept: T[] = [];
    for (const x of this) if (this.elementPacket(x).hasLayer(layer)) kept.push(x);
    return this.derive(kept, `${name} from ${this.name}`);
  }

  /** Scapy's `pl[a:b]`: a list named `mod NAME`. */
  override slice(start?: number, end?: number): this {
    return this.derive(Array.prototype.slice.call(this, start, end) as T[], `mod ${this.name}`);
  }

  /** Scapy's `a + b`: a list named `A+B`. */
  plus(other: Iterable<T> & { name?: string }): this {
    return this.derive([...this, ...other], `${this.name}+${other.name ?? "PacketList"}`);
  }

  /** Packets grouped by flow, keyed as Scapy's sessions() (`TCP 10.0.0.1:1234 > 10.0.0.2:80`). */
  sessions(key: (p: Packet) => string = sessionKey): Map<string, this> {
    const groups = new Map<string, T[]>();
    for (const x of this) {
      const k = key(this.elementPacket(x));
      let g = groups.get(k);
      if (!g) groups.set(k, (g = []));
      g.push(x);
    }
    const out = new Map<string, this>();
    for (const [k, g] of groups) out.set(k, this.derive(g, this.name));
    return out;
  }

  /**
   * Who talks to whom, with packet counts, in order of first appearance: the data of Scapy's
   * conversations() graph. By default IP, IPv6 or ARP source and destination.
   */
  conversations(getSrcDst: (p: Packet) => readonly [string, string] | null | undefined = defaultSrcDst): Array<{ src: string; dst: string; count: number }> {
    const edges = new Map<string, { src: string; dst: string; count: number }>();
    for (const x of this) {
      const pair = getSrcDst(this.elementPacket(x));
      if (!pair) continue;
      const k = `${pair[0]}\u0000${pair[1]}`;
      const e = edges.get(k);
      if (e) e.count++;
      else edges.set(k, { src: pair[0], dst: pair[1], count: 1 });
    }
    return [...edges.values()];
  }

  /**
   * Scapy's make_table: fn gives (column, row, cell) for an element, or null to skip it.
   * Columns and rows are sorted as numbers, then as IPv4 addresses, else as text.
   */
  makeTable(fn: (x: T) => readonly [unknown, unknown, unknown] | null | undefined, options: Printed = {}): string | undefined {
    return emit([crossTable(this, (x) => this.tableRow(fn, x))], options.dump);
  }

  /** makeTable drawn with lines (Scapy's make_lined_table). */
  makeLinedTable(fn: (x: T) => readonly [unknown, unknown, unknown] | null | undefined, options: Printed = {}): string | undefined {
    return emit([crossTable(this, (x) => this.tableRow(fn, x), LINED)], options.dump);
  }

  /** makeTable as LaTeX rows (Scapy's make_tex_table). */
  makeTexTable(fn: (x: T) => readonly [unknown, unknown, unknown] | null | undefined, options: Printed = {}): string | undefined {
    return emit([crossTable(this, (x) => this.tableRow(fn, x), TEX)], options.dump);
  }

  /** How a table function is called on an element. */
  protected tableRow(fn: Function, x: unknown): TableRow {
    return (fn as (x: unknown) => TableRow)(x);
  }

  /** The hexdump of each packet (Scapy's rawhexdump). */
  rawhexdump(options: Printed = {}): string | undefined {
    const dump = hexdumpHook();
    return emit(Array.from(this, (x) => dump(this.elementPacket(x))), options.dump);
  }

  /** nsummary's lines with the time, each followed by the hexdump of the packet's Raw load when it has one (Scapy's hexraw). */
  hexraw(options: { lfilter?: (p: Packet) => boolean } & Printed = {}): string | undefined {
    return this.dumpLayer("Raw", options, () => true);
  }

  /** hexraw for the Padding layer (Scapy's padding). */
  padding(options: { lfilter?: (p: Packet) => boolean } & Printed = {}): string | undefined {
    return this.dumpLayer("Padding", options, () => true, true);
  }

  /** padding() leaving out padding that is one byte repeated (Scapy's nzpadding). */
  nzpadding(options: { lfilter?: (p: Packet) => boolean } & Printed = {}): string | undefined {
    return this.dumpLayer("Padding", options, (load) => !load.every((b) => b === load[0]), true);
  }

  private dumpLayer(layer: string, options: { lfilter?: (p: Packet) => boolean } & Printed, keep: (load: Uint8Array) => boolean, onlyWith = false): string | undefined {
    const dump = hexdumpHook();
    const lines: string[] = [];
    this.forEach((x, i) => {
      const p = this.elementPacket(x);
      const l = p.getLayer(layer);
      const load = l ? (l.getFieldValue("load") as Uint8Array) : null;
      if (onlyWith && (load === null || !keep(load))) return;
      if (options.lfilter && !options.lfilter(p)) return;
      lines.push(`${pad4(i)} ${p.sprintf("%.time%")} ${this.elementSummary(x)}`);
      if (load !== null) lines.push(dump(load));
    });
    return emit(lines, options.dump);
  }

  /**
   * Copies of the packets with a field changed (Scapy's replace): `replace(field, new)`,
   * `replace(field, old, new)` (only where it holds old), or several [field, (old,) new]
   * schemes; `field` is a layer class's field (`TCP.fields.dport` / the shell's TCP.dport).
   * With {deleteChecksums: true} the checksums are computed again. A list named `Replaced NAME`.
   */
  replace(...args: unknown[]): PacketList {
    let options: { deleteChecksums?: boolean } = {};
    const last = args[args.length - 1];
    if (last !== null && typeof last === "object" && !Array.isArray(last) && !isFieldLike(last)) {
      options = last as { deleteChecksums?: boolean };
      args = args.slice(0, -1);
      for (const k of Object.keys(options)) if (k !== "deleteChecksums") throw new TypeError(`replace() got an unexpected keyword argument '${k}'`);
    }
    const schemes = (Array.isArray(args[0]) ? args : [args]) as unknown[][];
    for (const sc of schemes) {
      if (sc.length < 2 || sc.length > 3 || !isFieldLike(sc[0])) throw new TypeError("replace() takes (field, new), (field, old, new) or tuples of them; field is a layer class's field (TCP.dport)");
    }
    const out = new PacketList<Packet>([], `Replaced ${this.name}`);
    for (const x of this) {
      let p = this.elementPacket(x);
      let copied = false;
      for (const sc of schemes) {
        const field = sc[0] as { name: string };
        for (const layer of [...p.iterPayloads()]) {
          const i = layer.spec.layout.fieldIndex.get(field.name);
          if (i === undefined || layer.spec.layout.fields[i] !== field) continue;
          if (sc.length === 3 && !sameValue(layer.getFieldValue(field.name), sc[1])) continue;
          if (!copied) {
            const depth = [...p.iterPayloads()].indexOf(layer);
            p = p.copy();
            if (options.deleteChecksums) for (const l of p.iterPayloads()) for (const f of l.spec.layout.fields) if (/^(chksum|cksum|checksum)$/.test(f.name)) l.reset(f.name);
            copied = true;
            p.getLayer(depth)!.setFieldValue(field.name, sc[sc.length - 1]);
          } else layer.setFieldValue(field.name, sc[sc.length - 1]);
        }
      }
      out.push(p);
    }
    return out;
  }

  /** The layer `cls` of each packet that has one (Scapy's PacketList.getlayer), in a list named `NAME layer CLS`. */
  getLayer(cls: LayerRef | string, nb?: number | null, flt?: Readonly<Record<string, unknown>> | null, name?: string | null): PacketList {
    const label = typeof cls === "string" ? cls : cls.name;
    const out: Packet[] = [];
    for (const x of this) {
      const l = this.elementPacket(x).getLayer(cls as string, nb ?? 1, flt ?? undefined);
      if (l) out.push(l);
    }
    return new PacketList(out, name ?? `${this.name} layer ${label}`);
  }

  /**
   * Matches the packets of this list with each other (Scapy's PacketList.sr): each packet
   * answered by one of the next `lookahead` packets (all by default) gives a pair; with multi,
   * a packet may have several answers. [pairs, the packets left unmatched].
   */
  sr(options: { multi?: boolean; lookahead?: number | null } = {}): [SndRcvList, PacketList] {
    for (const k of Object.keys(options)) if (k !== "multi" && k !== "lookahead") throw new TypeError(`sr() got an unexpected keyword argument '${k}'`);
    const remain: Packet[] = this.packets();
    const pairs: QueryAnswer[] = [];
    const answered = new Set<Packet>();
    const lookahead = options.lookahead || remain.length;
    for (let i = 0; i < remain.length; i++) {
      const s = remain[i]!;
      for (let j = i + 1; j < Math.min(lookahead + i, remain.length - 1) + 1 && j < remain.length; j++) {
        const r = remain[j]!;
        if (!r.answers(s)) continue;
        pairs.push([s, r]);
        if (options.multi) {
          answered.add(s).add(r);
          continue;
        }
        remain.splice(j, 1);
        remain.splice(i, 1);
        i--;
        break;
      }
    }
    return [new SndRcvList(pairs), new PacketList(options.multi ? remain.filter((p) => !answered.has(p)) : remain)];
  }
}

/** A field object (what `TCP.dport` is in the shell): has a name and a wire kind. */
function isFieldLike(x: unknown): boolean {
  return x !== null && typeof x === "object" && typeof (x as { name?: unknown }).name === "string" && "defaultValue" in x;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === "object" && a !== null && typeof b !== "object") return String(a) === String(b) || Number(a) === b;
  return String(a) === String(b);
}

function hexdumpHook(): (x: Packet | Uint8Array) => string {
  const dump = textHooks.hexdump;
  if (!dump) throw new Error("hexdump needs the text views (import packetry, not only its core)");
  return dump as (x: Packet | Uint8Array) => string;
}

/** Results of sr(): [query, answer] pairs. Summaries read `query ==> answer`. */
export class SndRcvList extends PacketList<QueryAnswer> {
  constructor(items: Iterable<QueryAnswer> | number = [], name = "Results") {
    super(items, name);
  }

  protected override elementPacket(x: QueryAnswer): Packet {
    return x[1];
  }

  protected override elementSummary(x: QueryAnswer): string {
    return `${x[0].summary()} ==> ${x[1].summary()}`;
  }

  /** The queries, in a PacketList. */
  queries(): PacketList {
    return new PacketList(Array.from(this, (x) => x[0]), this.name);
  }

  /** The answers, in a PacketList. */
  answers(): PacketList {
    return new PacketList(Array.from(this, (x) => x[1]), this.name);
  }

  /** Table functions take (query, answer), or the pair when they take one argument (Scapy's lambda_tuple_converter). */
  protected override tableRow(fn: Function, x: unknown): TableRow {
    const f = fn as (...a: unknown[]) => TableRow;
    const pair = x as QueryAnswer;
    return f.length === 1 ? f(pair) : f(pair[0], pair[1]);
  }

  /** make_table with a function of (query, answer), or of the pair. */
  override makeTable(fn: ((query: Packet, answer: Packet) => readonly [unknown, unknown, unknown] | null | undefined) | ((x: QueryAnswer) => readonly [unknown, unknown, unknown] | null | undefined), options: Printed = {}): string | undefined {
    return super.makeTable(fn as never, options);
  }

  /**
   * The pairs for which fn is true: fn takes (query, answer), or the pair when it takes one
   * argument (Scapy's filter on results, `ans.filter(lambda s, r: ...)`).
   */
  override filter(fn: ((query: Packet, answer: Packet) => unknown) | ((x: QueryAnswer, i: number, list: QueryAnswer[]) => unknown), thisArg?: unknown): this {
    const f = fn as (...a: unknown[]) => unknown;
    return super.filter(f.length === 2 ? (x) => f.call(thisArg, x[0], x[1]) : (x, i, list) => f.call(thisArg, x, i, list));
  }
}

function classicProtocol(p: Packet): (typeof CLASSIC)[number] | "Other" {
  for (const name of CLASSIC) if (p.hasLayer(name)) return name;
  return "Other";
}

/** Scapy's session key of a packet. */
export function sessionKey(p: Packet): string {
  const ip = p.getLayer("IP");
  const ip6 = ip ? undefined : p.getLayer("IPv6");
  const l3 = ip ?? ip6;
  if (l3) {
    const src = String(l3.getFieldValue("src"));
    const dst = String(l3.getFieldValue("dst"));
    if (p.hasLayer("TCP")) return p.sprintf(`TCP ${src}:%r,TCP.sport% > ${dst}:%r,TCP.dport%`);
    if (p.hasLayer("UDP")) return p.sprintf(`UDP ${src}:%r,UDP.sport% > ${dst}:%r,UDP.dport%`);
    if (p.hasLayer("ICMP")) return p.sprintf(`ICMP ${src} > ${dst} type=%r,ICMP.type% code=%r,ICMP.code% id=%ICMP.id%`);
    if (p.hasLayer("ICMPv6")) return p.sprintf(`ICMPv6 ${src} > ${dst} type=%r,ICMPv6.type% code=%r,ICMPv6.code%`);
    if (ip6) return p.sprintf(`IPv6 ${src} > ${dst} nh=%IPv6.nh%`);
    return p.sprintf(`IP ${src} > ${dst} proto=%IP.proto%`);
  }
  if (p.hasLayer("ARP")) return p.sprintf("ARP %ARP.psrc% > %ARP.pdst%");
  if (p.spec.name === "Ether") return p.sprintf("Ethernet type=%04xr,Ether.type%");
  return "Other";
}

function defaultSrcDst(p: Packet): readonly [string, string] | null {
  for (const name of ["IP", "IPv6"]) {
    const l = p.getLayer(name);
    if (l) return [String(l.getFieldValue("src")), String(l.getFieldValue("dst"))];
  }
  const arp = p.getLayer("ARP");
  return arp ? [String(arp.getFieldValue("psrc")), String(arp.getFieldValue("pdst"))] : null;
}

/** How a table is drawn: Scapy's make_table, make_lined_table and make_tex_table. */
interface TableStyle {
  /** The row label, padded to the labels' width. */
  row: (label: string, width: number) => string;
  /** A cell, padded to its column's width. */
  cell: (text: string, width: number) => string;
  end: string;
  /** The line above and below the header and below the rows. */
  sepline?: (rowWidth: number, widths: number[]) => string;
}

const PLAIN: TableStyle = { row: (l, w) => l.padEnd(w), cell: (t, w) => t.padEnd(w), end: "" };
const LINED: TableStyle = {
  row: (l, w) => `${l.padEnd(w)} |`,
  cell: (t, w) => `${t.padEnd(w)} |`,
  end: "",
  sepline: (a, x) => [a - 1, ...x, -2].map((y) => "-".repeat(Math.max(0, y + 2))).join("+"),
};
const TEX: TableStyle = { row: (l) => l, cell: (t) => `& ${t}`, end: "\\\\", sepline: () => "\\hline" };

function crossTable<T>(items: Iterable<T>, fn: (x: T) => readonly [unknown, unknown, unknown] | null | undefined, style: TableStyle = PLAIN): string {
  const cells = new Map<string, string>();
  const widths = new Map<string, number>();
  const rows = new Set<string>();
  let rowWidth = 0;
  for (const x of items) {
    const r = fn(x);
    if (!r) continue;
    const [c, row, v] = r.map(String) as [string, string, string];
    rowWidth = Math.max(rowWidth, row.length);
    widths.set(c, Math.max(widths.get(c) ?? 0, c.length, v.length));
    rows.add(row);
    cells.set(`${c}\u0000${row}`, v);
  }
  const colKeys = sortKeys([...widths.keys()]);
  const rowKeys = sortKeys([...rows]);
  const line = (label: string, values: string[]) => style.row(label, rowWidth) + " " + values.map((v, i) => style.cell(v, widths.get(colKeys[i]!)!) + " ").join("") + style.end;
  const body = [line("", colKeys), ...rowKeys.map((r) => line(r, colKeys.map((c) => cells.get(`${c}\u0000${r}`) ?? "-")))];
  if (!style.sepline) return body.join("\n");
  const sep = style.sepline(rowWidth, colKeys.map((c) => widths.get(c)!));
  return [sep, body[0]!, sep, ...body.slice(1), sep].join("\n");
}

/** Sorted as integers when all are, else as IPv4 addresses when all are, else as text. */
function sortKeys(keys: string[]): string[] {
  if (keys.every((k) => /^-?\d+$/.test(k))) return keys.sort((a, b) => Number(a) - Number(b));
  const ipv4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
  if (keys.every((k) => ipv4.test(k))) {
    const n = (k: string) => k.split(".").reduce((acc, b) => acc * 256 + Number(b), 0);
    return keys.sort((a, b) => n(a) - n(b));
  }
  return keys.sort();
}

function pad4(i: number): string {
  return String(i).padStart(4, "0");
}

function emit(lines: string[], dump: boolean | undefined): string | undefined {
  const text = lines.join("\n");
  if (dump) return text;
  if (lines.length > 0) console.log(text);
  return undefined;
}
