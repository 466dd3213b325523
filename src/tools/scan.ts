/** Looking at answers: ipidCount (how many IP id counters a set of hosts shows). */
import type { Packet } from "../core/packet.ts";
import { printLine } from "../render/color.ts";
import { IP } from "../layers/inet.ts";

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
