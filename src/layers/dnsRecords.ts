/**
 * DNS resource records with typed rdata (Scapy's DNSRRMX, DNSRRSOA, ..., DNSRROPT with its EDNS0
 * options, DNSRRSVCB/HTTPS with their SvcParams). DNS picks the class by the record type.
 */
import { formatIPv4, formatIPv6, parseIPv4, parseIPv6 } from "../core/addr.ts";
import { pySliceLength } from "../core/bytes.ts";
import { defineLayer } from "../core/define.ts";
import { Field, invalid, siblingValue } from "../core/field.ts";
import { IP6Field, IPField, mac } from "../core/fields/address.ts";
import { bitEnum, bits, flags } from "../core/fields/bits.ts";
import { lengthAfter } from "../core/fields/computed.ts";
import { byte, byteEnum, int, IntField, short, shortEnum } from "../core/fields/integers.ts";
import { fieldLen } from "../core/fields/length.ts";
import { fieldList, packetList, type ElementChooser } from "../core/fields/packets.ts";
import { str, strLen, xstrFixedLen, xstrLen } from "../core/fields/strings.ts";
import { multipleType } from "../core/fields/wrapped.ts";
import type { Packet } from "../core/packet.ts";
import { Padding, Raw } from "../core/raw.ts";
import type { LayerRef } from "../core/state.ts";
import type { Writer } from "../core/writer.ts";
import {
  DNS_CLASSES,
  DNS_TYPES,
  DNSSEC_ALGORITHMS,
  DNSSEC_DIGESTS,
  EDNS0_OPTIONS,
  EXTENDED_DNS_ERRORS,
  NSEC3_ALGORITHMS,
  SVC_PARAM_KEYS,
} from "./data/dnsTables.ts";
import { dnsName, dnsText, rrList, timeSigned, utcTime } from "./dnsFields.ts";

/**
 * A record's rdlen: left null, the length of its rdata (everything after rdlen). A dissected
 * rdlen is computed again when the record is rebuilt from its values (its names are then written
 * uncompressed), unless the user set it. Scapy declares it a FieldLenField in DNSRR and DNSRROPT.
 */
export const rdlenField = (kindName: "ShortField" | "FieldLenField" = "ShortField") =>
  new IntField<"rdlen", number, number | null>("rdlen", null, 2, { kindName }).compute(lengthAfter(undefined, { recomputeDissected: true }));

/** Owner name, type, class, TTL and rdlen: the head every record shares (mDNS cache-flush bit included). */
const rrHead = <const T extends number>(type: T) =>
  [dnsName("rrname", ""), shortEnum("type", type, DNS_TYPES), bits("cacheflush", 0, 1), bitEnum("rclass", 1, 15, DNS_CLASSES), int("ttl", 0), rdlenField()] as const;

/** The same head without the cache-flush bit (SOA and TSIG keep a 16-bit class). */
const rrHeadNoFlush = <const T extends number>(type: T) =>
  [dnsName("rrname", ""), shortEnum("type", type, DNS_TYPES), shortEnum("rclass", 1, DNS_CLASSES), int("ttl", 0), rdlenField()] as const;

/** Records are list elements: bytes past the rdata are Padding, not a payload. */
const recordHooks = (displayName: string) => ({ displayName, defaultPayload: () => Padding });

export const DNSRRHINFO = defineLayer(
  "DNSRRHINFO",
  [
    ...rrHead(13),
    fieldLen("cpulen", null, { fmt: "B", lengthOf: "cpu" }),
    strLen("cpu", "", "cpulen"),
    fieldLen("oslen", null, { fmt: "B", lengthOf: "os" }),
    strLen("os", "", "oslen"),
  ],
  recordHooks("DNS HINFO Resource Record"),
);

export const DNSRRMX = defineLayer("DNSRRMX", [...rrHead(15), short("preference", 0), dnsName("exchange", "")], recordHooks("DNS MX Resource Record"));

export const DNSRRSOA = defineLayer(
  "DNSRRSOA",
  [
    ...rrHeadNoFlush(6),
    dnsName("mname", ""),
    dnsName("rname", ""),
    int("serial", 0),
    int("refresh", 0),
    int("retry", 0),
    int("expire", 0),
    int("minimum", 0),
  ],
  recordHooks("DNS SOA Resource Record"),
);

export const DNSRRRSIG = defineLayer(
  "DNSRRRSIG",
  [
    ...rrHead(46),
    shortEnum("typecovered", 1, DNS_TYPES),
    byteEnum("algorithm", 5, DNSSEC_ALGORITHMS),
    byte("labels", 0),
    int("originalttl", 0),
    utcTime("expiration", 0),
    utcTime("inception", 0),
    short("keytag", 0),
    dnsName("signersname", ""),
    str("signature", ""),
  ],
  recordHooks("DNS RRSIG Resource Record"),
);

export const DNSRRNSEC = defineLayer("DNSRRNSEC", [...rrHead(47), dnsName("nextname", ""), rrList("typebitmaps")], recordHooks("DNS NSEC Resource Record"));

export const DNSRRDNSKEY = defineLayer(
  "DNSRRDNSKEY",
  [...rrHead(48), flags("flags", 256, 16, "S???????Z???????"), byte("protocol", 3), byteEnum("algorithm", 5, DNSSEC_ALGORITHMS), str("publickey", "")],
  recordHooks("DNS DNSKEY Resource Record"),
);

const dsFields = <const T extends number>(type: T) =>
  [...rrHead(type), short("keytag", 0), byteEnum("algorithm", 5, DNSSEC_ALGORITHMS), byteEnum("digesttype", 5, DNSSEC_DIGESTS), str("digest", "")] as const;

export const DNSRRDS = defineLayer("DNSRRDS", dsFields(43), recordHooks("DNS DS Resource Record"));
/** DNSSEC Lookaside Validation: a DS record under another type number. */
export const DNSRRDLV = defineLayer("DNSRRDLV", dsFields(32769), recordHooks("DNS DLV Resource Record"));

export const DNSRRNSEC3 = defineLayer(
  "DNSRRNSEC3",
  [
    ...rrHead(50),
    byte("hashalg", 0),
    bitEnum("flags", 0, 8, { 1: "Opt-Out" }),
    short("iterations", 0),
    // Scapy's defaults are 0, not "computed": give the lengths with the values.
    fieldLen("saltlength", 0, { fmt: "B", lengthOf: "salt" }),
    strLen("salt", "", "saltlength"),
    fieldLen("hashlength", 0, { fmt: "B", lengthOf: "nexthashedownername" }),
    strLen("nexthashedownername", "", "hashlength"),
    rrList("typebitmaps"),
  ],
  recordHooks("DNS NSEC3 Resource Record"),
);

export const DNSRRNSEC3PARAM = defineLayer(
  "DNSRRNSEC3PARAM",
  [
    ...rrHead(51),
    byte("hashalg", 0),
    byte("flags", 0),
    short("iterations", 0),
    fieldLen("saltlength", 0, { fmt: "B", lengthOf: "salt" }),
    strLen("salt", "", "saltlength"),
  ],
  recordHooks("DNS NSEC3PARAM Resource Record"),
);

export const DNSRRSRV = defineLayer(
  "DNSRRSRV",
  [...rrHead(33), short("priority", 0), short("weight", 0), short("port", 0), dnsName("target", "")],
  recordHooks("DNS SRV Resource Record"),
);

export const DNSRRNAPTR = defineLayer(
  "DNSRRNAPTR",
  [
    ...rrHead(35),
    short("order", 0),
    short("preference", 0),
    fieldLen("flags_len", null, { fmt: "B", lengthOf: "flags" }),
    strLen("flags", "", "flags_len"),
    fieldLen("services_len", null, { fmt: "B", lengthOf: "services" }),
    strLen("services", "", "services_len"),
    fieldLen("regexp_len", null, { fmt: "B", lengthOf: "regexp" }),
    strLen("regexp", "", "regexp_len"),
    dnsName("replacement", ""),
  ],
  recordHooks("DNS NAPTR Resource Record"),
);

export const DNSRRTSIG = defineLayer(
  "DNSRRTSIG",
  [
    ...rrHeadNoFlush(250),
    dnsName("algo_name", "hmac-sha1"),
    timeSigned("time_signed", 0),
    short("fudge", 0),
    fieldLen("mac_len", 20, { lengthOf: "mac_data" }),
    strLen("mac_data", "", "mac_len"),
    short("original_id", 0),
    short("error", 0),
    fieldLen("other_len", 0, { lengthOf: "other_data" }),
    strLen("other_data", "", "other_len"),
  ],
  recordHooks("DNS TSIG Resource Record"),
);

// ---------- SVCB / HTTPS (RFC 9460) ----------

/** The kind of value each SvcParam key has (bytes otherwise). */
const SVC_PARAM_KINDS: Readonly<Record<number, "keys" | "ids" | "port" | "v4" | "v6">> = { 0: "keys", 1: "ids", 2: "ids", 3: "port", 4: "v4", 6: "v6" };

/** One service parameter: its value type follows the key (mandatory keys, ALPN ids, port, address hints). */
export const SvcParam = defineLayer(
  "SvcParam",
  [
    shortEnum("key", 0, SVC_PARAM_KEYS),
    fieldLen("len", null, { lengthOf: "value" }),
    multipleType(
      "value",
      {
        keys: fieldList("value", [], shortEnum("", 0, SVC_PARAM_KEYS)),
        ids: dnsText("value", []),
        port: short("value", 0),
        v4: fieldList("value", [], new IPField("", "0.0.0.0")),
        v6: fieldList("value", [], new IP6Field("", "::")),
        bytes: strLen("value", ""),
      },
      "bytes",
    ),
  ],
  {
    displayName: "SvcParam",
    choose: { value: (p) => SVC_PARAM_KINDS[p.key] ?? "bytes" },
    lengthFrom: { value: (p) => p.len },
    extractPadding: () => 0,
  },
);

const svcbFields = <const T extends number>(type: T) => [...rrHead(type), short("svc_priority", 0), dnsName("target_name", ""), packetList<"svc_params", Packet>("svc_params", [], SvcParam)] as const;

export const DNSRRSVCB = defineLayer("DNSRRSVCB", svcbFields(64), recordHooks("DNS SVCB Resource Record"));
export const DNSRRHTTPS = defineLayer("DNSRRHTTPS", svcbFields(65), recordHooks("DNS HTTPS Resource Record"));

// ---------- EDNS0 (RFC 6891) ----------

const ednsHooks = (displayName: string) => ({ displayName, extractPadding: () => 0 });

/** An EDNS0 option with its data kept as bytes (the class for unknown option codes). */
export const EDNS0TLV = defineLayer(
  "EDNS0TLV",
  [shortEnum("optcode", 0, EDNS0_OPTIONS), fieldLen("optlen", null, { lengthOf: "optdata" }), strLen("optdata", "", "optlen")],
  ednsHooks("DNS EDNS0 TLV"),
);

/** draft-cheshire-edns0-owner-option: the sleeping host's MAC (and a wake-up MAC and password). */
export const EDNS0OWN = defineLayer(
  "EDNS0OWN",
  [
    shortEnum("optcode", 4, EDNS0_OPTIONS),
    short("optlen", null).compute(lengthAfter()),
    byte("v", 0),
    byte("s", 0),
    mac("primary_mac", "00:00:00:00:00:00"),
    mac("wakeup_mac", "00:00:00:00:00:00"),
    strLen("password", ""),
  ],
  {
    ...ednsHooks("EDNS0 Owner (OWN)"),
    when: { wakeup_mac: (p) => (p.optlen ?? 0) >= 18, password: (p) => (p.optlen ?? 0) >= 22 },
    lengthFrom: { password: (p) => (p.optlen ?? 0) - 18 },
  },
);

/** RFC 6975: algorithm numbers the client understands. */
const algorithmList = <const N extends string>(name: N, code: number, table: Readonly<Record<number, string>>, displayName: string) =>
  defineLayer(
    name,
    [shortEnum("optcode", code, EDNS0_OPTIONS), fieldLen("optlen", null, { countOf: "alg_code" }), fieldList("alg_code", [], byteEnum("", 0, table))],
    { ...ednsHooks(displayName), countFrom: { alg_code: (p) => p.optlen } },
  );
export const EDNS0DAU = algorithmList("EDNS0DAU", 5, DNSSEC_ALGORITHMS, "DNSSEC Algorithm Understood (DAU)");
export const EDNS0DHU = algorithmList("EDNS0DHU", 6, DNSSEC_DIGESTS, "DS Hash Understood (DHU)");
export const EDNS0N3U = algorithmList("EDNS0N3U", 7, NSEC3_ALGORITHMS, "NSEC3 Hash Understood (N3U)");

/** RFC 7871 address prefix: only the bytes the prefix covers are sent (trailing zero bytes dropped). */
class ClientSubnetField<N extends string> extends Field<N, string, string, "family" | "source_plen"> {
  readonly kindName = "ClientSubnetv4";
  override refs = ["family", "source_plen"];

  private isV6(pkt: Packet | null): boolean {
    return !!pkt && siblingValue(pkt, "family") === 2;
  }

  override fromUser(value: unknown, pkt: Packet | null): unknown {
    if (typeof value !== "string") return invalid("expected an address string");
    if (this.isV6(pkt) ? !parseIPv6(value) : parseIPv4(value) < 0) return invalid(`not an address of family ${this.isV6(pkt) ? 2 : 1}: ${JSON.stringify(value)}`);
    return value;
  }

  override measure(pkt: Packet, _buf: Uint8Array, off: number, end: number): number {
    const plen = (siblingValue(pkt, "source_plen") as number | null) ?? 0;
    return pySliceLength(end - off, Math.min(Math.ceil(plen / 8), this.isV6(pkt) ? 16 : 4));
  }

  override decode(pkt: Packet, buf: Uint8Array, off: number, end: number): unknown {
    const full = new Uint8Array(this.isV6(pkt) ? 16 : 4);
    full.set(buf.subarray(off, Math.min(end, off + full.length)));
    return this.isV6(pkt) ? formatIPv6(full, 0) : formatIPv4(full, 0);
  }

  override write(w: Writer, value: unknown, pkt: Packet): void {
    let bytes: Uint8Array;
    if (this.isV6(pkt)) bytes = parseIPv6(String(value)) ?? new Uint8Array(16);
    else {
      const n = Math.max(parseIPv4(String(value)), 0);
      bytes = Uint8Array.of(n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255);
    }
    let used = bytes.length;
    while (used > 0 && bytes[used - 1] === 0) used--;
    w.bytes(bytes.subarray(0, used));
  }
}

export const EDNS0ClientSubnet = defineLayer(
  "EDNS0ClientSubnet",
  [
    shortEnum("optcode", 8, EDNS0_OPTIONS),
    fieldLen("optlen", null, { lengthOf: "address", adjust: (x) => x + 4 }),
    short("family", 1),
    fieldLen("source_plen", null, { fmt: "B", lengthOf: "address", adjust: (x) => x * 8 }),
    byte("scope_plen", 0),
    new ClientSubnetField("address", "192.168.0.0"),
  ],
  ednsHooks("DNS EDNS0 Client Subnet"),
);

export const EDNS0COOKIE = defineLayer(
  "EDNS0COOKIE",
  [
    shortEnum("optcode", 10, EDNS0_OPTIONS),
    fieldLen("optlen", null, { lengthOf: "server_cookie", adjust: (x) => x + 8 }),
    xstrFixedLen("client_cookie", new Uint8Array(8), 8),
    xstrLen("server_cookie", ""),
  ],
  { ...ednsHooks("DNS EDNS0 COOKIE"), lengthFrom: { server_cookie: (p) => Math.max(0, (p.optlen ?? 0) - 8) } },
);

/** RFC 8914. */
export const EDNS0ExtendedDNSError = defineLayer(
  "EDNS0ExtendedDNSError",
  [
    shortEnum("optcode", 15, EDNS0_OPTIONS),
    fieldLen("optlen", null, { lengthOf: "extra_text", adjust: (x) => x + 2 }),
    shortEnum("info_code", 0, EXTENDED_DNS_ERRORS),
    strLen("extra_text", ""),
  ],
  { ...ednsHooks("DNS EDNS0 Extended DNS Error"), lengthFrom: { extra_text: (p) => (p.optlen ?? 0) - 2 } },
);

const EDNS0_CLASSES: Readonly<Record<number, LayerRef>> = {
  4: EDNS0OWN,
  5: EDNS0DAU,
  6: EDNS0DHU,
  7: EDNS0N3U,
  8: EDNS0ClientSubnet,
  10: EDNS0COOKIE,
  15: EDNS0ExtendedDNSError,
};

/** The option class by its code; fewer than two bytes left is Raw. */
const chooseEdns0: ElementChooser = (_p, buf, off, end) => (end - off < 2 ? Raw : (EDNS0_CLASSES[(buf[off]! << 8) | buf[off + 1]!] ?? EDNS0TLV));

/** The EDNS0 pseudo-record: UDP payload size in rclass, the DO bit in z, options as rdata. */
export const DNSRROPT = defineLayer(
  "DNSRROPT",
  [
    dnsName("rrname", ""),
    shortEnum("type", 41, DNS_TYPES),
    shortEnum("rclass", 4096, DNS_CLASSES),
    byte("extrcode", 0),
    byte("version", 0),
    bitEnum("z", 32768, 16, { 32768: "D0" }),
    rdlenField("FieldLenField"),
    packetList<"rdata", Packet>("rdata", [], chooseEdns0),
  ],
  { ...recordHooks("DNS OPT Resource Record"), lengthFrom: { rdata: (p) => p.rdlen } },
);

/** Record classes by type number (Scapy's DNSRR_DISPATCHER); other types are DNSRR. */
export const DNSRR_CLASSES: Readonly<Record<number, LayerRef>> = {
  6: DNSRRSOA,
  13: DNSRRHINFO,
  15: DNSRRMX,
  33: DNSRRSRV,
  35: DNSRRNAPTR,
  41: DNSRROPT,
  43: DNSRRDS,
  46: DNSRRRSIG,
  47: DNSRRNSEC,
  48: DNSRRDNSKEY,
  50: DNSRRNSEC3,
  51: DNSRRNSEC3PARAM,
  64: DNSRRSVCB,
  65: DNSRRHTTPS,
  250: DNSRRTSIG,
  32769: DNSRRDLV,
};

