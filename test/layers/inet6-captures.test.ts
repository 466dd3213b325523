import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import {
  bytesHex,
  defragment6,
  IPv6ExtHdrFragment,
  layerForLinkType,
  PcapReader,
  raw,
  rdpcap,
  type Packet,
} from "../../src/index.ts";

// Real traffic between two network namespaces (the Linux kernel and dnsmasq), captured with
// tcpdump by scripts/captures/ipv6.sh. Every frame is dissected, compared field by field with
// what tshark reads in the same file, rebuilt byte for byte, and has its checksums recomputed.

const DIR = fileURLToPath(new URL("../fixtures/captures/", import.meta.url));
const FILES = ["ipv6-link-up.pcap", "ipv6-traffic.pcap", "ipv6-mldv1.pcap"];

function hasTshark(): boolean {
  try {
    execFileSync("tshark", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}
const skip = hasTshark() ? false : "tshark is not installed (apt-get install tshark)";

type Fields = Map<string, string[]>;
const hex = (n: number, digits: number) => "0x" + n.toString(16).padStart(digits, "0");

/** tshark's fields for every frame, keeping repeated fields (options, records) in order. */
function tsharkFields(path: string, extra: string[] = [], keys: Iterable<string> = COMPARED): Fields[] {
  const wanted = new Set(keys);
  const out = execFileSync("tshark", ["-r", path, "-T", "json", "--no-duplicate-keys", ...extra], { maxBuffer: 64 << 20, stdio: ["ignore", "pipe", "ignore"] });
  const frames = JSON.parse(out.toString()) as Array<{ _source: { layers: Record<string, unknown> } }>;
  return frames.map((f) => {
    const fields: Fields = new Map();
    const walk = (key: string, v: unknown): void => {
      if (Array.isArray(v)) for (const x of v) walk(key, x);
      else if (v !== null && typeof v === "object") for (const [k, x] of Object.entries(v)) walk(k, x);
      else if (wanted.has(key)) (fields.get(key) ?? fields.set(key, []).get(key)!).push(String(v));
    };
    walk("", f._source.layers);
    return fields;
  });
}

/** The fields compared: every one packetry maps below (tshark's others are left out). */
const COMPARED = new Set<string>([
  "eth.dst",
  "eth.src",
  "eth.type",
  "icmpv6.checksum",
  "icmpv6.code",
  "icmpv6.echo.identifier",
  "icmpv6.echo.sequence_number",
  "icmpv6.mld.maximum_response_delay",
  "icmpv6.mld.multicast_address",
  "icmpv6.mldr.mar.aux_data_len",
  "icmpv6.mldr.mar.multicast_address",
  "icmpv6.mldr.mar.nb_sources",
  "icmpv6.mldr.mar.record_type",
  "icmpv6.mldr.nb_mcast_records",
  "icmpv6.nd.na.flag.o",
  "icmpv6.nd.na.flag.r",
  "icmpv6.nd.na.flag.s",
  "icmpv6.nd.na.target_address",
  "icmpv6.nd.ns.target_address",
  "icmpv6.nd.ra.cur_hop_limit",
  "icmpv6.nd.ra.flag.h",
  "icmpv6.nd.ra.flag.m",
  "icmpv6.nd.ra.flag.o",
  "icmpv6.nd.ra.flag.p",
  "icmpv6.nd.ra.flag.prf",
  "icmpv6.nd.ra.reachable_time",
  "icmpv6.nd.ra.retrans_timer",
  "icmpv6.nd.ra.router_lifetime",
  "icmpv6.opt.dnssl",
  "icmpv6.opt.dnssl.lifetime",
  "icmpv6.opt.length",
  "icmpv6.opt.linkaddr",
  "icmpv6.opt.mtu",
  "icmpv6.opt.prefix",
  "icmpv6.opt.prefix.flag.a",
  "icmpv6.opt.prefix.flag.l",
  "icmpv6.opt.prefix.flag.r",
  "icmpv6.opt.prefix.length",
  "icmpv6.opt.prefix.preferred_lifetime",
  "icmpv6.opt.prefix.valid_lifetime",
  "icmpv6.opt.rdnss",
  "icmpv6.opt.rdnss.lifetime",
  "icmpv6.opt.src_linkaddr",
  "icmpv6.opt.target_linkaddr",
  "icmpv6.opt.type",
  "icmpv6.type",
  "ipv6.dst",
  "ipv6.flow",
  "ipv6.fraghdr.ident",
  "ipv6.fraghdr.more",
  "ipv6.fraghdr.nxt",
  "ipv6.fraghdr.offset",
  "ipv6.hlim",
  "ipv6.hopopts.len",
  "ipv6.hopopts.nxt",
  "ipv6.nxt",
  "ipv6.opt.length",
  "ipv6.opt.router_alert",
  "ipv6.opt.type",
  "ipv6.plen",
  "ipv6.src",
  "ipv6.tclass",
  "ipv6.version",
  "tcp.ack_raw",
  "tcp.checksum",
  "tcp.dstport",
  "tcp.flags",
  "tcp.hdr_len",
  "tcp.seq_raw",
  "tcp.srcport",
  "tcp.urgent_pointer",
  "tcp.window_size_value",
  "udp.checksum",
  "udp.dstport",
  "udp.length",
  "udp.srcport",
]);

/** What packetry reads, under tshark's field names. */
function packetryFields(p: Packet): Fields {
  const fields: Fields = new Map();
  const put = (key: string, value: string | number) => {
    if (!COMPARED.has(key)) throw new Error(`${key} is not in COMPARED`);
    (fields.get(key) ?? fields.set(key, []).get(key)!).push(String(value));
  };
  const v = (q: Packet, name: string) => q.getFieldValue(name) as number;
  const s = (q: Packet, name: string) => q.getFieldValue(name) as string;
  const visit = (q: Packet, ndContext: boolean): void => {
    switch (q.spec.name) {
      case "Ether":
        put("eth.dst", s(q, "dst"));
        put("eth.src", s(q, "src"));
        put("eth.type", hex(v(q, "type"), 4));
        break;
      case "IPv6":
      case "IPerror6":
        put("ipv6.version", v(q, "version"));
        put("ipv6.tclass", hex(v(q, "tc"), 8));
        put("ipv6.flow", hex(v(q, "fl"), 6));
        put("ipv6.plen", v(q, "plen"));
        put("ipv6.nxt", v(q, "nh"));
        put("ipv6.hlim", v(q, "hlim"));
        put("ipv6.src", s(q, "src"));
        put("ipv6.dst", s(q, "dst"));
        break;
      case "IPv6ExtHdrHopByHop":
        put("ipv6.hopopts.nxt", v(q, "nh"));
        put("ipv6.hopopts.len", v(q, "len"));
        for (const o of q.getFieldValue("options") as Packet[]) {
          put("ipv6.opt.type", hex(v(o, "otype"), 2));
          if (o.spec.name !== "Pad1") put("ipv6.opt.length", v(o, "optlen"));
          if (o.spec.name === "RouterAlert") put("ipv6.opt.router_alert", v(o, "value"));
        }
        break;
      case "IPv6ExtHdrFragment":
        put("ipv6.fraghdr.nxt", v(q, "nh"));
        put("ipv6.fraghdr.offset", v(q, "offset"));
        put("ipv6.fraghdr.more", v(q, "m"));
        put("ipv6.fraghdr.ident", hex(v(q, "id"), 8));
        break;
      case "ICMPv6EchoRequest":
      case "ICMPv6EchoReply":
        icmp(q);
        put("icmpv6.echo.identifier", hex(v(q, "id"), 4));
        put("icmpv6.echo.sequence_number", v(q, "seq"));
        break;
      case "ICMPv6DestUnreach":
        icmp(q);
        break;
      case "ICMPv6ND_RS":
        icmp(q);
        break;
      case "ICMPv6ND_RA":
        icmp(q);
        put("icmpv6.nd.ra.cur_hop_limit", v(q, "chlim"));
        for (const f of ["M", "O", "H", "prf", "P"]) put(`icmpv6.nd.ra.flag.${f.toLowerCase()}`, v(q, f));
        put("icmpv6.nd.ra.router_lifetime", v(q, "routerlifetime"));
        put("icmpv6.nd.ra.reachable_time", v(q, "reachabletime"));
        put("icmpv6.nd.ra.retrans_timer", v(q, "retranstimer"));
        break;
      case "ICMPv6ND_NS":
        icmp(q);
        put("icmpv6.nd.ns.target_address", s(q, "tgt"));
        break;
      case "ICMPv6ND_NA":
        icmp(q);
        for (const f of ["R", "S", "O"]) put(`icmpv6.nd.na.flag.${f.toLowerCase()}`, v(q, f));
        put("icmpv6.nd.na.target_address", s(q, "tgt"));
        break;
      case "ICMPv6MLReport":
      case "ICMPv6MLDone":
        icmp(q);
        put("icmpv6.mld.maximum_response_delay", v(q, "mrd"));
        put("icmpv6.mld.multicast_address", s(q, "mladdr"));
        break;
      case "ICMPv6MLReport2":
        icmp(q);
        put("icmpv6.mldr.nb_mcast_records", v(q, "records_number"));
        // Records after the first are its payload chain, as in Scapy.
        for (const first of q.getFieldValue("records") as Packet[]) {
          for (let r: Packet | null = first; r !== null && r.spec.name === "ICMPv6MLDMultAddrRec"; r = r.payload) {
            put("icmpv6.mldr.mar.record_type", v(r, "rtype"));
            put("icmpv6.mldr.mar.aux_data_len", v(r, "auxdata_len"));
            put("icmpv6.mldr.mar.nb_sources", v(r, "sources_number"));
            put("icmpv6.mldr.mar.multicast_address", s(r, "dst"));
          }
        }
        break;
      case "ICMPv6NDOptSrcLLAddr":
      case "ICMPv6NDOptDstLLAddr":
        option(q);
        put("icmpv6.opt.linkaddr", s(q, "lladdr"));
        put(q.spec.name === "ICMPv6NDOptSrcLLAddr" ? "icmpv6.opt.src_linkaddr" : "icmpv6.opt.target_linkaddr", s(q, "lladdr"));
        break;
      case "ICMPv6NDOptPrefixInfo":
        option(q);
        put("icmpv6.opt.prefix.length", v(q, "prefixlen"));
        for (const f of ["L", "A", "R"]) put(`icmpv6.opt.prefix.flag.${f.toLowerCase()}`, v(q, f));
        put("icmpv6.opt.prefix.valid_lifetime", v(q, "validlifetime"));
        put("icmpv6.opt.prefix.preferred_lifetime", v(q, "preferredlifetime"));
        put("icmpv6.opt.prefix", s(q, "prefix"));
        break;
      case "ICMPv6NDOptMTU":
        option(q);
        put("icmpv6.opt.mtu", v(q, "mtu"));
        break;
      case "ICMPv6NDOptRDNSS":
        option(q);
        put("icmpv6.opt.rdnss.lifetime", v(q, "lifetime"));
        for (const a of q.getFieldValue("dns") as string[]) put("icmpv6.opt.rdnss", a);
        break;
      case "ICMPv6NDOptDNSSL":
        option(q);
        put("icmpv6.opt.dnssl.lifetime", v(q, "lifetime"));
        for (const name of q.getFieldValue("searchlist") as string[]) put("icmpv6.opt.dnssl", name.replace(/\.$/, ""));
        break;
      case "Raw":
        // Scapy (and packetry) leave an option of a type they do not know as Raw: its type and
        // length bytes are still what tshark reads.
        if (ndContext) {
          const load = q.getFieldValue("load") as Uint8Array;
          put("icmpv6.opt.type", load[0]!);
          put("icmpv6.opt.length", load[1]!);
        }
        return;
      case "UDP":
      case "UDPerror":
        put("udp.srcport", v(q, "sport"));
        put("udp.dstport", v(q, "dport"));
        put("udp.length", v(q, "len"));
        put("udp.checksum", hex(v(q, "chksum"), 4));
        break;
      case "TCP":
      case "TCPerror":
        put("tcp.srcport", v(q, "sport"));
        put("tcp.dstport", v(q, "dport"));
        put("tcp.seq_raw", v(q, "seq"));
        put("tcp.ack_raw", v(q, "ack"));
        put("tcp.hdr_len", 4 * v(q, "dataofs"));
        put("tcp.flags", hex(Number(q.getFieldValue("flags")), 4));
        put("tcp.window_size_value", v(q, "window"));
        put("tcp.checksum", hex(v(q, "chksum"), 4));
        put("tcp.urgent_pointer", v(q, "urgptr"));
        break;
      default:
        throw new Error(`no tshark mapping for ${q.spec.name}: add one to this test`);
    }
    const next = q.payload;
    if (next) visit(next, ndContext || q.spec.name.startsWith("ICMPv6ND"));
  };
  const icmp = (q: Packet) => {
    put("icmpv6.type", v(q, "type"));
    put("icmpv6.code", v(q, q.spec.layout.fieldIndex.has("code") ? "code" : "res"));
    put("icmpv6.checksum", hex(v(q, "cksum"), 4));
  };
  const option = (q: Packet) => {
    put("icmpv6.opt.type", v(q, "type"));
    put("icmpv6.opt.length", v(q, "len"));
  };
  visit(p, false);
  return fields;
}

interface Frame {
  bytes: Uint8Array;
  packet: Packet;
}

function frames(file: string): Frame[] {
  return [...new PcapReader(DIR + file).records()].map((r) => ({ bytes: r.data, packet: layerForLinkType(r.linktype)!(r.data) }));
}

const layersOf = (p: Packet): Packet[] => {
  const out: Packet[] = [];
  for (let q: Packet | null = p; q !== null; q = q.payload) out.push(q);
  return out;
};

/**
 * Each checksum computed again (reset to null, rebuilt, read back) next to the kernel's. Not for
 * quoted packets (cut short, their checksums cover bytes that are gone) nor for the upper layer
 * of a first fragment (its checksum covers the whole datagram).
 */
function recomputedChecksums(p: Packet): Array<[layer: string, wire: number, computed: number]> {
  const out: Array<[string, number, number]> = [];
  const layers = layersOf(p);
  for (const [k, q] of layers.entries()) {
    if (q.spec.name === "IPerror6" || q.spec.name === "IPv6ExtHdrFragment") break;
    const field = ["cksum", "chksum"].find((f) => q.spec.layout.fieldIndex.has(f));
    if (field === undefined) continue;
    const copy = p.copy();
    layersOf(copy)[k]!.setFieldValue(field, null);
    const computed = layersOf(copy.layerClass(raw(copy)))[k]!.getFieldValue(field) as number;
    out.push([q.spec.name, q.getFieldValue(field) as number, computed]);
  }
  return out;
}

for (const file of FILES) {
  test(`${file}: every frame reads as tshark reads it and rebuilds byte for byte`, { skip }, () => {
    const ours = frames(file);
    assert.ok(ours.length > 0, "the capture holds frames");
    const theirs = tsharkFields(DIR + file, ["-o", "ipv6.defragment:FALSE"]);
    assert.equal(theirs.length, ours.length);
    ours.forEach(({ bytes, packet }, i) => {
      const where = `${file} frame ${i + 1} (${packet.summary()})`;
      assert.equal(bytesHex(raw(packet)), bytesHex(bytes), `${where}: rebuilt bytes`);
      const mine = packetryFields(packet);
      for (const key of new Set([...mine.keys(), ...theirs[i]!.keys()])) {
        assert.deepEqual(mine.get(key) ?? [], theirs[i]!.get(key) ?? [], `${where}: ${key}`);
      }
      for (const [layer, wire, computed] of recomputedChecksums(packet)) {
        assert.equal(hex(computed, 4), hex(wire, 4), `${where}: ${layer} checksum computed again`);
      }
    });
  });
}

test("the capture files read the same through rdpcap", () => {
  for (const file of FILES) {
    assert.deepEqual(
      rdpcap(DIR + file).map((p: Packet) => p.summary()),
      frames(file).map((f) => f.packet.summary()),
    );
  }
});

test("the kernel's fragmented UDP datagram reassembles to what tshark reassembles", { skip }, () => {
  const fragments = frames("ipv6-traffic.pcap")
    .map((f) => f.packet)
    .filter((p) => p.hasLayer(IPv6ExtHdrFragment));
  assert.equal(fragments.length, 3);
  const whole = defragment6(fragments)!;
  assert.equal(whole.summary(), "Ether / IPv6 / UDP fd00::2:40000 > fd00::1:5001 / Raw");
  const reassembled = tsharkFields(DIR + "ipv6-traffic.pcap", [], ["ipv6.reassembled.data"]).find((f) => f.has("ipv6.reassembled.data"))!;
  const udp = whole.getLayer("UDP")!;
  assert.equal(bytesHex(raw(udp)), reassembled.get("ipv6.reassembled.data")![0]!.replace(/:/g, ""));
  // The checksum the kernel computed over the whole datagram holds for the reassembled one.
  assert.deepEqual(recomputedChecksums(whole), [["UDP", udp.getFieldValue("chksum"), udp.getFieldValue("chksum")]]);
});
