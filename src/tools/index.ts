/**
 * Scapy's commands (one file per family) and their registration: each is listed by lsc() under
 * its Scapy name with the first line of its help. The commands implemented elsewhere (sr, send,
 * sniff in src/live; bind_layers in the core...) are registered here too, so lsc() lists every
 * command from one table.
 */
import { registerCommand } from "../core/commands.ts";
import { conf } from "../core/conf.ts";
import { bindLayers, splitLayers } from "../core/bind.ts";
import { corruptBits, corruptBytes } from "../core/volatile.ts";
import { hexstr } from "../render/hexdump.ts";
import { getmacbyip, getmacbyip6, send, sendp, sniff, sr, sr1, srp, srp1 } from "../live/index.ts";
import { arpcachepoison, arping, arpleak, arpMitm, etherleak, isPromisc, promiscping } from "./arp.ts";
import { bridgeAndSniff, tshark } from "./capture.ts";
import { fletcher16Checkbytes, fletcher16Checksum } from "./checksums.ts";
import { dhcpDiscover, dhcpRequest } from "./dhcp.ts";
import { dyndnsAdd, dyndnsDel } from "./dyndns.ts";
import { rderf, wrerf } from "./erf.ts";
import { explore } from "./explore.ts";
import { fragleak, fragleak2, overlapFrag } from "./fragments.ts";
import { fuzz } from "./fuzz.ts";
import { chexdump, hexedit, importHexcap } from "./hex.ts";
import { tcpdump, tdecode, wireshark } from "./launchers.ts";
import { computeNIGroupAddr, neighsol } from "./nd.ts";
import { ifaces, showInterfaces } from "./interfaces.ts";
import { manufdb } from "./manuf.ts";
import { ipidCount, reportPorts } from "./scan.ts";
import { restart } from "./restart.ts";
import { rfc } from "./rfc.ts";
import { sendpfast } from "./sendpfast.ts";
import { sr1flood, srflood, srloop, srp1flood, srpflood, srploop } from "./loops.ts";
import { traceroute, traceroute6, tracerouteMap } from "./traceroute.ts";

export { fuzz, randomValueFor, RandTCPOptions, RandDHCPOptions, RandList } from "./fuzz.ts";
export { chexdump, importHexcap, hexedit } from "./hex.ts";
export { fletcher16Checksum, fletcher16Checkbytes } from "./checksums.ts";
export { rderf, wrerf, type RderfOptions, type WrerfOptions } from "./erf.ts";
export { explore, layerFamilies } from "./explore.ts";
export { overlapFrag, fragleak, fragleak2, type FragleakOptions } from "./fragments.ts";
export { ipidCount, reportPorts, type Ports } from "./scan.ts";
export { arping, ARPingResult, arpcachepoison, arpMitm, isPromisc, promiscping, etherleak, arpleak, addressesOf, type ArpingOptions, type PromiscOptions, type PoisonOptions, type MitmOptions } from "./arp.ts";
export { traceroute, traceroute6, tracerouteMap, TracerouteResult, TracerouteResult6, type Trace, type TracerouteOptions } from "./traceroute.ts";
export { dhcpRequest, dhcpDiscover, dhcpRequestPacket, type DhcpRequestOptions } from "./dhcp.ts";
export { srloop, srploop, srflood, srpflood, sr1flood, srp1flood, type LoopOptions } from "./loops.ts";
export { sendpfast, parseTcpreplay, type SendpfastOptions, type ReplayResults } from "./sendpfast.ts";
export { dyndnsAdd, dyndnsDel, type DyndnsOptions } from "./dyndns.ts";
export { tshark, bridgeAndSniff, type BridgeOptions, type Transform } from "./capture.ts";
export { rfc } from "./rfc.ts";
export { samplePath } from "./samples.ts";
export { loadLayer, loadContrib } from "./loadLayer.ts";
export { restart } from "./restart.ts";
export { tcpdump, tdecode, wireshark, type TcpdumpOptions, type PacketSource } from "./launchers.ts";
export { computeNIGroupAddr, neighsol, solicitedNode } from "./nd.ts";
export { ManufDA, type Vendor } from "./manuf.ts";
export { NetworkInterface, NetworkInterfaceDict, showInterfaces } from "./interfaces.ts";

conf.manufdb = manufdb;
conf.ifaces = ifaces;

const COMMANDS: Array<[name: string, description: string, fn: unknown]> = [
  ["IPID_count", "Identify IP id values classes in a list of packets", ipidCount],
  ["arp_mitm", "ARP MitM: poison 2 target's ARP cache", arpMitm],
  ["arpcachepoison", "Poison targets' ARP cache", arpcachepoison],
  ["arping", "Send ARP who-has requests to determine which hosts are up", arping],
  ["arpleak", "Exploit ARP leak flaws, like NetBSD-SA2017-002.", arpleak],
  ["bridge_and_sniff", "Forward traffic between interfaces if1 and if2, sniff and return the exchanged packets.", bridgeAndSniff],
  ["dhcp_discover", "Send a DHCP discover and return the first offer.", dhcpDiscover],
  ["dhcp_request", "Send a DHCP discover request and return the answer.", dhcpRequest],
  ["dyndns_add", "Send a DNS add message to a nameserver for \"name\" to have a new \"rdata\"", dyndnsAdd],
  ["dyndns_del", "Send a DNS delete message to a nameserver for \"name\"", dyndnsDel],
  ["etherleak", "Exploit Etherleak flaw", etherleak],
  ["fragleak", "Send first fragments that never complete and print what the ICMP errors leak", fragleak],
  ["fragleak2", "fragleak with protocol 200 first fragments", fragleak2],
  ["is_promisc", "Try to guess if target is in Promisc mode. The target is provided by its ip.", isPromisc],
  ["promiscping", "Send ARP who-has requests to determine which hosts are in promiscuous mode", promiscping],
  ["report_ports", "portscan a target and output a LaTeX table", reportPorts],
  ["restart", "Restarts packetry", restart],
  ["rfc", "Generate an RFC-like representation of a packet def.", rfc],
  ["sendpfast", "Send packets at layer 2 at a rate (pps, mbps, realtime), or through tcpreplay", sendpfast],
  ["sr1flood", "Flood and receive packets at layer 3 and return only the first answer", sr1flood],
  ["srflood", "Flood and receive packets at layer 3", srflood],
  ["srloop", "Send a packet at layer 3 in loop and print the answer each time", srloop],
  ["srp1flood", "Flood and receive packets at layer 2 and return only the first answer", srp1flood],
  ["srpflood", "Flood and receive packets at layer 2", srpflood],
  ["srploop", "Send a packet at layer 2 in loop and print the answer each time", srploop],
  ["traceroute", "Instant TCP traceroute", traceroute],
  ["traceroute6", "Instant TCP traceroute using IPv6", traceroute6],
  ["traceroute_map", "Util function to call traceroute on multiple targets, then draw the paths", tracerouteMap],
  ["tshark", "Sniff packets and print them calling pkt.summary().", tshark],
  ["bind_layers", "Bind 2 layers on some specific fields' values.", bindLayers],
  ["chexdump", "Build a per byte hexadecimal representation", chexdump],
  ["computeNIGroupAddr", "Compute the NI group Address. Can take a FQDN as input parameter", computeNIGroupAddr],
  ["corrupt_bits", "Flip a given percentage (at least one bit) or number of bits", corruptBits],
  ["corrupt_bytes", "Corrupt a given percentage (at least one byte) or number of bytes", corruptBytes],
  ["explore", "Function used to discover the Scapy layers and protocols.", explore],
  ["fletcher16_checkbytes", "Calculates the Fletcher-16 checkbytes returned as 2 byte binary-string.", fletcher16Checkbytes],
  ["fletcher16_checksum", "Calculates Fletcher-16 checksum of the given buffer.", fletcher16Checksum],
  ["fuzz", "Transform a layer into a fuzzy layer by replacing some default values by random objects", fuzz],
  ["getmacbyip", "Return MAC address corresponding to a given IP address", getmacbyip],
  ["getmacbyip6", "Returns the MAC address corresponding to an IPv6 address", getmacbyip6],
  ["hexedit", "Run hexedit on a list of packets, then return the edited packets.", hexedit],
  ["hexstr", "Build a fancy tcpdump like hex from bytes.", hexstr],
  ["import_hexcap", "Imports a tcpdump like hexadecimal view", importHexcap],
  ["neighsol", "Sends and receive an ICMPv6 Neighbor Solicitation message", neighsol],
  ["overlap_frag", "Build overlapping fragments to bypass NIPS", overlapFrag],
  ["rderf", "Read a ERF file and return a packet list", rderf],
  ["send", "Send packets at layer 3", send],
  ["sendp", "Send packets at layer 2", sendp],
  ["sniff", "Sniff packets and return a list of packets.", sniff],
  ["split_layers", "Split 2 layers previously bound.", splitLayers],
  ["sr", "Send and receive packets at layer 3", sr],
  ["sr1", "Send packets at layer 3 and return only the first answer", sr1],
  ["srp", "Send and receive packets at layer 2", srp],
  ["srp1", "Send and receive packets at layer 2 and return only the first answer", srp1],
  ["tcpdump", "Run tcpdump or tshark on a list of packets.", tcpdump],
  ["tdecode", "Run tshark on a list of packets.", tdecode],
  ["wireshark", "Runs Wireshark on a list of packets.", wireshark],
  ["wrerf", "Write a list of packets to a ERF file", wrerf],
];
for (const [name, description, fn] of COMMANDS) registerCommand(name, description, fn);
