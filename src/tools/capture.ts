/**
 * Commands built on a capture: tshark (sniff, each packet printed with its number, as Scapy's
 * text "tshark") and bridgeAndSniff (frames forwarded between two interfaces, changed or dropped
 * on the way, and kept).
 */
import { conf } from "../core/conf.ts";
import { strictOptions } from "../core/options.ts";
import { Packet } from "../core/packet.ts";
import { PacketList } from "../core/plist.ts";
import { say } from "../live/output.ts";
import { sniff, type SniffOptions } from "../live/sniff.ts";
import { LiveSocket } from "../live/socket.ts";

const SNIFF_KEYS = { iface: true, ifaces: true, filter: true, count: true, timeout: true, prn: true, lfilter: true, stopFilter: true, store: true, offline: true, promisc: true, bufferSize: true, snaplen: true, immediate: true, startedCallback: true, session: true, signal: true } as const;
const checkTshark = strictOptions<SniffOptions>("tshark", SNIFF_KEYS);

/**
 * Sniffs (sniff()'s options) and prints each packet as `    N\tsummary`, then how many were
 * captured (Scapy's tshark, which is no launcher: tdecode runs Wireshark's tshark).
 */
export async function tshark(options: SniffOptions = {}): Promise<void> {
  checkTshark(options);
  const iface = options.iface ?? conf.iface;
  say(`Capturing on '${Array.isArray(iface) ? iface.join("', '") : iface}'\n`);
  let n = 0;
  const prn = options.prn;
  await sniff({
    ...options,
    store: false,
    prn: (p) => {
      say(`${String(n++).padStart(5)}\t${p.summary()}\n`);
      return prn?.(p);
    },
  });
  say(`\n${n} packet${n > 1 ? "s" : ""} captured\n`);
}

/** What a transform decides for a frame: forward it (true), drop it (false), or send this instead. */
export type Transform = (p: Packet) => boolean | Packet | Uint8Array | null | undefined;

export interface BridgeOptions {
  /** Changes or drops frames from if1 to if2 (Scapy's xfrm12). */
  xfrm12?: Transform | null;
  /** Changes or drops frames from if2 to if1 (Scapy's xfrm21). */
  xfrm21?: Transform | null;
  /** Called with each frame received (what it returns, printed). */
  prn?: ((p: Packet) => unknown) | null;
  /** Keep the frames in the result (default true). */
  store?: boolean;
  /** Stop after this many frames (0: no limit). */
  count?: number;
  /** Stop after this many seconds. */
  timeout?: number;
  stopFilter?: (p: Packet) => boolean;
  signal?: AbortSignal;
}

const checkBridge = strictOptions<BridgeOptions>("bridge_and_sniff", { xfrm12: true, xfrm21: true, prn: true, store: true, count: true, timeout: true, stopFilter: true, signal: true }, { L2socket: "" });

/**
 * Forwards every frame that comes in on if1 out of if2 and back (Scapy's bridge_and_sniff),
 * each through its transform, and resolves with the frames received once count, timeout,
 * stopFilter or signal ends it. The interfaces should have no address of their own (the
 * kernel would answer too).
 */
export function bridgeAndSniff(if1: string, if2: string, options: BridgeOptions = {}): Promise<PacketList> {
  checkBridge(options);
  const list = new PacketList<Packet>([], "Sniffed");
  const a = new LiveSocket({ iface: if1, direction: "in", promisc: true });
  const b = new LiveSocket({ iface: if2, direction: "in", promisc: true });
  return new Promise<PacketList>((resolve, reject) => {
    let seen = 0;
    let done = false;
    let timer: NodeJS.Timeout | undefined;
    const finish = (e?: unknown) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      options.signal?.removeEventListener("abort", onAbort);
      a.close();
      b.close();
      if (e === undefined) resolve(list);
      else reject(e);
    };
    const onAbort = () => finish();
    const forward = (to: LiveSocket, xfrm: Transform | null | undefined) => (batch: Packet[]) => {
      try {
        for (const p of batch) {
          if (done) return;
          const out = xfrm ? xfrm(p) : true;
          if (out === true) to.send(p.build());
          else if (out instanceof Packet) to.send(out.build());
          else if (out instanceof Uint8Array) to.send(out);
          seen++;
          if (options.store ?? true) list.push(p);
          const shown = options.prn?.(p);
          if (shown !== undefined && shown !== null) console.log(String(shown));
          if ((options.stopFilter && options.stopFilter(p)) || ((options.count ?? 0) > 0 && seen >= options.count!)) return finish();
        }
      } catch (e) {
        finish(e);
      }
    };
    a.receive(forward(b, options.xfrm12), finish);
    b.receive(forward(a, options.xfrm21), finish);
    if (options.timeout !== undefined) timer = setTimeout(() => finish(), options.timeout * 1000);
    if (options.signal?.aborted) finish();
    else options.signal?.addEventListener("abort", onAbort);
  });
}
