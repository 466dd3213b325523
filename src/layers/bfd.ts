/** Bidirectional Forwarding Detection control packets (RFC 5880) on UDP 3784, 4784, 6784 and 7784. */
import { bindBottomUp, bindLayers } from "../core/bind.ts";
import { defineLayer } from "../core/define.ts";
import { bitEnum, bits, flags } from "../core/fields/bits.ts";
import { byte } from "../core/fields/integers.ts";
import { UDP } from "./inet.ts";

export const BFD_STATES = { 0: "AdminDown", 1: "Down", 2: "Init", 3: "Up" };

/** IANA's BFD diagnostic codes. */
export const BFD_DIAGNOSTICS = {
  0: "No Diagnostic",
  1: "Control Detection Time Expired",
  2: "Echo Function Failed",
  3: "Neighbor Signaled Session Down",
  4: "Forwarding Plane Reset",
  5: "Path Down",
  6: "Concatenated Path Down",
  7: "Administratively Down",
  8: "Reverse Concatenated Path Down",
  9: "Mis-Connectivity Defect",
};

export const BFD = defineLayer(
  "BFD",
  [
    bits("version", 1, 3),
    bitEnum("diag", 0, 5, BFD_DIAGNOSTICS),
    bitEnum("sta", 3, 2, BFD_STATES),
    flags("flags", 0, 6, "MDACFP"),
    byte("detect_mult", 3),
    byte("len", 24),
    bits("my_discriminator", 0x11111111, 32),
    bits("your_discriminator", 0x22222222, 32),
    bits("min_tx_interval", 1000000000, 32),
    bits("min_rx_interval", 1000000000, 32),
    bits("echo_rx_interval", 1000000000, 32),
  ],
  { summary: "BFD (my_disc=%BFD.my_discriminator%,your_disc=%BFD.your_discriminator%,state=%BFD.sta%)" },
);

// Single-hop, multi-hop, micro-BFD on LAG members, seamless BFD.
for (const port of [3784, 4784, 6784, 7784]) {
  bindBottomUp(UDP, BFD, { dport: port });
  bindBottomUp(UDP, BFD, { sport: port });
  bindLayers(UDP, BFD, { dport: port, sport: port });
}
