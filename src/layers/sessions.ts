/**
 * Sessions: what sniff() runs each packet through before filtering and storing it (Scapy's
 * `sniff(session=...)`). DefaultSession passes packets on; IPSession puts IPv4 fragments back
 * together; TCPSession (tcpSession.ts) reassembles TCP streams into whole messages. A session
 * of one's own extends DefaultSession and overrides process() (Scapy 2.6) or
 * onPacketReceived() (Scapy 2.5, calling super's to hand a packet on).
 */
import type { Packet } from "../core/packet.ts";
import { defrag } from "./fragment.ts";
import { IP } from "./inet.ts";

/** What sniff() asks of a session. */
export interface Session {
  /** A packet read: what comes out now (nothing, the packet, or several: datagrams, messages). */
  process(pkt: Packet): Packet | readonly Packet[] | null | undefined;
  /** The capture ended: what the session still holds. */
  flush?(): readonly Packet[];
}

/** A session given to sniff(): a session class (made once per capture) or a session object. */
export type SessionOption = Session | (new () => Session);

/** Passes every packet on (Scapy's DefaultSession): the base of sessions one writes. */
export class DefaultSession implements Session {
  private handedOn: Packet[] = [];

  /** Scapy 2.5's hook: hands a packet on. A subclass overrides it and calls super's for what it keeps. */
  onPacketReceived(pkt: Packet | null | undefined): void {
    if (pkt) this.handedOn.push(pkt);
  }

  /** Scapy 2.6's hook: the packets a packet read gives (by default, what onPacketReceived hands on). */
  process(pkt: Packet): Packet | readonly Packet[] | null | undefined {
    this.onPacketReceived(pkt);
    return this.handedOn.splice(0);
  }

  flush(): readonly Packet[] {
    return this.handedOn.splice(0);
  }
}

const MF = 1;

interface Datagram {
  fragments: Packet[];
  /** Payload bytes the fragments carry, overlaps counted twice: reassembly is tried once they could cover it. */
  carried: number;
  /** Payload length of the datagram, once its last fragment came. */
  total: number | null;
}

/** The payload bytes a dissected or built fragment carries. */
function fragmentBytes(ip: ReturnType<typeof IP>): number {
  if (ip.len !== null && ip.ihl !== null) return ip.len - ip.ihl * 4;
  return ip.payload?.build().length ?? 0;
}

/**
 * Puts IPv4 fragments back together as they come (Scapy's IPSession): a datagram comes out,
 * dissected whole, when its last fragment is in and the others cover it; other packets pass
 * through. Fragments never completed come out as they were when the capture ends.
 */
export class IPSession extends DefaultSession {
  private readonly datagrams = new Map<string, Datagram>();

  override process(pkt: Packet): Packet | readonly Packet[] | null {
    const ip = pkt.getLayer(IP);
    if (!ip || (ip.frag === 0 && (Number(ip.flags) & MF) === 0)) return pkt;
    const key = `${ip.id} ${ip.src} ${ip.dst} ${ip.proto}`;
    let d = this.datagrams.get(key);
    if (!d) this.datagrams.set(key, (d = { fragments: [], carried: 0, total: null }));
    d.fragments.push(pkt);
    const size = fragmentBytes(ip);
    d.carried += size;
    if ((Number(ip.flags) & MF) === 0) d.total = ip.frag * 8 + size;
    if (d.total === null || d.carried < d.total) return null;
    const [, whole] = defrag(d.fragments);
    if (whole.length === 0) return null;
    this.datagrams.delete(key);
    return whole[0]!;
  }

  override flush(): readonly Packet[] {
    const held = [...this.datagrams.values()].flatMap((d) => d.fragments);
    this.datagrams.clear();
    return held;
  }
}

/** The session a sniff() uses: its own object made from a class, or the object given. */
export function sessionOf(option: SessionOption): Session {
  if (typeof option === "function") return new option();
  if (option && typeof (option as Session).process === "function") return option;
  throw new TypeError("sniff(): session must be a session class (DefaultSession, IPSession, TCPSession, or one extending them) or such an object");
}

/** The packets a session gives for one read, as a list. */
export function sessionOutput(session: Session, pkt: Packet): readonly Packet[] {
  const out = session.process(pkt);
  if (out === null || out === undefined) return [];
  return Array.isArray(out) ? out : [out as Packet];
}
