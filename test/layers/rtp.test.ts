import assert from "node:assert/strict";
import { test } from "node:test";
import { bindLayers, bytesHex, Ether, IP, raw, Raw, ReceptionReport, RTCP, RTP, RTPExtension, SDESChunk, SDESItem, SenderInfo, UDP } from "../../src/index.ts";
import { tsharkAvailable, tsharkField, tsharkRead } from "../tshark.ts";

const skip = tsharkAvailable() ? false : "tshark is not installed";
const base = () => Ether({ src: "02:00:00:00:00:01", dst: "02:00:00:00:00:02" }).div(IP({ src: "10.0.0.1", dst: "10.0.0.2" }));

test("tshark reads RTP with a CSRC list and a header extension as packetry builds it", { skip }, () => {
  const pkt = base().div(
    UDP({ sport: 5004, dport: 5004 }),
    RTP({ extension: 1, sync: [1, 2], payload_type: 8, sequence: 7, timestamp: 160, sourcesync: 0x11223344, marker: 1 }),
    RTPExtension({ header_id: 0xbede, header: [0x10ff0000] }),
    Raw({ load: new Uint8Array(20) }),
  );
  const [view] = tsharkRead([pkt], { decodeAs: ["udp.port==5004,rtp"] });
  assert.equal(view!.protocols, "eth:ethertype:ip:udp:rtp");
  assert.deepEqual(view!.problems, []);
  assert.equal(tsharkField(view!, "rtp.cc"), "2");
  assert.equal(tsharkField(view!, "rtp.p_type"), "8");
  assert.equal(tsharkField(view!, "rtp.ssrc"), "0x11223344");
  assert.equal(tsharkField(view!, "rtp.ext.profile"), "0xbede");
  assert.equal(tsharkField(view!, "rtp.ext.len"), "1");
});

test("tshark reads RTCP SR, RR, SDES and BYE as packetry builds them, lengths included", { skip }, () => {
  const report = ReceptionReport({ sourcesync: 5, fraction_lost: 1, cumulative_lost: 2, highest_seqnum_recv: 3, interarrival_jitter: 4, last_SR_timestamp: 5, delay_since_last_SR: 6 });
  const udp = () => UDP({ sport: 5005, dport: 5005 });
  const sr = base().div(udp(), RTCP({ packet_type: 200, count: 1, sourcesync: 0xaabbccdd, sender_info: SenderInfo({ ntp_timestamp: 1n, rtp_timestamp: 2, sender_packet_count: 3, sender_octet_count: 4 }), report_blocks: [report] }));
  const rr = base().div(udp(), RTCP({ packet_type: 201, count: 1, sourcesync: 9, report_blocks: [report.copy()] }));
  const sdes = base().div(udp(), RTCP({ packet_type: 202, count: 1, sdes_chunks: [SDESChunk({ sourcesync: 0xaabbccdd, items: [SDESItem({ chunk_type: 1, value: "user@host" }), SDESItem({ chunk_type: 0, length: 0, value: "" })] })] }));
  const bye = base().div(udp(), RTCP({ packet_type: 203, count: 1 }), Raw({ load: Uint8Array.of(0xaa, 0xbb, 0xcc, 0xdd) }));
  const views = tsharkRead([sr, rr, sdes, bye], { decodeAs: ["udp.port==5005,rtcp"] });
  for (const view of views) {
    assert.equal(view.protocols, "eth:ethertype:ip:udp:rtcp");
    assert.deepEqual(view.problems, []);
    assert.equal(tsharkField(view, "rtcp.length_check"), "1");
  }
  assert.equal(tsharkField(views[0]!, "rtcp.length"), "12");
  assert.equal(tsharkField(views[0]!, "rtcp.sender.packetcount"), "3");
  assert.equal(tsharkField(views[0]!, "rtcp.ssrc.dlsr"), "6");
  assert.equal(tsharkField(views[1]!, "rtcp.pt"), "201");
  assert.equal(tsharkField(views[2]!, "rtcp.sdes.text"), "user@host");
  assert.equal(tsharkField(views[3]!, "rtcp.ssrc.identifier"), "0xaabbccdd");
});

test("RTP on a port bound by the user dissects to its layers; counts larger than the bytes read what is there, as Scapy", () => {
  bindLayers(UDP, RTP, { dport: 40000 });
  const pkt = Ether(raw(base().div(UDP({ sport: 1, dport: 40000 }), RTP({ sync: [7] }))));
  assert.deepEqual(pkt.layers().map((l) => l.name), ["Ether", "IP", "UDP", "RTP"]);
  assert.deepEqual(pkt.getLayer(RTP)!.sync, [7]);
  // 15 CSRCs announced, one there; an extension claiming 65535 words, one there.
  const cut = RTP(Uint8Array.of(0x8f, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 4));
  assert.deepEqual(cut.sync, [4]);
  assert.equal(cut.numsync, 15);
  const ext = RTP(Uint8Array.of(0x90, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0xbe, 0xde, 0xff, 0xff, 1, 2, 3, 4));
  assert.deepEqual(ext.layers().map((l) => l.name), ["RTP", "RTPExtension"]);
  assert.deepEqual(ext.getLayer(RTPExtension)!.header, [0x01020304]);
  assert.equal(bytesHex(raw(ext)), "900000010000000200000003bedeffff01020304");
  // Half an item is not an item: the extension is Raw.
  const half = RTP(Uint8Array.of(0x90, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0xbe, 0xde, 0, 2, 1, 2, 3, 4, 5, 6));
  assert.deepEqual(half.layers().map((l) => l.name), ["RTP", "Raw"]);
});
