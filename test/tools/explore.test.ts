/** explore(): a family's layers as Scapy's explore() lists a module's packets. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { DNS, explore, layerFamilies, registry } from "../../src/index.ts";
import { scapy } from "./scapy.ts";

test("explore('dns') lists the DNS layers Scapy's explore('dns') lists, with Scapy's names", () => {
  const ours = explore("dns", { dump: true })!.split("\n");
  assert.equal(ours[0], "Packets contained in dns:");
  const rows = (lines: string[]) => new Map(lines.slice(3).map((l) => l.split("|").map((s) => s.trim()) as [string, string]));
  const theirs = rows(scapy("explore('dns')").trimEnd().split("\n"));
  const mine = rows(ours);
  for (const [cls, name] of theirs) if (registry.layers.has(cls)) assert.equal(mine.get(cls), name, cls);
  assert.ok(mine.size >= 20);
});

test("a layer class names its family; every layer is in one family", () => {
  assert.equal(explore(DNS, { dump: true })!.split("\n")[0], "Packets contained in dns:");
  const all = [...layerFamilies().values()].flat();
  for (const l of registry.layers.values()) if (l.name !== "NoPayload") assert.ok(all.includes(l), l.name);
  assert.equal(new Set(all).size, all.length);
});

test("without a family: the families; an unknown one is an error listing them", () => {
  assert.match(explore(undefined, { dump: true })!, /^Layer families \(explore\("dns"\) lists one\):\nFamily\|Layers\n/);
  assert.throws(() => explore("nosuch"), /no layer family "nosuch" \(families: l2, inet, inet6, dns, dhcp, http/);
});
