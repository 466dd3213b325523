/** dhcpRequest: one DHCP message (a discover by default) broadcast from an interface, and the first answer. */
import { conf } from "../core/conf.ts";
import { strictOptions } from "../core/options.ts";
import type { Packet } from "../core/packet.ts";
import { RandInt } from "../core/volatile.ts";
import { BOOTP, DHCP } from "../layers/dhcp.ts";
import { IP, UDP } from "../layers/inet.ts";
import { Ether } from "../layers/l2.ts";
import { getIfHwaddr } from "../live/ifutil.ts";
import { warn } from "../live/output.ts";
import { srp1, type SrOptions } from "../live/sr.ts";
import { SR_KEYS, withDefaults } from "./live.ts";

export interface DhcpRequestOptions extends SrOptions {
  /** The client's MAC (default: the interface's). */
  hw?: string;
  /** The message type: discover (default), request, inform, release... */
  reqType?: string;
  /** The server the request is for (option server_id). */
  serverId?: string;
  /** The address asked for (option requested_addr). */
  requestedAddr?: string;
  /** The client's name (options hostname and client_FQDN). */
  hostname?: string;
}

const KEYS = { ...SR_KEYS, hw: true, reqType: true, serverId: true, requestedAddr: true, hostname: true } as const;
const checkRequest = strictOptions<DhcpRequestOptions>("dhcp_request", KEYS);
const checkDiscover = strictOptions<DhcpRequestOptions>("dhcp_discover", KEYS);

/** What Scapy's dhcp_request asks the server for (subnet mask, router, DNS, domain, routes...). */
const PARAM_REQ_LIST = [1, 3, 6, 15, 31, 33, 43, 44, 46, 47, 119, 121, 249, 252];

function macBytes(mac: string): Uint8Array {
  return Uint8Array.from(mac.split(":"), (h) => parseInt(h, 16));
}

/** The DHCP message dhcp_request sends (Scapy's options, in Scapy's order). */
export function dhcpRequestPacket(options: Omit<DhcpRequestOptions, keyof SrOptions> & { iface?: string } = {}): Packet {
  const hw = options.hw ?? getIfHwaddr(options.iface ?? conf.iface);
  const dhcp: unknown[] = [
    ["message-type", options.reqType ?? "discover"],
    ["client_id", Uint8Array.of(1, ...macBytes(hw))],
  ];
  if (options.requestedAddr) dhcp.push(["requested_addr", options.requestedAddr]);
  if (options.hostname) dhcp.push(["hostname", options.hostname], ["client_FQDN", `\x00\x00\x00${options.hostname}`]);
  if (options.serverId) dhcp.push(["server_id", options.serverId]);
  dhcp.push(["vendor_class_id", "MSFT 5.0"], ["param_req_list", PARAM_REQ_LIST], "end");
  return Ether({ dst: "ff:ff:ff:ff:ff:ff", src: hw })
    .div(IP({ src: "0.0.0.0", dst: "255.255.255.255" }))
    .div(UDP({ sport: 68, dport: 67 }))
    .div(BOOTP({ chaddr: hw, xid: new RandInt(), flags: "B" }))
    .div(DHCP({ options: dhcp as never }));
}

/**
 * Broadcasts one DHCP message from iface (a discover unless reqType says otherwise) and resolves
 * with the first answer (an offer, an ack...), or undefined (Scapy's dhcp_request).
 */
export async function dhcpRequest(options: DhcpRequestOptions = {}): Promise<Packet | undefined> {
  checkRequest(options);
  return ask(options);
}

/** dhcp_request with a discover: the first offer (Scapy 2.6's dhcp_discover). */
export async function dhcpDiscover(options: Omit<DhcpRequestOptions, "reqType"> = {}): Promise<Packet | undefined> {
  checkDiscover(options);
  return ask({ ...options, reqType: "discover" });
}

function ask(options: DhcpRequestOptions): Promise<Packet | undefined> {
  // The answer comes from the server to the broadcast address or the offered one: not to where the request went.
  if (conf.checkIPaddr) warn("conf.checkIPaddr is enabled, may not be able to match the answer");
  const { hw, reqType, serverId, requestedAddr, hostname, ...sr } = options;
  const iface = sr.iface ?? conf.iface;
  return srp1(dhcpRequestPacket({ hw, reqType, serverId, requestedAddr, hostname, iface }), withDefaults<SrOptions>({ iface, filter: "udp and port 68" }, sr));
}
