/**
 * DLT_LOOP (108): the BSD loopback header with the address family in network byte order (OpenBSD
 * writes it so), where DLT_NULL (Loopback in l2.ts) has it in host order. It carries what
 * Loopback carries.
 */
import { defineLayer } from "../core/define.ts";
import { intEnum } from "../core/fields/integers.ts";
import { Loopback, LOOPBACK_TYPES } from "./l2.ts";
import { DLT, registerLinkType } from "./linktypes.ts";

export const LoopbackBE = defineLayer("LoopbackBE", [intEnum("type", 2, LOOPBACK_TYPES)], { parent: Loopback, displayName: "Loopback" });

registerLinkType(DLT.LOOP, LoopbackBE);
