/**
 * Live capture and injection (Node only, Linux, libpcap addon loaded lazily): routes and
 * interfaces, the neighbour cache, send/sendp, sr/sr1/srp/srp1, sniff and AsyncSniffer.
 * Importing this fills conf.resolvers and makes conf.iface / conf.route follow the kernel.
 */
import { installLiveConf } from "./resolvers.ts";

installLiveConf();

export { send, sendp, type SendOptions } from "./send.ts";
export { sr, sr1, srp, srp1, type SrOptions, type SrResult } from "./sr.ts";
export { sniff, AsyncSniffer, type SniffOptions } from "./sniff.ts";
export { getmacbyip, getmacbyip6, arpCache, ndCache, NeighborCache, multicastMac4, multicastMac6 } from "./neighbor.ts";
export { RouteTable, type Route4, type RouteResult } from "./route.ts";
export { Route6Table, type Route6, type Route6Result } from "./route6.ts";
export { interfaces as listInterfaces, getInterface, IFF, type NetInterface, type InterfaceAddress } from "./interfaces.ts";
export { getIfList, getIfHwaddr, getIfAddr, getIfAddr6 } from "./ifutil.ts";
export { LiveSocket, type SocketOptions } from "./socket.ts";
export { compileFilter, type CompiledFilter } from "./bpf.ts";
export { defaultInterface, resolveHostname } from "./resolvers.ts";
export { nativeAvailable, libpcapVersion, enterNetns } from "./addon.ts";
export { SuperSocket, QueueSocket, PipeSocket, type Sendable, type RecvOptions, type SocketSniffOptions, type SocketSrOptions, type SocketSrResult } from "./supersocket.ts";
export { L2Socket, L2ListenSocket, L3PacketSocket, type LinkSocketOptions } from "./linksockets.ts";
export { StreamSocket } from "./streamsocket.ts";
