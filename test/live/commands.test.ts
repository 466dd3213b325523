/**
 * Every command lsc() lists, called at least once: the ones that send in the lab (its kernel,
 * dnsmasq and nginx as peers; Scapy's output for the same call in the same lab where Scapy's
 * command works there), the others through the shell on one script that Debian's Scapy runs too
 * (their outputs compared line by line). The first test fails when a command is registered
 * without a case here.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import {
  arpcachepoison, arping, arpleak, arpMitm, AsyncSniffer, bridgeAndSniff, conf, dhcpDiscover, dhcpRequest, dyndnsAdd, dyndnsDel, Ether, etherleak, explore, fragleak, fragleak2,
  getmacbyip, getmacbyip6, hexedit, ICMP, IP, isPromisc, lsc, neighsol, promiscping, rderf, reportPorts, send, sendp, sendpfast, sniff, sr, sr1, sr1flood, srflood, srloop, srp, srp1,
  srp1flood, srpflood, srploop, tcpdump, tdecode, traceroute, traceroute6, tracerouteMap, tshark, UDP, wireshark, wrerf,
} from "../../src/index.ts";
import { packetry } from "../shell/run.ts";
import { captureStdout, inServer, LAB, labSkip, macOf, waitFor } from "./lab.ts";

const dir = mkdtempSync(join(tmpdir(), "packetry-commands-"));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Debian's Scapy in the lab's client namespace (what it prints). */
function scapyInLab(code: string): string {
  return execFileSync("ip", ["netns", "exec", LAB.clientNs, "/usr/bin/python3", "-c", `from scapy.all import *\nconf.verb = 0\n${code}`], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], timeout: 120_000 });
}

const ping = () => IP({ dst: LAB.server }).div(ICMP());

/**
 * The offline commands: one line of Scapy each, run by packetry's shell and by Scapy (offline,
 * unshare -n), whose outputs must be equal. Addresses are explicit (Scapy without a network has
 * no source address to choose).
 */
const OFFLINE: Array<[name: string, code: string]> = [
  ["chexdump", `chexdump(IP(src="10.0.0.1", dst="10.0.0.2", id=7)/UDP(sport=1234, dport=9)/Raw(b"hello"))`],
  ["computeNIGroupAddr", `print(computeNIGroupAddr("www.example.com"))`],
  ["fletcher16_checksum", `print(fletcher16_checksum(b"\\x01\\x02\\x03\\x04\\x05"))`],
  ["fletcher16_checkbytes", `print(fletcher16_checkbytes(b"\\x01\\x02\\x03\\x04\\x05\\x00\\x07\\x08", 6))`],
  ["hexdiff", `hexdiff(IP(src="10.0.0.1", dst="10.0.0.2", id=7)/Raw(b"hello"), IP(src="10.0.0.1", dst="10.0.0.3", id=7)/Raw(b"hellO"))`],
  ["hexdump", `hexdump(IP(src="10.0.0.1", dst="10.0.0.2", id=7)/UDP(sport=1234, dport=9)/Raw(b"hello world"))`],
  ["hexstr", `print(hexstr(b"hello\\x00world"), hexstr(b"abc", onlyasc=1), hexstr(b"abc", onlyhex=1))`],
  ["linehexdump", `linehexdump(IP(src="10.0.0.1", dst="10.0.0.2", id=7)/ICMP())`],
  ["import_hexcap", `print(import_hexcap("0000  45 00 00 1c 00 01 00 00 40 11 f9 be 0a 00 00 01  E.......@.......\\n0010  0a 00 00 02 04 d2 00 09 00 08 00 00              ............"))`],
  ["IPID_count", `x = IPID_count([(IP(src="10.0.0.1", dst="10.0.0.2", id=i), IP(src="10.0.0.2", dst="10.0.0.1", id=i)) for i in [1, 2, 3, 40000, 40001]])`],
  ["fragment", `print([f.summary() for f in fragment(IP(src="10.0.0.1", dst="10.0.0.2", id=5)/ICMP()/("x"*3000), 1480)])`],
  ["defragment", `print(defragment(fragment(IP(src="10.0.0.1", dst="10.0.0.2", id=5)/ICMP()/("x"*3000), 1480))[0].summary())`],
  ["defrag", `print([len(x) for x in defrag(fragment(IP(src="10.0.0.1", dst="10.0.0.2", id=5)/ICMP()/("x"*3000), 1480) + [IP(src="10.0.0.1", dst="10.0.0.2")/ICMP()])])`],
  ["overlap_frag", `print([bytes(f).hex() for f in overlap_frag(IP(src="10.0.0.1", dst="10.0.0.2", id=5)/ICMP()/("x"*40), ICMP()/("y"*16))])`],
  ["bind_layers", `bind_layers(UDP, SNMP, dport=7777); print(IP(bytes(IP(src="10.0.0.1", dst="10.0.0.2")/UDP(sport=1, dport=7777)/SNMP())).summary())`],
  ["split_layers", `split_layers(UDP, SNMP, dport=7777); print(IP(bytes(IP(src="10.0.0.1", dst="10.0.0.2")/UDP(sport=1, dport=7777)/SNMP())).summary())`],
  ["wrpcap", `wrpcap(DIR + "/w.pcap", [IP(src="10.0.0.1", dst="10.0.0.2")/UDP(), IP(src="10.0.0.1", dst="10.0.0.2")/ICMP()])`],
  ["rdpcap", `print(rdpcap(DIR + "/w.pcap"), rdpcap(DIR + "/w.pcap")[1].summary())`],
  ["wrpcapng", `wrpcapng(DIR + "/w.pcapng", [Ether(src="00:11:22:33:44:55", dst="66:77:88:99:aa:bb")/IP(src="10.0.0.1", dst="10.0.0.2")/UDP()]); print(rdpcap(DIR + "/w.pcapng")[0].summary())`],
  ["corrupt_bits", `print(sum(bin(a ^ b).count("1") for a, b in zip(corrupt_bits(b"\\x00" * 64, n=5), b"\\x00" * 64)))`],
  ["corrupt_bytes", `print(1 <= sum(1 for a, b in zip(corrupt_bytes(b"\\x00" * 64, n=5), b"\\x00" * 64) if a != b) <= 5)`],
  ["fuzz", `print(repr(fuzz(TCP())), len([1 for i in range(20) if bytes(fuzz(UDP(dport=53))) != bytes(fuzz(UDP(dport=53)))]) > 15)`],
  ["ls", `ls(UDP)`],
  ["rfc", `rfc(UDP, legend=False)`],
];

/** Commands called in-process here (the lab's, and the ones whose output is not Scapy's to compare). */
const CALLED = new Set<string>();
const called = (...names: string[]) => names.forEach((n) => CALLED.add(n));

test("every command lsc() lists has a case in this file", () => {
  const listed = String(lsc({ dump: true }))
    .split("\n")
    .map((l) => l.split(/\s+:/)[0]!.trim())
    .filter(Boolean);
  assert.ok(listed.length >= 69, `lsc() lists ${listed.length} commands`);
  const source = new Set([...OFFLINE.map(([n]) => n), ...LIVE_CASES, ...LOCAL_CASES]);
  assert.deepEqual(listed.filter((n) => !source.has(n)), []);
});

/** The names the live and local describe blocks below call (kept in step with them by the test above and their CALLED checks). */
const LIVE_CASES = [
  "arping", "arpcachepoison", "arp_mitm", "arpleak", "etherleak", "is_promisc", "promiscping", "bridge_and_sniff", "traceroute", "traceroute6", "traceroute_map",
  "dhcp_request", "dhcp_discover", "dyndns_add", "dyndns_del", "fragleak", "fragleak2", "report_ports", "getmacbyip", "getmacbyip6", "neighsol",
  "send", "sendp", "sendpfast", "sniff", "tshark", "sr", "sr1", "srp", "srp1", "srloop", "srploop", "srflood", "srpflood", "sr1flood", "srp1flood",
];
const LOCAL_CASES = ["explore", "rderf", "wrerf", "tcpdump", "tdecode", "wireshark", "hexedit", "restart", "lsc"];

describe("the offline commands print what Scapy prints", () => {
  test(OFFLINE.map(([n]) => n).join(", "), async () => {
    const script = [`DIR = ${JSON.stringify(dir)}`, ...OFFLINE.map(([name, code]) => `print("== ${name}")\n${code}`)].join("\n");
    const file = join(dir, "offline.py");
    writeFileSync(file, script + "\n");
    const theirs = execFileSync("unshare", ["-n", "/usr/bin/python3", "-c", `from scapy.all import *\nexec(open(${JSON.stringify(file)}).read())`], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], timeout: 120_000 });
    const ours = await packetry([file]);
    assert.equal(ours.stderr, "");
    const sections = (text: string) => new Map(text.split(/^== /m).slice(1).map((s) => [s.slice(0, s.indexOf("\n")), s.slice(s.indexOf("\n") + 1).replace(/[ ]+$/gm, "")]));
    const a = sections(theirs);
    const b = sections(ours.stdout);
    for (const [name] of OFFLINE) assert.equal(b.get(name), a.get(name), `${name}: packetry's output differs from Scapy's`);
  });
});

describe("the lab's commands, against its kernel, dnsmasq and nginx", { skip: labSkip }, () => {
  const serverMac = () => macOf(LAB.serverNs, LAB.serverIface);
  const clientMac = () => macOf(LAB.clientNs, LAB.iface);

  test("arping finds the server, as Scapy's arping in the same lab", async () => {
    called("arping");
    const [ans, unans] = await arping("10.77.0.0/29", { timeout: 2 });
    assert.equal(ans.length, 1);
    assert.equal(unans.length, 7);
    const shown = String(ans.show({ dump: true }));
    assert.equal(shown, `  ${serverMac()} unknown ${LAB.server}`);
    assert.equal(scapyInLab(`a, u = arping("10.77.0.0/29", timeout=2)\na.show()`).trimEnd(), shown);
  });

  test("is_promisc and promiscping: the server's bridge is promiscuous (it answers a fake broadcast), as Scapy finds", async () => {
    called("is_promisc", "promiscping");
    assert.equal(await isPromisc(LAB.server, { timeout: 2 }), true);
    assert.equal(scapyInLab(`print(is_promisc(${JSON.stringify(LAB.server)}))`).trim(), "True");
    const [ans] = await promiscping("10.77.0.0/30", { timeout: 2 });
    assert.deepEqual([...ans].map(([, r]) => r.getLayer("ARP")!.getFieldValue("psrc")), [LAB.server]);
  });

  test("arpcachepoison puts our MAC in the server's ARP cache for an address; arp_mitm lies, then tells the truth", async () => {
    called("arpcachepoison", "arp_mitm");
    const entry = () => inServer("ip", "neigh", "show", LAB.silent, "dev", LAB.serverIface);
    // Linux ignores a second answer for an address within locktime (1 s) of the first: the truth would come too soon.
    const locktime = `net.ipv4.neigh.${LAB.serverIface}.locktime`;
    const before = inServer("sysctl", "-n", locktime).trim();
    inServer("sysctl", "-qw", `${locktime}=0`);
    try {
      assert.equal(await arpcachepoison(LAB.server, LAB.silent, { count: 1, verbose: 0 }), 1);
      await waitFor(() => entry().includes(clientMac()));
      assert.match(entry(), new RegExp(`lladdr ${clientMac()}`));
      const fake = "02:00:00:00:99:99";
      assert.equal(await arpMitm(LAB.server, LAB.silent, { mac2: fake, count: 1, inter: 0, verbose: 0 }), 1);
      await waitFor(() => entry().includes(fake));
      assert.match(entry(), new RegExp(`lladdr ${fake}`));
    } finally {
      inServer("ip", "neigh", "flush", "to", LAB.silent);
      inServer("sysctl", "-qw", `${locktime}=${before}`);
    }
  });

  test("etherleak and arpleak: the server answers the ARP probe and ignores the malformed one", async () => {
    called("etherleak", "arpleak");
    const [ans] = await etherleak(LAB.server, { timeout: 1, verbose: 0 });
    assert.equal(ans.length, 1);
    assert.equal(ans[0]![1].getLayer("ARP")!.getFieldValue("psrc"), LAB.server);
    const [leakAns, leakUnans] = await arpleak(LAB.server, { timeout: 1, verbose: 0 });
    assert.equal(leakAns.length + leakUnans.length, 1);
  });

  test("bridge_and_sniff forwards a frame between two veths and keeps it", async () => {
    called("bridge_and_sniff");
    const ip = (...args: string[]) => execFileSync("ip", ["-n", LAB.clientNs, ...args]);
    ip("link", "add", "tbxa0", "type", "veth", "peer", "name", "tbxa1");
    ip("link", "add", "tbxb0", "type", "veth", "peer", "name", "tbxb1");
    try {
      for (const l of ["tbxa0", "tbxa1", "tbxb0", "tbxb1"]) ip("link", "set", l, "up");
      const frame = Ether({ src: "02:00:00:00:0a:01", dst: "02:00:00:00:0b:01" }).div(IP({ src: "10.99.0.1", dst: "10.99.0.2" })).div(UDP({ sport: 1, dport: 2 })).div("across");
      const out = new AsyncSniffer({ iface: "tbxb0", filter: "udp port 2", count: 1, timeout: 10 });
      out.start();
      const ours = (p: { getLayer(c: typeof UDP): { dport: number } | null }) => p.getLayer(UDP)?.dport === 2;
      const bridged = bridgeAndSniff("tbxa1", "tbxb1", { stopFilter: ours, timeout: 10 });
      await new Promise((r) => setTimeout(r, 300));
      await sendp(frame, { iface: "tbxa0", verbose: 0 });
      const kept = await bridged;
      const seen = await out.join();
      assert.equal(kept.filter(ours).length, 1);
      assert.equal(seen.length, 1);
      assert.equal(new TextDecoder().decode(seen[0]!.getLayer("Raw")!.getFieldValue("load") as Uint8Array), "across");
    } finally {
      ip("link", "del", "tbxa0");
      ip("link", "del", "tbxb0");
    }
  });

  test("traceroute, traceroute6 and traceroute_map: the server answers at every TTL, Scapy's table", async () => {
    called("traceroute", "traceroute6", "traceroute_map");
    const [res] = await traceroute(LAB.server, { maxttl: 3, timeout: 2, verbose: 0 });
    const table = String(res.show({ dump: true }));
    assert.equal(table.replace(/[ ]+$/gm, ""), scapyInLab(`r, u = traceroute(${JSON.stringify(LAB.server)}, maxttl=3, timeout=2)\nr.show()`).replace(/[ ]+$/gm, "").trimEnd());
    assert.deepEqual([...res.getTrace().get(LAB.server)!], [[1, [LAB.server, true]]]);
    const [res6] = await traceroute6(LAB.server6, { maxttl: 2, timeout: 2, verbose: 0 });
    assert.equal(res6.length, 2);
    assert.equal(String(res6.show({ dump: true })).replace(/[ ]+$/gm, ""), scapyInLab(`r, u = traceroute6(${JSON.stringify(LAB.server6)}, maxttl=2, timeout=2)\nr.show()`).replace(/[ ]+$/gm, "").trimEnd());
    const graph = await tracerouteMap([LAB.server], { maxttl: 2, timeout: 2, verbose: 0 });
    assert.match(readFileSync(graph, "utf8"), new RegExp(`<svg[^]*${LAB.server.replaceAll(".", "\\.")}`));
    rmSync(graph, { force: true });
  });

  test("dhcp_request and dhcp_discover get dnsmasq's offer", async () => {
    called("dhcp_request", "dhcp_discover");
    const before = conf.checkIPaddr;
    conf.checkIPaddr = false;
    try {
      for (const fn of [dhcpRequest, dhcpDiscover]) {
        const offer = await fn({ iface: LAB.dhcpIface, timeout: 3, verbose: 0 });
        assert.ok(offer, `${fn.name}: an answer`);
        assert.equal(offer.summary(), "Ether / IP / UDP / BOOTP / DHCP Offer");
        assert.equal(offer.getLayer(IP)!.src, LAB.server);
      }
    } finally {
      conf.checkIPaddr = before;
    }
  });

  test("dyndns_add and dyndns_del: dnsmasq does not take updates, so no answer (-1), as Scapy's dyndns_add", async () => {
    called("dyndns_add", "dyndns_del");
    const sniffer = new AsyncSniffer({ iface: LAB.iface, filter: `udp port 53 and dst host ${LAB.server}`, count: 2, timeout: 15 });
    sniffer.start();
    assert.equal(await dyndnsAdd(LAB.server, "foo.lab.test", "10.77.0.50", { timeout: 1 }), -1);
    assert.equal(await dyndnsDel(LAB.server, "foo.lab.test", { timeout: 1 }), -1);
    const sent = await sniffer.join();
    assert.deepEqual(sent.map((p) => [p.getLayer("DNS")!.getFieldValue("opcode"), p.getLayer("DNS")!.getFieldValue("nscount")]), [[5, 1], [5, 1]]);
    assert.equal(scapyInLab(`print(dyndns_add(${JSON.stringify(LAB.server)}, "foo.lab.test", "10.77.0.50"))`).trim(), "-1");
  });

  test("fragleak and fragleak2: the server's reassembly timeout answers a first fragment with an ICMP error quoting it", async () => {
    called("fragleak", "fragleak2");
    const before = inServer("sysctl", "-n", "net.ipv4.ipfrag_time").trim();
    inServer("sysctl", "-qw", "net.ipv4.ipfrag_time=1");
    try {
      let out = "";
      out = await captureStdout(async () => {
        const a = await fragleak(LAB.server, { count: 1, timeout: 4 });
        assert.equal(a.length, 1);
        assert.deepEqual([a[0]!.getLayer(ICMP)!.type, a[0]!.getLayer(ICMP)!.code], [11, 1]);
        const b = await fragleak2(LAB.server, { count: 1, timeout: 4 });
        assert.equal(b.length, 1);
        assert.equal(b[0]!.getLayer("IPerror")!.getFieldValue("proto"), 200);
      });
      assert.equal(typeof out, "string");
    } finally {
      inServer("sysctl", "-qw", `net.ipv4.ipfrag_time=${before}`);
    }
  });

  test("report_ports: nginx's port open, ssh's closed, Scapy's LaTeX table", async () => {
    called("report_ports");
    const ours = await reportPorts(LAB.server, [22, 80], { timeout: 2, verbose: 0 });
    assert.equal(ours, scapyInLab(`print(report_ports(${JSON.stringify(LAB.server)}, [22, 80]), end="")`));
    assert.match(ours, /http & open & SA/);
  });

  test("getmacbyip, getmacbyip6 and neighsol give the server's MAC", async () => {
    called("getmacbyip", "getmacbyip6", "neighsol");
    assert.equal(await getmacbyip(LAB.server), serverMac());
    assert.equal(await getmacbyip6(LAB.server6), serverMac());
    const na = await neighsol(LAB.server6, LAB.client6, LAB.iface, { timeout: 2 });
    assert.ok(na);
    assert.equal(na.summary(), `Ether / IPv6 / ICMPv6ND_NA / ICMPv6 Neighbor Discovery Option - Destination Link-Layer Address ${serverMac()}`);
  });

  test("send, sendp, sendpfast, sniff and tshark: what is sent is seen on the wire", async () => {
    called("send", "sendp", "sendpfast", "sniff", "tshark");
    const sniffed = sniff({ iface: LAB.iface, filter: `icmp[icmptype] = icmp-echo and dst host ${LAB.server}`, count: 7, timeout: 20 });
    await new Promise((r) => setTimeout(r, 300));
    await send(ping(), { verbose: 0 });
    await sendp(Ether({ dst: serverMac() }).div(ping()), { iface: LAB.iface, verbose: 0 });
    await sendpfast(Ether({ dst: serverMac() }).div(ping()), { iface: LAB.iface, pps: 100, loop: 5 });
    assert.equal((await sniffed).length, 7);
    const printed = await captureStdout(async () => {
      const t = tshark({ iface: LAB.iface, filter: "icmp", count: 2, timeout: 20 });
      await new Promise((r) => setTimeout(r, 300));
      await send(ping(), { verbose: 0 });
      await t;
    });
    assert.match(printed, new RegExp(`^Capturing on '${LAB.iface}'\\n    0\\tEther / IP / ICMP ${LAB.client} > ${LAB.server} echo-request 0\\n    1\\tEther / IP / ICMP ${LAB.server} > ${LAB.client} echo-reply 0\\n\\n2 packets captured\\n$`));
  });

  test("sr, sr1, srp, srp1, srloop, srploop and the floods get the server's echo replies", async () => {
    called("sr", "sr1", "srp", "srp1", "srloop", "srploop", "srflood", "srpflood", "sr1flood", "srp1flood");
    const eth = () => Ether({ dst: serverMac() }).div(ping());
    const isReply = (p: { getLayer(c: typeof ICMP): { type: number } | null } | undefined) => p?.getLayer(ICMP)?.type === 0;
    assert.equal((await sr(ping(), { timeout: 2, verbose: 0 }))[0].length, 1);
    assert.ok(isReply(await sr1(ping(), { timeout: 2, verbose: 0 })));
    assert.equal((await srp(eth(), { iface: LAB.iface, timeout: 2, verbose: 0 }))[0].length, 1);
    assert.ok(isReply(await srp1(eth(), { iface: LAB.iface, timeout: 2, verbose: 0 })));
    const marks = await captureStdout(async () => {
      assert.equal((await srloop(ping(), { count: 2, inter: 0.1, timeout: 1, verbose: 1 }))[0].length, 2);
    });
    assert.equal(marks, "**\nSent 2 packets, received 2 packets. 100.0% hits.\n");
    assert.equal((await srploop(eth(), { iface: LAB.iface, count: 2, inter: 0.1, timeout: 1, verbose: 0 }))[0].length, 2);
    const [fans, funans] = await srflood(ping(), { timeout: 0.5, verbose: 0 });
    assert.ok(fans.length > 0 && funans.length <= fans.length, `srflood: ${fans.length} answered, ${funans.length} not`);
    assert.ok((await srpflood(eth(), { iface: LAB.iface, timeout: 0.5, verbose: 0 }))[0].length > 0);
    assert.ok(isReply(await sr1flood(ping(), { timeout: 0.5, verbose: 0 })));
    assert.ok(isReply(await srp1flood(eth(), { iface: LAB.iface, timeout: 0.5, verbose: 0 })));
  });

  test("every lab command above was called", () => {
    assert.deepEqual(LIVE_CASES.filter((n) => !CALLED.has(n)), []);
  });
});

describe("the commands that hand packets to programs, read files or restart", () => {
  test("explore lists a module's layers; wrerf/rderf round trip; lsc", () => {
    called("explore", "wrerf", "rderf", "lsc");
    assert.match(String(explore("dns", { dump: true })), /DNS/);
    const file = join(dir, "x.erf");
    const frame = Ether({ src: "00:11:22:33:44:55", dst: "66:77:88:99:aa:bb" }).div(IP({ src: "10.0.0.1", dst: "10.0.0.2" })).div(UDP({ sport: 1234, dport: 9 }));
    wrerf(file, [frame]);
    assert.equal(rderf(file)[0]!.summary(), frame.summary());
    assert.match(String(lsc({ dump: true })), /^arping\s+: Send ARP who-has requests/m);
  });

  test("tcpdump and tdecode run the programs on the packets; wireshark without a display writes a capture", async () => {
    called("tcpdump", "tdecode", "wireshark");
    const pkts = [IP({ src: "10.0.0.1", dst: "10.0.0.2" }).div(UDP({ sport: 1234, dport: 9 }))];
    assert.match(String(await tcpdump(pkts, { dump: true, quiet: true, args: ["-n"] })), /10\.0\.0\.1\.1234 > 10\.0\.0\.2\.9: UDP/);
    assert.match(String(await tdecode(pkts, { dump: true, quiet: true })), /User Datagram Protocol, Src Port: 1234, Dst Port: 9/);
    const display = [process.env.DISPLAY, process.env.WAYLAND_DISPLAY];
    delete process.env.DISPLAY;
    delete process.env.WAYLAND_DISPLAY;
    try {
      const path = String(await wireshark(pkts));
      assert.ok(existsSync(path));
      rmSync(path, { force: true });
    } finally {
      if (display[0] !== undefined) process.env.DISPLAY = display[0];
      if (display[1] !== undefined) process.env.WAYLAND_DISPLAY = display[1];
    }
  });

  test("hexedit runs $EDITOR on the capture and reads back what it changed", () => {
    called("hexedit");
    const editor = join(dir, "edit.sh");
    // Changes the last payload byte of the one packet (the last byte of the file).
    writeFileSync(editor, `#!/bin/sh\nprintf 'Z' | dd of="$1" bs=1 seek=$(($(stat -c %s "$1") - 1)) conv=notrunc 2>/dev/null\n`);
    chmodSync(editor, 0o755);
    const edited = hexedit([IP({ src: "10.0.0.1", dst: "10.0.0.2" }).div(UDP({ sport: 1, dport: 2 })).div("abcd")], { prog: editor });
    assert.equal(edited.length, 1);
    assert.equal(new TextDecoder().decode(edited[0]!.getLayer("Raw")!.getFieldValue("load") as Uint8Array), "abcZ");
  });

  test("restart runs packetry again with the same arguments", async () => {
    called("restart");
    const mark = join(dir, "restarted");
    const script = join(dir, "restart.py");
    writeFileSync(script, `import os\nif os.path.exists(${JSON.stringify(mark)}):\n    print("second run")\nelse:\n    wrpcap(${JSON.stringify(mark)}, [])\n    print("first run")\n    restart()\n`);
    const r = await packetry([script]);
    assert.equal(r.stdout, "first run\nsecond run\n");
    assert.equal(r.code, 0);
  });

  test("every command above was called", () => {
    assert.deepEqual(LOCAL_CASES.filter((n) => !CALLED.has(n)), []);
  });
});
