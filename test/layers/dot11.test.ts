/**
 * 802.11 beyond the vectors: the frame check sequence as a trailer (dissected before padding,
 * rebuilt after the payload, computed over header and payload), getLayer with Scapy's
 * match_subclass and field filters (Dot11Elt iteration by ID), network_stats(), RadioTap's
 * alignment and hostile bitmaps, and the little-endian bit groups.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  bytesHex,
  Dot11,
  Dot11Beacon,
  Dot11Elt,
  Dot11EltCountry,
  Dot11EltCountryConstraintTriplet,
  Dot11EltDSSSet,
  Dot11EltHTCapabilities,
  Dot11EltMicrosoftWPA,
  Dot11EltRates,
  Dot11EltRSN,
  AKMSuite,
  Dot11FCS,
  fromHex,
  LLC,
  RadioTap,
  Raw,
  raw,
  SNAP,
  IP,
  UDP,
  readPcapBytes,
  pcapBytes,
} from "../../src/index.ts";
import { crc32 } from "../../src/core/checksum.ts";

void IP;
void UDP;

const AP = "02:00:00:00:01:00";
const BC = "ff:ff:ff:ff:ff:ff";

test("crc32 is zlib's", () => {
  assert.equal(crc32(new TextEncoder().encode("123456789")), 0xcbf43926);
  assert.equal(crc32(new Uint8Array(0)), 0);
});

test("Dot11FCS: the FCS is the CRC of header and payload, written little-endian after the payload", () => {
  const p = Dot11FCS({ type: 2, FCfield: "to-DS", addr1: AP, addr2: AP, addr3: AP }).div(LLC(), Raw({ load: "abc" }));
  const bytes = raw(p);
  const body = bytes.subarray(0, bytes.length - 4);
  const fcs = crc32(body);
  assert.deepEqual([...bytes.subarray(bytes.length - 4)], [fcs & 0xff, (fcs >>> 8) & 0xff, (fcs >>> 16) & 0xff, fcs >>> 24]);
  const back = Dot11FCS(bytes);
  assert.equal(back.fcs, fcs);
  assert.deepEqual(back.getLayer(Raw)!.load, new TextEncoder().encode("abc"));
  assert.equal(bytesHex(raw(back)), bytesHex(bytes), "a dissected frame rebuilds with its FCS");
});

test("Dot11FCS: padding after the FCS stays Padding; a changed field recomputes a reset FCS", () => {
  const frame = raw(Dot11FCS({ addr1: BC, addr2: AP, addr3: AP }).div(Dot11Beacon()));
  const back = RadioTap({ present: "Flags", Flags: "FCS" }).div(Dot11FCS(frame));
  const dissected = RadioTap(raw(back));
  const fcs = dissected.getLayer(Dot11FCS)!;
  assert.equal(fcs.fcs, Dot11FCS(frame).fcs);
  const changed = fcs.copy();
  changed.SC = 0x20;
  changed.reset("fcs");
  const rebuilt = raw(changed);
  assert.equal(Dot11FCS(rebuilt).fcs, crc32(rebuilt, 0, rebuilt.length - 4));
  assert.notEqual(Dot11FCS(rebuilt).fcs, fcs.fcs);
});

test("getLayer(Dot11) finds Dot11FCS (match_subclass), and Dot11Elt variants by ID", () => {
  const beacon = RadioTap()
    .div(Dot11FCS({ addr1: BC, addr2: AP, addr3: AP }), Dot11Beacon({ cap: "ESS+privacy" }))
    .div(Dot11Elt({ ID: 0, info: "lab" }), Dot11EltRates({ rates: [0x82, 0x84] }), Dot11EltDSSSet({ channel: 11 }))
    .div(Dot11EltRSN(), Dot11Elt({ ID: 221, info: "\x00\x11\x22\x01" }));
  const p = RadioTap(raw(beacon));
  assert.equal(p.getLayer(Dot11)?.spec.name, "Dot11FCS");
  assert.ok(p.hasLayer(Dot11));
  assert.equal(p.getLayer(Dot11Elt)?.spec.name, "Dot11Elt");
  assert.equal(p.getLayer(Dot11Elt, 2)?.spec.name, "Dot11EltRates");
  assert.equal(p.getLayer(Dot11Elt, { ID: 3 })?.spec.name, "Dot11EltDSSSet");
  assert.equal(p.getLayer(Dot11Elt, { ID: 48 })?.spec.name, "Dot11EltRSN");
  assert.equal(p.getLayer(Dot11Elt, { ID: 0, info: "lab" })?.spec.name, "Dot11Elt");
  assert.equal(p.getLayer(Dot11Elt, { ID: 0, info: "nope" }), undefined);
  assert.equal(p.getLayer(Dot11Elt, 2, { ID: 221 }), undefined, "only one vendor element");
  assert.equal(p.getLayer(Dot11EltRates, { ID: 0 }), undefined);
  // Exact classes do not match their parents' queries the other way round.
  assert.equal(Dot11({ type: 2 }).getLayer(Dot11FCS), undefined);
  const ids: number[] = [];
  for (let e = p.getLayer(Dot11Elt); e; e = e.payload?.getLayer(Dot11Elt)) ids.push(Number(e.ID));
  assert.deepEqual(ids, [0, 1, 3, 48, 221]);
});

test("network_stats(): SSID, channel, rates, country and crypto, as Scapy summarises them", () => {
  const frame = Dot11({ type: 0, subtype: 8, addr1: BC, addr2: AP, addr3: AP })
    .div(Dot11Beacon({ cap: "ESS+privacy" }), Dot11Elt({ ID: 0, info: "lab" }), Dot11EltRates({ rates: [0x82, 0x84, 0x8b, 0x96] }), Dot11EltDSSSet({ channel: 6 }))
    .div(Dot11EltCountry({ country_string: "FR ", descriptors: [Dot11EltCountryConstraintTriplet()] }), Dot11EltRSN({ akm_suites: [AKMSuite({ suite: "PSK" })], mfp_capable: 0, mfp_required: 0 }));
  const stats = Dot11(raw(frame)).getLayer(Dot11Beacon)!.network_stats();
  assert.deepEqual(stats, { ssid: "lab", rates: [1, 2, 5.5, 11], channel: 6, country: "FR", country_desc_type: null, crypto: new Set(["WPA2/PSK"]) });
  assert.deepEqual(Dot11(raw(frame)).getLayer(Dot11Beacon)!.networkStats(), stats);
  const wpa3 = Dot11().div(Dot11Beacon(), Dot11EltRSN({ akm_suites: [AKMSuite({ suite: "SAE" })] }));
  assert.deepEqual(wpa3.getLayer(Dot11Beacon)!.networkStats().crypto, new Set(["WPA3/SAE"]));
  const wpa = Dot11().div(Dot11Beacon(), Dot11EltMicrosoftWPA());
  assert.deepEqual(Dot11(raw(wpa)).getLayer(Dot11Beacon)!.networkStats().crypto, new Set(["WPA/802.1X"]));
  assert.deepEqual(Dot11().div(Dot11Beacon()).getLayer(Dot11Beacon)!.networkStats(), { crypto: new Set(["OPN"]) });
  assert.deepEqual(Dot11().div(Dot11Beacon({ cap: "privacy" })).getLayer(Dot11Beacon)!.networkStats(), { crypto: new Set(["WEP"]) });
});

test("HT capabilities: little-endian bit groups, a 77-bit MCS bitmask as a bigint", () => {
  const ht = Dot11EltHTCapabilities({ LDPC_Coding_Capability: 1, Short_GI_20Mhz: 1, Max_A_MPDU_Length_Exponent: 3, RX_MSC_Bitmask: 0x1fffffffffffffffffffn });
  const bytes = raw(ht);
  assert.equal(bytes.length, 28);
  assert.equal(bytes[2], 0x21, "LDPC is bit 0 and Short GI 20 bit 5 of the first byte");
  const back = Dot11Elt(bytes).getLayer(Dot11EltHTCapabilities)!;
  assert.equal(back.RX_MSC_Bitmask, 0x1fffffffffffffffffffn);
  assert.equal(back.Short_GI_20Mhz, 1);
  assert.throws(() => Dot11EltHTCapabilities({ RX_MSC_Bitmask: 2n ** 77n }), /out of range/);
});

test("RadioTap: fields aligned from the header's start, also behind another layer", () => {
  // TSFT (8-byte aligned) comes first, at offset 8; Flags follows it.
  const rt = RadioTap({ present: "Flags+TSFT", Flags: 0, mac_timestamp: 5 });
  assert.equal(bytesHex(raw(rt)), "0000110003000000050000000000000000");
  // Rate then a 2-byte aligned Channel: one byte of padding between them.
  assert.equal(bytesHex(raw(RadioTap({ present: "Rate+Channel", Rate: 1, ChannelFrequency: 2412 }))), "00000e000c000000" + "0200" + "6c09" + "0000");
  // Behind another layer, alignment counts from RadioTap's own start, not the frame's.
  const nested = raw(Raw({ load: "xyz" }).div(RadioTap({ present: "Flags+TSFT", Flags: 0, mac_timestamp: 5 })));
  assert.equal(bytesHex(nested.subarray(3)), bytesHex(raw(rt)));
});

test("RadioTap: bitmaps that never end, lying lengths and cut fields give Raw or partial layers, never a hang", () => {
  const endless = new Uint8Array(4 + 4 * 20000).fill(0xff);
  endless.set([0, 0, 0xff, 0xff], 0);
  const t0 = Date.now();
  const p = RadioTap(endless);
  assert.ok(p.summary().length > 0);
  assert.ok(Date.now() - t0 < 5000);
  for (let cut = 0; cut < 40; cut++) {
    const b = raw(RadioTap({ present: "TSFT+Flags+Rate+Channel+MCS+VHT+timestamp" }).div(Dot11FCS({ addr1: AP })));
    const q = RadioTap(b.subarray(0, cut));
    q.summary();
    q.show2({ dump: true });
    raw(q);
  }
  const lying = fromHex("0000ffff02000000") ;
  assert.equal(RadioTap(lying).layers().length, 1);
});

test("RadioTap reads and writes as link type 127, Dot11 as 105", () => {
  const pkts = [RadioTap().div(Dot11({ addr1: AP }), Dot11Beacon()), Dot11({ type: 2 }).div(LLC(), SNAP())];
  const back = readPcapBytes(pcapBytes([pkts[0]!]));
  assert.equal(back[0]!.spec.name, "RadioTap");
  assert.equal(readPcapBytes(pcapBytes([pkts[1]!]))[0]!.spec.name, "Dot11");
});

test("mutations of every wireless and 802.1X vector: dissection, summary(), show2() and raw() never throw", async () => {
  const { loadVectors } = await import("../oracle/vectors.ts");
  const { layerByName } = await import("../oracle/spec.ts");
  let seed = 20261202;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) >>> 0;
    return seed % n;
  };
  const failures: string[] = [];
  let runs = 0;
  for (const file of ["radiotap.json", "dot11.json", "dot11elt.json", "eap.json"]) {
    for (const v of loadVectors(file)) {
      const original = fromHex(v.bytes);
      const cls = layerByName(v.cls);
      for (let k = 0; k < 25; k++) {
        const b = original.slice();
        const kind = rand(4);
        if (kind === 0 && b.length) b[rand(b.length)] ^= 1 << rand(8);
        else if (kind === 1 && b.length) b[rand(b.length)] = rand(2) ? 0xff : 0;
        else if (kind === 2 && b.length > 4) b.fill(0xff, rand(b.length), b.length);
        const cut = kind === 3 ? b.subarray(0, rand(b.length + 1)) : b;
        runs++;
        try {
          const p = cls(cut);
          p.summary();
          p.show2({ dump: true });
          raw(p);
        } catch (e) {
          failures.push(`${v.id} (${bytesHex(cut)}): ${(e as Error).message}`);
        }
      }
    }
  }
  assert.ok(runs > 3000, `${runs} runs`);
  assert.deepEqual(failures.slice(0, 10), []);
});

test("the shell: pkt[Dot11] finds the Dot11FCS, getlayer(Dot11Elt, ID=...) filters, network_stats() answers", async () => {
  const { Session } = await import("../../src/shell/session.ts");
  const out: string[] = [];
  const session = new Session({ write: (t: string) => void out.push(t) });
  await session.run(
    [
      'p = RadioTap(raw(RadioTap()/Dot11FCS(addr1="ff:ff:ff:ff:ff:ff")/Dot11Beacon(cap="ESS")/Dot11Elt(ID=0, info="lab")/Dot11EltRates()/Dot11EltRSN(mfp_capable=0)))',
      "print(p[Dot11].name)",
      "print(p.getlayer(Dot11Elt, ID=1).name)",
      "print(p.getlayer(Dot11Elt, mfp_capable=0).name)",
      'print(p[Dot11Beacon].network_stats()["ssid"])',
    ].join("\n"),
    "script",
  );
  assert.deepEqual(out.join("").trim().split("\n"), ["802.11-FCS", "802.11 Rates", "802.11 RSN information", "lab"]);
});
