/**
 * PIM version 2 (RFC 7761), as Scapy's contrib pim: the common header (its checksum over the
 * whole message), Hello with its options (Holdtime, LAN Prune Delay, DR Priority, Generation ID,
 * State Refresh) and Join/Prune with its group records and their joined and pruned sources.
 * IP protocol 103, both ways. Scapy has no classes for the other messages (Register,
 * Register-Stop, Bootstrap, Assert, Candidate-RP-Advertisement): they stay Raw after the header.
 */
import { bindLayers } from "../core/bind.ts";
import { defineLayer } from "../core/define.ts";
import { ipv4 } from "../core/fields/address.ts";
import { bitEnum, bits, flags } from "../core/fields/bits.ts";
import { internetChecksum } from "../core/fields/computed.ts";
import { byte, int, IntField, short, xshort } from "../core/fields/integers.ts";
import { fieldLen } from "../core/fields/length.ts";
import { packetList } from "../core/fields/packets.ts";
import { strLen } from "../core/fields/strings.ts";
import type { Packet } from "../core/packet.ts";
import { Raw } from "../core/raw.ts";
import type { LayerRef } from "../core/state.ts";
import { RandInt } from "../core/volatile.ts";
import { IP } from "./inet.ts";

export const PIM_TYPE = {
  0: "Hello",
  1: "Register",
  2: "Register-Stop",
  3: "Join/Prune",
  4: "Bootstrap",
  5: "Assert",
  6: "Graft",
  7: "Graft-Ack",
  8: "Candidate-RP-Advertisement",
};

export const PIMv2Hdr = defineLayer(
  "PIMv2Hdr",
  [bits("version", 2, 4), bitEnum("type", 0, 4, PIM_TYPE), byte("reserved", 0), xshort("chksum", null).compute(internetChecksum("layer"))],
  { displayName: "Protocol Independent Multicast Version 2 Header" },
);

/** Elements of PIM's lists end where their fields end: what follows is the next element. */
const element = { extractPadding: () => 0 } as const;

/** Scapy's generic TLV (a one-byte type and length): what a Hello option of no known type is built as. */
export const _PIMv2GenericHello = defineLayer(
  "_PIMv2GenericHello",
  [byte("type", 0), fieldLen("length", null, { fmt: "B", lengthOf: "value" }), strLen("value", "", "length")],
  { displayName: "PIMv2 Generic Hello", ...element },
);

export const PIMv2HelloHoldtime = defineLayer(
  "PIMv2HelloHoldtime",
  [short("type", 1), fieldLen("length", null, { lengthOf: "holdtime" }), short("holdtime", 105)],
  { displayName: "PIMv2 Hello Options : Holdtime", ...element },
);

export const PIMv2HelloLANPruneDelayValue = defineLayer(
  "PIMv2HelloLANPruneDelayValue",
  [flags("t", 0, 1, ["0"]), bits("propagation_delay", 500, 15), short("override_interval", 2500)],
  { displayName: "PIMv2 Hello Options : LAN Prune Delay Value", ...element },
);

export const PIMv2HelloLANPruneDelay = defineLayer(
  "PIMv2HelloLANPruneDelay",
  [short("type", 2), fieldLen("length", null, { lengthOf: "value" }), packetList("value", [PIMv2HelloLANPruneDelayValue()], PIMv2HelloLANPruneDelayValue)],
  { displayName: "PIMv2 Hello Options : LAN Prune Delay", lengthFrom: { value: (p) => p.length ?? 0 }, ...element },
);

export const PIMv2HelloDRPriority = defineLayer(
  "PIMv2HelloDRPriority",
  [short("type", 19), fieldLen("length", null, { lengthOf: "dr_priority" }), int("dr_priority", 1)],
  { displayName: "PIMv2 Hello Options : DR Priority", ...element },
);

/** An int whose default is a fresh random value at every build (Scapy's RandInt default). */
class RandomIntField<N extends string> extends IntField<N, number, number> {
  override readonly defaultValue: unknown = new RandInt();
  constructor(name: N) {
    super(name, 0, 4);
  }
}

export const PIMv2HelloGenerationID = defineLayer(
  "PIMv2HelloGenerationID",
  [short("type", 20), fieldLen("length", null, { lengthOf: "generation_id" }), new RandomIntField("generation_id")],
  { displayName: "PIMv2 Hello Options : Generation ID", ...element },
);

export const PIMv2HelloStateRefreshValue = defineLayer(
  "PIMv2HelloStateRefreshValue",
  [byte("version", 1), byte("interval", 0), short("reserved", 0)],
  { displayName: "PIMv2 Hello Options : State-Refresh Value", ...element },
);

// As Scapy's, the value list has no bound: it takes the rest of the options.
export const PIMv2HelloStateRefresh = defineLayer(
  "PIMv2HelloStateRefresh",
  [short("type", 21), fieldLen("length", null, { lengthOf: "value" }), packetList("value", [PIMv2HelloStateRefreshValue()], PIMv2HelloStateRefreshValue)],
  { displayName: "PIMv2 Hello Options : State-Refresh", ...element },
);

const HELLO_OPTIONS: Record<number, LayerRef> = {
  1: PIMv2HelloHoldtime,
  2: PIMv2HelloLANPruneDelay,
  19: PIMv2HelloDRPriority,
  20: PIMv2HelloGenerationID,
  21: PIMv2HelloStateRefresh,
};

/**
 * The option's class from the low byte of its type (as Scapy reads it); an option of another
 * type makes the rest of the options one Raw (Scapy's lookup finds no class for it).
 */
function helloOption(_pkt: Packet, buf: Uint8Array, off: number, end: number): LayerRef | null {
  if (end - off < 2) return Raw;
  return HELLO_OPTIONS[buf[off + 1]!] ?? Raw;
}

export const PIMv2Hello = defineLayer("PIMv2Hello", [packetList("option", [], helloOption)], { displayName: "PIMv2 Hello Options" });

const sourceFields = [
  byte("addr_family", 1),
  byte("encoding_type", 0),
  bits("rsrvd", 0, 5),
  bits("sparse", 0, 1),
  bits("wildcard", 0, 1),
  bits("rpt", 1, 1),
  byte("mask_len", 32),
  ipv4("src_ip", "0.0.0.0"),
] as const;

export const PIMv2JoinAddrs = defineLayer("PIMv2JoinAddrs", sourceFields, { displayName: "PIMv2 Join: Source Address", ...element });
export const PIMv2PruneAddrs = defineLayer("PIMv2PruneAddrs", sourceFields, { displayName: "PIMv2 Prune: Source Address", ...element });

export const PIMv2GroupAddrs = defineLayer(
  "PIMv2GroupAddrs",
  [
    byte("addr_family", 1),
    byte("encoding_type", 0),
    bits("bidirection", 0, 1),
    bits("reserved", 0, 6),
    bits("admin_scope_zone", 0, 1),
    byte("mask_len", 32),
    ipv4("gaddr", "0.0.0.0"),
    fieldLen("num_joins", null, { countOf: "join_ips" }),
    fieldLen("num_prunes", null, { countOf: "prune_ips" }),
    packetList("join_ips", [], PIMv2JoinAddrs),
    packetList("prune_ips", [], PIMv2PruneAddrs),
  ],
  {
    displayName: "PIMv2 Join/Prune: Multicast Group Address",
    countFrom: { join_ips: (p) => p.num_joins, prune_ips: (p) => p.num_prunes },
    ...element,
  },
);

export const PIMv2JoinPrune = defineLayer(
  "PIMv2JoinPrune",
  [
    byte("up_addr_family", 1),
    byte("up_encoding_type", 0),
    ipv4("up_neighbor_ip", "0.0.0.0"),
    byte("reserved", 0),
    fieldLen("num_group", null, { fmt: "B", countOf: "jp_ips" }),
    short("holdtime", 210),
    packetList("jp_ips", [], PIMv2GroupAddrs),
  ],
  { displayName: "PIMv2 Join/Prune Options", countFrom: { jp_ips: (p) => p.num_group }, ...element },
);

bindLayers(IP, PIMv2Hdr, { proto: 103 });
bindLayers(PIMv2Hdr, PIMv2Hello, { type: 0 });
bindLayers(PIMv2Hdr, PIMv2JoinPrune, { type: 3 });
