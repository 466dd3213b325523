/**
 * TFTP (RFC 1350, options RFC 2347-2349) as Scapy's layers/tftp.py: the opcode header, then
 * RRQ, WRQ, DATA, ACK, ERROR or OACK, and the options list after RRQ, WRQ and OACK.
 *
 * UDP binds TFTP only to port 69, as Scapy: the rest of a transfer runs between the ports the two
 * ends chose (their transfer IDs). Scapy's TFTP automata add a binding for the port they use to
 * the global table while they run; packetry keeps that out of global state: `TFTPSession` (give
 * it to sniff({session}) or to `tftpTransfers(packets)`) remembers each request to port 69 and reads
 * the datagrams between the client's port and the server's answering port as TFTP, for that
 * capture only.
 */
import { bindLayers } from "../core/bind.ts";
import { defineLayer } from "../core/define.ts";
import { shortEnum, short } from "../core/fields/integers.ts";
import { packetList } from "../core/fields/packets.ts";
import { strNull } from "../core/fields/strings.ts";
import { isLayer, type Packet } from "../core/packet.ts";
import { IP, UDP } from "./inet.ts";
import { IPv6 } from "./inet6.ts";
import { DefaultSession } from "./sessions.ts";

export const TFTP_operations: Readonly<Record<number, string>> = { 1: "RRQ", 2: "WRQ", 3: "DATA", 4: "ACK", 5: "ERROR", 6: "OACK" };

export const TFTP_Error_Codes: Readonly<Record<number, string>> = {
  0: "Not defined",
  1: "File not found",
  2: "Access violation",
  3: "Disk full or allocation exceeded",
  4: "Illegal TFTP operation",
  5: "Unknown transfer ID",
  6: "File already exists",
  7: "No such user",
  8: "Terminate transfer due to option negotiation",
};

export const TFTP = defineLayer("TFTP", [shortEnum("op", 1, TFTP_operations)], { displayName: "TFTP opcode" });

export const TFTP_RRQ = defineLayer("TFTP_RRQ", [strNull("filename", ""), strNull("mode", "octet")], {
  displayName: "TFTP Read Request",
  answers: () => false,
  summary: (p) => ({ text: p.sprintf("RRQ %filename%"), show: [UDP] }),
});

export const TFTP_WRQ = defineLayer("TFTP_WRQ", [strNull("filename", ""), strNull("mode", "octet")], {
  displayName: "TFTP Write Request",
  answers: () => false,
  summary: (p) => ({ text: p.sprintf("WRQ %filename%"), show: [UDP] }),
});

export const TFTP_DATA = defineLayer("TFTP_DATA", [short("block", 0)], {
  displayName: "TFTP Data",
  answers: (reply, request) => reply.block === 1 && isLayer(request, TFTP_RRQ),
  summary: (p) => ({ text: p.sprintf("DATA %block%"), show: [UDP] }),
});

/** One option (name and value, both NUL-terminated). */
export const TFTP_Option = defineLayer("TFTP_Option", [strNull("oname", ""), strNull("value", "")], { extractPadding: () => 0 });

/** The options after a request or an option acknowledgment: to the end of the datagram. */
export const TFTP_Options = defineLayer("TFTP_Options", [packetList("options", null, TFTP_Option)]);

export const TFTP_OACK = defineLayer("TFTP_OACK", [], {
  displayName: "TFTP Option Ack",
  answers: (_reply, request) => isLayer(request, TFTP_WRQ) || isLayer(request, TFTP_RRQ),
});

export const TFTP_ACK = defineLayer("TFTP_ACK", [short("block", 0)], {
  displayName: "TFTP Ack",
  answers: (reply, request): boolean => {
    if (isLayer(request, TFTP_DATA)) return reply.block === request.block;
    if (isLayer(request, TFTP_RRQ) || isLayer(request, TFTP_WRQ) || isLayer(request, TFTP_OACK)) return reply.block === 0;
    return false;
  },
  summary: (p) => ({ text: p.sprintf("ACK %block%"), show: [UDP] }),
});

export const TFTP_ERROR = defineLayer("TFTP_ERROR", [shortEnum("errorcode", 0, TFTP_Error_Codes), strNull("errormsg", "")], {
  displayName: "TFTP Error",
  answers: (_reply, request) => isLayer(request, TFTP_DATA) || isLayer(request, TFTP_RRQ) || isLayer(request, TFTP_WRQ) || isLayer(request, TFTP_ACK),
  summary: (p) => ({ text: p.sprintf("ERROR %errorcode%: %errormsg%"), show: [UDP] }),
});

bindLayers(UDP, TFTP, { dport: 69 });
bindLayers(TFTP, TFTP_RRQ, { op: 1 });
bindLayers(TFTP, TFTP_WRQ, { op: 2 });
bindLayers(TFTP, TFTP_DATA, { op: 3 });
bindLayers(TFTP, TFTP_ACK, { op: 4 });
bindLayers(TFTP, TFTP_ERROR, { op: 5 });
bindLayers(TFTP, TFTP_OACK, { op: 6 });
bindLayers(TFTP_RRQ, TFTP_Options);
bindLayers(TFTP_WRQ, TFTP_Options);
bindLayers(TFTP_OACK, TFTP_Options);

interface Endpoints {
  src: string;
  dst: string;
  udp: Packet & { sport: number; dport: number };
}

function endpoints(p: Packet): Endpoints | null {
  const ip = p.getLayer(IP) ?? p.getLayer(IPv6);
  const udp = p.getLayer(UDP);
  // Datagrams quoted in ICMP errors (UDPerror) are not part of the transfer.
  if (!ip || !udp || udp.spec !== UDP.spec) return null;
  return { src: String((ip as unknown as { src: unknown }).src), dst: String((ip as unknown as { dst: unknown }).dst), udp: udp as Packet & { sport: number; dport: number } };
}

/**
 * Reads whole TFTP transfers in a capture (what Scapy's TFTP automata bind for the ports they
 * use): after a read or write request from client C:p to server S port 69, datagrams between C:p
 * and any port of S are TFTP. Other packets pass through unchanged.
 */
export class TFTPSession extends DefaultSession {
  /** Transfers seen: "client ip|client port|server ip" -> the server's transfer port once it answered (-1 before). */
  private readonly transfers = new Map<string, number>();

  override process(pkt: Packet): Packet {
    const e = endpoints(pkt);
    if (e === null) return pkt;
    const { udp } = e;
    if (udp.dport === 69 && (pkt.getLayer(TFTP_RRQ) || pkt.getLayer(TFTP_WRQ))) {
      this.transfers.set(`${e.src}|${udp.sport}|${e.dst}`, -1);
      return pkt;
    }
    if (pkt.getLayer(TFTP)) return pkt;
    // From the server (its port chosen on the first answer) or to it (the port it answered from).
    const fromServer = `${e.dst}|${udp.dport}|${e.src}`;
    const toServer = `${e.src}|${udp.sport}|${e.dst}`;
    let known = this.transfers.get(fromServer);
    if (known !== undefined && (known === -1 || known === udp.sport)) {
      if (known === -1) this.transfers.set(fromServer, udp.sport);
      return asTFTP(pkt, udp);
    }
    known = this.transfers.get(toServer);
    if (known !== undefined && known === udp.dport) return asTFTP(pkt, udp);
    return pkt;
  }
}

/** The packet with its UDP payload read as TFTP (the rest kept as it was). */
function asTFTP(pkt: Packet, udp: Packet): Packet {
  const payload = udp.payload;
  if (payload === null || payload.spec.name !== "Raw") return pkt;
  const load = payload.getFieldValue("load") as Uint8Array;
  if (load.length < 2) return pkt;
  const copy = pkt.copy();
  const u = copy.getLayer(UDP)!;
  const tftp = TFTP(load);
  // Link-layer padding after the datagram stays padding.
  const padding = u.payload?.payload ?? null;
  if (padding !== null) {
    let last: Packet = tftp;
    while (last.payload !== null) last = last.payload;
    last.payload = padding;
  }
  u.payload = tftp;
  return copy;
}

/** The packets of a capture with every TFTP transfer read as TFTP (TFTPSession over a list). */
export function tftpTransfers(packets: Iterable<Packet>): Packet[] {
  const s = new TFTPSession();
  return [...packets].map((p) => s.process(p));
}
