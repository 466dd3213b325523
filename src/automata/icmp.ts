/**
 * ICMPEcho_am (icmpechod): answers every ICMP echo request with the request turned around
 * (Scapy 2.6): addresses swapped, type echo-reply, id, seq and data kept, checksums computed
 * again. A frame is answered at layer 2 on the interface it came in by; a bare IP packet (from
 * an L3 socket) by its route (AnsweringMachine.send_reply).
 */
import type { Packet } from "../core/packet.ts";
import { ICMP, IP } from "../layers/inet.ts";
import { Ether } from "../layers/l2.ts";
import { say } from "../live/output.ts";
import { AnsweringMachine, machineFunction } from "./ansmachine.ts";

export class ICMPEcho_am extends AnsweringMachine {
  static override function_name = "icmpechod";

  override is_request(req: Packet): boolean {
    return req.getLayer(ICMP)?.type === 8;
  }

  override make_reply(req: Packet): Packet {
    const reply = req.copy();
    const icmp = reply.getLayer(ICMP)!;
    icmp.type = 0;
    icmp.chksum = null;
    const ip = reply.getLayer(IP);
    if (ip) {
      [ip.src, ip.dst] = [ip.dst, ip.src];
      ip.chksum = null;
    }
    const ether = reply.getLayer(Ether);
    if (ether) [ether.src, ether.dst] = [ether.dst, ether.src];
    return reply;
  }

  override print_reply(req: Packet, reply: Packet | readonly Packet[]): void {
    // Scapy prints the request's first `dst` field: the MAC for a frame.
    say(`Replying ${(reply as Packet).getLayer(IP)?.dst ?? "?"} to ${String(req.getFieldValue("dst"))}\n`);
  }
}

/** Scapy's icmpechod(...): ICMPEcho_am(...)(). */
export const icmpechod = machineFunction(ICMPEcho_am, "icmpechod");
