/** Every protocol layer, each family in its own file. */
export * from "./l2.ts";
export * from "./linktypes.ts";
