/**
 * One question on a link and its first answer: the ARP who-has and the neighbour solicitation
 * the neighbour cache sends. Below sr() on purpose: building frames for sr() resolves MACs, so
 * resolution cannot go through sr() itself.
 */
import { buildPacket } from "../core/write/build.ts";
import type { Packet } from "../core/packet.ts";
import { LiveSocket } from "./socket.ts";

export interface Solicitation {
  iface: string;
  /** BPF expression for the answers (tcpdump syntax). */
  filter: string;
  /** Seconds to wait for an answer. */
  timeout: number;
  isAnswer: (p: Packet) => boolean;
}

/** Sends `question` on the link and resolves with the first packet isAnswer accepts, or undefined at the timeout. */
export function solicit(question: Packet, s: Solicitation): Promise<Packet | undefined> {
  const frame = buildPacket(question);
  const sock = new LiveSocket({ iface: s.iface, filter: s.filter, immediate: true, direction: "in" });
  return new Promise<Packet | undefined>((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    const finish = (answer: Packet | undefined, err?: Error): void => {
      if (timer) clearTimeout(timer);
      sock.close();
      if (err) reject(err);
      else resolve(answer);
    };
    sock.receive(
      (packets) => {
        const answer = packets.find(s.isAnswer);
        if (answer) finish(answer);
      },
      (err) => finish(undefined, err),
    );
    timer = setTimeout(() => {
      timer = undefined;
      // A stalled process wakes with timers before I/O: take what the kernel holds first.
      sock.drain();
      if (!sock.closed) finish(undefined);
    }, s.timeout * 1000);
    try {
      sock.send(frame);
    } catch (e) {
      finish(undefined, e as Error);
    }
  });
}
