/**
 * DNS (RFC 1035), with mDNS/LLMNR ports and DNS over TCP. Sections are lists of records, as in
 * Scapy 2.6 (`pkt.an[0].rdata`); the counts are computed from them at build. Names are bytes
 * ending in "."; building never compresses, dnsCompress(pkt) does.
 */
import { pyBytesRepr } from "../core/bytes.ts";
import { bindBottomUp, bindTopDown } from "../core/bind.ts";
import { defineLayer } from "../core/define.ts";
import { dissectLayer } from "../core/dissect.ts";
import { Measured, type AnyField } from "../core/field.ts";
import { IP6Field, IPField } from "../core/fields/address.ts";
import { bitEnum, bits } from "../core/fields/bits.ts";
import { int, short, shortEnum } from "../core/fields/integers.ts";
import { fieldLen } from "../core/fields/length.ts";
import { PacketListField } from "../core/fields/packets.ts";
import { StrLenField } from "../core/fields/strings.ts";
import { conditional, MultipleTypeField } from "../core/fields/wrapped.ts";
import type { Packet } from "../core/packet.ts";
import { Padding, Raw } from "../core/raw.ts";
import type { LayerRef } from "../core/spec.ts";
import { DNS_CLASSES, DNS_OPCODES, DNS_QTYPES, DNS_RCODES, DNS_TYPES } from "./data/dnsTables.ts";
import { dnsName, dnsText, DNSStrField } from "./dnsFields.ts";
import { dnsCompress } from "./dnsCompress.ts";
import { currentDnsMessage, enterDnsMessage, scanName } from "./dnsName.ts";
import { DNSRR_CLASSES, fillRdlen } from "./dnsRecords.ts";
import { bindIPv4Destination, isLayer, TCP, UDP } from "./inet.ts";
import { registerStreamProtocol } from "./tcpSession.ts";

const num = (p: Packet, name: string) => p.getFieldValue(name) as number;

export const DNSQR = defineLayer(
  "DNSQR",
  [dnsName("qname", "www.example.com"), shortEnum("qtype", 1, DNS_QTYPES), bits("unicastresponse", 0, 1), bitEnum("qclass", 1, 15, DNS_CLASSES)],
  { displayName: "DNS Question Record", defaultPayload: () => Padding },
);

type RecordView = { type: number; rdlen: number | null };
const typeIs =
  (...types: number[]) =>
  (p: Packet | null) =>
    p !== null && types.includes((p as unknown as RecordView).type);
const rdlen = (p: Packet) => (p as unknown as RecordView).rdlen as number;

/** rdata typed by the record type: the field for a type is found in one lookup (it is asked for often). */
class RDataField extends MultipleTypeField<"rdata", unknown, unknown> {
  private readonly byType = new Map<number, AnyField>();

  constructor(kinds: ReadonlyArray<readonly [AnyField, readonly number[]]>, fallback: StrLenField<"rdata">) {
    super(
      kinds.map(([f, types]) => [f, typeIs(...types)] as const),
      fallback,
    );
    for (const [f, types] of kinds) for (const t of types) this.byType.set(t, f);
  }

  override pick(pkt: Packet | null): AnyField {
    return pkt === null ? this.fallback : (this.byType.get((pkt as unknown as RecordView).type) ?? this.fallback);
  }
}

/** A resource record whose rdata type follows `type`: an address, a name, TXT strings, or bytes. */
export const DNSRR = defineLayer(
  "DNSRR",
  [
    dnsName("rrname", ""),
    shortEnum("type", 1, DNS_TYPES),
    bits("cacheflush", 0, 1),
    bitEnum("rclass", 1, 15, DNS_CLASSES),
    int("ttl", 0),
    fieldLen("rdlen", null, { lengthOf: "rdata" }),
    new RDataField(
      [
        [new IPField("rdata", "0.0.0.0"), [1]],
        [new IP6Field("rdata", "::"), [28]],
        // NS, MD, MF, CNAME, PTR, DNAME
        [new DNSStrField("rdata", "", rdlen), [2, 3, 4, 5, 12, 39]],
        [dnsText("rdata", [""], rdlen), [16]],
      ],
      new StrLenField("rdata", "", rdlen),
    ),
  ],
  { displayName: "DNS Resource Record", defaultPayload: () => Padding, postBuild: fillRdlen },
);

type Section = "qd" | "an" | "ns" | "ar";

/** A question (a section element that could not be read is Raw). */
export type DNSQuestion = ReturnType<typeof DNSQR>;

/**
 * A record of the answer, authority or additional section: DNSRR or one of the typed classes
 * (DNSRRMX, DNSRRSOA, ...), whose other fields read as unknown. One that cannot be read is Raw.
 */
export type DNSRecord = Packet & { rrname: Uint8Array; type: number; rclass: number; ttl: number; rdlen: number | null; rdata?: unknown } & Record<string, unknown>;

/**
 * A DNS section: `count` records read from the message. Records are cut at their rdlen; one
 * that cannot be read ends the section as Raw, like Scapy's PacketListField.
 */
class DNSSectionField<N extends Section, T extends Packet> extends PacketListField<N> {
  override kindName = "_DNSPacketListField";
  /** Reads as the element type; any packet (or one) is accepted. */
  declare readonly __get: T[];

  constructor(
    name: N,
    private readonly makeDefault: () => Packet[],
    private readonly countField: string,
  ) {
    // The default shown by ls(); each packet gets its own copy (defaultFor).
    super(name, makeDefault(), DNSRR);
  }

  override defaultFor(): unknown {
    return this.makeDefault();
  }

  override measure(pkt: Packet, buf: Uint8Array, off: number, end: number): Measured {
    const [list, next] = this.readSection(pkt, buf, off, end);
    return new Measured(next - off, list);
  }

  override decode(pkt: Packet, buf: Uint8Array, off: number, end: number): unknown {
    return this.readSection(pkt, buf, off, end)[0];
  }

  private readSection(pkt: Packet, buf: Uint8Array, off: number, end: number): [Packet[], number] {
    const count = ((pkt as unknown as Record<string, number | null>)[this.countField] ?? 0) as number;
    if (count === 0 || off >= end) return [[], off];
    const question = this.name === "qd";
    // Sections may be read inside another message's reading (a DNS layer quoted in one): restore it after.
    const [savedBuf, savedStart, savedEnd] = currentDnsMessage();
    enterDnsMessage(buf, messageStart(pkt), pkt._end);
    try {
      const out: Packet[] = [];
      while (off < end && out.length < count) {
        const nameLen = scanName(buf, off, end);
        let cls: LayerRef = DNSQR;
        let recEnd: number;
        if (question) recEnd = off + nameLen + 4;
        else {
          const at = off + nameLen;
          if (at + 10 > end) {
            out.push(dissectLayer(Raw.spec, buf, off, end, null, null, true));
            off = end;
            break;
          }
          cls = DNSRR_CLASSES[(buf[at]! << 8) | buf[at + 1]!] ?? DNSRR;
          recEnd = at + 10 + ((buf[at + 8]! << 8) | buf[at + 9]!);
        }
        recEnd = Math.min(recEnd, end);
        const rec = dissectLayer(cls.spec, buf, off, recEnd, null, null, false);
        if (rec.spec === Raw.spec) {
          // As Scapy's PacketListField: what cannot be read takes the rest of the message.
          out.push(dissectLayer(Raw.spec, buf, off, end, null, null, true));
          off = end;
          break;
        }
        out.push(rec);
        off = recEnd;
      }
      return [out, off];
    } finally {
      enterDnsMessage(savedBuf, savedStart, savedEnd);
    }
  }
}

function overTCP(p: Packet): boolean {
  return isLayer(p.underlayer, TCP);
}

/** Where the message starts: after the 2-byte length over TCP. */
function messageStart(p: Packet): number {
  return p._start + (overTCP(p) ? 2 : 0);
}

const section = <const N extends Section, T extends Packet>(name: N, countField: string, makeDefault: () => Packet[] = () => []) =>
  new DNSSectionField<N, T>(name, makeDefault, countField);

/** Scapy's str() of a value in summaries: bytes as b'...', lists as [...]. */
function pyStr(v: unknown): string {
  if (v instanceof Uint8Array) return pyBytesRepr(v);
  if (Array.isArray(v)) return `[${v.map(pyStr).join(", ")}]`;
  return String(v);
}

function dnsSummary(p: Packet): string {
  const under = p.underlayer;
  const mdns = isLayer(under, UDP) && under!.getFieldValue("dport") === 5353;
  let text: string;
  if (num(p, "qr")) {
    text = "Ans";
    const first = (p.getFieldValue("an") as Packet[])[0];
    if (first && first.spec === DNSRR.spec) text += " " + pyStr(first.getFieldValue("rdata"));
    else if (num(p, "rcode") !== 0) text += " " + p.sprintf("%rcode%");
  } else {
    text = "Qry";
    const first = (p.getFieldValue("qd") as Packet[])[0];
    if (first && first.spec === DNSQR.spec) text += " " + pyStr(first.getFieldValue("qname"));
  }
  return `${mdns ? "m" : ""}DNS ${text}`;
}

export const DNS = defineLayer(
  "DNS",
  [
    conditional(short("length", null), overTCP),
    short("id", 0),
    bits("qr", 0, 1),
    bitEnum("opcode", 0, 4, DNS_OPCODES),
    bits("aa", 0, 1),
    bits("tc", 0, 1),
    bits("rd", 1, 1),
    bits("ra", 0, 1),
    bits("z", 0, 1),
    bits("ad", 0, 1),
    bits("cd", 0, 1),
    bitEnum("rcode", 0, 4, DNS_RCODES),
    fieldLen("qdcount", null, { countOf: "qd" }),
    fieldLen("ancount", null, { countOf: "an" }),
    fieldLen("nscount", null, { countOf: "ns" }),
    fieldLen("arcount", null, { countOf: "ar" }),
    section<"qd", DNSQuestion>("qd", "qdcount", () => [DNSQR()]),
    section<"an", DNSRecord>("an", "ancount"),
    section<"ns", DNSRecord>("ns", "nscount"),
    section<"ar", DNSRecord>("ar", "arcount"),
  ],
  {
    displayName: "DNS",
    // Over TCP a message shorter than its length prefix (or than a header) is not DNS yet.
    postDissect(p) {
      if (!overTCP(p)) return;
      const avail = p._end - p._start;
      const buf = p._buf!;
      const len = avail >= 2 ? (buf[p._start]! << 8) | buf[p._start + 1]! : -1;
      if (len < 14 || avail < len) throw new RangeError("malformed DNS over TCP: bad length");
    },
    postBuild(p, w, start, headerEnd) {
      if (overTCP(p) && p.getFieldValue("length") === null) w.patch(start, headerEnd - start - 2, 2);
    },
    summary: dnsSummary,
    answers: (reply, request) =>
      request.spec === reply.spec && num(reply, "id") === num(request, "id") && num(reply, "qr") === 1 && num(request, "qr") === 0,
    methods: {
      /** This packet with its names compressed (Scapy's pkt.compress()). */
      compress(this: Packet): Packet {
        return dnsCompress(this);
      },
    },
  },
);

// DNS, mDNS (5353) and LLMNR (5355) over UDP, DNS over TCP. Building pushes only sport=53 down,
// as Scapy's last binding does.
for (const port of [5355, 5353, 53]) {
  bindBottomUp(UDP, DNS, { dport: port });
  bindBottomUp(UDP, DNS, { sport: port });
}
bindBottomUp(TCP, DNS, { dport: 53 });
bindBottomUp(TCP, DNS, { sport: 53 });
bindTopDown(UDP, DNS, { sport: 53 });
bindTopDown(TCP, DNS, { sport: 53 });
bindIPv4Destination(UDP, "224.0.0.251", { dport: 5353 });

// Over TCP a message is its 2-byte length and that many bytes (RFC 1035 4.2.2).
registerStreamProtocol(DNS, { messageLength: (data) => (data.length >= 2 && data.length >= 2 + ((data[0]! << 8) | data[1]!) ? 2 + ((data[0]! << 8) | data[1]!) : null) });
