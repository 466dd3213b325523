/**
 * IEEE 802.3 Slow Protocols (Ethertype 0x8809, to the Slow Protocols multicast address
 * 01:80:c2:00:00:02), as Scapy's contrib/slowprot, contrib/lacp: a one-byte subtype, then the
 * Link Aggregation Control Protocol PDU (subtype 1: actor, partner, collector and terminator
 * TLVs at fixed places, 110 bytes) or the Marker protocol PDU (subtype 2: marker request or
 * response, terminator). Scapy declares both as fixed layouts, the TLV types and lengths as plain
 * fields with the standard's values as defaults, and the actor and partner states as plain bytes;
 * so does packetry (`lacpStateFlags` names the state bits).
 *
 * Scapy binds Ether to SlowProtocol on the type and the destination together: a frame of type
 * 0x8809 sent to another address dissects as Raw, and `Ether() / SlowProtocol()` gets both.
 */
import { bindLayers } from "../core/bind.ts";
import { defineLayer } from "../core/define.ts";
import { mac } from "../core/fields/address.ts";
import { byte, byteEnum, int, short } from "../core/fields/integers.ts";
import { xstrFixedLen } from "../core/fields/strings.ts";
import { Ether } from "./l2.ts";

export const SLOW_PROTOCOLS_MAC = "01:80:c2:00:00:02";

export const SLOW_SUB_TYPES = { 0: "Unused", 1: "LACP", 2: "Marker Protocol", 3: "OAM", 10: "OSSP" };

export const SlowProtocol = defineLayer("SlowProtocol", [byteEnum("subtype", 0, SLOW_SUB_TYPES)]);

/** One LACP actor or partner information TLV (802.1AX 6.4.2.3): type, length 20, system, key, port, state. */
const portInformation = <const P extends string>(prefix: P, type: number) =>
  [
    byte(`${prefix}_type`, type),
    byte(`${prefix}_length`, 20),
    short(`${prefix}_system_priority`, 0),
    mac(`${prefix}_system`, null),
    short(`${prefix}_key`, 0),
    short(`${prefix}_port_priority`, 0),
    short(`${prefix}_port_number`, 0),
    byte(`${prefix}_state`, 0),
    xstrFixedLen(`${prefix}_reserved`, "", 3),
  ] as const;

export const LACP = defineLayer(
  "LACP",
  [
    byte("version", 1),
    ...portInformation("actor", 1),
    ...portInformation("partner", 2),
    byte("collector_type", 3),
    byte("collector_length", 16),
    short("collector_max_delay", 0),
    xstrFixedLen("collector_reserved", "", 12),
    byte("terminator_type", 0),
    byte("terminator_length", 0),
    xstrFixedLen("reserved", "", 50),
  ],
  {
    // Scapy 2.4.4 fixed three misspelt names; the old ones still work, with a warning.
    deprecated: {
      actor_port_numer: ["actor_port_number", "2.4.4"],
      partner_port_numer: ["partner_port_number", "2.4.4"],
      colletctor_reserved: ["collector_reserved", "2.4.4"],
    },
  },
);

export const MARKER_TYPES = { 1: "Marker Request", 2: "Marker Response" };

export const MarkerProtocol = defineLayer("MarkerProtocol", [
  byte("version", 1),
  byteEnum("marker_type", 1, MARKER_TYPES),
  byte("marker_length", 16),
  short("requester_port", 0),
  mac("requester_system", null),
  int("requester_transaction_id", 0),
  xstrFixedLen("marker_reserved", "", 2),
  byte("terminator_type", 0),
  byte("terminator_length", 0),
  xstrFixedLen("reserved", "", 90),
]);

/** The bits of an actor or partner state byte (802.1AX 6.4.2.3), lowest first. */
export const LACP_STATE_BITS = ["Activity", "Timeout", "Aggregation", "Synchronization", "Collecting", "Distributing", "Defaulted", "Expired"] as const;

/** The names of the bits set in an LACP state byte (`lacpStateFlags(0x3d)` is Activity, Aggregation, Synchronization, Collecting, Distributing). */
export function lacpStateFlags(state: number): string[] {
  if (!Number.isInteger(state) || state < 0 || state > 255) throw new RangeError(`lacpStateFlags: a state is a byte, got ${String(state)}`);
  return LACP_STATE_BITS.filter((_, i) => (state >> i) & 1);
}

bindLayers(Ether, SlowProtocol, { type: 0x8809, dst: SLOW_PROTOCOLS_MAC });
bindLayers(SlowProtocol, LACP, { subtype: 1 });
bindLayers(SlowProtocol, MarkerProtocol, { subtype: 2 });
