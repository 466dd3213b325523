/** Field kinds for layer declarations. */
export * from "./integers.ts";
export * from "./bits.ts";
export * from "./address.ts";
export * from "./strings.ts";
export * from "./length.ts";
export * from "./packets.ts";
export * from "./wrapped.ts";
export * from "./enums.ts";
export * from "./optionList.ts";
export * from "./computed.ts";
export * from "./fixedList.ts";
export * from "./fletcher.ts";
export * from "./prefix.ts";
export * from "./pad.ts";
