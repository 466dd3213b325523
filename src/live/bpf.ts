/** BPF filters compiled without an interface (pcap_open_dead), for packets from files or memory. */
import { PacketryError } from "../core/errors.ts";
import { loadNative } from "./native.ts";

export interface CompiledFilter {
  readonly expression: string;
  /** Does this frame of this link type pass? */
  matches(frame: Uint8Array, linktype: number, wirelen?: number): boolean;
}

/** Compiles `expression` (tcpdump syntax); bad syntax is a PacketryError with libpcap's message. */
export function compileFilter(expression: string): CompiledFilter {
  const native = loadNative();
  const programs = new Map<number, InstanceType<typeof native.BpfProgram>>();
  const programFor = (linktype: number) => {
    let prog = programs.get(linktype);
    if (!prog) {
      try {
        prog = new native.BpfProgram(expression, linktype);
      } catch (e) {
        throw new PacketryError(`Bad BPF filter ${JSON.stringify(expression)}: ${(e as Error).message}`, "EFILTER");
      }
      programs.set(linktype, prog);
    }
    return prog;
  };
  // Compile once for Ethernet now, so a bad expression fails at once.
  programFor(1);
  return { expression, matches: (frame, linktype, wirelen) => programFor(linktype).matches(frame, wirelen) };
}
