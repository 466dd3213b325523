/** Scans and what answers say: ipidCount (how many IP id counters hosts show), reportPorts (a SYN scan as a LaTeX table). */
import { strictOptions } from "../core/options.ts";
import type { Packet } from "../core/packet.ts";
import { IntRange, range } from "../core/values.ts";
import { ICMP, IP, TCP } from "../layers/inet.ts";
import { sr } from "../live/sr.ts";
import { printLine } from "../render/color.ts";
import { withDefaults } from "./live.ts";

type Answer = readonly [query: Packet, reply: Packet] | Packet;

const replyOf = (x: Answer): Packet => (Array.isArray(x) ? (x as readonly [Packet, Packet])[1] : (x as Packet));

/** A gap this large between sorted IP ids starts another counter (as Scapy counts them). */
const CLASS_GAP = 50;

/**
 * Counts the IP id counters behind answers (Scapy's IPID_count): the ids sorted, a jump of
 * more than 50 starts a class; prints `Probably N classes: [...]`, then each id and summary.
 * `lst` holds (query, reply) pairs as sr() answers, or packets; funcID and funcpres read the
 * id and the summary of an element. Returns the first id of each class.
 */
export function ipidCount(lst: Iterable<Answer>, funcID: (x: Answer) => number = (x) => Number(replyOf(x).getLayer(IP)?.id), funcpres: (x: Answer) => string = (x) => replyOf(x).summary()): number[] {
  const rows = [...lst].map((x) => [funcID(x), funcpres(x)] as const);
  for (const [id] of rows) if (!Number.isFinite(id)) throw new TypeError("IPID_count(): an element has no IP id (give funcID to read it)");
  rows.sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  const ids = rows.map(([id]) => id);
  const classes = ids.length ? [ids[0]!, ...ids.slice(1).filter((id, i) => Math.abs(id - ids[i]!) > CLASS_GAP)] : [];
  printLine(`Probably ${classes.length} classes: [${classes.join(", ")}]`);
  for (const [id, text] of rows) printLine(`${String(id).padStart(5)} ${text}`);
  return classes;
}

/** Ports as Scapy takes them: a number, a [low, high] range, or a list of those. */
export type Ports = number | readonly [number, number] | IntRange | ReadonlyArray<number | readonly [number, number] | IntRange>;

function portList(ports: Ports): number[] {
  if (typeof ports === "number") return [ports];
  if (ports instanceof IntRange) return [...ports];
  // Python's (80, 85) is a range of ports, a list [80, 85] two ports: the shell gives tuples as PyTuple.
  if (Object.getPrototypeOf(ports)?.constructor?.name === "PyTuple" && ports.length === 2 && ports.every((p) => typeof p === "number")) return [...range(ports[0] as number, ports[1] as number)];
  return (ports as ReadonlyArray<number | readonly [number, number] | IntRange>).flatMap((p) => (typeof p === "number" ? [p] : p instanceof IntRange ? [...p] : [...range(p[0], p[1])]));
}

const checkReport = strictOptions<{ timeout?: number; verbose?: number | boolean; iface?: string; signal?: AbortSignal }>("report_ports", { timeout: true, verbose: true, iface: true, signal: true });

/**
 * A SYN scan of target's ports as a LaTeX table (Scapy's report_ports): open ports (SYN-ACK),
 * then closed ones (RST, or an ICMP error), then those without answer.
 */
export async function reportPorts(target: string, ports: Ports, options: { timeout?: number; verbose?: number | boolean; iface?: string; signal?: AbortSignal } = {}): Promise<string> {
  checkReport(options);
  const [ans, unans] = await sr(IP({ dst: target }).div(TCP({ dport: portList(ports) })), withDefaults({ timeout: 5 }, options));
  const SYN_ACK = 0x12;
  let rep = "\\begin{tabular}{|r|l|l|}\n\\hline\n";
  for (const [, r] of ans) if (!r.hasLayer(ICMP) && Number(r.getLayer(TCP)?.flags) === SYN_ACK) rep += r.sprintf("%TCP.sport% & open & SA \\\\\n");
  rep += "\\hline\n";
  for (const [, r] of ans) {
    if (r.hasLayer(ICMP)) rep += r.sprintf("%TCPerror.dport% & closed & ICMP type %ICMP.type%/%ICMP.code% from %IP.src% \\\\\n");
    else if (Number(r.getLayer(TCP)?.flags) !== SYN_ACK) rep += r.sprintf("%TCP.sport% & closed & TCP %TCP.flags% \\\\\n");
  }
  rep += "\\hline\n";
  for (const q of unans) rep += q.sprintf("%TCP.dport% & ? & unanswered \\\\\n");
  return rep + "\\hline\n\\end{tabular}\n";
}
