/**
 * Asking another DNS server, for DNS_am's relay: one query over a kernel UDP socket to each of
 * conf.nameservers in turn (default: the nameservers of /etc/resolv.conf), the answer records
 * of the first reply. Scapy's dns_resolve does the same with its own sockets. An entry may name
 * a port ("127.0.0.1:5300", "[::1]:5300"); the default is 53.
 */
import { createSocket } from "node:dgram";
import { readFileSync } from "node:fs";
import { isIPv4 } from "../core/addr.ts";
import { conf } from "../core/conf.ts";
import type { Packet } from "../core/packet.ts";
import { DNS, DNSQR } from "../layers/dns.ts";

/** conf.nameservers, read from /etc/resolv.conf the first time it is needed. */
export function nameservers(): string[] {
  if (!Array.isArray(conf.nameservers)) {
    let text = "";
    try {
      text = readFileSync("/etc/resolv.conf", "utf8");
    } catch {
      // no resolver configuration: no servers
    }
    conf.nameservers = [...text.matchAll(/^\s*nameserver\s+(\S+)/gm)].map((m) => m[1]!);
  }
  return conf.nameservers as string[];
}

/** [address, port] of a nameserver entry. */
function endpoint(entry: string): [string, number] {
  const v6 = /^\[(.+)\]:(\d+)$/.exec(entry);
  if (v6) return [v6[1]!, Number(v6[2])];
  const v4 = /^([^:]+):(\d+)$/.exec(entry);
  if (v4) return [v4[1]!, Number(v4[2])];
  return [entry, 53];
}

function ask(entry: string, qname: Uint8Array, qtype: number, seconds: number): Promise<Packet[] | null> {
  const [server, port] = endpoint(entry);
  return new Promise((resolve) => {
    const sock = createSocket(isIPv4(server) ? "udp4" : "udp6");
    const id = Math.floor(Math.random() * 0x10000);
    const timer = setTimeout(() => done(null), seconds * 1000);
    function done(result: Packet[] | null) {
      clearTimeout(timer);
      sock.close();
      resolve(result);
    }
    sock.on("error", () => done(null));
    sock.on("message", (msg) => {
      const reply = DNS(new Uint8Array(msg.buffer, msg.byteOffset, msg.byteLength));
      if (reply.id !== id || reply.qr !== 1) return;
      done([...((reply.an as Packet[] | undefined) ?? [])]);
    });
    sock.send(DNS({ id, rd: 1, qd: [DNSQR({ qname, qtype })] }).build(), port, server);
  });
}

/** The answers the configured nameservers give for (qname, qtype), or null when none replied. */
export async function dnsResolve(qname: Uint8Array, qtype: number, seconds = 2): Promise<Packet[] | null> {
  for (const server of nameservers()) {
    const got = await ask(server, qname, qtype, seconds);
    if (got) return got;
  }
  return null;
}
