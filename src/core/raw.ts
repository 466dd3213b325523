/** Raw (bytes no layer claims) and Padding (bytes after a layer's declared length). */
import { defineLayer } from "./define.ts";
import { str } from "./fields/strings.ts";

export const Raw = defineLayer("Raw", [str("load", new Uint8Array(0))], {
  displayName: "Raw",
  // Bytes answer anything: a request's Raw payload never prevents a match.
  answers: () => true,
});

export const Padding = defineLayer("Padding", [str("load", new Uint8Array(0))], {
  parent: Raw,
  displayName: "Padding",
});

/** Stands for "no payload" when a reply has more layers than its request (Scapy's NoPayload). */
export const NoPayload = defineLayer("NoPayload", [], {
  answers: (_reply, request): boolean => request.spec.name === "NoPayload" || request.spec === Padding.spec,
});
