// The machines, TCP_client, and Automaton and AnsweringMachine subclasses in Python's class
// syntax from the shell, in Scapy's syntax, over in-memory sockets (the same calls against real
// clients are in test/automata/live-*.test.ts).
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { packetry } from "../shell/run.ts";

const discover = `Ether(src="02:00:00:00:0a:01", dst="ff:ff:ff:ff:ff:ff")/IP(src="0.0.0.0", dst="255.255.255.255")/UDP(sport=68, dport=67)/BOOTP(chaddr=b"\\x02\\x00\\x00\\x00\\x0a\\x01", xid=5)/DHCP(options=[("message-type", "discover"), "end"])`;

describe("machines in the shell", () => {
  test("DHCP_am with Scapy's keywords, on a socket, in the background", async () => {
    const r = await packetry(["-c", `a, b = PipeSocket.pair()
am = a.am(DHCP_am, pool=Net("10.77.9.0/29"), network="10.77.9.0/24", gw="10.77.9.1", renewal_time=30, verbose=False)
bg = am.bg(count=1)
b.send(${discover})
bg.join()
r = b.recv(timeout=2)
print(r[BOOTP].yiaddr, r[DHCP].options[0], am.leases)
am.stats`]);
    assert.equal(r.stderr, "");
    assert.equal(r.stdout, "10.77.9.2 ['message-type', 2] {'02:00:00:00:0a:01': '10.77.9.2'}\n{'received': 1, 'requests': 1, 'replies': 1, 'failures': 0}\n");
  });

  test("farpd(IP_addr=..., ARP_addr=...) prints Scapy's line for each answer", async () => {
    const r = await packetry(["-c", `a, b = PipeSocket.pair()
b.send(Ether(src="02:00:00:00:00:02", dst="ff:ff:ff:ff:ff:ff")/ARP(psrc="10.0.0.2", hwsrc="02:00:00:00:00:02", pdst="10.0.0.5"))
farpd(IP_addr="10.0.0.5", ARP_addr="02:00:00:00:00:01", iface="veth9", opened_socket=a, socket=a, count=1)
b.recv(timeout=2).summary()`]);
    assert.equal(r.stderr, "");
    assert.equal(r.stdout, "Ether / ARP who has 10.0.0.5 says 10.0.0.2 ==> Ether / ARP is at 02:00:00:00:00:01 says 10.0.0.5 on veth9\nEther / ARP is at 02:00:00:00:00:01 says 10.0.0.5\n");
  });

  test("a wrong keyword is Scapy's TypeError; Net prints as Scapy's", async () => {
    const r = await packetry(["-c", `dhcpd(pol=Net("10.77.0.0/28"))`]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /TypeError: dhcpd\(\) got an unexpected keyword argument 'pol'/);
    const n = await packetry(["-c", `n = Net("10.77.0.0/28")
print(n, len(n), "10.77.0.3" in n, "10.77.1.3" in n)
n`]);
    assert.equal(n.stdout, '10.77.0.0 16 True False\nNet("10.77.0.0/28")\n');
  });

  test("an Automaton subclass in Scapy's class syntax: states, conditions, a timeout and its action, parse_args keywords", async () => {
    const r = await packetry(["-c", `class Countdown(Automaton):
    def parse_args(self, n=3, **kargs):
        Automaton.parse_args(self, **kargs)
        self.n = n
        self.ticks = []

    @ATMT.state(initial=1)
    def BEGIN(self):
        pass

    @ATMT.condition(BEGIN)
    def more(self):
        if self.n > 0:
            raise self.WAIT()

    @ATMT.condition(BEGIN, prio=1)
    def done(self):
        raise self.END(len(self.ticks))

    @ATMT.state()
    def WAIT(self):
        pass

    @ATMT.timeout(WAIT, 0.05)
    def tick(self):
        self.n -= 1
        raise self.BEGIN()

    @ATMT.action(tick)
    def count(self):
        self.ticks.append(self.n)

    @ATMT.state(final=1)
    def END(self, count):
        return "%d ticks" % count

a, b = PipeSocket.pair()
c = Countdown(n=3, ll=a)
print(c.run(), c.ticks, sorted(Countdown.definition().states))
g = Countdown.build_graph()
print('"BEGIN" -> "WAIT" [label="more"' in g, '"BEGIN" -> "END" [label="done"' in g, '"WAIT" -> "BEGIN"' in g and ">[count]" in g)
Countdown(n=0, ll=a).run()`]);
    assert.equal(r.stderr, "");
    assert.equal(r.stdout, "3 ticks [2, 1, 0] ['BEGIN', 'END', 'WAIT']\nTrue True True\n0 ticks\n");
  });

  test("a receive condition, its action's parameters and send(), over a pipe", async () => {
    const r = await packetry(["-c", `class Echo(Automaton):
    @ATMT.state(initial=1)
    def WAIT(self):
        pass

    @ATMT.receive_condition(WAIT)
    def got(self, pkt):
        if Raw in pkt:
            raise self.DONE(pkt[Raw].load).action_parameters(pkt[Raw].load)

    @ATMT.action(got)
    def answer(self, load):
        self.send(IP(dst="10.0.0.2")/UDP(sport=7, dport=4000)/(b"echo " + load))

    @ATMT.state(final=1)
    def DONE(self, load):
        return load

a, b = PipeSocket.pair()
b.send(IP(dst="10.0.0.1")/UDP(sport=4000, dport=7))
b.send(IP(dst="10.0.0.1")/UDP(sport=4000, dport=7)/b"hello")
print(Echo(ll=a, recvsock=a).run())
b.recv(timeout=2)[Raw].load`]);
    assert.equal(r.stderr, "");
    assert.equal(r.stdout, "b'hello'\nb'echo hello'\n");
  });

  test("an AnsweringMachine subclass: class attributes, parse_options' parameters as its options, Scapy's hooks", async () => {
    const r = await packetry(["-c", `class Shout(AnsweringMachine):
    function_name = "shoutd"
    def parse_options(self, suffix="!"):
        self.suffix = suffix
    def is_request(self, req):
        return UDP in req and req[UDP].dport == 7
    def make_reply(self, req):
        return IP(dst=req[IP].src)/UDP(sport=7, dport=req[UDP].sport)/(b"<" + req[Raw].load + self.suffix.encode())

a, b = PipeSocket.pair()
am = b.am(Shout, suffix="?")
run = am.bg(count=2, verbose=False)
a.send(IP(src="10.0.0.2", dst="10.0.0.1")/UDP(sport=4000, dport=9)/"no")
a.send(IP(src="10.0.0.2", dst="10.0.0.1")/UDP(sport=4000, dport=7)/"hi")
run.join()
print(a.recv(timeout=2)[Raw].load, am.stats["requests"], Shout.options)
Shout(sufix="x")`]);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, "b'<hi?' 1 ['suffix']\n");
    assert.match(r.stderr, /TypeError: shoutd\(\) got an unexpected keyword argument 'sufix'/);
  });
});
