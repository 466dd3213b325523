/**
 * Files written by tcpdump and dumpcap, captured here inside a network namespace of our own
 * (loopback and a veth pair, traffic from a small UDP sender), read with the bytes and
 * timestamps tshark sees.
 */
import assert from "node:assert/strict";
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { bytesHex, PcapReader, raw, rdpcap, type CaptureMeta, type Packet } from "../../src/index.ts";
import { epochText, tempDir, tshark } from "./helpers.ts";

const NS = `pkt-pcap-${process.pid}`;
const dir = tempDir();
const meta = (p: Packet) => p.meta as CaptureMeta;

function inNs(cmd: string, ...args: string[]): string {
  return execFileSync("ip", ["netns", "exec", NS, cmd, ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

const canUseNetns = spawnSync("ip", ["netns", "add", NS]).status === 0;

before(() => {
  if (!canUseNetns) return;
  inNs("ip", "link", "set", "lo", "up");
  inNs("ip", "link", "add", "pva", "type", "veth", "peer", "name", "pvb");
  inNs("ip", "addr", "add", "10.77.0.1/24", "dev", "pva");
  inNs("ip", "link", "set", "pva", "up");
  inNs("ip", "link", "set", "pvb", "up");
});

after(() => {
  if (canUseNetns) spawnSync("ip", ["netns", "del", NS]);
});

/**
 * Starts a capture tool in the namespace writing to `file`, and returns once it is really
 * capturing: its "listening" message comes before the socket sees everything (notably with
 * -i any on a busy machine), so probes go out until `ready` finds them in the file.
 */
async function startCapture(tool: string, args: string[], file: string, probe: () => void, ready: (packets: Packet[]) => boolean): Promise<{ stop(): Promise<void> }> {
  const child = spawn("ip", ["netns", "exec", NS, tool, ...args], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${tool} did not start: ${stderr}`)), 10_000);
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
      if (/listening on|Capturing on/i.test(stderr)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on("exit", (code) => reject(new Error(`${tool} exited (${code}): ${stderr}`)));
  });
  const deadline = Date.now() + 15_000;
  for (;;) {
    probe();
    await new Promise((r) => setTimeout(r, 100));
    let seen: Packet[] = [];
    try {
      seen = existsSync(file) ? [...rdpcap(file, { onWarning: () => undefined })] : [];
    } catch {
      // the header may not be complete yet
    }
    if (ready(seen)) break;
    if (Date.now() > deadline) {
      child.kill("SIGINT");
      throw new Error(`${tool} captured none of the probes: ${stderr}`);
    }
  }
  return {
    async stop() {
      // Let the last packets reach the file (libpcap may hold them up to its buffer timeout,
      // and drops what it still holds when stopped), then stop cleanly (dumpcap then writes
      // its statistics).
      await new Promise((r) => setTimeout(r, 1200));
      child.kill("SIGINT");
      await exited;
    },
  };
}

const PROBE_PORT = 9998;
let probeNeighbour = 100;

/** A datagram to loopback port 9998, and (withVeth) one to a new neighbour on pva: an ARP request goes out there. */
function probe(withVeth = false): () => void {
  return () => {
    const veth = withVeth ? `s.sendto(b"probe", ("10.77.0.${++probeNeighbour}", ${PROBE_PORT}))` : "";
    inNs("python3", "-c", `import socket\ns = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\ns.sendto(b"probe", ("127.0.0.1", ${PROBE_PORT}))\n${veth}`);
  };
}

const udpTo = (p: Packet, port: number) => (p.getLayer("UDP") as unknown as { dport: number } | undefined)?.dport === port;
const sawProbe = (packets: Packet[]) => packets.some((p) => udpTo(p, PROBE_PORT));

let neighbour = 10;

/**
 * Sends `count` UDP datagrams to 127.0.0.1:9999 and one to a new neighbour on pva each time, so
 * an ARP request goes out there now (an address asked for already may be waiting on retries).
 */
function sendTraffic(count: number): void {
  neighbour++;
  inNs(
    "python3",
    "-c",
    `import socket, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for i in range(${count}):
    s.sendto(b"packetry %d" % i, ("127.0.0.1", 9999))
    time.sleep(0.02)
s.sendto(b"to the veth", ("10.77.0.${neighbour}", 9999))
time.sleep(0.2)`,
  );
}

/** Our reading of a file equals tshark's: bytes, lengths and exact times. */
function assertAsTshark(path: string): Packet[] {
  const packets = rdpcap(path);
  const frames = tshark(path);
  assert.ok(frames.length > 0, "the capture holds packets");
  assert.deepEqual(
    packets.map((p) => [bytesHex(raw(p)), p.wirelen, epochText(meta(p).timeNs!)]),
    frames.map((f) => [f.hex, f.len, f.time]),
  );
  return packets;
}

const skip = canUseNetns ? false : "needs root to create a network namespace";

test("tcpdump -w on loopback (microseconds, Ethernet)", { skip }, async () => {
  const file = join(dir, "tcpdump-lo.pcap");
  const cap = await startCapture("tcpdump", ["-i", "lo", "--immediate-mode", "-U", "-w", file, "udp port 9999 or udp port 9998"], file, probe(), sawProbe);
  sendTraffic(3);
  await cap.stop();
  const all = assertAsTshark(file);
  const packets = all.filter((p) => udpTo(p, 9999));
  assert.equal(packets.length, 3, all.map((p) => p.summary()).join("\n"));
  assert.equal(new PcapReader(file).open().header!.nano, false);
  assert.deepEqual(packets[0]!.layers().map((l) => l.name), ["Ether", "IP", "UDP", "Raw"]);
  assert.equal(bytesHex((packets[2]!.getLayer("Raw") as unknown as { load: Uint8Array }).load), bytesHex(new TextEncoder().encode("packetry 2")));
});

test("tcpdump -i any with nanosecond timestamps (Linux cooked v2)", { skip }, async () => {
  const file = join(dir, "tcpdump-any.pcap");
  const cap = await startCapture("tcpdump", ["-i", "any", "--immediate-mode", "--time-stamp-precision", "nano", "-U", "-w", file, "udp port 9999 or udp port 9998"], file, probe(), sawProbe);
  sendTraffic(2);
  await cap.stop();
  const packets = assertAsTshark(file);
  assert.ok(packets.filter((p) => udpTo(p, 9999)).length >= 2, packets.map((p) => p.summary()).join("\n"));
  const h = new PcapReader(file).open().header!;
  assert.equal(h.nano, true);
  assert.equal(h.linktype, 276);
  assert.ok(packets.every((p) => p.layers()[0]!.name === "CookedLinuxV2"));
  assert.ok(packets.some((p) => p.layers().map((l) => l.name).join("/") === "CookedLinuxV2/IP/UDP/Raw"));
});

test("dumpcap on two interfaces: pcapng interfaces, names, statistics", { skip }, async () => {
  const file = join(dir, "dumpcap.pcapng");
  const bothUp = (packets: Packet[]) => packets.some((p) => p.sniffedOn === "lo" && udpTo(p, PROBE_PORT)) && packets.some((p) => p.sniffedOn === "pva" && p.hasLayer("ARP"));
  const cap = await startCapture("dumpcap", ["-q", "-i", "lo", "-i", "pva", "-w", file], file, probe(true), bothUp);
  sendTraffic(2);
  await cap.stop();
  const packets = assertAsTshark(file);
  const r = new PcapReader(file);
  const again = [...r];
  assert.equal(again.length, packets.length);
  assert.deepEqual(
    r.interfaces.map((i) => [i.name, i.linktype]),
    [
      ["lo", 1],
      ["pva", 1],
    ],
  );
  const frames = tshark(file);
  assert.deepEqual(
    again.map((p) => p.sniffedOn),
    frames.map((f) => f.interfaceName),
  );
  const asked = `10.77.0.${neighbour}`;
  assert.ok(again.some((p) => p.sniffedOn === "pva" && (p.getLayer("ARP") as unknown as { pdst: string } | undefined)?.pdst === asked), "the ARP request went out on the veth");
  assert.equal(again.filter((p) => p.sniffedOn === "lo" && udpTo(p, 9999)).length, 2);
  // dumpcap ends each interface with a statistics block.
  const stats = r.statistics.filter((s) => s.ifRecv !== undefined);
  assert.deepEqual(stats.map((s) => s.interfaceId).sort(), [0, 1]);
  // Loopback also carried the ICMP port-unreachable answers, which the kernel counts too.
  assert.ok(stats.find((s) => s.interfaceId === 0)!.ifRecv! >= again.filter((p) => p.sniffedOn === "lo").length);
});
