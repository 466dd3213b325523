import assert from "node:assert/strict";
import { test } from "node:test";
import { UDP, VXLAN } from "../../src/index.ts";
import { checkCapture, frames, tsharkSkip } from "./routingCaptures.ts";
import { tunnelMapping, TUNNEL_FIELDS } from "./tunnelsMapping.ts";

// The kernel's VXLAN devices between two namespaces (VNI 42 on 4789, 100 on 8472, 7 over IPv6), recorded by scripts/captures/vxlan.sh.
const skip = tsharkSkip();

test("the kernel's VXLAN reads as tshark reads it and builds again", { skip }, () => {
  const seen = checkCapture("tunnels-vxlan.pcap", tunnelMapping, TUNNEL_FIELDS, { extra: ["-d", "udp.port==8472,vxlan"] });
  assert.equal(seen.get("VXLAN"), frames("tunnels-vxlan.pcap").length);
});

test("the capture's tunnels: each VNI on its port, every inner frame an Ethernet frame dissected further (ARP, IP, IPv6)", () => {
  const all = frames("tunnels-vxlan.pcap");
  const byVni = new Map<number, Set<number>>();
  for (const { packet } of all) {
    const vx = packet.getLayer(VXLAN)!;
    const udp = packet.getLayer(UDP)!;
    (byVni.get(vx.vni) ?? byVni.set(vx.vni, new Set()).get(vx.vni)!).add(udp.dport);
    const inner = vx.payload!;
    assert.equal(inner.spec.name, "Ether", packet.summary());
    assert.notEqual(inner.payload?.spec.name, "Raw", packet.summary());
  }
  assert.deepEqual([...byVni.keys()].sort((a, b) => a - b), [7, 42, 100]);
  assert.deepEqual([...byVni.get(100)!], [8472]);
  assert.deepEqual([...byVni.get(42)!], [4789]);
});
