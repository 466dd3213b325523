import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { describe, test } from "node:test";
import { LAB, labSkip } from "./lab.ts";
import { labFor } from "../../src/lab/names.ts";

const script = (name: string) => new URL(`../../lab/${name}`, import.meta.url).pathname;

const own = labFor(new URL("../..", import.meta.url).pathname.replace(/\/$/, "")).clientNs === LAB.clientNs;

describe("lab scripts", { skip: labSkip }, () => {
  test("up.sh when the lab is up leaves it alone and exits 0", { skip: !own && "the lab in use is another checkout's" }, () => {
    const r = spawnSync("bash", [script("up.sh")], { encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), "lab: already up");
  });

  test("nothing in the lab is linked to the host's network", () => {
    type Link = { ifindex: number; ifname: string; link?: string; linkinfo?: { info_kind?: string } };
    const links = (ns: string) => JSON.parse(spawnSync("ip", ["-n", ns, "-j", "-d", "link", "show"], { encoding: "utf8" }).stdout) as Link[];
    const iflink = (ns: string, name: string) => Number(spawnSync("ip", ["netns", "exec", ns, "cat", `/sys/class/net/${name}/iflink`], { encoding: "utf8" }).stdout);
    const client = links(LAB.clientNs);
    const server = links(LAB.serverNs);
    const index = (list: Link[]) => new Map(list.map((l) => [l.ifindex, l]));
    // Every veth's peer is a veth in the other lab namespace, pointing back at it.
    for (const [here, there, hereNs, thereNs] of [[client, server, LAB.clientNs, LAB.serverNs], [server, client, LAB.serverNs, LAB.clientNs]] as const) {
      const others = index(there);
      for (const l of here) {
        const kind = l.linkinfo?.info_kind;
        assert.ok(l.ifname === "lo" || kind === "bridge" || kind === "veth", `${hereNs}/${l.ifname} is ${kind}`);
        if (kind !== "veth") continue;
        const peer = others.get(iflink(hereNs, l.ifname));
        assert.ok(peer, `${hereNs}/${l.ifname}'s peer is in ${thereNs}`);
        assert.equal(iflink(thereNs, peer.ifname), l.ifindex);
      }
    }
  });
});
