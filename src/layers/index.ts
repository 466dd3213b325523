/** Every protocol layer, each family in its own file. */
export * from "./l2.ts";
export * from "./linktypes.ts";
export * from "./pseudoHeader.ts";
export * from "./ipOptions.ts";
export * from "./tcpOptions.ts";
export * from "./inet.ts";
export * from "./loopback.ts";
export * from "./fragment.ts";
export * from "./multicast.ts";
export * from "./ipv6Options.ts";
export * from "./inet6.ts";
export * from "./icmpv6.ts";
export * from "./ndOptions.ts";
export * from "./icmpv6Nd.ts";
export { IP6ListField, DomainNameListField, PrefixField, TruncatedPacketField } from "./ipv6Fields.ts";
