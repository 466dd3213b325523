import assert from "node:assert/strict";
import { test } from "node:test";
import { Ether, IP, MPLS, raw } from "../../src/index.ts";
import { tsharkRead } from "../tshark.ts";
import { tsharkSkip } from "./routingCaptures.ts";
import { checkVectorsWithTshark } from "./tsharkVectors.ts";
import { tunnelMapping, TUNNEL_FIELDS } from "./tunnelsMapping.ts";

// Every tunnel vector (test/vectors/tunnels.json) as tshark reads it: no malformed or expert items, and the main fields agree.
const skip = tsharkSkip();

test("tshark reads every tunnel vector as packetry does", { skip }, () => {
  const { frames, seen } = checkVectorsWithTshark("tunnels.json", tunnelMapping, TUNNEL_FIELDS, {
    skip: (x) =>
      x.id.startsWith("bad/")
        ? "made wrong on purpose"
        : x.id === "gre/dissect-routing-ether-first"
          ? "Scapy's bindings (and packetry's) give Ethernet before the routing entries here; tshark reads the entries"
          : x.id === "erspan/i"
            ? "tshark reads type I (no header) when GRE has no sequence number; Scapy's generic binding reads ERSPAN II there"
            : undefined,
    problemsExpected: new Map([
      ["gre/given-checksum", "the checksum given (0x1234) is wrong on purpose"],
      // Scapy's ERSPAN_II has ver 0 by default; type II is version 1, and tshark says so.
      ["erspan/generic-is-ii", "ERSPAN II with Scapy's default version 0"],
      ["erspan/dissect-ii-no-sequence", "ERSPAN II with Scapy's default version 0"],
    ]),
    // Linux's VXLAN port is not tshark's (4789 is).
    decodeAs: ["udp.port==8472,vxlan"],
  });
  assert.ok(frames >= 80, `${frames} frames`);
  for (const layer of ["GRE", "GRE_PPTP", "GRErouting", "ERSPAN_II", "ERSPAN_III", "ERSPAN_PlatformSpecific", "VXLAN", "GENEVE", "GeneveOptions", "MPLS", "L2TP", "NSH"]) {
    assert.ok((seen.get(layer) ?? 0) > 0, `${layer} was compared`);
  }
});

test("multicast MPLS (Ethernet type 0x8848) dissects as MPLS, as tshark reads it", { skip }, () => {
  const frame = Ether({ dst: "01:00:5e:00:00:01", src: "02:00:00:00:00:01", type: 0x8848 }).div(MPLS({ label: 77, ttl: 9 }), IP({ src: "10.0.0.1", dst: "239.0.0.1" }));
  const back = Ether(raw(frame));
  assert.deepEqual(back.layers().map((l) => l.name), ["Ether", "MPLS", "IP"]);
  const [view] = tsharkRead([back]);
  assert.match(view!.protocols, /eth:ethertype:mpls:ip/);
  assert.deepEqual(view!.problems, []);
});
