/**
 * tshark reads the 802.11 frames packetry builds: every build vector of the wireless catalogues
 * (RadioTap, Prism and PPI headers, 802.11 frames, information elements behind a beacon) is
 * written to a pcap with its link type and read by tshark, which must report no malformed packet
 * and no expert warning or error (the few vectors that are wrong on purpose say what tshark
 * reports), and must read the main fields as packetry built them.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { Dot11, Dot11Beacon, raw, type Packet } from "../../src/index.ts";
import { loadVectors } from "../oracle/vectors.ts";
import { buildSpec } from "../oracle/spec.ts";
import { tsharkAvailable, tsharkField, tsharkRead, type TsharkView } from "../tshark.ts";

const skip = tsharkAvailable() ? false : "tshark is not installed";

/** Vectors built wrong on purpose, and what tshark says about them. */
const EXPECTED_PROBLEMS: Record<string, RegExp> = {
  // An FCS given by hand (not the CRC of the frame).
  "radiotap/fcs-given": /Bad checksum/,
  "dot11/fcs-given": /Bad checksum/,
  // Scapy's HE-MU-other-user has a 2-byte per_user_known (radiotap.org: 1 byte): tshark runs past the header.
  "radiotap/hemu-other-lsig": /past the end of the radiotap header/,
  // Present bits of fields Scapy does not decode (FHSS, dBm_TX_Power), without their bytes.
  "radiotap/fhss-bits-ignored": /past the end of the radiotap header/,
  // A length given by hand that lies (12 for a 10-byte header).
  "radiotap/given-len": /Malformed/i,
  "elt/given-len": /Tag Length is longer/,
  // Scapy counts suites left null as 0 when deciding whether PMKIDs follow a given len: the element is longer than its len.
  "elt/rsn-psk": /Tag Length is longer/,
  // MCS and A-MPDU/VHT fields given without the "known" bits of FEC and STBC: tshark warns that it assumes BCC and no STBC.
  "radiotap/channelplus-mcs": /No fec type information/,
  "radiotap/ampdu-vht": /No stbc information/,
  // Scapy's default Dot11() is an association request without its fixed fields.
  "dot11/defaults": /Malformed/i,
  "radiotap/defaults-dot11": /Malformed/i,
};

function frames(file: string, wrap?: (p: Packet) => Packet): Array<{ id: string; pkt: Packet }> {
  return loadVectors(file)
    .filter((v) => v.spec)
    .map((v) => ({ id: v.id, pkt: wrap ? wrap(buildSpec(v.spec!)) : buildSpec(v.spec!) }));
}

function check(list: Array<{ id: string; pkt: Packet }>, views: TsharkView[]): string[] {
  const out: string[] = [];
  list.forEach(({ id }, i) => {
    const view = views[i]!;
    const expected = EXPECTED_PROBLEMS[id];
    if (expected) {
      if (!view.problems.some((m) => expected.test(m))) out.push(`${id}: expected tshark to report ${expected}, got ${JSON.stringify(view.problems)}`);
    } else if (view.problems.length) out.push(`${id}: ${view.problems.join("; ")} (${view.protocols})`);
  });
  return out;
}

test("tshark reads every RadioTap, Prism and PPI vector without problems", { skip }, () => {
  const list = frames("radiotap.json");
  for (const linktype of [127, 119, 192]) {
    const mine = list.filter(({ pkt }) => ({ RadioTap: 127, PrismHeader: 119, PPI: 192 })[pkt.spec.name] === linktype);
    const views = tsharkRead(mine.map((f) => f.pkt), { linktype, prefs: ["wlan.check_checksum:TRUE"] });
    assert.deepEqual(check(mine, views), []);
    mine.forEach(({ id, pkt }, i) => {
      const view = views[i]!;
      if (linktype === 127) {
        const bytes = raw(pkt);
        assert.equal(tsharkField(view, "radiotap.length"), String(bytes[2]! | (bytes[3]! << 8)), `${id}: radiotap.length`);
        assert.match(view.protocols, /radiotap/, id);
      }
      if (linktype === 119) assert.match(view.protocols, /prism/, id);
      if (linktype === 192) assert.match(view.protocols, /ppi/, id);
    });
  }
});

test("tshark reads every 802.11 frame vector as built: type, subtype and addresses", { skip }, () => {
  const all = frames("dot11.json");
  // Frames with an FCS are read with Wireshark's "assume packets have FCS" (link type 105 does not say).
  for (const withFcs of [false, true]) {
    const list = all.filter(({ pkt }) => (pkt.spec.name === "Dot11FCS") === withFcs);
    const views = tsharkRead(list.map((f) => f.pkt), { linktype: 105, prefs: [`wlan.check_fcs:${withFcs ? "TRUE" : "FALSE"}`, "wlan.check_checksum:TRUE"] });
    assert.deepEqual(check(list, views), []);
    list.forEach(({ id, pkt }, i) => {
      const d = pkt.getLayer(Dot11)!;
      const view = views[i]!;
      const fc = Number(d.type) * 16 + Number(d.subtype);
      // Control frame extensions: tshark numbers them past the subtypes (0x160 + ...); the type is enough.
      if (fc === 0x16) assert.equal(tsharkField(view, "wlan.fc.type"), "1", `${id}: type`);
      else assert.equal(Number(tsharkField(view, "wlan.fc.type_subtype")), fc, `${id}: type/subtype`);
      assert.equal(tsharkField(view, "wlan.ra") ?? tsharkField(view, "wlan.addr"), d.addr1, `${id}: addr1`);
      if (withFcs) assert.equal(Number(tsharkField(view, "wlan.fcs")), Number((d as unknown as { fcs: number }).fcs ?? Dot11FCSOf(pkt)), `${id}: fcs`);
    });
  }
});

/** The FCS packetry computed for a frame built with fcs left null. */
function Dot11FCSOf(pkt: Packet): number {
  const bytes = raw(pkt);
  const n = bytes.length;
  return (bytes[n - 4]! | (bytes[n - 3]! << 8) | (bytes[n - 2]! << 16) | (bytes[n - 1]! << 24)) >>> 0;
}

test("tshark reads every information element vector behind a beacon: IDs and lengths", { skip }, () => {
  const list = frames("dot11elt.json", (elts) => Dot11({ type: 0, subtype: 8, addr1: "ff:ff:ff:ff:ff:ff", addr2: "02:00:00:00:01:00", addr3: "02:00:00:00:01:00" }).div(Dot11Beacon(), elts));
  const views = tsharkRead(list.map((f) => f.pkt), { linktype: 105 });
  assert.deepEqual(check(list, views), []);
  list.forEach(({ id }, i) => assert.ok(tsharkField(views[i]!, "wlan.tag.number") !== undefined, `${id}: tshark sees a tag`));
});
