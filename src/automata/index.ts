/** Answering machines, automata and TCP_client (Scapy's ansmachine.py, automaton.py and the machines of its layers). */
export { AnsweringMachine, MachineRun, machineFunction, type MachineRunOptions, type MachineStats, type MachineHooks, type Reply } from "./ansmachine.ts";
export { Net, Net6, inAddressSet, type AddressSet } from "./net.ts";
export { ARP_am, farpd, type ARPMachineOptions } from "./arp.ts";
export { ICMPEcho_am, icmpechod } from "./icmp.ts";
export { BOOTP_am, DHCP_am, bootpd, dhcpd, type BOOTPMachineOptions } from "./dhcp.ts";
export { DNS_am, dnsd, dns_spoof, LLMNR_am, llmnrd, llmnr_spoof, mDNS_am, mdnsd, type DNSMachineOptions } from "./dns.ts";
export { DNSSDResult, dnssd, type DNSSDOptions } from "./dnssd.ts";
export { NBNS_am, nbns_spoof, type NBNSMachineOptions } from "./nbns.ts";
export { dnsResolve } from "./dnsRelay.ts";
export { ATMT, NewStateRequested, AutomatonException, AutomatonError, ErrorState, Stuck, AutomatonStopped, Breakpoint, Singlestep, InterceptionPoint, type StateOptions } from "./atmt.ts";
export { Automaton, AutomatonSocket, IoChannel, Timer, type AutomatonOptions, type SocketSource } from "./automaton.ts";
export { ObjectPipe } from "./pipe.ts";
export { definitionOf, type AutomatonDefinition } from "./definition.ts";
export { TCP_client, type TCPClientOptions } from "./tcpClient.ts";
export { dropKernelResets, dropKernelResetsCommand, kernelResetRulesInPlace } from "./kernelRst.ts";
export {
  NDP_Attack_Fake_Router,
  NDP_Attack_NA_Spoofing,
  NDP_Attack_NS_Spoofing,
  NDP_Attack_DAD_DoS_via_NS,
  NDP_Attack_DAD_DoS_via_NA,
  NDP_Attack_Kill_Default_Router,
  NDP_Fake_Router_am,
  NDP_NA_Spoofing_am,
  NDP_DAD_DoS_NS_am,
  NDP_DAD_DoS_NA_am,
  NDP_Kill_Default_Router_am,
  solicitedNodeAddress,
  type NSSpoofingOptions,
} from "./ndp.ts";
export { DHCPv6_am, dhcp6d, type DHCPv6MachineOptions } from "./dhcp6.ts";
