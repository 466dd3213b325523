// The machines and TCP_client from the shell, in Scapy's syntax, over in-memory sockets (the
// same calls against the lab's real clients are in test/automata/lab.test.ts).
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
});
