import assert from "node:assert/strict";
import { test } from "node:test";
import {
  Ether,
  IP,
  ISAKMP,
  ISAKMP_payload_ID,
  ISAKMP_payload_KE,
  ISAKMP_payload_Nonce,
  ISAKMP_payload_Proposal,
  ISAKMP_payload_SA,
  ISAKMP_payload_Transform,
  ISAKMP_payload_VendorID,
  raw,
  UDP,
} from "../../src/index.ts";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pcapBytes, type Packet } from "../../src/index.ts";
import { tsharkAvailable, tsharkField, tsharkRead } from "../tshark.ts";

/** tshark's values of some fields, frame by frame (repeated values joined by commas). */
function tsharkFieldsOf(packets: Packet[], names: string[]): string[][] {
  const dir = mkdtempSync(join(tmpdir(), "packetry-isakmp-"));
  try {
    writeFileSync(join(dir, "f.pcap"), pcapBytes(packets));
    const out = execFileSync("tshark", ["-r", join(dir, "f.pcap"), "-T", "fields", ...names.flatMap((n) => ["-e", n])], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
    return out.trimEnd().split("\n").map((l) => l.split("\t"));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const cookie = Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8);
const frame = () => Ether().div(IP({ src: "10.0.0.1", dst: "10.0.0.2" }), UDP({ sport: 500, dport: 500 }));

test("tshark reads the IKEv1 messages packetry builds: header, payload chain, transform attributes", { skip: !tsharkAvailable() && "tshark is not installed" }, () => {
  const mainMode = frame().div(
    ISAKMP({ init_cookie: cookie, exch_type: "identity prot." }),
    ISAKMP_payload_SA({
      prop: ISAKMP_payload_Proposal({
        trans_nb: 1,
        trans: ISAKMP_payload_Transform({
          num: 1,
          transforms: [["Encryption", "AES-CBC"], ["KeyLength", 256], ["Hash", "SHA2-256"], ["Authentication", "PSK"], ["GroupDesc", "2048MODPgr"], ["LifeType", "Seconds"], ["LifeDuration", 28800]],
        }),
      }),
    }),
    ISAKMP_payload_VendorID({ load: Uint8Array.from({ length: 16 }, (_, i) => i) }),
  );
  const aggressive = frame().div(
    ISAKMP({ init_cookie: cookie, exch_type: "aggressive" }),
    ISAKMP_payload_SA({ prop: ISAKMP_payload_Proposal({ trans_nb: 1, trans: ISAKMP_payload_Transform({ transforms: [["Encryption", "3DES-CBC"], ["Hash", "SHA"]] }) }) }),
    ISAKMP_payload_KE({ load: new Uint8Array(128).fill(9) }),
    ISAKMP_payload_Nonce({ load: new Uint8Array(16).fill(1) }),
    ISAKMP_payload_ID({ IDtype: 1, load: Uint8Array.of(10, 0, 0, 1) }),
  );
  const [m, a] = tsharkRead([mainMode, aggressive]);
  for (const [view, p] of [[m!, mainMode], [a!, aggressive]] as const) {
    assert.deepEqual(view.problems, []);
    assert.equal(tsharkField(view, "isakmp.ispi"), "01:02:03:04:05:06:07:08");
    assert.equal(tsharkField(view, "isakmp.length"), String(raw(p).length - 42));
  }
  assert.equal(tsharkField(m!, "isakmp.exchangetype"), "2");
  assert.equal(tsharkField(a!, "isakmp.exchangetype"), "4");
  // Repeated subtrees collide in tshark's JSON: the attributes are read as fields.
  const fields = tsharkFieldsOf([mainMode, aggressive], ["isakmp.ike.attr.encryption_algorithm", "isakmp.ike.attr.key_length", "isakmp.ike.attr.life_duration", "isakmp.typepayload", "isakmp.id.type"]);
  assert.deepEqual(fields[0], ["7", "256", "28800", "1,2,3,13", ""]);
  assert.deepEqual(fields[1], ["5", "", "", "1,2,3,4,10,5", "1"]);
});

test("transform attributes read back by name, TLV values past the end are cut, never a hang", () => {
  const t = ISAKMP_payload_Transform(raw(ISAKMP_payload_Transform({ transforms: [["Encryption", "AES-CBC"], ["LifeDuration", 0x1_0000_0000], [99, 3]] })));
  assert.deepEqual(t.transforms, [["Encryption", "AES-CBC"], ["LifeDuration", 0x1_0000_0000], [99, 3]]);
  const hostile = new Uint8Array(8 + 4 * 5000);
  hostile.set([0, 0, 0xff, 0xff], 0);
  for (let i = 8; i < hostile.length; i += 4) hostile.set([0x00, 0x0c, 0xff, 0xff], i);
  ISAKMP_payload_Transform(hostile).show2({ dump: true });
  assert.throws(() => ISAKMP_payload_Transform({ transforms: [["Colour", 1]] as never }), /unknown attribute type "Colour"/);
  assert.equal(ISAKMP({ init_cookie: cookie }).answers(ISAKMP({ init_cookie: cookie })), true);
});
