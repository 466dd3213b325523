/**
 * What the shell puts in scope: every export of the library under its own name, and under
 * Scapy's snake_case name when packetry's is camelCase (dns_compress, get_if_hwaddr,
 * bind_layers, dhcp_request... derived from the exports, so new ones appear by themselves), and
 * what some of them are to the shell.
 */
import * as lib from "../index.ts";
import { conf, defaultInterface, getmacbyip, getmacbyip6, rdpcapAsync, send, sendp, sniff, sr, sr1, srp, srp1 } from "../index.ts";
import { interrupt, pathArguments, tupleResults } from "./runtime/calls.ts";
import { tuple } from "./runtime/types.ts";

/** camelCase → snake_case, as Scapy names its functions: getIfHwaddr → get_if_hwaddr. */
export function snakeCase(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();
}

/** Scapy names that are not the snake_case of a packetry name. */
const EXTRA: Record<string, unknown> = {
  // The workshop writes `Conf.checkIPaddr = False`: in Scapy Conf is conf's class, whose attribute is the
  // default conf reads, so both spellings set the same switch. Here Conf is conf.
  Conf: conf,
  get_working_if: defaultInterface,
  // The workshop's DHCP request lists `IPField("requested_addr", "172.16.206.138")` among the options:
  // it stands for the option ("requested_addr", "172.16.206.138").
  IPField: (name: string, value: string) => tuple([name, value]),
};

export function libraryScope(): Record<string, unknown> {
  const scope: Record<string, unknown> = { ...lib };
  for (const [name, value] of Object.entries(lib)) {
    if (!/^[a-z]/.test(name) || !/[A-Z]/.test(name)) continue;
    const snake = snakeCase(name);
    if (!(snake in scope)) scope[snake] = value;
  }
  for (const [name, value] of Object.entries(EXTRA)) if (!(name in scope)) scope[name] = value;
  // Every command lsc() lists answers to its Scapy name (IPID_count...).
  for (const [name, c] of lib.commands) if (!(name in scope)) scope[name] = c.fn;
  return scope;
}


// What some library functions are to the shell (by name, so functions added later can join):
// a path first (`~` expands), a Python tuple returned (sr's (ans, unans)), a wait Ctrl-C ends.
const byName = (names: string[]) => names.map((n) => (lib as Record<string, unknown>)[n]).filter((f): f is Function => typeof f === "function");
for (const fn of byName(["rdpcap", "rdpcapAsync", "wrpcap", "wrpcapng", "PcapReader", "PcapWriter"])) pathArguments.functions.add(fn);
for (const fn of byName(["sr", "srp", "defrag", "arping", "traceroute"])) tupleResults.add(fn);
for (const fn of [sr, sr1, srp, srp1, sniff, send, sendp]) interrupt.aware.add(fn);
// The toolbox's commands that answer (ans, unans) as Scapy's, and those that run until Ctrl-C.
for (const fn of byName(["traceroute6", "promiscping", "etherleak", "arpleak", "srloop", "srploop", "srflood", "srpflood"])) tupleResults.add(fn);
for (const fn of byName(["arping", "traceroute", "traceroute6", "promiscping", "srloop", "srploop", "srflood", "srpflood", "sr1flood", "srp1flood", "arpcachepoison", "arpMitm", "fragleak", "fragleak2", "sendpfast", "tshark", "bridgeAndSniff", "reportPorts", "dhcpRequest", "dhcpDiscover"])) interrupt.aware.add(fn);

/** Library functions that return promises without being declared async (their calls make a def async). */
const PROMISING = new Set<unknown>([sniff, getmacbyip, getmacbyip6, rdpcapAsync]);

export function returnsPromise(fn: unknown): boolean {
  return PROMISING.has(fn);
}
