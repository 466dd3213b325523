/**
 * NBNS_am (nbns_spoof): answers NetBIOS name queries (UDP 137) with a name query response, as
 * Scapy's: only for `serverName` when given (else every name, answered with the name asked),
 * only from `fromIp` when given (a Net or CIDR text), with `ip` as the address (default: the
 * interface's). The reply is an IP packet to the querier, ports turned around, same transaction id.
 */
import type { Packet } from "../core/packet.ts";
import { IP, UDP } from "../layers/inet.ts";
import { NBNS_ADD_ENTRY, NBNSHeader, NBNSNodeStatusRequest, NBNSQueryRequest, NBNSQueryResponse } from "../layers/netbios.ts";
import { getIfAddr } from "../live/ifutil.ts";
import { conf } from "../core/conf.ts";
import { AnsweringMachine, machineFunction } from "./ansmachine.ts";
import { inAddressSet, Net, type AddressSet } from "./net.ts";

export interface NBNSMachineOptions {
  /** The NetBIOS name answered (compared without its padding); null: every name. */
  serverName?: string | null;
  /** Whose queries are answered: a Net or CIDR text (default: everyone's). */
  fromIp?: AddressSet | null;
  /** The address given in the answers (default: the interface's). */
  ip?: string | null;
}

/** Python's bytes.decode().strip(): the name without surrounding whitespace. */
const stripped = (name: Uint8Array) => new TextDecoder().decode(name).replace(/^[\s]+|[\s]+$/g, "");

/** The query of a request: NBNSQueryRequest or its subclass NBNSNodeStatusRequest (Scapy's `in` is isinstance). */
const questionOf = (req: Packet) => req.getLayer(NBNSQueryRequest) ?? req.getLayer(NBNSNodeStatusRequest);

export class NBNS_am extends AnsweringMachine {
  static override function_name = "nbns_spoof";
  static override filter: string | undefined = "udp port 137";
  static override options = ["serverName", "fromIp", "ip"];

  declare ServerName: string | null;
  declare from_ip: AddressSet | null;
  declare ip: string | null;

  override parse_options(o: NBNSMachineOptions): void {
    if (o.serverName !== undefined && o.serverName !== null && typeof o.serverName !== "string") throw new TypeError("NBNS_am: server_name must be a name (text) or null");
    if (o.ip !== undefined && o.ip !== null && typeof o.ip !== "string") throw new TypeError("NBNS_am: ip must be an IPv4 address (text) or null");
    this.ServerName = o.serverName ?? null;
    this.ip = o.ip ?? null;
    this.from_ip = typeof o.fromIp === "string" ? new Net(o.fromIp) : (o.fromIp ?? null);
  }

  override is_request(req: Packet): boolean {
    const ip = req.getLayer(IP);
    if (this.from_ip && ip && !inAddressSet(ip.src, this.from_ip)) return false;
    const q = questionOf(req);
    return q !== undefined && (!this.ServerName || stripped(q.QUESTION_NAME) === this.ServerName);
  }

  override make_reply(req: Packet): Packet {
    const ip = req.getLayer(IP)!;
    const udp = req.getLayer(UDP)!;
    const q = questionOf(req)!;
    const header = req.getLayer(NBNSHeader)!;
    const address = this.ip ?? getIfAddr(this.listening?.iface ?? this.runOptions.iface ?? conf.iface) ?? "0.0.0.0";
    return IP({ dst: ip.src }).div(
      UDP({ sport: udp.dport, dport: udp.sport }),
      NBNSHeader({ NAME_TRN_ID: header.NAME_TRN_ID }),
      NBNSQueryResponse({ RR_NAME: this.ServerName ?? q.QUESTION_NAME, SUFFIX: q.SUFFIX, ADDR_ENTRY: [NBNS_ADD_ENTRY({ NB_ADDRESS: address })] }),
    );
  }
}

/** Scapy's nbns_spoof(...): NBNS_am(...)(). */
export const nbns_spoof = machineFunction(NBNS_am, "nbns_spoof");
