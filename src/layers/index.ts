/** Every protocol layer, each family in its own file. */
export * from "./l2.ts";
export * from "./linktypes.ts";
export * from "./pseudoHeader.ts";
export * from "./ipOptions.ts";
export * from "./tcpOptions.ts";
export * from "./inet.ts";
export * from "./loopback.ts";
export * from "./fragment.ts";
