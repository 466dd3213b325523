/**
 * Loads the libpcap addon lazily (importing packetry never needs it) and turns its errors into
 * messages that say what to do. PACKETRY_NATIVE=/path/to/addon.node loads another build (tests
 * point it at a missing file to see the "not built" error).
 */
import { createRequire } from "node:module";
import { PacketryError } from "../core/errors.ts";

export interface NativeStats {
  /** Packets the kernel handed to this capture (those that passed the filter). */
  received: number;
  /** Dropped because the capture buffer was full. */
  dropped: number;
  /** Dropped by the interface or its driver. */
  ifDropped: number;
}

export interface NativeCapture {
  linktype(): number;
  setFilter(expression: string): void;
  setDirection(direction: "in" | "out" | "inout"): void;
  inject(frame: Uint8Array): number;
  /** Frame i is bytes[ends[i-1], ends[i]); returns how many were sent. */
  injectBatch(bytes: Uint8Array, ends: Uint32Array): number;
  /** meta holds 5 words per packet: offset, caplen, wirelen, seconds, nanoseconds. */
  start(onBatch: (data: ArrayBuffer, meta: Uint32Array) => void, onError: (err: Error & { code?: string }) => void): void;
  stop(): void;
  /** Hands over at once (through start's onBatch) what the kernel holds for this capture. */
  drain(): void;
  stats(): NativeStats;
  close(): void;
}

export interface CaptureOptions {
  snaplen?: number;
  promisc?: boolean;
  bufferSize?: number;
  immediate?: boolean;
}

export interface NativeAddress {
  family: "IPv4" | "IPv6";
  address: string;
  netmask: string;
  prefixlen: number;
  broadcast?: string;
  scopeid?: number;
}

export interface NativeInterface {
  name: string;
  index: number;
  mac: string;
  hwtype: number;
  flags: number;
  mtu: number;
  addresses: NativeAddress[];
}

export interface NativeAddon {
  Capture: new (iface: string, options?: CaptureOptions) => NativeCapture;
  BpfProgram: new (expression: string, linktype: number, snaplen?: number) => { matches(bytes: Uint8Array, wirelen?: number): boolean };
  interfaces(): NativeInterface[];
  enterNetns(path: string): void;
  /** Sends IP packets through raw IP sockets (header included); packet i is bytes[ends[i-1], ends[i]). */
  sendRawIp(version: 4 | 6, dsts: string[], bytes: Uint8Array, ends: Uint32Array): number;
  libpcapVersion: string;
}

const defaultPath = new URL("../../native/build/Release/packetry_pcap.node", import.meta.url).pathname;
let cached: NativeAddon | null = null;
let failure: PacketryError | null = null;

/** Path of the addon this process loads. */
export function nativePath(): string {
  return process.env.PACKETRY_NATIVE || defaultPath;
}

/** The addon, or one clear error saying how to build it. */
export function loadNative(): NativeAddon {
  if (cached) return cached;
  if (failure) throw failure;
  const path = nativePath();
  try {
    cached = createRequire(import.meta.url)(path) as NativeAddon;
    return cached;
  } catch (e) {
    const why = e instanceof Error ? e.message.split("\n")[0] : String(e);
    failure = new PacketryError(
      `packetry's live functions need its libpcap addon, which is not built (${path}: ${why}). ` +
        "Install libpcap's headers and a C++ compiler (Debian/Ubuntu: apt-get install libpcap-dev g++ make), then run `npm rebuild packetry` (or `npm rebuild` in packetry's folder).",
      "ENOADDON",
    );
    throw failure;
  }
}

/** True when the addon loads (live functions can work, given the rights). */
export function nativeAvailable(): boolean {
  try {
    loadNative();
    return true;
  } catch {
    return false;
  }
}

const FIX_RIGHTS = "run as root or grant CAP_NET_RAW and CAP_NET_ADMIN (e.g. sudo setcap cap_net_raw,cap_net_admin+eip \"$(readlink -f \"$(which node)\")\")";

/** Words an addon error for people; `listIfaces` names the interfaces that exist. */
export function liveError(e: unknown, iface: string, action: string, listIfaces: () => string[]): PacketryError {
  if (e instanceof PacketryError) return e;
  const err = e as Error & { code?: string };
  const detail = err?.message ?? String(e);
  switch (err?.code) {
    case "EPERM":
      return new PacketryError(`Cannot ${action} ${iface}: permission denied (${detail}): ${FIX_RIGHTS}.`, "EPERM");
    case "ENODEV": {
      let names = "";
      try {
        names = listIfaces().join(", ");
      } catch {
        names = "?";
      }
      return new PacketryError(`No such interface: ${JSON.stringify(iface)} (interfaces here: ${names}).`, "ENODEV");
    }
    case "ENETDOWN":
      return new PacketryError(`Interface ${iface} is down or went away (${detail}).`, "ENETDOWN");
    case "EFILTER":
      return new PacketryError(`Bad BPF filter: ${detail}.`, "EFILTER");
    case "EMSGSIZE":
      return new PacketryError(`Frame too long for ${iface} (${detail}).`, "EMSGSIZE");
    default:
      return new PacketryError(`Cannot ${action} ${iface}: ${detail}.`, err?.code ?? "EPCAP");
  }
}
