/** load_layer / load_contrib: a module packetry has is there already; one it lacks, or one Scapy lacks, is an ImportError saying so. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { loadContrib, loadLayer } from "../../src/index.ts";
import { SCAPY_MODULES } from "../../src/tools/data/scapyModules.ts";
import { packetry } from "../shell/run.ts";
import { scapy } from "./scapy.ts";

test("modules packetry has load without a word; the others say which", () => {
  for (const m of ["dns", "http", "inet", "inet6", "l2", "dhcp"]) assert.equal(loadLayer(m), undefined);
  for (const m of ["modbus", "bgp", "lldp", "cdp"]) assert.equal(loadContrib(m), undefined);
  assert.throws(() => loadLayer("tls"), (e: Error) => e.name === "ImportError" && /packetry has no layers of Scapy's scapy\.layers\.tls/.test(e.message));
  assert.throws(() => loadLayer("nosuch"), (e: Error) => e.name === "ModuleNotFoundError" && /Scapy has no module scapy\.layers\.nosuch/.test(e.message));
  assert.throws(() => loadLayer("dns", { bogus: 1 } as never), /load_layer\(\) got an unexpected keyword argument 'bogus'/);
});

test("the table holds Scapy's modules as Debian's Scapy lists them", () => {
  const theirs = scapy(`import pkgutil, scapy.layers\nprint(" ".join(sorted(m.name for m in pkgutil.iter_modules(scapy.layers.__path__))))`).trim().split(" ");
  for (const m of theirs) assert.ok(Object.keys(SCAPY_MODULES.layers).some((k) => k === m || k.startsWith(m + ".")), `scapy.layers.${m}`);
});

test("in the shell: load_layer is defined, its errors are Python's", async () => {
  const r = await packetry(["-c", `load_layer("dns")\nload_contrib("modbus")\ntry:\n    load_layer("tls")\nexcept ImportError as e:\n    print(type(e).__name__)`]);
  assert.equal(r.stderr, "");
  assert.equal(r.stdout, "ImportError\n");
});
