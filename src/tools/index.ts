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
import { fletcher16Checkbytes, fletcher16Checksum } from "./checksums.ts";
import { rderf, wrerf } from "./erf.ts";
import { explore } from "./explore.ts";
import { overlapFrag } from "./fragments.ts";
import { fuzz } from "./fuzz.ts";
import { chexdump, hexedit, importHexcap } from "./hex.ts";
import { tcpdump, tdecode, wireshark } from "./launchers.ts";
import { computeNIGroupAddr, neighsol } from "./nd.ts";
import { ifaces, showInterfaces } from "./interfaces.ts";
import { manufdb } from "./manuf.ts";
import { ipidCount } from "./scan.ts";

export { fuzz, randomValueFor, RandTCPOptions, RandDHCPOptions, RandList } from "./fuzz.ts";
export { chexdump, importHexcap, hexedit } from "./hex.ts";
export { fletcher16Checksum, fletcher16Checkbytes } from "./checksums.ts";
export { rderf, wrerf, type RderfOptions, type WrerfOptions } from "./erf.ts";
export { explore, layerFamilies } from "./explore.ts";
export { overlapFrag } from "./fragments.ts";
export { ipidCount } from "./scan.ts";
export { tcpdump, tdecode, wireshark, type TcpdumpOptions, type PacketSource } from "./launchers.ts";
export { computeNIGroupAddr, neighsol, solicitedNode } from "./nd.ts";
export { ManufDA, type Vendor } from "./manuf.ts";
export { NetworkInterface, NetworkInterfaceDict, showInterfaces } from "./interfaces.ts";

conf.manufdb = manufdb;
conf.ifaces = ifaces;

const COMMANDS: Array<[name: string, description: string, fn: unknown]> = [
  ["IPID_count", "Identify IP id values classes in a list of packets", ipidCount],
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
