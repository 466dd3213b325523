import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { arpCache, AsyncSniffer, conf, Ether, getmacbyip, getmacbyip6, IP, multicastMac4, multicastMac6, NeighborCache, raw, UDP } from "../../src/index.ts";
import { LAB, labSkip, macOf } from "./lab.ts";

test("multicast addresses map to 01:00:5e and 33:33 (as Scapy's getmacbyip)", () => {
  assert.equal(multicastMac4("224.0.0.251"), "01:00:5e:00:00:fb");
  assert.equal(multicastMac4("239.255.255.250"), "01:00:5e:7f:ff:fa", "only the low 23 bits");
  assert.equal(multicastMac4("10.0.0.1"), null);
  assert.equal(multicastMac6("ff02::1:ff00:1"), "33:33:ff:00:00:01");
  assert.equal(multicastMac6("fd77::1"), null);
});

test("cache entries expire after conf.netcacheTimeout seconds", async () => {
  const cache = new NeighborCache();
  const saved = conf.netcacheTimeout;
  conf.netcacheTimeout = 0.05;
  try {
    cache.set("10.0.0.1", "00:11:22:33:44:55");
    assert.equal(cache.get("10.0.0.1"), "00:11:22:33:44:55");
    await new Promise((r) => setTimeout(r, 80));
    assert.equal(cache.get("10.0.0.1"), undefined);
    assert.equal(cache.size, 0);
  } finally {
    conf.netcacheTimeout = saved;
  }
});

describe("neighbour resolution in the lab", { skip: labSkip }, () => {
  test("getmacbyip asks once with ARP, then answers from the cache", async () => {
    arpCache.clear();
    const s = new AsyncSniffer({ iface: LAB.iface, filter: "arp" });
    s.start();
    assert.equal(await getmacbyip(LAB.server), macOf(LAB.serverNs, "br0"));
    assert.equal(await getmacbyip(LAB.server), macOf(LAB.serverNs, "br0"));
    await new Promise((r) => setTimeout(r, 100));
    const seen = s.stop();
    const whoHas = seen.filter((p) => p.summary().includes("who has 10.77.0.1 says 10.77.0.2"));
    assert.equal(whoHas.length, 1, "one who-has, the second answer came from the cache");
  });

  test("the sync build uses the cache; unknown neighbours build as broadcast", async () => {
    arpCache.clear();
    const frame = () => Ether().div(IP({ dst: LAB.server }), UDP());
    assert.equal(Ether(raw(frame())).dst, "ff:ff:ff:ff:ff:ff");
    await getmacbyip(LAB.server);
    assert.equal(Ether(raw(frame())).dst, macOf(LAB.serverNs, "br0"));
    assert.equal(Ether(raw(frame())).src, macOf(LAB.clientNs, LAB.iface), "source: the route's interface");
  });

  test("an address nobody has gives null after the timeout", async () => {
    assert.equal(await getmacbyip(LAB.silent, { timeout: 0.3 }), null);
  });

  test("off-link addresses resolve to the gateway; broadcast needs no asking", async () => {
    assert.equal(await getmacbyip("10.99.1.2"), macOf(LAB.serverNs, "br0"));
    assert.equal(await getmacbyip("10.77.0.255"), "ff:ff:ff:ff:ff:ff");
    assert.equal(await getmacbyip("255.255.255.255"), "ff:ff:ff:ff:ff:ff");
  });

  test("getmacbyip6 solicits the neighbour (ND)", async () => {
    assert.equal(await getmacbyip6(LAB.server6), macOf(LAB.serverNs, "br0"));
    assert.equal(await getmacbyip6("ff02::1"), "33:33:00:00:00:01");
  });
});
