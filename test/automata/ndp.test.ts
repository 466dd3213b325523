import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  Ether,
  ICMPv6ND_NA,
  ICMPv6ND_NS,
  ICMPv6ND_RA,
  ICMPv6ND_RS,
  ICMPv6NDOptDstLLAddr,
  ICMPv6NDOptPrefixInfo,
  ICMPv6NDOptSrcLLAddr,
  IPv6,
  NDP_DAD_DoS_NA_am,
  NDP_DAD_DoS_NS_am,
  NDP_Fake_Router_am,
  NDP_Kill_Default_Router_am,
  NDP_NA_Spoofing_am,
  solicitedNodeAddress,
  type Packet,
} from "../../src/index.ts";
import { received, wire } from "./pipes.ts";

const VICTIM = "02:00:00:00:00:02";
const OURS = "02:00:00:00:00:99";
const ROUTER = "02:00:00:00:00:01";

/** Runs a machine on a pipe for these frames; returns what it sent back. */
async function serve(cls: new (o: Record<string, unknown>) => { (o?: Record<string, unknown>): Promise<void> }, options: Record<string, unknown>, frames: Packet[], expect: number): Promise<Packet[]> {
  const { client, server } = wire();
  const mac = cls === NDP_Fake_Router_am ? {} : { replyMac: OURS };
  const am = new cls({ openedSocket: server, socket: server, verbose: false, ...mac, ...options });
  const running = am({ count: frames.length });
  for (const f of frames) await client.send(f);
  await running;
  return received(client, expect, expect === 0 ? 0.2 : 2);
}

const ns = (src: string, tgt: string, dst = solicitedNodeAddress(tgt)) => Ether({ src: VICTIM }).div(IPv6({ src, dst }), ICMPv6ND_NS({ tgt }), ...(src === "::" ? [] : [ICMPv6NDOptSrcLLAddr({ lladdr: VICTIM })]));

describe("NDP machines", () => {
  test("solicited-node groups", () => {
    assert.equal(solicitedNodeAddress("fd77::2"), "ff02::1:ff00:2");
    assert.equal(solicitedNodeAddress("fe80::211:22ff:fe33:4455"), "ff02::1:ff33:4455");
  });

  test("NA spoofing claims each target asked about for our MAC (not DAD probes, not other groups)", async () => {
    const got = await serve(NDP_NA_Spoofing_am, { router: true }, [ns("fd77::2", "fd77::1"), ns("::", "fd77::5"), ns("fd77::2", "fd77::1", "ff02::1:ff00:9"), ns("fd77::2", "fd77::1", "fd77::1")], 2);
    assert.equal(got.length, 2, "the address resolution and the unicast reachability check");
    const na = got[0]!;
    assert.deepEqual([na.getLayer(Ether)!.src, na.getLayer(Ether)!.dst, na.getLayer(IPv6)!.src, na.getLayer(IPv6)!.dst], [OURS, VICTIM, "fd77::1", "fd77::2"]);
    const adv = na.getLayer(ICMPv6ND_NA)!;
    assert.deepEqual([adv.tgt, adv.R, adv.S, adv.O], ["fd77::1", 1, 1, 1]);
    assert.equal(na.getLayer(ICMPv6NDOptDstLLAddr)!.lladdr, OURS);
    assert.ok(na.answers(ns("fd77::2", "fd77::1")));
  });

  test("DAD DoS: probes for an address get an NS (or NA) back, so the address looks taken", async () => {
    const [viaNs] = await serve(NDP_DAD_DoS_NS_am, { tgtFilter: "fd77::5" }, [ns("::", "fd77::5"), ns("::", "fd77::6"), ns("fd77::2", "fd77::5")], 1);
    assert.ok(viaNs);
    assert.deepEqual([viaNs.getLayer(IPv6)!.src, viaNs.getLayer(IPv6)!.dst, viaNs.getLayer(ICMPv6ND_NS)!.tgt], ["::", "ff02::1:ff00:5", "fd77::5"]);
    const [viaNa] = await serve(NDP_DAD_DoS_NA_am, { macSrcFilter: VICTIM }, [ns("::", "fd77::7")], 1);
    assert.ok(viaNa);
    assert.deepEqual([viaNa.getLayer(IPv6)!.src, viaNa.getLayer(ICMPv6ND_NA)!.tgt, viaNa.getLayer(ICMPv6ND_NA)!.S, viaNa.getLayer(ICMPv6NDOptDstLLAddr)!.lladdr], ["fd77::7", "fd77::7", 0, OURS]);
  });

  test("the fake router answers Router Solicitations with the RA given", async () => {
    const ra = Ether({ src: OURS, dst: "33:33:00:00:00:01" }).div(IPv6({ src: "fe80::99", dst: "ff02::1" }), ICMPv6ND_RA({ routerlifetime: 600 }), ICMPv6NDOptPrefixInfo({ prefix: "fd78::", prefixlen: 64 }), ICMPv6NDOptSrcLLAddr({ lladdr: OURS }));
    const rs = Ether({ src: VICTIM, dst: "33:33:00:00:00:02" }).div(IPv6({ src: "fe80::2", dst: "ff02::2" }), ICMPv6ND_RS());
    const got = await serve(NDP_Fake_Router_am, { ra, ipSrcFilter: "fe80::2" }, [rs, Ether({ src: VICTIM }).div(IPv6({ src: "fe80::3", dst: "ff02::2" }), ICMPv6ND_RS())], 1);
    assert.equal(got.length, 1);
    assert.deepEqual(got[0]!.build(), ra.build());
    assert.throws(() => new NDP_Fake_Router_am({ ra: IPv6().div(ICMPv6ND_RA()) }), /must be a frame/);
  });

  test("kill default router: an RA with a lifetime is answered by a zero-lifetime copy with its prefixes", async () => {
    const routerRa = Ether({ src: ROUTER }).div(IPv6({ src: "fe80::1", dst: "ff02::1" }), ICMPv6ND_RA({ routerlifetime: 1800 }), ICMPv6NDOptPrefixInfo({ prefix: "fd77::", prefixlen: 64 }), ICMPv6NDOptPrefixInfo({ prefix: "fd79::", prefixlen: 64 }), ICMPv6NDOptSrcLLAddr({ lladdr: ROUTER }));
    const gone = Ether({ src: ROUTER }).div(IPv6({ src: "fe80::1", dst: "ff02::1" }), ICMPv6ND_RA({ routerlifetime: 0 }));
    const [kill] = await serve(NDP_Kill_Default_Router_am, {}, [routerRa, gone], 1);
    assert.ok(kill);
    assert.equal(kill.getLayer(ICMPv6ND_RA)!.routerlifetime, 0);
    assert.equal(kill.getLayer(IPv6)!.src, "fe80::1");
    const prefixes: string[] = [];
    for (let p = kill.getLayer(ICMPv6NDOptPrefixInfo); p; p = p.payload?.getLayer(ICMPv6NDOptPrefixInfo)) prefixes.push(p.prefix);
    assert.deepEqual(prefixes, ["fd77::", "fd79::"]);
    assert.equal(kill.getLayer(ICMPv6NDOptSrcLLAddr)!.lladdr, ROUTER);
  });
});
