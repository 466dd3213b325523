/**
 * ARP_am (farpd): answers ARP who-has requests, for the addresses in IP_addr (default: every
 * address asked for) from the senders in from_ip, with ARP_addr (default: the MAC of the
 * interface the reply leaves by). Given an ARP_addr it is Scapy's ARP spoofer.
 */
import type { Packet } from "../core/packet.ts";
import { ARP, Ether } from "../layers/l2.ts";
import { getIfHwaddr } from "../live/ifutil.ts";
import { say } from "../live/output.ts";
import { sendp } from "../live/send.ts";
import { routeTable } from "../live/tables.ts";
import { AnsweringMachine, machineFunction } from "./ansmachine.ts";
import { inAddressSet, Net, type AddressSet } from "./net.ts";

export interface ARPMachineOptions {
  /** Answer only for these addresses (a Net, a CIDR text, one address or a list). */
  IPAddr?: AddressSet | null;
  /** The MAC to answer with (default: the interface's). */
  ARPAddr?: string | null;
  /** Answer only requests from these senders. */
  fromIp?: AddressSet | null;
}

const toSet = (v: unknown): AddressSet | null => (v === null || v === undefined ? null : typeof v === "string" ? new Net(v) : (v as AddressSet));

export class ARP_am extends AnsweringMachine {
  static override function_name = "farpd";
  static override filter = "arp";
  static override send_function = sendp;
  static override options = ["IPAddr", "ARPAddr", "fromIp"];

  declare IP_addr: AddressSet | null;
  declare ARP_addr: string | null;
  declare from_ip: AddressSet | null;
  /** The interface the last reply left by. */
  declare iff: string;

  override parse_options(o: ARPMachineOptions): void {
    this.IP_addr = toSet(o.IPAddr);
    this.ARP_addr = o.ARPAddr ?? null;
    this.from_ip = toSet(o.fromIp);
  }

  override is_request(req: Packet): boolean {
    const arp = req.getLayer(ARP);
    if (!arp || arp.op !== 1) return false;
    return (this.IP_addr === null || inAddressSet(String(arp.pdst), this.IP_addr)) && (this.from_ip === null || inAddressSet(String(arp.psrc), this.from_ip));
  }

  override make_reply(req: Packet): Packet {
    const ether = req.getLayer(Ether)!;
    const arp = req.getLayer(ARP)!;
    this.iff = this.runOptions.iface ?? routeTable().route(String(arp.psrc))[0];
    let mac = this.ARP_addr;
    if (mac === null) {
      try {
        mac = getIfHwaddr(this.iff);
      } catch {
        mac = "00:00:00:00:00:00";
      }
    }
    return Ether({ dst: ether.src, src: mac }).div(ARP({ op: "is-at", hwsrc: mac, psrc: arp.pdst, hwdst: arp.hwsrc, pdst: arp.psrc }));
  }

  override async send_reply(replies: Packet[]): Promise<void> {
    // Out by the interface the request's sender is reached by, unless one was given.
    if (this.runOptions.iface || this.runOptions.socket || this.runOptions.sendFunction) return super.send_reply(replies);
    await sendp(replies, { iface: this.iff, inter: this.runOptions.inter, verbose: 0 });
  }

  override print_reply(req: Packet, reply: Packet | readonly Packet[]): void {
    say(`${req.summary()} ==> ${(reply as Packet).summary()} on ${this.iff}\n`);
  }
}

/** Scapy's farpd(...): ARP_am(...)() — answers ARP requests until count, timeout or Ctrl-C. */
export const farpd = machineFunction(ARP_am, "farpd");
