/**
 * Scapy's commands (one file per family) and their registration: each is listed by lsc() under
 * its Scapy name with the first line of its help. The live commands implemented in src/live
 * (sr, send, sniff...) are registered here too, so lsc() lists every command in one place.
 */
import { registerCommand } from "../core/commands.ts";
import { bindLayers, splitLayers } from "../core/bind.ts";
import { corruptBits, corruptBytes } from "../core/volatile.ts";
import { hexstr } from "../render/hexdump.ts";
import { getmacbyip, getmacbyip6, send, sendp, sniff, sr, sr1, srp, srp1 } from "../live/index.ts";
import { fuzz } from "./fuzz.ts";

export { fuzz, randomValueFor, RandTCPOptions, RandDHCPOptions, RandList } from "./fuzz.ts";

const COMMANDS: Array<[name: string, description: string, fn: unknown]> = [
  ["bind_layers", "Bind 2 layers on some specific fields' values.", bindLayers],
  ["split_layers", "Split 2 layers previously bound.", splitLayers],
  ["hexstr", "Build a fancy tcpdump like hex from bytes.", hexstr],
  ["corrupt_bits", "Flip a given percentage (at least one bit) or number of bits", corruptBits],
  ["corrupt_bytes", "Corrupt a given percentage (at least one byte) or number of bytes", corruptBytes],
  ["fuzz", "Transform a layer into a fuzzy layer by replacing some default values by random objects", fuzz],
  ["send", "Send packets at layer 3", send],
  ["sendp", "Send packets at layer 2", sendp],
  ["sr", "Send and receive packets at layer 3", sr],
  ["sr1", "Send packets at layer 3 and return only the first answer", sr1],
  ["srp", "Send and receive packets at layer 2", srp],
  ["srp1", "Send and receive packets at layer 2 and return only the first answer", srp1],
  ["sniff", "Sniff packets and return a list of packets.", sniff],
  ["getmacbyip", "Return MAC address corresponding to a given IP address", getmacbyip],
  ["getmacbyip6", "Returns the MAC address corresponding to an IPv6 address", getmacbyip6],
];
for (const [name, description, fn] of COMMANDS) registerCommand(name, description, fn);
