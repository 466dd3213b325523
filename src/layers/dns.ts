/**
 * DNS (RFC 1035), with mDNS's port and DNS over TCP. Sections are lists of records, as in
 * Scapy 2.6 (`pkt.an[0].rdata`); the counts are computed from them at build. Names are bytes
 * ending in "."; building never compresses, dnsCompress(pkt) does.
 */
import { pyBytesRepr } from "../core/bytes.ts";
import { bindBottomUp, bindTopDown } from "../core/bind.ts";
import { defineLayer } from "../core/define.ts";
import { siblingValue } from "../core/field.ts";
import { IP6Field, IPField } from "../core/fields/address.ts";
import { bitEnum, bits } from "../core/fields/bits.ts";
import { countOf, lengthAfter } from "../core/fields/computed.ts";
import { int, short, shortEnum } from "../core/fields/integers.ts";
import { fieldLen } from "../core/fields/length.ts";
import { PacketListField } from "../core/fields/packets.ts";
import { strLen } from "../core/fields/strings.ts";
import { multipleType } from "../core/fields/wrapped.ts";
import { isLayer, sameLayer, type Packet } from "../core/packet.ts";
import { Padding, Raw } from "../core/raw.ts";
import type { LayerRef } from "../core/state.ts";
import { Measured } from "../core/field.ts";
import { DNS_CLASSES, DNS_OPCODES, DNS_QTYPES, DNS_RCODES, DNS_TYPES } from "./data/dnsTables.ts";
import { dnsName, dnsText, DNSStrField } from "./dnsFields.ts";
import { dnsCompress } from "./dnsCompress.ts";
import { registerDnsMessage, scanName } from "./dnsName.ts";
import { DNSRR_CLASSES, rdlenField } from "./dnsRecords.ts";
import { bindIPv4Destination, TCP, UDP } from "./inet.ts";
import { registerStreamProtocol } from "./tcpSession.ts";

export const DNSQR = defineLayer(
  "DNSQR",
  [dnsName("qname", "www.example.com"), shortEnum("qtype", 1, DNS_QTYPES), bits("unicastresponse", 0, 1), bitEnum("qclass", 1, 15, DNS_CLASSES)],
  { displayName: "DNS Question Record", defaultPayload: () => Padding },
);

/** The kind of rdata each record type carries (the bytes otherwise). */
const RDATA_KINDS: Readonly<Record<number, "v4" | "v6" | "name" | "text">> = {
  1: "v4",
  28: "v6",
  // NS, MD, MF, CNAME, PTR, DNAME
  2: "name",
  3: "name",
  4: "name",
  5: "name",
  12: "name",
  39: "name",
  16: "text",
};

/** A resource record whose rdata type follows `type`: an address, a name, TXT strings, or bytes. */
export const DNSRR = defineLayer(
  "DNSRR",
  [
    dnsName("rrname", ""),
    shortEnum("type", 1, DNS_TYPES),
    bits("cacheflush", 0, 1),
    bitEnum("rclass", 1, 15, DNS_CLASSES),
    int("ttl", 0),
    rdlenField("FieldLenField"),
    multipleType(
      "rdata",
      { v4: new IPField("rdata", "0.0.0.0"), v6: new IP6Field("rdata", "::"), name: new DNSStrField("rdata", ""), text: dnsText("rdata", [""]), bytes: strLen("rdata", "") },
      "bytes",
    ),
  ],
  {
    displayName: "DNS Resource Record",
    defaultPayload: () => Padding,
    choose: { rdata: (p) => RDATA_KINDS[p.type] ?? "bytes" },
    lengthFrom: { rdata: (p) => p.rdlen },
  },
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
export class DNSSectionField<N extends Section, T extends Packet, C extends string> extends PacketListField<N, Packet, C> {
  override kindName = "_DNSPacketListField";
  /** Reads as the element type; any packet (or one) is accepted. */
  declare readonly __get: T[];

  constructor(
    name: N,
    private readonly makeDefault: () => Packet[],
    private readonly countField: C,
  ) {
    // The default shown by ls(); each packet gets its own copy (defaultFor).
    super(name, makeDefault(), DNSRR);
    this.refs = [countField];
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
    const count = (siblingValue(pkt, this.countField) as number | null) ?? 0;
    if (count === 0 || off >= end) return [[], off];
    const question = this.name === "qd";
    const out: Packet[] = [];
    // What cannot be read takes the rest of the message as Raw, as Scapy's PacketListField.
    const rest = (from: number) => Raw.spec.codecs.dissect(buf, from, end, null, null, true, pkt);
    while (off < end && out.length < count) {
      const nameLen = scanName(buf, off, end);
      let cls: LayerRef = DNSQR;
      let recEnd: number;
      if (question) recEnd = off + nameLen + 4;
      else {
        const at = off + nameLen;
        if (at + 10 > end) {
          out.push(rest(off));
          off = end;
          break;
        }
        cls = DNSRR_CLASSES[(buf[at]! << 8) | buf[at + 1]!] ?? DNSRR;
        recEnd = at + 10 + ((buf[at + 8]! << 8) | buf[at + 9]!);
      }
      recEnd = Math.min(recEnd, end);
      const rec = cls.spec.codecs.dissect(buf, off, recEnd, null, null, false, pkt);
      if (rec.spec === Raw.spec) {
        out.push(rest(off));
        off = end;
        break;
      }
      out.push(rec);
      off = recEnd;
    }
    return [out, off];
  }
}

function overTCP(p: Packet): boolean {
  return isLayer(p.underlayer, TCP);
}

/**
 * The question section, and the record sections: their count is field countField's value. Other
 * messages with DNS's layout (LLMNR) use them too, with their own defaults.
 */
export const dnsQuestions = <const C extends string>(countField: C, makeDefault: () => Packet[] = () => [DNSQR()]) =>
  new DNSSectionField<"qd", DNSQuestion, C>("qd", makeDefault, countField);
export const dnsRecords = <const N extends Section, const C extends string>(name: N, countField: C) => new DNSSectionField<N, DNSRecord, C>(name, () => [], countField);
const questions = dnsQuestions;
const records = dnsRecords;

/** Scapy's str() of a value in summaries: bytes as b'...', lists as [...]. */
function pyStr(v: unknown): string {
  if (v instanceof Uint8Array) return pyBytesRepr(v);
  if (Array.isArray(v)) return `[${v.map(pyStr).join(", ")}]`;
  return String(v);
}

export const DNS = defineLayer(
  "DNS",
  [
    short("length", null).compute(lengthAfter()),
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
    short("qdcount", null).compute(countOf("qd")),
    short("ancount", null).compute(countOf("an")),
    short("nscount", null).compute(countOf("ns")),
    short("arcount", null).compute(countOf("ar")),
    questions("qdcount"),
    records("an", "ancount"),
    records("ns", "nscount"),
    records("ar", "arcount"),
  ],
  {
    displayName: "DNS",
    when: { length: overTCP },
    // Over TCP a message shorter than its length prefix (or than a header) is not DNS yet.
    postDissect(p) {
      if (!overTCP(p)) return;
      const bytes = p.original()!;
      const len = bytes.length >= 2 ? (bytes[0]! << 8) | bytes[1]! : -1;
      if (len < 14 || bytes.length < len) throw new RangeError("malformed DNS over TCP: bad length");
    },
    summary: (p) => {
      const under = p.underlayer;
      const mdns = isLayer(under, UDP) && under.dport === 5353;
      let text: string;
      if (p.qr) {
        text = "Ans";
        const first = p.an[0];
        if (first && first.spec === DNSRR.spec) text += " " + pyStr(first.rdata);
        else if (p.rcode !== 0) text += " " + p.sprintf("%rcode%");
      } else {
        text = "Qry";
        const first = p.qd[0];
        if (first && first.spec === DNSQR.spec) text += " " + pyStr(first.qname);
      }
      return `${mdns ? "m" : ""}DNS ${text}`;
    },
    answers: (reply, request) => sameLayer(request, reply) && reply.id === request.id && reply.qr === 1 && request.qr === 0,
    methods: {
      /** This packet with its names compressed (Scapy's pkt.compress()). */
      compress(this: Packet): Packet {
        return dnsCompress(this);
      },
    },
  },
);

// DNS and mDNS (5353) over UDP, DNS over TCP (LLMNR, 5355, is llmnr.ts's). Building pushes only
// sport=53 down, as Scapy's last binding does.
for (const port of [5353, 53]) {
  bindBottomUp(UDP, DNS, { dport: port });
  bindBottomUp(UDP, DNS, { sport: port });
}
bindBottomUp(TCP, DNS, { dport: 53 });
bindBottomUp(TCP, DNS, { sport: 53 });
bindTopDown(UDP, DNS, { sport: 53 });
bindTopDown(TCP, DNS, { sport: 53 });
bindIPv4Destination(UDP, "224.0.0.251", { dport: 5353 });

// Names in its records point into the message: after the 2-byte length over TCP.
registerDnsMessage(DNS, (p) => {
  const s = p._s;
  return { start: s.start + (overTCP(p) ? 2 : 0), end: s.end };
});

// Over TCP a message is its 2-byte length and that many bytes (RFC 1035 4.2.2).
registerStreamProtocol(DNS, { messageLength: (data) => (data.length >= 2 && data.length >= 2 + ((data[0]! << 8) | data[1]!) ? 2 + ((data[0]! << 8) | data[1]!) : null) });
