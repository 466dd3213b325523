import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { bytesHex, Ether, IP, PcapReader, raw, rdpcap, UDP, wrpcapng, type CaptureMeta, type Packet } from "../../src/index.ts";
import { encodeBlock, OptionsBuilder } from "../../src/pcap/pcapng.ts";
import { epochText, fixture, tempDir, tshark } from "./helpers.ts";

const dir = tempDir();
const meta = (p: Packet) => p.meta as CaptureMeta;

/** SHB and IDB of a file, then its other blocks. */
function splitHead(file: Buffer): [Buffer, Buffer] {
  const shb = file.readUInt32LE(4);
  const idb = file.readUInt32LE(shb + 4);
  return [file.subarray(0, shb + idb), file.subarray(shb + idb)];
}

test("two sections in one file (little- then big-endian): every packet, each with its section's interface", () => {
  const second = join(dir, "second.pcapng");
  const p = Ether({ src: "00:00:00:00:00:01" }).div(IP({ src: "10.5.5.5", dst: "10.6.6.6" }), UDP({ sport: 7, dport: 9 }));
  p.meta = { time: 1800000000.5, sniffedOn: "veth9", linktype: 1 };
  wrpcapng(second, [p], { byteOrder: "big", comment: "second section" });
  const both = join(dir, "both.pcapng");
  writeFileSync(both, Buffer.concat([readFileSync(fixture("scapy.pcapng")), readFileSync(second)]));

  const r = new PcapReader(both);
  const packets = [...r];
  const frames = tshark(both);
  assert.equal(packets.length, 6);
  assert.deepEqual(
    packets.map((q) => [bytesHex(raw(q)), epochText(meta(q).timeNs!)]),
    frames.map((f) => [f.hex, f.time]),
  );
  assert.deepEqual(
    r.sections.map((s) => [s.littleEndian, s.comments]),
    [
      [true, []],
      [false, ["second section"]],
    ],
  );
  assert.deepEqual(
    r.interfaces.map((i) => [i.section, i.linktype, i.name]),
    [
      [0, 1, undefined],
      [1, 1, "veth9"],
    ],
  );
  assert.equal(packets[5]!.sniffedOn, "veth9");
});

test("unknown and custom blocks are skipped; a Simple Packet Block gives its packet without a time", () => {
  const [head, rest] = splitHead(readFileSync(fixture("scapy.pcapng")));
  const frame = raw(Ether({ dst: "ff:ff:ff:ff:ff:ff", src: "00:00:00:00:00:02" }).div(IP({ src: "10.0.0.7", dst: "10.0.0.8" }), UDP()));
  const custom = encodeBlock(0x00000bad, 8, new OptionsBuilder(), true, (_, v) => {
    v.setUint32(8, 32473, true); // the documentation enterprise number
    v.setUint32(12, 0xdeadbeef, true);
  });
  const unknown = encodeBlock(0x12345678, 4, new OptionsBuilder(), true, (_, v) => v.setUint32(8, 1, true));
  const simple = encodeBlock(3, 4 + frame.length, new OptionsBuilder(), true, (out, v) => {
    v.setUint32(8, frame.length, true);
    out.set(frame, 12);
  });
  const file = join(dir, "blocks.pcapng");
  writeFileSync(file, Buffer.concat([head, custom, unknown, simple, rest]));

  const packets = rdpcap(file);
  assert.equal(packets.length, 6);
  assert.equal(bytesHex(raw(packets[0]!)), bytesHex(frame));
  assert.equal(meta(packets[0]!).timeNs, undefined, "no time in a simple packet block");
  assert.equal(packets[0]!.wirelen, frame.length);
  // tshark agrees on every packet (it lists the custom block as a record of its own).
  const frames = tshark(file).filter((f) => f.hex !== "efbeadde");
  assert.deepEqual(
    packets.map((q) => bytesHex(raw(q))),
    frames.map((f) => f.hex),
  );
});

test("options: several comments on one packet, interface names, epb_flags kept and written back", () => {
  const p = Ether().div(IP({ dst: "10.0.0.1" }));
  p.meta = { time: 1, sniffedOn: "lo", comments: ["one", "two"], comment: "one\ntwo", flags: 1 } as CaptureMeta;
  const file = join(dir, "options.pcapng");
  wrpcapng(file, [p]);
  assert.deepEqual(tshark(file)[0]!.comments, ["one", "two"]);
  const back = rdpcap(file)[0]!;
  assert.deepEqual(meta(back).comments, ["one", "two"]);
  assert.equal(back.comment, "one\ntwo");
  assert.equal(meta(back).flags, 1);
  // A changed comment replaces them all.
  back.comment = "three";
  const again = join(dir, "options2.pcapng");
  wrpcapng(again, [back]);
  assert.deepEqual(tshark(again)[0]!.comments, ["three"]);
});

test("a packet naming an interface the section never described is an error with its offset", () => {
  const p = Ether().div(IP());
  p.meta = { time: 1, linktype: 1 };
  const file = join(dir, "iface.pcapng");
  wrpcapng(file, [p]);
  const bytes = readFileSync(file);
  const [head] = splitHead(bytes);
  bytes.writeUInt32LE(5, head.length + 8); // EPB interface id 5
  writeFileSync(file, bytes);
  assert.throws(() => rdpcap(file), (e: Error) => e.message.includes("interface 5") && e.message.includes(`at byte offset ${head.length}`));
});

test("if_tsoffset and if_tsresol of an interface apply to its packets (tshark agrees)", () => {
  const le = true;
  const frame = raw(Ether().div(IP({ src: "10.0.0.1", dst: "10.0.0.2" }), UDP()));
  const shb = encodeBlock(0x0a0d0d0a, 16, new OptionsBuilder(), le, (_, v) => {
    v.setUint32(8, 0x1a2b3c4d, le);
    v.setUint16(12, 1, le);
    v.setBigInt64(16, -1n, le);
  });
  const offset = new Uint8Array(8);
  new DataView(offset.buffer).setBigInt64(0, 1_000_000n, le);
  const idb = encodeBlock(1, 8, new OptionsBuilder().u8(9, 3).bytes(14, offset).text(2, "ms0"), le, (_, v) => v.setUint16(8, 1, le));
  const epb = encodeBlock(6, 20 + frame.length, new OptionsBuilder(), le, (out, v) => {
    const ms = 1_700_000_000_123n; // milliseconds (if_tsresol 3), counted from the offset
    v.setUint32(12, Number(ms >> 32n), le);
    v.setUint32(16, Number(ms & 0xffffffffn), le);
    v.setUint32(20, frame.length, le);
    v.setUint32(24, frame.length, le);
    out.set(frame, 28);
  });
  const file = join(dir, "tsoffset.pcapng");
  writeFileSync(file, Buffer.concat([shb, idb, epb]));
  const [p] = rdpcap(file);
  assert.equal(epochText(meta(p!).timeNs!), "1701000000.123000000");
  assert.equal(tshark(file)[0]!.time, "1701000000.123000000");
  assert.equal(p!.sniffedOn, "ms0");
});
