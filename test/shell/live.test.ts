/**
 * The workshop's network snippets, typed into the shell in the lab's client namespace (lab/): the
 * slides' text with the lab's names put in — eth0 is cli0 (cli1, which has no address, for
 * DHCP), 8.8.8.8 and 172.16.206.2 are the lab's server 10.77.0.1 (its DNS and gateway),
 * www.brucon.org is www.lab.test, `hw` is cli1's own MAC (as the slide asks) and the DHCP
 * request asks for the address just offered. Skipped, with the reason, without root or the lab.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import { nativeAvailable } from "../../src/index.ts";
import { findLab } from "../../src/lab/names.ts";
import { packetry } from "./run.ts";

const lab = findLab(new URL("../..", import.meta.url).pathname.replace(/\/$/, ""));
const CLIENT = lab?.clientNs ?? "pkt-client-(none)";
const SERVER = lab?.serverNs ?? "pkt-server-(none)";

function why(): string | false {
  if (process.platform !== "linux") return "live tests need Linux";
  if (process.getuid?.() !== 0) return "live tests need root (network namespaces, raw sockets)";
  if (!nativeAvailable()) return "the libpcap addon is not built (apt-get install libpcap-dev; npm rebuild)";
  if (!lab || !existsSync(`/run/netns/${CLIENT}`)) return "the lab is down (run: sudo npx packetry lab up, or sudo lab/up.sh)";
  return false;
}
const skip = why();
if (skip) console.log(`# skipping the shell's live tests: ${skip}`);

function macOf(ns: string, iface: string): string {
  return (JSON.parse(execFileSync("ip", ["-n", ns, "-j", "link", "show", iface], { encoding: "utf8" })) as Array<{ address: string }>)[0]!.address;
}

/** The slide's text with the lab's names. */
function inLab(slide: string): string {
  return slide
    .replace(/"eth0"/g, '"cli0"')
    .replace(/8\.8\.8\.8|172\.16\.206\.2(?!\d)/g, "10.77.0.1")
    .replace(/www\.brucon\.org/g, "www.lab.test");
}

/** Types the text into the shell in the client namespace. */
function shell(text: string) {
  return packetry([], { input: text + "\n", netns: CLIENT, timeout: 30000 });
}

describe("the workshop in the lab", { skip }, () => {
  test("Enough, let's sling packets: sr1 of an ICMP echo, fling.show() or fling.summary()", async () => {
    const r = await shell(
      inLab(`ip = IP(dst="8.8.8.8")
ping = ICMP()
packet = ip/ping
fling = sr1(packet)
fling.show() or fling.summary()`),
    );
    assert.equal(r.stderr, "");
    assert.match(r.stdout, /^Begin emission\nFinished sending 1 packets\n\*\nReceived 1 packets, got 1 answers, remaining 0 packets\n/);
    assert.match(r.stdout, /^###\[ ICMP \]###\n {5}type {6}= echo-reply$/m);
    assert.match(r.stdout, /\n'IP \/ ICMP 10\.77\.0\.1 > 10\.77\.0\.2 echo-reply 0'\n$/);
  });

  test("ARP Solution: srp of a who-has, the MAC from each answer, Python 2's print", async () => {
    const r = await shell(
      inLab(`e = Ether()
e.dst="ff:ff:ff:ff:ff:ff"
e.type=0x806
a = ARP()
a.hwtype=0x1
a.op="who-has"
a.hwsrc="00:0c:29:be:e4:6d"
a.hwdst="00:00:00:00:00:00"
a.pdst="172.16.206.2"
packet = e/a

ans,unans = srp(packet, iface="eth0")
for snd,rcv in ans:
    macaddy = rcv.sprintf(r"%Ether.src%")

print "MAC address for: " + a.pdst + "is " + macaddy`),
    );
    assert.equal(r.stderr, "");
    assert.match(r.stdout, new RegExp(`\\nMAC address for: 10\\.77\\.0\\.1is ${macOf(SERVER, "br0")}\\n$`));
  });

  test("DNS Solution: sr1 of a query to the lab's dnsmasq, x.display()", async () => {
    const r = await shell(
      inLab(`i = IP(dst="8.8.8.8")
u = UDP()
d = DNS(rd=1,qd=DNSQR(qname="www.brucon.org"))

packet = i/u/d

x = sr1(packet)
x.display()
x[DNS].an[0].rdata`),
    );
    assert.equal(r.stderr, "");
    assert.match(r.stdout, /^ {8}rcode {5}= ok$/m);
    assert.match(r.stdout, /^ {9}\| {2}qname {5}= b'www\.lab\.test\.'$/m);
    assert.match(r.stdout, /\n'10\.77\.0\.1'\n$/);
  });

  test("DHCP Discover then DHCP Request: an offer, then an ack for the offered address", async () => {
    const hw = macOf(CLIENT, "cli1");
    const r = await shell(`conf.checkIPaddr = False
hw="${hw}"
e = Ether(dst="ff:ff:ff:ff:ff:ff")
i = IP(src="0.0.0.0",dst="255.255.255.255")
u = UDP(sport=68,dport=67)
b = BOOTP(chaddr=hw,xid=31337)
d = DHCP(options=[("message-type","discover"),"end"])
packet = e/i/u/b/d
srp(packet, iface="cli1", timeout=3)
ans, unans = _
offered = ans[0][1][BOOTP].yiaddr
ans[0][1].summary()
d = DHCP(options=[("message-type","request"),IPField("requested_addr",offered),"end"])
packet = e/i/u/b/d
srp(packet, iface="cli1")
ack = _[0][0][1]
ack.summary(), ack[BOOTP].yiaddr == offered, ack[DHCP].options[0]`);
    assert.equal(r.stderr, "");
    const echoes = r.stdout.split("\n").filter((l) => /^[('[]/.test(l));
    assert.deepEqual(echoes.slice(0, 3), [
      "(<Results: TCP:0 UDP:1 ICMP:0 Other:0>, <Unanswered: TCP:0 UDP:0 ICMP:0 Other:0>)",
      "'Ether / IP / UDP / BOOTP / DHCP Offer'",
      "(<Results: TCP:0 UDP:1 ICMP:0 Other:0>, <Unanswered: TCP:0 UDP:0 ICMP:0 Other:0>)",
    ]);
    assert.match(echoes[3] ?? "", /^\('Ether \/ IP \/ UDP \/ BOOTP \/ DHCP Ack', True, \['message-type', 5\]\)$/);
  });

  test("a capture left running does not keep the shell alive, as Scapy's daemon threads do not", async () => {
    const started = Date.now();
    const r = await shell('t = AsyncSniffer(iface="cli0")\nt.start()\nprint("started")');
    assert.equal(r.stderr, "");
    assert.equal(r.code, 0);
    assert.match(r.stdout, /started\n$/);
    assert.ok(Date.now() - started < 15000);
  });

  describe("HTTP Solution: a handshake by hand, then GET", () => {
    // The slide's iptables rule: the client's kernel must not reset the connection it did not open.
    const rule = ["OUTPUT", "-p", "tcp", "-d", "10.77.0.1", "--dport", "80", "--tcp-flags", "RST", "RST", "-j", "DROP"];
    const iptables = (...args: string[]) => execFileSync("ip", ["netns", "exec", CLIENT, "iptables", ...args], { stdio: "ignore" });
    let noIptables: string | false = false;
    before(() => {
      try {
        iptables("-A", ...rule);
      } catch {
        noIptables = "iptables is not installed (apt-get install iptables)";
      }
    });
    after(() => {
      if (!noIptables) iptables("-D", ...rule);
    });

    test("sr1 of the SYN, then of the request, reply.display()", async (t) => {
      if (noIptables) return t.skip(noIptables);
      const r = await shell(
        inLab(`conf.verb = 0
i = IP(dst="www.brucon.org")
t = TCP(sport=2203, dport=80, flags='S')
syn_packet = i/t

syn_ack = sr1(syn_packet)

i = IP(dst="www.brucon.org")
t = TCP(dport=80, sport=syn_ack[TCP].dport, \\ seq=syn_ack[TCP].ack,
ack=syn_ack[TCP].seq + 1, flags='A')
request = i/t/"GET / HTTP/1.1\\r\\nHost: www.brucon.org\\r\\n\\r\\n"
reply = sr1(request)

reply.display()
syn_ack.summary(), reply.summary(), reply[TCP].ack - request[TCP].seq == len(request[Raw].load)
send(IP(dst="www.lab.test")/TCP(sport=2203, dport=80, flags="R", seq=reply[TCP].ack))`),
      );
      assert.equal(r.stderr, "");
      assert.match(r.stdout, /^###\[ TCP \]###\n {5}sport {5}= http\n {5}dport {5}= 2203$/m);
      assert.match(r.stdout, /\n\('IP \/ TCP 10\.77\.0\.1:http > 10\.77\.0\.2:2203 SA', 'IP \/ TCP 10\.77\.0\.1:http > 10\.77\.0\.2:2203 (A|PA \/ Raw)', True\)\n$/);
    });
  });
});
