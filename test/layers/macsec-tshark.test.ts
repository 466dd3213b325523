import assert from "node:assert/strict";
import { test } from "node:test";
import { Ether, IP, MACsecSA, Raw, UDP, type Packet } from "../../src/index.ts";
import { tsharkField, tsharkRead } from "../tshark.ts";
import { hex, tsharkSkip } from "./routingCaptures.ts";
import { checkVectorsWithTshark } from "./vectorsTshark.ts";

const skip = tsharkSkip();
const v = (q: Packet, name: string) => Number(q.getFieldValue(name));

/** tshark's names for what packetry reads in a SecTAG (and its SCI). */
function macsecFields(q: Packet): Record<string, string | number> | undefined {
  if (q.spec.name === "MACsecSCI") return { "macsec.SCI.system_identifier": String(q.getFieldValue("system_identifier")), "macsec.SCI.port_identifier": v(q, "port_identifier") };
  if (q.spec.name !== "MACsec") return undefined;
  return {
    "macsec.TCI.V": hex(v(q, "Ver"), 2),
    "macsec.TCI.ES": v(q, "ES"),
    "macsec.TCI.SC": v(q, "SC"),
    "macsec.TCI.SCB": v(q, "SCB"),
    "macsec.TCI.E": v(q, "E"),
    "macsec.TCI.C": v(q, "C"),
    "macsec.AN": hex(v(q, "AN"), 2),
    "macsec.SL": v(q, "SL"),
    "macsec.PN": v(q, "PN"),
  };
}

const noIcv = "no room for an ICV after the SecTAG: tshark reads it as data";

test("tshark reads every SecTAG packetry builds from the MACsec vectors", { skip }, () => {
  const n = checkVectorsWithTshark("macsec.json", macsecFields, {
    protocol: /:macsec(:|$)/,
    skip: {
      "macsec/defaults": noIcv,
      "macsec/flags": noIcv,
      "macsec/sci-packet": noIcv,
      "macsec/sci-bytes": noIcv,
      "macsec/reserved-bits": noIcv,
      "macsec/deprecated-names": noIcv,
      "macsec/dissect-cut-pn": "cut short on purpose",
      "macsec/dissect-cut-sci": "cut short on purpose",
    },
  });
  assert.ok(n >= 12, `${n} vectors`);
});

test("tshark reads the inner frame of what MACsecSA protects for integrity only, and the SecTAG of what it encrypts", { skip }, () => {
  const frame = Ether({ src: "02:00:00:00:00:01", dst: "02:00:00:00:00:02" }).div(IP({ src: "10.0.0.1", dst: "10.0.0.2" }), UDP({ sport: 1234, dport: 5678 }), Raw({ load: new TextEncoder().encode("in the clear") }));
  const key = new Uint8Array(16).fill(9);
  const integrity = new MACsecSA({ sci: 0x0200000000010001n, an: 1, pn: 42, key, encrypt: false, sendSci: true });
  const secret = new MACsecSA({ sci: 0x0200000000010001n, an: 2, pn: 43, key: new Uint8Array(32).fill(3), encrypt: true, sendSci: false });
  const [clear, hidden] = tsharkRead([integrity.encrypt(integrity.encap(frame)), secret.encrypt(secret.encap(frame))]);
  assert.deepEqual([clear!.problems, hidden!.problems], [[], []]);
  assert.match(clear!.protocols, /:macsec:ethertype:ip:udp/);
  assert.equal(tsharkField(clear!, "udp.dstport"), "5678");
  assert.equal(tsharkField(clear!, "macsec.PN"), "42");
  assert.equal(tsharkField(clear!, "macsec.TCI.E"), "0");
  assert.equal(tsharkField(clear!, "macsec.SCI.system_identifier"), "02:00:00:00:00:01");
  assert.equal(tsharkField(hidden!, "macsec.TCI.E"), "1");
  assert.equal(tsharkField(hidden!, "macsec.TCI.SC"), "0");
  assert.equal(tsharkField(hidden!, "macsec.AN"), "0x02");
  assert.equal(tsharkField(hidden!, "macsec.SL"), String(14 + 20 + 8 + 12 - 12));
  assert.equal(tsharkField(hidden!, "udp.dstport"), undefined);
});
