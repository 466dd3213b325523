/**
 * BOOTP (RFC 951) and DHCP (RFC 2131). BOOTP's last field holds the DHCP magic cookie; the
 * options after it are the DHCP layer, in Scapy's list form (dhcpOptions.ts).
 */
import { normalizeMAC, parseMACInto } from "../core/addr.ts";
import { bindBottomUp, bindLayers } from "../core/bind.ts";
import { bytesEqual, pyBytesRepr } from "../core/bytes.ts";
import { defineLayer } from "../core/define.ts";
import { ipv4 } from "../core/fields/address.ts";
import { flags } from "../core/fields/bits.ts";
import { byte, byteEnum, short, xint } from "../core/fields/integers.ts";
import { bytesFromUser, StrField, StrFixedLenField, strFixedLen } from "../core/fields/strings.ts";
import { siblingValue } from "../core/field.ts";
import { sameLayer, type Packet } from "../core/packet.ts";
import { DHCP_MESSAGE_TYPES, DHCPOptionsField, type DHCPOption } from "./dhcpOptions.ts";
import { UDP } from "./inet.ts";
import { ARP_HARDWARE } from "./l2.ts";

/** 99.130.83.99, the cookie that says DHCP options follow. */
export const DHCP_MAGIC = Uint8Array.of(0x63, 0x82, 0x53, 0x63);

/** The client's hardware address in 16 bytes: a MAC string is accepted, and shown as one when htype is Ethernet (Scapy's _BOOTP_chaddr). */
class ChaddrField<N extends string> extends StrFixedLenField<N> {
  override readonly kindName = "_BOOTP_chaddr";
  override refs = ["htype"];

  constructor(name: N) {
    super(name, "", 16);
  }

  override fromUser(value: unknown): unknown {
    if (typeof value === "string" && normalizeMAC(value)) {
      const bytes = new Uint8Array(6);
      parseMACInto(value, bytes, 0);
      return bytes;
    }
    return bytesFromUser(value);
  }

  override repr(value: unknown, pkt?: Packet): string {
    const v = (value as Uint8Array | null) ?? new Uint8Array(0);
    if (!pkt || siblingValue(pkt, "htype") !== 1) return super.repr(value);
    const mac = Array.from(v.subarray(0, 6), (b) => b.toString(16).padStart(2, "0")).join(":");
    const rest = v.subarray(6);
    return rest.length === 10 && rest.every((b) => b === 0) ? `${mac} (+ 10 nul pad)` : `${mac} (pad: ${pyBytesRepr(rest)})`;
  }
}

/** The vendor area: just the magic cookie when DHCP options follow it, else all the bytes. */
class BootpOptionsField<N extends string> extends StrField<N> {
  constructor(name: N) {
    super(name, "", { kindName: "StrEnumField" });
  }

  override measure(_pkt: Packet, buf: Uint8Array, off: number, end: number): number {
    return end - off >= 4 && bytesEqual(buf.subarray(off, off + 4), DHCP_MAGIC) ? 4 : end - off;
  }

  override repr(value: unknown): string {
    const v = (value as Uint8Array | null) ?? new Uint8Array(0);
    let n = v.length;
    while (n > 0 && v[n - 1] === 0) n--;
    return bytesEqual(v.subarray(0, n), DHCP_MAGIC) ? `${pyBytesRepr(DHCP_MAGIC)} (DHCP magic)` : pyBytesRepr(v.subarray(0, n));
  }
}

export const BOOTP = defineLayer(
  "BOOTP",
  [
    byteEnum("op", 1, { 1: "BOOTREQUEST", 2: "BOOTREPLY" }),
    byteEnum("htype", 1, ARP_HARDWARE),
    byte("hlen", 6),
    byte("hops", 0),
    xint("xid", 0),
    short("secs", 0),
    flags("flags", 0, 16, "???????????????B"),
    ipv4("ciaddr", "0.0.0.0"),
    ipv4("yiaddr", "0.0.0.0"),
    ipv4("siaddr", "0.0.0.0"),
    ipv4("giaddr", "0.0.0.0"),
    new ChaddrField("chaddr"),
    strFixedLen("sname", "", 64),
    strFixedLen("file", "", 128),
    new BootpOptionsField("options"),
  ],
  {
    displayName: "BOOTP",
    hashret: (p) => Uint8Array.of(p.xid >>> 24, (p.xid >>> 16) & 255, (p.xid >>> 8) & 255, p.xid & 255),
    answers: (reply, request) => sameLayer(request, reply) && reply.xid === request.xid,
  },
);

/** "DHCP Discover": the message type, capitalised as Python's str.capitalize does. */
function dhcpSummary(options: readonly DHCPOption[]): string | null {
  for (const o of options) {
    if (Array.isArray(o) && o[0] === "message-type") {
      const name = DHCP_MESSAGE_TYPES[o[1] as number] ?? "";
      return `DHCP ${name.charAt(0).toUpperCase()}${name.slice(1).toLowerCase()}`;
    }
  }
  return null;
}

export const DHCP = defineLayer("DHCP", [new DHCPOptionsField("options")], {
  displayName: "DHCP options",
  summary: (p) => dhcpSummary(p.options),
});

bindLayers(UDP, BOOTP, { dport: 67, sport: 68 });
bindLayers(UDP, BOOTP, { dport: 68, sport: 67 });
bindBottomUp(UDP, BOOTP, { dport: 67, sport: 67 });
bindLayers(BOOTP, DHCP, { options: DHCP_MAGIC });

export type { DHCPOption } from "./dhcpOptions.ts";
export { DHCP_MESSAGE_TYPES, DHCPOptionsField } from "./dhcpOptions.ts";
