/**
 * NTP as Scapy's layers/ntp.py: `NTP` dispatches on the mode bits to NTPHeader (v1-v4, RFC 5905:
 * the header, then extension fields and the authenticator), NTPControl (mode 6, RFC 1305's control
 * messages: status words by opcode, data, authenticator) or NTPPrivate (mode 7, ntpd's private
 * requests and responses with their data items). Bound to UDP port 123 both ways.
 */
import { bindBottomUp, bindLayers, bindTopDown } from "../core/bind.ts";
import { defineLayer } from "../core/define.ts";
import { IPField, ipv4, ipv6 } from "../core/fields/address.ts";
import { bitEnum, bits, flags } from "../core/fields/bits.ts";
import { fixedPoint, timeStamp } from "../core/fields/fixedPoint.ts";
import { byte, byteEnum, int, leInt, short, signedByte, xbyte, IntField } from "../core/fields/integers.ts";
import { fieldList, packetField, packetList, PacketField, PacketListField } from "../core/fields/packets.ts";
import { StrField, strFixedLen, xstrFixedLen, str } from "../core/fields/strings.ts";
import { Measured } from "../core/field.ts";
import { padded } from "../core/fields/pad.ts";
import { pyBytesRepr } from "../core/bytes.ts";
import type { Packet } from "../core/packet.ts";
import type { LayerRef } from "../core/state.ts";
import { registry } from "../core/state.ts";
import type { Writer } from "../core/writer.ts";
import { UDP } from "./inet.ts";

const AUTH_MD5_TAIL_SIZE = 20;
const PACKET_MIN_SIZE = 8;
const PRIVATE_REQ_PKT_TAIL_LEN = 28;

const LEAP: Readonly<Record<number, string>> = { 0: "no warning", 1: "last minute of the day has 61 seconds", 2: "last minute of the day has 59 seconds", 3: "unknown (clock unsynchronized)" };
export const NTP_MODES: Readonly<Record<number, string>> = {
  0: "reserved",
  1: "symmetric active",
  2: "symmetric passive",
  3: "client",
  4: "server",
  5: "broadcast",
  6: "NTP control message",
  7: "reserved for private use",
};

/** Scapy's NTP: no fields of its own; the bytes' mode picks the class (NTPHeader when built). */
export const NTP: LayerRef = defineLayer("NTP", [], {
  dispatch: (buf, start, end): LayerRef | undefined => {
    if (end - start < PACKET_MIN_SIZE) return registry.raw!.cls;
    const mode = buf[start]! & 7;
    return mode === 6 ? NTPControl : mode === 7 ? NTPPrivate : NTPHeader;
  },
  dispatchInit: (): LayerRef => NTPHeader,
  // Scapy's template names class NTP, which its sprintf finds in no packet (every one is a subclass): "NTP v??, ??".
  summary: "NTP v%ir,NTP.version%, %NTP.mode%",
});

// ---------------------------------------------------------------- authenticator and extensions

/** What comes before the last 20 bytes (key id and MD5 digest): None when there is nothing more. */
class AuthenticatorPaddingField extends StrField<"padding"> {
  // Measured when the layer is read (the value depends on the header): never decoded apart.
  override total = false;
  constructor() {
    super("padding", null);
    this.kindName = "_NTPAuthenticatorPaddingField";
  }
  override measure(_pkt: Packet, _buf: Uint8Array, off: number, end: number): Measured {
    const n = end - off > AUTH_MD5_TAIL_SIZE ? end - off - AUTH_MD5_TAIL_SIZE : 0;
    return new Measured(n, n > 0 ? _buf.slice(off, off + n) : null);
  }
}

export const NTPAuthenticator = defineLayer("NTPAuthenticator", [new AuthenticatorPaddingField(), int("key_id", 0), xstrFixedLen("dgst", "", 16)], {
  displayName: "Authenticator",
  extractPadding: () => 0,
});

/** An extension field: its value zero-padded to a word (Scapy's PadField around the value). */
export const NTPExtension = defineLayer("NTPExtension", [short("type", 0), short("len", 0), padded(str("value", ""), 4)], { displayName: "extension" });

/** Extensions up to the last 20 bytes (the MAC), each by its length (Scapy's NTPExtPacketListField). */
class ExtensionListField extends PacketListField<"extensions"> {
  // Measured when the layer is read (the value depends on the header): never decoded apart.
  override total = false;
  constructor() {
    super("extensions", null, NTPExtension);
  }
  override measure(pkt: Packet, buf: Uint8Array, off: number, end: number): Measured {
    const list: Packet[] = [];
    if (end - off <= AUTH_MD5_TAIL_SIZE) return new Measured(0, list);
    const stop = end - AUTH_MD5_TAIL_SIZE;
    let at = off;
    while (stop - at >= 16) {
      const declared = (buf[at + 2]! << 8) | buf[at + 3]!;
      let len = Math.min(declared, stop - at);
      if (len < 1) len = stop - at;
      list.push(extensionOrRaw(buf.subarray(at, at + len)));
      at += len;
    }
    if (stop > at) list.push(extensionOrRaw(buf.subarray(at, stop)));
    void pkt;
    return new Measured(stop - off, list);
  }
}

const extensionOrRaw = (bytes: Uint8Array): Packet => (bytes.length >= 16 ? NTPExtension(bytes.slice()) : registry.raw!.cls(bytes.slice()));

export const NTPExtensions = defineLayer("NTPExtensions", [new ExtensionListField(), packetField("mac", NTPAuthenticator(), NTPAuthenticator)], { displayName: "NTPv4 extensions" });

// ---------------------------------------------------------------- the header (RFC 5905)

const REFERENCE_IDS: Readonly<Record<string, string>> = {};

export const NTPHeader = defineLayer(
  "NTPHeader",
  [
    bitEnum("leap", 0, 2, LEAP),
    bits("version", 4, 3),
    bitEnum("mode", 3, 3, NTP_MODES),
    bits("stratum", 2, 8),
    bits("poll", 0xa, 8),
    bits("precision", 0, 8),
    fixedPoint("delay", 0, 32, 16),
    fixedPoint("dispersion", 0, 32, 16),
    ipv4("id", "127.0.0.1"),
    strFixedLen("ref_id", "", 4),
    timeStamp("ref", 0),
    timeStamp("orig", null),
    timeStamp("recv", 0),
    timeStamp("sent", null),
  ],
  {
    parent: NTP,
    displayName: "NTPHeader",
    when: { id: (p) => p.stratum > 1, ref_id: (p) => p.stratum < 2 },
    dispatchInit: () => undefined,
    guessPayload: (_p, payload): LayerRef | undefined => {
      const n = payload.length;
      if ([16, 20, 32, 64].includes(n - 4)) return NTPAuthenticator;
      if (n > AUTH_MD5_TAIL_SIZE) return NTPExtensions;
      return undefined;
    },
  },
);
void REFERENCE_IDS;

// ---------------------------------------------------------------- control messages (mode 6)

const OP_CODES: Readonly<Record<number, string>> = {
  0: "CTL_OP_UNSPEC",
  1: "CTL_OP_READSTAT",
  2: "CTL_OP_READVAR",
  3: "CTL_OP_WRITEVAR",
  4: "CTL_OP_READCLOCK",
  5: "CTL_OP_WRITECLOCK",
  6: "CTL_OP_SETTRAP",
  7: "CTL_OP_ASYNCMSG",
  8: "CTL_OP_CONFIGURE",
  9: "CTL_OP_SAVECONFIG",
  10: "CTL_OP_READ_MRU",
  11: "CTL_OP_READ_ORDLIST_A",
  12: "CTL_OP_REQ_NONCE",
  31: "CTL_OP_UNSETTRAP",
};
const SYSTEM_STATUSES = { 0: "no warning", 1: "last minute was 61 seconds", 2: "last minute was 59 seconds", 3: "alarm condition (clock not synchronized)" };
const CLOCK_SOURCES = {
  0: "unspecified or unknown",
  1: " Calibrated atomic clock",
  2: "VLF (band 4) or LF (band 5) radio",
  3: "HF (band 7) radio",
  4: "UHF (band 9) satellite",
  5: "local net",
  6: "UDP/NTP",
  7: "UDP/TIME",
  8: "eyeball-and-wristwatch",
  9: "telephone modem",
};
const SYSTEM_EVENT_CODES = {
  0: "unspecified",
  1: "system restart",
  2: "system or hardware fault",
  3: "system new status word (leap bits or synchronization change)",
  4: "system new synchronization source or stratum (sys.peer or sys.stratum change)",
  5: "system clock reset (offset correction exceeds CLOCK.MAX)",
  6: "system invalid time or date",
  7: "system clock exception",
};
const PEER_SELECTION = {
  0: "rejected",
  1: "passed sanity checks",
  2: "passed correctness checks",
  3: "passed candidate checks",
  4: "passed outlyer checks",
  5: "current synchronization source; max distance exceeded",
  6: "current synchronization source; max distance okay",
  7: "reserved",
};
const PEER_EVENT_CODES = { 0: "unspecified", 1: "peer IP error", 2: "peer authentication failure", 3: "peer unreachable", 4: "peer reachable", 5: "peer clock exception" };
const CLOCK_STATUSES = {
  0: "clock operating within nominals",
  1: "reply timeout",
  2: "bad reply format",
  3: "hardware or software fault",
  4: "propagation failure",
  5: "bad date format or value",
  6: "bad time format or value",
};
const ERROR_STATUSES = {
  0: "unspecified",
  1: "authentication failure",
  2: "invalid message length or format",
  3: "invalid opcode",
  4: "unknown association identifier",
  5: "unknown variable name",
  6: "invalid variable value",
  7: "administratively prohibited",
};

const word = { extractPadding: () => 0 } as const;
export const NTPStatusPacket = defineLayer("NTPStatusPacket", [short("status", 0)], { displayName: "status", ...word });
export const NTPSystemStatusPacket = defineLayer(
  "NTPSystemStatusPacket",
  [bitEnum("leap_indicator", 0, 2, SYSTEM_STATUSES), bitEnum("clock_source", 0, 6, CLOCK_SOURCES), bits("system_event_counter", 0, 4), bitEnum("system_event_code", 0, 4, SYSTEM_EVENT_CODES)],
  { displayName: "system status", ...word },
);
export const NTPPeerStatusPacket = defineLayer(
  "NTPPeerStatusPacket",
  [
    bits("configured", 0, 1),
    bits("auth_enabled", 0, 1),
    bits("authentic", 0, 1),
    bits("reachability", 0, 1),
    bits("reserved", 0, 1),
    bitEnum("peer_sel", 0, 3, PEER_SELECTION),
    bits("peer_event_counter", 0, 4),
    bitEnum("peer_event_code", 0, 4, PEER_EVENT_CODES),
  ],
  { displayName: "peer status", ...word },
);
export const NTPClockStatusPacket = defineLayer("NTPClockStatusPacket", [bitEnum("clock_status", 0, 8, CLOCK_STATUSES), bits("code", 0, 8)], { displayName: "clock status", ...word });
export const NTPErrorStatusPacket = defineLayer("NTPErrorStatusPacket", [bitEnum("error_code", 0, 8, ERROR_STATUSES), bits("reserved", 0, 8)], { displayName: "error status", ...word });

export const NTPPeerStatusDataPacket = defineLayer("NTPPeerStatusDataPacket", [short("association_id", 0), packetField("peer_status", NTPPeerStatusPacket(), NTPPeerStatusPacket)], {
  displayName: "data / peer status",
});

/** The status word's class by error flag, opcode and association (Scapy's NTPControlStatusField). */
function statusClass(p: Packet, buf: Uint8Array, off: number): LayerRef {
  const q = p as unknown as { err: number; op_code: number };
  const association = (buf[off + 2]! << 8) | buf[off + 3]!;
  if (q.err === 1) return NTPErrorStatusPacket;
  if (q.op_code === 1 || q.op_code === 2) return association !== 0 ? NTPPeerStatusPacket : NTPSystemStatusPacket;
  if (q.op_code === 3) return NTPStatusPacket;
  if (q.op_code === 4 || q.op_code === 5) return NTPClockStatusPacket;
  return NTPStatusPacket;
}


/** Scapy's b'' for a control message's empty data or authenticator (its field default), kept as empty bytes. */
/**
 * A packet field of a control message whose value may also be empty bytes (Scapy's default b"",
 * what a message that ends before it shows): shown as bytes, and written as nothing.
 */
abstract class ControlPacketField<N extends string> extends PacketField<N> {
  // Measured when the layer is read (the value depends on the header): never decoded apart.
  override total = false;
  override repr(value: unknown): string {
    return value instanceof Uint8Array ? pyBytesRepr(value) : super.repr(value);
  }
  override literal(value: unknown): string {
    return value instanceof Uint8Array ? pyBytesRepr(value) : super.literal(value);
  }
  override fromUser(value: unknown): unknown {
    return value instanceof Uint8Array && value.length === 0 ? value : super.fromUser(value);
  }
  override write(w: Writer, value: unknown): void {
    if (!(value instanceof Uint8Array)) super.write(w, value);
  }
}

class ControlStatusField extends PacketField<"status_word"> {
  // Measured when the layer is read (the value depends on the header): never decoded apart.
  override total = false;
  constructor() {
    super("status_word", null, NTPStatusPacket, "NTPControlStatusField");
  }
  /** Unset in a response, it is a status of 0 (Scapy writes nothing there, so its own bytes do not read back). */
  override write(w: Writer, value: unknown): void {
    if (value === null || value === undefined) w.u16(0);
    else super.write(w, value);
  }
  override measure(pkt: Packet, buf: Uint8Array, off: number, end: number): number | Measured {
    if (end - off < 4) return -1;
    const [el] = statusClass(pkt, buf, off).spec.codecs.dissectElement(buf, off, off + 2, pkt);
    return new Measured(2, el);
  }
}

/** The data: `count` bytes, at least 12 and to a word, as ntpd reads it (Scapy's NTPControlDataPacketLenField). */
class ControlDataField extends ControlPacketField<"data"> {
  constructor() {
    // Scapy's default is b"" (what a message that ends before its data shows).
    super("data", new Uint8Array(0) as never, registry.raw!.cls, "NTPControlDataPacketLenField");
  }
  override measure(pkt: Packet, buf: Uint8Array, off: number, end: number): Measured {
    const q = pkt as unknown as { count: number | null; op_code: number; association_id: number };
    let length = q.count ?? 0;
    if (length > 0) {
      length = Math.max(12, length);
      if (length % 4) length += 4 - (length % 4);
    }
    const stop = Math.min(end, off + length);
    const bytes = buf.subarray(off, stop);
    const cls = q.op_code === 1 && q.association_id === 0 ? NTPPeerStatusDataPacket : registry.raw!.cls;
    let el: Packet;
    try {
      // No data: the class over no bytes (Raw with an empty load, or the peer status data's defaults), as Scapy's m2i(b"").
      el = bytes.length === 0 ? (cls === registry.raw!.cls ? (cls as (init: Record<string, unknown>) => Packet)({ load: new Uint8Array(0) }) : cls()) : cls(bytes.slice());
    } catch {
      el = registry.raw!.cls({ load: bytes.slice() });
    }
    return new Measured(stop - off, el);
  }
}

/** What follows the data: an authenticator (none there reads as an empty one; 1-3 bytes cannot be one, which fails the message as in Scapy). */
class ControlAuthenticatorField extends ControlPacketField<"authenticator"> {
  constructor() {
    super("authenticator", new Uint8Array(0) as never, NTPAuthenticator);
  }
  override measure(pkt: Packet, buf: Uint8Array, off: number, end: number): number | Measured {
    const n = end - off;
    if (n === 0) return new Measured(0, new Uint8Array(0));
    if (n < 4) return -1;
    return super.measure(pkt, buf, off, end);
  }
}

export const NTPControl = defineLayer(
  "NTPControl",
  [
    bits("zeros", 0, 2),
    bits("version", 2, 3),
    bits("mode", 6, 3),
    bits("response", 0, 1),
    bits("err", 0, 1),
    bits("more", 0, 1),
    bitEnum("op_code", 0, 5, OP_CODES),
    short("sequence", 0),
    new ControlStatusField(),
    short("status", 0),
    short("association_id", 0),
    short("offset", 0),
    short("count", null),
    new ControlDataField(),
    new ControlAuthenticatorField(),
  ],
  {
    parent: NTP,
    displayName: "Control message",
    when: { status_word: (p) => p.response === 1, status: (p) => p.response === 0 },
    dispatchInit: () => undefined,
    guessPayload: () => undefined,
    // count left unset: the data's length (Scapy's post_build).
    postBuild: (p, out) => {
      if (p.count !== null) return;
      const data = p.data as unknown;
      out.set("count", data instanceof Uint8Array || data === null ? 0 : (data as Packet).build().length);
    },
  },
);

// ---------------------------------------------------------------- private messages (mode 7)

const INFORMATION_ERRORS = { 0: "no error", 1: "incompatible implementation number", 2: "unimplemented request code", 3: "format error (wrong data items, data size, packet size etc.)", 4: "no data available (e.g. request for details on unknown peer)", 5: 'I don"t know', 6: 'I don"t know', 7: "authentication failure (i.e. permission denied)" };
const IMPLEMENTATIONS = { 0: "IMPL_UNIV", 2: "IMPL_XNTPD_OLD", 3: "XNTPD" };
const REQUEST_CODES: Readonly<Record<number, string>> = Object.fromEntries(
  [
    "REQ_PEER_LIST", "REQ_PEER_LIST_SUM", "REQ_PEER_INFO", "REQ_PEER_STATS", "REQ_SYS_INFO", "REQ_SYS_STATS", "REQ_IO_STATS", "REQ_MEM_STATS",
    "REQ_LOOP_INFO", "REQ_TIMER_STATS", "REQ_CONFIG", "REQ_UNCONFIG", "REQ_SET_SYS_FLAG", "REQ_CLR_SYS_FLAG", "REQ_MONITOR", "REQ_NOMONITOR",
    "REQ_GET_RESTRICT", "REQ_RESADDFLAGS", "REQ_RESSUBFLAGS", "REQ_UNRESTRICT", "REQ_MON_GETLIST", "REQ_RESET_STATS", "REQ_RESET_PEER",
    "REQ_REREAD_KEYS", "REQ_DO_DIRTY_HACK", "REQ_DONT_DIRTY_HACK", "REQ_TRUSTKEY", "REQ_UNTRUSTKEY", "REQ_AUTHINFO", "REQ_TRAPS",
    "REQ_ADD_TRAP", "REQ_CLR_TRAP", "REQ_REQUEST_KEY", "REQ_CONTROL_KEY", "REQ_GET_CTLSTATS", "REQ_GET_LEAPINFO", "REQ_GET_CLOCKINFO",
    "REQ_SET_CLKFUDGE", "REQ_GET_KERNEL", "REQ_GET_CLKBUGINFO", null, "REQ_SET_PRECISION", "REQ_MON_GETLIST_1", "REQ_HOSTNAME_ASSOCID",
    "REQ_IF_STATS", "REQ_IF_RELOAD",
  ].flatMap((n, i) => (n === null ? [] : [[i, n]])),
);
const PEER_FLAGS = ["INFO_FLAG_CONFIG", "INFO_FLAG_SYSPEER", "INFO_FLAG_BURST", "INFO_FLAG_REFCLOCK", "INFO_FLAG_PREFER", "INFO_FLAG_AUTHENABLE", "INFO_FLAG_SEL_CANDIDATE", "INFO_FLAG_SHORTLIST", "INFO_FLAG_IBURST"];
const SYS_INFO_FLAGS = ["INFO_FLAG_BCLIENT", "INFO_FLAG_AUTHENTICATE", "INFO_FLAG_NTP", "INFO_FLAG_KERNEL", "INFO_FLAG_CAL", "INFO_FLAG_PPS_SYNC", "INFO_FLAG_MONITOR", "INFO_FLAG_FILEGEN"];
const CONF_PEER_FLAGS = ["CONF_FLAG_AUTHENABLE", "CONF_FLAG_PREFER", "CONF_FLAG_BURST", "CONF_FLAG_IBURST", "CONF_FLAG_NOSELECT", "CONF_FLAG_SKEY"];
const RESTRICT_FLAGS = ["RES_IGNORE", "RES_DONTSERVE", "RES_DONTTRUST", "RES_VERSION", "RES_NOPEER", "RES_LIMITED", "RES_NOQUERY", "RES_NOMODIFY", "RES_NOTRAP", "RES_LPTRAP", "RES_KOD", "RES_MSSNTP", "RES_FLAKE", "RES_NOMRULIST"];

const ints = <const T extends readonly string[]>(...names: T) => names.map((n) => int(n, 0)) as { [K in keyof T]: IntField<T[K] & string> };
const item = (displayName: string) => ({ displayName, extractPadding: () => 0 }) as const;

export const NTPInfoPeerList = defineLayer(
  "NTPInfoPeerList",
  [ipv4("addr", "0.0.0.0"), short("port", 0), byteEnum("hmode", 0, NTP_MODES), flags("flags", 0, 8, PEER_FLAGS), int("v6_flag", 0), int("unused1", 0), ipv6("addr6", "::")],
  item("info_peer_list"),
);
export const NTPInfoPeerSummary = defineLayer(
  "NTPInfoPeerSummary",
  [
    ipv4("dstaddr", "0.0.0.0"), ipv4("srcaddr", "0.0.0.0"), short("srcport", 0), byte("stratum", 0), byte("hpoll", 0), byte("ppoll", 0), byte("reach", 0),
    flags("flags", 0, 8, PEER_FLAGS), byte("hmode", 0), fixedPoint("delay", 0), timeStamp("offset", 0), fixedPoint("dispersion", 0), int("v6_flag", 0), int("unused1", 0),
    ipv6("dstaddr6", "::"), ipv6("srcaddr6", "::"),
  ],
  item("info_peer_summary"),
);
/** Scapy's XLEShortField: little-endian, shown in hex. */
const xleShort = <const N extends string>(name: N, d: number) => new IntField<N>(name, d, 2, { littleEndian: true, hex: true });
export const NTPInfoPeer = defineLayer(
  "NTPInfoPeer",
  [
    ipv4("dstaddr", "0.0.0.0"), ipv4("srcaddr", "0.0.0.0"), short("srcport", 0), flags("flags", 0, 8, PEER_FLAGS), byte("leap", 0), byteEnum("hmode", 0, NTP_MODES),
    byte("pmode", 0), byte("stratum", 0), byte("ppoll", 0), byte("hpoll", 0), signedByte("precision", 0), byte("version", 0), byte("unused8", 0), byte("reach", 0),
    byte("unreach", 0), xbyte("flash", 0), byte("ttl", 0), xleShort("flash2", 0), short("associd", 0), leInt("keyid", 0), int("pkeyid", 0), ipv4("refid", "0.0.0.0"),
    int("timer", 0), fixedPoint("rootdelay", 0), fixedPoint("rootdispersion", 0), timeStamp("reftime", 0), timeStamp("org", 0), timeStamp("rec", 0), timeStamp("xmt", 0),
    fieldList("filtdelay", [0, 0, 0, 0, 0, 0, 0, 0], fixedPoint("", 0)), fieldList("filtoffset", [0, 0, 0, 0, 0, 0, 0, 0], timeStamp("", 0)),
    fieldList("order", [0, 0, 0, 0, 0, 0, 0, 0], byte("", 0)), fixedPoint("delay", 0), fixedPoint("dispersion", 0), timeStamp("offset", 0), fixedPoint("selectdisp", 0),
    ...ints("unused1", "unused2", "unused3", "unused4", "unused5", "unused6", "unused7"), fixedPoint("estbdelay", 0), int("v6_flag", 0), int("unused9", 0),
    ipv6("dstaddr6", "::"), ipv6("srcaddr6", "::"),
  ],
  { ...item("info_peer"), countFrom: { filtdelay: () => 8, filtoffset: () => 8, order: () => 8 } },
);
export const NTPInfoPeerStats = defineLayer(
  "NTPInfoPeerStats",
  [
    ipv4("dstaddr", "0.0.0.0"), ipv4("srcaddr", "0.0.0.0"), short("srcport", 0), flags("flags", 0, 16, PEER_FLAGS),
    ...ints("timereset", "timereceived", "timetosend", "timereachable", "sent", "unused1", "processed", "unused2", "badauth", "bogusorg", "oldpkt", "unused3", "unused4", "seldisp", "selbroken", "unused5"),
    byte("candidate", 0), byte("unused6", 0), byte("unused7", 0), byte("unused8", 0), int("v6_flag", 0), int("unused9", 0), ipv6("dstaddr6", "::"), ipv6("srcaddr6", "::"),
  ],
  item("info_peer_stats"),
);
export const NTPInfoLoop = defineLayer("NTPInfoLoop", [timeStamp("last_offset", 0), timeStamp("drift_comp", 0), int("compliance", 0), int("watchdog_timer", 0)], item("info_loop"));
export const NTPInfoSys = defineLayer(
  "NTPInfoSys",
  [
    ipv4("peer", "0.0.0.0"), byte("peer_mode", 0), byte("leap", 0), byte("stratum", 0), byte("precision", 0), fixedPoint("rootdelay", 0), fixedPoint("rootdispersion", 0),
    ipv4("refid", "0.0.0.0"), timeStamp("reftime", 0), int("poll", 0), flags("flags", 0, 8, SYS_INFO_FLAGS), byte("unused1", 0), byte("unused2", 0), byte("unused3", 0),
    fixedPoint("bdelay", 0), fixedPoint("frequency", 0), timeStamp("authdelay", 0), fixedPoint("stability", 0), int("v6_flag", 0), int("unused4", 0), ipv6("peer6", "::"),
  ],
  item("info_sys"),
);
export const NTPInfoSysStats = defineLayer(
  "NTPInfoSysStats",
  ints("timeup", "timereset", "denied", "oldversionpkt", "newversionpkt", "unknownversion", "badlength", "processed", "badauth", "received", "limitrejected"),
  item("info_sys_stats"),
);
export const NTPInfoMemStats = defineLayer(
  "NTPInfoMemStats",
  [int("timereset", 0), short("totalpeermem", 0), short("freepeermem", 0), int("findpeer_calls", 0), int("allocations", 0), int("demobilizations", 0), fieldList("hashcount", new Array(128).fill(0), byte("", 0))],
  { ...item("info_mem_stats"), countFrom: { hashcount: () => 128 } },
);
export const NTPInfoIOStats = defineLayer(
  "NTPInfoIOStats",
  [int("timereset", 0), short("totalrecvbufs", 0), short("freerecvbufs", 0), short("fullrecvbufs", 0), short("lowwater", 0), ...ints("dropped", "ignored", "received", "sent", "notsent", "interrupts", "int_received")],
  item("info_io_stats"),
);
export const NTPInfoTimerStats = defineLayer("NTPInfoTimerStats", ints("timereset", "alarms", "overflows", "xmtcalls"), item("info_timer_stats"));
export const NTPConfPeer = defineLayer(
  "NTPConfPeer",
  [
    ipv4("peeraddr", "0.0.0.0"), byte("hmode", 0), byte("version", 0), byte("minpoll", 0), byte("maxpoll", 0), flags("flags", 0, 8, CONF_PEER_FLAGS), byte("ttl", 0),
    short("unused1", 0), int("keyid", 0), strFixedLen("keystr", "", 128), int("v6_flag", 0), int("unused2", 0), ipv6("peeraddr6", "::"),
  ],
  item("conf_peer"),
);
export const NTPConfUnpeer = defineLayer("NTPConfUnpeer", [ipv4("peeraddr", "0.0.0.0"), int("v6_flag", 0), ipv6("peeraddr6", "::")], item("conf_unpeer"));
export const NTPConfRestrict = defineLayer(
  "NTPConfRestrict",
  [ipv4("addr", "0.0.0.0"), ipv4("mask", "0.0.0.0"), flags("flags", 0, 16, RESTRICT_FLAGS), short("m_flags", 0), int("v6_flag", 0), ipv6("addr6", "::"), ipv6("mask6", "::")],
  item("conf_restrict"),
);
export const NTPInfoKernel = defineLayer(
  "NTPInfoKernel",
  [...ints("offset", "freq", "maxerror", "esterror"), short("status", 0), short("shift", 0), ...ints("constant", "precision", "tolerance", "ppsfreq", "jitter", "stabil", "jitcnt", "calcnt", "errcnt", "stbcnt")],
  item("info_kernel"),
);

/** An IPv4 address in a 16-byte slot (Scapy's PadField(IPField, 16)). */
const paddedIPv4 = <const N extends string>(name: N) => padded(ipv4(name, "0.0.0.0"), 16);
const ifStatsTail = () =>
  [
    int("v6_flag", 0), strFixedLen("ifname", "", 32),
    ...ints("flags", "last_ttl", "num_mcast", "received", "sent", "notsent", "uptime", "scopeid", "ifindex", "ifnum", "peercnt"),
    short("family", 0), byte("ignore_packets", 0), byte("action", 0), int("_filler0", 0),
  ] as const;
export const NTPInfoIfStatsIPv4 = defineLayer("NTPInfoIfStatsIPv4", [paddedIPv4("unaddr"), paddedIPv4("unbcast"), paddedIPv4("unmask"), ...ifStatsTail()], item("info_if_stats"));
export const NTPInfoIfStatsIPv6 = defineLayer("NTPInfoIfStatsIPv6", [ipv6("unaddr", "::"), ipv6("unbcast", "::"), ipv6("unmask", "::"), ...ifStatsTail()], item("info_if_stats"));
export const NTPInfoMonitor1 = defineLayer(
  "NTPInfoMonitor1",
  [
    ...ints("lasttime", "firsttime", "lastdrop", "count"), ipv4("addr", "0.0.0.0"), ipv4("daddr", "0.0.0.0"), int("flags", 0), short("port", 0), byte("mode", 0), byte("version", 0),
    int("v6_flag", 0), int("unused1", 0), ipv6("addr6", "::"), ipv6("daddr6", "::"),
  ],
  item("InfoMonitor1"),
);
export const NTPInfoAuth = defineLayer("NTPInfoAuth", ints("timereset", "numkeys", "numfreekeys", "keylookups", "keynotfound", "encryptions", "decryptions", "expired", "keyuncached"), item("info_auth"));
export const NTPConfTrap = defineLayer(
  "NTPConfTrap",
  [ipv4("local_address", "0.0.0.0"), ipv4("trap_address", "0.0.0.0"), short("trap_port", 0), short("unused", 0), int("v6_flag", 0), ipv6("local_address6", "::"), ipv6("trap_address6", "::")],
  item("conf_trap"),
);
export const NTPInfoControl = defineLayer(
  "NTPInfoControl",
  ints("ctltimereset", "numctlreq", "numctlbadpkts", "numctlresponses", "numctlfrags", "numctlerrors", "numctltooshort", "numctlinputresp", "numctlinputfrag", "numctlinputerr", "numctlbadoffset", "numctlbadversion", "numctldatatooshort", "numctlbadop", "numasyncmsgs"),
  item("info_control"),
);

export const NTPPrivateReqPacket = defineLayer("NTPPrivateReqPacket", [str("req_data", "")], { displayName: "request data" });
export const NTPPrivatePktTail = defineLayer("NTPPrivatePktTail", [timeStamp("tstamp", 0), int("key_id", 0), xstrFixedLen("dgst", "", 16)], { displayName: "req_pkt_tail" });

/** Response data classes by request code (Scapy's _private_data_objects). */
const RESPONSE_ITEMS: Readonly<Record<number, LayerRef>> = {
  0: NTPInfoPeerList, 1: NTPInfoPeerSummary, 2: NTPInfoPeer, 3: NTPInfoPeerStats, 4: NTPInfoSys, 5: NTPInfoSysStats, 6: NTPInfoIOStats, 7: NTPInfoMemStats,
  8: NTPInfoLoop, 9: NTPInfoTimerStats, 10: NTPConfPeer, 11: NTPConfUnpeer, 28: NTPInfoAuth, 30: NTPConfTrap, 34: NTPInfoControl, 38: NTPInfoKernel, 42: NTPInfoMonitor1,
};
const REQUEST_ITEMS: Readonly<Record<number, LayerRef>> = { 2: NTPInfoPeerList, 3: NTPInfoPeerList, 10: NTPConfPeer, 11: NTPConfUnpeer, 17: NTPConfRestrict, 18: NTPConfRestrict, 22: NTPConfUnpeer, 30: NTPConfTrap, 31: NTPConfTrap };

interface PrivateHeader {
  request_code: number;
  nb_items: number;
  data_item_size: number;
  auth: number;
}

/** One data item of `size` bytes as its class reads it (an exception in the item makes it Raw, as Scapy's cls(s) would raise: here Raw). */
function itemOf(cls: LayerRef, bytes: Uint8Array): Packet {
  return cls(bytes.slice());
}

/** Items of data_item_size bytes, at most nb_items (Scapy's NTPPrivateRespPacketListField / ReqPacketListField). */
class PrivateItemsField extends PacketListField<"req_data" | "data"> {
  // Measured when the layer is read (the value depends on the header): never decoded apart.
  override total = false;
  constructor(
    name: "req_data" | "data",
    private readonly request: boolean,
  ) {
    super(name, null, NTPPrivateReqPacket);
  }
  override measure(pkt: Packet, buf: Uint8Array, off: number, end: number): Measured {
    const h = pkt as unknown as PrivateHeader;
    const out: Packet[] = [];
    let at = off;
    const size = h.data_item_size;
    if (size > 0) {
      while (end - at >= (this.request ? size * h.nb_items : size) && out.length < h.nb_items) {
        const bytes = buf.subarray(at, at + size);
        let cls: LayerRef;
        if (this.request) cls = REQUEST_ITEMS[h.request_code] ?? NTPPrivateReqPacket;
        else if (h.request_code === 44 || h.request_code === 45) {
          const v6 = bytes.length >= 52 ? ((bytes[48]! << 24) | (bytes[49]! << 16) | (bytes[50]! << 8) | bytes[51]!) !== 0 : false;
          cls = v6 ? NTPInfoIfStatsIPv6 : NTPInfoIfStatsIPv4;
        } else cls = RESPONSE_ITEMS[h.request_code] ?? registry.raw!.cls;
        out.push(itemOf(cls, bytes));
        at += size;
      }
    }
    // An authenticated request: what precedes the 28-byte tail is kept as Raw.
    if (this.request && h.auth) {
      const padEnd = Math.max(at, end - PRIVATE_REQ_PKT_TAIL_LEN);
      out.push(registry.raw!.cls(buf.slice(at, padEnd)));
      at = padEnd;
    }
    return new Measured(at - off, out);
  }
}

export const NTPPrivate = defineLayer(
  "NTPPrivate",
  [
    bits("response", 0, 1),
    bits("more", 0, 1),
    bits("version", 2, 3),
    bits("mode", 0, 3),
    bits("auth", 0, 1),
    bits("seq", 0, 7),
    byteEnum("implementation", 0, IMPLEMENTATIONS),
    byteEnum("request_code", 0, REQUEST_CODES),
    bitEnum("err", 0, 4, INFORMATION_ERRORS),
    bits("nb_items", 0, 12),
    bits("mbz", 0, 4),
    bits("data_item_size", 0, 12),
    new PrivateItemsField("req_data", true),
    new PrivateItemsField("data", false),
    packetField("authenticator", null, NTPPrivatePktTail),
  ],
  {
    parent: NTP,
    displayName: "Private (mode 7)",
    when: { req_data: (p) => p.response === 0, data: (p) => p.response === 1, authenticator: (p) => p.response === 0 && p.auth === 1 },
    dispatchInit: () => undefined,
    guessPayload: () => undefined,
  },
);

bindLayers(UDP, NTP, { sport: 123 });
bindLayers(UDP, NTP, { dport: 123 });
bindLayers(UDP, NTP, { sport: 123, dport: 123 });
// Scapy's subclasses inherit NTP's values for UDP (its _overload_fields).
for (const cls of [NTPHeader, NTPControl, NTPPrivate]) bindTopDown(UDP, cls, { sport: 123, dport: 123 });
void bindBottomUp;
